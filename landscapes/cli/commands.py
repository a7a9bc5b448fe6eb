"""The `landscapes` command: thin typer commands that parse, then call the library.

Heavy imports (JAX, matplotlib) happen inside the commands, so `landscapes --help` stays instant.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from animator.options import (
    CONTOUR_LABELS,
    DEFAULT_GIF_WIDTH,
    FIELDS,
    LAYOUTS,
    PACES,
    SHOWN,
    THEME_NAMES,
    VIEWS,
)
from landscapes.cli.interrupts import raise_if_interrupted
from landscapes.cli.option_groups import grouped
from landscapes.errors import UserError


def whole_number(text: str) -> int:
    """A command-line whole number; the error names the value, as the CLI contract asks."""
    try:
        return int(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a whole number") from None


def real_number(text: str) -> float:
    """A command-line finite number; the error names the value."""
    try:
        value = float(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise typer.BadParameter(f"{text!r} is not a finite number")
    return value


app = typer.Typer(
    name="landscapes",
    help="Watch gradient-descent optimizers move across 2D loss surfaces.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

SceneArgument = Annotated[
    str | None,
    typer.Argument(
        help="A built-in scene (see `landscapes list scenes`) or a scene file (.toml); default: wobbly."
    ),
]
SurfaceOption = Annotated[
    str | None,
    typer.Option(
        "--surface",
        help="A built-in surface, or an expression in x and y such as 'sin(3*x)*cos(3*y) + (x**2+y**2)/4', "
        "replacing the scene's.",
    ),
]
SurfacesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--surface",
        help="A built-in surface, or an expression in x and y such as 'sin(3*x)*cos(3*y) + (x**2+y**2)/4', "
        "replacing the scene's. Repeatable: several draw a panel each, the same optimizers in every one.",
    ),
]
OptimizerOption = Annotated[
    list[str] | None,
    typer.Option(
        "-O",
        "--optimizer",
        help="Repeatable; replaces the scene's set. SPEC: 'adam', 'adam(lr=0.25)', 'adam(lr=0.1)@fast'.",
    ),
]
StartOption = Annotated[
    list[str] | None, typer.Option("--start", help="Repeatable start point X,Y, e.g. -2.8,-2.5.")
]
StepsOption = Annotated[int | None, typer.Option("--steps", parser=whole_number, help="Optimizer steps.")]
FramesOption = Annotated[
    int | None, typer.Option("--frames", parser=whole_number, help="Frames of the animation.")
]
FpsOption = Annotated[float | None, typer.Option("--fps", parser=real_number, help="Frames per second.")]
SizeOption = Annotated[
    str | None, typer.Option("--size", help="Output size WxH in pixels (default 1280x720; GIFs 800 wide).")
]
XlimOption = Annotated[str | None, typer.Option("--xlim", help="The window's x range A,B, e.g. -2,2.")]
YlimOption = Annotated[str | None, typer.Option("--ylim", help="The window's y range C,D, e.g. -2,2.")]
StartsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--starts",
        help="Repeatable start set inside the window: random:N (seeded by --seed) or grid:N "
        "(√N×√N for a square N, else ⌈√N⌉ columns filled row by row).",
    ),
]
NoiseOption = Annotated[
    float | None,
    typer.Option(
        "--noise", parser=real_number, help="Add Gaussian noise of this standard deviation to every gradient."
    ),
]
SeedOption = Annotated[
    int | None,
    typer.Option("--seed", parser=whole_number, help="Seed of --noise and random starts (default 0)."),
]
TuneOption = Annotated[
    str | None,
    typer.Option(
        "--tune",
        help="Tune hyperparameters by a Sobol search from every start: alone, each learning rate; "
        "'lr,momentum' those named; 'all' every one with a search range. Values set in a spec are kept "
        "unless named. A table on standard error shows the choices; the legend shows the values.",
    ),
]
CriterionOption = Annotated[
    str,
    typer.Option(
        "--criterion",
        help="What --tune minimises, as the median over starts: tail-loss (mean loss over the last "
        "10% of steps), final-gap, steps-to-tol, or success-rate (maximised).",
    ),
]
TuneBudgetOption = Annotated[
    int,
    typer.Option(
        "--tune-budget", parser=whole_number, help="Configurations --tune tries per optimizer (1 to 16384)."
    ),
]
ClipNormOption = Annotated[
    float | None,
    typer.Option(
        "--clip-norm", parser=real_number,
        help="Clip every gradient to this norm (optax.clip_by_global_norm), for every optimizer.",
    ),
]  # fmt: skip
ClipValueOption = Annotated[
    float | None,
    typer.Option(
        "--clip-value", parser=real_number, help="Clip each gradient coordinate to ±this (optax.clip)."
    ),
]
WeightDecayOption = Annotated[
    float | None,
    typer.Option(
        "--weight-decay", parser=real_number,
        help="Add this times θ to every gradient (optax.add_decayed_weights), after clipping.",
    ),
]  # fmt: skip
PluginOption = Annotated[
    list[Path] | None,
    typer.Option("--plugin", help="Repeatable: a Python file that registers surfaces and optimizers."),
]


@dataclass(frozen=True)
class SceneFlags:
    """The options that change a scene's surface, optimizers, starts, steps, window and noise, named
    as `compose_scene` names them (`--start` is `starts`, `--starts` is `start_sets`)."""

    surface: SurfacesOption = None
    optimizers: OptimizerOption = None
    starts: StartOption = None
    steps: StepsOption = None
    xlim: XlimOption = None
    ylim: YlimOption = None
    start_sets: StartsOption = None
    noise: NoiseOption = None
    seed: SeedOption = None

    def scene(self, base, **more):
        """The scene `base` (a name, file or `Scene`) changed as these options say; `more` for the
        command's own settings (`size`)."""
        from landscapes.scenes.compose import compose_scene

        return compose_scene(base, **vars(self), **more)


