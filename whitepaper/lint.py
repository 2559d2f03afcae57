"""Editorial warnings: what a careful copy editor would flag although the book builds.

In: the content folder (it must assemble; if not, the build's own errors are raised), or a book assembled
already: every place comes from the model, no file is read again. Out: warnings, each quoting the two places it
compares with file and line. The rules know Chinese report prose, not this book: no text of the book is written
here.
"""

import collections
import math
import re
from dataclasses import dataclass
from pathlib import Path

from . import typography
from .assemble import assemble
from .diagnostics import Location, Problem
from .messages import say
from .model import Book, BulletList, Chapter, Committee, Figure, Paragraph, Picture, Styled, Table
from .placement import chart_mention

FIGURE = re.compile(r"(?<!\d)(\d+(?:\.\d+)?)\s*[%％]")  # (?<!\d): tried once per run of digits, not at each
CLAUSE_END = re.compile(r"[，。；：！？,;:!?（）()\n]")
HAN = re.compile(f"[{typography.HAN}]")
NEAR = 1.0  # percentage points: figures this close for the same subject look like one figure typed twice
SAME_SUBJECT = 0.25  # similarity of two contexts (0 to 1) from which they may speak of the same thing

CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
COUNT = re.compile(r"(?<![数几多第\d])(\d{1,9}|[一二两三四五六七八九十]+)\s*(?:个|大|项|种|类|点|条)?\s*(?:方面|[个大项种类点条])")
FIGURE_RUN = re.compile(r"(?<!\d)\d+(?:\.\d+)?\s*[%％](?:\s*、\s*\d+(?:\.\d+)?\s*[%％])+")
COUNT_REACH = 400  # characters before and after a count that may hold what it counts: keeps lint linear
LAST_ITEM_JOINED = re.compile(r"[和及与]")
QUOTED = re.compile(r"“[^”]*”")
LIST_AFTER_COUNT = re.compile(r"[^，。；：:]{0,12}[：:](.+)", re.S)  # 「三个方面：A、B、C」


def lint(content_root: Path) -> list[Problem]:
    return lint_book(assemble(content_root))


def lint_book(book: Book) -> list[Problem]:
    warnings = (differing_figures(_figures(book))
                + miscounted_lists(book)
                + repeated_entries(book.committee)
                + toc_titles_unlike_headings(book.chapters + book.appendices)
                + stale_numbers(book))
    return sorted(warnings, key=lambda warning: (str(warning.location.path), warning.location.line or 0))


# --- a figure stated differently in two places ---

@dataclass(frozen=True)
class StatedFigure:
    """A percentage and the words around it that say what it measures."""

    value: float
    context: str  # the clause (or chart title and label), without figures
    quote: str  # what the warning shows
    location: Location
    block: object  # figures in one block are never compared with each other


def _figures(book: Book) -> list[StatedFigure]:
    """Every percentage of the prose that stands alone in its clause, and every stated chart value."""
    figures = []
    for block in book.blocks():
        for text in _texts(block):
            for clause in CLAUSE_END.split(text):
                found = FIGURE.findall(clause)
                context = FIGURE.sub("", clause).strip()
                if len(found) == 1 and len(HAN.findall(context)) >= 2:
                    figures.append(StatedFigure(float(found[0]), context, clause.strip(), block.source, block))
    for chart in (chart for chart in book.charts if chart.unit == "%"):  # the prose's figures are percentages
        for item in chart.items:
            if not item.derived:
                figures.append(StatedFigure(item.value, f"{chart.title} {item.label}",
                                            f"{item.label}: {item.value:g}", item.source, chart))
    return figures


def _texts(block) -> tuple[str, ...]:
    if isinstance(block, BulletList):
        return block.items
    return (block.text,) if isinstance(block, Paragraph) else ()


def differing_figures(figures: list[StatedFigure]) -> list[Problem]:
    """A figure whose likeliest twin elsewhere states a slightly different value, while nothing as alike agrees.

    Likeness is the overlap of two-character sequences, weighted by how rare each is among all contexts,
    so that words every sentence has (的企业, 占比) count for little and the subject's own words for much.
    Two chart values are never compared: the charts hold what the prose states."""
    similarity = _Similarity([figure.context for figure in figures])
    warnings, reported = [], set()
    for figure in figures:
        others = [(similarity(figure.context, other.context), other) for other in figures
                  if other.block is not figure.block and (_in_prose(figure) or _in_prose(other))]
        agreeing = max((score for score, other in others if other.value == figure.value), default=0.0)
        differing = [(_in_prose(other), score, other) for score, other in others
                     if 0 < abs(other.value - figure.value) <= NEAR and score >= SAME_SUBJECT and score > agreeing]
        if not differing:
            continue
        twin = max(differing, key=lambda candidate: candidate[:2])[2]  # the prose's own wording first
        pair = frozenset((id(figure), id(twin)))
        if pair not in reported:
            reported.add(pair)
            first, second = sorted((figure, twin), key=_in_prose, reverse=True)
            warnings.append(Problem(first.location, say("lint.differing_figures", quote=first.quote,
                                                        other=second.location, other_quote=second.quote)))
    return warnings


