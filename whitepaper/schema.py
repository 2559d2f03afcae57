"""What each content file may contain: one typed schema per file, with a docstring per field.

`validate(model, source)` turns pydantic's findings into `file:line:col` problems an editor can act on.
"""

import datetime
import difflib
import re
from typing import Annotated, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationError

from .diagnostics import Problem
from .sources import YamlSource
from .typography import CJK

# a tag (`<p>`, `<svg/onload=…>`), a comment, a processing instruction (`<?php ?>`), CDATA or a declaration
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:[\s/][^<>]*)?>|<(?:!--|\?[A-Za-z]|!\[CDATA\[|![A-Za-z])[^<>]*>?")
# BCP 47 (RFC 5646): language and extended language, script, region, variants, extensions, private use
LANGUAGE_TAG = re.compile(r"(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})(?:-[A-Za-z]{4})?"
                          r"(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-(?:[A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*"
                          r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z\d]{2,8})+)*(?:-[Xx](?:-[A-Za-z\d]{1,8})+)?")
# What the page holds, measured on the book's layout with the widest characters (Han, or `W`): a longer word
# or title would run out of the live area, a longer 目录 entry onto a second line, a larger chart off the page.
LONGEST_WORD = 40  # characters between two places where a line may break (a space, a hyphen, a Han character)
UNBROKEN_RUN = re.compile(r"[^\s\-\u2010-\u2014%s]{%d,}" % (CJK, LONGEST_WORD + 1))
LONGEST_TOC_TITLE = 36  # characters of a title the 目录 lists
LONGEST_CHART_TITLE = 150
LONGEST_CHART_LABEL = 100
MOST_CHART_ITEMS = 20
SMALLEST_VALUE = 0.001  # below this a value prints as 0 or in an exponent: a slip, not a figure


def html_tag(text: str) -> str | None:
    """The first HTML tag in a text, if any: pasted web markup would otherwise be printed as it is."""
    found = HTML_TAG.search(text)
    return found.group(0) if found else None


def html_advice(tag: str) -> str:
    return f"contains the HTML tag `{tag}`: the book prints text as it is written, so remove the tag and keep the words"


def long_word(text: str) -> str | None:
    """The first run of characters too long for a line, if any."""
    found = UNBROKEN_RUN.search(text)
    return found.group(0) if found else None


def long_word_advice(word: str) -> str:
    return (f"holds 「{word[:20]}…」, {len(word)} characters with no place to break the line (at most {LONGEST_WORD} "
            f"fit): add a space or a hyphen `-` where the line may break")


def _no_markup(text: str) -> str:
    tag = html_tag(text)
    if tag:
        raise ValueError(html_advice(tag))
    word = long_word(text)
    if word:
        raise ValueError(long_word_advice(word))
    return text


def _language_tag(text: str) -> str:
    if not LANGUAGE_TAG.fullmatch(text):
        raise ValueError(f"is `{text}`, not a language tag: write it as BCP 47 does, e.g. `zh-CN` or `zh-Hans-CN`")
    return text


def _printable_number(value: float) -> float:
    if value and abs(value) < SMALLEST_VALUE:
        raise ValueError(f"is `{value}`, too small to print: write 0, or a value of at least {SMALLEST_VALUE}")
    return value + 0.0  # -0 becomes 0, which prints without a sign


def _proof_stamp(text: str) -> str:
    if "{number}" not in text:
        raise ValueError("should say where the proof's number goes with `{number}`, as in `第 {number} 校样　{date}`")
    return text


# book text, never blank, never markup
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_no_markup)]
TocTitle = Annotated[Text, StringConstraints(max_length=LONGEST_TOC_TITLE)]


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Labels(Schema):
    toc: Text = Field(description="Heading of the table of contents page, e.g. 目 录.")
    table: Text = Field(description="Word before a chart's number in its caption, e.g. 表.")
    derived: Text = Field(description="Legend for a remainder the text does not state, e.g. 其余（推算）.")
    appendix: Text | None = Field(None, description="Word before an appendix's letter, e.g. 附录; needed when "
                                                    "content/appendices/ holds files.")
    chart_kinds: dict[str, Text] = Field(description="What a screen reader calls each type of chart, e.g. "
                                                     "bars: 条形图.")
    proof: Annotated[Text, AfterValidator(_proof_stamp)] | None = Field(
        None, description="Stamp on each page of a proof (`whitepaper proof`), e.g. 第 {number} 校样　{date}.")
    picture: Text = Field("图", description="Word before a picture's number in its caption, e.g. 图.")
    box: Text = Field("专栏", description="Word that opens a call-out box, `::: 专栏 标题`, and heads it.")


ISBN = re.compile(r"ISBN[\s:：]*([\d-]{13,17}|[\d-]{9,12}[\dXx])")


