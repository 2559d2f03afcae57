"""The operators of a content stream with their operands, read several times faster than pypdf's parser.

The colour rule reads every drawing operator of every page; with pypdf's general parser that was half of
preflight's time. Operands come back as pypdf would give them where the rules look: numbers as floats, names
as `/Name` strings; strings as bytes, arrays as lists, dictionaries as dicts. A stream holding an inline
image (binary data between `ID` and `EI`) is left to pypdf, which knows where such data ends.
"""

import re

from pypdf.generic import ContentStream

from ..messages import say

TOKEN = re.compile(rb"""
    (?:\s|%[^\r\n]*)*  # white space and comments before the token (one byte at a time: no backtracking)
    (?:
    (?P<number>[+-]?(?:\d+\.?\d*|\.\d+)(?![^\s/\[\]()<>{}%]))
  | (?P<name>/[^\s/\[\]()<>{}%]*)
  | (?P<hex><(?!<)[0-9A-Fa-f\s]*>)
  | (?P<open><<|\[)
  | (?P<close>>>|\])
  | (?P<string>\()
  | (?P<word>[^\s/\[\]()<>{}%]+)
  | (?P<end>$)
    )
""", re.VERBOSE)
KEYWORDS = {b"true": True, b"false": False, b"null": None}
INLINE_IMAGE = b"BI"


class _InlineImage(Exception):
    pass


def operations(stream, reader) -> list[tuple[list, bytes]]:
    """[(operands, operator)] of a page's contents or a form XObject, in drawing order."""
    data = stream.get_data()
    try:
        return [(operands, operator) for operands, operator, _ in _operations(data)]
    except _InlineImage:
        return ContentStream(stream, reader).operations


def spans(data: bytes):
    """(operands, operator, start) of each operation, start being the byte where its first operand (or the
    operator itself) begins: where finishing inserts an operator of its own. Raises ValueError on an inline
    image, whose binary data only pypdf knows how to step over."""
    try:
        yield from _operations(data)
    except _InlineImage:
        raise ValueError(say("preflight.inline_image")) from None


def _operations(data: bytes):
    operands: list = []
    nested: list[list] = []  # open arrays and dictionaries, innermost last
    position = start = 0
    while position < len(data):
        match = TOKEN.match(data, position)
        if match is None:
            raise ValueError(say("preflight.unreadable_stream", byte=position, data=repr(data[position:position + 20])))
        kind, token = match.lastgroup, match.group(match.lastgroup)
        position = match.end()
        target = nested[-1] if nested else operands
        if not operands and not nested:
            start = match.start(kind)  # after the white space and comments before it
        if kind == "end":
            return
        if kind == "number":
            target.append(float(token))
        elif kind == "name":
            target.append(token.decode("latin-1"))
        elif kind == "hex":
            digits = re.sub(rb"\s", b"", token[1:-1])
            target.append(bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii")))
        elif kind == "string":
            value, position = _literal_string(data, position)
            target.append(value)
        elif kind == "open":
            nested.append([token])
        elif kind == "close":
            opened = nested.pop()
            value = opened[1:] if opened[0] == b"[" else dict(zip(opened[1::2], opened[2::2]))
            (nested[-1] if nested else operands).append(value)
        elif token in KEYWORDS or nested:
            target.append(KEYWORDS.get(token, token))
        elif token == INLINE_IMAGE:
            raise _InlineImage
        else:
            yield operands, token, start
            operands = []


def _literal_string(data: bytes, position: int) -> tuple[bytes, int]:
    """The raw bytes of a `( … )` string starting after its `(`, and the position after its `)`: parentheses
    nest, and a backslash escapes the next byte."""
    depth, start = 1, position
    while depth:
        byte = data[position]
        if byte == 0x5C:  # backslash
            position += 1
        elif byte == 0x28:
            depth += 1
        elif byte == 0x29:
            depth -= 1
        position += 1
    return data[start:position - 1], position
