"""Every hook into the internals of WeasyPrint, pydyf and Pango, fenced here for whoever upgrades them.

The rest of the package uses only what WeasyPrint and pydyf document. What they do not offer for a Chinese
book, or for the print shop, is done in this package, each hook in one module:

- justify.py: inter-character justification. Replaces `weasyprint.layout.inline.text_align` and
  `justify_line` while a document is laid out, copies a `Layout`'s `__dict__`, widens the glyph advances of
  Pango's first line, and adds half a thousandth of an em for WeasyPrint's truncation of advances.
  Upstream: docs/upstream/weasyprint-inter-character-justification.patch.
- leaders.py: each 目录 leader drawn as one run of text. Wraps `weasyprint.layout.inline.handle_leader` while a
  document is laid out and joins the text box WeasyPrint copies for each dot into one, at the same places.
- tagging.py and note_tags.py: the screen edition's structure tree (PDF/UA-1). Wrap
  `weasyprint.pdf.tags._build_box_tree` and `weasyprint.pdf.add_tags` while a PDF is written, and rewrite
  marked-content tags in pydyf's list of page operators.
- partial_layout.py: a layout whose pages are made as they are read (chart placement judges a trial layout by
  its first pages). Replaces `weasyprint.document.layout_document` while `HTML.render` styles the document,
  then runs `layout.page.make_all_pages` itself; to complete the Document, replaces
  `layout.initialize_page_maker` and the first `layout.make_all_pages` while WeasyPrint's own
  `layout_document` makes the further passes and the margin boxes.
- resumed_layout.py: after an edit, only the pages it reaches laid out again (the preview's rebuild). Seeds
  `context.page_maker` with the last layout's states and calls `layout.page.remake_page` from the page before
  the edit until a page ends as it did; then does for those pages what `layout_document` does after its passes
  (strings, bookmarks, margin boxes); wraps `layout.page.remake_page` to note footnotes carried to a page.
- libraries.py: WeasyPrint imported with `ctypes.util.find_library` answering "not found" on Linux, so that
  the loader finds the libraries by file name without cffi running ldconfig and gcc for each (0.2 s a process).
- pdf_objects.py: pydyf's page tree and references as a finisher meets them, and the XMP packet WeasyPrint
  writes, whose random document ID is replaced (upstream: docs/upstream/weasyprint-xmp-document-id.patch).

They were written for the versions in WRITTEN_FOR. `check_versions()` refuses others with one plain message,
rather than let a hook fail deep inside a layout or, worse, silently change the book; tests/test_compat.py
checks each assumption on its own, so an upgrade shows which hook to look at.
"""

from importlib.metadata import version

from ..diagnostics import BuildFailure
from .libraries import import_weasyprint

__all__ = ["WRITTEN_FOR", "UnsupportedVersion", "check_versions", "import_weasyprint"]

WRITTEN_FOR = {"weasyprint": "70.0", "pydyf": "0.13.0"}


class UnsupportedVersion(BuildFailure):
    pass


def check_versions() -> None:
    """Raise UnsupportedVersion unless the installed WeasyPrint and pydyf are those the hooks were written for."""
    wrong = [f"{name} {version(name)} (written for {expected})" for name, expected in WRITTEN_FOR.items()
             if version(name) != expected]
    if wrong:
        raise UnsupportedVersion(
            f"unsupported {', '.join(wrong)}: whitepaper/compat/ hooks into their internals. Run `make` to "
            f"install the locked versions, or port whitepaper/compat/ and run tests/test_compat.py")
