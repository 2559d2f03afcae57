"""Read content files from disk, keeping where every value came from; no interpretation here.

In: the content folder. Out: `YamlSource` (data plus a map from key paths to line and column) and
`MarkdownSource` (front matter as a YamlSource, body text and the line it starts on).
"""

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .diagnostics import ContentError, Location, Problem
from .messages import say

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlSource:
    path: Path
    data: object
    positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    written: dict[KeyPath, str] = field(default_factory=dict)  # each scalar as typed: `90.0` stays `90.0`
    text: str = field(default="", repr=False)  # the YAML as read

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
    text: str = field(default="", repr=False)  # the whole file as read


MAX_FILE_BYTES = 2_000_000  # far more than any chapter; a larger "content file" is not text an editor wrote
MAX_DEPTH = 20  # levels of YAML values inside each other; the book's files need four
PLAIN_COLLECTIONS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


def what_else(path: Path, root: Path | None = None) -> str | None:
    """What stands at `path` when it is not an ordinary file inside `root` (default: its own folder), in an
    editor's words; None for an ordinary file. Looks without following links or opening anything, so a named
    pipe cannot block the build and a link cannot lead it to a file elsewhere on the machine."""
    try:
        status = os.lstat(path)
        inside = path.parent.resolve().is_relative_to((root or path.parent).resolve())
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return say("source.does_not_exist")
    if stat.S_ISLNK(status.st_mode):
        return say("source.symbolic_link") if path.exists() else say("source.symbolic_link_to_nothing")
    if not stat.S_ISREG(status.st_mode):
        return say("source.not_a_file", kind=kind_of(status.st_mode))
    if not inside:
        return say("source.outside_project")
    if status.st_nlink > 1:
        return say("source.hard_link")
    return None


def is_missing(path: Path) -> bool:
    """Nothing at all stands at `path`, not even a link to nothing."""
    try:
        os.lstat(path)
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return True
    return False


def kind_of(mode: int) -> str:
    """What a file system entry that is not an ordinary file is, in an editor's words."""
    if stat.S_ISDIR(mode):
        return say("source.kind_folder")
    return say("source.kind_named_pipe") if stat.S_ISFIFO(mode) else say("source.kind_device")


