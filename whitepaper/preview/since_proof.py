"""What changed since the last proof (build/proofs/), outlined on the preview's pages: the preview's PDF compared
with the newest proof by whitepaper.diff, each change's place given in percent of the page cut at the trim, as
the preview shows it. Only the print edition has proofs; the last proof is read again only when it changes."""

from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import BuildFailure
from ..diff.align import compare
from ..diff.reading import Book, read_book
from ..diff.report import describe
from ..pipeline import Project
from ..proof import next_number, proof_path, proofs_dir


@dataclass(frozen=True)
class Mark:
    page: int  # from 1
    kind: str
    note: str
    left: float  # percent of the trimmed page's width and height, from its top left corner
    top: float
    width: float
    height: float


class SinceProof:
    def __init__(self, project: Project):
        self.folder = proofs_dir(project)
        self._read: tuple[tuple, Book] | None = None

    def marks(self, pdf: Path) -> tuple[str, int, tuple[Mark, ...]]:
        """The newest proof's name, how many changes `pdf` has since it, and their marks; ("", 0, ()) without a
        proof. A proof of another book (or one that cannot be read) marks nothing."""
        number = next_number(self.folder) - 1
        if not number:
            return "", 0, ()
        proof = proof_path(self.folder, number)
        try:
            new = read_book(pdf)
            changes = compare(self._proof(proof), new)
        except BuildFailure:
            return proof.name, 0, ()
        marks = []
        for change in changes:
            left, bottom, right, top = new.pages[change.new_page - 1].trim
            width, height = right - left, top - bottom
            marks += [Mark(change.new_page, change.kind, describe(change), 100 * (x0 - left) / width,
                           100 * (top - y1) / height, 100 * (x1 - x0) / width, 100 * (y1 - y0) / height)
                      for x0, y0, x1, y1 in change.new_boxes]
        return proof.name, len(changes), tuple(marks)

    def _proof(self, path: Path) -> Book:
        key = (path, path.stat().st_mtime_ns)
        if self._read is None or self._read[0] != key:
            self._read = (key, read_book(path))
        return self._read[1]
