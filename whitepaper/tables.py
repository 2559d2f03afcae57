"""A table file (content/tables/NAME.yaml) -> model.Table: header rows with merged cells, body rows as written.

The same columns rule as pipe tables: a column of figures is set flush right; a first column of words heads
its rows.
"""

import dataclasses
import re

from . import schema
from .diagnostics import Problem
from .messages import say
from .model import Table, TableCell, plain
from .sources import YamlSource

FIGURE = re.compile(r"[-+−]?\d[\d,]*(\.\d+)?%?|[-—–]|")  # a figure, or a dash or nothing for "no value"


def load(source: YamlSource, problems: list[Problem]) -> Table | None:
    table_file, found = schema.validate(schema.TableFile, source)
    problems.extend(found)
    if table_file is None:
        return None
    width = _header_width(table_file.header)
    for index, row in enumerate(table_file.rows):
        if len(row) != width:
            problems.append(Problem(source.location(("rows", index)),
                                    say("table.row_width", count=len(row), columns=width)))
    for index, row in enumerate(table_file.rows):
        for column, value in enumerate(row):
            tag = schema.html_tag(value)
            if tag:
                problems.append(Problem(source.location(("rows", index, column)), schema.html_advice(tag)))
    head = [tuple(_header_cell(cell) for cell in row) for row in table_file.header]
    body = [tuple(TableCell((value,)) for value in row) for row in table_file.rows]
    head, body = arrange(head, body)
    return Table(table_file.number or 0, table_file.title, head, body, source.location(()), table_file.unit,
                 tuple(table_file.notes), table_file.landscape, table_file.label or "")


def arrange(head, body) -> tuple[tuple, tuple]:
    """Cells not aligned by the editor: a column of figures flush right, so its digits line up, others flush
    left; a first column that is not figures heads its rows."""
    columns = max((len(row) for row in body), default=0)
    numeric = [all(FIGURE.fullmatch(plain(row[column].runs).strip()) for row in body if column < len(row))
               for column in range(columns)]

    def side(cell: TableCell, column: int) -> str:
        return cell.align or ("right" if column < columns and numeric[column] else "left")

    head = tuple(tuple(dataclasses.replace(cell, align=side(cell, column)) for column, cell in enumerate(row))
                 for row in head)
    body = tuple(tuple(dataclasses.replace(cell, align=side(cell, column),
                                           header=column == 0 and not numeric[0])
                       for column, cell in enumerate(row)) for row in body)
    return head, body


def _header_cell(cell) -> TableCell:
    if isinstance(cell, str):
        return TableCell((cell,), header=True, align="center")
    return TableCell((cell.text,), header=True, columns=cell.columns, rows=cell.rows, align="center")


def _header_width(header) -> int:
    """Columns the header spans: its first row's cells, each as wide as it says."""
    return sum(1 if isinstance(cell, str) else cell.columns for cell in header[0])
