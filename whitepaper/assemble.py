"""Sources -> Book: validate every file, put in the book's facts, parse the Markdown, number chapters, sections and
charts, build the 目录, print the cross-references.

In: the content folder (read through `sources`). Out: a `model.Book`, or a ContentError listing every problem.
"""

import dataclasses
import itertools
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from . import schema, tables
from .chart_data import chart_from_file
from .diagnostics import ContentError, Location, Problem, raise_if_any
from .markdown import read_blocks
from .messages import say
from .model import (Binding, Book, BulletList, Chapter, Chart, Committee, Copyright, Figure, Heading, Labels,
                    Member, Paragraph, Picture, Preface, References, Section, SourceFile, Table, TocEntry)
from .pictures import PICTURE_SUFFIXES, picture_problem
from .placement import chart_mention
from .references import Placeholders, book_facts, resolve
from .sources import MarkdownSource, YamlSource, is_missing, load_markdown, load_yaml, what_else

APPENDIX_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
CHAPTER_SUFFIX = ".md"
OTHER_MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkd", ".mkdn")  # refused with advice, never skipped
ORDER_PREFIX = re.compile(r"^\d+[-_ .]*")  # 05- in 05-industry-status.md: a chapter's label is the rest
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

    book_file, placeholders = _book_file(folder.book, problems, content_root, read)
    labels = Labels(**book_file.labels.model_dump()) if book_file else Labels("", "表", "", {})
    charts = _ChartShelf(content_root, labels, problems, placeholders, read)
    preface = _preface(folder.preface, charts, problems)
    committee = _committee(folder.committee, problems, content_root, placeholders, read)
    chapter_files = folder.chapter_files()
    if not chapter_files:
        problems.append(Problem(Location(folder.chapters_dir), say("book.no_chapters")))
    problems.extend(Problem(Location(path), say("book.chapter_misnamed", stem=path.stem))
                    for path in folder.misnamed_chapters())
    chapter_numbers = itertools.count(1)
    chapters = [_chapter(chapter_numbers, path, charts, problems) for path in chapter_files]
    references = _references(folder.references, problems, content_root, placeholders, read)
    appendices = _appendices(folder, book_file, charts, problems)
    if all(chapter is not None for chapter, _ in chapters + appendices):  # else its charts would be called never placed
        charts.check_complete(folder.chart_files())
    if problems:  # a misspelt fact leaves its text as written: the book is still made, to check its references too
        raise_if_any(problems + placeholders.problems)

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
    book = resolve(book, placeholders.references, problems)
    _check_chart_mentions(book, problems)
    _check_chart_kinds(book, problems)
    raise_if_any(problems + placeholders.problems)
    return book


def _book_file(path: Path, problems: list[Problem], root: Path, read: FilesRead):
    """book.yaml, with the facts it states put in its own texts (the title's lines, then the rest), and the
    Placeholders that put them in every other file. Its `labels` are words with their own `{number}`."""
    unfilled: list[Problem] = []  # found again below, once the facts are in, unless it is one they cause
    book_file = _load(path, load_yaml, schema.BookFile, unfilled, root, Placeholders(None, unfilled), read)
    if book_file is None:
        problems.extend(unfilled)
        return None, Placeholders(None, [])
    source = read[path]
    placeholders = Placeholders(book_facts(book_file), [])
    title = placeholders.yaml(source, skip=tuple((key,) for key in source.data if key != "title"))
    placeholders.facts["title"] = "".join(title.data["title"])
    source = placeholders.yaml(title, skip=(("title",), ("labels",)))
    book_file, found = schema.validate(schema.BookFile, source)
    problems.extend(found)
    return book_file, placeholders


def _load(path: Path, loader, file_schema, problems: list[Problem], root: Path, placeholders: Placeholders,
          read: FilesRead):
    """Load and validate one file, keeping it in `read` as written, its facts put in; on failure record why and
    return None."""
    if is_missing(path):
        problems.append(Problem(Location(path), say("book.file_missing")))
        return None
    try:
        source = loader(path, root=root)
    except ContentError as error:
        problems.extend(error.problems)
        return None
    read[path] = source
    source = placeholders.markdown(source) if isinstance(source, MarkdownSource) else placeholders.yaml(source)
    yaml_source = source.front_matter if isinstance(source, MarkdownSource) else source
    value, found = schema.validate(file_schema, yaml_source)
    problems.extend(found)
    if value is None:
        return None
    return (value, source) if isinstance(source, MarkdownSource) else value


