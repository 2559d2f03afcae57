"""HTML + stylesheets -> PDF bytes, with WeasyPrint and the bundled fonts only.

One Typesetter serves one edition. It keeps its FontConfiguration and parsed stylesheets, so a process that
builds many times (tests, a preview server) pays for them once. It fetches nothing from the network:
documents may load `data:` URLs and files inside the project, nothing else.
"""

import logging
import re
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlparse

from . import compat
from .diagnostics import BuildFailure, Location, Problem, raise_if_any
from .fonts import use_only_bundled_fonts
from .messages import say

IMAGE_CACHE_LIMIT = 500  # entries (a chart makes a few): past this, start afresh rather than grow without end
WARNING_PLACE = re.compile(r" at (\d+):(\d+)")  # where WeasyPrint's warnings about a stylesheet point


class Typesetter:
    def __init__(self, project_root: Path, stylesheets: list[Path], pdf_variant: str, fonts_dir: Path,
                 cache_dir: Path):
        use_only_bundled_fonts(fonts_dir, cache_dir / "fontconfig")
        weasyprint = compat.import_weasyprint()  # after fontconfig is pointed at fonts/
        from weasyprint.text.fonts import FontConfiguration

        compat.check_versions()
        from .compat.justify import chinese_justification  # imports WeasyPrint's internals
        from .compat.leaders import whole_leaders
        from .compat.partial_layout import PagedLayout
        from .compat.resumed_layout import resumable

        self._weasyprint = weasyprint
        self._chinese_justification = chinese_justification
        self._whole_leaders = whole_leaders
        self._paged_layout = PagedLayout
        self.project_root = project_root.resolve()
        self.fetcher = _project_fetcher(weasyprint.urls.URLFetcher, self.project_root)
        self.font_config = FontConfiguration()
        self.pdf_variant = pdf_variant
        self.color_profiles: dict = {}  # filled by @color-profile rules; the print edition's output intent
        self.images: dict = {}  # WeasyPrint's parsed images (the charts), kept while their URLs stay the same
        # The last HTML parsed, as text and as WeasyPrint's document: a layout that only starts a page elsewhere
        # (chart placement) lays out the same HTML again with other styles, and parsing a large book takes seconds.
        self._parsed: tuple[str, object] | None = None
        # The last layout asked to be resumable, with its colours: the next one may remake only the pages an edit
        # reaches (a preview's rebuild after a save).
        self._resumable: tuple[str, object] | None = None
        # @counter-style rules (list numbers （1） and ①) reach the layout only through this object
        self.counter_style = weasyprint.css.counters.CounterStyle()
        missing = [path for path in stylesheets if not path.is_file()]
        if missing:
            raise BuildFailure(say("styles.stylesheet_missing", path=missing[0]))
        self.stylesheet_paths = stylesheets
        problems = []
        self.stylesheets = []
        for path in stylesheets:
            with _weasyprint_warnings() as warnings:
                self.stylesheets.append(weasyprint.CSS(filename=str(path), font_config=self.font_config,
                                                       url_fetcher=self.fetcher, color_profiles=self.color_profiles,
                                                       counter_style=self.counter_style))
            problems += [_style_problem(path, *warning) for warning in warnings]
        raise_if_any(problems)
        self._styles_resumable = resumable(path.read_text(encoding="utf-8") for path in stylesheets)

    def layout(self, html: str, colours_css: str, resume: bool = False):
        """Lay out the book as far as its pages are read (compat.partial_layout): `page(n)` lays out pages up to
        n, `complete()` gives the Document that knows every page and anchor.

        The colours come per call (a tiny stylesheet of CSS variables), so an edited colours file needs no
        new Typesetter. With `resume`, the book is laid out by remaking only the pages that changed since the
        last layout made with `resume` and completed, when that gives the same book (compat.resumed_layout)."""
        parsed = self._parsed
        if parsed is None or parsed[0] != html:
            parsed = self._parsed = html, self._weasyprint.HTML(string=html, base_url=str(self.project_root) + "/",
                                                                url_fetcher=self.fetcher)
        if len(self.images) > IMAGE_CACHE_LIMIT:
            self.images.clear()
        layout = self._render(parsed[1], colours_css, resume)
        if resume:
            last, self._resumable = self._resumable, None
            if last and last[0] == colours_css and last[1].finished and self._styles_resumable:
                if not layout.resume(last[1]):
                    layout = self._render(parsed[1], colours_css, resume)  # the attempt made pages in its context
            self._resumable = colours_css, layout
        return layout

    def _render(self, document, colours_css: str, resumable: bool):
        colours = self._weasyprint.CSS(string=colours_css, font_config=self.font_config)
        return self._paged_layout(document, self._laying_out, resumable=resumable,
                                  stylesheets=[colours, *self.stylesheets], font_config=self.font_config,
                                  color_profiles=self.color_profiles, pdf_variant=self.pdf_variant, cache=self.images,
                                  counter_style=self.counter_style)

    @contextmanager
    def _laying_out(self):
        """Around each step of a layout: Chinese justification, whole leaders, and WeasyPrint's complaints as build
        failures."""
        try:
            with self._chinese_justification(), self._whole_leaders(), _weasyprint_warnings(self._declared_in) as warnings:
                yield
        except self._weasyprint.urls.FatalURLFetchingError as error:
            raise BuildFailure(f"{error}: {error.__cause__}") from error
        raise_if_any([_style_problem(self._declared_in(*warning), *warning) for warning in warnings])

    def _declared_in(self, message: str, line: int, column: int, record) -> Path | None:
        """The stylesheet a warning met while laying out means: WeasyPrint names the line and column of a
        declaration whose value went wrong through var(), but not its file."""
        name = record.args[0] if record.args and isinstance(record.args[0], str) else None
        for path in self.stylesheet_paths:
            lines = path.read_text(encoding="utf-8").splitlines()
            if name and line <= len(lines) and re.search(rf"{re.escape(name)}\s*:", lines[line - 1][:column]):
                return path
        return None

    def write_pdf(self, document, compress: bool = True, finisher=None) -> bytes:
        from .compat.note_tags import notes_tagged
        from .compat.tagging import reading_structure

        with reading_structure(), notes_tagged():
            return document.write_pdf(pdf_variant=self.pdf_variant, finisher=finisher,
                                      uncompressed_pdf=not compress, pdf_identifier=True)


