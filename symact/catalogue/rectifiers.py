"""Catalogue entries of the rectifier family.

Framework facts were read from the sources: PyTorch
``tools/autograd/derivatives.yaml`` and ``aten/src/ATen/native/cpu/Activation.cpp``
(threshold_backward, leaky_relu_backward, hardtanh_backward, elu_backward,
prelu backward, rrelu_with_noise); JAX ``jax/_src/nn/functions.py``; Keras
``keras/src/activations/activations.py`` and ``keras/src/layers/activations``.
Each ``gradient`` rule mirrors the framework's backward formula, so its value
at a kink is the framework's convention there.
"""

from __future__ import annotations

from collections.abc import Mapping

from sympy import Eq, Expr, Piecewise, Rational, S, exp

from symact.catalogue._helpers import param, step_gradient
from symact.catalogue.record import Activation, FrameworkNote
from symact.functions import (
    SELU_ALPHA,
    SELU_SCALE,
    apl,
    celu,
    elish,
    elu,
    hard_elish,
    isrlu,
    keras_relu,
    leaky_relu,
    prelu,
    relu,
    relu6,
    rrelu,
    selu,
    soft_exponential,
    squared_relu,
    srelu,
)

__all__ = ["ENTRIES"]

PYTORCH_SOURCE = "aten/src/ATen/native/cpu/Activation.cpp, tools/autograd/derivatives.yaml"
JAX_SOURCE = "jax/_src/nn/functions.py"

RELU = Activation(
    name="relu",
    function=relu,
    family="rectifier",
    summary="Rectified linear unit max(0, x): identity for x > 0, zero otherwise.",
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.nn.functional.relu / torch.nn.ReLU",
            gradient=lambda x, p: step_gradient(x, 1, 0),
            note="backward is threshold_backward(grad, x, 0): relu'(0) = 0",
            source=PYTORCH_SOURCE,
        ),
        FrameworkNote(
            "jax",
            "jax.nn.relu",
            gradient=lambda x, p: step_gradient(x, 1, 0),
            note="custom_jvp selecting x > 0: relu'(0) = 0",
            source=JAX_SOURCE,
        ),
        FrameworkNote(
            "keras",
            "keras.activations.relu",
            note="also takes negative_slope=0, max_value=None, threshold=0",
        ),
    ),
    references=("Nair, Hinton, ICML 2010", "Glorot, Bordes, Bengio, AISTATS 2011"),
)

LEAKY_RELU = Activation(
    name="leaky_relu",
    function=leaky_relu,
    family="rectifier",
    summary=(
        "Leaky ReLU: slope negative_slope instead of 0 for x < 0; equal to max(a x, x) for a <= 1."
    ),
    aliases=("lrelu",),
    parameters=(param("negative_slope", 0.01, "a", "slope for x < 0"),),
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.nn.functional.leaky_relu / torch.nn.LeakyReLU",
            gradient=lambda x, p: step_gradient(x, 1, p["negative_slope"]),
            note="backward x > 0 ? grad : grad * negative_slope: derivative at 0 is negative_slope",
            source=PYTORCH_SOURCE,
        ),
        FrameworkNote(
            "jax",
            "jax.nn.leaky_relu",
            gradient=lambda x, p: step_gradient(x, 1, p["negative_slope"], zero_is_positive=True),
            note="where(x >= 0, x, negative_slope * x): derivative at 0 is 1",
            source=JAX_SOURCE,
        ),
        FrameworkNote(
            "keras",
            "keras.activations.leaky_relu / keras.layers.LeakyReLU",
            defaults=(("negative_slope", Rational(1, 5)),),
            note=(
                "the function defaults to 0.2 but the LeakyReLU layer to 0.3; "
                "the derivative at 0 follows the backend (1 on JAX, negative_slope on PyTorch)"
            ),
        ),
    ),
    references=("Maas, Hannun, Ng, ICML 2013 workshop",),
)

