"""Checks on the finished PDF itself, not on the HTML: what the print shop and the reader will get.

In: PDF bytes, the fonts folder and the edition the PDF claims to be. Out: a Report, one result per rule, each
with findings in plain words. Every rule reads the PDF back with a PDF library, so `whitepaper check` works
on a PDF made elsewhere too. One module per group of rules:

    pages    page boxes (A4 trim, 3 mm bleed, crop-mark room) and the live area
    fonts    embedded, bundled families only, no character the fonts lack; codes every reader draws alike
    colour   PDF/X-4 output intent, version and file ID; colour spaces (no RGB in print; no four-colour black
             text, none blended through a profile; small black text overprints, white text knocks out)
    toc      目录 numbers against folios; links and bookmarks against the 目录
    access   the screen edition's tags, language and metadata (PDF/UA-1)
    structure  the screen edition's structure tree as a screen reader reads it: artifacts, links, alt text
    contrast   the screen edition's text and chart marks against what they are drawn on (WCAG 2.2)
    pictures   pictures' resolution at their printed size
"""

import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

from ..editions import Edition
from ..processes import alongside
from ..diagnostics import BuildFailure
from . import access, colour, contrast, drawing, fonts, pages, pictures, structure, toc
from .intake import read_pdf, unreadable
from .reading import PdfUnderTest


@dataclass(frozen=True)
class Rule:
    name: str
    checks: str  # what passing means, for the summary
    run: object  # (PdfUnderTest) -> list[str]
    warns: bool = False  # its findings are warnings: printed, but the PDF passes
    reads: type | None = None  # its drawing.Reader: the rules that follow content streams share one walk


LIVE_AREA = Rule("live area", f"text and charts at least {pages.LIVE_AREA_INSET_MM} mm inside the trim",
                 pages.check_live_area)
FONTS = Rule("fonts", "all embedded and subset, only the bundled families, no missing glyph", fonts.check)
FONT_CODES = Rule("font codes", "every code reaches the same glyph by CID (Ghostscript, Acrobat, RIPs) as by "
                  "glyph number (PDFium, poppler)", fonts.check_codes, reads=fonts.FontCodes)
TOC_NUMBERS = Rule("目录", "each entry's page number is the folio of the page its heading is on", toc.check_numbers)
PRINT_RULES = (
    Rule("page boxes", "every page trimmed to A4 with 3 mm bleed, crop marks outside it", pages.check_print_boxes),
    LIVE_AREA,
    FONTS,
    FONT_CODES,
    Rule("PDF/X", "PDF/X-4 with a registered CMYK output intent and a file ID, no annotations on the printed area",
         colour.check_pdfx),
    Rule("colours", "CMYK, gray or registration only; black text pure K, never blended through a profile, "
         "overprinting at 12 pt or less", colour.check_print_colours, reads=colour.PrintColours),
    TOC_NUMBERS,
    Rule("pictures", f"every picture at least {pictures.LEAST_PPI} ppi as printed", pictures.check_least),
    Rule("picture quality", f"pictures at {pictures.GOOD_PPI} ppi or more as printed", pictures.check_good,
         warns=True),
)
SCREEN_RULES = (
    Rule("page boxes", "every page A4, without bleed or marks", pages.check_screen_boxes),
    LIVE_AREA,
    FONTS,
    FONT_CODES,
    TOC_NUMBERS,
    Rule("links", "each 目录 entry is a link to its heading's page", toc.check_links),
    Rule("bookmarks", "one bookmark per 目录 entry, in order, reading as its heading prints", toc.check_outline),
    Rule("accessibility", "tagged PDF/UA-1, document language, title and author", access.check),
    Rule("artifacts", "all text in the structure tree once or an Artifact; 目录 leaders are Artifacts",
         structure.check_artifacts),
    Rule("link tags", "each link one annotation in a Link element, none nested, described by its text",
         structure.check_link_tags),
    Rule("alt text", "each chart's alt text gives every value it draws", structure.check_alt_text),
    Rule("contrast", "text 4.5:1 (large 3:1), chart marks 3:1 against what they are drawn on", contrast.check),
)
RULES = {"print": PRINT_RULES, "screen": SCREEN_RULES}
# Run in a second process: the rules that follow content streams (one walk, drawing.py), and the screen's
# contrast. The rules on page objects stay here, where the text layer has loaded every page already.
ALONGSIDE = {"colours", "font codes", "contrast"}


