"""The screen edition's accessibility (PDF/UA-1): a tagged structure that screen readers follow, the
document's language, so Chinese is read as Chinese, and a title a viewer shows instead of the file name."""

from ..messages import say
from .reading import PdfUnderTest


def check(subject: PdfUnderTest) -> list[str]:
    catalog, info = subject.catalog, subject.reader.metadata or {}
    findings = []
    mark_info = catalog.get("/MarkInfo")
    if "/StructTreeRoot" not in catalog or mark_info is None or not mark_info.get_object().get("/Marked"):
        findings.append(say("preflight.not_tagged"))
    if not str(catalog.get("/Lang", "")).strip():
        findings.append(say("preflight.no_language"))
    if "pdfuaid:part" not in subject.xmp:
        findings.append(say("preflight.no_pdfua"))
    if not str(info.get("/Title", "")).strip():
        findings.append(say("preflight.no_title"))
    if not str(info.get("/Author", "")).strip():
        findings.append(say("preflight.no_author"))
    preferences = catalog.get("/ViewerPreferences")
    if preferences is None or not preferences.get_object().get("/DisplayDocTitle"):
        findings.append(say("preflight.no_display_title"))
    return findings
