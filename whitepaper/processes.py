"""How a build uses the machine's processes: a forked child to use both cores of a small machine, and Python's
garbage collector kept out of the way while pages are laid out.

Forking copies the process as it is, imports and data included, so a child starts at once. It is safe only
on Linux (macOS's system libraries may crash in a forked child) and while this process runs a single thread: a
lock another thread holds would stay locked in the child forever.
"""

import gc
import logging
import os
import pickle
import selectors
import sys
import threading
from contextlib import contextmanager

from .messages import say

log = logging.getLogger(__name__)
_tuned = False  # only a process that asked for it (cli.run, the benchmark) has its collector tuned
LARGE_HEAP_MB = 800  # a build that has grown past this frees the layouts it does not keep


def tune_garbage_collector() -> None:
    """Layout makes hundreds of thousands of short-lived objects; Python's collector, left as it is, walks every
    imported module again and again among them, a tenth of a build's time. What is imported by now lives as
    long as the process, so it is set aside, and the collector runs less often. For the owner of the process
    only: a library that imports whitepaper keeps its collector as it was."""
    global _tuned
    gc.freeze()
    gc.set_threshold(10_000, 20, 100)
    _tuned = True


@contextmanager
def collector_paused():
    """In a tuned process, no garbage collection during a build, which saves a twentieth of a second. What the
    build made is then set aside like the imports: the first collection after it would otherwise walk all of it,
    as long again. A process that ends after one build never needs it back; the preview collects between
    builds."""
    if not _tuned:
        yield
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def collect_between_builds() -> None:
    """The preview's collection once a build is shown: the garbage of the last build, then what lives on is set
    aside again."""
    if not _tuned:
        return
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def collect_when_large(limit_mb: int = LARGE_HEAP_MB) -> None:
    """Between two layouts of one build: the layout not kept is garbage, which the paused collector never frees.
    A full collection walks everything alive (seconds for a large book), so it is made only once the process
    has grown past `limit_mb`: a book of ten times the 2022 one then peaks near that instead of at 3 GB."""
    if _tuned and _resident_mb() > limit_mb:
        collect_between_builds()


def _resident_mb() -> float:
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:  # Linux: what is resident now
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError, IndexError):
        return float("inf")  # elsewhere: collect, as the cost is only time


def can_fork() -> bool:
    return sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1 and _threads() == 1


def _threads() -> int:
    """Threads of this process, those a library started outside Python (vl-convert's engine) included."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def fork_running(work) -> int:
    """A forked child that runs `work()` and ends, with status 0 if it returned and 1 if it raised; its id. The
    child never returns into the caller's code."""
    child = os.fork()
    if child == 0:
        status = 1
        try:
            work()
            status = 0
        finally:
            os._exit(status)
    return child


def alongside(function) -> "Child | Here":
    """`function()` run meanwhile in a forked child where one can be forked, else here when its result is asked
    for. Use it as a context manager: leaving it waits for the child, whatever happened meanwhile."""
    return Child(function) if can_fork() else Here(function)


class Here:
    def __init__(self, function):
        self.function = function

    def result(self):
        return self.function()

    def __enter__(self):
        return self

    def __exit__(self, *_):
        return False


class Child(Here):
    """A forked process running the function; its result (or what it raised) comes back pickled through a pipe.
    Should the child die without an answer, or give one that cannot be read back, the function runs again
    here."""

    def __init__(self, function):
        super().__init__(function)
        reading, writing = os.pipe()
        self.pid = fork_running(lambda: self._answer(reading, writing))
        os.close(writing)
        self._pipe: int | None = reading

    def _answer(self, reading: int, writing: int) -> None:
        os.close(reading)
        try:
            answer = pickle.dumps((True, self.function()))
        except Exception as error:  # raised again in the parent, where the build reports it
            answer = pickle.dumps((False, error))
        with os.fdopen(writing, "wb") as stream:
            stream.write(answer)

    def result(self):
        try:
            succeeded, value = pickle.loads(self._reap())
        except Exception:  # no answer, or one that cannot be read back: the work is done again here
            log.warning("%s", say("build.helper_process_lost"))
            return self.function()
        if not succeeded:
            raise value
        return value

    def _reap(self) -> bytes:
        if self._pipe is None:
            return b""
        with os.fdopen(self._pipe, "rb") as stream:
            data = stream.read()
        self._pipe = None
        os.waitpid(self.pid, 0)
        return data

    def __exit__(self, *_):
        self._reap()
        return False


FRAME_HEADER = 8  # bytes: the length of the pickled value that follows


def send(pipe: int, value) -> None:
    """`value` pickled into `pipe`, preceded by its length, so that the reader knows where it ends."""
    data = pickle.dumps(value)
    view = memoryview(len(data).to_bytes(FRAME_HEADER, "little") + data)
    while view:
        view = view[os.write(pipe, view):]


def received(pipes: list[int]):
    """Each value `send` wrote into these pipes, as soon as it is whole, until every writer has closed its end. A
    value cut short (its writer died) is dropped. The pipes stay open: they are the caller's to close."""
    selector = selectors.DefaultSelector()
    pending = {pipe: bytearray() for pipe in pipes}
    for pipe in pipes:
        selector.register(pipe, selectors.EVENT_READ)
    try:
        while selector.get_map():
            for key, _ in selector.select():
                chunk = os.read(key.fd, 1 << 16)
                if not chunk:
                    selector.unregister(key.fd)
                buffer = pending[key.fd]
                buffer += chunk
                while len(buffer) >= FRAME_HEADER:
                    end = FRAME_HEADER + int.from_bytes(buffer[:FRAME_HEADER], "little")
                    if len(buffer) < end:
                        break
                    value = pickle.loads(buffer[FRAME_HEADER:end])
                    del buffer[:end]
                    yield value
    finally:
        selector.close()
