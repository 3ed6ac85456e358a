"""A build made from what the last one was made from writes nothing (build_state.py), and
anything that would change a file it wrote makes it build again."""
from __future__ import annotations

import dataclasses

import pytest

from matrix import build
from matrix.layout import Layout
from matrix.overrides import Override
from matrix.render import workbook

from render_samples import config, doc_a, doc_b

DAY = "2024-05-01"


def files(folder):
    """Every workbook and the index, with their bytes and modification times."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.suffix in (".xlsx", ".yaml")}


def test_a_build_with_nothing_changed_writes_nothing_and_says_so(tmp_path):
    first = build.build([doc_a(), doc_b()], tmp_path, config(), generated=DAY)
    before = files(tmp_path)
    again = build.build([doc_a(), doc_b()], tmp_path, config(), generated=DAY)
    assert again.unchanged and again.written == []
    assert files(tmp_path) == before                      # not one byte, not one mtime
    assert (again.documents, again.measures, again.agencies, again.unassigned, again.unknown) \
        == (first.documents, first.measures, first.agencies, first.unassigned, first.unknown)
    assert sorted(again.kept) == sorted(p for p in first.written if p.parent.name == "agencies"
                                        and p.suffix == ".xlsx")
    assert "nothing changed since the last build" in again.summary()
    # … and what it left is what a clean build makes.
    clean = build.build([doc_a(), doc_b()], tmp_path / "clean", config(), generated=DAY)
    assert clean.ok and not clean.unchanged
    assert {k: v[0] for k, v in files(tmp_path).items() if not k.startswith("clean/")} == \
        {k: v[0] for k, v in files(tmp_path / "clean").items()}


def _label(cfg):
    cfg.settings["labels"]["lead"] = "主办"


def _override(cfg):
    cfg.overrides = (Override(document="a", measure="二.（一）", lead=["区财政局"]),)


@pytest.mark.parametrize("change", ["label", "override", "document", "day", "group", "edited",
                                    "deleted", "tracker", "history"])
def test_whatever_a_file_is_made_from_makes_the_build_run_again(tmp_path, change):
    docs = [doc_a(), doc_b()]
    build.build(docs, tmp_path, config(), generated=DAY)
    cfg, day, group = config(), DAY, None
    if change == "label":
        _label(cfg)
    elif change == "override":
        _override(cfg)
    elif change == "document":
        docs[1] = dataclasses.replace(docs[1], title="关于促进中小企业健康发展的若干措施")
    elif change == "day":
        day = "2024-05-02"
    elif change == "group":
        group = "year"
    elif change == "edited":
        book = tmp_path / "agencies" / "区财政局.xlsx"
        book.write_bytes(book.read_bytes() + b"\0")
    elif change == "deleted":
        (tmp_path / "matrix.xlsx").unlink()
    elif change == "tracker":
        from matrix.tracker.db import Tracker
        with Tracker(Layout(tmp_path).tracker_db):
            pass                        # a tracker, empty: still a new input
    elif change == "history":
        earlier = tmp_path / "measures" / "history"
        earlier.mkdir(parents=True)
        (earlier / "a.2024-01-01.yaml").write_text("title: x\n", encoding="utf-8")
    result = build.build(docs, tmp_path, cfg, generated=day, group_by=group,
                         history=tmp_path / "measures" if change == "history" else None)
    assert not result.unchanged and result.written
    assert (tmp_path / "matrix.xlsx").is_file()


def test_a_build_cut_short_leaves_no_record_to_trust(tmp_path, monkeypatch):
    build.build([doc_a(), doc_b()], tmp_path, config(), generated=DAY)
    assert Layout(tmp_path).build_state.is_file()

    def broken(*args, **kwargs):
        raise OSError("disk full")
    monkeypatch.setattr(workbook, "write_matrix", broken)
    with pytest.raises(OSError):
        build.build([doc_a()], tmp_path, config(), generated=DAY)
    assert not Layout(tmp_path).build_state.exists()
    monkeypatch.undo()
    # The folder now holds the last full build's files, but no record: built again.
    again = build.build([doc_a(), doc_b()], tmp_path, config(), generated=DAY)
    assert not again.unchanged


def test_a_workbook_changed_by_hand_is_kept_before_it_is_written_over(tmp_path):
    build.build([doc_a(), doc_b()], tmp_path, config(), generated=DAY)
    matrix = tmp_path / "matrix.xlsx"
    typed = matrix.read_bytes() + b"typed"          # a clerk's save, in bytes
    matrix.write_bytes(typed)
    result = build.build([doc_a(), doc_b()], tmp_path, config(), generated=DAY)
    copies = list(Layout(tmp_path).edited_copies.rglob("matrix.xlsx"))
    assert len(copies) == 1 and copies[0].read_bytes() == typed
    assert matrix.read_bytes() != typed                            # built again
    assert any("changed by hand" in n and str(copies[0]) in n for n in result.notes)
    # Said once: the next run, with nothing changed, sets nothing aside and says nothing.
    again = build.build([doc_a(), doc_b()], tmp_path, config(), generated=DAY)
    assert again.unchanged and not any("changed by hand" in n for n in again.notes)
    assert len(list(Layout(tmp_path).edited_copies.rglob("*.xlsx"))) == 1


def test_removed_agency_workbooks_are_said_once(tmp_path):
    build.build([doc_a(), doc_b()], tmp_path, config(), generated=DAY)
    assert (tmp_path / "agencies" / "新设局.xlsx").is_file()
    result = build.build([doc_b()], tmp_path, config(), generated=DAY)
    assert not (tmp_path / "agencies" / "新设局.xlsx").exists()
    said = [n for n in result.notes if "no task in these documents any more" in n]
    assert len(said) == 1 and "新设局" in said[0] and "区财政局" in said[0]
    again = build.build([doc_b()], tmp_path, config(), generated=DAY)
    assert again.unchanged and not any("any more" in n for n in again.notes)
