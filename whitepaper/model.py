"""The book as plain, frozen data: what every later stage reads, and nothing that does I/O.

Numbering, anchors and the 目录 are settled here (by assemble), before anything is drawn.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path
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


# Inline text: a run of words is a str; markup nests as Styled; a footnote's call is where its note stands.
@dataclass(frozen=True)
class Styled:
    kind: Literal["strong", "emphasis", "link"]
    children: tuple["Inline", ...]
    target: str | None = None  # a link's address


@dataclass(frozen=True)
class LineBreak:
    """A hard line break (a line ending in two spaces or a backslash)."""


@dataclass(frozen=True)
class Footnote:
    runs: tuple["Inline", ...]
    source: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class NoteCall:
    note: Footnote


Inline = str | Styled | LineBreak | NoteCall


def plain(runs: tuple[Inline, ...]) -> str:
    """The words of inline text, without its markup or notes: what lint reads and what is searched."""
    return "".join(run if isinstance(run, str) else plain(run.children) if isinstance(run, Styled) else ""
                   for run in runs)


@dataclass(frozen=True)
class Paragraph:
    text: str  # plain(runs): the words, for lint and the tests
    source: Location | None = field(default=None, compare=False)
    runs: tuple[Inline, ...] = ()  # the same words with their markup; () means `text` as it is

    @property
    def inlines(self) -> tuple[Inline, ...]:
        return self.runs or (self.text,)


@dataclass(frozen=True)
class ListItem:
    paragraph: Paragraph
    number: int | None  # None in a `- ` list
    lists: tuple["BulletList", ...] = ()  # lists nested in the item
    more: tuple[Paragraph, ...] = ()  # further paragraphs of a loose item


@dataclass(frozen=True)
class BulletList:
    """A `- ` list or a numbered one, perhaps holding lists; depth 1 is the outermost."""
    entries: tuple[ListItem, ...]
    source: Location | None = field(default=None, compare=False)
    ordered: bool = False
    depth: int = 1

    @property
    def items(self) -> tuple[str, ...]:
        return tuple(entry.paragraph.text for entry in self.entries)


@dataclass(frozen=True)
class Figure:
    chart: Chart


@dataclass(frozen=True)
class Heading:
    """A `###` heading inside a section: 5.1.1."""
    number: str
    title: str
    anchor: str


@dataclass(frozen=True)
class TableCell:
    runs: tuple[Inline, ...]
    header: bool = False
    columns: int = 1  # how many columns it spans
    rows: int = 1
    align: Literal["", "left", "center", "right"] = ""  # "": as the column's content suggests


@dataclass(frozen=True)
class Table:
    number: int
    title: str
    head: tuple[tuple[TableCell, ...], ...]
    body: tuple[tuple[TableCell, ...], ...]
    source: Location
    unit: str | None = None
    notes: tuple[str, ...] = ()
    landscape: bool = False

    @property
    def anchor(self) -> str:
        return f"table-{self.number}"


@dataclass(frozen=True)
class Picture:
    number: int
    caption: str
    alt: str
    path: Path  # resolved, inside content/
    source: Location

    @property
    def anchor(self) -> str:
        return f"picture-{self.number}"


@dataclass(frozen=True)
class Quote:
    """A `>` quotation (引文), or a `::: 专栏` box when `title` is set."""
    blocks: tuple["Block", ...]
    title: str | None = None
    number: int | None = None  # of a box


Block = Paragraph | BulletList | Figure | Heading | Table | Picture | Quote


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
    picture: str = "图"
    box: str = "专栏"


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

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(block for block in self.blocks() if isinstance(block, Table))

    @property
    def pictures(self) -> tuple[Picture, ...]:
        return tuple(block for block in self.blocks() if isinstance(block, Picture))

    def blocks(self):
        """Every block of the book in reading order, those inside quotations and boxes too."""
        yield from self.preface.paragraphs
        for chapter in self.chapters:
            yield from _within(chapter.blocks)
            for section in chapter.sections:
                yield from _within(section.blocks)


def _within(blocks):
    for block in blocks:
        yield block
        if isinstance(block, Quote):
            yield from _within(block.blocks)
