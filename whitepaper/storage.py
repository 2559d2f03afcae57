"""Files written whole or not at all: the PDF a build makes, and what build/cache keeps between builds."""

import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


def write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target and rename, so readers never see a half-written file, and two processes writing
    the same file at once each leave it whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def store_in_cache(path: Path, data: bytes) -> None:
    """A cache that cannot be written (a read-only folder, a full disk) only makes the next build slower."""
    try:
        write_atomically(path, data)
    except OSError as error:
        log.warning("%s not kept in the cache (%s); the build goes on", path.name, error.strerror or error)