PRELU = Activation(
    name="prelu",
    function=prelu,
    family="rectifier",
    summary="Parametric ReLU: leaky ReLU whose slope for x < 0 is a learned weight.",
    parameters=(
        param("weight", 0.25, "a", "learned slope for x < 0 (initial value)", learnable=True),
    ),
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.nn.functional.prelu / torch.nn.PReLU",
            gradient=lambda x, p: step_gradient(x, 1, p["weight"]),
            note="nn.PReLU(num_parameters=1, init=0.25); derivative at 0 is weight",
            source=PYTORCH_SOURCE,
        ),
        FrameworkNote(
            "keras",
            "keras.layers.PReLU",
            defaults=(("weight", Rational(0)),),
            gradient=lambda x, p: Piecewise((1, x > 0), (p["weight"], x < 0), (0, True)),
            note=(
                "alpha_initializer='zeros': the slope starts at 0, not 0.25; computed as "
                "relu(x) - alpha * relu(-x), so the derivative at 0 is 0 (JAX and PyTorch backends)"
            ),
        ),
    ),
    references=("He, Zhang, Ren, Sun, ICCV 2015, arXiv:1502.01852",),
)


def _rrelu_args(params: Mapping[str, Expr]) -> tuple[Expr, ...]:
    return tuple(params[k] for k in ("lower", "upper", "slope") if k in params)


RRELU = Activation(
    name="rrelu",
    function=rrelu,
    family="rectifier",
    summary=(
        "Randomised leaky ReLU: slope a ~ U(lower, upper) for x < 0 in training, "
        "the mean (lower + upper)/2 in evaluation."
    ),
    parameters=(
        param(
            "lower", Rational(1, 8), "l", "lower end of the slope's distribution", nonnegative=True
        ),
        param(
            "upper", Rational(1, 3), "u", "upper end of the slope's distribution", nonnegative=True
        ),
        param(
            "slope",
            None,
            "a",
            "training mode: the sampled slope, lower <= slope <= upper; omit for evaluation mode",
            nonnegative=True,
        ),
    ),
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.nn.functional.rrelu / torch.nn.RReLU",
            gradient=lambda x, p: step_gradient(x, 1, rrelu.slope_of(*_rrelu_args(p))),
            note=(
                "training=False uses (lower + upper)/2; in training each element with x <= 0 "
                "draws its slope from uniform(lower, upper), and the backward reuses it"
            ),
            source="aten/src/ATen/native/Activation.cpp (rrelu_with_noise)",
        ),
    ),
    references=("Xu, Wang, Chen, Li, arXiv:1505.00853 (2015)",),
)


RELU6 = Activation(
    name="relu6",
    function=relu6,
    family="rectifier",
    summary="ReLU clipped at 6, min(max(0, x), 6): bounded, for low-precision arithmetic.",
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.nn.functional.relu6 / torch.nn.ReLU6",
            gradient=lambda x, p: Piecewise((1, (x > 0) & (x < 6)), (0, True)),
            note=(
                "hardtanh(x, 0, 6), whose backward is 0 unless 0 < x < 6: "
                "derivative 0 at 0 and at 6"
            ),
            source=PYTORCH_SOURCE,
        ),
        FrameworkNote(
            "jax",
            "jax.nn.relu6",
            gradient=lambda x, p: Piecewise((1, (x > 0) & (x < 6)), (0, True)),
            note="custom_jvp selecting 0 < x < 6: derivative 0 at 0 and at 6",
            source=JAX_SOURCE,
        ),
        FrameworkNote("keras", "keras.activations.relu6"),
    ),
    references=("Krizhevsky, Convolutional Deep Belief Networks on CIFAR-10 (2010)",),
)

ELU = Activation(
    name="elu",
    function=elu,
    family="rectifier",
    summary=(
        "Exponential linear unit: x for x > 0, alpha (e^x - 1) otherwise; C^1 only for alpha = 1."
    ),
    parameters=(
        param("alpha", 1, r"\alpha", "saturation value -alpha for x -> -oo", positive=True),
    ),
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.nn.functional.elu / torch.nn.ELU",
            gradient=lambda x, p: step_gradient(x, 1, p["alpha"] * exp(x)),
            note="backward x <= 0 ? alpha * exp(x) : 1: derivative alpha at 0",
            source=PYTORCH_SOURCE,
        ),
        FrameworkNote(
            "jax",
            "jax.nn.elu",
            gradient=lambda x, p: step_gradient(x, 1, p["alpha"] * exp(x)),
            note="where(x > 0, x, alpha * expm1(x)): derivative alpha at 0",
            source=JAX_SOURCE,
        ),
        FrameworkNote("keras", "keras.activations.elu / keras.layers.ELU"),
    ),
    references=("Clevert, Unterthiner, Hochreiter, arXiv:1511.07289 (2015)",),
)

