"""`matrix mail --send` against a real SMTP server on loopback (aiosmtpd)."""
from __future__ import annotations

import json

import pytest

# smtp_server and certificate are pytest fixtures, used by name.
from mail_helpers import (AGENCIES, PASSWORD, USER, XLSX, Recorder, attachment, authenticator,
                          certificate, make_config, make_output, run, server_tls_context,
                          smtp_server, workbook_agency, write_workbook)

WITH_ADDRESS = {a: e for a, _, _, e in AGENCIES if e}
COUNTS = {a: (lead, support) for a, lead, support, _ in AGENCIES}


def ledger(root):
    path = root / "output" / "outbox" / "sent.jsonl"
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [x for x in lines if "state" not in x]      # what was sent, not the intents


def delivered(handler):
    """{recipient: agency named inside the attached workbook}, checking no duplicates."""
    out = {}
    for r in handler.received:
        assert len(r.rcpt_tos) == 1
        assert r.rcpt_tos[0] not in out, f"sent twice to {r.rcpt_tos[0]}"
        out[r.rcpt_tos[0]] = workbook_agency(attachment(r.message))
    return out


@pytest.fixture
def plain(tmp_path, smtp_server):
    controller, handler = smtp_server()
    make_output(tmp_path)
    make_config(tmp_path, port=controller.port)
    return tmp_path, handler


def test_each_agency_gets_its_own_workbook(plain):
    root, handler = plain
    result = run(root, "--send")
    assert result.exit_code == 0, result.output
    # One message per agency with tasks and an address, each with the right workbook.
    assert delivered(handler) == {e: a for a, e in WITH_ADDRESS.items()}
    assert "sent 4, skipped 0 (already sent), failed 0, no address 1" in result.output
    assert "各镇街" in result.output          # listed, not dropped silently

    for r in handler.received:
        msg = r.message
        agency = workbook_agency(attachment(msg))
        lead, support = COUNTS[agency]
        assert r.mail_from == "duchake@example.org"
        assert msg["To"].addresses[0].addr_spec == WITH_ADDRESS[agency]
        assert msg["To"].addresses[0].display_name == agency
        assert msg.get_content_type() == "multipart/mixed"

        # The Chinese file name decodes, from both places clients look for it.
        part = attachment(msg)
        assert part.get_content_type() == XLSX
        assert part.get_filename() == f"{agency}.xlsx"
        assert part["Content-Type"].params["name"] == f"{agency}.xlsx"
        raw = r.data.decode("ascii")             # every header is 7-bit on the wire
        assert "filename*=utf-8''" in raw
        assert 'name="=?utf-8?B?' in raw

        # Both alternatives name the agency and its counts.
        plain_text = msg.get_body(("plain",)).get_content()
        html = msg.get_body(("html",)).get_content()
        for body in (plain_text, html):
            assert agency in body
            assert f"{lead}" in body and f"{support}" in body and f"{lead + support}" in body
        assert f"牵头 {lead} 项、配合 {support} 项" in plain_text
        assert f"牵头 <strong>{lead}</strong> 项" in html
        assert "督查科 王五" in plain_text

    records = ledger(root)
    assert {(x["agency"], x["address"]) for x in records} == set(
        (a, e) for a, e in WITH_ADDRESS.items())
    ids = {r.message["Message-ID"] for r in handler.received}
    assert {x["message_id"] for x in records} == ids


def test_second_send_sends_nothing_changed_workbook_goes_again(plain):
    root, handler = plain
    assert run(root, "--send").exit_code == 0
    again = run(root, "--send")
    assert again.exit_code == 0
    assert len(handler.received) == 4
    assert "sent 0, skipped 4 (already sent)" in again.output

    # A rebuilt workbook (new content, new hash) is news for that agency only.
    new_sha = write_workbook(root / "output", "区财政局", 2, 5)
    third = run(root, "--send")
    assert third.exit_code == 0, third.output
    assert "sent 1, skipped 3" in third.output
    assert handler.received[-1].rcpt_tos == ["czj@yubei.example.org"]
    assert ledger(root)[-1]["sha256"] == new_sha

    # --resend forces, --only narrows.
    forced = run(root, "--send", "--resend", "--only", "区经济信息委")
    assert forced.exit_code == 0
    assert handler.received[-1].rcpt_tos == ["jjxxw@yubei.example.org"]
    assert len(handler.received) == 6


