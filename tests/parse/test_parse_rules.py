"""Each parser rule on its own, with the smallest text that shows it."""
from __future__ import annotations

import pytest

from matrix.parse import notes, names, parse_text, run_rules
from matrix.parse import vocab as patterns
from matrix.registry import Agency, Registry
from matrix.text import chinese_number


# --- noise and joins -------------------------------------------------------------------

class clean:
    """The lines as the `noise` rule (strip_noise) or `joins` (clean) leave them."""
    strip_noise = staticmethod(lambda text: run_rules(text, until="noise").lines)
    clean = staticmethod(lambda text: run_rules(text, until="joins").lines)


def test_noise_lines_and_bookmarks_go():
    text = "[bookmark: _GoBack]一、总则\n-- 3 --\n扫描全能王 创建\n第 2 页 共 9 页\n（一）正文。"
    assert [l.text for l in clean.strip_noise(text)] == ["一、总则", "（一）正文。"]


def test_line_numbers_survive_cleaning():
    lines = clean.strip_noise("a\n\n-- 1 --\nb")
    assert [(l.no, l.text) for l in lines] == [(1, "a"), (4, "b")]


def test_word_cut_by_page_break_is_joined():
    lines = clean.clean("（一）加强。(自治区工业和信\n\n-- 2 --\n\n息化厅牵头)")
    assert [l.text for l in lines] == ["（一）加强。(自治区工业和信息化厅牵头)"]


def test_heading_with_subtitle_is_not_joined_to_its_body():
    lines = clean.clean("(一)实施企业培育工程,着力促进发展\n认真贯彻落实。")
    assert len(lines) == 2


def test_latin_words_keep_their_space_when_joined():
    assert clean.clean("落实金融机构单户授信 1000\n万元以下。")[0].text == "落实金融机构单户授信 1000万元以下。"
    assert clean.clean("引导企业在OTC\nmarket挂牌。")[0].text == "引导企业在OTC market挂牌。"


def test_item_run_together_after_a_sentence_is_split():
    lines = clean.clean("(五)加强支持。降低成本。 　　(六)拓宽融资渠道。")
    assert [l.text for l in lines] == ["(五)加强支持。降低成本。", "(六)拓宽融资渠道。"]


# --- patterns / structure --------------------------------------------------------------

@pytest.mark.parametrize("s,n", [("一", 1), ("十", 10), ("十二", 12), ("二十九", 29), ("一百零五", 105)])
def test_chinese_numerals(s, n):
    assert patterns.cn_to_int(s) == n
    assert chinese_number(n) == s


def test_list_of_numerals_is_not_a_heading():
    assert patterns.SECTION.match("一、二、三产业小微企业走专精特新发展道路。") is None
    assert patterns.SECTION.match("二、重点任务")


def test_decimal_number_is_not_an_item():
    assert patterns.ITEM.match("1.5万户") is None
    assert patterns.ITEM.match("1.主体规模稳步扩大。")


def _doc(body: str, **kw):
    return parse_text(body, where="t.txt", **kw)


def test_section_heading_out_of_sequence_is_text():
    doc = _doc("一、目标\n（一）甲。\n三、是加强协调，推动落实。\n（二）乙。")
    assert [m.id for m in doc.measures] == ["一.（一）", "一.（二）"]
    assert "三、是加强协调，推动落实。" in doc.measures[0].text


def test_a_lost_heading_or_item_does_not_lose_what_follows():
    doc = _doc("一、目标\n（一）甲。\n（三）丙。\n三、保障\n（四）丁。")
    assert [m.id for m in doc.measures] == ["一.（一）", "一.（三）", "三.（四）"]
    assert any("item （三） follows item （一）" in w for w in doc.warnings)
    assert any("heading 三、 follows heading 一、" in w for w in doc.warnings)


