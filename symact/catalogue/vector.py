"""Catalogue entries of the vector activations: softmax, log_softmax, softmin,
sparsemax, glu, logsumexp and maxout.

Framework facts were read from the sources: PyTorch ``torch/nn/functional.py``
(softmax, softmin, log_softmax, glu, ``_get_softmax_dim``) and the
``torch.logsumexp`` docstring of PyTorch 2.13; JAX ``jax/_src/nn/functions.py``
and ``jax/_src/ops/special.py`` (logsumexp); Keras
``keras/src/activations/activations.py``, ``keras/src/ops/math.py`` and
``keras/src/backend/*/nn.py`` (sparsemax), Keras 3.16.0 at master of
2026-08-21.
"""

from __future__ import annotations

from symact.catalogue._helpers import size_param
from symact.catalogue.record import Activation, FrameworkNote
from symact.functions import glu, log_softmax, logsumexp, maxout, softmax, softmin, sparsemax

__all__ = ["ENTRIES"]

TORCH_SOURCE = "torch/nn/functional.py"
JAX_SOURCE = "jax/_src/nn/functions.py"
KERAS_SOURCE = "keras/src/activations/activations.py"
SOFTMAX_DIM = (
    "dim has no safe default: an implicit dim is deprecated (it picks 0 for 0-, 1- and "
    "3-dimensional inputs, else 1)"
)

SOFTMAX = Activation(
    name="softmax",
    function=softmax,
    family="vector",
    summary=(
        "Normalised exponential onto the probability simplex; ds_i/dz_j = s_i (delta_ij - s_j)."
    ),
    parameters=(size_param("n", 3, 1, "length of the input vector z1 ... zn"),),
    vector=True,
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.nn.functional.softmax / torch.nn.Softmax",
            note="dim has no safe default: an implicit dim is deprecated",
        ),
        FrameworkNote("jax", "jax.nn.softmax", note="axis=-1"),
        FrameworkNote("keras", "keras.activations.softmax", note="axis=-1"),
    ),
    references=("Bridle, Probabilistic interpretation of feedforward network outputs (1990)",),
)

LOG_SOFTMAX = Activation(
    name="log_softmax",
    function=log_softmax,
    family="vector",
    summary=(
        "Logarithm of the softmax, z_i - logsumexp(z), computed without forming the softmax; "
        "d/dz_j = delta_ij - s_j."
    ),
    parameters=(size_param("n", 3, 1, "length of the input vector z1 ... zn"),),
    vector=True,
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.nn.functional.log_softmax / torch.nn.LogSoftmax",
            note=(
                SOFTMAX_DIM + "; computed as one fused op shifted by the maximum, with log, "
                "not log1p: the largest input's component is 0.0 where it is -sum_j "
                "exp(z_j - max) > -1e-16 (log_softmax(40, 0, 0)_1 = -8.5e-18)"
            ),
            source=TORCH_SOURCE,
        ),
        FrameworkNote(
            "jax",
            "jax.nn.log_softmax",
            note=(
                "axis=-1; shifts by the maximum (stop_gradient); documented to give NaN "
                "everywhere if an input is +inf"
            ),
            source=JAX_SOURCE,
        ),
        FrameworkNote(
            "keras",
            "keras.activations.log_softmax / keras.ops.log_softmax",
            note="axis=-1",
            source=KERAS_SOURCE,
        ),
    ),
    references=(
        "Bridle, Probabilistic interpretation of feedforward network outputs (1990)",
        "PyTorch documentation, torch.nn.LogSoftmax",
    ),
)

SOFTMIN = Activation(
    name="softmin",
    function=softmin,
    family="vector",
    summary=(
        "Softmax of -z: weights concentrate on the smallest input; "
        "dm_i/dz_j = -m_i (delta_ij - m_j)."
    ),
    parameters=(size_param("n", 3, 1, "length of the input vector z1 ... zn"),),
    vector=True,
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.nn.functional.softmin / torch.nn.Softmin",
            note=SOFTMAX_DIM + "; computed as (-input).softmax(dim)",
            source=TORCH_SOURCE,
        ),
    ),
    references=("PyTorch documentation, torch.nn.Softmin",),
)

