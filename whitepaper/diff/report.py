"""Changes -> words: one line per change for the terminal, and the note each highlight carries in the PDF."""

from ..messages import display_width, say
from .align import Change

QUOTE = "「{}」"
KINDS = ("inserted", "deleted", "replaced", "chart", "layout")


def summary(changes: list[Change], old_name: str, new_name: str) -> str:
    if not changes:
        return say("diff.no_changes", old=old_name, new=new_name)
    lines = [say("diff.changes", old=old_name, new=new_name, count=len(changes))]
    width = max(display_width(change_kind(kind)) for kind in KINDS)
    for change in changes:
        kind = change_kind(change.kind) + " " * (width - display_width(change_kind(change.kind)))
        lines.append(say("diff.line", old=f"{change.old_page:>3}", new=f"{change.new_page:<3}", kind=kind,
                         change=describe(change)))
    return "\n".join(lines)


def change_kind(kind: str) -> str:
    """inserted, deleted, replaced, chart or layout, in the reader's words."""
    return {"inserted": say("diff.inserted"), "deleted": say("diff.deleted"), "replaced": say("diff.replaced"),
            "chart": say("diff.chart"), "layout": say("diff.layout")}[kind]


def describe(change: Change) -> str:
    """The change in one line, with the words around it."""
    if change.kind == "chart":
        return say("diff.chart_change", chart=change.chart, old=change.old_text, new=change.new_text)
    if change.kind == "layout":
        return change.note
    middle = {"inserted": f"[+{change.new_text}]", "deleted": f"[-{change.old_text}]",
              "replaced": f"[{change.old_text} -> {change.new_text}]"}[change.kind]
    return f"…{change.before}{middle}{change.after}…"


def note(change: Change) -> str:
    """What a highlight in the new PDF says: what was there before."""
    if change.kind == "chart":
        return say("diff.note_chart", chart=change.chart, old=change.old_text, new=change.new_text)
    if change.kind == "layout":
        return say("diff.note_layout", note=change.note, page=change.old_page)
    if change.kind == "inserted":
        return say("diff.note_inserted", text=QUOTE.format(change.new_text),
                   before=QUOTE.format(change.before + change.after), page=change.old_page)
    if change.kind == "deleted":
        return say("diff.note_deleted", text=QUOTE.format(change.old_text), page=change.old_page)
    return say("diff.note_replaced", text=QUOTE.format(change.old_text), page=change.old_page)
