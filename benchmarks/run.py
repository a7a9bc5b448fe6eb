"""Speed of `landscapes` against the usual approach, measured in one run on this machine.

Run `python benchmarks/run.py` (or `--quick` for fewer repeats). Each figure is the median of several
runs; the table of ratios is printed and written into benchmarks/README.md with the machine's details.

Baselines, as this field usually does it:
- MP4: matplotlib's `FuncAnimation.save` with its `FFMpegWriter`, redrawing the whole figure per frame;
- GIF: the same animation through matplotlib's `PillowWriter`;
- floor: the same raw frames, rendered into memory first, piped to the same ffmpeg with no drawing;
- engine: a Python loop making one jitted call per optimizer step, timed on a subset and extrapolated.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from unittest import mock

import imageio_ffmpeg
import jax
import jax.numpy as jnp
import matplotlib
import numpy as np
from matplotlib.animation import FFMpegWriter, FuncAnimation, PillowWriter

from animator.figure import draw_scene
from animator.options import RenderOptions
from animator.outputs import output_size
from animator.rendering import render
from animator.sinks import MP4_OPTIONS, FfmpegSink
from landscapes.engine.trajectories import Trajectories, enable_compilation_cache, paths, run
from landscapes.optimizers import objective_of
from landscapes.optimizers.spec import resolve
from landscapes.scenes.compose import compose_scene
from landscapes.scenes.model import builtin_scene

README = Path(__file__).with_name("README.md")
TABLE_BEGIN = "<!-- benchmark table: begin (written by benchmarks/run.py) -->"
TABLE_END = "<!-- benchmark table: end -->"

SWEEP_STARTS = 10_000
SWEEP_STEPS = 500
LOOP_STARTS = 1
GIF_SIZE = (800, 450)
HEAVY_MODULES = ("jax", "matplotlib", "optax")
LARGE_SIZE = "1920x1080"
LARGE_FRAMES = 2000
THREE_D_SCENE = "basins-and-walls"
# What a render imports, in a process of its own: the floor under any whole `landscapes render`.
RENDER_IMPORTS = (
    "import landscapes.cli.commands, landscapes.scenes.compose, landscapes.engine.trajectories, "
    "animator.rendering"
)
SECTIONS = ("video", "engine", "overlays", "startup", "3d", "large")


@dataclass(frozen=True)
class Row:
    """One line of the table: our figure, the other one, and what we aim for."""

    what: str
    ours: str
    other: str
    ratio: str
    target: str
    met: bool | None


def seconds_of(action: Callable[[], object]) -> float:
    """The wall time of one call of `action`."""
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def cache_environment(cache_home: Path) -> dict[str, str]:
    """This environment with the user cache (where JAX's compiled programs are kept) moved to `cache_home`."""
    environment = {key: value for key, value in os.environ.items() if key != "JAX_COMPILATION_CACHE_DIR"}
    return {**environment, "XDG_CACHE_HOME": str(cache_home)}


def landscapes_command() -> list[str]:
    """The installed `landscapes` script beside this interpreter, else `python -m landscapes`."""
    script = Path(sys.executable).with_name("landscapes")
    return [str(script)] if script.exists() else [sys.executable, "-m", "landscapes"]


def raw_frames(trajectories: Trajectories, path: Path, keep: bool = True, **options: object) -> list[bytes]:
    """The exact RGBA frames our renderer hands to the encoder for `path`, held in memory (or, without
    `keep`, drawn and dropped: the drawing alone)."""
    frames: list[bytes] = []

    class CollectingSink:
        """Stands in for the ffmpeg sink: keeps a copy of each frame."""

        def __init__(self, *_args: object) -> None:
            pass

        def write(self, frame: memoryview | bytes) -> None:
            if keep:
                frames.append(bytes(frame))

        def close(self) -> None:
            pass

        def abort(self) -> None:
            pass

    rendering = import_module("animator.rendering")
    # No file is encoded, so there is none to put the manifest into after encoding.
    with (
        mock.patch.object(rendering, "FfmpegSink", CollectingSink),
        mock.patch.object(rendering, "embed_after_encoding", lambda *_args: None),
    ):
        render(trajectories, path, **options)
    return frames


def encode_only(frames: list[bytes], size: tuple[int, int], fps: float, path: Path) -> None:
    """Ready frames through our sink (same ffmpeg command line, same pipe), no drawing: the floor."""
    sink = FfmpegSink(size, fps, path.suffix, path)
    for frame in frames:
        sink.write(frame)
    sink.close()


def matplotlib_x264_args() -> list[str]:
    """Our MP4 encoder options as matplotlib's writer takes them: it names the codec itself."""
    options = list(MP4_OPTIONS)
    codec = options.index("-c:v")
    del options[codec : codec + 2]
    return options


def matplotlib_save(trajectories: Trajectories, path: Path, size: tuple[int, int], writer) -> None:
    """The usual approach: our figure, redrawn whole for each frame by `FuncAnimation.save`."""
    scene = trajectories.scene
    scene_figure = draw_scene(trajectories, size)
    for artist in scene_figure.artists:
        artist.set_animated(False)

    def update(frame_and_points: tuple[int, int]) -> tuple:
        scene_figure.show(*frame_and_points)
        return ()

    animation = FuncAnimation(
        scene_figure.figure,
        update,
        frames=list(enumerate(scene.playback.points_per_frame(scene.steps))),
        blit=False,
        repeat=False,
        cache_frame_data=False,
    )
    animation.save(str(path), writer=writer, dpi=scene_figure.figure.dpi)


def sweep_starts(trajectories: Trajectories, count: int) -> jax.Array:
    """`count` start points spread uniformly over the scene's window, the same on every run."""
    scene = trajectories.scene
    low = np.array([scene.xlim[0], scene.ylim[0]])
    high = np.array([scene.xlim[1], scene.ylim[1]])
    points = np.random.default_rng(0).uniform(low, high, size=(count, 2))
    return jnp.asarray(points, dtype=jnp.float64)


def optimizer_runs(trajectories: Trajectories) -> list[tuple[Callable, dict]]:
    """(factory, traced hyperparameters) of each optimizer in the scene."""
    runs = []
    for spec in trajectories.scene.optimizers:
        entry = resolve(spec)
        hyperparameters = {**entry.hyperparameters, **dict(spec.params)}
        runs.append((entry.factory, {key: jnp.float64(value) for key, value in hyperparameters.items()}))
    return runs


def engine_sweep(trajectories: Trajectories, starts: jax.Array) -> None:
    """Every optimizer from every start for SWEEP_STEPS steps, vmapped, results on the host."""
    fn = trajectories.surface.fn
    for factory, hyperparameters in optimizer_runs(trajectories):
        positions, losses = paths(factory, fn, hyperparameters, starts, SWEEP_STEPS)
        jax.block_until_ready((positions, losses))


def python_loop(trajectories: Trajectories, starts: np.ndarray, jit_whole_step: bool) -> None:
    """One Python iteration per step, recording each point; either the whole step or only the gradient jitted.

    With only the gradient jitted, the optimizer's own update rule runs op by op in eager JAX.
    """
    fn = trajectories.surface.fn
    for factory, hyperparameters in optimizer_runs(trajectories):
        optimizer = factory(**hyperparameters)
        objective = objective_of(fn)
        if jit_whole_step:
            step = jax.jit(lambda params, state, o=optimizer, f=objective: o.step(f, params, state))
        else:
            jitted = objective._replace(grad=jax.jit(objective.grad))
            step = lambda params, state, o=optimizer, f=jitted: o.step(f, params, state)  # noqa: E731
        for start in starts:
            params = jnp.asarray(start)
            state = optimizer.init(params)
            visited = [np.asarray(params)]
            for _ in range(SWEEP_STEPS):
                params, state = step(params, state)
                visited.append(np.asarray(params))


def modules_loaded(code: str) -> str:
    """Which of jax and matplotlib a fresh interpreter has imported once `code` has run."""
    probe = f"""
import atexit, sys
atexit.register(lambda: print(*(f"{{name}}={{name in sys.modules}}" for name in {HEAVY_MODULES!r}),
                              file=sys.stderr))
{code}
"""
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, timeout=60
    )
    return result.stderr.strip().splitlines()[-1]


def cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown"
    found = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return found.group(1).strip() if found else "unknown"


def machine() -> str:
    return (
        f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {cpu_model()}, {platform.system()}; "
        f"Python {platform.python_version()}, jax {jax.__version__}, matplotlib {matplotlib.__version__}, "
        f"numpy {np.__version__}, ffmpeg {imageio_ffmpeg.get_ffmpeg_version()}; "
        f"{datetime.date.today().isoformat()}; load average {load_average()}"
    )


def load_average() -> str:
    """The 1-minute load average now: other work on the machine slows every figure of the table."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "unknown"


def seconds(value: float) -> str:
    return f"{value:.3f} s"


def kib(size: int) -> str:
    return f"{size / 1024:,.0f} KiB"


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and of its children that have ended."""
    used = os.times()
    return used.user + used.system + used.children_user + used.children_system


def interleaved_medians(
    actions: dict[str, Callable[[], object]], rounds: dict[str, int], cpu: dict[str, float] | None = None
) -> dict[str, float]:
    """Median wall time of each action, the actions taking turns round by round; with `cpu`, also
    the median CPU time each took (this process, its workers and its encoder), put into `cpu`.

    Taking turns spreads any other load on the machine evenly over what is compared, so the ratios
    hold even when the absolute seconds drift. CPU time is what load inflates least.
    """
    times: dict[str, list[float]] = {name: [] for name in actions}
    cpu_times: dict[str, list[float]] = {name: [] for name in actions}
    for round_number in range(max(rounds.values())):
        for name, action in actions.items():
            if round_number < rounds[name]:
                before = cpu_seconds()
                times[name].append(seconds_of(action))
                cpu_times[name].append(cpu_seconds() - before)
    if cpu is not None:
        cpu.update({name: statistics.median(values) for name, values in cpu_times.items()})
    return {name: statistics.median(values) for name, values in times.items()}


