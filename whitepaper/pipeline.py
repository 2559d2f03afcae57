"""build(): the one place that knows the order of the stages and writes the PDF of one edition.

content -> assemble -> colours -> charts (rendered alongside the next two stages) -> fonts check -> typesetter
-> html_builder -> typeset (+ finishing) -> preflight -> atomic write. A failed build raises before anything is
written, so the last good PDF stays as it was.
"""

import functools
import logging
import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import preflight
from .assemble import assemble
from .charts import TEXT_SIZE, ChartRenderer
from .colours import load_palette, load_print_condition
from .diagnostics import BuildFailure, ContentError, Location, Problem, raise_if_any
from .editions import PRINT, Edition
from .finishing import finisher
from .fonts import missing_glyphs
from .messages import say
from .html_builder import build_html
from .committee_grid import committee_grids
from .design_tokens import chart_text_size
from .page_geometry import text_block_width
from .placement import Layout, Placement, placement_report
from .placement_cache import cached_placement, layout_digest
from .processes import collect_when_large
from .progress import stage_time
from .pictures import picture_uris
from .sources import what_else
from .storage import check_folder, write_atomically
from .typeset import Typesetter

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    def checked_content(self) -> Path:
        """content/, or a failure that says where to run whitepaper."""
        if not self.content.is_dir():
            raise BuildFailure(say("build.no_content_folder", folder=self.content))
        return self.content

    def setup_problems(self) -> list[Problem]:
        """Every entry of styles/ and fonts/ other than an ordinary file or a folder: WeasyPrint and fontconfig
        read whatever lies there, so a link could lead them out of the project, a named pipe stop them."""
        problems = []
        for folder in (self.styles, self.fonts):
            root = folder.resolve()  # the folder itself may be a link (a shared fonts/)
            for directory, subfolders, names in os.walk(root):
                for name in sorted(subfolders + names):
                    path = Path(directory) / name
                    refusal = what_else(path, root)
                    if refusal and not (name in subfolders and stat.S_ISDIR(os.lstat(path).st_mode)):
                        problems.append(Problem(Location(path), say("build.setup_not_ordinary", refusal=refusal)))
        return problems

    @property
    def fonts(self) -> Path:
        return self.root / "fonts"

    @property
    def styles(self) -> Path:
        return self.root / "styles"

    @property
    def output_intent(self) -> Path:
        """The print edition's ICC profile (styles/edition-print.css names it too): pictures are converted to it."""
        return self.styles / "icc" / "FOGRA39L-coated.icc"

    @property
    def colours(self) -> Path:
        return self.styles / "colours.yaml"

    @property
    def print_condition(self) -> Path:
        return self.styles / "print-condition.yaml"

    def stylesheets(self, edition: Edition) -> list[Path]:
        return [self.styles / "book.css"] + [self.styles / name for name in edition.stylesheets]

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    @property
    def cache(self) -> Path:
        return self.build_dir / "cache"

    def default_output(self, edition: Edition) -> Path:
        return self.build_dir / edition.output_name


@dataclass
class BuildReport:
    output: Path
    pages: int
    timings: dict[str, float] = field(default_factory=dict)


