"""Agency workbooks written by worker processes (`--jobs N`), matrix.xlsx meanwhile here.

Each workbook is independent and written atomically, so workers share nothing but the
plan, which they get once when they start: inherited (fork, on Linux) or pickled (spawn,
elsewhere). Work goes out in small batches so a few large lists do not leave a worker idle.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Callable, Optional

from .render import agency as agency_book
from .render.tasks import Plan

BATCH = 4            # agencies per task sent to a worker

_state: dict = {}    # the worker's copy of what every workbook needs


def _start(plan: Plan, labels: dict[str, str], generated: str) -> None:
    _state.update(plan=plan, labels=labels, generated=generated)


def _write(batch: list[tuple[str, Path]]) -> list[Path]:
    s = _state
    return [agency_book.write_agency(s["plan"], a, path, s["labels"], s["generated"])
            for a, path in batch]


def _context():
    # fork shares the plan without copying it; macOS and Windows have to spawn.
    # MATRIX_START_METHOD=spawn makes Linux do as Windows does (the tests check both).
    wanted = os.environ.get("MATRIX_START_METHOD")
    if wanted in ("spawn", "fork", "forkserver"):
        return multiprocessing.get_context(wanted)
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def write_agencies(plan: Plan, todo: list[tuple[str, Path]], labels: dict[str, str],
                   generated: str, jobs: int, meanwhile: Optional[Callable[[], None]] = None,
                   done: Optional[Callable[[str], None]] = None) -> list[Path]:
    """Write the (agency, path) workbooks with `jobs` processes in all: this one runs
    `meanwhile` (matrix.xlsx), then takes its share of the batches no worker has begun.

    Returns the paths in the order of `todo`. The first error raised in a worker is raised
    here (workbooks already written stay written: each one is complete).
    """
    batches = [todo[i:i + BATCH] for i in range(0, len(todo), BATCH)]
    written: dict[int, list[Path]] = {}

    def finished(i: int, paths: list[Path]) -> None:
        written[i] = paths
        if done:
            for a, _ in batches[i]:
                done(a)

    with ProcessPoolExecutor(max_workers=max(1, jobs - 1), mp_context=_context(),
                             initializer=_start, initargs=(plan, labels, generated)) as pool:
        pending = {pool.submit(_write, b): i for i, b in enumerate(batches)}
        try:
            if meanwhile:
                meanwhile()
            # Work stealing: a batch still queued is cancelled there and written here,
            # from the end of the queue, while the workers go on from its start.
            _start(plan, labels, generated)
            for f in sorted(pending, key=pending.get, reverse=True):
                if f.cancel():
                    i = pending.pop(f)
                    finished(i, _write(batches[i]))
            while pending:
                done_now, _ = wait(pending, return_when=FIRST_COMPLETED)
                for f in done_now:
                    finished(pending.pop(f), f.result())
        except BaseException:
            for f in pending:       # do not start what is left; finish what has started
                f.cancel()
            raise
    return [p for i in range(len(batches)) for p in written[i]]
