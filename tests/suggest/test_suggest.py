"""`matrix suggest`: leads proposed for unassigned measures from the office's own registry,
with reasons; shown in 未分配 and drafted for overrides.yaml, never applied by build."""
from __future__ import annotations

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from matrix import suggest as S
from matrix.cli import main
from matrix.config import load as load_config
from matrix.model import Document, Measure, Source
from matrix.registry import Agency, Registry
from matrix.suggest.draft import draft
from matrix.suggest.functions import Office, function_of, level_of, office_level
from matrix.suggest.similar import Index, terms


def invoke(*args):
    return CliRunner().invoke(main, list(args))


def measure(i: int, title: str, text: str, lead=(), support=(), section="一") -> Measure:
    return Measure(id=f"{section}.{i}", section=section, number=f"{i}.", title=title,
                   text=f"{title}。{text}", lead=list(lead), support=list(support))


def city_plan() -> Document:
    """What a city's plan assigned: the evidence, at another level than the office's."""
    return Document(title="市促进民营经济发展若干措施", issuer="某某市人民政府",
                    source=Source("docs/city.txt", "0" * 64, "utf-8"), measures=[
        measure(1, "加大政府采购支持力度", "预留采购份额，提高预付款比例，落实价格评审优惠。",
                ["市财政局"], ["市市场监管局"]),
        measure(2, "压缩企业开办时间", "推行企业登记全程电子化，营业执照、公章一窗发放。",
                ["市市场监督管理局"], ["市税务局"]),
        measure(3, "支持企业研发创新", "落实研发费用加计扣除，建设重点实验室和研发中心。",
                ["市科学技术局"], ["市财政局"]),
        measure(4, "健全融资担保体系", "扩大政府性融资担保覆盖面，降低担保费率，推动银行续贷。",
                ["市地方金融监督管理局"], ["市财政局"]),
    ])


def district_notice() -> Document:
    """The district's own document, its notes removed: nothing is assigned."""
    return Document(title="区贯彻落实民营经济发展措施的通知", issuer="某某市某某区人民政府",
                    source=Source("docs/district.txt", "1" * 64, "utf-8"), measures=[
        measure(1, "落实政府采购扶持政策", "为中小企业预留采购份额，提高采购合同预付款比例。"),
        measure(2, "便利企业开办登记", "企业登记全程网上办理，营业执照和公章同日发放。"),
        measure(3, "鼓励企业加大研发投入", "研发费用加计扣除政策应享尽享，支持建设研发中心。"),
        measure(4, "完善政府性融资担保", "扩大融资担保覆盖面，担保费率逐年降低。"),
    ])


DISTRICT = Registry([Agency("区财政局"), Agency("区市场监管局", aliases=["区市场监督管理局"]),
                     Agency("区科技局"), Agency("区金融办"), Agency("区税务局"),
                     Agency("各镇街", group=True)])


# --- level and function ------------------------------------------------------------------

@pytest.mark.parametrize("name", ["自治区市场监督管理局", "市市场监管局", "区市场监管局",
                                  "省市场监督管理局", "縣市場監管局"])
def test_one_function_at_every_level(name):
    assert function_of(name) == "市场监管"


@pytest.mark.parametrize("name,level", [("区经济信息委", "区"), ("自治区财政厅", "自治区"),
                                        ("浙江省人民政府", "省"), ("重庆市渝北区人民政府", "区"),
                                        ("新疆维吾尔自治区人民政府办公厅", "自治区"),
                                        ("市场监管局", None), ("縣水利局", "县")])
def test_the_level_of_a_name(name, level):
    assert level_of(name) == level


def test_a_company_is_not_the_bureau_its_name_contains():
    assert function_of("仙桃数据谷公司") != function_of("市大数据局")


def test_evidence_from_another_level_maps_to_the_offices_own_bureau():
    office = Office(DISTRICT, "区")
    assert office.candidates("自治区市场监督管理局") == ["区市场监管局"]
    assert office.candidates("市科学技术局") == ["区科技局"]
    assert office.candidates("区财政局") == ["区财政局"]
    assert office.candidates("各镇街") == []
    assert office.candidates("市交通运输局") == []        # the office has no such bureau


def test_another_levels_bureau_is_never_the_offices_a_bank_is_anyones():
    mixed = Registry([Agency("区财政局"), Agency("市财政局"), Agency("市统计局"),
                      Agency("人民银行某某中心支行")])
    office = Office(mixed, "区")
    assert office.candidates("省财政厅") == ["区财政局"]
    assert office.candidates("省统计局") == []
    assert office.candidates("人民银行某某中心支行") == ["人民银行某某中心支行"]


