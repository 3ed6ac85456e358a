"""Close the loop: the workbooks bureaus send back → DIR/tracker.sqlite → DIR/tracker.xlsx.

`collect` records each returned file (one transaction per file, none recorded twice) and
rebuilds the tracker; `status` rebuilds it for a day (`--today`) and tells the counts.
A bad file is one line naming it and never stops the others.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from ..config import Config
from ..errors import MatrixError
from ..i18n import _, ngettext
from ..layout import Layout, this_round
from .db import Tracker
from .returned import read_returned
from .standing import DONE, Standing, Tracked, tracked_tasks
from .. import words

RETURNED_TYPES = (".xlsx", ".xlsm", ".xls", ".et")


@dataclass
class CollectResult:
    lines: list[str] = field(default_factory=list)       # one per file collected
    errors: list[MatrixError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    standing: Optional[Standing] = None
    book: Optional[Path] = None


def returned_files(paths: Iterable[Path]) -> list[Path]:
    """Files as given; a folder stands for the workbooks in it and in its subfolders (as
    mail clients save attachments), Office's ~$ locks and hidden files passed."""
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(q for q in p.rglob("*") if q.suffix.lower() in RETURNED_TYPES
                          and q.is_file() and not any(
                              part.startswith((".", "~$")) for part in q.relative_to(p).parts))
        else:
            out.append(p)
    return out


def _rows(rows, most: int = 10) -> str:
    """Row numbers as a clerk finds them: 5、7、9."""
    return "、".join(str(r.row) for r in rows[:most]) + ("…" if len(rows) > most else "")


def _check(returned, mine: dict[str, Tracked], everyone: dict[str, set[str]]):
    """(reports to record, problems) for one file, against the agency's current tasks."""
    good, problems = [], []
    unknown, bad_state, no_state, edited = [], [], [], []
    for r in returned.rows:
        if r.key not in mine:
            unknown.append(r)
            continue
        if r.text and r.text != mine[r.key].text.strip():
            edited.append(r)                 # reported on all the same: the office's words stand
        if not r.state:
            no_state.append(r)               # not a report: the task stays 未报送
            continue
        if r.state not in words.STATES:
            bad_state.append(r)
            continue
        good.append((r.key, r.state, r.progress, r.note))
    if bad_state:
        said = "、".join(f"“{v}”" for v in dict.fromkeys(r.state for r in bad_state))
        problems.append(_("{n} task(s) with a 状态 that is none of {states}, not recorded: "
                          "rows {rows} (it says {values})").format(
            n=len(bad_state), states="、".join(words.STATES), rows=_rows(bad_state),
            values=said))
    if no_state:
        problems.append(_("{n} task(s) with no 状态 chosen, not recorded (still not reported): "
                          "rows {rows}").format(n=len(no_state), rows=_rows(no_state)))
    if edited:
        problems.append(_("任务内容 changed in the file (locked cells edited), kept as the office "
                          "wrote it: rows {rows}").format(rows=_rows(edited)))
    if unknown:
        owner = {k: a for a, keys in everyone.items() for k in keys if a != returned.agency}
        theirs = [r for r in unknown if r.key in owner]
        gone = [r for r in unknown if r.key not in owner]
        if theirs and not gone and not good:
            problems.append(_("its tasks are another agency's, not {agency}'s").format(
                agency=returned.agency))
        elif theirs:
            problems.append(_("{n} row(s) are another agency's tasks ({agencies}), pasted in; "
                              "not recorded: rows {rows}").format(
                n=len(theirs), rows=_rows(theirs),
                agencies="、".join(dict.fromkeys(owner[r.key] for r in theirs))))
        if gone:
            problems.append(_("{n} task(s) no longer in the current build (the document was "
                              "revised, or the key edited), not recorded: rows {rows}").format(
                n=len(gone), rows=_rows(gone)))
    given = {r.key for r in returned.rows}
    missing = [t for k, t in mine.items() if k not in given]
    if missing and good:
        problems.append(_("{n} of its tasks are not in the file (rows deleted?): {refs}").format(
            n=len(missing), refs="、".join(f"{t.document} {t.ref}" for t in missing[:5])
            + ("…" if len(missing) > 5 else "")))
    return good, problems


def _given(paths: Iterable[Path], result: CollectResult) -> list[Path]:
    """The returned files among PATHs; what is missing, or a folder with no workbook in it,
    is an error of its own."""
    files = []
    for p in map(Path, paths):
        if not p.exists():
            result.errors.append(MatrixError(_("no such file or folder"), str(p)))
            continue
        found = returned_files([p])
        if p.is_dir() and not found:
            result.errors.append(MatrixError(
                _("no workbook (.xlsx, .xls) in this folder"), str(p)))
        files += found
    return files


def _when(received: str) -> str:
    return received.replace("T", " ")[:16]


