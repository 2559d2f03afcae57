"""The command line: `whitepaper build`, `whitepaper lint`, `whitepaper preview`, `whitepaper check`,
`whitepaper proof`, `whitepaper diff`. One call into the package per command.

Errors an editor can fix are printed as `file:line:col: message`, never as a traceback (unless --debug),
and the exit code says what happened: 0 built, 1 content problems, 2 anything else.
"""

import json
import logging
import os
import sys
from pathlib import Path

import click

from . import lint as editorial, preflight
from .diagnostics import BuildFailure, ContentError
from .editions import EDITIONS, edition_name
from .click_language import WhitepaperGroup, choose as choose_click_language, option
from .messages import LANGUAGES, say
from .pipeline import Builder, Project
from .processes import collector_paused, tune_garbage_collector

EXIT_CONTENT = 1
EXIT_FAILURE = 2
ORDINARY_PROCESS = "WHITEPAPER_ORDINARY_PROCESS"


@click.group(cls=WhitepaperGroup, said=lambda: say("cli.help_main"))
@option("--debug", is_flag=True, said=lambda: say("cli.help_debug"))
@option("--quiet", "-q", is_flag=True, said=lambda: say("cli.help_quiet"))
@option("--lang", type=click.Choice(LANGUAGES), default=None, is_eager=True, expose_value=False,
        callback=choose_click_language, said=lambda: say("cli.help_lang"))
@click.pass_context
def main(context: click.Context, debug: bool, quiet: bool) -> None:
    """Build the white paper from content/ into a print-ready PDF."""
    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO, format="%(message)s")
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    # WeasyPrint's warnings are shown (those about styles/ stop the build, see typeset.py); kept out as noise:
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # "Step 5 - Creating layout - Page 12 …"
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged file `check` reads: it says so in one line
    context.obj = {"debug": debug, "quiet": quiet}


def run() -> None:
    """The `whitepaper` command, and `python -m whitepaper`. A build makes a large heap of layout objects: this
    process tunes the garbage collector for it and ends without freeing them one by one, once everything it
    printed is flushed. Not when WHITEPAPER_ORDINARY_PROCESS=1, nor under a profiler, debugger or coverage
    tool, which report only when a process ends as usual."""
    if os.environ.get(ORDINARY_PROCESS) == "1" or _watched():
        main()
        return
    tune_garbage_collector()
    try:
        main()
    except SystemExit as ending:
        if not isinstance(ending.code, int | None):
            raise
        logging.shutdown()
        for stream in (sys.stdout, sys.stderr):
            try:
                if stream is not None:  # None: started with the stream closed (`>&-`)
                    stream.flush()
            except OSError:  # a reader that has gone away, such as `| head`, or a full disk
                pass
        os._exit(ending.code or 0)


def _watched() -> bool:
    monitoring = getattr(sys, "monitoring", None)  # Python 3.12+: profilers and coverage may use it instead
    return bool(sys.gettrace() or sys.getprofile()
                or monitoring and any(monitoring.get_tool(tool) for tool in range(6)))


EDITION_OPTION = option("--edition", type=click.Choice(list(EDITIONS)), default="print", show_default=True,
                        said=lambda: say("cli.help_edition"))
FULL_PROJECT_OPTION = option("--project", type=click.Path(file_okay=False, path_type=Path), default=".",
                             said=lambda: say("cli.help_project"))


@main.command(said=lambda: say("cli.help_build"))
@FULL_PROJECT_OPTION
@EDITION_OPTION
@option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
        said=lambda: say("cli.help_output"))
@click.pass_context
def build(context: click.Context, project: Path, edition: str, output: Path | None) -> None:
    """Typeset the book and write the PDF (only if it passes preflight)."""
    with collector_paused():
        report = _run(context, lambda: Builder(Project(project.resolve()), EDITIONS[edition]).build(output))
    if not context.obj["quiet"]:
        _say(say("cli.wrote_pdf", path=report.output, pages=report.pages,
                 seconds=f"{sum(report.timings.values()):.1f}"))


@main.command(said=lambda: say("cli.help_lint"))
@option("--project", type=click.Path(file_okay=False, path_type=Path), default=".",
        said=lambda: say("cli.help_content_project"))
@click.pass_context
def lint(context: click.Context, project: Path) -> None:
    """Warn of what a copy editor would flag: a figure stated two ways, a miscounted list, an organisation
    listed twice, a 目录 title unlike its heading. Warnings do not stop a build."""
    warnings = _run(context, lambda: editorial.lint(Project(project.resolve()).checked_content()))
    for warning in warnings:
        _say(str(warning))
    if not context.obj["quiet"]:
        _say(say("lint.summary", count=len(warnings)))


@main.command(said=lambda: say("cli.help_preview"))
@FULL_PROJECT_OPTION
@option("--edition", type=click.Choice(list(EDITIONS)), default="print", show_default=True,
        said=lambda: say("cli.help_preview_edition"))
