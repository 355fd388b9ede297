"""Catalogue entries of the periodic and oscillating activations.

None of them is an activation of PyTorch, JAX or Keras core: ``torch.nn``,
``torch.nn.functional``, ``jax.nn`` and ``keras.activations`` have no sine,
sinc, GCU or snake (checked in torch 2.13, ``jax/_src/nn/functions.py`` and
``keras/src/activations/activations.py``). The frameworks do ship ``sin``
and ``sinc`` as tensor functions; their ``sinc`` is the *normalized*
``sin(pi x)/(pi x)`` (PyTorch's docs and ``sinc_backward`` in
``torch/csrc/autograd/FunctionsManual.cpp``; JAX ``jax/_src/numpy/ufuncs.py``;
Keras ``keras/src/ops/numpy.py``), so this catalogue's ``sinc(x)`` is their
``sinc(x / pi)``.
"""

from __future__ import annotations

from symact.catalogue._helpers import param
from symact.catalogue.record import Activation, FrameworkNote
from symact.functions import gcu, sinc, sinusoid, snake

__all__ = ["ENTRIES"]

NOT_AN_ACTIVATION = "a tensor function, not an activation module"

SINUSOID = Activation(
    name="sinusoid",
    function=sinusoid,
    family="oscillating",
    summary="The sine as an activation: periodic (2 pi), odd, onto [-1, 1], 1-Lipschitz.",
    aliases=("sine",),
    frameworks=(
        FrameworkNote("pytorch", "torch.sin", note=NOT_AN_ACTIVATION),
        FrameworkNote("jax", "jax.numpy.sin", note=NOT_AN_ACTIVATION),
        FrameworkNote("keras", "keras.ops.sin", note=NOT_AN_ACTIVATION),
    ),
    references=(
        "Sopena, Romero, Alquezar, ICANN 1999 (periodic activations in classification)",
        "Parascandolo, Huttunen, Virtanen, 'Taming the waves: sine as activation function "
        "in deep neural networks', ICLR 2017 submission (openreview.net/forum?id=Sks3zF9eg)",
        "Sitzmann, Martel, Bergman, Lindell, Wetzstein, SIREN, NeurIPS 2020, arXiv:2006.09661",
    ),
)

SINC = Activation(
    name="sinc",
    function=sinc,
    family="oscillating",
    summary=(
        "sin(x)/x with value 1 at 0: even, analytic, decaying ripples; "
        "minimum at the first positive root of tan x = x."
    ),
    frameworks=(
        FrameworkNote(
            "pytorch",
            "torch.sinc(x / pi)",
            note=(
                "torch.sinc is the normalized sin(pi x)/(pi x); its backward returns 0 at "
                "x = 0 (exact) but its double backward gives nan there (not -1/3), and "
                "torch.sinc(+-inf) is nan (the limit is 0)"
            ),
            source="torch.sinc docs; sinc_backward in torch/csrc/autograd/FunctionsManual.cpp",
        ),
        FrameworkNote(
            "jax",
            "jax.numpy.sinc(x / pi)",
            note=(
                "normalized sinc; a custom JVP gives exact derivatives of every order at 0; "
                "0 at +-inf"
            ),
            source="jax/_src/numpy/ufuncs.py (sinc, _sinc_maclaurin)",
        ),
        FrameworkNote(
            "keras",
            "keras.ops.sinc(x / pi)",
            note="normalized sinc, a tensor function, not an activation",
            source="keras/src/ops/numpy.py",
        ),
    ),
    references=("the sinc entry of the usual table of activation functions (e.g. Wikipedia)",),
)

GCU = Activation(
    name="gcu",
    function=gcu,
    family="oscillating",
    summary="Growing cosine unit x cos x: odd, oscillating with growing amplitude, onto R.",
    aliases=("growing_cosine_unit",),
    references=(
        "Noel, Arunkumar L, Trivedi, Dutta, 'Growing Cosine Unit: a novel oscillatory "
        "activation function ...', arXiv:2108.12943 (2021)",
    ),
)

SNAKE = Activation(
    name="snake",
    function=snake,
    family="oscillating",
    summary=(
        "Snake x + sin(a x)^2/a: strictly increasing, periodic wiggle around the identity; "
        "snake' = 1 + sin(2 a x) in [0, 2]."
    ),
    parameters=(
        param("a", 1, "a", "frequency (the paper's a > 0; learnable in practice)", positive=True),
    ),
    references=(
        "Liu Ziyin, Hartwig, Ueda, 'Neural networks fail to learn periodic functions and "
        "how to fix it', NeurIPS 2020, arXiv:2006.08195",
    ),
)

ENTRIES: tuple[Activation, ...] = (SINUSOID, SINC, GCU, SNAKE)
