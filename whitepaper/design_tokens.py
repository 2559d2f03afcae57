"""Sizes the stylesheets set for what is drawn outside WeasyPrint: the charts' text, `--size-chart` in `:root`,
worked out from the body's size as WeasyPrint would, so that a designer's one body size reaches the charts too.

In: the edition's stylesheets. Out: the size in CSS px (1/96 in), the unit charts are drawn in.
"""

import ast
from pathlib import Path

import tinycss2

from .diagnostics import Location, Problem, raise_if_any
from .messages import say
from .page_geometry import PX_PER

OPERATORS = {ast.Add: float.__add__, ast.Sub: float.__sub__, ast.Mult: float.__mul__, ast.Div: float.__truediv__}


class Unreadable(ValueError):
    """A custom property whose value this module cannot work out: the one that holds the slip."""

    def __init__(self, path: Path, declaration):
        super().__init__(declaration.name)
        self.path, self.declaration = path, declaration


def chart_text_size(stylesheets: list[Path], default: float) -> float:
    """`--size-chart` as the last `:root` rule that sets it gives it; `default` when none does."""
    properties = _root_properties(stylesheets)
    if "--size-chart" not in properties:
        return default
    try:
        expression = _expression("--size-chart", properties, depth=0)
        try:
            return _evaluate(expression)
        except (ValueError, SyntaxError, ZeroDivisionError):  # such as `calc(9pt +)` or a division by 0
            raise Unreadable(*properties["--size-chart"]) from None
    except Unreadable as slip:
        declaration = slip.declaration
        raise_if_any([Problem(Location(slip.path, declaration.source_line, declaration.source_column),
                              say("styles.chart_text_size_unreadable", name=declaration.name,
                                  value=tinycss2.serialize(declaration.value).strip()))])
        raise


def root_values(stylesheets: list[Path], names: tuple[str, ...]) -> dict[str, float]:
    """Custom properties of `:root` that Python needs too (the 编委会's grid): lengths in px, numbers as they are.
    A missing or unreadable one is reported at its line, or at the stylesheet that should set it."""
    properties, values, problems = _root_properties(stylesheets), {}, []
    for name in names:
        if name not in properties:
            problems.append(Problem(Location(stylesheets[0]), say("styles.token_missing", name=name)))
            continue
        try:
            values[name] = _evaluate(_expression(name, properties, depth=0))
        except (Unreadable, ValueError, SyntaxError, ZeroDivisionError) as slip:
            path, declaration = (slip.path, slip.declaration) if isinstance(slip, Unreadable) else properties[name]
            problems.append(Problem(Location(path, declaration.source_line, declaration.source_column),
                                    say("styles.token_unreadable", name=declaration.name,
                                        value=tinycss2.serialize(declaration.value).strip())))
    raise_if_any(problems)
    return values


def _root_properties(stylesheets: list[Path]) -> dict[str, tuple[Path, object]]:
    properties = {}
    for path in stylesheets:
        if not path.is_file():
            continue
        for rule in tinycss2.parse_stylesheet(path.read_text(encoding="utf-8"), skip_comments=True,
                                              skip_whitespace=True):
            if rule.type == "qualified-rule" and tinycss2.serialize(rule.prelude).strip() == ":root":
                for declaration in tinycss2.parse_blocks_contents(rule.content, skip_comments=True,
                                                                  skip_whitespace=True):
                    if declaration.type == "declaration" and declaration.name.startswith("--"):
                        properties[declaration.name] = (path, declaration)
    return properties


def _expression(name: str, properties, depth: int) -> str:
    """The custom property's value as an arithmetic expression in px, each var() replaced by what it names."""
    path, declaration = properties[name]
    if depth > 10:  # var() names itself, round about
        raise Unreadable(path, declaration)
    parts = _parts(declaration.value, properties, depth)
    if parts is None:
        raise Unreadable(path, declaration)
    return parts


def _parts(tokens, properties, depth: int) -> str | None:
    parts = []
    for token in tokens:
        if token.type in ("whitespace", "comment"):
            continue
        if token.type == "function" and token.lower_name == "var":
            names = [argument.value for argument in token.arguments if argument.type == "ident"]
            if not names or names[0] not in properties:
                return None
            parts.append(f"({_expression(names[0], properties, depth + 1)})")
        elif token.type == "function" and token.lower_name == "calc":
            inner = _parts(token.arguments, properties, depth)
            if inner is None:
                return None
            parts.append(f"({inner})")
        elif token.type == "dimension" and token.lower_unit in PX_PER:
            parts.append(repr(token.value * PX_PER[token.lower_unit]))
        elif token.type == "number":
            parts.append(repr(float(token.value)))
        elif token.type == "literal" and token.value in "+-*/":
            parts.append(token.value)
        else:
            return None
    return " ".join(parts)


def _evaluate(expression: str) -> float:
    def value(node) -> float:
        if isinstance(node, ast.Constant) and isinstance(node.value, float):
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
            return OPERATORS[type(node.op)](value(node.left), value(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -value(node.operand)
        raise ValueError("not arithmetic")

    return value(ast.parse(expression, mode="eval").body)
