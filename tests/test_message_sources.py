"""No message of the content-loading stages bypasses the catalogue: every text that reaches an editor (a
Problem, a BuildFailure, a validator's ValueError, a warning, the words a refusal returns) comes from `say(…)`,
so that it is there in Chinese and in English."""

import ast
import re
from pathlib import Path

import pytest

import whitepaper
from whitepaper.typography import HAN

PACKAGE = Path(whitepaper.__file__).parent
MODULES = ("assemble.py", "chart_data.py", "charts.py", "colours.py", "design_tokens.py", "fonts.py", "markdown.py",
           "page_geometry.py", "pictures.py", "pipeline.py", "processes.py", "schema.py", "sources.py",
           "storage.py", "tables.py", "typeset.py")
# calls whose arguments an editor reads
SINKS = {"Problem", "BuildFailure", "ContentError", "ValueError", "OSError", "Progress", "refuse", "problem", "warning",
         "error"}
# functions whose return value is (part of) a message, and variables a message is put together in
SAYING_FUNCTIONS = {"what_else", "kind_of", "picture_problem", "_refusal", "_picture_text_problem", "html_advice",
                    "long_word_advice", "folder_problem", "_reason", "key_name", "_kind_of_value", "_one_of"}
SAYING_VARIABLES = {"message", "advice", "refusal"}
WORDS = re.compile(f"[A-Za-z]{{2,}}|[{HAN}]")
NOT_FOR_EDITORS = {("design_tokens.py", "not arithmetic")}  # caught inside the module, never shown


def _texts(node) -> list[str]:
    """The literal text a message expression is made of: its strings and the literal parts of its f-strings,
    following `+`, `… if … else …` and the fields given to say(); never the key given to say(), nor strings
    that only steer the code (a dictionary key, a method's argument)."""
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) else []
    if isinstance(node, ast.JoinedStr):
        return [text for value in node.values for text in _texts(value)]
    if isinstance(node, ast.FormattedValue):
        return _texts(node.value)
    if isinstance(node, ast.BinOp):
        return _texts(node.left) + _texts(node.right)
    if isinstance(node, ast.IfExp):
        return _texts(node.body) + _texts(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [text for value in node.values for text in _texts(value)]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "say":
        return [text for keyword in node.keywords for text in _texts(keyword.value)]
    return []


def _name(call: ast.Call) -> str:
    return call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")


def messages_outside_the_catalogue(source: str, module: str) -> list[str]:
    """`line: text` for each piece of English or Chinese written into a message instead of said."""
    tree = ast.parse(source)
    found = []

    def check(node, expressions) -> None:
        for expression in expressions:
            for text in _texts(expression):
                if WORDS.search(text) and (module, text) not in NOT_FOR_EDITORS:
                    found.append(f"{node.lineno}: {text!r}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node) in SINKS:
            check(node, [*node.args, *(keyword.value for keyword in node.keywords)])
        elif isinstance(node, ast.Assign) and any(isinstance(target, ast.Name) and target.id in SAYING_VARIABLES
                                                  for target in node.targets):
            check(node, [node.value])
        elif isinstance(node, ast.FunctionDef) and node.name in SAYING_FUNCTIONS:
            check(node, [inner.value for inner in ast.walk(node) if isinstance(inner, ast.Return) and inner.value])
    return found


@pytest.mark.parametrize("module", MODULES)
def test_every_message_of_the_module_is_said_from_the_catalogue(module):
    assert messages_outside_the_catalogue((PACKAGE / module).read_text(encoding="utf-8"), module) == []


@pytest.mark.parametrize("source", [
    'problems.append(Problem(where, f"`{name}` is given twice: keep one"))',
    'raise BuildFailure(f"{path} is missing: restore it from git")',
    'context.refuse(where, "a heading cannot stand inside a quotation")',
    'raise ValueError("starts with its number: leave the numbers out")',
    'message = say("schema.missing", name=name) if found else "缺少文件"',
    'def what_else(path):\n    return "does not exist"',
    'log.warning("%s not kept in the cache", name)',
    'self.problem(key, say("chart.key_not_taken", kind=kind, instead="give its parts as data lines"))',
])
def test_a_message_written_in_the_code_is_found(source):
    assert messages_outside_the_catalogue(source, "example.py")


@pytest.mark.parametrize("source", [
    'problems.append(Problem(where, say("yaml.key_twice", key=key_node.value)))',
    'message = f"{name} {detail[\'msg\'].removeprefix(\'Value error, \')}"',
    'raise BuildFailure(f"{path}:{line}:{column}: " + say("styles.not_a_length"))',
    'log.warning("%s", say("build.not_cached", name=path.name, reason=error))',
    'raise _failure(path, declaration, say("styles.landscape"))',
    'problems.append(Problem(where, say("fonts.no_glyph", code=f"{ord(char):04X}")))',
])
def test_a_message_said_from_the_catalogue_passes(source):
    assert messages_outside_the_catalogue(source, "example.py") == []
