"""The book as the preview shows it: rebuilt by one thread, one build at a time, whenever a source changes.

The Builder stays warm between builds (fonts, stylesheets, chart cache); it is made anew only when styles,
fonts or templates change. The pages are shown as soon as they are typeset; preflight runs next, and what it
finds is added to the page. Pages are drawn in this same thread, since PDFium (used by preflight too) must
never run in two threads at once; only their encoding to JPEG runs beside it. The PDF is written under build/preview/ only when it passes preflight,
as `make pdf` does.
"""

import gc
import io
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2

from ..diagnostics import BuildFailure, ContentError
from ..editions import Edition
from ..pipeline import Builder, Project, Stages, write_atomically
from ..processes import collector_paused

log = logging.getLogger(__name__)
SETTLE = 0.15  # seconds to wait after a save, so that a file saved in several writes is read whole
PAGE_SCALE = 1.25  # PDF points to pixels: about 90 dpi, a page 1050 pixels high
JPEG_QUALITY = 90  # JPEG, not PNG: six times faster to encode, and text stays crisp at this quality
ENCODERS = 2  # threads encoding pictures; Pillow lets go of Python's lock while it encodes


@dataclass(frozen=True)
class Problem:
    where: str  # file:line:col as the terminal prints it, or "build" for what is not in one file
    message: str


@dataclass(frozen=True)
class Outcome:
    """One build's result: either the book (its PDF and its pages as pictures) or what stopped it."""

    version: int
    pdf: bytes | None = None
    pages: tuple[bytes, ...] = ()
    problems: tuple[Problem, ...] = ()
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.pdf is not None


@dataclass
class PreviewSession:
    project: Project
    edition: Edition
    setup_folders: set[Path]  # a change here needs a new Builder
    outcome: Outcome = field(default_factory=lambda: Outcome(0))
    building: bool = True
    _builder: Builder | None = None
    _changes: set[Path] = field(default_factory=set)
    _wake: threading.Condition = field(default_factory=threading.Condition)
    _stopped: bool = False

    @property
    def output(self) -> Path:
        """Under build/preview/: the preview never touches the PDF that `make pdf` writes."""
        return self.project.build_dir / "preview" / self.edition.output_name

    def changed(self, folders: set[Path]) -> None:
        with self._wake:
            self._changes |= folders
            self._wake.notify()

    def stop(self) -> None:
        with self._wake:
            self._stopped = True
            self._wake.notify()

    def run(self) -> None:
        """The build thread: a first build, then one after each batch of changes."""
        self._build(new_builder=True)
        while True:
            with self._wake:
                self._wake.wait_for(lambda: self._changes or self._stopped)
                if self._stopped:
                    return
            time.sleep(SETTLE)
            with self._wake:
                changes, self._changes = self._changes, set()
            self._build(new_builder=bool(changes & self.setup_folders))

    def _build(self, new_builder: bool) -> None:
        self.building = True
        if new_builder or self._builder is None:
            self._builder = Builder(self.project, self.edition, draft=True)
        started = time.perf_counter()
        stages = Stages()
        shown = {}  # this build's book, once it is on the page
        try:
            pdf, pages = typeset_and_draw(self._builder, stages)
            shown = {"pdf": pdf, "pages": pages, "seconds": time.perf_counter() - started}
            self._publish(**shown)
            log.info("shown %d pages in %.1f s", len(pages), shown["seconds"])
            gc.collect()  # what the build left, now that the editor has the pages
            self._builder.preflight(pdf, stages)
            write_atomically(self.output, pdf)
        except ContentError as error:
            self._publish(problems=tuple(Problem(str(problem.location), problem.message)
                                         for problem in error.problems))
        except BuildFailure as error:
            self._publish(**shown, problems=(Problem("build", str(error)),))
        except Exception as error:  # a bug of ours: the preview goes on, the editor sees one line
            self._publish(problems=(Problem("build", f"failed unexpectedly ({type(error).__name__}: {error}); "
                                                     f"run `whitepaper --debug build` and report the output"),))
        finally:
            self.building = False

    def _publish(self, **outcome) -> None:
        """A new version of the page; problems are also printed where the preview was started."""
        self.outcome = Outcome(self.outcome.version + 1, **outcome)
        for problem in self.outcome.problems:
            log.error("%s: %s", problem.where, problem.message)


def typeset_and_draw(builder: Builder, stages: Stages) -> tuple[bytes, tuple[bytes, ...]]:
    """What the editor waits for after a save: the book typeset and its pages drawn, with no garbage collection
    meanwhile (the caller collects once the pages are shown)."""
    with collector_paused():
        pdf, _ = builder.typeset(stages)
        return pdf, stages("draw", draw_pages, pdf)


def draw_pages(pdf: bytes) -> tuple[bytes, ...]:
    """Each page as a JPEG picture, cut at the trim box as the reader will hold it (no bleed, no crop marks).
    PDFium draws the pages one by one in this thread while other threads encode them, which halves the time."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        with ThreadPoolExecutor(ENCODERS) as encoders:
            pictures = [encoders.submit(_jpeg, _draw(page)) for page in document]
            return tuple(picture.result() for picture in pictures)
    finally:
        document.close()


def _draw(page: pypdfium2.PdfPage) -> pypdfium2.PdfBitmap:
    left, bottom, right, top = page.get_mediabox()
    trim_left, trim_bottom, trim_right, trim_top = page.get_trimbox()
    crop = (trim_left - left, trim_bottom - bottom, right - trim_right, top - trim_top)
    return page.render(scale=PAGE_SCALE, crop=crop)


def _jpeg(bitmap: pypdfium2.PdfBitmap) -> bytes:
    picture = io.BytesIO()
    bitmap.to_pil().save(picture, format="JPEG", quality=JPEG_QUALITY)
    return picture.getvalue()
