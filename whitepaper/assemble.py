"""Sources -> Book: validate every file, parse the Markdown, number chapters, sections and charts, build the 目录.

In: the content folder (read through `sources`). Out: a `model.Book`, or a ContentError listing every problem.
"""

import dataclasses
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from markdown_it import MarkdownIt

from . import schema
from .chart_data import chart_from_file
from .diagnostics import ContentError, Location, Problem, raise_if_any
from .model import (Binding, Book, BulletList, Chapter, Chart, Committee, Copyright, Figure, Labels, Member,
                    Paragraph, Preface, References, Section, TocEntry)
from .sources import MarkdownSource, YamlSource, load_markdown, load_yaml, what_else

APPENDIX_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
TABLE_MENTION = re.compile(r"表\s*(\d{1,9})")
CHAPTER_SUFFIX = ".md"
OTHER_MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkd", ".mkdn")  # refused with advice, never skipped
LINK_SCHEMES = {"http", "https", "mailto"}
UNREAD_PICTURE = re.compile(r"!\[[^\]]*\]\([^)]*\)")  # `![…](…)` left as text: a space in the file name, say

_markdown = MarkdownIt("commonmark", {"html": False})  # HTML in content is text, never markup
_markdown.validateLink = lambda url: True  # every link target reaches `_ChartShelf.place`, which judges it
_markdown.disable("entity")  # `&amp;` is printed as typed: text is data, and `&#0;` cannot slip past the glyph check


class ContentFolder:
    """Where each part of the book lives under content/."""

    def __init__(self, root: Path):
        self.root = root
        self.book = root / "book.yaml"
        self.preface = root / "front" / "preface.md"
        self.committee = root / "front" / "committee.yaml"
        self.chapters_dir = root / "chapters"
        self.charts_dir = root / "charts"
        self.appendices_dir = root / "appendices"
        self.references = root / "references.yaml"

    def chapter_files(self) -> list[Path]:
        """Every visible `*.md` file of chapters/, whatever the case of `.md`. Hidden files (`.name`, an editor's
        lock file `.#name`) and backups (`name~`, `name.bak`) are never chapters."""
        return [path for path in _visible(self.chapters_dir) if path.suffix.lower() == CHAPTER_SUFFIX]

    def misnamed_chapters(self) -> list[Path]:
        return [path for path in _visible(self.chapters_dir) if path.suffix.lower() in OTHER_MARKDOWN_SUFFIXES]

    def chart_files(self) -> list[Path]:
        return [path for path in _visible(self.charts_dir) if path.suffix.lower() in (".yaml", ".yml")]

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

    book_file = _load(folder.book, load_yaml, schema.BookFile, problems, content_root)
    preface = _preface(folder.preface, problems, content_root)
    committee = _committee(folder.committee, problems, content_root)
    charts = _ChartShelf(content_root, book_file.labels.derived if book_file else "", problems)
    chapter_files = folder.chapter_files()
    if not chapter_files:
        problems.append(Problem(Location(folder.chapters_dir), "has no chapters: add files named like 01-overview.md"))
    problems.extend(Problem(Location(path), f"is not read as a chapter: rename it to `{path.stem}.md` (chapters are "
                                            f"the folder's `.md` files)") for path in folder.misnamed_chapters())
    chapters = [_chapter(number, path, charts, problems) for number, path in enumerate(chapter_files, start=1)]
    references = _references(folder.references, problems, content_root)
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
        labels=Labels(**book_file.labels.model_dump()),
        preface=preface,
        committee=committee,
        chapters=book_chapters,
        toc=_toc(preface, committee, chapters, references, appendices),
        appendices=tuple(appendix for appendix, _ in appendices),
        references=references,
        copyright=_copyright(book_file.copyright),
        back_cover=tuple(book_file.back_cover.lines) if book_file.back_cover else (),
        binding=Binding(**book_file.binding.model_dump()),
        source_files=(folder.book, folder.preface, folder.committee, *chapter_files, *folder.appendix_files(),
                      *([folder.references] if references else []), *charts.placed),
    )
    _check_chart_numbers(book, problems)
    _check_chart_kinds(book, problems)
    raise_if_any(problems)
    return book