def _preface(path: Path, charts: "_ChartShelf", problems: list[Problem]) -> Preface | None:
    loaded = _load(path, load_markdown, schema.PrefaceFile, problems, charts.content_root, charts.placeholders,
                   charts.read)
    if loaded is None:
        return None
    front, source = loaded
    blocks = read_blocks(source, problems, charts.refuse, charts.labels, None, charts.numbering)[0]
    paragraphs = tuple(block for block in blocks if isinstance(block, Paragraph))
    return Preface(front.title, front.subtitle, paragraphs, tuple(front.signature))


def _references(path: Path, problems: list[Problem], root: Path, placeholders: Placeholders,
                read: FilesRead) -> References | None:
    """content/references.yaml, if the book has a reference list."""
    if is_missing(path):
        return None
    references = _load(path, load_yaml, schema.ReferencesFile, problems, root, placeholders, read)
    return References(references.title, tuple(references.entries)) if references else None


def _appendices(folder: ContentFolder, book_file, charts: "_ChartShelf", problems: list[Problem]) -> list:
    """content/appendices/*.md, set as chapters lettered A, B, C … (sections A.1, A.2 …)."""
    files = folder.appendix_files()
    if not files or book_file is None:
        return []
    label = book_file.labels.appendix
    if label is None:
        problems.append(Problem(charts.read[folder.book].location(("labels",)),
                                say("book.appendix_label_missing", folder=folder.appendices_dir.name)))
        return []
    if len(files) > len(APPENDIX_LETTERS):
        problems.append(Problem(Location(files[len(APPENDIX_LETTERS)]),
                                say("book.too_many_appendices", number=len(APPENDIX_LETTERS) + 1)))
    appendices, letters = [], iter(APPENDIX_LETTERS)
    for path in files[:len(APPENDIX_LETTERS)]:
        chapter, front = _chapter(letters, path, charts, problems)
        if chapter is None:
            continue
        if chapter.number is not None:  # lettered; one with `numbered: false` takes no letter and no label
            chapter = dataclasses.replace(chapter, prefix=label, anchor=f"appendix-{chapter.number}")
        appendices.append((chapter, front))
    return appendices


def _copyright(copyright_file) -> Copyright | None:
    if copyright_file is None:
        return None
    return Copyright(tuple(copyright_file.lines), copyright_file.number, copyright_file.notice)


def _committee(path: Path, problems: list[Problem], root: Path, placeholders: Placeholders,
               read: FilesRead) -> Committee | None:
    committee = _load(path, load_yaml, schema.CommitteeFile, problems, root, placeholders, read)
    if committee is None:
        return None
    source = read[path]
    group = committee.working_group
    members = tuple(Member(member.name, member.role, source.location(("working_group", "members", index, "name")))
                    for index, member in enumerate(group.members))
    return Committee(committee.title, committee.lead, tuple(committee.organisations), committee.closing,
                     group.title, members, organisation_sources=tuple(
                         source.location(("organisations", index)) for index in range(len(committee.organisations))))


def _chapter(numbers, path: Path, charts: "_ChartShelf", problems: list[Problem]):
    """A chapter takes the next of `numbers` (1, 2, 3 … or A, B, C …), unless its front matter says
    `numbered: false`: then it and its sections print no number, and the next chapter takes the number instead."""
    loaded = _load(path, load_markdown, schema.ChapterFile, problems, charts.content_root, charts.placeholders,
                   charts.read)
    if loaded is None:
        return None, None
    front, source = loaded
    number = next(numbers) if front.numbered else None
    if number is None:  # anchors need a name all the same, one no numbered chapter has
        charts.numbering["unnumbered"] = charts.numbering.get("unnumbered", 0) + 1
    key = number if number is not None else f"unnumbered-{charts.numbering['unnumbered']}"
    intro, raw_sections = read_blocks(source, problems, charts.place, charts.labels, key, charts.numbering)
    sections = tuple(
        Section(f"{key}.{index}" if number is not None else "", title, f"section-{key}-{index}",
                tuple(blocks if number is not None else _unnumbered(blocks)), label, where)
        for index, (title, blocks, label, where) in enumerate(raw_sections, start=1)
    )
    front_matter = source.front_matter
    chapter = Chapter(number, front.title, f"chapter-{key}", tuple(intro), sections, front.new_page, front.style,
                      label=front.label or ORDER_PREFIX.sub("", path.stem) or path.stem, toc_title=front.toc_title or "",
                      source=front_matter.location(("label",)),
                      front_matter_sources={name: front_matter.location((name,)) for name in front_matter.data})
    return chapter, front


