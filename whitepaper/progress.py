"""Progress of a long step, as `charts: 5/22 rendered` lines on the log (so --quiet silences them).

Lines appear at a terminal, or elsewhere once the step has run long enough that someone may be waiting; at most
one a second, and always the last.
"""

import logging
import sys
import time

log = logging.getLogger(__name__)
PATIENCE = 1.0  # seconds before a step not watched at a terminal starts reporting
INTERVAL = 1.0  # seconds between two lines


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
            log.info("%s: %d/%d %s", self.step, self.done, self.total, self.verb)
