"""Book facts and cross-references: `{year}`, `{publisher}` …, `{ref:label}`, `{page:label}`, `{title:label}`, and
the `{#label}` that names a heading, a table's caption or a picture.

Content is data, never a template: one pattern finds the placeholders and text replaces them; nothing is run.
Facts (book.yaml's year, edition, publisher and title) are put in as each file is read. A reference cannot be
printed before the whole book is numbered, so reading leaves a mark in the text (a private-use character around
the reference's index); once the book is assembled, `resolve` numbers every label and puts each reference's words
where its mark stands: a link in the text of a chapter or the 前言, plain words in a title or a YAML text.
"""

import dataclasses
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

from .diagnostics import Location, Problem
from .messages import say
from .model import Book, Figure, Heading, Paragraph, Picture, Styled, Table, plain
from .schema import LABEL
from .sources import KeyPath, MarkdownSource, YamlSource
from .typography import NO_BREAK_SPACE  # keeps a reference's word with its number

PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}|[{}]")  # a brace alone is a slip: `{ref:x` or `year}`
REFERENCE = re.compile(r"(ref|page|title):(.*)")
REFERENCE_KINDS = ("ref", "page", "title")
FACTS = ("year", "edition", "publisher", "title")  # what book.yaml may state; {edition} only if it has `edition:`
MARK_START, MARK_END = "\ue000", "\ue001"  # around a reference's index, until `resolve`
LABEL_START, LABEL_END = "\ue002", "\ue003"  # around the label of a `{#label}`, for markdown.py to take
MARK = re.compile(f"{MARK_START}(\\d+){MARK_END}")
LABEL_MARK = re.compile(f"\\s*{LABEL_START}([^{LABEL_END}]*){LABEL_END}\\s*$")


@dataclass(frozen=True)
class Reference:
    kind: str  # ref, page or title
    label: str
    source: Location


@dataclass(frozen=True)
class Target:
    words: str  # 表 5, 第 3 章, 附录 A
    title: str
    anchor: str
    source: Location | None
    chosen: bool  # the editor wrote the label; a file's name is only a default


def book_facts(book_file) -> dict[str, str]:
    """The facts book.yaml states once: {year} from publication_date, {publisher}, {edition} if given."""
    facts = {"year": str(book_file.publication_date.year), "publisher": book_file.publisher}
    if book_file.edition:
        facts["edition"] = book_file.edition
    return facts


class Placeholders:
    """Puts the facts in as files are read, and keeps every reference met, in reading order."""

    def __init__(self, facts: dict[str, str] | None, problems: list[Problem]):
        self.facts = facts  # None: book.yaml could not be read, so no fact is known and none is reported
        self.problems = problems  # a placeholder that is wrong stays in the text as written
        self.references: list[Reference] = []

    def text(self, text: str, where: Callable[[int], Location], labels: bool = False) -> str:
        """`text` with its facts put in and its references marked; `labels`: `{#label}` may stand in it."""
        if "{" not in text and "}" not in text:
            return text

        def replace(match: re.Match) -> str:
            whole, name = match.group(0), (match.group(1) or "").strip()
            if whole in ("{{", "}}"):
                return whole[0]
            if whole in ("{", "}"):
                self.problems.append(Problem(where(match.start()), say("refs.lone_brace", brace=whole)))
                return whole
            if self.facts is None or name in self.facts:
                return self.facts[name] if self.facts else whole
            reference = REFERENCE.fullmatch(name)
            if reference and LABEL.fullmatch(reference.group(2).strip()):
                self.references.append(Reference(reference.group(1), reference.group(2).strip(),
                                                 where(match.start())))
                return f"{MARK_START}{len(self.references) - 1}{MARK_END}"
            if labels and name.startswith("#") and LABEL.fullmatch(name[1:]):
                return f"{LABEL_START}{name[1:]}{LABEL_END}"
            self.problems.append(Problem(where(match.start()), self._unknown(whole, name, labels)))
            return whole

        return PLACEHOLDER.sub(replace, text)

    def _unknown(self, whole: str, name: str, labels: bool) -> str:
        if name in FACTS:
            return say("refs.fact_not_stated", placeholder=whole, fact=name)
        known = [f"{{{fact}}}" for fact in self.facts] + [f"{{{kind}:…}}" for kind in REFERENCE_KINDS]
        shapes = known + (["{#…}"] if labels else [])
        return say("refs.unknown_placeholder", placeholder=whole, nearest=_nearest(whole, shapes), known=" ".join(known))

    def yaml(self, source: YamlSource, skip: tuple[KeyPath, ...] = ()) -> YamlSource:
        """Every text of a YAML file with its facts put in, but those under the key paths in `skip`."""

        def walk(value, path: KeyPath):
            if path in skip:
                return value
            if isinstance(value, str):
                return self.text(value, lambda offset: source.location(path))
            if isinstance(value, dict):
                return {key: walk(item, path + (key,)) for key, item in value.items()}
            if isinstance(value, list):
                return [walk(item, path + (index,)) for index, item in enumerate(value)]
            return value

        return dataclasses.replace(source, data=walk(source.data, ()))

    def markdown(self, source: MarkdownSource) -> MarkdownSource:
        """The body with its facts put in (lines stay where they were, for the messages), and the front matter."""

        def where(offset: int) -> Location:
            before = source.body[:offset]
            return Location(source.path, source.body_line + before.count("\n"), offset - before.rfind("\n"))

        return dataclasses.replace(source, body=self.text(source.body, where, labels=True),
                                   front_matter=self.yaml(source.front_matter, skip=(("label",),)))


