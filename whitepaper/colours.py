"""The book's colours: named once in styles/colours.yaml, given as sRGB for screens and CMYK for the press, or
worked out as a tint of another colour (`{tint: 10%, of: accent}`), so a tint follows when its colour changes.

Stylesheets use them as CSS variables (`var(--accent)`) and charts by name, so one file recolours both, and
the print edition carries no RGB colour that the print shop would have to convert.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from . import schema
from .diagnostics import Location, Problem, raise_if_any
from .messages import listed, say
from .sources import load_yaml

ColourSpace = Literal["cmyk", "srgb"]
CHART_COLOURS = ("ink", "paper", "rule", "derived", "series-1")  # the names charts.py draws with
CSS_VARIABLE = re.compile(r"var\(--([\w-]+)")
CSS_DEFINITION = re.compile(r"--([\w-]+)\s*:")
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")


@dataclass(frozen=True)
class Palette:
    """Each colour's CSS value in one edition's colour space."""

    values: dict[str, str]

    def __getitem__(self, name: str) -> str:
        return self.values[name]

    def series(self) -> list[str]:
        """The colours for a chart's parts, in order: series-1, series-2, …"""
        names = sorted((name for name in self.values if re.fullmatch(r"series-\d+", name)),
                       key=lambda name: int(name.split("-")[1]))
        return [self.values[name] for name in names]

    def css(self) -> str:
        return ":root {\n" + "".join(f"  --{name}: {value};\n" for name, value in self.values.items()) + "}\n"


def load_palette(path: Path, space: ColourSpace, stylesheets: list[Path]) -> Palette:
    """Read styles/colours.yaml and check that every colour the stylesheets and charts use is defined."""
    source = load_yaml(path)
    colours_file, problems = schema.validate(schema.ColoursFile, source)
    raise_if_any(problems)
    defined = colours_file.colours
    problems = [Problem(source.location(("colours",)), say("colour.chart_colour_missing", name=name))
                for name in CHART_COLOURS if name not in defined]
    problems += _undefined_in_stylesheets(stylesheets, set(defined), path)
    colours, tint_problems = _worked_out(defined, source)
    raise_if_any(problems + tint_problems)
    return Palette({name: _css_value(colour, space) for name, colour in colours.items()})


def _worked_out(defined: dict[str, schema.Colour], source) -> tuple[dict[str, schema.Colour], list[Problem]]:
    """Every colour with its screen and print values: a tint's from the colour it is `of`. A tint of 40% is
    the colour at 40% strength on white paper, as a printer screens an ink: each of C M Y K at 40% of its
    value, and on screen each of R G B 60% of the way to white."""
    given = {name: colour for name, colour in defined.items() if colour.of is None}
    colours, problems = {}, []
    for name, colour in defined.items():
        where = ("colours", name)
        if colour.of is None:
            if colour.screen is None or colour.print is None or colour.tint is not None:
                problems.append(Problem(source.location(where), say("colour.needs_values", name=name)))
            else:
                colours[name] = colour
            continue
        strength = PERCENT.fullmatch(str(colour.tint if colour.tint is not None else "100%").strip())
        base = given.get(colour.of)
        if colour.screen is not None or colour.print is not None:
            problems.append(Problem(source.location(where), say("colour.tint_with_values", name=name,
                                                                 of=colour.of)))
        elif base is None or base.screen is None or base.print is None:
            problems.append(Problem(source.location((*where, "of")), say("colour.tint_of_unknown", of=colour.of,
                                                                          names=listed(sorted(given)))))
        elif strength is None or float(strength.group(1)) > 100:
            problems.append(Problem(source.location((*where, "tint")), say("colour.tint_not_a_percentage",
                                                                            found=colour.tint)))
        else:
            colours[name] = _tint(base, float(strength.group(1)) / 100)
    return colours, problems


def _tint(colour: schema.Colour, strength: float) -> schema.Colour:
    red, green, blue = (int(colour.screen[index:index + 2], 16) for index in (1, 3, 5))
    screen = "#" + "".join(f"{round(255 - (255 - channel) * strength):02x}" for channel in (red, green, blue))
    return schema.Colour(screen=screen, print=[round(value * strength, 2) for value in colour.print])


@dataclass(frozen=True)
class PrintCondition:
    """The printing condition the CMYK values are meant for, as a registry names it (FOGRA39 at color.org)."""

    identifier: str
    registry: str
    condition: str


def load_print_condition(path: Path) -> PrintCondition:
    """Read styles/print-condition.yaml, which the print edition's output intent names."""
    condition, problems = schema.validate(schema.PrintConditionFile, load_yaml(path))
    raise_if_any(problems)
    return PrintCondition(condition.identifier, condition.registry, condition.condition)


def _css_value(colour: schema.Colour, space: ColourSpace) -> str:
    if space == "srgb":
        return colour.screen.lower()
    return "device-cmyk(" + " ".join(f"{value / 100:g}" for value in colour.print) + ")"


def _undefined_in_stylesheets(stylesheets: list[Path], colours: set[str], colours_path: Path) -> list[Problem]:
    """A var(--name) that nothing defines would silently print black: name the line that uses it."""
    texts = {path: _without_comments(path.read_text(encoding="utf-8")) for path in stylesheets if path.is_file()}
    defined = colours | {name for text in texts.values() for name in CSS_DEFINITION.findall(text)}
    problems = []
    for path, text in texts.items():
        for number, line in enumerate(text.splitlines(), start=1):
            for match in CSS_VARIABLE.finditer(line):
                if match.group(1) not in defined:
                    problems.append(Problem(Location(path, number, match.start() + 1),
                                            say("colour.variable_undefined", name=match.group(1),
                                                file=colours_path.name)))
    return problems


def _without_comments(css: str) -> str:
    """Blank out comments but keep their line breaks, so line numbers stay right."""
    return CSS_COMMENT.sub(lambda match: "\n" * match.group(0).count("\n"), css)
