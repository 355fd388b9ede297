"""The LaTeX side of ``symact sheet`` without an engine: escaping, the
rendered document, the plot coordinates, the sheet cache, and the
``corrects`` links of derivation files."""

from __future__ import annotations

import itertools
import json
import math
import re
import shutil
import tomllib
from functools import cache
from pathlib import Path

import numpy as np
import pytest
import sympy
from hypothesis import example, given, settings
from hypothesis import strategies as st

from symact.catalogue import CATALOGUE, get
from symact.derivations.loader import load_file
from symact.describe import describe
from symact.printing import latex
from symact.render.latex import escape, render_sheet
from symact.sheet import Cache, Plot, build_sheet
from symact.sheet.plots import plot_activation

ROOT = Path(__file__).resolve().parents[1]
DERIVATIONS = ROOT / "derivations"
SMALL = ["relu", "sigmoid"]

# ---------------------------------------------------------------- escape

SPECIALS = {
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
}
GREEK = [
    *("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota"),
    *("kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon"),
    *("phi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi"),
    *("Sigma", "Phi", "Psi", "Omega"),
]
#: every control word escape may emit: text-mode replacements and math symbols
SAFE_WORDS = {
    *("textbackslash", "textasciicircum", "textasciitilde", "textless", "textgreater"),
    *("textbar", "textquotedbl", "textquotesingle", "textasciigrave", "ldots"),
    *("ensuremath", "cjk", "unichar", "c", "v"),
    *("cdot", "times", "pm", "le", "ge", "ne", "approx", "infty", "in", "partial"),
    *("surd", "sum", "to", "Rightarrow", "circ", "tfrac"),
    *GREEK,
}
#: control symbols: escaped specials and accents
SAFE_SYMBOLS = set("{}$&#%_'`^~\"=")
CJK_GROUP = re.compile(r"\\cjk\{([^{}\\]*)\}")


def assert_safe(text: str, out: str) -> None:
    """``out`` can reach TeX: only known commands, no bare specials, balanced
    braces, printable ASCII outside ``\\cjk{...}``, no line ends at all."""
    assert isinstance(out, str)
    assert "\n" not in out, (text, out)
    assert "\r" not in out, (text, out)
    assert "^^" not in out, (text, out)
    for group in CJK_GROUP.findall(out):
        assert group, (text, out)
        assert all(ord(c) >= 0x2E80 for c in group), (text, out)
    outside = CJK_GROUP.sub("", out)
    assert all(" " <= c <= "~" for c in outside), (text, out)
    depth = 0
    index = 0
    while index < len(outside):
        char = outside[index]
        if char == "\\":
            assert index + 1 < len(outside), f"lone backslash at the end: {out!r}"
            word = re.match(r"[A-Za-z]+", outside[index + 1 :])
            if word:
                assert word.group() in SAFE_WORDS, (text, out, word.group())
                index += 1 + len(word.group())
                continue
            assert outside[index + 1] in SAFE_SYMBOLS, (text, out, outside[index + 1])
            index += 2
            continue
        assert char not in "$&#%_", f"bare {char!r} in {out!r}"
        if char == "^":
            assert outside[:index].endswith("\\ensuremath{"), (text, out)
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            assert depth >= 0, f"unbalanced braces: {out!r}"
        index += 1
    assert depth == 0, f"unbalanced braces: {out!r}"


@pytest.mark.parametrize(("char", "expected"), SPECIALS.items())
def test_escape_specials(char: str, expected: str) -> None:
    assert escape(char) == expected
    assert escape(f"a{char}b") == f"a{expected}b"
    assert_safe(char, escape(char * 3))


def test_escape_plain_text_is_kept() -> None:
    assert escape("ReLU(x) = max(0, x), 1/4 [a, b]") == "ReLU(x) = max(0, x), 1/4 [a, b]"
    assert escape("") == ""


