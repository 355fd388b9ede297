"""Every real root of a smooth function on an open interval: exact where a
closed form exists, otherwise a certified bracket.

The certificate is monotonicity. A factor ``k`` whose derivative has one
sign (by SymPy's assumptions) has at most one root; otherwise the interval is
split at the *exact* roots of ``k'`` (found recursively, at most three levels
deep), so ``k`` is monotone on each part. On a monotone part a root exists
exactly when the signs at the ends differ (verified at 50+ digits); bisection
at exact rational points then brackets it as tightly as asked. Sign-definite
factors are dropped first. Anything else raises
:class:`~symact.errors.AnalysisError`: a root is never missed silently.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import mpmath
import sympy
from mpmath.libmp import to_rational
from sympy import Expr, Interval, Rational, S, Symbol

from symact.calculus.limits import limit
from symact.calculus.pieces import hyperbolic_to_exp, is_zero, lambert_identity, point_inside
from symact.calculus.signs import sign_at
from symact.errors import AnalysisError
from symact.symbols import safe_lambdify

__all__ = ["Root", "certified_roots", "enclose", "isolate_roots"]

MAX_DEPTH = 3
BRACKET_WIDTH = Rational(1, 10**45)
_TRIGONOMETRIC = (sympy.sin, sympy.cos, sympy.tan)


@dataclass(frozen=True)
class Root:
    """A root: ``exact`` when known in closed form (then ``low == high``),
    otherwise the rational bracket ``[low, high]`` holding exactly one root."""

    exact: Expr | None
    low: Expr
    high: Expr

    @property
    def numeric(self) -> bool:
        return self.exact is None

    @property
    def point(self) -> Expr:
        """The root, or the bracket's midpoint."""
        return self.exact if self.exact is not None else (self.low + self.high) / 2


def _sign_at_end(k: Expr, x: Symbol, end: Expr, side: str) -> int | None:
    if end.is_infinite:
        value = limit(k, x, end, side)
        if value is S.Infinity:
            return 1
        if value is S.NegativeInfinity:
            return -1
        return sign_at(value, {}) if value.is_finite else None
    return sign_at(k, {x: end})


def _finite_probe(x: Symbol, k: Expr, end: Expr, towards: Expr, wanted: int) -> Expr:
    """A finite point beyond which (towards an infinite ``end``) ``k`` has
    the sign ``wanted`` of its limit there: doubling outwards."""
    step = sympy.Integer(1)
    anchor = towards if towards.is_finite else S.Zero
    direction = 1 if end is S.Infinity else -1
    for _ in range(400):
        point = anchor + direction * step
        if sign_at(k, {x: point}) == wanted:
            return point
        step *= 2
    raise AnalysisError(f"cannot bracket a root of {k} towards {end}")


def _bisect(k: Expr, x: Symbol, low: Expr, high: Expr, low_sign: int) -> Root:
    """Shrink [low, high] (k has opposite signs at the ends) around its root."""
    low, high = Rational(low), Rational(high)
    while high - low > BRACKET_WIDTH * (1 + abs(low)):
        middle = (low + high) / 2
        sign = sign_at(k, {x: middle})
        if sign is None:
            raise AnalysisError(f"cannot decide the sign of {k} at {middle}")
        if sign == 0:
            return Root(middle, middle, middle)
        if sign == low_sign:
            low = middle
        else:
            high = middle
    return Root(None, low, high)


def _polished(k: Expr, x: Symbol, low: Expr, high: Expr, low_sign: int) -> Root | None:
    """A fast bracket: mpmath's bracketing root finder locates the root at 60
    digits, then a 1e-46-wide rational bracket around it is *verified* by the
    signs at its ends (the function is monotone here, so the root is inside).
    ``None`` when anything does not check out; bisection then does the work."""
    try:
        function = safe_lambdify(x, hyperbolic_to_exp(k), modules="mpmath")
        with mpmath.workdps(60):
            ends = (mpmath.mpf(str(sympy.N(low, 70))), mpmath.mpf(str(sympy.N(high, 70))))
            guess = mpmath.findroot(function, ends, solver="illinois", tol=mpmath.mpf(10) ** -55)
            point = Rational(mpmath.nstr(guess, 60))
    except (ValueError, ZeroDivisionError, TypeError, ArithmeticError):
        return None
    half = BRACKET_WIDTH / 2 * (1 + abs(point))
    a, b = max(Rational(low), point - half), min(Rational(high), point + half)
    if not a < b:
        return None
    if sign_at(k, {x: a}) == low_sign and sign_at(k, {x: b}) == -low_sign:
        return Root(None, a, b)
    return None


def _trigonometric_and_algebraic(k: Expr, x: Symbol) -> bool:
    """``x`` both inside and outside trigonometric functions (``x cos x - sin x``):
    SymPy's ``solve`` finds no closed form there, slowly (seconds per call)."""
    trigonometric = [t for t in k.atoms(*_TRIGONOMETRIC) if t.has(x)]
    if not trigonometric:
        return False
    return k.xreplace({t: sympy.Dummy() for t in trigonometric}).has(x)


