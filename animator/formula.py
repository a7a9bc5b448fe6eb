"""Formulas as a slide shows them: `(x**2 + y**2)/4 - 3*sqrt(x)` reads `(x² + y²)/4 − 3·√(x)`."""

from __future__ import annotations

import re

SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
RULES = (
    (re.compile(r"\s*\*\*\s*(-?\d+)(?![\d.])"), lambda m: m.group(1).translate(SUPERSCRIPTS)),
    (re.compile(r"\s*\*\*\s*"), lambda m: "^"),
    (re.compile(r"\s*\*\s*"), lambda m: "·"),
    (re.compile(r"\bsqrt\("), lambda m: "√("),
    (re.compile(r"\bpi\b"), lambda m: "π"),
    (re.compile(r"-"), lambda m: "−"),
)


def pretty_formula(text: str) -> str:
    """`text` with powers as superscripts, `·` for `*`, `√`, `π` and a true minus sign."""
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    return text.strip()
