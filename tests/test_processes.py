"""Work done alongside in a forked process comes back whole: its result, what it raised, or, should the child
die, the same work done again here. No child is left behind."""

import gc
import logging
import os
import sys
import threading
import weakref
from pathlib import Path

import pytest

from whitepaper.diagnostics import ContentError, Location, Problem
from whitepaper.processes import Child, Here, alongside, can_fork, collect_when_large, received, send


@pytest.fixture
def forking(monkeypatch):
    """A process that may fork. By now the test process may run other libraries' threads (vl-convert's engine,
    started by the chart tests), which forbid forking a build; the children here touch none of them."""
    if not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2:
        pytest.skip("needs a second core and Linux")
    monkeypatch.setattr("whitepaper.processes._threads", lambda: 1)
    assert can_fork()


def in_child(parent: int) -> bool:
    return os.getpid() != parent


@pytest.mark.usefixtures("forking")
def test_the_result_comes_from_the_child():
    parent = os.getpid()
    with alongside(lambda: (in_child(parent), [6 * 7])) as work:
        assert isinstance(work, Child)
        assert work.result() == (True, [42])


@pytest.mark.usefixtures("forking")
def test_what_the_child_raised_is_raised_here():
    parent = os.getpid()

    def fail():
        if in_child(parent):
            raise ContentError([Problem(Location(Path("content/book.yaml"), 3, 7), f"raised in {os.getpid()}")])
        raise AssertionError("the work ran in the parent")

    with alongside(fail) as work, pytest.raises(ContentError) as raised:
        work.result()
    assert raised.value.problems[0].location.line == 3
    assert str(raised.value).startswith("content/book.yaml:3:7: raised in ")
    assert not str(raised.value).endswith(str(parent))


@pytest.mark.usefixtures("forking")
def test_a_child_that_dies_without_an_answer_has_its_work_done_here_and_says_so(caplog):
    parent = os.getpid()
    with caplog.at_level(logging.WARNING), alongside(lambda: os._exit(3) if in_child(parent) else "done here") as work:
        assert work.result() == "done here"
    assert caplog.messages == ["a helper process ended without an answer; doing its work here instead (slower)"]


@pytest.mark.usefixtures("forking")
def test_forking_is_only_for_linux(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    assert not can_fork()
    assert isinstance(alongside(lambda: 1), Here)


@pytest.mark.usefixtures("forking")
def test_leaving_early_waits_for_the_child():
    with pytest.raises(RuntimeError), alongside(lambda: 1) as work:
        raise RuntimeError("a rule failed in the parent")
    with pytest.raises(ChildProcessError):
        os.waitpid(work.pid, 0)


def test_without_a_second_process_the_work_is_done_here_when_asked(monkeypatch):
    monkeypatch.setattr("whitepaper.processes._threads", lambda: 2)  # as in the preview, which runs threads
    done = []
    with alongside(lambda: done.append(os.getpid()) or "answer") as work:
        assert isinstance(work, Here) and not done
        assert work.result() == "answer"
    assert done == [os.getpid()]


def test_values_sent_through_pipes_come_back_whole_and_one_cut_short_is_dropped():
    big = "<svg>" + "x" * 200_000 + "</svg>"  # more than a pipe holds: read while it is written
    first, second = os.pipe(), os.pipe()

    def write():
        send(first[1], ("chart", 1, big))
        os.close(first[1])
        send(second[1], 2)
        os.write(second[1], (100).to_bytes(8, "little") + b"half")  # a writer that died in the middle of a value
        os.close(second[1])

    writer = threading.Thread(target=write)
    writer.start()
    try:
        values = list(received([first[0], second[0]]))
    finally:
        writer.join()
        os.close(first[0])
        os.close(second[0])
    assert len(values) == 2 and ("chart", 1, big) in values and 2 in values  # in whichever order they came


class _Cycle:
    """Garbage only the collector frees, as a layout of the book is: it refers to itself."""

    def __init__(self):
        self.itself = self


@pytest.mark.parametrize(("limit_mb", "freed"), [(0, True), (10**9, False)])
def test_a_large_build_frees_the_layout_it_does_not_keep(monkeypatch, limit_mb, freed):
    """Between trial layouts the collector is paused; past the size limit one collection frees the last trial."""
    monkeypatch.setattr("whitepaper.processes._tuned", True)
    gc.disable()
    try:
        garbage = weakref.ref(_Cycle())
        collect_when_large(limit_mb)
        assert (garbage() is None) == freed
    finally:
        gc.unfreeze()  # what the collection set aside, as a tuned process would
        gc.enable()
        gc.collect()
