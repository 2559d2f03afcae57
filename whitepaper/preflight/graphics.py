"""The part of a content stream's graphics state that decides what ink the press lays down.

Both the print edition's finishing (which makes small black text overprint) and the colour rule (which checks
that it does) follow the same operators, so they share this one reading of them: the fill colour, the text
size on the page, overprint, and whether anything drawn is transparent. Resources are looked up through two
functions the caller gives, as pypdf (preflight) and pydyf (finishing) store them differently.
"""

import copy
import math
from dataclasses import dataclass, replace
from typing import Callable, Mapping

SHOW_TEXT = {b"Tj", b"TJ", b"'", b'"'}
PAINT = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s", b"sh", b"Do", b"BI"}  # besides text
DEVICE_SPACES = {"/DeviceGray": 1, "/DeviceRGB": 3, "/DeviceCMYK": 4}
FILL_IN_DEVICE_SPACE = {b"k": "/DeviceCMYK", b"g": "/DeviceGray", b"rg": "/DeviceRGB"}
STATE_OPERATORS = frozenset({b"q", b"Q", b"Tm", b"Tf", b"BT", b"cm", b"gs", b"cs", b"sc", b"scn",
                             *FILL_IN_DEVICE_SPACE})  # those GraphicsState.apply reads the operands of
INITIAL_COLOUR = {"/DeviceGray": (0.0,), "/DeviceRGB": (0.0, 0.0, 0.0), "/DeviceCMYK": (0.0, 0.0, 0.0, 1.0)}
SMALL_TEXT_PT = 12.0  # black text this size or smaller overprints, so misregistration leaves no white halo
TOLERANCE = 1e-3


@dataclass
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

    def transformed(self, matrix: list[float]) -> "Ink":
        """This state as a form drawn in it starts: its matrix enlarges lengths too."""
        return replace(self, scale=self.scale * _enlargement(matrix))

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
                 ink: Ink | None = None):
        """colour_space("/Name") -> a device space name or a family; ext_gstate("/Name") -> its entries, keys
        without the slash. `ink`: the state it starts in (a form starts in the state of the stream that draws
        it)."""
        self._colour_space = colour_space
        self._ext_gstate = ext_gstate
        self.ink = copy.copy(ink) if ink is not None else Ink()
        self._saved: list[Ink] = []

    def apply(self, operands: list, operator: bytes) -> None:
        """Follow one operator. The state changes in place (a stream has tens of thousands of operators); `q`
        saves a copy."""
        if operator not in STATE_OPERATORS:
            return
        ink = self.ink
        if operator == b"q":
            self._saved.append(copy.copy(ink))
        elif operator == b"Q":
            self.ink = self._saved.pop() if self._saved else ink
        elif operator == b"Tm" and len(operands) == 6:
            ink.text_scale = _enlargement(operands)
        elif operator == b"Tf" and operands:
            ink.font_size = float(operands[-1])
        elif operator == b"BT":
            ink.text_scale = 1.0
        elif operator == b"cm" and len(operands) == 6:
            ink.scale *= _enlargement(operands)
        elif operator == b"gs" and operands:
            _set_ext_gstate(ink, self._ext_gstate(str(operands[0])))
        elif operator == b"cs" and operands:
            ink.fill_space = self._colour_space(str(operands[0]))
            ink.fill = INITIAL_COLOUR.get(ink.fill_space, (1.0,))
        elif operator in (b"sc", b"scn"):
            ink.fill = tuple(float(value) for value in operands if isinstance(value, (int, float)))
        elif operator in FILL_IN_DEVICE_SPACE:
            ink.fill_space = FILL_IN_DEVICE_SPACE[operator]
            ink.fill = tuple(float(value) for value in operands)


def _set_ext_gstate(ink: Ink, entries: Mapping[str, object]) -> None:
    if "op" in entries or "OP" in entries:
        ink.overprint = _true(entries.get("op", entries.get("OP")))
    if "OPM" in entries:
        ink.overprint_mode = int(float(entries["OPM"]))
    if "ca" in entries:
        ink.fill_alpha = float(entries["ca"])
    if "CA" in entries:
        ink.stroke_alpha = float(entries["CA"])
    if "SMask" in entries:
        ink.soft_mask = str(entries["SMask"]) != "/None"
    if "BM" in entries:
        mode = entries["BM"]
        ink.blend_mode = str(mode[0] if isinstance(mode, (list, tuple)) and mode else mode)


def _true(value) -> bool:
    value = getattr(value, "value", value)  # pypdf's BooleanObject
    return value is True or value in ("true", b"true")


def _enlargement(matrix: list) -> float:
    a, b, c, d = (float(value) for value in matrix[:4])
    return math.sqrt(abs(a * d - b * c))


def _close(values: tuple[float, ...], expected: tuple[float, ...]) -> bool:
    return len(values) == len(expected) and all(abs(a - b) <= TOLERANCE for a, b in zip(values, expected))