def _monotone_root(k: Expr, x: Symbol, a: Expr, b: Expr, solve: bool = True) -> list[Root]:
    """The root of ``k`` on (a, b), where ``k`` is strictly monotone (a closed
    form tried first with ``solve``)."""
    interval = Interval.open(a, b)
    try:
        skip = (
            not solve or _trigonometric_and_algebraic(k, x) or bool(_nonlinear_exponentials(k, x))
        )
        offered = [] if skip else sympy.solve(k, x)
    except NotImplementedError:  # no closed form: bracket it below
        offered = []
    for candidate in offered:
        inside = candidate.is_real is not False and interval.contains(candidate) is S.true
        if inside and is_zero(lambert_identity(k.subs(x, candidate))) is True:
            return [Root(candidate, candidate, candidate)]
    left, right = _sign_at_end(k, x, a, "+"), _sign_at_end(k, x, b, "-")
    if left is None or right is None:
        raise AnalysisError(f"cannot decide the sign of {k} at the ends of {interval}")
    if left * right >= 0:
        return []  # no sign change: no root of a monotone function inside
    low = a if a.is_finite else _finite_probe(x, k, a, b, left)
    high = b if b.is_finite else _finite_probe(x, k, b, a, right)
    if not (low.is_Rational and high.is_Rational):
        low, high = _rational_inside(low, high, a, b)
    return [_polished(k, x, low, high, left) or _bisect(k, x, low, high, left)]


def _rational_inside(low: Expr, high: Expr, a: Expr, b: Expr) -> tuple[Expr, Expr]:
    """Rational points just inside irrational ends (the signs there match)."""

    def inner(point: Expr, inward: int) -> Expr:
        if point.is_Rational:
            return point
        value = sympy.nsimplify(sympy.N(point, 60), rational=True)
        nudge = Rational(1, 10**50) * inward
        return value + nudge

    return inner(low, 1), inner(high, -1)


def _sign_definite(expr: Expr) -> bool:
    return bool(expr.is_positive or expr.is_negative)


def _nonlinear_exponentials(expr: Expr, x: Symbol) -> list[Expr]:
    """The exponentials of ``expr`` whose argument is not linear in ``x``:
    SymPy's solve and factor_list can run for hours on them."""
    return [
        e
        for e in expr.atoms(sympy.exp)
        if not (e.args[0].is_polynomial(x) and sympy.degree(e.args[0], x) <= 1)
    ]


def _factors(f: Expr, x: Symbol) -> list[Expr]:
    numerator, _ = sympy.fraction(sympy.together(hyperbolic_to_exp(f)))
    return _varying_factors(numerator, x)


def _varying_factors(expr: Expr, x: Symbol) -> list[Expr]:
    """The factors of ``expr`` that depend on ``x`` and are not sign-definite.
    An exponential of a non-linear argument is factored as an independent
    generator: left in, SymPy's factor_list can run for hours on it
    (GELU-tanh's exp(x**3 ...))."""
    if not expr.has(x):
        return []
    opaque = {e: sympy.Dummy("g") for e in _nonlinear_exponentials(expr, x)}
    back = {d: e for e, d in opaque.items()}
    try:
        factors = sympy.factor_list(expr.xreplace(opaque))[1]
    except sympy.PolificationFailed:  # nothing to factor: expr is its own factor
        return [] if _sign_definite(expr) else [expr]
    return [
        base.xreplace(back)
        for base, _ in factors
        if base.has(x, *back) and not _sign_definite(base.xreplace(back))
    ]


def isolate_roots(f: Expr, x: Symbol, interval: Interval, depth: int = 0) -> tuple[Root, ...]:
    """Every root of ``f`` in the open ``interval``, exact or bracketed.

    >>> from symact import x
    >>> [r.exact for r in isolate_roots(x**2 - 2, x, Interval(0, 5))]
    [sqrt(2)]
    >>> r, = isolate_roots(sympy.exp(x) + x, x, Interval(-5, 5))   # -W(1) exactly
    >>> r.exact
    -LambertW(1)

    Raises
    ======
    AnalysisError
        if the roots cannot be found or certified completely.
    """
    # nonzero at a point: not identically zero (SymPy's simplify, which
    # decides that in general, can take minutes on GELU-tanh's derivatives)
    probe = sign_at(f, {x: point_inside(interval.start, interval.end)})
    if probe in (0, None) and is_zero(f) is True:
        raise AnalysisError(f"{f} vanishes identically on {interval}")
    hopeless = _nonlinear_exponentials(hyperbolic_to_exp(f), x)  # solveset may hang
    found = None if hopeless else sympy.solveset(f, x, interval)
    if found is S.EmptySet:  # not a FiniteSet: no root at all
        return ()
    if isinstance(found, sympy.FiniteSet):
        return tuple(Root(r, r, r) for r in sorted(found, key=lambda r: sympy.N(r, 30)))
    roots: list[Root] = []
    undecided: list[Expr] = []
    for k in _factors(f, x):
        try:
            roots += _factor_roots(k, x, interval, depth)
        except AnalysisError:
            if depth > 0:
                raise
            undecided.append(k)
    if undecided:
        try:  # f as it is: its natural and mean-value enclosures are the tight ones
            roots = certified_roots(f, x, interval)
        except AnalysisError:  # or each factor of its numerator
            roots += [r for k in undecided for r in certified_roots(k, x, interval)]
    return tuple(sorted(roots, key=lambda r: sympy.N(r.point, 30)))


def _factor_roots(k: Expr, x: Symbol, interval: Interval, depth: int) -> list[Root]:
    a, b = interval.start, interval.end
    slope = sympy.diff(k, x)
    if _sign_definite(slope):
        return _monotone_root(k, x, a, b)
    if depth >= MAX_DEPTH:
        raise AnalysisError(f"cannot certify the roots of {k} on {interval}")
    turning = isolate_roots(slope, x, interval, depth + 1)
    if any(r.numeric for r in turning):
        raise AnalysisError(f"the turning points of {k} on {interval} have no closed form")
    edges = [a, *(r.exact for r in turning), b]
    roots = []
    for left, right in itertools.pairwise(edges):
        roots += _monotone_root(k, x, left, right)
    for r in turning:  # a turning point may itself be a root
        if is_zero(lambert_identity(k.subs(x, r.exact))) is True:
            roots.append(Root(r.exact, r.exact, r.exact))
    return roots


