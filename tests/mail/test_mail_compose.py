"""The dry run's .eml files, the message layout, templates and header safety."""
from __future__ import annotations

import hashlib
from datetime import date
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.parser import BytesParser

import pytest
import yaml

from matrix.config import load as load_config
from matrix.errors import MatrixError
from matrix.mail import Composer, Ledger, load_settings, to_bytes
from matrix.mail.compose import attachment_part, encoded_words
from matrix.mail.headers import check_address, one_line
from matrix.mail.plan import Entry, Outgoing
from matrix.naming import agency_filename

from mail_helpers import (AGENCIES, XLSX, attachment, make_config, make_output, parse, run,
                          workbook_agency, workbook_bytes)


def eml(root, agency):
    path = root / "output" / "outbox" / agency_filename(agency, ".eml")
    with path.open("rb") as f:
        return BytesParser(policy=policy.default).parse(f)


def test_dry_run_writes_eml_files_and_a_table(tmp_path):
    make_output(tmp_path)
    make_config(tmp_path)
    result = run(tmp_path)
    assert result.exit_code == 0, result.output
    assert "dry run, nothing was sent" in result.output
    assert "区发展改革委  fgw@yubei.example.org    3/1" in result.output
    assert "各镇街" in result.output and "add email:" in result.output
    outbox = tmp_path / "output" / "outbox"
    assert sorted(p.name for p in outbox.glob("*.eml")) == sorted(
        agency_filename(a, ".eml") for a, *_, e in AGENCIES if e)
    assert not (outbox / "sent.jsonl").exists()          # nothing was sent, nothing logged

    for agency, lead, support, address in AGENCIES:
        if not address:
            continue
        msg = eml(tmp_path, agency)
        assert msg["To"].addresses[0].addr_spec == address
        assert msg["Subject"].startswith(f"{agency}任务清单：牵头{lead}项、配合{support}项")
        assert msg["From"].addresses[0].addr_spec == "duchake@example.org"
        assert msg["Message-ID"] and msg["Date"]
        assert [p.get_content_type() for p in msg.walk()] == [
            "multipart/mixed", "multipart/alternative", "text/plain", "text/html", XLSX]
        part = attachment(msg)
        assert part.get_filename() == f"{agency}.xlsx"
        assert workbook_agency(part) == agency
        built = tmp_path / "output" / "agencies" / agency_filename(agency)
        assert part.get_content() == built.read_bytes()


def test_dry_run_marks_what_was_already_sent(tmp_path):
    out = make_output(tmp_path)
    make_config(tmp_path)
    data = (out / "agencies" / "区财政局.xlsx").read_bytes()
    Ledger(out / "outbox" / "sent.jsonl").record(
        "区财政局", "czj@yubei.example.org", hashlib.sha256(data).hexdigest(), "区财政局.xlsx",
        "<x@example.org>")
    result = run(tmp_path)
    assert "(already sent)" in result.output
    assert "Wrote 3 messages" in result.output
    assert not (out / "outbox" / "区财政局.eml").exists()


def test_agency_name_with_line_break_adds_no_header(tmp_path):
    evil = "区财政局\r\nBcc: spy@evil.example.org\r\nX-Injected: yes"
    agencies = [(evil, 1, 1, "czj@yubei.example.org")]
    make_output(tmp_path, agencies)
    make_config(tmp_path, agencies=agencies)
    result = run(tmp_path)
    assert result.exit_code == 0, result.output
    [path] = (tmp_path / "output" / "outbox").glob("*.eml")
    raw = path.read_bytes()
    head = raw.split(b"\r\n\r\n", 1)[0]
    names = [line.split(b":", 1)[0] for line in head.split(b"\r\n") if not line[:1].isspace()]
    assert names == [b"From", b"To", b"Subject", b"Date", b"Message-ID", b"MIME-Version",
                     b"Content-Type"]
    msg = parse(raw)
    assert msg["Bcc"] is None and msg["X-Injected"] is None
    assert msg["To"].addresses[0].addr_spec == "czj@yubei.example.org"
    # Decoded as RFC 2047 says (the stdlib's address parser puts spaces between
    # encoded words of a long display name, so read the raw header instead).
    raw_to = BytesParser(policy=policy.compat32).parsebytes(raw)["To"]
    assert str(make_header(decode_header(raw_to))) == f"{one_line(evil)} <czj@yubei.example.org>"
    assert "\n" not in msg["Subject"]


def test_config_value_with_line_break_is_rejected(tmp_path):
    make_output(tmp_path)
    cfg = make_config(tmp_path)
    mail = yaml.safe_load((cfg / "mail.yaml").read_text(encoding="utf-8"))
    mail["sender"]["office"] = "区政府办公室\r\nBcc: spy@evil.example.org"
    (cfg / "mail.yaml").write_text(yaml.safe_dump(mail, allow_unicode=True), encoding="utf-8")
    result = run(tmp_path)
    assert result.exit_code == 1
    assert "sender.office must be one line" in result.output
    assert not (tmp_path / "output" / "outbox").exists()


