"""Broken content ends in one clear message per problem, with file and line, and no PDF."""

import re
from pathlib import Path

import pytest

from whitepaper.assemble import assemble
from whitepaper.diagnostics import ContentError
from whitepaper.fonts import missing_glyphs


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(project: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        assemble(project / "content")
    return [str(problem) for problem in caught.value.problems]


# (file under content/, text to replace, replacement, expected message as a regular expression)
BROKEN = [
    ("book.yaml", "publisher: 北京", "publisher: [北京",
     r"^content/book\.yaml:\d+:\d+: this is not valid YAML"),
    ("book.yaml", "publisher:", "publsher:",
     r"^content/book\.yaml:5:1: unknown key `publsher`: did you mean `publisher`\?$"),
    ("book.yaml", 'date: "2022.12"', "date: 2022.12",
     r'^content/book\.yaml:6:1: `date` must be text: put it in quotes, as in `date: "2022.12"`$'),
    ("front/committee.yaml", "closing: 等 300 余家单位参与编制。", "",
     r"^content/front/committee\.yaml:2:1: `closing` is missing: add `closing: …`$"),
    ("front/committee.yaml", "  title: 编制工作组：", "  title: ''",
     r"^content/front/committee\.yaml:\d+:3: `working_group\.title` is empty"),
    ("charts/table-01.yaml", "value: 85", "value: 185",
     r"^content/charts/table-01\.yaml:11:5: `data\.2\.value` should be less than or equal to 100"),
    ("charts/table-01.yaml", "value: 85", "value: 80",
     r"^content/charts/table-01\.yaml:5:1: the parts add up to 95, not 100"),
    ("charts/table-02.yaml", "number: 2", "number: 3",
     r"^content/charts/table-02\.yaml:2:1: is 表 3 but is the 2th chart in reading order: number it 2"),
    ("charts/table-05.yaml", "type: split", "type: pie",
     r"^content/charts/table-05\.yaml:4:1: `type` is `pie`: write 'bars' or 'split'$"),
    ("chapters/05-industry-status.md", "![表 7](../charts/table-07.yaml)", "![表 7](../charts/table-7.yaml)",
     r"^content/chapters/05-industry-status\.md:\d+: chart file `\.\./charts/table-7\.yaml` does not exist"),
    ("chapters/05-industry-status.md", "（见表 7）", "（见表 23）",
     r"^content/chapters/05-industry-status\.md:\d+: the text mentions 「表 23」 but there is no such chart"),
    ("chapters/05-industry-status.md", "## 保护消费者权益情况", "### 保护消费者权益情况",
     r"^content/chapters/05-industry-status\.md:\d+: a `### ` heading is too deep"),
    ("chapters/01-overview.md", "new_page: true", "new_page: yes please",
     r"^content/chapters/01-overview\.md:3:\d+: `new_page` should be a valid boolean"),
    ("chapters/02-purpose.md", "---\n", "",
     r"^content/chapters/02-purpose\.md:1: must start with front matter"),
    ("chapters/03-contents.md", "\n本《白皮书》", "\n```\ncode\n```\n\n本《白皮书》",
     r"^content/chapters/03-contents\.md:\d+: a code block is not used in this book"),
]


@pytest.mark.parametrize("file, old, new, expected", BROKEN, ids=[case[3][:50] for case in BROKEN])
def test_broken_content_names_file_line_and_fix(content_copy, monkeypatch, file, old, new, expected):
    monkeypatch.chdir(content_copy)
    edit(content_copy / "content" / file, old, new)
    messages = problems_of(content_copy)
    assert any(re.search(expected, message) for message in messages), messages


def test_every_problem_is_reported_in_one_run(content_copy, monkeypatch):
    monkeypatch.chdir(content_copy)
    edit(content_copy / "content" / "book.yaml", "publisher:", "publsher:")
    edit(content_copy / "content" / "charts" / "table-01.yaml", "value: 85", "value: 80")
    edit(content_copy / "content" / "front" / "preface.md", "subtitle:", "sub_title:")
    messages = problems_of(content_copy)
    assert len(messages) == 3
    assert [message.split(":")[0] for message in messages] == [
        "content/book.yaml", "content/charts/table-01.yaml", "content/front/preface.md"]


def test_a_missing_file_is_named(content_copy, monkeypatch):
    monkeypatch.chdir(content_copy)
    (content_copy / "content" / "front" / "committee.yaml").unlink()
    assert problems_of(content_copy) == [
        "content/front/committee.yaml: is missing: the book needs this file (README.md, 'For editors: where things live')"]


def test_unplaced_chart_file_is_reported(content_copy, monkeypatch):
    monkeypatch.chdir(content_copy)
    (content_copy / "content" / "charts" / "table-23.yaml").write_text("number: 23\n", encoding="utf-8")
    assert "content/charts/table-23.yaml: is never placed in a chapter" in "\n".join(problems_of(content_copy))


def test_html_in_content_is_text_not_markup(content_copy):
    edit(content_copy / "content" / "chapters" / "03-contents.md", "本《白皮书》内容包括",
         '<script>alert(1)</script><img src="/etc/passwd">本《白皮书》内容包括')
    book = assemble(content_copy / "content")
    paragraph = book.chapters[2].blocks[0]
    assert paragraph.text.startswith("<script>alert(1)</script>")
    from whitepaper.html_builder import build_html
    html = build_html(book, {chart.number: "<svg/>" for chart in book.charts})
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_character_the_fonts_lack_is_named_with_its_place(content_copy, project, monkeypatch):
    monkeypatch.chdir(content_copy)
    edit(content_copy / "content" / "chapters" / "02-purpose.md", "旨在", "旨\U00020000在")
    problems = [str(problem) for problem in missing_glyphs(content_copy / "content", project.fonts)]
    assert problems == ["content/chapters/02-purpose.md:5:2: the fonts have no glyph for 「\U00020000」 (U+20000): "
                        "use another character, or add it to the fonts with "
                        "`.venv/bin/python scripts/subset_fonts.py` (see fonts/README.md)"]


def test_the_real_content_has_no_problems(project):
    assert missing_glyphs(project.content, project.fonts) == []
    assert len(assemble(project.content).charts) == 22
