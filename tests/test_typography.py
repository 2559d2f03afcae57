from whitepaper.typography import QUARTER_EM, space_han_latin


def test_han_next_to_latin_or_digits_gets_a_quarter_em_whatever_the_source_had():
    assert space_han_latin("占比 38%") == f"占比{QUARTER_EM}38%"
    assert space_han_latin("占比38%") == f"占比{QUARTER_EM}38%"
    assert space_han_latin("302 家企业") == f"302{QUARTER_EM}家企业"
    assert space_han_latin("发布 ESG 报告") == f"发布{QUARTER_EM}ESG{QUARTER_EM}报告"


def test_other_spaces_and_punctuation_are_left_alone():
    assert space_han_latin("T/BSIA 003-2022") == "T/BSIA 003-2022"
    assert space_han_latin("（EIM）平台") == "（EIM）平台"
    assert space_han_latin("85%，社会") == "85%，社会"
