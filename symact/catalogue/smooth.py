"""Catalogue entries of the smooth activations: GELU and its tanh
approximation, Mish, swish, softsign, tanhshrink, squareplus, the identity,
the exponential, and the literature's arctan, ISRU, bent identity, Gaussian
and TanhExp.

Framework facts were read from the sources: PyTorch ``torch/nn/functional.py``,
``torch/nn/modules/activation.py`` and ``aten/src/ATen/native/cpu/Activation.cpp``
(``GeluKernelImpl``, ``GeluBackwardKernelImpl``, ``mish_kernel``,
``mish_backward_kernel``); JAX ``jax/_src/nn/functions.py`` (``gelu``,
``silu``/``swish``, ``mish``, ``soft_sign``, ``squareplus``) and the
``jax.nn.identity`` documentation; Keras ``keras/src/activations/activations.py``
and the keras.io activation reference of Keras 3.13 (``tanh_shrink``,
``squareplus``). None of these activations has a kink, so no framework
gradient rule is needed: autograd computes the derivative itself.
"""

from __future__ import annotations

from symact.catalogue._helpers import param
from symact.catalogue.record import Activation, FrameworkNote
from symact.functions import (
    arctan,
    bent_identity,
    exponential,
    gaussian,
    gelu,
    gelu_tanh,
    identity,
    isru,
    mish,
    softsign,
    squareplus,
    swish,
    tanhexp,
    tanhshrink,
)

__all__ = ["ENTRIES"]

PYTORCH_SOURCE = "torch/nn/functional.py, aten/src/ATen/native/cpu/Activation.cpp"
JAX_SOURCE = "jax/_src/nn/functions.py"
KERAS_SOURCE = "keras/src/activations/activations.py"
NOT_AN_ACTIVATION = "a tensor function, not an activation module"
GELU_PAPER = "Hendrycks, Gimpel, Gaussian Error Linear Units (GELUs), arXiv:1606.08415 (2016)"
FUNCTION_TABLE = "Wikipedia, 'Activation function', table of activation functions"

GELU = Activation(
    name="gelu",
    function=gelu,
    family="smooth rectifier",
    summary=(
        "Gaussian error linear unit x Phi(x), exact (erf form); non-monotonic, "
        "minimum where Phi(x) + x phi(x) = 0."
    ),
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.nn.functional.gelu / torch.nn.GELU",
            note=(
                "approximate='none' (the default) is this function, computed as "
                "x/2 (1 + erf(x/sqrt 2)): 0 in float64 for x below about -8.3, where the "
                "true value is below 1e-16 in size; approximate='tanh' is gelu_tanh"
            ),
            source=PYTORCH_SOURCE,
        ),
        FrameworkNote(
            "jax",
            "jax.nn.gelu(x, approximate=False)",
            note=(
                "jax.nn.gelu defaults to approximate=True, the tanh approximation "
                "(gelu_tanh): pass approximate=False for this function"
            ),
            source=JAX_SOURCE,
        ),
        FrameworkNote(
            "keras",
            "keras.activations.gelu",
            note="approximate=False (the default) is this function; approximate=True is gelu_tanh",
            source=KERAS_SOURCE,
        ),
    ),
    references=(GELU_PAPER,),
)

GELU_TANH = Activation(
    name="gelu_tanh",
    function=gelu_tanh,
    family="smooth rectifier",
    summary=(
        "GELU's tanh approximation x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), "
        "PyTorch's approximate='tanh' and JAX's default."
    ),
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.nn.functional.gelu(x, approximate='tanh') / torch.nn.GELU(approximate='tanh')",
            note=(
                "sqrt(2/pi) is computed as M_SQRT2 * M_2_SQRTPI * 0.5 and 0.044715 is the "
                "double nearest it; not the default (approximate='none' is gelu)"
            ),
            source=PYTORCH_SOURCE,
        ),
        FrameworkNote(
            "jax",
            "jax.nn.gelu",
            note="approximate=True is the default: jax.nn.gelu(x) is this function",
            source=JAX_SOURCE,
        ),
        FrameworkNote(
            "keras",
            "keras.activations.gelu(x, approximate=True)",
            note="not the default (approximate=False is gelu)",
            source=KERAS_SOURCE,
        ),
    ),
    references=(f"{GELU_PAPER}, section 2",),
)

