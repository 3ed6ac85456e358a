"""The send log, DIR/outbox/sent.jsonl: what was sent, so nothing is sent twice.

One JSON object per line: agency, address, content (the key of the task list the bureau
received, from the index), sha256 (of the attachment actually sent), file, message_id,
time. A bureau is sent the same task list once: the ledger matches on its content, so a
rebuild that writes the same list again (another day, another folder) sends nothing.

Each send is two lines, each appended, flushed and fsync'ed: the intent
(`"state": "sending"`, before the message is handed over) and the result (the record
above once the server accepted it, or `"state": "failed"`), matched by Message-ID. A
crash between the two leaves an intent without a result: the message may have been
delivered, so the next run names that agency and does not send it again unless told to
(--resend), rather than silently sending it twice.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Optional

from ..errors import MatrixError
from ..i18n import _


@dataclass(frozen=True)
class Record:
    agency: str
    address: str
    sha256: str
    file: str
    message_id: str
    time: str
    content: str = ""


class Ledger:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.records: list[Record] = []
        # Lines that could not be read: (line number, the agency it names if it shows).
        self.damaged: list[tuple[int, Optional[str]]] = []
        self._sent: set[tuple[str, str, str]] = set()
        # Intents not (yet) followed by their result, by Message-ID, in file order (a
        # message tried twice has two intents).
        self._intents: dict[str, Record] = {}
        if self.path.is_file():
            for record in self._read():
                self._remember(record)

    def check_writable(self) -> None:
        """Raise MatrixError naming the log if it cannot be appended to."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("ab"):
                pass
        except OSError as e:
            raise LedgerError(_("the send log cannot be written ({reason}); nothing was "
                                "sent").format(reason=e.strerror or e), str(self.path)) from None


    def interrupted(self, agency: str, address: str, sha256: str,
                    content: str = "") -> Optional[Record]:
        """A send of this list to this agency that was cut off between intent and result
        (and not sent since): it may have been delivered."""
        if self.has(agency, address, sha256, content):
            return None
        for rec in self._intents.values():
            if _key(rec.agency, rec.address, "") == _key(agency, address, "") and (
                    rec.sha256 == sha256 or (content and rec.content == content)):
                return rec
        return None

    @property
    def unreadable(self) -> int:
        return len(self.damaged)

    def _read(self) -> Iterator[Record]:
        with self.path.open("rb") as f:
            for no, raw in enumerate(f, 1):
                if not raw.strip():
                    continue
                try:
                    d = json.loads(raw.decode("utf-8"))
                    state = d.get("state", "sent")
                    if state == "failed":
                        self._intents.pop(str(d["message_id"]), None)
                        continue
                    if state not in ("sent", "sending"):
                        raise ValueError(state)
                    rec = Record(agency=str(d["agency"]), address=str(d["address"]),
                                 sha256=str(d["sha256"]), file=str(d.get("file", "")),
                                 message_id=str(d.get("message_id", "")),
                                 time=str(d.get("time", "")), content=str(d.get("content", "")))
                    if state == "sending":
                        self._intents[rec.message_id] = rec
                        continue
                    yield rec
                except (ValueError, KeyError, TypeError, AttributeError):
                    named = _AGENCY.search(raw.decode("utf-8", errors="replace"))
                    self.damaged.append((no, named.group(1) if named else None))

    def _remember(self, record: Record) -> None:
        self.records.append(record)
        self._intents.pop(record.message_id, None)
        self._sent.add(_key(record.agency, record.address, record.sha256))
        if record.content:
            self._sent.add(_key(record.agency, record.address, "content:" + record.content))

    def has(self, agency: str, address: str, sha256: str, content: str = "") -> bool:
        """Was this task list (by its content; by the file's bytes for records older than
        content keys) already sent to this agency at this address?"""
        return _key(agency, address, sha256) in self._sent or bool(
            content and _key(agency, address, "content:" + content) in self._sent)

    def intend(self, agency: str, address: str, sha256: str, file: str, message_id: str,
               content: str = "") -> Record:
        """Log that this message is about to be handed over (before the server sees it)."""
        rec = _make(agency, address, sha256, file, message_id, None, content)
        self._append({"state": "sending", **asdict(rec)})
        self._intents[message_id] = rec
        return rec

    def failed(self, message_id: str) -> None:
        """Log that the message whose intent is logged was not accepted."""
        self._append({"state": "failed", "message_id": message_id,
                      "time": datetime.now(timezone.utc).isoformat(timespec="seconds")})
        self._intents.pop(message_id, None)

    def record(self, agency: str, address: str, sha256: str, file: str, message_id: str,
               when: Optional[datetime] = None, content: str = "") -> Record:
        """Log that the server accepted this message."""
        rec = _make(agency, address, sha256, file, message_id, when, content)
        self._append(asdict(rec))
        self._remember(rec)
        return rec

    def _append(self, entry: dict) -> None:
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("ab") as f:
                # A crash may have left a line without its newline; start a fresh one so
                # the new record is not glued to the broken one.
                if f.tell() > 0 and not _ends_with_newline(self.path):
                    f.write(b"\n")
                f.write(line.encode("utf-8"))
                f.flush()
                os.fsync(f.fileno())
        except OSError as e:
            raise LedgerError(_("the send log cannot be written ({reason})").format(
                reason=e.strerror or e), str(self.path)) from None


class LedgerError(MatrixError):
    """The send log could not be written: the batch must stop, whatever was sent."""


def _make(agency, address, sha256, file, message_id, when, content) -> Record:
    return Record(agency=agency, address=address, sha256=sha256, file=file,
                  message_id=message_id,
                  time=(when or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
                  content=content)


_AGENCY = re.compile(r'"agency"\s*:\s*"([^"]{1,80})"')


def _key(agency: str, address: str, sha256: str) -> tuple[str, str, str]:
    # Addresses compare without case: a registry edit from Fgw@ to fgw@ is the same mailbox.
    return agency, address.lower(), sha256


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as f:
        f.seek(-1, os.SEEK_END)
        return f.read(1) == b"\n"
