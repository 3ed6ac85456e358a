"""Agency census over parsed documents: counts per agency, known or not to the registry."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import store
from .errors import MatrixError
from .registry import Registry


@dataclass
class AgencyCount:
    name: str
    known: bool
    lead: int = 0
    support: int = 0
    documents: int = 0


def census(paths: list[Path], registry: Registry) -> tuple[list[AgencyCount], list[MatrixError]]:
    files = store.parsed_files(paths)
    if not files:
        raise MatrixError("no parsed files here (run `matrix parse` first)",
                          ", ".join(str(p) for p in paths))
    counts: dict[str, AgencyCount] = {}
    errors = []
    for f in files:
        try:
            doc = store.load(f)
        except MatrixError as e:
            errors.append(e)
            continue
        for name in doc.agencies():
            c = counts.setdefault(name, AgencyCount(name, registry.knows(name)))
            c.documents += 1
        for m in doc.measures:
            for a in m.lead:
                counts[a].lead += 1
            for a in m.support:
                counts[a].support += 1
    rows = sorted(counts.values(), key=lambda c: (registry.order(c.name), -c.lead - c.support))
    return rows, errors
