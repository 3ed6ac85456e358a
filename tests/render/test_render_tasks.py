"""Documents → rows and agency task lists (matrix/render/tasks.py, titles.py)."""
from __future__ import annotations

import re

from hypothesis import given, strategies as st

from matrix.model import Document
from matrix.registry import Registry
from matrix.render.tasks import measure_rows, order_agencies, plan
from matrix.render.titles import document_names, issuer_place, short_title

from render_samples import doc_a, doc_b, measure, registry
from matrix.naming import sheet_names


def test_measure_with_clause_tasks_gets_a_row_per_task():
    m = doc_a().measures[0]
    rows = measure_rows(m, registry())
    assert [r.number for r in rows] == ["（一）", "（一）-1", "（一）-2"]
    assert [r.ref for r in rows] == ["一.（一）", "一.（一）-1", "一.（一）-2"]
    assert rows[1].text == "第一项任务，2025年底前完成"
    assert (rows[2].lead, rows[2].support) == (["区市场监管局"], ["新设局"])
    # A clause keeps the deadline it mentions; one that names none inherits the measure's.
    assert rows[1].deadlines == ["2025年底前"] and rows[2].deadlines == ["2025年底前"]


def test_single_task_measure_is_one_row():
    m = doc_b().measures[0]
    assert len(measure_rows(m, registry())) == 1


def test_measure_lead_falls_back_to_its_tasks_and_aliases_are_canonical():
    m = measure("一.（一）", "x", tasks=[("a", ["区发改委"], ["区财政局"]),
                                       ("b", ["区财政局"], [])])
    head = measure_rows(m, registry())[0]
    assert head.lead == ["区发展改革委", "区财政局"]
    assert head.support == []      # a lead is never also listed as support


def test_agency_tasks_are_clause_rows_plus_measure_only_mentions():
    p = plan([doc_a()], registry())
    refs = {a: [(t.row.ref, t.role) for t in ts] for a, ts in p.tasks.items()}
    assert refs["区发展改革委"] == [("一.（一）-1", "lead")]
    assert refs["区市场监管局"] == [("一.（一）-2", "lead")]
    assert refs["区财政局"] == [("一.（一）-1", "support"), ("一.（二）", "support")]
    assert refs["新设局"] == [("一.（一）-2", "support")]


def test_agency_order_is_registry_then_first_appearance():
    reg = registry()
    assert order_agencies(["乙局", "区财政局", "甲局", "区发展改革委"], reg) == \
        ["区发展改革委", "区财政局", "乙局", "甲局"]
    p = plan([doc_a(), doc_b()], reg)
    assert p.agencies == ["区发展改革委", "区市场监管局", "区财政局", "各镇街", "新设局"]
    assert p.docs[0].agencies == ["区发展改革委", "区市场监管局", "区财政局", "新设局"]
    assert p.unknown == ["新设局"]


def test_unassigned_means_no_lead_and_counts_add_up():
    p = plan([doc_a(), doc_b()], registry())
    a = p.docs[0]
    assert [r.measure.id for r in a.unassigned] == ["一.（二）", "二.（一）"]
    assert (a.measures, a.assigned) == (3, 1)
    assert p.measures == 4 and p.unassigned == 2
    assert p.counts("区财政局") == (0, 2)
    assert p.counts("区市场监管局", 0) == (1, 0) and p.counts("区市场监管局", 1) == (1, 0)
    assert p.counts("区市场监管局") == (2, 0)


def test_short_titles():
    assert short_title("关于进一步促进中小企业健康发展的实施意见（征求意见稿）") == \
        "进一步促进中小企业健康发展的实施意见"
    assert short_title("浙江省委办公厅省政府办公厅印发《关于促进中小企业健康发展的实施意见》的通知") == \
        "促进中小企业健康发展的实施意见"
    assert issuer_place("新疆维吾尔自治区人民政府办公厅") == "新疆"
    assert issuer_place("中共浙江省委办公厅 浙江省人民政府办公厅") == "浙江"
    assert issuer_place("重庆市中小企业局") == "重庆"
    assert issuer_place(None) is None


def test_documents_sharing_a_title_get_distinct_sheet_names():
    names = document_names([doc_a(), doc_b()], reserved=("总览", "未分配"))
    assert names == ["新疆·促进中小企业健康发展的实施意见", "浙江·促进中小企业健康发展的实施意见"]
    # No issuer: the number, then the year, tells them apart; failing all, a counter.
    bare = [Document(title="同名", number="甲〔2020〕1号"), Document(title="同名", date="2021-02-03"),
            Document(title="同名")]
    assert document_names(bare) == ["甲〔2020〕1号·同名", "2021·同名", "同名"]
    assert document_names([Document(title="总览")], reserved=("总览",)) == ["总览(2)"]


@given(st.lists(st.text(min_size=1, max_size=60), min_size=1, max_size=8))
def test_sheet_names_always_follow_excel_rules(titles):
    names = document_names([Document(title=t) for t in titles], reserved=("总览", "未分配"))
    assert len(names) == len(titles)
    folded = [n.casefold() for n in names] + ["总览", "未分配"]
    assert len(set(folded)) == len(folded)
    for n in names:
        assert 0 < len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n)
        assert not n.startswith("'") and not n.endswith("'")


def test_empty_registry_keeps_first_appearance():
    p = plan([doc_a()], Registry())
    assert p.agencies == ["区发展改革委", "区财政局", "新设局", "区市场监管局"]
    assert p.unknown == p.agencies


def test_sheet_names_never_end_with_a_quote_or_take_history():
    (cut,) = sheet_names(["a" * 30 + "'b"])
    assert not cut.endswith("'") and len(cut) <= 31
    assert sheet_names(["History"]) == ["History(2)"]
