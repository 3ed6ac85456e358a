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
from .ledger import Ledger, Record
from .plan import Outgoing
from .send import Rejected, ServerFailure, Transport


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
    """Send in order; log each accepted message at once; stop at the first server failure."""
    result = Result()
    messages = compose_all(items, composer, changes)
    sender = composer.settings.sender.address
    for n, (item, msg) in enumerate(messages):
        try:
            transport.send(sender, item.address, to_bytes(msg))
        except Rejected as e:
            result.failed.append((item, str(e)))
        except ServerFailure as e:
            result.stopped = Stop(item, str(e), e.maybe_sent)
            result.not_attempted = [i for i, _ in messages[n + 1:]]
            break
        else:
            record = ledger.record(item.agency, item.address, item.sha256, item.entry.file,
                                   str(msg["Message-ID"]), content=item.entry.content)
            result.sent.append((item, record))
        finally:
            if progress:
                progress(item)
    return result
