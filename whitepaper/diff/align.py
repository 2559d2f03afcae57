"""Two read books -> the list of changes from the old to the new, text aligned as text rather than page by page.

The text is first matched sentence by sentence (fast, and immune to reflow: line breaks are not part of the
text), then character by character inside the sentences that differ. So a character inserted in chapter 2 is
one change however many lines and pages move after it. What is equal in both is then checked for position:
a page whose text is unchanged but sits elsewhere (a line pushed to the next page, a chart moved, a line break
moved, other page boxes, a 目录 page number) is one layout change.
"""

import difflib
from dataclasses import dataclass, field

from ..diagnostics import BuildFailure
from ..messages import listed, say
from .reading import Book, Box, Chart, Glyph, TocNumber, union

SENTENCE_ENDS = set("。！？；：，、!?;")
SAME_BOOK = 0.5  # below this share of text in common, two files are not versions of one book
SENTENCE_FINAL = set("。！？!?")
JOIN_GAP = 16  # two changes this few characters apart in one sentence are told as one (a reworded phrase)
CONTEXT = 8  # characters shown either side of a change
WORD = set("0123456789.%,+-/ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
SHORT_WORD = 6  # characters: a word of the PDF this short (a name) is shown whole when part of it changed
MOVED = 0.5  # points: a glyph that moved less is where it was


class NotSameBook(BuildFailure):
    pass


@dataclass
class Change:
    kind: str  # inserted, deleted, replaced, chart, layout
    old_page: int  # from 1, as a PDF reader numbers pages
    new_page: int
    old_text: str
    new_text: str
    before: str = ""  # the words around it
    after: str = ""
    chart: str = ""  # a chart's caption
    note: str = ""  # for layout changes: what moved
    old_boxes: list[Box] = field(default_factory=list)  # where it is on old_page, for outlines
    new_boxes: list[Box] = field(default_factory=list)

    def as_json(self) -> dict:
        keys = ("kind", "old_page", "new_page", "old_text", "new_text", "before", "after", "chart", "note")
        return {key: getattr(self, key) for key in keys}


def compare(old: Book, new: Book) -> list[Change]:
    old_keys, new_keys = [_key(token) for token in old.tokens], [_key(token) for token in new.tokens]
    changes, pairs = [], []
    touched_old: set[int] = set()  # pages (from 0) with a change of text
    touched_new: set[int] = set()
    old_units, new_units = _units(old.tokens, old_keys), _units(new.tokens, new_keys)
    opcodes = difflib.SequenceMatcher(None, [unit for unit, _ in old_units], [unit for unit, _ in new_units],
                                      autojunk=False).get_opcodes()
    _check_same_book(old, new, old_units, opcodes, max(len(old_keys), len(new_keys)))
    for tag, i1, i2, j1, j2 in opcodes:
        old_start, old_end = _span(old_units, i1, i2, len(old_keys))
        new_start, new_end = _span(new_units, j1, j2, len(new_keys))
        if tag == "equal":
            pairs += zip(range(old_start, old_end), range(new_start, new_end))
            continue
        characters = difflib.SequenceMatcher(None, old_keys[old_start:old_end], new_keys[new_start:new_end],
                                             autojunk=False)
        for block in characters.get_matching_blocks():
            pairs += ((old_start + block.a + k, new_start + block.b + k) for k in range(block.size))
        old_part, new_part = old_keys[old_start:old_end], new_keys[new_start:new_end]
        for a1, a2, b1, b2 in _joined(_apart_from_charts(characters.get_opcodes(), old_part, new_part), old_part):
            a1, a2, b1, b2 = old_start + a1, old_start + a2, new_start + b1, new_start + b2
            changes += _changes(old, new, old_keys, new_keys, a1, a2, b1, b2)
            touched_old |= {old.tokens[i].page for i in range(a1, a2)} | {_page(old, a1, a2) - 1}
            touched_new |= {new.tokens[j].page for j in range(b1, b2)} | {_page(new, b1, b2) - 1}
    changes += _layout_changes(old, new, pairs, touched_old, touched_new)
    return sorted(changes, key=lambda change: (change.new_page, change.old_page))


def _check_same_book(old: Book, new: Book, old_units, opcodes, length: int) -> None:
    """Versions of one book share most of their sentences; two books do not (and comparing them character by
    character would take long for nothing)."""
    spans = [_span(old_units, i1, i2, len(old.tokens)) for tag, i1, i2, _, _ in opcodes if tag == "equal"]
    common = sum(end - start for start, end in spans)
    if common < SAME_BOOK * length:
        raise NotSameBook(say("diff.not_same_book", old=old.path, new=new.path,
                              share=f"{100 * common / max(length, 1):.0f}"))


def _key(token: Glyph | Chart) -> str:
    return token.char if isinstance(token, Glyph) else "\x00chart\x1f" + token.key


def _units(tokens: list[Glyph | Chart], keys: list[str]) -> list[tuple[str, int]]:
    """The text cut into sentences, charts and words set apart by white space within a line (a name of the
    编委会), each with the index of its first token. Line ends cut nothing: they move when text reflows."""
    units, start = [], 0
    for index, key in enumerate(keys):
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if (key in SENTENCE_ENDS or _is_chart(key) or isinstance(following, Chart)
                or (following and following.line == tokens[index].line and following.word != tokens[index].word)):
            units.append(("".join(keys[start:index + 1]), start))
            start = index + 1
    if start < len(keys):
        units.append(("".join(keys[start:]), start))
    return units


def _span(units, first: int, last: int, total: int) -> tuple[int, int]:
    start = units[first][1] if first < len(units) else total
    end = units[last][1] if last < len(units) else total
    return start, end


def _apart_from_charts(opcodes, old_keys: list[str], new_keys: list[str]):
    """The differing stretches, each chart in one cut out on its own: a new caption and new figures of one chart
    are two changes, the text and the chart."""
    for tag, a1, a2, b1, b2 in opcodes:
        old_charts = [index for index in range(a1, a2) if _is_chart(old_keys[index])]
        new_charts = [index for index in range(b1, b2) if _is_chart(new_keys[index])]
        if tag == "equal" or not old_charts or len(old_charts) != len(new_charts):
            yield tag, a1, a2, b1, b2
            continue
        for old_chart, new_chart in zip(old_charts, new_charts):
            yield "replace", a1, old_chart, b1, new_chart  # the text before the chart (perhaps none)
            if old_keys[old_chart] != new_keys[new_chart]:
                yield "replace", old_chart, old_chart + 1, new_chart, new_chart + 1
            a1, b1 = old_chart + 1, new_chart + 1
        yield "replace", a1, a2, b1, b2


def _is_chart(key: str) -> bool:
    return len(key) > 1


def _joined(opcodes, keys: list[str]) -> list[tuple[int, int, int, int]]:
    """The differing stretches, with those a few characters apart in one sentence joined into one: "12.9" ->
    "13.1" rather than "2" -> "3" and "9" -> "1"; a reworded phrase as one change. A chart is never joined."""
    stretches: list[list[int]] = []
    for tag, a1, a2, b1, b2 in opcodes:
        if tag == "equal" or (a1 == a2 and b1 == b2):
            continue
        gap = keys[stretches[-1][1]:a1] if stretches else []
        chart = a2 - a1 == 1 and _is_chart(keys[a1])
        if (stretches and not chart and not stretches[-1][4] and len(gap) <= JOIN_GAP
                and not any(key in SENTENCE_FINAL or _is_chart(key) for key in gap)):
            stretches[-1][1], stretches[-1][3] = a2, b2
        else:
            stretches.append([a1, a2, b1, b2, chart])
    return [tuple(stretch[:4]) for stretch in stretches]


def _changes(old: Book, new: Book, old_keys, new_keys, a1: int, a2: int, b1: int, b2: int) -> list[Change]:
    old_charts = [token for token in old.tokens[a1:a2] if isinstance(token, Chart)]
    new_charts = [token for token in new.tokens[b1:b2] if isinstance(token, Chart)]
    if old_charts and len(old_charts) == len(new_charts) and a2 - a1 == len(old_charts) == b2 - b1:
        return [_chart_change(before, after) for before, after in zip(old_charts, new_charts)]
    while a1 < a2 and b1 < b2 and old_keys[a2 - 1] == new_keys[b2 - 1]:  # what both end with is no change
        a2, b2 = a2 - 1, b2 - 1
    while a1 < a2 and b1 < b2 and old_keys[a1] == new_keys[b1]:
        a1, b1 = a1 + 1, b1 + 1
    # words cut by the change are shown whole: 12.9% -> 13.1%, not 2.9 -> 3.1; 盖泓竹 -> 盖泓华, not 竹 -> 华
    reference, r1, r2 = (new, b1, b2) if b2 > b1 else (old, a1, a2)
    while a1 > 0 and b1 > 0 and (_in_word(old_keys, a1 - 1, _at(old_keys, a1) or _at(new_keys, b1))
                                 or _same_short_word(reference.tokens, r1 - 1, r1)):
        a1, b1, r1 = a1 - 1, b1 - 1, r1 - 1
    while a2 < len(old_keys) and b2 < len(new_keys) and (
            _in_word(old_keys, a2, old_keys[a2 - 1] if a2 > a1 else new_keys[b2 - 1])
            or _same_short_word(reference.tokens, r2 - 1, r2)):
        a2, b2, r2 = a2 + 1, b2 + 1, r2 + 1
    old_text, new_text = _text(old.tokens[a1:a2]), _text(new.tokens[b1:b2])
    kind = "replaced" if old_text and new_text else "inserted" if new_text else "deleted"
    page = new.tokens[min(b1, len(new.tokens) - 1)].page if new.tokens else 0
    return [Change(kind, _page(old, a1, a2), _page(new, b1, b2), old_text, new_text,
                   before=_context(new.tokens[max(0, b1 - CONTEXT):b1], page),
                   after=_context(new.tokens[b2:_word_end(new_keys, b2 + CONTEXT)], page),
                   old_boxes=_boxes(old, a1, a2), new_boxes=_boxes(new, b1, b2))]


def _context(tokens, page: int) -> str:
    """The words around a change: text on the change's own page, charts left out."""
    return _text(token for token in tokens if token.page == page and isinstance(token, Glyph))


def _word_end(keys: list[str], end: int) -> int:
    """The end of the words around a change, past a number it would cut (…占比 63.3%, not …占比 6)."""
    while 0 < end < len(keys) and keys[end] in WORD and keys[end - 1] in WORD:
        end += 1
    return end


def _in_word(keys: list[str], index: int, neighbour: str) -> bool:
    """A digit, Latin letter or mark of a number next to one in the change."""
    return keys[index] in WORD and neighbour in WORD


def _same_short_word(tokens, first: int, second: int) -> bool:
    """Two characters of one short word of the PDF (a name in the 编委会, say), as white space sets words apart."""
    if first < 0 or second >= len(tokens):
        return False
    a, b = tokens[first], tokens[second]
    return isinstance(a, Glyph) and isinstance(b, Glyph) and a.word == b.word and a.word_length <= SHORT_WORD


def _at(keys: list[str], index: int) -> str:
    return keys[index] if index < len(keys) else ""


def _chart_change(before: Chart, after: Chart) -> Change:
    """Only the words that differ: 12.9% -> 13.1%."""
    old_words, new_words = [], []
    for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(None, before.words, after.words,
                                                       autojunk=False).get_opcodes():
        if tag != "equal":
            old_words.append(" ".join(before.words[a1:a2]))
            new_words.append(" ".join(after.words[b1:b2]))
    return Change("chart", before.page + 1, after.page + 1, ", ".join(old_words), ", ".join(new_words),
                  chart=after.caption, old_boxes=[before.box], new_boxes=[after.box])


def _text(tokens) -> str:
    return "".join(token.char if isinstance(token, Glyph) else f"[{token.caption}]" for token in tokens)


def _page(book: Book, start: int, end: int) -> int:
    """The page (from 1) where a stretch starts; an empty one is on the page of the text just before it."""
    if start < end or start < len(book.tokens):
        return book.tokens[start if start < end else max(0, start - 1)].page + 1
    return book.tokens[-1].page + 1 if book.tokens else 1


def _boxes(book: Book, start: int, end: int) -> list[Box]:
    """Where a stretch is drawn on its first page, one box per line; the point of a deletion is marked by the
    character before it."""
    tokens = book.tokens[start:end] or book.tokens[max(0, start - 1):start] or book.tokens[:1]
    first_page = tokens[0].page if tokens else 0
    lines: list[Box] = []
    for token in tokens:
        if token.page != first_page:
            break
        box = token.box
        if lines and abs(lines[-1][1] - box[1]) < 2 and box[0] >= lines[-1][0] - 1 and isinstance(token, Glyph):
            last = lines[-1]
            lines[-1] = (min(last[0], box[0]), min(last[1], box[1]), max(last[2], box[2]), max(last[3], box[3]))
        else:
            lines.append(box)
    return lines


def _layout_changes(old: Book, new: Book, pairs: list[tuple[int, int]], touched_old: set[int],
                    touched_new: set[int]) -> list[Change]:
    """One change per new page whose text is unchanged but whose layout is not that of the old page it came
    from. Pages with a text change are left out: the change itself is reported there."""
    by_new_page: dict[int, list[tuple[int, int]]] = {}
    destinations: dict[int, set[int]] = {}  # old page -> the new pages its text went to
    for i, j in pairs:
        by_new_page.setdefault(new.tokens[j].page, []).append((i, j))
        destinations.setdefault(old.tokens[i].page, set()).add(new.tokens[j].page)
    toc_notes = _toc_changes(old, new)
    found = []
    for page in new.pages:
        page_pairs = by_new_page.get(page.index, [])
        old_pages = sorted({old.tokens[i].page for i, _ in page_pairs})
        old_page = old_pages[0] if old_pages else min(page.index, len(old.pages) - 1)
        if page.index in touched_new or (not page_pairs and old_page in touched_old):
            continue
        notes = []
        if len(old_pages) > 1 or any(destinations[q] != {page.index} for q in old_pages):
            notes.append(say("diff.across_page_break", pages=listed(q + 1 for q in old_pages)))
            notes += [say("diff.chart_moved_here", chart=new.tokens[j].caption, page=old.tokens[i].page + 1)
                      for i, j in page_pairs if isinstance(new.tokens[j], Chart) and old.tokens[i].page != page.index]
        elif page_pairs:
            notes += _moved(old, new, page_pairs)
        notes += [say("diff.box_changed", box=name, old=_box_text(old.pages[old_page].boxes[name]), new=_box_text(box))
                  for name, box in page.boxes.items() if _differs(old.pages[old_page].boxes[name], box)]
        old_boxes = [union([old.tokens[i].box for i, _ in page_pairs]) if page_pairs else old.pages[old_page].trim]
        new_boxes = [union([new.tokens[j].box for _, j in page_pairs]) if page_pairs else page.trim]
        if page.index in toc_notes and not notes:  # only 目录 numbers changed: mark them alone
            old_boxes, new_boxes = [before.box for before, _ in toc_notes[page.index]], []
            new_boxes = [after.box for _, after in toc_notes[page.index]]
        notes += [say("diff.toc_number", title=after.title, old=before.number, new=after.number)
                  for before, after in toc_notes.get(page.index, [])]
        if notes:
            found.append(Change("layout", old_page + 1, page.index + 1, "", "",
                                note=say("diff.notes_joiner").join(notes),
                                old_boxes=old_boxes, new_boxes=new_boxes))
    if len(new.pages) != len(old.pages):  # said on the last page: pages added or gone, blank ones too
        count = say("diff.page_count", pages=len(new.pages), old=len(old.pages))
        last = next((change for change in found if change.new_page == len(new.pages)), None)
        if last:
            last.note += say("diff.notes_joiner") + count
        else:
            found.append(Change("layout", len(old.pages), len(new.pages), "", "", note=count,
                                old_boxes=[old.pages[-1].trim], new_boxes=[new.pages[-1].trim]))
    return found


def _moved(old: Book, new: Book, page_pairs: list[tuple[int, int]]) -> list[str]:
    """How the unchanged text of one page moved on it, relative to the trim."""
    old_trim, new_trim = old.pages[old.tokens[page_pairs[0][0]].page].trim, new.pages[new.tokens[page_pairs[0][1]].page].trim
    shifts = []
    for i, j in page_pairs:
        a, b = old.tokens[i].box, new.tokens[j].box
        shifts.append((round((b[0] - new_trim[0]) - (a[0] - old_trim[0]), 1),
                       round((b[1] - new_trim[1]) - (a[1] - old_trim[1]), 1)))
    moved = [shift for shift in shifts if abs(shift[0]) > MOVED or abs(shift[1]) > MOVED]
    if not moved:
        return []
    charts = [say("diff.chart_moved", chart=token.caption) for (i, j) in page_pairs
              if isinstance(token := new.tokens[j], Chart) and _differs(old.tokens[i].box, token.box,
                                                                      old_trim, new_trim)]
    if len(set(shifts)) == 1:
        dx, dy = shifts[0]
        vertical = (say("diff.up", pt=abs(dy)) if dy > 0 else say("diff.down", pt=abs(dy))) if abs(dy) > MOVED else ""
        across = (say("diff.right", pt=abs(dx)) if dx > 0 else say("diff.left", pt=abs(dx))) if abs(dx) > MOVED else ""
        return charts + [say("diff.everything_moved", where=listed(part for part in (vertical, across) if part))]
    return charts + [say("diff.lines_moved", moved=len(moved), characters=len(shifts))]


def _toc_changes(old: Book, new: Book) -> dict[int, list[tuple[TocNumber, TocNumber]]]:
    """目录 page numbers that changed, per new page, matched by the entries' titles."""
    notes: dict[int, list[tuple[TocNumber, TocNumber]]] = {}
    matcher = difflib.SequenceMatcher(None, [entry.title for entry in old.toc], [entry.title for entry in new.toc],
                                      autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            before, after = old.toc[block.a + k], new.toc[block.b + k]
            if before.number != after.number:
                notes.setdefault(after.page, []).append((before, after))
    return notes


def _differs(a: Box, b: Box, a_origin: Box = (0, 0, 0, 0), b_origin: Box = (0, 0, 0, 0)) -> bool:
    return any(abs((x - a_origin[k % 2]) - (y - b_origin[k % 2])) > MOVED for k, (x, y) in enumerate(zip(a, b)))


def _box_text(box: Box) -> str:
    return "[" + " ".join(f"{value:.1f}" for value in box) + "]"
