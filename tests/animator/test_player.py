"""The player page in a real browser: Debian's headless Chromium opens it from a file:// URL, offline.

Driven by Playwright's Python package with the system's Chromium (nothing is downloaded). Every
request that is not file:// or data: is refused and recorded; the page must make none. Pictures are
compared with the PNG still of the same step, drawn by the same figure code.
"""

import csv
import dataclasses
import io
import os
import re
import shutil

import numpy as np
import pytest
from matplotlib.lines import Line2D
from PIL import Image, ImageDraw
from playwright.sync_api import expect

import landscapes
from animator.figure import StepCounter, draw_scene
from animator.legend import LegendValues
from animator.notebook import Rendering
from animator.options import RenderOptions
from animator.paths import PathArtists
from landscapes.engine.trajectory_csv import write_trajectories

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SIZE = (480, 270)
STEPS = 30


@pytest.fixture(scope="module")
def chromium_context(tmp_path_factory):
    """One headless Chromium for the module, with an empty profile and the network off."""
    if CHROMIUM is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed; .ci/run installs it with apt-get")
        pytest.skip("chromium is not installed (apt-get install chromium) for the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("profile")),
            executable_path=CHROMIUM,
            args=CHROMIUM_FLAGS,
            viewport={"width": 800, "height": 600},
            offline=True,
        )
        context.outside_requests = []

        def refuse(route):
            context.outside_requests.append(route.request.url)
            route.abort()

        context.route(lambda url: not url.startswith(("file:", "data:")), refuse)
        yield context
        context.close()


@pytest.fixture(scope="module")
def paths():
    return landscapes.run(landscapes.scene("wobbly", steps=STEPS, size=SIZE))


@pytest.fixture(scope="module")
def csv_rows(paths):
    """The trajectories CSV, as `landscapes trajectories` writes it: {(label, start, step): row}."""
    stream = io.StringIO()
    write_trajectories(paths, stream)
    stream.seek(0)
    return {(row["label"], int(row["start"]), int(row["step"])): row for row in csv.DictReader(stream)}


@pytest.fixture(scope="module")
def page_file(paths, tmp_path_factory):
    output = tmp_path_factory.mktemp("page") / "scene.html"
    landscapes.render(paths, output)
    return output


def first_two(paths):
    """The first two optimizers' paths, as if the scene had only them (a grid of two panels is quicker)."""
    scene = dataclasses.replace(paths.scene, optimizers=paths.scene.optimizers[:2])
    return dataclasses.replace(
        paths, scene=scene, labels=paths.labels[:2], legends=paths.legends[:2],
        positions=paths.positions[:2], losses=paths.losses[:2],
    )  # fmt: skip


def open_page(context, path):
    """`path` opened and ready; its console messages and page errors are collected in `page.messages`."""
    page = context.new_page()
    page.messages = []
    page.on("console", lambda message: page.messages.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: page.messages.append(f"error: {error}"))
    page.goto(path.as_uri())
    page.wait_for_selector("main[data-ready]")
    return page


@pytest.fixture
def page(chromium_context, page_file):
    """The default-look page of `paths`, opened and ready."""
    page = open_page(chromium_context, page_file)
    yield page
    page.close()
    assert chromium_context.outside_requests == []


def still(paths, step: int, options: RenderOptions | None = None, size: tuple[int, int] = SIZE):
    """The PNG still's pixels at `step` (RGB), and the figure they come from."""
    scene_figure = draw_scene(paths, size, options or RenderOptions())
    scene_figure.show(0, step + 1)
    scene_figure.canvas.draw()
    return np.asarray(scene_figure.canvas.buffer_rgba())[..., :3].astype(int), scene_figure


def stage_pixels(page) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(page.locator(".stage").screenshot())).convert("RGB")).astype(int)


