"""The book as plain, frozen data: what every later stage reads, and nothing that does I/O.

Numbering, anchors and the 目录 are settled here (by assemble), before anything is drawn.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .diagnostics import Location


UNITS_WITHOUT_SPACE = ("%", "‰")  # units set close to the figure; any other unit follows a space: 302 家


@dataclass(frozen=True)
class ChartItem:
    label: str
    value: float
    derived: bool = False  # not stated in the text; drawn as the remainder and marked so
    written: str | None = None  # the figure as the editor typed it (90.0 stays 90.0); None: from `value`

    @property
    def figure(self) -> str:
        return self.written if self.written is not None else f"{self.value:g}"


@dataclass(frozen=True)
class ChartSeries:
    name: str
    items: tuple[ChartItem, ...]  # one per category, labelled with the category


ChartType = Literal["bars", "split", "grouped", "stacked", "line", "pie", "donut"]
SERIES_TYPES = ("grouped", "stacked", "line")  # charts of categories × series; the others have one list of parts


@dataclass(frozen=True)
class Chart:
    number: int
    title: str
    type: ChartType
    items: tuple[ChartItem, ...]  # the parts of a one-series chart; empty for a chart of series
    source: Location
    unit: str = "%"
    series: tuple[ChartSeries, ...] = ()

    @property
    def anchor(self) -> str:
        return f"table-{self.number}"

    def printed(self, item: ChartItem) -> str:
        """A value as the chart prints it: the figure as written, then the unit."""
        space = "" if self.unit in UNITS_WITHOUT_SPACE else " "
        return f"{item.figure}{space}{self.unit}"


@dataclass(frozen=True)
class Paragraph:
    text: str
    source: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]
    source: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Figure:
    chart: Chart


Block = Paragraph | BulletList | Figure


@dataclass(frozen=True)
class Section:
    number: str  # "5.1"
    title: str
    anchor: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Chapter:
    number: int | str  # 5, or "A" for an appendix
    title: str
    anchor: str
    blocks: tuple[Block, ...]  # text before the first section
    sections: tuple[Section, ...]
    new_page: bool
    style: str
    prefix: str = ""  # printed before the number: 附录 for an appendix


@dataclass(frozen=True)
class Preface:
    title: str
    subtitle: str | None
    paragraphs: tuple[Paragraph, ...]
    signature: tuple[str, ...]
    anchor: str = "preface"


@dataclass(frozen=True)
class Member:
    name: str
    role: str | None


@dataclass(frozen=True)
class Committee:
    title: str
    lead: str
    organisations: tuple[str, ...]
    closing: str
    working_group_title: str
    members: tuple[Member, ...]
    anchor: str = "committee"


@dataclass(frozen=True)
class References:
    """参考文献: entries as written (GB/T 7714), numbered [1], [2] … in this order."""

    title: str
    entries: tuple[str, ...]
    anchor: str = "references"


@dataclass(frozen=True)
class Copyright:
    """版权页, set on the back of the cover."""

    lines: tuple[str, ...]
    number: str  # document number or ISBN, as written
    notice: str | None


@dataclass(frozen=True)
class Binding:
    chapters_on_right: bool = False
    pages_multiple_of: int = 1


@dataclass(frozen=True)
class TocEntry:
    label: str  # "5.1 企业性质及社会责任开展情况"
    anchor: str
    level: int  # 1 for front matter and chapters, 2 for sections


@dataclass(frozen=True)
class Labels:
    toc: str
    table: str
    derived: str
    chart_kinds: dict[str, str]  # chart type -> its name, read out in the chart's alt text
    appendix: str | None = None
    proof: str | None = None  # the stamp on a proof's pages, with {number} and {date}


@dataclass(frozen=True)
class Book:
    title_lines: tuple[str, ...]
    publisher: str
    date: str
    publication_date: datetime.date
    language: str
    labels: Labels
    preface: Preface
    committee: Committee
    chapters: tuple[Chapter, ...]
    toc: tuple[TocEntry, ...]
    appendices: tuple[Chapter, ...] = ()
    references: References | None = None
    copyright: Copyright | None = None
    back_cover: tuple[str, ...] = ()  # the 封底's lines; none: no back cover
    binding: Binding = Binding()
    source_files: tuple[Path, ...] = field(default=(), compare=False)  # every content file the book was read from

    @property
    def title(self) -> str:
        return "".join(self.title_lines)

    @property
    def charts(self) -> tuple[Chart, ...]:
        """Every chart in reading order."""
        return tuple(block.chart for block in self.blocks() if isinstance(block, Figure))

    def blocks(self):
        """Every block of the book in reading order."""
        yield from self.preface.paragraphs
        for chapter in self.chapters + self.appendices:
            yield from chapter.blocks
            for section in chapter.sections:
                yield from section.blocks
