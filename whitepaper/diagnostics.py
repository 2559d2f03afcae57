"""Problems found in content, each tied to a place an editor can open: `file:line:col: message`.

Stages collect problems instead of stopping at the first, so one run reports all of them.
"""

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    path: Path
    line: int | None = None  # 1-based, as editors count
    column: int | None = None

    def __str__(self) -> str:
        text = display_path(self.path)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


@dataclass(frozen=True)
class Problem:
    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class ContentError(Exception):
    """The content cannot make a book; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))

    def __reduce__(self):
        """Made again from its problems when it comes back from another process."""
        return ContentError, (self.problems,)


class BuildFailure(Exception):
    """Something outside the content stops the build (a missing library, an unwritable folder)."""


def display_path(path: Path) -> str:
    """Paths relative to the working folder read better in a terminal than absolute ones."""
    path = Path(os.path.normpath(Path(path).absolute()))  # as named: not where a symbolic link on its way leads
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def raise_if_any(problems: list[Problem]) -> None:
    if problems:
        raise ContentError(sorted(problems, key=_sort_key))


def _sort_key(problem: Problem):
    location = problem.location
    return (str(location.path), location.line or 0, location.column or 0)
