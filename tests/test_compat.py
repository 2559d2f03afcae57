"""What whitepaper/compat/ assumes of WeasyPrint 70.0, pydyf 0.13.0 and Pango, one assumption a test, so that an
upgrade shows by name which hook to port. On another version the first test fails with one plain message, and
conftest.py skips the tests that build a book (they would fail for the same reason, far from it)."""

import contextlib
import inspect
import subprocess
import sys
import uuid

import pydyf
import pytest

from whitepaper import compat
from whitepaper.compat.pdf_objects import pages, resolve, rewrite_xmp
from whitepaper.compat.tagging import reading_structure
from whitepaper.typeset import Typesetter

REFUSED = ("unsupported weasyprint 71.0 (written for 70.0): whitepaper/compat/ hooks into their internals. Run "
           "`make` to install the locked versions, or port whitepaper/compat/ and run tests/test_compat.py")


def test_the_installed_versions_are_those_compat_was_written_for():
    compat.check_versions()


@pytest.fixture
def weasyprint_71(monkeypatch):
    installed = compat.version
    monkeypatch.setattr(compat, "version", lambda name: "71.0" if name == "weasyprint" else installed(name))


def test_another_weasyprint_stops_the_build_with_one_plain_message(weasyprint_71, project):
    with pytest.raises(compat.UnsupportedVersion) as refused:
        Typesetter(project.root, [], "pdf/ua-1", project.fonts, project.cache)
    assert str(refused.value) == REFUSED


def test_on_another_weasyprint_the_version_test_fails_plainly_and_the_book_tests_are_skipped(tmp_path):
    (tmp_path / "weasyprint_71.py").write_text(
        "import importlib.metadata as metadata\n"
        "installed = metadata.version\n"
        "metadata.version = lambda name: '71.0' if name == 'weasyprint' else installed(name)\n")
    tests = "tests/test_compat.py::test_the_installed_versions_are_those_compat_was_written_for"
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "weasyprint_71", "-q", "-rs", "--no-header",
                          tests, "tests/typography/test_1_justification.py"],
                         capture_output=True, text=True, env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
                         cwd=compat.__file__.rsplit("/whitepaper/", 1)[0])
    assert "UnsupportedVersion: " + REFUSED in run.stdout
    summary = run.stdout.splitlines()[-1]
    assert summary.startswith("1 failed, ") and "skipped" in summary and "passed" not in summary


@pytest.fixture(scope="module")
def weasyprint(builder):
    """WeasyPrint, imported after the typesetter has pointed fontconfig at fonts/."""
    assert builder.typesetter
    import weasyprint
    return weasyprint


# justify.py: inter-character justification


def test_weasyprint_justifies_a_line_through_two_module_functions_justify_replaces(weasyprint):
    from weasyprint.layout import inline

    assert list(inspect.signature(inline.text_align).parameters) == ["context", "line", "available_width", "last"]
    assert list(inspect.signature(inline.justify_line).parameters) == ["context", "line", "extra_width"]
    assert "justify_line(context, line, offset)" in inspect.getsource(inline.text_align)  # looked up in the module
    assert "= text_align(" in inspect.getsource(inline)


def test_a_text_layout_keeps_its_state_in_its_dict_and_gives_pango_lines(weasyprint):
    from weasyprint.text.line_break import Layout

    assert not hasattr(Layout, "__slots__")  # GapLayout copies a layout through its __dict__
    assert list(inspect.signature(Layout.get_first_line).parameters) == ["self"]
    assert list(inspect.signature(Layout.set_text).parameters) == ["self", "text", "justify"]
    assert "pango_layout_get_line_readonly(self.layout, 0)" in inspect.getsource(Layout.get_first_line)


def test_glyph_widths_are_in_pango_units_of_a_1024th_point(weasyprint):
    from weasyprint.text.ffi import TO_UNITS

    assert TO_UNITS == 1024


def test_weasyprint_truncates_the_advances_it_writes_to_the_pdf(weasyprint):
    """Why GapLayout adds half a thousandth of an em to each widened advance."""
    assert "f'>{int(kerning)}<'" in inspect.getsource(weasyprint.draw.text.draw_first_line)


