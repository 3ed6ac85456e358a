"""The send log, DIR/outbox/sent.jsonl: what was sent, so nothing is sent twice.

One JSON object per line: agency, address, sha256 (of the attachment actually sent),
file, message_id, time. A line is appended, flushed and fsync'ed right after the server
accepted the message, so a crash or a dropped connection mid-batch loses no record of
what went out. (The one window left: the server said 250 and the process died before
the line reached the disk; that message would be sent again, never lost.)
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Optional

FILE_NAME = "sent.jsonl"


@dataclass(frozen=True)
class Record:
    agency: str
    address: str
    sha256: str
    file: str
    message_id: str
    time: str


class Ledger:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.records: list[Record] = []
        self.unreadable = 0          # lines skipped, e.g. a half-written last line
        self._sent: set[tuple[str, str, str]] = set()
        if self.path.is_file():
            for record in self._read():
                self._remember(record)

    def _read(self) -> Iterator[Record]:
        with self.path.open(encoding="utf-8", errors="replace") as f:
            for line in f:
                if not line.strip():
                    continue
                try:
                    d = json.loads(line)
                    yield Record(agency=str(d["agency"]), address=str(d["address"]),
                                 sha256=str(d["sha256"]), file=str(d.get("file", "")),
                                 message_id=str(d.get("message_id", "")),
                                 time=str(d.get("time", "")))
                except (ValueError, KeyError, TypeError):
                    self.unreadable += 1

    def _remember(self, record: Record) -> None:
        self.records.append(record)
        self._sent.add(_key(record.agency, record.address, record.sha256))

    def has(self, agency: str, address: str, sha256: str) -> bool:
        """Was this workbook already sent to this agency at this address?"""
        return _key(agency, address, sha256) in self._sent

    def record(self, agency: str, address: str, sha256: str, file: str, message_id: str,
               when: Optional[datetime] = None) -> Record:
        rec = Record(agency=agency, address=address, sha256=sha256, file=file,
                     message_id=message_id,
                     time=(when or datetime.now(timezone.utc)).isoformat(timespec="seconds"))
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


def _key(agency: str, address: str, sha256: str) -> tuple[str, str, str]:
    # Addresses compare without case: a registry edit from Fgw@ to fgw@ is the same mailbox.
    return agency, address.lower(), sha256


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as f:
        f.seek(-1, os.SEEK_END)
        return f.read(1) == b"\n"