def test_item_right_after_a_note_or_sentence_without_space():
    doc = _doc("一、目标\n（一）甲。（牵头单位：区财政局）（二）乙事。（牵头单位：区科技局）（三）丙事。")
    assert [(m.number, m.lead) for m in doc.measures] == [
        ("（一）", ["区财政局"]), ("（二）", ["区科技局"]), ("（三）", [])]


def test_standing_instruction_between_heading_and_items():
    doc = _doc("关于测试的实施意见\n以下各项任务均需各区县政府落实，不再单列。\n一、目标\n"
               "1.甲。（责任单位：市科技局）\n二、保障\n以下各项任务均需市开发区管委落实，不再单列。\n"
               "1.乙。（责任单位：市财政局）")
    assert doc.title == "关于测试的实施意见"
    assert doc.measures[0].support == ["各区县政府"]
    assert doc.measures[1].support == ["各区县政府", "市开发区管委"]


def test_other_item_style_inside_a_measure_is_text():
    doc = _doc("一、目标\n（一）甲。\n1.细项一。\n2.细项二。\n（二）乙。")
    assert [m.number for m in doc.measures] == ["（一）", "（二）"]
    assert "1.细项一。" in doc.measures[0].text


def test_end_matter_closes_the_last_measure():
    doc = _doc("一、目标\n（一）甲。\n重庆市中小企业局\n2018年6月25日\n抄送：某局")
    assert doc.measures[0].text == "甲。"   # the 落款 is not the measure's text
    assert doc.date == "2018-06-25" and doc.issuer == "重庆市中小企业局"


def test_no_measures_is_an_error_naming_the_file():
    from matrix.errors import MatrixError
    with pytest.raises(MatrixError, match="t.txt: no numbered measures"):
        _doc("这是一段没有编号的文字。")


# --- notes -----------------------------------------------------------------------------

def test_bracket_without_keyword_is_text():
    assert notes.find("办公室设在市经信局（市民营办），负责日常调度。") == ()


@pytest.mark.parametrize("text,lead,support", [
    ("（牵头单位：区政务办、区市场监管局；责任单位：区发展改革委）", ["区政务办、区市场监管局"], ["区发展改革委"]),
    ("(牵头单位:区金融办;配合单位:区科技局)", ["区金融办"], ["区科技局"]),
    ("(自治区财政厅、税务局牵头,自治区发展改革委等按职责分工负责)", ["自治区财政厅、税务局"], ["自治区发展改革委"]),
    ("(乌鲁木齐海关牵头)", ["乌鲁木齐海关"], []),
    ("（市科技局牵头，市经信局配合）", ["市科技局"], ["市经信局"]),
])
def test_note_forms(text, lead, support):
    (note,) = notes.find("措施。" + text)
    assert list(note.lead) == lead and list(note.support + note.responsible) == support


def test_nested_brackets_inside_a_note():
    (note,) = notes.find("(A局牵头,B局和各地(州、市)等按职责分工负责)")
    assert note.support == ("B局和各地(州、市)",)


def test_responsible_only_note_and_standing_instruction():
    (note,) = notes.find("〔责任单位：市科技局、市经信局。以下任务均需各县区政府落实，不再单列〕")
    assert note.responsible == ("市科技局、市经信局",)
    assert note.standing == ("各县区政府",)


def test_document_rule_beats_setting():
    assert notes.conventions("排在第一位的为牵头单位。", default=False)[0] == "first"
    assert notes.conventions("责任单位排名不分先后。", default=True)[0] == "none"
    assert notes.conventions("无说明。", default=False) == ("none", None)


def test_first_listed_leads_is_a_setting():
    body = "一、目标\n1.甲。（责任单位：市科技局、市经信局）"
    assert _doc(body).measures[0].lead == ["市科技局"]
    off = _doc(body, first_listed_leads=False).measures[0]
    assert off.lead == [] and off.support == ["市科技局", "市经信局"]
    stated = _doc("第一责任单位为牵头单位。\n" + body, first_listed_leads=False).measures[0]
    assert stated.lead == ["市科技局"]