# leaders.py: a leader's dots as one text run


def test_weasyprint_fills_a_leader_through_a_module_function_leaders_wraps(weasyprint):
    from weasyprint.layout import inline, leader

    assert list(inspect.signature(inline.handle_leader).parameters) == ["context", "line", "containing_block"]
    assert "handle_leader(context, line, containing_block)" in inspect.getsource(inline.iter_line_boxes)
    assert "text_box.copy()" in inspect.getsource(leader.handle_leader)  # a copy per dot, each placed on its own
    assert list(inspect.signature(leader.leader_index).parameters) == ["box"]


def test_a_line_of_text_is_split_through_split_first_line(weasyprint):
    from weasyprint.text import line_break

    assert list(inspect.signature(line_break.split_first_line).parameters) == [
        "text", "style", "context", "max_width", "justification_spacing", "is_line_start", "minimum"]


# tagging.py and note_tags.py: the screen edition's structure tree


def test_weasyprint_builds_its_tree_through_the_functions_tagging_replaces(weasyprint):
    from weasyprint import pdf

    tags = pdf.tags
    assert list(inspect.signature(tags._build_box_tree).parameters) == [
        "box", "parent", "pdf", "page_number", "nums", "annotations", "tags"]
    assert inspect.isgeneratorfunction(tags._build_box_tree)
    assert list(inspect.signature(pdf.add_tags).parameters) == [
        "pdf", "document", "pdf_version", "page_streams"]
    assert "_build_box_tree(" in inspect.getsource(tags.add_tags)  # looked up in the module, so replaceable
    assert "add_tags(pdf, document" in inspect.getsource(pdf.generate_pdf)


def test_footnotes_are_laid_out_in_a_footnote_area_box(weasyprint):
    from weasyprint.formatting_structure import boxes

    assert issubclass(boxes.FootnoteAreaBox, boxes.BlockBox)


def test_pydyf_writes_a_marked_content_tag_its_properties_and_bdc_as_three_items():
    stream = pydyf.Stream()
    stream.begin_marked_content("Span", pydyf.Dictionary({"MCID": 0}))
    assert stream.stream[0] == "/Span" and stream.stream[1]["MCID"] == 0 and stream.stream[2] == b"BDC"


def test_the_replacements_are_undone_afterwards(weasyprint):
    from weasyprint import pdf

    tags = pdf.tags
    build, add = tags._build_box_tree, pdf.add_tags
    with reading_structure():
        assert (tags._build_box_tree, pdf.add_tags) != (build, add)
    assert (tags._build_box_tree, pdf.add_tags) == (build, add)


# partial_layout.py: pages made as they are read

PAGED = ("<style>@page { size: A6; @bottom-center { content: counter(page) ' / ' counter(pages) } }"
         "a::after { content: target-counter(attr(href), page) } .note { float: footnote }"
         "section { break-before: page }</style>"
         + '<p>目录<span class="note">页码在第二遍排版时填上</span></p>'
         + "".join(f'<p><a href="#s{number}">{number}</a></p>' for number in range(8))
         + "".join(f'<section id="s{number}"><h1>{number}</h1>' + "<p>正文。</p>" * 12 * number
                   + f'<p>注<span class="note">{number}</span></p></section>' for number in range(8)))


@pytest.fixture
def pages_made(weasyprint, monkeypatch):
    """The pages WeasyPrint has laid out so far (counted where make_all_pages makes each)."""
    from weasyprint.layout import page

    made = []
    make_page = page.make_page

    def counted(*args):
        made.append(1)
        return make_page(*args)

    monkeypatch.setattr(page, "make_page", counted)
    return made


def test_weasyprint_renders_through_layout_document_looked_up_in_its_module(weasyprint):
    from weasyprint import document, layout

    assert "layout_document" in document.Document._render.__code__.co_names  # replaceable while rendering
    assert "[Page(page_box) for page_box in page_boxes]" in inspect.getsource(document.Document._render)
    assert list(inspect.signature(layout.layout_document).parameters) == ["html", "root_box", "context", "max_loops"]