def _isbn_checked(text: str) -> str:
    """A document number is printed as written; when it is an ISBN, its check digit must be right."""
    found = ISBN.search(text)
    if found:
        digits = found.group(1).replace("-", "").upper()
        if len(digits) == 13 and digits.isdigit():
            check = (10 - sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(digits[:12]))) % 10
            expected = str(check)
        elif len(digits) == 10:
            check = (11 - sum(int(digit) * (10 - index) for index, digit in enumerate(digits[:9]))) % 11
            expected = "X" if check == 10 else str(check)
        else:
            raise ValueError(f"has an ISBN of {len(digits)} digits: an ISBN has 13 (or, before 2007, 10)")
        if digits[-1] != expected:
            raise ValueError(f"has an ISBN whose last digit should be {expected} (found {digits[-1]}): "
                             f"copy the number again from the publisher's record")
    return text


class Copyright(Schema):
    number: Annotated[Text, AfterValidator(_isbn_checked)] = Field(
        description="Document number or ISBN as printed, e.g. ISBN 978-7-121-45678-9 (its check digit is checked).")
    lines: list[Text] = Field(default_factory=list, description="Lines above it, e.g. 编制单位：…, 发布日期：….")
    notice: Text | None = Field(None, description="A closing line, e.g. 版权所有　侵权必究.")


class BackCover(Schema):
    lines: list[Text] = Field(min_length=1, description="Lines in the band at the foot of the last page.")


class Binding(Schema):
    chapters_on_right: bool = Field(False, description="Start each chapter, appendix and the references on a "
                                                       "right-hand page, leaving the page before blank if need be.")
    pages_multiple_of: Literal[1, 2, 4, 8, 16] = Field(1, description="Add blank pages before the back cover "
                                                                     "until the page count is a multiple of this.")


class BookFile(Schema):
    """content/book.yaml"""

    title: list[Text] = Field(min_length=1, description="Title lines as the cover breaks them.")
    publisher: Text
    date: Text = Field(description="Date as printed on the cover, e.g. 2022.12.")
    publication_date: datetime.date = Field(description="ISO date for the PDF's metadata.")
    language: Annotated[Text, AfterValidator(_language_tag)] = "zh-CN"
    labels: Labels
    copyright: Copyright | None = Field(None, description="A 版权页 after the cover.")
    back_cover: BackCover | None = Field(None, description="A 封底: the last page.")
    binding: Binding = Field(default_factory=Binding)


class PrefaceFile(Schema):
    """Front matter of content/front/preface.md"""

    title: TocTitle
    subtitle: Text | None = None
    signature: list[Text] = Field(default_factory=list, description="Lines set flush right after the text.")


DOCUMENT_TYPE = re.compile(r"\[(?:M|C|N|J|D|R|S|P|G|Z|A|CM|DS|DB|CP|EB|EB/OL|DB/OL|M/OL|J/OL|N/OL|CP/OL|S/OL)\]")


def _cited_as_gb7714(text: str) -> str:
    """GB/T 7714 marks each entry with its document type; the book numbers the entries itself."""
    if re.match(r"\s*[\[［【]\s*\d+\s*[\]］】]", text):
        raise ValueError("starts with its number: leave the numbers out, the book numbers the entries [1], [2] … "
                         "in the order written")
    if not DOCUMENT_TYPE.search(text):
        raise ValueError("has no document type code: write it after the title as GB/T 7714 does, e.g. [M] a book, "
                         "[J] a journal article, [S] a standard, [R] a report, [EB/OL] a web page")
    return text


class ReferencesFile(Schema):
    """content/references.yaml"""

    title: Text = Field(description="The heading, e.g. 参考文献.")
    entries: list[Annotated[Text, AfterValidator(_cited_as_gb7714)]] = Field(
        min_length=1, description="Each entry written in GB/T 7714 style, without its number.")


class Member(Schema):
    name: Text
    role: Text | None = None


class WorkingGroup(Schema):
    title: Text
    members: list[Member] = Field(min_length=1)


class CommitteeFile(Schema):
    """content/front/committee.yaml"""

    title: TocTitle
    lead: Text = Field(description="Sentence before the list of organisations.")
    organisations: list[Text] = Field(min_length=1)
    closing: Text = Field(description="Sentence after the list of organisations.")
    working_group: WorkingGroup


class ChapterFile(Schema):
    """Front matter of content/chapters/NN-name.md"""

    title: TocTitle = Field(description="Also the running head of the chapter's pages.")
    toc_title: TocTitle | None = Field(None, description="Title in the 目录 when it differs from the heading.")
    new_page: bool = Field(False, description="Start the chapter on a new page.")
    sections_in_toc: bool = Field(False, description="List the chapter's sections in the 目录.")
    subsections_in_toc: bool = Field(False, description="List the `###` subsections in the 目录 as well.")
    style: Literal["plain", "cases"] = Field("plain", description="`cases` sets sections as case studies.")


