"""The part of a content stream's graphics state that decides what ink the press lays down.

Both the print edition's finishing (which makes small black text overprint) and the colour rule (which checks
that it does) follow the same operators, so they share this one reading of them: the fill colour, the text
size on the page, overprint, and whether anything drawn is transparent. Resources are looked up through two
functions the caller gives, as pypdf (preflight) and pydyf (finishing) store them differently.
"""

import math
from dataclasses import dataclass, replace
from typing import Callable, Mapping

SHOW_TEXT = {b"Tj", b"TJ", b"'", b'"'}
PAINT = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s", b"sh", b"Do", b"BI"}  # besides text
DEVICE_SPACES = {"/DeviceGray": 1, "/DeviceRGB": 3, "/DeviceCMYK": 4}
INITIAL_COLOUR = {"/DeviceGray": (0.0,), "/DeviceRGB": (0.0, 0.0, 0.0), "/DeviceCMYK": (0.0, 0.0, 0.0, 1.0)}
SMALL_TEXT_PT = 12.0  # black text this size or smaller overprints, so misregistration leaves no white halo
TOLERANCE = 1e-3


@dataclass(frozen=True)
class Ink:
    fill_space: str = "/DeviceGray"  # a device space, or the family of a resource space ("/ICCBased", …)
    fill: tuple[float, ...] = (0.0,)
    overprint: bool = False  # for fills: OP/op of the last ExtGState that set it
    overprint_mode: int = 0
    fill_alpha: float = 1.0
    stroke_alpha: float = 1.0
    soft_mask: bool = False
    blend_mode: str = "/Normal"
    scale: float = 1.0  # how much the current transformation enlarges a length
    font_size: float = 0.0
    text_scale: float = 1.0  # the text matrix's enlargement

    @property
    def text_size(self) -> float:
        """The size the current font prints at, in points."""
        return abs(self.font_size) * self.text_scale * self.scale

    @property
    def opaque(self) -> bool:
        """Nothing drawn now is blended with what lies below it."""
        return (self.fill_alpha >= 1 and self.stroke_alpha >= 1 and not self.soft_mask
                and self.blend_mode in ("/Normal", "/Compatible"))

    @property
    def black_only(self) -> bool:
        """Fill is 100% K and nothing else: text that separates onto the black plate alone."""
        return self.fill_space == "/DeviceCMYK" and _close(self.fill, (0.0, 0.0, 0.0, 1.0))

    @property
    def paper_white(self) -> bool:
        return self.fill_space == "/DeviceCMYK" and _close(self.fill, (0.0, 0.0, 0.0, 0.0))

    @property
    def small_black_text(self) -> bool:
        return self.black_only and self.text_size <= SMALL_TEXT_PT + TOLERANCE

    @property
    def overprints(self) -> bool:
        """Fills leave the other plates' ink as it is (the PDF/X way: OP on, nonzero overprint mode)."""
        return self.overprint and self.overprint_mode == 1


class GraphicsState:
    """Follows the operators of one content stream (or of several drawn in a row, as a page's are)."""

    def __init__(self, colour_space: Callable[[str], str], ext_gstate: Callable[[str], Mapping[str, object]],
                 ink: Ink = Ink()):
        """colour_space("/Name") -> a device space name or a family; ext_gstate("/Name") -> its entries, keys
        without the slash. `ink`: the state it starts in (a form starts in the state of the stream that draws
        it)."""
        self._colour_space = colour_space
        self._ext_gstate = ext_gstate
        self.ink = ink
        self._saved: list[Ink] = []

    def apply(self, operands: list, operator: bytes) -> None:
        ink = self.ink
        numbers = [float(value) for value in operands if isinstance(value, (int, float))]
        if operator == b"q":
            self._saved.append(ink)
        elif operator == b"Q":
            self.ink = self._saved.pop() if self._saved else ink
        elif operator == b"cm" and len(numbers) == 6:
            self.ink = replace(ink, scale=ink.scale * _enlargement(numbers))
        elif operator == b"gs" and operands:
            self.ink = _with_ext_gstate(ink, self._ext_gstate(str(operands[0])))
        elif operator == b"cs" and operands:
            space = self._colour_space(str(operands[0]))
            self.ink = replace(ink, fill_space=space, fill=INITIAL_COLOUR.get(space, (1.0,)))
        elif operator in (b"sc", b"scn"):
            self.ink = replace(ink, fill=tuple(numbers))
        elif operator in (b"k", b"g", b"rg"):
            space = {b"k": "/DeviceCMYK", b"g": "/DeviceGray", b"rg": "/DeviceRGB"}[operator]
            self.ink = replace(ink, fill_space=space, fill=tuple(numbers))
        elif operator == b"BT":
            self.ink = replace(ink, text_scale=1.0)
        elif operator == b"Tm" and len(numbers) == 6:
            self.ink = replace(ink, text_scale=_enlargement(numbers))
        elif operator == b"Tf" and numbers:
            self.ink = replace(ink, font_size=numbers[-1])


def _with_ext_gstate(ink: Ink, entries: Mapping[str, object]) -> Ink:
    changes: dict = {}
    if "op" in entries or "OP" in entries:
        changes["overprint"] = _true(entries.get("op", entries.get("OP")))
    if "OPM" in entries:
        changes["overprint_mode"] = int(float(entries["OPM"]))
    if "ca" in entries:
        changes["fill_alpha"] = float(entries["ca"])
    if "CA" in entries:
        changes["stroke_alpha"] = float(entries["CA"])
    if "SMask" in entries:
        changes["soft_mask"] = str(entries["SMask"]) != "/None"
    if "BM" in entries:
        mode = entries["BM"]
        changes["blend_mode"] = str(mode[0] if isinstance(mode, (list, tuple)) and mode else mode)
    return replace(ink, **changes)


def _true(value) -> bool:
    value = getattr(value, "value", value)  # pypdf's BooleanObject
    return value is True or value in ("true", b"true")


def _enlargement(matrix: list[float]) -> float:
    a, b, c, d = matrix[:4]
    return math.sqrt(abs(a * d - b * c))


def _close(values: tuple[float, ...], expected: tuple[float, ...]) -> bool:
    return len(values) == len(expected) and all(abs(a - b) <= TOLERANCE for a, b in zip(values, expected))
