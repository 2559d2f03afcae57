"""Chinese typesetting to W3C clreq where WeasyPrint 70 falls short: how and why, in one place.

WeasyPrint gives us UAX #14 line breaking and justification that widens spaces only. The rest is ours, in
two halves: this module marks up every printed string (Jinja `finalize` in html_builder.py), and
compat/justify.py adjusts lines while WeasyPrint lays them out. Nothing is ever added to the text itself that a
reader could copy or search: the PDF's text layer holds the source characters, and only those.

1. Justification (clreq §3.8): justify.py spreads a line's leftover width evenly over the gaps between its
   characters (not inside Latin words or numbers), so lines of pure Chinese end flush right too.
2. Line-start and line-end prohibitions (clreq §3.1.7): a mark that may not begin a line (，。」…—) is
   joined to the character before it and one that may not end a line (（《「“) to the character after it,
   with U+2060 WORD JOINER; a number is joined to the Han character after it (302 家, 2022 年, 85% 企业),
   and a reference word to the number after it (表 5, 图 3, 第 6 章), as a no-break space joins them (附录 A in a
   generated reference, references.py). A paragraph's last two Han characters are
   joined too, so that no paragraph ends on a line of one character and its stop.
   The joiner is a default-ignorable character: Pango draws it as nothing, so it never reaches the PDF's
   text. Pango forbids most of these breaks already, but not before 「——」 or after a number; the joiner
   makes the rule ours and uniform. A percent sign needs none: UAX #14 never parts it from its number.
3. Han–Latin spacing (clreq §3.2): the source's spaces between Han and Latin letters or digits are dropped
   (「占比 38%」 and 「占比38%」 print alike), and the Latin run is wrapped in `<span class="latin">` whose
   side facing Han gets a quarter em of margin (styles/book.css). A margin, not a space character: the
   fonts have no U+2005 or U+2009 glyph, and a character would end up in copied text. justify.py drops the
   margin where the run starts or ends a line.
4. Punctuation compression (clreq §3.1.6): of two adjacent full-width marks, the closing one before another
   mark, or an opening one after another opening one, is set half width with the fonts' `halt` feature
   (`<span class="halt">`). The fonts (Noto CJK 2.001) have no contextual `chws`, so we choose the mark.
"""

import functools
import re
from collections.abc import Sequence

from markupsafe import Markup, escape

WORD_JOINER = "\u2060"
NO_BREAK_SPACE = "\u00a0"  # between Han and Latin it is dropped as any space is, but the two stay joined: 附录 A
EDGE_SPACING_CLASS = "latin"  # justify.py removes this span's margin at a line's start or end

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"  # Han, kana, CJK marks and full-width forms: a line breaks beside any
NOT_AT_LINE_START = "，。、；：？！）》」』】〕〉”’…—%·～"
NOT_AT_LINE_END = "（《「『【〔〈“‘"
BEFORE_NUMBER = "表图第"  # a reference keeps its number: 表 5, 图 3, 第 6 章 (clreq §3.1.7, inseparable)
DOUBLED_MARKS = "—…"  # written twice they are one mark, 「——」「……」: nothing goes between the halves
CLOSING_MARKS = "，。、；：）》」』】〕〉”’"  # full width, ink on the left, blank right half
OPENING_MARKS = "（《「『【〔〈“‘"  # full width, blank left half

# A run of Latin letters and digits, with the punctuation that joins them: ESG, 5G, 6.7%, T/BSIA 003-2022.
_LATIN_RUN = re.compile(r"[A-Za-z0-9]+(?:[ .,/*+&:'\-][A-Za-z0-9]+)*%?")
_SPACE_AT_HAN = re.compile(rf"(?<=[{HAN}])[ \u00a0]+(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%])[ \u00a0]+(?=[{HAN}])")
_JOINS = re.compile(rf"(?<=\S)(?=[{NOT_AT_LINE_START.replace('%', '')}])"
                    rf"|(?<=[{NOT_AT_LINE_END}])(?=\S)"
                    rf"|(?<=[0-9%])(?=[{HAN}])"
                    rf"|(?<=[{BEFORE_NUMBER}])(?=[0-9])")
_COMPRESSIBLE = re.compile(rf"[{CLOSING_MARKS}](?=[{CLOSING_MARKS}{OPENING_MARKS}])"
                           rf"|(?<=[{OPENING_MARKS}])[{OPENING_MARKS}]")
_IS_HAN = re.compile(f"[{HAN}]")
HAN_LATIN_BOUNDARY = re.compile(rf"(?<=[{HAN}])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%])(?=[{HAN}])")
_LAST_TWO_HAN = re.compile(rf"[{HAN}][{HAN}](?=[^{HAN}A-Za-z0-9]*$)")


Tag = tuple[int, int, str, str]  # start, end, opening HTML, closing HTML
MARKED_UP_KEPT = 20_000  # strings: the 2022 book prints about 460, a book ten times its size some 5,000


