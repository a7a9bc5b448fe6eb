"""Fair comparisons: each optimizer's hyperparameters chosen by a space-filling search that cannot be fooled.

For each optimizer, a Sobol design of `budget` configurations over the declared ranges of the
hyperparameters being tuned (`engine.ranges`), plus the values it already had, is run from every
start of the scene in one vmapped, jitted call (`engine.trials`). A configuration is out if any of
its paths leaves the view (the window plus the divergence margin) or stops being finite; a path
whose last tenth is not inside the window itself scores +∞, so a surface that falls away without
bound is judged by what happens inside the window, not by what flies off fastest. Each remaining
configuration is judged by the median over starts of the criterion, so one lucky start cannot win.

Which hyperparameters: the learning rate by default, every one with a declared range (`all`), or
those named. Values the user set in a spec are kept unless named.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from landscapes.engine.design import MAX_DIMENSIONS, sobol
from landscapes.engine.ranges import Range, range_of
from landscapes.engine.trajectories import resolved
from landscapes.engine.trials import Outcome, run_trials, tail_points
from landscapes.errors import UserError
from landscapes.limits import MAX_TUNE_BUDGET
from landscapes.optimizers.schedules import Schedule
from landscapes.optimizers.spec import OptimizerSpec
from landscapes.scenes.model import Scene, builtin_scenes

LEARNING_RATE_KEYS = ("lr", "learning_rate")
CRITERIA = ("tail-loss", "final-gap", "steps-to-tol", "success-rate")
DEFAULT_CRITERION = "tail-loss"
DEFAULT_BUDGET = 4096
REACH = 0.01  # "within reach of a minimum": this fraction of the window's diagonal
ALL = "all"


@dataclass(frozen=True)
class TuneResult:
    """What tuning chose for one optimizer, what it kept, and how many configurations were out."""

    label: str
    chosen: dict[str, float]
    before: dict[str, float]
    kept: dict[str, float] = field(default_factory=dict)
    score: float = math.nan
    score_before: float = math.nan
    own_out: str = ""
    configurations: int = 0
    left: int = 0
    non_finite: int = 0
    ended_outside: int = 0
    note: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.chosen)

    def report(self) -> str:
        """One line: the chosen values, the criterion before and after, and what was out."""
        if not self.chosen:
            return f"tune: {self.label}: not tuned ({self.note})"
        values, own = _values(self.chosen), _values(self.before)
        line = f"tune: {self.label}: {values} (criterion {self.score:.4g}; {own} gave {self.before_text()})"
        return f"{line}; {self.excluded()}" + (f"; {self.note}" if self.note else "")

    def before_text(self) -> str:
        """The own values' score, and why they were out if they were."""
        return f"{self.score_before:.4g}" + (f" (out: {self.own_out})" if self.own_out else "")

    def excluded(self) -> str:
        """`out: 1,203 of 4,097 (1,191 beyond the margin, 12 not finite)`."""
        counts = zip((self.left, self.ended_outside, self.non_finite), REASONS[1:], strict=True)
        parts = [f"{count:,} {what}" for count, what in counts if count]
        if not parts:
            return f"out: none of {self.configurations:,}"
        total = self.left + self.ended_outside + self.non_finite
        return f"out: {total:,} of {self.configurations:,} ({', '.join(parts)})"


@dataclass(frozen=True)
class TuneReport:
    """Every optimizer's `TuneResult` and what they were judged by: enough to tell a fair comparison."""

    results: tuple[TuneResult, ...]
    criterion: str
    budget: int
    starts: int
    steps: int
    minimum: str
    ranges: dict[str, Range]

    def __iter__(self):
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def __getitem__(self, index: int) -> TuneResult:
        return self.results[index]

    def table(self) -> str:
        """The report for standard error: what was searched and how judged, then one row per optimizer."""
        several = any(len(r.chosen) > 1 and set(r.chosen) & set(LEARNING_RATE_KEYS) for r in self)
        lines = [
            f"tune: {self.budget:,} Sobol configurations per optimizer and its own values, each from "
            f"{self.starts} start{'s' if self.starts != 1 else ''} for {self.steps} steps"
            + (f"; tuning several, also the {self.budget:,} rates tuning lr alone tries" if several else ""),
            f"tune: criterion {self.criterion}: {criterion_meaning(self.criterion, self.steps)}, "
            f"the median over starts; {self.minimum}",
            "tune: out: a configuration with any path that goes beyond the window's margin (half its size "
            "each side), stops being finite, or spends its last tenth outside the window",
        ]
        rows = [("optimizer", "chosen", "criterion", "own values gave", "out")]
        for result in self.results:
            if not result.chosen:
                rows.append((result.label, f"not tuned ({result.note})", "", "", ""))
                continue
            chosen = _values(result.chosen)
            kept = f"; kept {_values(result.kept)}" if result.kept else ""
            rows.append(
                (
                    result.label,
                    chosen + kept + (f" ({result.note})" if result.note else ""),
                    f"{result.score:.4g}",
                    result.before_text(),
                    result.excluded().removeprefix("out: "),
                )
            )
        widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
        lines += [
            "  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in rows
        ]
        if self.ranges:
            searched = "; ".join(f"{name} {found.describe()}" for name, found in self.ranges.items())
            lines.append(f"tune: ranges searched: {searched}")
        return "\n".join(lines)


