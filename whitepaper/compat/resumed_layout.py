"""A WeasyPrint 70 layout after an edit, made by laying out again only the pages the edit reaches: how the preview
shows a saved paragraph in well under a second.

WeasyPrint makes pages one after another, each from where the one before stopped: `context.page_maker` keeps,
for each page, the place in the box tree it starts at (`resume_at`, child indices and text offsets), its side,
its forced break and named page, and the page counters. It remakes a single page from that state itself, when a
page number it shows changes. After an edit, the new book's boxes are compared with those of the last layout.
The pages are made anew from the last page that starts before the first changed box, with the old state of that
page, until a new page ends where an old one ended, in the same state, past the last changed box: every later
page would come out as it was, so the old pages are kept, and so are the pages before.

Whenever the pages kept could differ from a whole layout's, `resumed_pages` gives up and the book is laid out
whole: a box on a remade page that shows a page number (target-counter, string-set or bookmark-label with one),
a running element or fixed box, footnotes or floats carried over a seam, a remade page whose anchors (what the
目录 and links point at) or running-head strings differ from the old page's, a different number of pages, or
stylesheets with `:has()` or `target-text()`. Styles depend on an element's tag, attributes and place among its
siblings (with the same stylesheets): a changed tag or attribute counts its later siblings as changed too (`+`,
`~` selectors). tests/test_resumed_layout.py compares the result with a whole layout, PDF byte for byte, for
edits of many kinds.

Tied to WeasyPrint 70.0's page maker: `layout.page.remake_page`, the page_maker tuples (resume_at, next_page,
right_page, page_state, remake_state), `layout.page.make_margin_boxes`, `layout.background.layout_backgrounds`,
the string sets and bookmark labels `layout.layout_document` gathers after its passes, and the context's
`reported_footnotes`, `broken_out_of_flow`, `running_elements` and `rendered_notes`; tests/test_compat.py checks
them.
"""

import copy
import re
from contextlib import contextmanager
from dataclasses import dataclass

from weasyprint.document import Page
from weasyprint.formatting_structure import boxes
from weasyprint.layout import page as weasyprint_page
from weasyprint.layout.background import layout_backgrounds

# a selector that styles an element by what follows it; content that shows another element's text
NOT_RESUMABLE_STYLES = re.compile(r":has\(|target-text\(")


@dataclass
class Finished:
    """What a complete layout leaves for the next one to resume from."""
    root_box: object  # the box tree before layout
    context: object  # WeasyPrint's LayoutContext, its page_maker complete
    pages: list  # weasyprint.document.Page, in order
    carried: dict  # page index -> whether the page began with footnotes or floats carried over from the one before
    places: dict  # id(element) -> its place among its siblings (sibling_places)


def resumable(stylesheet_texts) -> bool:
    """Whether an edit can be laid out by remaking some pages with these stylesheets."""
    return not any(NOT_RESUMABLE_STYLES.search(text) for text in stylesheet_texts)


@contextmanager
def carry_over_recorded(context, carried: dict):
    """While entered, each page WeasyPrint makes in `context` records in `carried` whether it began with content
    carried over from the page before."""
    original = weasyprint_page.remake_page

    def remake_page(index, layout_context, root_box, html):
        if layout_context is context:
            carried[index] = bool(context.reported_footnotes or context.broken_out_of_flow)
        return original(index, layout_context, root_box, html)

    weasyprint_page.remake_page = remake_page
    try:
        yield
    finally:
        weasyprint_page.remake_page = original


def as_finished(root_box, context, pages: list, carried: dict, html) -> Finished:
    return Finished(root_box, context, pages, dict(carried), sibling_places(html.etree_element))


