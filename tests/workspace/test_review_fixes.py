"""Inputs a careful reviewer found mishandled: each now gives the right result or one line."""
from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner

from matrix import store
from matrix.cli import main
from matrix.diff import diff
from matrix.errors import MatrixError
from matrix.naming import sheet_names
from matrix.overrides import parse as parse_overrides
from matrix.parse import parse_text
from matrix.parsing import documents_in, expand
from conftest import EXAMPLES, ROOT


def matrix(*args):
    return CliRunner().invoke(main, ["--config", str(ROOT / "config"), *map(str, args)])


@pytest.mark.parametrize("stem", ["doc[1]", "a"])
def test_history_is_found_for_any_stem_and_only_its_own(tmp_path, stem):
    def version(name, lead):
        p = tmp_path / f"{name}.txt"
        p.write_text(f"一、目标\n（一）甲。（牵头单位：{lead}）\n", encoding="utf-8")
        return p
    for lead in ("区财政局", "区科技局"):
        assert matrix("parse", version(stem, lead), version("a.b", lead), "-o", tmp_path / "m").exit_code == 0
    current = store.load(tmp_path / "m" / f"{stem}.yaml")
    before = store.previous(tmp_path / "m", stem, current.source.sha256)
    assert before and store.load(before).measures[0].lead == ["区财政局"]
    assert store.load(before).source.path.endswith(f"{stem}.txt")


def test_a_document_named_twice_is_parsed_once(tmp_path):
    assert documents_in([EXAMPLES[0].parent, EXAMPLES[0]]) == sorted(EXAMPLES)
    with pytest.raises(MatrixError, match="no documents in this folder"):
        documents_in([tmp_path])


def test_absolute_document_patterns(tmp_path):
    (tmp_path / "x.txt").write_text("一、目标\n（一）甲。", encoding="utf-8")
    assert expand([str(tmp_path / "*.txt")]) == [tmp_path / "x.txt"]


def test_output_setting_is_where_parse_writes(project):
    (project / "config" / "settings.yaml").write_text("output: out\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["parse", str(project / "examples" / EXAMPLES[0].name)])
    assert r.exit_code == 0, r.output
    assert (project / "out" / "measures" / f"{EXAMPLES[0].stem}.yaml").is_file()
    assert CliRunner().invoke(main, ["build"]).exit_code == 0
    assert (project / "out" / "matrix.xlsx").is_file()


def test_system_errors_are_one_line(project):
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    outbox = project / "output" / "outbox"
    outbox.write_text("a file where the outbox folder goes", encoding="utf-8")
    r = CliRunner().invoke(main, ["mail"])
    assert r.exit_code == 1 and r.stderr.startswith("error: ") and "Traceback" not in r.output


@pytest.mark.parametrize("field,value,message", [
    ("line", "abc", "'line' must be a number"),
    ("deadlines", "2019年底前", "deadlines must be a list"),
])
def test_hand_edited_parsed_file_with_wrong_types(tmp_path, field, value, message):
    assert matrix("parse", EXAMPLES[0], "-o", tmp_path).exit_code == 0
    path = tmp_path / f"{EXAMPLES[0].stem}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["measures"][0][field] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(MatrixError, match=message):
        store.load(path)


def test_untitled_measures_are_matched_by_text():
    a = parse_text("一、甲\n（一）（牵头单位：区财政局）推进甲项改革。\n（二）（牵头单位：区科技局）推进乙项创新。")
    b = parse_text("一、甲\n（一）（牵头单位：区科技局）推进乙项创新。")
    assert [m.title for m in a.measures] == ["", ""]
    d = diff(a, b)
    assert [(c.kind, c.measure) for c in d.changes] == [("removed", "一.（一）")]


def test_several_closing_verbs_are_not_part_of_a_name():
    m = parse_text("一、甲\n（一）甲事。（市发改委牵头，各县区政府负责落实）").measures[0]
    assert (m.lead, m.support) == (["市发改委"], ["各县区政府"])


@pytest.mark.parametrize("item,message", [
    ({"exempt": "false"}, "'exempt' must be true or false"),
    ({"title": 2024, "lead": ["x"]}, "'title' must be text"),
])
def test_override_types(item, message):
    with pytest.raises(MatrixError, match=message):
        parse_overrides({"overrides": [{"document": "d", "measure": "m", **item}]})


def test_sheet_names_never_end_with_a_quote_or_take_history():
    (cut,) = sheet_names(["a" * 30 + "'b"])
    assert not cut.endswith("'") and len(cut) <= 31
    assert sheet_names(["History"]) == ["History(2)"]
