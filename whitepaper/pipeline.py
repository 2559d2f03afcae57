"""build(): the one place that knows the order of the stages and writes the PDF.

content -> assemble -> fonts check -> charts -> html_builder -> typeset -> preflight -> atomic write.
A failed build raises before anything is written, so the last good PDF stays as it was.
"""

import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import preflight
from .assemble import assemble
from .charts import ChartRenderer
from .diagnostics import BuildFailure, ContentError, raise_if_any
from .fonts import missing_glyphs
from .html_builder import build_html
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
            raise BuildFailure(f"{self.content} does not exist: run whitepaper from the project folder")
        return self.content

    @property
    def fonts(self) -> Path:
        return self.root / "fonts"

    @property
    def stylesheets(self) -> list[Path]:
        return [self.root / "styles" / "print.css"]

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    @property
    def cache(self) -> Path:
        return self.build_dir / "cache"

    @property
    def default_output(self) -> Path:
        return self.build_dir / "whitepaper.pdf"


@dataclass
class BuildReport:
    output: Path
    pages: int
    timings: dict[str, float] = field(default_factory=dict)


class Builder:
    """Holds what is costly to make (fonts, stylesheets) so that repeated builds reuse it."""

    def __init__(self, project: Project):
        self.project = project
        self._typesetter: Typesetter | None = None
        self._charts: ChartRenderer | None = None

    @property
    def typesetter(self) -> Typesetter:
        if self._typesetter is None:
            self._typesetter = Typesetter(self.project.root, self.project.stylesheets, self.project.fonts,
                                          self.project.cache)
        return self._typesetter

    @property
    def charts(self) -> ChartRenderer:
        if self._charts is None:
            self._charts = ChartRenderer(self.project.fonts, self.project.cache / "charts")
        return self._charts

    def build(self, output: Path | None = None) -> BuildReport:
        output = output or self.project.default_output
        timings: dict[str, float] = {}

        def stage(name, function, *args):
            started = time.perf_counter()
            result = function(*args)
            timings[name] = time.perf_counter() - started
            log.info("%-10s %5.2f s", name, timings[name])
            return result

        book = stage("content", assemble, self.project.checked_content())
        stage("glyphs", lambda: raise_if_any(missing_glyphs(self.project.content, self.project.fonts)))
        svgs = stage("charts", self.charts.render_all, book.charts)
        html = stage("html", build_html, book, svgs)
        document = stage("layout", self.typesetter.render, html)
        pdf = stage("pdf", self.typesetter.write_pdf, document)
        findings = stage("preflight", preflight.check, pdf, self.project.fonts)
        if findings:
            raise BuildFailure("the PDF failed preflight, so it was not written:\n" +
                               "\n".join(f"  - {finding}" for finding in findings))
        stage("write", write_atomically, output, pdf)
        return BuildReport(output, len(document.pages), timings)


def write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target and rename, so readers never see a half-written PDF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


__all__ = ["Builder", "BuildReport", "ContentError", "Project", "write_atomically"]