def _in_prose(figure: StatedFigure) -> bool:
    return isinstance(figure.block, (Paragraph, BulletList))


class _Similarity:
    def __init__(self, contexts: list[str]):
        counts = collections.Counter(gram for context in contexts for gram in _grams(context))
        self.weights = {gram: math.log(len(contexts) / count) for gram, count in counts.items()}

    def __call__(self, one: str, other: str) -> float:
        """How much of the shorter context the longer one holds: a terse 「开展率」 may match a long clause."""
        first, second = _grams(one), _grams(other)
        shared = self._norm(first & second)
        smaller = min(self._norm(first), self._norm(second))
        return shared / smaller if smaller else 0.0

    def _norm(self, grams: set[str]) -> float:
        return sum(self.weights[gram] ** 2 for gram in grams)


def _grams(text: str) -> set[str]:
    text = re.sub(r"\s+", "", text)
    return {text[index:index + 2] for index in range(len(text) - 1)}


# --- a count that does not match what it counts ---

def miscounted_lists(book: Book) -> list[Problem]:
    """「N 个方面」 against the items named before it, the figures listed after it, or the list that follows."""
    warnings = []
    blocks = list(book.blocks())
    for position, block in enumerate(blocks):
        for text in _texts(block):
            for sentence in re.split(r"(?<=[。；！？])", text):
                warnings.extend(_miscounts_in(sentence, block.source))
        following = blocks[position + 1] if position + 1 < len(blocks) else None
        if isinstance(block, Paragraph) and isinstance(following, BulletList) and block.text.endswith(("：", ":")):
            count = _last_count(block.text)
            if count and count[0] != len(following.items):
                warnings.append(Problem(block.source, say("lint.list_miscounted", phrase=count[1], number=count[0],
                                                          list=following.source, items=len(following.items),
                                                          last=following.items[-1])))
    return warnings


def _miscounts_in(sentence: str, where: Location) -> list[Problem]:
    warnings = []
    for count in COUNT.finditer(sentence):
        number = _number(count.group(1))
        if number is None or number < 2:
            continue
        before = CLAUSE_END.split(sentence[max(0, count.start() - COUNT_REACH):count.start()])[-1].rstrip()
        if before.count("“") > before.count("”"):
            continue  # inside a quotation: a name such as 「两点一线」, not a count
        after = sentence[count.end():count.end() + COUNT_REACH]
        figures = FIGURE_RUN.search(after)
        announced = LIST_AFTER_COUNT.match(after)
        items_after = _items(announced.group(1).rstrip("。；！？ ")) if announced else []
        items_before = _items(before) if not before.endswith("等") else []
        phrase = count.group(0).strip()
        if figures and len(FIGURE.findall(figures.group(0))) != number:
            listed = len(FIGURE.findall(figures.group(0)))
            warnings.append(Problem(where, say("lint.figures_miscounted", phrase=phrase, number=number,
                                               figures=listed, quote=figures.group(0))))
        elif items_after and not _matches(number, items_after):
            warnings.append(Problem(where, say("lint.items_after_miscounted", phrase=phrase, number=number,
                                               items=len(items_after), quote=_quoted(items_after))))
        elif not announced and items_before and not _matches(number, items_before):
            warnings.append(Problem(where, say("lint.items_before_miscounted", phrase=phrase, number=number,
                                               items=len(items_before), quote=_quoted(items_before))))
    return warnings


def _quoted(items: list[str]) -> str:
    return "、".join(f"「{item}」" for item in items)


def _items(text: str) -> list[str]:
    """The items of a list that ends where a count begins: 「A、B和C 三方面」 or 「“A”、“B”三大」."""
    quoted = QUOTED.findall(text)
    if text.endswith("”") and quoted:
        parts = quoted if len(quoted) > 1 else quoted[0].strip("“”").split("、")
    else:
        parts = text.split("、")
    parts = [part.strip() for part in parts if part.strip()]
    if parts and parts[-1].endswith("等"):
        return []  # 「A、B等」 names examples, not all
    return parts if len(parts) >= 3 or (quoted and len(parts) >= 2) else []


def _matches(number: int, items: list[str]) -> bool:
    """「A、B和C」 names three things with two 、."""
    return len(items) == number or (len(items) == number - 1 and bool(LAST_ITEM_JOINED.search(items[-1])))


def _last_count(text: str) -> tuple[int, str] | None:
    counts = [(count, _number(count.group(1))) for count in COUNT.finditer(CLAUSE_END.split(text.rstrip("：:"))[-1])]
    counts = [(number, count.group(0).strip()) for count, number in counts if number]
    return counts[-1] if counts else None