def test_standing_instruction_reaches_later_measures_only():
    body = ("一、目标\n1.甲。（责任单位：市科技局）\n"
            "2.乙。（责任单位：市经信局。各区县政府均为责任单位，不再做分工，下同）\n3.丙。")
    doc = _doc(body)
    assert doc.measures[0].support == []
    assert doc.measures[1].support == ["各区县政府"]
    assert doc.measures[2].support == ["各区县政府"] and doc.measures[2].lead == []


def test_several_notes_make_clauses_with_their_text():
    doc = _doc("一、目标\n1.甲事。（责任单位：市科技局）乙事。（责任单位：市经信局、市财政局）")
    m = doc.measures[0]
    assert [(t.text, t.lead, t.support) for t in m.tasks] == [
        ("甲事", ["市科技局"], []), ("乙事", ["市经信局"], ["市财政局"])]
    assert m.lead == ["市科技局", "市经信局"] and m.support == ["市财政局"]


def test_agency_that_leads_a_clause_is_lead_of_the_measure():
    doc = _doc("一、目标\n1.甲。（责任单位：市经信局、市科技局）乙。（责任单位：市科技局）")
    assert doc.measures[0].lead == ["市经信局", "市科技局"] and doc.measures[0].support == []


def test_unassigned_measure_stays_unassigned():
    # 由…牵头负责 inside prose names who runs a part of it, not who carries the measure.
    doc = _doc("一、目标\n（一）甲。由市中小企业局综合协调处牵头负责成长计划的统筹工作，各处室负责相应工作。")
    assert doc.measures[0].lead == [] and doc.measures[0].tasks == []


def test_a_last_sentence_saying_who_carries_it_out_assigns():
    doc = _doc("一、目标\n（一）甲。由市中小企业局综合协调处牵头负责。")
    assert doc.measures[0].lead == ["市中小企业局综合协调处"]


# --- names -----------------------------------------------------------------------------

def whole(text, registry=None):
    return names.make_whole(names.split_list(text, registry), registry)[0]


def test_prefix_is_inherited_by_bare_names():
    assert whole("自治区工业和信息化厅、财政厅、商务厅") == ["自治区工业和信息化厅", "自治区财政厅", "自治区商务厅"]
    assert whole("六安市财政局、税务局") == ["六安市财政局", "六安市税务局"]


def test_names_with_their_own_level_do_not_inherit():
    assert whole("自治区发展改革委、新疆证监局、中国人民银行乌鲁木齐中心支行") == [
        "自治区发展改革委", "新疆证监局", "中国人民银行乌鲁木齐中心支行"]
    assert whole("自治区财政厅、市场监督管理局") == ["自治区财政厅", "自治区市场监督管理局"]


def test_he_and_deng_join_lists_but_stay_inside_names():
    assert whole("自治区人力资源和社会保障厅、税务局和各地(州、市)等") == [
        "自治区人力资源和社会保障厅", "自治区税务局", "各地（州、市）"]


def test_name_containing_a_dunhao_stays_whole():
    assert whole("自治区促进中小企业、民营经济发展和减轻企业负担领导小组办公室、统计局") == [
        "自治区促进中小企业、民营经济发展和减轻企业负担领导小组办公室", "自治区统计局"]


def test_registry_aliases_give_one_spelling():
    reg = Registry([Agency("空港经济开发公司", ["空港经济公司"])])
    assert names.canonical("空港经济公司", reg) == "空港经济开发公司"
    assert names.canonical("不认识的公司", reg) == "不认识的公司"


def test_collective_short_forms_unify_within_a_document():
    long = "自治区某某领导小组各成员单位"
    assert names.unify([long, "各成员单位", "领导小组各成员单位"]) == {
        "各成员单位": long, "领导小组各成员单位": long}


def test_note_on_its_own_line_without_brackets():
    doc = _doc("一、目标\n（一）甲事。\n牵头单位：区科技局；配合单位：区财政局、商务委\n（二）乙事。")
    first, second = doc.measures
    assert first.lead == ["区科技局"] and first.support == ["区财政局", "区商务委"]
    assert first.tasks[0].text == "甲事" and second.lead == []


