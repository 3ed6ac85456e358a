"""Agency census over parsed documents: counts per agency, known or not to the registry.

Counted exactly as `build` counts (overrides applied, one count per task row), so the
figures here are the ones in 总览 and in each bureau's mail.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from . import corpus, store
from .build import overridden, roots
from .config import Config
from .errors import MatrixError
from .i18n import _
from .layout import Layout
from .render.tasks import plan as make_plan
from .prepare import prepare


@dataclass
class AgencyCount:
    name: str
    known: bool
    lead: int = 0
    support: int = 0
    documents: int = 0


def census(paths: list[Path], config: Config, out_dir: Optional[Path] = None
           ) -> tuple[list[AgencyCount], list[MatrixError], list[str]]:
    """Counts per agency, the files that could not be read, and notes on what was left
    out (a document gone from its folder, one read twice), as `build` would."""
    missing = [p for p in paths if not Path(p).exists()]
    if missing and len(missing) == len(paths):
        raise MatrixError(_("nothing parsed yet: run `matrix run` first (or `matrix parse "
                            "DOC...`)"), ", ".join(str(p) for p in missing))
    if not store.parsed_files(paths):
        raise MatrixError(_("no parsed files here (run `matrix parse` first)"),
                          ", ".join(str(p) for p in paths))
    found = corpus.load(paths, roots(config), set_aside=False,
                        folder=Layout(out_dir or config.output).measures,
                        prefer=overridden(config))
    if not found.documents:
        return [], found.errors, found.notes
    plan = make_plan(prepare(found.documents, config).documents, config.registry)
    rows = []
    for a in plan.agencies:
        lead, support = plan.counts(a)
        rows.append(AgencyCount(a, config.registry.knows(a), lead, support,
                                len({t.doc for t in plan.tasks.get(a, [])})))
    return rows, found.errors, found.notes
