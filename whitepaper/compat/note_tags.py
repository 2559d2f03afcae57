"""Footnotes tagged /Note in the screen edition's structure tree, as PDF/UA-1 asks (a Note with an /ID).

WeasyPrint 70 tags a footnote as the element it was made of, a <span>: /Span. While a PDF is written,
`notes_tagged()` wraps `weasyprint.pdf.tags._build_box_tree` so that the structure element of each box in a
page's footnote area becomes /Note, with an /ID unique in the file. Tied to WeasyPrint 70.0's tags.py (the
function's name, its recursion through the module, a footnote as a /Span child of the FootnoteAreaBox);
tests/test_compat.py and tests/test_example_book.py fail if an upgrade changes them.
"""

import itertools
from contextlib import contextmanager

import pydyf
from weasyprint.formatting_structure import boxes
from weasyprint.pdf import tags


@contextmanager
def notes_tagged():
    original = tags._build_box_tree
    numbers = itertools.count(1)
    notes: set[int] = set()  # ids of the boxes in footnote areas

    def build_box_tree(box, *arguments):
        if isinstance(box, boxes.FootnoteAreaBox):
            notes.update(id(child) for child in box.children)
        is_note = id(box) in notes
        for element in original(box, *arguments):
            if is_note and element["S"] == "/Span":
                element["S"] = "/Note"
                element["ID"] = pydyf.String(f"note-{next(numbers)}")
            yield element

    tags._build_box_tree = build_box_tree
    try:
        yield
    finally:
        tags._build_box_tree = original
