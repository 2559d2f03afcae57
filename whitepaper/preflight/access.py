"""The screen edition's accessibility (PDF/UA-1): a tagged structure that screen readers follow, the
document's language, so Chinese is read as Chinese, and a title a viewer shows instead of the file name."""

from .reading import PdfUnderTest


def check(subject: PdfUnderTest) -> list[str]:
    catalog, info = subject.catalog, subject.reader.metadata or {}
    findings = []
    mark_info = catalog.get("/MarkInfo")
    if "/StructTreeRoot" not in catalog or mark_info is None or not mark_info.get_object().get("/Marked"):
        findings.append("the PDF is not tagged: screen readers cannot follow its headings, paragraphs and lists")
    if not str(catalog.get("/Lang", "")).strip():
        findings.append("the document language is not set: screen readers will not read it as Chinese "
                        "(content/book.yaml, `language`)")
    if "pdfuaid:part" not in subject.xmp:
        findings.append("the XMP metadata does not declare PDF/UA (pdfuaid:part)")
    for key, what in (("/Title", "title"), ("/Author", "author")):
        if not str(info.get(key, "")).strip():
            findings.append(f"the document {what} is missing from the PDF's metadata")
    preferences = catalog.get("/ViewerPreferences")
    if preferences is None or not preferences.get_object().get("/DisplayDocTitle"):
        findings.append("viewers are not told to show the document title (ViewerPreferences /DisplayDocTitle)")
    return findings
