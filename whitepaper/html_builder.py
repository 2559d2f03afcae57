"""Book + chart SVGs -> one HTML document, through the Jinja2 templates beside this module.

Templates hold structure only; every word printed comes from the Book. Undefined names are errors, and
all text is escaped, so content can never inject markup.
"""

import base64
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from .model import Book, BulletList, Chart, Figure, Labels, Paragraph
from .typography import plain_text, typeset

TEMPLATES_DIR = Path(__file__).parent / "templates"


def make_environment() -> jinja2.Environment:
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
                             figure=lambda block: isinstance(block, Figure))
    environment.filters["svg_data_uri"] = svg_data_uri
    environment.filters["plain_text"] = lambda text: escape(plain_text(text))
    environment.filters["chart_alt"] = lambda chart, labels: escape(chart_alt_text(chart, labels))
    return environment


def _finalize(value):
    """Every printed string becomes typeset HTML (typography.py). Markup is left alone: what a macro made,
    and what `| plain_text` made for an attribute or the <title>, where markup cannot go."""
    return typeset(value) if isinstance(value, str) and not isinstance(value, Markup) else value


def chart_alt_text(chart: Chart, labels: Labels) -> str:
    """What a screen reader reads in place of a chart: its caption and kind, then every part with its value as
    printed, the derived remainder under its own label (其余（推算）); a chart of several series, each series
    with its values by category. The words come from content/book.yaml."""
    parts = "；".join(f"{item.label} {chart.printed(item)}" for item in chart.items) or "；".join(
        f"{series.name}：" + "，".join(f"{item.label} {chart.printed(item)}" for item in series.items)
        for series in chart.series)
    return f"{labels.table} {chart.number} {chart.title}（{labels.chart_kinds[chart.type]}）：{parts}"


def svg_data_uri(svg: str) -> Markup:
    return Markup("data:image/svg+xml;base64,") + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def build_html(book: Book, chart_svgs: dict[int, str], environment: jinja2.Environment | None = None,
               padding: int = 0) -> str:
    """padding: blank pages to add before the back cover, so that the page count suits the binding."""
    environment = environment or make_environment()
    return environment.get_template("book.html.j2").render(book=book, charts=chart_svgs, padding=padding)
