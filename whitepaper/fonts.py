"""The bundled fonts: the only fonts a build may use, and the characters they can draw.

WeasyPrint finds fonts through fontconfig. Pointing fontconfig at a configuration that lists only fonts/
means a character our fonts lack can never be drawn silently in a system font; `missing_glyphs` finds such
characters in the content before typesetting, so the editor hears of them with file and line.
"""

import array
import hashlib
import io
import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont

from .diagnostics import BuildFailure, Location, Problem
from .messages import listed, say
from .model import SourceFile
from .storage import store_in_cache

TEXT_FONTS = ("NotoSerifCJKsc-Regular.otf", "NotoSerifCJKsc-Bold.otf",
              "NotoSansCJKsc-Regular.otf", "NotoSansCJKsc-Bold.otf")

# Control, format, private-use, unassigned and line/paragraph-separator characters: nothing to see in print
# (or a blank box), yet they break words and searches. Spaces (Zs) are left to the layout.
INVISIBLE = {"Cc", "Cf", "Co", "Cn", "Zl", "Zp"}

FONTCONFIG_TEMPLATE = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<!-- Written by whitepaper: only the book's own fonts are visible to the build. -->
<fontconfig>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""


@dataclass(frozen=True)
class BundledFont:
    path: Path
    family: str  # "Noto Serif CJK SC"
    pdf_name: str  # the name WeasyPrint gives the font in the PDF, before the subset tag: "Noto-Serif-CJK-SC-Bold"


def bundled_fonts(fonts_dir: Path) -> list[BundledFont]:
    missing = [name for name in TEXT_FONTS if not (fonts_dir / name).is_file()]
    if missing:
        raise BuildFailure(say("fonts.files_missing", folder=fonts_dir, names=listed(missing)))
    fonts = []
    for name in TEXT_FONTS:
        names = TTFont(fonts_dir / name, lazy=True)["name"]
        family = names.getDebugName(1)
        style = names.getDebugName(2)
        pdf_name = family.replace(" ", "-") + ("" if style == "Regular" else f"-{style}")
        fonts.append(BundledFont(fonts_dir / name, family, pdf_name))
    return fonts


_coverage_in_memory: dict[tuple, frozenset[int]] = {}


def covered_codepoints(fonts_dir: Path, cache_dir: Path | None = None) -> frozenset[int]:
    """Code points every bundled face can draw (text may be set in any of them). Reading the fonts' character
    maps takes a tenth of a second, so the answer is kept in memory and, given a cache folder, on disk, for as
    long as the font files stay the same."""
    fonts = bundled_fonts(fonts_dir)
    stamps = tuple((font.path.name, font.path.stat().st_size, font.path.stat().st_mtime_ns) for font in fonts)
    if stamps not in _coverage_in_memory:
        key = hashlib.sha256(repr(stamps).encode()).hexdigest()[:16]
        stored = cache_dir / f"coverage-{key}" if cache_dir else None
        codepoints = _stored_coverage(stored) if stored is not None else None
        if codepoints is None:
            codepoints = array.array("I", sorted(_read_coverage(fonts)))
            if stored is not None:
                store_in_cache(stored, codepoints.tobytes())
        _coverage_in_memory[stamps] = frozenset(codepoints)
    return _coverage_in_memory[stamps]


def _stored_coverage(path: Path) -> array.array | None:
    try:
        return array.array("I", path.read_bytes())
    except (OSError, ValueError):  # not there yet, or cut short: read from the fonts again
        return None


def _read_coverage(fonts: list[BundledFont]) -> frozenset[int]:
    return frozenset.intersection(*(frozenset(TTFont(font.path, lazy=True).getBestCmap()) for font in fonts))


def missing_glyphs(files: Iterable[SourceFile], fonts_dir: Path, cache_dir: Path | None = None) -> list[Problem]:
    """Characters the fonts lack, and invisible ones, in the given content files (those the book is read from, as
    they were read: `Book.source_files`)."""
    covered = covered_codepoints(fonts_dir, cache_dir)
    problems = []
    for file in files:
        if not any(_wants_a_look(char, covered) for char in set(file.text)):
            continue  # every character printable in the fonts: no need to read the file line by line
        path = file.path
        for line_number, line in enumerate(file.text.split("\n"), start=1):
            if line.lstrip().startswith("#") and path.suffix.lower() != ".md":
                continue  # a YAML comment is never printed
            for column, char in enumerate(line, start=1):
                where = Location(path, line_number, column)
                if unicodedata.category(char) in INVISIBLE and char not in "\t\r":
                    problems.append(Problem(where, say("fonts.invisible_character", code=f"{ord(char):04X}",
                                                       name=unicodedata.name(char, say("fonts.control_character")))))
                elif char.isprintable() and char != " " and ord(char) not in covered:
                    problems.append(Problem(where, say("fonts.no_glyph", character=char, code=f"{ord(char):04X}")))
    return problems


def _wants_a_look(char: str, covered: frozenset[int]) -> bool:
    """Whether a character may be invisible or missing from the fonts (missing_glyphs says which; it reads the
    text line by line, so a line feed is never one)."""
    return (unicodedata.category(char) in INVISIBLE and char not in "\t\r\n") or (
        char.isprintable() and char != " " and ord(char) not in covered)


def use_only_bundled_fonts(fonts_dir: Path, cache_dir: Path) -> None:
    """Must run before WeasyPrint first touches fontconfig (that is, before it is imported)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    config = cache_dir / "fonts.conf"
    text = FONTCONFIG_TEMPLATE.format(fonts=fonts_dir.resolve(), cache=(cache_dir / "cache").resolve())
    if not config.exists() or config.read_text(encoding="utf-8") != text:
        config.write_text(text, encoding="utf-8")
    os.environ["FONTCONFIG_FILE"] = str(config.resolve())


def renumber_cids(font_file: bytes, cid_of_glyph=lambda glyph: glyph) -> TTFont:
    """A CID-keyed OpenType face with glyph N's CID set to cid_of_glyph(N): N by default.

    Subsetting keeps each glyph's CID from the full face (glyph 190 is CID 191 …). WeasyPrint embeds the face
    as a CIDFontType0 with /Identity-H and writes glyph numbers as codes; a conforming reader (Ghostscript,
    MuPDF, pdf.js, Acrobat, a RIP) takes each code as a CID and finds the glyph through the CFF charset, so
    the charset must be the identity (scripts/subset_fonts.py). The faces' ordering is Adobe-Identity-0, whose
    CIDs mean nothing but the glyph, so renumbering them changes no character. Every other table stores glyph
    numbers, which stay."""
    font = TTFont(io.BytesIO(font_file))  # tables are read lazily: all but CFF after the new glyph order is set
    top = font["CFF "].cff.topDictIndex[0]
    numbered = [".notdef"] + [f"cid{cid_of_glyph(glyph):05d}" for glyph in range(1, len(top.charset))]
    charstrings = top.CharStrings
    charstrings.charStrings = {new: charstrings.charStrings[old] for old, new in zip(top.charset, numbered)}
    top.charset = numbered
    font.setGlyphOrder(numbered)
    for tag in font.keys():
        font[tag]  # read every table now, with the new glyph names
    return font
