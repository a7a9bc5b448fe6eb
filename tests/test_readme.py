"""The README as a user reads it: its set-up commands, its Python example (run as written) and its gallery."""

import re
import subprocess
import sys
from pathlib import Path

import matplotlib.image

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SET_UP = (
    "```bash\n"
    "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && "
    ".venv/bin/landscapes render -o wobbly.mp4\n"
    "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest\n"
    "```\n"
)


def blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", README, flags=re.DOTALL | re.MULTILINE)


def test_the_set_up_commands_come_first_and_unchanged():
    assert README.index("```") == README.index(SET_UP)


def test_python_blocks_run_as_written(tmp_path):
    python = blocks("python")
    assert python, "the README should show the Python API"
    script = tmp_path / "readme_blocks.py"
    script.write_text("\n\n".join(python), encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    result = subprocess.run([sys.executable, str(script)], cwd=work, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "fork" not in result.stderr
    written = {path.name for path in work.iterdir()}
    assert written == {"rosenbrock.png", "crate.gif"}, "the example writes what it says, nothing else"
    assert matplotlib.image.imread(work / "rosenbrock.png").shape[:2] == (720, 1280)
    assert (work / "crate.gif").read_bytes().startswith(b"GIF89a")


def test_gallery_shows_every_picture_the_script_makes():
    sys.path.insert(0, str(ROOT / "examples"))
    try:
        from make_gallery import GALLERY
    finally:
        sys.path.remove(str(ROOT / "examples"))
    shown = re.findall(r"!\[[^\]]*\]\(examples/gallery/([^)]+)\)", README)
    assert sorted(shown) == sorted(picture.name for picture in GALLERY)
    assert "python examples/make_gallery.py" in README
    sizes = [(ROOT / "examples" / "gallery" / name).stat().st_size for name in shown]
    assert max(sizes) < 1_000_000 and sum(sizes) < 5_000_000


def test_speed_numbers_are_pointed_to():
    assert "benchmarks/README.md" in README
