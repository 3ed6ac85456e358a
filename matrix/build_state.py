"""Whether a build would only write again what is already there: then it writes nothing.

What a build writes depends on its inputs alone: the documents as parsed, the config, the
earlier versions kept beside them, what the bureaus reported, the day (生成日期), the
grouping and this code. Their hash, the sha256 of every file the build left and what it
said are kept in DIR/.build-state.json. A build whose inputs hash the same, in a folder
whose files are all still the ones it left, is done before it starts: a rerun with
nothing changed costs hashing, and says so. The record is dropped before any file is
written, so a build cut short never leaves one that describes half-written files.
"""
from __future__ import annotations

import datetime
import functools
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any, Optional, Sequence

from .fileio import file_sha256, write_text_atomic
from .layout import Layout
from .model import Document
from .store import HISTORY


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """Every module of the package, and the openpyxl that writes the workbooks."""
    import openpyxl
    root = Path(__file__).parent
    h = hashlib.sha256(openpyxl.__version__.encode("ascii"))
    for p in sorted(root.rglob("*.py")):
        h.update(p.relative_to(root).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def key(docs: Sequence[Document], config, generated: str, group_by: Optional[str],
        history: Optional[Path], out_dir: Path) -> str:
    """A hash of everything the build's files are made from."""
    from .i18n import language
    h = hashlib.sha256()
    head = [code_digest(), generated, group_by, language(), config.settings]
    h.update(json.dumps(head, ensure_ascii=False, sort_keys=True, default=str).encode())
    # Dataclass reprs name every field: the registry, the overrides, each document whole.
    h.update(repr(config.registry.agencies).encode())
    h.update(repr(config.overrides).encode())
    for d in docs:
        h.update(b"\x1e")
        h.update(repr(d).encode())
    earlier = Path(history) / HISTORY if history else None
    for p in sorted(earlier.glob("*.yaml")) if earlier and earlier.is_dir() else []:
        h.update(f"\x1d{p.name}:{file_sha256(p)}".encode())
    tracker = Layout(out_dir).tracker_db
    if tracker.is_file():
        h.update(f"\x1dtracker:{file_sha256(tracker)}".encode())
    return h.hexdigest()


def recall(out_dir: Path, build_key: str) -> Optional[dict[str, Any]]:
    """What the last build said, if it was made from the same inputs and every file it
    left is still there as it left it; else None."""
    layout = Layout(out_dir)
    try:
        state = json.loads(layout.build_state.read_text(encoding="utf-8"))
        if state.get("key") != build_key:
            return None
        for name, sha in state["files"].items():
            path = layout.root / name
            if not path.is_file() or file_sha256(path) != sha:
                return None
        return state["result"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def set_aside_edited(out_dir: Path, now: Optional[datetime.datetime] = None) -> list[tuple[Path, Path]]:
    """Files the last build left that were changed since (a lead typed into matrix.xlsx,
    progress into an agency workbook): copied to DIR/手改备份/<time>/ before this build
    writes over them, as (file, copy). A build never loses a clerk's typing unsaid."""
    layout = Layout(out_dir)
    try:
        state = json.loads(layout.build_state.read_text(encoding="utf-8"))
        files = dict(state["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return []
    stamp = (now or datetime.datetime.now()).strftime("%Y-%m-%d_%H%M%S")
    out = []
    for name, sha in files.items():
        path = layout.root / name
        if not name.endswith(".xlsx") or not path.is_file() or file_sha256(path) == sha:
            continue
        copy = layout.edited_copies / stamp / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, copy)
        out.append((path, copy))
    return out


def forget(out_dir: Path) -> None:
    Layout(out_dir).build_state.unlink(missing_ok=True)


def remember(out_dir: Path, build_key: str, files: Sequence[Path], result: dict[str, Any]) -> None:
    layout = Layout(out_dir)
    root = layout.root.resolve()
    record = {Path(f).resolve().relative_to(root).as_posix(): file_sha256(f)
              for f in files if Path(f).is_file()}
    try:
        write_text_atomic(layout.build_state, json.dumps(
            {"key": build_key, "files": record, "result": result}, ensure_ascii=False))
    except OSError:
        pass                    # not remembered: the next build is made whole again
