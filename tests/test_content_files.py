"""What the build reads from disk: only ordinary files inside the project, whatever lies in content/, styles/
and fonts/ (links, pipes, devices, folders, hard links), each refused by name without being opened; which
files are chapters; chart names in Chinese or with spaces. Cases the corpus cannot hold as changed files."""

import collections
import math
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from content_edits import placements
from whitepaper import sources
from whitepaper.assemble import assemble
from whitepaper.cli import EXIT_CONTENT, main
from whitepaper.diagnostics import ContentError
from whitepaper.fonts import missing_glyphs
from whitepaper.model import SourceFile

PARTS_BOOK = Path(__file__).parent / "parts_book"
ADVICE = "the book reads only ordinary files inside the project; put the file itself here"


def problems(root) -> list[str]:
    with pytest.raises(ContentError) as caught:
        assemble(root / "content")
    return [str(problem) for problem in caught.value.problems]


@pytest.fixture
def chapters(content_copy, monkeypatch):
    monkeypatch.chdir(content_copy)
    return content_copy / "content" / "chapters"


def test_links_pipes_and_folders_named_like_chapters_are_refused_for_what_they_are(chapters, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitle: 外面\n---\n\n外面的文字。\n", encoding="utf-8")
    (chapters / "08-outside.md").symlink_to(outside)
    (chapters / "09-environment.md").symlink_to("/proc/self/environ")
    os.mkfifo(chapters / "10-pipe.md")  # opening it would block the build for good
    (chapters / "11-folder.md").mkdir()
    (chapters / "12-gone.md").symlink_to(tmp_path / "deleted.md")
    (chapters / "13-zero.md").symlink_to("/dev/zero")
    assert problems(chapters.parent.parent) == [
        f"content/chapters/08-outside.md: is a symbolic link, not a file: {ADVICE}",
        f"content/chapters/09-environment.md: is a symbolic link, not a file: {ADVICE}",
        f"content/chapters/10-pipe.md: is a named pipe (FIFO), not a file: {ADVICE}",
        f"content/chapters/11-folder.md: is a folder, not a file: {ADVICE}",
        f"content/chapters/12-gone.md: is a symbolic link to nothing (its file is gone): {ADVICE}",
        f"content/chapters/13-zero.md: is a symbolic link, not a file: {ADVICE}",
    ]


def test_a_hard_link_and_a_linked_folder_are_refused(chapters, tmp_path):
    (chapters / "08-hard.md").hardlink_to(chapters / "02-purpose.md")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "preface.md").write_text("---\ntitle: 前言\n---\n\n别处。\n", encoding="utf-8")
    front = chapters.parent / "front"
    (elsewhere / "committee.yaml").write_bytes((front / "committee.yaml").read_bytes())
    os.rename(front, tmp_path / "front-was")
    front.symlink_to(elsewhere)
    assert problems(chapters.parent.parent) == [
        f"content/chapters/02-purpose.md: is a hard link: the same file has another name, maybe outside the "
        f"project: {ADVICE}",
        f"content/chapters/08-hard.md: is a hard link: the same file has another name, maybe outside the "
        f"project: {ADVICE}",
        f"content/front/committee.yaml: lies outside the project: a folder on its way is a symbolic link: {ADVICE}",
        f"content/front/preface.md: lies outside the project: a folder on its way is a symbolic link: {ADVICE}",
    ]


def test_a_linked_chart_is_refused(chapters):
    charts, last = chapters.parent / "charts", placements(chapters.parent)[-1]
    os.rename(charts / last.chart, charts / f"real-{last.chart}")
    (charts / last.chart).symlink_to("/etc/passwd")
    assert problems(chapters.parent.parent) == [
        f"{last.place}: chart file `../charts/{last.chart}` is a symbolic link, not a "
        "file: a chart must be an ordinary file inside content/",
        f"content/charts/real-{last.chart}: is never placed in a chapter: add ![表 N](../charts/real-{last.chart}) "
        "where it belongs, or delete the file",
    ]


def test_chapters_are_the_visible_md_files_of_any_case(chapters, project):
    purpose = (chapters / "02-purpose.md").read_text(encoding="utf-8")
    for ignored in (".01-overview.md", ".#05-industry-status.md", "03-contents.md~", "03-contents.md.bak",
                    "#04-standards.md#", ".02-purpose.md.swp"):
        (chapters / ignored).write_text(purpose.replace("目的", "不应出现"), encoding="utf-8")
    (chapters / "08-new.MD").write_text("---\ntitle: 新的一章\n---\n\n新的一章的文字。\n", encoding="utf-8")
    book = assemble(chapters.parent)
    real = assemble(project.content)
    assert [chapter.title for chapter in book.chapters] == [chapter.title for chapter in real.chapters] + ["新的一章"]


def test_chart_names_in_chinese_or_with_spaces_are_found(chapters):
    charts = chapters.parent / "charts"
    first, second = placements(chapters.parent)[:2]
    os.rename(charts / first.chart, charts / "表 一.yaml")
    os.rename(charts / second.chart, charts / "表二.yaml")
    with open(charts / "表 一.yaml", "a", encoding="utf-8") as chart:
        chart.write("label: 表一\n")  # a label has no space: the file's name cannot be it
    for placement, name, label in ((first, "<../charts/表 一.yaml>", "表一"), (second, "../charts/表二.yaml", "表二")):
        path = placement.chapter
        stem = placement.chart.removesuffix(".yaml")
        text = path.read_text(encoding="utf-8").replace(f"{{ref:{stem}}}", f"{{ref:{label}}}")
        path.write_text(text.replace(f"(../charts/{placement.chart})", f"({name})"), encoding="utf-8")
    assert [chart.source.path.name for chart in assemble(chapters.parent).charts[:2]] == ["表 一.yaml", "表二.yaml"]


