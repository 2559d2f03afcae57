"""Small books of the tests' own, set through the real pipeline beside the real front matter."""

import shutil
from pathlib import Path

from whitepaper.pipeline import Project


def fixture_project(project: Project, root: Path, chapters: Path, charts: list[Path]) -> Project:
    """A project of its own under `root`: the real front matter, styles and fonts with these chapters and
    charts, so a test sets a small book through the real pipeline."""
    content = root / "content"
    shutil.copytree(project.content, content, ignore=shutil.ignore_patterns("chapters", "charts"))
    shutil.copytree(chapters, content / "chapters")
    (content / "charts").mkdir()
    for chart in charts:
        shutil.copy(chart, content / "charts")
    shutil.copytree(project.styles, root / "styles")
    (root / "fonts").symlink_to(project.fonts)
    return Project(root)


def copied_project(project: Project, root: Path, content: Path) -> Project:
    """A project of its own under `root`: `content` copied whole, beside the real styles and fonts."""
    shutil.copytree(content, root / "content")
    shutil.copytree(project.styles, root / "styles")
    (root / "fonts").symlink_to(project.fonts)
    return Project(root)