def test_layout_document_makes_its_passes_through_two_functions_looked_up_in_its_module(weasyprint):
    from weasyprint import layout

    source = inspect.getsource(layout.layout_document)
    assert {"initialize_page_maker", "make_all_pages"} <= set(layout.layout_document.__code__.co_names)
    assert "initialize_page_maker(context, root_box)" in source
    assert "pages = list(make_all_pages(context, root_box, html, pages))" in source
    assert "original_footnotes = context.footnotes.copy()" in source  # before the first pass, as PagedLayout keeps
    assert inspect.isgeneratorfunction(layout.page.make_all_pages)
    assert list(inspect.signature(layout.page.make_all_pages).parameters) == ["context", "root_box", "html", "pages"]


def test_a_paged_layout_lays_out_no_page_before_it_is_read_and_then_only_up_to_it(weasyprint, pages_made):
    from whitepaper.compat.partial_layout import PagedLayout

    paged = PagedLayout(weasyprint.HTML(string=PAGED), contextlib.nullcontext)
    assert not pages_made
    assert paged.page(2) is not None
    assert len(pages_made) == 3
    paged.page(1)
    assert len(pages_made) == 3
    assert len(paged.complete().pages) > 9 and paged.page(99) is None


def test_a_completed_paged_layout_is_the_document_render_gives(weasyprint, pages_made):
    """With the passes target-counter() needs (the table of contents' page numbers), footnotes and margin
    boxes."""
    from whitepaper.compat.partial_layout import PagedLayout

    rendered = weasyprint.HTML(string=PAGED).render()
    made_by_render = len(pages_made)
    assert made_by_render > len(rendered.pages)  # the first page made again, with the page numbers
    paged = PagedLayout(weasyprint.HTML(string=PAGED), contextlib.nullcontext)
    paged.page(4)
    assert paged.complete().write_pdf() == rendered.write_pdf()
    assert len(pages_made) == 2 * made_by_render  # no page made twice in the first pass, none left out after



def test_two_paged_layouts_read_in_turn_are_the_documents_render_gives(weasyprint):
    """Placement may read more pages of the layout it keeps while a trial layout stands half made."""
    from whitepaper.compat.partial_layout import PagedLayout

    other = PAGED.replace("正文。", "另一段正文，长一些。")
    first, second = (PagedLayout(weasyprint.HTML(string=html), contextlib.nullcontext) for html in (PAGED, other))
    for index in range(6):
        first.page(index)
        second.page(index)
    assert second.complete().write_pdf() == weasyprint.HTML(string=other).render().write_pdf()
    assert first.complete().write_pdf() == weasyprint.HTML(string=PAGED).render().write_pdf()

# resumed_layout.py: only the pages an edit reaches laid out again


def test_pages_are_made_from_the_page_makers_state_through_remake_page_looked_up_in_its_module(weasyprint):
    from weasyprint.layout import page

    assert "remake_page" in page.make_all_pages.__code__.co_names
    assert list(inspect.signature(page.remake_page).parameters) == ["index", "context", "root_box", "html"]
    assert "resume_at, next_page, right_page, page_state, _ = page_maker[index]" in inspect.getsource(page.remake_page)
    assert "return page, resume_at" in inspect.getsource(page.remake_page)
    assert list(inspect.signature(page.make_margin_boxes).parameters) == ["context", "page", "state"]


def test_layout_document_gathers_strings_and_bookmarks_after_its_passes_as_resumed_layout_does(weasyprint):
    """What resumed_layout._finish does for the pages it remakes."""
    from weasyprint import layout

    source = inspect.getsource(layout.layout_document)
    for step in ("child.bookmark_label = ''", "context.string_set[string_name][i+1].append(text)",
                 "children.extend(make_margin_boxes(context, page, state))",
                 "layout_backgrounds(page, context.get_image_from_uri)",
                 "state = context.page_maker[context.current_page][3]"):
        assert step in source
    context_attributes = inspect.getsource(layout.LayoutContext.__init__)
    for name in ("reported_footnotes", "broken_out_of_flow", "running_elements", "rendered_notes", "string_set"):
        assert f"self.{name} = " in context_attributes


