"""The benchmark corpus is the same on every run, and the parser reads it as it was meant."""
from __future__ import annotations

import sys

from matrix.config import load as load_config
from matrix.parse import parse_file

from conftest import ROOT

sys.path.insert(0, str(ROOT))
from benchmarks.corpus import make_corpus  # noqa: E402


def test_same_seed_same_corpus_other_seed_other_corpus():
    a, b = make_corpus(4, 30, seed=5), make_corpus(4, 30, seed=5)
    assert [a.text(i) for i in range(4)] == [b.text(i) for i in range(4)]
    assert [r.name for r in a.registry] == [r.name for r in b.registry]
    assert a.text(0) != make_corpus(4, 30, seed=6).text(0)


def test_documents_parse_to_the_agencies_they_were_written_with(tmp_path):
    corpus = make_corpus(6, 40, seed=2)
    paths = corpus.write(tmp_path)
    config = load_config(tmp_path / "config")
    assert len(config.registry.agencies) == 40
    text = "".join(p.read_text(encoding="utf-8") for p in paths)
    assert "-- 2 --" in text and "牵头" in text and "责任单位" in text
    for spec, path in zip(corpus.specs, paths):
        doc = parse_file(path, config)
        expected = corpus.maker.expected(spec)
        assert [(m.lead, m.support) for m in doc.measures] == \
            [(e["lead"], e["support"]) for e in expected], path.name
        assert [[(t.lead, t.support) for t in m.tasks] for m in doc.measures] == \
            [[(t["lead"], t["support"]) for t in e["tasks"]] for e in expected], path.name
        assert not [w for w in doc.warnings if "belongs to no measure" in w]


def test_a_revision_changes_one_note(tmp_path):
    corpus = make_corpus(3, 30, seed=3)
    paths = corpus.write(tmp_path)
    before = paths[1].read_text(encoding="utf-8")
    old = corpus.maker.expected(corpus.specs[1])
    assert corpus.revise(1, tmp_path) == paths[1]
    new = corpus.maker.expected(corpus.specs[1])
    assert paths[1].read_text(encoding="utf-8") != before
    assert sum(o != n for o, n in zip(old, new)) == 1