HOSTILE = [
    "\\input{/etc/passwd}",
    "\\write18{touch x}",
    "\\immediate\\write18{rm -rf ~}",
    "}\\end{document}",
    "\\def\\x{",
    "^^5cinput{/etc/passwd}",
    "\\catcode`\\^^M=13 \\csname end\\endcsname",
    "$\\openout1=x$ % comment",
    "{{{\\relax",
    "}}}",
    "\\\\\\",
    "x\\",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_hostile(text: str) -> None:
    out = escape(text)
    assert_safe(text, out)
    for command in ("input", "write", "immediate", "def", "end", "catcode", "csname", "openout"):
        assert f"\\{command}" not in out, out
    assert "^^" not in out
    assert not out.endswith("\\")


def test_escape_cjk_runs() -> None:
    assert escape("激活函数 ReLU 的导数") == r"\cjk{激活函数} ReLU \cjk{的导数}"
    assert escape("它") == r"\cjk{它}"
    assert escape("a它们b") == r"a\cjk{它们}b"
    assert escape("한국어") == r"\cjk{한국어}"


@pytest.mark.parametrize("name", GREEK)
def test_escape_greek(name: str) -> None:
    import unicodedata

    case = "CAPITAL" if name[0].isupper() else "SMALL"
    letter = unicodedata.lookup(f"GREEK {case} LETTER {name.upper().replace('LAMBDA', 'LAMDA')}")
    assert escape(letter) == f"\\ensuremath{{\\{name}}}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("é", r"\'{e}"),
        ("è", r"\`{e}"),
        ("ê", r"\^{e}"),
        ("ü", r"\"{u}"),
        ("ñ", r"\~{n}"),
        ("ç", r"\c{c}"),
        ("č", r"\v{c}"),
        ("ā", r"\={a}"),
        ("Éé", r"\'{E}\'{e}"),
    ],
)
def test_escape_accents(text: str, expected: str) -> None:
    assert escape(text) == expected


def test_escape_removes_invisible_characters() -> None:
    assert escape("a\x00b\u200bc\x07d\u202ee\ufeff\x1bf\u2028g") == "abcdefg"


def test_escape_newlines_become_spaces() -> None:
    assert escape("a\nb\r\nc\td") == "a b  c d"
    assert escape("50%\n") == r"50\% "


def test_escape_symbols() -> None:
    assert escape("σ'(z) ≤ 1/4") == r"\ensuremath{\sigma}\textquotesingle{}(z) \ensuremath{\le} 1/4"
    assert escape("x²") == r"x\ensuremath{^2}"
    assert escape("\U0001f600") == r"\unichar{1F600}"


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.text())
@example("\\%")
@example("%\\")
@example("\\\n%")
@example("\U0001f600\u0301e\u0301²²°^^")
def test_escape_any_text(text: str) -> None:
    out = escape(text)
    assert_safe(text, out)
    assert re.search(r"(?<!\\)%", out) is None
    assert not out.endswith("\\")


HOSTILE_ALPHABET = st.sampled_from(
    list("\\{}$&#%_^~<>|\"'`-\n\r\t\x00\u200b aZ09é它σ²°½—\u00a0\u0301")
)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.text(alphabet=HOSTILE_ALPHABET | st.characters(), max_size=40))
def test_escape_hostile_text(text: str) -> None:
    out = escape(text)
    assert_safe(text, out)
    assert re.search(r"(?<!\\)%", out) is None
    assert all(not line.endswith("\\") for line in out.split("\n"))


# ---------------------------------------------------------------- the rendered sheet