def _load(path: Path, loader, file_schema, problems: list[Problem], root: Path):
    """Load and validate one file; on failure record why and return None."""
    if what_else(path, root) == "does not exist":
        problems.append(Problem(Location(path), "is missing: the book needs this file "
                                                "(README.md, 'For editors: where things live')"))
        return None
    try:
        source = loader(path, root=root)
    except ContentError as error:
        problems.extend(error.problems)
        return None
    yaml_source = source.front_matter if isinstance(source, MarkdownSource) else source
    value, found = schema.validate(file_schema, yaml_source)
    problems.extend(found)
    if value is None:
        return None
    return (value, source) if isinstance(source, MarkdownSource) else value


def _preface(path: Path, problems: list[Problem], root: Path) -> Preface | None:
    loaded = _load(path, load_markdown, schema.PrefaceFile, problems, root)
    if loaded is None:
        return None
    front, source = loaded
    blocks = _blocks(source, problems, charts=None, sections_allowed=False)[0]
    paragraphs = tuple(block for block in blocks if isinstance(block, Paragraph))
    return Preface(front.title, front.subtitle, paragraphs, tuple(front.signature))


def _references(path: Path, problems: list[Problem], root: Path) -> References | None:
    """content/references.yaml, if the book has a reference list."""
    if what_else(path, root) == "does not exist":
        return None
    references = _load(path, load_yaml, schema.ReferencesFile, problems, root)
    return References(references.title, tuple(references.entries)) if references else None


