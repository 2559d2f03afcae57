"""`whitepaper lint`: a copy editor's warnings, each quoting both places; they never stop a build.

The rules run on a small made-up book (tests/lint_book/) holding one slip of each kind; the expected warnings
are written by hand against its files. On the real book only what its own files say is checked."""

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from whitepaper.assemble import assemble
from whitepaper.cli import main
from whitepaper.lint import lint, lint_book

LINT_BOOK = Path(__file__).parent / "lint_book"
CORPUS_CASE = Path(__file__).parent / "corpus" / "02-unknown-key-typo"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def warnings_of(project: Path) -> list[str]:
    return [str(warning) for warning in lint(project / "content")]


@pytest.fixture
def copy(tmp_path, monkeypatch) -> Path:
    """A private copy of the lint book, the working folder as an editor's would be."""
    shutil.copytree(LINT_BOOK, tmp_path / "book")
    monkeypatch.chdir(tmp_path / "book")
    return tmp_path / "book"


# The lint book's slips, in the order lint prints them.
SLIPS_IN_BOOK = [
    ("content/chapters/01-standards.md:3:1: the 目录 shows 「编制标准」 (toc_title), but the heading it points to, "
     "at content/chapters/01-standards.md:2:1, reads 「参照标准」: make them the same, or remove toc_title"),
    ("content/chapters/03-status.md:9: 「表 1」 is typed by hand, but beside it stands 表 2: write "
     "`{ref:table-practice}`, which follows it wherever it moves"),
    ("content/chapters/03-status.md:13: 「87.1%的企业未通过相关渠道向社会公众披露过信息」 differs from "
     "content/chapters/04-problems.md:5: 「87.5% 企业未向公众披露过社会责任建设的任何信息」: if both speak of the same "
     "thing, make them agree"),
    ("content/chapters/04-problems.md:5: 「18.5% 的企业不了解可持续发展理念未开展相关实践」 differs from "
     "content/chapters/03-status.md:9: 「不了解可持续发展理念未开展社会责任建设的企业占比 18.6%」: if both speak of the "
     "same thing, make them agree"),
    ("content/chapters/04-problems.md:5: 「7 个方面」 counts 7, but 8 items are named before it: 「企业在技术创新与应用」、"
     "「数据安全」、「诚信运营」、「员工权益保护」、「支持乡村振兴」、「社区发展和公益事业」、「助力疫情防控」、「反大数据隐私泄露」; "
     "correct the count or the list"),
    ("content/front/committee.yaml:7:5: 「乙网络安全技术有限公司」 is listed again: it is already at "
     "content/front/committee.yaml:5:5; remove one"),
    ("content/front/preface.md:9: 「开展社会责任建设的企业占比 43.3%」 differs from content/chapters/03-status.md:9: "
     "「了解可持续发展理念并开展社会责任建设的企业占比 43.4%」: if both speak of the same thing, make them agree"),
]