def _unnumbered(blocks):
    """The `### ` subsections of an unnumbered chapter print no number either."""
    return [dataclasses.replace(block, number="") if isinstance(block, Heading) else block for block in blocks]


class _ChartShelf:
    """The charts placed so far, loaded from the files the chapters point to."""

    def __init__(self, content_root: Path, labels: Labels, problems: list[Problem], placeholders: Placeholders,
                 read: FilesRead):
        self.content_root = content_root.resolve()
        self.placeholders = placeholders
        self.labels = labels
        self.derived_label = labels.derived
        self.problems = problems
        self.read = read
        self.placed: dict[Path, Location] = {}
        self.named: set[Path] = set()  # every chart file a chapter points to, placed or refused
        self.numbering: dict[str, int] = {}  # charts and tables (表), pictures, boxes, unnumbered chapters: counted
        # through the book in reading order

    def refuse(self, target: str, alt: str, title: str | None, where: Location, label: str | None = None) -> None:
        """Where no chart, table or picture may stand (the 前言)."""
        self.problems.append(Problem(where, say("book.preface_without_figures")))

    def place(self, target: str, alt: str, title: str | None, where: Location,
              label: str | None = None) -> Figure | Table | Picture | None:
        target = unquote(target)  # Markdown hands over a name in Chinese or with spaces percent-encoded
        path = _chart_path(where.path.parent, target)
        self.named.add(path)
        if Path(target).suffix.lower() not in PICTURE_SUFFIXES:  # a chart or table, counted even if refused below
            self.numbering["table"] = number = self.numbering.get("table", 0) + 1
        refusal = self._refusal(target, path)
        if refusal:
            self.problems.append(Problem(where, refusal))
            return None
        if Path(target).suffix.lower() in PICTURE_SUFFIXES:
            return self._picture(target, alt, title, where, label)
        if not target.endswith((".yaml", ".yml")):
            self.problems.append(Problem(where, say("book.not_a_figure", target=target)))
            return None
        if path in self.placed:
            self.problems.append(Problem(where, say("book.placed_twice", target=target, place=self.placed[path])))
            return None
        what = what_else(path, self.content_root)
        if is_missing(path):
            self.problems.append(Problem(where, say("book.chart_file_missing", target=target)))
            return None
        if what:
            self.problems.append(Problem(where, say("book.chart_file_not_ordinary", target=target, what=what)))
            return None
        self.placed[path] = where
        typed = re.fullmatch(rf"\s*{re.escape(self.labels.table)}\s*(\d{{1,9}})\s*", alt)
        if typed and int(typed.group(1)) != number:
            self.problems.append(Problem(where, say("refs.number_disagrees", typed=alt.strip(),
                                                    word=self.labels.table, number=number)))
        return self._load(path, number, label)

    def _picture(self, target: str, alt: str, title: str | None, where: Location,
                 label: str | None) -> Picture | None:
        path = (where.path.parent / target).resolve()
        problem = picture_problem(path, target) or _picture_text_problem(alt, title, self.labels)
        if problem:
            self.problems.append(Problem(where, problem))
            return None
        self.numbering["picture"] = self.numbering.get("picture", 0) + 1
        return Picture(self.numbering["picture"], title.strip(), alt.strip(), path, where, label or path.stem)

    def _refusal(self, target: str, path: Path) -> str | None:
        """Why a picture target may not be used: the book reads only its own files, never the network."""
        picture = Path(target).suffix.lower() in PICTURE_SUFFIXES
        advice = say("book.pictures_from_content") if picture else say("book.charts_from_content")
        if urlparse(target).scheme or target.startswith("//"):
            return say("book.target_is_an_address", target=target, advice=advice)
        if Path(target).is_absolute():
            return say("book.target_is_absolute", target=target, advice=advice)
        if "\\" in target:
            return say("book.target_with_backslash", target=target)
        if not path.is_relative_to(self.content_root):
            return say("book.target_outside_content", target=target, advice=advice)
        return None

    def _load(self, path: Path, number: int, label: str | None) -> Figure | Table | None:
        """A chart, or a table when the file has `rows:`, numbered `number`, named by `label:` in the file, by the
        `{#label}` after it, or by the file's name."""
        try:
            source = self.read[path] = load_yaml(path, root=self.content_root)
            if isinstance(source.data, dict) and "rows" in source.data:
                source = self.placeholders.yaml(load_yaml(path, source.text, root=self.content_root,
                                                          scalars_as_text=True))
                table = tables.load(source, self.problems)
                if table is None:
                    return None
                self._check_number(table.number or None, number, source)
                return dataclasses.replace(table, number=number, label=label or table.label or path.stem)
        except ContentError as error:
            self.problems.extend(error.problems)
            return None
        source = self.placeholders.yaml(source)
        chart_file, found = schema.validate(schema.ChartFile, source)
        self.problems.extend(found)
        if chart_file is None:
            return None
        self._check_number(chart_file.number, number, source)
        chart = chart_from_file(chart_file, source, self.derived_label, self.problems)
        return Figure(dataclasses.replace(chart, number=number, label=label or chart_file.label or path.stem))

    def _check_number(self, typed: int | None, number: int, source) -> None:
        """A `number:` left in a file must be the number the build gives: else the text may cite the wrong one."""
        if typed is not None and typed != number:
            self.problems.append(Problem(source.location(("number",)), say(
                "refs.number_key_disagrees", typed=typed, word=self.labels.table, number=number)))

    def check_complete(self, chart_files: list[Path]) -> None:
        for path in chart_files:
            what = what_else(path, self.content_root)
            if _chart_path(path.parent, path.name) in self.named:
                continue
            if what:
                self.problems.append(Problem(Location(path), say("book.chart_not_ordinary", what=what)))
            else:
                self.problems.append(Problem(Location(path), say("book.chart_never_placed", folder=path.parent.name,
                                                                 name=path.name)))


