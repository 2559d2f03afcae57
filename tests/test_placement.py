"""The build reports which charts stand on another page than the sentence that first cites them: the count
it prints is what a reader finds in the PDF."""

import re

from pdf_reading import page_lines, squeeze, text_of
from test_progress import whitepaper
from whitepaper.assemble import assemble

PLACEMENT = re.compile(r"placement +(\d+) of (\d+) charts stand on another page than the sentence that first "
                       r"cites them(?:: (.*))?$")


def test_the_build_names_the_charts_a_page_away_from_their_first_citation(warm_copy, project):
    result = whitepaper(warm_copy, "build")
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stderr.splitlines() if line.startswith("placement"))
    count, total, listed = PLACEMENT.fullmatch(line).groups()
    reported = [int(number) for number in re.findall(r"\d+", listed or "")]
    charts = len(assemble(warm_copy / "content").charts)
    assert (int(count), int(total)) == (len(reported), charts)
    assert reported == away_in_the_pdf(warm_copy / "build" / "whitepaper.pdf", project, charts)


def away_in_the_pdf(pdf, project, charts: int) -> list[int]:
    """Read back: the page of each chart's caption (a line of the sans face starting 表 N) and the page where the
    body text (the serif face) first mentions 表 N."""
    caption_page, cited_page = {}, {}
    for number, lines in enumerate(page_lines(pdf, project.fonts), start=1):
        body = squeeze("".join(text_of(line) for line in lines if line[0].font.startswith("Noto-Serif")))
        for chart in range(1, charts + 1):
            if re.search(rf"表{chart}(?!\d)", body):
                cited_page.setdefault(chart, number)
        for line in lines:
            caption = re.match(r"表(\d+)", squeeze(text_of(line)))
            if caption and line[0].font.startswith("Noto-Sans"):
                caption_page.setdefault(int(caption[1]), number)
    return [chart for chart in range(1, charts + 1)
            if chart in cited_page and caption_page.get(chart) != cited_page[chart]]