def resumed_pages(old: Finished, html, root_box, context, carried: dict) -> Finished | None:
    """The new book laid out from `old` by remaking the pages its edit reaches, or None when that may differ
    from laying it out whole. `root_box` and `context` are the new book's, styled and built but not laid out;
    `carried` receives the new pages' carry-over (carry_over_recorded must be entered)."""
    places = sibling_places(html.etree_element)
    span = _changed_span(old.root_box, root_box, old.places, places)
    if span is None:
        return Finished(root_box, _context_like(context, old.context), list(old.pages), dict(old.carried), places)
    first_changed, last_changed = span
    old_maker = old.context.page_maker
    if _running_or_fixed(old.context, [page._page_box for page in old.pages]):
        return None
    start = max(index for index in range(len(old.pages)) if _path(old_maker[index][0]) <= first_changed)
    if start and _may_end_elsewhere(old_maker[start], first_changed):
        start -= 1
    while start and old_maker[start][0] == old_maker[start + 1][0]:
        start -= 1  # a blank page (before a chapter on a right-hand page): the page before it, too
    if old.carried.get(start):
        return None
    context.page_maker = copy.deepcopy(old_maker[:start + 1])
    context.rendered_notes = []
    context.style_for.initial_page_sizes.update(old.context.style_for.initial_page_sizes)
    remade = []  # page boxes
    for index in range(start, len(old.pages)):
        remake_state = context.page_maker[index][-1]
        remake_state.update(content_changed=False, pages_wanted=False, anchors=[], content_lookups=[])
        page_box, resume_at = weasyprint_page.remake_page(index, context, root_box, html)
        remade.append(page_box)
        if (remake_state["content_lookups"] or remake_state["pages_wanted"] or remake_state["content_changed"]
                or Page(page_box).anchors.keys() != old.pages[index].anchors.keys()):
            return None  # a page number shown on this page, or an anchor moved to another page
        if resume_at is None:
            if index + 1 != len(old.pages) or context.reported_footnotes:
                return None
            break
        if _past(_path(resume_at), last_changed) and _same_state(context.page_maker[index + 1], old_maker[index + 1]) \
                and not (context.reported_footnotes or context.broken_out_of_flow or old.carried.get(index + 1)):
            break
    else:
        return None  # the edit made more pages
    end = start + len(remade)
    if _running_or_fixed(context, remade) or not _finish(remade, start, old, root_box, context):
        return None
    context.page_maker = context.page_maker[:end + 1] + old_maker[end + 1:]
    carried.update({index: flag for index, flag in old.carried.items() if not start <= index < end})
    pages = old.pages[:start] + [Page(page_box) for page_box in remade] + old.pages[end:]
    return Finished(root_box, context, pages, dict(carried), places)


def _finish(remade: list, start: int, old: Finished, root_box, context) -> bool:
    """What layout_document does after its passes, for the remade pages: each element's bookmark on its first
    page only, the running heads' strings, the margin boxes and backgrounds. False when a page's strings differ
    from the old page's (the running heads of the pages kept would change)."""
    seen = {"": set(), "::before": set(), "::after": set()}
    for box in _open_boxes(root_box, context.page_maker[start][0]):  # begun on the page before
        if box.bookmark_label:
            seen[_pseudo(box)].add(box.element)
    for offset, page_box in enumerate(remade):
        number = start + offset + 1
        strings: dict[str, list] = {}
        for child in page_box.descendants():
            if child.missing_link:
                return False  # a string or bookmark that shows a page number
            if child.bookmark_label:
                if child.element in seen[_pseudo(child)]:
                    child.bookmark_label = ""
                else:
                    seen[_pseudo(child)].add(child.element)
            if child.string_set and child.string_set != "none":
                for name, text in child.string_set:
                    strings.setdefault(name, []).append(text)
        old_strings = {name: pages[number] for name, pages in old.context.string_set.items() if number in pages}
        if strings != old_strings:
            return False
    context.string_set = old.context.string_set
    for offset, page_box in enumerate(remade):
        root, footnote_area, note_area = page_box.children
        context.current_page = start + offset + 1
        children = [root] + [area for area in (footnote_area, note_area) if area.children]
        children += weasyprint_page.make_margin_boxes(context, page_box, context.page_maker[context.current_page][3])
        page_box.children = tuple(children)
        layout_backgrounds(page_box, context.get_image_from_uri)
    return True


def _context_like(context, old_context):
    """The new context, for a book whose boxes are all as they were: the old pages and their states."""
    context.page_maker = old_context.page_maker
    context.string_set = old_context.string_set
    context.style_for.initial_page_sizes.update(old_context.style_for.initial_page_sizes)
    return context


def _running_or_fixed(context, page_boxes) -> bool:
    return any(any(pages.values()) for pages in context.running_elements.values()) or \
        any(page_box.fixed_boxes for page_box in page_boxes)


def _pseudo(box) -> str:
    tag = box.element_tag
    return "::before" if tag.endswith("::before") else "::after" if tag.endswith("::after") else ""