@pytest.mark.parametrize("address", ["fgw@yubei", "fgw yubei@example.org", "<fgw@example.org>",
                                     "fgw@example.org\r\nBcc: x@y.org", "a@b@example.org",
                                     "财政@example.org", "", "fgw@-bad.example.org"])
def test_invalid_addresses_are_rejected(address):
    with pytest.raises(MatrixError):
        check_address(address, "email")


def test_invalid_registry_address_stops_before_anything_is_written(tmp_path):
    agencies = [("区财政局", 1, 1, "czj@yubei.example.org"), ("区商务委", 1, 0, "sww at example")]
    make_output(tmp_path, agencies)
    make_config(tmp_path, agencies=agencies)
    result = run(tmp_path, "--send")
    assert result.exit_code == 1
    assert "email of 区商务委: not a valid e-mail address" in result.output
    assert not (tmp_path / "output" / "outbox").exists()


def test_encoded_words_never_split_a_character_and_stay_short():
    name = "自治区促进中小企业、民营经济发展和减轻企业负担领导小组办公室任务清单.xlsx"
    words = encoded_words(name)
    assert len(words) > 1 and all(len(w) <= 75 for w in words)
    assert str(make_header(decode_header(" ".join(words)))) == name


@pytest.mark.parametrize("name", [
    agency_filename("自治区促进中小企业、民营经济发展和减轻企业负担领导小组各成员单位"),
    agency_filename("区财政局"), "tasks 2024; final.xlsx"])
def test_file_names_round_trip(name):
    part = attachment_part(b"PK\x03\x04", name)
    msg = EmailMessage()
    msg["Subject"] = "x"
    msg.set_content("x")
    msg.make_mixed()
    msg.attach(part)
    raw = to_bytes(msg)
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    back = attachment(parse(raw))
    assert back.get_filename() == name
    assert back["Content-Type"].params["name"] == name


def _composer(tmp_path, templates=None):
    make_config(tmp_path)
    cfg = load_config(tmp_path / "config")
    return Composer(load_settings(cfg), templates or cfg.templates, due=date(2031, 1, 2),
                    today=date(2030, 12, 20))


def _item():
    entry = Entry(agency="区财政局", file="区财政局.xlsx", lead=1, support=2, tasks=3,
                  documents=({"title": "某某实施意见", "date": "2024-05-20"},))
    return Outgoing(entry=entry, address="czj@yubei.example.org", path=None,
                    data=workbook_bytes("区财政局", 1, 2), sha256="0" * 64)


def test_changes_list_is_rendered_when_given(tmp_path):
    composer = _composer(tmp_path)
    changes = [{"change": "新增", "document": "某某实施意见", "measure": "二.（三）",
                "detail": "牵头 <b>"}]
    msg = composer.compose(_item(), changes=changes)
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "新增：某某实施意见 二.（三）（牵头 <b>）" in text
    assert "<td>牵头 &lt;b&gt;</td>" in html               # escaped in HTML
    plain = composer.compose(_item())
    assert "有变化" not in plain.get_body(("plain",)).get_content()
    assert "2024年5月20日" in text and "2031年1月2日" in text


def test_user_template_overrides_one_file_and_typos_are_errors(tmp_path):
    own = tmp_path / "mytemplates"
    own.mkdir()
    (own / "mail_subject.txt").write_text("进展报送 {{ agency }}\n", encoding="utf-8")
    composer = _composer(tmp_path, own)
    msg = composer.compose(_item())
    assert msg["Subject"] == "进展报送 区财政局"
    assert "贵单位共承担 3 项任务" in msg.get_body(("plain",)).get_content()   # package body

    (own / "mail_subject.txt").write_text("{{ agnecy }}", encoding="utf-8")
    with pytest.raises(MatrixError, match="agnecy"):
        _composer(tmp_path, own).compose(_item())


def test_dry_run_outbox_holds_only_this_runs_drafts(tmp_path):
    make_output(tmp_path)
    make_config(tmp_path)
    assert run(tmp_path).exit_code == 0
    outbox = tmp_path / "output" / "outbox"
    (outbox / "sent.jsonl").write_text("", encoding="utf-8")
    one = next(a for a, *_, e in AGENCIES if e)
    assert run(tmp_path, "--only", one).exit_code == 0
    assert [p.name for p in outbox.glob("*.eml")] == [agency_filename(one, ".eml")]
    assert (outbox / "sent.jsonl").exists()               # the send log is never touched