@dataclass(frozen=True)
class RunFlags:
    """--tune and the gradient transforms, which apply to every optimizer of a scene."""

    tune: TuneOption = None
    criterion: CriterionOption = "tail-loss"
    tune_budget: TuneBudgetOption = 4096
    clip_norm: ClipNormOption = None
    clip_value: ClipValueOption = None
    weight_decay: WeightDecayOption = None

    def applied(self, scene):
        """`scene` with the gradient transforms set, then tuned (the tuning table on standard error)."""
        chosen = _with_gradient_options(scene, self.clip_norm, self.clip_value, self.weight_decay)
        return _tuned(chosen, self.tune, self.criterion, self.tune_budget)


# The groups' defaults stand for "no option given"; `grouped` builds the real values per call.
NO_SCENE_FLAGS, NO_RUN_FLAGS = SceneFlags(), RunFlags()


# The choices typer offers, made from the renderer's own lists so the two cannot drift apart.
Layout = StrEnum("Layout", {name: name for name in LAYOUTS})
View = StrEnum("View", {name: name for name in VIEWS})
Theme = StrEnum("Theme", {name: name for name in THEME_NAMES})
ContourLabels = StrEnum("ContourLabels", {name: name for name in CONTOUR_LABELS})
Pace = StrEnum("Pace", {name: name for name in PACES})
OVERLAY, FLAT, LIGHT, LINEAR = Layout("overlay"), View("2d"), Theme("light"), Pace("linear")
AUTO_LABELS = ContourLabels("auto")


ThemeOption = Annotated[Theme, typer.Option("--theme", help="light, or dark for dark slides.")]
TransparentOption = Annotated[
    bool, typer.Option("--transparent", help="PNG only: leave the figure's background see-through.")
]
DpiOption = Annotated[
    float | None,
    typer.Option(
        "--dpi",
        parser=real_number,
        help="Dots per inch: text and lines are sized in points, so at a fixed --size a larger dpi makes "
        "them larger. Default: width/12.8 (100 at 1280 px), the 1280x720 proportions at any size.",
    ),
]


