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
from .preflight.graphics import DEVICE_SPACES, PAINT, SHOW_TEXT, GraphicsState

OVERPRINT = "OverprintBlack"  # ExtGState resource names added to the streams that need them
KNOCKOUT = "Knockout"
PATH = {b"m", b"l", b"c", b"v", b"y", b"h", b"re", b"W", b"W*"}  # building a path, and clipping to it


def settle_ink(pdf: pydyf.PDF) -> None:
    states = _add_states(pdf)
    forms = {number: obj for number, obj in enumerate(pdf.objects)
             if isinstance(obj, pydyf.Stream) and obj.extra.get("Subtype") == "/Form"}
    opaque_uses: dict[int, bool] = {}  # form object number -> every Do that draws it draws it opaquely
    opaque_inside: dict[int, bool] = {}
    for page in pages(pdf):
        contents = page["Contents"]
        numbers = contents if isinstance(contents, (list, pydyf.Array)) else [contents]
        _settle(pdf, [resolve(pdf, number) for number in numbers], resolve(pdf, page["Resources"]), states,
                opaque_uses)
    for number, form in forms.items():
        opaque_inside[number] = _settle(pdf, [form], resolve(pdf, form.extra["Resources"]), states, opaque_uses)
    for number, form in forms.items():
        group = resolve(pdf, form.extra.get("Group"))
        if group is None or group.get("S") != "/Transparency":
            continue
        if opaque_uses.get(number) and opaque_inside[number]:
            del form.extra["Group"]
        else:
            group["CS"] = "/DeviceCMYK"


def _settle(pdf: pydyf.PDF, streams: list, resources, states: dict, opaque_uses: dict) -> bool:
    """Make small black text in these streams (drawn one after another) overprint; record how each form is
    drawn. Returns whether all they draw is opaque."""
    state = GraphicsState(lambda name: _colour_space(pdf, resources, name),
                          lambda name: _ext_gstate(pdf, resources, states, name))
    opaque = True
    for stream in streams:
        data = b"\n".join(item if isinstance(item, bytes) else item.data for item in stream.stream)
        insertions = []
        try:
            operations = list(spans(data))
        except ValueError:  # an inline image: leave the stream as it is, and keep the groups it draws
            opaque = False
            continue
        path_start = None  # where the path being built began: no operator may come between it and its painting
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
                target = _xobject_number(pdf, resources, operands[0])
                if target is not None:
                    opaque_uses[target] = opaque_uses.get(target, True) and state.ink.opaque
                    opaque = opaque and not _has_soft_mask(pdf, target)
            state.apply(operands, operator)
        if insertions:
            _resources_states(pdf, resources)[OVERPRINT] = states[OVERPRINT].reference
            _resources_states(pdf, resources)[KNOCKOUT] = states[KNOCKOUT].reference
            stream.stream = [_insert(data, insertions)]
    return opaque


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
