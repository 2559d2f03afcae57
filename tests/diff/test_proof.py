"""`whitepaper proof`: numbered proofs kept side by side, a stamp in the slug in the book's own words, and the
change report against the previous proof. The editor's round of the issue is played through the command line."""

import datetime
import json

import pypdfium2
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from whitepaper import preflight
from whitepaper.diff import diff_files
from whitepaper.editions import PRINT
from whitepaper.cli import main
from whitepaper.pipeline import Builder, Project
from whitepaper.preview.server import page_maker
from whitepaper.preview.session import Outcome
from whitepaper.preview.since_proof import SinceProof
from whitepaper.proof import make_proof

from conftest import CHART_CHANGE, CHART_FIGURES, SENTENCE, edit_three, make_project, replace_in
from pdf_reading import page_texts, squeeze

DAY = datetime.date(2026, 12, 1)


def slug_text(pdf, page_index: int, below: bool = True) -> str:
    """What is printed between the bleed and the paper's edge below (or above) the trim."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[page_index]
        left, bottom, right, top = page.get_mediabox()
        bleed = page.get_bleedbox()
        area = (left, bottom, right, bleed[1]) if below else (left, bleed[3], right, top)
        return "".join(page.get_textpage().get_text_bounded(*area).split())
    finally:
        document.close()


@pytest.fixture
def book(project, tmp_path):
    return make_project(tmp_path, project)


def test_proofs_are_numbered_and_kept_and_stamped_outside_the_bleed(book):
    project = Project(book)
    first = make_project_proof(project)
    second = make_project_proof(project)
    assert [first.path.name, second.path.name] == ["proof-01.pdf", "proof-02.pdf"]
    assert first.path.is_file() and second.previous == first.path
    assert diff_files(first.path, second.path, None) == []  # the stamps differ, outside the trim: no change
    label = _label(book)
    for proof in (first, second):
        expected = squeeze(label.replace("{number}", str(proof.number)).replace("{date}", "2026-12-01"))
        pages = len(PdfReader(proof.path).pages)
        assert [slug_text(proof.path, index) for index in range(pages)] == [expected] * pages
        assert [slug_text(proof.path, index, below=False) for index in range(pages)] == [""] * pages


def test_the_stamp_words_come_from_book_yaml(book):
    replace_in(book / "content" / "book.yaml", _label(book), "PROOF {number} / {date}")
    proof = make_project_proof(Project(book))
    assert slug_text(proof.path, 0) == "PROOF1/2026-12-01"


def test_the_file_for_the_press_carries_no_stamp(book):
    output = book / "press.pdf"
    Builder(Project(book)).build(output)
    reader = PdfReader(output)
    assert all(slug_text(output, index) == "" for index in range(len(reader.pages)))


def test_a_proof_without_stamp_words_is_refused_plainly(book):
    text = (book / "content" / "book.yaml").read_text(encoding="utf-8")
    (book / "content" / "book.yaml").write_text(
        "\n".join(line for line in text.splitlines() if not line.strip().startswith("proof:")) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["proof", "--project", str(book)])
    assert result.exit_code == 2 and "labels:" in result.output and "{number}" in result.output
    assert not (book / "build" / "proofs").exists() or not list((book / "build" / "proofs").glob("proof-*.pdf"))


def test_an_editors_round_reports_exactly_the_three_changes(book):
    """make proof, change one sentence, one figure in a chart and one 编委会 name, make proof again."""
    runner = CliRunner()
    first = runner.invoke(main, ["proof", "--project", str(book)])
    assert first.exit_code == 0, first.output
    old_name, new_name = edit_three(book / "content")
    second = runner.invoke(main, ["proof", "--project", str(book)])
    assert second.exit_code == 0, second.output
    proofs = book / "build" / "proofs"
    old_pdf, new_pdf = proofs / "proof-01.pdf", proofs / "proof-02.pdf"

    def page(pdf, text):
        return next(number for number, page_text in enumerate(page_texts(pdf), start=1)
                    if squeeze(text) in squeeze(page_text))

    expected = {("replaced", page(old_pdf, SENTENCE[0]), page(new_pdf, SENTENCE[1])),
                ("chart", page(old_pdf, "表 2"), page(new_pdf, "表 2")),
                ("replaced", page(old_pdf, old_name), page(new_pdf, new_name))}
    report = json.loads((proofs / "proof-02-changes.json").read_text(encoding="utf-8"))
    assert sorted((change["kind"], change["old_page"], change["new_page"]) for change in report) == sorted(expected)
    change_lines = [line for line in second.output.splitlines() if line.startswith("  page ")]
    assert len(change_lines) == 3
    assert any(CHART_CHANGE[0] in line and CHART_CHANGE[1] in line for line in change_lines)
    annotated = PdfReader(proofs / "proof-02-changes.pdf")
    highlights = sorted(number for number, pdf_page in enumerate(annotated.pages, start=1)
                        for _ in pdf_page.get("/Annots", []))
    assert highlights == sorted(new_page for _, _, new_page in expected)
    html = (proofs / "proof-02-changes.html").read_text(encoding="utf-8")
    assert html.count("<li>") == 3


def make_project_proof(project):
    return make_proof(project, DAY)


def _label(book) -> str:
    for line in (book / "content" / "book.yaml").read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("proof:"):
            return line.split("proof:", 1)[1].split("#")[0].strip()
    raise AssertionError("no proof label")


def test_the_preview_outlines_what_changed_since_the_last_proof(book):
    project = Project(book)
    assert SinceProof(project).marks(book / "nothing.pdf") == ("", 0, ())  # no proof yet: nothing to mark
    make_project_proof(project)
    for old, new in CHART_FIGURES:
        replace_in(book / "content" / "charts" / "table-02.yaml", old, new)
    preview_pdf = book / "build" / "preview" / "whitepaper.pdf"
    Builder(project, draft=True).build(preview_pdf)
    proof, changes, marks = SinceProof(project).marks(preview_pdf)
    assert (proof, changes) == ("proof-01.pdf", 1)
    chart_page = next(number for number, text in enumerate(page_texts(preview_pdf), start=1) if "表 2" in text)
    assert [(mark.page, mark.kind) for mark in marks] == [(chart_page, "chart")]
    assert all(0 <= value <= 100 for mark in marks for value in (mark.left, mark.top, mark.left + mark.width,
                                                                  mark.top + mark.height))
    outcome = Outcome(1, pdf=b"%PDF", pages=(b"",) * 20, proof=proof, changes_since_proof=changes, marks=marks)
    html = page_maker("t", "zh", "print")(outcome=outcome, building=False)
    assert "1 change(s) since proof-01.pdf" in html and html.count('class="mark chart"') == 1


def test_a_proof_stays_the_press_file_but_for_its_stamp(book, project):
    """PDF/X-4 like `make pdf`'s file (version, output intent, colours, fonts): preflight flags only the stamp
    outside the trim."""
    proof = make_project_proof(Project(book))
    report = preflight.check(proof.path.read_bytes(), project.fonts, PRINT)
    assert [result.rule for result in report.results if not result.passed] == ["live area"]
