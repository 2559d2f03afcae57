"""The build reports which charts stand a page turn away from the sentence that first cites them, and which on
the facing page: the counts it prints are what a reader finds in the PDF."""

from chart_placement import pages_in_the_pdf, reported, turned_and_facing
from test_progress import whitepaper
from whitepaper.assemble import assemble


def test_the_build_names_the_charts_a_page_turn_away_from_their_first_citation(warm_copy, project):
    result = whitepaper(warm_copy, "build")
    assert result.returncode == 0, result.stderr
    report = reported(result.stderr)
    charts = len(assemble(warm_copy / "content").charts)
    assert report.total == charts
    pages = pages_in_the_pdf(warm_copy / "build" / "whitepaper.pdf", project.fonts, charts)
    assert (report.turned, report.facing) == turned_and_facing(pages)
