"""Book + chart SVGs -> one HTML document, through the Jinja2 templates beside this module.

Templates hold structure only; every word printed comes from the Book. Undefined names are errors, and
all text is escaped, so content can never inject markup.
"""

import base64
import functools
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from .model import (Book, BulletList, Chart, Figure, Heading, Inline, Labels, LineBreak, NoteCall, Paragraph, Picture,
                    Quote, Styled, Table, plain)
from .placement import citation_anchors
from .typography import Tag, marked_up, plain_text, spaced

TEMPLATES_DIR = Path(__file__).parent / "templates"


@functools.cache
def make_environment() -> jinja2.Environment:
    """One for the process: each build would otherwise compile every template again (auto_reload still notices an
    edited template)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    environment.tests.update(paragraph=lambda block: isinstance(block, Paragraph),
                             bullet_list=lambda block: isinstance(block, BulletList),
                             figure=lambda block: isinstance(block, Figure),
                             heading=lambda block: isinstance(block, Heading),
                             table=lambda block: isinstance(block, Table),
                             picture=lambda block: isinstance(block, Picture),
                             quote=lambda block: isinstance(block, Quote))
    environment.filters["inline"] = inline_html
    environment.filters["svg_data_uri"] = svg_data_uri
    environment.filters["plain_text"] = lambda text: escape(plain_text(text))
    environment.filters["spaced"] = lambda text: escape(spaced(text))
    environment.filters["chart_alt"] = lambda chart, labels: escape(chart_alt_text(chart, labels))
    return environment


def _finalize(value):
    """Every printed string is marked up by typography.marked_up. Markup is left alone: what a macro made,
    and what `| plain_text` made for an attribute or the <title>, where markup cannot go."""
    return marked_up(value) if isinstance(value, str) and not isinstance(value, Markup) else value


def chart_alt_text(chart: Chart, labels: Labels) -> str:
    """What a screen reader reads in place of a chart: its caption and kind, then every part with its value as
    printed, the derived remainder under its own label (其余（推算）); a chart of several series, each series
    with its values by category. The words come from content/book.yaml."""
    parts = "；".join(f"{item.label} {chart.printed(item)}" for item in chart.items) or "；".join(
        f"{series.name}：" + "，".join(f"{item.label} {chart.printed(item)}" for item in series.items)
        for series in chart.series)
    return f"{labels.table} {chart.number} {chart.title}（{labels.chart_kinds[chart.type]}）：{parts}"


def inline_html(runs: tuple[Inline, ...]) -> Markup:
    """Inline text as HTML: bold, emphasis, links and footnotes around the words, typeset as one string so that
    the rules of typography.py hold across the markup."""
    text: list[str] = []
    tags: list[Tag] = []

    def walk(runs) -> None:
        for run in runs:
            at = sum(map(len, text))
            if isinstance(run, str):
                text.append(run)
            elif isinstance(run, Styled):
                slot = len(tags)
                tags.append((at, at, "", ""))  # outer markup first, so that it opens first
                walk(run.children)
                end = sum(map(len, text))
                tags[slot] = (at, end, *_styled(run))
                if run.kind == "page":  # the page its target lands on, between its words: target-counter()
                    number = at + len(run.children[0])
                    tags.append((number, number, Markup('<span class="page-number" href="{}"></span>').format(
                        run.target), ""))
                if run.kind == "link" and plain(run.children).strip() not in (run.target, run.target.removeprefix("mailto:")):
                    tags.append((end, end, Markup('<span class="link-address">{}</span>').format(run.target), ""))
            elif isinstance(run, LineBreak):
                tags.append((at, at, Markup("<br>"), ""))
            elif isinstance(run, NoteCall):
                tags.append((at, at, Markup('<span class="footnote">') + inline_html(run.note.runs) + Markup("</span>"),
                             ""))

    walk(runs)
    return marked_up("".join(text), tags, paragraph=True)


def _styled(run: Styled) -> tuple[str, str]:
    if run.kind == "link":
        return Markup('<a class="link" href="{}">').format(run.target), Markup("</a>")
    if run.kind in ("ref", "page"):
        return Markup('<a class="{}" href="{}">').format(run.kind, run.target), Markup("</a>")
    tag = "strong" if run.kind == "strong" else "em"
    return Markup(f"<{tag}>"), Markup(f"</{tag}>")


def svg_data_uri(svg: str) -> Markup:
    return Markup("data:image/svg+xml;base64,") + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def build_html(book: Book, chart_svgs: dict[int, str], environment: jinja2.Environment | None = None,
               padding: int = 0, pictures: dict[Path, str] | None = None, grids: dict | None = None) -> str:
    """padding: blank pages to add before the back cover, so that the page count suits the binding. pictures: each
    picture's data URI for this edition (pictures.picture_uris): base64, nothing to typeset. grids: the 编委会's
    (committee_grid.committee_grids), so that a long name takes two cells; without them each takes one."""
    environment = environment or make_environment()
    pictures = {path: Markup(uri) for path, uri in (pictures or {}).items()}
    anchors = {id(paragraph): anchor for paragraph, anchor in citation_anchors(book).values()}
    return environment.get_template("book.html.j2").render(book=book, charts=chart_svgs, padding=padding,
                                                           pictures=pictures, grids=grids,
                                                           cites=lambda block: anchors.get(id(block)))
