"""A WeasyPrint 70 layout whose pages are made as they are read, so that a trial layout can be judged by its first
pages and dropped without laying out the rest of the book.

`HTML.render` lays out every page (`layout.layout_document` runs `layout.page.make_all_pages`, a generator, to
the end, again while page-based counters change, then adds the margin boxes) before it returns. `PagedLayout`
runs `render` with `layout_document` deferred, keeps the layout context and box tree it was given, and runs the
first pass itself, one page a request. `complete()` hands the pages already made to WeasyPrint's own
`layout_document` as its first pass, which then makes the further passes and the margin boxes as `render` does:
the Document is the one `render` gives.

Tied to WeasyPrint 70.0's internals (`document.layout_document` called by `Document._render`,
`layout.initialize_page_maker` and `layout.make_all_pages` looked up by `layout_document`, the footnotes it copies
before its first pass); tests/test_compat.py fails, by name, if an upgrade changes them.
"""

from contextlib import contextmanager

from weasyprint import document as weasyprint_document
from weasyprint import layout as weasyprint_layout
from weasyprint.document import Page

from .resumed_layout import Finished, as_finished, carry_over_recorded, resumed_pages


class PagedLayout:
    """One document's layout, made as far as its pages are read.

    `hooks` is entered around every step that lays something out (the render that styles the document and
    builds its boxes, each page, the completion), so that patches and warnings apply as in one `render`.
    A `resumable` layout keeps, once complete, what the next layout of an edited book needs to remake only the
    pages the edit reaches (`resume`)."""

    def __init__(self, html, hooks, resumable: bool = False, **render_options):
        self._hooks = hooks
        self._resumable = resumable
        self.finished: Finished | None = None  # a complete resumable layout's pages and states
        self._carried: dict = {}  # page index -> whether it began with footnotes or floats from the page before
        with hooks(), _deferred_layout() as deferred:
            self._document = html.render(**render_options)
        self._html, self._root_box, self._context = deferred
        self._footnotes = self._context.footnotes.copy()  # as layout_document keeps them before its first pass
        weasyprint_layout.initialize_page_maker(self._context, self._root_box)
        self._making = weasyprint_layout.make_all_pages(self._context, self._root_box, self._html, [])
        self._first_pass: list = []  # page boxes, without margin boxes
        self._complete = False

    def page(self, index: int):
        """The box of page `index` (from 0), or None past the last page: of the first pass, laid out up to that
        page and no further, until the layout is complete; of the complete document afterwards."""
        if self._complete:
            pages = self._document.pages
            return pages[index]._page_box if index < len(pages) else None
        while len(self._first_pass) <= index and self._making is not None:
            with self._laying_out():
                box = next(self._making, None)
            if box is None:
                self._making = None
            else:
                self._first_pass.append(box)
        return self._first_pass[index] if index < len(self._first_pass) else None

    @property
    def pages_made(self) -> int:
        """The pages of the first pass laid out so far."""
        return len(self._first_pass)

    def complete(self):
        """The Document `HTML.render` gives: the first pass finished, the passes page-based counters need, the
        margin boxes."""
        if not self._complete:
            with self._laying_out():
                if self._making is not None:
                    self._first_pass.extend(self._making)
                with _first_pass_made(self._first_pass):
                    self._context.footnotes = self._footnotes  # layout_document's later passes start from them
                    page_boxes = weasyprint_layout.layout_document(self._html, self._root_box, self._context)
                    self._document.pages = [Page(page_box) for page_box in page_boxes]
            if self._resumable:
                self.finished = as_finished(self._root_box, self._context, self._document.pages, self._carried,
                                         self._html)
            self._completed()
        return self._document

    def resume(self, previous: "PagedLayout") -> bool:
        """Lays this book out, before any page is read, by remaking only the pages its difference from `previous`
        (a complete resumable layout) reaches, when that gives the book a whole layout gives
        (compat.resumed_layout). When it does not, returns False: pages were made in this layout's context by
        then, so it must be dropped and the book rendered again."""
        with self._laying_out():
            resumed = resumed_pages(previous.finished, self._html, self._root_box, self._context, self._carried)
        if resumed is None:
            return False
        self._document.pages = resumed.pages
        self.finished = resumed if self._resumable else None
        self._completed()
        return True

    def _completed(self) -> None:
        self._complete = True
        self._making = self._first_pass = self._html = self._root_box = self._context = None

    @contextmanager
    def _laying_out(self):
        with self._hooks(), carry_over_recorded(self._context, self._carried):
            yield


@contextmanager
def _deferred_layout():
    """While entered, `render` lays out no page: it returns a Document without pages, and the list this yields
    receives the document, box tree and layout context that layout_document would have laid out."""
    captured = []
    original = weasyprint_document.layout_document

    def deferred(html, root_box, context):
        captured.extend((html, root_box, context))
        return ()

    weasyprint_document.layout_document = deferred
    try:
        yield captured
    finally:
        weasyprint_document.layout_document = original


@contextmanager
def _first_pass_made(pages: list):
    """While entered, layout_document takes `pages` as its first pass, made with the page maker already in the
    layout context."""
    original_initialize, original_make = weasyprint_layout.initialize_page_maker, weasyprint_layout.make_all_pages
    passes = []

    def make_all_pages(context, root_box, html, previous):
        passes.append(1)
        return original_make(context, root_box, html, previous) if len(passes) > 1 else iter(pages)

    weasyprint_layout.initialize_page_maker = lambda context, root_box: None
    weasyprint_layout.make_all_pages = make_all_pages
    try:
        yield
    finally:
        weasyprint_layout.initialize_page_maker, weasyprint_layout.make_all_pages = original_initialize, original_make
