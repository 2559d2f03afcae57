"""What a build prints: one line per stage with its time, progress on long steps, and nothing but errors
with --quiet. Run as a separate process, as `make pdf` runs it."""

import logging
import subprocess
import sys

from content_edits import replace_line, value_lines, with_letter
from whitepaper.progress import Progress

STAGES = ["content", "colours", "glyphs", "typesetter", "charts", "pictures", "html", "layout", "placement", "pdf",
          "preflight", "write"]


def whitepaper(project, *args):
    return subprocess.run([sys.executable, "-m", "whitepaper", *args], cwd=project, capture_output=True, text=True,
                          timeout=120)


def test_a_build_prints_one_line_per_stage_and_quiet_prints_nothing(warm_copy):
    loud = whitepaper(warm_copy, "build")
    assert loud.returncode == 0, loud.stderr
    assert [line.split()[0] for line in loud.stderr.splitlines()] == STAGES
    assert all(line.endswith(" s") for line in loud.stderr.splitlines() if not line.startswith("placement"))
    assert loud.stdout.startswith("wrote ")

    quiet = whitepaper(warm_copy, "--quiet", "build")
    assert quiet.returncode == 0, quiet.stderr
    assert (quiet.stdout, quiet.stderr) == ("", "")


def test_quiet_still_prints_errors(content_copy):
    value = value_lines(content_copy / "content")[0]
    replace_line(value, with_letter(value))
    result = whitepaper(content_copy, "--quiet", "build")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[0].startswith(f"{value.place}: ")
    assert not any(line.split()[0] in STAGES for line in result.stderr.splitlines())


class Terminal:
    @staticmethod
    def isatty():
        return True


class Pipe:
    @staticmethod
    def isatty():
        return False


def test_progress_shows_at_a_terminal_at_once_with_the_last_step(caplog):
    caplog.set_level(logging.INFO)
    progress = Progress("charts", 3, "rendered", stream=Terminal)
    for _ in range(3):
        progress.advance()
    assert caplog.messages == ["charts: 1/3 rendered", "charts: 3/3 rendered"]


def test_progress_stays_silent_when_a_piped_step_is_quick(caplog):
    caplog.set_level(logging.INFO)
    progress = Progress("charts", 3, "rendered", stream=Pipe)
    for _ in range(3):
        progress.advance()
    assert caplog.messages == []
