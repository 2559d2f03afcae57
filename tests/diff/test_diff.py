"""`whitepaper diff` on two builds of the fixture book with known edits. Where each edit lands is found by
reading both PDFs' text with pypdfium2, not by the code under test."""

import ctypes
import io
import json
import shutil
import subprocess

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter

from whitepaper.cli import main
from whitepaper.diff import Outputs, diff_files
from whitepaper.diff.align import NotSameBook
from whitepaper.diff.report import note

from conftest import CHART_CHANGE, INSERTED, SENTENCE, committee_name
from pdf_reading import page_texts, squeeze


def page_of(pdf, text: str) -> int:
    """The one page (from 1) whose text holds `text`, white space aside."""
    pages = [number for number, page in enumerate(page_texts(pdf), start=1) if squeeze(text) in squeeze(page)]
    assert len(pages) == 1, f"{text} found on pages {pages}"
    return pages[0]


@pytest.fixture(scope="module")
def outcome(first, second, tmp_path_factory):
    folder = tmp_path_factory.mktemp("diff")
    outputs = Outputs(folder / "annotated.pdf", folder / "changes.html", folder / "changes.json")
    return diff_files(first.pdf, second.pdf, outputs), outputs


def test_each_edit_is_reported_once_at_its_pages(first, second, outcome):
    changes, _ = outcome
    text_changes = [(change.kind, change.old_page, change.new_page, change.old_text, change.new_text)
                    for change in changes if change.kind != "layout"]
    old_name, new_name = committee_name(first.root / "content")
    assert sorted(text_changes) == sorted([
        ("replaced", page_of(first.pdf, SENTENCE[0]), page_of(second.pdf, SENTENCE[1]), "首", "第一"),
        ("chart", page_of(first.pdf, "表 2"), page_of(second.pdf, "表 2"), *CHART_CHANGE),
        ("replaced", page_of(first.pdf, old_name), page_of(second.pdf, new_name), old_name, new_name),
        ("inserted", page_of(first.pdf, "百分点借助"), page_of(second.pdf, INSERTED), "", INSERTED),
    ])


def test_a_chart_change_is_named_by_its_caption(outcome):
    chart = next(change for change in outcome[0] if change.kind == "chart")
    assert chart.chart.startswith("表 2 ")


def test_the_reflowed_tail_of_a_chapter_is_reported_as_moved_not_changed(second, outcome):
    changes, _ = outcome
    insertion_page = page_of(second.pdf, INSERTED)
    pages = len(page_texts(second.pdf))
    assert pages > insertion_page + 1, "the fixture's chapter 2 should run on for two more pages"
    layout = [change for change in changes if change.kind == "layout"]
    assert [change.new_page for change in layout] == list(range(insertion_page + 1, pages + 1))
    assert all("moved" in change.note and not change.old_text and not change.new_text for change in layout)


def test_the_annotated_copy_carries_one_highlight_per_change_saying_what_was_before(outcome):
    changes, outputs = outcome
    reader = PdfReader(outputs.annotated)
    highlights = [(number, annotation.get_object()) for number, page in enumerate(reader.pages, start=1)
                  for annotation in page.get("/Annots", [])]
    assert all(annotation["/Subtype"] == "/Highlight" for _, annotation in highlights)
    assert sorted((number, str(annotation["/Contents"])) for number, annotation in highlights) == sorted(
        (change.new_page, note(change)) for change in changes)
    replaced = next(annotation for _, annotation in highlights if "首" in str(annotation["/Contents"]))
    assert "「首」" in str(replaced["/Contents"])
    assert all("/AP" in annotation and len(annotation["/QuadPoints"]) % 8 == 0 for _, annotation in highlights)


def test_the_annotated_copy_opens_in_other_readers(outcome):
    """PDFium and pypdf (above) read it; so must a reader that knows nothing of ours."""
    _, outputs = outcome
    document = pypdfium2.PdfDocument(outputs.annotated)
    assert len(document) == len(PdfReader(outputs.annotated).pages)
    document.close()
    if shutil.which("qpdf"):
        checked = subprocess.run(["qpdf", "--check", str(outputs.annotated)], capture_output=True, text=True)
        assert checked.returncode == 0 and "WARNING" not in checked.stdout + checked.stderr


