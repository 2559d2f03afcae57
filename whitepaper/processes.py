"""How a build uses the machine's processes: a forked child to use both cores of a small machine, and Python's
garbage collector kept out of the way while pages are laid out.

Forking copies the process as it is, imports and data included, so a child starts at once. It is safe only
while this process runs a single thread: a lock another thread holds would stay locked in the child forever.
"""

import gc
import os
import pickle
import threading
from contextlib import contextmanager


def tune_garbage_collector() -> None:
    """Layout makes hundreds of thousands of short-lived objects; Python's collector, left as it is, walks every
    imported module again and again among them, a tenth of a build's time. What is imported by now lives as
    long as the process, so it is set aside, and the collector runs less often."""
    gc.freeze()
    gc.set_threshold(10_000, 20, 100)


@contextmanager
def collector_paused():
    """No garbage collection during a build: the little cyclic garbage a build leaves is collected after it, by
    the next collection or when the process ends, which saves a twentieth of a second."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def can_fork() -> bool:
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


def start_in_child(function):
    """Run `function()` in a forked child; returns a function that waits for the child and gives its result,
    or raises what it raised. Should the child die without an answer, the work is done again here."""
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(reading)
        status = 1
        try:
            try:
                answer = pickle.dumps((True, function()))
            except Exception as error:  # raised again in the parent, where the build reports it
                answer = pickle.dumps((False, error))
            with os.fdopen(writing, "wb") as pipe:
                pipe.write(answer)
            status = 0
        finally:
            os._exit(status)  # never back into the caller's code
    os.close(writing)

    def result():
        with os.fdopen(reading, "rb") as pipe:
            data = pipe.read()
        os.waitpid(child, 0)
        if not data:
            return function()
        succeeded, value = pickle.loads(data)
        if not succeeded:
            raise value
        return value

    return result
