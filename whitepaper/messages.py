"""Every message an editor reads, from one catalogue (`messages.yaml`) in Simplified Chinese and English.

Editors read Chinese, so Chinese is the default; `--lang en`, WHITEPAPER_LANG=en or an English locale
(LANG=en_GB.UTF-8) give English. The language is read from the environment each time, so helper processes
and the preview speak the language the command was started with.
"""

import functools
import os
import unicodedata
from importlib import resources

import yaml

LANGUAGES = ("zh", "en")
LANGUAGE_VARIABLE = "WHITEPAPER_LANG"


def say(key: str, /, **fields) -> str:
    """The message `key` in the reader's language, its `{field}`s filled in."""
    return catalogue()[key][language()].format(**fields)


def listed(items) -> str:
    """Items as the reader's language lists them: `a, b, c` or 「a、b、c」."""
    return ("、" if language() == "zh" else ", ").join(str(item) for item in items)


def language() -> str:
    """`zh` unless the command line or the locale asks for English."""
    chosen = os.environ.get(LANGUAGE_VARIABLE)
    if chosen in LANGUAGES:
        return chosen
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        locale = os.environ.get(variable)
        if locale:
            return "en" if locale.lower().startswith("en") else "zh"
    return "zh"


def choose_language(chosen: str | None) -> None:
    """`--lang`: set in the environment so that processes this one starts speak it too."""
    if chosen is not None:
        os.environ[LANGUAGE_VARIABLE] = chosen


@functools.cache
def catalogue() -> dict[str, dict[str, str]]:
    text = resources.files(__package__).joinpath("messages.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def display_width(text: str) -> int:
    """Columns a terminal gives the text: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
