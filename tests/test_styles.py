"""A designer's slip in styles/ gets a message at its file and line, and no PDF, like an editor's in content/."""

import re

import pytest
from click.testing import CliRunner

from whitepaper.cli import EXIT_CONTENT, main

ONE_PROBLEM = "1 problem(s) in the content; nothing was written.\n"
ACCENT = '  accent:        {screen: "#1f4e79", print: [87, 49, 0, 46]}  # cover band, headings, rules\n'


@pytest.mark.parametrize("slip, message", [
    (ACCENT.replace('"#1f4e79"', '"#1f4e7"'),
     'styles/colours.yaml:{line}:19: `colours.accent.screen` is `#1f4e7`: write a colour as `"#rrggbb"`, e.g. '
     '`"#1f4e79"`'),
    (ACCENT.replace("[87, 49, 0, 46]", "[87, 49, 0, 146]"),
     "styles/colours.yaml:{line}:57: `colours.accent.print[4]` should be less than or equal to 100 (found `146`)"),
    (ACCENT.replace("[87, 49, 0, 46]", "[87, 49, 0]"),
     "styles/colours.yaml:{line}:38: `colours.accent.print` should have at least 4 items, not 3 (found `[87, 49, 0]`)"),
    (ACCENT.replace("[87, 49, 0, 46]", "[87, 90, 80, 60]"),
     "styles/colours.yaml:{line}:38: colour `accent` asks for 87 90 80 60, 317% of ink in all, more than the 300% a "
     "press can lay down: take some of C, M and Y away and give the grey they make to K"),
])
def test_a_wrong_colour_is_reported_at_its_line(content_copy, monkeypatch, slip, message):
    colours = content_copy / "styles" / "colours.yaml"
    text = colours.read_text(encoding="utf-8")
    assert ACCENT in text
    colours.write_text(text.replace(ACCENT, slip), encoding="utf-8")
    line = text.splitlines(keepends=True).index(ACCENT) + 1
    assert build(content_copy, monkeypatch) == message.format(line=line) + "\n" + ONE_PROBLEM


def test_a_series_lightness_that_is_no_percentage_is_reported_at_its_line(content_copy, monkeypatch):
    colours = content_copy / "styles" / "colours.yaml"
    lines = colours.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(number for number, line in enumerate(lines) if line.startswith("  series-3:"))
    lines[number] = "  series-3: {of: accent, turn: -72, lightness: 0.5}\n"
    colours.write_text("".join(lines), encoding="utf-8")
    assert build(content_copy, monkeypatch) == (
        f"styles/colours.yaml:{number + 1}:37: `lightness` is `0.5`: write a percentage from 0% to 100%, e.g. "
        "`lightness: 54%`\n" + ONE_PROBLEM)


def test_a_colour_the_charts_draw_with_must_be_defined(content_copy, monkeypatch):
    colours = content_copy / "styles" / "colours.yaml"
    lines = colours.read_text(encoding="utf-8").splitlines(keepends=True)
    colours.write_text("".join(line for line in lines if not line.startswith("  derived:")), encoding="utf-8")
    colours_line = lines.index("colours:\n") + 1
    assert build(content_copy, monkeypatch) == (
        f'styles/colours.yaml:{colours_line}:1: colour `derived` is missing: charts draw with it, add '
        '`derived: {screen: "#rrggbb", print: [c, m, y, k]}`\n' + ONE_PROBLEM)


def test_an_unknown_printing_condition_key_is_reported(content_copy, monkeypatch):
    condition = content_copy / "styles" / "print-condition.yaml"
    condition.write_text(condition.read_text(encoding="utf-8").replace("registry:", "regsitry:"), encoding="utf-8")
    output = build(content_copy, monkeypatch)
    assert output.startswith("styles/print-condition.yaml:6:1: ") and "`regsitry`" in output


def build(project, monkeypatch) -> str:
    """What `whitepaper --quiet build` prints in the project, with its exit code checked: a refused build."""
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["--quiet", "build"])
    assert result.exit_code == EXIT_CONTENT, result.output
    assert not (project / "build" / "whitepaper.pdf").exists()
    return result.stderr


COVER_TITLE = "font-size: 28pt;"  # the first of each in styles/book.css
FIRST_INDENT = "text-indent: 2em;"


