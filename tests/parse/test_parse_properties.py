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
            # Brackets in a name are its own and balanced: 各县（市、区）, never 市教育局）.
            assert name.count("（") + name.count("(") == name.count("）") + name.count(")"), name
        assert set(m.lead) == {a for t in m.tasks for a in t.lead}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["区财政局", "区科技局", "区商务委", "区统计局"]), min_size=1,
                max_size=4, unique=True),
       st.sampled_from(["、", "，", ","]))
def test_listed_agencies_come_back_whole(names, sep):
    text = f"一、目标\n（一）甲。（牵头单位：{sep.join(names)}）"
    assert parse_text(text).measures[0].lead == names


AGENCIES = ["区财政局", "区科技局", "区商务委", "区统计局", "区市场监管局", "各镇街", "区人力社保局"]
agency_sets = st.lists(st.sampled_from(AGENCIES), min_size=1, max_size=4, unique=True)
widths = st.sampled_from([("（", "）", "：", "；", "、"), ("(", ")", ":", ";", "、"), ("（", "）", ":", ";", "，")])


@settings(max_examples=150, deadline=None)
@given(agency_sets, st.lists(st.sampled_from(AGENCIES), max_size=3, unique=True), widths,
       st.sampled_from(["labelled", "inline", "responsible"]))
def test_every_note_style_gives_the_agencies_back(lead, support, w, style):
    """Whatever style and width a note is written in, the agencies come back whole."""
    support = [a for a in support if a not in lead]
    o, c, colon, semi, sep = w
    if style == "labelled":
        note = f"{o}牵头单位{colon}{sep.join(lead)}" + (f"{semi}责任单位{colon}{sep.join(support)}" if support else "") + c
        want = (lead, support)
    elif style == "inline":
        note = f"{o}{sep.join(lead)}牵头" + (f"，{sep.join(support)}等按职责分工负责" if support else "") + c
        want = (lead, support)
    else:
        names = lead + support
        note = f"{o}责任单位{colon}{sep.join(names)}{c}"
        want = (names[:1], names[1:])
    m = parse_text(f"一、目标\n（一）推进工作。{note}\n（二）其他工作。").measures[0]
    assert (m.lead, m.support) == want


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["推进", "加强", "完善", "落实", "深化"]),
                          st.sampled_from(["改革", "服务", "监管", "融资", "创新", "人才"]),
                          agency_sets), min_size=3, max_size=8, unique_by=lambda t: t[:2]),
       st.data())
def test_diff_reports_an_inserted_measure_and_nothing_else(items, data):
    """Measures are matched by content: inserting one shifts numbers but changes nothing else."""
    from matrix.diff import diff
    from matrix.text import chinese_number

    def doc(entries):
        lines = ["一、目标"]
        for k, (verb, noun, names) in enumerate(entries, 1):
            lines.append(f"（{chinese_number(k)}）{verb}{noun}工作。围绕{noun}开展{verb}行动，"
                         f"形成长效机制。（牵头单位：{'、'.join(names)}）")
        return parse_text("\n".join(lines))

    at = data.draw(st.integers(min_value=0, max_value=len(items)))
    new_item = ("试点", "示范区建设", ["区统计局"])
    d = diff(doc(items), doc(items[:at] + [new_item] + items[at:]))
    assert [(c.kind, c.title) for c in d.changes] == [("added", "试点示范区建设工作")]
    assert d.affected() == ["区统计局"]
    assert diff(doc(items), doc(items)).changes == []


def test_a_stray_bracket_never_joins_a_name():
    """A note broken over a line with one bracket too many: the names come back clean."""
    text = ("一、主要任务\n1.推进工作。加强服务。（责任单位:市金融监管局）\n"
            "社会保障局；配合单位：市教育局）\n")
    m = parse_text(text).measures[0]
    assert m.lead == ["市金融监管局"] and m.support == ["市教育局"]


def test_a_bracket_that_closes_nothing_is_dropped_from_a_name():
    # Found by the fuzz above: a note that opens with a closing bracket.
    for m in parse_text("一、牵头单位：）一、", where="fuzz.txt").measures:
        for name in m.lead + m.support:
            assert "）" not in name


NAME_PARTS = ["市", "省", "区", "县", "自治区", "黄埔区", "产业园区", "财政", "发展改革", "市场监管", "各", "有关",
              "局", "委", "厅", "办公室", "政府", "单位", "部门", "中心", "和", "等", "社区", "街道", "人民银行"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(NAME_PARTS), min_size=1, max_size=4).map("".join),
                min_size=1, max_size=5),
       st.sampled_from(["、", "，", ","]))
def test_plain_lists_read_the_short_way_as_the_long_way(pieces, sep):
    from matrix.config import load
    from matrix.parse import names
    text = sep.join(pieces)
    for registry in (None, load(None).registry):
        short = names._plain(text, registry)
        if short is not None:
            assert short == names._split_list_fully(text, registry), text
