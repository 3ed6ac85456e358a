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
from pathlib import Path
from typing import Iterable, Optional

from .. import agency_index
from ..agency_index import Entry
from ..errors import MatrixError
from ..i18n import _
from ..layout import INDEX, Layout
from ..registry import Registry
from ..text import fold_brackets
from .headers import check_address
from .ledger import Ledger

__all__ = ["Entry", "Outgoing", "Mailing", "make_plan", "select"]


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
class Mailing:
    """Which messages this run makes: to send, already sent, without an address."""
    send: list[Outgoing]             # to send (or, in a dry run, to write as .eml)
    already_sent: list[Outgoing]     # same agency, address and workbook in the ledger
    no_address: list[Entry]          # have tasks, but no email in the registry
    held_back: int = 0               # left for a later run by --limit
    # a send cut off between its intent and its result: (item, the intent); not sent
    # again unless --resend, as it may have been delivered
    interrupted: list = field(default_factory=list)


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
              registry_file: Optional[str] = None, changed_only: bool = False) -> Mailing:
    layout = Layout(folder)
    entries = select(agency_index.read(layout), only, registry)
    plan = Mailing(send=[], already_sent=[], no_address=[])
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
        path = layout.agencies / e.file
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
        elif not resend and (cut := ledger.interrupted(e.agency, address, sha, e.content)):
            plan.interrupted.append((item, cut))
        elif limit is not None and len(plan.send) >= limit:
            plan.held_back += 1
        else:
            plan.send.append(item)
    return plan
