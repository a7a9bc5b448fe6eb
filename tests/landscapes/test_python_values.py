"""The Python API takes Python values and answers in Python's words; a scene file in its own keys.

Each case is one of the mistakes issue 11 lists, with the message the caller now gets.
"""

import pytest

import landscapes
from landscapes.scenes.file import load_scene_file
from landscapes.values import OPTIONS, finite_number, named_as, whole_number


def test_a_string_where_a_list_is_expected_is_one_item():
    assert [spec.name for spec in landscapes.scene(optimizers="adam").optimizers] == ["adam"]
    assert len(landscapes.scene(starts="grid:4").starts) == 4
    assert landscapes.scene(starts=(1.0, 2.0)).starts == ((1.0, 2.0),)
    assert landscapes.scene(starts=[(1, 2), "random:2"]).starts[0] == (1.0, 2.0)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"steps": 10.5}, "steps must be a whole number, got 10.5"),
        ({"steps": "10"}, "steps must be a whole number, got '10'"),
        ({"steps": True}, "steps must be a whole number, got True"),
        ({"steps": 0}, "steps must be at least 1, got 0"),
        ({"frames": 2.0}, "frames must be a whole number, got 2.0"),
        ({"fps": "5"}, "fps must be a finite number, got '5'"),
        ({"noise": -1}, "noise must be a finite number ≥ 0, got -1"),
        ({"seed": -1}, "seed must be between 0 and 4294967295, got -1"),
        ({"size": (10, 10)}, "size must be at least 64x64 pixels, got 10x10"),
        ({"xlim": (2, -2)}, "bad xlim (2, -2); the first number must be smaller than the second"),
        ({"starts": [1.0]}, "bad starts item 1.0; expected (x, y) points or 'random:N' / 'grid:N'"),
        ({"optimizers": [3]}, "bad optimizers item 3; expected SPEC strings like 'adam(lr=0.1)'"),
    ],
)
def test_python_mistakes_are_user_errors_in_python_words(arguments, message):
    with pytest.raises(landscapes.UserError) as caught:
        landscapes.scene(**arguments)
    assert str(caught.value) == message


def test_render_refuses_a_size_the_command_line_refuses(tmp_path):
    paths = landscapes.run(landscapes.scene(optimizers="sgd", steps=2))
    with pytest.raises(landscapes.UserError, match=r"^size must be at least 64x64 pixels, got 10x10$"):
        landscapes.render(paths, tmp_path / "x.png", size=(10, 10))
    assert list(tmp_path.iterdir()) == []


def test_render_options_name_their_fields():
    with pytest.raises(landscapes.UserError, match=r"^unknown theme 'sepia'; use one of light, dark$"):
        landscapes.RenderOptions(theme="sepia")
    with named_as(OPTIONS), pytest.raises(landscapes.UserError, match=r"^unknown --theme 'sepia'"):
        landscapes.RenderOptions(theme="sepia")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("xlim = [2, -2]", "bad 'xlim' [2, -2]; the first number must be smaller than the second"),
        ("noise = -1", "'noise' must be a finite number ≥ 0, got -1"),
        ("steps = 0", "'steps' must be at least 1, got 0"),
        ("size = [10, 10]", "'size' must be at least 64x64 pixels, got 10x10"),
        ("fps = 0", "'fps' must be between 0.01 and 1000, got 0"),
    ],
)
def test_scene_file_mistakes_name_the_file_and_key(tmp_path, line, message):
    path = tmp_path / "scene.toml"
    path.write_text(f'surface = "wobbly"\noptimizers = ["adam"]\n{line}\n')
    with pytest.raises(landscapes.UserError) as caught:
        load_scene_file(path)
    assert str(caught.value) == f"{path}: {message}"


def test_one_rule_three_namings():
    with pytest.raises(landscapes.UserError, match=r"^steps must be at least 1, got 0$"):
        whole_number(0, "steps", at_least=1)
    with named_as(OPTIONS), pytest.raises(landscapes.UserError, match=r"^--gif-width must be at least 1"):
        whole_number(0, "gif_width", at_least=1)
    assert finite_number(2, "noise", at_least=0) == 2.0 and isinstance(finite_number(2, "noise"), float)
    with pytest.raises(landscapes.UserError, match=r"^noise must be a finite number, got nan$"):
        finite_number(float("nan"), "noise")


def test_scenes_and_trajectories_print_one_short_line_and_a_table_in_notebooks():
    chosen = landscapes.scene(optimizers=["adam", "sgd(lr=0.1)@plain"], starts="grid:4", steps=3)
    assert repr(chosen) == "<Scene 'wobbly': wobbly, adam, sgd(lr=0.1), 4 starts, 3 steps>"
    paths = landscapes.run(chosen)
    assert repr(paths) == "<Trajectories of 'wobbly': 2 optimizers × 4 starts × 4 points (adam, plain)>"
    table = paths._repr_html_()
    assert len(table) < 2000 and table.count("<tr>") == 3
    assert f"{paths.losses[1, :, -1].mean():.6g}" in table
    assert "<td>steps</td><td>3</td>" in chosen._repr_html_()
