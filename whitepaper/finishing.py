"""Finishing touches on the PDF objects WeasyPrint made, just before they are written.

Links are dropped from the print edition, as PDF/X allows no annotations on the printed area. For the press,
ink.py settles what each plate receives, and the output intent names the registered printing condition.

Why here and not in CSS: WeasyPrint draws its `marks` inside the bleed and in RGB black, where a print shop
wants them outside the bleed in registration colour. Its PDF/X writer stamps a random XMP document ID, adds
PDF/X-1a's conformance key, names the output intent after the profile rather than a registered condition, and
re-encodes ICC profiles with the time of writing, which would make two builds of the same book differ.
"""

import hashlib
import uuid
from pathlib import Path
from urllib.parse import unquote, urlparse

import pydyf

from .colours import PrintCondition
from .ink import settle_ink
from .page_geometry import MM
from .compat.pdf_objects import pages, resolve, rewrite_xmp

MARK_START = 5 * MM  # from the trim: the 3 mm bleed, then 2 mm clear of it
MARK_LENGTH = 5 * MM
SLUG = 12 * MM  # paper kept around the trim to carry the marks
MARK_WIDTH = 0.25  # pt: hairline
REGISTRATION = "Registration"  # the colour space resource: prints on every separation


def finisher(crop_marks: bool, links: bool, press: PrintCondition | None):
    """WeasyPrint's `finisher` hook: (document, pdf) -> None, changing the pdf objects in place. `press` is the
    printing condition of an edition for the press, None for the screen."""

    def finish(document, pdf: pydyf.PDF) -> None:
        if crop_marks:
            add_crop_marks(pdf)
        if not links:
            for page in pages(pdf):
                page.pop("Annots", None)
        if press is not None:
            settle_ink(pdf)
            _name_output_condition(pdf, press)
        _embed_profiles_as_bundled(pdf, document.color_profiles.values())
        _set_document_id(pdf)  # last: it follows from everything above

    return finish


def add_crop_marks(pdf: pydyf.PDF) -> None:
    """Widen each page's MediaBox past the bleed and draw the four corners' trim marks there."""
    registration = _registration_colour_space(pdf)
    for page in pages(pdf):
        left, bottom, right, top = (float(value) for value in page["TrimBox"])
        page["MediaBox"] = pydyf.Array([left - SLUG, bottom - SLUG, right + SLUG, top + SLUG])
        resources = resolve(pdf, page["Resources"])
        resolve(pdf, resources.setdefault("ColorSpace", pydyf.Dictionary()))[REGISTRATION] = registration
        marks = pydyf.Stream(compress=True)
        marks.stream = [b"q", f"/{REGISTRATION} CS 1 SCN {MARK_WIDTH} w 0 J".encode()]
        for x, y, x_out, y_out in ((left, bottom, -1, -1), (right, bottom, 1, -1), (left, top, -1, 1),
                                   (right, top, 1, 1)):
            marks.stream += [_line(x + x_out * MARK_START, y, x + x_out * (MARK_START + MARK_LENGTH), y),
                             _line(x, y + y_out * MARK_START, x, y + y_out * (MARK_START + MARK_LENGTH))]
        marks.stream.append(b"Q")
        # WeasyPrint's page stream leaves its coordinate flip in force: isolate it with q … Q first.
        opening, closing = pydyf.Stream([b"q"]), pydyf.Stream([b"Q"])
        for stream in (opening, closing, marks):
            pdf.add_object(stream)
        page["Contents"] = pydyf.Array([opening.reference, page["Contents"], closing.reference, marks.reference])


def _registration_colour_space(pdf: pydyf.PDF) -> bytes:
    """Separation /All: a mark in it appears on the cyan, magenta, yellow and black plates alike."""
    tint = pydyf.Dictionary({"FunctionType": 2, "Domain": pydyf.Array([0, 1]), "N": 1,
                             "C0": pydyf.Array([0, 0, 0, 0]), "C1": pydyf.Array([1, 1, 1, 1])})
    pdf.add_object(tint)
    space = pydyf.Array(["/Separation", "/All", "/DeviceCMYK", tint.reference])
    pdf.add_object(space)
    return space.reference


def _line(x1: float, y1: float, x2: float, y2: float) -> bytes:
    return f"{x1:.3f} {y1:.3f} m {x2:.3f} {y2:.3f} l S".encode()


def _set_document_id(pdf: pydyf.PDF) -> None:
    """An XMP document ID that follows from every object that prints (the same book, the same ID; any change
    of content, style, font or colour, another ID), so the print shop can tell two files apart."""
    if "Metadata" not in pdf.catalog:
        return
    metadata = resolve(pdf, pdf.catalog["Metadata"])
    document_id = uuid.uuid5(uuid.NAMESPACE_URL, f"whitepaper:{_digest(pdf, skip=metadata)}")
    rewrite_xmp(metadata, document_id)


def _digest(pdf: pydyf.PDF, skip) -> str:
    """SHA-256 of every object's uncompressed bytes but `skip`."""
    digest = hashlib.sha256()
    for obj in pdf.objects:
        if obj is skip or getattr(obj, "free", "n") == "f":
            continue
        if isinstance(obj, pydyf.Stream):
            compress, obj.compress = obj.compress, False
            try:
                digest.update(obj.data)
            finally:
                obj.compress = compress
        else:
            digest.update(obj.data)
    return digest.hexdigest()


def _name_output_condition(pdf: pydyf.PDF, press: PrintCondition) -> None:
    """The registered printing condition (FOGRA39 at color.org), which print-shop preflight profiles look for,
    beside the embedded profile that WeasyPrint names after itself."""
    for intent in resolve(pdf, pdf.catalog.get("OutputIntents")) or []:
        intent = resolve(pdf, intent)
        intent["OutputConditionIdentifier"] = pydyf.String(press.identifier)
        intent["RegistryName"] = pydyf.String(press.registry)
        intent["OutputCondition"] = pydyf.String(press.condition)


def _embed_profiles_as_bundled(pdf: pydyf.PDF, profiles) -> None:
    """The ICC profile's own bytes, as in styles/icc/, rather than LittleCMS's re-encoding of them."""
    for profile in profiles:
        source = urlparse(profile.src)
        if profile.pdf_reference is not None and source.scheme == "file":
            resolve(pdf, profile.pdf_reference).stream = [Path(unquote(source.path)).read_bytes()]
