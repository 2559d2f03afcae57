"""The command line in the reader's language: our help texts from the catalogue (messages.yaml), and click's own
words (`Usage:`, `Error: No such option`, `Show this message and exit.`) from whitepaper/locale/, through gettext,
which is how click looks them up.

Help texts are said when --help is shown, not when the module is imported, so that `--lang en --help` is in
English; gettext is told the language before click says anything (WhitepaperGroup.main, and --lang).
"""

import gettext
import os
from pathlib import Path

import click

from .messages import choose_language, language

LOCALE = Path(__file__).parent / "locale"
DOMAIN = "click"


def speak_to_click() -> None:
    """click asks gettext for its words: gettext reads the language from LANGUAGE (ahead of LANG)."""
    gettext.bindtextdomain(DOMAIN, LOCALE)
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = "zh_CN" if language() == "zh" else "en"


def choose(context: click.Context, parameter: click.Parameter, value: str | None) -> str | None:
    """--lang, eager: taken before --help or an error is shown."""
    choose_language(value)
    speak_to_click()
    return value


class SaidOption(click.Option):
    """An option whose help is `said()` when shown."""

    def __init__(self, *names, said, **settings):
        super().__init__(*names, **settings)
        self.said = said

    def get_help_record(self, context: click.Context):
        self.help = self.said()
        return super().get_help_record(context)


class SaidCommand(click.Command):
    """A command whose help is `said()` when shown; its docstring stays for developers."""

    def __init__(self, *args, said, **settings):
        super().__init__(*args, **settings)
        self.said = said

    def get_short_help_str(self, limit: int = 45) -> str:
        self.help = self.said()
        return super().get_short_help_str(limit)

    def format_help_text(self, context: click.Context, formatter) -> None:
        self.help = self.said()
        super().format_help_text(context, formatter)

    def format_options(self, context: click.Context, formatter) -> None:
        """click makes --help's own help once, perhaps before --lang was read: said again here."""
        help_option = self.get_help_option(context)
        if help_option is not None:
            help_option.help = gettext.gettext("Show this message and exit.")
        super().format_options(context, formatter)


class WhitepaperGroup(SaidCommand, click.Group):
    command_class = SaidCommand

    def main(self, *args, **settings):
        speak_to_click()
        return super().main(*args, **settings)


def option(*names, said, **settings):
    return click.option(*names, cls=SaidOption, said=said, **settings)
