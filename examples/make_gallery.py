"""Regenerate the README's gallery, every picture made by `landscapes` itself from the files in examples/.

    python examples/make_gallery.py            # writes examples/gallery/
    python examples/make_gallery.py FOLDER     # or somewhere else

`GALLERY` below is the one list of what is rendered: each picture's file name and the command line
that makes it (run from the repository's root, with `-o` added); README.md shows them with captions.
Renders run two at a time.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Picture:
    """One gallery file: `landscapes COMMAND -o NAME`; for `signals`, which writes a folder, `pick` names
    the file of that folder to keep."""

    name: str
    command: str
    pick: str | None = None

    @property
    def args(self) -> list[str]:
        return shlex.split(self.command)


GALLERY = (
    Picture("wobbly.gif", "render examples/article/wobbly.toml --size 640x360"),
    Picture(
        "wobbly-grid.gif", "render examples/article/wobbly.toml --layout grid --loss-panel --size 800x450"
    ),
    Picture(
        "basins-and-walls-3d.gif", "render examples/article/basins-and-walls.toml --view 3d --size 640x360"
    ),
    Picture("rosenbrock-modern.gif", "render examples/rosenbrock-modern.toml --size 640x360"),
    Picture(
        "noisy-wobbly-dark.gif", "render examples/noisy-wobbly.toml --theme dark --tail 20 --size 640x360"
    ),
    Picture("bad-init-basins.png", "basins examples/article/bad-init.toml --grid 120 --size 960x540"),
    Picture("himmelblau-grid.png", "render examples/himmelblau-grid.toml --size 960x540"),
    Picture("bowl-expression.png", "render examples/bowl-expression.toml --size 960x540"),
    Picture(
        "ring-plugin.png",
        "render --plugin examples/plugin_example.py --surface ring -O sign-momentum -O 'adam(lr=0.05)' "
        "--steps 150 --size 960x540",
    ),
    Picture("responses-rectangles.png", "signals -s rectangles", pick="overview-rectangles.png"),
    Picture("network-moons.gif", "network examples/network-moons.toml --size 640x360"),
    Picture(
        "network-xor.png",
        "network --data xor:300 --model mlp:8 --activation relu -O 'adam(lr=0.05)' -O 'sgd(lr=0.5)' "
        "-O 'rmsprop(lr=0.01)' --batch 32 --steps 300 --plane endpoints --distance --size 960x540",
    ),
    Picture(
        "wobbly-inside.gif",
        "render wobbly -O 'momentum(lr=0.01, momentum=0.9)' -O 'adam(lr=0.1)' --steps 80 "
        "--show gradient,velocity,scale --size 640x360",
    ),
    Picture(
        "himmelblau-17.gif",
        "render --surface himmelblau --start 0.5,-0.5 --steps 60 --size 800x450 -O sgd -O momentum "
        "-O nesterov -O 'adagrad(lr=0.5)' -O 'rmsprop(lr=0.05)' -O 'adadelta(lr=10)' -O 'adam(lr=0.1)' "
        "-O 'adamax(lr=0.1)' -O 'amsgrad(lr=0.1)' -O nag -O smoothed-nesterov -O newton -O 'lion(lr=0.05)' "
        "-O 'nadam(lr=0.05)' -O 'radam(lr=0.05)' -O 'adabelief(lr=0.1)' -O 'adamw(lr=0.1)'",
    ),
    Picture("ring-valley.png", "render examples/ring-valley.toml --size 960x540"),
    Picture(
        "wobbly-3d-grid-dark.gif",
        "render examples/article/wobbly.toml --view 3d --layout grid --loss-panel --theme dark "
        "--size 800x450",
    ),
    Picture("bad-init-portrait.gif", "render examples/article/bad-init.toml --size 450x800"),
    Picture("three-surfaces.gif", "render examples/three-surfaces.toml --size 800x450"),
    Picture(
        "rosenbrock-quasi-newton.png",
        "render --surface rosenbrock -O bfgs -O lbfgs -O 'adam(lr=cosine(0.1, 300))' "
        "-O 'momentum(lr=0.0005, clip_norm=10)' --start -1.5,2 --steps 300 --show linesearch --field stream "
        "--size 960x540",
    ),
    Picture(
        "expression-attractors.png",
        "basins --surface 'sin(2*x)*cos(2*y) + (x**2+y**2)/8' -O nesterov -O adagrad -O 'adam(lr=0.25)' "
        "-O 'rmsprop(lr=0.25)' --grid 150 --size 960x540",
    ),
)


def make(picture: Picture, folder: Path) -> Path:
    """Run the picture's command and put its file into `folder`.

    It runs in a scratch folder that sees examples/ as the root does, with `-o NAME`: the manifest in
    the file records the command as the README gives it, so the gallery is made again byte for byte.
    """
    target = folder / picture.name
    with tempfile.TemporaryDirectory(prefix="gallery-") as scratch:
        (Path(scratch) / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
        output = picture.name if picture.pick is None else "out"
        command = [sys.executable, "-m", "landscapes", *picture.args, "-o", output]
        result = subprocess.run(command, cwd=scratch, capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"{picture.name}: landscapes {picture.command} failed: {result.stderr.strip()}")
        made = Path(scratch) / output
        shutil.move(made if picture.pick is None else made / picture.pick, target)
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
