"""`build` and `run` as library calls: parsed documents → matrix.xlsx, agency workbooks, index.

A document that cannot be read is an error naming it; the others are still built. The
index (agencies/index.yaml) tells `matrix mail` which workbook belongs to which agency.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional


from . import agency_index, build_state, corpus, groups, parallel, store
from .config import Config
from .errors import MatrixError
from .fileio import file_sha256
from .i18n import _, ngettext
from .layout import Layout, state_of
from .model import Document
from .naming import agency_filename, short_hash
from .render import agency as agency_book
from .render import workbook
from .render.groups import write_groups_summary
from .render.tasks import Plan, plan as make_plan, subplan
from .prepare import load_overrides, prepare



class Progress:
    """Told how the work advances; silent here, the CLI draws a bar."""

    def start(self, label: str, total: int) -> None:
        pass

    def advance(self, item: Any = None) -> None:
        pass

    def finish(self) -> None:
        pass


@dataclass
class BuildResult:
    out_dir: Path
    documents: int = 0
    measures: int = 0
    agencies: int = 0
    unassigned: int = 0
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)        # agency workbooks left as they were
    errors: list[MatrixError] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)      # agencies not in the registry
    notes: list[str] = field(default_factory=list)        # overrides not applied, …
    changes: int = 0                                      # changes found by revisions
    unchanged: bool = False       # made from what the last build was: nothing written
    grouped: bool = False         # a matrix per group in matrices/ (build --group-by)
    parsed: list[tuple[Path, Document]] = field(default_factory=list)   # `run` only

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        written = len(self.written)
        if self.unchanged:
            return _("{documents}, {measures}, {agencies}, {unassigned}; nothing changed since "
                     "the last build, so no workbook was written again").format(**self._counts())
        line = _("{documents}, {measures}, {agencies}, {unassigned}, {written}").format(
            **self._counts(), written=ngettext("{n} file written to {path}", "{n} files written to {path}",
                             written).format(n=written, path=self.out_dir))
        if self.kept:
            line = ngettext("{summary} ({n} agency workbook unchanged)",
                            "{summary} ({n} agency workbooks unchanged)",
                            len(self.kept)).format(summary=line, n=len(self.kept))
        return line

    def _counts(self) -> dict[str, str]:
        return dict(
            documents=ngettext("{n} document", "{n} documents", self.documents).format(
                n=self.documents),
            measures=ngettext("{n} measure", "{n} measures", self.measures).format(
                n=self.measures),
            agencies=ngettext("{n} agency", "{n} agencies", self.agencies).format(
                n=self.agencies),
            unassigned=ngettext("{n} unassigned measure", "{n} unassigned measures",
                                self.unassigned).format(n=self.unassigned))

    def said(self) -> dict[str, Any]:
        """What a build with nothing changed says again (build_state)."""
        return {"documents": self.documents, "measures": self.measures,
                "agencies": self.agencies, "unassigned": self.unassigned,
                "unknown": self.unknown, "notes": self.notes, "changes": self.changes,
                "kept": [p.relative_to(self.out_dir).as_posix()
                         for p in self.written + self.kept
                         if p.parent == Layout(self.out_dir).agencies and p.suffix == ".xlsx"]}

    @classmethod
    def as_before(cls, out_dir: Path, said: dict[str, Any]) -> "BuildResult":
        return cls(out_dir=out_dir, documents=said["documents"], measures=said["measures"],
                   agencies=said["agencies"], unassigned=said["unassigned"],
                   unknown=list(said["unknown"]), notes=list(said["notes"]),
                   kept=[out_dir / p for p in said["kept"]],
                   unchanged=True)


def agency_paths(agencies: list[str], folder: Path) -> dict[str, Path]:
    """A workbook path per agency: safe, unique even on case-blind file systems, inside folder."""
    root = folder.resolve()
    used: set[str] = set()
    out = {}
    for a in agencies:
        name = agency_filename(a)
        if name.casefold() in used:
            stem, suffix = name.rsplit(".", 1)
            name = f"{stem}-{short_hash(a)}.{suffix}"
        used.add(name.casefold())
        path = folder / name
        # agency_filename already removes separators; this guards against any future slip.
        if path.resolve().parent != root:
            raise MatrixError(_("agency name {agency!r} would write outside {folder}").format(
                agency=a, folder=folder), str(folder))
        out[a] = path
    return out


def reported(out_dir: Path) -> dict[str, dict[str, tuple[str, str, str]]]:
    """What each bureau last reported, from the tracker, if there is one yet."""
    from .tracker.db import Tracker
    db_file = Layout(out_dir).tracker_db
    if not db_file.is_file():
        return {}
    out: dict[str, dict[str, tuple[str, str, str]]] = {}
    with Tracker(db_file) as db:
        for (agency, key), r in db.latest().items():
            out.setdefault(agency, {})[key] = (r.state, r.progress, r.note)
    return out


def unchanged(entry: Optional[dict], key: str, path: Path, prefilled: str = "") -> bool:
    """The workbook on disk is the one the previous build made from the same content,
    pre-filled with the same reports."""
    return (entry is not None and entry.get("content") == key and entry.get("file") == path.name
            and (entry.get("prefilled") or "") == prefilled
            and path.is_file() and entry.get("sha256") == file_sha256(path))


def _remove_stale(folder: Path, keep: set[str], old: list[dict[str, Any]]) -> list[str]:
    """Delete workbooks the previous index listed and this build no longer makes; returns
    whose they were.

    Only files named in our own index are touched, never anything else in the folder.
    """
    gone = []
    for entry in old:
        name = entry.get("file")
        if (isinstance(name, str) and name.endswith(".xlsx") and name not in keep
                and Path(name).name == name and not name.startswith(".")
                and (folder / name).is_file()):
            (folder / name).unlink()
            gone.append(str(entry.get("agency") or name))
    return gone


def build(docs: list[Document], out_dir: Path, config: Config,
          generated: Optional[str] = None, progress: Optional[Progress] = None,
          history: Optional[Path] = None, jobs: int = 1,
          group_by: Optional[str] = None) -> BuildResult:
    """Write DIR/matrix.xlsx, DIR/agencies/<agency>.xlsx and DIR/agencies/index.yaml.

    Overrides from the config are applied first; with `history` (the parsed-files folder),
    each document is compared with its earlier version and the changes are shown. With
    jobs > 1, agency workbooks are written by that many processes while this one writes
    matrix.xlsx. With `group_by` (year, issuer, folder), each group's matrix goes to
    DIR/matrices/ and matrix.xlsx sums them up.
    """
    # (The setting was checked when the config was read; this checks what a caller passed.)
    group_by = groups.check(group_by if group_by is not None else config.settings.get("group_by"))
    out_dir = Path(out_dir)
    progress = progress or Progress()
    generated = generated or datetime.date.today().isoformat()
    if not docs:
        raise MatrixError(_("nothing to build: no parsed documents"))
    inputs = build_state.key(docs, config, generated, group_by, history, out_dir)
    before = build_state.recall(out_dir, inputs)
    if before is not None:
        return BuildResult.as_before(out_dir, before)
    edited = build_state.set_aside_edited(out_dir)
    build_state.forget(out_dir)
    prepared = prepare(docs, config, history)
    plan = make_plan(prepared.documents, config.registry, changes=prepared.changes or None,
                     reported=reported(out_dir))
    result = BuildResult(out_dir=out_dir, grouped=bool(group_by),
                         documents=len(plan.docs), measures=plan.measures,
                         agencies=len(plan.agencies), unassigned=plan.unassigned,
                         unknown=list(plan.unknown), notes=prepared.problems,
                         changes=len(prepared.changes.all()))
    for dp in plan.docs:
        if dp.agencies and not dp.columns:
            result.notes.append(_("{sheet}: names {n} agencies, more than a sheet has columns; "
                                  "its sheet lists them in the lead and support columns only")
                                .format(sheet=dp.sheet, n=len(dp.agencies)))
    layout = Layout(out_dir)
    books = _agency_books(plan, prepared, layout, config.labels)
    suggested = _suggestions(plan, prepared.documents, config, history, out_dir)
    _write(plan, books, layout, config, generated, progress, jobs, result, suggested, group_by)
    gone = _remove_stale(layout.agencies, {p.name for p in books.paths.values()}, books.previous)
    result.written.append(agency_index.write(layout, agency_index.entries(
        plan, books.paths, books.keys, books.prefills)))
    if result.ok:
        build_state.remember(out_dir, inputs, result.written + result.kept, result.said())
    # Said this time only: a rerun with nothing changed removes and sets aside nothing.
    if gone:
        # The clerk may have mailed them: say which lists are no more.
        shown = "、".join(gone[:8]) + ("…" if len(gone) > 8 else "")
        result.notes.append(ngettext(
            "{n} agency has no task in these documents any more; its workbook was removed "
            "from {folder}: {names}",
            "{n} agencies have no task in these documents any more; their workbooks were "
            "removed from {folder}: {names}", len(gone)).format(
                n=len(gone), folder=layout.agencies, names=shown))
    for path, copy in edited:
        result.notes.append(_("{path} was changed by hand since the last build; the changed "
                              "file is kept as {copy} (a correction that should last goes in "
                              "config/overrides.yaml)").format(path=path, copy=copy))
    return result


@dataclass(frozen=True)
class AgencyBooks:
    """The agency workbooks a build makes: where each goes, what it holds (its content key
    and the reports it is pre-filled with), which are unchanged since the last build."""
    paths: dict[str, Path]
    keys: dict[str, str]
    prefills: dict[str, str]
    previous: list[dict[str, Any]]      # the last build's index
    todo: list[str]                     # agencies whose workbook is written
    kept: list[str]                     # … and those whose file is kept as it is


def _agency_books(plan: Plan, prepared, layout: Layout, labels: dict[str, str]) -> AgencyBooks:
    # An agency a revision took every task from still gets a workbook saying so.
    gone = [a for a in prepared.changes.agencies()
            if a not in plan.tasks and prepared.changes.dropped(a)]
    paths = agency_paths(plan.agencies + gone, layout.agencies)
    previous = agency_index.previous(layout)
    before = {e.get("agency"): e for e in previous}
    keys = {a: agency_book.content_key(plan, a, labels) for a in paths}
    prefills = {a: agency_book.prefill_key(plan, a) for a in paths}
    # Same content as last time: keep the file, so its bytes and hash stay the same and
    # `matrix mail` does not send the bureau the same list again.
    kept = [a for a in paths if unchanged(before.get(a), keys[a], paths[a], prefills[a])]
    todo = [a for a in paths if a not in set(kept)]
    return AgencyBooks(paths, keys, prefills, previous, todo, kept)


def _suggestions(plan: Plan, docs: list[Document], config: Config, history: Optional[Path],
                 out_dir: Path) -> dict[tuple[str, str], Any]:
    """Suggested leads for the 未分配 sheet, by (document, measure): shown, never applied."""
    if not plan.unassigned:
        return {}
    from . import suggest
    level = (config.settings.get("suggest") or {}).get("level")
    return {(s.document, s.measure): s for s in suggest.for_build(
        docs, config.registry, history, level, Layout(out_dir).suggest_state)}


def _write(plan: Plan, books: AgencyBooks, layout: Layout, config: Config, generated: str,
           progress: Progress, jobs: int, result: BuildResult,
           suggested: Optional[dict] = None, group_by: Optional[str] = None) -> None:
    """matrix.xlsx and the agency workbooks that changed, in this process or in `jobs`."""
    labels = config.labels
    progress.start(_("workbooks"), 1 + len(books.paths))
    try:
        for a in books.kept:
            result.kept.append(books.paths[a])
            progress.advance(a)

        def write_matrix() -> None:
            flag = bool(config.registry.agencies)
            if group_by:
                result.written += _write_groups(plan, layout, labels, generated, flag,
                                                suggested, group_by)
            else:
                result.written.append(workbook.write_matrix(
                    plan, layout.matrix, labels, generated, flag_unknown=flag,
                    suggestions=suggested))
                _remove_groups(layout, keep=set())
            progress.advance(layout.matrix.name)

        todo = books.todo
        if jobs > 1 and len(todo) > 1:
            result.written += parallel.write_agencies(
                plan, [(a, books.paths[a]) for a in todo], labels, generated, jobs,
                meanwhile=write_matrix, done=progress.advance)
        else:
            write_matrix()
            for a in todo:
                result.written.append(agency_book.write_agency(plan, a, books.paths[a], labels,
                                                               generated))
                progress.advance(a)
    finally:
        progress.finish()


def _write_groups(plan: Plan, layout: Layout, labels: dict[str, str], generated: str,
                  flag_unknown: bool, suggested: Optional[dict], by: str) -> list[Path]:
    """A matrix per group in DIR/matrices/, then matrix.xlsx summing them up."""
    made = []
    for name, indices in groups.groups([dp.doc for dp in plan.docs], by):
        part = subplan(plan, indices)
        path = workbook.write_matrix(part, layout.group_matrix(name), labels, generated,
                                     flag_unknown=flag_unknown, suggestions=suggested)
        made.append((name, path, part))
    _remove_groups(layout, keep={p.name for _, p, _ in made})
    summary = write_groups_summary(made, plan, layout.matrix, labels, generated, flag_unknown)
    return [p for _, p, _ in made] + [summary]


def _remove_groups(layout: Layout, keep: set[str]) -> None:
    """The matrices of groups this build no longer has (another grouping, or none), with
    their carry-over records. Only workbooks in our own matrices/ folder are touched."""
    if not layout.matrices.is_dir():
        return
    for path in layout.matrices.glob("*.xlsx"):
        if path.name not in keep and not path.name.startswith("."):
            path.unlink(missing_ok=True)
            state_of(path).unlink(missing_ok=True)
    try:
        layout.matrices.rmdir()          # only if nothing else is in it
    except OSError:
        pass


def build_files(paths: Iterable[Path], out_dir: Path, config: Config,
                generated: Optional[str] = None,
                progress: Optional[Progress] = None, jobs: int = 1,
                group_by: Optional[str] = None) -> BuildResult:
    """`matrix build`: load parsed files, build what loaded, report the rest as errors.

    Of the workspace's parsed-files folder (DIR/measures), only what the documents folder
    holds now is built: a parsed file whose document is gone is set aside (corpus.py).
    """
    paths = list(paths)
    if not store.parsed_files(paths):
        shown = ", ".join(str(p) for p in paths)
        raise MatrixError(_("no parsed files in {paths} (run `matrix parse` first, or "
                            "`matrix run`)").format(paths=shown))
    found = corpus.load(paths, roots(config), set_aside=True,
                        folder=Layout(out_dir).measures, prefer=overridden(config))
    if not found.documents:
        return BuildResult(out_dir=Path(out_dir), errors=found.errors, notes=found.notes)
    # Earlier versions are kept beside the parsed files (store.save); one folder, one history.
    folders = {p.parent for p in store.parsed_files(paths)}
    history = folders.pop() if len(folders) == 1 else None
    result = build(found.documents, out_dir, config, generated, progress, history, jobs,
                   group_by)
    result.errors = found.errors + result.errors
    result.notes = found.notes + result.notes
    return result


def overridden(config: Config) -> set[str]:
    """The documents config/overrides.yaml names (by file stem)."""
    return {o.document for o in load_overrides(config)}


def roots(config: Config) -> list[Path]:
    """Where a parsed file's document path is looked for: it was written from one of them."""
    return [Path("."), config.root]


