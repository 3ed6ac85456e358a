"""`matrix diff`: a revision's changes, exactly, and the agencies they concern."""
from __future__ import annotations

import yaml
from click.testing import CliRunner

from matrix.cli import main
from matrix.diff import diff
from matrix.parse import parse_file, parse_text
from conftest import ROOT
from revisions import AFFECTED, ORIGINAL, write_revision


def test_revision_lists_exactly_its_changes(config, tmp_path):
    old = parse_file(ORIGINAL, config)
    new = parse_file(write_revision(tmp_path / ORIGINAL.name), config)
    d = diff(old, new)
    got = sorted((c.kind, c.title, c.before, c.after) for c in d.changes
                 if c.kind != "text")
    assert got == sorted([
        ("document", "状态", "draft", "final"),
        ("added", "加强统计监测", "", "加强统计监测"),
        ("removed", "推进数字智能改造", "推进数字智能改造", ""),
        ("agencies", "打造高效政务环境", "市数管局：牵头", "市数管局：—"),
        ("agencies", "打造高效政务环境", "市数据资源局：—", "市数据资源局：牵头"),
    ])
    texts = [c for c in d.changes if c.kind == "text"]
    assert [c.title for c in texts] == ["防范拖欠中小企业账款"]
    assert "严肃追究责任人责任" in texts[0].after
    assert set(d.affected()) == AFFECTED
    # the insertion renumbered later measures, and that alone is not a change
    assert ("二.6", "二.7") in d.renumbered and ("三.19", "三.19") not in d.renumbered


def test_moved_measure_is_reported_once():
    a = parse_text("一、甲\n（一）A事。（牵头单位：区财政局）\n（二）B事。（牵头单位：区科技局）\n（三）C事。")
    b = parse_text("一、甲\n（一）B事。（牵头单位：区科技局）\n（二）C事。\n（三）A事。（牵头单位：区财政局）")
    d = diff(a, b)
    assert [(c.kind, c.title) for c in d.changes] == [("moved", "A事")]
    assert d.affected() == ["区财政局"]


def test_reworded_title_still_matches_by_text():
    body = "推进集聚平台建设，按照一园一业原则，围绕主导产业细分领域上下游精准孵化招引企业。"
    a = parse_text(f"一、甲\n（一）{body}（牵头单位：区财政局）")
    b = parse_text(f"一、甲\n（一）{body.replace('推进', '加快推进')}（牵头单位：区财政局）")
    d = diff(a, b)
    assert [c.kind for c in d.changes] == ["text"]


def test_cli_diff_on_documents_and_yaml(tmp_path):
    new = write_revision(tmp_path / ORIGINAL.name)
    cfg = ["--config", str(ROOT / "config")]
    r = CliRunner().invoke(main, [*cfg, "diff", str(ORIGINAL), str(new), "--format", "yaml"])
    assert r.exit_code == 0, r.output
    data = yaml.safe_load(r.output)
    assert set(data["affected"]) == AFFECTED
    out = tmp_path / "m"
    assert CliRunner().invoke(main, [*cfg, "parse", str(ORIGINAL), "-o", str(out)]).exit_code == 0
    r = CliRunner().invoke(main, [*cfg, "diff", str(out / (ORIGINAL.stem + ".yaml")), str(new)])
    assert r.exit_code == 0
    assert "删除  二.13 推进数字智能改造" in r.output
    assert "6 changes" in r.output


def test_cli_diff_missing_file_is_one_line(tmp_path):
    r = CliRunner().invoke(main, ["diff", str(tmp_path / "a.yaml"), str(ORIGINAL)])
    assert r.exit_code == 2 and "does not exist" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_shipped_revision_is_the_documented_one():
    """examples/revisions/ holds the revision the README's diff example shows."""
    from revisions import revise
    shipped = ROOT / "examples" / "revisions" / ORIGINAL.name
    assert shipped.read_text(encoding="utf-8") == revise(ORIGINAL.read_text(encoding="utf-8"))


def test_two_different_documents_are_called_so(tmp_path):
    cfg = ["--config", str(ROOT / "config")]
    other = ORIGINAL.parent / "003_a107386602944fcc.txt"
    r = CliRunner().invoke(main, [*cfg, "diff", str(ORIGINAL), str(other)])
    assert r.exit_code == 0 and "two different documents" in r.output


def test_text_change_shows_the_words_that_changed(config, tmp_path):
    old = parse_file(ORIGINAL, config)
    new = parse_file(write_revision(tmp_path / ORIGINAL.name), config)
    (text,) = [c for c in diff(old, new).changes if c.kind == "text"]
    before, after = text.detail.split(" → ")
    assert "加大对责任人的问责处罚力度" in before and "严肃追究责任人责任" in after
    assert len(before) < 40 and len(after) < 40


def test_untitled_measures_are_matched_by_text():
    a = parse_text("一、甲\n（一）（牵头单位：区财政局）推进甲项改革。\n（二）（牵头单位：区科技局）推进乙项创新。")
    b = parse_text("一、甲\n（一）（牵头单位：区科技局）推进乙项创新。")
    assert [m.title for m in a.measures] == ["", ""]
    d = diff(a, b)
    assert [(c.kind, c.measure) for c in d.changes] == [("removed", "一.（一）")]