def shared_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache directory for the session (tests/test_sheet.py uses it too)."""
    directory = tmp_path_factory.getbasetemp() / "symact-sheet-cache"
    directory.mkdir(exist_ok=True)
    return directory


@pytest.fixture(scope="module")
def small_tex(tmp_path_factory: pytest.TempPathFactory) -> str:
    cache_ = Cache(shared_cache_dir(tmp_path_factory))
    sheet = build_sheet(SMALL, derivations=DERIVATIONS, cache=cache_, jobs=1)
    assert [page.problem for page in sheet.pages] == ["", ""]
    return render_sheet(sheet)


def notes_files() -> list[tuple[Path, dict]]:
    """The audited notes (files with a ``source``), in the order of the sheet."""
    found = []
    for path in sorted(p for p in DERIVATIONS.rglob("*.toml") if p.is_file()):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if data.get("source"):
            found.append((path, data))
    return found


def test_document_frame(small_tex: str) -> None:
    assert small_tex.startswith("\\documentclass")
    assert small_tex.rstrip().endswith("\\end{document}")
    assert small_tex.count("\\begin{document}") == 1
    assert small_tex.count("\\end{document}") == 1


def test_one_section_per_activation(small_tex: str) -> None:
    sections = re.findall(r"^\\section\{([^}]*)\}", small_tex, flags=re.M)
    assert sections == [*SMALL, "Audit of the notes"]
    for name in SMALL:
        assert f"\\label{{act:{name}}}" in small_tex


def test_summary_rows(small_tex: str) -> None:
    start = small_tex.index("\\section*{Summary}")
    table = small_tex[start : small_tex.index("\\end{longtable}", start)]
    rows = re.findall(r"^\\hyperref\[act:([^\]]+)\]", table, flags=re.M)
    assert rows == SMALL
    for row in table.splitlines():
        if row.startswith("\\hyperref"):
            assert row.count(" & ") == 6, row
            assert row.endswith("\\\\"), row


def test_audit_subsections_come_from_the_notes(small_tex: str) -> None:
    audit = small_tex[small_tex.index("\\section{Audit of the notes}") :]
    titles = re.findall(r"^\\subsection\{(.*)\}$", audit, flags=re.M)
    expected = [escape(data.get("title") or str(path)) for path, data in notes_files()]
    assert expected
    assert titles == expected
    for path, data in notes_files():
        assert escape(data["source"]) in audit
        assert escape(str(path)) in audit


def test_corrections_follow_the_refuted_claims(small_tex: str) -> None:
    audit = small_tex[small_tex.index("\\section{Audit of the notes}") :]
    assert "$\\hookrightarrow$" in audit
    links = 0
    for _, data in notes_files():
        for entry in [*data.get("claim", []), *data.get("derivation", [])]:
            corrects = entry.get("corrects", [])
            corrects = [corrects] if isinstance(corrects, str) else corrects
            corrected_row = f"& $\\hookrightarrow$ \\textbf{{{escape(entry['name'])}}} \\newline"
            if not corrects:
                assert corrected_row not in audit
                continue
            # a correction is shown only under the claims it corrects
            assert f"& \\textbf{{{escape(entry['name'])}}} \\newline" not in audit
            for name in corrects:
                refuted = audit.index(f"& \\textbf{{{escape(name)}}} \\newline")
                assert audit.find(corrected_row, refuted) > refuted, (name, entry["name"])
                links += 1
    assert links >= 3


def test_formulas_come_from_the_printer(small_tex: str) -> None:
    for name in SMALL:
        record = get(name)
        assert latex(record.definition(symbolic=True)) in small_tex
        assert latex(record.expr(symbolic=True)) in small_tex
    assert "\\frac{1}{1 + e^{- x}}" in small_tex


def test_plot_coordinates_lie_in_the_axis(small_tex: str) -> None:
    axes = re.findall(r"\\begin\{axis\}\[(.*?)\]\n(.*?)\\end\{axis\}", small_tex, flags=re.S)
    assert len(axes) == len(SMALL)
    number = r"(-?[0-9.e+-]+)"
    for options, body in axes:
        frame = {
            key: float(re.search(rf"\b{key}={number}", options).group(1))
            for key in ("xmin", "xmax", "ymin", "ymax")
        }
        plots = re.findall(r"^\\addplot\[[^\]]*\] coordinates \{(.*)\};$", body, flags=re.M)
        assert len(plots) >= 2
        for coordinates in plots:
            points = re.findall(rf"\({number},{number}\)", coordinates)
            assert len(points) > 1
            for x, y in points:
                assert frame["xmin"] <= float(x) <= frame["xmax"], (x, frame)
                assert frame["ymin"] <= float(y) <= frame["ymax"], (y, frame)


def test_title_is_escaped(tmp_path_factory: pytest.TempPathFactory) -> None:
    title = "50% & $x$ {evil} \\input{/etc/passwd}"
    sheet = build_sheet(
        ["relu"],
        derivations=None,
        title=title,
        cache=Cache(shared_cache_dir(tmp_path_factory)),
        jobs=1,
    )
    tex = render_sheet(sheet)
    assert escape(title) in tex
    assert "50% &" not in tex
    assert "\\input{/etc/passwd}" not in tex
    assert "{\\LARGE " + escape(title) + "}" in tex
    assert "\\section{Audit of the notes}" not in tex


# ---------------------------------------------------------------- plots


@cache
def plot_of(name: str) -> Plot:
    return plot_activation(get(name), describe(name, properties=False))


def test_relu_plot() -> None:
    plot = plot_of("relu")
    f, df = plot.curves
    assert (f.label, df.label) == ("f", "f'")
    assert (plot.x_min, plot.x_max) == (-4.0, 4.0)
    assert len(f.segments) == 1
    assert len(df.segments) == 2  # the jump of f' at 0
    left, right = df.segments
    assert left[-1] == (0.0, 0.0)
    assert right[0] == (0.0, 1.0)
    assert all(y == 0 for _, y in left)
    assert all(y == 1 for _, y in right)


def test_relu6_window_shows_both_kinks() -> None:
    plot = plot_of("relu6")
    assert (plot.x_min, plot.x_max) == (-4.0, 8.0)
    f, df = plot.curves
    assert len(f.segments) == 1
    assert len(df.segments) == 3
    assert max(y for segment in f.segments for _, y in segment) == 6.0


#: the activations that jump at their defaults: their plots break at the jump
JUMPS = ("hardshrink", "binary_step")


def test_jumps_are_exactly_the_discontinuous_activations() -> None:
    from symact.analysis.shape import continuity_order

    scalar = [r for r in CATALOGUE if not r.vector]
    x = sympy.Symbol("x", real=True)
    jumping = {r.name for r in scalar if continuity_order(r.expr(x), x) == -1}
    assert jumping == set(JUMPS)
    for name in JUMPS:
        assert len(plot_of(name).curves[0].segments) > 1


@pytest.mark.parametrize("name", [n for n in CATALOGUE.names() if n not in JUMPS])
def test_continuous_activations_plot_in_one_piece(name: str) -> None:
    """f is drawn across the whole window, broken only where it leaves the
    frame (exponential, squared_relu grow past the y cap)."""
    plot = plot_of(name)
    f = plot.curves[0]
    xs = [x for segment in f.segments for x, _ in segment]
    assert xs == sorted(xs)
    assert bool(plot.slice) == get(name).vector
    if len(f.segments) == 1 and xs[0] == plot.x_min and xs[-1] == plot.x_max:
        return
    assert not get(name).vector
    kernel = get(name).numpy(0)
    for left, right in itertools.pairwise(f.segments):
        gap = (left[-1][0] + right[0][0]) / 2
        assert not plot.y_min <= float(kernel(np.float64(gap))) <= plot.y_max, (name, gap)
    ends = [f.segments[0][0], f.segments[-1][-1]]
    for (x_end, _), edge in zip(ends, (plot.x_min, plot.x_max), strict=True):
        if x_end != edge:  # the curve is outside the frame at the window's edge
            assert not plot.y_min <= float(kernel(np.float64(edge))) <= plot.y_max


@pytest.mark.parametrize("name", [r.name for r in CATALOGUE if not r.vector])
def test_plotted_values_come_from_the_kernels(name: str) -> None:
    plot = plot_of(name)
    record = get(name)
    for order, curve in enumerate(plot.curves):
        kernel = record.numpy(order)
        for segment in curve.segments:
            xs = np.array([x for x, _ in segment])
            with np.errstate(all="ignore"):
                exact = np.asarray(kernel(xs), dtype=float)
                left = np.asarray(kernel(np.nextafter(xs, -np.inf)), dtype=float)
                right = np.asarray(kernel(np.nextafter(xs, np.inf)), dtype=float)
            for (x, y), *values in zip(segment, exact, left, right, strict=True):
                # at a jump the curve ends and restarts with the one-sided values
                assert any(
                    math.isclose(y, float(v), rel_tol=1e-5, abs_tol=1e-12) for v in values
                ), (name, curve.label, x, y, values)
            inner = [(y, float(v)) for (_, y), v in zip(segment[1:-1], exact[1:-1], strict=True)]
            assert all(math.isclose(y, v, rel_tol=1e-5, abs_tol=1e-12) for y, v in inner)


# ---------------------------------------------------------------- the cache

TINY_NOTES = """\
title = "Tiny notes: 激活函数, 50% of $x$"
source = "seeds/tiny.txt"