def test_parenthesised_arabic_items_are_measures_or_sub_points():
    doc = _doc("一、目标\n(1)甲事。（牵头单位：区科技局）\n(2)乙事。")
    assert [m.id for m in doc.measures] == ["一.（1）", "一.（2）"]
    nested = _doc("一、目标\n（一）甲事：\n(1)细项。\n(2)细项。\n（二）乙事。")
    assert [m.number for m in nested.measures] == ["（一）", "（二）"]


def test_items_without_sections():
    doc = _doc("关于做好某项工作的通知\n各单位：\n1.加强领导。（责任单位：市科技局）\n2.抓好落实。")
    assert [(m.id, m.title, m.lead) for m in doc.measures] == [
        ("1", "加强领导", ["市科技局"]), ("2", "抓好落实", [])]
    assert doc.title == "关于做好某项工作的通知"


@pytest.mark.parametrize("note,lead,support", [
    ("（牵头单位：区科技局；责任单位：区财政局；完成时限：2024年12月底前）", ["区科技局"], ["区财政局"]),
    ("（牵头领导：张三；牵头单位：区科技局；配合单位：区财政局）", ["区科技局"], ["区财政局"]),
    ("（牵头单位：区科技局，2024年12月底前完成）", ["区科技局"], []),
    ("（责任单位：区科技局；时间节点：长期坚持）", ["区科技局"], []),
    ("（责任单位：区科技局牵头，区财政局、区商务委参与）", ["区科技局"], ["区财政局", "区商务委"]),
    ("（自治区教育厅负责）", ["自治区教育厅"], []),
    ("（区科技局、区财政局按职责分工负责）", ["区科技局"], ["区财政局"]),
    ("(自治区人力资源和社会保障厅牵头,教育厅、总工会等按职责分工负责)",
     ["自治区人力资源和社会保障厅"], ["自治区教育厅", "自治区总工会"]),
])
def test_notes_users_write(note, lead, support):
    m = _doc(f"一、目标\n（一）甲事。{note}").measures[0]
    assert (m.lead, m.support) == (lead, support)


def test_prose_in_brackets_saying_who_is_responsible_is_not_a_note():
    m = _doc("一、目标\n（一）甲事（由企业自行负责）。").measures[0]
    assert m.lead == [] and m.support == []


def test_wrapper_title_without_quotes_and_issuer_in_the_heading():
    doc = _doc("六安市人民政府办公室关于印发六安市制造业数字化转型三年行动方案的通知\n"
               "各县区人民政府：\n现将方案印发给你们。\n六安市制造业数字化转型三年行动方案\n"
               "一、主要任务\n1.推进改造。（责任单位：市经信局）")
    assert doc.title == "六安市制造业数字化转型三年行动方案"
    assert doc.issuer == "六安市人民政府办公室"


def test_issuer_on_its_own_line_above_the_title():
    doc = _doc("六安市人民政府办公室\n关于加强某项工作的意见\n一、主要任务\n1.推进。")
    assert doc.issuer == "六安市人民政府办公室" and doc.title == "关于加强某项工作的意见"


def test_headings_are_the_measures_when_nothing_is_numbered_under_them():
    doc = _doc("关于支持企业的若干措施\n一、加强领导。成立专班。（责任单位：市科技局、市财政局）\n"
               "二、抓好落实。（牵头单位：市经信局）")
    assert [(m.id, m.title, m.lead) for m in doc.measures] == [
        ("一", "加强领导", ["市科技局"]), ("二", "抓好落实", ["市经信局"])]


def test_several_closing_verbs_are_not_part_of_a_name():
    m = parse_text("一、甲\n（一）甲事。（市发改委牵头，各县区政府负责落实）").measures[0]
    assert (m.lead, m.support) == (["市发改委"], ["各县区政府"])
