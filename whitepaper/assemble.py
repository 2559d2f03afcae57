"""Sources -> Book: validate every file, parse the Markdown, number chapters, sections and charts, build the 目录.

In: the content folder (read through `sources`). Out: a `model.Book`, or a ContentError listing every problem.
"""

import dataclasses
import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from . import schema, tables
from .chart_data import chart_from_file
from .diagnostics import ContentError, Location, Problem, raise_if_any
from .markdown import read_blocks
from .model import (Binding, Book, BulletList, Chapter, Chart, Committee, Copyright, Figure, Heading, Labels,
                    Member, Paragraph, Picture, Preface, References, Section, SourceFile, Table, TocEntry)
from .pictures import PICTURE_SUFFIXES, picture_problem
from .placement import chart_mention
from .sources import MarkdownSource, YamlSource, load_markdown, load_yaml, what_else

APPENDIX_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
CHAPTER_SUFFIX = ".md"
OTHER_MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkd", ".mkdn")  # refused with advice, never skipped
FilesRead = dict[Path, YamlSource | MarkdownSource]  # each file as read, once: later stages take it from the book


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
        self.appendices_dir = root / "appendices"
        self.references = root / "references.yaml"

    def chapter_files(self) -> list[Path]:
        """Every visible `*.md` file of chapters/, whatever the case of `.md`. Hidden files (`.name`, an editor's
        lock file `.#name`) and backups (`name~`, `name.bak`) are never chapters."""
        return [path for path in _visible(self.chapters_dir) if path.suffix.lower() == CHAPTER_SUFFIX]

    def misnamed_chapters(self) -> list[Path]:
        return [path for path in _visible(self.chapters_dir) if path.suffix.lower() in OTHER_MARKDOWN_SUFFIXES]

    def chart_files(self) -> list[Path]:
        """The chart and table files: each must be placed once."""
        return [path for folder in (self.charts_dir, self.tables_dir) for path in _visible(folder)
                if path.suffix.lower() in (".yaml", ".yml")]

    def appendix_files(self) -> list[Path]:
        """As chapter_files, for appendices/."""
        return [path for path in _visible(self.appendices_dir) if path.suffix.lower() == CHAPTER_SUFFIX]