def _values(values: dict[str, float]) -> str:
    return ", ".join(f"{key}={value:.3g}" for key, value in values.items())


def criterion_meaning(criterion: str, steps: int) -> str:
    """What each criterion measures, in a phrase."""
    return {
        "tail-loss": f"mean loss above the minimum over the last {tail_points(steps)} of {steps} steps, "
        "inside the window",
        "final-gap": "final loss above the minimum, inside the window",
        "steps-to-tol": f"steps until the path stays within {REACH:g} of the window's diagonal of a minimum",
        "success-rate": f"share of starts that end within {REACH:g} of the window's diagonal of a minimum "
        "(higher is better)",
    }[criterion]


def check_criterion(criterion: str) -> None:
    if criterion not in CRITERIA:
        raise UserError(f"unknown --criterion {criterion!r}; use one of {', '.join(CRITERIA)}")


def check_budget(budget: int) -> None:
    if not 1 <= budget <= MAX_TUNE_BUDGET:
        raise UserError(f"--tune-budget must be between 1 and {MAX_TUNE_BUDGET:,}, got {budget}")


def parse_names(text: str | Sequence[str] | None) -> tuple[str, ...] | None:
    """`--tune`'s value: None (the learning rate), `("all",)` or the names, from `lr,momentum` or a list."""
    if text is None:
        return None
    items = text.split(",") if isinstance(text, str) else list(text)
    names = tuple(item.strip() for item in items if item.strip())
    if not names:
        raise UserError("--tune needs hyperparameter names, e.g. --tune lr,momentum or --tune all")
    return names


def names_to_tune(
    spec: OptimizerSpec, hyperparameters: dict[str, float], requested: tuple[str, ...] | None
) -> tuple[tuple[str, ...], dict[str, float]]:
    """(the names to tune for `spec`, the names kept because the spec sets them).

    Only float hyperparameters with a declared range are tuned; a value set in the spec is kept
    unless `requested` names it. A schedule sets a rate's shape, not its level: its peak is tuned
    like a rate the spec does not set.
    """
    explicit = {key for key, value in spec.params if not isinstance(value, Schedule)}
    tunable = [
        key
        for key, value in hyperparameters.items()
        if isinstance(value, float) and not isinstance(value, bool) and range_of(key) is not None
    ]
    if requested is None:
        candidates = [key for key in tunable if key in LEARNING_RATE_KEYS][:1]
    elif ALL in requested:
        candidates = tunable
    else:
        candidates = [key for key in tunable if key in requested]
    named = set(requested or ()) - {ALL}
    kept = {key: hyperparameters[key] for key in candidates if key in explicit and key not in named}
    return tuple(key for key in candidates if key not in kept), kept


def check_requested(requested: tuple[str, ...] | None, every: list[dict[str, float]]) -> None:
    """A `UserError` for a named hyperparameter that no optimizer has, or that has no search range."""
    for name in requested or ():
        if name == ALL:
            continue
        if not any(name in hyperparameters for hyperparameters in every):
            known = sorted({key for hyperparameters in every for key in hyperparameters})
            hint = (
                f"; to tune scene {name!r}, put it first: render {name} --tune"
                if name in builtin_scenes()
                else ""
            )
            raise UserError(
                f"--tune: no optimizer of the scene has a hyperparameter {name!r} "
                f"(they take: {', '.join(known)}){hint}"
            )
        if range_of(name) is None:
            raise UserError(f"--tune: {name!r} has no declared search range, so it cannot be tuned")