def document_paths(config: Config) -> list[Path]:
    """The documents `run` takes when given none: the config's globs, from the workspace."""
    from .parsing import expand
    found = expand(config.settings.get("documents") or [], config.root)
    if not any(p.exists() for p in found):        # a documents/ folder not made yet, too
        raise MatrixError(_("no documents to run on: none match the config's documents "
                            "({globs})").format(
                                globs=", ".join(config.settings.get("documents") or [])))
    return found


def run(doc_paths: list[Path], out_dir: Path, config: Config, generated: Optional[str] = None,
        progress: Optional[Progress] = None, jobs: int = 1,
        group_by: Optional[str] = None) -> BuildResult:
    """`matrix run`: parse each document into DIR/measures/, then build what parsed."""
    from .parsing import documents_in, parse_many, skipped_in
    skipped = skipped_in(doc_paths)
    doc_paths = documents_in(doc_paths)
    progress = progress or Progress()
    out_dir = Path(out_dir)
    progress.start(_("parsing"), len(doc_paths))
    try:
        parsed = parse_many(doc_paths, Layout(out_dir).measures, config,
                            progress=progress.advance, jobs=jobs)
    finally:
        progress.finish()
    measures = Layout(out_dir).measures
    had_lists = {e.get("agency") for e in agency_index.previous(Layout(out_dir))}
    # A document deleted from the folder since the last run: its parsed file is set aside.
    gone = corpus.set_aside_gone(measures, roots(config), keep=[p for p, _ in parsed.written])
    docs, twice = corpus.distinct([d for _, d in parsed.written], overridden(config))
    if docs:
        result = build(docs, out_dir, config, generated, progress, measures, jobs, group_by)
    else:
        result = BuildResult(out_dir=out_dir)
    result.notes = skipped + parsed.notes + gone + twice + result.notes + _lost(
        parsed.errors, measures, had_lists, out_dir, config)
    result.parsed = list(parsed.written)
    # Parsed files kept as they were (their document unchanged) were not written.
    result.written = [p for p, _ in parsed.written if p not in parsed.cached] + result.written
    result.errors = list(parsed.errors) + result.errors
    return result


