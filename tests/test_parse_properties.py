"""The parser never crashes on what users paste, and never invents agencies."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from matrix.errors import MatrixError
from matrix.parse import parse_text

PIECES = ["一、", "二、", "（一）", "(二)", "1.", "2．", "。", "，", "、", "（", "）", "(", ")",
          "牵头单位：", "责任单位:", "牵头", "等按职责分工负责", "；", "\n", "\r\n", "　", " ",
          "区财政局", "市科技局", "自治区", "财政厅", "和", "各镇街", "以下任务均需", "不再单列",
          "[bookmark: _GoBack]", "-- 3 --", "2019年底前", "工作", "推进"]

texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_parser_returns_a_document_or_a_clear_error(text):
    try:
        doc = parse_text(text, where="fuzz.txt")
    except MatrixError as e:
        assert str(e).startswith("fuzz.txt")
        return
    for m in doc.measures:
        assert not set(m.lead) & set(m.support)
        for name in m.lead + m.support:
            assert name and "\n" not in name
        assert set(m.lead) == {a for t in m.tasks for a in t.lead}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["区财政局", "区科技局", "区商务委", "区统计局"]), min_size=1,
                max_size=4, unique=True),
       st.sampled_from(["、", "，", ","]))
def test_listed_agencies_come_back_whole(names, sep):
    text = f"一、目标\n（一）甲。（牵头单位：{sep.join(names)}）"
    assert parse_text(text).measures[0].lead == names