def tune(
    scene: Scene,
    names: str | Sequence[str] | None = None,
    *,
    criterion: str = DEFAULT_CRITERION,
    budget: int = DEFAULT_BUDGET,
) -> tuple[Scene, TuneReport]:
    """`scene` with each optimizer's hyperparameters tuned, and the report of what was chosen.

    `names`: None tunes the learning rate, `"all"` every hyperparameter with a declared range,
    `"lr,momentum"` (or a list) those named. Labels are fixed before tuning, so a tuned scene's
    labels match the untuned one's; legends show the chosen values, marked tuned.
    """
    check_criterion(criterion)
    check_budget(budget)
    if scene.panels:
        raise UserError(
            f"tuning works on one surface, got {len(scene.panels)}: tune each surface on its own, or "
            "rank the optimizers over several with `landscapes compare --tune`"
        )
    requested = parse_names(names)
    optimizers = resolved(scene.optimizers)
    check_requested(requested, [optimizer.hyperparameters for optimizer in optimizers])
    minimum_value, minimum_text = known_minimum(scene)
    specs, results, searched = [], [], {}
    for spec, label, entry, hyperparameters in optimizers:
        chosen_names, kept = names_to_tune(spec, hyperparameters, requested)
        if len(chosen_names) > MAX_DIMENSIONS:
            raise UserError(
                f"--tune: at most {MAX_DIMENSIONS} hyperparameters at once, {label} has {len(chosen_names)}"
            )
        if not chosen_names:
            why = f"{_values(kept)} set in the spec" if kept else "nothing with a search range to tune"
            specs.append(replace(spec, label=label))
            results.append(TuneResult(label, {}, {}, kept, note=why))
            continue
        for name in chosen_names:
            searched[name] = range_of(name)
        varied = design(chosen_names, budget, hyperparameters)
        outcome = _trials(scene, entry.factory, hyperparameters, varied, criterion)
        scores = scores_of(outcome, criterion, minimum_value, scene)
        reasons = out_reasons(outcome)
        excluded = reasons != IN
        order = rank(scores, excluded, criterion)
        before = {name: hyperparameters[name] for name in chosen_names}
        own = len(excluded) - 1
        common = dict(
            kept=kept,
            score_before=float(scores[0][own]),
            own_out=REASONS[int(reasons[own])],
            configurations=len(excluded),
            left=int((reasons == LEFT).sum()),
            non_finite=int((reasons == NON_FINITE).sum()),
            ended_outside=int((reasons == ENDED_OUTSIDE).sum()),
        )
        if excluded[order[0]]:
            specs.append(replace(spec, label=label))
            note = "every configuration was out; kept its own values"
            results.append(TuneResult(label, before, before, score=math.inf, note=note, **common))
            continue
        best = int(order[0])
        values = {name: float(varied[name][best]) for name in chosen_names}
        written, note = tuned_params(spec, values)
        specs.append(replace(spec, params=written, label=label, tuned=chosen_names))
        results.append(TuneResult(label, values, before, score=float(scores[0][best]), note=note, **common))
    report = TuneReport(
        tuple(results), criterion, budget, len(scene.starts), scene.steps, minimum_text, searched
    )
    return replace(scene, optimizers=tuple(specs)), report


def tuned_params(
    spec: OptimizerSpec, values: dict[str, float]
) -> tuple[tuple[tuple[str, float | Schedule], ...], str]:
    """The spec's settings with the tuned `values` in, a schedule scaled to its tuned peak, and a note
    naming each schedule so written (empty when there is none)."""
    own = dict(spec.params)
    written = {
        key: own[key].with_peak(value) if isinstance(own.get(key), Schedule) else value
        for key, value in values.items()
    }
    scaled = [f"{key}={value.compact()}" for key, value in written.items() if isinstance(value, Schedule)]
    params = (*((key, value) for key, value in spec.params if key not in written), *written.items())
    return params, (f"the peak of {', '.join(scaled)}" if scaled else "")


def design(names: tuple[str, ...], budget: int, current: dict[str, float]) -> dict[str, np.ndarray]:
    """`budget` Sobol configurations over the names' ranges; with the learning rate among several names,
    also the `budget` rates that tuning it alone tries (the rest at their current values), so a wider
    search never loses to the narrower one; the current values come last.
    """
    unit = sobol(budget, len(names))
    columns = {name: range_of(name).values(unit[:, column]) for column, name in enumerate(names)}
    rate = next((name for name in names if name in LEARNING_RATE_KEYS), None)
    if rate is not None and len(names) > 1:
        alone = range_of(rate).values(sobol(budget, 1)[:, 0])
        columns = {
            name: np.concatenate([values, alone if name == rate else np.full(budget, current[name])])
            for name, values in columns.items()
        }
    return {name: np.append(values, current[name]) for name, values in columns.items()}


