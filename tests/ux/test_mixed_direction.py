"""Item 3 of issue 17: no code-like token sits bare inside a Persian sentence.

Walks the syntax tree of every module whose strings a clerk reads (the UI, the use
cases, sync, models, validators and document vocabularies) and looks at each string
literal that is a Persian sentence (more Persian letters than Latin ones; docstrings,
regular expressions, HTML tags, Qt file filters and file names are not sentences):

- a number with dashes (``2701-000017``) — the bidi algorithm shows it backwards;
- a Latin token (a word, a path, a URL, ``UTF-8``, ``-wal``) that is not one of the
  few names that read the same in any direction (``NAMES``) or a key sequence;
- a Latin letter glued to a Persian digit (``clerk۱``);
- a Latin comma between digits (``۳,۰۰۰``: the separator is «٬», ``format_number``);
- in an f-string, a code, path, serial or user name interpolated without
  ``persian.bidi`` (``code``/``isolate``) or a number formatter, and a ``{x:,}`` spec.

A token inside LRI…PDI in the literal itself is isolated already. Demo data is data,
not a message; ``services/participation`` and ``services/workshops`` are being changed
on other branches and are left out until they land.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from desktop_app.persian.bidi import LRI, PDI, persian_digits_outside_latin

APP = Path(__file__).resolve().parents[2] / "desktop_app"
SCANNED = ("ui", "services", "sync", "models", "persian", "documents")
SKIPPED = ("services/demo", "services/participation", "services/workshops")

PERSIAN = re.compile(r"[\u0600-\u06FF]")
LATIN_LETTER = re.compile(r"[A-Za-z]")
DASHED = re.compile(r"[0-9۰-۹]+(?:[-‐–][0-9۰-۹]+)+")
LATIN_TOKEN = re.compile(r"[A-Za-z0-9@_/\\:.+-]*[A-Za-z][A-Za-z0-9@_/\\:.+-]*")
GLUED = re.compile(r"[A-Za-z][۰-۹]|[۰-۹][A-Za-z]")
LATIN_COMMA = re.compile(r"[0-9۰-۹],[0-9۰-۹]{3}")
ISOLATED = re.compile(f"{LRI}[^{PDI}]*{PDI}")
PLACEHOLDER = re.compile(r"\{\w*\}")
TAG = re.compile(r"<[^>]+>")
# names that are one left-to-right run with no neutral at an edge: they read right
NAMES = frozenset(
    "PDF CSV Excel QR JSON PNG JPG JPEG UUID ERP ICDL SMAW GTAW NUL Batch Miz A4 A5 "
    "G2G G2C G2B IR FA SIL Open Font License UTF-8".split()
)
KEYS = re.compile(
    r"^(?:(?:Ctrl|Alt|Shift)\+)*(?:[A-Z]|F\d+|Enter|Delete|Escape|Esc|Tab|Left|Right)$"
)
SUSPECT_NAME = re.compile(
    r"(^|_)(code|serial|path|folder|file|url|dir|directory|user_name|username|tracking_code|target|output|dest)$"
)
SAFE_CALLS = frozenset(
    {"code", "bidi_code", "isolate", "ltr", "format_number", "format_rial", "mask_code", "len"}
)
SAFE_NAMES = frozenset({"status_code"})  # an HTTP status: a plain number


def _sources() -> list[Path]:
    files: list[Path] = []
    for folder in SCANNED:
        for path in sorted((APP / folder).rglob("*.py")):
            rel = path.relative_to(APP).as_posix()
            if not rel.startswith(SKIPPED):
                files.append(path)
    return files


def _docstrings(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _regex_args(tree: ast.AST) -> set[int]:
    """String literals handed to ``re.*`` (patterns, not sentences) or stored as an audit
    detail by ``record_event_now`` (data kept plain; not a message)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if _call_name(node) == "record_event_now":
            assert isinstance(node, ast.Call)
            found.update(id(sub) for arg in node.args for sub in ast.walk(arg))
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
        ):
            for arg in node.args[:1]:
                found.update(id(sub) for sub in ast.walk(arg))
    return found


