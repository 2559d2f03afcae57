"""A chapter's Markdown -> blocks: every construct an editor may write is typeset, or refused at file:line with
what to write instead. Nothing is dropped.

In: a MarkdownSource and a `place` callback that turns `![…](file)` into a chart, table or picture (assemble's
shelf). Out: the blocks before the first `##` heading and, per section, its title and blocks; problems are
appended to the list given.

The language is CommonMark plus GFM pipe tables, footnotes (`[^1]`) and `::: 专栏` boxes (mdit-py-plugins).
"""

import dataclasses
import re
import unicodedata
from urllib.parse import urlparse

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.parser_inline import ParserInline
from markdown_it.rules_inline.state_inline import Scanned, StateInline
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from . import schema, tables
from .diagnostics import Location, Problem
from .messages import say
from .model import (BulletList, Footnote, Heading, Inline, LineBreak, ListItem, NoteCall, Paragraph, Quote, Styled,
                    Table, TableCell, plain)
from .references import LABEL_MARK, LABEL_START
from .sources import MarkdownSource

class _ChineseInlineState(StateInline):
    """CommonMark opens `**` only where the mark after it is not punctuation, or where a space or punctuation is
    before it; Chinese has no spaces, so 「内容**“重点”**内容」 would print its asterisks. Here a Chinese character
    counts as punctuation beside `*` and `_` (as markdown-it-cjk-friendly proposes), so bold and emphasis open
    and close next to Chinese marks; nothing changes where they did already."""

    def scanDelims(self, start: int, canSplitWord: bool) -> Scanned:
        before = self.src[start - 1] if start > 0 else " "
        end = start
        while end < self.posMax and self.src[end] == self.src[start]:
            end += 1
        after = self.src[end] if end < self.posMax else " "
        punctuation_before = _wide(before) or isMdAsciiPunct(ord(before)) or isPunctChar(before)
        punctuation_after = _wide(after) or isMdAsciiPunct(ord(after)) or isPunctChar(after)
        space_before, space_after = isWhiteSpace(ord(before)), isWhiteSpace(ord(after))
        left = not (space_after or (punctuation_after and not (space_before or punctuation_before)))
        right = not (space_before or (punctuation_before and not (space_after or punctuation_after)))
        return Scanned(left and (canSplitWord or not right or punctuation_before),
                       right and (canSplitWord or not left or punctuation_after), end - start)


class _ChineseInlineParser(ParserInline):
    def parse(self, src, md, env, tokens):
        state = _ChineseInlineState(src, md, env, tokens)
        self.tokenize(state)
        for rule in self.ruler2.getRules(""):
            rule(state)
        return state.tokens


BOX = "box"  # the container's name for the parser; editors write the box label (专栏) after `:::`
_markdown = (MarkdownIt("commonmark", {"html": False})  # HTML in content is text, never markup
             .enable("table")
             .use(footnote_plugin)
             .use(container_plugin, name=BOX, validate=lambda params, markup: True))
_markdown.validateLink = lambda url: True  # every target reaches the shelf or `_link`, which judge it
_markdown.inline.__class__ = _ChineseInlineParser  # keeps its rules; only the state it parses with differs
_markdown.disable("entity")  # `&amp;` is printed as typed: text is data, and `&#0;` cannot slip past the glyph check

UNCITED = re.compile(r"\[\^([^\]\s]+)\]")
UNREAD_PICTURE = re.compile(r"!\[[^\]]*\]\([^)]*\)")  # `![…](…)` left as text: a space in the file name, say
LINK_SCHEMES = ("http", "https", "mailto")


def _refusal(kind: str) -> str:
    """Why a block Markdown knows is not used in the book, and what to write instead."""
    if kind == "fence":
        return say("markdown.code_block")
    if kind == "code_block":
        return say("markdown.indented_code_block")
    if kind == "hr":
        return say("markdown.rule")
    if kind == "html_block":
        return say("markdown.html_block")
    return say("markdown.block_not_used", kind=kind)


