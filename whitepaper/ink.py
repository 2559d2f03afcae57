"""What each printing plate receives: the print edition's content streams settled for the press.

Two things in WeasyPrint's PDF that PDFium and poppler draw as meant, but a RIP (and Ghostscript) does not:

- WeasyPrint wraps centred and right-aligned SVG text (the charts' labels) in a transparency group blended in
  the output intent's ICC space. A RIP composites such a group through the profile, so K 100 text comes out in
  four colours (about C69 M68 Y65 K76), and every page that shares the resources claims transparency. A group
  whose content is opaque and that is always drawn opaquely changes nothing on the page: it becomes a plain
  form. Any group that stays blends in DeviceCMYK, where K stays K.
- Black text knocks out what lies under it, so a hairline of misregistration leaves a white halo. Black text
  of 12 pt or less overprints (OP on, overprint mode 1): it lays K over the other plates and leaves their ink.
  White text, colour and everything else still knock out.
"""

import pydyf

from .compat.pdf_objects import pages, resolve
from .preflight.content import spans
from .preflight.graphics import DEVICE_SPACES, PAINT, SHOW_TEXT, STATE_OPERATORS, GraphicsState, Ink

OVERPRINT = "OverprintBlack"  # ExtGState resource names added to the streams that need them
KNOCKOUT = "Knockout"
PATH = {b"m", b"l", b"c", b"v", b"y", b"h", b"re", b"W", b"W*"}  # building a path, and clipping to it
READ = STATE_OPERATORS | {b"Do"}  # the operators whose operands settling reads


def settle_ink(pdf: pydyf.PDF) -> None:
    forms = {number: obj for number, obj in enumerate(pdf.objects)
             if isinstance(obj, pydyf.Stream) and obj.extra.get("Subtype") == "/Form"}
    settling = _Settling(pdf, _add_states(pdf), forms)
    for page in pages(pdf):
        contents = page["Contents"]
        numbers = contents if isinstance(contents, (list, pydyf.Array)) else [contents]
        settling.streams([resolve(pdf, number) for number in numbers], resolve(pdf, page["Resources"]), Ink())
    for number in forms:
        settling.form(number, Ink())  # one no page draws (a soft mask's group), at its own scale
    for number, form in forms.items():
        group = resolve(pdf, form.extra.get("Group"))
        if group is None or group.get("S") != "/Transparency":
            continue
        if settling.opaque_uses.get(number) and settling.opaque_inside[number]:
            del form.extra["Group"]
        else:
            group["CS"] = "/DeviceCMYK"


