"""Changes + both PDFs -> one HTML file: each changed page of the old file beside its page in the new one, the
changes outlined on both, the list of changes above. Pictures are drawn with pypdfium2 (cut at the trim) and
kept inside the file, so it can be mailed or opened anywhere on its own."""

import base64
from html import escape
from pathlib import Path

import pypdfium2

from ..preview.page_pictures import PAGE_SCALE as SCALE, _draw, _jpeg
from .align import Change
from ..messages import language, say
from .report import change_kind, describe

OUTLINE = {"chart": "#e67e00", "layout": "#2f7fd8"}  # text changes in red
RED = "#d0021b"
STYLE = """
body { font-family: sans-serif; margin: 1.5em; color: #222; }
ol li { margin: .2em 0; }
.pair { display: flex; gap: 2em; margin: 2em 0; align-items: flex-start; }
figure { margin: 0; }
figcaption { font-weight: bold; margin-bottom: .4em; }
.page { position: relative; box-shadow: 0 0 4px #888; }
.page img { display: block; }
.mark { position: absolute; border: 2px solid; box-sizing: border-box; }
"""


def html_page(old_pdf: Path, new_pdf: Path, changes: list[Change]) -> str:
    old_document, new_document = pypdfium2.PdfDocument(old_pdf), pypdfium2.PdfDocument(new_pdf)
    try:
        items = "".join("<li>" + escape(say("diff.html_item", old=change.old_page, new=change.new_page,
                                            kind=change_kind(change.kind), change=describe(change))) + "</li>"
                        for change in changes)
        sections = []
        for old_page, new_page in sorted({(change.old_page, change.new_page) for change in changes},
                                         key=lambda pages: (pages[1], pages[0])):
            on_pair = [change for change in changes if (change.old_page, change.new_page) == (old_page, new_page)]
            sections.append(
                '<section class="pair">'
                + _figure(old_document, old_page, escape(say("diff.html_caption", file=old_pdf.name, page=old_page)),
                          [(change.kind, box) for change in on_pair for box in change.old_boxes])
                + _figure(new_document, new_page, escape(say("diff.html_caption", file=new_pdf.name, page=new_page)),
                          [(change.kind, box) for change in on_pair for box in change.new_boxes])
                + "</section>")
    finally:
        old_document.close()
        new_document.close()
    title = f"{escape(old_pdf.name)} → {escape(new_pdf.name)}"
    listing = f"<ol>{items}</ol>" if changes else f"<p>{escape(say('diff.html_no_changes'))}</p>"
    count = escape(say("diff.html_count", count=len(changes)))
    return (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if language() == "zh" else "en"}"><head><meta charset="utf-8">'
            f"<title>{title}</title><style>{STYLE}</style></head><body><h1>{title}</h1><p>{count}</p>{listing}"
            + "".join(sections) + "</body></html>\n")


def _figure(document, page_number: int, caption: str, marks: list[tuple[str, tuple]]) -> str:
    page = document[page_number - 1]
    trim = page.get_trimbox()
    bitmap = _draw(page)
    picture = _jpeg(bitmap.to_pil())
    width, height = bitmap.width, bitmap.height
    bitmap.close()
    page.close()
    outlines = "".join(
        f'<div class="mark" style="left:{(left - trim[0]) * SCALE - 3:.0f}px;top:{(trim[3] - top) * SCALE - 3:.0f}px;'
        f'width:{(right - left) * SCALE + 6:.0f}px;height:{(top - bottom) * SCALE + 6:.0f}px;'
        f'border-color:{OUTLINE.get(kind, RED)}"></div>'
        for kind, (left, bottom, right, top) in marks)
    return (f'<figure><figcaption>{caption}</figcaption><div class="page">'
            f'<img alt="{caption}" width="{width}" height="{height}" '
            f'src="data:image/jpeg;base64,{base64.b64encode(picture).decode()}">{outlines}</div></figure>')