[[claim]]
name = "sigmoid maps onto [0, 1] as the note states it"
range = "sigmoid(x)"
equals = "[0, 1]"
expect = "refuted"
note = "它将输入映射到 [0,1] — neither end is attained."

[[claim]]
name = "corrected: sigmoid maps onto (0, 1)"
corrects = "sigmoid maps onto [0, 1] as the note states it"
range = "sigmoid(x)"
equals = "(0, 1)"

[[claim]]
name = "relu is max(0, x)"
statement = "relu(x) == max(0, x)"
"""


class Built:
    def __init__(self, notes: Path, directory: Path, tex: str, files: list[Path]) -> None:
        self.notes = notes
        self.directory = directory
        self.tex = tex
        self.files = files


def build(notes: Path, directory: Path) -> tuple[str, Cache]:
    cache_ = Cache(directory)
    sheet = build_sheet(SMALL, derivations=notes, cache=cache_, jobs=1)
    return render_sheet(sheet), cache_


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    notes = tmp_path_factory.mktemp("notes") / "tiny.toml"
    notes.write_text(TINY_NOTES, encoding="utf-8")
    directory = tmp_path_factory.mktemp("cache")
    tex, first = build(notes, directory)
    assert first.hits == 0
    assert first.misses == 5  # two activations' facts and statistics, one file
    files = sorted(directory.glob("*.json"))
    assert len(files) == 5
    return Built(notes, directory, tex, files)


def test_cache_round_trip(built: Built) -> None:
    assert "\\subsection{Tiny notes: \\cjk{激活函数}, 50\\% of \\$x\\$}" in built.tex
    assert "$\\hookrightarrow$ \\textbf{corrected: sigmoid maps onto (0, 1)}" in built.tex
    tex, second = build(built.notes, built.directory)
    assert tex == built.tex
    assert second.hits == 5
    assert second.misses == 0
    assert sorted(built.directory.glob("*.json")) == built.files


def _nested(depth: int) -> str:
    return '{"$":"tuple","v":[' * depth + "1" + "]}" * depth


CORRUPT = {
    "garbage": b"\x00\xff garbage {{{",
    "empty": b"",
    "truncated": b'{"$":"map","v":[["expr",',
    "sympy code": b'{"$":"sympy","v":{"f":"os.system","a":[]}}',
    "eval": b'{"$":"sympy","v":{"f":"eval","a":[{"sym":"x","as":{}}]}}',
    "unknown record": b'{"$":"Popen","v":{"args":"touch x"}}',
    "deep json": b"[" * 100_000 + b"]" * 100_000,
    "deep tags": _nested(50_000).encode(),
    "huge int": b'{"$":"sympy","v":{"int":"' + b"9" * 20_000 + b'"}}',
}


@pytest.mark.parametrize("payload", CORRUPT.values(), ids=CORRUPT.keys())
def test_corrupt_cache_is_a_miss(built: Built, tmp_path: Path, payload: bytes) -> None:
    directory = tmp_path / "cache"
    shutil.copytree(built.directory, directory)
    for path in directory.glob("*.json"):
        path.write_bytes(payload)
    tex, again = build(built.notes, directory)
    assert tex == built.tex
    assert again.hits == 0
    assert again.misses == 5
    # the entries were rewritten: the next build is all hits
    tex, third = build(built.notes, directory)
    assert tex == built.tex
    assert (third.hits, third.misses) == (5, 0)


@pytest.mark.parametrize(
    "payload",
    [b'{"$":"map","v":[["expr",1]]}', b'{"$":"tuple","v":[]}', b"null", b'"text"', b"[1, 2]"],
)
def test_foreign_cache_entry_is_recomputed(built: Built, tmp_path: Path, payload: bytes) -> None:
    """Well-formed entries of the wrong shape are decoded (and counted as
    hits by the cache) but not used: the sheet is the same."""
    directory = tmp_path / "cache"
    shutil.copytree(built.directory, directory)
    for path in directory.glob("*.json"):
        path.write_bytes(payload)
    tex, _ = build(built.notes, directory)
    assert tex == built.tex
    tex, third = build(built.notes, directory)
    assert tex == built.tex
    assert (third.hits, third.misses) == (5, 0)


def test_cache_entry_of_the_wrong_types_is_a_miss(built: Built, tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    shutil.copytree(built.directory, directory)
    for path in directory.glob("activation-*.json"):
        data = json.loads(path.read_bytes())
        data["v"] = [[key, "garbage" if key == "plot" else value] for key, value in data["v"]]
        path.write_text(json.dumps(data))
    tex, _ = build(built.notes, directory)
    assert tex == built.tex


# ---------------------------------------------------------------- corrects in derivation files

CORRECTS = """\
title = "corrections"