class _Settling:
    """One walk through the pages and, at each `Do`, into the form drawn there, in the graphics state it is
    drawn in: a chart's text is as small as the page shows it, whatever its size inside the form."""

    def __init__(self, pdf: pydyf.PDF, states: dict, forms: dict):
        self.pdf, self.states, self.forms = pdf, states, forms
        self.opaque_uses: dict[int, bool] = {}  # form object number -> every Do that draws it draws it opaquely
        self.opaque_inside: dict[int, bool] = {}  # form object number -> all it draws is opaque

    def form(self, number: int, ink: Ink) -> None:
        """Settle a form once, in the state of the first place that draws it."""
        if number in self.opaque_inside:
            return
        self.opaque_inside[number] = True  # a form that draws itself is not walked twice
        form = self.forms[number]
        matrix = [float(value) for value in form.extra.get("Matrix", (1, 0, 0, 1, 0, 0))]
        self.opaque_inside[number] = self.streams([form], resolve(self.pdf, form.extra["Resources"]),
                                                  ink.transformed(matrix))

    def streams(self, streams: list, resources, ink: Ink) -> bool:
        """Make small black text in these streams (drawn one after another) overprint, and the forms they draw.
        Returns whether all they draw is opaque."""
        pdf = self.pdf
        state = GraphicsState(lambda name: _colour_space(pdf, resources, name),
                              lambda name: _ext_gstate(pdf, resources, self.states, name), ink)
        opaque = True
        for stream in streams:
            data = b"\n".join(item if isinstance(item, bytes) else item.data for item in stream.stream)
            insertions = []
            try:
                operations = list(spans(data, READ))
            except ValueError:  # an inline image: leave the stream as it is, and keep the groups it draws
                opaque = False
                continue
            path_start = None  # where the path being built began: nothing may stand between it and its painting
            for operands, operator, start in operations:
                if operator in PATH:
                    path_start = start if path_start is None else path_start
                    continue
                wanted = state.ink.small_black_text if operator in SHOW_TEXT else \
                    False if operator in PAINT else state.ink.overprints
                if wanted != state.ink.overprints:
                    name = OVERPRINT if wanted else KNOCKOUT
                    insertions.append((start if path_start is None else path_start, f"/{name} gs\n".encode()))
                    state.apply([f"/{name}"], b"gs")
                if operator in PAINT or operator == b"n":
                    path_start = None
                if operator in PAINT or operator in SHOW_TEXT:
                    opaque = opaque and state.ink.opaque
                if operator == b"Do" and operands:
                    opaque = self._draw(_xobject_number(pdf, resources, operands[0]), state.ink) and opaque
                state.apply(operands, operator)
            if insertions:
                _resources_states(pdf, resources)[OVERPRINT] = self.states[OVERPRINT].reference
                _resources_states(pdf, resources)[KNOCKOUT] = self.states[KNOCKOUT].reference
                stream.stream = [_insert(data, insertions)]
        return opaque

    def _draw(self, target: int | None, ink: Ink) -> bool:
        """An XObject drawn in this state: whether what it adds to the page is opaque."""
        if target is None:
            return True
        self.opaque_uses[target] = self.opaque_uses.get(target, True) and ink.opaque
        if target in self.forms:
            self.form(target, ink)
        return not _has_soft_mask(self.pdf, target)


def _add_states(pdf: pydyf.PDF) -> dict:
    states = {OVERPRINT: pydyf.Dictionary({"Type": "/ExtGState", "OP": "true", "op": "true", "OPM": 1}),
              KNOCKOUT: pydyf.Dictionary({"Type": "/ExtGState", "OP": "false", "op": "false"})}
    for state in states.values():
        pdf.add_object(state)
    return states


def _insert(data: bytes, insertions: list[tuple[int, bytes]]) -> bytes:
    parts, previous = [], 0
    for position, text in insertions:
        parts += [data[previous:position], text]
        previous = position
    return b"".join(parts + [data[previous:]])


def _colour_space(pdf: pydyf.PDF, resources, name: str) -> str:
    if name in DEVICE_SPACES:
        return name
    space = resolve(pdf, (resolve(pdf, resources.get("ColorSpace")) or {}).get(name.lstrip("/")))
    return str(space[0]) if isinstance(space, (list, pydyf.Array)) and space else str(space)


def _ext_gstate(pdf: pydyf.PDF, resources, states: dict, name: str) -> dict:
    name = name.lstrip("/")
    if name in states:
        return states[name]
    return dict(resolve(pdf, _resources_states(pdf, resources).get(name)) or {})


def _resources_states(pdf: pydyf.PDF, resources) -> dict:
    return resolve(pdf, resources.setdefault("ExtGState", pydyf.Dictionary()))


def _xobject_number(pdf: pydyf.PDF, resources, name: str) -> int | None:
    value = (resolve(pdf, resources.get("XObject")) or {}).get(str(name).lstrip("/"))
    if isinstance(value, bytes):
        return int(value.split()[0])
    return pdf.objects.index(value) if value in pdf.objects else None


def _has_soft_mask(pdf: pydyf.PDF, number: int) -> bool:
    obj = pdf.objects[number]
    return isinstance(obj, pydyf.Stream) and obj.extra.get("Subtype") == "/Image" and "SMask" in obj.extra