@contextmanager
def _weasyprint_warnings(belongs=lambda *warning: True):
    """Collects WeasyPrint's warnings that point at a line and column of a stylesheet (a misspelt property, a
    value it cannot read: it would ignore the declaration and print a different book), instead of logging them.
    Others pass on to the log. `belongs` tells whether a warning is about the stylesheets at all."""
    collected = []
    logger = logging.getLogger("weasyprint")

    def collect(record) -> bool:
        place = WARNING_PLACE.search(record.getMessage()) if record.levelno >= logging.WARNING else None
        warning = place and (record.getMessage(), int(place.group(1)), int(place.group(2)), record)
        if warning and belongs(*warning):
            collected.append(warning)
            return False
        return True

    logger.addFilter(collect)
    try:
        yield collected
    finally:
        logger.removeFilter(collect)


def _style_problem(path: Path, message: str, line: int, column: int, record) -> Problem:
    """`Ignored `text-indnet: 2em` at 12:3, unknown property.` as a designer reads it."""
    if message.startswith("Ignored `") and len(record.args) == 5:
        name, value, _, _, reason = record.args
        message = (say("styles.unknown_property", name=name, value=value.strip()) if reason == "unknown property"
                   else say("styles.value_ignored", name=name, value=value.strip(), reason=reason))
    else:
        message = say("styles.weasyprint_ignores", warning=WARNING_PLACE.sub('', message).rstrip('.'))
    return Problem(Location(path, line, column), message)


def _project_fetcher(base, project_root: Path):
    """A WeasyPrint URL fetcher that reads `data:` URLs and files inside the project, and stops the build on
    anything else (a web address, a file elsewhere on the machine, a missing file)."""

    class ProjectFetcher(base):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if not path.is_relative_to(project_root):
                    raise ValueError(say("styles.outside_project", path=path, project=project_root))
            return super().fetch(url, headers)

    return ProjectFetcher(allowed_protocols={"data", "file"}, fail_on_errors=True)
