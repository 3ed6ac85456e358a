"""What gets sent: the index, --only/--limit, the ledger, the rate limiter."""
from __future__ import annotations

import json

import pytest
import yaml

from matrix.errors import MatrixError
from matrix import agency_index
from matrix.layout import Layout
from matrix.mail import Ledger, RateLimiter, make_plan
from matrix.registry import Agency, Registry

from mail_helpers import AGENCIES, make_config, make_output, run


def registry(agencies=AGENCIES):
    return Registry(Agency(name=a, email=e) for a, _, _, e in agencies)


def test_missing_index_says_run_build_first(tmp_path):
    make_config(tmp_path)
    (tmp_path / "output").mkdir()
    result = run(tmp_path)
    assert result.exit_code == 1
    assert "`matrix run`" in result.output           # what to do, in the order it is done
    assert len(result.output.strip().splitlines()) == 1          # one line, no traceback


def test_plan_orders_and_filters(tmp_path):
    out = make_output(tmp_path, AGENCIES + [("区统计局", 0, 0, "tjj@yubei.example.org")])
    reg = registry(AGENCIES + [("区统计局", 0, 0, "tjj@yubei.example.org")])
    plan = make_plan(out, reg, Ledger(out / "outbox" / "sent.jsonl"))
    assert [i.agency for i in plan.send] == [a for a, *_, e in AGENCIES if e]   # index order
    assert [e.agency for e in plan.no_address] == ["各镇街"]
    # No tasks, no message (and not listed as missing an address either).
    assert "区统计局" not in [i.agency for i in plan.send]

    only = make_plan(out, reg, Ledger(out / "x.jsonl"), only=["区财政局", "各镇街"])
    assert [i.agency for i in only.send] == ["区财政局"]
    assert [e.agency for e in only.no_address] == ["各镇街"]

    limited = make_plan(out, reg, Ledger(out / "x.jsonl"), limit=1)
    assert len(limited.send) == 1 and limited.held_back == 3

    with pytest.raises(MatrixError, match="not in the index.*区教育局"):
        make_plan(out, reg, Ledger(out / "x.jsonl"), only=["区教育局"])


def test_only_accepts_an_alias(tmp_path):
    out = make_output(tmp_path)
    reg = Registry([Agency(name="区财政局", aliases=["渝北区财政局"], email="czj@yubei.example.org")])
    plan = make_plan(out, reg, Ledger(out / "x.jsonl"), only=["渝北区财政局"])
    assert [i.agency for i in plan.send] == ["区财政局"]


def test_workbook_changed_after_build_is_refused(tmp_path):
    out = make_output(tmp_path)
    (out / "agencies" / "区财政局.xlsx").write_bytes(b"edited by hand")
    with pytest.raises(MatrixError, match="changed since `matrix build`"):
        make_plan(out, registry(), Ledger(out / "x.jsonl"))


def test_missing_workbook_is_named(tmp_path):
    out = make_output(tmp_path)
    (out / "agencies" / "区财政局.xlsx").unlink()
    with pytest.raises(MatrixError, match="区财政局.xlsx is listed in index.yaml but missing"):
        make_plan(out, registry(), Ledger(out / "x.jsonl"))


@pytest.mark.parametrize("name", ["../secret.xlsx", "/etc/passwd", "sub/区财政局.xlsx", ".."])
def test_index_file_names_cannot_leave_the_folder(tmp_path, name):
    out = make_output(tmp_path)
    index = out / "agencies" / "index.yaml"
    rows = yaml.safe_load(index.read_text(encoding="utf-8"))
    rows[0]["file"] = name
    index.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")
    with pytest.raises(MatrixError, match="must be a file name"):
        agency_index.read(Layout(out))


def test_ledger_survives_a_half_written_line(tmp_path):
    path = tmp_path / "sent.jsonl"
    ledger = Ledger(path)
    ledger.record("区财政局", "czj@yubei.example.org", "a" * 64, "区财政局.xlsx", "<1@x.org>")
    with path.open("ab") as f:
        f.write('{"agency": "区商务委", "addr'.encode())                # a crash mid-write
    again = Ledger(path)
    assert again.unreadable == 1
    assert again.has("区财政局", "CZJ@yubei.example.org", "a" * 64)
    assert not again.has("区财政局", "czj@yubei.example.org", "b" * 64)
    again.record("区商务委", "sww@yubei.example.org", "c" * 64, "区商务委.xlsx", "<2@x.org>")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[-1])["agency"] == "区商务委"
    assert Ledger(path).has("区商务委", "sww@yubei.example.org", "c" * 64)


def test_rate_limiter_spaces_messages_without_real_waiting():
    now = [100.0]
    slept = []

    def sleep(seconds):
        slept.append(round(seconds, 6))
        now[0] += seconds

    limiter = RateLimiter(30, clock=lambda: now[0], sleep=sleep)     # one every 2 s
    limiter.wait()
    limiter.wait()
    now[0] += 0.5
    limiter.wait()
    now[0] += 5
    limiter.wait()
    assert slept == [2.0, 1.5]
    unlimited = RateLimiter(0, clock=lambda: now[0], sleep=sleep)
    unlimited.wait()
    unlimited.wait()
    assert slept == [2.0, 1.5]