def path_pixels(scene_figure, positions: np.ndarray) -> np.ndarray:
    """Figure pixels (from the top left) of data points on the surface panel."""
    ax = next(mover for mover in scene_figure.movers if isinstance(mover, PathArtists)).artists[0].axes
    x, y = ax.transData.transform(positions).T
    return np.stack([x, SIZE[1] - y], axis=-1)


def near_paths_mask(scene_figure, positions: np.ndarray, step: int, reach: float = 9) -> np.ndarray:
    """True within `reach` pixels of the paths `positions` (optimizers, starts, points, 2) up to `step`."""
    mask = Image.new("L", SIZE, 0)
    draw = ImageDraw.Draw(mask)
    for per_start in positions:
        for path in per_start:
            points = [tuple(p) for p in path_pixels(scene_figure, path[: step + 1])]
            if len(points) > 1:
                # PIL's wide lines can leave one-pixel seams along steep segments: narrower ones fill them.
                for width in (int(2 * reach), int(reach), 3):
                    draw.line(points, fill=255, width=width, joint="curve")
            for x, y in (points[0], points[-1]):
                draw.ellipse((x - reach, y - reach, x + reach, y + reach), fill=255)
    return np.asarray(mask) > 0


def moving_lines_mask(scene_figure, reach: float = 9) -> np.ndarray:
    """True within `reach` pixels of every line and marker the still's figure moves (paths, heads, losses)."""
    mask = Image.new("L", SIZE, 0)
    draw = ImageDraw.Draw(mask)
    for artist in scene_figure.artists:
        if isinstance(artist, Line2D) and len(artist.get_xydata()):
            x, y = artist.get_transform().transform(artist.get_xydata()).T
            # A loss line ends where its path diverged (NaN from there on): only its finite points.
            finite = np.isfinite(x) & np.isfinite(y)
            points = list(zip(x[finite], SIZE[1] - y[finite], strict=True))
            if not points:
                continue
            if len(points) > 1:
                # PIL's wide lines can leave one-pixel seams along steep segments: narrower ones fill them.
                for width in (int(2 * reach), int(reach), 3):
                    draw.line(points, fill=255, width=width, joint="curve")
            for x, y in (points[0], points[-1]):
                draw.ellipse((x - reach, y - reach, x + reach, y + reach), fill=255)
    return np.asarray(mask) > 0


def counter_mask(scene_figure) -> np.ndarray:
    """The step counter's box, widened for the browser's own monospace font."""
    counter = next(mover for mover in scene_figure.movers if isinstance(mover, StepCounter)).artists[0]
    box = counter.get_window_extent(scene_figure.canvas.get_renderer())
    mask = np.zeros(SIZE[::-1], bool)
    mask[
        max(0, int(SIZE[1] - box.y1) - 6) : int(SIZE[1] - box.y0) + 6,
        max(0, int(box.x0) - 30) : int(box.x1) + 30,
    ] = True
    return mask


def legend_values_mask(scene_figure) -> np.ndarray:
    """The legend's loss column: the player writes the same numbers there, but in the browser's font."""
    mask = np.zeros(SIZE[::-1], bool)
    renderer = scene_figure.canvas.get_renderer()
    for mover in scene_figure.movers:
        if isinstance(mover, LegendValues):
            for text in mover.artists:
                box = text.get_window_extent(renderer)
                mask[max(0, int(SIZE[1] - box.y1) - 2) : int(SIZE[1] - box.y0) + 2,
                     max(0, int(box.x0) - 2) : int(box.x1) + 2] = True  # fmt: skip
    return mask


def color_distance(pixels: np.ndarray, color: str) -> np.ndarray:
    rgb = np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)])
    return np.abs(pixels - rgb).max(axis=-1)


def player_data(page) -> dict:
    return page.eval_on_selector("#landscapes-data", "element => JSON.parse(element.textContent)")


