"""A sample book (tests/typography/sample/: one short chapter per rule, beside the real front matter and
two charts) built through the real pipeline; each rule is checked on it and on the real book."""

from dataclasses import dataclass
from pathlib import Path

import pytest

from whitepaper.assemble import assemble
from whitepaper.model import Book
from whitepaper.pipeline import Builder

from fixture_books import fixture_project
from pdf_reading import Glyph, page_lines

SAMPLE = Path(__file__).parent / "sample"
SAMPLE_CHARTS = sorted((Path(__file__).parent / "sample-charts").glob("*.yaml"))  # its own, whatever the book's say


@dataclass(frozen=True)
class Edition:
    pdf: Path
    content: Path
    book: Book
    pages: list[list[list[Glyph]]]  # pdf_reading.page_lines


@pytest.fixture(scope="session")
def sample(project, tmp_path_factory) -> Edition:
    root = tmp_path_factory.mktemp("sample")
    sample_project = fixture_project(project, root, SAMPLE, SAMPLE_CHARTS)
    content = sample_project.content
    output = root / "sample.pdf"
    Builder(sample_project).build(output)
    return Edition(output, content, assemble(content), page_lines(output, project.fonts))


@pytest.fixture(scope="session")
def book(built_pdf, project) -> Edition:
    return Edition(built_pdf, project.content, assemble(project.content), page_lines(built_pdf, project.fonts))


@pytest.fixture(params=["sample", "book"])
def edition(request) -> Edition:
    """Each rule is checked on its sample page and on the whole book."""
    return request.getfixturevalue(request.param)
