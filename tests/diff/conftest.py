"""A small book in two versions with known edits, built through the real pipeline, for `whitepaper diff` and
`whitepaper proof`.

The fixture book (tests/diff/book/): a short chapter with the two charts 表 1 and 表 2, then a chapter of case
studies over several pages, beside the real front matter. Its second version changes one sentence in chapter 1,
one figure of 表 2, one name of the 编制工作组, and inserts a clause at the start of chapter 2, so that the
rest of that chapter flows onto the next lines and pages.
"""

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from whitepaper.pipeline import Builder, Project

BOOK = Path(__file__).parent / "book"

SENTENCE = ("是软件和信息服务业首份关于", "是软件和信息服务业第一份关于")
CHART_FIGURES = (("value: 43.4", "value: 43.9"), ("value: 38", "value: 37.5"))
CHART_CHANGE = ("43.4% 38%", "43.9% 37.5%")
INSERTED = "依托多年积累的政务数据治理经验与行业知识库，还"
INSERTED_AFTER = "百分点借助 AI、自然语言处理和深度学习等技术，"


@dataclass(frozen=True)
class Version:
    root: Path
    pdf: Path


def make_project(root: Path, project: Project) -> Path:
    """The fixture book as a project folder: its chapters and charts, the real front matter and styles."""
    content = root / "content"
    shutil.copytree(project.content, content, ignore=shutil.ignore_patterns("chapters", "charts"))
    shutil.copytree(BOOK / "chapters", content / "chapters")
    shutil.copytree(BOOK / "charts", content / "charts")
    shutil.copytree(project.styles, root / "styles")
    (root / "fonts").symlink_to(project.fonts)
    if (project.cache / "charts").is_dir():
        shutil.copytree(project.cache / "charts", root / "build" / "cache" / "charts")
    return root


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old} not in {path}: the fixture changed"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def committee_name(content: Path) -> tuple[str, str]:
    """A name of the 编制工作组, and the same name with its last character changed."""
    committee = yaml.safe_load((content / "front" / "committee.yaml").read_text(encoding="utf-8"))
    name = committee["working_group"]["members"][-1]["name"]
    return name, name[:-1] + ("华" if name[-1] != "华" else "明")


def edit_three(content: Path) -> tuple[str, str]:
    """The editor's round: one sentence, one figure of a chart, one name. Returns the name's old and new form."""
    replace_in(content / "chapters" / "01-data.md", *SENTENCE)
    for old, new in CHART_FIGURES:
        replace_in(content / "charts" / "table-02.yaml", old, new)
    old_name, new_name = committee_name(content)
    replace_in(content / "front" / "committee.yaml", f"name: {old_name}", f"name: {new_name}")
    return old_name, new_name


def build(root: Path, name: str) -> Version:
    pdf = root / f"{name}.pdf"
    Builder(Project(root)).build(pdf)
    return Version(root, pdf)


@pytest.fixture(scope="session")
def first(project, tmp_path_factory) -> Version:
    return build(make_project(tmp_path_factory.mktemp("first"), project), "first")


@pytest.fixture(scope="session")
def second(project, tmp_path_factory) -> Version:
    """The first version with the three edits and the clause inserted in chapter 2."""
    root = make_project(tmp_path_factory.mktemp("second"), project)
    edit_three(root / "content")
    replace_in(root / "content" / "chapters" / "02-cases.md", INSERTED_AFTER, INSERTED_AFTER + INSERTED)
    return build(root, "second")


@pytest.fixture(scope="session")
def other_fonts(project, tmp_path_factory) -> Version:
    """The first version's text set in the sans-serif family: the same text on other lines and pages."""
    root = make_project(tmp_path_factory.mktemp("fonts"), project)
    replace_in(root / "styles" / "book.css", '--serif: "Noto Serif CJK SC"', '--serif: "Noto Sans CJK SC"')
    return build(root, "fonts")