def test_a_chart_name_with_a_space_outside_angle_brackets_is_not_printed_as_text(chapters):
    first = placements(chapters.parent)[0]
    text = first.chapter.read_text(encoding="utf-8").replace(f"(../charts/{first.chart})", "(../charts/表 一.yaml)")
    first.chapter.write_text(text, encoding="utf-8")
    typed = first.text.strip().replace(f"(../charts/{first.chart})", "(../charts/表 一.yaml)")
    assert problems(chapters.parent.parent)[0] == (
        f"{first.place}: `{typed}` is not read as a chart: a file "
        "name with spaces goes in angle brackets, as in ![表 7](<../charts/table 07.yaml>)")


def test_minus_zero_prints_as_zero(tmp_path):
    shutil.copytree(PARTS_BOOK / "content", tmp_path / "content")
    path = tmp_path / "content" / "charts" / "table-06.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: 48", "value: -0.0"), encoding="utf-8")
    chart = assemble(tmp_path / "content").charts[5]
    value = next(item.value for item in chart.items if item.label == "大型企业")
    assert value == 0 and math.copysign(1, value) == 1 and f"{value:g}" == "0"


def test_the_glyph_check_reads_only_the_books_files(chapters, project):
    notes = chapters.parent / "notes.md"
    notes.write_text("编辑的笔记：\U00020000\n", encoding="utf-8")  # a character the fonts lack, never printed
    (chapters / "README.txt").write_text("\U00020000", encoding="utf-8")
    book = assemble(chapters.parent)
    assert missing_glyphs(book.source_files, project.fonts) == []
    assert missing_glyphs([SourceFile(notes, notes.read_text(encoding="utf-8"))], project.fonts)  # if read, reported


def test_each_content_file_is_read_once_and_the_glyph_check_reads_none_again(project, tmp_path, monkeypatch):
    """The example book has every kind of file (tables, appendices, a reference list): each is read once, and the
    glyph check finds its characters in the book, by file, line and column, with the files gone."""
    content = tmp_path / "content"
    shutil.copytree(project.root / "examples" / "2023" / "content", content)
    chapter = sorted((content / "chapters").glob("*.md"))[0]
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n缺字\U00020000。\n", encoding="utf-8")
    line = chapter.read_text(encoding="utf-8").count("\n")
    reads = collections.Counter()
    read = sources._read_ordinary_file
    monkeypatch.setattr(sources, "_read_ordinary_file", lambda path, root: reads.update([path]) or read(path, root))
    book = assemble(content)
    assert reads and set(reads.values()) == {1}
    assert {file.path for file in book.source_files} == set(reads)
    assert any(path.parent.name == "tables" for path in reads)
    shutil.rmtree(content)
    assert [str(problem).partition(": ")[0] for problem in missing_glyphs(book.source_files, project.fonts)] == [
        f"{chapter}:{line}:3"]


@pytest.mark.parametrize("place", ["styles/book-extra.css", "styles/icc/other.icc", "fonts-copy/Extra.otf"])
def test_links_and_pipes_in_styles_and_fonts_are_refused(content_copy, monkeypatch, place):
    monkeypatch.chdir(content_copy)
    fonts = content_copy / "fonts"
    if place.startswith("fonts-copy"):  # a private copy of fonts/, not the shared folder the fixture links to
        target = fonts.resolve()
        fonts.unlink()
        fonts.mkdir()
        for font in target.iterdir():
            (fonts / font.name).write_bytes(font.read_bytes())
        place = "fonts/Extra.otf"
        (content_copy / place).symlink_to("/etc/passwd")
        kind = "is a symbolic link, not a file"
    else:
        os.mkfifo(content_copy / place)
        kind = "is a named pipe (FIFO), not a file"
    result = CliRunner().invoke(main, ["--quiet", "build"])
    assert result.stderr == (f"{place}: {kind}: styles/ and fonts/ may hold only ordinary files; put the file "
                             f"itself here\n1 problem(s) in the content; nothing was written.\n")
    assert result.exit_code == EXIT_CONTENT


def test_a_list_nested_too_deep_is_named_not_cut_short(chapters):
    """Markdown stops reading lists nested past its limit: what lies deeper would vanish from the book."""
    path = chapters / "02-purpose.md"
    lines = path.read_text(encoding="utf-8").count("\n")
    path.write_text(path.read_text(encoding="utf-8") + "\n" + "".join("  " * depth + f"- 第{depth}层\n"
                                                                        for depth in range(1000)), encoding="utf-8")
    assert problems(chapters.parent.parent) == [
        f"content/chapters/02-purpose.md:{lines + 10}: lists or quotations are nested too deeply here to be read: "
        f"keep to a few levels"]


def test_a_list_nested_2000_deep_on_one_line_is_named(chapters):
    path = chapters / "02-purpose.md"
    lines = path.read_text(encoding="utf-8").count("\n")
    path.write_text(path.read_text(encoding="utf-8") + "\n" + "- " * 2000 + "深\n", encoding="utf-8")
    assert problems(chapters.parent.parent) == [
        f"content/chapters/02-purpose.md:{lines + 2}: lists or quotations are nested too deeply here to be read: "
        f"keep to a few levels"]
