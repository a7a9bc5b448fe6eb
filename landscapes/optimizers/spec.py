"""Optimizer SPEC strings: `name`, `name(key=value, …)`, each optionally followed by `@label`."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from landscapes.errors import UserError, closest
from landscapes.optimizers import OptimizerEntry, find_optimizer
from landscapes.optimizers.schedules import (
    LEARNING_RATE_KEYS,
    Schedule,
    is_schedule,
    parse_schedule,
    scheduled,
)
from landscapes.optimizers.transforms import GRADIENT_KEYS, check_gradient_settings, with_gradient_transforms
from landscapes.values import parse_finite

# Arguments may hold one level of parentheses: a schedule, `lr=cosine(0.1, 500)`.
_SPEC = re.compile(
    r"^\s*(?P<name>[A-Za-z_][\w\-:.]*)\s*(?:\((?P<args>(?:[^()]|\([^()]*\))*)\))?\s*(?:@(?P<label>.+))?$"
)
_TOP_LEVEL_COMMA = re.compile(r",(?![^()]*\))")
_KEY = re.compile(r"^[A-Za-z_]\w*$")


@dataclass(frozen=True)
class OptimizerSpec:
    """A named optimizer with the hyperparameters the user set and an optional legend label.

    `color` (any matplotlib colour) replaces the palette's colour for its paths; `tuned` names the
    hyperparameters `--tune` chose, which the legend then always shows.
    """

    name: str
    params: tuple[tuple[str, float | Schedule], ...] = ()
    label: str | None = None
    color: str | None = None
    tuned: tuple[str, ...] = ()

    def __str__(self) -> str:
        args = ", ".join(f"{key}={_format_number(value)}" for key, value in self.params)
        return f"{self.name}({args})" if args else self.name


def _format_number(value: float | Schedule) -> str:
    """Numbers as people write them in a spec, to three digits: `0.25`, `1e-06`; schedules likewise,
    `cosine(0.1, 500)`."""
    return value.compact() if isinstance(value, Schedule) else f"{value:.3g}"


def _parse_value(text: str, spec: str) -> float | Schedule:
    if is_schedule(text):
        return parse_schedule(text, spec)
    return parse_finite(
        text,
        f"bad number {text!r} in optimizer spec {spec!r}",
        f"hyperparameter values must be finite, got {text!r} in {spec!r}",
    )


def parse_spec(text: str) -> OptimizerSpec:
    """Parse `adam(lr=0.25)@fast` into an `OptimizerSpec`; names are checked later, against the registry."""
    match = _SPEC.match(text)
    if not match:
        raise UserError(f"malformed optimizer spec {text!r}; expected e.g. 'adam' or 'adam(lr=0.25)@fast'")
    params: dict[str, float | Schedule] = {}
    args = (match["args"] or "").strip()
    for item in filter(None, (part.strip() for part in _TOP_LEVEL_COMMA.split(args))):
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not _KEY.match(key):
            raise UserError(f"malformed argument {item!r} in optimizer spec {text!r}; expected key=value")
        if key in params:
            raise UserError(f"hyperparameter {key!r} given twice in optimizer spec {text!r}")
        params[key] = _parse_value(value.strip(), text)
    label = match["label"].strip() if match["label"] else None
    if match["label"] is not None and not label:
        raise UserError(f"empty label after '@' in optimizer spec {text!r}")
    return OptimizerSpec(match["name"], tuple(params.items()), label)


def resolve(spec: OptimizerSpec) -> OptimizerEntry:
    """The registry entry of `spec` (`optax:NAME` included), or a `UserError` naming the closest
    valid name or key."""
    entry = find_optimizer(spec.name)
    hyperparameters = entry.hyperparameters
    for key, value in spec.params:
        if key not in hyperparameters and key not in GRADIENT_KEYS:
            near = closest(key, [*hyperparameters, *GRADIENT_KEYS])
            hint = f"; did you mean {', '.join(repr(c) for c in near)}?" if near else ""
            valid = ", ".join(hyperparameters) or "none"
            raise UserError(f"{spec.name} has no hyperparameter {key!r}{hint} (it takes: {valid})")
        if isinstance(value, Schedule) and key not in LEARNING_RATE_KEYS:
            raise UserError(f"only a learning rate takes a schedule, not {key!r} in {str(spec)!r}")
    added = {key: value for key, value in spec.params if key in GRADIENT_KEYS and key not in hyperparameters}
    check_gradient_settings(added, f" in {str(spec)!r}")
    return entry


def with_settings(spec: OptimizerSpec, settings: dict[str, float]) -> OptimizerSpec:
    """`spec` with `settings` added where it does not set the key itself (`--clip-norm` for every
    optimizer, a spec's own `clip_norm` winning)."""
    own = dict(spec.params)
    added = tuple((key, value) for key, value in settings.items() if key not in own)
    return replace(spec, params=spec.params + added) if added else spec


def settings(spec: OptimizerSpec) -> tuple[OptimizerEntry, dict[str, float]]:
    """The spec's registry entry and every hyperparameter's value: its defaults with the spec's settings.

    With clipping or decay keys, or a scheduled learning rate, the entry's factory is the optimizer
    wrapped to apply them (`transforms`, `schedules`), and the values are the ones it takes.
    """
    entry = resolve(spec)
    params = dict(spec.params)
    factory = entry.factory
    # An optimizer's own key of that name (adamw's and lion's decoupled weight_decay) stays its own.
    gradient_keys = tuple(key for key in GRADIENT_KEYS if key in params and key not in entry.hyperparameters)
    if gradient_keys:
        factory = with_gradient_transforms(factory, gradient_keys)
    timed = tuple((key, value) for key, value in spec.params if isinstance(value, Schedule))
    if timed:
        factory = scheduled(factory, timed)
    if factory is not entry.factory:
        entry = replace(entry, factory=factory)
        params = {key: value for key, value in params.items() if not isinstance(value, Schedule)}
    return entry, {**entry.hyperparameters, **params}


def non_default_params(
    spec: OptimizerSpec, hyperparameters: dict[str, float]
) -> tuple[tuple[str, float], ...]:
    """The spec's settings that differ from the optimizer's defaults (and the tuned one), for legends."""
    return tuple(
        (key, value) for key, value in spec.params if hyperparameters.get(key) != value or key in spec.tuned
    )


def legend_text(spec: OptimizerSpec, label: str, hyperparameters: dict[str, float]) -> str:
    """The label, followed by the non-default hyperparameters: `adam (lr=0.25)`.

    A label the user chose (`@fast`) stands alone: it already says what the user wants said.
    """
    changed = non_default_params(spec, hyperparameters)
    if not changed or (spec.label and not spec.tuned):
        return label
    settings = ", ".join(f"{key}={_format_number(value)}" for key, value in changed)
    return f"{label} ({settings}, tuned)" if spec.tuned else f"{label} ({settings})"


def legends_for(specs: tuple[OptimizerSpec, ...], labels: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Each spec's legend text under its label (`legend_text`), the one rule for every run, basin map
    and paths file; a spec whose optimizer is not registered (a CSV's label) is shown by its label."""
    legends = []
    for spec, label in zip(specs, labels, strict=True):
        try:
            entry, _ = settings(spec)
        except UserError:
            legends.append(label)
        else:
            legends.append(legend_text(spec, label, entry.hyperparameters))
    return tuple(legends)
