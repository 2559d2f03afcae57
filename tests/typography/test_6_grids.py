"""Rule 6: list items, the 编委会's organisations and the 编制工作组's names stand on a clear grid; names of
two characters are spaced to the width of three."""

from pdf_reading import BODY_EM, INDENT, MM, TEXT_LEFT, TEXT_RIGHT, body_lines, squeeze, text_of

MEASURE = TEXT_RIGHT - TEXT_LEFT
GUTTER = 3 * MM  # styles/book.css: 3 mm between the .organisations cells


def test_every_body_line_starts_at_the_margin_or_the_indent(edition):
    """Paragraphs and list items (「一是……」) share one left edge and one indent; only lines set off on
    purpose (the preface's signature, right-aligned) stand elsewhere."""
    lines = body_lines(edition.pages)
    off_grid = [text_of(line) for line in lines
                if min(abs(line[0].left - TEXT_LEFT), abs(line[0].left - INDENT)) > 0.05
                and line[0].left < INDENT + BODY_EM]
    assert not off_grid


def committee_page(edition):
    return next(lines for lines in edition.pages if any(is_working_group_title(edition, line) for line in lines))


def is_working_group_title(edition, line) -> bool:
    return squeeze(text_of(line)) == squeeze(edition.book.committee.working_group_title)


def test_organisations_stand_in_three_columns(edition):
    width = (MEASURE - 2 * GUTTER) / 3
    columns = [TEXT_LEFT + index * (width + GUTTER) for index in range(3)]
    cells = []
    for line in committee_page(edition):
        if line[0].em < BODY_EM - 1:  # the organisations are set small
            cell = [line[0]]
            for before, after in zip(line, line[1:]):
                if after.left - before.right > GUTTER / 2:
                    cells.append(cell)
                    cell = []
                cell.append(after)
            cells.append(cell)
    assert len(cells) >= len(edition.book.committee.organisations)
    starts = {min(range(3), key=lambda index: abs(cell[0].left - columns[index])) for cell in cells}
    assert starts == {0, 1, 2}
    misplaced = [text_of(cell) for cell in cells
                 if not any(abs(cell[0].left - column) < 0.05 and cell[-1].right < column + width + 0.5
                            for column in columns)]
    assert not misplaced


def test_names_stand_in_four_columns_two_characters_as_wide_as_three(edition):
    width = MEASURE / 4
    members = iter(edition.book.committee.members)
    page = committee_page(edition)
    title = next(line for line in page if is_working_group_title(edition, line))
    rows = [line for line in page if abs(line[0].em - BODY_EM) < 0.01 and line[0].baseline < title[0].baseline]
    checked = 0
    for row in rows:
        for column in range(4):
            left = TEXT_LEFT + column * width
            cell = [glyph for glyph in row if left <= glyph.left + 0.05 < left + width]
            if not cell:
                continue
            member = next(members)
            assert squeeze(text_of(cell)) == squeeze(member.name + (f"（{member.role}）" if member.role else ""))
            assert abs(cell[0].left - left) < 0.05, member.name
            name = cell[:len(member.name)]
            assert abs(name[-1].left - name[0].left - 2 * name[0].em) < 0.05, member.name
            checked += 1
    assert checked == len(edition.book.committee.members)
