"""Catalogue entries of the hard approximations, shrinkage and step functions.

Framework facts were read from the sources: PyTorch
``tools/autograd/derivatives.yaml`` (hardtanh_backward, hardsigmoid_backward,
hardswish_backward, softshrink_backward, hardshrink_backward,
threshold_backward), ``aten/src/ATen/native/cpu/Activation.cpp`` (the
forward and backward kernels), ``torch/nn/functional.py`` and
``torch/nn/modules/activation.py``; JAX ``jax/_src/nn/functions.py``
(``hard_tanh``, ``hard_sigmoid``, ``hard_silu``, ``sparse_plus``,
``sparse_sigmoid``, and ``relu6``'s custom_jvp), ``jax/_src/numpy/ufuncs.py``
(``heaviside``, ``maximum``), ``jax/_src/numpy/lax_numpy.py`` (``clip``) and
``jax/_src/lax/lax.py`` (max/min split the gradient evenly at a tie); Keras
``keras/src/activations/activations.py`` and ``keras/src/backend/*/nn.py``.
Each ``gradient`` rule mirrors the framework's backward formula, so its value
at a kink or jump is the framework's convention there.
"""

from __future__ import annotations

from collections.abc import Mapping

from sympy import Eq, Expr, Piecewise, Rational, S

from symact.catalogue._helpers import param, step_gradient
from symact.catalogue.record import Activation, FrameworkNote
from symact.functions import (
    binary_step,
    hardshrink,
    hardsigmoid,
    hardswish,
    hardtanh,
    softshrink,
    sparse_plus,
    sparse_sigmoid,
    sqnl,
    threshold,
)

__all__ = ["ENTRIES"]

PYTORCH_SOURCE = "aten/src/ATen/native/cpu/Activation.cpp, tools/autograd/derivatives.yaml"
JAX_SOURCE = "jax/_src/nn/functions.py"
KERAS_SOURCE = "keras/src/activations/activations.py, keras/src/backend/*/nn.py"
KERAS_BACKEND = "the derivative at the kinks follows the backend"


def _inside(x: Expr, low: Expr, high: Expr) -> Expr:
    """An autograd rule that passes the gradient only strictly inside (low, high)."""
    return Piecewise((1, (x > low) & (x < high)), (0, True))


def _shrink_gradient(x: Expr, p: Mapping[str, Expr]) -> Expr:
    """``|x| <= lambd ? 0 : 1``: PyTorch's shrink_backward, and Keras' where forms."""
    lambd = p["lambd"]
    return Piecewise((1, (x > lambd) | (x < -lambd)), (0, True))


def _hardswish_gradient(x: Expr, p: Mapping[str, Expr]) -> Expr:
    """``x <= -3 ? 0 : x < 3 ? x/3 + 1/2 : 1``."""
    return Piecewise((0, x <= -3), (x / 3 + Rational(1, 2), x < 3), (1, True))


HARDTANH = Activation(
    name="hardtanh",
    function=hardtanh,
    family="hard approximation",
    summary="Hard tanh: the input clipped to [min_val, max_val] (default [-1, 1]).",
    aliases=("hard_tanh",),
    parameters=(
        param("min_val", -1, "a", "lower end of the linear region"),
        param("max_val", 1, "b", "upper end of the linear region (max_val >= min_val)"),
    ),
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.nn.functional.hardtanh / torch.nn.Hardtanh",
            gradient=lambda x, p: _inside(x, p["min_val"], p["max_val"]),
            note=(
                "backward is 0 where x <= min_val or x >= max_val: derivative 0 at both corners; "
                "F.hardtanh refuses min_val > max_val, nn.Hardtanh also min_val == max_val; "
                "relu6 is hardtanh(x, 0, 6)"
            ),
            source=PYTORCH_SOURCE,
        ),
        FrameworkNote(
            "jax",
            "jax.nn.hard_tanh",
            gradient=lambda x, p: Piecewise(
                (0, x < p["min_val"]), (0, x > p["max_val"]), (1, True)
            ),
            note=(
                "no min_val/max_val (fixed at -1, 1); where(x > 1, 1, where(x < -1, -1, x)): "
                "derivative 1 at ±1"
            ),
            source=JAX_SOURCE,
        ),
        FrameworkNote(
            "keras",
            "keras.activations.hard_tanh",
            note=f"no min_val/max_val (fixed at -1, 1); {KERAS_BACKEND} (1 on JAX, 0 on PyTorch)",
            source=KERAS_SOURCE,
        ),
    ),
)

