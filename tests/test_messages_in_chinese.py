"""Issue 16's 'done when': on a small book, a broken chart value, an unclosed quote, a bad YAML indent and a tab
each give a Chinese message at the line to fix, through the real command line in a plain locale (LANG=C.UTF-8,
no WHITEPAPER_LANG), and English with `--lang en`."""

import subprocess
import sys
from pathlib import Path

import pytest

from fixture_books import fixture_project

READERS_BOOK = Path(__file__).parent / "readers" / "book"
CHART = Path("content/charts/table-01.yaml")
YAML_ADVICE_ZH = "；请检查缩进，含有「: 」或以特殊字符开头的文字请加引号"
YAML_ADVICE_EN = "; check the indentation and quote text that contains ': ' or starts with a special character"

SLIPS = {  # line of table-01.yaml as written -> as broken, the Chinese message, the English one
    "chart value": ("    value: 85\n", "    value: 185\n",
                    "content/charts/table-01.yaml:10:5: `data` 第 3 项的 `value` 应不大于 100（现为 `185`）",
                    "content/charts/table-01.yaml:10:5: `data[3].value` should be less than or equal to 100 "
                    "(found `185`)"),
    "unclosed quote": ("  - label: 外资企业\n", '  - label: "外资企业\n',
                       "content/charts/table-01.yaml:7:12: YAML 写法有误（这里开始的引号没有闭合）" + YAML_ADVICE_ZH,
                       "content/charts/table-01.yaml:7:12: this is not valid YAML (a quote opened here is never "
                       "closed)" + YAML_ADVICE_EN),
    "bad indent": ("    value: 3.9\n", "      value: 3.9\n",
                   "content/charts/table-01.yaml:8:12: YAML 写法有误（这里不能出现「键: 值」）" + YAML_ADVICE_ZH,
                   "content/charts/table-01.yaml:8:12: this is not valid YAML (mapping values are not allowed "
                   "here)" + YAML_ADVICE_EN),
    "tab": ("    value: 3.9\n", "\tvalue: 3.9\n",
            "content/charts/table-01.yaml:8:1: YAML 写法有误（这一行用 Tab 键缩进，而 YAML 只接受空格）" + YAML_ADVICE_ZH,
            "content/charts/table-01.yaml:8:1: this is not valid YAML (a tab indents this line: YAML takes spaces "
            "only)" + YAML_ADVICE_EN),
}


@pytest.fixture
def small_book(project, tmp_path) -> Path:
    return fixture_project(project, tmp_path / "book", READERS_BOOK / "chapters",
                           sorted((READERS_BOOK / "charts").iterdir())).root


def _build(book: Path, *options: str) -> subprocess.CompletedProcess:
    environment = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}  # no WHITEPAPER_LANG: what an editor's shell has
    return subprocess.run([sys.executable, "-m", "whitepaper", *options, "--quiet", "build"], cwd=book,
                          env=environment, capture_output=True, text=True)


@pytest.mark.parametrize("slip", SLIPS)
def test_a_slip_is_reported_in_chinese_at_its_line_and_in_english_when_asked(small_book, slip):
    written, broken, chinese, english = SLIPS[slip]
    chart = small_book / CHART
    text = chart.read_text(encoding="utf-8")
    assert text.count(written) == 1
    chart.write_text(text.replace(written, broken), encoding="utf-8")

    in_chinese, in_english = _build(small_book), _build(small_book, "--lang", "en")

    assert in_chinese.stderr == f"{chinese}\n内容中有 1 个问题，未写出任何文件。\n"
    assert in_english.stderr == f"{english}\n1 problem(s) in the content; nothing was written.\n"
    assert in_chinese.returncode == in_english.returncode == 1
    assert not (small_book / "build" / "whitepaper.pdf").exists()
