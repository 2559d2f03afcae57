"""Which pages an edit changed, read from the layout before anything is drawn.

Drawing the book into a PDF takes as long as laying it out; after an edit most pages are as they were. Each
laid-out page gets a key: a hash of its boxes, each with its place and size, its text, and the element it comes
from (tag, attributes, place among its siblings: all a style can depend on while the stylesheets stay the same),
and the page's own type (left or right, named page). Two pages with the same key are drawn the same by the same
stylesheets and fonts, so only pages with a new key need drawing. The preview makes a new Builder, and starts
its pictures afresh, whenever styles, fonts or templates change. A page a resumed layout kept (the same Page
object) keeps its key.
"""

import hashlib
import weakref

from ..compat.resumed_layout import sibling_places

GEOMETRY = ("position_x", "position_y", "width", "height", "margin_top", "margin_right", "margin_bottom",
            "margin_left", "padding_top", "padding_right", "padding_bottom", "padding_left", "border_top_width",
            "border_right_width", "border_bottom_width", "border_left_width")


_KEPT: "weakref.WeakKeyDictionary[object, bytes]" = weakref.WeakKeyDictionary()  # Page -> its key


def layout_keys(document) -> list[bytes]:
    """A key per page of a laid-out WeasyPrint document, in page order."""
    if all(page in _KEPT for page in document.pages):
        return [_KEPT[page] for page in document.pages]
    places = sibling_places(document._html.etree_element)
    elements: dict[int, bytes] = {}

    def element_key(element) -> bytes:
        key = elements.get(id(element))
        if key is None:
            attributes = sorted(element.attrib.items())
            key = elements[id(element)] = repr((element.tag, attributes, places.get(id(element)))).encode()
        return key

    for page in document.pages:
        if page not in _KEPT:
            digest = hashlib.blake2b(repr(page._page_box.page_type).encode(), digest_size=16)
            _add_box(page._page_box, digest, element_key)
            _KEPT[page] = digest.digest()
    return [_KEPT[page] for page in document.pages]


def _add_box(box, digest, element_key) -> None:
    own = box.__dict__
    digest.update(repr((type(box).__name__, *map(own.get, GEOMETRY), own.get("element_tag"), own.get("at_keyword"),
                        own.get("text"))).encode())
    element = own.get("element")
    if element is not None:
        digest.update(element_key(element))
    for group in (own.get("children"), own.get("column_groups"), own.get("fixed_boxes")):
        digest.update(b"(")
        for child in group or ():
            _add_box(child, digest, element_key)
        digest.update(b")")
