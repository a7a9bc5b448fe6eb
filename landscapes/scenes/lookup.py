"""Surfaces by the name or expression a user wrote."""

from __future__ import annotations

from landscapes.errors import UserError, closest, lookup
from surfaces import SURFACES, Surface


def find_surface(text: str) -> Surface:
    """A registered surface by name, else the surface of the expression `text` (`sin(x)*y + x**2`).

    Text that is neither, but is close to a surface's name, gets the "did you mean" hint; otherwise
    the expression's own error, which quotes the offending part.
    """
    if text in SURFACES:
        return SURFACES[text]
    from surfaces.expression import ExpressionError, expression_surface

    try:
        return expression_surface(text)
    except ExpressionError as error:
        if closest(text, SURFACES):
            lookup(SURFACES, text, "surface")
        raise UserError(str(error)) from None
