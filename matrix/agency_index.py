"""The agency index, DIR/agencies/index.yaml: which workbook is whose and what it holds.

`build` writes it (and beside it a small JSON of the keys the next build needs, quick to
read); `mail` reads it checked (`read`), the next build leniently (`previous`): a damaged
index there only means every workbook is written again.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, Optional

import yaml

from . import yamlout
from .errors import MatrixError
from .fileio import file_sha256, read_yaml, write_text_atomic
from .i18n import _
from .layout import AGENCIES, Layout

if TYPE_CHECKING:
    from .render.tasks import Plan

# libyaml when present: the index of a province-sized build is large.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# cancelled: "是" when the change takes the task away from the agency.
CHANGE_KEYS = ("change", "document", "measure", "detail", "cancelled")


@dataclass(frozen=True)
class Entry:
    """One row of index.yaml: an agency's workbook and what is in it."""
    agency: str
    file: str
    lead: int
    support: int
    tasks: int
    documents: tuple[dict, ...] = ()
    sha256: str = ""
    changes: tuple[dict, ...] = ()   # what a revision changed for it (change, document, measure, detail)
    content: str = ""                # the key of its task list's content (agency_index.entries)
    prefilled: str = ""              # the key of the reports it came pre-filled with


def _count(row: dict, key: str, where: str, n: int) -> int:
    value = row.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise MatrixError(_("entry {n}: '{key}' must be a count").format(n=n, key=key), where)
    return value


def read(layout: Layout) -> list[Entry]:
    """The entries of the index, checked, in the order build wrote them."""
    path = layout.index
    if not path.is_file():
        raise MatrixError(_("no {path}: build the workbooks first with `matrix run` (or "
                            "`matrix build` if the documents are parsed)").format(path=path))
    data = read_yaml(path)
    if not isinstance(data, list):
        raise MatrixError(_("expected a list of agencies"), str(path))
    out = []
    for n, row in enumerate(data, 1):
        if not isinstance(row, dict) or not isinstance(row.get("agency"), str) \
                or not isinstance(row.get("file"), str):
            raise MatrixError(_("entry {n} needs 'agency' and 'file'").format(n=n), str(path))
        name = row["file"]
        # The file name is joined to a path: it must stay inside agencies/.
        if not name or PurePath(name).name != name or name in (".", "..") or "\\" in name:
            raise MatrixError(_("entry {n}: 'file' must be a file name in {folder}/").format(
                n=n, folder=AGENCIES), str(path))
        docs = row.get("documents") or []
        if not isinstance(docs, list) or not all(isinstance(d, dict) for d in docs):
            raise MatrixError(_("entry {n}: 'documents' must be a list of {{title, date}}").format(
                n=n), str(path))
        changes = row.get("changes") or []
        if not isinstance(changes, list) or not all(isinstance(c, dict) for c in changes):
            raise MatrixError(_("entry {n}: 'changes' must be a list of changes").format(n=n),
                              str(path))
        out.append(Entry(agency=row["agency"], file=name,
                         lead=_count(row, "lead", str(path), n),
                         support=_count(row, "support", str(path), n),
                         tasks=_count(row, "tasks", str(path), n),
                         documents=tuple({"title": str(d.get("title") or ""),
                                          "date": str(d.get("date") or "")} for d in docs),
                         sha256=str(row.get("sha256") or ""),
                         content=str(row.get("content") or ""),
                         prefilled=str(row.get("prefilled") or ""),
                         changes=tuple({k: str(c.get(k) or "") for k in CHANGE_KEYS}
                                       for c in changes)))
    return out


# What the next build needs of the index (agency, file, content, sha256), as JSON in DIR
# (the agencies folder holds only workbooks and the index): a province's index.yaml takes
# a second and a half to load, this a few milliseconds.
STATE_KEYS = ("agency", "file", "content", "prefilled", "sha256")


def previous(layout: Layout) -> list[dict[str, Any]]:
    """The index the previous build wrote, or [] if there is none (or it is unreadable)."""
    try:
        text = layout.index.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    try:
        state = json.loads(layout.index_state.read_text(encoding="utf-8"))
        # Only the state written with this very index counts.
        if state.get("index") == hashlib.sha256(text.encode("utf-8")).hexdigest():
            return [e for e in state["entries"] if isinstance(e, dict)]
    except (OSError, ValueError, UnicodeDecodeError, AttributeError, KeyError, TypeError):
        pass
    try:
        old = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError:
        return []
    return [e for e in old if isinstance(e, dict)] if isinstance(old, list) else []


def write(layout: Layout, entries: list[dict[str, Any]]) -> Path:
    index = layout.index
    text = yamlout.dump(entries)
    write_text_atomic(index, text)
    state = {"index": hashlib.sha256(text.encode("utf-8")).hexdigest(),
             "entries": [{k: e.get(k) for k in STATE_KEYS} for e in entries]}
    write_text_atomic(layout.index_state, json.dumps(state, ensure_ascii=False))
    return index


def change_entries(plan: "Plan", agency: str) -> list[dict[str, str]]:
    """The changes that concern an agency, as `matrix mail --changed-only` tells them."""
    if not plan.changes:
        return []
    out = []
    for i, c in plan.changes.for_agency(agency):
        # What the mail says: in Chinese, whatever the language of messages.
        out.append({"change": c.label, "document": plan.docs[i].doc.title,
                    "measure": f"{c.measure or ''} {c.title}".strip(),
                    "detail": c.written_detail, "cancelled": "是" if c.takes_away else ""})
    return out


def entries(plan: "Plan", paths: dict[str, Path], keys: dict[str, str],
                  prefills: Optional[dict[str, str]] = None) -> list[dict[str, Any]]:
    entries = []
    for a in paths:
        lead, support = plan.counts(a)
        doc_ids = list(dict.fromkeys(t.doc for t in plan.tasks.get(a, [])))
        entries.append({
            "agency": a,
            "file": paths[a].name,
            "lead": lead,
            "support": support,
            "tasks": lead + support,
            "documents": [{"title": plan.docs[i].doc.title, "date": plan.docs[i].doc.date}
                          for i in doc_ids],
            "sha256": file_sha256(paths[a]),
            "changes": change_entries(plan, a),
            "content": keys[a],
            "prefilled": (prefills or {}).get(a, ""),
        })
    return entries
