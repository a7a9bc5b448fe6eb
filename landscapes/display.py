"""How results show in a notebook: one short line for `repr`, a small HTML table for Jupyter."""

from __future__ import annotations

import html
from collections.abc import Sequence


def html_table(caption: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """An HTML table with a caption, a header row and one row per item, every cell escaped."""

    def cells(tag: str, values: Sequence[object]) -> str:
        return "".join(f"<{tag}>{html.escape(str(value))}</{tag}>" for value in values)

    body = "".join(f"<tr>{cells('td', row)}</tr>" for row in rows)
    return (
        f"<table><caption>{html.escape(caption)}</caption>"
        f"<thead><tr>{cells('th', header)}</tr></thead><tbody>{body}</tbody></table>"
    )


def listed(names: Sequence[str], most: int = 4) -> str:
    """`a, b, c, d and 3 more`: the first few names, and how many are left out."""
    if len(names) <= most + 1:
        return ", ".join(names)
    return f"{', '.join(names[:most])} and {len(names) - most} more"


def counted(count: int, noun: str) -> str:
    """`1 start`, `2 starts`."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
