"""What each content file may contain: one typed schema per file, with a docstring per field.

`validate(model, source)` turns pydantic's findings into `file:line:col` problems an editor can act on.
"""

import datetime
import difflib
import re
from typing import Annotated, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from .diagnostics import Problem
from .sources import YamlSource

HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")


def html_tag(text: str) -> str | None:
    """The first HTML tag in a text, if any: pasted web markup would otherwise be printed as it is."""
    found = HTML_TAG.search(text)
    return found.group(0) if found else None


def html_advice(tag: str) -> str:
    return f"contains the HTML tag `{tag}`: the book prints text as it is written, so remove the tag and keep the words"


def _no_markup(text: str) -> str:
    tag = html_tag(text)
    if tag:
        raise ValueError(html_advice(tag))
    return text


# book text, never blank, never markup
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_no_markup)]


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Labels(Schema):
    toc: Text = Field(description="Heading of the table of contents page, e.g. 目 录.")
    table: Text = Field(description="Word before a chart's number in its caption, e.g. 表.")
    derived: Text = Field(description="Legend for a remainder the text does not state, e.g. 其余（推算）.")
    picture: Text = Field("图", description="Word before a picture's number in its caption, e.g. 图.")
    box: Text = Field("专栏", description="Word that opens a call-out box, `::: 专栏 标题`, and heads it.")


class BookFile(Schema):
    """content/book.yaml"""

    title: list[Text] = Field(min_length=1, description="Title lines as the cover breaks them.")
    publisher: Text
    date: Text = Field(description="Date as printed on the cover, e.g. 2022.12.")
    publication_date: datetime.date = Field(description="ISO date for the PDF's metadata.")
    language: Text = "zh-CN"
    labels: Labels


class PrefaceFile(Schema):
    """Front matter of content/front/preface.md"""

    title: Text
    subtitle: Text | None = None
    signature: list[Text] = Field(default_factory=list, description="Lines set flush right after the text.")


class Member(Schema):
    name: Text
    role: Text | None = None


class WorkingGroup(Schema):
    title: Text
    members: list[Member] = Field(min_length=1)


class CommitteeFile(Schema):
    """content/front/committee.yaml"""

    title: Text
    lead: Text = Field(description="Sentence before the list of organisations.")
    organisations: list[Text] = Field(min_length=1)
    closing: Text = Field(description="Sentence after the list of organisations.")
    working_group: WorkingGroup


class ChapterFile(Schema):
    """Front matter of content/chapters/NN-name.md"""

    title: Text
    toc_title: Text | None = Field(None, description="Title in the 目录 when it differs from the heading.")
    new_page: bool = Field(False, description="Start the chapter on a new page.")
    sections_in_toc: bool = Field(False, description="List the chapter's sections in the 目录.")
    subsections_in_toc: bool = Field(False, description="List the `###` subsections in the 目录 as well.")
    style: Literal["plain", "cases"] = Field("plain", description="`cases` sets sections as case studies.")


class ChartItem(Schema):
    label: Text
    value: float = Field(ge=0, le=100, description="A percentage, 0 to 100.")


class ChartFile(Schema):
    """content/charts/table-NN.yaml"""

    number: int = Field(ge=1, description="The N of 表 N; charts are numbered 1, 2, 3 … in reading order.")
    title: Text
    type: Literal["bars", "split"] = Field(description="`bars`: one bar a category; `split`: one bar split in parts.")
    remainder: bool = Field(False, description="Draw 100 minus the stated values as a derived part.")
    multiple_choice: bool = Field(False, description="Parts may add up to more or less than 100.")
    data: list[ChartItem] = Field(min_length=1)


class SpanningCell(Schema):
    text: Text
    columns: int = Field(1, ge=1, description="How many columns the cell spans.")
    rows: int = Field(1, ge=1, description="How many header rows the cell spans.")


class TableFile(Schema):
    """content/tables/NAME.yaml: a table that pipes cannot write (merged header cells, a unit, notes)."""

    number: int = Field(ge=1, description="The N of 表 N; tables and charts are numbered together in reading order.")
    title: Text
    unit: Text | None = Field(None, description="Printed above the table at the right, e.g. 单位：家.")
    landscape: bool = Field(False, description="Set the table on a page of its own, turned sideways.")
    header: list[list[Text | SpanningCell]] = Field(min_length=1, description="Header rows, top first.")
    rows: list[list[str]] = Field(min_length=1, description="Body rows; every value printed as written.")
    notes: list[Text] = Field(default_factory=list, description="Lines under the table: 注：…, 资料来源：…")


