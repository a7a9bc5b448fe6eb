"""The README's table of errors, row by row, through the command line's own entry (`run(argv)`).

The rows are read from README.md's "## Errors" section, so the table and the tests cannot drift:
each row's command runs in this process, in a fresh folder holding the files the row describes,
with the environment the row sets, and must exit with
the row's status and print exactly one line on standard error that contains the row's text, in
order. Rows that describe a signal rather than a command are run by tests/test_nothing_lost.py.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

README = Path(__file__).parents[1] / "README.md"
SECTION = "## Errors"


@dataclass(frozen=True)
class Row:
    """One row of the table: what the user does, the pieces of the line they see, the exit status."""

    given: str
    command: str | None
    described: tuple[str, ...]
    expected: tuple[str, ...]
    status: int


def _spans(cell: str) -> list[str]:
    return re.findall(r"`([^`]*)`", cell)


def readme_rows() -> list[Row]:
    """Every row of the table under "## Errors" in README.md."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index(SECTION) :]
    section = re.split(r"\n## ", section[len(SECTION) :])[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[2].isdigit():
            continue
        given, seen, status = cells
        spans = _spans(given)
        is_command = given.startswith("`")
        rows.append(
            Row(
                given=given,
                command=spans[0] if is_command else None,
                described=tuple(spans[1:]) if is_command else (),
                expected=tuple(_spans(seen)),
                status=int(status),
            )
        )
    return rows


def _text_file(content: str):
    return content, lambda path: path.write_text(content, encoding="utf-8")


# The files the rows' commands read; each row's `where NAME …` text must describe the file's content.
FIXTURES = {
    "pipe.csv": ("a named pipe", os.mkfifo),
    "binary.toml": ("ff fe", lambda path: path.write_bytes(b"\xff\xfe")),
    "folder.toml": ("a folder", Path.mkdir),
    "broken.toml": _text_file('surface = "wobbly"\noptimizers = ["adam"\n'),
    "typo.toml": _text_file('surface = "wobbly"\noptimizers = ["adam"]\nstpes = 10\n'),
    "wrongtype.toml": _text_file('surface = "wobbly"\noptimizers = ["adam"]\nsteps = "many"\n'),
    "evil.toml": _text_file('surface = "wobbly"\noptimizers = ["adam"]\nplugin = "evil.py"\n'),
    "junk.txt": _text_file("value\n1\n2\nthree\n"),
}
SIGNAL_ROWS = {
    "ffmpeg is killed while `landscapes render` runs",
    "Ctrl-C (SIGINT) while `landscapes render` runs",
    "SIGTERM while `landscapes render` runs",
}
ROWS = readme_rows()
COMMAND_ROWS = [row for row in ROWS if row.command is not None]


def _fixtures_of(row: Row) -> list[str]:
    return [name for name in FIXTURES if re.search(rf"\bwhere {re.escape(name)}\b", row.given)]


def _run(cli, row: Row, folder: Path):
    """Run the row's command in `folder` after making the files it names there."""
    folder.mkdir()
    for name in _fixtures_of(row):
        FIXTURES[name][1](folder / name)
    words = shlex.split(row.command)
    env = {}
    while "=" in words[0]:
        key, _, value = words.pop(0).partition("=")
        env[key] = value
    assert words[0] == "landscapes"
    return cli(*words[1:], cwd=folder, env=env)


def test_the_table_is_there_and_covers_the_issues_cases():
    assert len(ROWS) >= 40
    commands = " ".join(row.command for row in COMMAND_ROWS)
    needles = (
        "--surface rosenbrok", "adam(lr=0.1'", "--xlim 2,-2", "--steps 0", "--fps 0", "--size 0x720", "x.avi",
        "nothere.toml", "broken.toml", "typo.toml", "nothere.txt", "--steps 1000000000", "50000x50000",
        "grid:10000000000",
    )  # fmt: skip
    for needle in needles:
        assert needle in commands, needle
    assert {row.given for row in ROWS if row.command is None} == SIGNAL_ROWS
    assert {row.status for row in ROWS} == {1, 2, 130, 143}


@pytest.mark.parametrize("row", COMMAND_ROWS, ids=lambda row: row.command)
def test_each_row_exits_with_its_status_and_one_line(cli, tmp_path, row):
    folder = tmp_path / "row"
    result = _run(cli, row, folder)
    assert result.exit_code == row.status, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    position = 0
    for piece in row.expected:
        found = lines[0].find(piece, position)
        assert found >= 0, f"{piece!r} not in {lines[0]!r} (after position {position})"
        position = found + len(piece)
    # Nothing is written: the folder holds only the files the row made.
    assert sorted(path.name for path in folder.iterdir()) == sorted(_fixtures_of(row))


@pytest.mark.parametrize("row", [row for row in COMMAND_ROWS if row.described], ids=lambda row: row.command)
def test_each_rows_files_are_what_the_readme_says(row):
    names = _fixtures_of(row)
    assert names, row.given
    for description in row.described:
        assert any(description in FIXTURES[name][0] for name in names), description