def _exact(raw: tuple[int, int, int, int]) -> Expr:
    """A binary mpmath number as the exact rational it is (signed: mpmath's
    ``man_exp`` would drop the sign)."""
    numerator, denominator = to_rational(raw)
    return Rational(numerator, denominator)


def _integer_powers_as_products(expr: Expr) -> Expr:
    """``b**n`` as ``b*b*...*b`` (and ``1/(...)`` for negative n): mpmath's
    interval power takes a logarithm and fails for negative bases."""

    def expand(power: sympy.Pow) -> Expr:
        base, n = power.args
        product = sympy.Mul(*([base] * abs(int(n))), evaluate=False)
        return product if n > 0 else sympy.Pow(product, -1, evaluate=False)

    return expr.replace(
        lambda e: isinstance(e, sympy.Pow) and e.exp.is_Integer and 1 < abs(int(e.exp)) <= 64,
        expand,
    )


def enclose(expr: Expr, x: Symbol, low: Expr, high: Expr, digits: int = 50) -> tuple[Expr, Expr]:
    """A rigorous enclosure of ``expr`` over ``[low, high]`` by interval
    arithmetic (mpmath.iv), as exact rationals ``(lower, upper)``.

    >>> from symact import x
    >>> lo, hi = enclose(sympy.exp(x), x, Rational(0), Rational(1, 10**40))
    >>> lo <= 1 <= hi, float(hi - lo) < 1e-39
    (True, True)
    """
    elementary = _integer_powers_as_products(hyperbolic_to_exp(expr))
    namespace = {
        "exp": mpmath.iv.exp,
        "log": mpmath.iv.log,
        "sqrt": mpmath.iv.sqrt,
        "sin": mpmath.iv.sin,  # without these, mpmath's point sin refuses an interval
        "cos": mpmath.iv.cos,
        "erf": _monotone(mpmath.erf, increasing=True),
        "erfc": _monotone(mpmath.erfc, increasing=False),
        "atan": _monotone(mpmath.atan, increasing=True),
        "mpf": mpmath.iv.mpf,  # constants become (point) intervals too
        "pi": mpmath.iv.pi,
        "e": mpmath.iv.e,
    }
    function = safe_lambdify(x, elementary, modules=[namespace, "mpmath"])
    saved = mpmath.iv.dps
    mpmath.iv.dps = digits + 10
    try:
        # the ends, widened by their decimal rounding
        pad = Rational(1, 10 ** (digits + 15))
        ends = [str(sympy.N(low - pad, digits + 20)), str(sympy.N(high + pad, digits + 20))]
        try:
            value = mpmath.iv.mpf(function(mpmath.iv.mpf(ends)))
        except (ValueError, TypeError, ZeroDivisionError, ArithmeticError) as error:
            raise AnalysisError(f"interval arithmetic failed on {expr}: {error}") from None
        lower, upper = (_exact(end) for end in value._mpi_)
    finally:
        mpmath.iv.dps = saved
    if not (lower <= upper):
        raise AnalysisError(f"interval arithmetic failed on {expr}")
    return lower, upper


# -- roots certified by interval arithmetic ------------------------------------------
#
# When the derivative recursion above cannot split a factor into monotone parts
# (its turning points have no closed form, or lie too deep), the factor's roots
# are isolated by interval arithmetic instead: on the bounded part of the
# interval, a cell whose enclosure of ``k`` excludes 0 has no root, and one
# whose enclosure of ``k'`` excludes 0 is monotone (at most one root, found from
# the signs at its ends); other cells are halved. An infinite tail beyond
# ``TAIL_START`` must be root-free by its enclosure of ``k`` or monotone by
# those of the factors of ``k'``. Anything else is an AnalysisError.

#: where the tails of an unbounded interval begin
TAIL_START = 16
#: the most cells the bounded part may be cut into
MAX_CELLS = 4000
#: working digits of the cell enclosures
CELL_DIGITS = 20

_ERFC = sympy.Function("interval_erfc")  # erfc, kept from SymPy's erfc(-z) = 2 - erfc(z)
_ERFCX = sympy.Function("interval_erfcx")  # the scaled erfc, exp(z**2) erfc(z)


def _ends(value: object) -> tuple[mpmath.mpf, mpmath.mpf]:
    """The ends of an interval (or a number) as mpmath numbers, exactly
    (``mpmath.mpf`` of a raw value would round it to the working precision)."""
    interval = mpmath.iv.mpf(value)
    low, high = interval._mpi_
    return mpmath.mp.make_mpf(low), mpmath.mp.make_mpf(high)


def _outwards(low: mpmath.mpf, high: mpmath.mpf) -> object:
    """``[low, high]`` widened by a few units in the last place of the
    interval context, covering the point functions' rounding."""
    with mpmath.workprec(mpmath.iv.prec + 60):  # no rounding before iv's outward one
        slack = mpmath.mpf(2) ** (8 - mpmath.iv.prec)
        return mpmath.iv.mpf([low - abs(low) * slack, high + abs(high) * slack])


def _erfcx_point(z: mpmath.mpf) -> tuple[mpmath.mpf, mpmath.mpf]:
    """Bounds on erfcx(z): the value, or for z > 1e8 the classical bounds
    2/(sqrt(pi) (z + sqrt(z**2 + 2))) < erfcx(z) <= 2/(sqrt(pi) (z + sqrt(z**2 + 4/pi)))."""
    if z == mpmath.inf:
        return mpmath.mpf(0), mpmath.mpf(0)
    if z > 10**8:
        lower = 2 / (mpmath.sqrt(mpmath.pi) * (z + mpmath.sqrt(z**2 + 2)))
        upper = 2 / (mpmath.sqrt(mpmath.pi) * (z + mpmath.sqrt(z**2 + 4 / mpmath.pi)))
        return lower, upper
    value = mpmath.exp(z**2) * mpmath.erfc(z)
    return value, value


