"""The catalogue: records, the registry, parameters, framework notes."""

from __future__ import annotations

import pytest
import sympy
from sympy import Rational, S, Symbol

import symact
from symact.calculus import derivative
from symact.catalogue import CATALOGUE, Activation, FrameworkNote, Parameter, Registry
from symact.functions import elu, relu

x = symact.x

NOTES_ACTIVATIONS = [
    *("sigmoid", "tanh", "relu", "leaky_relu", "prelu", "rrelu", "elu", "relu6"),
    *("softplus", "logsigmoid", "silu", "maxout", "softmax"),
]


def test_every_activation_of_the_notes_is_catalogued() -> None:
    assert set(NOTES_ACTIVATIONS) <= set(symact.names())


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("logistic", "sigmoid"),
        ("hard_silu", "hardswish"),
        ("Swish", "swish"),
        ("LeakyReLU", "leaky_relu"),
        ("leaky-relu", "leaky_relu"),
        ("ReLU6", "relu6"),
        ("log_sigmoid", "logsigmoid"),
        ("  ELU ", "elu"),
    ],
)
def test_lookup_forgives_case_and_punctuation(alias: str, name: str) -> None:
    assert symact.get(alias).name == name


def test_unknown_names_suggest_the_nearest() -> None:
    with pytest.raises(symact.UnknownActivationError) as info:
        symact.get("sigmod")
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, symact.SymactError)
    assert info.value.suggestions == ("sigmoid",)
    assert str(info.value) == "unknown activation 'sigmod'; did you mean 'sigmoid'?"
    with pytest.raises(KeyError, match="symact list"):
        symact.get("qwertyuiop")


def test_registry_refuses_collisions() -> None:
    record = symact.get("relu")
    with pytest.raises(ValueError, match="duplicate"):
        Registry([record, record])
    clash = Activation(
        name="rectifier", function=relu, family="rectifier", summary="", aliases=("relu",)
    )
    with pytest.raises(ValueError, match="collides"):
        Registry([record, clash])


def test_records_validate_themselves() -> None:
    with pytest.raises(ValueError, match="lower-case identifier"):
        Activation(name="Bad Name", function=relu, family="f", summary="")
    with pytest.raises(ValueError, match="differ from the function"):
        Activation(name="elu2", function=elu, family="f", summary="")
    with pytest.raises(ValueError, match="symbol"):
        Parameter("alpha", S.One, Symbol("beta"), r"\alpha", "")
    with pytest.raises(symact.ParameterError, match="positive"):
        Parameter("alpha", -S.One, Symbol("alpha", positive=True), r"\alpha", "")
    with pytest.raises(ValueError, match="unknown framework"):
        FrameworkNote("tensorflow1", "tf.nn.relu")


def test_records_are_frozen() -> None:
    record = symact.get("sigmoid")
    with pytest.raises(AttributeError):
        record.name = "other"  # type: ignore[misc]


def test_pytorch_defaults() -> None:
    defaults = {name: symact.get(name).defaults for name in symact.names()}
    assert defaults["leaky_relu"] == {"negative_slope": Rational(1, 100)}
    assert defaults["prelu"] == {"weight": Rational(1, 4)}
    assert defaults["rrelu"] == {"lower": Rational(1, 8), "upper": Rational(1, 3), "slope": None}
    assert defaults["elu"] == {"alpha": 1}
    assert defaults["softplus"] == {"beta": 1}
    assert defaults["sigmoid"] == {}


def test_bind() -> None:
    elu_record = symact.get("elu")
    assert elu_record.bind({"alpha": 0.5}) == {"alpha": S.Half}
    assert elu_record.bind({}, symbolic=True)["alpha"].is_positive
    with pytest.raises(symact.ParameterError, match="no parameter 'beta'"):
        elu_record.bind({"beta": 1})
    with pytest.raises(symact.ParameterError, match="positive"):
        elu_record.bind({"alpha": -1})
    with pytest.raises(symact.ParameterError, match="integer >= 2"):
        symact.get("maxout").bind({"k": 1})


def test_expr_definition_and_derivative_api() -> None:
    record = symact.get("leaky_relu")
    t = Symbol("t", real=True)
    assert record.expr(t, negative_slope=0.2) == symact.functions.leaky_relu(t, Rational(1, 5))
    assert record.definition(t).subs(t, -1) == Rational(-1, 100)
    assert record.derivative(x=t).subs(t, 0) is S.NaN
    assert symact.get("tanh").definition() == (sympy.exp(x) - sympy.exp(-x)) / (
        sympy.exp(x) + sympy.exp(-x)
    )
    with pytest.raises(symact.ParameterError, match="non-negative integer"):
        record.derivative(-1)
    with pytest.raises(symact.ParameterError, match="symbol"):
        record.derivative(x=2 * t)
    with pytest.raises(symact.ParameterError, match="scalar activation"):
        record.jacobian()
    with pytest.raises(symact.ParameterError, match="Jacobian"):
        symact.get("softmax").derivative(2)