def panel_mask(page) -> np.ndarray:
    """The surface panel's box, as the page places it."""
    left, top, width, height = player_data(page)["panels"][0]["box"]
    mask = np.zeros(SIZE[::-1], bool)
    mask[int(top) : int(top + height), int(left) : int(left + width)] = True
    return mask


def press(page, *keys: str) -> None:
    page.focus(".step")
    for key in keys:
        page.keyboard.press(key)


def test_page_opens_offline_with_no_console_message(page):
    assert page.messages == []
    natural = page.eval_on_selector(".background", "image => [image.naturalWidth, image.naturalHeight]")
    assert tuple(natural) == SIZE
    assert page.inner_text(".step-display").split() == ["step", str(STEPS), "/", str(STEPS)]


def test_slider_steps_and_hover_read_out_equal_the_csv(page, paths, csv_rows):
    step = 7
    press(page, "Home", *["ArrowRight"] * step)
    assert page.inner_text(".step-display").split() == ["step", str(step), "/", str(STEPS)]
    _, scene_figure = still(paths, step)
    shown = path_pixels(scene_figure, paths.positions[:, 0, : step + 1].reshape(-1, 2)).reshape(
        -1, step + 1, 2
    )
    # A path's point at `step` that lies clear of every other point shown, so the hover can only mean it.
    for optimizer in range(len(paths.labels)):
        target = shown[optimizer, step]
        others = np.delete(shown.reshape(-1, 2), optimizer * (step + 1) + step, axis=0)
        if np.hypot(*(others - target).T).min() > 4:
            break
    else:
        pytest.fail("no point stands clear of the others")
    stage = page.locator(".stage").bounding_box()
    page.mouse.move(stage["x"] + target[0], stage["y"] + target[1])
    fields = {name: page.inner_text(f".readout [data-field={name}]") for name in ("step", "x", "y", "loss")}
    row = csv_rows[(paths.labels[optimizer], 0, step)]
    assert page.inner_text(".readout .legend") == paths.legends[optimizer]
    assert fields == {
        "step": str(step),
        **{name: f"{float(row[name]):.6g}" for name in ("x", "y", "loss")},
    }
    assert page.is_visible(".tooltip")
    assert page.messages == []


@pytest.mark.parametrize("step", [0, STEPS])
def test_screenshot_matches_the_still_at_first_and_last_step(page, paths, step, tmp_path):
    press(page, "Home" if step == 0 else "End")
    shot = stage_pixels(page)
    expected, scene_figure = still(paths, step)
    if step == STEPS:  # the same pixels as the .png output itself
        written = landscapes.render(paths, tmp_path / "still.png")
        assert np.array_equal(np.asarray(Image.open(written).convert("RGB")), expected)
    assert shot.shape == expected.shape
    differs = np.abs(shot - expected).max(axis=-1) > 0
    near = near_paths_mask(scene_figure, paths.positions, step)
    background = ~near & ~counter_mask(scene_figure) & ~legend_values_mask(scene_figure)
    assert differs[near].any()
    assert not differs[background].any(), (
        f"background pixels differ at {np.argwhere(differs & background)[:5]}"
    )
    # Inside the surface panel each optimizer's colour lies along its own path as the CSV gives it.
    panel = panel_mask(page)
    for optimizer, color in enumerate(player_data(page)["optimizers"]):
        painted = (color_distance(shot, color["color"]) < 24) & panel
        own = near_paths_mask(scene_figure, paths.positions[optimizer : optimizer + 1], step)
        assert not (painted & ~own).any()
        if step > 0:
            assert painted.sum() > 30


def test_toggling_an_optimizer_removes_its_colour(page):
    press(page, "End")
    color = player_data(page)["optimizers"][2]["color"]
    panel = panel_mask(page)
    before = ((color_distance(stage_pixels(page), color) < 24) & panel).sum()
    page.click(".toggles button[data-optimizer='2']")
    assert page.get_attribute(".toggles button[data-optimizer='2']", "aria-pressed") == "false"
    after = ((color_distance(stage_pixels(page), color) < 24) & panel).sum()
    assert before > 30
    assert after == 0