def _monotone(point: object, increasing: bool) -> object:
    """The interval extension of a monotone function from its values at the ends."""

    def extension(value: object) -> object:
        low, high = _ends(value)
        with mpmath.workdps(mpmath.iv.dps + 15):
            if point is _erfcx_point:
                first, second = _erfcx_point(low)[1], _erfcx_point(high)[0]
            else:
                first, second = point(low), point(high)  # type: ignore[operator]
            return _outwards(first, second) if increasing else _outwards(second, first)

    return extension


def _interval_namespace() -> dict[str, object]:
    iv = mpmath.iv
    return {
        "exp": iv.exp,
        "log": iv.log,
        "sqrt": iv.sqrt,
        "sin": iv.sin,
        "cos": iv.cos,
        "mpf": iv.mpf,
        "pi": iv.pi,
        "e": iv.e,
        "tanh": _monotone(mpmath.tanh, increasing=True),
        "atan": _monotone(mpmath.atan, increasing=True),
        "erf": _monotone(mpmath.erf, increasing=True),
        "erfc": _monotone(mpmath.erfc, increasing=False),
        "interval_erfc": _monotone(mpmath.erfc, increasing=False),
        "interval_erfcx": _monotone(_erfcx_point, increasing=False),
        "interval_pexp": _pexp,
    }


def _erf_tails(expr: Expr) -> Expr:
    """``k + k erf(z)`` as ``k erfc(-z)``, ``k erf(z) - k`` as ``-k erfc(z)``,
    then ``exp(w) erfc(u)`` as ``exp(w - u**2) erfcx(u)``: equal forms whose
    interval enclosures stay tight far out (exp(x**2/2) (1 + erf(x/sqrt 2))
    is bounded, while its factors are not)."""
    if expr.is_Atom:
        return expr
    args = tuple(_erf_tails(a) for a in expr.args)
    node = expr.func(*args) if args != expr.args else expr
    if isinstance(node, sympy.Add):
        terms = list(node.args)
        for i, term in enumerate(terms):
            for found in term.atoms(sympy.erf):
                k = term / found
                if k.has(found):
                    continue
                for j, other in enumerate(terms):
                    if j != i and other in (k, -k):
                        z = found.args[0]
                        merged = k * _ERFC(-z) if other == k else -k * _ERFC(z)
                        rest = [t for n, t in enumerate(terms) if n not in (i, j)]
                        return _erf_tails(sympy.Add(*rest, merged))
    if isinstance(node, sympy.Mul):
        factors = list(node.args)
        exponent = sympy.Add(*(f.args[0] for f in factors if isinstance(f, sympy.exp)))
        scaled = [f for f in factors if isinstance(f, _ERFC)]
        if exponent != 0 and scaled:
            u = scaled[0].args[0]
            rest = [f for f in factors if not isinstance(f, sympy.exp) and f is not scaled[0]]
            return sympy.Mul(*rest, sympy.exp(sympy.expand(exponent - u**2)), _ERFCX(u))
    return node


def _polynomial_exponential(term: Expr, x: Symbol) -> tuple[Expr, Expr] | None:
    """``(q, p)`` if ``term == p(x) exp(q(x))`` with ``p`` and ``q``
    polynomials with numeric coefficients (``q`` is 0 for a polynomial)."""
    factors = sympy.Mul.make_args(term)
    exponentials = [f for f in factors if isinstance(f, sympy.exp)]
    rest = sympy.Mul(*(f for f in factors if not isinstance(f, sympy.exp)))
    exponent = sympy.expand(sympy.Add(*(f.args[0] for f in exponentials)))
    for part in (rest, exponent):
        if not part.is_polynomial(x) or part.free_symbols - {x}:
            return None
    return exponent, rest


def _quadratic_twice(polynomial: Expr, x: Symbol) -> bool:
    """Whether ``polynomial`` is quadratic with ``x`` in two terms (each an
    occurrence that interval arithmetic treats as independent of the other)."""
    coefficients = _coefficients(polynomial, x)
    return len(coefficients) == 3 and all(c != 0 for c in coefficients[1:])


def _coefficients(polynomial: Expr, x: Symbol) -> list[Expr]:
    """The coefficients of ``polynomial``, constant term first."""
    return sympy.Poly(polynomial, x).all_coeffs()[::-1]


def _exponential_polynomials(expr: Expr, x: Symbol, term: bool = False) -> Expr:
    """The terms ``p_i(x) exp(q(x))`` of each sum (polynomials ``p_i``, ``q``),
    grouped by exponent, as one function ``P(x) exp(q(x))`` of ``x`` whose
    enclosure is exact where its factors' are not (``(2 x - 2) exp(3 x)`` on
    [16, oo) is positive; ``2 x exp(3 x)`` and ``-2 exp(3 x)`` enclose to
    [-oo, oo]). A product that is a ``term`` of a sum is left to the sum."""
    if expr.is_Atom:
        return expr
    inner = isinstance(expr, sympy.Add)
    args = tuple(_exponential_polynomials(a, x, term=inner) for a in expr.args)
    node = expr.func(*args) if args != expr.args else expr
    if term:
        return node
    groups: dict[tuple[Expr, Expr], Expr] = {}
    others: list[Expr] = []
    for part in sympy.Add.make_args(node):
        found = _split_exponential(part, x)
        if found is None:
            others.append(part)
            continue
        exponent, polynomial, cofactor = found
        key = (exponent, cofactor)
        groups[key] = groups.get(key, S.Zero) + polynomial
    # worth merging where x occurs more than once: in a polynomial factor, or in
    # a quadratic exponent like -x**2 - 2 x, as erfc's scaling leaves (its
    # natural enclosure on (-oo, -16] is all of [-oo, oo], the exact one
    # [-oo, -224]); higher exponents (GELU-tanh's cubic) enclose well enough
    # as they are, and far faster
    if not any(q.has(x) and (p.has(x) or _quadratic_twice(q, x)) for (q, _), p in groups.items()):
        return node
    merged = []
    for (exponent, cofactor), polynomial in groups.items():
        q, p = _coefficients(exponent, x), _coefficients(polynomial, x)
        merged.append(cofactor * _PEXP(x, len(q), *q, *p))
    return sympy.Add(*others, *merged)