# -- issue 8: more rectifiers --------------------------------------------------------

KERAS_SOURCE = "keras/src/activations/activations.py, keras/src/layers/activations/relu.py"
NO_FRAMEWORK = "no built-in in PyTorch, JAX or Keras"

SELU = Activation(
    name="selu",
    function=selu,
    family="rectifier",
    summary=(
        "Scaled ELU, scale * elu(x, alpha) with fixed constants alpha ~ 1.6733, "
        "scale ~ 1.0507; self-normalising under LeCun-normal initialisation."
    ),
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.nn.functional.selu / torch.nn.SELU",
            gradient=lambda x, p: step_gradient(x, SELU_SCALE, SELU_SCALE * SELU_ALPHA * exp(x)),
            note=(
                "elu(x, SELU_ALPHA, SELU_SCALE) with the 32-digit decimals as C++ doubles; "
                "backward x <= 0 ? scale * alpha * exp(x) : scale: derivative scale * alpha at 0. "
                "The decimals are roundings of the paper's fixed-point constants (closed forms "
                "in e, pi and erfc(1/sqrt 2)); symact uses the decimals as exact rationals, so "
                "E[selu(z)] = -1.2e-32, not 0"
            ),
            source="aten/src/ATen/native/Activation.cpp (selu), cpu/Activation.cpp (elu_backward)",
        ),
        FrameworkNote(
            "jax",
            "jax.nn.selu",
            gradient=lambda x, p: step_gradient(x, SELU_SCALE, SELU_SCALE * SELU_ALPHA * exp(x)),
            note="scale * elu(x, alpha), elu as where(x > 0, ...): derivative scale * alpha at 0",
            source=JAX_SOURCE,
        ),
        FrameworkNote(
            "keras",
            "keras.activations.selu",
            note=(
                "each backend's own selu (the NumPy backend writes out the same decimals); "
                "the docstring rounds them to alpha=1.67326324, scale=1.05070098"
            ),
            source=KERAS_SOURCE,
        ),
    ),
    references=("Klambauer, Unterthiner, Mayr, Hochreiter, NeurIPS 2017, arXiv:1706.02515",),
)

CELU = Activation(
    name="celu",
    function=celu,
    family="rectifier",
    summary=(
        "Continuously differentiable ELU: x for x > 0, alpha (e^(x/alpha) - 1) otherwise; "
        "C^1 for every alpha, ELU at alpha = 1."
    ),
    parameters=(
        param("alpha", 1, r"\alpha", "saturation value -alpha for x -> -oo", positive=True),
    ),
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.nn.functional.celu / torch.nn.CELU",
            gradient=lambda x, p: step_gradient(x, 1, exp(x / p["alpha"])),
            note=(
                "elu(x, alpha, 1, 1/alpha); alpha may be negative, not 0; backward "
                "x <= 0 ? exp(x/alpha) : 1. Observed with torch 2.13: the backward rounds "
                "1/alpha to float32 (alpha = 0.7: the float64 derivative is off by ~1e-8 "
                "relative; exact for alpha = 1, 2, 1/2), as a derivatives.yaml formula "
                "1.0/alpha.toFloat() would; PyTorch's own current derivatives.yaml was not "
                "available to confirm the line"
            ),
            source="aten/src/ATen/native/Activation.cpp (celu)",
        ),
        FrameworkNote(
            "jax",
            "jax.nn.celu",
            gradient=lambda x, p: Piecewise((1, x > 0), (exp(x / p["alpha"]), x < 0), (1, True)),
            note=(
                "maximum(x, 0) + alpha * expm1(minimum(x, 0)/alpha); at 0 lax.max and lax.min "
                "give each side half the gradient: 1/2 + 1/2 = 1, the true derivative"
            ),
            source=JAX_SOURCE,
        ),
        FrameworkNote("keras", "keras.activations.celu", source=KERAS_SOURCE),
    ),
    references=("Barron, arXiv:1704.07483 (2017)",),
)


