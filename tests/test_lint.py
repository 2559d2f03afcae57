"""`whitepaper lint`: a copy editor's warnings, each quoting both places; they never stop a build."""

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from whitepaper.assemble import assemble
from whitepaper.cli import main
from whitepaper.lint import lint, lint_book

CORPUS_CASE = Path(__file__).parent / "corpus" / "02-unknown-key-typo"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def warnings_of(project: Path) -> list[str]:
    return [str(warning) for warning in lint(project / "content")]


@pytest.fixture
def copy(content_copy, monkeypatch) -> Path:
    monkeypatch.chdir(content_copy)
    return content_copy


# What the published text really has: (start of the warning, what else it must quote).
PUBLISHED = [
    ("content/front/preface.md:17: 「社会责任建设开展率 43.3%」 differs from "
     "content/chapters/05-industry-status.md:11: 「了解可持续发展理念并开展社会责任建设的企业占比 43.4%」"),
    ("content/chapters/06-problems-and-suggestions.md:6: 「18.5% 的企业不了解可持续发展理念未开展相关实践」 differs from "
     "content/chapters/05-industry-status.md:11: 「不了解可持续发展理念未开展社会责任建设的企业占比 18.6%」"),
    ("content/chapters/06-problems-and-suggestions.md:6: 「87.5% 企业未向公众披露过社会责任建设的任何信息」 differs from "
     "content/chapters/05-industry-status.md:25: 「87.1%的企业未通过相关渠道向社会公众披露过信息」"),
    "content/chapters/06-problems-and-suggestions.md:6: 「7 个方面」 counts 7, but 8 items are named before it",
    ("content/front/committee.yaml:88:5: 「北京天融信网络安全技术有限公司」 is listed again: "
     "it is already at content/front/committee.yaml:63:5"),
    ("content/chapters/04-standards.md:3:1: the 目录 shows 「编制标准」 (toc_title), but the heading it points to, "
     "at content/chapters/04-standards.md:2:1, reads 「参照标准」"),
]


