"""Sources -> Book: validate every file, parse the Markdown, number chapters, sections and charts, build the 目录.

In: the content folder (read through `sources`). Out: a `model.Book`, or a ContentError listing every problem.
"""

import re
from pathlib import Path
from urllib.parse import urlparse

from . import schema, tables
from .diagnostics import ContentError, Location, Problem, raise_if_any
from .markdown import read_blocks
from .model import (Book, BulletList, Chapter, Chart, ChartItem, Committee, Figure, Heading, Labels, Member,
                    Paragraph, Picture, Preface, Section, Table, TocEntry)
from .pictures import PICTURE_SUFFIXES, picture_problem
from .sources import MarkdownSource, YamlSource, load_markdown, load_yaml

SHARE_TOLERANCE = 0.2  # percentage points a share-of-a-whole chart may miss 100 by (rounding in the text)
TABLE_MENTION = re.compile(r"表\s*(\d{1,9})")



class ContentFolder:
    """Where each part of the book lives under content/."""

    def __init__(self, root: Path):
        self.root = root
        self.book = root / "book.yaml"
        self.preface = root / "front" / "preface.md"
        self.committee = root / "front" / "committee.yaml"
        self.chapters_dir = root / "chapters"
        self.charts_dir = root / "charts"
        self.tables_dir = root / "tables"

    def chapter_files(self) -> list[Path]:
        return sorted(self.chapters_dir.glob("*.md"))


def assemble(content_root: Path) -> Book:
    folder = ContentFolder(content_root)
    problems: list[Problem] = []

    book_file = _load(folder.book, load_yaml, schema.BookFile, problems)
    labels = Labels(**book_file.labels.model_dump()) if book_file else Labels("", "表", "")
    charts = _ChartShelf(content_root, labels, problems)
    preface = _preface(folder.preface, charts, problems)
    committee = _committee(folder.committee, problems)
    chapter_files = folder.chapter_files()
    if not chapter_files:
        problems.append(Problem(Location(folder.chapters_dir), "has no chapters: add files named like 01-overview.md"))
    chapters = [_chapter(number, path, charts, problems) for number, path in enumerate(chapter_files, start=1)]
    charts.check_complete(folder.charts_dir)
    charts.check_complete(folder.tables_dir)
    raise_if_any(problems)

    book_chapters = tuple(chapter for chapter, _ in chapters)
    book = Book(
        title_lines=tuple(book_file.title),
        publisher=book_file.publisher,
        date=book_file.date,
        publication_date=book_file.publication_date,
        language=book_file.language,
        labels=labels,
        preface=preface,
        committee=committee,
        chapters=book_chapters,
        toc=_toc(preface, committee, chapters),
    )
    _check_chart_numbers(book, problems)
    raise_if_any(problems)
    return book


def _load(path: Path, loader, file_schema, problems: list[Problem]):
    """Load and validate one file; on failure record why and return None."""
    if not path.is_file():
        problems.append(Problem(Location(path), "is missing: the book needs this file "
                                                "(README.md, 'For editors: where things live')"))
        return None
    try:
        source = loader(path)
    except ContentError as error:
        problems.extend(error.problems)
        return None
    yaml_source = source.front_matter if isinstance(source, MarkdownSource) else source
    value, found = schema.validate(file_schema, yaml_source)
    problems.extend(found)
    if value is None:
        return None
    return (value, source) if isinstance(source, MarkdownSource) else value


def _preface(path: Path, charts: "_ChartShelf", problems: list[Problem]) -> Preface | None:
    loaded = _load(path, load_markdown, schema.PrefaceFile, problems)
    if loaded is None:
        return None
    front, source = loaded
    blocks = read_blocks(source, problems, charts.refuse, charts.labels, None, charts.numbering)[0]
    paragraphs = tuple(block for block in blocks if isinstance(block, Paragraph))
    return Preface(front.title, front.subtitle, paragraphs, tuple(front.signature))


def _committee(path: Path, problems: list[Problem]) -> Committee | None:
    committee = _load(path, load_yaml, schema.CommitteeFile, problems)
    if committee is None:
        return None
    group = committee.working_group
    return Committee(committee.title, committee.lead, tuple(committee.organisations), committee.closing,
                     group.title, tuple(Member(member.name, member.role) for member in group.members))


