"""The output folder: every path matrix writes, and reads again on a later run.

One owner for the names, so a command never spells `measures` or `outbox` by hand and two
commands never disagree on where a file lives:

    output/
      measures/            parsed documents (one YAML each)    ← parse, run
        history/           earlier versions, for `revise`
        .cache/            each as JSON, keyed by content and parser (matrix/cache.py)
      matrix.xlsx          the matrix                           ← build, run
      .matrix-state.json   which sheets can be carried over
      matrices/            with `build --group-by`: a matrix per year, issuer or folder
                           (and the state of each); matrix.xlsx then sums them up
      .suggest-state.json  the 建议牵头 of the last build, and what they were made from
      .build-state.json    what the last build was made from, and the files it left
      手改备份/<time>/      a workbook changed by hand since, kept before a build replaced it
      agencies/            one workbook per agency
        index.yaml         what each holds (mail reads it)
      .index-state.json    the index's keys, quick to read
      outbox/              drafts (.eml), sent.jsonl; reminders-YYYY-MM/ and .jsonl  ← mail
      tracker.sqlite       every report collected               ← collect
      tracker.xlsx         the 督办台账                           ← collect, status
      .matrix.lock         one writer at a time
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

MEASURES, HISTORY = "measures", "history"
AGENCIES, INDEX = "agencies", "index.yaml"
MATRIX = "matrix.xlsx"
MATRICES = "matrices"
OUTBOX, SENT_LOG = "outbox", "sent.jsonl"
TRACKER_DB, TRACKER_BOOK = "tracker.sqlite", "tracker.xlsx"
MATRIX_STATE, INDEX_STATE = ".matrix-state.json", ".index-state.json"
SUGGEST_STATE = ".suggest-state.json"
BUILD_STATE = ".build-state.json"
EDITED = "手改备份"
LOCK, LOCK_HOLDER = ".matrix.lock", ".matrix.lock.json"


def state_of(workbook: Path) -> Path:
    """Which sheets of a matrix workbook can be carried over: .<stem>-state.json beside it
    (.matrix-state.json for matrix.xlsx)."""
    return Path(workbook).parent / f".{Path(workbook).stem}-state.json"


def this_round(today: datetime.date) -> str:
    """The reporting round a day falls in: its month, YYYY-MM."""
    return today.strftime("%Y-%m")


@dataclass(frozen=True)
class Layout:
    """The paths under one output folder."""
    root: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root))

    @property
    def measures(self) -> Path:
        return self.root / MEASURES

    @property
    def history(self) -> Path:
        return self.measures / HISTORY

    @property
    def matrix(self) -> Path:
        return self.root / MATRIX

    @property
    def matrix_state(self) -> Path:
        return state_of(self.matrix)

    @property
    def matrices(self) -> Path:
        return self.root / MATRICES

    def group_matrix(self, group: str) -> Path:
        """The matrix of one group: a name from a document (an issuer) made a safe file name."""
        from .naming import agency_filename
        return self.matrices / agency_filename(group)

    @property
    def edited_copies(self) -> Path:
        """Workbooks changed by hand since the build that wrote them, kept before the next
        build writes over them."""
        return self.root / EDITED

    @property
    def build_state(self) -> Path:
        return self.root / BUILD_STATE

    @property
    def suggest_state(self) -> Path:
        return self.root / SUGGEST_STATE

    @property
    def agencies(self) -> Path:
        return self.root / AGENCIES

    @property
    def index(self) -> Path:
        return self.agencies / INDEX

    @property
    def index_state(self) -> Path:
        return self.root / INDEX_STATE

    @property
    def outbox(self) -> Path:
        return self.root / OUTBOX

    @property
    def sent_log(self) -> Path:
        return self.outbox / SENT_LOG

    def reminder_log(self, round: str) -> Path:
        """One log of reminders a round: a bureau is reminded once a round."""
        return self.outbox / f"reminders-{round}.jsonl"

    def reminder_drafts(self, round: str) -> Path:
        """The dry run's reminders, apart from the task-list drafts in outbox/."""
        return self.outbox / f"reminders-{round}"

    @property
    def tracker_db(self) -> Path:
        return self.root / TRACKER_DB

    def tracker_book(self, round: Optional[str] = None,
                     today: Optional[datetime.date] = None) -> Path:
        """tracker.xlsx for this round as of today. A look at another day or round goes
        beside it, tracker-<round>-截至<day>.xlsx, so the clerk's tracker is never replaced
        by an "as of" report."""
        now = datetime.date.today()
        if today in (None, now) and round in (None, this_round(now)):
            return self.root / TRACKER_BOOK
        today = today or now
        return self.root / f"tracker-{round or this_round(today)}-截至{today.isoformat()}.xlsx"

    @property
    def lock(self) -> Path:
        return self.root / LOCK

    @property
    def lock_holder(self) -> Path:
        return self.root / LOCK_HOLDER