def _number_as_text(value):
    """A category may be a bare number, such as a year (2022): it is a label all the same."""
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


# a label that may be typed as a number: 2022
Label = Annotated[Text, BeforeValidator(_number_as_text)]


class ChartItem(Schema):
    label: Annotated[Label, StringConstraints(max_length=LONGEST_CHART_LABEL)]
    value: Annotated[float, AfterValidator(_printable_number)] = Field(
        description="The figure, in the chart's unit; percentages 0 to 100.")


class ChartSeries(Schema):
    name: Text = Field(description="The series' name in the legend, e.g. 2022年.")
    values: list[Annotated[float, AfterValidator(_printable_number)]] = Field(
        min_length=1, description="One value per category, in the categories' order.")


class ChartFile(Schema):
    """content/charts/table-NN.yaml"""

    number: int = Field(ge=1, description="The N of 表 N; charts are numbered 1, 2, 3 … in reading order.")
    title: Annotated[Text, StringConstraints(max_length=LONGEST_CHART_TITLE)]
    type: Literal["bars", "split", "grouped", "stacked", "line", "pie", "donut"] = Field(
        description="`bars`: one bar a category; `split`: one bar split in parts; `pie`, `donut`: a circle cut in "
                    "parts; `grouped`, `stacked`: bars of several series; `line`: series over time.")
    unit: Text = Field("%", description="Printed after every value: %, 家, 亿元 …")
    remainder: bool = Field(False, description="Draw 100 minus the stated values as a derived part.")
    multiple_choice: bool = Field(False, description="Parts may add up to more or less than 100.")
    data: list[ChartItem] | None = Field(None, min_length=1, max_length=MOST_CHART_ITEMS,
                                         description="The parts: bars, split, pie, donut.")
    categories: list[Label] | None = Field(None, min_length=1, description="grouped, stacked, line: the bars or "
                                                                            "the points in time, in order.")
    series: list[ChartSeries] | None = Field(None, min_length=1, description="grouped, stacked, line.")


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
    """Either given (screen and print) or worked out from another colour (of, with tint); colours.py checks."""

    screen: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] | None = Field(
        None, description="sRGB for the screen edition, as #rrggbb.")
    print: list[Annotated[float, Field(ge=0, le=100)]] | None = Field(
        None, min_length=4, max_length=4, description="C M Y K in percent for the print edition.")
    of: str | None = Field(None, description="The colour this one is a tint of, by name.")
    tint: str | float | None = Field(None, description="How strong a tint of `of`, e.g. 40%; 100% is the same.")


class ColoursFile(Schema):
    """styles/colours.yaml"""

    colours: dict[str, Colour] = Field(min_length=1)


class PrintConditionFile(Schema):
    """styles/print-condition.yaml"""

    identifier: str = Field(min_length=1, description="The registered name of the printing condition: FOGRA39.")
    registry: str = Field(min_length=1, description="Where it is registered: http://www.color.org.")
    condition: str = Field(min_length=1, description="The condition in words, as the registry gives it.")


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


def key_name(key_path: tuple) -> str:
    """A value's place as an editor counts: `data[3].value` is the value of the third item under `data`."""
    return "".join(f"[{part + 1}]" if isinstance(part, int) else f".{part}" for part in key_path).lstrip(".")


def _problem(schema: type[Schema], source: YamlSource, detail: dict) -> Problem:
    key_path = tuple(detail["loc"])
    name = key_name(key_path) or "the file"
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
    elif kind == "string_type" and detail["input"] is None:
        message = f"`{name}` is empty: write the text after `{key_path[-1]}:`"
    elif kind == "list_type" and detail["input"] is None:
        message = f"`{name}` is empty: write its items under `{key_path[-1]}:`, one `- item` a line"
    elif kind.endswith("_type") and detail["input"] is None:
        message = f"`{name}` is empty: write its value after `{key_path[-1]}:`, or remove the line if it is optional"
    elif kind == "string_type":
        message = f"`{name}` must be text: put it in quotes, as in `{key_path[-1]}: \"{detail['input']}\"`"
    elif kind in ("string_too_long", "too_long") and isinstance(detail["input"], str):
        message = (f"`{name}` is {len(detail['input'])} characters long; at most {detail['ctx']['max_length']} fit "
                   f"{'on a line of the 目录' if detail['ctx']['max_length'] == LONGEST_TOC_TITLE else 'in a chart'}: "
                   f"shorten it")
    elif kind == "too_long":
        message = (f"`{name}` has {detail['ctx']['actual_length']} items; a chart holds at most "
                   f"{detail['ctx']['max_length']} on a page: split it into two charts")
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
