"""The screen edition's structure tree as a screen reader needs it (PDF/UA-1), where WeasyPrint 70 falls short.

WeasyPrint tags the page as it draws it, then builds the structure tree from its boxes (`weasyprint.pdf.tags`).
What it leaves for a screen reader to stumble over, and what `reading_structure()` changes while a PDF is
written, in this one place:

- Running heads and folios (page margin boxes) are tagged but hang outside the tree (WeasyPrint's issue #1836:
  an Artifact element exists only in PDF 2.0). Here they are drawn as `/Artifact` of type Pagination.
- The 目录's leader dots are a text box per dot, each tagged. Here they are `/Artifact` of type Layout.
- A link's pseudo-elements and inner boxes get a link annotation each, nested Link elements, and a description
  that is the anchor id. Here a link is one Link element with one annotation, described by its text; a 目录
  entry's Link is read (/ActualText) as its title, a space and its page number.
- A <figure> becomes a Figure element holding the chart and its Caption, with the chart's alt text, so the
  caption is read once, as part of the alt text (which begins with it).
- A span of Latin letters (ESG, PREFACE: typography.py puts each such run beside Han in a span of its own)
  gets `/Lang (en)`, so it is read as English in a book whose language is Chinese; a `lang` attribute
  becomes `/Lang` too.
- A table's header cell (TH) says whether it heads a column or, with `scope="row"`, a row (/Scope).

Tied to WeasyPrint 70.0's `weasyprint.pdf.add_tags` and `tags._build_box_tree` (a generator that calls itself
through the module, given a box, its parent element, the pdf, the page number, the page's MCID -> element
map, the list of link annotations and the page's marked content by box); tests/test_compat.py fails if an
upgrade changes them.
"""

import re
from contextlib import contextmanager

import pydyf

from ..typography import HAN_LATIN_BOUNDARY, WORD_JOINER

LATIN_LANGUAGE = "en"  # the language of a span of Latin letters; the book's own comes from content/book.yaml
NULL = b"null"  # a ParentTree entry for a marked-content ID that is an artifact, not content
_LATIN_WORDS = re.compile(r"[\sA-Za-z0-9.,/&'\-:%\u2060]*[A-Za-z][\sA-Za-z0-9.,/&'\-:%\u2060]*")


@contextmanager
def reading_structure():
    """Write PDFs with the structure described above; restores WeasyPrint's own afterwards."""
    import weasyprint.pdf
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.absolute import AbsolutePlaceholder
    from weasyprint.pdf import tags

    original_build, original_add_tags = tags._build_box_tree, weasyprint.pdf.add_tags
    artifacts: dict[int, dict[int, str]] = {}  # page number -> {MCID: artifact type}

    def build_box_tree(box, parent, pdf, page_number, nums, annotations, page_tags):
        own = box._box if isinstance(box, AbsolutePlaceholder) else box
        if isinstance(own, boxes.MarginBox) or own.is_leader:
            kind = "Pagination" if isinstance(own, boxes.MarginBox) else "Layout"
            for descendant in own.descendants():
                if descendant in page_tags:
                    mcid = page_tags.pop(descendant)["mcid"]
                    nums[mcid] = NULL
                    artifacts.setdefault(page_number, {})[mcid] = kind
            return
        # A page, <html> and <body> give their children's elements; an anonymous box has no element to look at.
        own_elements = own.element is not None and own.element_tag not in ("html", "body") and \
            not isinstance(own, boxes.PageBox)
        for element in original_build(box, parent, pdf, page_number, nums, annotations, page_tags):
            if own_elements:
                _refine(element, own, parent, pdf, page_number, nums, annotations)
            yield element

    def add_tags(pdf, document, pdf_version, page_streams):
        artifacts.clear()
        original_add_tags(pdf, document, pdf_version, page_streams)
        for page_number, stream in enumerate(page_streams):
            _mark_artifacts(stream, artifacts.get(page_number, {}))

    tags._build_box_tree, weasyprint.pdf.add_tags = build_box_tree, add_tags
    try:
        yield
    finally:
        tags._build_box_tree, weasyprint.pdf.add_tags = original_build, original_add_tags


def _refine(element, box, parent, pdf, page_number, nums, annotations) -> None:
    pseudo = "::" in box.element_tag
    language = box.element.get("lang")
    if not language and element["S"] == "/Span" and _LATIN_WORDS.fullmatch(_text(box)):
        language = LATIN_LANGUAGE
    if language and not pseudo:
        element["Lang"] = pydyf.String(language)
    if element["S"] == "/Link" and parent["S"] != "/Link" and box.link_annotation is not None:
        _one_link(element, box, pdf, page_number, nums, annotations)
    if box.element_tag == "figure":
        _figure_with_caption(element, pdf, nums)
    if box.element_tag == "th" and element["S"] == "/TH":
        element["A"]["Scope"] = "/Row" if box.element.get("scope") == "row" else "/Column"