def _picture_text_problem(alt: str, title: str | None, labels: Labels) -> str | None:
    """A picture needs words for those who cannot see it, and a caption for those who can."""
    if not alt.strip():
        return say("book.picture_without_alt")
    if not (title or "").strip():
        return say("book.picture_without_caption", alt=alt.strip(), label=labels.picture)
    tag = schema.html_tag(f"{alt} {title}")
    return schema.html_advice(tag) if tag else None


def _chart_path(folder: Path, target: str) -> Path:
    """Where a chart path leads, `..` taken by its words, the folder's links followed: one name per chart file."""
    return Path(os.path.normpath(folder.resolve() / target))


def _check_chart_mentions(book: Book, problems: list[Problem]) -> None:
    """Every 表 N the text mentions exists (charts and tables, all 表, are numbered 1, 2, 3 … together)."""
    charts = [block for block in book.blocks() if isinstance(block, Figure | Table)]
    mentions = chart_mention(book.labels.table)
    for block in book.blocks():
        texts = block.items if isinstance(block, BulletList) else (block.text,) if isinstance(block, Paragraph) else ()
        for text in texts:
            for mention in mentions.finditer(text):
                if not 1 <= int(mention.group(1)) <= len(charts):  # the numbers charts have once in order
                    problems.append(Problem(block.source, say("book.mention_without_chart", mention=mention.group(0))))


def _check_chart_kinds(book: Book, problems: list[Problem]) -> None:
    """Each chart's alt text names its kind in the book's words (labels.chart_kinds): one message per kind
    missing, at its first chart."""
    unnamed: dict[str, list[Chart]] = {}
    for chart in book.charts:
        if chart.type not in book.labels.chart_kinds:
            unnamed.setdefault(chart.type, []).append(chart)
    for kind, charts in unnamed.items():
        message = (say("book.chart_kind_unnamed_in_several", kind=kind, more=len(charts) - 1) if len(charts) > 1
                   else say("book.chart_kind_unnamed", kind=kind))
        problems.append(Problem(charts[0].source, message))


def _toc(preface: Preface, committee: Committee, chapters, references: References | None,
         appendices) -> tuple[TocEntry, ...]:
    """Front matter, chapters, 参考文献 (unnumbered), then the appendices: the order GB/T 7713 gives them."""
    entries = [TocEntry(preface.title, preface.anchor, 1), TocEntry(committee.title, committee.anchor, 1)]
    ending = [(None, references)] if references else []
    for chapter, front in chapters + ending + appendices:
        if chapter is None:
            entries.append(TocEntry(front.title, front.anchor, 1))
            continue
        number = (chapter.prefix, chapter.number) if chapter.number is not None else ()
        entries.append(TocEntry(_label(*number, front.toc_title or chapter.title), chapter.anchor, 1))
        for section in chapter.sections:
            if front.sections_in_toc:
                entries.append(TocEntry(_label(section.number, section.title), section.anchor, 2))
            if front.subsections_in_toc:
                entries.extend(TocEntry(_label(block.number, block.title), block.anchor, 3)
                               for block in section.blocks if isinstance(block, Heading))
    return tuple(entries)


def _label(*parts) -> str:
    """A 目录 line: number and title with a space between, or the title alone where there is no number."""
    return " ".join(str(part) for part in parts if part)