def _keras_jax_slope(v: Expr, slope: Expr, threshold: Expr, top: Expr | None) -> Expr:
    """What ``keras.activations.relu``'s gradient is at ``v`` on the JAX
    backend: ``leaky_relu`` (where(x >= 0, ...)) when only ``negative_slope``
    is set; otherwise ``where(x > threshold, x, 0)`` (or jax.nn.relu, relu6:
    0 at their kinks), then ``jnp.clip`` (lax.max and lax.min: half the
    gradient at a tie), minus ``negative_slope * relu(threshold - x)``."""
    if slope != 0 and top is None and threshold == 0:
        return S.One if v >= 0 else slope
    half = S.Half
    clip = top is not None
    if threshold != 0:
        value, gradient = (v, S.One) if v > threshold else (S.Zero, S.Zero)
    elif top == 6:
        value, gradient, clip = v, S.One if 0 < v < 6 else S.Zero, False
    else:
        value, gradient = (v, S.One) if v > 0 else (S.Zero, S.Zero)
    if clip:
        assert top is not None
        gradient *= S.One if value > 0 else (half if value == 0 else S.Zero)
        clipped = max(value, S.Zero)
        gradient *= S.One if clipped < top else (half if clipped == top else S.Zero)
    return gradient + (slope if slope != 0 and v < threshold else S.Zero)


def _keras_relu_gradient(x: Expr, p: Mapping[str, Expr]) -> Expr:
    """The JAX backend's gradient of ``keras.activations.relu``: the derivative
    away from the breakpoints, :func:`_keras_jax_slope` at them."""
    slope, threshold, top = p["negative_slope"], p["threshold"], p.get("max_value")
    exact = keras_relu(x, *(v for v in (slope, threshold, top) if v is not None)).diff(x)
    if not all(v.is_number for v in (slope, threshold, top) if v is not None):
        return exact
    points = sorted({threshold, S.Zero} | ({top} if top is not None else set()))
    at_points = [(_keras_jax_slope(k, slope, threshold, top), Eq(x, k)) for k in points]
    return Piecewise(*at_points, (exact, True))


KERAS_RELU = Activation(
    name="keras_relu",
    function=keras_relu,
    family="rectifier",
    summary=(
        "Keras's generalised ReLU: negative_slope (x - threshold) up to threshold, x above "
        "(clipped to [0, max_value] if given); a nonzero threshold is a jump."
    ),
    parameters=(
        param("negative_slope", 0, "a", "slope for x <= threshold"),
        param("threshold", 0, "t", "up to it (included) the negative_slope line, 0 at it"),
        param(
            "max_value",
            None,
            "m",
            "if given (m > 0), the part above threshold is clipped to [0, m]; omit for None",
            positive=True,
        ),
    ),
    frameworks=(
        FrameworkNote(
            "keras",
            "keras.activations.relu / keras.layers.ReLU",
            gradient=_keras_relu_gradient,
            note=(
                "computed as where(x > threshold, x, 0), clipped to [0, max_value] only when "
                "max_value is given, minus negative_slope * relu(threshold - x): 0 at x = "
                "threshold, although the ReLU layer's docstring says x for threshold <= x; "
                "with threshold < 0 and no max_value the values on (threshold, 0) are x, with "
                "max_value they are 0. Keras's order is (x, negative_slope, max_value, "
                "threshold), the layer's (max_value, negative_slope, threshold), symact's "
                "(negative_slope, threshold, max_value): pass them by name. The layer refuses "
                "negative values of all three. Gradient rule: the JAX backend (leaky_relu "
                "path 1 at 0; relu, relu6 and where 0 at their kinks; clip 1/2 at a bound); "
                "on PyTorch and TensorFlow the kink values differ"
            ),
            source=KERAS_SOURCE,
        ),
    ),
    references=("Keras documentation, keras.activations.relu",),
)

SQUARED_RELU = Activation(
    name="squared_relu",
    function=squared_relu,
    family="rectifier",
    summary="Squared ReLU max(0, x)^2 (Primer): C^1, convex, derivative 2 relu(x).",
    aliases=("relu_squared", "relu2"),
    doc=NO_FRAMEWORK,
    references=("So, Manke, Liu, Dai, Shazeer, Le, NeurIPS 2021, arXiv:2109.08668",),
)

