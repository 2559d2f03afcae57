"""The screen edition as a screen reader reads it: the structure tree in order, with the text of each element.

pypdf walks the tree (elements, their marked-content IDs, link annotations); pypdfium2 says which text each
page draws under which marked-content ID, and what is marked as an Artifact. The rules here check that what
the page shows and what is read agree:

    artifacts   every piece of a page is in the tree once or an Artifact; no 目录 leader dots read aloud
    link tags   each link annotation in a Link element, none nested, each described by its text
    alt text    each chart's alt text gives every value the chart draws
    bookmarks   each bookmark reads as the heading it lands on prints

`reading_order()` gives the tree as lines of text, one per block (scripts/reading_order.py prints it).
"""

import ctypes
import re
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium

from ..messages import listed, say
from .reading import PdfUnderTest, by_pages

LEADER = re.compile(r"^[.·…]+$")
LEADER_LENGTH = 3  # dots in one element, in one piece or a piece each (WeasyPrint draws a leader dot by dot)
VALUE = re.compile(r"\d+(?:\.\d+)?%")
INLINE = {"Span", "Link", "Lbl", "Quote", "Note", "Reference", "Code", "Em", "Strong"}
HEADINGS = {"H", "H1", "H2", "H3", "H4", "H5", "H6"}


@dataclass
class Element:
    type: str  # the standard structure type without its slash: P, H1, Link, Figure …
    page: int | None  # 0-based page of /Pg
    alt: str | None
    lang: str | None
    actual_text: str | None  # what a screen reader reads instead of the element's content
    kids: list = field(default_factory=list)  # Element, Marked or Annotation, in reading order
    parent: "Element | None" = None


@dataclass(frozen=True)
class Marked:
    page: int
    mcid: int


@dataclass(frozen=True)
class Annotation:
    page: int
    object_number: int


@dataclass(frozen=True)
class PageObject:
    """One object a page draws at its top level (a form XObject counts as one, with the text inside it)."""
    kind: int  # pdfium's FPDF_PAGEOBJ_*
    mcid: int  # -1 when not in marked content with an MCID
    artifact: bool
    text: str


@dataclass
class Structure:
    root: Element | None
    contents: dict  # page index -> [PageObject]
    role_map: dict

    def text(self, marked: Marked) -> str:
        return "".join(item.text for item in self.contents[marked.page] if item.mcid == marked.mcid)

    def element_text(self, element: Element) -> str:
        """The element's text as read: its /ActualText, or the text of its content."""
        if element.actual_text is not None:
            return element.actual_text
        return "".join(self.element_text(kid) if isinstance(kid, Element) else self.text(kid)
                       for kid in element.kids if not isinstance(kid, Annotation))

    def elements(self):
        """Every element, depth first (reading order)."""
        def walk(element):
            yield element
            for kid in element.kids:
                if isinstance(kid, Element):
                    yield from walk(kid)
        if self.root is not None:
            yield from walk(self.root)


def read_structure(subject: PdfUnderTest) -> Structure:
    return subject.remembered("structure", lambda: _read_structure(subject))


def _read_structure(subject: PdfUnderTest) -> Structure:
    pages = {page.indirect_reference.idnum: index for index, page in enumerate(subject.reader.pages)}
    tree = subject.catalog.get("/StructTreeRoot")
    root = None
    role_map = {}
    if tree is not None:
        tree = tree.get_object()
        role_map = {str(key)[1:]: str(value)[1:] for key, value in (tree.get("/RoleMap") or {}).items()}
        root = Element("StructTreeRoot", None, None, None, None)
        root.kids = list(_kids(tree.get("/K"), root, None, pages, role_map))
    return Structure(root, {index: _page_objects(subject, index) for index in range(subject.page_count)},
                     role_map)


def _kids(value, parent: Element, page: int | None, pages: dict, role_map: dict):
    if value is None:
        return
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, int):
            if page is not None:
                yield Marked(page, item)
            continue
        item = item.get_object()
        kind = item.get("/Type")
        own_page = pages.get(item.raw_get("/Pg").idnum, page) if "/Pg" in item else page
        if kind == "/MCR":
            yield Marked(own_page, int(item["/MCID"]))
        elif kind == "/OBJR":
            yield Annotation(own_page, item.raw_get("/Obj").idnum)
        elif "/S" in item:
            structure_type = str(item["/S"])[1:]
            element = Element(role_map.get(structure_type, structure_type), own_page, _string(item, "/Alt"),
                              _string(item, "/Lang"), _string(item, "/ActualText"), parent=parent)
            element.kids = list(_kids(item.get("/K"), element, own_page, pages, role_map))
            yield element


def _string(item, key: str) -> str | None:
    value = item.get(key)
    return None if value is None else str(value)


def _page_objects(subject: PdfUnderTest, index: int) -> list[PageObject]:
    page, texts = subject.page(index), _texts_by_object(subject.text_page(index).raw)
    objects, current = [], None
    for item in page.get_objects(max_depth=15):
        if item.level == 0:
            if current is not None:
                objects.append(PageObject(**current))
            current = {"kind": item.type, "mcid": pdfium.FPDFPageObj_GetMarkedContentID(item.raw),
                       "artifact": _is_artifact(item.raw), "text": ""}
        if item.type == pdfium.FPDF_PAGEOBJ_TEXT:
            current["text"] += texts.get(_address(item.raw), "")
    if current is not None:
        objects.append(PageObject(**current))
    return objects