def test_each_slip_gets_its_warning_and_nothing_else_does(copy):
    result = CliRunner().invoke(main, ["lint"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == SLIPS_IN_BOOK + ["7 warning(s); they do not stop `make pdf`."]


# (file, text, fix, the warning that disappears)
FIXES = [
    ("front/preface.md", "占比 43.3%", "占比 43.4%", "content/front/preface.md:9: 「开展社会责任建设"),
    ("chapters/04-problems.md", "18.5% 的企业不了解", "18.6% 的企业不了解", "「18.5% 的企业"),
    ("chapters/04-problems.md", "87.5% 企业未向公众", "87.1% 企业未向公众", "「87.1%的企业"),
    ("front/committee.yaml", "  - 乙网络安全技术有限公司\n  - 丁", "  - 丁", "is listed again"),
    ("chapters/01-standards.md", "toc_title: 编制标准\n", "", "the 目录 shows"),
    ("chapters/04-problems.md", "支持乡村振兴、社区发展和公益事业、助力", "支持乡村振兴社区发展和公益事业、助力", "「7 个方面」"),
    ("chapters/03-status.md", "（见表 1）", "（见表 2）", "is typed by hand"),
]


@pytest.mark.parametrize("file, text, fix, warning", FIXES, ids=[fix[3][:30] for fix in FIXES])
def test_a_warning_disappears_when_the_text_is_fixed(copy, file, text, fix, warning):
    assert any(warning in line for line in warnings_of(copy))
    edit(copy / "content" / file, text, fix)
    after = warnings_of(copy)
    assert not any(warning in line for line in after)
    assert len(after) == len(SLIPS_IN_BOOK) - 1


# (file, text, slip, the warning it brings)
SLIPS = [
    ("front/preface.md", "6 个方面", "5 个方面",
     "content/front/preface.md:9: 「5 个方面」 counts 5, but 6 figures follow: "
     "「90.0%、93.7%、95.3%、92.7%、83.5%、80.4%」; correct the count or the figures"),
    ("chapters/04-problems.md", "主要问题如下：", "主要问题有以下四个方面：",
     "content/chapters/04-problems.md:7: 「四个方面」 announces 4, but the list at "
     "content/chapters/04-problems.md:9 has 3 items: 「三是信息披露渠道的专业化有待加强。」 is the last; "
     "correct the count or the list"),
    ("chapters/03-status.md", "”三大优势", "”四大优势",
     "content/chapters/03-status.md:15: 「四大」 counts 4, but 3 items are named before it: "
     "「“全方位数字安全”」、「“一站式数字管理”」、「“云原生 SaaS 架构”」; correct the count or the list"),
    ("chapters/02-contents.md", "内容包括产业社会责任建设情况、问题和建议、典型实践案例等模块内容",
     "内容包括四个模块：产业社会责任建设情况、问题和建议、典型实践案例",
     "content/chapters/02-contents.md:5: 「四个」 counts 4, but 3 items follow: "
     "「产业社会责任建设情况」、「问题和建议」、「典型实践案例」; correct the count or the list"),
    ("charts/table-practice.yaml", "value: 43.4", "value: 43.5",
     "content/chapters/03-status.md:9: 「了解可持续发展理念并开展社会责任建设的企业占比 43.4%」 differs from "
     "content/charts/table-practice.yaml:5:5: 「了解可持续发展理念并开展社会责任建设: 43.5」: if both speak of the same "
     "thing, make them agree"),
    ("chapters/03-status.md", "性质见表 1", "性质见表 2",
     "content/chapters/03-status.md:5: 「表 2」 is typed by hand, but beside it stands 表 1: write "
     "`{ref:table-nature}`, which follows it wherever it moves"),
]


@pytest.mark.parametrize("file, text, slip, warning", SLIPS, ids=[slip[2] for slip in SLIPS])
def test_a_slip_brings_its_warning(copy, file, text, slip, warning):
    assert warning not in warnings_of(copy)
    edit(copy / "content" / file, text, slip)
    assert warning in warnings_of(copy)


def test_lists_that_match_their_counts_are_quiet(copy):
    edit(copy / "content" / "chapters" / "04-problems.md", "主要问题如下：", "主要问题有以下三个方面：")
    edit(copy / "content" / "chapters" / "02-contents.md", "内容包括产业社会责任建设情况、问题和建议、典型实践案例等模块内容",
         "内容包括三个模块：产业社会责任建设情况、问题和建议、典型实践案例")
    assert warnings_of(copy) == SLIPS_IN_BOOK


def test_lint_reads_every_place_from_the_book_and_no_file_again(copy):
    """The charts' values, the committee's entries and the chapters' front matter carry their lines in the book:
    with content/ gone after assembling, the same warnings name the same places."""
    edit(copy / "content" / "charts" / "table-practice.yaml", "value: 43.4", "value: 43.5")
    book = assemble(copy / "content")
    shutil.rmtree(copy / "content")
    warnings = [str(warning) for warning in lint_book(book)]
    for expected in (SLIPS_IN_BOOK[0], SLIPS_IN_BOOK[1], SLIPS_IN_BOOK[5],
                     "differs from content/charts/table-practice.yaml:5:5: 「了解可持续发展理念并开展社会责任建设: 43.5」"):
        assert any(expected in warning for warning in warnings), expected
    assert len(warnings) == len(SLIPS_IN_BOOK) + 1


def test_a_member_named_twice_is_warned_of_at_both_names(copy):
    edit(copy / "content" / "front" / "committee.yaml", "- name: 贺宏良", "- name: 龙飞")
    assert ("content/front/committee.yaml:15:7: 「龙飞」 is listed again: it is already at "
            "content/front/committee.yaml:13:7; remove one") in warnings_of(copy)


def test_content_that_does_not_load_gives_the_build_errors(copy):
    shutil.copytree(CORPUS_CASE / "content", copy / "content", dirs_exist_ok=True)
    result = CliRunner().invoke(main, ["lint"])
    assert result.exit_code == 1
    assert result.stderr == (CORPUS_CASE / "expected.txt").read_text(encoding="utf-8")
    assert result.stdout == ""


PLACE = re.compile(r"(content/[^\s:]+):(\d+)(?::\d+)?")
QUOTE_AT_PLACE = re.compile(PLACE.pattern + r": 「(.+?)」")


def paragraph_at(root: Path, path: str, line: int) -> str:
    """The lines of a content file from `line` to the next blank line, as the editor typed them."""
    lines = (root / path).read_text(encoding="utf-8").splitlines()
    assert 1 <= line <= len(lines), f"{path}:{line} is past the end of the file"
    paragraph = []
    for text in lines[line - 1:]:
        if paragraph and not text.strip():
            break
        paragraph.append(text)
    return re.sub(r"\s+", "", "".join(paragraph))


def test_on_the_real_book_every_warning_quotes_what_its_file_says_there(project, monkeypatch):
    """Whatever the editors have written: lint exits 0, and each place a warning names holds the words it quotes."""
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["lint"])
    assert result.exit_code == 0, result.output
    *warnings, summary = result.stdout.splitlines()
    assert summary.startswith(f"{len(warnings)} warning(s)")
    for warning in warnings:
        assert PLACE.match(warning), warning
        for path, line in PLACE.findall(warning):
            paragraph_at(project.root, path, int(line))
        for path, line, quote in QUOTE_AT_PLACE.findall(warning):
            chart_value = re.fullmatch(r"(.+): (\d+(?:\.\d+)?)", quote) if path.endswith(".yaml") else None
            if chart_value:  # 「label: value」 at the value's line, its label on a line before
                label, value = chart_value.groups()
                text = (project.root / path).read_text(encoding="utf-8")
                assert re.search(rf"\b{re.escape(value)}\b", text.splitlines()[int(line) - 1]), warning
                assert label in text, warning
            else:
                assert re.sub(r"\s+", "", quote) in paragraph_at(project.root, path, int(line)), warning
