"""Parsed files and their history (matrix.store): found by exact name, checked by type."""
from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner

from matrix import store
from matrix.cli import main
from matrix.errors import MatrixError
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
