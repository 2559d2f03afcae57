"""Charts -> SVG: each model.Chart becomes an Altair chart in the book's theme, rendered by vl-convert.

In: charts, the edition's palette and the fonts folder. Out: {chart number: SVG text}. Colours come from
styles/colours.yaml in the edition's colour space, so the print edition's charts are device-cmyk throughout.
Two caches under build/cache make unchanged charts cost nothing: specs, keyed by the chart's data, the palette
and this module's code (Altair is slow to import and to build specs), and rendered SVGs, keyed by a hash of the
spec, the fonts and the renderer's version. Altair and vl-convert are loaded only when a cache misses.
"""

from __future__ import annotations  # annotations name Altair classes without loading Altair

import hashlib
import importlib.metadata
import json
import math
import os
import signal
import textwrap
from functools import lru_cache
from pathlib import Path

from .colours import Palette
from .lazy import lazy_import
from .model import Chart, ChartItem
from .processes import can_fork, fork_running
from .progress import Progress
from .storage import store_in_cache

alt = lazy_import("altair")
vl_convert = lazy_import("vl_convert")

FORK_FROM = 4  # charts missing from the cache: from this many, helper processes render them

FONT = "Noto Sans CJK SC"
WIDTH = 460  # px at 96 dpi: about 12 cm, inside the text block
LABEL_WRAP = 18  # characters of a category label per line
SMALL_SHARE = 9  # below this a split segment is too narrow for its label inside


def percent(value: float) -> str:
    return f"{value:g}%"


def chart_spec(chart: Chart, palette: Palette, legend_values: bool = False) -> dict:
    """The Vega-Lite spec for one chart: pure data, so it can be hashed and tested without rendering. Altair
    checks each part against the Vega-Lite schema as it is made, which took half the time; the tests check
    every chart's whole spec instead. legend_values: each legend entry repeats its part's value, which the
    part shows too, so a reader who cannot tell the colours apart still knows which part is which."""
    ink = palette["ink"]
    with alt.utils.schemapi.debug_mode(False):
        chart_layers = (_split_chart(chart, palette, legend_values) if chart.type == "split"
                        else _bar_chart(chart, palette))
        return chart_layers.configure(
            font=FONT,
            background=palette["paper"],
            view=alt.ViewConfig(stroke=None),
            axis=alt.AxisConfig(labelColor=ink, titleColor=ink, labelFontSize=11, domainColor=palette["rule"],
                                tickColor=palette["rule"], gridColor=palette["rule"]),
            legend=alt.LegendConfig(labelColor=ink, titleColor=ink, labelFontSize=11, symbolType="square",
                                    labelLimit=0),
        ).to_dict(validate=False)


