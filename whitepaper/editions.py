"""The two editions made from one source: what differs between the press's PDF and the reader's.

An Edition is plain data; the pipeline, the typesetter and preflight each read what concerns them.
"""

from dataclasses import dataclass

from .colours import ColourSpace
from .messages import say


@dataclass(frozen=True)
class Edition:
    name: str
    output_name: str  # file name under build/
    stylesheets: tuple[str, ...]  # under styles/, after styles/book.css
    colour_space: ColourSpace
    pdf_variant: str  # WeasyPrint's name of the PDF standard the file claims
    crop_marks: bool
    links: bool  # PDF/X allows no annotations on the printed area, so print has none
    legend_values: bool = False  # chart legends repeat each part's value: colour is not the only key (screen)


PRINT = Edition("print", "whitepaper.pdf", ("edition-print.css",), "cmyk", "pdf/x-4", crop_marks=True, links=False)
SCREEN = Edition("screen", "whitepaper-screen.pdf", (), "srgb", "pdf/ua-1", crop_marks=False, links=True,
                 legend_values=True)
EDITIONS = {edition.name: edition for edition in (PRINT, SCREEN)}


def edition_name(name: str) -> str:
    """The edition as the reader calls it: 印刷版, or "screen edition"."""
    return say("cli.print_edition") if name == "print" else say("cli.screen_edition")
