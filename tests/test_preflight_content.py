"""The fast content-stream reader the colour rule uses sees exactly the operators and operands pypdf sees."""

import pypdf
from pypdf.generic import ContentStream, DecodedStreamObject, NameObject, TextStringObject

from whitepaper.preflight.content import operations, spans


def comparable(value):
    """Operands as the rules read them: numbers and names by value; strings only as being strings."""
    if isinstance(value, (bytes, TextStringObject)):
        return "a string"
    if isinstance(value, (list, tuple)):
        return [comparable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): comparable(item) for key, item in value.items()}
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return round(float(value), 6)
    return str(value) if isinstance(value, (str, NameObject)) else value


def both_readings(stream, reader):
    expected = [(comparable(list(operands)), bytes(operator)) for operands, operator in
                ContentStream(stream, reader).operations]
    found = [(comparable(operands), operator) for operands, operator in operations(stream, reader)]
    return expected, found


def test_every_stream_of_the_book_reads_as_pypdf_reads_it(built_pdf):
    reader = pypdf.PdfReader(built_pdf)
    streams = [page.get_contents() for page in reader.pages]
    streams += [form.get_object() for page in reader.pages
                for form in ((page.get("/Resources") or {}).get("/XObject") or {}).values()
                if form.get_object().get("/Subtype") == "/Form"]
    for stream in streams:
        expected, found = both_readings(stream, reader)
        assert found == expected


def stream_of(data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


def test_strings_comments_arrays_and_dictionaries():
    data = (b"% a comment\n/P <</MCID 0 /Alt (a (nested) \\) string)>> BDC 0 0 0 1 k\n"
            b"[(A) -20 <00 4F> 1.5] TJ /Cs1 cs 0.2 .5 -1 scn EMC 1 0 0 rg")
    expected, found = both_readings(stream_of(data), None)
    assert found == expected
    assert [operator for _, operator in found] == [b"BDC", b"k", b"TJ", b"cs", b"scn", b"EMC", b"rg"]


def test_an_inline_image_is_left_to_pypdf():
    stream = stream_of(b"q BI /W 1 /H 1 /BPC 8 /CS /RGB ID \xff\x00\x00 EI Q 1 0 0 rg")
    found = operations(stream, None)
    assert found == ContentStream(stream, None).operations
    assert [operator for _, operator in found] == [b"q", b"INLINE IMAGE", b"Q", b"rg"]


def test_operands_that_touch_each_other_and_their_operator():
    data = b"/F1 12 Tf/GS1 gs[<00 4>-2<0a>]TJ [] 0 d [1 2]0 d 0 0 m 1.5 -.5 l /a/b BMC 7 w EMC"
    expected, found = both_readings(stream_of(data), None)
    assert found == expected
    assert [operator for _, operator in found] == [b"Tf", b"gs", b"TJ", b"d", b"d", b"m", b"l", b"BMC", b"w", b"EMC"]


def test_reading_only_some_operands_keeps_every_operator_where_it_starts(built_pdf):
    wanted = frozenset({b"cm", b"Tf", b"scn"})
    for page in pypdf.PdfReader(built_pdf).pages:
        data = page.get_contents().get_data()
        every, some = list(spans(data)), list(spans(data, wanted))
        assert [(operator, start) for _, operator, start in some] == [(operator, start) for _, operator, start in every]
        assert ([operands for operands, operator, _ in some if operator in wanted] ==
                [operands for operands, operator, _ in every if operator in wanted])