HARDSIGMOID = Activation(
    name="hardsigmoid",
    function=hardsigmoid,
    family="hard approximation",
    summary="Hard sigmoid relu6(x + 3)/6: piecewise-linear sigmoid onto [0, 1], slope 1/6.",
    aliases=("hard_sigmoid",),
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.nn.functional.hardsigmoid / torch.nn.Hardsigmoid",
            gradient=lambda x, p: _inside(x, -3, 3) / 6,
            note=(
                "backward is 1/6 only for -3 < x < 3: derivative 0 at ±3; that 1/6 is the "
                "float32 constant 1.0f/6.0f even in float64 (0.16666667163...), and there is "
                "no double backward"
            ),
            source=PYTORCH_SOURCE,
        ),
        FrameworkNote(
            "jax",
            "jax.nn.hard_sigmoid",
            gradient=lambda x, p: _inside(x, -3, 3) / 6,
            note="relu6(x + 3)/6 with relu6's custom_jvp: derivative 0 at ±3",
            source=JAX_SOURCE,
        ),
        FrameworkNote(
            "keras",
            "keras.activations.hard_sigmoid",
            note=(
                "Keras 3: x/6 + 1/2 clipped to [0, 1], as PyTorch. Keras 2 (tf.keras, "
                "keras/backend.py hard_sigmoid) used clip(0.2 x + 0.5, 0, 1): slope 1/5, "
                "saturating at ±2.5 -- a different function"
            ),
            source=KERAS_SOURCE,
        ),
    ),
    references=("Howard et al., Searching for MobileNetV3, ICCV 2019, arXiv:1905.02244",),
)

HARDSWISH = Activation(
    name="hardswish",
    function=hardswish,
    family="hard approximation",
    summary="Hard swish x relu6(x + 3)/6 (MobileNetV3): a piecewise-quadratic SiLU; non-monotonic.",
    aliases=("hard_silu",),
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.nn.functional.hardswish / torch.nn.Hardswish",
            gradient=_hardswish_gradient,
            note=(
                "backward x <= -3 ? 0 : x < 3 ? x/3 + 1/2 : 1: derivative 0 at -3 and 1 at 3 "
                "(the CPU kernel at pytorch commit 02def0c tested x < -3 and x <= 3 in its scalar "
                "loop, giving -1/2 and 3/2); "
                "the forward x * min(max(x + 3, 0), 6)/6 is NaN at x = -inf"
            ),
            source=PYTORCH_SOURCE,
        ),
        FrameworkNote(
            "jax",
            "jax.nn.hard_silu / jax.nn.hard_swish",
            gradient=_hardswish_gradient,
            note="x * relu6(x + 3)/6 with relu6's custom_jvp: derivative 0 at -3 and 1 at 3",
            source=JAX_SOURCE,
        ),
        FrameworkNote(
            "keras",
            "keras.activations.hard_silu / keras.activations.hard_swish",
            note=KERAS_BACKEND,
            source=KERAS_SOURCE,
        ),
    ),
    references=("Howard et al., Searching for MobileNetV3, ICCV 2019, arXiv:1905.02244",),
)

SOFTSHRINK = Activation(
    name="softshrink",
    function=softshrink,
    family="shrinkage",
    summary="Soft shrinkage: x - lambd above lambd, x + lambd below -lambd, 0 in between.",
    aliases=("soft_shrink",),
    parameters=(param("lambd", 0.5, r"\lambda", "half-width of the dead zone", nonnegative=True),),
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.nn.functional.softshrink / torch.nn.Softshrink",
            gradient=_shrink_gradient,
            note="lambd must be >= 0; backward is 0 where |x| <= lambd: derivative 0 at ±lambd",
            source=PYTORCH_SOURCE,
        ),
        FrameworkNote(
            "keras",
            "keras.activations.soft_shrink",
            gradient=_shrink_gradient,
            note=(
                "the parameter is called threshold (default 0.5); a where form on every "
                "backend (PyTorch's softshrink on the torch backend): derivative 0 at ±threshold"
            ),
            source=KERAS_SOURCE,
        ),
    ),
    references=("Donoho, De-noising by soft-thresholding, IEEE Trans. Inf. Theory 41 (1995)",),
)

HARDSHRINK = Activation(
    name="hardshrink",
    function=hardshrink,
    family="shrinkage",
    summary="Hard shrinkage: x where |x| > lambd, 0 otherwise; jumps by lambd at ±lambd.",
    aliases=("hard_shrink",),
    parameters=(param("lambd", 0.5, r"\lambda", "half-width of the dead zone"),),
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.nn.functional.hardshrink / torch.nn.Hardshrink",
            gradient=_shrink_gradient,
            note=(
                "forward and backward are 0 where |x| <= lambd: hardshrink(±lambd) = 0 and "
                "derivative 0 at the jumps; lambd is not checked (lambd < 0 gives the identity)"
            ),
            source=PYTORCH_SOURCE,
        ),
        FrameworkNote(
            "keras",
            "keras.activations.hard_shrink",
            gradient=_shrink_gradient,
            note=(
                "the parameter is called threshold (default 0.5); where(|x| > threshold, x, 0) "
                "on every backend (PyTorch's hardshrink on the torch backend)"
            ),
            source=KERAS_SOURCE,
        ),
    ),
)

