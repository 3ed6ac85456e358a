"""`matrix parse` from the command line: output files, and every kind of bad input."""
from __future__ import annotations


import pytest
import yaml
from click.testing import CliRunner

from matrix.cli import main
from matrix.errors import MatrixError
from matrix.parsing import documents_in, expand
from conftest import EXAMPLES, ROOT


def run(*args, cwd=None):
    return CliRunner().invoke(main, ["--config", str(ROOT / "config"), *map(str, args)])


def test_parse_writes_one_readable_yaml_per_document(tmp_path):
    result = run("parse", *EXAMPLES, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    files = sorted(tmp_path.glob("*.yaml"))
    assert [f.stem for f in files] == [p.stem for p in EXAMPLES]
    text = files[0].read_text(encoding="utf-8")
    assert "\\u" not in text and "区市场监管局" in text      # readable Chinese, not escapes
    data = yaml.safe_load(text)
    assert set(data) == {"document", "measures", "warnings"}
    assert data["document"]["source"]["sha256"] and data["document"]["source"]["encoding"] == "utf-8"
    m = data["measures"][1]
    assert {"id", "section", "number", "title", "text", "lead", "support", "deadlines", "tasks"} <= set(m)
    assert "24 measures" in result.output


def test_bad_inputs_are_one_line_each_and_good_files_still_parse(tmp_path):
    bad = {
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 4,
        "notes.pdf": b"%PDF-1.4",
        "nomeasures.txt": "这是一段没有编号的文字。\n".encode(),
        "garbled.txt": "一、总则\n（一）正文。\n".encode() + b"\x80\x81\xfe\xff\xff\xff garbage\n",
        "broken.docx": b"PK\x03\x04 not really a zip",
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    inputs = [tmp_path / n for n in bad] + [tmp_path / "missing.txt", EXAMPLES[0]]
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["--config", str(ROOT / "config"), "parse",
                                       *map(str, inputs), "-o", str(out)])
    assert result.exit_code == 1
    errors = [l for l in result.stderr.splitlines() if l.startswith("error:")]
    assert len(errors) == len(bad) + 1
    for name in [*bad, "missing.txt"]:
        assert sum(name in e for e in errors) == 1, (name, errors)
    assert "Traceback" not in result.output + result.stderr
    assert [p.name for p in out.iterdir() if p.is_file()] == [EXAMPLES[0].stem + ".yaml"]


def test_undecodable_bytes_name_the_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes("一、总则\n（一）正文。\n".encode() * 50 + b"\xff\xff\n")
    result = run("parse", path, "-o", tmp_path / "o")
    assert result.exit_code == 1
    assert f"{path}:101:" in result.stderr


def test_nothing_half_written_when_writing_fails(tmp_path, monkeypatch):
    import matrix.fileio as fileio
    out = tmp_path / "o"
    assert run("parse", EXAMPLES[0], "-o", out).exit_code == 0
    before = (out / f"{EXAMPLES[0].stem}.yaml").read_bytes()

    def explode(*a, **k):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(fileio.os, "replace", explode)
    text = EXAMPLES[0].read_text(encoding="utf-8").replace("简化企业开办程序", "简化开办程序")
    changed = tmp_path / EXAMPLES[0].name
    changed.write_text(text, encoding="utf-8")
    result = run("parse", changed, "-o", out)
    assert result.exit_code == 1 and "the disk is full" in result.stderr
    assert (out / f"{EXAMPLES[0].stem}.yaml").read_bytes() == before
    assert not [p for p in out.rglob("*.tmp")]


def test_revised_source_keeps_previous_version(tmp_path):
    out = tmp_path / "o"
    doc = tmp_path / "d.txt"
    doc.write_text("一、目标\n（一）甲。（牵头单位：区财政局）\n", encoding="utf-8")
    assert run("parse", doc, "-o", out).exit_code == 0
    doc.write_text("一、目标\n（一）甲。（牵头单位：区科技局）\n", encoding="utf-8")
    assert run("parse", doc, "-o", out).exit_code == 0
    kept = list((out / "history").glob("d.*.yaml"))
    assert len(kept) == 1 and "区财政局" in kept[0].read_text(encoding="utf-8")
    assert "区科技局" in (out / "d.yaml").read_text(encoding="utf-8")


def test_agencies_lists_unknown_ones(tmp_path):
    doc = tmp_path / "d.txt"
    doc.write_text("一、目标\n（一）甲。（牵头单位：区财政局；责任单位：区新成立局）\n", encoding="utf-8")
    assert run("parse", doc, "-o", tmp_path / "m").exit_code == 0
    result = run("agencies", tmp_path / "m")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert any("区新成立局" in l and "unknown" in l for l in lines)
    assert any("区财政局" in l and "unknown" not in l for l in lines)
    assert run("agencies", "--unknown", tmp_path / "m").output.count("区财政局") == 0


def test_version_and_help():
    assert run("--version").output.startswith("matrix, version")
    helped = run("--help").output
    for cmd in ("parse", "agencies"):
        assert cmd in helped


def test_missing_config_folder_is_an_error(tmp_path):
    result = CliRunner().invoke(main, ["--config", str(tmp_path / "nope"), "parse", str(EXAMPLES[0])])
    assert result.exit_code == 1 and "config folder not found" in result.stderr


def test_usage_errors_are_one_line():
    r = run("diff", "nothere.yaml", EXAMPLES[0])
    assert r.exit_code == 2
    assert r.stderr.strip().count("\n") == 0 and r.stderr.startswith("error: ")
    r = run("no-such-command")
    assert r.exit_code == 2 and r.stderr.startswith("error: No such command")


def test_parse_a_folder_and_refuse_a_file_as_output(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for p in EXAMPLES[:2]:
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "notes.md").write_text("not a document", encoding="utf-8")
    r = run("parse", folder, "-o", tmp_path / "out")
    assert r.exit_code == 0, r.output
    assert sorted(p.stem for p in (tmp_path / "out").glob("*.yaml")) == [p.stem for p in EXAMPLES[:2]]
    blocker = tmp_path / "afile"
    blocker.write_text("x", encoding="utf-8")
    r = run("parse", EXAMPLES[0], "-o", blocker)
    assert r.exit_code == 1 and f"{blocker}: output folder is a file" in r.stderr


def test_parsed_yaml_round_trips_any_text(tmp_path):
    from matrix import store
    from matrix.model import Document, Measure, Source, Task
    odd = "=1+1\t“引号”\u0085下一行\u2028😀\n第二段：冒号 # 井号"
    doc = Document(title=odd, source=Source("x.txt", "0" * 64, "utf-8"),
                   measures=[Measure(id="一.（一）", section=odd, number="（一）", title=odd, text=odd,
                                     lead=[odd], tasks=[Task(text=odd, lead=[odd])])])
    path = store.save(doc, tmp_path)
    back = store.load(path)
    assert back.title == odd and back.measures[0].text == odd and back.measures[0].lead == [odd]
    assert "“引号”" in path.read_text(encoding="utf-8")      # Chinese stays readable


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


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_parse_in_processes_writes_what_one_process_writes(tmp_path, monkeypatch, method):
    """`-j 2`: the same files, byte for byte, the same errors in the same order, and two
    documents with one file name still decided by the one loop."""
    monkeypatch.setenv("MATRIX_START_METHOD", method)
    docs = tmp_path / "docs"
    docs.mkdir()
    for p in EXAMPLES:
        (docs / p.name).write_bytes(p.read_bytes())
    (docs / "empty.txt").write_bytes(b"")
    (docs / "nomeasures.txt").write_text("这是一段没有编号的文字。\n", encoding="utf-8")
    twin = EXAMPLES[0]
    (docs / f"{twin.stem}.html").write_text(
        "<html><body><h1>关于另一件事的通知</h1><p>一、总则</p><p>（一）另一份文件的正文，"
        "与同名的文本文件说的不是一回事。（牵头单位：区财政局）</p></body></html>",
        encoding="utf-8")
    outs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = run("parse", docs, "-o", out, "-j", jobs)
        assert result.exit_code == 1
        outs[jobs] = ({p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
                       if p.is_file()},
                      [l for l in result.stderr.splitlines() if l.startswith("error:")],
                      result.stdout.replace(str(out), "OUT"))
    assert outs["1"] == outs["2"]
    files, errors, _ = outs["1"]
    assert f"{EXAMPLES[1].stem}.yaml" in files
    assert len(errors) == 3 and any("same file name" in e for e in errors)
