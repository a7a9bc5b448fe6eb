"""Surfaces typed as text: `sin(3*x)*cos(3*y) + (x**2 + y**2)/4`, compiled to a JAX function.

The text is parsed with Python's `ast` and every node is checked against a whitelist before anything
is built: numbers, `x`, `y`, `pi`, `e`, `+ - * / **`, unary `±`, parentheses and calls to the
functions in `FUNCTIONS`. Comparisons (`< <= > >=`) are allowed only as the condition of `where`,
the one place they mean something. Nothing is ever evaluated in Python: constants become float64
arrays and all arithmetic happens in `jax.numpy`, so the text cannot run code or hang the parser.
"""

from __future__ import annotations

import ast
import math
import warnings
from collections.abc import Callable

import jax.numpy as jnp

from surfaces.base import ContourLevels, Point, Surface

MAX_LENGTH = 2000
MAX_DEPTH = 40
MAX_CONSTANT_EXPONENT = 100.0
DEFAULT_WINDOW: Point = (-3.0, 3.0)
EXPRESSION_NAME = "expression"

FUNCTIONS: dict[str, tuple[int, Callable]] = {
    "sin": (1, jnp.sin),
    "cos": (1, jnp.cos),
    "tan": (1, jnp.tan),
    "arcsin": (1, jnp.arcsin),
    "arccos": (1, jnp.arccos),
    "arctan": (1, jnp.arctan),
    "arctan2": (2, jnp.arctan2),
    "sinh": (1, jnp.sinh),
    "cosh": (1, jnp.cosh),
    "tanh": (1, jnp.tanh),
    "exp": (1, jnp.exp),
    "log": (1, jnp.log),
    "log1p": (1, jnp.log1p),
    "sqrt": (1, jnp.sqrt),
    "abs": (1, jnp.abs),
    "sign": (1, jnp.sign),
    "minimum": (2, jnp.minimum),
    "maximum": (2, jnp.maximum),
    "where": (3, jnp.where),
}
CONSTANTS = {"pi": math.pi, "e": math.e}
VARIABLES = ("x", "y")
BINARY = {
    ast.Add: jnp.add,
    ast.Sub: jnp.subtract,
    ast.Mult: jnp.multiply,
    ast.Div: jnp.divide,
    ast.Pow: jnp.power,
}
UNARY = {ast.UAdd: jnp.positive, ast.USub: jnp.negative}
COMPARISONS = {ast.Lt: jnp.less, ast.LtE: jnp.less_equal, ast.Gt: jnp.greater, ast.GtE: jnp.greater_equal}

# What a compiled node is: a function of the two coordinates.
Term = Callable[[object, object], object]


class ExpressionError(ValueError):
    """The text is not an expression this module accepts; the message quotes the offending part."""


def compile_expression(text: str) -> Callable:
    """`fn(xy) -> scalar` for the expression `text` in x and y, or an `ExpressionError`."""
    term = _Compiler(text).compile()
    return lambda xy: term(xy[0], xy[1])


def expression_surface(text: str) -> Surface:
    """A `Surface` named "expression" whose formula is the text, over the default [−3, 3]² window.

    A scene's window (`--xlim`, `--ylim`) replaces that window; the minima are unknown.
    """
    return Surface(
        name=EXPRESSION_NAME,
        fn=compile_expression(text),
        formula=text.strip(),
        xlim=DEFAULT_WINDOW,
        ylim=DEFAULT_WINDOW,
        levels=ContourLevels("linear", count=20),
        description="A surface typed as an expression.",
    )


