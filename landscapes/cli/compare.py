"""`landscapes compare`: the leaderboard of optimizers × surfaces, as Markdown, CSV or a heatmap PNG."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from landscapes.cli.commands import (
    CriterionOption,
    PluginOption,
    TuneOption,
    _load_plugins,
    _progress,
    app,
    whole_number,
)
from landscapes.errors import UserError

OUTPUTS = (".csv", ".png", ".md")


@app.command()
def compare(
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="x.csv (one row per pair), x.png (a heatmap) or x.md; default: Markdown to stdout.",
        ),
    ] = None,
    surface: Annotated[
        list[str] | None,
        typer.Option(
            "--surface", help="Repeatable: a surface with known minima (default: every built-in one)."
        ),
    ] = None,
    optimizer: Annotated[
        list[str] | None,
        typer.Option(
            "-O",
            "--optimizer",
            help="Repeatable: a SPEC such as 'adam(lr=0.1)' (default: every classic one).",
        ),
    ] = None,
    starts: Annotated[
        int,
        typer.Option("--starts", parser=whole_number, help="Random starts per surface (seeded by --seed)."),
    ] = 64,
    steps: Annotated[int, typer.Option("--steps", parser=whole_number, help="Optimizer steps.")] = 500,
    seed: Annotated[int, typer.Option("--seed", parser=whole_number, help="Seed of the random starts.")] = 0,
    tune: TuneOption = None,
    criterion: CriterionOption = "tail-loss",
    tune_budget: Annotated[
        int, typer.Option("--tune-budget", parser=whole_number, help="Configurations --tune tries per pair.")
    ] = 256,
    plugin: PluginOption = None,
) -> None:
    """A leaderboard: each optimizer on each surface from many random starts (success rate, steps, gap)."""
    from landscapes.cli.tune_option import LEARNING_RATE
    from landscapes.engine.tuning import check_budget, check_criterion

    if output is not None:
        if output.suffix.lower() not in OUTPUTS:
            raise UserError(
                f"unknown output format {output.suffix or output.name!r}; use one of {', '.join(OUTPUTS)}"
            )
        from landscapes.files import check_writable

        check_writable(output)
    check_criterion(criterion)
    check_budget(tune_budget)
    _load_plugins(plugin)
    from landscapes.engine.compare import compare as leaderboard_of

    board = leaderboard_of(
        optimizer or None,
        surface or None,
        starts=starts,
        steps=steps,
        seed=seed,
        tune=False if tune is None else (True if tune == LEARNING_RATE else tune),
        criterion=criterion,
        budget=tune_budget,
        on_progress=_progress("comparing"),
    )
    if output is None:
        sys.stdout.write(board.markdown())
        return
    if board.found:  # the Markdown says it in its header; a CSV or heatmap says it here
        print(f"compare: {board.found_text()}", file=sys.stderr)
    from landscapes.files import write_text

    if output.suffix.lower() == ".png":
        from animator.leaderboard import write_leaderboard

        write_leaderboard(board, output)
    elif output.suffix.lower() == ".csv":
        write_text(output, board.write_csv)
    else:
        write_text(output, lambda stream: stream.write(board.markdown()))