@dataclasses.dataclass
class _Context:
    source: MarkdownSource
    problems: list[Problem]
    place: object  # (target, alt, title, where) -> Block | None
    labels: object  # model.Labels
    chapter: int | None  # None outside a chapter: no headings then
    numbering: dict[str, int]  # numbers that run through the book (boxes), shared by every file
    notes: dict[int, Footnote] = dataclasses.field(default_factory=dict)
    cited: set[int] = dataclasses.field(default_factory=set)
    sections: list = dataclasses.field(default_factory=list)  # [(title, blocks, label, where)]
    subsections: int = 0
    reading_notes: bool = False  # while the notes themselves are read

    def where(self, token) -> Location:
        return Location(self.source.path, (token.map[0] if token.map else 0) + self.source.body_line)

    def refuse(self, where: Location, message: str) -> None:
        self.problems.append(Problem(where, message))


def read_blocks(source: MarkdownSource, problems: list[Problem], place, labels, chapter: int | None,
                numbering: dict[str, int]):
    """Markdown body -> (blocks before the first `##` heading, [(section title, blocks, label, where)])."""
    env: dict = {}
    tokens = _markdown.parse(source.body, env)
    context = _Context(source, problems, place, labels, chapter, numbering)
    body_end = next((index for index, token in enumerate(tokens) if token.type == "footnote_block_open"), len(tokens))
    context.reading_notes = True
    _read_notes(tokens[body_end:], context)
    context.reading_notes = False
    intro: list = []
    too_deep = next((token for token in tokens if token.level >= _markdown.options["maxNesting"] - 1), None)
    if too_deep:  # Markdown stops reading there, and what lies deeper would be left out without a word
        line = next(token.map[0] for token in reversed(tokens[:tokens.index(too_deep) + 1]) if token.map)
        context.refuse(Location(source.path, line + source.body_line),
                       say("markdown.nested_too_deeply"))
        return intro, context.sections
    _read(tokens[:body_end], context, intro, top=True)
    _check_notes(env, context)
    _check_definitions(env, context)
    return intro, context.sections


def _read(tokens, context: _Context, blocks: list, top: bool) -> None:
    """Blocks of `tokens` appended to `blocks`; at the top level `##` headings open new sections."""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        end = _block_end(tokens, index)
        where = context.where(token)
        if context.chapter is None and token.type not in ("heading_open", "paragraph_open"):
            context.refuse(where, say("markdown.preface_paragraphs_only"))
        elif token.type == "heading_open":
            blocks = _heading(tokens[index], tokens[index + 1], where, context, blocks, top)
        elif token.type == "paragraph_open":
            if end < len(tokens) and tokens[end].type == "table_open" and token.map[1] == tokens[end].map[0]:
                table_end = _block_end(tokens, end)
                _append(blocks, _table(tokens[index + 1], tokens[end:table_end], where, context))
                end = table_end
            else:
                _append(blocks, _paragraph_or_placed(tokens[index + 1], where, context))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            blocks.append(_list(tokens[index:end], where, context, depth=1))
        elif token.type == "table_open":
            context.refuse(where, say("markdown.table_without_caption", label=context.labels.table))
        elif token.type == "blockquote_open":
            inner: list = []
            _read(tokens[index + 1:end - 1], context, inner, top=False)
            blocks.append(Quote(tuple(inner)))
        elif token.type == f"container_{BOX}_open":
            _append(blocks, _box(token, tokens[index + 1:end - 1], where, context))
        else:
            context.refuse(where, _refusal(token.type))
        index = end


def _append(blocks: list, block) -> None:
    if block is not None:
        blocks.append(block)


def _block_end(tokens, index: int) -> int:
    """Index after the block that starts at `index` (after its closing token, for container blocks)."""
    level = tokens[index].nesting
    index += 1
    while level > 0 and index < len(tokens):
        level += tokens[index].nesting
        index += 1
    return index


