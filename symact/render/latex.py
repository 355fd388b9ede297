r"""LaTeX rendering of a :class:`~symact.sheet.Sheet`: a self-contained
document for pdflatex (amsmath, booktabs, longtable, adjustbox, pgfplots,
hyperref; CJKutf8 when installed, for quotes from Chinese notes).

Formulas come from SymPy objects through :func:`symact.printing.latex`;
every piece of text (titles, notes, statements, names) goes through
:func:`escape`, a total mapping from Unicode to LaTeX that never lets a
character reach the engine unescaped. No mathematics happens here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

import sympy

from symact.analysis import Extremum, Properties
from symact.describe import Description
from symact.printing import latex, rounded
from symact.sheet.model import ActivationPage, AuditFile, Identity, Plot, Sheet
from symact.statistics import GaussianStats, Moment

#: the moments the statistics table shows
STATISTICS_COLUMNS = ("mean", "variance", "derivative_second_moment", "gain")

__all__ = ["escape", "render_sheet"]

FRAMEWORK_LABELS = {"pytorch": "PyTorch", "jax": "JAX", "keras": "Keras"}

_ASCII = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "%": r"\%",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    '"': r"\textquotedbl{}",
    "'": r"\textquotesingle{}",
    "`": r"\textasciigrave{}",
    "-": "-{}",
}
_SYMBOLS = {
    "—": "---",
    "–": "--",
    "‘": "`",
    "’": "'",
    "“": "``",
    "”": "''",
    "…": r"\ldots{}",
    "·": r"\ensuremath{\cdot}",
    "×": r"\ensuremath{\times}",
    "−": r"\ensuremath{-}",
    "±": r"\ensuremath{\pm}",
    "≤": r"\ensuremath{\le}",
    "≥": r"\ensuremath{\ge}",
    "≠": r"\ensuremath{\ne}",
    "≈": r"\ensuremath{\approx}",
    "∞": r"\ensuremath{\infty}",
    "∈": r"\ensuremath{\in}",
    "∂": r"\ensuremath{\partial}",
    "√": r"\ensuremath{\surd}",
    "∑": r"\ensuremath{\sum}",
    "→": r"\ensuremath{\to}",
    "⇒": r"\ensuremath{\Rightarrow}",
    "′": r"\ensuremath{'}",
    "″": r"\ensuremath{''}",
    "°": r"\ensuremath{^\circ}",
    "²": r"\ensuremath{^2}",
    "³": r"\ensuremath{^3}",
    "¹": r"\ensuremath{^1}",
    "⁻": r"\ensuremath{^-}",
    "½": r"\ensuremath{\tfrac12}",
    "¼": r"\ensuremath{\tfrac14}",
    "\u00a0": "~",
}
_GREEK = {
    unicodedata.lookup(f"GREEK SMALL LETTER {name.upper().replace('LAMBDA', 'LAMDA')}"): (
        f"\\ensuremath{{\\{name}}}"
    )
    for name in [
        "alpha",
        "beta",
        "gamma",
        "delta",
        "epsilon",
        "zeta",
        "eta",
        "theta",
        "iota",
        "kappa",
        "lambda",
        "mu",
        "nu",
        "xi",
        "pi",
        "rho",
        "sigma",
        "tau",
        "upsilon",
        "phi",
        "chi",
        "psi",
        "omega",
    ]
}
_GREEK.update(
    {
        unicodedata.lookup(f"GREEK CAPITAL LETTER {name.upper().replace('LAMBDA', 'LAMDA')}"): (
            f"\\ensuremath{{\\{name}}}"
        )
        for name in [
            "Gamma",
            "Delta",
            "Theta",
            "Lambda",
            "Xi",
            "Pi",
            "Sigma",
            "Phi",
            "Psi",
            "Omega",
        ]
    }
)
_ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0308": '"',
    "\u0304": "=",
    "\u0327": "c",
    "\u030c": "v",
}


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF  # radicals, punctuation, kana, CJK ideographs
        or 0xAC00 <= code <= 0xD7AF  # Hangul
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF  # full- and half-width forms
    )


def _character(char: str) -> str:
    if char in _ASCII:
        return _ASCII[char]
    if " " <= char <= "~":
        return char
    if char in _SYMBOLS:
        return _SYMBOLS[char]
    if char in _GREEK:
        return _GREEK[char]
    if char in "\t\n\r":
        return " "
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if " " <= base <= "~" and base.isalpha() and marks and all(m in _ACCENTS for m in marks):
        for mark in marks:
            base = f"\\{_ACCENTS[mark]}{{{base}}}"
        return base
    if unicodedata.category(char)[0] in "CZ":  # controls, format, separators: invisible
        return " " if unicodedata.category(char) == "Zs" else ""
    return f"\\unichar{{{ord(char):04X}}}"


def escape(text: str) -> str:
    r"""``text`` safe to place in LaTeX text mode, whatever it contains.

    Every character has a rendering: TeX's specials are escaped, common
    Unicode symbols become LaTeX commands, runs of CJK characters are set
    with CJKutf8 (``\cjk{...}``), controls vanish, and anything else prints
    as its code point.

    >>> print(escape("50% of $x_1 & {y}~"))
    50\% of \$x\_1 \& \{y\}\textasciitilde{}
    >>> print(escape("σ'(z) ≤ 1/4 — 它"))
    \ensuremath{\sigma}\textquotesingle{}(z) \ensuremath{\le} 1/4 --- \cjk{它}
    >>> print(escape("\\input{/etc/passwd}\x00\u200b"))
    \textbackslash{}input\{/etc/passwd\}
    """
    out: list[str] = []
    run: list[str] = []
    for char in text:
        if _is_cjk(char):
            run.append(char)
            continue
        if run:
            out.append(f"\\cjk{{{''.join(run)}}}")
            run = []
        out.append(_character(char))
    if run:
        out.append(f"\\cjk{{{''.join(run)}}}")
    return "".join(out)


def _code(text: str) -> str:
    return f"\\texttt{{{escape(text)}}}"


def _math(expr: sympy.Basic | None, digits: int | None = 6) -> str:
    if expr is None:
        return r"\text{unknown}"
    if expr is sympy.S.NaN:
        return r"\text{undefined}"
    shown = rounded(expr, digits) if digits else expr
    return latex(shown)


PREAMBLE = r"""\documentclass[10pt,a4paper]{article}
\usepackage[utf8]{inputenc}
\usepackage[margin=17mm]{geometry}
\usepackage{amsmath,amssymb}
\usepackage{booktabs,longtable,array}
\usepackage{adjustbox}
\usepackage[table]{xcolor}
\usepackage{pgfplots}
\pgfplotsset{compat=1.18}
\usepackage[hidelinks]{hyperref}
\IfFileExists{CJKutf8.sty}{\usepackage{CJKutf8}\let\symacthascjk\relax}{}
\ifdefined\symacthascjk
  \newcommand{\cjk}[1]{\begin{CJK}{UTF8}{gbsn}#1\end{CJK}}
\else
  \newcommand{\cjk}[1]{[\textit{CJK text}]}
\fi
\newcommand{\unichar}[1]{\textsf{[U+#1]}}
\newcommand{\verdict}[1]{\textsf{\small #1}}
\newcommand{\proven}{\verdict{\textcolor{green!45!black}{proven}}}
\newcommand{\refuted}{\verdict{\textcolor{red!70!black}{refuted}}}
\newcommand{\unknownv}{\verdict{\textcolor{orange!80!black}{unknown}}}
\newcommand{\formula}[1]{\par\noindent
  \begin{adjustbox}{max width=\linewidth}$\displaystyle #1$\end{adjustbox}\par\smallskip}
\setlength{\parindent}{0pt}
\setlength{\parskip}{3pt}
\renewcommand{\arraystretch}{1.15}
"""


def _verdict(verdict: str) -> str:
    return {"proven": r"\proven", "refuted": r"\refuted"}.get(verdict, r"\unknownv")


def _set(value: sympy.Set | None) -> str:
    return f"${_math(value)}$"


def _continuity(p: Properties) -> str:
    if p.continuity is None:
        return "unknown"
    if p.continuity == -1:
        return "discontinuous"
    order = r"\infty" if p.continuity == "inf" else str(p.continuity)
    return f"$C^{{{order}}}$"


def _flag(value: object) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return escape(str(value))


def _saturates(p: Properties) -> str:
    if p.saturates is None:
        return "unknown"
    sides = {"-oo": r"$-\infty$", "oo": r"$+\infty$"}
    return ", ".join(sides.get(s, escape(s)) for s in p.saturates) or "no"


def _numeric_mark(p: Properties, *names: str) -> str:
    return r"$^\dagger$" if any(n in p.numeric for n in names) else ""


def _summary(pages: Sequence[ActivationPage]) -> str:
    rows = []
    for page in pages:
        link = f"\\hyperref[act:{page.record.name}]{{{_code(page.record.name)}}}"
        p = page.description.properties
        if p is None:
            what = "vector activation" if page.record.vector else "not analysed"
            rows.append(f"{link} & \\multicolumn{{6}}{{l}}{{\\emph{{{what}}}}} \\\\")
            continue
        cells = [
            link,
            _set(p.range) + _numeric_mark(p, "range"),
            _set(p.derivative_range) + _numeric_mark(p, "derivative_range"),
            _continuity(p),
            _flag(p.monotonic),
            _flag(p.zero_centered),
            _saturates(p),
        ]
        rows.append(" & ".join(cells) + r" \\")
    return "\n".join(
        [
            r"\section*{Summary}",
            r"\addcontentsline{toc}{section}{Summary}",
            "Each property is derived by symact from the exact definition at the PyTorch "
            "defaults. Zero-centred means $\\mathbb{E}[f(z)] = 0$ for $z \\sim N(0, 1)$; "
            "saturates means $f'(x) \\to 0$ on that side. "
            "$^\\dagger$: numeric endpoint, certified to 35 digits, shown to 6.",
            r"\begin{small}",
            r"\begin{longtable}{@{}lllllll@{}}",
            r"\toprule",
            r"activation & range & range of $f'$ & continuity & monotonic & zero-centred "
            r"& saturates \\",
            r"\midrule\endhead",
            *rows,
            r"\bottomrule",
            r"\end{longtable}",
            r"\end{small}",
        ]
    )


def _moment(m: Moment) -> str:
    if m.value is None:
        return "unknown"
    mark = r"$^\dagger$" if m.numeric else ""
    return f"${_math(m.value)}${mark}"


def _gain_cells(s: GaussianStats) -> list[str]:
    if s.pytorch_gain is None:
        return ["--", ""]
    agreement = {True: "= derived", False: "differs", None: "undecided"}[s.gain_reproduced]
    return [f"${_math(s.pytorch_gain)}$", agreement]


def _statistics(pages: Sequence[ActivationPage]) -> str:
    rows = []
    for page in pages:
        s = page.statistics
        if s is None:
            continue
        link = rf"\hyperref[act:{page.record.name}]{{{_code(page.record.name)}}}"
        moments = [_moment(getattr(s, key)) for key in STATISTICS_COLUMNS]
        rows.append(" & ".join([link, *moments, *_gain_cells(s)]) + r" \\")
    if not rows:
        return ""
    constants = [
        f"{_code(page.record.name)} {escape(name)} $= {latex(c.value)}$ "
        f"$= {escape(c.digits)}\\ldots$"
        + (
            f" (framework: {escape(c.framework)}; {c.agreement} significant digits reproduced)"
            if c.framework is not None
            else ""
        )
        for page in pages
        if page.statistics is not None
        for name, c in page.statistics.derived_constants.items()
    ]
    return "\n".join(
        [
            r"\section*{Statistics under a Gaussian input}",
            r"\addcontentsline{toc}{section}{Statistics under a Gaussian input}",
            "For $z \\sim N(0, 1)$ at the PyTorch defaults: the mean and variance of $f(z)$, "
            "the mean square of $f'(z)$ (where $f'$ exists), the variance-preserving "
            "initialisation gain $1/\\sqrt{\\mathbb{E}[f(z)^2]}$, and PyTorch's "
            "\\texttt{calculate\\_gain} value with whether the derivation reproduces it. "
            "Exact where SymPy integrates in closed form; $^\\dagger$: numeric, 35 "
            "significant digits, shown to 6.",
            r"\begin{small}",
            r"\begin{longtable}{@{}llllll>{\raggedright\arraybackslash}p{1.6cm}@{}}",
            r"\toprule",
            r"activation & $\mathbb{E}[f]$ & $\operatorname{Var} f$ & $\mathbb{E}[f'^2]$ "
            r"& gain & PyTorch & \\",
            r"\midrule\endhead",
            *rows,
            r"\bottomrule",
            r"\end{longtable}",
            r"\end{small}",
            *(
                ["Constants derived from their defining conditions:", r"\begin{itemize}"]
                + [f"\\item {c}" for c in constants]
                + [r"\end{itemize}"]
                if constants
                else []
            ),
        ]
    )


def _formulas(page: ActivationPage) -> str:
    f, d = page.formulas, page.description
    lines = [f"\\formula{{{latex(f.expr)} = {latex(f.definition)}}}"]
    if page.record.vector:
        jacobian = f.jacobian if f.jacobian is not None else d.jacobian
        lines.append(r"Jacobian $J_{ij} = \partial f_i / \partial z_j$:")
        lines.append(f"\\formula{{J = {latex(jacobian)}}}")
        return "\n".join(lines)
    (x,) = d.inputs
    defaults = ", ".join(
        f"${latex(p.symbol)} = {latex(p.default)}$"
        for p in page.record.parameters
        if p.default is not None and p.kind == "value"
    )
    for order, general, fallback in (
        (1, f.derivative, d.derivative),
        (2, f.second_derivative, d.second_derivative),
    ):
        prime = "'" * order
        if general is not None:
            lines.append(f"\\formula{{f{prime}({latex(x)}) = {latex(general)}}}")
        elif fallback is not None:
            lines.append(f"At the defaults ({defaults}); in general its form depends on them:")
            lines.append(f"\\formula{{f{prime}({latex(x)}) = {latex(fallback)}}}")
    if any(k for k in d.kinks):
        lines.append(
            "Where a branch condition leaves a point out, the derivative does not exist "
            "there (see the kinks below)."
        )
    return "\n".join(lines)


def _coordinates(points: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"({x:.6g},{y:.6g})" for x, y in points)


def _plot(plot: Plot) -> str:
    styles = {"f": "blue!70!black, thick", "f'": "red!70!black, thick, densely dashed"}
    labels = {"f": "$f$", "f'": "$f'$"}
    body = []
    for curve in plot.curves:
        for index, segment in enumerate(curve.segments):
            options = styles.get(curve.label, "black") + ("" if index == 0 else ", forget plot")
            body.append(f"\\addplot[{options}] coordinates {{{_coordinates(segment)}}};")
            if index == 0:
                body.append(f"\\addlegendentry{{{labels.get(curve.label, escape(curve.label))}}}")
    axis = (
        f"width=\\linewidth, height=5.2cm, xmin={plot.x_min:g}, xmax={plot.x_max:g}, "
        f"ymin={plot.y_min:g}, ymax={plot.y_max:g}, grid=major, grid style={{gray!25}}, "
        "axis lines=middle, axis line style={gray}, tick label style={font=\\scriptsize}, "
        "legend pos=north west, legend style={font=\\scriptsize, draw=none, fill=white}"
    )
    caption = f"\\\\[-2pt]{{\\scriptsize {escape(plot.slice)}}}" if plot.slice else ""
    return "\n".join(
        [
            r"\begin{center}",
            r"\begin{tikzpicture}",
            f"\\begin{{axis}}[{axis}]",
            *body,
            r"\end{axis}",
            r"\end{tikzpicture}" + caption,
            r"\end{center}",
        ]
    )


def _parameters(page: ActivationPage) -> str:
    record = page.record
    if not record.parameters:
        return ""
    frameworks = {note.framework: note for note in record.frameworks}
    rows = []
    for p in record.parameters:
        cells = [f"${latex(p.symbol)}$ ({_code(p.name)})", escape(p.description)]
        pytorch = "optional" if p.default is None else f"${latex(p.default)}$"
        for framework in FRAMEWORK_LABELS:
            note = frameworks.get(framework)
            if note is None:
                cells.append("---")
                continue
            differs = dict(note.defaults).get(p.name)
            if differs is not None and framework != "pytorch":
                cells.append(f"$\\mathbf{{{latex(differs)}}}$ (differs)")
            else:
                cells.append(pytorch)
        rows.append(" & ".join(cells) + r" \\")
    return "\n".join(
        [
            r"\paragraph{Parameters and defaults} ``---'': the framework does not ship it.",
            r"\begin{longtable}{@{}lp{0.36\linewidth}lll@{}}",
            r"\toprule parameter & meaning & PyTorch & JAX & Keras \\ \midrule",
            *rows,
            r"\bottomrule",
            r"\end{longtable}",
        ]
    )


def _frameworks(page: ActivationPage) -> str:
    if not page.record.frameworks:
        return ""
    rows = [
        f"{FRAMEWORK_LABELS[n.framework]} & {_code(n.api)} & {escape(n.note) or '---'} \\\\"
        for n in page.record.frameworks
    ]
    return "\n".join(
        [
            r"\paragraph{In the frameworks}",
            r"\begin{longtable}{@{}l>{\raggedright}p{0.34\linewidth}>{\raggedright\arraybackslash}p{0.44\linewidth}@{}}",
            r"\toprule framework & API & notes \\ \midrule",
            *rows,
            r"\bottomrule",
            r"\end{longtable}",
        ]
    )


def _kinks(d: Description) -> str:
    if not d.kinks:
        return ""
    frameworks = [
        f for f in FRAMEWORK_LABELS if any(f == c for k in d.kinks for c, _ in k.conventions)
    ]
    header = " & ".join(
        ["at", r"$f'$ from the left", r"$f'$ from the right"]
        + [f"{FRAMEWORK_LABELS[f]} uses" for f in frameworks]
    )
    rows = []
    for k in d.kinks:
        conventions = dict(k.conventions)
        cells = [
            f"${latex(k.location)}$",
            "---" if k.left_derivative is None else f"${latex(k.left_derivative)}$",
            "---" if k.right_derivative is None else f"${latex(k.right_derivative)}$",
        ] + [f"${latex(conventions[f])}$" if f in conventions else "---" for f in frameworks]
        rows.append(" & ".join(cells) + r" \\")
    return "\n".join(
        [
            r"\paragraph{Kinks} The derivative does not exist at these points; the frameworks' "
            r"autograd returns a convention there.",
            r"\begin{longtable}{@{}" + "l" * (3 + len(frameworks)) + "@{}}",
            r"\toprule " + header + r" \\ \midrule",
            *rows,
            r"\bottomrule",
            r"\end{longtable}",
        ]
    )


def _extremum(e: Extremum | None, p: Properties, field: str) -> str:
    if e is None:
        return "unknown"
    mark = _numeric_mark(p, field)
    value = f"${_math(e.value)}${mark}"
    if not e.attained:
        return f"{value}, not attained ($x \\to {', '.join(_math(w) for w in e.where)}$)"
    places = " and ".join(
        f"$x \\in {_math(w)}$" if isinstance(w, sympy.Set) else f"$x = {_math(w)}$" for w in e.where
    )
    return f"{value}, attained for {places}"


def _properties(p: Properties) -> str:
    def limit(side: str) -> str:
        value = p.limits.get(side)
        return "unknown" if value is None else f"${_math(value)}$"

    def asymptote(side: str) -> str:
        value = p.asymptotes.get(side)
        return "none" if value is None else f"$y = {_math(value)}$"

    rows = [
        ("range", _set(p.range) + _numeric_mark(p, "range")),
        (r"range of $f'$", _set(p.derivative_range) + _numeric_mark(p, "derivative_range")),
        ("minimum", _extremum(p.minimum, p, "minimum")),
        ("maximum", _extremum(p.maximum, p, "maximum")),
        (r"limits at $-\infty$ / $+\infty$", f"{limit('-oo')} / {limit('oo')}"),
        (r"asymptotes at $-\infty$ / $+\infty$", f"{asymptote('-oo')} / {asymptote('oo')}"),
        (r"$f(0)$, $f'(0)$", f"${_math(p.value_at_0)}$, ${_math(p.derivative_at_0)}$"),
        ("continuity", _continuity(p)),
        (r"monotonic / $f'$ monotonic", f"{_flag(p.monotonic)} / {_flag(p.derivative_monotonic)}"),
        ("convex", _flag(p.convex)),
        ("bounded below / above", f"{_flag(p.bounded_below)} / {_flag(p.bounded_above)}"),
        (r"saturates ($f' \to 0$)", _saturates(p)),
        (r"zero-centred ($\mathbb{E}f(z) = 0$)", _flag(p.zero_centered)),
        ("odd / even", f"{_flag(p.odd)} / {_flag(p.even)}"),
        (r"identity near 0 ($f(0)=0$, $f'(0)=1$)", _flag(p.identity_near_origin)),
        (
            r"Lipschitz constant ($\sup|f'|$)",
            f"${_math(p.lipschitz)}$" + _numeric_mark(p, "lipschitz"),
        ),
    ]
    rows += [(f"unknown: {escape(name)}", escape(reason)) for name, reason in p.unknown.items()]
    body = [f"{name} & {value} \\\\" for name, value in rows]
    footer = (
        [
            r"\multicolumn{2}{@{}l}{\footnotesize $^\dagger$ certified numeric value (35 digits, "
            r"no closed form found), shown to 6 digits}\\"
        ]
        if p.numeric
        else []
    )
    return "\n".join(
        [
            r"\paragraph{Properties} at the PyTorch defaults, derived from the definition.",
            r"\begin{longtable}{@{}>{\raggedright}p{0.36\linewidth}>{\raggedright\arraybackslash}p{0.6\linewidth}@{}}",
            r"\toprule",
            *body,
            r"\bottomrule",
            *footer,
            r"\end{longtable}",
        ]
    )


def _identity_text(identity: Identity) -> str:
    if identity.kind == "derivation":
        steps = r" \newline ".join(_code(step) for step in identity.text)
        text = steps
    elif len(identity.text) == 2:
        text = f"range of {_code(identity.text[0])} is {_code(identity.text[1])}"
    else:
        text = _code(identity.text[0])
    if identity.assume:
        text += " \\newline \\emph{assuming} " + ", ".join(_code(a) for a in identity.assume)
    return text


def _identities(page: ActivationPage) -> str:
    if not page.identities:
        return ""
    rows = [
        f"{_verdict(i.verdict)} & \\textbf{{{escape(i.name)}}} \\newline {_identity_text(i)} \\\\"
        for i in page.identities
    ]
    return "\n".join(
        [
            r"\paragraph{Identities} from \texttt{derivations/} that concern it, as symact "
            r"decided them.",
            r"\begin{longtable}{@{}l>{\raggedright\arraybackslash}p{0.84\linewidth}@{}}",
            r"\toprule verdict & claim \\ \midrule",
            *rows,
            r"\bottomrule",
            r"\end{longtable}",
        ]
    )


def _section(page: ActivationPage) -> str:
    record, d = page.record, page.description
    aliases = f" (also {', '.join(_code(a) for a in record.aliases)})" if record.aliases else ""
    parts = [
        r"\clearpage",
        f"\\section{{{escape(record.name)}}}\\label{{act:{record.name}}}",
        f"{escape(record.summary.rstrip('.'))}. Family: {escape(record.family)}{aliases}.",
        _formulas(page),
    ]
    if page.plot is not None:
        parts.append(_plot(page.plot))
    if page.problem:
        parts.append(f"\\emph{{{escape(page.problem)}.}}")
    parts += [_parameters(page), _kinks(d)]
    if d.properties is not None:
        parts.append(_properties(d.properties))
    parts += [_frameworks(page), _identities(page)]
    if record.references:
        refs = "; ".join(escape(r) for r in record.references)
        parts.append(f"\\paragraph{{References}} {refs}")
    return "\n\n".join(part for part in parts if part)


def _audit_row(identity: Identity, corrected: bool) -> str:
    label = r"$\hookrightarrow$ " if corrected else ""
    note = f" \\newline {{\\small {escape(identity.note)}}}" if identity.note else ""
    expected = "" if identity.ok else f" \\newline (expected {escape(identity.expected)})"
    return (
        f"{_verdict(identity.verdict)}{expected} & {label}\\textbf{{{escape(identity.name)}}} "
        f"\\newline {_identity_text(identity)}{note} \\\\"
    )


def _audit(files: Sequence[AuditFile]) -> str:
    if not files:
        return ""
    parts = [
        r"\clearpage",
        r"\section{Audit of the notes}",
        "Each claim of the study notes, as written, with symact's verdict. Where a note "
        "is imprecise or wrong, the claim as stated is refuted (with a counterexample "
        "verified at 50 digits) and the corrected statement follows it, proven.",
    ]
    for file in files:
        rows = []
        for row in file.rows:
            rows.append(_audit_row(row.claim, False))
            rows += [_audit_row(c, True) for c in row.corrections]
        source = f" Source: {_code(file.source)}." if file.source else ""
        parts += [
            f"\\subsection{{{escape(file.title or file.path)}}}",
            f"From {_code(file.path)}.{source}",
            r"\begin{longtable}{@{}l>{\raggedright\arraybackslash}p{0.82\linewidth}@{}}",
            r"\toprule verdict & claim and note \\ \midrule\endhead",
            *rows,
            r"\bottomrule",
            r"\end{longtable}",
        ]
    return "\n\n".join(parts)


def render_sheet(sheet: Sheet) -> str:
    """The complete LaTeX document for ``sheet``."""
    names = ", ".join(page.record.name for page in sheet.pages)
    front = [
        PREAMBLE,
        f"\\hypersetup{{pdftitle={{{escape(sheet.title)}}}, pdfsubject={{{escape(names)}}}}}",
        r"\begin{document}",
        f"\\begin{{center}}{{\\LARGE {escape(sheet.title)}}}\\\\[4pt]"
        f"generated by symact {escape(sheet.version)}: every formula, property and "
        r"verdict below is computed from the exact SymPy definitions; the plots use "
        r"symact's accurate NumPy kernels.\end{center}",
        r"\tableofcontents",
        r"\clearpage",
        _summary(sheet.pages),
        _statistics(sheet.pages),
    ]
    body = [_section(page) for page in sheet.pages]
    return "\n\n".join([*front, *body, _audit(sheet.audit), r"\end{document}", ""])