def _one_link(element, box, pdf, page_number, nums, annotations) -> None:
    """The link's own annotation stays, described by the text a reader sees; those of its inner boxes go, and
    Link elements inside it give their content to it."""
    dropped = {descendant.link_annotation.reference for descendant in box.descendants()
               if descendant is not box and getattr(descendant, "link_annotation", None) is not None}
    annotations[:] = [(reference, annotation) for reference, annotation in annotations
                      if annotation.reference not in dropped]
    page = _object(pdf, pdf.page_references[page_number])
    page["Annots"] = pydyf.Array(reference for reference in page["Annots"] if reference not in dropped)
    _flatten_links(element, pdf, nums, dropped)
    description, generated = link_description(box)
    box.link_annotation["Contents"] = pydyf.String(description)
    if generated:  # the 目录's page number follows the title with nothing but an Artifact leader between them
        element["ActualText"] = pydyf.String(description)


def _flatten_links(element, pdf, nums, dropped) -> None:
    kids = []
    for kid in element["K"]:
        if isinstance(kid, int):
            kids.append(kid)
            continue
        child = _object(pdf, kid)
        if child.get("Type") == "/OBJR":
            if child["Obj"] not in dropped:
                kids.append(kid)
        elif child["S"] == "/Link":
            _flatten_links(child, pdf, nums, dropped)
            kids += _adopted(child["K"], element, pdf, nums)
        else:
            _flatten_links(child, pdf, nums, dropped)
            kids.append(kid)
    element["K"] = pydyf.Array(kids)


def _text(box) -> str:
    return "".join(descendant.text for descendant in box.descendants() if hasattr(descendant, "text"))


def link_description(box) -> tuple[str, bool]:
    """What a link says: its text as printed and what its pseudo-elements add (a 目录 entry's page number, the
    number of a page reference between 第 and 页), in order, a space where one gives way to the other, without
    leader dots; and whether they add anything."""
    parts: list[tuple[bool, str]] = []

    def walk(current, pseudo):
        if current.is_leader:
            return
        pseudo = pseudo or "::" in (current.element_tag or "")
        if hasattr(current, "text"):
            if parts and parts[-1][0] == pseudo:
                parts[-1] = (pseudo, parts[-1][1] + current.text)
            else:
                parts.append((pseudo, current.text))
        for child in getattr(current, "children", ()):
            walk(child, pseudo)

    walk(box, False)
    texts = [reading_text(text) for _, text in parts]
    return " ".join(text for text in texts if text), any(pseudo and text for (pseudo, _), text in zip(parts, texts))


def reading_text(text: str) -> str:
    """Printed text as one reads it: the space typography.py sets as a margin between Han and Latin becomes a
    space again, word joiners go, runs of white space are one."""
    text = " ".join(text.replace(WORD_JOINER, "").split())
    return HAN_LATIN_BOUNDARY.sub(" ", text)


def _figure_with_caption(element, pdf, nums) -> None:
    """<figure>: a Figure element with the picture's alt text and bounding box, holding the picture's content
    and the Caption. The picture's own Figure element gives way to its content."""
    picture = _find(element, pdf, "/Figure")
    if picture is None:
        return
    holder, picture_element = picture
    element["S"] = "/Figure"
    for key in ("Alt", "A"):
        if key in picture_element:
            element[key] = picture_element[key]
    kids = []
    for kid in holder["K"]:
        if kid == picture_element.reference:
            kids += _adopted(picture_element["K"], holder, pdf, nums)
        else:
            kids.append(kid)
    holder["K"] = pydyf.Array(kids)


def _adopted(kids, parent, pdf, nums) -> list:
    """Structure kids moved under `parent`: marked content through the ParentTree, elements by their /P."""
    for kid in kids:
        if isinstance(kid, int):
            nums[kid] = parent.reference
        else:
            _object(pdf, kid)["P"] = parent.reference
    return list(kids)


def _find(element, pdf, structure_type: str):
    """(parent, element) of the first element of the type below `element`, depth first."""
    for kid in element["K"]:
        if isinstance(kid, int):
            continue
        child = _object(pdf, kid)
        if child.get("S") == structure_type:
            return element, child
        if child.get("Type") != "/OBJR":
            found = _find(child, pdf, structure_type)
            if found:
                return found
    return None


def _mark_artifacts(stream: pydyf.Stream, artifacts: dict[int, str]) -> None:
    """`/Span <</MCID n>> BDC` -> `/Artifact <</Type /Pagination>> BDC` for the given MCIDs. pydyf keeps a page's
    operators as a list: the tag, the property list and BDC are three items in a row."""
    items = stream.stream
    for index, item in enumerate(items):
        if isinstance(item, pydyf.Dictionary) and item.get("MCID") in artifacts:
            items[index - 1] = "/Artifact"
            items[index] = pydyf.Dictionary({"Type": f"/{artifacts[item['MCID']]}"})


def _object(pdf: pydyf.PDF, reference):
    return pdf.objects[int(reference.split()[0])]