def resolve(book: Book, references: list[Reference], problems: list[Problem]) -> Book:
    """The book with every reference printed: its target numbered, in the book's words, a link where it can be."""
    if not references:
        return book
    targets = _targets(book, problems)
    for reference in references:
        if reference.label not in targets:
            problems.append(Problem(reference.source, say("refs.missing_label", label=reference.label,
                                                          nearest=_nearest(reference.label, list(targets)))))
    if problems:
        return book
    runs = [_run(reference, targets[reference.label], book) for reference in references]
    return _marks_replaced(book, runs, references, problems)


def _nearest(wanted: str, candidates: list[str]) -> str:
    """The candidate most like `wanted`; of equals, the first (in reading order, for labels)."""
    return max(candidates, key=lambda candidate: difflib.SequenceMatcher(None, wanted, candidate).ratio(),
               default="…")


def _targets(book: Book, problems: list[Problem]) -> dict[str, Target]:
    """Every label and what it names; a label chosen twice is reported at both places."""
    labels = book.labels
    found: dict[str, list[Target]] = {}

    def add(label: str, words: str, title: str, anchor: str, source: Location | None, chosen: bool) -> None:
        if label and (chosen or label not in found):  # a picture placed twice keeps its first default label
            found.setdefault(label, []).append(Target(words, title, anchor, source, chosen))

    def numbered(words: str, number, title: str) -> str:
        """An unnumbered chapter (`numbered: false`) and its sections are referred to by their titles."""
        return words if number not in (None, "") else title

    for chapter in book.chapters + book.appendices:
        title = chapter.toc_title or chapter.title
        words = (f"{chapter.prefix} {chapter.number}" if chapter.prefix
                 else labels.chapter.format(number=chapter.number))
        add(chapter.label, numbered(words, chapter.number, title), title, chapter.anchor, chapter.source, True)
        for section in chapter.sections:
            add(section.label, numbered(labels.section.format(number=section.number), section.number, section.title),
                section.title, section.anchor, section.source, True)
    for block in book.blocks():
        if isinstance(block, Figure):
            chart = block.chart
            add(chart.label, f"{labels.table} {chart.number}", chart.title, chart.anchor, chart.source, True)
        elif isinstance(block, Table):
            add(block.label, f"{labels.table} {block.number}", block.title, block.anchor, block.source, True)
        elif isinstance(block, Picture):
            add(block.label, f"{labels.picture} {block.number}", block.caption, block.anchor, block.source,
                block.label != block.path.stem)
        elif isinstance(block, Heading):
            add(block.label, numbered(labels.section.format(number=block.number), block.number, block.title),
                block.title, block.anchor, block.source, True)
    for label, places in found.items():
        if len(places) > 1:
            for place in places:
                others = "; ".join(str(other.source) for other in places if other is not place)
                problems.append(Problem(place.source, say("refs.duplicate_label", label=label, others=others)))
    return {label: places[0] for label, places in found.items()}


def _run(reference: Reference, target: Target, book: Book) -> Styled:
    """A reference as a link to its target: its words, with no break between word and number."""
    if reference.kind == "page":
        before, _, after = book.labels.page.partition("{number}")
        return Styled("page", (before.strip(), after.strip()), f"#{target.anchor}")  # the number goes between
    words = target.title if reference.kind == "title" else target.words.replace(" ", NO_BREAK_SPACE)
    return Styled("ref", (words,), f"#{target.anchor}")


def _marks_replaced(book: Book, runs: list[Styled], references: list[Reference], problems: list[Problem]) -> Book:
    """Each mark in a run of inline text becomes its link; each in any other text (a title, a chart's, a YAML
    text), the link's words, as no link can stand there; a page reference cannot, as no page is known yet."""

    def words(match: re.Match) -> str:
        index = int(match.group(1))
        if runs[index].kind == "page":
            problems.append(Problem(references[index].source, say("refs.page_outside_text")))
        return "".join(runs[index].children).replace(NO_BREAK_SPACE, " ")

    def in_runs(items: tuple) -> tuple:
        if not any(isinstance(item, str) and MARK_START in item or not isinstance(item, str) for item in items):
            return items
        replaced = []
        for item in items:
            if isinstance(item, str) and MARK_START in item:
                pieces = MARK.split(item)  # text, index, text, index … text
                replaced.extend(runs[int(piece)] if odd else piece
                                for odd, piece in ((position % 2, piece) for position, piece in enumerate(pieces))
                                if odd or piece)
            else:
                replaced.append(walk(item))
        return items if len(replaced) == len(items) and all(new is old for new, old in zip(replaced, items)) \
            else tuple(replaced)

    def walk(value):
        if isinstance(value, str):
            return MARK.sub(words, value) if MARK_START in value else value
        if isinstance(value, tuple):
            items = tuple(walk(item) for item in value)
            return value if all(new is old for new, old in zip(items, value)) else items
        if isinstance(value, dict):
            items = {key: walk(item) for key, item in value.items()}
            return value if all(items[key] is value[key] for key in value) else items
        if isinstance(value, Paragraph) and value.runs:  # its text is the words of its runs
            runs = in_runs(value.runs)
            return value if runs is value.runs else dataclasses.replace(
                value, runs=runs, text=plain(runs).replace(NO_BREAK_SPACE, " "))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {}
            for field in dataclasses.fields(value):
                old = getattr(value, field.name)
                new = in_runs(old) if field.name in ("runs", "children") else walk(old)
                if new is not old:
                    changes[field.name] = new
            return dataclasses.replace(value, **changes) if changes else value
        return value

    return walk(book)
