"""Charts: print labels on every part, derived remainders marked, bundled font, vector SVG, edition colours."""

import dataclasses
import logging
import os
import re
import time
from pathlib import Path

import altair as alt
import pytest
from jsonschema import ValidationError

from whitepaper.assemble import assemble
from whitepaper.charts import FONT, ChartJob, ChartRenderer, balanced_lines, chart_spec
from whitepaper.colours import load_palette
from whitepaper.diagnostics import Location
from whitepaper.model import Chart, ChartItem

WIDTH = 627  # px: the 166 mm text block of styles/book.css
SPLIT = Chart(8, "技术创新与应用情况", "split",
              (ChartItem("有相关机制、措施和行动", 90.0), ChartItem("其余（推算）", 10.0, derived=True)),
              Location(Path("table-08.yaml")))
BARS = Chart(1, "参与企业性质", "bars", (ChartItem("国有企业（包含央企）", 6.7), ChartItem("民营企业", 85.0),
                                         ChartItem("其他", 8.3)), Location(Path("table-01.yaml")))


def test_figures_read_as_the_text_states_them():
    assert [BARS.printed(ChartItem("", value)) for value in (85.0, 6.7, 90.0, 0.5)] == ["85%", "6.7%", "90%", "0.5%"]
    assert BARS.printed(ChartItem("", 90.0, written="90.0")) == "90.0%"
    in_units = dataclasses.replace(BARS, unit="家")
    assert in_units.printed(ChartItem("", 302, written="302")) == "302 家"


def test_long_category_labels_wrap_into_even_lines():
    assert balanced_lines("不了解可持续发展理念未开展社会责任建设") == ["不了解可持续发展理念", "未开展社会责任建设"]
    assert balanced_lines("民营企业") == ["民营企业"]


@pytest.fixture(scope="module", params=["cmyk", "srgb"])
def palette(request, project):
    return load_palette(project.colours, request.param, [])


def test_split_chart_colours_the_derived_part_apart(palette):
    spec = chart_spec(SPLIT, palette, WIDTH)
    colour_scale = spec["layer"][0]["encoding"]["color"]["scale"]
    assert colour_scale["domain"] == ["有相关机制、措施和行动", "其余（推算）"]
    derived = palette["derived"]
    assert colour_scale["range"][1] == derived and colour_scale["range"][0] != derived
    assert spec["config"]["font"] == FONT