def _lost(errors: list[MatrixError], measures: Path, had_lists: set, out_dir: Path,
          config: Config) -> list[str]:
    """For each document that could not be read this time: the agencies that had a task
    list before, were named in its last parse, and have none now. Said, because their
    workbooks went with it (until the file is fixed) and nothing else would tell."""
    now = {e.get("agency") for e in agency_index.previous(Layout(out_dir))}
    notes = []
    for err in errors:
        if not err.where:
            continue
        try:
            doc = store.load(measures / f"{Path(err.where).stem}.yaml")
        except (MatrixError, OSError):
            continue                     # never parsed before: nobody had a list from it
        named = {config.registry.canonical(n) for m in doc.measures
                 for n in [*m.lead, *m.support, *(a for t in m.tasks for a in t.lead + t.support)]}
        lost = sorted(a for a in named & had_lists if a not in now)
        if lost:
            shown = "、".join(lost[:8]) + ("…" if len(lost) > 8 else "")
            notes.append(ngettext(
                "{path} could not be read, so {n} agency named only in it has no task list "
                "this time: {names}; fix the file and run again",
                "{path} could not be read, so {n} agencies named only in it have no task list "
                "this time: {names}; fix the file and run again", len(lost)).format(
                    path=err.where, n=len(lost), names=shown))
    return notes
