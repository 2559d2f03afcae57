"""Finding one's way among the pydyf objects WeasyPrint hands to a finisher, before the PDF is written.

pydyf keeps each reference as bytes (b"12 0 R") and the page tree's Kids as a flat list of reference parts
(12, 0, "R", 15, 0, "R" …): the two facts finishing relies on, kept here. So is the one edit of the XMP packet
WeasyPrint writes for PDF/X, which has no option for a document ID of our choosing
(docs/upstream/weasyprint-xmp-document-id.patch).
"""

import re
import uuid

import pydyf

XMP_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-f-]+")
PDFX1_CONFORMANCE = re.compile(rb"<pdfx:GTS_PDFXConformance>[^<]*</pdfx:GTS_PDFXConformance>")


def pages(pdf: pydyf.PDF) -> list:
    return [pdf.objects[number] for number in pdf.pages["Kids"][0::3]]


def resolve(pdf: pydyf.PDF, value):
    """The object a reference points to; any other value as it is."""
    return pdf.objects[int(value.split()[0])] if isinstance(value, bytes) else value


def rewrite_xmp(metadata: pydyf.Stream, document_id: uuid.UUID) -> None:
    """WeasyPrint's XMP packet with `document_id` for its random one, and without PDF/X-1a's conformance key,
    out of place in PDF/X-4."""
    xmp = b"\n".join(bytes(part) for part in metadata.stream)
    xmp = XMP_DOCUMENT_ID.sub(f"xmp.did:{document_id}".encode(), xmp)
    metadata.stream = [PDFX1_CONFORMANCE.sub(b"", xmp)]
