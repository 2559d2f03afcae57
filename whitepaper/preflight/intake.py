"""The file `whitepaper check` is given, taken in with care: it may come from anywhere.

Only an ordinary file is read (a named pipe would block, /dev/zero never ends), up to a size. Before any PDF
library sees it, every stream is inflated once here, counting bytes and keeping none, so that a few megabytes
that inflate to gigabytes (a "deflate bomb") are refused instead of filling the memory.
"""

import os
import re
import stat
import zlib
from pathlib import Path

from ..diagnostics import BuildFailure
from ..messages import say
from ..sources import kind_of

MAX_FILE_BYTES = 1 << 30
MAX_STREAM_BYTES = 256 << 20  # inflated; a full-page 600 dpi CMYK picture is 140 MB
MAX_INFLATED_BYTES = 1 << 30  # inflated, all streams together
MAX_FILTER_LAYERS = 3  # `[/FlateDecode /FlateDecode]`: a stream may be deflated more than once
PIECE = 1 << 20
STREAM_START = re.compile(rb"stream\r?\n")


class UnreadablePdf(BuildFailure):
    """A PDF the libraries cannot make sense of, and why in the reader's words."""

    def __init__(self, reason: str):
        super().__init__(say("preflight.unreadable", reason=reason))
        self.reason = reason


def unreadable(path: Path, reason: str) -> BuildFailure:
    return BuildFailure(say("preflight.unreadable_file", path=path, reason=reason))


def read_pdf(path: Path) -> bytes:
    """The file's bytes, or a failure that says in one line why it is not a PDF check can read."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise unreadable(path, error.strerror) from error
    with os.fdopen(handle, "rb") as stream:
        mode = os.fstat(stream.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise unreadable(path, say("preflight.not_a_file", kind=kind_of(mode)))
        pdf = stream.read(MAX_FILE_BYTES + 1)
    if len(pdf) > MAX_FILE_BYTES:
        raise unreadable(path, say("preflight.too_large", gb=MAX_FILE_BYTES >> 30))
    total = 0
    for found in STREAM_START.finditer(pdf):
        end = pdf.find(b"endstream", found.end())
        size = _inflated_size(pdf[found.end():end if end >= 0 else len(pdf)])
        total += size
        if size > MAX_STREAM_BYTES:
            raise unreadable(path, say("preflight.stream_bomb", byte=found.start(), mb=MAX_STREAM_BYTES >> 20))
        if total > MAX_INFLATED_BYTES:
            raise unreadable(path, say("preflight.streams_too_large", mb=MAX_INFLATED_BYTES >> 20))
    return pdf


def _inflated_size(data: bytes) -> int:
    """Bytes the stream's data inflates to through every layer of zlib it is wrapped in (0 when it is not zlib
    data), counted no further than the limit allows."""
    size = 0
    for layers in range(1, MAX_FILTER_LAYERS + 1):
        pieces = [data]
        for _ in range(layers):
            pieces = _inflate(pieces)
        layer_size = 0
        for piece in pieces:
            layer_size += len(piece)
            if layer_size > MAX_STREAM_BYTES:
                return layer_size
        if not layer_size:
            return size
        size = max(size, layer_size)
    return size


def _inflate(pieces):
    """Inflated pieces of zlib data given in pieces; ends quietly where the data stops being zlib."""
    inflater = zlib.decompressobj()
    for piece in pieces:
        while piece and not inflater.eof:
            try:
                inflated = inflater.decompress(piece, PIECE)
            except zlib.error:
                return
            yield inflated
            piece = inflater.unconsumed_tail
