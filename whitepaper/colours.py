"""The book's colours: named once in styles/colours.yaml, given as sRGB for screens and CMYK for the press, or
worked out as a tint of another colour (`{tint: 10%, of: accent}`) or as its hue turned at a set lightness
(`{of: accent, turn: -72, lightness: 54%}`, the charts' series), so they follow when that colour changes.

Stylesheets use them as CSS variables (`var(--accent)`) and charts by name, so one file recolours both, and
the print edition carries no RGB colour that the print shop would have to convert.
"""

import math
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
MOST_INK = 300  # % of C+M+Y+K a press lays down on coated paper before it smears


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
    raise_if_any(problems + tint_problems + _too_much_ink(defined, source))
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
            if colour.screen is None or colour.print is None or colour.tint is not None or \
                    colour.turn is not None or colour.lightness is not None:
                problems.append(Problem(source.location(where), say("colour.needs_values", name=name)))
            else:
                colours[name] = colour
            continue
        strength = PERCENT.fullmatch(str(colour.tint if colour.tint is not None else "100%").strip())
        lightness = PERCENT.fullmatch(str(colour.lightness).strip()) if colour.lightness is not None else None
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
        elif colour.lightness is not None and (lightness is None or float(lightness.group(1)) > 100):
            problems.append(Problem(source.location((*where, "lightness")),
                                    say("colour.lightness_not_percent", value=colour.lightness)))
        else:
            if colour.turn is not None or lightness is not None:
                base = _turned(base, colour.turn or 0, float(lightness.group(1)) / 100 if lightness else None)
            colours[name] = _tint(base, float(strength.group(1)) / 100)
    return colours, problems


def _too_much_ink(defined: dict[str, schema.Colour], source) -> list[Problem]:
    """A given print value may ask more ink of the press than it can lay down. A worked-out one never does:
    grey is replaced by black in full (at most two inks and black), and a tint only lessens them."""
    return [Problem(source.location(("colours", name, "print")),
                    say("colour.too_much_ink", name=name, ink=f"{sum(colour.print):g}", most=MOST_INK,
                        cmyk=" ".join(f"{value:g}" for value in colour.print)))
            for name, colour in defined.items() if colour.of is None and colour.print and sum(colour.print) > MOST_INK]


def _turned(colour: schema.Colour, turn: float, lightness: float | None) -> schema.Colour:
    """The colour with its hue turned by `turn` degrees and set to `lightness` (0-1; its own when None), as
    strong as the colour space allows. Hue and lightness are OKLCh's, whose lightness follows the eye: a series
    set at one lightness keeps the contrast of white text on it whatever the hue. The print value is worked out
    the same way from the given CMYK, read as the plain mixture of inks (full grey replacement, as the 2022
    palette was made), so the brand's own print value leads the press colours."""
    red, green, blue = (int(colour.screen[index:index + 2], 16) / 255 for index in (1, 3, 5))
    screen = _oklch_turn((red, green, blue), turn, lightness)
    cyan, magenta, yellow, black = (value / 100 for value in colour.print)
    inks = _oklch_turn(tuple((1 - ink) * (1 - black) for ink in (cyan, magenta, yellow)), turn, lightness)
    black = 1 - max(inks)
    print_value = [round((1 - channel - black) / (1 - black) * 100, 1) if black < 1 else 0.0 for channel in inks]
    return schema.Colour(screen="#" + "".join(f"{round(channel * 255):02x}" for channel in screen),
                         print=[*print_value, round(black * 100, 1)])


def _oklch_turn(rgb: tuple[float, ...], turn: float, lightness: float | None) -> tuple[float, ...]:
    """sRGB (0-1) -> OKLab (Björn Ottosson's), hue turned and lightness set, the chroma lowered until the
    colour fits sRGB -> sRGB."""
    own_lightness, a, b = _oklab([_linear(channel) for channel in rgb])
    chroma, hue = math.hypot(a, b), math.atan2(b, a) + math.radians(turn)
    lightness = own_lightness if lightness is None else lightness
    low, high = 0.0, chroma
    for _ in range(30):  # the strongest chroma that stays inside sRGB, by halving
        middle = (low + high) / 2
        if all(-1e-9 <= channel <= 1 + 1e-9 for channel in _linear_rgb(lightness, middle, hue)):
            low = middle
        else:
            high = middle
    fitted = _linear_rgb(lightness, low, hue)
    return tuple(_gamma(min(max(channel, 0.0), 1.0)) for channel in fitted)


def _oklab(linear: list[float]) -> tuple[float, float, float]:
    red, green, blue = linear
    long, medium, short = (math.copysign(abs(value) ** (1 / 3), value) for value in (
        0.4122214708 * red + 0.5363325363 * green + 0.0514459929 * blue,
        0.2119034982 * red + 0.6806995451 * green + 0.1073969566 * blue,
        0.0883024619 * red + 0.2817188376 * green + 0.6299787005 * blue))
    return (0.2104542553 * long + 0.7936177850 * medium - 0.0040720468 * short,
            1.9779984951 * long - 2.4285922050 * medium + 0.4505937099 * short,
            0.0259040371 * long + 0.7827717662 * medium - 0.8086757660 * short)


def _linear_rgb(lightness: float, chroma: float, hue: float) -> tuple[float, float, float]:
    a, b = chroma * math.cos(hue), chroma * math.sin(hue)
    long, medium, short = ((lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3,
                           (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3,
                           (lightness - 0.0894841775 * a - 1.2914855480 * b) ** 3)
    return (4.0767416621 * long - 3.3077115913 * medium + 0.2309699292 * short,
            -1.2684380046 * long + 2.6097574011 * medium - 0.3413193965 * short,
            -0.0041960863 * long - 0.7034186147 * medium + 1.7076147010 * short)


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _gamma(channel: float) -> float:
    return 12.92 * channel if channel <= 0.0031308 else 1.055 * channel ** (1 / 2.4) - 0.055


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
