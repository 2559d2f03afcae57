"""Where charts stand against their first citation, read back from a PDF, and the build's own report of it, for
the placement tests (tests/test_placement.py on the real book, tests/typography/test_chart_placement.py on a
book made to provoke each case)."""

import re
from dataclasses import dataclass
from pathlib import Path

from fixture_books import fixture_project
from pdf_reading import page_lines, squeeze, text_of
from whitepaper.pipeline import Project

BOOK = Path(__file__).parent / "placement_book"
CHARTS = 3  # the real 表 1–3, which its chapters cite

PLACEMENT = re.compile(r"placement +(\d+) of (\d+) charts stand a page turn away from the sentence that first cites "
                       r"them \((.*?)\); (\d+) on the facing page \((.*?)\); the layout moved (\d+) to the page that "
                       r"cites them \((.*?)\)$")


@dataclass(frozen=True)
class Report:
    total: int
    turned: list[int]
    facing: list[int]
    moved: list[int]


def reported(stderr: str) -> Report:
    """The build's placement line (in English: the tests run with WHITEPAPER_LANG=en), its counts checked
    against its lists."""
    line = next(line for line in stderr.splitlines() if line.startswith("placement"))
    turned, total, turned_charts, facing, facing_charts, moved, moved_charts = PLACEMENT.fullmatch(line).groups()
    lists = [[int(number) for number in re.findall(r"\d+", charts)] for charts in (turned_charts, facing_charts,
                                                                                  moved_charts)]
    assert [len(charts) for charts in lists] == [int(turned), int(facing), int(moved)], line
    return Report(int(total), *lists)


def pages_in_the_pdf(pdf: Path, fonts: Path, charts: int) -> dict[int, tuple[int, int]]:
    """Chart number -> (the page where the body text, in the serif face, first mentions 表 N; the page of its
    caption, a line of the sans face starting 表 N), pages counted from 1, for every chart the text cites."""
    caption_page, cited_page = {}, {}
    for number, lines in enumerate(page_lines(pdf, fonts), start=1):
        body = squeeze("".join(text_of(line) for line in lines if line[0].font.startswith("Noto-Serif")))
        for chart in range(1, charts + 1):
            if re.search(rf"表{chart}(?!\d)", body):
                cited_page.setdefault(chart, number)
        for line in lines:
            caption = re.match(r"表(\d+)", squeeze(text_of(line)))
            if caption and line[0].font.startswith("Noto-Sans"):
                caption_page.setdefault(int(caption[1]), number)
    return {chart: (cited_page[chart], caption_page[chart]) for chart in cited_page}


def facing(page: int, other: int) -> bool:
    """Whether two pages (counted from 1) show together when the book lies open: 2|3, 4|5 …; page 1 alone."""
    return page // 2 == other // 2


def turned_and_facing(pages: dict[int, tuple[int, int]]) -> tuple[list[int], list[int]]:
    """The charts a page turn away from their citation, and those on the facing page, as a reader finds them."""
    away = [chart for chart, (cited, caption) in sorted(pages.items()) if caption != cited]
    turned = [chart for chart in away if not facing(*pages[chart])]
    return turned, [chart for chart in away if chart not in turned]


def placement_project(project: Project, root: Path) -> Project:
    """tests/placement_book/ as a project of its own under `root`, each chapter on a right-hand page."""
    charts = [project.content / "charts" / f"table-{number:02}.yaml" for number in range(1, CHARTS + 1)]
    book = fixture_project(project, root, BOOK / "chapters", charts)
    settings = book.content / "book.yaml"
    assert "binding:" not in settings.read_text(encoding="utf-8")
    with settings.open("a", encoding="utf-8") as file:
        file.write("binding:\n  chapters_on_right: true\n")
    return book
