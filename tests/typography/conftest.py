"""A sample book (tests/typography/sample/: one short chapter per rule, beside the real front matter and
two charts) built through the real pipeline, and the glyph lines of it and of the real book."""

import shutil
from pathlib import Path

import pytest

from whitepaper.pipeline import Builder, Project

from pdf_reading import page_lines

SAMPLE = Path(__file__).parent / "sample"
SAMPLE_CHARTS = ("table-01.yaml", "table-02.yaml")


@pytest.fixture(scope="session")
def sample_pdf(project, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sample")
    content = root / "content"
    shutil.copytree(project.content, content, ignore=shutil.ignore_patterns("chapters", "charts"))
    shutil.copytree(SAMPLE, content / "chapters")
    (content / "charts").mkdir()
    for chart in SAMPLE_CHARTS:
        shutil.copy(project.content / "charts" / chart, content / "charts")
    (root / "fonts").symlink_to(project.fonts)
    (root / "styles").symlink_to(project.root / "styles")
    output = root / "sample.pdf"
    Builder(Project(root)).build(output)
    return output


@pytest.fixture(scope="session")
def sample_lines(sample_pdf, project):
    return page_lines(sample_pdf, project.fonts)


@pytest.fixture(scope="session")
def book_lines(built_pdf, project):
    return page_lines(built_pdf, project.fonts)
