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

from sympy import Expr, Piecewise, Rational, exp

from symact.catalogue._helpers import param, step_gradient
from symact.catalogue.record import Activation, FrameworkNote
from symact.functions import elu, leaky_relu, prelu, relu, relu6, rrelu

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

ENTRIES: tuple[Activation, ...] = (RELU, LEAKY_RELU, PRELU, RRELU, RELU6, ELU)
