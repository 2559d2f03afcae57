"""Charts -> SVG: each model.Chart becomes an Altair chart in the book's theme, rendered by vl-convert.

In: charts, the edition's palette and the fonts folder. Out: {chart number: SVG text}. Colours come from
styles/colours.yaml in the edition's colour space, so the print edition's charts are device-cmyk throughout. Rendered SVGs are cached under build/cache,
keyed by a hash of the chart spec, the fonts and the renderer's version, so unchanged charts cost nothing.
"""

import hashlib
import json
import logging
import math
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import altair as alt
import vl_convert

from .colours import Palette
from .model import Chart, ChartItem

log = logging.getLogger(__name__)

FONT = "Noto Sans CJK SC"
WIDTH = 460  # px at 96 dpi: about 12 cm, inside the text block
LABEL_WRAP = 18  # characters of a category label per line
SMALL_SHARE = 9  # below this a split segment is too narrow for its label inside


def percent(value: float) -> str:
    return f"{value:g}%"


def chart_spec(chart: Chart, palette: Palette) -> dict:
    """The Vega-Lite spec for one chart: pure data, so it can be hashed and tested without rendering."""
    builder = _split_chart if chart.type == "split" else _bar_chart
    ink = palette["ink"]
    return builder(chart, palette).configure(
        font=FONT,
        background=palette["paper"],
        view=alt.ViewConfig(stroke=None),
        axis=alt.AxisConfig(labelColor=ink, titleColor=ink, labelFontSize=11, domainColor=palette["rule"],
                            tickColor=palette["rule"], gridColor=palette["rule"]),
        legend=alt.LegendConfig(labelColor=ink, titleColor=ink, labelFontSize=11, symbolType="square",
                                labelLimit=0),
    ).to_dict()


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


def _split_chart(chart: Chart, palette: Palette) -> alt.LayerChart:
    """A single bar cut into the parts of a whole: suits one question answered yes / no / other."""
    data = alt.Data(values=_rows(chart.items))
    labels = [item.label for item in chart.items]
    x_scale = alt.Scale(domain=[0, 100], nice=False)
    bar = alt.Chart(data).mark_bar(height=30, stroke=palette["paper"], strokeWidth=1).encode(
        x=alt.X("start:Q", scale=x_scale, axis=None),
        x2="end:Q",
        color=alt.Color("label:N", scale=alt.Scale(domain=labels, range=_colours(chart.items, palette)),
                        sort=labels, legend=alt.Legend(title=None, orient="bottom", direction="vertical")),
    )
    inside = alt.Chart(data).transform_filter("datum.inside").mark_text(fontSize=12, fontWeight="bold").encode(
        x=alt.X("middle:Q", scale=x_scale), text="text:N",
        color=alt.condition("datum.derived", alt.value(palette["ink"]), alt.value(palette["paper"])))
    outside = alt.Chart(data).transform_filter("!datum.inside").mark_text(
        fontSize=11, fontWeight="bold", dy=-24, color=palette["ink"]).encode(x=alt.X("middle:Q", scale=x_scale), text="text:N")
    return alt.layer(bar, inside, outside).properties(width=WIDTH, height=34)


def _bar_chart(chart: Chart, palette: Palette) -> alt.LayerChart:
    """One bar per category: suits a share of a whole with several named parts."""
    rows = [{**row, "label": "\n".join(row["lines"])} for row in _rows(chart.items)]
    data = alt.Data(values=rows)
    top = max(item.value for item in chart.items)
    y = alt.Y("label:N", sort=[row["label"] for row in rows], title=None,
              axis=alt.Axis(labelExpr="split(datum.value, '\\n')", labelLimit=0, ticks=False, domain=False,
                            labelPadding=8))
    x = alt.X("value:Q", scale=alt.Scale(domain=[0, min(100.0, top * 1.18)], nice=False), axis=None)
    colour = alt.condition("datum.derived", alt.value(palette["derived"]), alt.value(palette.series()[0]))
    bars = alt.Chart(data).mark_bar(height={"band": 0.62}).encode(y=y, x=x, color=colour)
    values = alt.Chart(data).mark_text(align="left", dx=5, fontSize=11, fontWeight="bold", color=palette["ink"]).encode(
        y=y, x=x, text="text:N")
    step = 24 + 14 * max(len(row["lines"]) - 1 for row in rows)
    return alt.layer(bars, values).properties(width=WIDTH - 170, height=alt.Step(step))


class ChartRenderer:
    """Renders specs to SVG with the bundled fonts, through a cache folder that may be deleted at any time."""

    def __init__(self, fonts_dir: Path, cache_dir: Path):
        self.cache_dir = cache_dir
        vl_convert.register_font_directory(str(fonts_dir))
        fonts_digest = hashlib.sha256()
        for font in sorted(fonts_dir.glob("*.otf")):
            fonts_digest.update(font.name.encode() + font.read_bytes())
        self._salt = f"{vl_convert.__version__}:{fonts_digest.hexdigest()}"

    def render_all(self, charts: tuple[Chart, ...], palette: Palette) -> dict[int, str]:
        specs = {chart.number: chart_spec(chart, palette) for chart in charts}
        with ThreadPoolExecutor() as pool:
            rendered = pool.map(self.render, specs.values())
            return dict(zip(specs, rendered))

    def render(self, spec: dict) -> str:
        key = hashlib.sha256((self._salt + json.dumps(spec, sort_keys=True)).encode()).hexdigest()
        cached = self.cache_dir / f"{key}.svg"
        try:
            return cached.read_text(encoding="utf-8")
        except OSError:
            pass
        svg = vl_convert.vegalite_to_svg(spec)
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            temporary = cached.with_suffix(".tmp")
            temporary.write_text(svg, encoding="utf-8")
            temporary.replace(cached)
        except OSError as error:
            log.warning("chart cache not written (%s); the build goes on", error)
        return svg
