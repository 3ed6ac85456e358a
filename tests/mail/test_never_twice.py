"""Never twice, never mixed: one writer per output folder, a ledger keyed on what the
bureau receives that stops when it cannot be read, workbooks whose bytes are reproducible."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import yaml
from click.testing import CliRunner

from mail_helpers import make_config, make_output, run, smtp_server  # noqa: F401 (fixture)
from processes import hold

from matrix import build as B
from matrix.cli import main
from matrix.parse import parse_file

from conftest import EXAMPLES


def delivered(handler) -> list[str]:
    return sorted(r.rcpt_tos[0] for r in handler.received)


def with_content_keys(out: Path) -> None:
    """Give the index the content keys `matrix build` writes."""
    index = out / "agencies" / "index.yaml"
    rows = yaml.safe_load(index.read_text(encoding="utf-8"))
    for row in rows:
        row["content"] = hashlib.sha256(row["agency"].encode()).hexdigest()
    index.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")


def test_two_sends_at_once_mail_each_bureau_once(tmp_path, smtp_server):  # noqa: F811
    controller, handler = smtp_server()
    make_output(tmp_path)
    make_config(tmp_path, port=controller.port)
    cmd = [sys.executable, "-c", "from matrix.cli import main; main()", "--config",
           str(tmp_path / "config"), "mail", "-o", str(tmp_path / "output"), "--send"]
    env = {**os.environ, "MATRIX_LANG": "en"}
    env.pop("MATRIX_SMTP_PASSWORD", None)
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
    assert len(handler.received) == len(set(delivered(handler))) == 4, outs
    for out, err, code in outs:
        # The other one either found the folder in use, or found everything already sent.
        assert code == 0 or "in use by `matrix mail --send`" in err, (out, err)


def test_a_held_folder_stops_a_build_naming_the_holder(tmp_path, project):
    out = project / "output"
    proc, flag = hold(out, tmp_path, "run")
    try:
        result = CliRunner().invoke(main, ["build", "-o", str(out)])
        assert result.exit_code == 1
        assert "in use by `matrix run`" in result.output and str(proc.pid) in result.output
        assert not (out / "matrix.xlsx").exists()
    finally:
        flag.unlink()
        proc.wait(timeout=30)


def test_a_list_with_the_same_content_is_not_sent_again_though_its_bytes_changed(
        tmp_path, smtp_server):  # noqa: F811
    controller, handler = smtp_server()
    out = make_output(tmp_path)
    with_content_keys(out)
    make_config(tmp_path, port=controller.port)
    assert run(tmp_path, "--send").exit_code == 0
    first = len(handler.received)
    records = [json.loads(x) for x in (out / "outbox" / "sent.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all(r["content"] for r in records)
    # Rebuilt another day: every file's bytes differ, the task lists do not.
    index = out / "agencies" / "index.yaml"
    rows = yaml.safe_load(index.read_text(encoding="utf-8"))
    for row in rows:
        path = out / "agencies" / row["file"]
        path.write_bytes(path.read_bytes() + b"\0")
        row["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    index.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")
    again = run(tmp_path, "--send")
    assert again.exit_code == 0, again.output
    assert len(handler.received) == first
    assert "sent 0, skipped 4 (already sent)" in again.output


def test_a_damaged_ledger_stops_the_send_and_names_what_it_concerned(tmp_path, smtp_server):  # noqa: F811
    controller, handler = smtp_server()
    out = make_output(tmp_path)
    make_config(tmp_path, port=controller.port)
    assert run(tmp_path, "--send").exit_code == 0
    ledger = out / "outbox" / "sent.jsonl"
    lines = ledger.read_text(encoding="utf-8").splitlines()
    agency = json.loads(lines[1])["agency"]
    lines[1] = lines[1][:-12]                       # a damaged line in the middle
    ledger.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(tmp_path, "--send")
    assert result.exit_code == 1
    assert "sent.jsonl" in result.output and "line 2" in result.output and agency in result.output
    assert "--resend" in result.output
    assert len(handler.received) == 4               # nothing more went out

    # Re-saved in another encoding: every line is unreadable; still nothing is sent.
    ledger.write_text("\n".join(lines), encoding="utf-16")
    result = run(tmp_path, "--send")
    assert result.exit_code == 1 and "sent.jsonl" in result.output
    assert len(handler.received) == 4
    # Knowingly: --resend sends, and says what it read past in the dry run as well.
    assert "unreadable" in run(tmp_path).output


def test_the_same_input_gives_the_same_workbook_bytes(tmp_path, config):
    docs = [parse_file(p, config) for p in EXAMPLES]
    digests = []
    for name in ("a", "b"):
        B.build(docs, tmp_path / name, config, generated="2026-12-03")
        digests.append({p.relative_to(tmp_path / name).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                        for p in sorted((tmp_path / name).rglob("*.xlsx"))})
    assert len(digests[0]) > 10
    assert digests[0] == digests[1]
