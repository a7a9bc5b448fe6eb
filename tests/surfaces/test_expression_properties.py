"""Property tests of the expression parser, the one door for untrusted text.

Well-formed expressions are generated as trees of the whitelist grammar; each tree is written as
text for the parser and evaluated independently in plain numpy, and the compiled function must agree
(NaN where the reference is NaN). Junk (random text, and Python that uses names, attributes,
subscripts, lambdas, comprehensions, huge exponents, deep nesting…, alone or spliced into good
expressions) must be rejected with `ExpressionError` or compile to something that evaluates without
raising. Never another exception, never a hang: every compile runs under a hard time limit.

10,000 examples in all under the `full` Hypothesis profile that .ci/run uses, shared out by `SHARES`;
the default `quick` profile (tests/conftest.py) runs a smaller number in the same proportions. Every
one is compiled, and well-formed ones are evaluated, without jit, on a few points at once, which
costs about as much as compiling.
"""

from __future__ import annotations

import math
import signal
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surfaces.expression import MAX_DEPTH, ExpressionError, compile_expression

SHARES = {"well_formed": 0.4, "junk_python": 0.3, "random_text": 0.2, "spliced": 0.1}
# The active profile's max_examples is the number of examples for the four properties together.
EXAMPLES = {name: round(share * settings.default.max_examples) for name, share in SHARES.items()}
settings.register_profile(
    "parser",
    deadline=None,  # the hard limit below is what matters; a slow CI machine must not flake
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PARSER = settings.get_profile("parser")
SECONDS_PER_COMPILE = 5

POINTS = np.random.default_rng(11).uniform(-3, 3, size=(2, 8))
# Within this (relative to the largest magnitude met on the way) a switch such as sign, where or a
# domain edge may flip between two correct float64 evaluations; such points are not compared.
SWITCH_TOLERANCE = 1e-7
COMPARE_RTOL = 1e-6


class Hang(Exception):
    """A compile took longer than `SECONDS_PER_COMPILE`."""


@contextmanager
def time_limit(seconds: float):
    def expire(signum, frame):
        raise Hang(f"compiling took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def compile_or_reject(text: str):
    """The compiled function, or None if the parser refused the text with `ExpressionError`.

    No warning may escape either: one printed while parsing would be a second line on stderr.
    """
    with time_limit(SECONDS_PER_COMPILE), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            return compile_expression(text)
        except ExpressionError:
            return None
        finally:
            assert [str(warning.message) for warning in caught] == [], text


# ----- the grammar, as trees with a text form and a numpy reference ---------------------------------


@dataclass(frozen=True)
class Evaluated:
    """A reference value at every point, the largest magnitude met so far, and where it is unstable."""

    value: np.ndarray
    scale: np.ndarray
    unstable: np.ndarray


def _near(values: np.ndarray, edge: float, scale: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.abs(values - edge) <= SWITCH_TOLERANCE * np.maximum(scale, 1.0)


def _combine(value, *parts: Evaluated, unstable=None) -> Evaluated:
    with np.errstate(all="ignore"):
        magnitude = np.where(np.isfinite(value), np.abs(value), 0.0)
    scale = np.maximum.reduce([magnitude, *(part.scale for part in parts)])
    flags = np.logical_or.reduce([np.zeros(value.shape, bool), *(part.unstable for part in parts)])
    if unstable is not None:
        flags = flags | unstable
    # Near overflow, two correct evaluations may differ between a huge number and inf.
    with np.errstate(all="ignore"):
        flags = flags | (np.abs(value) > 1e250)
    return Evaluated(value, scale, flags)


@dataclass(frozen=True)
class Node:
    def text(self) -> str:
        raise NotImplementedError

    def evaluate(self, x: np.ndarray, y: np.ndarray) -> Evaluated:
        raise NotImplementedError


@dataclass(frozen=True)
class Number(Node):
    value: float

    def text(self) -> str:
        return repr(self.value)

    def evaluate(self, x, y):
        return _combine(np.full(x.shape, self.value))


@dataclass(frozen=True)
class Name(Node):
    name: str

    def text(self) -> str:
        return self.name

    def evaluate(self, x, y):
        values = {"x": x, "y": y, "pi": np.full(x.shape, math.pi), "e": np.full(x.shape, math.e)}
        return _combine(values[self.name].astype(float))


@dataclass(frozen=True)
class Unary(Node):
    op: str
    operand: Node

    def text(self) -> str:
        return f"({self.op}{self.operand.text()})"

    def evaluate(self, x, y):
        inner = self.operand.evaluate(x, y)
        return _combine(-inner.value if self.op == "-" else +inner.value, inner)


@dataclass(frozen=True)
class Binary(Node):
    op: str
    left: Node
    right: Node

    def text(self) -> str:
        return f"({self.left.text()} {self.op} {self.right.text()})"

    def evaluate(self, x, y):
        a, b = self.left.evaluate(x, y), self.right.evaluate(x, y)
        scale = np.maximum(a.scale, b.scale)
        with np.errstate(all="ignore"):
            if self.op == "+":
                return _combine(a.value + b.value, a, b)
            if self.op == "-":
                return _combine(a.value - b.value, a, b)
            if self.op == "*":
                return _combine(a.value * b.value, a, b)
            if self.op == "/":
                return _combine(a.value / b.value, a, b, unstable=_near(b.value, 0.0, scale))
            value = np.power(a.value, b.value)
            # Powers amplify relative errors by the exponent, switch at a zero base, and a negative
            # base has a real power only at whole exponents.
            near_whole = _near(b.value, np.round(b.value), scale)
            unstable = _near(a.value, 0.0, scale) | (np.abs(b.value) > 20) | ((a.value < 0) & near_whole)
            return _combine(value, a, b, unstable=unstable)


UNARY_FUNCTIONS = {
    "sin": (np.sin, ()),
    "cos": (np.cos, ()),
    "tan": (np.tan, ()),
    "arcsin": (np.arcsin, (-1.0, 1.0)),
    "arccos": (np.arccos, (-1.0, 1.0)),
    "arctan": (np.arctan, ()),
    "sinh": (np.sinh, ()),
    "cosh": (np.cosh, ()),
    "tanh": (np.tanh, ()),
    "exp": (np.exp, ()),
    "log": (np.log, (0.0,)),
    "log1p": (np.log1p, (-1.0,)),
    "sqrt": (np.sqrt, (0.0,)),
    "abs": (np.abs, ()),
    "sign": (np.sign, (0.0,)),
}
BINARY_FUNCTIONS = {"arctan2": np.arctan2, "minimum": np.minimum, "maximum": np.maximum}
COMPARISONS = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}


@dataclass(frozen=True)
class Call(Node):
    name: str
    args: tuple[Node, ...]

    def text(self) -> str:
        return f"{self.name}({', '.join(arg.text() for arg in self.args)})"

    def evaluate(self, x, y):
        parts = [arg.evaluate(x, y) for arg in self.args]
        scale = np.maximum.reduce([part.scale for part in parts])
        with np.errstate(all="ignore"):
            if self.name in UNARY_FUNCTIONS:
                function, edges = UNARY_FUNCTIONS[self.name]
                (arg,) = parts
                unstable = np.logical_or.reduce(
                    [np.zeros(x.shape, bool)] + [_near(arg.value, edge, scale) for edge in edges]
                )
                if self.name in ("sin", "cos", "tan"):  # large arguments lose their phase
                    unstable = unstable | (np.abs(arg.value) > 1e6)
                if self.name == "tan":
                    unstable = unstable | (np.abs(np.cos(arg.value)) < 1e-6)
                return _combine(function(arg.value), arg, unstable=unstable)
            a, b = parts
            unstable = (
                _near(a.value, b.value, scale) if self.name != "arctan2" else _near(b.value, 0.0, scale)
            )
            if self.name == "arctan2":
                unstable = unstable | _near(a.value, 0.0, scale)
            return _combine(BINARY_FUNCTIONS[self.name](a.value, b.value), a, b, unstable=unstable)


@dataclass(frozen=True)
class Where(Node):
    operands: tuple[Node, ...]
    ops: tuple[str, ...]
    then: Node
    otherwise: Node

    def text(self) -> str:
        pieces = [self.operands[0].text()]
        for op, operand in zip(self.ops, self.operands[1:], strict=True):
            pieces += [op, operand.text()]
        return f"where({' '.join(pieces)}, {self.then.text()}, {self.otherwise.text()})"

    def evaluate(self, x, y):
        values = [operand.evaluate(x, y) for operand in self.operands]
        then, otherwise = self.then.evaluate(x, y), self.otherwise.evaluate(x, y)
        condition = np.ones(x.shape, bool)
        unstable = np.zeros(x.shape, bool)
        for op, left, right in zip(self.ops, values, values[1:], strict=False):
            with np.errstate(all="ignore"):
                condition &= COMPARISONS[op](left.value, right.value)
            unstable |= _near(left.value, right.value, np.maximum(left.scale, right.scale))
        value = np.where(condition, then.value, otherwise.value)
        return _combine(value, *values, then, otherwise, unstable=unstable)


def _mentions_a_variable(node: Node) -> bool:
    if isinstance(node, Name):
        return node.name in ("x", "y")
    children = {
        Unary: lambda n: [n.operand],
        Binary: lambda n: [n.left, n.right],
        Call: lambda n: list(n.args),
        Where: lambda n: [*n.operands, n.then, n.otherwise],
    }
    for kind, of in children.items():
        if isinstance(node, kind):
            return any(_mentions_a_variable(child) for child in of(node))
    return False


numbers = st.one_of(
    st.integers(0, 20).map(float),
    st.floats(0, 10, allow_nan=False, allow_infinity=False),
    st.sampled_from([0.5, 1e-3, 1e3, 123.456]),
).map(Number)
names = st.sampled_from(["x", "y", "x", "y", "pi", "e"]).map(Name)
leaves = st.one_of(numbers, names)
# A constant exponent: a modest number; any exponent that mentions x or y is free.
small_exponents = st.one_of(st.integers(0, 4).map(float), st.sampled_from([0.5, 1.5, 2.0, 3.0])).map(Number)


comparisons = st.sampled_from(sorted(COMPARISONS))


def _branches(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    variable_children = children.map(with_a_variable)
    return st.one_of(
        st.builds(Unary, st.sampled_from(["-", "+"]), children),
        st.builds(Binary, st.sampled_from(["+", "-", "*", "/"]), children, children),
        st.builds(Binary, st.just("**"), children, st.one_of(small_exponents, variable_children)),
        st.builds(Call, st.sampled_from(sorted(UNARY_FUNCTIONS)), st.tuples(children)),
        st.builds(Call, st.sampled_from(sorted(BINARY_FUNCTIONS)), st.tuples(children, children)),
        st.builds(Where, st.tuples(children, children), st.tuples(comparisons), children, children),
        st.builds(
            Where,
            st.tuples(children, children, children),
            st.tuples(comparisons, comparisons),
            children,
            children,
        ),
    )


def with_a_variable(node: Node) -> Node:
    """`node`, plus x when it mentions neither variable (the parser refuses such expressions)."""
    return node if _mentions_a_variable(node) else Binary("+", node, Name("x"))


trees = st.recursive(leaves, _branches, max_leaves=12).map(with_a_variable)


@settings(PARSER, max_examples=EXAMPLES["well_formed"])
@given(tree=trees)
def test_well_formed_expressions_compile_and_match_the_numpy_reference(tree):
    text = tree.text()
    function = compile_or_reject(text)
    assert function is not None, text
    reference = tree.evaluate(*POINTS)
    got = np.asarray(function(POINTS), dtype=float)
    assert got.shape == POINTS[0].shape
    compared = ~reference.unstable
    expected = reference.value[compared]
    actual = got[compared]
    nan = np.isnan(expected)
    assert np.isnan(actual[nan]).all(), (text, expected, actual)
    infinite = np.isinf(expected)
    assert (actual[infinite] == expected[infinite]).all(), (text, expected, actual)
    finite = ~nan & ~infinite
    tolerance = COMPARE_RTOL * np.maximum(reference.scale[compared][finite], 1.0)
    assert (np.abs(actual[finite] - expected[finite]) <= tolerance).all(), (text, expected, actual)


# ----- junk ------------------------------------------------------------------------------------

HOSTILE = [
    "__import__('os').system('touch pwned')", "open('x').read()", "eval('1')", "exec('x=1')",
    "x.__class__", "x.__class__.__mro__[1].__subclasses__()", "(lambda: x)()", "lambda x: x",
    "[i for i in range(9)]", "{i: i for i in x}", "(i for i in x)", "{x, y}", "x[0]", "x[::-1]",
    "x if y else 1", "not x", "x and y", "x or y", "~x", "x @ y", "x // y", "x % y", "x << y", "x ^ y",
    "x == y", "x != y", "x in y", "x is y", "'text'", "b'bytes'", "f'{x}'", "1j", "True", "None", "...",
    "(x := 1)", "*x", "sin(*x)", "sin(x=1)", "sin()", "sin(x, y)", "where(x, y, 1)", "where(x == y, 1, 2)",
    "9**9**9", "10**1000", "x**9**9**9", "1e400", "99999999999999999999999999999999999**2", "x**1e300",
    "exp(exp(exp(x)))**9**9**9", "sin", "pi()", "x()", "x.real", "await x", "yield x", "sinh(x)(y)",
    "x = 1", "1x", "1if x else y", "'\\q' + x",
    "import os", "del x", "x;y", "x\ny", "#x", "\\x", "$x", "x y", "()", "(x,y)", "[x]", "{}",
    "\x00", "x" * 3000, "sin(" * 60 + "x" + ")" * 60, "-" * 500 + "x",
    "+".join(["x"] * 600), "x" + "**x" * 60, "1" * 5000,
]  # fmt: skip
# Nested just under and over the depth limit: the parser must accept one and refuse the other cleanly.
NESTING = ["sin(" * depth + "x" + ")" * depth for depth in (MAX_DEPTH - 1, MAX_DEPTH + 1, MAX_DEPTH * 3)]
PARENTHESES = ["(" * depth + "x" + ")" * depth for depth in (150, 250)]
FRAGMENTS = st.sampled_from(HOSTILE + NESTING + PARENTHESES)
python_atoms = st.one_of(
    FRAGMENTS,
    st.sampled_from(["x", "y", "sin", "os", "__builtins__", "1", "1.5", "pi", "globals", "getattr"]),
    st.from_regex(r"[a-z_]{1,8}", fullmatch=True),
)


def _python(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    operators = st.sampled_from(["+", "-", "*", "/", "**", "//", "%", "@", "and", "or", "<", "==", "if"])
    return st.one_of(
        st.builds(lambda a, op, b: f"{a} {op} {b}", children, operators, children),
        st.builds(lambda a: f"({a})", children),
        st.builds(lambda f, a: f"{f}({a})", children, children),
        st.builds(lambda a, b: f"{a}.{b}", children, st.sampled_from(["__class__", "__dict__", "real", "x"])),
        st.builds(lambda a, b: f"{a}[{b}]", children, children),
        st.builds(lambda a: f"lambda: {a}", children),
        st.builds(lambda a, b: f"[{a} for x in {b}]", children, children),
    )


python_snippets = st.recursive(python_atoms, _python, max_leaves=8)


def assert_compiles_safely_or_is_refused(text: str) -> None:
    """Either an `ExpressionError`, or a function that evaluates on a few points without raising."""
    function = compile_or_reject(text)
    if function is not None:
        values = np.asarray(function(POINTS[:, :2]), dtype=float)
        assert values.shape == (2,)


@settings(PARSER, max_examples=EXAMPLES["junk_python"])
@given(text=python_snippets)
def test_python_junk_is_refused_or_harmless(text):
    assert_compiles_safely_or_is_refused(text)


@settings(PARSER, max_examples=EXAMPLES["random_text"])
@given(text=st.text(max_size=300) | st.text(alphabet="xy0123456789.+-*/()e, <=>", max_size=120))
def test_random_text_is_refused_or_harmless(text):
    assert_compiles_safely_or_is_refused(text)


@settings(PARSER, max_examples=EXAMPLES["spliced"])
@given(tree=trees, junk=FRAGMENTS, where=st.integers(0, 10_000))
def test_junk_spliced_into_a_good_expression_is_refused_or_harmless(tree, junk, where):
    text = tree.text()
    cut = where % (len(text) + 1)
    assert_compiles_safely_or_is_refused(text[:cut] + junk + text[cut:])


@pytest.mark.parametrize("text", HOSTILE)
def test_every_hostile_fragment_alone_is_refused(text):
    assert compile_or_reject(text) is None, text


def test_the_full_profile_runs_ten_thousand_examples():
    full = settings.get_profile("full").max_examples
    assert full == 10_000
    assert sum(round(share * full) for share in SHARES.values()) == full
