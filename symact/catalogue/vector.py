"""Catalogue entries of the vector activations, softmax and maxout."""

from __future__ import annotations

from symact.catalogue._helpers import size_param
from symact.catalogue.record import Activation, FrameworkNote
from symact.functions import maxout, softmax

__all__ = ["ENTRIES"]

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

ENTRIES: tuple[Activation, ...] = (SOFTMAX, MAXOUT)
