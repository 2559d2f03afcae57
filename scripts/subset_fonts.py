"""Make the book's fonts: the SC face of Debian's Noto CJK collections, subset to what Chinese print needs.

Why a script: the full faces are 20-27 MB each and the .ttc collections give every regional face the same
family name, so we keep one SC face per style, cut down to GB 2312, the punctuation and Latin a white paper
uses, and every character found under content/. Rerun it after adding text with rare characters:

    .venv/bin/python scripts/subset_fonts.py

Source: Debian package fonts-noto-cjk (version in fonts/SOURCE.txt). Output is deterministic for a given
source and content, so the fonts in git change only when the characters they need change.
"""

import hashlib
import io
import subprocess
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

from whitepaper.diagnostics import BuildFailure
from whitepaper.fonts import covered_codepoints, renumber_cids

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")
DEBIAN_PACKAGE = "fonts-noto-cjk"

# (collection file, output file): the PostScript name of the face we keep is the output's stem.
FACES = [
    ("NotoSerifCJK-Regular.ttc", "NotoSerifCJKsc-Regular.otf"),
    ("NotoSerifCJK-Bold.ttc", "NotoSerifCJKsc-Bold.otf"),
    ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf"),
    ("NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold.otf"),
]

# Blocks a Chinese white paper draws on besides GB 2312 itself.
EXTRA_RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 punctuation and letters
    (0x2000, 0x206F),  # general punctuation: dashes, quotes, ellipsis
    (0x2100, 0x214F),  # letterlike symbols
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x24FF),  # enclosed numbers ①
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0xFF00, 0xFFEF),  # full-width forms
]


def gb2312_characters() -> set[str]:
    chars = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def content_characters() -> set[str]:
    chars = set()
    for path in sorted((ROOT / "content").rglob("*")):
        if path.suffix in {".md", ".yaml", ".yml"} and path.is_file() and not path.is_symlink():
            chars.update(path.read_text(encoding="utf-8"))
    return {c for c in chars if c.isprintable() and c != " "}


def wanted_codepoints() -> list[int]:
    chars = gb2312_characters() | content_characters()
    codepoints = {ord(c) for c in chars}
    for start, end in EXTRA_RANGES:
        codepoints.update(range(start, end + 1))
    return sorted(codepoints)


def sc_face(collection: Path):
    for font in TTCollection(str(collection)).fonts:
        if font["name"].getDebugName(1).endswith(" SC"):
            return font
    sys.exit(f"{collection}: no SC face in this collection")


def subset_face(collection: Path, output: Path, codepoints: list[int]) -> None:
    font = sc_face(collection)
    options = subset.Options()
    options.layout_features = ["*"]  # keep vert, halt, chws, palt, kern ... for typesetting
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    subsetted = io.BytesIO()
    font.save(subsetted)
    font = renumber_cids(subsetted.getvalue())
    font.recalcTimestamp = False  # keep head.modified from the source, so reruns give the same bytes
    font.save(str(output), reorderTables=True)


def debian_version() -> str:
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", DEBIAN_PACKAGE], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() or "unknown"


def main() -> None:
    lacking = content_characters() - bundled_characters()
    if not lacking and "--force" not in sys.argv:
        print("the fonts in fonts/ already hold every character of content/: nothing to do (--force remakes them)")
        return
    missing = [name for name, _ in FACES if not (SOURCE_DIR / name).exists()]
    if missing:
        sys.exit(f"missing {', '.join(missing)} in {SOURCE_DIR}: run `apt-get install {DEBIAN_PACKAGE}` first")
    codepoints = wanted_codepoints()
    lines = [f"Source: Debian package {DEBIAN_PACKAGE} {debian_version()}, SC faces, subset by scripts/subset_fonts.py",
             f"Code points kept: {len(codepoints)}", ""]
    for number, (collection, output_name) in enumerate(FACES, start=1):
        print(f"{output_name} ({number}/{len(FACES)}): subsetting …", end=" ", flush=True)  # each takes a while
        output = ROOT / "fonts" / output_name
        subset_face(SOURCE_DIR / collection, output, codepoints)
        digest = hashlib.sha256(output.read_bytes()).hexdigest()
        lines.append(f"{digest}  {output_name}")
        print(f"{output.stat().st_size / 1e6:.1f} MB")
    (ROOT / "fonts" / "SOURCE.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for char in sorted(content_characters() - bundled_characters()):
        print(f"「{char}」 (U+{ord(char):04X}) is not in Noto CJK either: replace it in the content")


def bundled_characters() -> set[str]:
    """The characters every face in fonts/ can draw (none while a face is missing)."""
    try:
        return {chr(codepoint) for codepoint in covered_codepoints(ROOT / "fonts")}
    except BuildFailure:
        return set()


if __name__ == "__main__":
    main()
