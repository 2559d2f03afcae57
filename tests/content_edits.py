"""Edits a test makes to a copy of the real content, aimed at what the content holds now, not at its 2022 words:
an editor's correct change to a chart never breaks the setup of a test."""

import re
from dataclasses import dataclass
from pathlib import Path

VALUE = re.compile(r"^(\s*)value: (\S+)\s*$")


@dataclass(frozen=True)
class ValueLine:
    """A `value:` line of a chart file, as the editor typed it."""

    chart: Path
    line: int  # from 1
    column: int  # of `value`, from 1
    item: int  # its item's number in `data`, from 1 as the messages count
    text: str

    @property
    def place(self) -> str:
        return f"content/charts/{self.chart.name}:{self.line}:{self.column}"


def value_lines(content: Path) -> list[ValueLine]:
    """The `value:` lines of the first chart file (by name) that has them."""
    for chart in sorted((content / "charts").glob("*.yaml")):
        lines = chart.read_text(encoding="utf-8").splitlines()
        found = [(number, match, text) for number, text in enumerate(lines, start=1) if (match := VALUE.match(text))]
        if found:
            return [ValueLine(chart, number, len(match[1]) + 1, index, text)
                    for index, (number, match, text) in enumerate(found, start=1)]
    raise AssertionError(f"test setup: no chart in {content / 'charts'} has a `value:` line")


def replace_line(value: ValueLine, new: str) -> None:
    lines = value.chart.read_text(encoding="utf-8").split("\n")
    assert lines[value.line - 1] == value.text, f"test setup: {value.place} changed"
    lines[value.line - 1] = new
    value.chart.write_text("\n".join(lines), encoding="utf-8")


def with_letter(value: ValueLine) -> str:
    """The line with the editor's slip: a letter among the digits (4l.3 for 41.3)."""
    return value.text.replace("value: ", "value: 4l", 1)




@dataclass(frozen=True)
class Placement:
    """A chapter's `![…](../charts/…)` line, as the editor typed it."""

    chart: str  # the file's name
    chapter: Path
    line: int  # from 1
    text: str

    @property
    def place(self) -> str:
        return f"content/chapters/{self.chapter.name}:{self.line}"


def placements(content: Path) -> list[Placement]:
    """Where the chapters place their charts, in reading order."""
    return [Placement(match[1], chapter, number, text)
            for chapter in sorted((content / "chapters").glob("*.md"))
            for number, text in enumerate(chapter.read_text(encoding="utf-8").splitlines(), start=1)
            if (match := re.fullmatch(r"!\[[^\]]*\]\(\.\./charts/([^)\s<>]+)\)", text.strip()))]
