"""Manual corrections: applied, checked by title, and never dropped silently."""
from __future__ import annotations

import pytest

from matrix import overrides as O
from matrix.config import read_yaml
from matrix.errors import MatrixError
from matrix.parse import parse_file, parse_text
from conftest import EXAMPLES, ROOT
from revisions import ORIGINAL, write_revision
from matrix.overrides import parse as parse_overrides


def test_shipped_overrides_fill_in_documents_without_assignments(config):
    shipped = O.parse(read_yaml(ROOT / "config" / "overrides.yaml"))
    doc = parse_file(EXAMPLES[2], config)
    out = O.apply(doc, shipped, config.registry)
    assert out.problems == []
    first = out.document.measures[0]
    assert first.lead == ["市中小企业局综合协调处"] and first.support == ["区县中小企业主管部门"]
    assert first.override == "按“五、（二）明确责任分工”补充"
    lead_ship = next(m for m in out.document.measures if m.id == "五.（一）")
    assert lead_ship.exempt and not lead_ship.needs_lead
    assert doc.measures[0].lead == []          # the parsed document itself is untouched


def test_override_finds_a_renumbered_measure_by_title(config, tmp_path):
    o = O.Override(document=ORIGINAL.stem, measure="二.11", title="梯队培育优质企业",
                   lead=["市财政局"], index=1)
    revised = parse_file(write_revision(tmp_path / ORIGINAL.name), config)
    out = O.apply(revised, [o], config.registry)
    (applied,) = out.applied
    assert applied.measure.id == "二.12" and applied.found_by_title
    assert applied.measure.lead == ["市财政局"]
    assert "市财政局" not in applied.measure.support
    assert any("applied by its title" in p for p in out.problems)


def test_override_whose_measure_is_gone_is_reported(config, tmp_path):
    o = O.Override(document=ORIGINAL.stem, measure="二.13", title="推进数字智能改造",
                   lead=["市财政局"], index=3)
    revised = parse_file(write_revision(tmp_path / ORIGINAL.name), config)
    out = O.apply(revised, [o], config.registry)
    assert out.applied == []
    (problem,) = out.problems
    assert "override #3" in problem and "推进数字智能改造" in problem and "kept" in problem


def test_title_check_stops_a_wrong_match():
    doc = parse_text("一、甲\n（一）A事。\n（二）B事。", where="x.txt")
    o = O.Override(document=doc.key, measure="一.（一）", title="别的措施", lead=["区财政局"], index=1)
    out = O.apply(doc, [o])
    assert out.applied == [] and "now “A事”" in out.problems[0]


@pytest.mark.parametrize("data,message", [
    ({"overrides": [{"measure": "一.（一）", "lead": ["a"]}]}, "needs 'document' and 'measure'"),
    ({"overrides": [{"document": "d", "measure": "m"}]}, "sets nothing"),
    ({"overrides": [{"document": "d", "measure": "m", "lead": [1]}]}, "list of agency names"),
    ({"overrides": "x"}, "expected a list"),
])
def test_malformed_overrides_are_clear_errors(data, message):
    with pytest.raises(MatrixError, match=message):
        O.parse(data, "config/overrides.yaml")


def test_document_named_with_its_extension_and_unknown_documents(config, monkeypatch):
    import matrix.prepare as R
    doc = parse_file(EXAMPLES[0], config)
    rules = O.parse({"overrides": [
        {"document": EXAMPLES[0].name, "measure": "一.（一）", "lead": ["区财政局"]},
        {"document": "no_such_document", "measure": "一.（一）", "lead": ["区财政局"]}]})
    assert rules[0].document == EXAMPLES[0].stem
    monkeypatch.setattr(R, "load_overrides", lambda cfg: rules)
    prepared = R.prepare([doc], config)
    assert prepared.documents[0].measures[0].lead == ["区财政局"]
    assert prepared.problems == ["overrides for documents not in this build, not applied: "
                                 "no_such_document (a document is named by its file name "
                                 "without extension)"]


def test_unknown_keys_are_refused():
    with pytest.raises(MatrixError, match="unknown key 'leed'"):
        O.parse({"overrides": [{"document": "d", "measure": "m", "leed": ["x"]}]})


@pytest.mark.parametrize("item,message", [
    ({"exempt": "false"}, "'exempt' must be true or false"),
    ({"title": 2024, "lead": ["x"]}, "'title' must be text"),
])
def test_override_types(item, message):
    with pytest.raises(MatrixError, match=message):
        parse_overrides({"overrides": [{"document": "d", "measure": "m", **item}]})