def known_minimum(scene: Scene) -> tuple[float | None, str]:
    """The surface's global minimum value if known, and how the report describes the minimum."""
    values = [minimum.value for minimum in scene.surface.minima]
    if values:
        return min(values), f"minimum {min(values):.4g} (known)"
    return None, "minimum: the lowest loss any trial found inside the window"


def targets_of(scene: Scene) -> np.ndarray:
    """The known global minima as (m, 2) points (empty when none are known)."""
    return np.array([(m.x, m.y) for m in scene.surface.minima], dtype=float).reshape(-1, 2)


def reach_of(scene: Scene) -> float:
    """How close to a minimum counts as reaching it: `REACH` of the window's diagonal."""
    (x0, x1), (y0, y1) = scene.xlim, scene.ylim
    return REACH * math.hypot(x1 - x0, y1 - y0)


def _trials(scene: Scene, factory, hyperparameters: dict, varied: dict, criterion: str) -> Outcome:
    """Run the design; criteria that count steps to a minimum, on a surface whose minima are unknown,
    run twice: the first run finds the lowest point, the second measures the way there."""
    targets = targets_of(scene)
    needs_targets = criterion in ("steps-to-tol", "success-rate")

    def run(goals: np.ndarray) -> Outcome:
        return run_trials(
            factory,
            scene.surface.fn,
            hyperparameters,
            varied,
            np.asarray(scene.starts, dtype=float),
            scene.steps,
            (scene.xlim, scene.ylim),
            goals,
            reach_of(scene),
            scene.noise,
            scene.seed,
        )

    outcome = run(targets)
    if needs_targets and not len(targets):
        outcome = run(best_point(outcome)[None])
    return outcome


def best_point(outcome: Outcome) -> np.ndarray:
    """The lowest point any trial found inside the window (the origin if none stayed inside)."""
    losses = outcome.best_loss.ravel()
    if not np.isfinite(losses).any():
        return np.zeros(2)
    return outcome.best_point.reshape(-1, 2)[int(np.nanargmin(losses))]


def scores_of(
    outcome: Outcome, criterion: str, minimum: float | None, scene: Scene
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per configuration: (the criterion, the median steps to settle, the median final gap); all lower
    is better but the success rate."""
    floor = minimum if minimum is not None else _lowest(outcome)
    (x0, x1), (y0, y1) = scene.xlim, scene.ylim
    x, y = outcome.final[..., 0], outcome.final[..., 1]
    with np.errstate(invalid="ignore"):
        ended_inside = (x0 <= x) & (x <= x1) & (y0 <= y) & (y <= y1)
    gap = np.where(ended_inside, outcome.final_loss - floor, np.inf)
    final_gap = np.median(gap, axis=1)
    settled = np.median(outcome.settled, axis=1)
    if criterion == "tail-loss":
        primary = np.median(np.where(outcome.tail_outside, np.inf, outcome.tail_loss - floor), axis=1)
    elif criterion == "final-gap":
        primary = final_gap
    elif criterion == "steps-to-tol":
        primary = settled
    else:
        primary = np.mean(np.isfinite(outcome.settled), axis=1)
    return primary, settled, final_gap


def _lowest(outcome: Outcome) -> float:
    finite = outcome.best_loss[np.isfinite(outcome.best_loss)]
    return float(finite.min()) if finite.size else 0.0


IN, LEFT, ENDED_OUTSIDE, NON_FINITE = 0, 1, 2, 3
REASONS = ("", "beyond the margin", "ended outside", "not finite")


def out_reasons(outcome: Outcome) -> np.ndarray:
    """Per configuration, why it is out (`NON_FINITE`, else `LEFT` the view, else `ENDED_OUTSIDE` the
    window in some path's last tenth), or `IN`."""
    return np.select(
        [outcome.non_finite.any(axis=1), outcome.escaped.any(axis=1), outcome.tail_outside.any(axis=1)],
        [NON_FINITE, LEFT, ENDED_OUTSIDE],
        IN,
    )


def rank(scores: tuple[np.ndarray, ...], excluded: np.ndarray, criterion: str) -> np.ndarray:
    """Configurations best first: not excluded, then by the criterion, steps to settle, final gap, and
    on a tie the optimizer's own values (the last configuration)."""
    primary, settled, final_gap = (np.nan_to_num(s, nan=np.inf) for s in scores)
    if criterion == "success-rate":
        primary = -primary
    not_own = np.arange(len(primary)) != len(primary) - 1
    return np.lexsort((not_own, final_gap, settled, primary, excluded))