class Colour(Schema):
    screen: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] = Field(
        description="sRGB for the screen edition, as #rrggbb.")
    print: list[Annotated[float, Field(ge=0, le=100)]] = Field(
        min_length=4, max_length=4, description="C M Y K in percent for the print edition.")


class ColoursFile(Schema):
    """styles/colours.yaml"""

    colours: dict[str, Colour] = Field(min_length=1)


SchemaT = TypeVar("SchemaT", bound=Schema)


def validate(schema: type[SchemaT], source: YamlSource) -> tuple[SchemaT | None, list[Problem]]:
    try:
        return schema.model_validate(source.data if source.data is not None else {}), []
    except ValidationError as error:
        details = error.errors()
        return None, [_problem(schema, source, detail) for detail in details if not _explained_by_typo(detail, details)]


def _explained_by_typo(detail: dict, details: list[dict]) -> bool:
    """A missing key that an unknown key misspells is one mistake: report only the misspelling."""
    if detail["type"] != "missing":
        return False
    parent, name = detail["loc"][:-1], str(detail["loc"][-1])
    return any(other["type"] == "extra_forbidden" and other["loc"][:-1] == parent
               and difflib.get_close_matches(str(other["loc"][-1]), [name], n=1) for other in details)


def _problem(schema: type[Schema], source: YamlSource, detail: dict) -> Problem:
    key_path = tuple(detail["loc"])
    name = ".".join(str(part) for part in key_path) or "the file"
    kind = detail["type"]
    if kind == "missing":
        message = f"`{name}` is missing: add `{key_path[-1]}: …`"
    elif kind == "extra_forbidden":
        allowed = _allowed_keys(schema, key_path[:-1])
        guess = difflib.get_close_matches(str(key_path[-1]), allowed, n=1)
        hint = f"did you mean `{guess[0]}`?" if guess else f"the keys allowed here are: {', '.join(allowed)}"
        message = f"unknown key `{key_path[-1]}`: {hint}"
    elif kind == "model_type":
        message = f"`{name}` should be a set of `key: value` lines, not {type(detail['input']).__name__}"
    elif kind == "string_type":
        message = f"`{name}` must be text: put it in quotes, as in `{key_path[-1]}: \"{detail['input']}\"`"
    elif kind == "string_too_short":
        message = f"`{name}` is empty: write the text, or remove the line if it is optional"
    elif kind in ("float_parsing", "float_type"):
        message = f"`{name}` should be a number written with digits and a dot, as in 41.3 (found `{detail['input']}`)"
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        message = f"`{name}` should be a whole number (found `{detail['input']}`)"
    elif kind.startswith(("date_", "datetime_")):
        message = f"`{name}` should be a date written year-month-day, as in 2022-12-01 (found `{detail['input']}`)"
    elif kind in ("bool_parsing", "bool_type"):
        message = f"`{name}` should be `true` or `false` (found `{detail['input']}`)"
    elif kind == "value_error":
        message = f"`{name}` {_plain(detail['msg'])}"
    elif kind == "string_pattern_mismatch":
        message = f"`{name}` is `{detail['input']}`: write a colour as `\"#rrggbb\"`, e.g. `\"#1f4e79\"`"
    elif kind == "literal_error":
        message = f"`{name}` is `{detail['input']}`: {detail['msg'].replace('Input should be', 'write')}"
    else:
        message = f"`{name}` {_plain(detail['msg'])} (found `{detail['input']}`)"
    return Problem(source.location(key_path), message)


def _plain(msg: str) -> str:
    msg = msg.removeprefix("Value error, ")
    msg = msg.replace("Input should be", "should be")
    return msg[0].lower() + msg[1:] if msg else msg


def _allowed_keys(schema: type[Schema], key_path: tuple) -> list[str]:
    """Walk the schema down the key path to list the keys an editor may write at that place."""
    current: type | None = schema
    for part in key_path:
        if isinstance(part, int) or current is None or part not in current.model_fields:
            continue  # a list index, or a name the editor chose (a colour's name)
        annotation = current.model_fields[part].annotation
        current = _nested_schema(annotation)
    return list(current.model_fields) if current else []


def _nested_schema(annotation) -> type[Schema] | None:
    if isinstance(annotation, type) and issubclass(annotation, Schema):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _nested_schema(argument)
        if found:
            return found
    return None
