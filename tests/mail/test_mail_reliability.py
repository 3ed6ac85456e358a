"""`matrix mail --send` when things go wrong between the server and the send log: a crash
between handing a message over and logging it, a log that cannot be written, a server
that says "try again later" (4xx) to one recipient. Against a real SMTP server on
loopback (aiosmtpd)."""
from __future__ import annotations

import json

import pytest

from matrix.mail import Ledger

# smtp_server is a pytest fixture, used by name.
from mail_helpers import AGENCIES, Recorder, make_config, make_output, run, smtp_server  # noqa: F401

WITH_ADDRESS = {a: e for a, _, _, e in AGENCIES if e}


def lines(root):
    path = root / "output" / "outbox" / "sent.jsonl"
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def recipients(handler):
    return [r.rcpt_tos[0] for r in handler.received]


@pytest.fixture
def served(tmp_path, smtp_server):  # noqa: F811
    def start(handler=None):
        controller, handler = smtp_server(handler)
        make_output(tmp_path)
        make_config(tmp_path, port=controller.port)
        return tmp_path, handler
    return start


def test_a_crash_between_send_and_log_is_named_next_run_not_sent_again(served, monkeypatch):
    root, handler = served()
    crashed = AGENCIES[1][0]
    real = Ledger.record

    def record(self, agency, *args, **kwargs):
        if agency == crashed:
            raise KeyboardInterrupt         # the process dies after the server said 250
        return real(self, agency, *args, **kwargs)

    monkeypatch.setattr(Ledger, "record", record)
    assert run(root, "--send").exit_code != 0      # click says "Aborted!"
    monkeypatch.undo()
    assert recipients(handler) == [WITH_ADDRESS[AGENCIES[0][0]], WITH_ADDRESS[crashed]]
    assert [x.get("state", "sent") for x in lines(root)] == ["sending", "sent", "sending"]

    again = run(root, "--send")
    assert again.exit_code == 0, again.output
    # The others go; the one that may have arrived is named, not sent a second time.
    assert recipients(handler).count(WITH_ADDRESS[crashed]) == 1
    assert len(handler.received) == 4
    said = [x for x in again.output.splitlines() if crashed in x]
    assert len(said) == 1 and "may have been delivered" in said[0] and "--resend" in said[0]
    assert "sent 2, skipped 1 (already sent)" in again.output
    assert crashed in run(root).output          # the dry run says so too

    # Knowingly: --resend sends it, and from then on it is sent like the others.
    knowingly = run(root, "--send", "--resend", "--only", crashed)
    assert knowingly.exit_code == 0, knowingly.output
    assert recipients(handler).count(WITH_ADDRESS[crashed]) == 2
    after = run(root, "--send")
    assert after.exit_code == 0 and crashed not in after.output
    assert "sent 0, skipped 4" in after.output


def test_a_refused_message_is_logged_as_failed_and_sent_next_run(served):
    root, handler = served(Recorder(reject={WITH_ADDRESS[AGENCIES[1][0]]}))
    assert run(root, "--send").exit_code == 1
    assert {x.get("state", "sent") for x in lines(root)} == {"sending", "sent", "failed"}
    handler.reject.clear()
    again = run(root, "--send")
    assert again.exit_code == 0 and "may have been delivered" not in again.output
    assert "sent 1, skipped 3" in again.output


def test_a_send_log_that_cannot_be_written_stops_before_the_first_send(served):
    root, handler = served()
    (root / "output" / "outbox" / "sent.jsonl").mkdir(parents=True)   # not a file
    result = run(root, "--send")
    assert result.exit_code == 1
    assert handler.received == []
    error = [x for x in result.output.splitlines() if "sent.jsonl" in x]
    assert len(error) == 1 and "cannot be written" in error[0] and "nothing was sent" in error[0]
    assert "Traceback" not in result.output


@pytest.mark.parametrize("reply", ["451 4.7.1 greylisted, try again later",
                                   "450 4.2.1 mailbox busy",
                                   "421 4.4.2 recipient's server away"])
def test_a_4xx_for_one_recipient_is_tried_again_at_the_end_of_the_batch(served, reply):
    later = WITH_ADDRESS[AGENCIES[1][0]]
    root, handler = served(Recorder(defer={later: (reply, 1)}))
    result = run(root, "--send")
    assert result.exit_code == 0, result.output
    assert "sent 4, skipped 0 (already sent), failed 0" in result.output
    # The others did not wait for it: it went last, at its second try.
    assert recipients(handler)[-1] == later and len(set(recipients(handler))) == 4
    assert handler.rcpt_seen.count(later) == 2
    said = [x for x in result.output.splitlines() if AGENCIES[1][0] in x]
    assert len(said) == 1 and reply.split()[0] in said[0] and "tried again" in said[0]


@pytest.mark.parametrize("reply", ["451 4.7.1 greylisted", "421 4.4.2 try later"])
def test_a_recipient_deferred_twice_fails_alone_and_the_run_says_so(served, reply):
    never = WITH_ADDRESS[AGENCIES[0][0]]          # the first: everyone after still goes
    root, handler = served(Recorder(defer={never: (reply, None)}))
    result = run(root, "--send")
    assert result.exit_code == 1
    assert sorted(recipients(handler)) == sorted(set(WITH_ADDRESS.values()) - {never})
    assert handler.rcpt_seen.count(never) == 2               # once, then once more
    assert "sent 3, skipped 0 (already sent), failed 1" in result.output
    assert AGENCIES[0][0] in result.output and "tried again" in result.output
    # Not in doubt (the server refused it): the next run sends it without being asked.
    handler.defer.clear()
    again = run(root, "--send")
    assert again.exit_code == 0 and "sent 1, skipped 3" in again.output
