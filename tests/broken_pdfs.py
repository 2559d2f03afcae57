"""Good PDFs broken on purpose, the way a producer that is not ours (or WeasyPrint before our fixes) breaks
them: each function takes PDF bytes and returns a copy with one fault."""

import io

import pypdf
from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject, NameObject, NumberObject

from whitepaper.fonts import renumber_cids


def blend_forms_through_the_profile(pdf: bytes) -> bytes:
    """Every form XObject made a transparency group blended in the output intent's ICC profile: what WeasyPrint
    wrote for each centred or right-aligned chart label."""
    writer = _writer(pdf)
    profile = writer.root_object["/OutputIntents"][0].get_object().raw_get("/DestOutputProfile")  # a reference
    for page in writer.pages:
        for xobject in (page["/Resources"].get("/XObject") or {}).values():
            _blend_through(xobject.get_object(), profile, set())
    return _written(writer)


def set_ext_gstates(pdf: bytes, **entries) -> bytes:
    """Every ExtGState of every page given these entries (e.g. OP=False), as a producer that sets no overprint
    (or sets it everywhere) writes them."""
    writer = _writer(pdf)
    for page in writer.pages:
        for state in (page["/Resources"].get("/ExtGState") or {}).values():
            state = state.get_object()
            for key, value in entries.items():
                state[NameObject(f"/{key}")] = BooleanObject(value) if isinstance(value, bool) else \
                    NumberObject(value)
    return _written(writer)


def shift_cids(pdf: bytes) -> bytes:
    """Each embedded CFF font's glyph N given CID N + 1: the charset our subsetter wrote before it kept CIDs
    equal to glyph numbers (glyph 190 was CID 191 …)."""
    writer = _writer(pdf)
    for page in writer.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            program = descendant["/FontDescriptor"].get_object()["/FontFile3"].get_object()
            program.set_data(_shifted(program.get_data()))
    return _written(writer)


def _shifted(font_file: bytes) -> bytes:
    output = io.BytesIO()
    renumber_cids(font_file, lambda glyph: glyph + 1).save(output)
    return output.getvalue()


def _blend_through(form, profile, seen: set) -> None:
    if form.get("/Subtype") != "/Form" or id(form) in seen:
        return
    seen.add(id(form))
    form[NameObject("/Group")] = DictionaryObject({
        NameObject("/Type"): NameObject("/Group"), NameObject("/S"): NameObject("/Transparency"),
        NameObject("/I"): BooleanObject(True), NameObject("/CS"): ArrayObject([NameObject("/ICCBased"), profile])})
    for inner in (form["/Resources"].get_object().get("/XObject") or {}).values():
        _blend_through(inner.get_object(), profile, seen)


def _writer(pdf: bytes) -> pypdf.PdfWriter:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf))
    writer.pdf_header = pdf[:pdf.index(b"\n")]  # pypdf would write PDF 1.3
    return writer


def _written(writer: pypdf.PdfWriter) -> bytes:
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