def test_the_offices_level_from_the_setting_the_issuer_or_the_registry():
    mixed = Registry([Agency("区财政局"), Agency("区科技局"), Agency("省财政厅")])
    assert office_level(mixed) == "区"
    assert office_level(mixed, issuer="浙江省人民政府") == "省"
    assert office_level(mixed, issuer="某某市人民政府") == "区"      # no 市 bureaus in it
    assert office_level(mixed, issuer="浙江省人民政府", setting="区") == "区"


# --- similarity ---------------------------------------------------------------------------

def test_terms_are_character_pairs_without_the_genres_stock_words():
    assert terms("加强融资担保") == ["强融", "融资", "资担", "担保"][0:0] + [
        t for t in ["加强", "强融", "融资", "资担", "担保"] if t != "加强"]
    assert "5g" in terms("推进5G建设")


def test_the_index_finds_the_measure_on_the_same_subject():
    index = Index(["政府采购预留份额", "企业登记全程电子化", "融资担保费率"])
    best = index.query("降低融资担保费率", top=1)
    assert best[0][0] == 2 and 0 < best[0][1] <= 1
    assert index.query("融资担保", skip=frozenset({2})) == []


# --- suggestions --------------------------------------------------------------------------

def test_a_document_whose_notes_were_removed_gets_the_offices_own_bureaus():
    found = S.suggest([district_notice(), city_plan()], DISTRICT)
    by_title = {s.title: s for s in found}
    assert set(by_title) == {m.title for m in district_notice().measures}
    expected = {"落实政府采购扶持政策": "区财政局", "便利企业开办登记": "区市场监管局",
                "鼓励企业加大研发投入": "区科技局", "完善政府性融资担保": "区金融办"}
    for title, lead in expected.items():
        s = by_title[title]
        assert s.lead[0].agency == lead, (title, s.lead)
        assert s.document == "district"
        assert all(c.agency in {a.name for a in DISTRICT.agencies} for c in s.lead)
        # The reason names the measure it was found from, and who led it there.
        assert "市促进民营经济发展若干措施" in s.lead[0].reason and "牵头" in s.lead[0].reason
    scores = [c.score for c in by_title["便利企业开办登记"].lead]
    assert scores == sorted(scores, reverse=True) and 0 < sum(scores) <= 1.0001


def test_no_candidates_without_evidence_or_duties():
    lonely = Document(title="某通知", measures=[measure(1, "开展春季植树活动", "组织义务植树。")])
    found = S.suggest([lonely], DISTRICT)
    assert [s.lead for s in found] == [()]


def test_registry_duties_point_to_their_bureau():
    registry = Registry([Agency("区财政局"), Agency("区林业局", duties=("植树", "造林"))])
    lonely = Document(title="某通知", measures=[measure(1, "开展春季植树活动", "组织义务植树。")])
    s = S.suggest([lonely], registry)[0]
    assert s.lead[0].agency == "区林业局" and "植树" in s.lead[0].reason


def test_duties_are_read_and_checked_from_agencies_yaml():
    reg = Registry.from_data({"agencies": [{"name": "区林业局", "duties": ["植树", "造林"]}]})
    assert reg.find("区林业局").duties == ("植树", "造林")
    with pytest.raises(Exception) as e:
        Registry.from_data({"agencies": [{"name": "区林业局", "duties": [1, None]}]})
    assert "duties" in str(e.value)


def test_a_traditional_document_finds_its_simplified_peers():
    trad = Document(title="某縣通知", measures=[measure(1, "健全融資擔保體系", "擴大融資擔保覆蓋面。")])
    registry = Registry([Agency("縣財政局"), Agency("縣金融辦")])
    s = S.suggest([trad, city_plan()], registry)[0]
    assert s.lead[0].agency == "縣金融辦"


def test_assigned_and_exempt_measures_get_no_suggestion():
    doc = city_plan()
    exempt = measure(9, "加强组织领导", "建立工作机制。")
    exempt.exempt = True
    doc.measures.append(exempt)
    assert S.suggest([doc], DISTRICT) == []


def test_leave_one_out_leaves_the_measure_out():
    ev = S.evidence_of([city_plan()], Registry())
    suggester = S.Suggester(ev, Registry())
    m = city_plan().measures[0]
    with_it = suggester.suggest(city_plan(), m)
    without = suggester.suggest(city_plan(), m, exclude=("city", m.id))
    assert with_it.lead[0].agency == "市财政局"
    assert "加大政府采购支持力度" not in " ".join(c.reason for c in without.lead)


# --- the draft, the workbook, the CLI -----------------------------------------------------

