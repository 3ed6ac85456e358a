"""The one comparison of a parsed document with its hand-checked facts (an *.expected.yaml
or tests/data/expected/*.yaml), used by every parse test that has such a file."""
from __future__ import annotations


def _meta(value):
    return str(value) if value is not None else None


def assert_facts(doc, want: dict) -> None:
    meta = want["document"]
    got_meta = {"title": doc.title, "issuer": (doc.issuer or "").replace(" ", "") or None,
                "number": doc.number, "date": doc.date, "status": doc.status}
    assert got_meta == {"title": meta["title"],
                        "issuer": (meta["issuer"] or "").replace(" ", "") or None,
                        "number": meta["number"], "date": _meta(meta["date"]),
                        "status": meta["status"]}
    got = [(m.id, m.title, set(m.lead), set(m.support)) for m in doc.measures]
    exp = [(str(m["id"]), m["title"], set(m["lead"]), set(m["support"])) for m in want["measures"]]
    assert got == exp
    for m, w in zip(doc.measures, want["measures"]):
        both = m.lead + m.support
        assert len(both) == len(set(both)), f"{m.id}: an agency listed twice or in both roles"
        if "deadlines" in w:
            assert m.deadlines == [str(d) for d in w["deadlines"]], m.id
        if "tasks" in w:
            assert [(set(t.lead), set(t.support)) for t in m.tasks] == \
                   [(set(t["lead"]), set(t["support"])) for t in w["tasks"]], m.id