def test_derivative_with_respect_to_a_parameter() -> None:
    a = Symbol("weight", real=True)
    assert symact.get("prelu").derivative(wrt="weight") == sympy.Min(0, x)
    assert symact.get("prelu").derivative(wrt=a) == sympy.Min(0, x)
    assert symact.get("prelu").derivative(2, wrt="weight") == 0
    with pytest.raises(symact.ParameterError, match="no parameter"):
        symact.get("relu").derivative(wrt="alpha")
    with pytest.raises(symact.ParameterError, match="cannot differentiate"):
        symact.get("rrelu").derivative(wrt="slope")  # eval mode has no sampled slope


def test_symbolic_parameters() -> None:
    elu_record = symact.get("elu")
    alpha = elu_record.parameter("alpha").symbol
    assert elu_record.definition(symbolic=True).has(alpha)
    assert elu_record.derivative(symbolic=True).subs(x, -1) == alpha * sympy.exp(-1)


# -- framework notes -------------------------------------------------------------

GRADIENT_CASES = [
    (record, note)
    for record in CATALOGUE
    for note in record.frameworks
    if note.gradient is not None
]


@pytest.mark.parametrize(
    ("record", "note"), GRADIENT_CASES, ids=[f"{r.name}-{n.framework}" for r, n in GRADIENT_CASES]
)
def test_framework_gradients_agree_with_the_derivative_away_from_kinks(record, note) -> None:
    """A framework's autograd rule may only differ at the kinks."""
    bound = record.bind({})
    rule = note.gradient(x, bound)
    exact = derivative(record.expr(x), x)
    for at in (Rational(-7, 2), Rational(-1, 3), Rational(1, 3), Rational(7, 2), Rational(13, 2)):
        assert sympy.simplify(rule.subs(x, at) - exact.subs(x, at)) == 0, at


@pytest.mark.parametrize(
    ("name", "framework", "point", "value"),
    [
        ("relu", "pytorch", 0, 0),
        ("relu", "jax", 0, 0),
        ("leaky_relu", "pytorch", 0, Rational(1, 100)),
        ("leaky_relu", "jax", 0, 1),
        ("prelu", "pytorch", 0, Rational(1, 4)),
        ("prelu", "keras", 0, 0),
        ("rrelu", "pytorch", 0, Rational(11, 48)),
        ("relu6", "pytorch", 0, 0),
        ("relu6", "pytorch", 6, 0),
        ("relu6", "jax", 6, 0),
        ("elu", "pytorch", 0, 1),
    ],
)
def test_framework_kink_conventions(name: str, framework: str, point: int, value) -> None:
    """As read in the frameworks' sources (see symact/catalogue/rectifiers.py)."""
    record = symact.get(name)
    note = record.framework(framework)
    assert note is not None
    assert note.gradient is not None
    assert note.gradient(x, record.bind({})).subs(x, point) == value


def test_framework_default_differences_are_recorded() -> None:
    keras = symact.get("leaky_relu").framework("keras")
    assert keras is not None
    assert dict(keras.defaults) == {"negative_slope": Rational(1, 5)}
    assert "0.3" in keras.note
    assert dict(symact.get("prelu").framework("keras").defaults) == {"weight": 0}  # type: ignore[union-attr]
    assert symact.get("maxout").framework("pytorch") is None


def test_formulas_are_rendered_from_the_definitions() -> None:
    for record in CATALOGUE:
        formula = record.formula
        lhs, _, rhs = formula.partition(" = ")
        assert lhs, record.name
        assert rhs, record.name
        assert "\\" in lhs or record.name in lhs, record.name
    assert symact.get("leaky_relu").formula.endswith(r"a x & \text{otherwise} \end{cases}")
    assert r"\beta" in symact.get("softplus").formula
    # optional parameters stay omitted: the formula is RReLU's evaluation mode
    rrelu_formula = symact.get("rrelu").formula
    assert rrelu_formula.startswith(r"\operatorname{RReLU}_{l, u}\left(x\right)")


def test_symbolic_binding_leaves_optional_parameters_out() -> None:
    assert symact.get("rrelu").bind({}, symbolic=True) == {
        "lower": symact.get("rrelu").parameter("lower").symbol,
        "upper": symact.get("rrelu").parameter("upper").symbol,
    }