def _rows(items: tuple[ChartItem, ...]) -> list[dict]:
    rows, start = [], 0.0
    for order, item in enumerate(items):
        end = start + item.value
        rows.append({"label": item.label, "value": item.value, "text": percent(item.value),
                     "derived": item.derived, "order": order, "start": start, "end": end,
                     "middle": (start + end) / 2, "inside": item.value >= SMALL_SHARE,
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


def _split_chart(chart: Chart, palette: Palette, legend_values: bool = False) -> alt.LayerChart:
    """A single bar cut into the parts of a whole: suits one question answered yes / no / other."""
    rows = _rows(chart.items)
    if legend_values:
        rows = [{**row, "label": f"{row['label']} {row['text']}"} for row in rows]
    data = alt.Data(values=rows)
    labels = [row["label"] for row in rows]
    x_scale = alt.Scale(domain=[0, 100], nice=False)
    bar = alt.Chart(data).mark_bar(height=30, stroke=palette["paper"], strokeWidth=1).encode(
        x=alt.X("start:Q", scale=x_scale, axis=None),
        x2=alt.X2("end"),
        color=alt.Color("label:N", scale=alt.Scale(domain=labels, range=_colours(chart.items, palette)),
                        sort=labels, legend=alt.Legend(title=None, orient="bottom", direction="vertical")),
    )
    inside = alt.Chart(data).transform_filter("datum.inside").mark_text(fontSize=12, fontWeight="bold").encode(
        x=alt.X("middle:Q", scale=x_scale), text=alt.Text("text:N"),
        color=_colour_if("datum.derived", palette["ink"], palette["paper"]))
    outside = alt.Chart(data).transform_filter("!datum.inside").mark_text(
        fontSize=11, fontWeight="bold", dy=-24, color=palette["ink"]).encode(x=alt.X("middle:Q", scale=x_scale),
                                                                             text=alt.Text("text:N"))
    return alt.layer(bar, inside, outside).properties(width=WIDTH, height=34)


def _colour_if(test: str, when_true: str, otherwise: str) -> alt.ColorValue:
    """A colour chosen per datum. Channels are given as Altair objects throughout, not as strings or dicts:
    Altair works out which class a string or dict means by trying them one by one, a tenth of a second a book."""
    return alt.ColorValue(**alt.condition(test, alt.value(when_true), alt.value(otherwise)))


def _bar_chart(chart: Chart, palette: Palette) -> alt.LayerChart:
    """One bar per category: suits a share of a whole with several named parts."""
    rows = [{**row, "label": "\n".join(row["lines"])} for row in _rows(chart.items)]
    data = alt.Data(values=rows)
    top = max(item.value for item in chart.items)
    y = alt.Y("label:N", sort=[row["label"] for row in rows], title=None,
              axis=alt.Axis(labelExpr="split(datum.value, '\\n')", labelLimit=0, ticks=False, domain=False,
                            labelPadding=8))
    x = alt.X("value:Q", scale=alt.Scale(domain=[0, min(100.0, top * 1.18)], nice=False), axis=None)
    colour = _colour_if("datum.derived", palette["derived"], palette.series()[0])
    bars = alt.Chart(data).mark_bar(height={"band": 0.62}).encode(y=y, x=x, color=colour)
    values = alt.Chart(data).mark_text(align="left", dx=5, fontSize=11, fontWeight="bold", color=palette["ink"]).encode(
        y=y, x=x, text=alt.Text("text:N"))
    step = 24 + 14 * max(len(row["lines"]) - 1 for row in rows)
    return alt.layer(bars, values).properties(width=WIDTH - 170, height=alt.Step(step))


class ChartRenderer:
    """Renders specs to SVG with the bundled fonts, through a cache folder that may be deleted at any time."""

    def __init__(self, fonts_dir: Path, cache_dir: Path, legend_values: bool = False):
        self.cache_dir = cache_dir
        self.legend_values = legend_values
        self.fonts_dir = fonts_dir
        self._fonts_registered = False
        renderer = importlib.metadata.version("vl-convert-python")
        self._salt = f"{renderer}:{_fonts_digest(tuple(_file_stamps(fonts_dir.glob('*.otf'))))}"
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

    def spec(self, chart: Chart, palette: Palette) -> dict:
        """chart_spec(chart, palette), remembered on disk: the same data and colours give the same spec."""
        path = self._spec_path(chart, palette)
        spec = _read_json(path)
        if spec is None:
            spec = chart_spec(chart, palette, self.legend_values)
            store_in_cache(path, json.dumps(spec, ensure_ascii=False).encode())
        return spec

    def render(self, spec: dict) -> str:
        svg = self._cached(spec)
        if svg is None:
            self._register_fonts()
            svg = vl_convert.vegalite_to_svg(spec)
            store_in_cache(self._svg_path(spec), svg.encode())
        return svg

    def _register_fonts(self) -> None:
        if not self._fonts_registered:
            vl_convert.register_font_directory(str(self.fonts_dir))
            self._fonts_registered = True

    def _spec_path(self, chart: Chart, palette: Palette) -> Path:
        inputs = repr((self._spec_salt, chart.type, chart.items, sorted(palette.values.items()), self.legend_values))
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
    """Charts being made while the build goes on; `svgs()` waits for them. Helper processes write each SVG
    into the cache and a byte into a pipe, which drives the progress line; a chart a helper failed to make is
    rendered here when the SVGs are asked for."""

    HELPERS = 2

    def __init__(self, renderer: ChartRenderer, palette: Palette, svgs: dict[int, str | None], missing: list):
        self.renderer, self.palette, self._svgs, self.missing = renderer, palette, svgs, missing
        self._helpers: list[int] = []
        self._done_pipe: int | None = None
        self.progress = Progress("charts", len(missing), "rendered")

    def fork_helpers(self) -> None:
        reading, writing = os.pipe()
        self._done_pipe = reading
        try:
            for share in range(self.HELPERS):
                charts = self.missing[share::self.HELPERS]
                self._helpers.append(fork_running(lambda charts=charts: self._render_in_helper(charts, reading,
                                                                                               writing)))
        except BaseException:
            self.cancel()
            raise
        finally:
            os.close(writing)

    def _render_in_helper(self, charts: list[Chart], reading: int, done_pipe: int) -> None:
        """A helper only fills the cache. It prints nothing (what fails here is rendered again, and reported, by
        the build), so it lets go of the terminal or pipe the build writes to: whoever reads it waits for the
        build alone."""
        os.close(reading)
        silence = os.open(os.devnull, os.O_WRONLY)
        os.dup2(silence, 1)
        os.dup2(silence, 2)
        for chart in charts:
            self.renderer.render(self.renderer.spec(chart, self.palette))
            os.write(done_pipe, b".")

    def svgs(self) -> dict[int, str]:
        helped = bool(self._helpers)
        if helped:
            try:
                while os.read(self._done_pipe, 1):  # a byte a chart; the end once every helper has exited
                    self.progress.advance()
            finally:
                self._reap()
        for chart in self.missing:  # in the cache by now, or rendered here
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
        if self._done_pipe is not None:
            os.close(self._done_pipe)
            self._done_pipe = None


def _can_fork(charts: int) -> bool:
    """Worth it for several charts. (Once vl-convert runs here, its JavaScript engine's threads forbid forking.)"""
    return charts >= FORK_FROM and can_fork()


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _file_stamps(paths) -> list[tuple[Path, int, float]]:
    return [(path, path.stat().st_size, path.stat().st_mtime) for path in sorted(paths)]


@lru_cache(maxsize=4)
def _fonts_digest(stamps: tuple[tuple[Path, int, float], ...]) -> str:
    """A hash of the fonts' bytes, read once per process while the files stay the same."""
    digest = hashlib.sha256()
    for path, _, _ in stamps:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()
