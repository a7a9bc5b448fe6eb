"""`--tune` with an optional value: `--tune` alone tunes the learning rate, `--tune lr,momentum` or
`--tune all` more. Click has no optional option values, so a bare `--tune` is spelled out before parsing."""

from __future__ import annotations

import re
from pathlib import Path

TUNE = "--tune"
LEARNING_RATE = "learning-rate"  # what a bare --tune means: each optimizer's lr, unless the spec sets it
_NAMES = re.compile(r"^[A-Za-z_]\w*(,\s*[A-Za-z_]\w*)*$")


def spell_out_bare_tune(arguments: list[str]) -> list[str]:
    """`arguments` with each `--tune` not followed by hyperparameter names made `--tune=learning-rate`.

    A following word counts as names when it reads like `lr` or `lr,momentum` and is not a file
    (a scene file); anything else (an option, the end of the line) leaves `--tune` bare.
    """
    spelled = []
    for index, word in enumerate(arguments):
        following = arguments[index + 1] if index + 1 < len(arguments) else None
        if word == TUNE and not (following and _NAMES.match(following) and not Path(following).exists()):
            word = f"{TUNE}={LEARNING_RATE}"
        spelled.append(word)
    return spelled