def _texts_by_object(text_page) -> dict[int, str]:
    """The characters each text object draws, as the file has them: not the spaces a viewer adds where it sees
    a gap (between the letters of a letter-spaced word, say)."""
    texts: dict[int, str] = {}
    for index in range(pdfium.FPDFText_CountChars(text_page)):
        if pdfium.FPDFText_IsGenerated(text_page, index) != 1:
            key = _address(pdfium.FPDFText_GetTextObject(text_page, index))
            texts[key] = texts.get(key, "") + chr(pdfium.FPDFText_GetUnicode(text_page, index))
    return texts


def _address(handle) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value


def _is_artifact(raw) -> bool:
    for number in range(pdfium.FPDFPageObj_CountMarks(raw)):
        mark = pdfium.FPDFPageObj_GetMark(raw, number)
        length = ctypes.c_ulong()
        buffer = ctypes.create_string_buffer(64)
        pdfium.FPDFPageObjMark_GetName(mark, ctypes.cast(buffer, ctypes.POINTER(pdfium.FPDF_WCHAR)), 64,
                                       ctypes.byref(length))
        if buffer.raw[:max(length.value - 2, 0)].decode("utf-16-le") == "Artifact":
            return True
    return False


def check_artifacts(subject: PdfUnderTest) -> list[str]:
    structure = read_structure(subject)
    if structure.root is None:
        return [say("preflight.no_structure_tree")]
    seen: dict[Marked, int] = {}
    findings = []
    for element in structure.elements():
        dots = []
        for kid in element.kids:
            if isinstance(kid, Marked):
                seen[kid] = seen.get(kid, 0) + 1
                text = "".join(structure.text(kid).split())
                if LEADER.match(text):
                    dots.append((kid.page, text))
        if sum(len(text) for _, text in dots) >= LEADER_LENGTH:
            findings.append((dots[0][0] + 1, say("preflight.leaders_read_aloud")))
    findings += [(marked.page + 1, say("preflight.read_twice"))
                 for marked, count in seen.items() if count > 1]
    for index, objects in structure.contents.items():
        for item in objects:
            if item.artifact or Marked(index, item.mcid) in seen:
                continue
            what = say("preflight.quoted_text", text=_shortened(item.text)) if item.text.strip() else \
                say("preflight.a_drawing")
            findings.append((index + 1, say("preflight.not_in_tree", what=what)))
    return by_pages(findings)


def check_link_tags(subject: PdfUnderTest) -> list[str]:
    structure = read_structure(subject)
    links = {kid: element for element in structure.elements() for kid in element.kids
             if isinstance(kid, Annotation)}
    findings = []
    for index, page in enumerate(subject.reader.pages):
        for reference in page.get("/Annots") or []:
            annotation = reference.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            element = links.get(Annotation(index, reference.idnum))
            target = annotation.get("/Dest") or (annotation.get("/A") or {}).get("/URI")
            description = str(annotation.get("/Contents") or "").strip()
            if element is None or element.type != "Link":
                where = say("preflight.outside_tree") if element is None else say("preflight.in_element",
                                                                                    element=element.type)
                findings.append((index + 1, say("preflight.link_not_in_link", where=where)))
            elif any(ancestor.type == "Link" for ancestor in _ancestors(element)):
                findings.append((index + 1, say("preflight.nested_link")))
            if not description or description == str(target):
                findings.append((index + 1, say("preflight.link_undescribed", target=target)))
    return by_pages(findings)


def check_alt_text(subject: PdfUnderTest) -> list[str]:
    structure = read_structure(subject)
    findings = []
    for element in structure.elements():
        if element.type != "Figure":
            continue
        alt = "".join((element.alt or "").split())
        page = (element.page or 0) + 1
        if not alt:
            findings.append((page, say("preflight.no_alt_text")))
            continue
        missing = [value for value in VALUE.findall(structure.element_text(element)) if value not in alt]
        if missing:
            findings.append((page, say("preflight.alt_text_lacks", alt=_shortened(element.alt),
                                       values=listed(missing))))
    return by_pages(findings)


def headings(subject: PdfUnderTest) -> dict[int, list[str]]:
    """1-based page -> the text of each heading on it, white space squeezed."""
    structure = read_structure(subject)
    found: dict[int, list[str]] = {}
    for element in structure.elements():
        if element.type in HEADINGS:
            found.setdefault((element.page or 0) + 1, []).append(" ".join(structure.element_text(element).split()))
    return found


def reading_order(subject: PdfUnderTest) -> list[str]:
    """The book as a screen reader reads it: one line per block (paragraph, heading, list item, figure …), its
    type first; a figure is its alt text; artifacts are not read."""
    structure = read_structure(subject)
    lines = []

    def walk(element, depth):
        blocks = [kid for kid in element.kids if isinstance(kid, Element)]
        if element.type == "Figure" and element.alt is not None:
            lines.append(f"{'  ' * depth}Figure: {element.alt}")
        elif all(_inline_only(kid) for kid in blocks) and element.type not in ("StructTreeRoot", "Document"):
            text = " ".join(structure.element_text(element).split())
            if text:
                lines.append(f"{'  ' * depth}{element.type}: {text}")
        else:
            for kid in blocks:
                walk(kid, depth + (element.type not in ("StructTreeRoot", "Document", "NonStruct", "Div")))

    if structure.root is not None:
        walk(structure.root, 0)
    return lines


def _inline_only(element: Element) -> bool:
    return element.type in INLINE and all(_inline_only(kid) for kid in element.kids if isinstance(kid, Element))


def _ancestors(element: Element):
    while element.parent is not None:
        element = element.parent
        yield element


def _shortened(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"
