"""What a build leaves on disk and says, whatever the machine around it: the PDF's mode follows the umask,
leftovers of a killed build go, a folder in the way is named, and a failing stdout never fails a good build."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from whitepaper import storage
from whitepaper.cli import EXIT_FAILURE, main


@pytest.fixture
def umask_027():
    old = os.umask(0o027)
    yield
    os.umask(old)


def test_a_pdf_is_written_with_the_mode_the_umask_gives(tmp_path, umask_027):
    target = tmp_path / "whitepaper.pdf"
    storage.write_atomically(target, b"%PDF")
    assert (target.stat().st_mode & 0o777, target.read_bytes()) == (0o640, b"%PDF")


def test_the_next_write_removes_what_a_killed_build_left(tmp_path):
    target = tmp_path / "whitepaper.pdf"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    killed = tmp_path / f".whitepaper.pdf.{dead.stdout.strip()}-0a1b2c3d.tmp"
    older_kind = tmp_path / ".whitepaper.pdf.k3j_4h5x.tmp"  # as tempfile.mkstemp named them
    under_way = tmp_path / f".whitepaper.pdf.{os.getpid()}-00000000.tmp"  # a writer still running
    others = [tmp_path / ".whitepaper-screen.pdf.1-0a1b2c3d.tmp", tmp_path / "notes.tmp"]
    for path in (killed, older_kind, under_way, *others):
        path.write_bytes(b"half")
    storage.write_atomically(target, b"%PDF")
    assert sorted(tmp_path.iterdir()) == sorted([target, under_way, *others])


@pytest.mark.parametrize("setup, message", [
    (lambda root: (root / "build").write_text("x"), "build is a file, where the build needs a folder"),
    (lambda root: ((root / "build").mkdir(), (root / "build" / "cache").write_text("x")),
     "build/cache is a file, where the build needs a folder"),
    (lambda root: (root / "build").symlink_to(root / "gone"), "build is a symbolic link to nothing"),
])
def test_a_file_where_the_build_folder_belongs_is_named(content_copy, monkeypatch, setup, message):
    setup(content_copy)
    monkeypatch.chdir(content_copy)
    result = CliRunner().invoke(main, ["--quiet", "build"])
    advice = "delete it" if "symbolic" in message else "move or delete it"
    assert result.stderr == f"build failed: {message}: {advice}; nothing was written\n"
    assert result.exit_code == EXIT_FAILURE


def test_a_read_only_build_folder_is_named(content_copy, monkeypatch):
    (content_copy / "build").mkdir()
    monkeypatch.chdir(content_copy)
    monkeypatch.setattr(storage.os, "access", lambda path, mode: Path(path).name != "build")  # root may write anyway
    result = CliRunner().invoke(main, ["--quiet", "build"])
    assert result.stderr == ("build failed: build is read-only: make it writable (chmod u+w build); "
                             "nothing was written\n")


@pytest.mark.parametrize("redirect", ["> /dev/full", "| true"])
def test_a_failing_stdout_never_fails_a_good_build(warm_copy, redirect):
    """A full disk, a closed stream, a reader gone before the last line: the book is built, exit code 0."""
    command = f"{sys.executable} -m whitepaper build {redirect}; echo exit=${{PIPESTATUS[0]}}"
    result = subprocess.run(["bash", "-c", command], cwd=warm_copy, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stderr and "Error" not in result.stderr
    assert (warm_copy / "build" / "whitepaper.pdf").stat().st_size > 100_000
    assert result.stdout.endswith("exit=0\n")


def test_a_closed_stdout_still_exits_0(warm_copy):
    result = subprocess.run(["bash", "-c", f"{sys.executable} -m whitepaper build >&-"], cwd=warm_copy,
                            capture_output=True, text=True, timeout=300)
    assert (result.returncode, "Traceback" in result.stderr) == (0, False)
