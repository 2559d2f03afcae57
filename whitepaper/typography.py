"""Chinese text rules applied to every string the templates print (W3C clreq, where WeasyPrint has none).

Han next to Latin letters or digits gets a quarter em (U+2005) whatever the source had: editors type
「占比 38%」 and 「占比38%」 alike, and WeasyPrint would otherwise stretch such ASCII spaces, alone on a
justified line, into wide holes.
"""

import re

QUARTER_EM = "\u2005"
HAN = r"[\u3400-\u4dbf\u4e00-\u9fff]"
LATIN = r"[A-Za-z0-9]"
LATIN_OR_PERCENT = r"[A-Za-z0-9%]"  # a percent sign belongs to its number: 「85% 企业」

_HAN_THEN_LATIN = re.compile(rf"(?<={HAN})[ \u00a0]*(?={LATIN})")
_LATIN_THEN_HAN = re.compile(rf"(?<={LATIN_OR_PERCENT})[ \u00a0]*(?={HAN})")


def space_han_latin(text: str) -> str:
    text = _HAN_THEN_LATIN.sub(QUARTER_EM, text)
    return _LATIN_THEN_HAN.sub(QUARTER_EM, text)
