"""Work done alongside in a forked process comes back whole: its result, what it raised, or, should the child
die, the same work done again here. No child is left behind."""

import os

import pytest

from whitepaper.diagnostics import BuildFailure
from whitepaper.processes import Child, alongside, can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs a second core and fork()")


def in_child(parent: int) -> bool:
    return os.getpid() != parent


def test_the_result_comes_from_the_child():
    parent = os.getpid()
    with alongside(lambda: (in_child(parent), [6 * 7])) as work:
        assert isinstance(work, Child)
        assert work.result() == (True, [42])


def test_what_the_child_raised_is_raised_here():
    def fail():
        raise BuildFailure("not a readable PDF")

    with alongside(fail) as work, pytest.raises(BuildFailure, match="not a readable PDF"):
        work.result()


def test_a_child_that_dies_without_an_answer_has_its_work_done_here():
    parent = os.getpid()
    with alongside(lambda: os._exit(3) if in_child(parent) else "done here") as work:
        assert work.result() == "done here"


def test_leaving_early_waits_for_the_child():
    with pytest.raises(RuntimeError), alongside(lambda: 1) as work:
        raise RuntimeError("a rule failed in the parent")
    with pytest.raises(ChildProcessError):
        os.waitpid(work.pid, 0)
