"""What tagging.py assumes of WeasyPrint 70.0's tagging: a change in an upgrade fails here, by name."""

import inspect

import pydyf
import pytest

from whitepaper.tagging import reading_structure


@pytest.fixture
def weasyprint_pdf(screen_builder):
    """WeasyPrint's PDF writer, imported after the typesetter has pointed fontconfig at fonts/."""
    assert screen_builder.typesetter
    from weasyprint import pdf
    return pdf


def test_weasyprint_builds_its_tree_through_the_functions_tagging_replaces(weasyprint_pdf):
    tags = weasyprint_pdf.tags
    assert list(inspect.signature(tags._build_box_tree).parameters) == [
        "box", "parent", "pdf", "page_number", "nums", "annotations", "tags"]
    assert inspect.isgeneratorfunction(tags._build_box_tree)
    assert list(inspect.signature(weasyprint_pdf.add_tags).parameters) == [
        "pdf", "document", "pdf_version", "page_streams"]
    assert "_build_box_tree(" in inspect.getsource(tags.add_tags)  # looked up in the module, so replaceable
    assert "add_tags(pdf, document" in inspect.getsource(weasyprint_pdf.generate_pdf)


def test_pydyf_writes_a_marked_content_tag_its_properties_and_bdc_as_three_items():
    stream = pydyf.Stream()
    stream.begin_marked_content("Span", pydyf.Dictionary({"MCID": 0}))
    assert stream.stream[0] == "/Span" and stream.stream[1]["MCID"] == 0 and stream.stream[2] == b"BDC"


def test_the_replacements_are_undone_afterwards(weasyprint_pdf):
    tags = weasyprint_pdf.tags
    build, add = tags._build_box_tree, weasyprint_pdf.add_tags
    with reading_structure():
        assert (tags._build_box_tree, weasyprint_pdf.add_tags) != (build, add)
    assert (tags._build_box_tree, weasyprint_pdf.add_tags) == (build, add)
