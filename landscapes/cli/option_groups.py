"""Options that several commands share, declared once as the fields of a frozen dataclass.

A command takes the group as one parameter (`flags: SceneFlags`); `@grouped` spreads the group's fields
into the signature typer reads, in the group's place, and gathers them back into one value per call.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from typing import Any, get_type_hints


def grouped(command: Callable[..., Any]) -> Callable[..., Any]:
    """`command` as typer should see it: each dataclass-typed parameter replaced by that class's fields."""
    signature = inspect.signature(command, eval_str=True)
    groups = {name: p.annotation for name, p in signature.parameters.items() if is_dataclass(p.annotation)}
    parameters: list[inspect.Parameter] = []
    for parameter in signature.parameters.values():
        group = groups.get(parameter.name)
        parameters += _spread(group, parameter.kind) if group else [parameter]

    @functools.wraps(command)
    def gathered(**given: Any) -> Any:
        for name, group in groups.items():
            given[name] = group(**{field.name: given.pop(field.name) for field in fields(group)})
        return command(**given)

    gathered.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    return gathered


def _spread(group: type, kind: inspect._ParameterKind) -> list[inspect.Parameter]:
    """The group's fields as parameters, with their typer annotations and defaults."""
    hints = get_type_hints(group, include_extras=True)
    return [
        inspect.Parameter(f.name, kind, annotation=hints[f.name], default=f.default) for f in fields(group)
    ]
