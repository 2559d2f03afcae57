"""`whitepaper check` on files from anywhere: a malformed, encrypted or inflating PDF, or something that is
not a file at all, ends at once in one plain line "not a readable PDF: …" (exit 2), never a traceback, a hang
or all of the memory."""

import os
import subprocess
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from whitepaper.cli import EXIT_FAILURE, main


def pdf(objects: list[bytes]) -> bytes:
    """A PDF of the given objects (numbered from 1, the first the catalog) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), extra, data)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
CONTENT = stream(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET")


def page(extra: bytes = b"") -> bytes:
    return b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R %s>>" % extra


def deflate_bomb() -> bytes:
    """A content stream of 300 KB that inflates to 300 MB."""
    deflater = zlib.compressobj()
    zeros = bytes(1 << 20)
    data = b"".join(deflater.compress(zeros) for _ in range(300)) + deflater.flush()
    return pdf([CATALOG, PAGES, page(), stream(data, b"/Filter /FlateDecode ")])


def check(path: Path, project) -> str:
    result = CliRunner().invoke(main, ["check", str(path), "--project", str(project.root)])
    assert result.exit_code == EXIT_FAILURE and "Traceback" not in result.output
    return result.output


@pytest.mark.parametrize("name, content, reason", [
    ("trimbox.pdf", pdf([CATALOG, PAGES, page(b"/TrimBox 5 "), CONTENT]),
     "TypeError: 'NumberObject' object is not subscriptable"),
    ("unbalanced-string.pdf", pdf([CATALOG, PAGES, page(b"/Foo (abc "), CONTENT]),
     "PdfiumError: Failed to load page."),
    ("cyclic.pdf", pdf([CATALOG, b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>", page(), CONTENT,
                        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>"]),
     "PdfReadError: Detected cyclic page references."),
    ("deep.pdf", pdf([CATALOG, PAGES, page(b"/Foo " + b"[" * 100_000 + b"]" * 100_000 + b" "), CONTENT]),
     "PdfReadError: Error reading PDF file."),
    ("bomb.pdf", deflate_bomb(), 'the stream at byte 258 inflates to more than 256 MB (a "deflate bomb"?)'),
    ("cut.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "Stream has ended unexpectedly; is the file complete?"),
])
def test_a_malformed_pdf_is_one_plain_line(tmp_path, project, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    assert check(path, project) == f"check failed: {path}: not a readable PDF: {reason}\n"


@pytest.mark.parametrize("user_password", ["user", ""])
def test_an_encrypted_pdf_is_named_so(tmp_path, project, user_password):
    plain, encrypted = tmp_path / "plain.pdf", tmp_path / "encrypted.pdf"
    plain.write_bytes(pdf([CATALOG, PAGES, page(), CONTENT]))
    subprocess.run(["qpdf", "--encrypt", user_password, "owner", "256", "--", str(plain), str(encrypted)],
                   check=True)
    assert check(encrypted, project) == (f"check failed: {encrypted}: not a readable PDF: it is encrypted; "
                                         f"check a copy saved without a password\n")


def test_a_named_pipe_or_a_device_is_refused_without_reading(tmp_path, project):
    fifo = tmp_path / "book.pdf"
    os.mkfifo(fifo)  # opening it to read would wait for a writer forever
    assert check(fifo, project) == f"check failed: {fifo}: not a readable PDF: it is a named pipe (FIFO), not a file\n"
    assert check(Path("/dev/zero"), project) == ("check failed: /dev/zero: not a readable PDF: it is a device or "
                                                 "socket, not a file\n")