@pytest.mark.parametrize("find, slip, message", [
    (COVER_TITLE, "font-size: 28ptt;",
     "styles/book.css:{line}:{column}: `font-size: 28ptt` is ignored (invalid value): correct the value"),
    (FIRST_INDENT, "text-indnet: 2em;",
     "styles/book.css:{line}:{column}: `text-indnet: 2em` is ignored (unknown property): correct the property's name"),
])
def test_a_css_typo_is_reported_at_its_line_and_stops_the_build(content_copy, monkeypatch, find, slip, message):
    """WeasyPrint would drop the declaration and print a different book (23 pages became 27)."""
    book_css = content_copy / "styles" / "book.css"
    text = book_css.read_text(encoding="utf-8")
    before = text[:text.index(find)]
    line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
    book_css.write_text(text.replace(find, slip, 1), encoding="utf-8")
    assert build(content_copy, monkeypatch) == message.format(line=line, column=column) + "\n" + ONE_PROBLEM


def test_a_typo_in_the_body_size_is_reported_at_its_line(content_copy, monkeypatch):
    """Every size follows from the body size, the charts' text too: its slip is reported once, where it is."""
    book_css = content_copy / "styles" / "book.css"
    text, count = re.subn(r"--body-size: [^;]+;", "--body-size: 11ptt;", book_css.read_text(encoding="utf-8"))
    assert count == 1
    book_css.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  --body-size: 11ptt;") + 1
    assert build(content_copy, monkeypatch) == (
        f"styles/book.css:{line}:3: `--body-size: 11ptt` is not a size this build can work out for the charts' text: "
        "write a length in pt, mm or px, or calc() of lengths, numbers, var() and + - * /\n" + ONE_PROBLEM)


def test_chart_text_size_that_cannot_be_worked_out_is_reported(content_copy, monkeypatch):
    book_css = content_copy / "styles" / "book.css"
    book_css.write_text(book_css.read_text(encoding="utf-8") + ":root {\n  --size-chart: calc(9pt +);\n}\n",
                        encoding="utf-8")
    line = book_css.read_text(encoding="utf-8").splitlines().index("  --size-chart: calc(9pt +);") + 1
    assert build(content_copy, monkeypatch) == (
        f"styles/book.css:{line}:3: `--size-chart: calc(9pt +)` is not a size this build can work out for the charts' "
        "text: write a length in pt, mm or px, or calc() of lengths, numbers, var() and + - * /\n" + ONE_PROBLEM)


def test_a_typo_reaching_a_property_through_var_is_reported_where_it_is_used(content_copy, monkeypatch):
    edition_css = content_copy / "styles" / "edition-print.css"
    edition_css.write_text(edition_css.read_text(encoding="utf-8") +
                           ":root { --gap: 3mmm; }\nh2.section-title {\n  margin-top: var(--gap);\n}\n", encoding="utf-8")
    line = edition_css.read_text(encoding="utf-8").splitlines().index("  margin-top: var(--gap);") + 1
    assert build(content_copy, monkeypatch) == (
        f"styles/edition-print.css:{line}:15: `margin-top: 3mmm` is ignored (invalid value): correct the value\n"
        + ONE_PROBLEM)


@pytest.mark.parametrize("token, replacement, message", [
    ("--members-size", "--members-text",  # renamed where it is set and used alike
     "styles/book.css: `--members-size` is missing from `:root`: the 编委会's grid needs it; add it to "
     "`:root { … }` (see styles/book.css)"),
    ("  --members-columns: 4;\n", "  --members-columns: four;\n",
     "styles/book.css:{line}:3: `--members-columns: four` is not a value this build can work out: write a length "
     "in pt, mm or px, a number, or calc() of lengths, numbers, var() and + - * /"),
])
def test_a_slip_in_the_committee_grid_is_reported(content_copy, monkeypatch, token, replacement, message):
    css = content_copy / "styles" / "book.css"
    text = css.read_text(encoding="utf-8")
    assert token in text
    line = next(number for number, text_line in enumerate(text.splitlines(), start=1) if token.strip() in text_line)
    css.write_text(text.replace(token, replacement), encoding="utf-8")
    assert build(content_copy, monkeypatch) == message.replace("{line}", str(line)) + "\n" + ONE_PROBLEM