def _split_exponential(term: Expr, x: Symbol) -> tuple[Expr, Expr, Expr] | None:
    """``(q, p, c)`` if ``term == p(x) exp(q(x)) c(x)`` with ``p`` and ``q``
    polynomials with numeric coefficients and ``c`` the product of the other
    factors (``4 x exp(-2 u) / (1 + exp(-2 u))**2``: the bounded ``c`` keeps
    out of the tight ``p exp(q)``)."""
    factors = sympy.Mul.make_args(term)
    exponentials = [f for f in factors if isinstance(f, sympy.exp)]
    exponent = sympy.expand(sympy.Add(*(f.args[0] for f in exponentials)))
    if not exponent.is_polynomial(x) or exponent.free_symbols - {x}:
        return None
    polynomial: list[Expr] = []
    cofactor: list[Expr] = []
    for f in factors:
        if isinstance(f, sympy.exp):
            continue
        exact = f.is_polynomial(x) and not (f.free_symbols - {x})
        (polynomial if exact else cofactor).append(f)
    return exponent, sympy.Mul(*polynomial), sympy.Mul(*cofactor)


def _leading(c: list[mpmath.mpf], t: mpmath.mpf) -> tuple[int, int]:
    """The degree of ``sum c_i t**i`` and its sign as ``t`` tends to the
    infinite ``t`` (0, 0 for the zero polynomial)."""
    degree = max((i for i, ci in enumerate(c) if ci != 0), default=-1)
    if degree < 0:
        return 0, 0
    sign = int(mpmath.sign(c[degree])) * (1 if t > 0 or degree % 2 == 0 else -1)
    return degree, sign


def _pexp_point(t: mpmath.mpf, q: list[mpmath.mpf], p: list[mpmath.mpf]) -> mpmath.mpf:
    """``P(t) exp(Q(t))``, and its limits at ±inf."""
    if mpmath.isinf(t):
        q_degree, q_sign = _leading(q, t)
        p_degree, p_sign = _leading(p, t)
        if p_sign == 0 or (q_degree > 0 and q_sign < 0):
            return mpmath.mpf(0)
        if q_degree > 0 or p_degree > 0:
            return p_sign * mpmath.inf
        return p[0] * mpmath.exp(q[0])
    return mpmath.polyval(p[::-1], t) * mpmath.exp(mpmath.polyval(q[::-1], t))


def _real_roots(c: list[mpmath.mpf]) -> list[mpmath.mpf]:
    """The real roots of ``sum c_i t**i``, with every near-real root of
    mpmath's polyroots taken as one (a spare point only widens an enclosure)."""
    c = list(c)
    while c and c[-1] == 0:
        c.pop()
    if len(c) < 2:
        return []
    found = _polynomial_roots(tuple(c), mpmath.mp.prec)
    if found is None:  # no enclosure then (the caller's (-inf, inf))
        raise ArithmeticError("the critical points of a polynomial-exponential were not found")
    return list(found)


@lru_cache(maxsize=256)
def _polynomial_roots(c: tuple[mpmath.mpf, ...], prec: int) -> tuple[mpmath.mpf, ...] | None:
    """:func:`_real_roots`, cached (every cell of a root search encloses the
    same ``P exp(Q)``, whose critical points do not depend on the cell);
    ``None`` where mpmath's polyroots does not converge."""
    with mpmath.workprec(prec):
        try:
            roots = mpmath.polyroots(c[::-1], maxsteps=200, extraprec=60)
        except mpmath.libmp.libhyper.NoConvergence:
            return None
        return tuple(mpmath.re(r) for r in roots if abs(mpmath.im(r)) < mpmath.mpf(10) ** -8)


def _pexp(value: object, size: object, *coefficients: object) -> object:
    """The interval extension of ``P(t) exp(Q(t))`` (``size`` coefficients of
    ``Q``, then those of ``P``): the values at the ends and at the real
    critical points inside, the roots of ``P' + P Q'``, widened by the
    rounding of the terms."""
    low, high = _ends(value)
    count = int(_ends(size)[0])
    with mpmath.workdps(mpmath.iv.dps + 25):
        numbers = [_ends(c)[0] for c in coefficients]
        q, p = numbers[:count], numbers[count:]
        dq = [(i + 1) * q[i + 1] for i in range(len(q) - 1)] or [mpmath.mpf(0)]
        dp = [(i + 1) * p[i + 1] for i in range(len(p) - 1)] or [mpmath.mpf(0)]
        slope = [mpmath.mpf(0)] * (len(p) + len(dq))
        for i, pi in enumerate(p):
            for j, qj in enumerate(dq):
                slope[i + j] += pi * qj
        for i, di in enumerate(dp):
            slope[i] += di
        points = [low, high, *_real_roots(slope)]
        inside = [t for t in points if low <= t <= high]
        values = [_pexp_point(t, q, p) for t in inside]
        scale = max(
            (
                mpmath.polyval([abs(pi) for pi in p[::-1]], abs(t))
                * mpmath.exp(mpmath.polyval(q[::-1], t))
                for t in inside
                if mpmath.isfinite(t)
            ),
            default=mpmath.mpf(0),
        )
        error = scale * mpmath.mpf(10) ** -(mpmath.iv.dps + 20)
        return _outwards(min(values) - error, max(values) + error)


