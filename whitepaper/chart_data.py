"""A validated chart file -> model.Chart: the checks that need more than one value (sums, series lengths, which
keys a kind of chart takes), each reported at the line an editor must change.

In: schema.ChartFile and its YamlSource. Out: a model.Chart; problems are appended to the list given.
"""

from .charts import balanced_lines
from .diagnostics import Problem
from .messages import say
from .model import SERIES_TYPES, Chart, ChartItem, ChartSeries
from .schema import ChartFile, key_name
from .sources import YamlSource

SHARE_TOLERANCE = 0.2  # percentage points a share-of-a-whole chart may miss 100 by (rounding in the text)
MOST_LABEL_LINES = 20  # lines of category labels a bar chart fits on a page (each bar as high as its labels)
MAX_PARTS = 6  # colours series-1 … series-6 of styles/colours.yaml: more parts could not be told apart
WHOLES = ("split", "pie", "donut")  # parts of one whole: they add up to 100 when they are percentages


def chart_from_file(chart_file: ChartFile, source: YamlSource, derived_label: str, problems: list[Problem]) -> Chart:
    checks = _Checks(chart_file, source, problems)
    if chart_file.type in SERIES_TYPES:
        series = checks.series()
        items: tuple[ChartItem, ...] = ()
    else:
        series = ()
        items = checks.parts(derived_label)
    return Chart(chart_file.number or 0, chart_file.title, chart_file.type, items, source.location(()),
                 chart_file.unit, series)


class _Checks:
    def __init__(self, chart_file: ChartFile, source: YamlSource, problems: list[Problem]):
        self.file, self.source, self.problems = chart_file, source, problems
        self.percent = chart_file.unit == "%"
        self.out_of_range = False  # a value is wrong already: a sum would only repeat it

    def problem(self, key_path: tuple, message: str) -> None:
        self.problems.append(Problem(self.source.location(key_path), message))

    def item(self, label: str, value: float, key_path: tuple) -> ChartItem:
        """One value, in range for its unit, keeping the figure as the editor typed it."""
        name = key_name(key_path)
        found = self.source.written.get(key_path, f"{value:g}")
        if value < 0 and self.file.type != "line":
            self.problem(key_path, say("schema.at_least", name=name, limit=0, found=found))
            self.out_of_range = True
        elif value > 100 and self.percent:
            self.problem(key_path, say("schema.at_most", name=name, limit=100, found=found))
            self.out_of_range = True
        return ChartItem(label, value, written=self.source.written.get(key_path),
                         source=self.source.location(key_path))

    def refuse(self, keys: tuple[str, ...], instead: str) -> None:
        for key in keys:
            if getattr(self.file, key) not in (None, False):
                self.problem((key,), say("chart.key_not_taken", kind=self.file.type, key=key, instead=instead))

    def parts(self, derived_label: str) -> tuple[ChartItem, ...]:
        kind = self.file.type
        self.refuse(("categories", "series"), say("chart.give_parts"))
        if self.file.data is None and self.file.series is None:  # else refused above: one message a mistake
            self.problem((), say("chart.data_missing", kind=kind))
        if self.file.data is None:
            return ()
        if kind in ("pie", "donut"):
            self.refuse(("multiple_choice",), say("chart.circle_is_one_whole"))
        items = [self.item(part.label, part.value, ("data", index, "value"))
                 for index, part in enumerate(self.file.data)]
        total = round(sum(item.value for item in items), 3)
        location = ("data",)
        if self.file.remainder and not self.out_of_range:
            if not self.percent:
                self.problem(("remainder",), say("chart.remainder_needs_percentages", unit=self.file.unit))
            elif total > 100 + SHARE_TOLERANCE:
                self.problem(location, say("chart.no_remainder_left", total=f"{total:g}"))
            elif round(100 - total, 3) > SHARE_TOLERANCE:
                items.append(ChartItem(derived_label, round(100 - total, 1), derived=True))
        elif (self.percent and not self.file.multiple_choice and not self.out_of_range
              and round(abs(total - 100), 3) > SHARE_TOLERANCE):
            if kind in ("pie", "donut"):
                self.problem(location, say("chart.circle_parts_not_100", total=f"{total:g}"))
            else:
                self.problem(location, say("chart.parts_not_100", total=f"{total:g}"))
        if kind in WHOLES and len(items) > MAX_PARTS:
            self.problem(location, say("chart.too_many_parts", count=len(items), kind=kind, most=MAX_PARTS))
        label_lines = len(items) * max((len(balanced_lines(item.label)) for item in items if item.label), default=1)
        if kind == "bars" and label_lines > MOST_LABEL_LINES:
            self.problem(location, say("chart.labels_too_many_lines", lines=label_lines, most=MOST_LABEL_LINES))
        return tuple(items)

    def series(self) -> tuple[ChartSeries, ...]:
        kind = self.file.type
        self.refuse(("data", "remainder"), say("chart.give_series"))
        missing = [key for key in ("categories", "series") if getattr(self.file, key) is None]
        for key in missing if self.file.data is None else ():  # else refused above: one message a mistake
            points = say("chart.points_in_time") if kind == "line" else say("chart.the_bars")
            self.problem((), say("chart.series_key_missing", key=key, kind=kind, points=points))
        if missing:
            return ()
        categories = [self.source.written.get(("categories", index), label)
                      for index, label in enumerate(self.file.categories)]
        if len(self.file.series) > MAX_PARTS:
            self.problem(("series",), say("chart.too_many_series", count=len(self.file.series), most=MAX_PARTS))
        if kind == "line" and len(categories) < 2:
            self.problem(("categories",), say("chart.line_needs_two_points"))
        series = []
        for number, entry in enumerate(self.file.series):
            if len(entry.values) != len(categories):
                self.problem(("series", number, "values"), say("chart.series_length", series=entry.name,
                                                                 count=len(entry.values), categories=len(categories)))
            items = tuple(self.item(category, value, ("series", number, "values", index))
                          for index, (category, value) in enumerate(zip(categories, entry.values)))
            series.append(ChartSeries(entry.name, items))
        if kind == "stacked" and self.percent and not self.file.multiple_choice and not self.out_of_range:
            self._check_shares(categories, series)
        return tuple(series)

    def _check_shares(self, categories: list[str], series: list[ChartSeries]) -> None:
        """Stacked percentages are the shares of each bar's whole: each bar adds up to 100."""
        for index, category in enumerate(categories):
            total = round(sum(entry.items[index].value for entry in series if index < len(entry.items)), 3)
            if round(abs(total - 100), 3) > SHARE_TOLERANCE:
                self.problem(("categories", index), say("chart.shares_not_100", category=category,
                                                        total=f"{total:g}"))