MISH = Activation(
    name="mish",
    function=mish,
    family="smooth rectifier",
    summary="Mish x tanh(softplus(x)): smooth, non-monotonic, bounded below, unbounded above.",
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.nn.functional.mish / torch.nn.Mish",
            note="forward x tanh(log1p(exp(x))); the backward is the declared derivative",
            source=PYTORCH_SOURCE,
        ),
        FrameworkNote("jax", "jax.nn.mish", source=JAX_SOURCE),
        FrameworkNote("keras", "keras.activations.mish", source=KERAS_SOURCE),
    ),
    references=(
        "Misra, Mish: A Self Regularized Non-Monotonic Activation Function, "
        "arXiv:1908.08681 (2019), BMVC 2020",
    ),
)

SWISH = Activation(
    name="swish",
    function=swish,
    family="smooth rectifier",
    summary=(
        "Swish x sigmoid(beta x): beta = 1 is SiLU, beta = 0 is x/2, beta -> oo tends to ReLU."
    ),
    parameters=(
        param("beta", 1, r"\beta", "gate sharpness (constant or trainable)", nonnegative=True),
    ),
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.nn.functional.silu / torch.nn.SiLU",
            note="beta = 1 only: PyTorch has no swish with a beta parameter",
            source="torch/nn/functional.py",
        ),
        FrameworkNote(
            "jax",
            "jax.nn.swish",
            note="an alias of jax.nn.silu: beta = 1 only",
            source=JAX_SOURCE,
        ),
        FrameworkNote(
            "keras",
            "keras.activations.swish",
            note="an alias of keras.activations.silu: beta = 1 only",
            source=KERAS_SOURCE,
        ),
    ),
    references=(
        "Ramachandran, Zoph, Le, Searching for Activation Functions, arXiv:1710.05941 (2017)",
    ),
)

SOFTSIGN = Activation(
    name="softsign",
    function=softsign,
    family="sigmoidal",
    summary="Softsign x/(1 + |x|): odd, onto (-1, 1), polynomial tails; C^1 but not C^2 at 0.",
    aliases=("soft_sign",),
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.nn.functional.softsign / torch.nn.Softsign",
            note="x / (|x| + 1); autograd's derivative at 0 is 1, the true value",
            source="torch/nn/functional.py",
        ),
        FrameworkNote("jax", "jax.nn.soft_sign", source=JAX_SOURCE),
        FrameworkNote("keras", "keras.activations.softsign", source=KERAS_SOURCE),
    ),
    references=(
        "Bergstra, Desjardins, Lamblin, Bengio, Quadratic polynomials learn better image "
        "features, Technical report 1337, Universite de Montreal (2009)",
        "Glorot, Bengio, AISTATS 2010",
    ),
)

TANHSHRINK = Activation(
    name="tanhshrink",
    function=tanhshrink,
    family="shrinkage",
    summary="x - tanh(x): odd, increasing, about x^3/3 near 0; derivative tanh^2.",
    aliases=("tanh_shrink",),
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.nn.functional.tanhshrink / torch.nn.Tanhshrink",
            note="computed as x - tanh(x), which loses all digits for |x| below about 1e-8",
            source="torch/nn/functional.py",
        ),
        FrameworkNote("keras", "keras.activations.tanh_shrink", source=KERAS_SOURCE),
    ),
)