_PEXP = sympy.Function("interval_pexp")


@lru_cache(maxsize=512)
def _interval_function(expr: Expr, x: Symbol) -> Callable[[object], object]:
    """``expr`` compiled for mpmath.iv: hyperbolic sines and cosines as
    exponentials, erf tails scaled (:func:`_erf_tails`), monotone functions
    from their values at the ends."""
    for function in (sympy.sinh, sympy.cosh):
        if expr.has(function):
            expr = expr.rewrite(function, sympy.exp)
    prepared = _integer_powers_as_products(_exponential_polynomials(_erf_tails(expr), x))
    return safe_lambdify(x, prepared, modules=[_interval_namespace(), "mpmath"])


def _sech_squared(expr: Expr) -> Expr:
    """``c - c tanh(u)**2`` in every sum as ``c / cosh(u)**2``: the same
    function, without the cancellation that makes ``1 - tanh(u)**2`` enclose
    to a wide interval wherever ``tanh(u)`` is near ±1."""
    if expr.is_Atom:
        return expr
    args = tuple(_sech_squared(a) for a in expr.args)
    node = expr.func(*args) if args != expr.args else expr
    if not isinstance(node, sympy.Add):
        return node
    terms = list(node.args)
    for i, term in enumerate(terms):
        for square in term.atoms(sympy.Pow):
            if not (isinstance(square.base, sympy.tanh) and square.exp == 2):
                continue
            c = -term / square
            if c.has(square) or c not in terms:
                continue
            rest = [t for n, t in enumerate(terms) if n not in (i, terms.index(c))]
            return _sech_squared(sympy.Add(*rest, c / sympy.cosh(square.base.args[0]) ** 2))
    return node


def _complements(expr: Expr, side: int) -> Expr:
    """``expr`` with ``erf`` and ``tanh`` written through their complements on
    one ``side`` of 0 (``erf(z) = 1 - erfc(z)``, ``tanh(u) = 1 - 2/(1 +
    exp(2u))`` for ``side > 0``; the mirror forms for ``side < 0``) and the
    sum expanded, so that their limits cancel exactly: ``tanh(u)/2 -
    erf(z)/2`` becomes ``erfc(z)/2 - 1/(1 + exp(2u))``, two small terms where
    there were two terms near 1/2 whose difference is lost in rounding."""

    # through the exponential exp(-2 side u) that decays on this side, kept
    # explicit so that a polynomial factor joins it (:func:`_split_exponential`)
    def decaying(u: Expr) -> Expr:
        return sympy.exp(-2 * side * u)

    def tanh_form(u: Expr) -> Expr:
        return side * (1 - 2 * decaying(u) / (1 + decaying(u)))

    def sech_squared(u: Expr) -> Expr:
        return 4 * decaying(u) / (1 + decaying(u)) ** 2

    def erf_form(z: Expr) -> Expr:
        return side * (1 - _ERFC(side * z))

    squared = _sech_squared(expr).replace(
        lambda e: isinstance(e, sympy.Pow) and isinstance(e.base, sympy.cosh) and e.exp == -2,
        lambda e: sech_squared(e.base.args[0]),
    )
    rewritten = squared.replace(sympy.erf, erf_form).replace(sympy.tanh, tanh_form)
    return sympy.expand(rewritten, deep=False, mul=True, multinomial=False)


@lru_cache(maxsize=512)
def _complement_function(expr: Expr, x: Symbol, side: int) -> Callable[[object], object] | None:
    """The interval function of :func:`_complements` of ``expr`` on one side,
    ``None`` where it has no ``erf`` or ``tanh`` to rewrite."""
    if not any(f.has(x) for f in expr.atoms(sympy.erf, sympy.tanh)):
        return None
    return _interval_function(_complements(expr, side), x)


def _enclosure(expr: Expr, x: Symbol, low: Expr, high: Expr) -> tuple[mpmath.mpf, mpmath.mpf]:
    """An enclosure of ``expr`` over ``[low, high]`` (ends may be infinite);
    ``(-inf, inf)`` where interval arithmetic fails. On one side of 0, the
    enclosure of an equal complement form (:func:`_complements`) is
    intersected with it: both hold, so their intersection does."""
    lower, upper = _enclosure_of(_interval_function(expr, x), low, high)
    if lower > 0 or upper < 0:
        return lower, upper
    side = 1 if low >= 0 else -1 if high <= 0 else 0
    other = _complement_function(expr, x, side) if side else None
    if other is None:
        return lower, upper
    second = _enclosure_of(other, low, high)
    return max(lower, second[0]), min(upper, second[1])


