"""What makes a province-sized build fast must not change what it builds:
`--jobs` builds the same files, a revised document rewrites only what it affects, sheets
carried over from the last matrix.xlsx equal sheets drawn anew, the fast index equals
yaml.dump's, and rows written as text read back as openpyxl's own would."""
from __future__ import annotations

import shutil
import sys
import zipfile

import openpyxl
import pytest
import yaml

from matrix import agency_index, build, yamlout
from matrix.layout import Layout
from matrix.config import load as load_config
from matrix.parse import parse_file
from matrix.render import plan, reuse, write_agency

from conftest import ROOT
from render_samples import config, doc_a, doc_b, hostile_doc, registry

sys.path.insert(0, str(ROOT))
from benchmarks.corpus import make_corpus  # noqa: E402


def members(path) -> dict[str, bytes]:
    """A workbook's parts, but the creation time (docProps/core.xml)."""
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def books(folder) -> dict[str, dict[str, bytes]]:
    return {p.relative_to(folder).as_posix(): members(p) for p in sorted(folder.rglob("*.xlsx"))}


@pytest.fixture(scope="module")
def corpus_docs(tmp_path_factory):
    """A small generated corpus, parsed: 8 documents naming 30 agencies."""
    base = tmp_path_factory.mktemp("corpus")
    corpus = make_corpus(8, 30, seed=21)
    paths = corpus.write(base)
    cfg = load_config(base / "config")
    return corpus, base, paths, cfg


# spawn is how Windows and macOS start workers; Linux is made to do the same here.
@pytest.mark.parametrize("start", ["default", "spawn"])
def test_jobs_build_the_same_files_as_one_process(corpus_docs, tmp_path, monkeypatch, start):
    _, _, paths, cfg = corpus_docs
    if start != "default":
        monkeypatch.setenv("MATRIX_START_METHOD", start)
    docs = [parse_file(p, cfg) for p in paths]
    one = build.build(docs, tmp_path / "one", cfg, generated="2024-05-01")
    two = build.build(docs, tmp_path / "two", cfg, generated="2024-05-01", jobs=2)
    assert [p.name for p in one.written] == [p.name for p in two.written]
    assert books(tmp_path / "one") == books(tmp_path / "two")
    # Byte for byte: the same input gives the same files, whoever wrote them.
    assert {p.name: p.read_bytes() for p in (tmp_path / "one" / "agencies").glob("*.xlsx")} == \
           {p.name: p.read_bytes() for p in (tmp_path / "two" / "agencies").glob("*.xlsx")}
    strip = lambda d: [{k: v for k, v in e.items() if k != "sha256"} for e in d]  # noqa: E731
    index = [yaml.safe_load((tmp_path / d / "agencies" / "index.yaml").read_text("utf-8"))
             for d in ("one", "two")]
    assert strip(index[0]) == strip(index[1])


def tasks_of(p, agency):
    """What an agency's list shows of each of its tasks."""
    return [(p.docs[t.doc].sheet, t.row.ref, t.row.measure.title, t.row.text, t.role, t.row.lead,
             t.row.support, t.row.deadlines) for t in p.tasks.get(agency, [])]


def test_a_revised_document_rewrites_only_the_workbooks_it_affects(corpus_docs, tmp_path):
    corpus, base, paths, cfg = corpus_docs
    work = tmp_path / "docs"
    shutil.copytree(base, work)
    docs = [parse_file(p, cfg) for p in sorted((work / "docs").glob("*.txt"))]
    out = tmp_path / "out"
    build.build(docs, out, cfg, generated="2024-05-01")
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes())
              for p in (out / "agencies").glob("*.xlsx")}
    old_plan = plan(docs, cfg.registry)

    revised = corpus.maker.revise(corpus.specs[3])
    (work / "docs" / paths[3].name).write_text(corpus.maker.render(revised), encoding="utf-8")
    docs[3] = parse_file(work / "docs" / paths[3].name, cfg)
    new_plan = plan(docs, cfg.registry)
    affected = {a for a in set(old_plan.agencies) | set(new_plan.agencies)
                if tasks_of(old_plan, a) != tasks_of(new_plan, a)}
    assert 0 < len(affected) < len(new_plan.agencies) // 2

    result = build.build(docs, out, cfg, generated="2024-05-02")   # another day, too
    after = {p.name: (p.stat().st_mtime_ns, p.read_bytes())
             for p in (out / "agencies").glob("*.xlsx")}
    rewritten = {n for n in after if after[n] != before.get(n)}
    names = build.agency_paths(sorted(affected), out / "agencies")
    assert rewritten == {names[a].name for a in affected if a in new_plan.tasks}
    assert len(result.kept) == len(after) - len(rewritten)