def test_the_draft_is_in_the_overrides_format_and_says_it_is_a_suggestion():
    found = S.suggest([district_notice(), city_plan()], DISTRICT)
    text = draft(found)
    data = yaml.safe_load(text)
    from matrix import overrides as O
    rules = O.parse(data, "overrides.suggested.yaml")
    assert {(r.document, r.title, r.lead[0]) for r in rules} >= {
        ("district", "落实政府采购扶持政策", "区财政局")}
    assert all(r.note.startswith("系统建议") for r in rules)
    assert "build 不读取本文件" in text


def test_a_title_with_a_line_break_stays_in_its_comment():
    s = S.Suggestion("d", "一.1", "第一行\n- document: evil", ())
    text = draft([s])
    assert yaml.safe_load(text) == {"overrides": []}


@pytest.fixture
def examples_run(project):
    result = invoke("run")
    assert result.exit_code == 0, result.output
    return project


def test_suggest_lists_every_unassigned_measure_with_candidates(examples_run):
    result = invoke("suggest", "--format", "yaml", "--top", "2")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(result.stdout)
    wb = openpyxl.load_workbook(examples_run / "output" / "matrix.xlsx")
    unassigned = wb["未分配"].max_row - 4
    assert len(data) == unassigned > 0
    for item in data:
        assert set(item) >= {"document", "measure", "title", "candidates"}
        assert len(item["candidates"]) <= 2
        for c in item["candidates"]:
            assert set(c) == {"agency", "score", "reason"} and 0 < c["score"] <= 1
    # 浙江's measures go to 浙江's bureaus: the issuer's level, where the registry has them.
    zhejiang = [i for i in data if i["document"].startswith("003_") and i["candidates"]]
    registry = load_config(examples_run / "config").registry
    assert zhejiang and all(level_of(c["agency"]) in ("省", None) for i in zhejiang
                            for c in i["candidates"])
    assert all(registry.knows(c["agency"]) for i in data for c in i["candidates"])
    finance = next(i for i in data if i["title"] == "健全政策性融资担保体系")
    assert finance["candidates"][0]["agency"] == "省地方金融监管局"


def test_suggestions_never_reach_a_lead_or_support_cell(examples_run):
    out = examples_run / "output"
    wb = openpyxl.load_workbook(out / "matrix.xlsx")
    sheet = wb["未分配"]
    header = [c.value for c in sheet[4]]
    col = header.index("建议牵头")
    given = header.index("配合单位")
    suggested = {(r[0].value, r[2].value): (r[col].value, r[given].value)
                 for r in sheet.iter_rows(min_row=5)}
    assert any(names for names, _ in suggested.values())
    # In each document sheet the unassigned measure rows keep empty lead/support cells.
    for ws in wb.worksheets[1:-1]:
        head = next(r for r in ws.iter_rows(max_row=12) if r[0].value == "序号")
        names = [c.value for c in head]
        lead, support = names.index("牵头单位"), names.index("配合单位")
        for row in ws.iter_rows(min_row=head[0].row + 1):
            if (ws.title, row[0].value) in suggested:
                # No lead, and only the support the document itself gave.
                assert not row[lead].value
                assert row[support].value == suggested[ws.title, row[0].value][1]
    # No bureau was given a task for a measure only suggested to it.
    index = yaml.safe_load((out / "agencies" / "index.yaml").read_text(encoding="utf-8"))
    named = {e["agency"] for e in index}
    assert "省市场监管局" not in named and "省科技厅" not in named


def test_the_draft_round_trips_through_build_once_merged_by_hand(examples_run):
    wb = openpyxl.load_workbook(examples_run / "output" / "matrix.xlsx")
    unassigned_before = wb["未分配"].max_row - 4
    result = invoke("suggest", "--draft")
    assert result.exit_code == 0, result.output
    drafted = examples_run / "config" / "overrides.suggested.yaml"
    assert drafted.is_file() and "overrides.suggested.yaml" in result.output
    # build does not read the draft: as many unassigned as before it was written.
    before = invoke("build")
    assert before.exit_code == 0 and f"{unassigned_before} unassigned" in before.output
    # The clerk merges two entries by hand.
    entries = yaml.safe_load(drafted.read_text(encoding="utf-8"))["overrides"]
    chosen = [e for e in entries if e["document"].startswith("003_")][:2]
    ov_path = examples_run / "config" / "overrides.yaml"
    ov = yaml.safe_load(ov_path.read_text(encoding="utf-8"))
    ov["overrides"] += chosen
    ov_path.write_text(yaml.safe_dump(ov, allow_unicode=True, sort_keys=False), encoding="utf-8")
    after = invoke("build")
    assert after.exit_code == 0, after.output
    assert f"{unassigned_before - 2} unassigned" in after.output
    wb = openpyxl.load_workbook(examples_run / "output" / "matrix.xlsx")
    sheet = next(ws for ws in wb.worksheets if "浙江" in ws.title)
    cells = {c.value: c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    first = chosen[0]["lead"][0]
    assert first in cells and "系统建议" in cells[first].comment.text


def test_suggest_with_nothing_parsed_is_one_line(project):
    result = invoke("suggest")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "matrix run" in lines[0]


def test_the_level_setting_is_checked(project):
    settings = project / "config" / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('level: ""', "level: 3"),
                        encoding="utf-8")
    result = invoke("suggest")
    assert result.exit_code == 1 and "suggest.level" in result.stderr