THRESHOLD = Activation(
    name="threshold",
    function=threshold,
    family="step",
    summary=(
        "x above the threshold, a constant value otherwise; jumps at the threshold "
        "unless value == threshold."
    ),
    parameters=(
        param(
            "threshold",
            0,
            "t",
            "where it switches (required in PyTorch; 0 is symact's default)",
        ),
        param(
            "value",
            0,
            "v",
            "output for x <= threshold (required in PyTorch; 0 is symact's default)",
        ),
    ),
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.nn.functional.threshold / torch.nn.Threshold",
            gradient=lambda x, p: step_gradient(x - p["threshold"], 1, 0),
            note=(
                "threshold and value have no defaults in PyTorch (symact's 0, 0 make it relu); "
                "x <= threshold gives value, and threshold_backward passes the gradient only "
                "where x > threshold: derivative 0 at the threshold"
            ),
            source=PYTORCH_SOURCE,
        ),
        FrameworkNote(
            "keras",
            "keras.activations.threshold",
            gradient=lambda x, p: step_gradient(x - p["threshold"], 1, 0),
            note=(
                "threshold(x, threshold, default_value), both required; where(x > threshold, "
                "x, default_value) on every backend: derivative 0 at the threshold"
            ),
            source=KERAS_SOURCE,
        ),
    ),
)

BINARY_STEP = Activation(
    name="binary_step",
    function=binary_step,
    family="step",
    summary="Heaviside step, 1 for x >= 0 and 0 for x < 0: the perceptron's activation.",
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.heaviside(x, torch.tensor(1.0))",
            note="not an activation; torch.heaviside has no autograd formula: backward raises",
            source="tools/autograd/derivatives.yaml (no heaviside entry)",
        ),
        FrameworkNote(
            "jax",
            "jax.numpy.heaviside(x, 1.0)",
            gradient=lambda x, p: S.Zero,
            note="nested where of constants: its derivative is 0 everywhere, 0 at the jump",
            source="jax/_src/numpy/ufuncs.py",
        ),
        FrameworkNote(
            "keras",
            "keras.ops.heaviside(x, 1.0)",
            note="an op, not an activation; heaviside(x, v) takes the value v at 0",
            source="keras/src/ops/numpy.py",
        ),
    ),
    references=(
        "McCulloch, Pitts, Bull. Math. Biophys. 5 (1943)",
        "Rosenblatt, The perceptron, Psychol. Rev. 65 (1958)",
    ),
)

SPARSE_SIGMOID = Activation(
    name="sparse_sigmoid",
    function=sparse_sigmoid,
    family="hard approximation",
    summary="Sparse sigmoid clip((x + 1)/2, 0, 1): exactly 0 and 1 outside [-1, 1].",
    frameworks=(
        FrameworkNote(
            "jax",
            "jax.nn.sparse_sigmoid",
            gradient=lambda x, p: Piecewise(
                (0, (x < -1) | (x > 1)),
                (Rational(1, 4), Eq(x, -1) | Eq(x, 1)),
                (Rational(1, 2), True),
            ),
            note=(
                "0.5 * clip(x + 1, 0, 2); clip is maximum then minimum, which split the gradient "
                "evenly at a tie: derivative 1/4 at ±1"
            ),
            source="jax/_src/nn/functions.py, jax/_src/numpy/lax_numpy.py, jax/_src/lax/lax.py",
        ),
        FrameworkNote(
            "keras",
            "keras.activations.sparse_sigmoid",
            note=f"{KERAS_BACKEND} (1/4 on JAX; 0 on PyTorch and TensorFlow, which use where)",
            source=KERAS_SOURCE,
        ),
    ),
    references=(
        "Blondel, Martins, Niculae, Learning with Fenchel-Young losses, arXiv:1901.02324",
        "Courbariaux, Bengio, David, BinaryConnect, NeurIPS 2015, as 'hard sigmoid'",
    ),
)

SPARSE_PLUS = Activation(
    name="sparse_plus",
    function=sparse_plus,
    family="hard approximation",
    summary=(
        "Sparse plus: 0, (x + 1)^2/4, x on (-oo, -1], (-1, 1), [1, oo); "
        "C^1, with derivative sparse_sigmoid."
    ),
    frameworks=(
        FrameworkNote(
            "jax",
            "jax.nn.sparse_plus",
            gradient=lambda x, p: Piecewise((0, x <= -1), ((x + 1) / 2, x < 1), (1, True)),
            note="where(x <= -1, 0, where(x >= 1, x, (x + 1)^2/4)): the exact derivative",
            source=JAX_SOURCE,
        ),
        FrameworkNote("keras", "keras.activations.sparse_plus", source=KERAS_SOURCE),
    ),
    references=("Blondel, Martins, Niculae, Learning with Fenchel-Young losses, arXiv:1901.02324",),
)

SQNL = Activation(
    name="sqnl",
    function=sqnl,
    family="hard approximation",
    summary="Square nonlinearity: x -/+ x^2/4 on [-2, 2], saturating at ±1; C^1, odd.",
    references=("Wuraola, Patel, SQNL: a new computationally efficient activation, IJCNN 2018",),
)

ENTRIES: tuple[Activation, ...] = (
    HARDTANH,
    HARDSIGMOID,
    HARDSWISH,
    SOFTSHRINK,
    HARDSHRINK,
    THRESHOLD,
    BINARY_STEP,
    SPARSE_PLUS,
    SPARSE_SIGMOID,
    SQNL,
)