def _open_boxes(root_box, resume_at):
    """The boxes a page starting at resume_at continues (begun on an earlier page)."""
    box = root_box
    for index in _path(resume_at):  # the box at the whole path starts on this page: not yielded
        yield box
        children = getattr(box, "children", None)
        if not children or index >= len(children):
            return
        box = children[index]


def _path(resume_at) -> tuple:
    """A resume_at as a path of child indices (the earliest, where a page resumes in several places)."""
    path = []
    while resume_at:
        index = min(resume_at)
        path.append(index)
        resume_at = resume_at[index]
    return tuple(path)


def _past(position: tuple, last_changed: tuple) -> bool:
    """Whether a page that resumes at `position` starts after the last changed box and everything in it."""
    return position > last_changed and position[:len(last_changed)] != last_changed


def _may_end_elsewhere(page_state, first_changed: tuple) -> bool:
    """Whether the page before the one `page_state` starts may end elsewhere, had it seen the new content after
    it: it ended where its content overflowed (keep-with-next), or at a forced break that may be gone, the first
    changed box beginning where the page does (a chapter no longer on a new page)."""
    page_start = _path(page_state[0])
    return page_state[1]["break"] == "any" or (first_changed[:len(page_start)] == page_start and
                                                not any(first_changed[len(page_start):]))


def _same_state(new, old) -> bool:
    """page_maker entries alike: where the next page starts, its break and name, its side, the counters."""
    return new[:4] == old[:4]


def _changed_span(old_root, new_root, old_places: dict, new_places: dict) -> tuple[tuple, tuple] | None:
    """The paths (child indices from the root) of the first and last boxes that differ, in document order, or
    None when the trees are alike. A box whose element's tag, attributes or place differ counts its later
    siblings as changed: their style may depend on it. A change in a table counts as the whole table's: the
    widths of its columns, on every page it spans, depend on every row. A footnote call counts as changed when its
    note does (the note is laid out on the call's page, but stands outside the tree)."""
    if _difference(old_root, new_root, old_places, new_places):
        return (), ()
    span: list[tuple] = []

    def visit(old, new, path, span):
        if old.missing_link is not None or not isinstance(old, boxes.ParentBox):
            return  # no children, or content that shows page numbers, filled in by the layout
        for index, (old_child, new_child) in enumerate(zip(old.children, new.children)):
            difference = _difference(old_child, new_child, old_places, new_places)
            if difference == "element":
                span.extend(((*path, index), (*path, len(new.children) - 1)))
                return
            if difference == "content" or note_differs(old_child, new_child):
                span.append((*path, index))
            elif old_child.is_table_wrapper:  # its columns are as wide as every row needs: on all its pages
                if differs_within(old_child, new_child):
                    span.append((*path, index))
            else:
                visit(old_child, new_child, (*path, index), span)

    def differs_within(old, new) -> bool:
        inner: list[tuple] = []
        visit(old, new, (), inner)
        return bool(inner)

    def note_differs(old, new) -> bool:
        old_note, new_note = getattr(old, "footnote", None), getattr(new, "footnote", None)
        if old_note is None or new_note is None:
            return old_note is not new_note
        return _difference(old_note, new_note, old_places, new_places) is not None or differs_within(old_note, new_note)

    visit(old_root, new_root, (), span)
    return (min(span), max(span)) if span else None


def _difference(old, new, old_places: dict, new_places: dict) -> str | None:
    """None for boxes alike; "content" for other text or other children; "element" for another kind of box,
    or an element with other tag, attributes or place among its siblings."""
    if type(old) is not type(new) or old.element_tag != new.element_tag:
        return "element"
    if old.element is not new.element and (old.element is None or new.element is None or
                                           old.element.attrib != new.element.attrib or
                                           old_places.get(id(old.element)) != new_places.get(id(new.element))):
        return "element"
    if isinstance(old, boxes.TextBox) and old.text != new.text:
        return "content"
    if isinstance(old, boxes.ParentBox) and old.missing_link is None and len(old.children) != len(new.children):
        return "content"
    return None


def sibling_places(root) -> dict[int, tuple[int, int]]:
    """Each element's place among its parent's children, and their number (for :first-child, :nth-child …)."""
    places = {id(root): (0, 1)}
    for parent in root.iter():
        children = list(parent)
        for index, child in enumerate(children):
            places[id(child)] = (index, len(children))
    return places