def test_notebook_frame_runs_the_same_player(chromium_context, page_file):
    frame_html = Rendering(page_file.read_bytes(), "html", SIZE)._repr_html_()
    page = chromium_context.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.set_content(f"<!DOCTYPE html><html><body>{frame_html}</body></html>")
    player = page.frame_locator("iframe").locator("main[data-ready]")
    player.wait_for()
    assert player.locator(".step-display").inner_text().split() == ["step", str(STEPS), "/", str(STEPS)]
    assert messages == []
    page.close()


def test_space_plays_to_the_last_frame_and_stops_when_not_looping(page):
    press(page, "Home")
    page.select_option(".speed", "8")
    page.uncheck(".loop")
    press(page, " ")
    assert page.get_attribute(".play", "aria-label").startswith("Pause")
    # Waits on the page's own state (the page's security policy allows no eval, so not wait_for_function).
    expect(page.locator(".play")).to_have_attribute("aria-label", re.compile("^Play"), timeout=10_000)
    assert page.inner_text(".step-display").split() == ["step", str(STEPS), "/", str(STEPS)]
    assert page.messages == []


def test_grid_with_loss_panel_in_the_dark_matches_its_still(chromium_context, paths, tmp_path):
    paths = first_two(paths)
    options = RenderOptions(layout="grid", loss_panel=True, theme="dark")
    output = landscapes.render(paths, tmp_path / "grid.html", options=options)
    page = open_page(chromium_context, output)
    press(page, "End")
    shot = stage_pixels(page)
    expected, scene_figure = still(paths, STEPS, options)
    differs = np.abs(shot - expected).max(axis=-1) > 0
    moving = moving_lines_mask(scene_figure)
    assert differs[moving].sum() > 100
    background = ~moving & ~counter_mask(scene_figure) & ~legend_values_mask(scene_figure)
    assert not differs[background].any(), (
        f"background pixels differ at {np.argwhere(differs & background)[:5]}"
    )
    assert page.messages == []
    page.close()


def test_the_legend_writes_each_optimizers_current_loss_as_the_still_does(chromium_context, paths, tmp_path):
    """The loss column beside the legend (from 640×360 there is room for it), at a middle and the last
    step: in each value's box the player's text covers the same columns as the still's (right-aligned
    monospace: as many characters, in the same place) with about as much ink."""
    size = (640, 360)
    page = open_page(chromium_context, landscapes.render(paths, tmp_path / "wide.html", size=size))
    for step in (12, STEPS):
        press(page, "Home", *["ArrowRight"] * step)
        shot = stage_pixels(page)
        expected, scene_figure = still(paths, step, size=size)
        assert shot.shape == expected.shape
        (values,) = (mover for mover in scene_figure.movers if isinstance(mover, LegendValues))
        renderer = scene_figure.canvas.get_renderer()
        background = np.median(expected[-5:, -5:].reshape(-1, 3), axis=0)
        for text in values.artists:
            box = text.get_window_extent(renderer)
            rows = slice(max(0, int(size[1] - box.y1) - 2), int(size[1] - box.y0) + 2)
            columns = slice(max(0, int(box.x0) - 12), int(box.x1) + 3)
            ink = [
                np.abs(pixels[rows, columns] - background).max(axis=-1) > 100 for pixels in (shot, expected)
            ]
            assert ink[1].any() and ink[0].any(), text.get_text()
            used = [np.flatnonzero(found.any(axis=0)) for found in ink]
            assert abs(used[0][0] - used[1][0]) <= 2 and abs(used[0][-1] - used[1][-1]) <= 2, text.get_text()
            assert 0.6 < ink[0].sum() / ink[1].sum() < 1.6, text.get_text()
    assert page.messages == []
    page.close()
