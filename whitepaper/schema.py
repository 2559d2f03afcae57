"""What each content file may contain: one typed schema per file, with a docstring per field.

`validate(model, source)` turns pydantic's findings into `file:line:col` problems an editor can act on.
"""

import datetime
import difflib
import re
from typing import Annotated, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationError

from .diagnostics import Problem
from .messages import language, listed, say
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
LABEL = re.compile(r"[^\s{}:#]+")  # a label `{ref:…}` names: no spaces, braces, colons or #
SMALLEST_VALUE = 0.001  # below this a value prints as 0 or in an exponent: a slip, not a figure


def html_tag(text: str) -> str | None:
    """The first HTML tag in a text, if any: pasted web markup would otherwise be printed as it is."""
    found = HTML_TAG.search(text)
    return found.group(0) if found else None


def html_advice(tag: str) -> str:
    return say("schema.html_tag", tag=tag)


def long_word(text: str) -> str | None:
    """The first run of characters too long for a line, if any."""
    found = UNBROKEN_RUN.search(text)
    return found.group(0) if found else None


def long_word_advice(word: str) -> str:
    return say("schema.word_too_long", start=word[:20], length=len(word), most=LONGEST_WORD)


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
        raise ValueError(say("schema.not_a_language_tag", found=text))
    return text


def _printable_number(value: float) -> float:
    if value and abs(value) < SMALLEST_VALUE:
        raise ValueError(say("schema.too_small_to_print", found=value, smallest=SMALLEST_VALUE))
    return value + 0.0  # -0 becomes 0, which prints without a sign


def _ref_label(text: str) -> str:
    if not LABEL.fullmatch(text):
        raise ValueError(say("refs.bad_label", label=text))
    return text


def _number_placed(text: str) -> str:
    if "{number}" not in text:
        raise ValueError(say("schema.label_without_number"))
    return text


def _proof_stamp(text: str) -> str:
    if "{number}" not in text:
        raise ValueError(say("schema.proof_stamp_without_number"))
    return text


# book text, never blank, never markup
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_no_markup)]
TocTitle = Annotated[Text, StringConstraints(max_length=LONGEST_TOC_TITLE)]
RefLabel = Annotated[str, AfterValidator(_ref_label)]  # a label `{ref:…}` names


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
    chapter: Annotated[Text, AfterValidator(_number_placed)] = Field(
        "第 {number} 章", description="How `{ref:…}` names a chapter.")
    section: Annotated[Text, AfterValidator(_number_placed)] = Field(
        "{number} 节", description="How `{ref:…}` names a section or subsection.")
    page: Annotated[Text, AfterValidator(_number_placed)] = Field(
        "第 {number} 页", description="How `{page:…}` names the page a label lands on.")


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
            raise ValueError(say("schema.isbn_length", digits=len(digits)))
        if digits[-1] != expected:
            raise ValueError(say("schema.isbn_check_digit", expected=expected, found=digits[-1]))
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
    publication_date: datetime.date = Field(description="ISO date for the PDF's metadata; its year is {year}.")
    edition: Text | None = Field(None, description="The edition's name, printed by {edition}, e.g. 2023.")
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
        raise ValueError(say("schema.reference_numbered"))
    if not DOCUMENT_TYPE.search(text):
        raise ValueError(say("schema.reference_without_type"))
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
    numbered: bool = Field(True, description="`false`: no number (后记); the numbered chapters count on without it.")
    label: RefLabel | None = Field(None, description="What `{ref:…}` names the chapter by; default: the file's "
                                                     "name without its leading number.")


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

    number: int | None = Field(None, ge=1, description="Not needed: the build numbers charts in reading order; "
                                                        "if given, it must be that number.")
    label: RefLabel | None = Field(None, description="What `{ref:…}` names the chart by; default: the file's name.")
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

    number: int | None = Field(None, ge=1, description="Not needed: tables and charts are numbered together in "
                                                        "reading order; if given, it must be that number.")
    label: RefLabel | None = Field(None, description="What `{ref:…}` names the table by; default: the file's name.")
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
    turn: float | None = Field(None, ge=-360, le=360,
                               description="Degrees to turn the hue of `of`: a chart series.")
    lightness: str | float | None = Field(None, description="The lightness of a colour worked out from `of`, "
                                                            "e.g. 54% (OKLCh): keeps white text on it legible.")


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
    """A value's place as an editor counts, in backticks: `data[3].value` is the value of the third item under
    `data`; in Chinese 「`data` 第 3 项的 `value` 」, whose space after a backtick lets the Chinese words of a
    message follow it directly (「`data` 第 3 项应是…」, 「`value` 应是…」)."""
    if not key_path:
        return say("schema.the_file")
    if language() == "en":
        return "`" + "".join(f"[{part + 1}]" if isinstance(part, int) else f".{part}" for part in key_path).lstrip(".") + "`"
    text, names = "", []
    for index, part in enumerate(key_path):
        if isinstance(part, str):
            names.append(part)
            continue
        if names:
            text += ("的 " if text else "") + "`" + ".".join(names) + "` "
            names = []
        elif text:
            text += "中的"
        text += f"第 {part + 1} 项"
    if names:
        text += ("的 " if text else "") + "`" + ".".join(names) + "` "
    return text


