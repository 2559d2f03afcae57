"""Changes -> words: one line per change for the terminal, and the note each highlight carries in the PDF."""

from .align import Change

QUOTE = "「{}」"


def summary(changes: list[Change], old_name: str, new_name: str) -> str:
    if not changes:
        return f"{old_name} -> {new_name}: no changes"
    lines = [f"{old_name} -> {new_name}: {len(changes)} change(s) (page numbers as a PDF reader counts them)"]
    for change in changes:
        lines.append(f"  page {change.old_page:>3} -> {change.new_page:<3} {change.kind:<9} {describe(change)}")
    return "\n".join(lines)


def describe(change: Change) -> str:
    """The change in one line, with the words around it."""
    if change.kind == "chart":
        return f"{change.chart}: {change.old_text} -> {change.new_text}"
    if change.kind == "layout":
        return change.note
    middle = {"inserted": f"[+{change.new_text}]", "deleted": f"[-{change.old_text}]",
              "replaced": f"[{change.old_text} -> {change.new_text}]"}[change.kind]
    return f"…{change.before}{middle}{change.after}…"


def note(change: Change) -> str:
    """What a highlight in the new PDF says: what was there before."""
    if change.kind == "chart":
        return f"{change.chart}: was {change.old_text}, now {change.new_text}"
    if change.kind == "layout":
        return f"Layout only, text unchanged: {change.note} (was page {change.old_page})"
    if change.kind == "inserted":
        return f"Inserted {QUOTE.format(change.new_text)}; before, it read " \
               f"{QUOTE.format(change.before + change.after)} (page {change.old_page})"
    if change.kind == "deleted":
        return f"Deleted here: {QUOTE.format(change.old_text)} (page {change.old_page})"
    return f"Was {QUOTE.format(change.old_text)} (page {change.old_page})"