def marked_up(text: str, tags: Sequence[Tag] = (), paragraph: bool = False) -> Markup:
    """A printed string as HTML with rules 2-4 applied (see the module docstring).

    `tags` put inline markup (<strong>, <a>, a footnote) around text[start:end], properly nested; one with
    start == end stands at that point. The rules see the whole string across them: 「**ESG**，」 keeps its joiner.
    A `paragraph` also keeps its last two characters together, so that its last line never holds a single
    character and its stop (「骗。」)."""
    return _marked_up(text, tuple(tags), paragraph)


@functools.lru_cache(maxsize=MARKED_UP_KEPT)  # each build marks up the same strings again, but for the edited one
def _marked_up(text: str, tags: tuple[Tag, ...], paragraph: bool) -> Markup:
    kept_together = {match.start() for match in _SPACE_AT_HAN.finditer(text) if NO_BREAK_SPACE in match.group(0)}
    text, position = _normalised(text)
    tags = [(position[start], position[end], opening, closing) for start, end, opening, closing in tags]
    joins = {match.start() for match in _JOINS.finditer(text)
             if not doubled(text[match.start() - 1:match.start() + 1])}
    joins |= {position[start] for start in kept_together}
    if paragraph:
        joins |= _last_characters_joined(text)
    spans = [(match.start(), match.end(), "halt") for match in _COMPRESSIBLE.finditer(text)]
    spans += [(match.start(), match.end(), classes) for match in _LATIN_RUN.finditer(text)
              if (classes := _latin_classes(text, match.start(), match.end()))]
    spans = _split_at(spans, {index for start, end, _, _ in tags for index in (start, end)})
    opening = {start: classes for start, _, classes in spans}
    closing = {end for _, end, _ in spans}
    order = sorted(range(len(tags)), key=lambda number: (tags[number][0], -tags[number][1], number))
    html = []
    for index in range(len(text) + 1):
        html.append("</span>" * (index in closing))
        html.extend(tags[number][3] for number in reversed(order) if tags[number][1] == index != tags[number][0])
        html.extend(tags[number][2] + tags[number][3] for number in order if tags[number][0] == index == tags[number][1])
        html.append(WORD_JOINER * (index in joins))
        html.extend(tags[number][2] for number in order if tags[number][0] == index != tags[number][1])
        if index in opening:
            html.append(f'<span class="{opening[index]}">')
        if index < len(text):
            html.append(escape(text[index]))
    return Markup("".join(html))


def _normalised(text: str) -> tuple[str, list[int]]:
    """plain_text(text), and where each index of `text` (and its end) lands in it."""
    dropped = {index for match in _SPACE_AT_HAN.finditer(text) for index in range(match.start(), match.end())}
    position, kept = [], 0
    for index in range(len(text) + 1):
        position.append(kept)
        kept += index < len(text) and index not in dropped
    return "".join(char for index, char in enumerate(text) if index not in dropped), position


def _split_at(spans, boundaries: set[int]):
    """Spacing spans cut where inline markup begins or ends, so that the HTML nests: each piece keeps the
    margin of the side it inherits, and a piece with no margin left needs no span."""
    pieces = []
    for start, end, classes in spans:
        cuts = [start] + sorted(index for index in boundaries if start < index < end) + [end]
        for first, (left, right) in enumerate(zip(cuts, cuts[1:])):
            names = classes.split()
            keep = [name for name in names[1:] if (name == "space-before" and left == start)
                    or (name == "space-after" and right == end)]
            if names[0] != EDGE_SPACING_CLASS:
                pieces.append((left, right, classes))
            elif keep:
                pieces.append((left, right, " ".join([EDGE_SPACING_CLASS] + keep)))
    return pieces


def plain_text(text: str) -> str:
    """A printed string for an attribute or the <title>: Han-Latin spacing normalised, no markup."""
    return _SPACE_AT_HAN.sub("", text)


def spaced(text: str) -> str:
    """A printed string for a running head or a bookmark, which show text without markup: one space (a quarter
    em in these fonts) between Han and Latin letters or digits, as the margin of rule 3 gives the body."""
    return HAN_LATIN_BOUNDARY.sub(" ", plain_text(text))


def _last_characters_joined(text: str) -> set[int]:
    """Where a joiner keeps a paragraph's last two Han characters together (none if it does not end in two)."""
    last = _LAST_TWO_HAN.search(text)
    return {last.start() + 1} if last else set()


def doubled(pair: str) -> bool:
    """The two halves of 「——」 or 「……」?"""
    return len(pair) == 2 and pair[0] == pair[1] and pair[0] in DOUBLED_MARKS


def _latin_classes(text: str, start: int, end: int) -> str:
    """`latin space-before space-after`, naming the sides that face Han; empty if neither does."""
    sides = " space-before" * bool(start and _IS_HAN.match(text[start - 1]))
    sides += " space-after" * bool(end < len(text) and _IS_HAN.match(text[end]))
    return EDGE_SPACING_CLASS + sides if sides else ""
