"""DIR/tracker.sqlite: every report every bureau sent back, kept for good.

One row per task per returned file, never changed afterwards. A file is recorded once
(by its sha256), in one transaction, so a file read twice adds nothing and a file that
fails half-way adds nothing either. What a round says of a task is its latest report
in that round; the earlier ones stay, as history.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    sha256   TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    agency   TEXT NOT NULL,
    round    TEXT NOT NULL,
    received TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS reports (
    id       INTEGER PRIMARY KEY,
    agency   TEXT NOT NULL,
    task     TEXT NOT NULL,
    round    TEXT NOT NULL,
    state    TEXT NOT NULL,
    progress TEXT NOT NULL,
    note     TEXT NOT NULL,
    file     TEXT NOT NULL REFERENCES files(sha256),
    received TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reports_by_task ON reports (agency, task, round);
"""


@dataclass(frozen=True)
class Report:
    agency: str
    task: str
    round: str
    state: str
    progress: str
    note: str
    received: str


class Tracker:
    """The database; open it with `with Tracker(path) as t:`."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.executescript(SCHEMA)

    def __enter__(self) -> "Tracker":
        return self

    def __exit__(self, *exc) -> None:
        self.db.close()

    def seen(self, sha256: str) -> Optional[tuple[str, str]]:
        """(round, received) of a file already recorded."""
        row = self.db.execute("SELECT round, received FROM files WHERE sha256 = ?",
                              (sha256,)).fetchone()
        return (row[0], row[1]) if row else None

    def refile(self, sha256: str, round: str) -> int:
        """File an already recorded file, and its reports, under another round."""
        with self.db:
            self.db.execute("UPDATE files SET round = ? WHERE sha256 = ?", (round, sha256))
            return self.db.execute("UPDATE reports SET round = ? WHERE file = ?",
                                   (round, sha256)).rowcount

    def record(self, sha256: str, name: str, agency: str, round: str, received: str,
               reports: Iterable[tuple[str, str, str, str]]) -> int:
        """One returned file, all its (task, state, progress, note) or nothing."""
        rows = [(agency, task, round, state, progress, note, sha256, received)
                for task, state, progress, note in reports]
        with self.db:                      # one transaction: all of the file or none
            self.db.execute("INSERT INTO files VALUES (?, ?, ?, ?, ?)",
                            (sha256, name, agency, round, received))
            self.db.executemany(
                "INSERT INTO reports (agency, task, round, state, progress, note, file, "
                "received) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        return len(rows)

    def latest(self, round: Optional[str] = None, until: Optional[str] = None
               ) -> dict[tuple[str, str], Report]:
        """(agency, task) → its latest report, in `round` or (None) in any round; with
        `until` (YYYY-MM-DD), only what had been received by the end of that day."""
        where, args = ["1"], []
        if round:
            where.append("round = ?")
            args.append(round)
        if until:
            where.append("substr(received, 1, 10) <= ?")
            args.append(until)
        out = {}
        for r in self.db.execute(f"SELECT agency, task, round, state, progress, note, received "
                                 f"FROM reports WHERE {' AND '.join(where)} ORDER BY id", args):
            out[(r[0], r[1])] = Report(*r)
        return out

    def history(self) -> list[Report]:
        """Each round's last word on each task, rounds in order."""
        last: dict[tuple[str, str, str], Report] = {}
        for r in self.db.execute("SELECT agency, task, round, state, progress, note, received "
                                 "FROM reports ORDER BY id"):
            last[(r[0], r[1], r[2])] = Report(*r)
        return sorted(last.values(), key=lambda r: (r.round, r.agency, r.task))

    def rounds(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT round FROM files ORDER BY round")]

    def reported(self, round: str) -> set[str]:
        """The agencies that sent a file in `round`."""
        return {r[0] for r in self.db.execute("SELECT DISTINCT agency FROM files WHERE round = ?",
                                              (round,))}