@option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
        said=lambda: say("cli.help_port"))
@click.pass_context
def preview(context: click.Context, project: Path, edition: str, port: int) -> None:
    """Show the book in a browser and rebuild it whenever a file under content/, styles/ or fonts/ is saved."""
    from .preview import serve  # the web server is not needed by other commands

    _run(context, lambda: serve(Project(project.resolve()), EDITIONS[edition], port, announce=click.echo))


@main.command(said=lambda: say("cli.help_check"))
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@option("--project", type=click.Path(file_okay=False, path_type=Path), default=".",
        said=lambda: say("cli.help_fonts_project"))
@EDITION_OPTION
@option("--json", "as_json", is_flag=True, said=lambda: say("cli.help_check_json"))
@click.pass_context
def check(context: click.Context, pdf: Path, project: Path, edition: str, as_json: bool) -> None:
    """Preflight a finished PDF: page boxes, fonts, colours, PDF/X or PDF/UA, 目录 and bookmarks."""
    report = _run(context, lambda: preflight.check_file(pdf, Project(project.resolve()).fonts, EDITIONS[edition]),
                  doing="check")
    if as_json:
        _say(json.dumps({"file": str(pdf), **report.as_json()}, ensure_ascii=False, indent=2))
    elif not context.obj["quiet"] or not report.passed:
        verdict = say("cli.preflight_passed", pdf=pdf, edition=edition_name(edition)) if report.passed else \
            say("cli.preflight_failed", pdf=pdf, edition=edition_name(edition))
        _say(f"{verdict}\n{report.summary()}", err=not report.passed)
    if not report.passed:
        sys.exit(EXIT_CONTENT)


def _say(text: str, err: bool = False) -> None:
    """Print a line. A reader that has gone away, a closed stream or a full disk changes nothing of what the
    command did, nor its exit code."""
    try:
        click.echo(text, err=err)
    except OSError:
        pass


@main.command(said=lambda: say("cli.help_proof"))
@FULL_PROJECT_OPTION
@click.pass_context
def proof(context: click.Context, project: Path) -> None:
    """Save the print edition as the next proof, build/proofs/proof-NN.pdf, stamped 第 N 校样 and the date
    outside the trim, and report what changed since the previous proof."""
    from .diff import default_outputs
    from .proof import make_proof

    with collector_paused():
        made = _run(context, lambda: make_proof(Project(project.resolve())))
    if not context.obj["quiet"]:
        _say(say("cli.wrote_proof", path=made.path, number=made.number, pages=made.pages))
    if made.previous:
        _diff(context, made.previous, made.path, default_outputs(made.path), as_json=False)


@main.command("diff", said=lambda: say("cli.help_diff"))
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@option("--json", "as_json", is_flag=True, said=lambda: say("cli.help_diff_json"))
@option("--annotated", type=click.Path(dir_okay=False, path_type=Path), default=None,
        said=lambda: say("cli.help_annotated"))
@option("--html", type=click.Path(dir_okay=False, path_type=Path), default=None,
        said=lambda: say("cli.help_html"))
@click.pass_context
def diff_command(context: click.Context, old: Path, new: Path, as_json: bool, annotated: Path | None,
                 html: Path | None) -> None:
    """List what changed from OLD.pdf to NEW.pdf: text, charts' figures, and pages whose layout moved."""
    from .diff import Outputs, default_outputs  # PDF readers and writers: not needed by other commands

    defaults = default_outputs(new)
    _diff(context, old, new, Outputs(annotated or defaults.annotated, html or defaults.html), as_json)


def _diff(context: click.Context, old: Path, new: Path, outputs, as_json: bool) -> None:
    from .diff import changes_json, diff_files
    from .diff.report import summary

    changes = _run(context, lambda: diff_files(old, new, outputs), doing="diff")
    if as_json:
        _say(changes_json(changes))
    elif not context.obj["quiet"]:
        _say(summary(changes, str(old), str(new)))
        if changes:
            _say(say("cli.diff_marked", annotated=outputs.annotated, html=outputs.html))


def _run(context: click.Context, action, doing: str = "build"):
    try:
        return action()
    except ContentError as error:
        if context.obj["debug"]:
            raise
        for problem in error.problems:
            _say(str(problem), err=True)
        _say(say("cli.nothing_written", count=len(error.problems)), err=True)
        sys.exit(EXIT_CONTENT)
    except BuildFailure as error:
        if context.obj["debug"]:
            raise
        _say(say("cli.failed", command=doing, error=error), err=True)
        sys.exit(EXIT_FAILURE)
    except Exception as error:  # a bug of ours: still one line for the editor, details with --debug
        if context.obj["debug"]:
            raise
        _say(say("cli.failed_unexpectedly", command=doing, error=f"{type(error).__name__}: {error}"), err=True)
        sys.exit(EXIT_FAILURE)