def read_text(path: Path, root: Path | None = None) -> str:
    """A content file's text, with every line ending made `\\n` (so that lines count alike everywhere). Only an
    ordinary file inside `root` is opened; anything else is refused by name."""
    data = _read_ordinary_file(path, root)
    try:
        text = data.decode("utf-8-sig")  # Windows editors may start a file with a byte-order mark
    except UnicodeDecodeError as error:
        before = data[:error.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        line, column = before.count(b"\n") + 1, len(before) - before.rfind(b"\n")
        raise ContentError([Problem(Location(path, line, column), say("source.not_utf8"))])
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_ordinary_file(path: Path, root: Path | None) -> bytes:
    refusal = what_else(path, root)
    if refusal:
        message = refusal if is_missing(path) else say("source.only_ordinary_files", refusal=refusal)
        raise ContentError([Problem(Location(path), message)])
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(handle, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):  # swapped for something else meanwhile
                raise OSError(0, say("source.swapped"))
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ContentError([Problem(Location(path), say("source.unreadable", reason=error.strerror))])
    if len(data) > MAX_FILE_BYTES:
        raise ContentError([Problem(Location(path), say("source.too_large", megabytes=MAX_FILE_BYTES // 1_000_000))])
    return data


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


def load_yaml(path: Path, text: str | None = None, first_line: int = 1, root: Path | None = None,
              scalars_as_text: bool = False) -> YamlSource:
    """Parse YAML text; `first_line` shifts line numbers when the YAML sits inside another file."""
    text = read_text(path, root) if text is None else text
    positions: dict[KeyPath, tuple[int, int]] = {}
    written: dict[KeyPath, str] = {}

    def record(node) -> None:
        """Positions, what each value was written as, and the problems that must stop the file before any value
        is built from it."""
        problems: list[Problem] = []
        _record_positions(node, (), positions, problems, path, first_line, written)
        if problems:
            raise ContentError(problems)

    try:
        try:
            node, data = _parse(text, _TextLoader if scalars_as_text else _QuickLoader, record)
        except (ValueError, yaml.YAMLError) as quick_error:
            try:
                node, data = _parse(text, _ContentLoader, record)
            except RecursionError:  # PyYAML's parser is recursive; libyaml's stopped where the nesting got deep
                raise quick_error from None
    except ValueError as error:  # a value YAML cannot make, such as `!!timestamp 2022-13-01`
        raise ContentError([Problem(Location(path, first_line), say("yaml.unreadable_value", error=error))])
    except yaml.YAMLError as error:
        raise ContentError([Problem(_error_location(error, text, path, first_line),
                                    say("yaml.not_valid", reason=_reason(error)))])
    return YamlSource(path, data, positions, written, text)


def _error_location(error: yaml.YAMLError, text: str, path: Path, first_line: int) -> Location:
    """Where to look: for a quote or bracket left open, where it opens (YAML finds out only where the file
    ends); otherwise where YAML stopped."""
    opened = getattr(error, "context", None) or ""
    mark = (getattr(error, "context_mark", None) if opened.startswith(("while scanning a quoted scalar",
                                                                         "while parsing a flow"))
            else None) or getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark:
        return Location(path, mark.line + first_line, mark.column + 1)
    if isinstance(error, yaml.reader.ReaderError):  # a character YAML does not allow: it says where in the text
        before = text[:error.position]
        return Location(path, before.count("\n") + first_line, len(before) - before.rfind("\n"))
    return Location(path, first_line)


def _reason(error: yaml.YAMLError) -> str:
    """What PyYAML found, in the reader's language: its usual findings are in the catalogue, in plain words."""
    if isinstance(error, yaml.reader.ReaderError):
        return say("yaml.character_not_allowed", code=f"{error.character:04X}")
    if (getattr(error, "context", None) or "").startswith("while scanning a quoted scalar"):
        return say("yaml.quote_never_closed")
    problem = getattr(error, "problem", None) or str(error)
    if "'\\t'" in problem:
        return say("yaml.tab_indent")
    if problem == "mapping values are not allowed here":
        return say("yaml.mapping_values_not_allowed")
    if problem == "could not find expected ':'":
        return say("yaml.colon_not_found")
    if problem.startswith("found character ") and problem.endswith(" that cannot start any token"):
        return say("yaml.cannot_start_value", character=problem.split(" ")[2])
    if problem.startswith("expected ',' or ']', but got "):
        return say("yaml.flow_sequence_not_closed", found=problem.removeprefix("expected ',' or ']', but got "))
    if problem.startswith("expected ',' or '}', but got "):
        return say("yaml.flow_mapping_not_closed", found=problem.removeprefix("expected ',' or '}', but got "))
    if problem == "exceeded maximum nesting depth":
        return say("yaml.nesting_limit")
    if problem.startswith("expected <block end>, but found "):
        return say("yaml.indent_mismatch", found=problem.removeprefix("expected <block end>, but found "))
    return say("yaml.other_problem", problem=problem)


def _parse(text: str, loader_class: type, check=lambda node: None):
    """The document's node tree (with line and column of every value) and the data built from it; `check(node)`
    sees the tree before anything is built."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        check(node)
        return node, loader.construct_document(node)
    finally:
        loader.dispose()


def _record_positions(node, key_path, positions, problems, path, first_line, written) -> None:
    """Walks the tree once, without recursion: refuses aliases (each would be walked again at every use: a file
    of a few hundred bytes could stand for billions of values), deep nesting, and collections other than plain
    lists and mappings (a `!!set` has no order)."""
    seen: set[int] = set()
    pending = [(node, key_path, None)]
    while pending:
        node, key_path, key_mark = pending.pop()
        mark = key_mark or node.start_mark
        where = Location(path, mark.line + first_line, mark.column + 1)
        positions[key_path] = (where.line, where.column)
        if id(node) in seen:  # one message is enough: the file's aliases may be used millions of times over
            problems.append(Problem(where, say("yaml.alias")))
            return
        seen.add(id(node))
        if len(key_path) > MAX_DEPTH:
            problems.append(Problem(where, say("yaml.nested_too_deep", levels=MAX_DEPTH)))
            continue
        if isinstance(node, yaml.ScalarNode):
            written[key_path] = node.value  # the figure as typed: 90.0 stays 90.0
        if isinstance(node, yaml.CollectionNode) and node.tag not in PLAIN_COLLECTIONS:
            problems.append(Problem(where, say("yaml.tagged_collection", tag=node.tag.rpartition(':')[2])))
            continue
        if isinstance(node, yaml.MappingNode):
            keys = set()
            for key_node, _ in node.value:
                if key_node.value in keys:
                    problems.append(Problem(Location(path, key_node.start_mark.line + first_line,
                                                     key_node.start_mark.column + 1),
                                            say("yaml.key_twice", key=key_node.value)))
                keys.add(key_node.value)
            pending.extend((value, key_path + (key.value,), key.start_mark) for key, value in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend((item, key_path + (index,), None) for index, item in reversed(list(enumerate(node.value))))


def load_markdown(path: Path, root: Path | None = None) -> MarkdownSource:
    """Split `---` front matter from the Markdown body. Lines end at `\\n` only, as Markdown counts them."""
    text = read_text(path, root)
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise ContentError([Problem(Location(path, 1), say("source.front_matter_missing"))])
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            front = load_yaml(path, "".join(line + "\n" for line in lines[1:index]), first_line=2)
            return MarkdownSource(path, front, "\n".join(lines[index + 1:]), index + 2, text)
    raise ContentError([Problem(Location(path, 1), say("source.front_matter_not_closed"))])