def test_the_published_text_gets_a_warning_for_each_slip(project, monkeypatch):
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["lint"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert sorted(expected for expected in PUBLISHED if any(line.startswith(expected) for line in lines)) == \
        sorted(PUBLISHED)
    assert len(lines) == len(PUBLISHED) + 1 and lines[-1].startswith(f"{len(PUBLISHED)} warning(s)")


# (file, text, fix, the warning that disappears)
FIXES = [
    ("front/preface.md", "开展率 43.3%", "开展率 43.4%", "content/front/preface.md:17: 「社会责任建设开展率"),
    ("chapters/06-problems-and-suggestions.md", "18.5% 的企业不了解", "18.6% 的企业不了解", "「18.5% 的企业"),
    ("front/committee.yaml", "  - 北京天融信网络安全技术有限公司\n  - 北京同创", "  - 北京同创", "is listed again"),
    ("chapters/04-standards.md", "toc_title: 编制标准\n", "", "the 目录 shows"),
    ("chapters/06-problems-and-suggestions.md", "支持乡村振兴、社区发展和公益事业、助力", "支持乡村振兴社区发展和公益事业、助力",
     "「7 个方面」"),
]


@pytest.mark.parametrize("file, text, fix, warning", FIXES, ids=[fix[3][:30] for fix in FIXES])
def test_a_warning_disappears_when_the_text_is_fixed(copy, file, text, fix, warning):
    assert any(warning in line for line in warnings_of(copy))
    edit(copy / "content" / file, text, fix)
    after = warnings_of(copy)
    assert not any(warning in line for line in after)
    assert len(after) == len(PUBLISHED) - 1


# (file, text, slip, the warning it brings)
SLIPS = [
    ("front/preface.md", "6 个方面", "5 个方面",
     "content/front/preface.md:17: 「5 个方面」 counts 5, but 6 figures follow: "
     "「90.0%、93.7%、95.3%、92.7%、83.5%、80.4%」; correct the count or the figures"),
    ("chapters/06-problems-and-suggestions.md", "主要问题如下：", "主要问题有以下四个方面：",
     "content/chapters/06-problems-and-suggestions.md:12: 「四个方面」 announces 4, but the list at "
     "content/chapters/06-problems-and-suggestions.md:14 has 3 items"),
    ("chapters/05-industry-status.md", "”三大优势", "”四大优势",
     "content/chapters/05-industry-status.md:137: 「四大」 counts 4, but 3 items are named before it: "
     "「“全方位数字安全”」、「“一站式数字管理”」、「“云原生 SaaS 架构”」"),
    ("chapters/03-contents.md", "内容包括产业社会责任建设情况、问题和建议、典型实践案例等模块内容",
     "内容包括四个模块：产业社会责任建设情况、问题和建议、典型实践案例",
     "content/chapters/03-contents.md:5: 「四个」 counts 4, but 3 items follow: "
     "「产业社会责任建设情况」、「问题和建议」、「典型实践案例」; correct the count or the list"),
    ("charts/table-02.yaml", "value: 43.4", "value: 43.5",
     "content/chapters/05-industry-status.md:11: 「了解可持续发展理念并开展社会责任建设的企业占比 43.4%」 differs from "
     "content/charts/table-02.yaml:6:5: 「了解可持续发展理念并开展社会责任建设: 43.5」"),
]


@pytest.mark.parametrize("file, text, slip, warning", SLIPS, ids=[slip[2] for slip in SLIPS])
def test_a_slip_brings_its_warning(copy, file, text, slip, warning):
    edit(copy / "content" / file, text, slip)
    assert any(line.startswith(warning) for line in warnings_of(copy)), warnings_of(copy)


def test_lists_that_match_their_counts_are_quiet(copy):
    edit(copy / "content" / "chapters" / "06-problems-and-suggestions.md", "主要问题如下：", "主要问题有以下三个方面：")
    edit(copy / "content" / "chapters" / "03-contents.md", "内容包括产业社会责任建设情况、问题和建议、典型实践案例等模块内容",
         "内容包括三个模块：产业社会责任建设情况、问题和建议、典型实践案例")
    assert len(warnings_of(copy)) == len(PUBLISHED)


def test_lint_reads_every_place_from_the_book_and_no_file_again(copy):
    """The charts' values, the committee's entries and the chapters' front matter carry their lines in the book:
    with content/ gone after assembling, the same warnings name the same places."""
    edit(copy / "content" / "charts" / "table-02.yaml", "value: 43.4", "value: 43.5")
    book = assemble(copy / "content")
    shutil.rmtree(copy / "content")
    warnings = [str(warning) for warning in lint_book(book)]
    for expected in ("content/front/committee.yaml:88:5: 「北京天融信网络安全技术有限公司」 is listed again: it is "
                     "already at content/front/committee.yaml:63:5",
                     "content/chapters/04-standards.md:3:1: the 目录 shows 「编制标准」 (toc_title), but the heading it "
                     "points to, at content/chapters/04-standards.md:2:1, reads 「参照标准」",
                     "differs from content/charts/table-02.yaml:6:5: 「了解可持续发展理念并开展社会责任建设: 43.5」"):
        assert any(expected in warning for warning in warnings), expected
    assert len(warnings) == len(PUBLISHED) + 1


def test_a_member_named_twice_is_warned_of_at_both_names(copy):
    path = copy / "content" / "front" / "committee.yaml"
    text = path.read_text(encoding="utf-8")
    names = re.findall(r"- name: (\S+)", text)
    edit(path, f"- name: {names[1]}", f"- name: {names[0]}")
    lines = text.splitlines()
    first, second = (next(number for number, line in enumerate(lines, start=1) if f"- name: {name}" in line)
                     for name in names[:2])
    assert (f"content/front/committee.yaml:{second}:7: 「{names[0]}」 is listed again: it is already at "
            f"content/front/committee.yaml:{first}:7; remove one") in warnings_of(copy)


def test_content_that_does_not_load_gives_the_build_errors(copy):
    shutil.copytree(CORPUS_CASE / "content", copy / "content", dirs_exist_ok=True)
    result = CliRunner().invoke(main, ["lint"])
    assert result.exit_code == 1
    assert result.stderr == (CORPUS_CASE / "expected.txt").read_text(encoding="utf-8")
    assert result.stdout == ""