def _chapter(number: int, path: Path, charts: "_ChartShelf", problems: list[Problem]):
    loaded = _load(path, load_markdown, schema.ChapterFile, problems)
    if loaded is None:
        return None, None
    front, source = loaded
    intro, raw_sections = read_blocks(source, problems, charts.place, charts.labels, number, charts.numbering)
    sections = tuple(
        Section(f"{number}.{index}", title, f"section-{number}-{index}", tuple(blocks))
        for index, (title, blocks) in enumerate(raw_sections, start=1)
    )
    chapter = Chapter(number, front.title, f"chapter-{number}", tuple(intro), sections, front.new_page, front.style)
    return chapter, front


class _ChartShelf:
    """The charts placed so far, loaded from the files the chapters point to."""

    def __init__(self, content_root: Path, labels: Labels, problems: list[Problem]):
        self.content_root = content_root.resolve()
        self.labels = labels
        self.derived_label = labels.derived
        self.problems = problems
        self.placed: dict[Path, Location] = {}
        self.numbering: dict[str, int] = {}  # pictures, boxes: numbered through the book in reading order

    def refuse(self, target: str, alt: str, title: str | None, where: Location) -> None:
        """Where no chart, table or picture may stand (the 前言)."""
        self.problems.append(Problem(where, "the 前言 holds paragraphs only: place charts, tables and pictures "
                                            "in a chapter"))

    def place(self, target: str, alt: str, title: str | None, where: Location) -> Figure | Table | Picture | None:
        refusal = self._refusal(target, where.path.parent)
        if refusal:
            self.problems.append(Problem(where, refusal))
            return None
        if Path(target).suffix.lower() in PICTURE_SUFFIXES:
            return self._picture(target, alt, title, where)
        if not target.endswith((".yaml", ".yml")):
            self.problems.append(Problem(where, f"`{target}` is not a chart, table or picture: place charts and "
                                                f"tables as ![表 N](../charts/table-NN.yaml), pictures as "
                                                f"![what it shows](../pictures/name.png \"图题\") "
                                                f"(PNG, JPEG or SVG)"))
            return None
        path = (where.path.parent / target).resolve()
        if path in self.placed:
            self.problems.append(Problem(where, f"`{target}` is already placed at {self.placed[path]}: "
                                                f"a chart appears once"))
            return None
        if not _is_file(path):
            self.problems.append(Problem(where, f"chart file `{target}` does not exist: check the name "
                                                f"(paths are relative to this file)"))
            return None
        self.placed[path] = where
        return self._load(path)

    def _picture(self, target: str, alt: str, title: str | None, where: Location) -> Picture | None:
        path = (where.path.parent / target).resolve()
        problem = picture_problem(path, target) or _picture_text_problem(alt, title, self.labels)
        if problem:
            self.problems.append(Problem(where, problem))
            return None
        self.numbering["picture"] = self.numbering.get("picture", 0) + 1
        return Picture(self.numbering["picture"], title.strip(), alt.strip(), path, where)

    def _refusal(self, target: str, folder: Path) -> str | None:
        """Why a picture target may not be used: the book reads only its own files, never the network."""
        advice = "charts come only from files inside content/, as ![表 N](../charts/table-NN.yaml)"
        if Path(target).suffix.lower() in PICTURE_SUFFIXES:
            advice = "pictures come only from files inside content/, as ![what it shows](../pictures/name.png \"图题\")"
        if urlparse(target).scheme or target.startswith("//"):
            return f"`{target}` is an address, not a file of this book: {advice}"
        if Path(target).is_absolute():
            return f"`{target}` is an absolute path: write the path relative to this file; {advice}"
        if not (folder / target).resolve().is_relative_to(self.content_root):
            return f"`{target}` leads outside the content folder: {advice}"
        return None

    def _load(self, path: Path) -> Figure | Table | None:
        """A chart, or a table when the file has `rows:`."""
        try:
            source = load_yaml(path)
            if isinstance(source.data, dict) and "rows" in source.data:
                return tables.load(load_yaml(path, scalars_as_text=True), self.problems)
        except ContentError as error:
            self.problems.extend(error.problems)
            return None
        chart_file, found = schema.validate(schema.ChartFile, source)
        self.problems.extend(found)
        if chart_file is None:
            return None
        return Figure(_chart(chart_file, source, self.derived_label, self.problems))

    def check_complete(self, folder: Path) -> None:
        for path in sorted(folder.glob("*.y*ml")):
            if path.resolve() not in self.placed:
                self.problems.append(Problem(Location(path), "is never placed in a chapter: add "
                                                             f"![表 N](../{folder.name}/{path.name}) where it "
                                                             "belongs, or delete the file"))


