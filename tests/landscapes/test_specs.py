"""Optimizer SPEC strings, legend labels and legend texts."""

import pytest

from landscapes.engine.trajectories import labels_for
from landscapes.errors import UserError
from landscapes.optimizers import OPTIMIZERS
from landscapes.optimizers.spec import OptimizerSpec, legend_text, parse_spec, resolve


@pytest.mark.parametrize(
    ("text", "name", "params", "label"),
    [
        ("adam", "adam", (), None),
        ("adam()", "adam", (), None),
        ("adam(lr=0.25)", "adam", (("lr", 0.25),), None),
        ("adam(lr=1e-3)", "adam", (("lr", 0.001),), None),
        ("adam(lr=-2)", "adam", (("lr", -2.0),), None),
        ("nesterov(lr=0.01, momentum=0.975)@slow", "nesterov", (("lr", 0.01), ("momentum", 0.975)), "slow"),
        ("  adam ( lr = 0.25 ,beta1=0.8 )  @  fast  ", "adam", (("lr", 0.25), ("beta1", 0.8)), "fast"),
        ("sgd@plain old sgd", "sgd", (), "plain old sgd"),
        ("adam(lr=0.1,)", "adam", (("lr", 0.1),), None),
    ],
)
def test_parse_spec(text, name, params, label):
    assert parse_spec(text) == OptimizerSpec(name, params, label)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "adam(lr=0.25",
        "adam lr=0.25)",
        "adam(lr)",
        "adam(lr=)",
        "adam(=1)",
        "adam(1lr=2)",
        "adam(lr=abc)",
        "adam(lr=0.1, lr=0.2)",
        "adam(lr=inf)",
        "adam(lr=nan)",
        "adam@",
        "adam@   ",
        "(lr=1)",
        "adam((lr=1))",
    ],
)
def test_malformed_specs_raise_a_user_error(text):
    with pytest.raises(UserError) as error:
        parse_spec(text)
    assert "\n" not in str(error.value)


def test_malformed_spec_message_names_the_spec():
    with pytest.raises(UserError, match=r"lr=abc"):
        parse_spec("adam(lr=abc)")


def test_unknown_optimizer_names_the_closest():
    with pytest.raises(UserError) as error:
        resolve(parse_spec("nesterow(lr=0.1)"))
    assert "'nesterov'" in str(error.value) and "nesterow" in str(error.value)


def test_unknown_hyperparameter_names_the_closest_key():
    with pytest.raises(UserError) as error:
        resolve(parse_spec("adam(betal=0.5)"))
    message = str(error.value)
    assert "betal" in message and "'beta1'" in message


def test_resolve_returns_the_registry_entry():
    assert resolve(parse_spec("rmsprop(rho=0.5)")) is OPTIMIZERS["rmsprop"]


def test_spec_prints_back_as_it_is_written():
    assert str(parse_spec("nesterov( lr=0.01 , momentum=0.975 )@slow")) == "nesterov(lr=0.01, momentum=0.975)"
    assert str(parse_spec("adam")) == "adam"


@pytest.mark.parametrize(
    ("specs", "labels"),
    [
        (["adam", "sgd"], ("adam", "sgd")),
        (["adam(lr=0.1)", "adam(lr=0.2)", "sgd"], ("adam(lr=0.1)", "adam(lr=0.2)", "sgd")),
        (["adam(lr=0.1)@fast", "adam(lr=0.01)@slow"], ("fast", "slow")),
        (["adam@x", "sgd@x", "rmsprop@x"], ("x", "x #2", "x #3")),
        (["adam(lr=0.1)", "adam(lr=0.1)"], ("adam(lr=0.1)", "adam(lr=0.1) #2")),
        (["adam@mine", "adam"], ("mine", "adam(lr=0.1)" if False else "adam")),
    ],
)
def test_labels_are_unique_and_readable(specs, labels):
    result = labels_for(tuple(parse_spec(text) for text in specs))
    assert result == labels
    assert len(set(result)) == len(result)


@pytest.mark.parametrize(
    ("spec", "legend"),
    [
        ("adam(lr=0.25)", "adam (lr=0.25)"),
        ("adam(lr=0.001)", "adam"),
        ("adam(lr=0.001, beta2=0.99)", "adam (beta2=0.99)"),
        ("adagrad(lr=1.0)", "adagrad"),
        ("adadelta(lr=100)", "adadelta (lr=100)"),
        ("rmsprop(lr=0.25, rho=0.9, eps=1e-6)", "rmsprop (lr=0.25)"),
        ("nesterov(momentum=0.975)@slow", "slow"),  # a chosen label stands alone
        ("nesterov(momentum=0.9)@usual", "usual"),
        ("sgd", "sgd"),
    ],
)
def test_legend_shows_non_default_hyperparameters_unless_labelled(spec, legend):
    parsed = parse_spec(spec)
    label = labels_for((parsed,))[0]
    assert legend_text(parsed, label, OPTIMIZERS[parsed.name].hyperparameters) == legend
