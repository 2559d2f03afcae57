"""Property: whatever an editor's slip does to a content file, the build ends in a good PDF or in clean
messages (ContentError, BuildFailure; CLI exit 1 or 2 without a traceback), never in an unexpected exception;
and `whitepaper lint` either warns or gives the same content errors."""

import shutil

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from whitepaper.cli import EXIT_CONTENT, EXIT_FAILURE, main
from whitepaper.diagnostics import BuildFailure, ContentError
from whitepaper.lint import lint
from whitepaper.pipeline import Builder, Project

YAML_PUNCTUATION = list(":-[]{}#&*!|>'\"%@`,? \t\n")
SLIP = st.text(st.one_of(st.sampled_from(YAML_PUNCTUATION), st.characters(exclude_categories=("Cs",))), max_size=12)


@pytest.fixture(scope="module")
def scratch(project, tmp_path_factory):
    """A project folder whose content/ each example lays anew, and one warm Builder for all examples."""
    root = tmp_path_factory.mktemp("random-edits")
    (root / "fonts").symlink_to(project.fonts)
    shutil.copytree(project.styles, root / "styles")  # the build reads only files inside its project
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        yield root, Builder(Project(root))


def slip(text: str, edit: str, where: int, new: str) -> str:
    lines = text.splitlines(keepends=True) or [""]
    line = where % len(lines)
    if edit == "delete a line":
        del lines[line]
    elif edit == "duplicate a line":
        lines.insert(line, lines[line])
    elif edit == "replace a line":
        lines[line] = new + "\n"
    elif edit == "truncate the file":
        return text[:where % (len(text) + 1)]
    else:  # type something in
        column = where % (len(lines[line]) + 1)
        lines[line] = lines[line][:column] + new + lines[line][column:]
    return "".join(lines)


@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(file=st.integers(min_value=0), edit=st.sampled_from(["delete a line", "duplicate a line", "replace a line",
                                                            "truncate the file", "type something in"]),
       where=st.integers(min_value=0, max_value=10**6), new=SLIP)
def test_a_random_slip_ends_in_a_good_pdf_or_a_clean_message(scratch, project, file, edit, where, new):
    root, builder = scratch
    shutil.rmtree(root / "content", ignore_errors=True)
    shutil.copytree(project.content, root / "content")
    files = sorted(path for path in (root / "content").rglob("*") if path.is_file())
    target = files[file % len(files)]
    target.write_text(slip(target.read_text(encoding="utf-8"), edit, where, new), encoding="utf-8")
    output = root / "build" / "whitepaper.pdf"
    output.unlink(missing_ok=True)

    try:
        report = builder.build(output)
    except ContentError as error:
        assert error.problems and all(str(problem).startswith("content/") for problem in error.problems)
        expected_exit = EXIT_CONTENT
    except BuildFailure as error:
        assert str(error)
        expected_exit = EXIT_FAILURE
    else:
        assert report.pages > 0 and output.read_bytes().startswith(b"%PDF-")
        assert all(str(warning).startswith("content/") for warning in lint(root / "content"))
        return
    assert not output.exists()
    result = CliRunner().invoke(main, ["--quiet", "build"])
    assert result.exit_code == expected_exit
    assert result.stderr and "Traceback" not in result.output and "unexpectedly" not in result.output
