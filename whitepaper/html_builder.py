"""Book + chart SVGs -> one HTML document, through the Jinja2 templates beside this module.

Templates hold structure only; every word printed comes from the Book. Undefined names are errors, and
all text is escaped, so content can never inject markup.
"""

import base64
from pathlib import Path

import jinja2
import markupsafe

from .model import Book, BulletList, Figure, Paragraph
from .typography import space_han_latin

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
    return environment


def _finalize(value):
    """Every printed string passes through the Chinese spacing rules; markup our macros made is left alone."""
    if isinstance(value, markupsafe.Markup) or not isinstance(value, str):
        return value
    return space_han_latin(value)


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def build_html(book: Book, chart_svgs: dict[int, str], environment: jinja2.Environment | None = None) -> str:
    environment = environment or make_environment()
    return environment.get_template("book.html.j2").render(book=book, charts=chart_svgs)
