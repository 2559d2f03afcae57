"""Charts -> SVG: each model.Chart becomes an Altair chart in the book's theme, rendered by vl-convert.

In: charts, the edition's palette and the fonts folder. Out: {chart number: SVG text}. Colours come from
styles/colours.yaml in the edition's colour space, so the print edition's charts are device-cmyk throughout.
Two caches under build/cache make unchanged charts cost nothing: specs, keyed by the chart's data, the palette
and this module's code (Altair is slow to import and to build specs), and rendered SVGs, keyed by a hash of the
spec, the fonts and the renderer's version. Altair and vl-convert are loaded only when a cache misses.
"""

from __future__ import annotations  # annotations name Altair classes without loading Altair

import functools
import hashlib
import importlib.metadata
import json
import logging
import math
import os
import signal
import textwrap
from functools import lru_cache
from pathlib import Path

from .colours import Palette
from .lazy import lazy_import
from .messages import say
from .model import Chart, ChartItem
from .processes import can_fork, fork_running, received, send
from .progress import Progress
from .storage import store_in_cache

log = logging.getLogger(__name__)
alt = lazy_import("altair")
vl_convert = lazy_import("vl_convert")

FORK_FROM = 4  # charts missing from the cache: from this many, helper processes render them

FONT = "Noto Sans CJK SC"
TEXT_SIZE = 12  # px of every chart's text unless the styles say (`--size-chart`): drawn unscaled, 9 pt
LABEL_WRAP = 18  # characters of a category label per line
SMALL_SHARE = 9  # below this share of the whole, a segment is too narrow for its label inside
BAR = 30  # px: the thickness of a split bar
CIRCLE = 190  # px: a pie's or donut's diameter; its legend stands beside it, the two centred on the text block
CIRCLES = ("pie", "donut")
GROUPED_BAR = 20  # px a bar takes in a group, with the gap to the next


def chart_spec(chart: Chart, palette: Palette, width: float, legend_values: bool = False,
               text_size: float = TEXT_SIZE) -> dict:
    """The Vega-Lite spec for one chart, `width` px wide in all (the text block's width): pure data, so it can be
    hashed and tested without rendering. Altair checks each part against the Vega-Lite schema as it is made,
    which took half the time; the tests check every chart's whole spec instead. legend_values: a split bar's
    legend repeats each part's value, which the part shows too, so a reader who cannot tell the colours apart
    still knows which part is which. text_size: px of every text in the chart."""
    ink = palette["ink"]
    circle = chart.type in CIRCLES
    with alt.utils.schemapi.debug_mode(False):
        options = {"split": {"legend_values": legend_values, "text_size": text_size},
                   "stacked": {"text_size": text_size}}  # those that place figures by the text's size
        build = functools.partial(BUILDERS[chart.type], **options.get(chart.type, {}))
        drawing = build(chart, palette, math.floor(width))
        return drawing.properties(width=CIRCLE if circle else math.floor(width)).configure(
            font=FONT,
            background=palette["paper"],
            autosize=alt.AutoSizeParams(type="pad" if circle else "fit-x", contains="padding"),
            padding=alt.Padding(left=0, right=0, top=4, bottom=4),
            view=alt.ViewConfig(stroke=None),
            axis=alt.AxisConfig(labelColor=ink, titleColor=ink, labelFontSize=text_size, titleFontSize=text_size,
                                domainColor=palette["rule"], tickColor=palette["rule"], gridColor=palette["rule"],
                                labelFont=FONT, titleFont=FONT),
            legend=alt.LegendConfig(labelColor=ink, titleColor=ink, labelFontSize=text_size, symbolType="square",
                                    labelLimit=0, labelFont=FONT, title=None),
            text=alt.MarkConfig(fontSize=text_size, font=FONT),
        ).to_dict(validate=False)


def _rows(chart: Chart, items: tuple[ChartItem, ...]) -> list[dict]:
    """One row a part, with where it starts and ends along the whole and whether its figure fits inside it."""
    rows, start = [], 0.0
    whole = sum(item.value for item in items) or 1
    for order, item in enumerate(items):
        end = start + item.value
        rows.append({"label": item.label, "value": item.value, "text": chart.printed(item),
                     "derived": item.derived, "order": order, "start": start, "end": end,
                     "middle": (start + end) / 2, "inside": item.value * 100 / whole >= SMALL_SHARE,
                     "lines": balanced_lines(item.label)})
        start = end
    return rows


