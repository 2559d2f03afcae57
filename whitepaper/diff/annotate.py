"""Changes + the new PDF -> a copy of it with one highlight annotation per change, its note saying what was there
before. An author reviews it in any PDF reader, without our tools.

Each highlight carries its own appearance, an outline around the text (a filled one would hide the text, and
PDFium cannot give an appearance the blending that lets text show through), so every reader shows it alike. The copy is for review only: PDF/X allows no annotations, so it
never goes to the press. PDFium adds the annotations and writes the file.
"""

import ctypes
import io
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c

from .align import Change
from .reading import union
from .report import change_kind, note

COLOURS = {"chart": (255, 150, 50), "layout": (115, 180, 255)}  # text changes in yellow
YELLOW = (255, 230, 50)
OPACITY = 200  # of 255
LINE = 1.5  # points: the outline each highlight is drawn as
AUTHOR = "whitepaper diff"


def annotated_copy(new_pdf: Path, changes: list[Change]) -> bytes:
    document = pypdfium2.PdfDocument(new_pdf)
    try:
        for change in changes:
            if change.new_boxes:
                page = document[change.new_page - 1]
                _highlight(page, change)
                page.close()
        output = io.BytesIO()
        document.save(output)
        return output.getvalue()
    finally:
        document.close()


def _highlight(page, change: Change) -> None:
    annotation = pdfium_c.FPDFPage_CreateAnnot(page.raw, pdfium_c.FPDF_ANNOT_HIGHLIGHT)
    try:
        colour = COLOURS.get(change.kind, YELLOW)
        left, bottom, right, top = union(change.new_boxes)
        pdfium_c.FPDFAnnot_SetRect(annotation, pdfium_c.FS_RECTF(left, top, right, bottom))
        for box_left, box_bottom, box_right, box_top in change.new_boxes:
            quad = pdfium_c.FS_QUADPOINTSF(box_left, box_top, box_right, box_top, box_left, box_bottom, box_right,
                                           box_bottom)
            pdfium_c.FPDFAnnot_AppendAttachmentPoints(annotation, quad)
        pdfium_c.FPDFAnnot_SetColor(annotation, pdfium_c.FPDFANNOT_COLORTYPE_Color, *colour, OPACITY)
        for key, value in (("Contents", note(change)), ("T", AUTHOR), ("Subj", change_kind(change.kind))):
            pdfium_c.FPDFAnnot_SetStringValue(annotation, key.encode(), _wide(value))
        drawing = "{:.3f} {:.3f} {:.3f} RG {} w ".format(*(part / 255 for part in colour), LINE) + " ".join(
            f"{x0 + LINE / 2:.2f} {y0 + LINE / 2:.2f} {x1 - x0 - LINE:.2f} {y1 - y0 - LINE:.2f} re S"
            for x0, y0, x1, y1 in change.new_boxes)
        pdfium_c.FPDFAnnot_SetAP(annotation, pdfium_c.FPDF_ANNOT_APPEARANCEMODE_NORMAL, _wide(drawing))
    finally:
        pdfium_c.FPDFPage_CloseAnnot(annotation)


def _wide(text: str):
    """PDFium's strings: UTF-16LE ending in a zero."""
    buffer = ctypes.create_string_buffer((text + "\x00").encode("utf-16-le"))
    return ctypes.cast(buffer, pdfium_c.FPDF_WIDESTRING)
