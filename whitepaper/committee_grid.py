"""The 编委会's two grids, the organisations and the 编制工作组's names: a name too long for one cell takes two
cells of its row (or more), so that no name is broken inside itself. Worked out before layout from the name and
the grid the stylesheets set, so that it follows a change of body size, margins or columns.

In: the edition's stylesheets (`--organisations-columns`, `-gap`, `-size` and the same for `--members-` in
`:root`; the text block from `@page`). Out: a Grid per list, which says how many cells a text takes.
"""

import math
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .design_tokens import root_values
from .page_geometry import text_block_width

GRIDS = ("organisations", "members")
NARROW_EM = 0.6  # a Latin letter or digit, in ems: wider than most are in Noto CJK, so that an estimate errs wide
SLACK_EM = 0.1  # room left in a cell, so that a name that just fits is not broken by rounding


@dataclass(frozen=True)
class Grid:
    columns: int
    cell_em: float  # one cell's width, in ems of the grid's text
    gap_em: float  # the gap after a cell

    def cells(self, text: str, extra_em: float = 0) -> int:
        """How many cells of a row `text` needs to stand on one line (at most a whole row); extra_em: spacing
        the styles add (a two-character name is spaced to the width of three)."""
        width = text_width_em(text) + extra_em + SLACK_EM
        return max(1, min(self.columns, math.ceil((width + self.gap_em) / (self.cell_em + self.gap_em))))


def text_width_em(text: str) -> float:
    """Han characters and full-width marks take 1 em each; other characters NARROW_EM."""
    return sum(1.0 if unicodedata.east_asian_width(char) in "WFA" else NARROW_EM for char in text)


def committee_grids(stylesheets: list[Path]) -> dict[str, Grid]:
    """Each grid as `:root` sets it: the cells share the text block's width, less the gaps between them."""
    names = tuple(f"--{grid}-{what}" for grid in GRIDS for what in ("columns", "gap", "size"))
    values, width = root_values(stylesheets, names), text_block_width(stylesheets)
    grids = {}
    for grid in GRIDS:
        columns = max(1, round(values[f"--{grid}-columns"]))
        gap, size = values[f"--{grid}-gap"], values[f"--{grid}-size"]
        grids[grid] = Grid(columns, ((width + gap) / columns - gap) / size, gap / size)
    return grids