def test_the_html_page_shows_each_changed_page_of_both_files_with_outlines(outcome):
    changes, outputs = outcome
    html = outputs.html.read_text(encoding="utf-8")
    pairs = {(change.old_page, change.new_page) for change in changes}
    assert html.count('<section class="pair">') == len(pairs)
    assert html.count("<li>") == len(changes)
    assert html.count('class="mark"') >= 2 * len([change for change in changes if change.kind != "layout"])
    for old_page, new_page in pairs:
        assert f"first.pdf, page {old_page}</figcaption>" in html and f"second.pdf, page {new_page}</figcaption>" in html
    assert json.loads(outputs.json.read_text(encoding="utf-8")) == [change.as_json() for change in changes]


def test_identical_files_report_no_changes(first, tmp_path):
    copy = tmp_path / "copy.pdf"
    shutil.copy(first.pdf, copy)
    assert diff_files(first.pdf, copy, None) == []


def test_other_fonts_with_the_same_text_report_layout_changes_only(first, other_fonts):
    changes = diff_files(first.pdf, other_fonts.pdf, None)
    assert changes and {change.kind for change in changes} == {"layout"}


def test_other_page_boxes_with_the_same_text_report_layout_changes_only(first, tmp_path):
    """As a print shop might send it back: cut to the bleed, without the slug and crop marks."""
    writer = PdfWriter(clone_from=first.pdf)
    for page in writer.pages:
        page.mediabox = page.bleedbox
    trimmed = tmp_path / "trimmed.pdf"
    writer.write(trimmed)
    changes = diff_files(first.pdf, trimmed, None)
    assert [change.kind for change in changes] == ["layout"] * len(writer.pages)
    assert all("MediaBox" in change.note for change in changes)


def test_files_of_another_book_are_told_so(first, tmp_path):
    other = tmp_path / "other.pdf"
    other.write_bytes(_one_line_pdf("Another book altogether"))
    with pytest.raises(NotSameBook, match="not two versions of the same book"):
        diff_files(first.pdf, other, None)


def _one_line_pdf(text: str) -> bytes:
    document = pypdfium2.PdfDocument.new()
    page = document.new_page(595, 842)
    text_object = pdfium_c.FPDFPageObj_NewTextObj(document.raw, b"Helvetica", 12.0)
    buffer = ctypes.create_string_buffer((text + "\x00").encode("utf-16-le"))
    pdfium_c.FPDFText_SetText(text_object, ctypes.cast(buffer, pdfium_c.FPDF_WIDESTRING))
    pdfium_c.FPDFPageObj_Transform(text_object, 1, 0, 0, 1, 100, 400)
    pdfium_c.FPDFPage_InsertObject(page.raw, text_object)
    page.gen_content()
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


@pytest.mark.parametrize("make, message", [
    (lambda folder: folder / "missing.pdf", "missing.pdf: no such file"),
    (lambda folder: _write(folder / "notes.pdf", b"just some notes"), "notes.pdf: not a PDF file"),
    (lambda folder: folder, "is a folder: give the PDF file"),
])
def test_bad_input_gets_one_plain_line(first, tmp_path, make, message):
    result = CliRunner().invoke(main, ["diff", str(make(tmp_path)), str(first.pdf)])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and message in result.output
    assert "Traceback" not in result.output


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_the_command_prints_a_summary_and_json(first, second, tmp_path):
    arguments = ["diff", str(first.pdf), str(second.pdf), "--annotated", str(tmp_path / "a.pdf"),
                 "--html", str(tmp_path / "a.html")]
    summary = CliRunner().invoke(main, arguments)
    assert summary.exit_code == 0, summary.output
    assert "表 2" in summary.output and "43.4% 38% -> 43.9% 37.5%" in summary.output
    as_json = json.loads(CliRunner().invoke(main, arguments + ["--json"]).output)
    assert {"kind", "old_page", "new_page", "old_text", "new_text"} <= set(as_json[0])
