"""Plugins are code and run only from an explicit --plugin; a scene file is data and never runs code.

Every case has an `evil.py` beside it that would leave a marker file if it ever ran; the one case
that names it with --plugin shows the marker works.
"""

from pathlib import Path

import pytest

EVIL = """
from pathlib import Path
Path(__file__).with_name("marker").write_text("evil.py ran")
"""
BASE = 'optimizers = ["adam"]\nsteps = 3\n'
SCENES = {
    "plugin key": f'surface = "wobbly"\n{BASE}plugin = "evil.py"\n',
    "plugins list": f'surface = "wobbly"\n{BASE}plugins = ["evil.py"]\n',
    "plugin table": f'surface = "wobbly"\n{BASE}[plugin]\npath = "evil.py"\n',
    "import in the surface": "surface = \"__import__('evil')\"\n" + BASE,
    "exec in the surface": "surface = \"exec(open('evil.py').read())\"\n" + BASE,
    "surface named after the file": f'surface = "evil"\n{BASE}',
    "surface named as a path": f'surface = "evil.py"\n{BASE}',
    "optimizer named after the file": 'surface = "wobbly"\noptimizers = ["evil"]\n',
    "optimizer from a module": 'surface = "wobbly"\noptimizers = ["evil:adam"]\n',
    "optax attribute": 'surface = "wobbly"\noptimizers = ["optax:__class__"]\n',
    "optimizer table with code": (
        'surface = "wobbly"\noptimizers = [{ name = "adam", lr = "__import__(\'evil\')" }]\n'
    ),
}


def folder_with_evil(tmp_path: Path, scene: str | None = None) -> Path:
    (tmp_path / "evil.py").write_text(EVIL)
    if scene is not None:
        (tmp_path / "scene.toml").write_text(scene)
    return tmp_path


@pytest.mark.parametrize("case", sorted(SCENES))
def test_a_scene_file_never_runs_code(cli, tmp_path, case):
    folder = folder_with_evil(tmp_path, SCENES[case])
    result = cli("trajectories", "scene.toml", "-o", "out.csv", cwd=folder)
    assert result.exit_code == 2, result.stderr
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert not (folder / "marker").exists()
    assert sorted(path.name for path in folder.iterdir()) == ["evil.py", "scene.toml"]


def test_an_expression_on_the_command_line_never_runs_code(cli, tmp_path):
    folder = folder_with_evil(tmp_path)
    result = cli("trajectories", "--surface", "__import__('evil')", "-o", "out.csv", cwd=folder)
    assert result.exit_code == 2
    assert not (folder / "marker").exists()


def test_only_an_explicit_plugin_runs(cli, tmp_path):
    folder = folder_with_evil(tmp_path)
    result = cli("list", "surfaces", "--plugin", "evil.py", cwd=folder)
    assert result.exit_code == 0, result.stderr
    assert (folder / "marker").read_text() == "evil.py ran"
