"""The command line as an editor meets it: clear messages, exit codes, and a last good PDF that survives."""

import gc
import pstats
import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from fixture_books import fixture_project
from whitepaper.cli import main
from whitepaper.pipeline import Builder, Project


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_build_writes_the_pdf_where_asked(content_copy, monkeypatch, tmp_path):
    monkeypatch.chdir(content_copy)
    output = tmp_path / "out" / "book.pdf"
    result = run("--quiet", "build", "--output", str(output))
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert output.read_bytes().startswith(b"%PDF-")


def test_missing_content_folder_is_a_clear_failure(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 2
    assert "content does not exist: run whitepaper from the project folder" in result.output


def test_check_passes_the_built_book(built_pdf, project):
    result = run("check", str(built_pdf), "--project", str(project.root))
    assert result.exit_code == 0
    assert "passed preflight" in result.output


def test_two_builds_of_the_same_content_are_byte_identical(builder, built_pdf, screen_builder, built_screen_pdf,
                                                          tmp_path):
    for edition_builder, first in ((builder, built_pdf), (screen_builder, built_screen_pdf)):
        again = edition_builder.build(tmp_path / first.name).output
        assert again.read_bytes() == first.read_bytes()


def test_a_build_in_another_process_and_folder_gives_the_same_pdf_x_file(content_copy, built_pdf, tmp_path):
    """No clock, random ID or path reaches the print edition: WeasyPrint's PDF/X writer would stamp them."""
    output = tmp_path / "elsewhere.pdf"
    subprocess.run([sys.executable, "-m", "whitepaper", "--quiet", "build", "--output", str(output)],
                   cwd=content_copy, check=True)
    assert output.read_bytes() == built_pdf.read_bytes()


def test_the_document_ids_follow_everything_printed(warm_copy, built_pdf, built_screen_pdf, tmp_path):
    """A colour changed in styles/ alone gives the file another XMP document ID and trailer /ID."""
    colours = warm_copy / "styles" / "colours.yaml"
    colours.write_text(colours.read_text(encoding="utf-8").replace("print: [87, 49, 0, 46]}  # cover band",
                                                                   "print: [90, 50, 0, 40]}  # cover band"),
                       encoding="utf-8")
    recoloured = Builder(Project(warm_copy)).build(tmp_path / "recoloured.pdf").output
    before, after = (pypdf.PdfReader(pdf) for pdf in (built_pdf, recoloured))
    assert _document_id(before) != _document_id(after)
    assert before.trailer["/ID"][0] != after.trailer["/ID"][0]
    assert pypdf.PdfReader(built_screen_pdf).trailer["/ID"]


def _document_id(reader: pypdf.PdfReader) -> str:
    return re.search(r"xmp\.did:[0-9a-f-]+", reader.trailer["/Root"]["/Metadata"].get_data().decode())[0]


@pytest.fixture
def small_book(project, tmp_path):
    book = Path(__file__).parent / "readers" / "book"
    return fixture_project(project, tmp_path / "book", book / "chapters", sorted((book / "charts").iterdir()))


def test_a_profiled_build_writes_its_profile(small_book, tmp_path):
    """`whitepaper` ends its process early only when nothing watches it: a profiler still gets its report."""
    profile = tmp_path / "build.prof"
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "whitepaper", "--quiet", "build",
                    "--project", str(small_book.root)], check=True, cwd=tmp_path)
    assert any(function == "build" and file.endswith("pipeline.py")
               for file, _, function in pstats.Stats(str(profile)).stats)


def test_building_from_python_leaves_the_garbage_collector_as_it_was(small_book):
    before = gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()
    result = run("--quiet", "build", "--project", str(small_book.root))
    assert result.exit_code == 0, result.output
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before
