"""A scene file's `[view]` table as `RenderOptions`, in Python as on the command line."""

from pathlib import Path

import pytest

from animator.options import RenderOptions
from landscapes.errors import UserError

RING_VALLEY = Path(__file__).parents[2] / "examples" / "ring-valley.toml"


def test_a_scene_files_view_table_gives_its_render_options():
    options = RenderOptions.from_scene_file(RING_VALLEY)
    assert options.levels == "log" and options.title == "A ring-shaped valley"
    assert options.layout == RenderOptions().layout  # what the table leaves out keeps its default
    changed = RenderOptions.from_scene_file(RING_VALLEY, title="Mine", theme="dark")
    assert (changed.title, changed.theme, changed.levels) == ("Mine", "dark", "log")


def test_a_file_without_a_view_table_gives_the_defaults_and_a_bad_one_names_file_and_key(tmp_path):
    plain = tmp_path / "plain.toml"
    plain.write_text('surface = "rosenbrock"\n')
    assert RenderOptions.from_scene_file(plain) == RenderOptions()
    bad = tmp_path / "bad.toml"
    bad.write_text('surface = "rosenbrock"\n\n[view]\ntheme = "sepia"\n')
    with pytest.raises(UserError, match=r"bad\.toml: \[view\] unknown 'theme' 'sepia'"):
        RenderOptions.from_scene_file(bad)