def _heading(token, inline, where: Location, context: _Context, blocks: list, top: bool) -> list:
    """The blocks list that follows the heading: a new section's after `##`."""
    title, label = _plain_line(inline, where, context, say("markdown.a_heading"))
    level = int(token.tag[1])
    if token.markup in ("-", "="):
        context.refuse(where, say("markdown.underlined_heading", line=token.markup * 3))
    elif context.chapter is None:
        context.refuse(where, say("markdown.no_headings_here"))
    elif not title:
        context.refuse(where, say("markdown.heading_without_title", marks="#" * level))
    elif level == 1:
        context.refuse(where, say("markdown.heading_level_one"))
    elif level > 3:
        context.refuse(where, say("markdown.heading_too_deep", marks="#" * level))
    elif not top:
        context.refuse(where, say("markdown.heading_inside_block"))
    elif level == 2 and len(title) > schema.LONGEST_TOC_TITLE and \
            context.source.front_matter.data.get("sections_in_toc"):
        context.refuse(where, say("markdown.section_title_too_long", length=len(title), most=schema.LONGEST_TOC_TITLE))
    elif level == 2:
        context.subsections = 0
        section: list = []
        context.sections.append((title, section, label, where))
        return section
    elif not context.sections:
        context.refuse(where, say("markdown.subsection_before_section"))
    else:
        context.subsections += 1
        section_number = f"{context.chapter}-{len(context.sections)}-{context.subsections}"
        blocks.append(Heading(f"{context.chapter}.{len(context.sections)}.{context.subsections}", title,
                              f"section-{section_number}", label, where))
    return blocks


def _paragraph_or_placed(inline, where: Location, context: _Context):
    images = [child for child in inline.children or [] if child.type == "image"]
    if not images:
        return _paragraph(inline, where, context)
    others = "".join(child.content for child in inline.children if child.type != "image")
    label = LABEL_MARK.fullmatch(others)  # `![…](…){#label}`
    if len(images) != 1 or (others.strip() and not label):
        context.refuse(where, say("markdown.picture_not_alone"))
        return None
    image = images[0]
    return context.place(image.attrs.get("src", ""), image.content, image.attrs.get("title"), where,
                         label.group(1) if label else None)


def _paragraph(inline, where: Location, context: _Context) -> Paragraph:
    runs = _inlines(inline, where, context)
    text = plain(runs)
    _check_markup(text, where, context)
    return Paragraph(text, where, runs)


def _plain_line(inline, where: Location, context: _Context, what: str) -> tuple[str, str]:
    """The text of a heading or caption, which is set in its own style: markup in it would be lost, so it is refused.
    And the label a `{#label}` at its end gives it ("" if none)."""
    runs = _inlines(inline, where, context)
    if not all(isinstance(run, str) for run in runs):
        context.refuse(where, say("markdown.plain_text_only", what=what))
    text = plain(runs).strip()
    label = LABEL_MARK.search(text)
    if label:
        text = text[:label.start()].rstrip()
    _check_markup(text, where, context)
    return text, label.group(1) if label else ""


def _check_markup(text: str, where: Location, context: _Context) -> None:
    tag = schema.html_tag(text)
    if tag:
        context.refuse(where, schema.html_advice(tag))
    word = schema.long_word(text)
    if word:
        context.refuse(where, schema.long_word_advice(word))
    unread = UNREAD_PICTURE.search(text)
    if unread:
        context.refuse(where, say("markdown.picture_not_read", written=unread.group(0)))
    if LABEL_START in text:
        context.refuse(where, say("refs.label_misplaced"))
    for label in UNCITED.findall(text):
        context.refuse(where, say("markdown.note_not_written", label=label))


