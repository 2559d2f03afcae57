"""Rule 6: list items, the 编委会's organisations and the 编制工作组's names stand on a clear grid; names of
two characters are spaced to the width of three; a name too long for its cell takes two, never broken inside."""

from pathlib import Path

import pypdfium2
import pytest
import yaml

from whitepaper.pipeline import Builder

from fixture_books import fixture_project
from pdf_reading import BODY_EM, INDENT, MM, TEXT_LEFT, TEXT_RIGHT, body_lines, page_texts, squeeze, text_of

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
    misplaced = [text_of(cell) for cell in cells  # a long name may take two cells or three, gaps and all
                 if not any(abs(cell[0].left - column) < 0.05 and cell[-1].right < column + width + 0.5 + spans *
                            (width + GUTTER) for column in columns for spans in range(3))]
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


LONG_ORGANISATION = "中国电子工业标准化技术协会社会责任工作委员会数字经济与软件服务分会"  # 32 characters
LONG_MEMBER = "阿卜杜热合曼·买买提明·艾尔肯"


@pytest.fixture(scope="module")
def long_names(project, tmp_path_factory):
    """The sample book with a committee whose names are longer than any cell: one organisation and a member
    with a role, each between ordinary names."""
    root = tmp_path_factory.mktemp("long-names")
    sample = Path(__file__).parent / "sample"
    fixture = fixture_project(project, root, sample, sorted((Path(__file__).parent / "sample-charts").glob("*.yaml")))
    content = fixture.content
    committee = content / "front" / "committee.yaml"
    data = yaml.safe_load(committee.read_text(encoding="utf-8"))
    data["organisations"][1:1] = [LONG_ORGANISATION, "二六三网络通信股份有限公司"]
    data["working_group"]["members"][1:1] = [{"name": LONG_MEMBER, "role": "副组长"}, {"name": "王芳"}]
    committee.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    output = root / "long.pdf"
    Builder(fixture).build(output)
    return output, committee


def committee_names(committee: Path) -> list[str]:
    """Every name content/front/committee.yaml lists, with a member's role as printed beside it."""
    data = yaml.safe_load(committee.read_text(encoding="utf-8"))
    members = [member["name"] + (f"（{member['role']}）" if member.get("role") else "")
               for member in data["working_group"]["members"]]
    return data["organisations"] + members


def broken_names(pdf: Path, names: list[str]) -> list[str]:
    """The names not set on one line of the 编委会's page: read with each character's box, the spacing
    PDFium adds between words and lines left out."""
    pages = page_texts(pdf)
    index = next(number for number, text in enumerate(pages) if squeeze(names[0]) in squeeze(text))
    document = pypdfium2.PdfDocument(pdf)
    try:
        text_page = document[index].get_textpage()
        chars = [(text_page.get_text_range(number, 1), text_page.get_charbox(number))
                 for number in range(text_page.count_chars())]
    finally:
        document.close()
    chars = [(char, box) for char, box in chars if char.strip()]
    text = "".join(char for char, _ in chars)
    broken = []
    for name in names:
        start = text.find(name)
        assert start >= 0, f"「{name}」 is not on the page"
        while start >= 0:
            middles = [(box[1] + box[3]) / 2 for _, box in chars[start:start + len(name)]]
            if max(middles) - min(middles) > 1:  # points: another line is a dozen points away
                broken.append(name)
            start = text.find(name, start + 1)
    return broken


def test_no_committee_name_breaks_inside_itself(edition):
    assert not broken_names(edition.pdf, committee_names(edition.content / "front" / "committee.yaml"))


def test_a_name_longer_than_a_cell_takes_two_and_stays_on_one_line(long_names):
    pdf, committee = long_names
    names = committee_names(committee)
    assert LONG_ORGANISATION in names and f"{LONG_MEMBER}（副组长）" in names
    assert not broken_names(pdf, names)
