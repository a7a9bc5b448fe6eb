"""`landscapes network`: train a small model with each optimizer and animate the paths on a plane."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from landscapes.cli.commands import (
    FLAT,
    LIGHT,
    OVERLAY,
    DpiOption,
    FpsOption,
    FramesOption,
    Layout,
    OptimizerOption,
    PluginOption,
    SizeOption,
    ThemeOption,
    TransparentOption,
    View,
    _command_line,
    _load_plugins,
    _progress,
    _warn_divergent,
    app,
    whole_number,
)
from landscapes.errors import UserError

DataOption = Annotated[
    str | None,
    typer.Option(
        "--data",
        help="Training data: moons, circles, spirals, xor (two classes) or linear (regression), with a "
        "sample count like moons:500; or a CSV file with a header row (label: its last column).",
    ),
]
ModelOption = Annotated[
    str | None,
    typer.Option("--model", help="mlp:16,16 (hidden layer widths), logistic or linear (default mlp:16,16)."),
]


@app.command()
def network(
    ctx: typer.Context,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Output file: .mp4, .gif or .png (final still).")
    ] = None,
    scene: Annotated[
        Path | None, typer.Argument(help="A network scene file (.toml) with data, model and optimizers.")
    ] = None,
    data: DataOption = None,
    model: ModelOption = None,
    activation: Annotated[
        str | None, typer.Option("--activation", help="Hidden activation of mlp: tanh (default) or relu.")
    ] = None,
    label: Annotated[
        str | None, typer.Option("--label", help="The label column of a CSV (default: its last column).")
    ] = None,
    optimizer: OptimizerOption = None,
    steps: Annotated[int | None, typer.Option("--steps", parser=whole_number, help="Training steps.")] = None,
    batch: Annotated[
        int | None,
        typer.Option(
            "--batch", parser=whole_number, help="Minibatch size (seeded by --seed); default: full batch."
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option("--seed", parser=whole_number, help="Seed of the data, initial weights, minibatches."),
    ] = None,
    plane: Annotated[
        str | None,
        typer.Option(
            "--plane",
            help="pca (principal directions of all paths; default), random (filter-normalised, around the "
            "best end point), endpoints[:A,B] (start and two end points) or FILE.npz.",
        ),
    ] = None,
    resolution: Annotated[
        int | None,
        typer.Option("--resolution", parser=whole_number, help="Loss grid points per side (default 81)."),
    ] = None,
    distance: Annotated[
        bool, typer.Option("--distance", help="Write each head's distance from the plane beside it.")
    ] = False,
    frames: FramesOption = None,
    fps: FpsOption = None,
    size: SizeOption = None,
    plugin: PluginOption = None,
    layout: Annotated[
        Layout, typer.Option("--layout", help="overlay: all paths on one plane; grid: a panel per optimizer.")
    ] = OVERLAY,
    loss_panel: Annotated[
        bool,
        typer.Option(
            "--loss-panel/--no-loss-panel",
            help="The true training loss (and accuracy) against step, beside the plane (default on).",
        ),
    ] = True,
    view: Annotated[View, typer.Option("--view", help="2d: contour map; 3d: shaded surface.")] = FLAT,
    theme: ThemeOption = LIGHT,
    transparent: TransparentOption = False,
    dpi: DpiOption = None,
    tail: Annotated[
        int | None,
        typer.Option(
            "--tail", parser=whole_number, help="Draw only the last N steps of each path, fading out."
        ),
    ] = None,
) -> None:
    """Train a small network with each optimizer from the same weights; animate the paths on a plane."""
    from animator.options import RenderOptions
    from animator.outputs import check_output

    options = RenderOptions(
        layout=layout.value,
        loss_panel=loss_panel,
        view=view.value,
        theme=theme.value,
        transparent=transparent,
        dpi=dpi,
        tail=tail,
    )
    if output is not None:
        check_output(output, options)
    _load_plugins(plugin)
    from landscapes.network.file import load_network_scene
    from landscapes.network.run import NetworkScene
    from landscapes.optimizers.spec import parse_spec
    from landscapes.values import parse_size

    base = load_network_scene(scene) if scene is not None else NetworkScene()
    given = {
        "data": data,
        "model": model,
        "activation": activation,
        "label": label,
        "steps": steps,
        "batch": batch,
        "seed": seed,
        "plane": plane,
        "resolution": resolution,
        "frames": frames,
        "fps": fps,
        "size": parse_size(size) if size else None,
    }
    chosen = replace(base, **{key: value for key, value in given.items() if value is not None})
    if optimizer:
        chosen = replace(chosen, optimizers=tuple(parse_spec(text) for text in optimizer))
    if distance:
        chosen = replace(chosen, show_distance=True)
    if output is None:
        if chosen.output is None:
            raise UserError("missing -o/--output: say where to write, e.g. -o network.mp4")
        output = Path(chosen.output)
        check_output(output, options)
    from animator import render as render_file
    from landscapes.engine.trajectories import enable_compilation_cache
    from landscapes.network.run import run_network

    enable_compilation_cache()
    trajectories = run_network(chosen)
    _warn_divergent(trajectories)
    render_file(trajectories, output, on_frame=_progress(), options=options, command=_command_line(ctx))
