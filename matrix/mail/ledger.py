"""The send log, DIR/outbox/sent.jsonl: what was sent, so nothing is sent twice.

One JSON object per line: agency, address, content (the key of the task list the bureau
received, from the index), sha256 (of the attachment actually sent), file, message_id,
time. A bureau is sent the same task list once: the ledger matches on its content, so a
rebuild that writes the same list again (another day, another folder) sends nothing. A line is appended, flushed and fsync'ed right after the server
accepted the message, so a crash or a dropped connection mid-batch loses no record of
what went out. (The one window left: the server said 250 and the process died before
the line reached the disk; that message would be sent again, never lost.)
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Optional



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
        if self.path.is_file():
            for record in self._read():
                self._remember(record)

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
                    yield Record(agency=str(d["agency"]), address=str(d["address"]),
                                 sha256=str(d["sha256"]), file=str(d.get("file", "")),
                                 message_id=str(d.get("message_id", "")),
                                 time=str(d.get("time", "")), content=str(d.get("content", "")))
                except (ValueError, KeyError, TypeError, AttributeError):
                    named = _AGENCY.search(raw.decode("utf-8", errors="replace"))
                    self.damaged.append((no, named.group(1) if named else None))

    def _remember(self, record: Record) -> None:
        self.records.append(record)
        self._sent.add(_key(record.agency, record.address, record.sha256))
        if record.content:
            self._sent.add(_key(record.agency, record.address, "content:" + record.content))

    def has(self, agency: str, address: str, sha256: str, content: str = "") -> bool:
        """Was this task list (by its content; by the file's bytes for records older than
        content keys) already sent to this agency at this address?"""
        return _key(agency, address, sha256) in self._sent or bool(
            content and _key(agency, address, "content:" + content) in self._sent)

    def record(self, agency: str, address: str, sha256: str, file: str, message_id: str,
               when: Optional[datetime] = None, content: str = "") -> Record:
        rec = Record(agency=agency, address=address, sha256=sha256, file=file,
                     message_id=message_id,
                     time=(when or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
                     content=content)
        line = json.dumps(asdict(rec), ensure_ascii=False) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("ab") as f:
            # A crash may have left a line without its newline; start a fresh one so the
            # new record is not glued to the broken one.
            if f.tell() > 0 and not _ends_with_newline(self.path):
                f.write(b"\n")
            f.write(line.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        self._remember(rec)
        return rec


_AGENCY = re.compile(r'"agency"\s*:\s*"([^"]{1,80})"')


def _key(agency: str, address: str, sha256: str) -> tuple[str, str, str]:
    # Addresses compare without case: a registry edit from Fgw@ to fgw@ is the same mailbox.
    return agency, address.lower(), sha256


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as f:
        f.seek(-1, os.SEEK_END)
        return f.read(1) == b"\n"