def test_a_footnote_stands_outside_the_box_tree_behind_its_call(weasyprint):
    from weasyprint.formatting_structure import build

    source = inspect.getsource(build.element_to_box)
    assert "footnotes.append(footnote)" in source and "footnote_call.footnote = footnote" in source


def test_a_resumed_layout_is_the_document_render_gives_and_gives_up_on_a_page_that_shows_page_numbers(weasyprint):
    from whitepaper.compat.partial_layout import PagedLayout

    first = PagedLayout(weasyprint.HTML(string=PAGED), contextlib.nullcontext, resumable=True)
    first.complete()
    edited = PAGED.replace("<h1>5</h1><p>正文。", "<h1>5</h1><p>改过的正文。", 1)
    second = PagedLayout(weasyprint.HTML(string=edited), contextlib.nullcontext, resumable=True)
    assert second.resume(first)
    assert second.complete().write_pdf() == weasyprint.HTML(string=edited).render().write_pdf()
    kept = [page for page in second.complete().pages if page in first.complete().pages]
    assert len(kept) == len(first.complete().pages) - 1

    on_the_contents_page = PagedLayout(weasyprint.HTML(string=edited.replace("<p>目录", "<p>本书目录")),
                                       contextlib.nullcontext, resumable=True)
    assert not on_the_contents_page.resume(second)


# pdf_objects.py: pydyf's objects and WeasyPrint's XMP packet


def test_pydyf_lists_the_pages_as_flat_reference_parts():
    pdf = pydyf.PDF()
    first, second = pydyf.Dictionary({"Type": "/Page"}), pydyf.Dictionary({"Type": "/Page"})
    for page in (first, second):
        pdf.add_page(page)
    assert pdf.pages["Kids"] == [first.number, 0, "R", second.number, 0, "R"]
    assert pages(pdf) == [first, second]


def test_pydyf_references_are_bytes_naming_the_object_number():
    pdf = pydyf.PDF()
    dictionary = pydyf.Dictionary()
    pdf.add_object(dictionary)
    assert dictionary.reference == f"{dictionary.number} 0 R".encode()
    assert resolve(pdf, dictionary.reference) is dictionary


def test_weasyprint_writes_a_random_xmp_document_id_which_rewrite_xmp_replaces(weasyprint):
    from weasyprint.pdf.metadata import DocumentMetadata

    def xmp():
        pdf = pydyf.PDF()
        DocumentMetadata(modified="2022-01-01T00:00:00Z").include_in_pdf(pdf, "x", 4, "PDF/X-4", compress=False)
        return resolve(pdf, pdf.catalog["Metadata"])

    first, second = xmp(), xmp()
    assert b"".join(first.stream).count(b"xmp.did:") == 1 and first.stream != second.stream
    fixed = uuid.UUID(int=18)
    rewrite_xmp(first, fixed)
    rewrite_xmp(second, fixed)
    assert first.stream == second.stream
    assert f"xmp.did:{fixed}".encode() in first.stream[0] and b"GTS_PDFXConformance" not in first.stream[0]


def test_on_linux_weasyprint_finds_its_libraries_by_file_name_without_find_library():
    """compat/libraries.py answers every find_library "not found" while WeasyPrint is imported: the loader must
    still find Pango and the rest by their file names, and find_library must be back afterwards."""
    script = (
        "import ctypes.util, sys\n"
        "original = ctypes.util.find_library\n"
        "asked = []\n"
        "def spy(name):\n"
        "    asked.append(name)\n"
        "    return original(name)\n"
        "ctypes.util.find_library = spy\n"
        "from whitepaper.compat import import_weasyprint\n"
        "weasyprint = import_weasyprint()\n"
        "assert hasattr(weasyprint, 'HTML')\n"
        "assert ctypes.util.find_library is spy and not asked, asked\n"
        "print('ok')\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "ok", result.stderr