def _appendices(folder: ContentFolder, book_file, charts: "_ChartShelf", problems: list[Problem]) -> list:
    """content/appendices/*.md, set as chapters lettered A, B, C … (sections A.1, A.2 …)."""
    files = folder.appendix_files()
    if not files or book_file is None:
        return []
    label = book_file.labels.appendix
    if label is None:
        problems.append(Problem(load_yaml(folder.book).location(("labels",)),
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


def _committee(path: Path, problems: list[Problem], root: Path) -> Committee | None:
    committee = _load(path, load_yaml, schema.CommitteeFile, problems, root)
    if committee is None:
        return None
    group = committee.working_group
    return Committee(committee.title, committee.lead, tuple(committee.organisations), committee.closing,
                     group.title, tuple(Member(member.name, member.role) for member in group.members))


def _chapter(number: int | str, path: Path, charts: "_ChartShelf", problems: list[Problem]):
    loaded = _load(path, load_markdown, schema.ChapterFile, problems, charts.content_root)
    if loaded is None:
        return None, None
    front, source = loaded
    intro, raw_sections = _blocks(source, problems, charts, sections_allowed=True)
    sections = tuple(
        Section(f"{number}.{index}", title, f"section-{number}-{index}", tuple(blocks))
        for index, (title, blocks) in enumerate(raw_sections, start=1)
    )
    chapter = Chapter(number, front.title, f"chapter-{number}", tuple(intro), sections, front.new_page, front.style)
    return chapter, front


def _blocks(source: MarkdownSource, problems: list[Problem], charts, sections_allowed: bool):
    """Markdown body -> (blocks before the first `##` heading, [(section title, blocks)])."""
    intro: list = []
    sections: list[tuple[str, list]] = []
    current = intro
    tokens = _markdown.parse(source.body)
    too_deep = next((token for token in tokens if token.level >= _markdown.options["maxNesting"] - 1), None)
    if too_deep:  # Markdown stops reading there, and what lies deeper would be left out without a word
        line = next(token.map[0] for token in reversed(tokens[:tokens.index(too_deep) + 1]) if token.map)
        problems.append(Problem(Location(source.path, line + source.body_line),
                                "lists or quotations are nested too deeply here to be read: keep to a few levels"))
        return intro, sections
    index = 0
    while index < len(tokens):
        token = tokens[index]
        line = (token.map[0] if token.map else 0) + source.body_line
        where = Location(source.path, line)
        if token.type == "heading_open":
            title = tokens[index + 1].content.strip()
            _check_markup(title, where, problems)
            _check_links(tokens[index + 1], where, problems)
            if token.markup in ("-", "="):
                problems.append(Problem(where, f"the line `{token.markup * 3}` under this paragraph makes it a "
                                               f"heading: delete that line (a section heading is written "
                                               f"`## 标题`), or leave a blank line between them"))
            elif token.tag != "h2" or not sections_allowed:
                problems.append(Problem(where, _heading_advice(token.tag, sections_allowed)))
            elif not title:
                problems.append(Problem(where, "a `## ` heading without a title: write the title after `## `"))
            elif len(title) > schema.LONGEST_TOC_TITLE and source.front_matter.data.get("sections_in_toc"):
                problems.append(Problem(where, f"the section title is {len(title)} characters long; at most "
                                               f"{schema.LONGEST_TOC_TITLE} fit on a line of the 目录: shorten it"))
            else:
                current = []
                sections.append((title, current))
            index += 3
        elif token.type == "paragraph_open":
            inline = tokens[index + 1]
            block = _paragraph(inline, where, charts, problems)
            if block is not None:
                current.append(block)
            index += 3
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            items, index = _list_items(tokens, index)
            for item in items:
                item_where = Location(source.path, item.map[0] + source.body_line)
                _check_markup(_plain_text(item), item_where, problems)
                _check_links(item, item_where, problems)
            current.append(BulletList(tuple(_plain_text(item) for item in items), where))
        else:
            problems.append(Problem(where, f"{_describe(token)} is not used in this book: write plain paragraphs, "
                                           f"`## ` section headings, `- ` lists and `![表 N](../charts/…yaml)` charts"))
            index = _skip_block(tokens, index)
    return intro, sections


def _heading_advice(tag: str, sections_allowed: bool) -> str:
    if not sections_allowed:
        return "headings are not used in this file: the title comes from the front matter"
    if tag == "h1":
        return "a `# ` heading is not used: the chapter title comes from the front matter; use `## ` for sections"
    return f"a `{'#' * int(tag[1])} ` heading is too deep: this book has chapters and `## ` sections only"


def _describe(token) -> str:
    names = {"fence": "a code block", "code_block": "an indented code block (4 spaces)", "hr": "a `---` line",
             "blockquote_open": "a `>` quotation", "html_block": "HTML", "table_open": "a table"}
    return names.get(token.type, f"`{token.type}`")


def _skip_block(tokens, index: int) -> int:
    """Index after the block that starts at `index` (its closing token, for container blocks)."""
    level = tokens[index].nesting
    index += 1
    while level > 0 and index < len(tokens):
        level += tokens[index].nesting
        index += 1
    return index


def _list_items(tokens, index: int) -> tuple[list, int]:
    """The inline tokens of a list's items, and the index after the list."""
    end = _skip_block(tokens, index)
    return [token for token in tokens[index:end] if token.type == "inline"], end


def _plain_text(inline) -> str:
    """Text of a Markdown paragraph. Line breaks inside a paragraph join without a space, as Chinese does."""
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts).strip()


def _check_markup(text: str, where: Location, problems: list[Problem]) -> None:
    tag = schema.html_tag(text)
    if tag:
        problems.append(Problem(where, schema.html_advice(tag)))
    word = schema.long_word(text)
    if word:
        problems.append(Problem(where, schema.long_word_advice(word)))
    unread = UNREAD_PICTURE.search(text)
    if unread:
        problems.append(Problem(where, f"`{unread.group(0)}` is not read as a chart: a file name with spaces "
                                       f"goes in angle brackets, as in ![表 7](<../charts/table 07.yaml>)"))


def _check_links(inline, where: Location, problems: list[Problem]) -> None:
    """A link may lead to the web or to an e-mail address; its words are kept, and a target elsewhere (a file on
    the editor's machine) is refused rather than dropped."""
    for child in inline.children or []:
        target = unquote(child.attrs.get("href", "")) if child.type == "link_open" else ""
        scheme = urlparse(target).scheme.lower()
        if scheme and scheme not in LINK_SCHEMES:
            problems.append(Problem(where, f"the link to `{target}` leads nowhere a reader can follow: link only "
                                           f"to web addresses (https://…) or e-mail addresses (mailto:…)"))


def _paragraph(inline, where: Location, charts, problems: list[Problem]):
    images = [child for child in inline.children or [] if child.type == "image"]
    _check_links(inline, where, problems)
    if not images:
        text = _plain_text(inline)
        _check_markup(text, where, problems)
        return Paragraph(text, where)
    if charts is None or len(images) != 1 or _plain_text(inline) != images[0].content:
        problems.append(Problem(where, "a picture must stand alone in its paragraph, with blank lines around it"))
        return None
    return charts.place(images[0].attrs.get("src", ""), where)


class _ChartShelf:
    """The charts placed so far, loaded from the files the chapters point to."""

    def __init__(self, content_root: Path, derived_label: str, problems: list[Problem]):
        self.content_root = content_root.resolve()
        self.derived_label = derived_label
        self.problems = problems
        self.placed: dict[Path, Location] = {}
        self.named: set[Path] = set()  # every chart file a chapter points to, placed or refused

    def place(self, target: str, where: Location) -> Figure | None:
        target = unquote(target)  # Markdown hands over a name in Chinese or with spaces percent-encoded
        path = _chart_path(where.path.parent, target)
        self.named.add(path)
        refusal = self._refusal(target, path)
        if refusal:
            self.problems.append(Problem(where, refusal))
            return None
        if not target.endswith((".yaml", ".yml")):
            self.problems.append(Problem(where, f"`{target}` is not a chart: place charts as "
                                                f"![表 N](../charts/table-NN.yaml)"))
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
        chart = self._load(path)
        return Figure(chart) if chart else None

    def _refusal(self, target: str, path: Path) -> str | None:
        """Why a picture target may not be used: the book reads only its own files, never the network."""
        advice = "charts come only from files inside content/, as ![表 N](../charts/table-NN.yaml)"
        if urlparse(target).scheme or target.startswith("//"):
            return f"`{target}` is an address, not a file of this book: {advice}"
        if Path(target).is_absolute():
            return f"`{target}` is an absolute path: write the path relative to this file; {advice}"
        if "\\" in target:
            return f"`{target}` separates folders with `\\`: write `/` instead, as in ../charts/table-07.yaml"
        if not path.is_relative_to(self.content_root):
            return f"`{target}` leads outside the content folder: {advice}"
        return None

    def _load(self, path: Path) -> Chart | None:
        try:
            source = load_yaml(path, root=self.content_root)
        except ContentError as error:
            self.problems.extend(error.problems)
            return None
        chart_file, found = schema.validate(schema.ChartFile, source)
        self.problems.extend(found)
        if chart_file is None:
            return None
        return chart_from_file(chart_file, source, self.derived_label, self.problems)

    def check_complete(self, chart_files: list[Path]) -> None:
        for path in chart_files:
            what = what_else(path, self.content_root)
            if _chart_path(path.parent, path.name) in self.named:
                continue
            if what:
                self.problems.append(Problem(Location(path), f"{what}: a chart must be an ordinary file"))
            else:
                self.problems.append(Problem(Location(path), "is never placed in a chapter: add "
                                                             f"![表 N](../charts/{path.name}) where it belongs, "
                                                             "or delete the file"))


def _chart_path(folder: Path, target: str) -> Path:
    """Where a chart path leads, `..` taken by its words, the folder's links followed: one name per chart file."""
    return Path(os.path.normpath(folder.resolve() / target))


def _check_chart_numbers(book: Book, problems: list[Problem]) -> None:
    """Charts are numbered 1, 2, 3 … in reading order, and every 表 N the text mentions exists."""
    charts = book.charts
    for expected, chart in enumerate(charts, start=1):
        if chart.number != expected:
            problems.append(Problem(chart.source, f"is numbered {chart.number} but is chart {expected} in reading "
                                                  f"order: number it {expected} (charts count 1, 2, 3 … without gaps)"))
            break
    for block in book.blocks():
        texts = block.items if isinstance(block, BulletList) else (block.text,) if isinstance(block, Paragraph) else ()
        for text in texts:
            for mention in TABLE_MENTION.finditer(text):
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
        entries.append(TocEntry(f"{number} {front.toc_title or chapter.title}", chapter.anchor, 1))
        if front.sections_in_toc:
            entries.extend(TocEntry(f"{section.number} {section.title}", section.anchor, 2)
                           for section in chapter.sections)
    return tuple(entries)
