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
    source: Location | None = field(default=None, compare=False, repr=False)  # where it is typed; None if derived

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
    label: str = ""  # what `{ref:…}` names it by: `label:` in its file, else the file's name

    @property
    def anchor(self) -> str:
        return f"table-{self.number}"

    def printed(self, item: ChartItem) -> str:
        """A value as the chart prints it: the figure as written, then the unit."""
        space = "" if self.unit in UNITS_WITHOUT_SPACE else " "
        return f"{item.figure}{space}{self.unit}"


# Inline text: a run of words is a str; markup nests as Styled; a footnote's call is where its note stands.
@dataclass(frozen=True)
class Styled:
    kind: Literal["strong", "emphasis", "link", "ref", "page"]
    children: tuple["Inline", ...]
    target: str | None = None  # a link's address; the anchor a `ref` or `page` reference points to


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
    label: str = ""  # `{#label}` after the heading
    source: Location | None = field(default=None, compare=False)


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
    label: str = ""

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
    label: str = ""

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
    number: str  # "5.1"; "" in an unnumbered chapter
    title: str
    anchor: str
    blocks: tuple[Block, ...]
    label: str = ""
    source: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Chapter:
    number: int | str | None  # 5, or "A" for an appendix; None for an unnumbered one (`numbered: false`)
    title: str
    anchor: str
    blocks: tuple[Block, ...]  # text before the first section
    sections: tuple[Section, ...]
    new_page: bool
    style: str
    prefix: str = ""  # printed before the number: 附录 for an appendix
    label: str = ""  # `label:` in the front matter, else the file's name without its leading number
    toc_title: str = ""  # as the 目录 names it, if not by its title; `{title:…}` prints it
    source: Location | None = field(default=None, compare=False)
    front_matter_sources: dict[str, Location] = field(default_factory=dict, compare=False)  # key -> where written


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
    source: Location | None = field(default=None, compare=False)  # where the name is written


@dataclass(frozen=True)
class Committee:
    title: str
    lead: str
    organisations: tuple[str, ...]
    closing: str
    working_group_title: str
    members: tuple[Member, ...]
    anchor: str = "committee"
    organisation_sources: tuple[Location, ...] = field(default=(), compare=False)  # one per organisation


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
    picture: str = "图"
    box: str = "专栏"
    chapter: str = "第 {number} 章"  # how `{ref:…}` names a chapter, a section, a page
    section: str = "{number} 节"
    page: str = "第 {number} 页"


@dataclass(frozen=True)
class SourceFile:
    """A content file as it was read, so that later checks (the glyph check) never read it again."""

    path: Path
    text: str = field(repr=False)


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
    source_files: tuple[SourceFile, ...] = field(default=(), compare=False)  # every content file the book was read from

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
        for chapter in self.chapters + self.appendices:
            yield from _within(chapter.blocks)
            for section in chapter.sections:
                yield from _within(section.blocks)


def _within(blocks):
    for block in blocks:
        yield block
        if isinstance(block, Quote):
            yield from _within(block.blocks)
