import os
import shutil
from pathlib import Path

import pytest

from whitepaper import compat
from whitepaper.editions import SCREEN
from whitepaper.pipeline import Builder, Project

ROOT = Path(__file__).resolve().parent.parent

# Most tests read messages in English, whatever this machine's locale; tests/test_messages.py and the tests of
# Chinese messages choose their language themselves.
os.environ["WHITEPAPER_LANG"] = "en"


def pytest_collection_modifyitems(items):
    """On a WeasyPrint or pydyf other than whitepaper/compat/ was written for, only tests/test_compat.py runs: one
    test fails there with a plain message, instead of every layout test failing in its own way."""
    try:
        compat.check_versions()
    except compat.UnsupportedVersion as unsupported:
        skip = pytest.mark.skip(reason=f"{unsupported} (see tests/test_compat.py)")
        for item in items:
            if item.path.name != "test_compat.py":
                item.add_marker(skip)


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def builder(project) -> Builder:
    """One builder for the whole run: fonts and stylesheets are loaded once, as in a preview server."""
    return Builder(project)


@pytest.fixture(scope="session")
def screen_builder(project) -> Builder:
    return Builder(project, SCREEN)


@pytest.fixture(scope="session")
def built_pdf(builder, tmp_path_factory) -> Path:
    """The real book's print edition, built once from content/ into a temporary folder."""
    output = tmp_path_factory.mktemp("book") / "whitepaper.pdf"
    builder.build(output)
    return output


@pytest.fixture(scope="session")
def built_screen_pdf(screen_builder, tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("book") / "whitepaper-screen.pdf"
    screen_builder.build(output)
    return output


@pytest.fixture
def content_copy(tmp_path, project) -> Path:
    """A project folder whose content/ and styles/ are private copies a test may break; fonts are shared."""
    shutil.copytree(project.content, tmp_path / "content")
    shutil.copytree(project.styles, tmp_path / "styles")
    (tmp_path / "fonts").symlink_to(project.fonts)
    return tmp_path


@pytest.fixture
def warm_copy(content_copy, built_pdf, project) -> Path:
    """A private project whose chart cache is already warm (the session build filled the real one)."""
    shutil.copytree(project.cache / "charts", content_copy / "build" / "cache" / "charts")
    return content_copy