def test_a_level_that_is_no_level_is_refused(project):
    settings = project / "config" / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('level: ""', "level: 乡"),
                        encoding="utf-8")
    result = invoke("suggest")
    assert result.exit_code == 1 and "suggest.level" in result.stderr and "区" in result.stderr


def test_the_genres_phrases_are_no_duty():
    registry = Registry([Agency("区市场监管局", duties=("质量", "标准")), Agency("区农业农村局")])
    doc = Document(title="某通知", measures=[measure(1, "推动高质量发展", "建设高标准农田。")])
    assert S.suggest([doc], registry)[0].lead == ()


def test_a_bureau_the_measure_names_is_proposed_first():
    registry = Registry([Agency("区林业局"), Agency("区财政局", duties=("资金",))])
    doc = Document(title="某通知", measures=[
        measure(1, "明确责任分工", "由区林业局牵头负责统筹协调，区财政局保障资金。")])
    s = S.suggest([doc], registry)[0]
    assert s.lead[0].agency == "区林业局" and "措施原文提到该单位" in s.lead[0].reason


def test_a_document_without_issuer_takes_the_level_of_the_agencies_it_names():
    mixed = Registry([Agency("区财政局"), Agency("区科技局"), Agency("区商务局"), Agency("市财政局"),
                      Agency("市科技局")])
    assert office_level(mixed, None, None, ["市科技局", "市财政局"]) == "市"
    assert office_level(mixed, None, None, ["省科技厅"]) == "区"


def test_an_empty_registry_is_said(project):
    (project / "config" / "agencies.yaml").write_text("agencies: []\n", encoding="utf-8")
    assert invoke("run").exit_code == 0
    result = invoke("suggest")
    assert result.exit_code == 0 and "lists no agencies" in result.stderr


def test_a_new_draft_keeps_the_last_one(examples_run):
    assert invoke("suggest", "--draft").exit_code == 0
    drafted = examples_run / "config" / "overrides.suggested.yaml"
    drafted.write_text(drafted.read_text(encoding="utf-8") + "# 我的批注\n", encoding="utf-8")
    result = invoke("suggest", "--draft")
    assert result.exit_code == 0
    kept = drafted.with_name(drafted.name + ".bak")
    assert "# 我的批注" in kept.read_text(encoding="utf-8") and "kept as" in result.stderr


def test_a_rebuild_with_nothing_changed_does_not_work_the_suggestions_out_again(examples_run,
                                                                                 monkeypatch):
    before = (examples_run / "output" / "matrix.xlsx").read_bytes()
    (examples_run / "output" / "matrix.xlsx").unlink()
    with monkeypatch.context() as m:
        m.setattr(S, "suggest", lambda *a, **k: (_ for _ in ()).throw(AssertionError("again")))
        assert invoke("build").exit_code == 0
    assert (examples_run / "output" / "matrix.xlsx").read_bytes() == before
    # A registry duty changes what is suggested: worked out again.
    reg = examples_run / "config" / "agencies.yaml"
    reg.write_text(reg.read_text(encoding="utf-8").replace(
        "{name: 省统计局, duties: [统计, 监测]}", "{name: 省统计局, duties: [统计, 监测, 服务体系]}"),
        encoding="utf-8")
    called = []
    real = S.suggest
    monkeypatch.setattr(S, "suggest", lambda *a, **k: called.append(1) or real(*a, **k))
    assert invoke("build").exit_code == 0 and called


def test_a_parsed_path_that_is_not_there_is_named(project):
    result = invoke("suggest", "no-such-folder")
    assert result.exit_code == 1 and "no-such-folder" in result.stderr
    assert "no such file or folder" in result.stderr


def test_a_reader_that_goes_away_is_no_error(examples_run):
    import subprocess
    import sys
    cmd = f'"{sys.executable}" -c "from matrix.cli import main; main()" suggest | head -1'
    done = subprocess.run(cmd, shell=True, cwd=examples_run, capture_output=True, text=True)
    assert done.stdout.strip() and "Broken pipe" not in done.stderr and "Traceback" not in done.stderr
