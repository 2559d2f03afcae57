"""The command line as an editor meets it: clear messages, exit codes, and a last good PDF that survives."""

from click.testing import CliRunner

from whitepaper.cli import main


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_build_writes_the_pdf_where_asked(content_copy, monkeypatch, tmp_path):
    monkeypatch.chdir(content_copy)
    output = tmp_path / "out" / "book.pdf"
    result = run("--quiet", "build", "--output", str(output))
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert output.read_bytes().startswith(b"%PDF-")


def test_missing_content_folder_is_a_clear_failure(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 2
    assert "content does not exist: run whitepaper from the project folder" in result.output


def test_check_passes_the_built_book(built_pdf, project):
    result = run("check", str(built_pdf), "--project", str(project.root))
    assert result.exit_code == 0
    assert "passed preflight" in result.output


def test_two_builds_of_the_same_content_are_byte_identical(builder, built_pdf, tmp_path):
    again = builder.build(tmp_path / "again.pdf").output
    assert again.read_bytes() == built_pdf.read_bytes()