def _enclosure_of(
    function: Callable[[object], object], low: Expr, high: Expr
) -> tuple[mpmath.mpf, mpmath.mpf]:
    """``function``'s enclosure over ``[low, high]``, ``(-inf, inf)`` where
    interval arithmetic fails."""

    def end(value: Expr, rounding: int) -> str:
        if value.is_infinite:
            return "+inf" if value is S.Infinity else "-inf"
        pad = Rational(rounding, 10 ** (CELL_DIGITS + 15))
        return str(sympy.N(value + pad, CELL_DIGITS + 20))

    saved = mpmath.iv.dps
    mpmath.iv.dps = CELL_DIGITS
    try:
        with mpmath.workdps(CELL_DIGITS):
            lower, upper = _ends(function(mpmath.iv.mpf([end(low, -1), end(high, 1)])))
    except (ArithmeticError, TypeError, ValueError):
        return mpmath.ninf, mpmath.inf
    finally:
        mpmath.iv.dps = saved
    if mpmath.isnan(lower) or mpmath.isnan(upper):
        return mpmath.ninf, mpmath.inf
    return lower, upper


def _excludes_zero(expr: Expr, x: Symbol, low: Expr, high: Expr) -> bool:
    lower, upper = _enclosure(expr, x, low, high)
    return bool(lower > 0 or upper < 0)


def _scaled_for_tail(expr: Expr, x: Symbol, infinity: Expr) -> Expr:
    """``expr`` divided by its dominant exponential ``exp(q(x))`` towards
    ``infinity`` (the exponent of its terms that grows fastest there): the
    same sign, with every other term's exponential decaying on the tail."""
    exponents = {_growth_exponent(t, x) for t in sympy.Add.make_args(sympy.expand(expr))}

    def beaten(q: Expr, other: Expr) -> bool:
        """``other - q`` tends to +oo at ``infinity``."""
        difference = sympy.Poly(other - q, x)
        if difference.degree() < 1:
            return False
        lead = difference.LC() * (1 if infinity is S.Infinity else (-1) ** difference.degree())
        return bool(lead > 0)

    dominant = [q for q in exponents if not any(beaten(q, o) for o in exponents)]
    if len(dominant) != 1 or dominant[0] == 0:
        return expr
    return sympy.expand(expr * sympy.exp(-dominant[0]))


def _growth_exponent(term: Expr, x: Symbol) -> Expr:
    """The polynomial ``q`` with ``term`` about ``exp(q(x))`` times slower
    factors: its exponentials' arguments, and ``-z**2`` for each ``erfc(z)``
    (0 where ``term`` has another form)."""
    found = _split_exponential(term, x)
    if found is None:
        return S.Zero
    exponent = found[0]
    for factor in sympy.Mul.make_args(found[2]):
        if isinstance(factor, _ERFC) and factor.args[0].is_polynomial(x):
            exponent -= factor.args[0] ** 2
    return sympy.expand(exponent)


def _monotone_on(k: Expr, x: Symbol, low: Expr, high: Expr, infinity: Expr) -> bool:
    """Whether ``k'`` certainly keeps one sign on the tail ``[low, high]``
    towards ``infinity``: it or each factor of its numerator and denominator
    is sign-definite or has an enclosure excluding 0."""
    slope = sympy.diff(k, x)
    if _sign_definite(slope) or _tail_excludes_zero(slope, x, low, high, infinity):
        return True
    numerator, denominator = sympy.fraction(sympy.together(slope))
    parts = [*_varying_factors(numerator, x), *_varying_factors(denominator, x)]
    return all(_tail_excludes_zero(part, x, low, high, infinity) for part in parts)


def _tail_excludes_zero(expr: Expr, x: Symbol, low: Expr, high: Expr, infinity: Expr) -> bool:
    """Whether ``expr``, as it is or divided by its dominant exponential,
    certainly has no zero on the tail ``[low, high]``."""
    if _excludes_zero(expr, x, low, high):
        return True
    scaled = _scaled_for_tail(expr, x, infinity)
    if scaled != expr and _excludes_zero(scaled, x, low, high):
        return True
    if not any(f.has(x) for f in expr.atoms(sympy.erf, sympy.tanh)):
        return False
    # erf and tanh near their limits: their complements, scaled likewise
    side = 1 if infinity is S.Infinity else -1
    complement = _scaled_for_tail(_complements(expr, side), x, infinity)
    return _excludes_zero(complement, x, low, high)


def _point_sign(expr: Expr, x: Symbol, point: Expr) -> int | None:
    """The sign of ``expr`` at ``point`` from a narrow enclosure (cheap), else
    decided exactly or at escalating precision (:func:`sign_at`)."""
    lower, upper = _enclosure(expr, x, point, point)
    if lower > 0:
        return 1
    if upper < 0:
        return -1
    return sign_at(expr, {x: point})


def _mean_value_excludes_zero(
    k: Expr, x: Symbol, left: Expr, right: Expr, slope: tuple[mpmath.mpf, mpmath.mpf]
) -> bool:
    """Whether the mean-value form ``k(m) + k'([left, right]) [-r, r]`` (``m``
    the midpoint, ``r`` the half-width) excludes 0: far tighter than the
    natural enclosure where ``k`` is a small difference of large terms
    (GELU-tanh' - GELU' is 1e-4 where each term is 1)."""
    if not (mpmath.isfinite(slope[0]) and mpmath.isfinite(slope[1])):
        return False
    middle = (left + right) / 2
    at_middle = _enclosure(k, x, middle, middle)
    if not (mpmath.isfinite(at_middle[0]) and mpmath.isfinite(at_middle[1])):
        return False
    iv = mpmath.iv
    saved = iv.dps
    iv.dps = CELL_DIGITS
    try:
        radius = iv.mpf(str(sympy.N((right - left) / 2 + Rational(1, 10**30), 30)))
        value = iv.mpf(at_middle) + iv.mpf(slope) * iv.mpf([-radius.b, radius.b])
    finally:
        iv.dps = saved
    return bool(value.a > 0 or value.b < 0)


#: the highest derivative the zero-end rule of :func:`_cell_roots` looks at
TAYLOR_ORDER = 4