def _print_version(asked: bool) -> None:
    if asked:
        from landscapes import __version__

        typer.echo(f"landscapes {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback of any error (anywhere on the line).")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Watch gradient-descent optimizers move across 2D loss surfaces."""
    # `landscapes.cli.process.run` reads --debug wherever it stands; it is declared here for --help.


@app.command()
@grouped
def render(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Output file: .mp4, .gif, .png, .svg or .pdf (final still) or .html (interactive player); "
            "a scene file may name it.",
        ),
    ] = None,
    scene: SceneArgument = None,
    scene_flags: SceneFlags = NO_SCENE_FLAGS,
    frames: FramesOption = None,
    fps: FpsOption = None,
    size: SizeOption = None,
    run_flags: RunFlags = NO_RUN_FLAGS,
    plugin: PluginOption = None,
    layout: Annotated[
        Layout,
        typer.Option(
            "--layout",
            help="overlay: all paths on one surface; grid: a panel per optimizer, or with several --surface "
            "a panel per surface (their default).",
        ),
    ] = OVERLAY,
    loss_panel: Annotated[
        bool, typer.Option("--loss-panel", help="Add a panel of loss against step for every path.")
    ] = False,
    view: Annotated[
        View, typer.Option("--view", help="2d: contour map; 3d: shaded surface with the paths on it.")
    ] = FLAT,
    rotate: Annotated[
        bool, typer.Option("--rotate", help="With --view 3d: turn the camera once around.")
    ] = False,
    theme: ThemeOption = LIGHT,
    transparent: TransparentOption = False,
    dpi: DpiOption = None,
    gif_width: Annotated[
        int,
        typer.Option(
            "--gif-width", parser=whole_number, help="Width of a GIF in pixels when --size is not given."
        ),
    ] = DEFAULT_GIF_WIDTH,
    tail: Annotated[
        int | None,
        typer.Option(
            "--tail", parser=whole_number, help="Draw only the last N steps of each path, fading out."
        ),
    ] = None,
    font_scale: Annotated[
        float,
        typer.Option(
            "--font-scale",
            parser=real_number,
            help="Text larger (>1) or smaller, never below readable sizes.",
        ),
    ] = 1.0,
    title: Annotated[
        str | None, typer.Option("--title", help="The figure's title (default: the scene's name).")
    ] = None,
    subtitle: Annotated[str | None, typer.Option("--subtitle", help="A line under the title.")] = None,
    formula: Annotated[
        bool,
        typer.Option("--formula/--no-formula", help="Show the surface's formula (default) or leave it out."),
    ] = True,
    levels: Annotated[
        str, typer.Option("--levels", help="Contour levels: auto, log, linear, a count N, or values v1,v2,….")
    ] = "auto",
    contour_labels: Annotated[
        ContourLabels, typer.Option("--contour-labels", help="auto: a readable few; none; all.")
    ] = AUTO_LABELS,
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="Make a picture again from the manifest in FILE (any file landscapes wrote, or its .json); "
            "further options override it.",
        ),
    ] = None,
    manifest: Annotated[
        bool, typer.Option("--manifest", help="Also write the manifest as JSON beside the output (OUT.json).")
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            parser=whole_number,
            help="Processes drawing frames (1: this one only); default: the cores left after the encoder.",
        ),
    ] = None,
    show: Annotated[
        str | None,
        typer.Option(
            "--show",
            help=f"Draw at each head, comma-separated: {', '.join(SHOWN)} (arrows for −∇f, the velocity or "
            "Adam's −m, the step taken; an ellipse of the per-coordinate step sizes).",
        ),
    ] = None,
    field: Annotated[
        str | None,
        typer.Option("--field", help=f"The negative gradient field under the paths: {' or '.join(FIELDS)}."),
    ] = None,
    duration: Annotated[
        float | None,
        typer.Option(
            "--duration",
            parser=real_number,
            help="Seconds the animation lasts before the hold; the frames follow from --fps, or the rate "
            "from --frames.",
        ),
    ] = None,
    hold: Annotated[
        float | None,
        typer.Option(
            "--hold",
            parser=real_number,
            help="Seconds the last frame stays on screen before a GIF loops or a video ends "
            "(default: GIF 2, video 0).",
        ),
    ] = None,
    pace: Annotated[
        Pace,
        typer.Option(
            "--pace",
            help="Which step each frame shows: linear (evenly), log (the fast start step by step, slow "
            "convergence skipped through), auto (following how fast the paths move).",
        ),
    ] = LINEAR,
    paths: Annotated[
        Path | None,
        typer.Option(
            "--paths",
            help="Animate the paths in a CSV (label,start,step,x,y[,loss]) instead of computing them, on "
            "--surface or the surface its manifest (FILE.json) names.",
        ),
    ] = None,
) -> None:
    """Render a scene's optimizer paths as an MP4 or GIF animation, or a PNG still."""
    from animator.outputs import check_output
    from animator.timing import Playback
    from landscapes.cli import recipes
    from landscapes.limits import check_workers

    if from_file is not None and scene is not None:
        raise UserError(f"give a SCENE or --from FILE, not both (got {scene!r} and {str(from_file)!r})")
    recipes.refuse_with_paths(
        paths,
        {"SCENE": scene, "-O": scene_flags.optimizers, "--start": scene_flags.starts,
         "--starts": scene_flags.start_sets, "--steps": scene_flags.steps, "--tune": run_flags.tune,
         "--noise": scene_flags.noise, "--seed": scene_flags.seed, "--show": show,
         "--clip-norm": run_flags.clip_norm, "--clip-value": run_flags.clip_value,
         "--weight-decay": run_flags.weight_decay},
    )  # fmt: skip
    view_typed = {
        "layout": layout.value, "loss_panel": loss_panel, "view": view.value, "rotate": rotate,
        "theme": theme.value, "transparent": transparent, "dpi": dpi, "gif_width": gif_width, "tail": tail,
        "show": tuple(name.strip() for name in show.split(",")) if show else (), "field": field,
        "font_scale": font_scale, "title": title, "subtitle": subtitle, "formula": formula, "levels": levels,
        "contour_labels": contour_labels.value,
    }  # fmt: skip
    playback_typed = {"frames": frames, "fps": fps, "duration": duration, "hold": hold, "pace": pace.value}
    check_workers(workers)
    recipe = None
    if from_file is None:
        options = recipes.view_options(ctx, recipes.scene_file_view(scene, view_typed), view_typed)
        if output is not None:
            check_output(output, options)
    _load_plugins(plugin)
    if from_file is not None:
        from landscapes.manifest import load_recipe

        recipe = load_recipe(from_file)
        options = recipes.view_options(ctx, recipe.view, view_typed, output)
        if output is not None:
            check_output(output, options)
    playback = Playback(**recipes.merged(ctx, recipe.playback if recipe else {}, playback_typed))
    csv = recipes.paths_file(paths, recipe, from_file)
    if csv is None:
        chosen = scene_flags.scene(recipe.scene if recipe else scene, size=size)
        if output is None and chosen.playback.output is not None:
            output = Path(chosen.playback.output)
            check_output(output, options)
    if output is None:
        raise UserError("missing -o/--output: say where to write, e.g. -o wobbly.mp4")
    if csv is None:
        options = recipes.panel_options(ctx, chosen, options, output)
    from animator import render as render_file
    from landscapes.engine.trajectories import enable_compilation_cache, run

    enable_compilation_cache()
    if csv is None:
        trajectories = run(run_flags.applied(chosen), internals=bool(options.show))
        _warn_undrawn(trajectories, options.show)
    else:
        trajectories = recipes.trajectories_from_csv(
            csv, recipe, scene_flags.surface, size, scene_flags.xlim, scene_flags.ylim
        )
    _warn_divergent(trajectories)
    on_frame = _progress()
    try:
        recipes.with_warnings_printed(
            lambda: render_file(
                trajectories,
                output,
                on_frame=on_frame,
                options=options,
                workers=workers,
                playback=playback,
                command=_command_line(ctx),
                write_manifest=manifest,
            )
        )
    finally:
        getattr(on_frame, "stop", lambda: None)()
    if sys.stdout.isatty():
        from landscapes.engine.summary import summaries, summary_table

        print(summary_table(summaries(trajectories)))


