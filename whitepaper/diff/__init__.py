"""`whitepaper diff OLD.pdf NEW.pdf`: what changed between two PDFs of the book, for example two proofs, or our
file and the one the print shop sends back.

reading (PDF -> text, charts, layout) -> align (two books -> changes) -> report (terminal, JSON, notes),
annotate (new PDF + changes -> a copy with highlights), html_page (both PDFs + changes -> pages side by side).
"""

import json
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import BuildFailure
from ..messages import say
from ..processes import alongside
from ..storage import write_atomically
from .align import Change, NotSameBook, compare
from .annotate import annotated_copy
from .html_page import html_page
from .reading import read_book


@dataclass
class Outputs:
    annotated: Path
    html: Path
    json: Path | None = None


def default_outputs(new_pdf: Path) -> Outputs:
    """Beside the new file: proof-02.pdf -> proof-02-changes.pdf, proof-02-changes.html (and .json)."""
    stem = new_pdf.with_name(new_pdf.stem + "-changes")
    return Outputs(stem.with_suffix(".pdf"), stem.with_suffix(".html"), stem.with_suffix(".json"))


def changes_json(changes: list[Change]) -> str:
    return json.dumps([change.as_json() for change in changes], ensure_ascii=False, indent=2)


def diff_files(old_pdf: Path, new_pdf: Path, outputs: Outputs | None) -> list[Change]:
    """The changes, and (unless outputs is None) the annotated copy of the new file and the HTML page written.
    The two files are read, and the two outputs made, one in this process and one in a forked child."""
    with alongside(lambda: read_book(old_pdf)) as old_reading:
        new = read_book(new_pdf)
        old = old_reading.result()
    changes = compare(old, new)
    if outputs:
        with alongside(lambda: html_page(old_pdf, new_pdf, changes)) as page:
            annotated = annotated_copy(new_pdf, changes)
            html = page.result()
        written = [(outputs.annotated, annotated), (outputs.html, html.encode())]
        if outputs.json:
            written.append((outputs.json, (changes_json(changes) + "\n").encode()))
        for path, data in written:
            try:
                write_atomically(path, data)
            except OSError as error:
                raise BuildFailure(say("diff.cannot_write", path=path, error=error.strerror or error)) from None
    return changes


__all__ = ["Change", "NotSameBook", "Outputs", "changes_json", "default_outputs", "diff_files"]
