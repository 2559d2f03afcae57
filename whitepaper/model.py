"""The book as plain, frozen data: what every later stage reads, and nothing that does I/O.

Numbering, anchors and the 目录 are settled here (by assemble), before anything is drawn.
"""

import datetime
from dataclasses import dataclass, field
from typing import Literal

from .diagnostics import Location


@dataclass(frozen=True)
class ChartItem:
    label: str
    value: float
    derived: bool = False  # not stated in the text; drawn as the remainder and marked so


@dataclass(frozen=True)
class Chart:
    number: int
    title: str
    type: Literal["bars", "split"]
    items: tuple[ChartItem, ...]
    source: Location

    @property
    def anchor(self) -> str:
        return f"table-{self.number}"


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
    number: int
    title: str
    anchor: str
    blocks: tuple[Block, ...]  # text before the first section
    sections: tuple[Section, ...]
    new_page: bool
    style: str


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
class TocEntry:
    label: str  # "5.1 企业性质及社会责任开展情况"
    anchor: str
    level: int  # 1 for front matter and chapters, 2 for sections


@dataclass(frozen=True)
class Labels:
    toc: str
    table: str
    derived: str
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
        for chapter in self.chapters:
            yield from chapter.blocks
            for section in chapter.sections:
                yield from section.blocks