def _command_line(ctx: typer.Context) -> list[str]:
    """The command line being run, as `landscapes.cli.process.run` received it and handed it to typer
    as the context's object (recorded in manifests)."""
    return ["landscapes", *(ctx.obj or ())]


@app.command()
@grouped
def trajectories(
    ctx: typer.Context,
    output: Annotated[
        str, typer.Option("-o", "--output", help="CSV file to write, or - for standard output.")
    ],
    scene: SceneArgument = None,
    scene_flags: SceneFlags = NO_SCENE_FLAGS,
    run_flags: RunFlags = NO_RUN_FLAGS,
    plugin: PluginOption = None,
    manifest: Annotated[
        bool,
        typer.Option(
            "--manifest/--no-manifest",
            help="Write the manifest (how to compute these paths again) as JSON beside the CSV: "
            "w.csv.json. On by default when -o is a file.",
        ),
    ] = True,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary",
            help="Write one row per optimizer instead of the paths: label,final_loss,gap,steps_to_1e-3,"
            "diverged,starts (the gap to the nearest known minimum; medians over starts).",
        ),
    ] = False,
    internals: Annotated[
        bool,
        typer.Option(
            "--internals",
            help="Add each step's gradient, update and the optimizer's velocity, moment and scale "
            "(columns NAME_x,NAME_y; row i is the step taken from point i).",
        ),
    ] = False,
) -> None:
    """Compute a scene's paths and write them as CSV: label,start,step,x,y,loss (or, with --summary,
    one row per optimizer)."""
    from landscapes.engine.trajectories import enable_compilation_cache, run
    from landscapes.engine.trajectory_csv import write_trajectories
    from landscapes.files import check_writable, write_text

    if output != "-":
        check_writable(Path(output))
    _load_plugins(plugin)
    chosen = scene_flags.scene(scene)
    enable_compilation_cache()
    result = run(run_flags.applied(chosen), internals=internals)
    _warn_divergent(result)
    if summary:
        from landscapes.engine.summary import summaries, write_summary

        rows = summaries(result)
        write = lambda stream: write_summary(rows, stream)  # noqa: E731
    else:
        write = lambda stream: write_trajectories(result, stream)  # noqa: E731
    if output == "-":
        write(sys.stdout)
    else:
        write_text(Path(output), write)
        if manifest:
            from landscapes.manifest import beside, manifest_json, manifest_of

            recipe = manifest_json(manifest_of(result.scene, command=_command_line(ctx)), indent=2)
            write_text(beside(Path(output)), lambda stream: stream.write(recipe + "\n"))


