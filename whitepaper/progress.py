"""What a build prints as it goes: one line per stage with its time (`layout      1.23 s`), and the progress of
a long step (`charts: 5/22 rendered`), on the log (so --quiet silences them), in the reader's language.

Progress lines appear at a terminal, or elsewhere once the step has run long enough that someone may be waiting;
at most one a second, and always the last.
"""

import logging
import sys
import time

from .messages import display_width, say

log = logging.getLogger(__name__)
PATIENCE = 1.0  # seconds before a step not watched at a terminal starts reporting
INTERVAL = 1.0  # seconds between two lines
STAGE_COLUMNS = 10  # the stage's name is padded to this width, so that the times line up


class Progress:
    def __init__(self, step: str, total: int, verb: str, stream=None):
        self.step, self.total, self.verb = step, total, verb
        self.done = 0
        at_terminal = (stream or sys.stderr).isatty()
        self.next_line = time.perf_counter() + (0 if at_terminal else PATIENCE)
        self.reported = False

    def advance(self) -> None:
        self.done += 1
        now = time.perf_counter()
        if now >= self.next_line or (self.done == self.total and self.reported):
            self.next_line = now + INTERVAL
            self.reported = True
            log.info(say("progress.step", step=stage_name(self.step), done=self.done, total=self.total,
                         verb=self.verb))


def stage_time(stage: str, seconds: float) -> str:
    """`layout      1.23 s`: the line a build prints when a stage is done."""
    return say("progress.stage_time", stage=stage_column(stage), seconds=f"{seconds:5.2f}")


def stage_column(stage: str) -> str:
    """The stage's name as the reader calls it, padded to line up with the others."""
    name = stage_name(stage)
    return name + " " * (STAGE_COLUMNS - display_width(name))


def stage_name(stage: str) -> str:
    names = {"content": say("progress.content"), "colours": say("progress.colours"), "glyphs": say("progress.glyphs"),
             "typesetter": say("progress.typesetter"), "charts": say("progress.charts"),
             "pictures": say("progress.pictures"), "html": say("progress.html"), "layout": say("progress.layout"),
             "padding": say("progress.padding"), "placement": say("progress.placement"), "pdf": say("progress.pdf"),
             "changed_pages": say("progress.changed_pages"),
             "preflight": say("progress.preflight"), "write": say("progress.write"), "stamp": say("progress.stamp"),
             "draw": say("progress.draw")}
    return names.get(stage, stage)
