"""Read content files from disk, keeping where every value came from; no interpretation here.

In: the content folder. Out: `YamlSource` (data plus a map from key paths to line and column) and
`MarkdownSource` (front matter as a YamlSource, body text and the line it starts on).
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .diagnostics import ContentError, Location, Problem

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlSource:
    path: Path
    data: object
    positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def location(self, key_path: KeyPath = ()) -> Location:
        """The place of a value, or of its nearest enclosing value when the key itself is absent."""
        for end in range(len(key_path), -1, -1):
            position = self.positions.get(tuple(key_path[:end]))
            if position:
                return Location(self.path, *position)
        return Location(self.path, 1)


@dataclass(frozen=True)
class MarkdownSource:
    path: Path
    front_matter: YamlSource
    body: str
    body_line: int  # line of the file on which `body` starts


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ContentError([Problem(Location(path), f"cannot be read: {error.strerror}")])
    try:
        return data.decode("utf-8-sig")  # Windows editors may start a file with a byte-order mark
    except UnicodeDecodeError as error:
        before = data[:error.start]
        line, column = before.count(b"\n") + 1, len(before) - before.rfind(b"\n")
        raise ContentError([Problem(Location(path, line, column),
                                    "is not UTF-8 text: save the file as UTF-8 (in the editor's "
                                    "'Save as' or 'Encoding' menu)")])


def _dates_as_text(loader: type) -> type:
    """YAML's safe subset, but dates stay text: the schema reads them and can say where a wrong one is."""
    loader.yaml_implicit_resolvers = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    return loader


@_dates_as_text
class _ContentLoader(yaml.SafeLoader):
    """PyYAML's own parser, whose words the messages below quote."""


@_dates_as_text
class _QuickLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's parser, written in C: five times quicker; a file it cannot read is read again by the other."""


class _TextLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Every plain scalar stays text as written (12.50 stays 12.50): for tables, printed as typed."""
    yaml_implicit_resolvers: dict = {}


def load_yaml(path: Path, text: str | None = None, first_line: int = 1, scalars_as_text: bool = False) -> YamlSource:
    """Parse YAML text; `first_line` shifts line numbers when the YAML sits inside another file."""
    text = read_text(path) if text is None else text
    try:
        try:
            node, data = _parse(text, _TextLoader if scalars_as_text else _QuickLoader)
        except (ValueError, yaml.YAMLError):
            node, data = _parse(text, _ContentLoader)
    except ValueError as error:  # a value YAML cannot make, such as `!!timestamp 2022-13-01`
        raise ContentError([Problem(Location(path, first_line), f"holds a value YAML cannot read ({error}): "
                                                                f"check the dates and numbers")])
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        line = mark.line + first_line if mark else first_line
        column = mark.column + 1 if mark else None
        raise ContentError([Problem(Location(path, line, column),
                                    f"this is not valid YAML ({reason}); check the indentation and "
                                    f"quote text that contains ': ' or starts with a special character")])
    positions: dict[KeyPath, tuple[int, int]] = {}
    problems: list[Problem] = []
    if node is not None:
        _record_positions(node, (), positions, problems, path, first_line)
    if problems:
        raise ContentError(problems)
    return YamlSource(path, data, positions)


def _parse(text: str, loader_class: type):
    """The document's node tree (with line and column of every value) and the data built from it."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _record_positions(node, key_path, positions, problems, path, first_line) -> None:
    positions[key_path] = (node.start_mark.line + first_line, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                problems.append(Problem(Location(path, key_node.start_mark.line + first_line,
                                                 key_node.start_mark.column + 1),
                                        f"`{key}` is given twice: keep one"))
            seen.add(key)
            _record_positions(value_node, key_path + (key,), positions, problems, path, first_line)
            positions[key_path + (key,)] = (key_node.start_mark.line + first_line, key_node.start_mark.column + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_positions(item, key_path + (index,), positions, problems, path, first_line)


def load_markdown(path: Path) -> MarkdownSource:
    """Split `---` front matter from the Markdown body."""
    text = read_text(path)
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ContentError([Problem(Location(path, 1),
                                    "must start with front matter: a line `---`, `title: …`, and a closing `---`")])
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            front = load_yaml(path, "".join(lines[1:index]), first_line=2)
            return MarkdownSource(path, front, "".join(lines[index + 1:]), index + 2)
    raise ContentError([Problem(Location(path, 1), "the front matter is never closed: add a line `---` after it")])