class _Compiler:
    """One pass over the syntax tree that checks each node and builds its JAX function."""

    def __init__(self, text: str) -> None:
        self.text = text

    def compile(self) -> Term:
        if len(self.text) > MAX_LENGTH:
            raise ExpressionError(
                f"expression is {len(self.text)} characters long; the limit is {MAX_LENGTH}"
            )
        if not self.text.strip():
            raise ExpressionError("empty expression")
        try:
            with warnings.catch_warnings():
                # Python's own warnings about the text ("invalid decimal literal") would be a second line.
                warnings.simplefilter("ignore")
                tree = ast.parse(self.text.strip(), mode="eval")
        except SyntaxError as error:
            raise ExpressionError(
                f"malformed expression {self._short(self.text.strip())!r}: {error.msg}"
            ) from None
        except (RecursionError, MemoryError, ValueError):
            raise ExpressionError(f"expression {self._short(self.text)!r} is nested too deeply") from None
        self.text = self.text.strip()
        term = self.node(tree.body, depth=0)
        if not any(isinstance(node, ast.Name) and node.id in VARIABLES for node in ast.walk(tree)):
            raise ExpressionError(f"expression {self.text!r} uses neither x nor y")
        return term

    def node(self, node: ast.AST, depth: int) -> Term:
        if depth > MAX_DEPTH:
            raise ExpressionError(
                f"expression is nested more than {MAX_DEPTH} levels deep at {self.quote(node)}"
            )
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp) and type(node.op) in UNARY:
            operand, op = self.node(node.operand, depth + 1), UNARY[type(node.op)]
            return lambda x, y: op(operand(x, y))
        if isinstance(node, ast.BinOp) and type(node.op) in BINARY:
            if isinstance(node.op, ast.Pow):
                self.check_exponent(node.right)
            left, right = self.node(node.left, depth + 1), self.node(node.right, depth + 1)
            op = BINARY[type(node.op)]
            return lambda x, y: op(left(x, y), right(x, y))
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        if isinstance(node, ast.Compare):
            raise ExpressionError(
                f"comparison {self.quote(node)} is only allowed as the first argument of where(...)"
            )
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self.node(child, depth + 1)
        hint = "; powers are written **" if isinstance(getattr(node, "op", None), ast.BitXor) else ""
        raise ExpressionError(f"unsupported {self.describe(node)} {self.quote(node)} in expression{hint}")

    def constant(self, node: ast.Constant) -> Term:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ExpressionError(f"unsupported constant {self.quote(node)} in expression; only numbers")
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            raise ExpressionError(f"number {self.quote(node)} is too large")
        array = jnp.float64(number)
        return lambda x, y: array

    def name(self, node: ast.Name) -> Term:
        if node.id == "x":
            return lambda x, y: x
        if node.id == "y":
            return lambda x, y: y
        if node.id in CONSTANTS:
            array = jnp.float64(CONSTANTS[node.id])
            return lambda x, y: array
        hint = " (functions must be called, e.g. sin(x))" if node.id in FUNCTIONS else ""
        raise ExpressionError(f"unsupported name {node.id!r} in expression{hint}; use x, y, pi, e")

    def call(self, node: ast.Call, depth: int) -> Term:
        if not isinstance(node.func, ast.Name):
            self.node(node.func, depth + 1)
            raise ExpressionError(f"unsupported call {self.quote(node)} in expression")
        if node.func.id not in FUNCTIONS:
            raise ExpressionError(
                f"unsupported name {node.func.id!r} in expression; the functions are {', '.join(FUNCTIONS)}"
            )
        name = node.func.id
        arity, function = FUNCTIONS[name]
        if node.keywords or any(isinstance(arg, ast.Starred) for arg in node.args):
            raise ExpressionError(f"{self.quote(node)}: {name} takes plain positional arguments only")
        if len(node.args) != arity:
            raise ExpressionError(
                f"{self.quote(node)}: {name} takes {arity} argument(s), got {len(node.args)}"
            )
        args = list(node.args)
        terms = [self.condition(args[0], depth + 1)] if name == "where" else [self.node(args[0], depth + 1)]
        terms += [self.node(arg, depth + 1) for arg in args[1:]]
        return lambda x, y: function(*(term(x, y) for term in terms))

    def condition(self, node: ast.AST, depth: int) -> Term:
        """where's condition: a comparison, possibly chained (`-1 < x < 1`), of arithmetic terms."""
        if not isinstance(node, ast.Compare):
            raise ExpressionError(
                f"where's first argument {self.quote(node)} must be a comparison like x < 0"
            )
        for op in node.ops:
            if type(op) not in COMPARISONS:
                raise ExpressionError(f"unsupported comparison in {self.quote(node)}; use < <= > >=")
        operands = [self.node(part, depth + 1) for part in (node.left, *node.comparators)]
        ops = [COMPARISONS[type(op)] for op in node.ops]

        def compare(x, y):
            values = [operand(x, y) for operand in operands]
            result = ops[0](values[0], values[1])
            for op, left, right in zip(ops[1:], values[1:-1], values[2:], strict=True):
                result = jnp.logical_and(result, op(left, right))
            return result

        return compare

    def check_exponent(self, node: ast.AST) -> None:
        """A constant exponent must be plain arithmetic of modest numbers, so it can never explode.

        Exponents that involve x or y are ordinary float64 arithmetic; a constant tower such as
        `9**9**9` is rejected here, before anything is computed.
        """
        if any(isinstance(n, ast.Name) and n.id in VARIABLES for n in ast.walk(node)):
            return
        for part in ast.walk(node):
            too_large = (
                isinstance(part, ast.Constant)
                and isinstance(part.value, int | float)
                and not (abs(part.value) <= MAX_CONSTANT_EXPONENT)
            )
            if (
                too_large
                or isinstance(part, ast.Call)
                or (isinstance(part, ast.BinOp) and isinstance(part.op, ast.Pow))
            ):
                raise ExpressionError(
                    f"constant exponent {self.quote(node)} is not allowed: a constant exponent "
                    f"is arithmetic of numbers within ±{MAX_CONSTANT_EXPONENT:g}, with no powers or calls"
                )

    def quote(self, node: ast.AST) -> str:
        """The node's own text, shortened and in quotes, for error messages."""
        return repr(self._short(ast.get_source_segment(self.text, node) or ast.dump(node)))

    @staticmethod
    def describe(node: ast.AST) -> str:
        kinds = {
            ast.Attribute: "attribute access",
            ast.Subscript: "subscript",
            ast.Lambda: "lambda",
            ast.BoolOp: "boolean operator",
            ast.IfExp: "conditional",
        }
        for kind, text in kinds.items():
            if isinstance(node, kind):
                return text
        if isinstance(node, ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
            return "comprehension"
        if isinstance(node, ast.BinOp | ast.UnaryOp):
            return "operator"
        return "syntax"

    @staticmethod
    def _short(text: str, limit: int = 60) -> str:
        return text if len(text) <= limit else text[: limit - 1] + "…"
