"""Eight further documents in the styles offices write, with facts checked by hand
(tests/data/more/*.expected.yaml): other places, levels, note styles and noise."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from matrix.parse import parse_file

MORE = Path(__file__).parent / "data" / "more"
DOCS = sorted(MORE.glob("*.txt"))


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.stem)
def test_more_documents(path, config):
    want = yaml.safe_load(path.with_suffix(".expected.yaml").read_text(encoding="utf-8"))
    doc = parse_file(path, config)
    meta = want["document"]
    got_meta = {"title": doc.title, "issuer": (doc.issuer or "").replace(" ", "") or None,
                "number": doc.number, "date": doc.date, "status": doc.status}
    assert got_meta == {**meta, "issuer": (meta["issuer"] or "").replace(" ", "") or None,
                        "date": str(meta["date"]) if meta["date"] else None}
    got = [(m.id, m.title, set(m.lead), set(m.support)) for m in doc.measures]
    exp = [(m["id"], m["title"], set(m["lead"]), set(m["support"])) for m in want["measures"]]
    assert got == exp
