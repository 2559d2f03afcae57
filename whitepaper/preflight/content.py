"""The operators of a content stream with their operands, read several times faster than pypdf's parser.

The colour rule reads every drawing operator of every page; with pypdf's general parser that was half of
preflight's time. Operands come back as pypdf would give them where the rules look: numbers as floats, names
as `/Name` strings; strings as bytes, arrays as lists, dictionaries as dicts. A stream holding an inline
image (binary data between `ID` and `EI`) is left to pypdf, which knows where such data ends.
"""

import re

from pypdf.generic import ContentStream

from ..messages import say

REGULAR = rb"[^\s/\[\]()<>{}%]"  # a byte of a name, a number or an operator
NUMBER = rb"[+-]?(?:\d+\.?\d*|\.\d+)(?!" + REGULAR + rb")"
HEX = rb"<(?!<)[0-9A-Fa-f\s]*>"
TOKEN = re.compile(rb"""
    (?:\s|%[^\r\n]*)*  # white space and comments before the token (one byte at a time: no backtracking)
    (?:
    (?P<number>""" + NUMBER + rb""")
  | (?P<name>/""" + REGULAR + rb"""*)
  | (?P<hex>""" + HEX + rb""")
  | (?P<open><<|\[)
  | (?P<close>>>|\])
  | (?P<string>\()
  | (?P<word>""" + REGULAR + rb"""+)
  | (?P<end>$)
    )
""", re.VERBOSE)
# Most operations hold only numbers, names, hex strings and arrays of those (a TJ): one match reads such an
# operation whole. Anything else (a literal string, a dictionary, a comment among the operands, true, false or
# null, an inline image) is read token by token. The groups are atomic (?>…): nothing read is read again another
# way.
PLAIN_OPERAND = (rb"(?:" + NUMBER + rb"|/" + REGULAR + rb"*|" + HEX + rb"|\[(?:\s*(?:" + NUMBER + rb"|" + HEX +
                 rb"))*\s*\])")
PLAIN_OPERATION = re.compile(rb"(?>(?:\s|%[^\r\n]*)*)(?P<operands>(?>(?:" + PLAIN_OPERAND + rb"\s*)*))"
                             rb"(?P<operator>(?!" + NUMBER + rb"|(?:true|false|null|BI)(?!" + REGULAR + rb"))" +
                             REGULAR + rb"+)")
PLAIN_TOKEN = re.compile(rb"/" + REGULAR + rb"*|<[^>]*>|\[|\]|[^\s/\[\]<>]+")
WHITE_SPACE = b" \t\n\r\f\v"
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


def spans(data: bytes, wanted: frozenset | None = None):
    """(operands, operator, start) of each operation, start being the byte where its first operand (or the
    operator itself) begins: where finishing inserts an operator of its own. Only the operands of the operators
    in `wanted` are read, when it is given (the others may come with none). Raises ValueError on an inline
    image, whose binary data only pypdf knows how to step over."""
    try:
        yield from _operations(data, wanted)
    except _InlineImage:
        raise ValueError(say("preflight.inline_image")) from None


def _operations(data: bytes, wanted: frozenset | None = None):
    position = 0
    while position < len(data):
        plain = PLAIN_OPERATION.match(data, position)
        if plain is None:
            operation, position = _operation_by_tokens(data, position)
            if operation is None:
                return
            yield operation
        else:
            start, end = plain.span("operands")
            operator = plain.group("operator")
            yield (_plain_operands(data, start, end) if wanted is None or operator in wanted else [], operator,
                   start)
            position = plain.end()


def _plain_operands(data: bytes, start: int, end: int) -> list:
    operands: list = []
    target = operands
    for token in PLAIN_TOKEN.findall(data, start, end):
        first = token[0]
        if first == 0x2F:  # /
            target.append(token.decode("latin-1"))
        elif first == 0x3C:  # <
            target.append(_hex_string(token))
        elif first == 0x5B:  # [
            target = []
            operands.append(target)
        elif first == 0x5D:  # ]
            target = operands
        else:
            target.append(float(token))
    return operands


def _operation_by_tokens(data: bytes, position: int):
    """((operands, operator, start), the position after it) of the operation at `position`, read one token at a
    time; (None, …) where the data ends first."""
    operands: list = []
    nested: list[list] = []  # open arrays and dictionaries, innermost last
    start = position
    while True:
        match = TOKEN.match(data, position)
        if match is None:
            raise ValueError(say("preflight.unreadable_stream", byte=position, data=repr(data[position:position + 20])))
        kind, token = match.lastgroup, match.group(match.lastgroup)
        position = match.end()
        target = nested[-1] if nested else operands
        if not operands and not nested:
            start = match.start(kind)  # after the white space and comments before it
        if kind == "end":
            return None, position
        if kind == "number":
            target.append(float(token))
        elif kind == "name":
            target.append(token.decode("latin-1"))
        elif kind == "hex":
            target.append(_hex_string(token))
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
            return (operands, token, start), position


def _hex_string(token: bytes) -> bytes:
    digits = token[1:-1].translate(None, WHITE_SPACE)
    return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))


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