def collect(paths: Iterable[Path], out_dir: Path, config: Config,
            round: Optional[str] = None, today: Optional[datetime.date] = None,
            now: Optional[str] = None) -> CollectResult:
    """Record the returned files; rebuild the tracker when something new was recorded
    (result.standing and result.book are None when nothing was)."""
    result = CollectResult()
    paths = [Path(p) for p in paths]
    files = _given(paths, result)
    if not files:
        return result
    # An "as of" collect (--today) files what it reads under that day.
    received = now or (f"{today.isoformat()}T00:00:00" if today
                       else datetime.datetime.now().isoformat(timespec="seconds"))
    book = Layout(out_dir).tracker_book(round, today)
    asked = round is not None
    named = {Path(p) for p in paths if Path(p).is_file()}
    day = today or datetime.date.today()
    round = round or this_round(day)
    labels = words.role_labels(config.labels)
    tasks, notes = tracked_tasks(config, out_dir, day, labels)
    result.notes = notes
    by_agency: dict[str, dict[str, Tracked]] = {}
    for t in tasks:
        by_agency.setdefault(t.agency, {})[t.key] = t
    everyone = {a: set(ts) for a, ts in by_agency.items()}
    recorded = 0
    with Tracker(Layout(out_dir).tracker_db) as db:
        for path in files:
            try:
                returned = read_returned(path)
                if returned.agency not in by_agency:
                    raise MatrixError(_("a task list for {agency}, who has no tasks in the "
                                        "current build").format(agency=returned.agency), str(path))
                before = db.seen(returned.sha256)
                if before and asked and before[0] != round and path in named:
                    # Collected under the wrong round: the clerk names the file and the
                    # right round. (Not for a folder's files: last month's are still there.)
                    db.refile(returned.sha256, round)
                    recorded += 1
                    result.lines.append(_("{path}: already collected under {was}; now filed "
                                          "under {round}").format(path=path, was=before[0],
                                                                  round=round))
                    continue
                if before:
                    result.lines.append(_("{path}: already collected ({round}, {when}); "
                                          "nothing new").format(path=path, round=before[0],
                                                                when=_when(before[1])))
                    continue
                good, problems = _check(returned, by_agency[returned.agency], everyone)
                if not good:
                    raise MatrixError("；".join(problems) or _("no task in it"), str(path))
                n = db.record(returned.sha256, path.name, returned.agency, round, received, good)
                recorded += n
                line = ngettext("{path}: collected {n} task for {agency}",
                                "{path}: collected {n} tasks for {agency}", n).format(
                    path=path, n=n, agency=returned.agency)
                result.lines.append(line + "".join(f"；{p}" for p in problems))
            except MatrixError as e:
                result.errors.append(e)
            except OSError as e:
                result.errors.append(MatrixError(e.strerror or str(e), str(path)))
        if not recorded and book.is_file():
            return result          # the tracker already says all there is
        result.standing = _standing(db, tasks, round, day, config, notes)
        history = db.history()
    result.book = write_book(result.standing, book, config, history)
    return result


def _standing(db: Tracker, tasks, round, today, config: Config, notes) -> Standing:
    settings = config.tracker
    # As of `today`: what came in later is not counted (an "as of" report looks back).
    until = today.isoformat()
    return Standing(today=today, round=round, tasks=tasks, latest=db.latest(until=until),
                    this_round=db.latest(round, until), warn_days=int(settings["warn_days"]),
                    alerts={k: settings[k] for k in ("overdue", "due_soon", "silent")},
                    notes=list(notes))


def standing(out_dir: Path, config: Config, round: Optional[str] = None,
             today: Optional[datetime.date] = None) -> tuple[Standing, list]:
    """Where things stand on `today` (default: today) for `round` (default: its month), and
    every report of every round; nothing is written."""
    today = today or datetime.date.today()
    round = round or this_round(today)
    labels = words.role_labels(config.labels)
    tasks, notes = tracked_tasks(config, out_dir, today, labels)
    with Tracker(Layout(out_dir).tracker_db) as db:
        return _standing(db, tasks, round, today, config, notes), db.history()


def status(out_dir: Path, config: Config, round: Optional[str] = None,
           today: Optional[datetime.date] = None) -> CollectResult:
    """Where things stand on `today`: the tracker rebuilt (Layout.tracker_book), nothing collected."""
    now, history = standing(out_dir, config, round, today)
    result = CollectResult(notes=now.notes, standing=now)
    result.book = write_book(now, Layout(out_dir).tracker_book(round, today), config, history)
    return result


def write_book(standing: Standing, target: Path, config: Config, history) -> Path:
    from ..render.tracker import write_tracker
    return write_tracker(standing, history, target, config.registry)


def stale_workbooks(out_dir: Path, entries, agencies: Iterable[str]) -> list[str]:
    """The agencies (of `agencies`) whose workbook, as the index lists it, was built before
    their last collected reports: not pre-filled with them until the next build."""
    from ..build import reported
    from ..render.agency import reports_key
    said = reported(out_dir)
    wanted = set(agencies)
    return [e.agency for e in entries
            if e.agency in wanted and e.prefilled != reports_key(said.get(e.agency, {}))]


def round_text(round: str) -> str:
    """2026-12 → 2026年12月, as a 催办单 writes it."""
    year, month = round.split("-")
    return f"{year}年{int(month)}月"


def reminders(standing: Standing) -> dict[str, dict]:
    """Who gets a 催办单 this round, and what it lists: the bureaus that have not reported;
    those with tasks overdue or due soon (late); and those whose report left tasks out
    (missing: rows refused, deleted or never filled), agency → {round, round_text,
    reported, late, missing}."""
    alerts = standing.alerts
    silent = set(standing.silent())
    out: dict[str, dict] = {}
    for t in standing.tasks:
        warning = standing.warning(t)
        late = warning in (alerts["overdue"], alerts["due_soon"])
        missing = (t.agency not in silent and (t.agency, t.key) not in standing.this_round
                   and standing.state(t) != DONE)
        if not late and not missing and t.agency not in silent:
            continue
        entry = out.setdefault(t.agency, {"round": standing.round,
                                          "round_text": round_text(standing.round),
                                          "reported": t.agency not in silent, "late": [],
                                          "missing": []})
        task = {"document": t.document, "measure": f"{t.ref} {t.title}",
                "deadline": t.deadlines, "due": t.due.isoformat() if t.due else "",
                "warning": warning}
        if late:
            entry["late"].append(task)
        if missing:
            entry["missing"].append(task)
    return out