SPARSEMAX = Activation(
    name="sparsemax",
    function=sparsemax,
    family="vector",
    summary=(
        "Euclidean projection onto the probability simplex, max(z_i - tau(z), 0): sparse "
        "probabilities, piecewise linear; Jacobian delta_ij - 1/|S| on the support S."
    ),
    parameters=(size_param("n", 3, 1, "length of the input vector z1 ... zn"),),
    vector=True,
    frameworks=(
        FrameworkNote(
            "keras",
            "keras.activations.sparsemax / keras.ops.sparsemax",
            note=(
                "axis=-1. Keras 3 (3.16.0, master of 2026-08-21) computes tau from the sum of "
                "all partial sums of the sorted inputs inside the support instead of the last "
                "one: wrong whenever the support has two or more elements (sparsemax([0, 0.5, "
                "1]) gives [0, 0, 0.25], not [0, 0.25, 0.75]); keras-team/keras issue #23425, "
                "fixed in PR #23469 (merged 2026-08-19 but not in that master). Neither "
                "torch.nn.functional nor jax.nn has a sparsemax"
            ),
            source="keras/src/backend/{numpy,jax,tensorflow,torch,openvino}/nn.py",
        ),
    ),
    references=("Martins, Astudillo, From Softmax to Sparsemax, ICML 2016, arXiv:1602.02068",),
    doc=(
        "symact's Jacobian kernel returns Martins and Astudillo's diag(s) - s s^T/|S| with "
        "S = {i : p_i > 0}, also where the support changes (there the exact Jacobian does "
        "not exist)."
    ),
)

GLU = Activation(
    name="glu",
    function=glu,
    family="vector",
    summary=(
        "Gated linear unit: z splits into halves a, b and output i is a_i sigmoid(b_i); "
        "n inputs give n/2 outputs."
    ),
    aliases=("gated_linear_unit",),
    parameters=(size_param("n", 4, 2, "length of the input vector z1 ... zn (even)"),),
    vector=True,
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.nn.functional.glu / torch.nn.GLU",
            note="dim=-1; the first half is a (the value), the second b (the gate)",
            source=TORCH_SOURCE,
        ),
        FrameworkNote(
            "jax",
            "jax.nn.glu",
            note="axis=-1; x1 * sigmoid(x2) with x1, x2 = split(x, 2, axis)",
            source=JAX_SOURCE,
        ),
        FrameworkNote(
            "keras",
            "keras.activations.glu / keras.ops.glu",
            note="axis=-1; a * sigmoid(b) with a, b the halves",
            source=KERAS_SOURCE,
        ),
    ),
    references=(
        "Dauphin, Fan, Auli, Grangier, Language Modeling with Gated Convolutional Networks, "
        "ICML 2017, arXiv:1612.08083",
    ),
)

LOGSUMEXP = Activation(
    name="logsumexp",
    function=logsumexp,
    family="vector",
    summary=(
        "log(sum exp(z_j)), a smooth maximum: max z <= logsumexp(z) <= max z + log n; "
        "its gradient is the softmax."
    ),
    aliases=("lse",),
    parameters=(size_param("n", 2, 1, "length of the input vector z1 ... zn"),),
    vector=True,
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.logsumexp",
            note=(
                "dim is required, keepdim=False; not in torch.nn.functional. Computed as "
                "max + log(sum exp(z - max)) with log, not log1p: logsumexp(-38.8, -1.6e-291) "
                "gives -1.6e-291, not 1.4e-17. Its backward is grad * exp(z - result): at "
                "huge equal inputs (1e308, 1e308) the rounded result makes the gradient "
                "(1, 1), not (1/2, 1/2)"
            ),
            source="torch.logsumexp docstring (PyTorch 2.13)",
        ),
        FrameworkNote(
            "jax",
            "jax.nn.logsumexp (= jax.scipy.special.logsumexp)",
            note=(
                "axis=None by default: it reduces over every axis, not the last one; shifts "
                "by the maximum; optional weights b, where and return_sign"
            ),
            source="jax/_src/ops/special.py",
        ),
        FrameworkNote(
            "keras",
            "keras.ops.logsumexp",
            note="an op, not a keras.activations entry; axis=None reduces over every axis",
            source="keras/src/ops/math.py",
        ),
    ),
    references=("Boyd, Vandenberghe, Convex Optimization (2004), section 3.1.5",),
)

MAXOUT = Activation(
    name="maxout",
    function=maxout,
    family="vector",
    summary=(
        "Maximum of k >= 2 affine pieces z_j = w_j x + b_j: convex, piecewise linear; "
        "its gradient flows to the largest piece."
    ),
    parameters=(size_param("k", 2, 2, "number of affine pieces z1 ... zk (k >= 2)"),),
    vector=True,
    frameworks=(),
    references=("Goodfellow, Warde-Farley, Mirza, Courville, Bengio, ICML 2013, arXiv:1302.4389",),
)

ENTRIES: tuple[Activation, ...] = (
    SOFTMAX,
    LOG_SOFTMAX,
    SOFTMIN,
    SPARSEMAX,
    GLU,
    LOGSUMEXP,
    MAXOUT,
)
