"""The book as the preview shows it: rebuilt by one thread, one build at a time, whenever a source changes.

The Builder stays warm between builds (fonts, stylesheets, chart cache); it is made anew only when styles,
fonts or templates change. The pages are shown as soon as they are typeset; preflight runs next, and what it
finds is added to the page. Pages are drawn in this same thread, since PDFium (used by preflight too) must
never run in two threads at once; only pages that changed are drawn again (page_pictures.py). The PDF is written
under build/preview/ only when it passes preflight, as `make pdf` does.
"""

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import BuildFailure, ContentError
from ..editions import Edition
from ..messages import say
from ..pipeline import Builder, Project, Stages
from ..processes import collect_between_builds, collector_paused
from ..storage import write_atomically
from .page_pictures import PagePictures
from .since_proof import Mark, SinceProof

log = logging.getLogger(__name__)
SETTLE = 0.15  # seconds to wait after a save, so that a file saved in several writes is read whole


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
    stale: bool = False  # the pages are the last good build's: the newest build stopped at its problems
    proof: str = ""  # the newest proof's file name, when there is one (print edition)
    changes_since_proof: int = 0
    marks: tuple[Mark, ...] = ()  # where they are on the pages

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
        started = time.perf_counter()
        stages = Stages()
        shown = {}  # this build's book, once it is on the page
        try:
            pdf, pages = typeset_and_draw(self._builder, self._pictures, stages)
            shown = {"pdf": pdf, "pages": pages, "seconds": time.perf_counter() - started}
            self._last_good = shown
            self._publish(**shown)
            log.info(say("preview.shown", pages=len(pages), seconds=f"{shown['seconds']:.1f}"))
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
            self.building = False

    def _publish(self, **outcome) -> None:
        """A new version of the page; problems are also printed where the preview was started."""
        self.outcome = Outcome(self.outcome.version + 1, **outcome)
        for problem in self.outcome.problems:
            log.error("%s: %s", problem.where, problem.message)


def typeset_and_draw(builder: Builder, pictures: PagePictures, stages: Stages) -> tuple[bytes, tuple[bytes, ...]]:
    """What the editor waits for after a save: the book typeset and its changed pages drawn, with no garbage
    collection meanwhile (the caller collects once the pages are shown)."""
    with collector_paused():
        pdf, _ = builder.unchecked_pdf(stages)
        return pdf, stages("draw", pictures.draw, pdf)
