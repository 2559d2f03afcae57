"""Files written whole or not at all: the PDF a build makes, and what build/cache keeps between builds."""

import logging
import os
import secrets
from pathlib import Path

from .diagnostics import BuildFailure, display_path
from .messages import say

log = logging.getLogger(__name__)


def write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target and rename, so readers never see a half-written file, and two processes writing
    the same file at once each leave it whole. The file gets the mode any new file gets (the umask's), and what
    a build killed before its rename left beside the target is removed."""
    check_folder(path.parent)
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(path)
    temporary = path.parent / f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp"
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def check_folder(folder: Path) -> None:
    """A failure naming what stops files being written into `folder`, if anything does."""
    problem = folder_problem(folder)
    if problem:
        raise BuildFailure(say("build.folder_unwritable", problem=problem))


def folder_problem(folder: Path) -> str | None:
    """Why files cannot be written into `folder` (made if need be), naming what is in the way; None if they can."""
    existing = folder

    def shown(path: Path) -> str:  # the name itself, not where a link leads
        return str(Path(display_path(path.parent)) / path.name)

    while not existing.exists() and existing != existing.parent:
        if existing.is_symlink():
            return say("build.link_to_nothing", path=shown(existing))
        existing = existing.parent
    if not existing.is_dir():
        return say("build.file_not_folder", path=shown(existing))
    if not os.access(existing, os.W_OK | os.X_OK):
        return say("build.read_only", path=shown(existing))
    return None


def _remove_leftovers(path: Path) -> None:
    """Temporary files of `path` whose writer has ended (its process id is in the name)."""
    for leftover in path.parent.glob(f".{_glob_escape(path.name)}.*.tmp"):
        writer = leftover.name[len(path.name) + 2:].partition("-")[0]
        if not (writer.isdigit() and _running(int(writer))):
            leftover.unlink(missing_ok=True)


def _glob_escape(name: str) -> str:
    return "".join(f"[{char}]" if char in "*?[" else char for char in name)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


_unwritable: set[Path] = set()  # cache folders this process could not write into, and has said so


def store_in_cache(path: Path, data: bytes) -> None:
    """A cache that cannot be written (a read-only folder, a file in its place, a full disk) only makes the next
    build slower: nothing waits for what is kept there. So the build goes on, and says so once for each folder
    in the way, not once for each file it could not keep."""
    try:
        write_atomically(path, data)
    except (OSError, BuildFailure) as error:
        folder = _nearest_existing(path.parent).absolute()
        if folder not in _unwritable:
            _unwritable.add(folder)
            reason = folder_problem(path.parent) or getattr(error, "strerror", None) or str(error)
            log.warning(say("build.cache_not_kept", reason=reason))


def _nearest_existing(folder: Path) -> Path:
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder
