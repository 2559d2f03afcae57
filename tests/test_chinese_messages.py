"""What editors read, in Chinese by default and in English with --lang en: lint's warnings, check's verdict,
click's own usage errors and the preview's page. The Chinese expected here is written by hand."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from broken_pdfs import shift_cids
from content_edits import replace_line, value_lines, with_letter
from test_preflight import BOOK, typeset
from whitepaper.cli import main
from whitepaper.editions import PRINT
from whitepaper.pipeline import Project
from whitepaper.preview.server import page_maker
from whitepaper.preview.session import PreviewSession

LINT_BOOK = Path(__file__).parent / "lint_book"


@pytest.fixture
def chinese(monkeypatch):
    """Chinese as on an editor's machine; LANGUAGE (click's) is put back after the test."""
    monkeypatch.setenv("WHITEPAPER_LANG", "zh")
    monkeypatch.setenv("LANGUAGE", "")


def run(*arguments: str):
    return CliRunner().invoke(main, list(arguments))


def test_lint_warns_in_chinese(chinese, tmp_path, monkeypatch):
    shutil.copytree(LINT_BOOK, tmp_path / "book")
    monkeypatch.chdir(tmp_path / "book")
    result = run("lint")
    assert result.exit_code == 0, result.output
    assert ("content/front/committee.yaml:7:5: 「乙网络安全技术有限公司」重复列出："
            "content/front/committee.yaml:5:5 处已有；请删去一处") in result.output.splitlines()
    assert result.output.splitlines()[-1] == "共 7 条警告；警告不会阻止 `make pdf`。"


@pytest.fixture(scope="module")
def broken_pdf(builder, project, tmp_path_factory) -> Path:
    """A small print edition whose codes reach other glyphs through the fonts' charsets."""
    path = tmp_path_factory.mktemp("check") / "small.pdf"
    path.write_bytes(shift_cids(typeset(builder, project, BOOK)))
    return path


def test_check_gives_its_verdict_in_chinese(chinese, broken_pdf, project):
    result = run("check", str(broken_pdf), "--project", str(project.root))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"`{broken_pdf}`（印刷版）：预检未通过"
    assert "  通过    页面框    每页裁切为 A4，出血 3 mm，裁切标记在出血之外" in lines
    assert ("  不通过  字体编码  每个编码按 CID（Ghostscript、Acrobat、RIP）与按字形编号（PDFium、poppler）到达同一个"
            "字形") in lines
    finding = next(line for line in lines if line.startswith("          - 字体 Noto-Serif-CJK-SC（第 "))
    assert "个编码中有" in finding and "个经 CFF 字符集到达的字形与同号字形不同（编码 " in finding
    assert finding.endswith("请用 `make fonts` 重新生成字体（见 `fonts/README.md`）")


def test_check_gives_its_verdict_in_english_with_lang_en(chinese, broken_pdf, project):
    result = run("--lang", "en", "check", str(broken_pdf), "--project", str(project.root))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"{broken_pdf} (print edition): FAILED preflight"
    assert any(line.startswith("  FAIL  font codes ") for line in lines)


@pytest.mark.parametrize(("arguments", "expected"), [
    (["check", "nowhere.pdf"], "错误：'PDF' 的值无效：`nowhere.pdf` 不存在。"),
    (["--lang", "en", "check", "nowhere.pdf"], "Error: Invalid value for 'PDF': File 'nowhere.pdf' does not exist."),
    (["build", "--edtion", "print"], "错误：没有 `--edtion` 这个选项。 （您是不是想用：'--edition'？）"),
])
def test_usage_errors_are_in_the_readers_language(chinese, tmp_path, monkeypatch, arguments, expected):
    monkeypatch.chdir(tmp_path)
    result = run(*arguments)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == expected


def test_help_is_in_chinese(chinese):
    result = run("check", "--help")
    assert result.exit_code == 0
    assert result.output.startswith("用法： main check [OPTIONS] PDF\n\n  预检已完成的 PDF：页面框、字体、颜色、PDF/X 或 PDF/UA、"
                                    "目录和书签。\n")
    assert "  --json                    以 JSON 输出报告，供程序读取。\n" in result.output


def test_the_preview_page_says_in_chinese_what_stops_the_book(chinese, content_copy):
    value = value_lines(content_copy / "content")[0]
    replace_line(value, with_letter(value))
    session = PreviewSession(Project(content_copy), PRINT, set())
    session.stop()
    session.run()  # the first build, and no more
    page = page_maker("白皮书", "zh-CN", "print")(outcome=session.outcome, building=False)
    assert '<html lang="zh-CN">' in page
    assert "印刷版 ·\n  未能生成" in page
    assert "<p>修正下列问题之后才能生成这本书；一保存就会重新生成。</p>" in page
    assert value.place.removeprefix("content/") in page
    assert "· 正在重新生成…" in page


def test_help_is_in_english_with_lang_en_whatever_the_locale(chinese):
    result = run("--lang", "en", "check", "--help")
    assert result.output.startswith("Usage: main check [OPTIONS] PDF\n\n  Preflight a finished PDF: page boxes, ")
    assert "  --help                    Show this message and exit.\n" in result.output