def _problem(schema: type[Schema], source: YamlSource, detail: dict) -> Problem:
    key_path = tuple(detail["loc"])
    name = key_name(key_path)
    kind = detail["type"]
    key = key_path[-1] if key_path else ""
    found = detail["input"]
    context = detail.get("ctx", {})
    if kind == "missing":
        message = say("schema.missing", name=name, key=key)
    elif kind == "extra_forbidden":
        allowed = _allowed_keys(schema, key_path[:-1])
        guess = difflib.get_close_matches(str(key), allowed, n=1)
        message = (say("schema.unknown_key_guess", key=key, guess=guess[0]) if guess else
                   say("schema.unknown_key", key=key, allowed=listed(allowed)))
    elif kind == "model_type":
        message = say("schema.not_a_mapping", name=name, kind=_kind_of_value(found))
    elif kind == "string_type" and found is None:
        message = say("schema.empty_text", name=name, key=key)
    elif kind == "list_type" and found is None:
        message = say("schema.empty_list", name=name, key=key)
    elif kind.endswith("_type") and found is None:
        message = say("schema.empty_value", name=name, key=key)
    elif kind == "string_type":
        message = say("schema.not_text", name=name, key=key, found=found)
    elif kind in ("string_too_long", "too_long") and isinstance(found, str):
        most = context["max_length"]
        message = (say("schema.too_long_for_toc", name=name, length=len(found), most=most)
                   if most == LONGEST_TOC_TITLE else say("schema.too_long_for_chart", name=name, length=len(found),
                                                         most=most))
    elif kind == "too_long":
        message = say("schema.too_many_items", name=name, count=context["actual_length"], most=context["max_length"])
    elif kind == "too_short":
        message = say("schema.too_few_items", name=name, count=context["actual_length"], least=context["min_length"],
                      found=found)
    elif kind == "string_too_short":
        message = say("schema.empty_string", name=name)
    elif kind in ("float_parsing", "float_type"):
        message = say("schema.not_a_number", name=name, found=found)
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        message = say("schema.not_a_whole_number", name=name, found=found)
    elif kind.startswith(("date_", "datetime_")):
        message = say("schema.not_a_date", name=name, found=found)
    elif kind in ("bool_parsing", "bool_type"):
        message = say("schema.not_a_boolean", name=name, found=found)
    elif kind == "greater_than_equal":
        message = say("schema.at_least", name=name, limit=f"{context['ge']:g}", found=found)
    elif kind == "less_than_equal":
        message = say("schema.at_most", name=name, limit=f"{context['le']:g}", found=found)
    elif kind == "list_type":
        message = say("schema.not_a_list", name=name, found=found)
    elif kind == "dict_type":
        message = say("schema.not_a_dictionary", name=name, found=found)
    elif kind == "value_error":  # a validator above: its message is said already
        message = name + ("" if language() == "zh" else " ") + detail["msg"].removeprefix("Value error, ")
    elif kind == "string_pattern_mismatch":
        message = say("schema.not_a_colour", name=name, found=found)
    elif kind == "literal_error":
        choices = re.findall(r"'[^']*'|\d+", context["expected"])
        message = say("schema.not_one_of", name=name, found=found, choices=_one_of(choices))
    else:  # a finding none of the above foresees: pydantic's own words, and what was found
        message = say("schema.not_accepted", name=name, found=found, problem=_plain(detail["msg"]))
    return Problem(source.location(key_path), message)


def _kind_of_value(value) -> str:
    """What an editor wrote instead of `key: value` lines, in the reader's words."""
    if isinstance(value, list):
        return say("schema.kind_list")
    if isinstance(value, str):
        return say("schema.kind_text")
    if isinstance(value, bool):
        return say("schema.kind_boolean")
    if isinstance(value, int):
        return say("schema.kind_whole_number")
    if isinstance(value, float):
        return say("schema.kind_decimal")
    return type(value).__name__


def _one_of(choices: list[str]) -> str:
    """`'a', 'b' or 'c'`, as pydantic lists the values allowed, in the reader's language."""
    return say("schema.either", first=listed(choices[:-1]), last=choices[-1]) if len(choices) > 1 else choices[0]


def _plain(msg: str) -> str:
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