def test_matrix_sheets_carried_over_equal_sheets_drawn_anew(corpus_docs, tmp_path):
    _, _, paths, cfg = corpus_docs
    docs = [parse_file(p, cfg) for p in paths]
    build.build(docs, tmp_path / "a", cfg, generated="2024-05-01")
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    Layout(tmp_path / "b").matrix_state.unlink()          # b draws every sheet again
    docs[2], docs[5] = docs[5], docs[2]              # moved sheets are carried over too
    docs[4].measures[0].title += "（修订）"           # and a changed one is drawn anew
    for d in ("a", "b"):
        build.build(docs, tmp_path / d, cfg, generated="2024-05-01")
    carried = reuse.Previous(tmp_path / "a" / "matrix.xlsx").sheets
    assert len(carried) == len(docs)
    assert members(tmp_path / "a" / "matrix.xlsx") == members(tmp_path / "b" / "matrix.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "a" / "matrix.xlsx", read_only=True)
    assert wb.sheetnames[1:1 + len(docs)] == [dp.sheet for dp in plan(docs, cfg.registry).docs]


def test_a_stale_record_carries_nothing_over(tmp_path):
    docs = [doc_a(), doc_b()]
    build.build(docs, tmp_path, config(), generated="2024-05-01")
    assert reuse.Previous(tmp_path / "matrix.xlsx").sheets
    # matrix.xlsx replaced by someone else: the record no longer describes it.
    target = tmp_path / "matrix.xlsx"
    target.write_bytes(target.read_bytes() + b"\0")
    assert reuse.Previous(target).sheets == {}


def test_the_fast_index_is_what_yaml_dump_writes():
    tricky = ["", " lead", "trail ", "a: b", "#x", "- y", "'q'", '"q"', "yes", "null", "1.5",
              "0x1f", "中文：标题", "😀", "tab\tin", "new\nline", "\u2028", "\x85", "~", "@at",
              "&a", "*b", "!t", "%p", "`x`", "{a}", "[b]", "a, b", "=1+1"]
    entries = [{"agency": t, "file": f"{i}.xlsx", "lead": i, "support": None, "tasks": [],
                "documents": [{"title": t, "date": None}, {"title": "x", "date": "2024-01-01"}],
                "changes": [{"change": t, "detail": ""}], "content": t}
               for i, t in enumerate(tricky)]
    expected = yaml.dump(entries, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                         allow_unicode=True, sort_keys=False, width=10_000)
    assert yamlout.dump(entries) == expected
    assert yaml.safe_load(yamlout.dump(entries)) == entries


def test_the_build_reads_its_own_index_state_only_with_that_index(tmp_path):
    build.build([doc_a(), doc_b()], tmp_path, config(), generated="2024-05-01")
    folder = tmp_path / "agencies"
    fast = agency_index.previous(Layout(tmp_path))
    assert {e["agency"] for e in fast} == {"区发展改革委", "区市场监管局", "区财政局", "各镇街", "新设局"}
    index = folder / "index.yaml"
    index.write_text(index.read_text("utf-8").replace("区财政局.xlsx", "别的.xlsx"), "utf-8")
    assert any(e["file"] == "别的.xlsx" for e in agency_index.previous(Layout(tmp_path)))


def test_rows_written_as_text_read_back_like_openpyxl_cells(tmp_path):
    target = tmp_path / "a.xlsx"
    write_agency(plan([hostile_doc()], registry()), "=1+1局", target,
                 {"lead": "牵头", "support": "配合"}, "2024-05-01")
    ws = openpyxl.load_workbook(target).active
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(isinstance(v, str) for v in values)
    assert any(v.startswith("=") for v in values)            # text, never a formula
    assert ws["A1"].font.b and ws["A1"].font.name == "宋体"
    # 任务内容 (D) takes what the page has left: the widest column.
    assert ws.column_dimensions["D"].width == max(d.width for d in ws.column_dimensions.values())


def test_another_openpyxl_never_reuses_old_sheets(monkeypatch):
    """Carried-over sheets are spliced as openpyxl wrote them: a different openpyxl makes
    every sheet key different, so nothing is carried over from the old one's files."""
    import openpyxl
    reuse.code_version.cache_clear()
    before = reuse.sheet_key("document", "x")
    monkeypatch.setattr(openpyxl, "__version__", openpyxl.__version__ + ".post1")
    reuse.code_version.cache_clear()
    try:
        assert reuse.sheet_key("document", "x") != before
    finally:
        monkeypatch.undo()
        reuse.code_version.cache_clear()
    assert reuse.sheet_key("document", "x") == before


def test_a_matrix_replaced_by_another_builds_file_is_not_carried_over_from(corpus_docs, tmp_path):
    """The state beside matrix.xlsx describes the file the build wrote: a matrix.xlsx put
    in its place (another build's, same name) has other sheets in other members, and
    carrying 'its' sheets over would splice wrong ones in, or fail on a missing member."""
    _, _, paths, cfg = corpus_docs
    docs = [parse_file(p, cfg) for p in paths]
    build.build(docs, tmp_path / "a", cfg, generated="2024-05-01")
    build.build(docs[:2], tmp_path / "other", cfg, generated="2024-05-01")
    build.build(docs, tmp_path / "fresh", cfg, generated="2024-05-01")
    Layout(tmp_path / "fresh").matrix_state.unlink()
    shutil.copy(tmp_path / "other" / "matrix.xlsx", tmp_path / "a" / "matrix.xlsx")
    assert reuse.Previous(tmp_path / "a" / "matrix.xlsx").sheets == {}
    for d in ("a", "fresh"):
        build.build(docs, tmp_path / d, cfg, generated="2024-05-01")
    assert members(tmp_path / "a" / "matrix.xlsx") == members(tmp_path / "fresh" / "matrix.xlsx")
    # And the state now describes the new file: the next build carries every sheet over.
    assert len(reuse.Previous(tmp_path / "a" / "matrix.xlsx").sheets) == len(docs)
