"""Find the manifest a file carries: one extractor per file format, chosen by the file's suffix.

PNG: a text chunk; GIF: a comment extension; MP4 and WebM: the container's comment tag; WebP: a
chunk of its own; SVG: its Dublin Core description; PDF: its document information's Subject; HTML
(the player page): a script element of its own; CSV: the JSON file beside it (`w.csv.json`), since a
CSV stays plain CSV; JSON: the manifest itself. Another format registers with `register_extractor`.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from landscapes.errors import UserError, WorkError
from landscapes.manifest import containers
from landscapes.manifest.build import FORMAT, FORMAT_VERSION

# A file's manifest text, or None when the file carries none.
Extractor = Callable[[Path], str | None]
PNG_KEYWORD = "landscapes"
PAGE_MANIFEST = re.compile(r'<script type="application/json" id="landscapes-manifest">(.*?)</script>', re.S)


def beside(path: Path) -> Path:
    """Where the JSON manifest of `path` goes: `w.csv` → `w.csv.json`."""
    return path.with_name(f"{path.name}.json")


def from_json(path: Path) -> str | None:
    return path.read_text(encoding="utf-8")


def from_beside(path: Path) -> str | None:
    """A CSV's manifest is the JSON file beside it; a CSV without one carries none."""
    companion = beside(path)
    if not path.is_file():
        raise FileNotFoundError(2, "No such file or directory", str(path))
    return companion.read_text(encoding="utf-8") if companion.is_file() else None


def from_png(path: Path) -> str | None:
    return containers.png_text(path.read_bytes()).get(PNG_KEYWORD)


def from_gif(path: Path) -> str | None:
    return next(
        (text for text in containers.gif_comments(path.read_bytes()) if _looks_like_manifest(text)), None
    )


def from_svg(path: Path) -> str | None:
    return containers.svg_description(path.read_bytes())


def from_pdf(path: Path) -> str | None:
    return containers.pdf_subject(path.read_bytes())


def from_page(path: Path) -> str | None:
    """The player page's manifest: the JSON in its `landscapes-manifest` script element."""
    found = PAGE_MANIFEST.search(path.read_text(encoding="utf-8"))
    return found.group(1) if found and found.group(1).strip() != "null" else None


def from_webp(path: Path) -> str | None:
    return containers.webp_manifest(path.read_bytes())


def from_video(path: Path) -> str | None:
    """The comment tag of an MP4 or WebM, read by the bundled ffmpeg as ffmetadata."""
    import imageio_ffmpeg

    if not path.is_file():
        raise FileNotFoundError(2, "No such file or directory", str(path))
    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-i", str(path)]
    try:
        result = subprocess.run(
            [*command, "-f", "ffmetadata", "-"],
            capture_output=True,
            close_fds=True,
            start_new_session=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise WorkError(f"cannot read the tags of {str(path)!r} with ffmpeg: {error}") from None
    if result.returncode != 0:
        return None
    tags = containers.ffmetadata_tags(result.stdout.decode("utf-8", "replace"))
    return next(
        (value for key, value in tags if key.lower() == "comment" and _looks_like_manifest(value)), None
    )


EXTRACTORS: dict[str, Extractor] = {
    ".json": from_json,
    ".csv": from_beside,
    ".png": from_png,
    ".gif": from_gif,
    ".mp4": from_video,
    ".webm": from_video,
    ".webp": from_webp,
    ".html": from_page,
    ".svg": from_svg,
    ".pdf": from_pdf,
}


def register_extractor(suffix: str, extractor: Extractor) -> None:
    """Teach `read_manifest` a file format: `extractor(path)` returns the manifest's JSON text or None."""
    EXTRACTORS[suffix.lower()] = extractor


def read_manifest(path: str | Path) -> dict[str, Any]:
    """The manifest that `path` carries, checked to be one this version can read; else a `UserError`."""
    path = Path(path)
    suffix = path.suffix.lower()
    extractor = EXTRACTORS.get(suffix)
    if extractor is None:
        known = ", ".join(sorted(EXTRACTORS))
        raise UserError(f"cannot read a manifest from {str(path)!r}: use a file landscapes wrote ({known})")
    try:
        text = extractor(path)
    except FileNotFoundError:
        raise UserError(f"{str(path)!r} not found") from None
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or error
        raise UserError(f"cannot read {str(path)!r}: {reason}") from None
    if text is None:
        hint = f" and no {beside(path).name} beside it" if suffix == ".csv" else ""
        raise UserError(f"{str(path)!r} carries no landscapes manifest{hint}")
    return parse_manifest(text, str(path))


def parse_manifest(text: str, where: str) -> dict[str, Any]:
    """The manifest in JSON `text`, or a `UserError` saying why it is not one this version reads."""
    try:
        manifest = json.loads(text, parse_constant=_refuse_constant)
    except (json.JSONDecodeError, ValueError) as error:
        raise UserError(f"{where}: not a landscapes manifest (bad JSON: {error})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise UserError(f'{where}: not a landscapes manifest (no "format": "{FORMAT}")')
    version = manifest.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise UserError(f"{where}: the manifest's version must be a whole number ≥ 1, got {version!r}")
    if version > FORMAT_VERSION:
        raise UserError(
            f"{where} was written by a newer landscapes (manifest format {version}; this one reads up "
            f"to {FORMAT_VERSION}): upgrade landscapes to render it"
        )
    return manifest


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


def _looks_like_manifest(text: str) -> bool:
    return f'"format":"{FORMAT}"' in text.replace(" ", "")