SQUAREPLUS = Activation(
    name="squareplus",
    function=squareplus,
    family="smooth rectifier",
    summary="Squareplus (x + sqrt(x^2 + b))/2: an algebraic softplus, positive, increasing.",
    parameters=(param("b", 4, "b", "smoothness; b -> 0 tends to ReLU", positive=True),),
    frameworks=(
        FrameworkNote("jax", "jax.nn.squareplus", source=JAX_SOURCE),
        FrameworkNote(
            "keras",
            "keras.activations.squareplus",
            note="its docstring credits arXiv:2112.11687 (Barron) to 'Ramachandran et al., 2021'",
            source="keras.io activation reference (Keras 3.13)",
        ),
    ),
    references=(
        "Barron, Squareplus: A Softplus-Like Algebraic Rectifier, arXiv:2112.11687 (2021)",
    ),
)

IDENTITY = Activation(
    name="identity",
    function=identity,
    family="linear",
    summary="The identity x: no activation (Keras' linear).",
    aliases=("linear",),
    frameworks=(
        FrameworkNote("pytorch", "torch.nn.Identity", note="a module; no functional form"),
        FrameworkNote("jax", "jax.nn.identity", source="jax.nn.identity documentation"),
        FrameworkNote("keras", "keras.activations.linear", source=KERAS_SOURCE),
    ),
)

EXPONENTIAL = Activation(
    name="exponential",
    function=exponential,
    family="exponential",
    summary="The exponential e^x: positive, increasing, convex, unbounded slope.",
    frameworks=(
        FrameworkNote("pytorch", "torch.exp", note=NOT_AN_ACTIVATION),
        FrameworkNote("jax", "jax.numpy.exp", note=NOT_AN_ACTIVATION),
        FrameworkNote("keras", "keras.activations.exponential", source=KERAS_SOURCE),
    ),
)

ARCTAN = Activation(
    name="arctan",
    function=arctan,
    family="sigmoidal",
    summary="The arctangent: odd, onto (-pi/2, pi/2), derivative 1/(1 + x^2).",
    frameworks=(
        FrameworkNote("pytorch", "torch.atan", note=NOT_AN_ACTIVATION),
        FrameworkNote("jax", "jax.numpy.arctan", note=NOT_AN_ACTIVATION),
    ),
    references=(FUNCTION_TABLE,),
)

ISRU = Activation(
    name="isru",
    function=isru,
    family="sigmoidal",
    summary="Inverse square root unit x/sqrt(1 + alpha x^2): odd, onto +-1/sqrt(alpha), open.",
    parameters=(
        param("alpha", 1, r"\alpha", "saturation: the range is +-1/sqrt(alpha)", positive=True),
    ),
    references=(
        "Carlile, Delamarter, Kinney, Marti, Whitney, Improving Deep Learning by Inverse Square "
        "Root Linear Units (ISRLUs), arXiv:1710.09967 (2017)",
    ),
)

BENT_IDENTITY = Activation(
    name="bent_identity",
    function=bent_identity,
    family="linear",
    summary="Bent identity (sqrt(x^2 + 1) - 1)/2 + x: convex, slope in (1/2, 3/2).",
    references=(FUNCTION_TABLE,),
)

GAUSSIAN = Activation(
    name="gaussian",
    function=gaussian,
    family="radial basis",
    summary="The Gaussian bump exp(-x^2): even, onto (0, 1], maximum 1 at 0.",
    references=(FUNCTION_TABLE,),
)

TANHEXP = Activation(
    name="tanhexp",
    function=tanhexp,
    family="smooth rectifier",
    summary="TanhExp x tanh(e^x): non-monotonic, bounded below, close to x for x > 1.",
    references=(
        "Liu, Di, TanhExp: A Smooth Activation Function with High Convergence Speed for "
        "Lightweight Neural Networks, IET Computer Vision 15(2) (2021), arXiv:2003.09855",
    ),
)

ENTRIES: tuple[Activation, ...] = (
    GELU,
    GELU_TANH,
    MISH,
    SWISH,
    SOFTSIGN,
    TANHSHRINK,
    SQUAREPLUS,
    IDENTITY,
    EXPONENTIAL,
    ARCTAN,
    ISRU,
    BENT_IDENTITY,
    GAUSSIAN,
    TANHEXP,
)