SRELU = Activation(
    name="srelu",
    function=srelu,
    family="rectifier",
    summary=(
        "S-shaped ReLU: identity between t_left and t_right, slopes a_left and a_right "
        "outside; continuous, four learned parameters."
    ),
    aliases=("s_relu",),
    parameters=(
        param("t_left", -1, "t_l", "left threshold (illustrative default)"),
        param("a_left", "0.1", "a_l", "slope left of t_left (illustrative default)"),
        param("t_right", 2, "t_r", "right threshold, t_right >= t_left (illustrative default)"),
        param("a_right", "0.5", "a_r", "slope right of t_right (illustrative default)"),
    ),
    doc=(
        NO_FRAMEWORK + " (keras-contrib's SReLU layer initialised them randomly); the "
        "defaults are illustrative exact values, not a framework's"
    ),
    references=("Jin, Xu, Feng, Wei, Xiong, Yan, AAAI 2016, arXiv:1512.07030",),
)

APL = Activation(
    name="apl",
    function=apl,
    family="rectifier",
    summary=(
        "Adaptive piecewise linear unit with two hinges: relu(x) + a1 relu(b1 - x) "
        "+ a2 relu(b2 - x), all four learned."
    ),
    aliases=("adaptive_piecewise_linear",),
    parameters=(
        param("a1", "0.2", "a_1", "slope change at the first hinge (illustrative default)"),
        param("b1", 1, "b_1", "first hinge location (illustrative default)"),
        param("a2", "-0.1", "a_2", "slope change at the second hinge (illustrative default)"),
        param("b2", -1, "b_2", "second hinge location (illustrative default)"),
    ),
    doc=(
        NO_FRAMEWORK + "; the paper's S hinges are fixed at S = 2 here, and the defaults "
        "are illustrative exact values"
    ),
    references=("Agostinelli, Hoffman, Sadowski, Baldi, ICLR 2015 workshop, arXiv:1412.6830",),
)

ISRLU = Activation(
    name="isrlu",
    function=isrlu,
    family="rectifier",
    summary=(
        "Inverse square root linear unit: x for x >= 0, x/sqrt(1 + alpha x^2) below; "
        "saturates at -1/sqrt(alpha), C^2."
    ),
    parameters=(
        param("alpha", 1, r"\alpha", "saturation value -1/sqrt(alpha) for x -> -oo", positive=True),
    ),
    doc=NO_FRAMEWORK,
    references=("Carlile, Delamarter, Kinney, Marti, Whitney, arXiv:1710.09967 (2017)",),
)

ELISH = Activation(
    name="elish",
    function=elish,
    family="rectifier",
    summary=(
        "Exponential linear sigmoid squashing: x sigma(x) for x >= 0, (e^x - 1) sigma(x) "
        "below, i.e. elu(x) sigma(x); C^1."
    ),
    doc=NO_FRAMEWORK,
    references=("Basirat, Roth, arXiv:1808.00783 (2018)",),
)

HARD_ELISH = Activation(
    name="hard_elish",
    function=hard_elish,
    family="rectifier",
    summary=("Hard ELiSH: elu(x) max(0, min(1, (x + 1)/2)); zero below -1, kinks at -1 and 1."),
    aliases=("hardelish",),
    doc=NO_FRAMEWORK,
    references=("Basirat, Roth, arXiv:1808.00783 (2018)",),
)

SOFT_EXPONENTIAL = Activation(
    name="soft_exponential",
    function=soft_exponential,
    family="rectifier",
    summary=(
        "Soft exponential: log-like for alpha < 0, the identity at alpha = 0, "
        "(e^(alpha x) - 1)/alpha + alpha for alpha > 0; learned alpha."
    ),
    aliases=("softexp",),
    parameters=(
        param(
            "alpha",
            0,
            r"\alpha",
            "shape, learned; alpha < 0 (log-like, defined only for x > 1/alpha - alpha) "
            "is left to the function class: the catalogue keeps alpha >= 0",
            learnable=True,
            nonnegative=True,
        ),
    ),
    doc=(
        NO_FRAMEWORK + "; default alpha = 0 (the identity), where the paper's continuum "
        "passes from the logarithmic to the exponential branch"
    ),
    references=("Godfrey, Gashler, arXiv:1602.01321 (2016)",),
)

ENTRIES: tuple[Activation, ...] = (
    RELU,
    LEAKY_RELU,
    PRELU,
    RRELU,
    RELU6,
    ELU,
    SELU,
    CELU,
    KERAS_RELU,
    SQUARED_RELU,
    SRELU,
    APL,
    ISRLU,
    ELISH,
    HARD_ELISH,
    SOFT_EXPONENTIAL,
)
