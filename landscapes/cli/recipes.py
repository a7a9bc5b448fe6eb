"""What `render` takes besides a scene: a manifest's recorded options under the typed ones, and paths
read from a CSV instead of computed."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import typer

from landscapes.errors import UserError


def merged(ctx: typer.Context, recorded: dict[str, Any], typed: dict[str, Any]) -> dict[str, Any]:
    """The recorded options, each replaced by the option of that name if it was typed on the command
    line; with nothing recorded, every option's value (typed or default)."""
    chosen = {
        key: tuple(value) if isinstance(value, list) else value
        for key, value in recorded.items()
        if key in typed
    }
    for key, value in typed.items():
        source = ctx.get_parameter_source(key)
        if not recorded or (source is not None and source.name not in ("DEFAULT", "DEFAULT_MAP")):
            chosen[key] = value
    return chosen


def view_options(ctx: typer.Context, recorded: dict, typed: dict, output: Path | None = None):
    """`RenderOptions` from the recorded view and the typed options; a recorded see-through background
    applies only to a PNG output."""
    from animator.options import RenderOptions

    chosen = merged(ctx, recorded, typed)
    recorded_only = chosen.get("transparent") and not typed.get("transparent")
    if recorded_only and output is not None and output.suffix.lower() != ".png":
        chosen["transparent"] = False
    return RenderOptions(**chosen)


def scene_file_view(scene: str | None, typed: dict) -> dict:
    """The `[view]` table of a scene file SCENE with the typed options for everything it leaves out,
    as a recorded view that options typed on the line override; checked by building the render
    options from it, so a mistake names the file and the key."""
    from landscapes.scenes.compose import is_scene_file

    if scene is None or not is_scene_file(scene) or not Path(scene).is_file():
        return {}
    from animator.options import scene_file_view as checked_view

    view = checked_view(scene)
    return {**{key: value for key, value in typed.items() if key not in view}, **view}


def refuse_with_paths(paths: Path | None, given: dict[str, Any]) -> None:
    """--paths draws the paths of a file: options that would compute different ones are mistakes."""
    if paths is None:
        return
    clashing = [option for option, value in given.items() if value]
    if clashing:
        raise UserError(
            f"--paths animates the paths in {str(paths)!r} as they are; {', '.join(clashing)} cannot "
            "change them (use --surface, --xlim, --ylim and the view options)"
        )


def paths_file(paths: Path | None, recipe, from_file: Path | None) -> Path | None:
    """The CSV to animate: --paths, or the one a manifest's render was made from (looked for as
    recorded, then beside the file that carried the manifest)."""
    if paths is not None or recipe is None or recipe.paths is None:
        return paths
    recorded = Path(recipe.paths)
    if recorded.exists() or recorded.is_absolute() or from_file is None:
        return recorded
    nearby = from_file.parent / recorded.name
    return nearby if nearby.exists() else recorded


def trajectories_from_csv(
    csv: Path, recipe, surfaces: list[str] | None, size: str | None, xlim: str | None, ylim: str | None
):
    """The CSV's paths on --surface (else the recorded surface), with the window and size typed."""
    from landscapes.engine.trajectory_reader import load_trajectories
    from landscapes.values import parse_size, parse_window

    if surfaces and len(surfaces) > 1:
        raise UserError(f"--paths draws the paths in {str(csv)!r} on one surface; give one --surface")
    surface = surfaces[0] if surfaces else None
    trajectories = load_trajectories(csv, surface, scene=recipe.scene if recipe else None)
    scene = trajectories.scene
    if xlim is not None or ylim is not None:
        window = (
            parse_window(xlim, "x") if xlim is not None else scene.xlim,
            parse_window(ylim, "y") if ylim is not None else scene.ylim,
        )
        scene = replace(scene, window=window)
    if size is not None:
        scene = replace(scene, playback=replace(scene.playback, size=parse_size(size)))
    return replace(trajectories, scene=scene)


def with_warnings_printed(work: Callable[[], Any]) -> Any:
    """Run `work`, printing each `PlaybackWarning` it raises as one `landscapes: warning:` line."""
    from animator.timing import PlaybackWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PlaybackWarning)
        result = work()
    for warning in caught:
        if issubclass(warning.category, PlaybackWarning):
            print(f"landscapes: warning: {warning.message}", file=sys.stderr)
        else:
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    return result


def panel_options(ctx: typer.Context, scene, options, output: Path):
    """The view options for `scene`: with several surfaces a panel each, the grid layout unless
    --layout overlay was typed, which is a mistake there; a `UserError` for what panels cannot have."""
    from animator.outputs import check_panels

    source = ctx.get_parameter_source("layout")
    typed = source is not None and source.name not in ("DEFAULT", "DEFAULT_MAP")
    if scene.panels and typed and options.layout == "overlay":
        raise UserError(
            f"{len(scene.panels)} surfaces are drawn a panel each: --layout overlay cannot put them on one; "
            "leave --layout out or give --layout grid"
        )
    return check_panels(len(scene.panels), options, output)
