"""Regenerate the README's gallery, every picture made by `landscapes` itself from the files in examples/.

    python examples/make_gallery.py            # writes examples/gallery/
    python examples/make_gallery.py FOLDER     # or somewhere else

`GALLERY` below is the one list of what is rendered: each picture's file name and the command line
that makes it (run from the repository's root, with `-o` added). Renders run two at a time.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GIF = ("--size", "640x360")
STILL = ("--size", "960x540")


@dataclass(frozen=True)
class Picture:
    """One gallery file: `landscapes ARGS -o NAME`; for `signals`, which writes a folder, `pick` names
    the file of that folder to keep."""

    name: str
    args: tuple[str, ...]
    caption: str
    pick: str | None = None


GALLERY = (
    Picture(
        "wobbly.gif",
        ("render", "examples/article/wobbly.toml", *GIF),
        "The default scene: five methods on the article's wobbly bowl.",
    ),
    Picture(
        "nesterov-momenta.gif",
        ("render", "examples/article/nesterov-momenta.toml", *GIF),
        "Nesterov with momentum 0.25, 0.9 and 0.975.",
    ),
    Picture(
        "rosenbrock-modern.gif",
        ("render", "examples/rosenbrock-modern.toml", *GIF),
        "optax's Lion, AdaBelief and RAdam next to NAG and damped Newton in Rosenbrock's valley.",
    ),
    Picture(
        "noisy-wobbly.gif",
        ("render", "examples/noisy-wobbly.toml", *GIF),
        "Noisy gradients (σ = 0.5): momentum averages the noise away, SGD jitters.",
    ),
    Picture(
        "himmelblau-grid.png",
        ("render", "examples/himmelblau-grid.toml", *STILL),
        "Sixteen starts on a grid: which of Himmelblau's minima does each find?",
    ),
    Picture(
        "bowl-expression.png",
        ("render", "examples/bowl-expression.toml", *STILL),
        "A surface typed as an expression, with colours chosen in the scene file.",
    ),
    Picture(
        "ring-plugin.png",
        (
            "render", "--plugin", "examples/plugin_example.py", "--surface", "ring",
            "-O", "sign-momentum", "-O", "adam(lr=0.05)", "--steps", "150", *STILL,
        ),  # fmt: skip
        "A plugin's surface and home-made optimizer (examples/plugin_example.py).",
    ),
    Picture(
        "responses-rectangles.png",
        ("signals", "-s", "rectangles"),
        "The 1D update-response study: nine methods answering a square-wave gradient.",
        pick="overview-rectangles.png",
    ),
)


def make(picture: Picture, folder: Path) -> Path:
    """Run the picture's command and put its file into `folder`."""
    target = folder / picture.name
    with tempfile.TemporaryDirectory(prefix="gallery-") as scratch:
        output = Path(scratch) / (picture.name if picture.pick is None else "out")
        command = [sys.executable, "-m", "landscapes", *picture.args, "-o", str(output)]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"{picture.name}: {' '.join(command[2:])} failed: {result.stderr.strip()}")
        shutil.move(output if picture.pick is None else output / picture.pick, target)
    return target


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=2) as pool:
        made = list(pool.map(lambda picture: make(picture, folder), GALLERY))
    for path in made:
        print(f"{path.stat().st_size / 1024:7.0f} KiB  {path}")
    print(f"{sum(path.stat().st_size for path in made) / 1024:7.0f} KiB  in all")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "examples" / "gallery")
