"""The book as the preview shows it: rebuilt by one thread, one build at a time, whenever a source changes.

The Builder stays warm between builds (fonts, stylesheets, chart cache); it is made anew only when styles,
fonts or templates change. The pages are shown as soon as they are laid out and the changed ones drawn (from a
PDF of those pages alone: page_pictures.py); then the whole book's PDF is written and preflighted, and what
preflight finds is added to the page. Pages are drawn in this same thread, since PDFium (used by preflight too)
must never run in two threads at once. The PDF is written under build/preview/ only when it passes preflight, as
`make pdf` does.
"""

import logging
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..diagnostics import BuildFailure, ContentError
from ..editions import Edition
from ..messages import say
from ..pipeline import Builder, Project, Stages
from ..processes import collect_between_builds, collector_paused
from ..storage import write_atomically
from .layout_keys import layout_keys
from .page_pictures import PagePictures
from .since_proof import Mark, SinceProof

log = logging.getLogger(__name__)
SETTLE = 0.15  # seconds to wait after a save, so that a file saved in several writes is read whole
PDF_WAIT = 60.0  # seconds the PDF link waits for the PDF of the pages on show


@dataclass(frozen=True)
class Problem:
    where: str  # file:line:col as the terminal prints it, or "build" for what is not in one file
    message: str


@dataclass(frozen=True)
class Outcome:
    """One build's result: either the book (its PDF and its pages as pictures) or what stopped it."""

    version: int
    pdf: bytes | None = None  # written just after the pages are shown
    pages: tuple[bytes, ...] = ()
    problems: tuple[Problem, ...] = ()
    seconds: float = 0.0
    stale: bool = False  # the pages are the last good build's: the newest build stopped at its problems
    proof: str = ""  # the newest proof's file name, when there is one (print edition)
    changes_since_proof: int = 0
    marks: tuple[Mark, ...] = ()  # where they are on the pages

    @property
    def ok(self) -> bool:
        return bool(self.pages)


@dataclass
class PreviewSession:
    project: Project
    edition: Edition
    setup_folders: set[Path]  # a change here needs a new Builder
    outcome: Outcome = field(default_factory=lambda: Outcome(0))
    building: bool = True
    _builder: Builder | None = None
    _pictures: PagePictures = field(default_factory=PagePictures)
    _changes: set[Path] = field(default_factory=set)
    _since_proof: SinceProof | None = None
    _last_good: dict = field(default_factory=dict)  # the last book shown: kept under the problems of a broken save
    _wake: threading.Condition = field(default_factory=threading.Condition)
    _stopped: bool = False

    def __post_init__(self):
        self._since_proof = SinceProof(self.project)

    @property
    def output(self) -> Path:
        """Under build/preview/: the preview never touches the PDF that `make pdf` writes."""
        return self.project.build_dir / "preview" / self.edition.output_name

    def changed(self, folders: set[Path]) -> None:
        """A save: the page says at once that a rebuild is under way, however long the machine takes to start it."""
        with self._wake:
            self._changes |= folders
            self.building = True
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
            self._pictures = PagePictures()  # pictures of pages drawn with other stylesheets or fonts
        started = time.perf_counter()
        stages = Stages()
        shown = {}  # this build's book, once it is on the page
        try:
            typeset = typeset_and_draw(self._builder, self._pictures, stages)
            shown = {"pdf": typeset.pdf, "pages": typeset.pages, "seconds": time.perf_counter() - started}
            self._publish(**shown)
            log.info(say("preview.shown", pages=len(typeset.pages), seconds=f"{shown['seconds']:.1f}"))
            shown["pdf"] = pdf = whole_pdf(self._builder, typeset, stages)
            self._last_good = shown
            self._add_pdf(pdf)
            self._builder.preflight(pdf, stages)
            write_atomically(self.output, pdf)
            if self.edition.crop_marks:  # the print edition, the one proofs are made of
                proof, changes, marks = self._since_proof.marks(self.output)
                if proof:
                    self._publish(**shown, proof=proof, changes_since_proof=changes, marks=marks)
        except ContentError as error:
            self._publish(**self._last_good, stale=bool(self._last_good),
                          problems=tuple(Problem(str(problem.location), problem.message) for problem in error.problems))
        except BuildFailure as error:
            self._publish(**shown, problems=(Problem(say("preview.the_build"), str(error)),))
        except Exception as error:  # a bug of ours: the preview goes on, the editor sees one line
            self._publish(**self._last_good, stale=bool(self._last_good),
                          problems=(Problem(say("preview.the_build"), say("preview.failed_unexpectedly",
                                                                         error=f"{type(error).__name__}: {error}")),))
        finally:
            collect_between_builds()  # after the editor has the pages, or the problems
            with self._wake:
                self.building = False
                self._wake.notify_all()

    def _publish(self, **outcome) -> None:
        """A new version of the page; problems are also printed where the preview was started."""
        with self._wake:
            self.outcome = Outcome(self.outcome.version + 1, **outcome)
            self._wake.notify_all()
        for problem in self.outcome.problems:
            log.error("%s: %s", problem.where, problem.message)

    def _add_pdf(self, pdf: bytes) -> None:
        """The whole book's PDF, for the pages on show: the same version, so the page is not loaded again."""
        with self._wake:
            self.outcome = replace(self.outcome, pdf=pdf)
            self._wake.notify_all()

    def pdf(self, outcome: Outcome, timeout: float = PDF_WAIT) -> bytes | None:
        """The PDF of the book on show: a link followed in the moment between showing the pages and writing the
        whole PDF waits for it (None if the build stopped before writing it)."""
        with self._wake:
            self._wake.wait_for(lambda: self.outcome.pdf is not None or self.outcome.version != outcome.version
                                or not self.building, timeout)
            return outcome.pdf or self.outcome.pdf


@dataclass(frozen=True)
class Typeset:
    """A build as far as the editor waits for it."""
    document: object  # the book laid out, a WeasyPrint Document
    pages: tuple[bytes, ...]  # every page's picture
    pdf: bytes | None  # the whole book's PDF, when every page had to be drawn; else None, until whole_pdf()


def typeset_and_draw(builder: Builder, pictures: PagePictures, stages: Stages) -> Typeset:
    """What the editor waits for after a save: the book laid out, and its changed pages written to a PDF of their
    own and drawn, with no garbage collection meanwhile (the caller collects once the pages are shown)."""
    with collector_paused():
        document = builder.laid_out(stages)
        keys = layout_keys(document)
        changed = pictures.to_draw(keys)
        whole = len(changed) == len(keys)
        pdf = (stages("pdf" if whole else "changed_pages", builder.write_pdf,
                      document if whole else document.copy([document.pages[index] for index in changed]))
               if changed else None)
        return Typeset(document, stages("draw", pictures.draw, keys, pdf), pdf if whole else None)


def whole_pdf(builder: Builder, typeset: Typeset, stages: Stages) -> bytes:
    """The whole book's PDF, written once its changed pages are on show (or already, when all were)."""
    return typeset.pdf or stages("pdf", builder.write_pdf, typeset.document)