def _visible(folder: Path) -> list[Path]:
    """The folder's entries whose names do not start with a dot, in order of name."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [folder / name for name in names if not name.startswith(".")]


def assemble(content_root: Path) -> Book:
    folder = ContentFolder(content_root)
    problems: list[Problem] = []
    read: FilesRead = {}

    book_file = _load(folder.book, load_yaml, schema.BookFile, problems, content_root, read)
    labels = Labels(**book_file.labels.model_dump()) if book_file else Labels("", "表", "", {})
    charts = _ChartShelf(content_root, labels, problems, read)
    preface = _preface(folder.preface, charts, problems)
    committee = _committee(folder.committee, problems, content_root, read)
    chapter_files = folder.chapter_files()
    if not chapter_files:
        problems.append(Problem(Location(folder.chapters_dir), "has no chapters: add files named like 01-overview.md"))
    problems.extend(Problem(Location(path), f"is not read as a chapter: rename it to `{path.stem}.md` (chapters are "
                                            f"the folder's `.md` files)") for path in folder.misnamed_chapters())
    chapters = [_chapter(number, path, charts, problems) for number, path in enumerate(chapter_files, start=1)]
    references = _references(folder.references, problems, content_root, read)
    appendices = _appendices(folder, book_file, charts, problems)
    if all(chapter is not None for chapter, _ in chapters + appendices):  # else its charts would be called never placed
        charts.check_complete(folder.chart_files())
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
        toc=_toc(preface, committee, chapters, references, appendices),
        appendices=tuple(appendix for appendix, _ in appendices),
        references=references,
        copyright=_copyright(book_file.copyright),
        back_cover=tuple(book_file.back_cover.lines) if book_file.back_cover else (),
        binding=Binding(**book_file.binding.model_dump()),
        source_files=tuple(SourceFile(path, source.text) for path, source in read.items()),
    )
    _check_chart_numbers(book, problems)
    _check_chart_kinds(book, problems)
    raise_if_any(problems)
    return book


def _load(path: Path, loader, file_schema, problems: list[Problem], root: Path, read: FilesRead):
    """Load and validate one file, keeping its text in `read`; on failure record why and return None."""
    if what_else(path, root) == "does not exist":
        problems.append(Problem(Location(path), "is missing: the book needs this file "
                                                "(README.md, 'For editors: where things live')"))
        return None
    try:
        source = loader(path, root=root)
    except ContentError as error:
        problems.extend(error.problems)
        return None
    read[path] = source
    yaml_source = source.front_matter if isinstance(source, MarkdownSource) else source
    value, found = schema.validate(file_schema, yaml_source)
    problems.extend(found)
    if value is None:
        return None
    return (value, source) if isinstance(source, MarkdownSource) else value


def _preface(path: Path, charts: "_ChartShelf", problems: list[Problem]) -> Preface | None:
    loaded = _load(path, load_markdown, schema.PrefaceFile, problems, charts.content_root, charts.read)
    if loaded is None:
        return None
    front, source = loaded
    blocks = read_blocks(source, problems, charts.refuse, charts.labels, None, charts.numbering)[0]
    paragraphs = tuple(block for block in blocks if isinstance(block, Paragraph))
    return Preface(front.title, front.subtitle, paragraphs, tuple(front.signature))


def _references(path: Path, problems: list[Problem], root: Path, read: FilesRead) -> References | None:
    """content/references.yaml, if the book has a reference list."""
    if what_else(path, root) == "does not exist":
        return None
    references = _load(path, load_yaml, schema.ReferencesFile, problems, root, read)
    return References(references.title, tuple(references.entries)) if references else None


def _appendices(folder: ContentFolder, book_file, charts: "_ChartShelf", problems: list[Problem]) -> list:
    """content/appendices/*.md, set as chapters lettered A, B, C … (sections A.1, A.2 …)."""
    files = folder.appendix_files()
    if not files or book_file is None:
        return []
    label = book_file.labels.appendix
    if label is None:
        problems.append(Problem(charts.read[folder.book].location(("labels",)),
                                f"`labels.appendix` is missing: {folder.appendices_dir.name}/ holds appendices, so "
                                f"add `appendix: 附录` (the word before each appendix's letter) under `labels:`"))
        return []
    if len(files) > len(APPENDIX_LETTERS):
        problems.append(Problem(Location(files[len(APPENDIX_LETTERS)]),
                                f"is appendix {len(APPENDIX_LETTERS) + 1}, but appendices are lettered A to Z: "
                                f"join some of them"))
    appendices = []
    for letter, path in zip(APPENDIX_LETTERS, files):
        chapter, front = _chapter(letter, path, charts, problems)
        if chapter is not None:
            appendices.append((dataclasses.replace(chapter, prefix=label, anchor=f"appendix-{letter}"), front))
    return appendices


def _copyright(copyright_file) -> Copyright | None:
    if copyright_file is None:
        return None
    return Copyright(tuple(copyright_file.lines), copyright_file.number, copyright_file.notice)


def _committee(path: Path, problems: list[Problem], root: Path, read: FilesRead) -> Committee | None:
    committee = _load(path, load_yaml, schema.CommitteeFile, problems, root, read)
    if committee is None:
        return None
    source = read[path]
    group = committee.working_group
    members = tuple(Member(member.name, member.role, source.location(("working_group", "members", index, "name")))
                    for index, member in enumerate(group.members))
    return Committee(committee.title, committee.lead, tuple(committee.organisations), committee.closing,
                     group.title, members, organisation_sources=tuple(
                         source.location(("organisations", index)) for index in range(len(committee.organisations))))


def _chapter(number: int | str, path: Path, charts: "_ChartShelf", problems: list[Problem]):
    loaded = _load(path, load_markdown, schema.ChapterFile, problems, charts.content_root, charts.read)
    if loaded is None:
        return None, None
    front, source = loaded
    intro, raw_sections = read_blocks(source, problems, charts.place, charts.labels, number, charts.numbering)
    sections = tuple(
        Section(f"{number}.{index}", title, f"section-{number}-{index}", tuple(blocks))
        for index, (title, blocks) in enumerate(raw_sections, start=1)
    )
    front_matter = source.front_matter
    chapter = Chapter(number, front.title, f"chapter-{number}", tuple(intro), sections, front.new_page, front.style,
                      toc_title=front.toc_title,
                      front_matter_sources={key: front_matter.location((key,)) for key in front_matter.data})
    return chapter, front


class _ChartShelf:
    """The charts placed so far, loaded from the files the chapters point to."""

    def __init__(self, content_root: Path, labels: Labels, problems: list[Problem], read: FilesRead):
        self.content_root = content_root.resolve()
        self.labels = labels
        self.derived_label = labels.derived
        self.problems = problems
        self.read = read
        self.placed: dict[Path, Location] = {}
        self.named: set[Path] = set()  # every chart file a chapter points to, placed or refused
        self.numbering: dict[str, int] = {}  # pictures, boxes: numbered through the book in reading order

    def refuse(self, target: str, alt: str, title: str | None, where: Location) -> None:
        """Where no chart, table or picture may stand (the 前言)."""
        self.problems.append(Problem(where, "the 前言 holds paragraphs only: place charts, tables and pictures "
                                            "in a chapter"))

    def place(self, target: str, alt: str, title: str | None, where: Location) -> Figure | Table | Picture | None:
        target = unquote(target)  # Markdown hands over a name in Chinese or with spaces percent-encoded
        path = _chart_path(where.path.parent, target)
        self.named.add(path)
        refusal = self._refusal(target, path)
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
        if path in self.placed:
            self.problems.append(Problem(where, f"`{target}` is already placed at {self.placed[path]}: "
                                                f"a chart appears once"))
            return None
        what = what_else(path, self.content_root)
        if what == "does not exist":
            self.problems.append(Problem(where, f"chart file `{target}` does not exist: check the name "
                                                f"(paths are relative to this file)"))
            return None
        if what:
            self.problems.append(Problem(where, f"chart file `{target}` {what}: a chart must be an ordinary file "
                                                f"inside content/"))
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

    def _refusal(self, target: str, path: Path) -> str | None:
        """Why a picture target may not be used: the book reads only its own files, never the network."""
        advice = "charts come only from files inside content/, as ![表 N](../charts/table-NN.yaml)"
        if Path(target).suffix.lower() in PICTURE_SUFFIXES:
            advice = "pictures come only from files inside content/, as ![what it shows](../pictures/name.png \"图题\")"
        if urlparse(target).scheme or target.startswith("//"):
            return f"`{target}` is an address, not a file of this book: {advice}"
        if Path(target).is_absolute():
            return f"`{target}` is an absolute path: write the path relative to this file; {advice}"
        if "\\" in target:
            return f"`{target}` separates folders with `\\`: write `/` instead, as in ../charts/table-07.yaml"
        if not path.is_relative_to(self.content_root):
            return f"`{target}` leads outside the content folder: {advice}"
        return None

    def _load(self, path: Path) -> Figure | Table | None:
        """A chart, or a table when the file has `rows:`."""
        try:
            source = self.read[path] = load_yaml(path, root=self.content_root)
            if isinstance(source.data, dict) and "rows" in source.data:
                return tables.load(load_yaml(path, source.text, scalars_as_text=True), self.problems)
        except ContentError as error:
            self.problems.extend(error.problems)
            return None
        chart_file, found = schema.validate(schema.ChartFile, source)
        self.problems.extend(found)
        if chart_file is None:
            return None
        return Figure(chart_from_file(chart_file, source, self.derived_label, self.problems))

    def check_complete(self, chart_files: list[Path]) -> None:
        for path in chart_files:
            what = what_else(path, self.content_root)
            if _chart_path(path.parent, path.name) in self.named:
                continue
            if what:
                self.problems.append(Problem(Location(path), f"{what}: a chart must be an ordinary file"))
            else:
                self.problems.append(Problem(Location(path), "is never placed in a chapter: add "
                                                             f"![表 N](../{path.parent.name}/{path.name}) where it "
                                                             "belongs, or delete the file"))


def _picture_text_problem(alt: str, title: str | None, labels: Labels) -> str | None:
    """A picture needs words for those who cannot see it, and a caption for those who can."""
    if not alt.strip():
        return ("a picture needs alt text, what it shows in words for readers who cannot see it: write it in "
                "the brackets, ![北京市软件园区的分布图](…)")
    if not (title or "").strip():
        return (f"a picture needs a caption: write it in quotes after the path, as in "
                f"![{alt.strip()}](… \"园区分布\"); the number ({labels.picture} N) comes by itself")
    tag = schema.html_tag(f"{alt} {title}")
    return schema.html_advice(tag) if tag else None


def _chart_path(folder: Path, target: str) -> Path:
    """Where a chart path leads, `..` taken by its words, the folder's links followed: one name per chart file."""
    return Path(os.path.normpath(folder.resolve() / target))


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
    mentions = chart_mention(book.labels.table)
    for block in book.blocks():
        texts = block.items if isinstance(block, BulletList) else (block.text,) if isinstance(block, Paragraph) else ()
        for text in texts:
            for mention in mentions.finditer(text):
                if not 1 <= int(mention.group(1)) <= len(charts):  # the numbers charts have once in order
                    problems.append(Problem(block.source, f"the text mentions 「{mention.group(0)}」 but there is "
                                                          f"no such chart: correct the number or add the chart"))


def _check_chart_kinds(book: Book, problems: list[Problem]) -> None:
    """Each chart's alt text names its kind in the book's words (labels.chart_kinds): one message per kind
    missing, at its first chart."""
    unnamed: dict[str, list[Chart]] = {}
    for chart in book.charts:
        if chart.type not in book.labels.chart_kinds:
            unnamed.setdefault(chart.type, []).append(chart)
    for kind, charts in unnamed.items():
        others = f" and {len(charts) - 1} more" if len(charts) > 1 else ""
        problems.append(Problem(charts[0].source, f"screen readers announce a chart's kind, but content/book.yaml "
                                                  f"names no kind `{kind}` (this chart{others}): add `{kind}: …` "
                                                  f"under `labels.chart_kinds`"))


def _toc(preface: Preface, committee: Committee, chapters, references: References | None,
         appendices) -> tuple[TocEntry, ...]:
    """Front matter, chapters, 参考文献 (unnumbered), then the appendices: the order GB/T 7713 gives them."""
    entries = [TocEntry(preface.title, preface.anchor, 1), TocEntry(committee.title, committee.anchor, 1)]
    ending = [(None, references)] if references else []
    for chapter, front in chapters + ending + appendices:
        if chapter is None:
            entries.append(TocEntry(front.title, front.anchor, 1))
            continue
        number = f"{chapter.prefix} {chapter.number}".strip()
        entries.append(TocEntry(f"{number} {chapter.toc_title or chapter.title}", chapter.anchor, 1))
        for section in chapter.sections:
            if front.sections_in_toc:
                entries.append(TocEntry(f"{section.number} {section.title}", section.anchor, 2))
            if front.subsections_in_toc:
                entries.extend(TocEntry(f"{block.number} {block.title}", block.anchor, 3)
                               for block in section.blocks if isinstance(block, Heading))
    return tuple(entries)
