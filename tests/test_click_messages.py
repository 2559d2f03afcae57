"""click's own words in Chinese (whitepaper/locale/): the compiled catalogue says what its source says, and
click still asks for every text the catalogue translates (a click that rewords one would fall back to English)."""

import ast
import gettext
import re
from pathlib import Path

import click

from whitepaper.click_language import DOMAIN, LOCALE

SOURCE = LOCALE / "zh_CN" / "LC_MESSAGES" / f"{DOMAIN}.po"
ENTRY = re.compile(r'^msgid "(?P<id>.+)"\n(?:msgid_plural "(?P<plural>.+)"\n)?msgstr(?:\[0\])? "(?P<text>.+)"$',
                   re.M)


def _entries() -> list[re.Match]:
    return list(ENTRY.finditer(SOURCE.read_text(encoding="utf-8")))


def test_the_compiled_catalogue_says_what_its_source_says():
    compiled = gettext.translation(DOMAIN, LOCALE, languages=["zh_CN"])
    entries = _entries()
    assert len(entries) == SOURCE.read_text(encoding="utf-8").count("\nmsgid ") - 1  # every entry but the header
    for entry in entries:
        if entry["plural"]:
            assert compiled.ngettext(entry["id"], entry["plural"], 2) == entry["text"]
        else:
            assert compiled.gettext(entry["id"]) == entry["text"]


def test_click_still_asks_for_every_text_translated():
    asked = set()
    for path in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("_", "ngettext"):
                asked.update(argument.value for argument in node.args if isinstance(argument, ast.Constant))
    assert {entry["id"] for entry in _entries()} - asked == set()
