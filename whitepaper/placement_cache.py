"""The charts' placement of the last build, remembered in build/cache/placement/ under a digest of everything that
decides the layout, so that a build of unchanged content lays the book out once instead of once per change that
place_charts tries (four more in the 2022 book).

Only a cache: the placement is found by the same rule from the same input, so the PDF is the same with it or
without it; an entry missing, unreadable or not written makes a build slower, never different.
"""

import hashlib
import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Callable

from .charts import file_stamps, fonts_digest
from .model import Book
from .placement import Layout, Placement, place_charts
from .storage import store_in_cache

# What lays the book out besides the HTML and the stylesheets: their versions are part of the digest
LAYOUT_LIBRARIES = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "tinyhtml5", "fonttools", "pyphen")
CODE = Path(__file__).parent  # this package: the placement rule, the typesetter's hooks


def cached_placement(book: Book, lay_out: Callable[[Placement], object], entry: Path,
                     digest: str) -> tuple[Layout, Placement]:
    """place_charts(book, lay_out), or the placement it found for the same digest last time, laid out once.

    One entry per edition (`entry`): an edit replaces it, so the folder does not grow with every build."""
    known = _read(entry, digest)
    if known is not None:
        return Layout(book, lay_out(known)).completed(), known
    layout, placement = place_charts(book, lay_out)
    store_in_cache(entry, json.dumps({"digest": digest, "pulled": placement.pulled,
                                      "breaks": placement.breaks}).encode())
    return layout, placement


def layout_digest(html: str, css: str, styles: Path, fonts: Path) -> str:
    """A digest of everything that decides where a chart lands: the book's HTML before any chart is moved, the
    colours' CSS, every file of styles/, the fonts, this package's code and the versions of the libraries (and
    of Pango) that lay it out."""
    digest = hashlib.sha256()
    for part in (html, css, fonts_digest(tuple(file_stamps(fonts.glob("*.otf")))), _libraries()):
        digest.update(part.encode() + b"\0")
    for folder in (styles, CODE):
        for path in sorted(path for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _libraries() -> str:
    from weasyprint.text.ffi import pango  # already imported by the typesetter

    versions = []
    for name in LAYOUT_LIBRARIES:
        try:
            versions.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            versions.append(f"{name} -")
    return ", ".join(versions) + f", pango {pango.pango_version()}"


def _read(entry: Path, digest: str) -> Placement | None:
    """The placement stored for this digest, or None if there is none or it cannot be read as one."""
    try:
        stored = json.loads(entry.read_text(encoding="utf-8"))
        if stored["digest"] != digest:
            return None
        pulled = tuple(int(chart) for chart in stored["pulled"])
        breaks = tuple((int(chart), str(name)) for chart, name in stored["breaks"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return Placement(pulled, breaks)