[[claim]]
name = "refuted one"
statement = "relu(x) == x"
expect = "refuted"

[[claim]]
name = "proven one"
statement = "relu(x) >= 0"

[[claim]]
name = "corrects a missing entry"
statement = "relu(x) >= x"
corrects = "no such entry"

[[claim]]
name = "corrects a proven entry"
statement = "relu(x) >= x"
corrects = ["proven one"]

[[derivation]]
name = "corrects the refuted one"
steps = ["relu(x)", ">= x"]
corrects = ["refuted one"]
"""


def test_corrects_must_name_a_refuted_entry(tmp_path: Path) -> None:
    path = tmp_path / "corrects.toml"
    path.write_text(CORRECTS, encoding="utf-8")
    source = load_file(path)
    assert [e.name for e in source.entries] == [
        "refuted one",
        "proven one",
        "corrects the refuted one",
    ]
    assert source.entries[-1].corrects == ("refuted one",)
    errors = {error.name: error for error in source.errors}
    assert set(errors) == {"corrects a missing entry", "corrects a proven entry"}
    missing, proven = errors["corrects a missing entry"], errors["corrects a proven entry"]
    assert "'no such entry'" in missing.message
    assert "names no entry of this file" in missing.message
    assert "'proven one'" in proven.message
    assert "is not expected refuted" in proven.message
    lines = CORRECTS.splitlines()
    assert lines[missing.line - 1] == "[[claim]]"
    assert "corrects a missing entry" in lines[missing.line]
    assert "corrects a proven entry" in lines[proven.line]
    assert all(error.file == str(path) for error in source.errors)


def test_duplicate_entry_names(tmp_path: Path) -> None:
    path = tmp_path / "duplicates.toml"
    path.write_text(
        '[[claim]]\nname = "twice"\nstatement = "relu(x) >= 0"\n\n'
        '[[claim]]\nname = "twice"\nstatement = "relu(x) >= x"\n\n'
        '[[derivation]]\nname = "twice"\nsteps = ["relu(x)", ">= 0"]\n\n'
        '[[claim]]\nname = "once"\nstatement = "sigmoid(x) > 0"\n',
        encoding="utf-8",
    )
    source = load_file(path)
    assert [(e.name, e.kind, e.line) for e in source.entries] == [
        ("twice", "claim", 1),
        ("once", "claim", 13),
    ]
    assert [(e.name, e.line, e.message) for e in source.errors] == [
        ("twice", 5, "another entry has this name"),
        ("twice", 9, "another entry has this name"),
    ]
