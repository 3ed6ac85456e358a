"""The bundled examples parse to exactly the hand-checked facts, in every form users send."""
from __future__ import annotations


import pytest
import yaml

from matrix.parse import parse_file
from conftest import EXAMPLES, EXPECTED
from facts import assert_facts
from variants import save_docx, save_encoded


def expected(stem: str) -> dict:
    return yaml.safe_load((EXPECTED / f"{stem}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem[:3])
def test_example_as_received(path, config):
    assert_facts(parse_file(path, config), expected(path.stem))


VARIANTS = {
    "gb18030": lambda text, p: save_encoded(text, p.with_suffix(".txt"), "gb18030"),
    "utf8-bom-crlf": lambda text, p: save_encoded(text, p.with_suffix(".txt"), "utf-8", crlf=True, bom=True),
    "utf16": lambda text, p: save_encoded(text, p.with_suffix(".txt"), "utf-16"),
    "docx": lambda text, p: save_docx(text, p.with_suffix(".docx")),
    "docx-word-numbering": lambda text, p: save_docx(text, p.with_suffix(".docx"), word_numbering=True),
}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem[:3])
def test_example_variants(path, variant, config, tmp_path):
    text = path.read_text(encoding="utf-8")
    made = VARIANTS[variant](text, tmp_path / path.stem)
    doc = parse_file(made, config)
    assert_facts(doc, expected(path.stem))
    assert doc.source.encoding == {"gb18030": "gb18030", "utf8-bom-crlf": "utf-8-sig",
                                   "utf16": "utf-16"}.get(variant, "docx")


def test_half_and_full_width_punctuation_swapped(config, tmp_path):
    """Offices retype notes with the other width of brackets, colons and commas."""
    path = EXAMPLES[0]
    swap = str.maketrans({"（": "(", "）": ")", "：": ":", "；": ";", "，": ","})
    made = save_encoded(path.read_text(encoding="utf-8").translate(swap), tmp_path / "000.txt", "utf-8")
    doc = parse_file(made, config)
    want = expected(path.stem)
    assert [(set(m.lead), set(m.support)) for m in doc.measures] == \
           [(set(m["lead"]), set(m["support"])) for m in want["measures"]]


def test_same_facts_in_words(config):
    """A few facts spelled out, so a reader sees what the expected files pin."""
    xinjiang = parse_file(EXAMPLES[1], config)
    by_title = {m.title: m for m in xinjiang.measures}
    # 自治区工业和信息化厅、财政厅、商务厅 → later names inherit 自治区
    assert by_title["进一步放宽市场准入"].support == [
        "自治区工业和信息化厅", "自治区财政厅", "自治区商务厅", "自治区市场监督管理局"]
    # a page break cut 工业和信 / 息化厅; the name is whole again
    assert "自治区工业和信息化厅" in by_title["引导中小企业专精特新发展"].lead
    # 和 joins lists, 等 ends them; brackets inside a name stay
    assert by_title["主动服务中小企业"].support[-2:] == ["自治区税务局", "各地（州、市）"]
    # 各成员单位 / 领导小组各成员单位 are one agency, spelled one way
    team = "自治区促进中小企业、民营经济发展和减轻企业负担领导小组各成员单位"
    assert by_title["高度重视培育企业家队伍"].support == [team]
    assert by_title["开展评估工作"].support == [team]
    # an alias in the registry resolves to the canonical name
    assert "自治区地方金融监督管理局" in by_title["完善落实中小企业融资政策"].lead
    assert xinjiang.number == "新政办发〔2019〕90号" and xinjiang.date == "2019-08-06"

    luan = parse_file(EXAMPLES[4], config)
    first = luan.measures[0]
    # 责任单位 only: the first listed leads; three notes make three clauses
    assert [t.lead for t in first.tasks] == [["市市场监管局"], ["市发改委"], ["市金融监管局"]]
    # the standing instruction of the first note reaches every later measure
    assert all({"各县区政府", "市开发区管委"} <= set(m.support) for m in luan.measures)
    assert luan.measures[-1].lead == []           # 做好考核评价: no note, no lead guessed
    assert luan.status == "draft" and luan.issuer is None


def test_numbers_restart_per_section_and_ids_carry_it(config):
    doc = parse_file(EXAMPLES[2], config)
    ids = [m.id for m in doc.measures]
    assert ids[:2] == ["四.（一）", "四.（二）"] and ids[9] == "五.（一）"
    assert len(set(ids)) == len(ids)
    assert doc.measures[0].title == "实施企业培育工程"     # heading line with a subtitle


def test_mid_line_item_and_wrapper_title(config):
    doc = parse_file(EXAMPLES[3], config)
    assert [m.number for m in doc.measures][4:7] == ["（五）", "（六）", "（七）"]
    assert doc.measures[5].title == "拓宽融资渠道"
    assert doc.title == "关于促进中小企业健康发展的实施意见"
    assert doc.issuer == "中共浙江省委办公厅 浙江省人民政府办公厅"


def test_docx_numbered_style_and_tables_in_place(tmp_path, config):
    """Word's “List Number” style numbers items without any text marker; a table stays
    where it stands in the document."""
    import docx
    d = docx.Document()
    d.add_paragraph("关于支持企业发展的意见")
    d.add_paragraph("一、主要任务")
    d.add_paragraph("加强领导。（责任单位：市科技局、市财政局）", style="List Number")
    d.add_paragraph("抓好落实。（牵头单位：市经信局）", style="List Number")
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "附表", "说明"
    d.add_paragraph("二、保障措施")
    path = tmp_path / "styled.docx"
    d.save(path)
    doc = parse_file(path, config)
    assert [(m.id, m.title, m.lead) for m in doc.measures] == [
        ("一.1", "加强领导", ["市科技局"]), ("一.2", "抓好落实", ["市经信局"])]
    from matrix.sources.docx import docx_text
    text = docx_text(path.read_bytes(), str(path))
    assert text.index("抓好落实") < text.index("附表\t说明") < text.index("二、保障措施")


def test_bundled_examples_are_the_seeds_the_tests_use():
    """examples/ (for users) starts as the seeds (for the tests); a user may change it."""
    from conftest import ROOT
    shipped = {p.name: p.read_bytes() for p in (ROOT / "examples").glob("*.txt")}
    assert {p.name: p.read_bytes() for p in EXAMPLES}.keys() == shipped.keys()
