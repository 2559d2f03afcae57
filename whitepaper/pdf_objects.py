"""Finding one's way among the pydyf objects WeasyPrint hands to a finisher, before the PDF is written.

pydyf keeps each reference as bytes (b"12 0 R") and the page tree's Kids as a flat list of reference parts
(12, 0, "R", 15, 0, "R" …): the two facts finishing relies on, kept here.
"""

import pydyf


def pages(pdf: pydyf.PDF) -> list:
    return [pdf.objects[number] for number in pdf.pages["Kids"][0::3]]


def resolve(pdf: pydyf.PDF, value):
    """The object a reference points to; any other value as it is."""
    return pdf.objects[int(value.split()[0])] if isinstance(value, bytes) else value
