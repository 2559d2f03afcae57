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

from dataclasses import asdict, dataclass
from pathlib import Path

from ..editions import Edition
from ..processes import alongside
from ..diagnostics import BuildFailure
from ..messages import display_width, say
from . import access, colour, contrast, drawing, fonts, pages, pictures, structure, toc
from .intake import UnreadablePdf, read_pdf, unreadable
from .reading import PdfUnderTest


@dataclass(frozen=True)
class Rule:
    name: str  # stable, for scripts and --json; `words` gives what a reader sees
    words: object  # () -> (the rule's name, what passing means), in the reader's language
    run: object  # (PdfUnderTest) -> list[str]
    warns: bool = False  # its findings are warnings: printed, but the PDF passes
    reads: type | None = None  # its drawing.Reader: the rules that follow content streams share one walk


LIVE_AREA = Rule("live area", lambda: (say("preflight.rule_live_area"),
                                       say("preflight.checks_live_area", mm=pages.LIVE_AREA_INSET_MM)),
                 pages.check_live_area)
FONTS = Rule("fonts", lambda: (say("preflight.rule_fonts"), say("preflight.checks_fonts")), fonts.check)
FONT_CODES = Rule("font codes", lambda: (say("preflight.rule_font_codes"), say("preflight.checks_font_codes")),
                  fonts.check_codes, reads=fonts.FontCodes)
TOC_NUMBERS = Rule("目录", lambda: (say("preflight.rule_toc"), say("preflight.checks_toc")), toc.check_numbers)
PRINT_RULES = (
    Rule("page boxes", lambda: (say("preflight.rule_page_boxes"), say("preflight.checks_print_boxes")),
         pages.check_print_boxes),
    LIVE_AREA,
    FONTS,
    FONT_CODES,
    Rule("PDF/X", lambda: ("PDF/X", say("preflight.checks_pdfx")), colour.check_pdfx),
    Rule("colours", lambda: (say("preflight.rule_colours"), say("preflight.checks_colours")),
         colour.check_print_colours, reads=colour.PrintColours),
    TOC_NUMBERS,
    Rule("pictures", lambda: (say("preflight.rule_pictures"), say("preflight.checks_pictures", ppi=pictures.LEAST_PPI)),
         pictures.check_least),
    Rule("picture quality", lambda: (say("preflight.rule_picture_quality"),
                                     say("preflight.checks_picture_quality", ppi=pictures.GOOD_PPI)),
         pictures.check_good, warns=True),
)
SCREEN_RULES = (
    Rule("page boxes", lambda: (say("preflight.rule_page_boxes"), say("preflight.checks_screen_boxes")),
         pages.check_screen_boxes),
    LIVE_AREA,
    FONTS,
    FONT_CODES,
    TOC_NUMBERS,
    Rule("links", lambda: (say("preflight.rule_links"), say("preflight.checks_links")), toc.check_links),
    Rule("bookmarks", lambda: (say("preflight.rule_bookmarks"), say("preflight.checks_bookmarks")),
         toc.check_outline),
    Rule("accessibility", lambda: (say("preflight.rule_accessibility"), say("preflight.checks_accessibility")),
         access.check),
    Rule("artifacts", lambda: (say("preflight.rule_artifacts"), say("preflight.checks_artifacts")),
         structure.check_artifacts),
    Rule("link tags", lambda: (say("preflight.rule_link_tags"), say("preflight.checks_link_tags")),
         structure.check_link_tags),
    Rule("alt text", lambda: (say("preflight.rule_alt_text"), say("preflight.checks_alt_text")),
         structure.check_alt_text),
    Rule("contrast", lambda: (say("preflight.rule_contrast"), say("preflight.checks_contrast")), contrast.check),
)
RULES = {"print": PRINT_RULES, "screen": SCREEN_RULES}
# Run in a second process: the rules that follow content streams (one walk, drawing.py), and the screen's
# contrast. The rules on page objects stay here, where the text layer has loaded every page already.
ALONGSIDE = {"colours", "font codes", "contrast"}


@dataclass(frozen=True)
class RuleResult:
    rule: str  # the rule's stable name
    title: str  # its name as the reader sees it
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
        return [say("preflight.finding", rule=result.title, finding=finding) for result in self.results
                for finding in result.findings if not result.warns]

    @property
    def warnings(self) -> list[str]:
        return [say("preflight.finding", rule=result.title, finding=finding) for result in self.results
                for finding in result.findings if result.warns]

    def summary(self) -> str:
        verdicts = {"ok": say("preflight.verdict_ok"), "warn": say("preflight.verdict_warn"),
                    "fail": say("preflight.verdict_fail")}
        verdict_width = max(display_width(verdict) for verdict in verdicts.values())
        width = max(display_width(result.title) for result in self.results)
        lines = []
        for result in self.results:
            verdict = verdicts["ok" if not result.findings else "warn" if result.warns else "fail"]
            verdict += " " * (verdict_width - display_width(verdict))
            padding = " " * (width - display_width(result.title))
            lines.append(f"  {verdict}  {result.title}{padding}  {result.checks}")
            lines.extend(f"          - {finding}" for finding in result.findings)
        return "\n".join(lines)

    def as_json(self) -> dict:
        return {"edition": self.edition, "passed": self.passed,
                "rules": [{**asdict(result), "passed": result.passed} for result in self.results]}


def text_block_rule(page_margins: list[tuple[float, float, float, float]]) -> Rule:
    """The rule for charts and pictures inside the text block, with each page's margins as laid out."""
    return Rule("text block", lambda: (say("preflight.rule_text_block"), say("preflight.checks_text_block")),
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
    return Report(edition.name, tuple(RuleResult(rule.name, *rule.words(), findings[rule.name], rule.warns)
                                      for rule in rules))


def check_file(path: Path, fonts_dir: Path, edition: Edition) -> Report:
    """`check` of a file from anywhere: what the PDF libraries cannot make sense of is one plain line, "not a
    readable PDF: …", never a traceback."""
    pdf = read_pdf(path)
    try:
        return check(pdf, fonts_dir, edition)
    except UnreadablePdf as failure:
        raise unreadable(path, failure.reason) from failure
    except BuildFailure as failure:
        raise unreadable(path, str(failure)) from failure
    except Exception as error:  # IndexError, TypeError, RecursionError … from a library on a malformed file
        raise unreadable(path, f"{type(error).__name__}: {error}".rstrip(": ")) from error


def _run(pdf: bytes, fonts_dir: Path, rules: tuple[Rule, ...]) -> dict[str, tuple[str, ...]]:
    with PdfUnderTest.open(pdf, fonts_dir) as subject:
        return _findings(subject, rules)


def _findings(subject: PdfUnderTest, rules: tuple[Rule, ...]) -> dict[str, tuple[str, ...]]:
    drawing.read(subject, *(rule.reads for rule in rules if rule.reads))
    return {rule.name: tuple(rule.run(subject)) for rule in rules}
