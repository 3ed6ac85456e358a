"""Which messages to make: one per agency in DIR/agencies/index.yaml that has tasks.

`matrix build` writes the index (agency, file, lead, support, tasks, documents, sha256)
beside the workbooks. Each workbook is read here once and its hash checked against the
index, so the counts in the message are those of the file attached; the ledger then
decides what was already sent. Everything that can be wrong with the input (a missing
file, an invalid address) is found here, before the first message goes out.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Iterable, Optional

from ..config import read_yaml
from ..errors import MatrixError
from ..i18n import _
from ..registry import Registry
from ..text import fold_brackets
from .headers import check_address
from .ledger import Ledger

AGENCIES = "agencies"
INDEX = "index.yaml"
OUTBOX = "outbox"
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
    content: str = ""                # the key of its task list's content (build.index_entries)
    prefilled: str = ""              # the key of the reports it came pre-filled with


@dataclass
class Outgoing:
    """A message to make: the agency, where it goes, and the exact workbook bytes."""
    entry: Entry
    address: str
    path: Path
    data: bytes = field(repr=False)
    sha256: str
    already_sent: bool = False

    @property
    def agency(self) -> str:
        return self.entry.agency


@dataclass
class Plan:
    send: list[Outgoing]             # to send (or, in a dry run, to write as .eml)
    already_sent: list[Outgoing]     # same agency, address and workbook in the ledger
    no_address: list[Entry]          # have tasks, but no email in the registry
    held_back: int = 0               # left for a later run by --limit


def _count(row: dict, key: str, where: str, n: int) -> int:
    value = row.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise MatrixError(_("entry {n}: '{key}' must be a count").format(n=n, key=key), where)
    return value


def read_index(folder: Path) -> list[Entry]:
    """The entries of FOLDER/agencies/index.yaml, checked, in the order build wrote them."""
    path = Path(folder) / AGENCIES / INDEX
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


def select(entries: list[Entry], only: Iterable[str], registry: Registry) -> list[Entry]:
    """Entries for the agencies named by --only (any registry spelling), index order kept."""
    wanted = [w for w in only if w.strip()]
    if not wanted:
        return entries
    key = {fold_brackets(e.agency): e for e in entries}
    chosen: set[str] = set()
    unknown = []
    for w in wanted:
        k = fold_brackets(registry.canonical(w))
        if k in key:
            chosen.add(k)
        elif fold_brackets(w) in key:
            chosen.add(fold_brackets(w))
        else:
            unknown.append(w)
    if unknown:
        raise MatrixError(_("--only: not in the index of built workbooks: {names}").format(
            names=", ".join(unknown)))
    return [e for e in entries if fold_brackets(e.agency) in chosen]


def make_plan(folder: Path, registry: Registry, ledger: Ledger, *, only: Iterable[str] = (),
              limit: Optional[int] = None, resend: bool = False,
              registry_file: Optional[str] = None, changed_only: bool = False) -> Plan:
    folder = Path(folder)
    entries = select(read_index(folder), only, registry)
    plan = Plan(send=[], already_sent=[], no_address=[])
    for e in entries:
        if changed_only and not e.changes:
            continue
        # An agency a revision took every task from is told so, though it has none left.
        if e.tasks <= 0 and not e.changes:
            continue
        address = registry.email(e.agency)
        if not address:
            plan.no_address.append(e)
            continue
        address = check_address(address, _("email of {agency}").format(agency=e.agency),
                                registry_file)
        path = folder / AGENCIES / e.file
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise MatrixError(_("{file} is listed in {index} but missing: run `matrix build` "
                                "again").format(file=e.file, index=INDEX),
                              str(path.parent)) from None
        sha = hashlib.sha256(data).hexdigest()
        if e.sha256 and sha != e.sha256.lower():
            # The counts in the message come from the index: never send them with a
            # workbook they do not describe.
            raise MatrixError(_("{file} changed since `matrix build` wrote {index}: run "
                                "`matrix build` again").format(file=e.file, index=INDEX),
                              str(path.parent))
        item = Outgoing(entry=e, address=address, path=path, data=data, sha256=sha)
        if not resend and ledger.has(e.agency, address, sha, e.content):
            item.already_sent = True
            plan.already_sent.append(item)
        elif limit is not None and len(plan.send) >= limit:
            plan.held_back += 1
        else:
            plan.send.append(item)
    return plan