def _number(numeral: str) -> int | None:
    if numeral.isdigit():
        return int(numeral)
    if numeral == "十":
        return 10
    tens, _, units = numeral.partition("十")
    if "十" in numeral:
        return (CHINESE_DIGITS.get(tens, 1) if tens else 1) * 10 + (CHINESE_DIGITS.get(units, 0) if units else 0)
    return CHINESE_DIGITS.get(numeral) if len(numeral) == 1 else None


# --- the same entry twice in a list ---

def repeated_entries(committee: Committee) -> list[Problem]:
    """The same organisation twice, or the same member's name."""
    warnings = []
    for entries in (zip(committee.organisations, committee.organisation_sources),
                    [(member.name, member.source) for member in committee.members]):
        first_place: dict[str, Location] = {}
        for value, where in entries:
            key = re.sub(r"\s+", "", value)
            if key in first_place:
                warnings.append(Problem(where, say("lint.listed_again", value=value, first=first_place[key])))
            else:
                first_place[key] = where
    return warnings


# --- a 目录 title unlike its heading ---

def toc_titles_unlike_headings(chapters: tuple[Chapter, ...]) -> list[Problem]:
    warnings = []
    for chapter in chapters:
        title, toc_title, where = chapter.title, chapter.toc_title, chapter.front_matter_sources
        if toc_title and toc_title != title:
            warnings.append(Problem(where["toc_title"],
                                    say("lint.toc_title_unlike_heading", toc_title=toc_title,
                                        heading=where["title"], title=title)))
    return warnings


# --- a number typed by hand that no longer matches what it sits beside ---

def stale_numbers(book: Book) -> list[Problem]:
    """「见表 4」 typed by hand beside charts that are now 表 5 and 表 6, or 「第 9 章」 in a book of 7 chapters:
    right once, wrong since a section moved. A `{ref:…}` follows its target, so only typed numbers are read."""
    labels = book.labels
    kinds = [(labels.table, _numbered_as(Figure, Table)), (labels.picture, _numbered_as(Picture))]
    before, _, after = labels.chapter.partition("{number}")
    chapter = re.compile(rf"{_spaced(before)}\s*(\d{{1,9}})\s*{_spaced(after)}")  # 第 3 章 or 第3章
    warnings = []
    for blocks in _groups(book):
        for position, block in enumerate(blocks):
            for text in _typed_texts(block):
                for word, numbered in kinds:
                    beside = _beside(blocks, position, numbered)
                    mentions = list(chart_mention(word).finditer(text))
                    typed = {int(found.group(1)) for found in mentions}
                    for found in mentions:
                        if beside and int(found.group(1)) not in {number for number, _ in beside}:
                            number, label = next(((number, label) for number, label in beside
                                                  if number not in typed), beside[0])
                            warnings.append(Problem(block.source, say("lint.stale_number", mention=found.group(0),
                                                                      target=f"{word} {number}", label=label)))
                for found in chapter.finditer(text):
                    if not 1 <= int(found.group(1)) <= len(book.chapters):
                        warnings.append(Problem(block.source, say("lint.no_such_chapter", mention=found.group(0),
                                                                  count=len(book.chapters))))
    return warnings


def _spaced(words: str) -> str:
    """A pattern of these words, with or without spaces between their characters."""
    return r"\s*".join(re.escape(char) for char in words if not char.isspace())


def _numbered_as(*kinds):
    """(number, label) of a block of these kinds, None for any other block."""
    def numbered(block):
        thing = block.chart if isinstance(block, Figure) else block
        return (thing.number, thing.label) if isinstance(block, kinds) else None
    return numbered


def _groups(book: Book):
    """The blocks of the 前言, and of each chapter's opening and each section: what a number may sit beside."""
    yield book.preface.paragraphs
    for chapter in book.chapters + book.appendices:
        yield chapter.blocks
        yield from (section.blocks for section in chapter.sections)


def _beside(blocks, position: int, numbered) -> list[tuple[int, str]]:
    """The charts (or pictures) right after the block at `position`, else those right before it."""
    for step in (1, -1):
        found, index = [], position + step
        while 0 <= index < len(blocks) and numbered(blocks[index]):
            found.append(numbered(blocks[index]))
            index += step
        if found:
            return found if step == 1 else found[::-1]
    return []


def _typed_texts(block) -> list[str]:
    """The words typed by hand in a paragraph or list: the words a `{ref:…}` printed are left out."""
    paragraphs = [block] if isinstance(block, Paragraph) else \
        [entry.paragraph for entry in block.entries] if isinstance(block, BulletList) else []
    return [_typed(paragraph.inlines) for paragraph in paragraphs]


def _typed(runs) -> str:
    return "".join(run if isinstance(run, str) else "" if run.kind in ("ref", "page") else _typed(run.children)
                   if isinstance(run, Styled) else "　" for run in runs)
