"""The message catalogue: every message in both languages, Chinese unless English is asked for."""

import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

from whitepaper import messages
from whitepaper.typography import HAN

PACKAGE = Path(messages.__file__).parent
CHINESE = re.compile(f"[\u3000-\u303f{HAN}\uff00-\uffef]")  # Han, and full-width punctuation (「：」)
KEY_USE = re.compile(r"""\bsay\(\s*["']([\w.]+)["']""")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _keys_used_in_code() -> set[str]:
    """In Python and in the templates of the tools' own pages (the preview's)."""
    return {key for pattern in ("*.py", "*.j2") for path in PACKAGE.rglob(pattern)
            for key in KEY_USE.findall(path.read_text(encoding="utf-8"))}


def test_every_message_has_both_languages_with_the_same_fields():
    for key, texts in messages.catalogue().items():
        assert set(texts) == {"zh", "en"}, key
        assert _fields(texts["zh"]) == _fields(texts["en"]), key
        assert CHINESE.search(texts["zh"]), f"{key}: the zh text has no Chinese"


def test_no_key_is_written_twice():
    """YAML keeps the last of two entries with one key, silently: a merge or a copy could hide a message."""
    text = (PACKAGE / "messages.yaml").read_text(encoding="utf-8")
    keys = re.findall(r"^([\w.]+):\s*$", text, flags=re.MULTILINE)
    assert len(keys) == len(set(keys)) == len(messages.catalogue())


def test_every_key_the_code_says_is_in_the_catalogue_and_every_entry_is_said():
    used, known = _keys_used_in_code(), set(messages.catalogue())
    assert used - known == set(), "said but not in messages.yaml"
    assert known - used == set(), "in messages.yaml but never said"


@pytest.mark.parametrize(("environment", "expected"), [
    ({}, "zh"),
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "C.UTF-8"}, "zh"),
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
    ({"LANG": "en_US.UTF-8", "WHITEPAPER_LANG": "zh"}, "zh"),
])
def test_language_follows_the_environment(monkeypatch, environment, expected):
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "WHITEPAPER_LANG"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    assert messages.language() == expected


@pytest.mark.parametrize(("option", "expected"), [
    ([], "内容中有 4 个问题，未写出任何文件。"),
    (["--lang", "en"], "4 problem(s) in the content; nothing was written."),
])
def test_a_broken_book_is_reported_in_the_chosen_language(tmp_path, option, expected):
    """An empty content folder: book.yaml, the 前言, the 编委会 and the chapters are missing."""
    (tmp_path / "content").mkdir()
    environment = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    ended = subprocess.run([sys.executable, "-m", "whitepaper", *option, "build"], cwd=tmp_path,
                           env=environment, capture_output=True, text=True)
    assert ended.returncode == 1, ended.stderr
    assert expected in ended.stderr