class ColorBy(StrEnum):
    nearest = "nearest"
    loss = "loss"


@app.command()
def basins(
    output: Annotated[Path, typer.Option("-o", "--output", help="Output picture: .png.")],
    scene: Annotated[
        str | None,
        typer.Argument(help="A built-in scene (see `landscapes list scenes`); default: bad-init."),
    ] = None,
    surface: SurfaceOption = None,
    optimizer: OptimizerOption = None,
    steps: StepsOption = None,
    grid: Annotated[
        int,
        typer.Option(
            "--grid", parser=whole_number, help="Start points per side of the grid over the window."
        ),
    ] = 200,
    color_by: Annotated[
        ColorBy,
        typer.Option(
            "--color-by", help="nearest: the known minimum each run ends nearest; loss: its final loss."
        ),
    ] = ColorBy.nearest,
    theme: ThemeOption = LIGHT,
    transparent: TransparentOption = False,
    dpi: DpiOption = None,
    size: SizeOption = None,
    xlim: XlimOption = None,
    ylim: YlimOption = None,
    plugin: PluginOption = None,
) -> None:
    """Map where each optimizer goes from every start of a grid over the window: one panel per optimizer."""
    from animator.basins import check_basins_output

    check_basins_output(output, color_by.value)
    from landscapes.engine.basins import basins as basin_map_of
    from landscapes.engine.basins import check_resolution

    check_resolution(grid)
    _load_plugins(plugin)
    changes = SceneFlags(surface=surface, optimizers=optimizer, steps=steps, xlim=xlim, ylim=ylim)
    chosen = changes.scene(scene or "bad-init", size=size)
    basin_map = basin_map_of(chosen, grid)
    from animator.basins import write_basins
    from animator.outputs import DEFAULT_SIZE
    from animator.style import THEMES

    write_basins(
        basin_map,
        output,
        size=chosen.playback.size or DEFAULT_SIZE,
        color_by=color_by.value,
        theme=THEMES[theme.value],
        transparent=transparent,
        dpi=dpi,
    )


