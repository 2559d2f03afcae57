"""Which watched folders changed: a thread comparing file modification times every fraction of a second.

Polling needs no library and sees every editor's way of saving (in place, or a new file renamed over the old).
"""

import os
import threading
from pathlib import Path

INTERVAL = 0.25  # seconds between two looks


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under the folder with its modification time and size (hidden files are editors' own)."""
    files = {}
    for directory, subfolders, names in os.walk(folder):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in names:
            if name.startswith(".") or name.endswith("~"):
                continue
            path = os.path.join(directory, name)
            try:
                status = os.stat(path)
            except OSError:  # deleted while we looked
                continue
            files[path] = (status.st_mtime_ns, status.st_size)
    return files


class Watcher(threading.Thread):
    """Calls on_change(set of changed folders) after a save; runs until stop() is called."""

    def __init__(self, folders: list[Path], on_change):
        super().__init__(name="watcher", daemon=True)
        self.folders = folders
        self.on_change = on_change
        self._stopped = threading.Event()
        self._seen = {folder: snapshot(folder) for folder in folders}

    def run(self) -> None:
        while not self._stopped.wait(INTERVAL):
            changed = set()
            for folder in self.folders:
                now = snapshot(folder)
                if now != self._seen[folder]:
                    self._seen[folder] = now
                    changed.add(folder)
            if changed:
                self.on_change(changed)

    def stop(self) -> None:
        self._stopped.set()
