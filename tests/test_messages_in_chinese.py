"""Issue 16's 'done when': on a small book, a broken chart value, an unclosed quote, a bad YAML indent and a tab
each give a Chinese message at the line to fix, through the real command line in a plain locale (LANG=C.UTF-8,
no WHITEPAPER_LANG), and English with `--lang en`; and the schema's findings read as Chinese, places counted as
people count."""

import subprocess
import sys
from pathlib import Path

import pytest

from fixture_books import fixture_project
from whitepaper import schema
from whitepaper.sources import load_yaml

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


def _problems_in_chinese(monkeypatch, schema_class, text: str) -> list[str]:
    monkeypatch.setenv("WHITEPAPER_LANG", "zh")
    source = load_yaml(Path("content/x.yaml"), text)
    return [problem.message for problem in schema.validate(schema_class, source)[1]]


@pytest.mark.parametrize(("schema_class", "text", "expected"), [
    (schema.ChartFile, "number: 1\ntitle: 图\ntype: grouped\ncategories: [甲, 乙]\nseries:\n  - name: 2022年\n"
                       "    values: [1, 二]\n",
     "`series` 第 1 项的 `values` 第 2 项应是用数字和小数点写的数，如 41.3（现为 `二`）"),
    (schema.ChartFile, "number: 0\ntitle: 图\ntype: bars\ndata:\n  - {label: 甲, value: 1}\n",
     "`number` 应不小于 1（现为 `0`）"),
    (schema.ChartFile, "number: 1\ntitle: 图\ntype: bars\ndata:\n  - {label: 甲, value: 1, colour: red}\n",
     "未知的键 `colour`：这里可用的键有 label、value"),
    (schema.ChartFile, "number: 1\ntitle: 图\ntype: bars\ndata: 甲\n",
     "`data` 应是列表，每行一项 `- 项`（现为 `甲`）"),
    (schema.CommitteeFile, "title: 编委会\nlead: 甲\norganisations: [乙]\nclosing: 丙\nworking_group: 丁\n",
     "`working_group` 应是一组 `键: 值` 行，而不是一段文字"),
    (schema.BookFile, "title: [白皮书]\npublisher: 甲\ndate: \"2022.12\"\npublication_date: 2022-12-01\n"
                      "labels: {toc: 目录, table: 表, derived: 其余, chart_kinds: {}}\nbinding: {pages_multiple_of: 3}\n",
     "`binding.pages_multiple_of` 为 `3`：请写 1、2、4、8 或 16"),
])
def test_a_schema_finding_reads_as_chinese(monkeypatch, schema_class, text, expected):
    assert _problems_in_chinese(monkeypatch, schema_class, text) == [expected]


def test_a_finding_no_message_foresees_still_says_in_chinese_what_is_wrong_with_the_value(monkeypatch):
    """pydantic's words for a finding the schema's messages do not know are kept, inside a Chinese sentence."""
    monkeypatch.setenv("WHITEPAPER_LANG", "zh")
    source = load_yaml(Path("content/x.yaml"), "number: x\n")
    detail = {"type": "uuid_type", "loc": ("number",), "msg": "Input should be a valid UUID", "input": "x"}
    assert schema._problem(schema.ChartFile, source, detail).message == (
        "`number` 不能是 `x`：请按 README.md 中这一项的写法改正（校验程序的英文说明：should be a valid UUID）")