@app.command()
def signals(
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Folder for the PNGs and responses.csv (made if missing).")
    ],
    method: Annotated[
        list[str] | None,
        typer.Option(
            "-m", "--method", help="Repeatable; a method of `landscapes list methods` (default: all)."
        ),
    ] = None,
    signal: Annotated[
        list[str] | None,
        typer.Option(
            "-s", "--signal", help="Repeatable; a signal of `landscapes list signals` (default: all)."
        ),
    ] = None,
    signal_file: Annotated[
        list[Path] | None,
        typer.Option(
            "--signal-file", help="Repeatable; adds a signal read from a file, one number per line."
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            parser=whole_number,
            help="Seed of the noisy signals (default: a fixed seed, so runs repeat).",
        ),
    ] = None,
    show: Annotated[
        str | None,
        typer.Option(
            "--show", help="update: add a panel of each method's update against the gradient it answered."
        ),
    ] = None,
) -> None:
    """The update-response study: one PNG per (method, signal), an overview per signal, responses.csv."""
    from landscapes.files import make_folder, write_text
    from landscapes.study.responses import responses, write_responses

    if show not in (None, "update"):
        raise UserError(
            f"in the study, --show takes only 'update' (the update against the gradient), got {show!r}"
        )
    results = responses(method or [], signal or [], signal_files=signal_file or [], seed=seed)
    make_folder(output)
    from animator.responses import write_pictures

    write_text(output / "responses.csv", lambda stream: write_responses(results, stream))
    write_pictures(results, output, against=show == "update")


class Listing(StrEnum):
    surfaces = "surfaces"
    optimizers = "optimizers"
    scenes = "scenes"
    signals = "signals"
    methods = "methods"


@app.command("list")
def list_(
    what: Annotated[Listing, typer.Argument(help="What to list.")],
    all_: Annotated[
        bool, typer.Option("--all", help="Optimizers: also every optax optimizer, as optax:NAME.")
    ] = False,
    plugin: PluginOption = None,
) -> None:
    """List what is built in, one per line, with a short description."""
    from landscapes.cli.listing import listing

    _load_plugins(plugin)
    typer.echo(listing(what.value, include_all=all_))


def _load_plugins(paths: list[Path] | None) -> None:
    """Run each --plugin file, in order, before anything looks a name up."""
    from landscapes.plugins import load_plugin

    for path in paths or ():
        load_plugin(path)


def _with_gradient_options(scene, clip_norm, clip_value, weight_decay):
    """`scene` with --clip-norm, --clip-value and --weight-decay set on every optimizer that does not
    set its own."""
    from dataclasses import replace

    from landscapes.optimizers.spec import with_settings
    from landscapes.optimizers.transforms import check_gradient_settings

    given = {"clip_norm": clip_norm, "clip_value": clip_value, "weight_decay": weight_decay}
    given = {key: value for key, value in given.items() if value is not None}
    check_gradient_settings(given, options=True)
    return replace(scene, optimizers=tuple(with_settings(spec, given) for spec in scene.optimizers))


def _tuned(scene, names: str | None, criterion: str, budget: int):
    """`scene` tuned as `--tune` asks (unchanged without it); the report's table goes to standard error."""
    from landscapes.engine.tuning import check_budget, check_criterion

    check_criterion(criterion)
    check_budget(budget)
    if names is None:
        return scene
    from landscapes.cli.tune_option import LEARNING_RATE
    from landscapes.engine.tuning import tune

    tuned, report = tune(scene, None if names == LEARNING_RATE else names, criterion=criterion, budget=budget)
    print(report.table(), file=sys.stderr)
    return tuned


def _warn_undrawn(trajectories, show: tuple[str, ...]) -> None:
    """One warning line for each `--show` overlay that some optimizers have nothing to draw for."""
    from animator.overlays import undrawn

    for line in undrawn(trajectories, show):
        print(f"landscapes: warning: {line}", file=sys.stderr)


def _warn_divergent(trajectories) -> None:
    """One warning line on standard error for each optimizer whose paths ran away."""
    from landscapes.engine.divergence import divergences

    for divergence in divergences(trajectories):
        print(f"landscapes: warning: {divergence.describe()}", file=sys.stderr)


def _progress(description: str = "rendering"):
    """Called after each frame (or piece of work): stops if a signal came, and shows a bar on a terminal."""
    if not sys.stderr.isatty():
        return lambda done, total: raise_if_interrupted()
    from rich.progress import Progress

    progress = Progress(transient=True)
    task = progress.add_task(description, total=None)
    progress.start()

    def update(done: int, total: int) -> None:
        raise_if_interrupted()
        progress.update(task, completed=done, total=total)
        if done == total:
            progress.stop()

    update.stop = progress.stop  # for outputs that report no frames (a still), and for failures
    return update