@dataclass(frozen=True)
class RuleResult:
    rule: str
    checks: str
    findings: tuple[str, ...]
    warns: bool = False

    @property
    def passed(self) -> bool:
        return self.warns or not self.findings


@dataclass(frozen=True)
class Report:
    edition: str
    results: tuple[RuleResult, ...]

    @property
    def passed(self) -> bool:
        return all(result.passed for result in self.results)

    @property
    def findings(self) -> list[str]:
        return [f"{result.rule}: {finding}" for result in self.results for finding in result.findings
                if not result.warns]

    @property
    def warnings(self) -> list[str]:
        return [f"{result.rule}: {finding}" for result in self.results for finding in result.findings if result.warns]

    def summary(self) -> str:
        width = max(_display_width(result.rule) for result in self.results)
        lines = []
        for result in self.results:
            padding = " " * (width - _display_width(result.rule))
            verdict = "ok  " if not result.findings else "warn" if result.warns else "FAIL"
            lines.append(f"  {verdict}  {result.rule}{padding}  {result.checks}")
            lines.extend(f"          - {finding}" for finding in result.findings)
        return "\n".join(lines)

    def as_json(self) -> dict:
        return {"edition": self.edition, "passed": self.passed,
                "rules": [{**asdict(result), "passed": result.passed} for result in self.results]}


def _display_width(text: str) -> int:
    """Columns a terminal gives the text: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def text_block_rule(page_margins: list[tuple[float, float, float, float]]) -> Rule:
    """The rule for charts and pictures inside the text block, with each page's margins as laid out."""
    return Rule("text block", "charts and pictures inside the text block the page margins leave",
                lambda subject: pages.check_text_block(subject, page_margins))


def check(pdf: bytes, fonts_dir: Path, edition: Edition, page_margins: list | None = None) -> Report:
    """Every rule of the edition, and the text block's when each page's margins are known (top, right, bottom,
    left in points, as the layout set them: a PDF does not say them). The rules that follow content streams run
    in a second process where one can be forked, while this one reads the text and the page objects; a damaged
    file is reported before that."""
    rules = RULES[edition.name] + ((text_block_rule(page_margins),) if page_margins else ())
    others = tuple(rule for rule in rules if rule.name in ALONGSIDE)
    with PdfUnderTest.open(pdf, fonts_dir) as subject, alongside(lambda: _run(pdf, fonts_dir, others)) as theirs:
        findings = _findings(subject, tuple(rule for rule in rules if rule not in others)) | theirs.result()
    return Report(edition.name, tuple(RuleResult(rule.name, rule.checks, findings[rule.name], rule.warns)
                                      for rule in rules))


def check_file(path: Path, fonts_dir: Path, edition: Edition) -> Report:
    """`check` of a file from anywhere: what the PDF libraries cannot make sense of is one plain line, "not a
    readable PDF: …", never a traceback."""
    pdf = read_pdf(path)
    try:
        return check(pdf, fonts_dir, edition)
    except BuildFailure as failure:
        raise unreadable(path, str(failure).removeprefix("not a readable PDF: ")) from failure
    except Exception as error:  # IndexError, TypeError, RecursionError … from a library on a malformed file
        raise unreadable(path, f"{type(error).__name__}: {error}".rstrip(": ")) from error


def _run(pdf: bytes, fonts_dir: Path, rules: tuple[Rule, ...]) -> dict[str, tuple[str, ...]]:
    with PdfUnderTest.open(pdf, fonts_dir) as subject:
        return _findings(subject, rules)


def _findings(subject: PdfUnderTest, rules: tuple[Rule, ...]) -> dict[str, tuple[str, ...]]:
    drawing.read(subject, *(rule.reads for rule in rules if rule.reads))
    return {rule.name: tuple(rule.run(subject)) for rule in rules}