def _picture_text_problem(alt: str, title: str | None, labels: Labels) -> str | None:
    """A picture needs words for those who cannot see it, and a caption for those who can."""
    if not alt.strip():
        return (f"a picture needs alt text, what it shows in words for readers who cannot see it: write it in "
                f"the brackets, ![北京市软件园区的分布图](…)")
    if not (title or "").strip():
        return (f"a picture needs a caption: write it in quotes after the path, as in "
                f"![{alt.strip()}](… \"园区分布\"); the number ({labels.picture} N) comes by itself")
    tag = schema.html_tag(f"{alt} {title}")
    return schema.html_advice(tag) if tag else None


def _is_file(path: Path) -> bool:
    """False also for a name the system cannot look up at all (too long, say)."""
    try:
        return path.is_file()
    except OSError:
        return False


def _chart(chart_file: schema.ChartFile, source: YamlSource, derived_label: str, problems: list[Problem]) -> Chart:
    items = [ChartItem(item.label, item.value) for item in chart_file.data]
    total = round(sum(item.value for item in items), 3)
    location = source.location(("data",))
    if chart_file.remainder:
        if total > 100 + SHARE_TOLERANCE:
            problems.append(Problem(location, f"the stated parts already add up to {total:g}, so there is no "
                                              f"remainder: remove `remainder: true` or correct a value"))
        elif round(100 - total, 3) > SHARE_TOLERANCE:
            items.append(ChartItem(derived_label, round(100 - total, 1), derived=True))
    elif not chart_file.multiple_choice and round(abs(total - 100), 3) > SHARE_TOLERANCE:
        problems.append(Problem(location, f"the parts add up to {total:g}, not 100: correct a value, set "
                                          f"`remainder: true` if the text states one side only, or "
                                          f"`multiple_choice: true` if answers could overlap"))
    return Chart(chart_file.number, chart_file.title, chart_file.type, tuple(items), source.location(()))


def _check_chart_numbers(book: Book, problems: list[Problem]) -> None:
    """Charts and tables, all 表, are numbered 1, 2, 3 … together in reading order, and every 表 N the text
    mentions exists."""
    charts = [block.chart if isinstance(block, Figure) else block for block in book.blocks()
              if isinstance(block, Figure | Table)]
    for expected, chart in enumerate(charts, start=1):
        if chart.number != expected:
            what = "chart" if isinstance(chart, Chart) else "table"
            subject = "" if isinstance(chart, Chart) else f"the table 「{chart.title}」 "
            problems.append(Problem(chart.source, f"{subject}is numbered {chart.number} but is {what} {expected} in "
                                                  f"reading order: number it {expected} (charts and tables count 1, "
                                                  f"2, 3 … together, without gaps)"))
            break
    for block in book.blocks():
        texts = block.items if isinstance(block, BulletList) else (block.text,) if isinstance(block, Paragraph) else ()
        for text in texts:
            for mention in TABLE_MENTION.finditer(text):
                if not 1 <= int(mention.group(1)) <= len(charts):  # the numbers charts have once in order
                    problems.append(Problem(block.source, f"the text mentions 「{mention.group(0)}」 but there is "
                                                          f"no such chart: correct the number or add the chart"))


def _toc(preface: Preface, committee: Committee, chapters) -> tuple[TocEntry, ...]:
    entries = [TocEntry(preface.title, preface.anchor, 1), TocEntry(committee.title, committee.anchor, 1)]
    for chapter, front in chapters:
        entries.append(TocEntry(f"{chapter.number} {front.toc_title or chapter.title}", chapter.anchor, 1))
        for section in chapter.sections:
            if front.sections_in_toc:
                entries.append(TocEntry(f"{section.number} {section.title}", section.anchor, 2))
            if front.subsections_in_toc:
                entries.extend(TocEntry(f"{block.number} {block.title}", block.anchor, 3)
                               for block in section.blocks if isinstance(block, Heading))
    return tuple(entries)