def _inlines(inline, where: Location, context: _Context) -> tuple[Inline, ...]:
    """An inline token's children as nested runs; a source line break becomes a space between Latin words only."""
    stack: list[tuple[str | None, str | None, list]] = [(None, None, [])]
    for child in inline.children or []:
        runs = stack[-1][2]
        if child.type in ("text", "code_inline"):
            runs.append(child.content)
        elif child.type == "softbreak":
            runs.append(SOFT_BREAK)
        elif child.type == "hardbreak":
            runs.append(LineBreak())
        elif child.type in ("strong_open", "em_open", "link_open"):
            kind = {"strong_open": "strong", "em_open": "emphasis", "link_open": "link"}[child.type]
            stack.append((kind, _link(child.attrs.get("href", ""), where, context) if kind == "link" else None, []))
        elif child.type in ("strong_close", "em_close", "link_close"):
            kind, target, children = stack.pop()
            stack[-1][2].append(Styled(kind, tuple(children), target))
        elif child.type == "footnote_ref" and context.reading_notes:
            context.refuse(where, say("markdown.note_citing_note"))
        elif child.type == "footnote_ref":
            runs.extend(_note_call(child.meta["id"], child.meta["label"], where, context))
        elif child.type == "image":
            context.refuse(where, say("markdown.picture_not_alone"))
        else:
            context.refuse(where, say("markdown.inline_not_used", markup=child.markup or child.type))
    return _resolve_soft_breaks(tuple(stack[0][2]))


SOFT_BREAK = "\n"


