"""The corpus of broken content (tests/corpus/): each case, laid over a copy of the real content, makes
`whitepaper build` print exactly its expected messages, exit 1, and leave the last good PDF as it was."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from whitepaper.cli import EXIT_CONTENT, main

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(case for case in CORPUS.iterdir() if case.is_dir())


def test_the_corpus_has_many_distinct_faults():
    assert len(CASES) >= 15
    assert all((case / "expected.txt").is_file() and (case / "content").is_dir() for case in CASES)


IN_CHINESE = [case for case in CASES if (case / "expected.zh.txt").is_file()]


def test_many_cases_are_checked_in_chinese_too():
    """Chinese is what editors read: a good share of the faults have their Chinese messages written out."""
    assert len(IN_CHINESE) >= 30


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_broken_content_gives_its_message_and_keeps_the_last_good_pdf(case, content_copy, built_pdf, monkeypatch):
    _check_case(case, "expected.txt", content_copy, built_pdf, monkeypatch)


@pytest.mark.parametrize("case", IN_CHINESE, ids=[case.name for case in IN_CHINESE])
def test_broken_content_gives_its_message_in_chinese(case, content_copy, built_pdf, monkeypatch):
    monkeypatch.setenv("WHITEPAPER_LANG", "zh")
    _check_case(case, "expected.zh.txt", content_copy, built_pdf, monkeypatch)


def _check_case(case: Path, expected: str, content_copy: Path, built_pdf: Path, monkeypatch) -> None:
    shutil.copytree(case / "content", content_copy / "content", dirs_exist_ok=True)
    last_good = content_copy / "build" / "whitepaper.pdf"
    last_good.parent.mkdir()
    shutil.copyfile(built_pdf, last_good)
    monkeypatch.chdir(content_copy)

    result = CliRunner().invoke(main, ["--quiet", "build"])

    assert result.stderr == (case / expected).read_text(encoding="utf-8")
    assert result.exit_code == EXIT_CONTENT
    assert "Traceback" not in result.output
    assert last_good.read_bytes() == built_pdf.read_bytes()
    assert list(last_good.parent.iterdir()) == [last_good]
