"""The 目录's dot leaders as one text run each, not one text box per dot.

WeasyPrint 70 fills a leader (`content: leader(".")`) with a copy of its text box per dot, each placed on a grid
counted from the line's end so that the dots of all lines stand in columns. Every copy is drawn on its own, with
a Pango layout made anew: a 目录 of 27 lines drew 3,153 boxes, a fifth of the time the whole book took to draw.
`whole_leaders()` lays out with each leader's dots joined into one text box at the first dot's place, which
draws the same characters at the same places (the dots stand edge to edge on the grid), once per line. Where
Pango would set the joined dots at another width (kerning between them), the leader is left dot by dot.

Tied to WeasyPrint 70.0's `layout.inline.handle_leader` and `layout.leader.leader_index`;
tests/test_compat.py fails, by name, if an upgrade changes them.
"""

from contextlib import contextmanager

from weasyprint.layout import inline
from weasyprint.layout.leader import leader_index
from weasyprint.text.line_break import split_first_line

SAME_WIDTH = 1e-3  # CSS px: joined dots narrower or wider than this keep their own boxes


@contextmanager
def whole_leaders():
    """Lay out with each leader drawn as one run of text; restores WeasyPrint's own afterwards."""
    original = inline.handle_leader

    def handle_leader(context, line, containing_block):
        original(context, line, containing_block)
        _, leader = leader_index(line)
        if leader is not None and len(leader.children) > 1:
            leader.children = _joined(context, leader.children)

    inline.handle_leader = handle_leader
    try:
        yield
    finally:
        inline.handle_leader = original


def _joined(context, dots: tuple) -> tuple:
    """The leader's text boxes as one, or as they were when Pango would set them at another width."""
    dots = sorted(dots, key=lambda dot: dot.position_x)
    first = dots[0]
    text = first.text * len(dots)
    layout, _, _, width, _, _ = split_first_line(text, first.style, context, None, 0, is_line_start=False)
    if abs(width - sum(dot.width for dot in dots)) > SAME_WIDTH or layout.text != text:
        return tuple(dots)
    run = first.copy_with_text(text)
    run.pango_layout, run.width = layout, width
    return (run,)