def test_a_split_chart_legend_repeats_each_value_when_asked_so_colour_is_not_the_only_key(palette):
    legend = chart_spec(SPLIT, palette, WIDTH, legend_values=True)["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert legend == ["有相关机制、措施和行动 90%", "其余（推算） 10%"]


@pytest.fixture(scope="module")
def renderer(project, tmp_path_factory):
    return ChartRenderer(project.fonts, tmp_path_factory.mktemp("chart-cache"), WIDTH)


@pytest.mark.parametrize("chart", [SPLIT, BARS], ids=["split", "bars"])
def test_rendered_svg_carries_every_value_and_label_as_text(renderer, palette, chart):
    svg = renderer.render(chart_spec(chart, palette, WIDTH))
    assert svg.startswith("<svg") and "<image" not in svg
    for item in chart.items:
        assert f">{chart.printed(item)}<" in svg
    assert f'font-family="{FONT}"' in svg


@pytest.mark.parametrize("chart", [SPLIT, BARS], ids=["split", "bars"])
def test_print_charts_use_only_cmyk_colours(renderer, project, chart):
    svg = renderer.render(chart_spec(chart, load_palette(project.colours, "cmyk", []), WIDTH))
    colours = set(re.findall(r'(?:fill|stroke)="([^"]+)"', svg)) - {"none", "transparent"}
    assert colours and all(colour.startswith("device-cmyk(") for colour in colours), colours


def test_rendering_is_cached_by_spec(renderer, palette):
    spec = chart_spec(SPLIT, palette, WIDTH)
    first = renderer.render(spec)
    cached = list(renderer.cache_dir.glob("*.svg"))
    assert len(cached) >= 1
    for path in cached:
        path.write_text(path.read_text(encoding="utf-8").replace("90%", "CACHED"), encoding="utf-8")
    assert "CACHED" in renderer.render(spec) and "CACHED" not in first


def test_charts_are_drawn_anew_for_another_text_block_width(project, palette, tmp_path):
    """Wider margins in styles/ give narrower charts, even with a warm cache."""
    wide, narrow = (ChartRenderer(project.fonts, tmp_path, width) for width in (WIDTH, 500.7))
    assert wide.spec(SPLIT, palette)["width"] == WIDTH
    assert narrow.spec(SPLIT, palette)["width"] == 500
    assert wide.spec(SPLIT, palette)["width"] == WIDTH  # each width keeps its own cached spec


def test_every_chart_of_the_book_is_a_valid_vega_lite_spec(project, palette):
    """chart_spec skips Altair's piecewise checks for speed; the whole spec is checked here instead, on the book's
    charts and on the fixture book's, which has every kind."""
    charts = assemble(project.content).charts + assemble(Path(__file__).parent / "parts_book" / "content").charts
    assert {chart.type for chart in charts} == {"bars", "split", "grouped", "stacked", "line", "pie", "donut"}
    for chart in charts:
        alt.LayerChart.from_dict(chart_spec(chart, palette, WIDTH))
    broken = chart_spec(SPLIT, palette, WIDTH)
    broken["layer"][0]["mark"]["type"] = "pie-ish"
    with pytest.raises(ValidationError):
        alt.LayerChart.from_dict(broken)


class SlowRenderer:
    """Stands in for vl-convert and the cache: a chart's SVG names its number and the process that drew it;
    rendering takes a moment; nothing is kept."""

    def spec(self, chart, palette, keep=True):
        return chart.number

    def render(self, number, keep=True):
        time.sleep(0.05)
        return f"<svg>{number} {os.getpid()}</svg>"

    def keep(self, *made):
        pass


def missing_charts(count):
    return [dataclasses.replace(SPLIT, number=number) for number in range(1, count + 1)]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_charts_rendered_by_helper_processes_count_up_once_to_the_total(monkeypatch, caplog):
    monkeypatch.setattr("whitepaper.progress.PATIENCE", 0)
    monkeypatch.setattr("whitepaper.progress.INTERVAL", 0)
    caplog.set_level(logging.INFO)
    charts = missing_charts(6)
    job = ChartJob(SlowRenderer(), None, {}, charts)
    job.fork_helpers()
    svgs = job.svgs()
    assert sorted(svgs) == list(range(1, 7))
    assert all(svg.startswith(f"<svg>{number} ") for number, svg in svgs.items())
    assert caplog.messages == [f"charts: {done}/6 rendered" for done in range(1, 7)]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_charts_come_back_from_the_helpers_without_a_cache():
    """Each helper sends its SVGs through a pipe: none is drawn a second time here."""
    job = ChartJob(SlowRenderer(), None, {}, missing_charts(6))
    job.fork_helpers()
    helpers = set(job._helpers)
    drawn_in = {int(svg.split()[1].removesuffix("</svg>")) for svg in job.svgs().values()}
    assert drawn_in and drawn_in <= helpers


class FailingHelper(SlowRenderer):
    """A helper process dies at chart 3."""

    def __init__(self):
        self.parent = os.getpid()

    def render(self, number, keep=True):
        if number == 3 and os.getpid() != self.parent:
            raise RuntimeError("vl-convert failed")
        return super().render(number)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_charts_a_helper_did_not_send_are_drawn_here_and_said_so(caplog):
    job = ChartJob(FailingHelper(), None, {}, missing_charts(6))
    job.fork_helpers()
    svgs = job.svgs()
    assert sorted(svgs) == list(range(1, 7))
    here = sorted(number for number, svg in svgs.items() if svg == f"<svg>{number} {os.getpid()}</svg>")
    assert here == [3, 5]  # the second helper has 2, 4, 6; the first dies at 3, before 5
    assert [record.getMessage() for record in caplog.records if record.levelname == "WARNING"] == [
        "2 chart(s) a helper process did not send back were drawn here instead (slower)"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_a_failed_build_stops_the_chart_helpers():
    job = ChartJob(SlowRenderer(), None, {}, missing_charts(40))
    job.fork_helpers()
    helpers = list(job._helpers)
    started = time.monotonic()
    job.cancel()
    assert time.monotonic() - started < 1  # not the two seconds the helpers' work would take
    for helper in helpers:
        with pytest.raises(ChildProcessError):
            os.waitpid(helper, 0)
