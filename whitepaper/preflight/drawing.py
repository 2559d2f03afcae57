"""One walk through everything the pages draw, for every rule that follows content-stream operators.

The colour rule and the font-codes rule both read each page's operators and, at each `Do`, the form drawn
there. Reading a content stream is most of their cost, so they share one walk: each stream is read once, its
operators followed once with one GraphicsState, and every rule's reader sees each operation in drawing order.
A form drawn on several pages is walked again on each (its fonts are on each), but read only once; `first`
tells a reader whether this is the first place in the document that draws it.
"""

from dataclasses import dataclass

from ..messages import say
from .content import operations
from .graphics import GraphicsState, Ink
from .reading import PdfUnderTest

DEVICE_COMPONENTS = {"/DeviceGray": 1, "/CalGray": 1, "/DeviceRGB": 3, "/CalRGB": 3, "/DeviceCMYK": 4}


@dataclass
class Stream:
    """A content stream where it is drawn: a page's contents, or a form at one `Do`."""
    page: int  # 1-based
    resources: dict
    state: GraphicsState
    blending: str | None  # the colour space of the transparency group it is drawn in, if not DeviceCMYK
    where: str  # "" on the page itself, the words for "in a form" (preflight.in_form) inside one
    first: bool  # the first place in the document that draws it
    font: object = None  # the CID-keyed CFF font the stream's last `Tf` chose (for the font-codes rule)


class Reader:
    """What a rule does as the walk goes; the walk calls these in drawing order."""

    def page(self, number: int, page) -> None:
        """A page begins (1-based), before its contents."""

    def operation(self, stream: Stream, operands: list, operator: bytes) -> None:
        """One operator, in the state before it applies."""

    def image(self, stream: Stream, name: str, image, first: bool) -> None:
        """An image XObject drawn by `Do`."""


def read(subject: PdfUnderTest, *kinds: type) -> list:
    """A reader of each kind (a Reader subclass) after it has seen the whole drawing. Kinds not read yet in this
    subject are read together, in one walk."""
    done = subject.remembered("drawing", dict)  # kind -> its reader
    missing = [kind for kind in kinds if kind not in done]
    if missing:
        readers = [kind() for kind in missing]
        _Walk(subject, readers).pages()
        done.update(zip(missing, readers))
    return [done[kind] for kind in kinds]


class _Walk:
    def __init__(self, subject: PdfUnderTest, readers: list[Reader]):
        self.subject, self.readers = subject, readers
        self.drawn: set = set()  # XObjects drawn anywhere so far (object numbers)
        self.read_forms: dict = {}  # object number -> its operations, read once however often it is drawn

    def pages(self) -> None:
        for number, page in enumerate(self.subject.reader.pages, start=1):
            for reader in self.readers:
                reader.page(number, page)
            contents = page.get_contents()
            if contents is not None:
                self.stream(operations(contents, self.subject.reader), page.get("/Resources"), number, Ink(),
                            None, "", True, set())

    def stream(self, operators, resources, page: int, ink: Ink, blending: str | None, where: str, first: bool,
               on_page: set) -> None:
        resources = resources.get_object() if resources is not None else {}
        spaces = resources.get("/ColorSpace") or {}
        states = resources.get("/ExtGState") or {}
        state = GraphicsState(lambda name: fill_space(resolve_space(name, spaces)),
                              lambda name: _entries(states.get(name)), ink)
        stream = Stream(page, resources, state, blending, where, first)
        readers = self.readers
        for operands, operator in operators:
            for reader in readers:
                reader.operation(stream, operands, operator)
            if operator == b"Do" and operands:
                self.xobject(stream, operands[0], on_page)
            state.apply(operands, operator)

    def xobject(self, stream: Stream, name, on_page: set) -> None:
        """At a `Do`: an image for the readers, or a form walked in the state it is drawn in (once a page)."""
        xobject = (stream.resources.get("/XObject") or {}).get(name)
        if xobject is None:
            return
        number = xobject.indirect_reference.idnum if xobject.indirect_reference is not None else id(xobject)
        if number in on_page:
            return
        on_page.add(number)
        first = stream.first and number not in self.drawn
        self.drawn.add(number)
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Image":
            for reader in self.readers:
                reader.image(stream, name, xobject, first)
            return
        if xobject.get("/Subtype") != "/Form":
            return
        blending = stream.blending
        group = xobject.get("/Group") or {}
        if group.get("/S") == "/Transparency" and "/CS" in group:
            space = group["/CS"]
            blending = None if family(space) == "/DeviceCMYK" else space_name(space)
        if number not in self.read_forms:
            self.read_forms[number] = operations(xobject, self.subject.reader)
        matrix = [float(value) for value in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0])]
        self.stream(self.read_forms[number], xobject.get("/Resources"), stream.page,
                    stream.state.ink.transformed(matrix), blending, say("preflight.in_form"), first, on_page)


def resolve_space(name, spaces):
    return spaces.get(name, name) if isinstance(spaces, dict) else name


def components(space) -> int | None:
    """How many components a colour space has (3 means RGB); None for one we do not judge, such as Lab."""
    space = space.get_object() if hasattr(space, "get_object") else space
    if isinstance(space, list) and space:
        kind = space[0]
        if kind == "/ICCBased":
            return int(space[1].get_object().get("/N", 0))
        if kind in ("/Separation", "/DeviceN"):
            return components(space[2])  # the alternate space: what the colour falls back to
        if kind == "/Indexed":
            return components(space[1])
        return DEVICE_COMPONENTS.get(kind)  # [/CalRGB <<…>>] and the like
    return DEVICE_COMPONENTS.get(space)


def is_rgb(space) -> bool:
    return space is not None and components(space) == 3


def family(space) -> str:
    """A device space's name, or the family of an array space (/ICCBased, /Separation …)."""
    space = space.get_object() if hasattr(space, "get_object") else space
    if isinstance(space, list) and space:
        return str(space[0])
    return str(space)


def fill_space(space) -> str:
    """As family, with an ICC-based CMYK space counted as CMYK: four-colour black in it is still four-colour."""
    return "/DeviceCMYK" if components(space) == 4 else family(space)


def space_name(space) -> str:
    space = space.get_object() if hasattr(space, "get_object") else space
    if isinstance(space, list) and space and space[0] == "/ICCBased":
        count = {1: "gray", 3: "RGB", 4: "CMYK"}.get(components(space), "")
        return say("preflight.icc_space", components=count).replace("  ", " ")
    return family(space).lstrip("/")


def _entries(state) -> dict:
    return {str(key).lstrip("/"): value for key, value in state.get_object().items()} if state is not None else {}
