"""The text block's width as the stylesheets set it (`@page { size; margin }`), so that charts are drawn to
fit it: change the margins in styles/ and the charts follow.

In: the edition's stylesheets. Out: the width in CSS px (1/96 in), the unit charts are drawn in.
"""

from pathlib import Path

import tinycss2

from .diagnostics import BuildFailure
from .messages import say

MM = 72 / 25.4  # PDF points per millimetre
PX_PER = {"mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0, "pt": 96 / 72, "pc": 16.0, "px": 1.0}
SIDES = ("margin-top", "margin-right", "margin-bottom", "margin-left")
PAGE_WIDTHS_MM = {"a3": 297, "a4": 210, "a5": 148, "b4": 250, "b5": 176, "letter": 215.9, "legal": 215.9}


def text_block_width(stylesheets: list[Path]) -> float:
    """Page width less the left and right margins of the last `@page` rule (without a page name or side) that
    sets them; WeasyPrint's own defaults (A4, 75 px margins) otherwise."""
    page_width, margins = page_setup(stylesheets)
    return page_width - margins[1] - margins[3]


def page_setup(stylesheets: list[Path]) -> tuple[float, list[float]]:
    """The page's width and its margins (top, right, bottom, left), in px, as the stylesheets set them."""
    page_width, margins = PAGE_WIDTHS_MM["a4"] * PX_PER["mm"], [75.0] * 4
    for path in stylesheets:
        if not path.is_file():
            continue
        for rule in tinycss2.parse_stylesheet(path.read_text(encoding="utf-8"), skip_comments=True,
                                              skip_whitespace=True):
            if rule.type != "at-rule" or rule.lower_at_keyword != "page" or _has_selector(rule) or not rule.content:
                continue
            for declaration in tinycss2.parse_blocks_contents(rule.content, skip_comments=True,
                                                              skip_whitespace=True):
                if declaration.type != "declaration":
                    continue
                values = [token for token in declaration.value if token.type not in ("whitespace", "comment")]
                if declaration.lower_name == "size":
                    page_width = _page_width(values, path, declaration)
                elif declaration.lower_name == "margin":
                    margins = _box(values, path, declaration)
                elif declaration.lower_name in SIDES:
                    margins[SIDES.index(declaration.lower_name)] = _length(values, path, declaration)
    return page_width, margins


def _has_selector(rule) -> bool:
    return any(token.type not in ("whitespace", "comment") for token in rule.prelude)


def _failure(path: Path, declaration, what: str) -> BuildFailure:
    return BuildFailure(f"{path}:{declaration.source_line}:{declaration.source_column}: "
                        + say("styles.page_size_unreadable", name=declaration.name, what=what))


def _length(values, path: Path, declaration) -> float:
    if len(values) == 1 and values[0].type == "number" and values[0].value == 0:
        return 0.0
    if len(values) != 1 or values[0].type != "dimension" or values[0].lower_unit not in PX_PER:
        raise _failure(path, declaration, say("styles.not_a_length"))
    return values[0].value * PX_PER[values[0].lower_unit]


def _box(values, path: Path, declaration) -> list[float]:
    """CSS's one-to-four-value shorthand as [top, right, bottom, left]."""
    lengths = [_length([value], path, declaration) for value in values]
    if not 1 <= len(lengths) <= 4:
        raise _failure(path, declaration, say("styles.more_than_four_values"))
    top = lengths[0]
    right = lengths[1] if len(lengths) > 1 else top
    bottom = lengths[2] if len(lengths) > 2 else top
    left = lengths[3] if len(lengths) > 3 else right
    return [top, right, bottom, left]


def _page_width(values, path: Path, declaration) -> float:
    names = [value.lower_value for value in values if value.type == "ident"]
    sized = [value for value in values if value.type != "ident"]
    if sized:
        return _length(sized[:1], path, declaration) if len(sized) <= 2 else _length([], path, declaration)
    known = [name for name in names if name in PAGE_WIDTHS_MM]
    if not known:
        raise _failure(path, declaration, say("styles.unknown_page_size"))
    if "landscape" in names:
        raise _failure(path, declaration, say("styles.landscape"))
    return PAGE_WIDTHS_MM[known[0]] * PX_PER["mm"]
