"""Write outputs whole or not at all: into a temporary file beside the target, renamed on success."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from landscapes.errors import UserError


def read_text(path: Path, what: str, newline: str | None = None) -> str:
    """The UTF-8 text of `path`, or a `UserError` calling it `what` ("data file") when it is missing or
    unreadable. `newline=""` keeps line ends as written, as `csv` wants."""
    try:
        with path.open(encoding="utf-8", newline=newline) as stream:
            return stream.read()
    except FileNotFoundError:
        raise UserError(f"{what} {str(path)!r} not found") from None
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or error
        raise UserError(f"cannot read {what} {str(path)!r}: {reason}") from None


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; move it onto `target` only if the block succeeds.

    On any failure (an exception, Ctrl-C) the temporary file is removed and whatever was at
    `target` before is left untouched.
    """
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=f".part{target.suffix}", dir=target.parent
    )
    os.close(handle)
    temp = Path(temp_name)
    try:
        yield temp
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def check_writable(target: Path) -> None:
    """Raise a `UserError` now, before any work, if `target` could not be written."""
    if target.is_dir():
        raise UserError(f"cannot write {str(target)!r}: it is a folder")
    if target.exists() and not target.is_file():
        raise UserError(
            f"cannot write {str(target)!r}: it is not a regular file (a device or a pipe), "
            "and outputs replace the file they are written to"
        )
    folder = target.parent
    if not folder.is_dir():
        raise UserError(f"cannot write {str(target)!r}: folder {str(folder)!r} does not exist")
    if not os.access(folder, os.W_OK):
        raise UserError(f"cannot write {str(target)!r}: folder {str(folder)!r} is not writable")


def make_folder(folder: Path) -> None:
    """Create `folder` (and its parents) if missing; a `UserError` if it cannot be a writable folder."""
    if folder.exists() and not folder.is_dir():
        raise UserError(f"cannot write into {str(folder)!r}: it is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"cannot create folder {str(folder)!r}: {error.strerror or error}") from error
    if not os.access(folder, os.W_OK):
        raise UserError(f"cannot write into folder {str(folder)!r}: it is not writable")


def write_text(target: Path, write: Callable[[TextIO], None]) -> None:
    """Call `write(stream)` into a temporary file, then move it onto `target` whole."""
    with atomic_output(target) as temp, temp.open("w", newline="") as stream:
        write(stream)