class Builder:
    """Builds one edition; holds what is costly to make (fonts, stylesheets) so that repeated builds reuse it."""

    def __init__(self, project: Project, edition: Edition = PRINT, draft: bool = False):
        """draft: leave the PDF's streams uncompressed, a tenth of a second sooner (for a preview, which shows
        the file at once and throws it away)."""
        self.project = project
        self.edition = edition
        self.draft = draft
        self._typesetter: Typesetter | None = None
        self._chart_renderer: ChartRenderer | None = None
        self._page_margins: list | None = None  # each page's, as the last layout set them: preflight's text block
        self._placement: Placement | None = None  # the charts the last layout moved to their citations
        self._padding = 0  # the blank pages the last layout added for binding

    @property
    def typesetter(self) -> Typesetter:
        if self._typesetter is None:
            self._typesetter = Typesetter(self.project.root, self.project.stylesheets(self.edition),
                                          self.edition.pdf_variant, self.project.fonts, self.project.cache)
        return self._typesetter

    @property
    def chart_renderer(self) -> ChartRenderer:
        if self._chart_renderer is None:
            self._chart_renderer = ChartRenderer(self.project.fonts, self.project.cache / "charts",
                                                 text_block_width(self.project.stylesheets(self.edition)),
                                                 self.edition.legend_values,
                                                 chart_text_size(self.project.stylesheets(self.edition), TEXT_SIZE))
        return self._chart_renderer

    @functools.cached_property
    def committee_grids(self) -> dict:
        """Read from the stylesheets, which stay the same for a Builder."""
        return committee_grids(self.project.stylesheets(self.edition))

    def build(self, output: Path | None = None) -> BuildReport:
        output = output or self.project.default_output(self.edition)
        check_folder(output.parent)
        stage = Stages()
        pdf, pages = self.unchecked_pdf(stage)
        self.preflight(pdf, stage)
        stage("write", write_atomically, output, pdf)
        return BuildReport(output, pages, stage.timings)

    def unchecked_pdf(self, stage: "Stages") -> tuple[bytes, int]:
        """The PDF and its page count, not yet preflighted."""
        document = self.laid_out(stage)
        return stage("pdf", self.write_pdf, document), len(document.pages)

    def laid_out(self, stage: "Stages"):
        """The book laid out, a WeasyPrint Document: what a preview draws its changed pages from before the
        whole PDF is written."""
        raise_if_any(self.project.setup_problems())
        check_folder(self.project.cache)  # fontconfig's settings and the chart cache go there
        book = stage("content", assemble, self.project.checked_content())
        palette = stage("colours", load_palette, self.project.colours, self.edition.colour_space,
                        self.project.stylesheets(self.edition))
        chart_job = self.chart_renderer.start(book.charts, palette)  # charts not in the cache are rendered meanwhile
        try:
            stage("glyphs", lambda: raise_if_any(missing_glyphs(book.source_files, self.project.fonts,
                                                                self.project.cache)))
            typesetter = stage("typesetter", lambda: self.typesetter)  # fonts and stylesheets: once per Builder
        except BaseException:
            chart_job.cancel()
            raise
        svgs = stage("charts", chart_job.svgs)
        pictures = stage("pictures", picture_uris, book.pictures, self.edition.colour_space,  # CMYK for print
                         self.project.output_intent, self.project.cache / "pictures")
        grids = self.committee_grids

        @functools.cache  # a change that only starts a page somewhere keeps the HTML of the layout before it
        def placed_html(pulled: tuple[int, ...], padding: int) -> str:
            placed = Placement(pulled).applied(book) if pulled else book
            return build_html(placed, svgs, padding=padding, pictures=pictures, grids=grids)

        def lay_out(placement: Placement, padding: int = 0):
            if placement != Placement() or padding:  # a layout after another: a large book frees the one not kept
                collect_when_large()
            text = placed_html(placement.pulled, padding)
            return typesetter.layout(text, palette.css() + placement.css(), resume=self.draft)

        reused = self._reused_placement()
        laid_padding = self._padding if reused else 0  # a preview lays out with the last build's padding first
        stage("html", placed_html, reused.pulled if reused else (), laid_padding)  # the HTML laid out first
        layout, self._placement = stage("layout", self._place_charts, book,
                                        functools.partial(lay_out, padding=laid_padding), lambda: placed_html((), 0),
                                        palette.css())
        document = layout.document
        self._padding = -(len(document.pages) - laid_padding) % book.binding.pages_multiple_of
        if self._padding != laid_padding:  # blank pages before the back cover, for binding: no page before changes
            document = stage("padding", lambda: lay_out(self._placement, self._padding).complete())
        if book.charts:
            log.info(placement_report(book, layout, self._placement))
        self._page_margins = [tuple(px * 0.75 for px in (page._page_box.margin_top, page._page_box.margin_right,
                                                         page._page_box.margin_bottom, page._page_box.margin_left))
                              for page in document.pages]  # points
        return document

    def _reused_placement(self) -> Placement | None:
        """A preview keeps the charts where the last layout of this Builder put them, sparing it the layouts
        that try each move and the HTML of the book before any move: a full build places them anew, or as the
        last build of the same input did."""
        return self._placement if self.draft else None

    def _place_charts(self, book, lay_out, unplaced_html, colours_css: str) -> tuple[Layout, Placement]:
        """unplaced_html(): the book's HTML before any chart is moved, which the decisions are cached by."""
        reused = self._reused_placement()
        if reused is not None:
            return Layout(book, lay_out(reused)).completed(), reused
        digest = layout_digest(unplaced_html(), colours_css, self.project.styles, self.project.fonts)
        return cached_placement(book, lay_out, self.project.cache / "placement" / f"{self.edition.name}.json", digest)

    def preflight(self, pdf: bytes, stage: "Stages") -> None:
        report = stage("preflight", preflight.check, pdf, self.project.fonts, self.edition, self._page_margins)
        for warning in report.warnings:
            log.warning("%s", say("build.warning", warning=warning))
        if not report.passed:
            edition = say("build.print_edition") if self.edition.name == PRINT.name else say("build.screen_edition")
            raise BuildFailure(say("build.preflight_failed", edition=edition) + "\n" +
                               "\n".join(f"  - {finding}" for finding in report.findings))

    def write_pdf(self, document) -> bytes:
        """The laid-out book as PDF bytes, finished for this edition."""
        press = load_print_condition(self.project.print_condition) if self.edition.colour_space == "cmyk" else None
        return self.typesetter.write_pdf(document, compress=not self.draft,
                                         finisher=finisher(self.edition.crop_marks, self.edition.links, press))


class Stages:
    """Runs the stages of a build, logging each one's time (one line per stage; --quiet hides them)."""

    def __init__(self):
        self.timings: dict[str, float] = {}

    def __call__(self, name: str, function, *args):
        started = time.perf_counter()
        result = function(*args)
        self.timings[name] = time.perf_counter() - started
        log.info(stage_time(name, self.timings[name]))
        return result


__all__ = ["Builder", "BuildReport", "ContentError", "Project", "Stages"]
