"""Chinese justification for WeasyPrint 70: the layout half of the rules in typography.py.

WeasyPrint justifies a line by widening its spaces only (`layout.inline.justify_line`), so a line of pure
Chinese, which has none, stays ragged. `chinese_justification()` replaces that step, while a document is
laid out, by one that spreads the line's leftover width evenly over the gaps between characters (clreq
§3.8): after every character, except inside a run of Latin letters and digits, before a space, and
between the two halves of 「——」 or 「……」. The text is not touched: each text box gets a layout that
widens the glyph advances Pango returns, so the PDF shows the same characters, only further apart.

It also removes the quarter em typography.py puts between Han and Latin where it falls at the start or
end of a line (clreq §3.2.4: no such space at a line edge), before the line is justified.

Tied to WeasyPrint 70.0's internals (`text_align`, `justify_line`, `Layout.get_first_line`) and to
left-to-right text; tests/test_compat.py fails, by name, if an upgrade changes them. Import only after
fonts.use_only_bundled_fonts.
"""

import unicodedata
from contextlib import contextmanager

from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.text.ffi import TO_UNITS, ffi
from weasyprint.text.line_break import Layout

from ..typography import EDGE_SPACING_CLASS, doubled

SPACES = " \u00a0"


@contextmanager
def chinese_justification():
    """Lay out with inter-character justification; restores WeasyPrint's own afterwards."""
    original_text_align, original_justify_line = inline.text_align, inline.justify_line

    def text_align(context, line, available_width, last):
        _trim_edge_spacing(line)
        return original_text_align(context, line, available_width, last)

    inline.text_align, inline.justify_line = text_align, justify_line
    try:
        yield
    finally:
        inline.text_align, inline.justify_line = original_text_align, original_justify_line


def justify_line(context, line, extra_width):
    """Widen every gap between characters of the line by the same amount, so that it fills the measure."""
    characters = [(box, index, char) for box in _leaves(line) if isinstance(box, boxes.TextBox)
                  for index, char in enumerate(box.pango_layout.text) if not _is_invisible(char)]
    gaps = [(box, index) for (box, index, before), (_, _, after) in zip(characters, characters[1:])
            if is_gap(before, after)]
    if not gaps:
        return
    per_gap, carry = extra_width / len(gaps), 0.0
    widenings: dict[boxes.TextBox, dict[int, int]] = {}
    for box, index in gaps:
        # WeasyPrint writes advances in whole thousandths of an em: round each gap to one, carrying the rest.
        thousandth = box.style["font_size"] / 1000
        thousandths = round((per_gap + carry) / thousandth)
        carry += per_gap - thousandths * thousandth
        widenings.setdefault(box, {})[index] = thousandths
    for box, after in widenings.items():
        box.pango_layout = GapLayout.widening(box.pango_layout, after, box.style["font_size"])
    _advance(line, 0)


def is_gap(before: str, after: str) -> bool:
    """May justification open the gap between these two characters?"""
    if after in SPACES or doubled(before + after):
        return False
    return before in SPACES or _is_wide(before) or _is_wide(after)


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in {"W", "F", "A"}


def _is_invisible(char: str) -> bool:
    """Word joiners and combining marks: drawn as nothing or on the character before."""
    return unicodedata.category(char) in {"Mn", "Me", "Cf"}


class GapLayout(Layout):
    """A text box's Pango layout that draws given extra widths after given characters."""

    @classmethod
    def widening(cls, layout: Layout, after: dict[int, int], font_size: float) -> "GapLayout":
        """`after` maps a character's index to the thousandths of an em to add after it."""
        gap_layout = cls.__new__(cls)
        gap_layout.__dict__.update(layout.__dict__)
        gap_layout.after, gap_layout.font_size, gap_layout.widened = after, font_size, False
        return gap_layout

    @property
    def extra_width(self) -> float:
        return sum(self.after.values()) * self.font_size / 1000

    def set_text(self, text, justify=False):
        self.widened = False
        super().set_text(text, justify)

    def get_first_line(self):
        first_line, index = super().get_first_line()
        if not self.widened:
            self.widened = True
            self._widen(first_line)
        return first_line, index

    def _widen(self, line):
        """Add the extra widths to the advance of each cluster's last glyph (Pango indexes text by byte)."""
        extra_at_byte = {}
        offset = 0
        for index, char in enumerate(self.text):
            if index in self.after:
                extra_at_byte[offset] = self.after[index]
            offset += len(char.encode())
        run = line.runs
        while run != ffi.NULL:
            item, glyphs = run.data.item, run.data.glyphs
            clusters = [item.offset + glyphs.log_clusters[i] for i in range(glyphs.num_glyphs)]
            for i, cluster in enumerate(clusters):
                end = clusters[i + 1] if i + 1 < len(clusters) else item.offset + item.length
                if end == cluster:
                    continue  # not the cluster's last glyph
                extra = sum(extra_at_byte.get(byte, 0) for byte in range(cluster, end))
                if extra:
                    # Half a thousandth more, as WeasyPrint truncates the advance it writes to the PDF.
                    glyphs.glyphs[i].geometry.width += round((extra + 0.5) * self.font_size / 1000 * TO_UNITS)
            run = run.next


def _leaves(box):
    for child in getattr(box, "children", ()):
        if isinstance(child, (boxes.LineBox, boxes.InlineBox)):
            yield from _leaves(child)
        elif child.is_in_normal_flow():
            yield child


def _advance(box, x_advance: float) -> float:
    """Move boxes right by the width added before them, and widen boxes by the width added inside."""
    if isinstance(box, boxes.TextBox):
        box.position_x += x_advance
        if isinstance(box.pango_layout, GapLayout):
            box.width += box.pango_layout.extra_width
            x_advance += box.pango_layout.extra_width
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        before = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = _advance(child, x_advance)
        box.width += x_advance - before
    else:
        box.translate(x_advance, 0)
    return x_advance


def _trim_edge_spacing(line) -> None:
    first, last = _edge_inline(line, 0), _edge_inline(line, -1)
    if first is not None and first.margin_left:
        shift = first.margin_left
        first.margin_left = 0
        for child in line.children:
            child.translate(-shift, 0)
        first.position_x += shift  # its content moved; its margin edge stays where the line starts
        line.width -= shift
    if last is not None and last.margin_right:
        line.width -= last.margin_right
        last.margin_right = 0


def _edge_inline(line, end: int):
    """The Han-Latin spacing span that starts (end=0) or ends (end=-1) the line, if one does."""
    box = line
    while isinstance(box, (boxes.LineBox, boxes.InlineBox)) and box.children:
        box = box.children[end]
        if isinstance(box, boxes.InlineBox) and EDGE_SPACING_CLASS in (box.element.get("class") or "").split():
            return box
    return None