def _resolve_soft_breaks(runs: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A line break in the source is a space between two Latin words (ESG⏎report), nothing beside Chinese."""
    text = plain(runs)
    offset = 0

    def resolve(runs):
        nonlocal offset
        resolved = []
        for run in runs:
            if isinstance(run, str):
                pieces = []
                for char in run:
                    if char == SOFT_BREAK:
                        before, after = text[:offset].rstrip(), text[offset + 1:].lstrip()
                        char = " " if before and after and not (_wide(before[-1]) or _wide(after[0])) else ""
                    pieces.append(char)
                    offset += 1
                resolved.append("".join(pieces))
            elif isinstance(run, Styled):
                resolved.append(Styled(run.kind, resolve(run.children), run.target))
            else:
                resolved.append(run)
        return tuple(piece for piece in resolved if piece != "")

    return resolve(runs)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _link(target: str, where: Location, context: _Context) -> str:
    if urlparse(target).scheme not in LINK_SCHEMES:
        context.refuse(where, say("markdown.link_not_an_address", target=target))
    return target


def _read_notes(tokens, context: _Context) -> None:
    """The footnotes, written anywhere in the file as `[^1]: …`, by the parser's number."""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "footnote_open":
            end = _block_end(tokens, index)
            inlines = [inner for inner in tokens[index:end] if inner.type == "inline"]
            where = context.where(next((inner for inner in tokens[index:end] if inner.map), token))
            runs: list[Inline] = []
            for paragraph in inlines:
                runs.extend(([LineBreak()] if runs else []) + list(_inlines(paragraph, where, context)))
            if any(inner.type not in ("paragraph_open", "paragraph_close", "inline", "footnote_anchor")
                   for inner in tokens[index + 1:end - 1]):
                context.refuse(where, say("markdown.footnote_text_only"))
            _check_markup(plain(tuple(runs)), where, context)
            context.notes[token.meta["id"]] = Footnote(tuple(runs), where)
            index = end
        else:
            index += 1


def _note_call(number: int, label: str, where: Location, context: _Context) -> list[Inline]:
    if number in context.cited:
        context.refuse(where, say("markdown.note_cited_twice", label=label))
        return []
    context.cited.add(number)
    return [NoteCall(context.notes[number])] if number in context.notes else []


def _check_notes(env: dict, context: _Context) -> None:
    """A note that no `[^label]` cites would vanish: say where it is."""
    for key, number in env.get("footnotes", {}).get("refs", {}).items():
        if number < 0:
            label = key[1:]
            line = next((number for number, text in enumerate(context.source.body.splitlines())
                         if text.lstrip().startswith(f"[^{label}]:")), 0)
            context.refuse(Location(context.source.path, line + context.source.body_line),
                           say("markdown.note_never_cited", label=label))


def _check_definitions(env: dict, context: _Context) -> None:
    """A line `[1]: …` is a link definition to Markdown, which prints nothing: such a line would vanish."""
    for reference in env.get("references", {}).values():
        line = (reference.get("map") or [0])[0] + context.source.body_line
        context.refuse(Location(context.source.path, line),
                       say("markdown.link_definition"))


def _list(tokens, where: Location, context: _Context, depth: int) -> BulletList:
    """A list and the lists inside its items, whose numbers go 1. / （1） / ① by depth (styles/book.css)."""
    ordered = tokens[0].type == "ordered_list_open"
    start = int(tokens[0].attrs.get("start", 1)) if ordered else None
    entries = []
    index = 1
    while index < len(tokens) - 1:
        item_end = _block_end(tokens, index)
        paragraphs, lists = [], []
        inner = index + 1
        while inner < item_end - 1:
            token = tokens[inner]
            inner_end = _block_end(tokens, inner)
            token_where = context.where(token) if token.map else where
            if token.type == "paragraph_open":
                paragraphs.append(_paragraph(tokens[inner + 1], token_where, context))
            elif token.type in ("bullet_list_open", "ordered_list_open"):
                lists.append(_list(tokens[inner:inner_end], token_where, context, depth + 1))
            else:
                context.refuse(token_where, say("markdown.list_item_text_only"))
            inner = inner_end
        first = paragraphs[0] if paragraphs else Paragraph("", where)
        number = start + len(entries) if ordered else None
        entries.append(ListItem(first, number, tuple(lists), tuple(paragraphs[1:])))
        index = item_end
    return BulletList(tuple(entries), where, ordered, depth)


def _box(token, tokens, where: Location, context: _Context) -> Quote | None:
    """`::: 专栏 标题` … `:::`: a call-out box, numbered through the book."""
    label, _, title = token.info.strip().partition(" ")
    if label != context.labels.box or not title.strip():
        context.refuse(where, say("markdown.unknown_box", written=token.info.strip(), label=context.labels.box))
        return None
    _check_markup(title, where, context)
    inner: list = []
    _read(tokens, context, inner, top=False)
    context.numbering["box"] = context.numbering.get("box", 0) + 1
    return Quote(tuple(inner), title.strip(), context.numbering["box"])


CELL_BORDER = re.compile(r"(?<!\\)\|")  # a | not written as \|


def _check_row_width(line: int, columns: int, context: _Context) -> None:
    """GFM drops the cells of a row beyond the header's: say so rather than lose them."""
    text = context.source.body.splitlines()[line].strip()
    cells = len(CELL_BORDER.split(text.removeprefix("|").removesuffix("|")))
    if cells > columns:
        context.refuse(Location(context.source.path, line + context.source.body_line),
                       say("markdown.row_too_long", cells=cells, columns=columns))


def _table(caption, tokens, where: Location, context: _Context) -> Table | None:
    """A GFM pipe table under its caption line `表 标题` (or `表 N 标题`, N as the build numbers it)."""
    caption_text, label = _plain_line(caption, where, context, say("markdown.a_caption"))
    word = re.escape(context.labels.table)
    found = (re.fullmatch(rf"{word}\s*(\d{{1,9}})\s+(\S.*)", caption_text)
             or re.fullmatch(rf"{word}()\s+(\S.*)", caption_text))
    if not found:
        context.refuse(where, say("markdown.caption_unnumbered", label=context.labels.table, found=caption_text))
        return None
    context.numbering["table"] = number = context.numbering.get("table", 0) + 1
    if found.group(1) and int(found.group(1)) != number:
        context.refuse(where, say("refs.number_disagrees", typed=f"{context.labels.table} {found.group(1)}",
                                  word=context.labels.table, number=number))
    rows, row = [], []
    align = ""
    for token in tokens:
        if token.type == "tr_open" and token.map and rows:
            _check_row_width(token.map[0], len(rows[0]), context)
        if token.type in ("th_open", "td_open"):
            style = str(token.attrs.get("style", ""))
            align = next((side for side in ("left", "center", "right") if side in style), "")
        elif token.type == "inline":
            cell_runs = _inlines(token, where, context)
            _check_markup(plain(cell_runs), where, context)
            row.append(TableCell(cell_runs, header=not rows, align=align))
        elif token.type == "tr_close":
            rows.append(tuple(row))
            row = []
    head, body = tables.arrange(rows[:1], rows[1:])
    return Table(number, found.group(2), head, body, where, label=label)