def test_limit_then_the_rest(plain):
    root, handler = plain
    first = run(root, "--send", "--limit", "2")
    assert first.exit_code == 0
    assert len(handler.received) == 2
    assert "2 more left for the next run" in first.output
    second = run(root, "--send")
    assert "sent 2, skipped 2" in second.output
    assert delivered(handler) == {e: a for a, e in WITH_ADDRESS.items()}


def test_due_date_in_subject_and_body(plain):
    root, handler = plain
    assert run(root, "--send", "--only", "区发展改革委", "--due", "2031-07-15").exit_code == 0
    msg = handler.received[0].message
    assert "2031年7月15日" in msg["Subject"]
    assert "2031年7月15日" in msg.get_body(("plain",)).get_content()


def test_server_failing_half_way_then_next_run_completes(tmp_path, smtp_server):
    controller, handler = smtp_server(Recorder(refuse_after=2))
    make_output(tmp_path)
    make_config(tmp_path, port=controller.port)

    first = run(tmp_path, "--send")
    assert first.exit_code == 1
    stopped_at = AGENCIES[2][0]                      # the third agency with an address
    assert f"stopped at {stopped_at}" in first.output
    assert "421" in first.output
    assert "sent 2," in first.output
    assert [x["agency"] for x in ledger(tmp_path)] == [a for a, *_ in AGENCIES[:2]]

    handler.refuse_after = None                      # the server is back
    second = run(tmp_path, "--send")
    assert second.exit_code == 0, second.output
    assert "sent 2, skipped 2 (already sent)" in second.output
    assert delivered(handler) == {e: a for a, e in WITH_ADDRESS.items()}   # no duplicates
    assert len(ledger(tmp_path)) == 4


def test_line_cut_during_data_is_not_logged_and_sent_again(tmp_path, smtp_server):
    controller, handler = smtp_server(Recorder(drop_after=1))
    make_output(tmp_path)
    make_config(tmp_path, port=controller.port)
    first = run(tmp_path, "--send")
    assert first.exit_code == 1
    assert f"stopped at {AGENCIES[1][0]}" in first.output
    assert "may or may not have arrived" in first.output
    assert [x["agency"] for x in ledger(tmp_path)] == [AGENCIES[0][0]]
    handler.drop_after = None
    second = run(tmp_path, "--send")
    assert second.exit_code == 0, second.output
    assert delivered(handler) == {e: a for a, e in WITH_ADDRESS.items()}


def test_server_closing_after_each_two_messages_is_reconnected(tmp_path, smtp_server):
    controller, handler = smtp_server(Recorder(per_connection=2))
    make_output(tmp_path)
    make_config(tmp_path, port=controller.port)
    result = run(tmp_path, "--send")
    assert result.exit_code == 0, result.output
    assert delivered(handler) == {e: a for a, e in WITH_ADDRESS.items()}
    assert handler.connections == 2


def test_refused_recipient_fails_alone_and_is_retried_next_run(tmp_path, smtp_server):
    controller, handler = smtp_server(Recorder(reject={"jjxxw@yubei.example.org"}))
    make_output(tmp_path)
    make_config(tmp_path, port=controller.port)
    first = run(tmp_path, "--send")
    assert first.exit_code == 1
    assert "sent 3, skipped 0 (already sent), failed 1, no address 1" in first.output
    assert "区经济信息委" in first.output and "550" in first.output
    handler.reject.clear()
    second = run(tmp_path, "--send")
    assert second.exit_code == 0
    assert "sent 1, skipped 3" in second.output
    assert len(delivered(handler)) == 4


def test_connection_refused_names_the_agency(tmp_path, smtp_server):
    controller, _ = smtp_server()
    port = controller.port
    controller.stop()
    make_output(tmp_path)
    make_config(tmp_path, port=port)
    result = run(tmp_path, "--send")
    assert result.exit_code == 1
    assert f"stopped at {AGENCIES[0][0]}" in result.output
    assert "cannot connect" in result.output
    assert ledger(tmp_path) == []          # tried (and logged as failed), nothing sent
    # Nothing was sent, so no log is named as if it had been written.
    assert "none sent" in result.output and "sent.jsonl" not in result.output


