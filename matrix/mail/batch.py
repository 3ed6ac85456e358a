"""Run a plan: write it as .eml drafts (the default), or send it and log each success.

Every message is composed before the first one is sent, so a template error stops the
run while nothing has gone out yet.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Callable, Mapping, Optional, Sequence

from ..fileio import write_bytes_atomic
from ..naming import agency_filename
from .compose import Composer, to_bytes
from ..i18n import _
from .ledger import Ledger, LedgerError, Record
from .plan import Outgoing
from .send import Deferred, Rejected, ServerFailure, Transport


@dataclass
class Stop:
    """Where a batch stopped: the agency, why, and whether that one may have arrived."""
    item: Outgoing
    reason: str
    maybe_sent: bool = False


@dataclass
class Result:
    sent: list[tuple[Outgoing, Record]] = field(default_factory=list)
    failed: list[tuple[Outgoing, str]] = field(default_factory=list)
    stopped: Optional[Stop] = None
    not_attempted: list[Outgoing] = field(default_factory=list)
    # Deferred by the server (4xx) at first and sent at the end: (item, the first reply).
    retried: list[tuple[Outgoing, str]] = field(default_factory=list)


# agency → what changed for it since the last build (`--changed-only`, see compose.py)
Changes = Mapping[str, Sequence[dict]]


def compose_all(items: list[Outgoing], composer: Composer,
                changes: Optional[Changes] = None) -> list[tuple[Outgoing, EmailMessage]]:
    changes = changes or {}
    return [(item, composer.compose(item, changes.get(item.agency, ()))) for item in items]


def write_drafts(items: list[Outgoing], composer: Composer, outbox: Path,
                 changes: Optional[Changes] = None) -> list[Path]:
    """Each message as OUTBOX/<agency>.eml: exactly the bytes --send would transmit.

    Drafts of an earlier dry run are removed first (only *.eml, never the send log), so
    the outbox shows what this run would send and nothing else.
    """
    paths: list[Path] = []
    used: set[str] = set()
    messages = compose_all(items, composer, changes)   # a template error stops before any change
    if Path(outbox).is_dir():
        for old in Path(outbox).glob("*.eml"):
            old.unlink()
    for item, msg in messages:
        name = agency_filename(item.agency, ".eml")
        if name.casefold() in used:
            # Names differing only in case would overwrite each other on Windows/macOS.
            name = f"{name[:-4]}-{len(paths) + 1}.eml"
        used.add(name.casefold())
        path = Path(outbox) / name
        write_bytes_atomic(path, to_bytes(msg))
        paths.append(path)
    return paths


def send_all(items: list[Outgoing], composer: Composer, transport: Transport, ledger: Ledger,
             progress: Optional[Callable[[Outgoing], None]] = None,
             changes: Optional[Changes] = None) -> Result:
    """Send in order, each message between its intent and its result in the ledger; one
    the server defers (4xx) is tried once more at the end; stop at a server failure."""
    result = Result()
    messages = compose_all(items, composer, changes)
    sender = composer.settings.sender.address
    ledger.check_writable()              # found before the first send, not after it
    deferred: list[tuple[Outgoing, EmailMessage, str]] = []
    for n, (item, msg) in enumerate(messages):
        try:
            outcome = _send_one(item, msg, sender, transport, ledger)
        finally:
            if progress:
                progress(item)
        if isinstance(outcome, Record):
            result.sent.append((item, outcome))
        elif isinstance(outcome, Deferred):
            deferred.append((item, msg, str(outcome)))
        elif isinstance(outcome, Rejected):
            result.failed.append((item, str(outcome)))
        else:
            result.stopped = outcome
            result.not_attempted = [i for i, _m in messages[n + 1:]]
            break
    # Later in the batch, a greylisting server or a recipient's server that was away
    # usually takes it.
    for n, (item, msg, first) in enumerate(deferred):
        if result.stopped:
            result.failed.append((item, first))
            continue
        outcome = _send_one(item, msg, sender, transport, ledger)
        if isinstance(outcome, Record):
            result.sent.append((item, outcome))
            result.retried.append((item, first))
        elif isinstance(outcome, Rejected):
            result.failed.append((item, _("{first}; tried again at the end: {again}").format(
                first=first, again=outcome)))
        else:
            result.stopped = outcome
    return result


def _send_one(item: Outgoing, msg: EmailMessage, sender: str, transport: Transport,
              ledger: Ledger) -> "Record | Rejected | Stop":
    """Intent, send, result: the accepted message's Record, the refusal, or where to stop."""
    message_id = str(msg["Message-ID"])
    try:
        ledger.intend(item.agency, item.address, item.sha256, item.entry.file, message_id,
                      content=item.entry.content)
    except LedgerError as e:
        return Stop(item, str(e))
    try:
        transport.send(sender, item.address, to_bytes(msg))
    except (Rejected, ServerFailure) as e:
        try:
            # Not taken (or, cut during DATA, not known to be): sent again next run.
            ledger.failed(message_id)
        except LedgerError as le:
            return Stop(item, str(le))
        return e if isinstance(e, Rejected) else Stop(item, str(e), e.maybe_sent)
    try:
        return ledger.record(item.agency, item.address, item.sha256, item.entry.file,
                             message_id, content=item.entry.content)
    except LedgerError as e:
        # Delivered, and its intent is logged: the next run names it instead of sending.
        return Stop(item, _("it was sent, but {error}").format(error=e))
