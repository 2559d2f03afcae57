"""`whitepaper proof`: the print edition saved as the next numbered proof, build/proofs/proof-NN.pdf, each page
stamped in the slug with the book's own words (content/book.yaml `labels.proof`: 「第 N 校样」 and the date),
and the changes since the previous proof reported (whitepaper.diff).

The stamp sits in the slug below the page, outside the trim and the bleed, clear of the crop marks: a print
shop cuts it away, and the file `make pdf` writes carries none. It is typeset by WeasyPrint with the bundled
fonts, in black ink only, and laid over each page.
"""

import datetime
import io
import re
from html import escape
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject

from .assemble import assemble
from .diagnostics import BuildFailure, display_path
from .editions import PRINT
from .finishing import MARK_START
from .page_geometry import MM
from .ink import settle_ink
from .messages import say
from .pipeline import Builder, Project, Stages
from .storage import write_atomically

PROOF_NAME = re.compile(r"proof-(\d+)\.pdf")
STAMP_LEFT = 20 * MM  # from the trim's left edge: well clear of the corner marks
STAMP_WIDTH = 170 * MM
STAMP_HEIGHT = 4 * MM
STAMP_GAP = 1.5 * MM  # between the bleed and the stamp
STAMP_NAME = "/ProofStamp"  # the form XObject each page draws the stamp with
STAMP_CSS = """@page { size: %.2fpt %.2fpt; margin: 0 }
html { font: 7pt "Noto Sans CJK SC"; color: device-cmyk(0 0 0 1); line-height: %.2fpt; white-space: pre }"""


@dataclass
class Proof:
    path: Path
    number: int
    pages: int
    previous: Path | None


def proofs_dir(project: Project) -> Path:
    return project.build_dir / "proofs"


def next_number(folder: Path) -> int:
    numbers = [int(found.group(1)) for path in folder.glob("proof-*.pdf") if (found := PROOF_NAME.fullmatch(path.name))]
    return max(numbers, default=0) + 1


def proof_path(folder: Path, number: int) -> Path:
    return folder / f"proof-{number:02d}.pdf"


def make_proof(project: Project, today: datetime.date | None = None) -> Proof:
    """Build, preflight and stamp the print edition, and save it as the next proof. Earlier proofs are kept."""
    labels = assemble(project.checked_content()).labels
    if not labels.proof:
        raise BuildFailure(say("proof.no_stamp_words", path=display_path(project.content / "book.yaml")))
    builder = Builder(project, PRINT)
    stage = Stages()
    pdf, pages = builder.unchecked_pdf(stage)
    builder.preflight(pdf, stage)
    folder = proofs_dir(project)
    number = next_number(folder)
    words = labels.proof.replace("{number}", str(number)).replace("{date}", (today or datetime.date.today()).isoformat())
    stamped = stage("stamp", stamp, pdf, _typeset_stamp(builder, words))
    path = proof_path(folder, number)
    stage("write", write_atomically, path, stamped)
    previous = proof_path(folder, number - 1)
    return Proof(path, number, pages, previous if previous.is_file() else None)


def _typeset_stamp(builder: Builder, words: str) -> bytes:
    """The stamp as a one-line PDF page, set with the build's own fonts."""
    typesetter = builder.typesetter  # points fontconfig at fonts/ and loads WeasyPrint
    from weasyprint import CSS, HTML

    css = CSS(string=STAMP_CSS % (STAMP_WIDTH, STAMP_HEIGHT, STAMP_HEIGHT), font_config=typesetter.font_config)
    return HTML(string=f"<p style='margin:0'>{escape(words)}</p>").write_pdf(
        stylesheets=[css], font_config=typesetter.font_config,
        finisher=lambda document, pdf: settle_ink(pdf))  # small black text overprints, as on every page


def stamp(pdf: bytes, stamp_pdf: bytes) -> bytes:
    """Each page with the stamp drawn in the slug below the bleed.

    The stamp is one form XObject with resources of its own, drawn by each page: WeasyPrint's pages share one
    resource dictionary and name a font after the font, so merging the stamp's page into them would mix the
    stamp's font subset up with the book's, which lacks its glyphs (Ghostscript and RIPs would draw boxes)."""
    stamp_page = PdfReader(io.BytesIO(stamp_pdf)).pages[0]
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header  # the PDF version PDF/X-4 needs
    form = DecodedStreamObject()
    form.set_data(stamp_page.get_contents().get_data())
    form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                 NameObject("/BBox"): ArrayObject(FloatObject(value) for value in stamp_page.mediabox),
                 NameObject("/Resources"): stamp_page["/Resources"].clone(writer)})
    form_reference = writer._add_object(form)
    for page in writer.pages:
        trim_left = float(page.trimbox.left)
        bleed_bottom, media_bottom = float(page.bleedbox.bottom), float(page.mediabox.bottom)
        top = min(bleed_bottom - STAMP_GAP, float(page.trimbox.bottom) - MARK_START)
        if top - STAMP_HEIGHT < media_bottom:
            raise BuildFailure(say("proof.no_slug"))
        resources = page["/Resources"].get_object()
        if "/XObject" not in resources:
            resources[NameObject("/XObject")] = DictionaryObject()
        resources["/XObject"].get_object()[NameObject(STAMP_NAME)] = form_reference
        drawing = DecodedStreamObject()
        drawing.set_data(f"q 1 0 0 1 {trim_left + STAMP_LEFT:.3f} {top - STAMP_HEIGHT:.3f} cm "
                         f"{STAMP_NAME} Do Q".encode())
        contents = page.raw_get("/Contents")
        kept = list(contents) if isinstance(contents, ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject([*kept, writer._add_object(drawing)])
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
