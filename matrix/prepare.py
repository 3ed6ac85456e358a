"""Before a build: apply the manual overrides, and compare each document with the version
kept before it, so the workbooks can show what a revision changed and for whom.

The earlier version gets the same overrides, so a correction made by hand does not show
as a change every time; what is reported is what the document itself changed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from . import overrides as O
from . import store
from .config import Config
from .diff import REMOVED, Change, DocumentDiff, diff
from .errors import MatrixError
from .i18n import _
from .model import Document


@dataclass
class ChangeSet:
    """The changes of every revised document in a build, looked up by measure or agency."""
    diffs: dict[int, DocumentDiff] = field(default_factory=dict)   # document index → diff

    def __bool__(self) -> bool:
        return any(d.changes for d in self.diffs.values())

    def all(self) -> list[tuple[int, Change]]:
        return [(i, c) for i, d in sorted(self.diffs.items()) for c in d.changes]

    def for_measure(self, doc: int, measure_id: str) -> list[Change]:
        d = self.diffs.get(doc)
        return [c for c in d.changes if c.measure == measure_id and c.kind != REMOVED] if d else []

    def for_agency(self, agency: str) -> list[tuple[int, Change]]:
        return [(i, c) for i, c in self.all() if agency in c.agencies]

    def marks(self, doc: int, measure_id: str, agency: str) -> list[Change]:
        """Changes that make this measure new or changed for this agency."""
        return [c for c in self.for_measure(doc, measure_id)
                if agency in c.agencies and not c.takes_away]

    def dropped(self, agency: str) -> list[tuple[int, Change]]:
        """Tasks the agency no longer has: measures removed, or its role taken away."""
        return [(i, c) for i, c in self.for_agency(agency) if c.takes_away]

    def agencies(self) -> list[str]:
        return list(dict.fromkeys(a for _, c in self.all() for a in c.agencies))


@dataclass
class Prepared:
    documents: list[Document]
    problems: list[str] = field(default_factory=list)      # overrides not applied, …
    changes: ChangeSet = field(default_factory=ChangeSet)


def load_overrides(config: Config) -> list[O.Override]:
    """The overrides config.load read and checked (read here for a Config made by hand)."""
    if config.overrides:
        return list(config.overrides)
    path = config.file("overrides.yaml")
    return O.parse(config.load_file("overrides.yaml"), str(path)) if path else []


def prepare(docs: list[Document], config: Config, history: Optional[Path] = None) -> Prepared:
    """Apply overrides; with `history` (the parsed-files folder), diff against earlier versions."""
    rules = load_overrides(config)
    result = Prepared([])
    for i, doc in enumerate(docs):
        # Most documents have no override: they are used as they are, not copied first.
        mine = [o for o in rules if o.document == doc.key]
        applied = O.apply(doc, mine, config.registry) if mine else O.Outcome(doc)
        result.documents.append(applied.document)
        result.problems += applied.problems
        if history is None:
            continue
        sha = doc.source.sha256 if doc.source else None
        before_path = store.previous(history, doc.key, sha)
        if before_path is None:
            continue
        try:
            before = O.apply(store.load(before_path), rules, config.registry).document
        except MatrixError as e:
            result.problems.append(_("earlier version not compared: {error}").format(error=e))
            continue
        result.changes.diffs[i] = diff(before, applied.document, config.labels)
    keys = {d.key for d in docs}
    elsewhere = list(dict.fromkeys(o.document for o in rules if o.document not in keys))
    if elsewhere:
        result.problems.append(_("overrides for documents not in this build, not applied: "
                                 "{documents} (a document is named by its file name without "
                                 "extension)").format(documents=", ".join(elsewhere)))
    return result
