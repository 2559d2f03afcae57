import shutil
from pathlib import Path

import pytest

from whitepaper.pipeline import Builder, Project

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def builder(project) -> Builder:
    """One builder for the whole run: fonts and stylesheets are loaded once, as in a preview server."""
    return Builder(project)


@pytest.fixture(scope="session")
def built_pdf(builder, tmp_path_factory) -> Path:
    """The real book, built once from content/ into a temporary folder."""
    output = tmp_path_factory.mktemp("book") / "whitepaper.pdf"
    builder.build(output)
    return output


@pytest.fixture
def content_copy(tmp_path, project) -> Path:
    """A project folder whose content/ is a private copy a test may break; fonts and styles are shared."""
    shutil.copytree(project.content, tmp_path / "content")
    (tmp_path / "fonts").symlink_to(project.fonts)
    (tmp_path / "styles").symlink_to(project.root / "styles")
    return tmp_path
