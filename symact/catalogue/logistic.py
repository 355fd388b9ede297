"""Catalogue entries of the sigmoidal and smooth-rectifier activations."""

from __future__ import annotations

import sympy
from sympy import exp

from symact.catalogue._helpers import param
from symact.catalogue.record import Activation, FrameworkNote
from symact.functions import logsigmoid, sigmoid, silu, softplus

__all__ = ["ENTRIES"]

SIGMOID = Activation(
    name="sigmoid",
    function=sigmoid,
    family="sigmoidal",
    summary="Logistic sigmoid: squashes the reals onto (0, 1); sigma' = sigma (1 - sigma).",
    aliases=("logistic",),
    frameworks=(
        FrameworkNote("pytorch", "torch.sigmoid / torch.nn.Sigmoid"),
        FrameworkNote("jax", "jax.nn.sigmoid", note="implemented as lax.logistic"),
        FrameworkNote("keras", "keras.activations.sigmoid"),
    ),
    references=("Verhulst (1845); the logistic function of logistic regression",),
)

TANH = Activation(
    name="tanh",
    function=sympy.tanh,
    family="sigmoidal",
    summary="Hyperbolic tangent: zero-centred sigmoid onto (-1, 1); tanh(x) = 2 sigma(2x) - 1.",
    frameworks=(
        FrameworkNote("pytorch", "torch.tanh / torch.nn.Tanh"),
        FrameworkNote("jax", "jax.numpy.tanh"),
        FrameworkNote("keras", "keras.activations.tanh"),
    ),
    definition_rule=lambda x: (exp(x) - exp(-x)) / (exp(x) + exp(-x)),
    references=("LeCun, Bottou, Orr, Mueller, Efficient BackProp (1998)",),
)

LOGSIGMOID = Activation(
    name="logsigmoid",
    function=logsigmoid,
    family="sigmoidal",
    summary="Logarithm of the sigmoid, -softplus(-x): negative, with derivative sigma(-x).",
    aliases=("log_sigmoid",),
    frameworks=(
        FrameworkNote("pytorch", "torch.nn.functional.logsigmoid / torch.nn.LogSigmoid"),
        FrameworkNote("jax", "jax.nn.log_sigmoid", note="defined as -softplus(-x)"),
        FrameworkNote("keras", "keras.activations.log_sigmoid"),
    ),
)

SOFTPLUS = Activation(
    name="softplus",
    function=softplus,
    family="smooth rectifier",
    summary="Smooth ReLU log(1 + exp(beta x))/beta; its derivative is sigma(beta x).",
    parameters=(param("beta", 1, r"\beta", "sharpness; beta -> oo tends to ReLU", positive=True),),
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.nn.functional.softplus / torch.nn.Softplus",
            note=(
                "also takes threshold=20: returns x where beta*x > threshold, a numerical "
                "shortcut that makes PyTorch's softplus jump by about exp(-20)/beta there"
            ),
            source="aten/src/ATen/native/cpu/Activation.cpp (softplus_kernel)",
        ),
        FrameworkNote("jax", "jax.nn.softplus", note="logaddexp(x, 0); no beta"),
        FrameworkNote("keras", "keras.activations.softplus", note="no beta"),
    ),
    references=("Dugas, Bengio, Belisle, Nadeau, Garcia, NeurIPS 2001",),
)

SILU = Activation(
    name="silu",
    function=silu,
    family="smooth rectifier",
    summary="Sigmoid-weighted linear unit x sigma(x) (swish with beta = 1); non-monotonic.",
    frameworks=(
        FrameworkNote("pytorch", "torch.nn.functional.silu / torch.nn.SiLU"),
        FrameworkNote("jax", "jax.nn.silu", note="jax.nn.swish is the same function"),
        FrameworkNote(
            "keras", "keras.activations.silu", note="keras.activations.swish is an alias"
        ),
    ),
    references=(
        "Hendrycks, Gimpel, arXiv:1606.08415 (2016)",
        "Elfwing, Uchibe, Doya, arXiv:1702.03118 (2017)",
        "Ramachandran, Zoph, Le, arXiv:1710.05941 (2017), as swish",
    ),
)

ENTRIES: tuple[Activation, ...] = (SIGMOID, TANH, LOGSIGMOID, SOFTPLUS, SILU)