def _vanishing_order(k: Expr, x: Symbol, end: Expr) -> tuple[int, Expr] | None:
    """``(j, k^(j))`` where ``k`` and its first ``j - 1`` derivatives vanish
    exactly at ``end`` and ``k^(j)`` does not; ``None`` beyond ``TAYLOR_ORDER``
    or where a sign is undecided."""
    derivative = k
    for order in range(1, TAYLOR_ORDER + 1):
        derivative = sympy.diff(derivative, x)
        sign = sign_at(derivative, {x: end})
        if sign is None:
            return None
        if sign != 0:
            return order, derivative
    return None


def _cell_roots(k: Expr, x: Symbol, low: Expr, high: Expr) -> list[Root]:
    """The roots of ``k`` on the open bounded ``(low, high)``, by halving.

    A cell is root-free when the natural or the mean-value enclosure of ``k``
    excludes 0; monotone (one root at most, found from the end signs) when
    that of ``k'`` does. Next to an exact root ``e`` of multiplicity ``j``
    (``k`` and ``k', ..., k^(j-1)`` vanish there), Taylor's theorem gives
    ``k(x) = k^(j)(t) (x - e)^j / j!`` with ``t`` in the cell: an enclosure of
    ``k^(j)`` excluding 0 leaves no other root in it (GELU-tanh' - GELU'
    has a triple root at 0, where no cell would otherwise be decided)."""
    slope = sympy.diff(k, x)
    roots: list[Root] = []
    signs: dict[Expr, int | None] = {}

    def sign(point: Expr) -> int:
        if point not in signs:
            signs[point] = _point_sign(k, x, point)
        found = signs[point]
        if found is None:
            raise AnalysisError(f"cannot decide the sign of {k} at {point}")
        return found

    orders: dict[Expr, tuple[int, Expr] | None] = {}
    cells = [(Rational(low), Rational(high))]
    count = 0
    while cells:
        left, right = cells.pop()
        count += 1
        if count > MAX_CELLS:
            raise AnalysisError(f"cannot isolate the roots of {k} on ({low}, {high})")
        if _excludes_zero(k, x, left, right):
            continue
        slope_bounds = _enclosure(slope, x, left, right)
        if slope_bounds[0] > 0 or slope_bounds[1] < 0:
            if sign(left) * sign(right) < 0:  # monotone: one root inside
                roots += _monotone_root(k, x, left, right, solve=False)
            continue
        if _mean_value_excludes_zero(k, x, left, right, slope_bounds):
            continue
        if _taylor_excludes_roots(k, x, left, right, sign, orders):
            continue
        middle = (left + right) / 2
        if sign(middle) == 0:
            roots.append(Root(middle, middle, middle))
        cells += [(left, middle), (middle, right)]
    return roots


def _taylor_excludes_roots(
    k: Expr,
    x: Symbol,
    left: Expr,
    right: Expr,
    sign: Callable[[Expr], int],
    orders: dict[Expr, tuple[int, Expr] | None],
) -> bool:
    """The zero-end rule of :func:`_cell_roots`: ``k`` has an exact root at
    one end of ``(left, right)`` and its first nonvanishing derivative there
    keeps one sign over the cell."""
    for end in (left, right):
        if sign(end) != 0:
            continue
        if end not in orders:
            orders[end] = _vanishing_order(k, x, end)
        found = orders[end]
        if found is not None and _excludes_zero(found[1], x, left, right):
            return True
    return False


def _tail_roots(k: Expr, x: Symbol, start: Expr, end: Expr) -> list[Root]:
    """The roots of ``k`` on an open tail ``(start, end)``, one end infinite."""
    infinity = end if end.is_infinite else start
    if _tail_excludes_zero(k, x, start, end, infinity):
        return []
    # k = N/D: a root of k is one of N, so root-free factors of N are enough
    # (the combined numerator has the exponential forms the tail enclosures
    # are tight on, where 2 x sech(x**3)**2 encloses to [0, oo])
    factors = _factors(k, x)
    if factors != [k]:
        try:
            if not [r for f in factors for r in _tail_roots(f, x, start, end)]:
                return []
        except AnalysisError:
            pass
    if not _monotone_on(k, x, start, end, infinity):
        raise AnalysisError(f"cannot certify the roots of {k} on ({start}, {end})")
    return _monotone_root(k, x, start, end, solve=False)


def certified_roots(k: Expr, x: Symbol, interval: Interval) -> list[Root]:
    """Every root of the smooth ``k`` on the open ``interval``, by interval
    arithmetic: cells on the bounded part, monotone or root-free tails beyond
    ``TAIL_START``.

    >>> from symact import x
    >>> (root,) = certified_roots(x * sympy.exp(x) - 1, x, Interval(-S.Infinity, S.Infinity))
    >>> root.exact is None, float(root.point)   # W(1), bracketed
    (True, 0.5671432904097838)

    Raises
    ======
    AnalysisError
        if a cell or tail cannot be decided.
    """
    a, b = interval.start, interval.end
    low = a if a.is_finite else (sympy.Min(b, 0) if b.is_finite else S.Zero) - TAIL_START
    high = b if b.is_finite else (sympy.Max(a, 0) if a.is_finite else S.Zero) + TAIL_START
    roots: list[Root] = []
    if a.is_infinite:
        roots += _tail_roots(k, x, a, low)
    roots += _cell_roots(k, x, low, high)
    if b.is_infinite:
        roots += _tail_roots(k, x, high, b)
    for edge in {low, high} - {a, b}:
        sign = sign_at(k, {x: edge})
        if sign is None:
            raise AnalysisError(f"cannot decide the sign of {k} at {edge}")
        if sign == 0:
            roots.append(Root(edge, edge, edge))
    return roots