def _is_sentence(text: str) -> bool:
    if "(*." in text or not PERSIAN.search(text):
        return False
    if " " not in text.strip() and re.search(r"\.\w{2,4}$", text):
        return False  # a file name
    return len(LATIN_LETTER.findall(text)) < len(PERSIAN.findall(text))


def problems_in_text(text: str) -> list[str]:
    """What is wrong with one Persian sentence (empty when nothing)."""
    bare = ISOLATED.sub(" ", PLACEHOLDER.sub(" ", TAG.sub(" ", text)))
    found = [f"number with dashes «{m.group()}»" for m in DASHED.finditer(bare)]
    for match in LATIN_TOKEN.finditer(bare):
        token = match.group().rstrip(".:")
        if token not in NAMES and not KEYS.match(token):
            found.append(f"Latin token «{token}»")
    found += [f"Latin letter glued to a Persian digit «{m.group()}»" for m in GLUED.finditer(bare)]
    found += [f"Latin thousands comma «{m.group()}»" for m in LATIN_COMMA.finditer(bare)]
    return found


def _call_name(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        func = node.func
        return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    return ""


def _formatted_problems(node: ast.JoinedStr) -> list[str]:
    text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    if not _is_sentence(text):
        return []
    found: list[str] = []
    for value in node.values:
        if not isinstance(value, ast.FormattedValue):
            continue
        spec = ast.unparse(value.format_spec) if value.format_spec else ""
        if "," in spec:
            found.append(f"Latin thousands comma in «{{{ast.unparse(value.value)}:,}}»")
        expr = value.value
        name = expr.id if isinstance(expr, ast.Name) else getattr(expr, "attr", "")
        if (
            SUSPECT_NAME.search(name or "")
            and name not in SAFE_NAMES
            and _call_name(expr) not in SAFE_CALLS
        ):
            found.append(f"«{{{ast.unparse(expr)}}}» not isolated (persian.bidi)")
    return found


def scan() -> list[str]:
    report: list[str] = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree) | _regex_args(tree)
        joined_parts = {
            id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values
        }
        rel = path.relative_to(APP).as_posix()
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.JoinedStr):
                report += [f"{rel}:{node.lineno}: {p}" for p in _formatted_problems(node)]
                text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
                if _is_sentence(text):
                    report += [f"{rel}:{node.lineno}: {p}" for p in problems_in_text(text)]
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in joined_parts
                and _is_sentence(node.value)
            ):
                report += [f"{rel}:{node.lineno}: {p}" for p in problems_in_text(node.value)]
    return report


def test_no_bare_code_like_token_in_a_persian_sentence():
    report = scan()
    assert report == [], "\n".join(report)


def test_the_scan_catches_each_kind_of_mistake():
    """The rules themselves: each mistake of the issue is caught, its fix is not."""
    assert problems_in_text("کد رهگیری: 2701-000017")
    assert not problems_in_text(f"کد رهگیری: {LRI}۲۷۰۱-۰۰۰۰۱۷{PDI}")
    assert problems_in_text("پرونده در tmp/gui/data/ نوشته شد")
    assert problems_in_text("کاربر clerk۱ وارد شد")
    assert problems_in_text("مبلغ ۳,۰۰۰ ریال")
    assert not problems_in_text("مبلغ ۳٬۰۰۰ ریال")
    assert problems_in_text("با miz restore بازگردانید")
    assert not problems_in_text("پرونده را به PDF ذخیره کنید؛ Ctrl+Shift+H را بزنید")
    tree = ast.parse('f"دورهٔ آموزشی {data.code}"; f"دورهٔ آموزشی {bidi_code(data.code)}"')
    bad, good = (n for n in ast.walk(tree) if isinstance(n, ast.JoinedStr))
    assert _formatted_problems(bad) and not _formatted_problems(good)
    assert _formatted_problems(ast.parse('f"مبلغ {n:,} ریال"').body[0].value)  # type: ignore[attr-defined]


def test_user_names_keep_their_own_digits():
    assert persian_digits_outside_latin("clerk1") == "clerk1"
    assert persian_digits_outside_latin("دوره 12 با A4") == "دوره ۱۲ با A4"