def run_command(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> Callable[[], object]:
    """An action that runs a whole process and checks that it succeeded."""
    return lambda: subprocess.run(argv, cwd=cwd, check=True, stdout=subprocess.DEVNULL, env=env)


def measure(repeats: int, folder: Path, sections: tuple[str, ...] = SECTIONS) -> tuple[list[Row], list[str]]:
    """The table's `sections`, measured in one process; notes say what was extrapolated or checked."""
    rows: list[Row] = []
    notes: list[str] = []
    for section in sections:
        more_rows, more_notes = MEASURES[section](repeats, folder)
        rows += more_rows
        notes += more_notes
        # Each part as soon as it is done, with the load it ran under: a long run's early parts survive.
        heading = f"{section} (load average {load_average()}):"
        print(heading, table(more_rows), *more_notes, sep="\n", flush=True)
    return rows, notes


def measure_video(repeats: int, folder: Path) -> tuple[list[Row], list[str]]:
    """MP4 and GIF of the default scene against FuncAnimation.save, PillowWriter and the encoder's floor."""
    enable_compilation_cache()  # as `landscapes render` does: the in-process compute reads the same cache
    scene = builtin_scene()
    trajectories = run(scene)
    frame_count, frame_rate = scene.playback.timing(scene.steps)
    matplotlib.rcParams["animation.ffmpeg_path"] = imageio_ffmpeg.get_ffmpeg_exe()
    baseline_rounds = max(1, repeats // 2)
    rows: list[Row] = []
    notes: list[str] = []

    # 1-3. MP4 and GIF of the default scene, each against the usual approach and the encoder's floor.
    mp4_size = output_size(".mp4", scene.playback.size)
    gif_size = output_size(".gif", GIF_SIZE)
    paths_of = {name: folder / name for name in ("ours.mp4", "usual.mp4", "ours.gif", "usual.gif")}
    mp4_frames = raw_frames(trajectories, folder / "frames.mp4")
    gif_frames = raw_frames(trajectories, folder / "frames.gif")
    render_command = [*landscapes_command(), "render", "-o", "wobbly.mp4"]
    warm_cache = folder / "warm-cache"
    run_command(render_command, folder, cache_environment(warm_cache))()
    render(trajectories, paths_of["ours.mp4"])  # the contour grid's compilation is start-up: counted above

    def cold_render() -> None:
        run_command(render_command, folder, cache_environment(Path(tempfile.mkdtemp(dir=folder))))()

    def usual_mp4() -> None:
        writer = FFMpegWriter(fps=frame_rate, codec="libx264", extra_args=matplotlib_x264_args())
        matplotlib_save(trajectories, paths_of["usual.mp4"], mp4_size, writer)

    def usual_gif() -> None:
        matplotlib_save(trajectories, paths_of["usual.gif"], gif_size, PillowWriter(fps=frame_rate))

    video = interleaved_medians(
        {
            "whole": run_command(render_command, folder, cache_environment(warm_cache)),
            "cold": cold_render,
            "in process": lambda: render(trajectories, paths_of["ours.mp4"]),
            "floor": lambda: encode_only(mp4_frames, mp4_size, frame_rate, folder / "floor.mp4"),
            "usual": usual_mp4,
            "gif": lambda: render(trajectories, paths_of["ours.gif"], size=gif_size),
            "gif floor": lambda: encode_only(gif_frames, gif_size, frame_rate, folder / "floor.gif"),
            "gif usual": usual_gif,
            "python": run_command([sys.executable, "-c", "pass"], folder),
            "imports": run_command([sys.executable, "-c", RENDER_IMPORTS], folder),
            "compute": lambda: (jax.clear_caches(), run(scene)),
            "draw": lambda: raw_frames(trajectories, folder / "drawn.mp4", keep=False),
        },
        {"usual": baseline_rounds, "gif usual": baseline_rounds}
        | dict.fromkeys(("whole", "cold", "in process", "floor", "gif", "gif floor"), repeats)
        | dict.fromkeys(("python", "imports", "compute", "draw"), repeats),
    )
    whole, cold, in_process, floor, usual = (
        video[k] for k in ("whole", "cold", "in process", "floor", "usual")
    )
    start_floor = video["imports"] + floor
    rows += [
        Row("MP4, whole `landscapes render -o wobbly.mp4` (warm cache) vs FuncAnimation.save",
            seconds(whole), seconds(usual), f"{usual / whole:.1f}× faster", "≥ 8×", usual / whole >= 8),
        Row("MP4, whole process vs (interpreter + a render's imports) + encoder's floor",
            seconds(whole), seconds(start_floor), f"{whole / start_floor:.2f}× the floors", "≤ 1.3×",
            whole / start_floor <= 1.3),
        Row("MP4, whole process with an empty compilation cache vs FuncAnimation.save",
            seconds(cold), seconds(usual), f"{usual / cold:.1f}× faster", "(reported)", None),
        Row("MP4, in-process render (no JAX start-up) vs FuncAnimation.save",
            seconds(in_process), seconds(usual), f"{usual / in_process:.1f}× faster", "≥ 10×",
            usual / in_process >= 10),
        Row("MP4, in-process render vs encoder's floor (same frames piped, no drawing)",
            seconds(in_process), seconds(floor), f"{in_process / floor:.2f}× the floor", "≤ 1.5×",
            in_process / floor <= 1.5),
        Row("MP4, whole process (warm cache) vs encoder's floor",
            seconds(whole), seconds(floor), f"{whole / floor:.2f}× the floor", "(reported)", None),
    ]  # fmt: skip
    notes.append(
        f"Whole process, where the time goes (medians, each measured alone): interpreter "
        f"{seconds(video['python'])}, a render's imports {seconds(video['imports'] - video['python'])} "
        f"(`{RENDER_IMPORTS}` in a fresh process: {seconds(video['imports'])}), trajectories "
        f"{seconds(video['compute'])} (compiled programs from the cache), drawing the frames "
        f"{seconds(video['draw'])} (sink dropping them), encoding {seconds(floor)} (the floor); the "
        f"whole process, with drawing and encoding overlapped, {seconds(whole)}."
    )
    notes.append(
        f"MP4: {frame_count} frames of {mp4_size[0]}×{mp4_size[1]} at {frame_rate:g} fps, "
        f"{' '.join(matplotlib_x264_args())} with libx264 in both; sizes: ours "
        f"{kib(paths_of['ours.mp4'].stat().st_size)}, "
        f"FuncAnimation {kib(paths_of['usual.mp4'].stat().st_size)}."
    )
    gif, gif_floor, gif_usual = video["gif"], video["gif floor"], video["gif usual"]
    ours_bytes, usual_bytes = paths_of["ours.gif"].stat().st_size, paths_of["usual.gif"].stat().st_size
    rows += [
        Row(f"GIF {gif_size[0]}×{gif_size[1]}, time: ours vs PillowWriter",
            seconds(gif), seconds(gif_usual), f"{gif_usual / gif:.1f}× faster", "≥ 10×",
            gif_usual / gif >= 10),
        Row(f"GIF {gif_size[0]}×{gif_size[1]}, size: ours vs PillowWriter",
            kib(ours_bytes), kib(usual_bytes), f"{usual_bytes / ours_bytes:.1f}× smaller", "≥ 10×",
            usual_bytes / ours_bytes >= 10),
        Row("GIF, ours vs encoder's floor",
            seconds(gif), seconds(gif_floor), f"{gif / gif_floor:.2f}× the floor", "(reported)", None),
    ]  # fmt: skip

    return rows, notes


def measure_engine(repeats: int, folder: Path) -> tuple[list[Row], list[str]]:
    """The engine: a vmapped sweep against a Python loop, timed on a subset and extrapolated."""
    scene = builtin_scene()
    trajectories = run(scene)
    rows: list[Row] = []
    notes: list[str] = []
    starts = sweep_starts(trajectories, SWEEP_STARTS)
    optimizers = len(scene.optimizers)
    total_steps = SWEEP_STARTS * optimizers * SWEEP_STEPS
    loop_starts = np.asarray(starts[:LOOP_STARTS])
    loop_steps = LOOP_STARTS * optimizers * SWEEP_STEPS
    first_sweep = seconds_of(lambda: engine_sweep(trajectories, starts))
    for jit_whole_step in (True, False):
        python_loop(trajectories, loop_starts, jit_whole_step)  # compile outside the timing
    engine = interleaved_medians(
        {
            "sweep": lambda: engine_sweep(trajectories, starts),
            "loop": lambda: python_loop(trajectories, loop_starts, True),
            "eager loop": lambda: python_loop(trajectories, loop_starts, False),
        },
        dict.fromkeys(("sweep", "loop", "eager loop"), repeats),
    )
    sweep_rate = total_steps / engine["sweep"]
    loop_rate, eager_rate = loop_steps / engine["loop"], loop_steps / engine["eager loop"]
    rows += [
        Row(f"Engine, {SWEEP_STARTS:,} starts × {optimizers} optimizers × {SWEEP_STEPS} steps, float64",
            f"{sweep_rate / 1e6:.1f} M steps/s", f"{loop_rate / 1e3:.1f} k steps/s",
            f"{sweep_rate / loop_rate:,.0f}×", "≥ 10 M/s; ≥ 1000×",
            sweep_rate >= 10e6 and sweep_rate / loop_rate >= 1000),
        Row("Engine vs loop with only the gradient jitted (update in eager JAX)",
            f"{sweep_rate / 1e6:.1f} M steps/s", f"{eager_rate / 1e3:.1f} k steps/s",
            f"{sweep_rate / eager_rate:,.0f}×", "(reported)", None),
    ]  # fmt: skip
    notes.append(
        f"Engine: the sweep ({total_steps / 1e6:.0f} M steps, `trajectories.paths` once per optimizer) "
        f"takes {seconds(engine['sweep'])} ({seconds(first_sweep)} on its first call, compilation included). "
        f"The Python loops were timed on {LOOP_STARTS} start × {optimizers} optimizers × {SWEEP_STEPS} steps "
        f"({loop_steps:,} steps, each point copied to the host as it is made) and extrapolated linearly to "
        f"the sweep: {total_steps / loop_rate:,.0f} s with one jitted call per step (gradient and update), "
        f"{total_steps / eager_rate:,.0f} s with a jitted gradient and the update rule in eager JAX."
    )

    return rows, notes


def measure_startup(repeats: int, folder: Path) -> tuple[list[Row], list[str]]:
    """`landscapes --help` and `import landscapes`, and which heavy modules either loads."""
    rows: list[Row] = []
    notes: list[str] = []
    start_up = interleaved_medians(
        {
            "help": run_command([*landscapes_command(), "--help"], folder),
            "import": run_command([sys.executable, "-c", "import landscapes"], folder),
            "python": run_command([sys.executable, "-c", "pass"], folder),
        },
        dict.fromkeys(("help", "import", "python"), repeats * 3),
    )
    rows += [
        Row("`landscapes --help`", seconds(start_up["help"]), "", "", "< 0.3 s", start_up["help"] < 0.3),
        Row("`python -c 'import landscapes'` (other: `python -c pass`)",
            seconds(start_up["import"]), seconds(start_up["python"]), "", "", None),
    ]  # fmt: skip
    help_modules = modules_loaded(
        "sys.argv = ['landscapes', '--help']\nfrom landscapes.cli.process import main\nmain()"
    )
    notes.append(
        f"Imports: after `landscapes --help`: {help_modules}; "
        f"after `import landscapes`: {modules_loaded('import landscapes')}."
    )
    return rows, notes


def same_bytes(first: Path, second: Path) -> str:
    return "identical" if first.read_bytes() == second.read_bytes() else "**different**"


def measure_three_d(repeats: int, folder: Path) -> tuple[list[Row], list[str]]:
    """3D MP4s of basins-and-walls: a turning camera with 2 workers against 1; a still one against 2D."""
    trajectories = run(builtin_scene(THREE_D_SCENE))
    rounds = max(1, repeats // 2)
    turning = RenderOptions(view="3d", rotate=True)
    out = {name: folder / f"{name}.mp4" for name in ("turn1", "turn2", "still", "flat")}
    render(trajectories, out["still"], options=RenderOptions(view="3d"))  # the 3D grid's compilation
    times = interleaved_medians(
        {
            "turn1": lambda: render(trajectories, out["turn1"], options=turning, workers=1),
            "turn2": lambda: render(trajectories, out["turn2"], options=turning, workers=2),
            "still": lambda: render(trajectories, out["still"], options=RenderOptions(view="3d"), workers=1),
            "flat": lambda: render(trajectories, out["flat"], workers=1),
        },
        {"turn1": rounds, "turn2": rounds, "still": repeats, "flat": repeats},
        cpu := {},
    )
    turn1, turn2, still, flat = (times[k] for k in ("turn1", "turn2", "still", "flat"))
    rows = [
        Row(f"3D turning camera MP4 ({THREE_D_SCENE}), 2 workers vs 1",
            seconds(turn2), seconds(turn1), f"{turn1 / turn2:.2f}× faster", "≥ 1.7× (2 cores)",
            turn1 / turn2 >= 1.7),
        Row(f"3D still camera MP4 ({THREE_D_SCENE}) vs the same scene in 2D",
            seconds(still), seconds(flat), f"{still / flat:.2f}× the 2D time", "≤ 2×", still / flat <= 2),
    ]  # fmt: skip
    scene = trajectories.scene
    frame_count, _ = scene.playback.timing(scene.steps)
    notes = [
        f"3D: {frame_count} frames of 1280×720, in-process renders of the same trajectories; the "
        f"turning camera's MP4 with 2 workers is {same_bytes(out['turn1'], out['turn2'])} to the one with 1 "
        f"(medians of {rounds} runs). CPU time (process, workers, encoder): turning camera "
        f"{seconds(cpu['turn1'])} with 1 worker, {seconds(cpu['turn2'])} with 2; still camera "
        f"{seconds(cpu['still'])}, 2D {seconds(cpu['flat'])}."
    ]
    return rows, notes


def measure_large(repeats: int, folder: Path) -> tuple[list[Row], list[str]]:
    """A long, large 2D MP4: 2000 frames of 1920×1080, with 2 workers against 1."""
    scene = compose_scene("wobbly", steps=LARGE_FRAMES, frames=LARGE_FRAMES, fps=30, size=LARGE_SIZE)
    trajectories = run(scene)
    rounds = max(1, repeats // 3)
    out = {workers: folder / f"large{workers}.mp4" for workers in (1, 2)}
    times = interleaved_medians(
        {workers: (lambda w=workers: render(trajectories, out[w], workers=w)) for workers in (1, 2)},
        dict.fromkeys((1, 2), rounds),
        cpu := {},
    )
    rows = [
        Row(f"2D MP4 {LARGE_SIZE}, {LARGE_FRAMES} frames, 2 workers vs 1",
            seconds(times[2]), seconds(times[1]), f"{times[1] / times[2]:.2f}× faster", "≥ 1.5× (2 cores)",
            times[1] / times[2] >= 1.5),
    ]  # fmt: skip
    notes = [
        f"Large 2D: wobbly, {LARGE_FRAMES} steps, one frame each, 30 fps; the file with 2 workers is "
        f"{same_bytes(out[1], out[2])} to the one with 1; {kib(out[1].stat().st_size)} (medians of {rounds} "
        f"runs). CPU time (process, workers, encoder): {seconds(cpu[1])} with 1 worker, "
        f"{seconds(cpu[2])} with 2."
    ]
    return rows, notes


def overlay_rows(scene, folder: Path, repeats: int) -> list[Row]:
    """MP4 and GIF with `--show gradient,velocity,update,scale` against the plain render of the same
    recorded trajectories, and the cost of recording them against the plain computation."""
    recorded = run(scene, internals=True)
    shown = RenderOptions(show=("gradient", "velocity", "update", "scale"))
    gif_size = output_size(".gif", GIF_SIZE)
    timings = interleaved_medians(
        {
            "plain mp4": lambda: render(recorded, folder / "plain.mp4"),
            "shown mp4": lambda: render(recorded, folder / "shown.mp4", options=shown),
            "plain gif": lambda: render(recorded, folder / "plain.gif", size=gif_size),
            "shown gif": lambda: render(recorded, folder / "shown.gif", size=gif_size, options=shown),
            "run": lambda: run(scene),
            "recorded run": lambda: run(scene, internals=True),
        },
        dict.fromkeys(("plain mp4", "shown mp4", "plain gif", "shown gif", "run", "recorded run"), repeats),
    )
    mp4, gif = timings["shown mp4"] / timings["plain mp4"], timings["shown gif"] / timings["plain gif"]
    recording = timings["recorded run"] / timings["run"]
    return [
        Row("MP4 with --show gradient,velocity,update,scale vs the plain render (in process)",
            seconds(timings["shown mp4"]), seconds(timings["plain mp4"]), f"{mp4:.2f}× the plain", "≤ 1.5×",
            mp4 <= 1.5),
        Row(f"GIF {gif_size[0]}×{gif_size[1]} with the same overlays vs the plain render",
            seconds(timings["shown gif"]), seconds(timings["plain gif"]), f"{gif:.2f}× the plain", "≤ 1.5×",
            gif <= 1.5),
        Row("Trajectories recording internals vs plain (`run(scene, internals=True)`)",
            seconds(timings["recorded run"]), seconds(timings["run"]), f"{recording:.2f}×", "(reported)",
            None),
    ]  # fmt: skip


def measure_overlays(repeats: int, folder: Path) -> tuple[list[Row], list[str]]:
    """Overlays: the default scene with every --show overlay against the plain render."""
    return overlay_rows(builtin_scene(), folder, repeats), []


MEASURES = {
    "video": measure_video,
    "engine": measure_engine,
    "overlays": measure_overlays,
    "startup": measure_startup,
    "3d": measure_three_d,
    "large": measure_large,
}


def table(rows: list[Row]) -> str:
    """A Markdown table of the rows."""
    mark = {True: "yes", False: "**no**", None: ""}
    lines = [
        "| measure | ours | usual / floor | ratio | target | met |",
        "|---|---:|---:|---:|---|---|",
    ]
    lines += [
        f"| {row.what} | {row.ours} | {row.other} | {row.ratio} | {row.target} | {mark[row.met]} |"
        for row in rows
    ]
    return "\n".join(lines)


def report(rows: list[Row], notes: list[str], repeats: int, load_before: str) -> str:
    body = [
        f"Machine: {machine()} (at the start: {load_before}).",
        f"Each figure is the median of {repeats} runs (the matplotlib baselines of {max(1, repeats // 2)}).",
        "",
        table(rows),
        "",
        *[f"- {note}" for note in notes],
    ]
    return "\n".join(body)


def write_readme(text: str) -> None:
    """Replace the generated section of benchmarks/README.md, keeping the prose around it."""
    section = f"{TABLE_BEGIN}\n{text}\n{TABLE_END}"
    old = README.read_text() if README.exists() else f"# Benchmarks\n\n{TABLE_BEGIN}\n{TABLE_END}\n"
    before, _, rest = old.partition(TABLE_BEGIN)
    _, _, after = rest.partition(TABLE_END)
    README.write_text(before + section + after)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, for a quick look")
    parser.add_argument("--no-readme", action="store_true", help="print the table only")
    parser.add_argument(
        "--only", action="append", choices=SECTIONS, help="measure only this part (repeatable; print only)"
    )
    options = parser.parse_args()
    repeats = 3 if options.quick else 7
    load_before = load_average()
    folder = Path(tempfile.mkdtemp(prefix="landscapes-bench-"))
    try:
        rows, notes = measure(repeats, folder, tuple(options.only or SECTIONS))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    text = report(rows, notes, repeats, load_before)
    print(text)
    if not options.no_readme and not options.only:
        write_readme(text)


if __name__ == "__main__":
    main()
