"""No English sentence bypasses the catalogue: the modules that speak to editors (command line, build progress,
lint, preflight, preview, proof, diff) hold no string of three English words outside docstrings, except the
style sheets of the pages they write; the preview's template holds no English word outside its markup."""

import ast
import re
from pathlib import Path

import whitepaper

PACKAGE = Path(whitepaper.__file__).parent
SPEAKING = ["cli.py", "click_language.py", "progress.py", "lint.py", "placement.py", "proof.py", "storage.py",
            "processes.py", "preflight/*.py", "preview/*.py", "diff/*.py"]
PROSE = re.compile(r"\b[A-Za-z]+[,;:]? [A-Za-z]+[,;:]? [A-Za-z]+\b")
STYLE_SHEET = re.compile(r"(CSS|STYLE)$")  # CSS for a page we write: words such as `Noto Sans CJK SC`


def _prose(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string of English prose in the source that is not a docstring, a style sheet or a
    text looked up with gettext (click's own, translated in whitepaper/locale/)."""
    tree = ast.parse(source)
    allowed = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            allowed.add(id(first.value))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "gettext":
            allowed.update(id(argument) for argument in node.args)  # click's own words, looked up in its catalogue
        if isinstance(node, ast.Assign) and any(isinstance(target, ast.Name) and STYLE_SHEET.search(target.id)
                                                for target in node.targets):
            allowed.add(id(node.value))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in allowed
            and PROSE.search(node.value)]


def test_no_english_sentence_outside_the_catalogue():
    paths = sorted({path for pattern in SPEAKING for path in PACKAGE.glob(pattern)})
    assert len(paths) > 20
    found = [f"{path.relative_to(PACKAGE)}:{line}: {text!r}" for path in paths
             for line, text in _prose(path.read_text(encoding="utf-8"))]
    assert found == []


def test_the_scan_finds_a_sentence_plain_or_in_an_f_string_but_not_a_docstring_or_a_style_sheet():
    source = ('def check(path):\n'
              '    """Says why, in English words."""\n'
              '    log.warning("the cache cannot be written")\n'
              '    raise ValueError(f"{path} is not a file")\n'
              'PAGE_STYLE = "body { font-family: Noto Sans CJK }"\n'
              'KEY = say("cli.nothing_written")\n'
              'HELP = gettext.gettext("Show this message and exit.")\n')
    assert _prose(source) == [(3, "the cache cannot be written"), (4, " is not a file")]


def test_the_preview_page_has_no_english_word_outside_its_markup():
    template = (PACKAGE / "preview" / "page.html.j2").read_text(encoding="utf-8")
    text = re.sub(r"<(style|script)>.*?</\1>|<[^>]*>|\{\{.*?\}\}|\{%.*?%\}", " ", template, flags=re.S)
    assert re.findall(r"[A-Za-z]{2,}", text) == ["PDF"]