# -- TLS and login --------------------------------------------------------------------

@pytest.fixture
def tls_server(smtp_server, certificate):
    def start(**kwargs):
        return smtp_server(tls_context=server_tls_context(certificate), require_starttls=True,
                           authenticator=authenticator, auth_require_tls=True,
                           auth_required=True, **kwargs)
    return start


def test_starttls_and_login(tmp_path, tls_server, certificate):
    controller, handler = tls_server()
    make_output(tmp_path)
    make_config(tmp_path, port=controller.port, security="starttls", username=USER,
                ca_file=str(certificate[0]))
    result = run(tmp_path, "--send", env={"MATRIX_SMTP_PASSWORD": PASSWORD})
    assert result.exit_code == 0, result.output
    assert len(delivered(handler)) == 4


def test_wrong_password_stops_before_anything_is_sent(tmp_path, tls_server, certificate):
    controller, handler = tls_server()
    make_output(tmp_path)
    make_config(tmp_path, port=controller.port, security="starttls", username=USER,
                ca_file=str(certificate[0]))
    result = run(tmp_path, "--send", env={"MATRIX_SMTP_PASSWORD": "wrong"})
    assert result.exit_code == 1
    assert "refused the login" in result.output
    assert handler.received == []


def test_missing_password_is_an_error_before_connecting(tmp_path, tls_server, certificate):
    controller, handler = tls_server()
    make_output(tmp_path)
    make_config(tmp_path, port=controller.port, security="starttls", username=USER,
                ca_file=str(certificate[0]))
    result = run(tmp_path, "--send")
    assert result.exit_code == 1
    assert "MATRIX_SMTP_PASSWORD" in result.output
    assert handler.connections == 0


def test_server_requiring_login_stops_the_batch(tmp_path, tls_server, certificate):
    controller, handler = tls_server()
    make_output(tmp_path)
    make_config(tmp_path, port=controller.port, security="starttls", ca_file=str(certificate[0]))
    result = run(tmp_path, "--send")
    assert result.exit_code == 1
    assert f"stopped at {AGENCIES[0][0]}" in result.output and "requires a login" in result.output
    assert "3 more not tried" in result.output
    assert handler.received == []


def test_untrusted_certificate_is_refused_unless_verification_is_off(tmp_path, tls_server):
    controller, handler = tls_server()
    make_output(tmp_path)
    make_config(tmp_path, port=controller.port, security="starttls", username=USER)
    refused = run(tmp_path, "--send", env={"MATRIX_SMTP_PASSWORD": PASSWORD})
    assert refused.exit_code == 1
    assert "certificate is not trusted" in refused.output and "ca_file" in refused.output
    assert handler.received == []

    make_config(tmp_path, port=controller.port, security="starttls", username=USER,
                tls_verify=False)
    accepted = run(tmp_path, "--send", env={"MATRIX_SMTP_PASSWORD": PASSWORD})
    assert accepted.exit_code == 0, accepted.output
    assert len(handler.received) == 4


def test_starttls_required_but_not_offered(tmp_path, smtp_server):
    controller, handler = smtp_server()             # plain server, no STARTTLS
    make_output(tmp_path)
    make_config(tmp_path, port=controller.port, security="starttls")
    result = run(tmp_path, "--send")
    assert result.exit_code == 1
    assert "does not offer STARTTLS" in result.output
    assert handler.received == []


def test_implicit_tls(tmp_path, smtp_server, certificate):
    controller, handler = smtp_server(ssl_context=server_tls_context(certificate))
    make_output(tmp_path)
    make_config(tmp_path, port=controller.port, security="ssl", ca_file=str(certificate[0]))
    result = run(tmp_path, "--send", "--only", "区财政局")
    assert result.exit_code == 0, result.output
    assert delivered(handler) == {"czj@yubei.example.org": "区财政局"}


def test_login_without_encryption_is_refused(tmp_path, smtp_server):
    controller, handler = smtp_server()
    make_output(tmp_path)
    make_config(tmp_path, port=controller.port, security="none", username=USER)
    result = run(tmp_path, "--send", env={"MATRIX_SMTP_PASSWORD": PASSWORD})
    assert result.exit_code == 1
    assert "clear text" in result.output
    assert handler.connections == 0
