"""Agency census over parsed documents: counts per agency, known or not to the registry.

Counted exactly as `build` counts (overrides applied, one count per task row), so the
figures here are the ones in 总览 and in each bureau's mail.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .errors import MatrixError
from .i18n import _
from .build import load_parsed
from .render.tasks import plan as make_plan
from .revise import prepare
from . import store


@dataclass
class AgencyCount:
    name: str
    known: bool
    lead: int = 0
    support: int = 0
    documents: int = 0


def census(paths: list[Path], config: Config) -> tuple[list[AgencyCount], list[MatrixError]]:
    if not store.parsed_files(paths):
        raise MatrixError(_("no parsed files here (run `matrix parse` first)"),
                          ", ".join(str(p) for p in paths))
    docs, errors = load_parsed(paths)
    if not docs:
        return [], errors
    plan = make_plan(prepare(docs, config).documents, config.registry)
    rows = []
    for a in plan.agencies:
        lead, support = plan.counts(a)
        rows.append(AgencyCount(a, config.registry.knows(a), lead, support,
                                len({t.doc for t in plan.tasks.get(a, [])})))
    return rows, errors