def balanced_lines(label: str) -> list[str]:
    """Wrap a category label into lines of even length, so no line is left with one character."""
    count = math.ceil(len(label) / LABEL_WRAP) or 1
    return textwrap.wrap(label, math.ceil(len(label) / count)) or [label]


def _colours(items: tuple[ChartItem, ...], palette: Palette) -> list[str]:
    series = palette.series()
    stated = iter(series)
    return [palette["derived"] if item.derived else next(stated, series[-1]) for item in items]


def _legend(orient: str = "bottom", direction: str = "horizontal") -> alt.Legend:
    return alt.Legend(orient=orient, direction=direction, columnPadding=16)


def _series_colour(chart: Chart, palette: Palette, legend: alt.Legend) -> alt.Color:
    names = [series.name for series in chart.series]
    return alt.Color("series:N", sort=names, legend=legend,
                     scale=alt.Scale(domain=names, range=palette.series()[:len(names)]))


def _split_chart(chart: Chart, palette: Palette, width: int, legend_values: bool = False,
                 text_size: float = TEXT_SIZE) -> alt.LayerChart:
    """A single bar cut into the parts of a whole: suits one question answered yes / no / other."""
    rows = _rows(chart, chart.items)
    if legend_values:
        rows = [{**row, "label": f"{row['label']} {row['text']}"} for row in rows]
    data = alt.Data(values=rows)
    labels = [row["label"] for row in rows]
    total = sum(item.value for item in chart.items)
    x_scale = alt.Scale(domain=[0, max(100.0, total) if chart.unit == "%" else total], nice=False)
    bar = alt.Chart(data).mark_bar(height=BAR, stroke=palette["paper"], strokeWidth=1).encode(
        x=alt.X("start:Q", scale=x_scale, axis=None),
        x2=alt.X2("end"),
        color=alt.Color("label:N", scale=alt.Scale(domain=labels, range=_colours(chart.items, palette)),
                        sort=labels, legend=_legend(direction="vertical")),
    )
    inside = alt.Chart(data).transform_filter("datum.inside").mark_text(fontWeight="bold").encode(
        x=alt.X("middle:Q", scale=x_scale), text=alt.Text("text:N"),
        color=_colour_if("datum.derived", palette["ink"], palette["paper"]))
    outside = alt.Chart(data).transform_filter("!datum.inside").mark_text(
        fontWeight="bold", dy=-(BAR // 2 + text_size - 2), color=palette["ink"]).encode(
        x=alt.X("middle:Q", scale=x_scale), text=alt.Text("text:N"))
    return alt.layer(bar, inside, outside).properties(height=BAR + 4)


def _colour_if(test: str, when_true: str, otherwise: str) -> alt.ColorValue:
    """A colour chosen per datum. Channels are given as Altair objects throughout, not as strings or dicts:
    Altair works out which class a string or dict means by trying them one by one, a tenth of a second a book."""
    return alt.ColorValue(**alt.condition(test, alt.value(when_true), alt.value(otherwise)))


def _category_axis(labels: list[str]) -> alt.Y:
    return alt.Y("label:N", sort=labels, title=None,
                 axis=alt.Axis(labelExpr="split(datum.value, '\\n')", labelLimit=0, ticks=False, domain=False,
                               labelPadding=8))


def _value_scale(chart: Chart, top: float) -> alt.Scale:
    """Room after the longest bar for its figure; percentages never run past 100."""
    end = top * 1.18 if chart.unit != "%" else min(100.0, top * 1.18)
    return alt.Scale(domain=[0, end or 1], nice=False)


def _step(labels: list[list[str]]) -> alt.Step:
    """Room for each category's label lines and its bar."""
    return alt.Step(max(26, 14 * max(len(lines) for lines in labels) + 10))


def _bar_chart(chart: Chart, palette: Palette, width: int) -> alt.LayerChart:
    """One bar per category: suits a share of a whole with several named parts."""
    rows = [{**row, "label": "\n".join(row["lines"])} for row in _rows(chart, chart.items)]
    data = alt.Data(values=rows)
    y = _category_axis([row["label"] for row in rows])
    x = alt.X("value:Q", scale=_value_scale(chart, max(item.value for item in chart.items)), axis=None)
    colour = _colour_if("datum.derived", palette["derived"], palette.series()[0])
    bars = alt.Chart(data).mark_bar(height={"band": 0.62}).encode(y=y, x=x, color=colour)
    values = alt.Chart(data).mark_text(align="left", dx=5, fontWeight="bold", color=palette["ink"]).encode(
        y=y, x=x, text=alt.Text("text:N"))
    return alt.layer(bars, values).properties(height=_step([row["lines"] for row in rows]))


def _series_rows(chart: Chart) -> list[dict]:
    return [{"series": series.name, "order": order, "label": "\n".join(balanced_lines(item.label)),
             "category": item.label, "value": item.value, "text": chart.printed(item)}
            for order, series in enumerate(chart.series) for item in series.items]


def _grouped_chart(chart: Chart, palette: Palette, width: int) -> alt.LayerChart:
    """Bars of several series side by side in each category: suits comparing years or groups."""
    rows = _series_rows(chart)
    data = alt.Data(values=rows)
    labels = list(dict.fromkeys(row["label"] for row in rows))
    y = _category_axis(labels)
    offset = alt.YOffset("series:N", sort=[series.name for series in chart.series])
    x = alt.X("value:Q", scale=_value_scale(chart, max(row["value"] for row in rows)), axis=None)
    bars = alt.Chart(data).mark_bar(height={"band": 0.85}, stroke=palette["paper"], strokeWidth=1).encode(
        y=y, yOffset=offset, x=x, color=_series_colour(chart, palette, _legend()))
    values = alt.Chart(data).mark_text(align="left", dx=4, fontWeight="bold", color=palette["ink"]).encode(
        y=y, yOffset=offset, x=x, text=alt.Text("text:N"))
    return alt.layer(bars, values).properties(height=alt.Step(GROUPED_BAR))


def _stacked_chart(chart: Chart, palette: Palette, width: int, text_size: float = TEXT_SIZE) -> alt.LayerChart:
    """Each category's bar cut into the series' parts: suits shares that differ between groups. A part too
    narrow for its figure has it above the bar, or below it when the part before was also narrow."""
    rows = []
    for index, category in enumerate(chart.series[0].items):
        parts = tuple(series.items[index] for series in chart.series)
        narrow = 0
        for series, row in zip(chart.series, _rows(chart, parts)):
            narrow = 0 if row["inside"] else narrow + 1
            rows.append({**row, "series": series.name, "label": "\n".join(balanced_lines(category.label)),
                         "place": "inside" if row["inside"] else ("above" if narrow % 2 else "below")})
    data = alt.Data(values=rows)
    labels = list(dict.fromkeys(row["label"] for row in rows))
    y = _category_axis(labels)
    top = max(row["end"] for row in rows)
    x_scale = alt.Scale(domain=[0, top], nice=False)
    bars = alt.Chart(data).mark_bar(height=BAR - 6, stroke=palette["paper"], strokeWidth=1).encode(
        y=y, x=alt.X("start:Q", scale=x_scale, axis=None), x2=alt.X2("end"),
        color=_series_colour(chart, palette, _legend()))
    layers = [bars]
    for place, shift, colour in (("inside", 0, palette["paper"]), ("above", -(BAR // 2 + 4), palette["ink"]),
                                 ("below", BAR // 2 + 4, palette["ink"])):
        layers.append(alt.Chart(data).transform_filter(f"datum.place == '{place}'").mark_text(
            fontWeight="bold", dy=shift, color=colour).encode(y=y, x=alt.X("middle:Q", scale=x_scale),
                                                              text=alt.Text("text:N")))
    return alt.layer(*layers).properties(height=alt.Step(BAR + 2 * text_size + 14))


def _line_chart(chart: Chart, palette: Palette, width: int) -> alt.LayerChart:
    """Series over time, left to right in the order the categories are written, each point with its figure."""
    rows = _series_rows(chart)
    data = alt.Data(values=rows)
    categories = [item.label for item in chart.series[0].items]
    x = alt.X("category:N", sort=categories, title=None,
              axis=alt.Axis(labelAngle=0, labelPadding=6, ticks=False, domain=True, labelLimit=0))
    values = [row["value"] for row in rows]
    low, high = min(0.0, min(values)), max(values)
    y = alt.Y("value:Q", title=None, scale=alt.Scale(domain=[low, high * 1.15 or 1], nice=False),
              axis=alt.Axis(labels=False, ticks=False, domain=False, grid=True, tickCount=5,
                            gridOpacity=0.3))
    colour = _series_colour(chart, palette, _legend())
    line = alt.Chart(data).mark_line(strokeWidth=2).encode(x=x, y=y, color=colour, order=alt.Order("order:Q"))
    points = alt.Chart(data).mark_point(filled=True, size=40, opacity=1).encode(x=x, y=y, color=colour)
    figures = alt.Chart(data).mark_text(dy=-10, fontWeight="bold", color=palette["ink"]).encode(x=x, y=y, text=alt.Text("text:N"))
    return alt.layer(line, points, figures).properties(height=220)


def _circle_chart(chart: Chart, palette: Palette, width: int) -> alt.LayerChart:
    """A pie or donut. Its parts are named, each with its figure, in the legend beside it: a thin slice has no
    room for a label, and one rule for every slice reads more easily than labels in and out of the circle."""
    rows = [{**row, "key": f"{row['label']}　{row['text']}"} for row in _rows(chart, chart.items)]
    keys = [row["key"] for row in rows]
    inner = CIRCLE // 4 if chart.type == "donut" else 0
    arcs = alt.Chart(alt.Data(values=rows)).mark_arc(innerRadius=inner, outerRadius=CIRCLE // 2 - 4, stroke=palette["paper"],
                                                     strokeWidth=1).encode(
        theta=alt.Theta("value:Q", stack=True),
        order=alt.Order("order:Q"),
        color=alt.Color("key:N", sort=keys, scale=alt.Scale(domain=keys, range=_colours(chart.items, palette)),
                        legend=alt.Legend(orient="right", direction="vertical", offset=24, rowPadding=4,
                                          labelLimit=width - CIRCLE - 60)))
    return alt.layer(arcs).properties(height=CIRCLE)


# Each draws one kind of chart; `width` is the most it may take (a full-width chart is fitted to it afterwards).
BUILDERS = {"split": _split_chart, "bars": _bar_chart, "grouped": _grouped_chart, "stacked": _stacked_chart,
            "line": _line_chart, "pie": _circle_chart, "donut": _circle_chart}


class ChartRenderer:
    """Renders specs to SVG with the bundled fonts, through a cache folder that may be deleted at any time."""

    def __init__(self, fonts_dir: Path, cache_dir: Path, width: float, legend_values: bool = False,
                 text_size: float = TEXT_SIZE):
        """width: the text block's, in px; every chart is drawn to it. legend_values, text_size: see chart_spec."""
        self.cache_dir = cache_dir
        self.width = width
        self.text_size = text_size
        self.legend_values = legend_values
        self.fonts_dir = fonts_dir
        self._fonts_registered = False
        renderer = importlib.metadata.version("vl-convert-python")
        self._salt = f"{renderer}:{fonts_digest(tuple(file_stamps(fonts_dir.glob('*.otf'))))}"
        self._spec_salt = (f"{importlib.metadata.version('altair')}:"
                           f"{hashlib.sha256(Path(__file__).read_bytes()).hexdigest()}")

    def start(self, charts: tuple[Chart, ...], palette: Palette) -> "ChartJob":
        """Begin making each chart's SVG: cached ones are read at once. Missing ones are rendered by two forked
        helper processes while the build goes on (vl-convert renders one chart at a time in a process), or here
        and now where forking is not safe."""
        svgs = {chart.number: self._cached_chart(chart, palette) for chart in charts}
        missing = [chart for chart in charts if svgs[chart.number] is None]
        job = ChartJob(self, palette, svgs, missing)
        if _can_fork(len(missing)):
            job.fork_helpers()
        return job

    def spec(self, chart: Chart, palette: Palette, keep: bool = True) -> dict:
        """chart_spec(chart, palette, width), remembered on disk: the same data and colours give the same spec.
        keep=False: the cache is only read (in a helper process, whose parent keeps what it made)."""
        spec = _read_json(self._spec_path(chart, palette))
        if spec is None:
            spec = chart_spec(chart, palette, self.width, self.legend_values, self.text_size)
            if keep:
                self.keep(chart, palette, spec)
        return spec

    def render(self, spec: dict, keep: bool = True) -> str:
        svg = self._cached(spec)
        if svg is None:
            self._register_fonts()
            svg = vl_convert.vegalite_to_svg(spec)
            if keep:
                store_in_cache(self._svg_path(spec), svg.encode())
        return svg

    def keep(self, chart: Chart, palette: Palette, spec: dict, svg: str | None = None) -> None:
        """A spec, and the SVG drawn from it, kept for the next build as far as the cache can be written."""
        store_in_cache(self._spec_path(chart, palette), json.dumps(spec, ensure_ascii=False).encode())
        if svg is not None:
            store_in_cache(self._svg_path(spec), svg.encode())

    def _register_fonts(self) -> None:
        if not self._fonts_registered:
            vl_convert.register_font_directory(str(self.fonts_dir))
            self._fonts_registered = True

    def _spec_path(self, chart: Chart, palette: Palette) -> Path:
        drawn = (chart.type, chart.unit, chart.items, chart.series)  # not its number, title or file
        inputs = repr((self._spec_salt, drawn, self.width, sorted(palette.values.items()), self.legend_values,
                       self.text_size))
        return self.cache_dir / "specs" / f"{hashlib.sha256(inputs.encode()).hexdigest()}.json"

    def _cached_chart(self, chart: Chart, palette: Palette) -> str | None:
        spec = _read_json(self._spec_path(chart, palette))
        return self._cached(spec) if spec is not None else None

    def _svg_path(self, spec: dict) -> Path:
        key = hashlib.sha256((self._salt + json.dumps(spec, sort_keys=True)).encode()).hexdigest()
        return self.cache_dir / f"{key}.svg"

    def _cached(self, spec: dict) -> str | None:
        try:
            return self._svg_path(spec).read_text(encoding="utf-8")
        except OSError:
            return None


class ChartJob:
    """Charts being made while the build goes on; `svgs()` waits for them. Each helper process sends every chart
    it draws back through a pipe of its own, which drives the progress line too; the build keeps them in the
    cache as far as it can, but needs none of it. A chart a helper failed to send is rendered here."""

    HELPERS = 2

    def __init__(self, renderer: ChartRenderer, palette: Palette, svgs: dict[int, str | None], missing: list):
        self.renderer, self.palette, self._svgs, self.missing = renderer, palette, svgs, missing
        self._helpers: list[int] = []
        self._pipes: list[int] = []  # one from each helper, read here
        self.progress = Progress(say("build.charts_step"), len(missing), say("build.charts_rendered"))

    def fork_helpers(self) -> None:
        try:
            for share in range(self.HELPERS):
                reading, writing = os.pipe()
                self._pipes.append(reading)
                charts = self.missing[share::self.HELPERS]
                try:
                    self._helpers.append(fork_running(lambda charts=charts, writing=writing:
                                                      self._render_in_helper(charts, writing)))
                finally:
                    os.close(writing)
        except BaseException:
            self.cancel()
            raise

    def _render_in_helper(self, charts: list[Chart], pipe: int) -> None:
        """A helper writes nothing but its pipe: no cache (the build keeps what it sends), no terminal (what fails
        here is rendered again, and reported, by the build; whoever reads the build's output waits for the build
        alone)."""
        for reading in self._pipes:
            os.close(reading)
        silence = os.open(os.devnull, os.O_WRONLY)
        os.dup2(silence, 1)
        os.dup2(silence, 2)
        for chart in charts:
            spec = self.renderer.spec(chart, self.palette, keep=False)
            send(pipe, (chart.number, spec, self.renderer.render(spec, keep=False)))

    def svgs(self) -> dict[int, str]:
        helped = bool(self._helpers)
        if helped:
            missing = {chart.number: chart for chart in self.missing}
            try:
                for number, spec, svg in received(self._pipes):
                    self._svgs[number] = svg
                    self.renderer.keep(missing[number], self.palette, spec, svg)
                    self.progress.advance()
            finally:
                self._reap()
        unsent = [chart for chart in self.missing if self._svgs.get(chart.number) is None]
        if helped and unsent:
            log.warning(say("build.charts_drawn_again", count=len(unsent)))
        for chart in unsent:
            self._svgs[chart.number] = self.renderer.render(self.renderer.spec(chart, self.palette))
            if not helped:
                self.progress.advance()
        return self._svgs

    def cancel(self) -> None:
        """Stop the helpers (the build failed before it needed the charts)."""
        for helper in self._helpers:
            os.kill(helper, signal.SIGTERM)
        self._reap()

    def _reap(self) -> None:
        for helper in self._helpers:
            os.waitpid(helper, 0)
        self._helpers = []
        for pipe in self._pipes:
            os.close(pipe)
        self._pipes = []


def _can_fork(charts: int) -> bool:
    """Worth it for several charts. (Once vl-convert runs here, its JavaScript engine's threads forbid forking.)"""
    return charts >= FORK_FROM and can_fork()


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def file_stamps(paths) -> list[tuple[Path, int, float]]:
    return [(path, path.stat().st_size, path.stat().st_mtime) for path in sorted(paths)]


@lru_cache(maxsize=4)
def fonts_digest(stamps: tuple[tuple[Path, int, float], ...]) -> str:
    """A hash of the fonts' bytes, read once per process while the files stay the same."""
    digest = hashlib.sha256()
    for path, _, _ in stamps:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()
