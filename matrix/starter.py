"""`matrix init`: a folder set up for an office's own documents.

Copies the built-in config (settings, an empty registry, mail settings, overrides) and
the mail templates, so every setting the messages mention is a file the user can open.
Existing files are never overwritten.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .config import PACKAGE_DEFAULTS


@dataclass
class Started:
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)      # already there, left alone


def init(folder: Path) -> Started:
    folder = Path(folder)
    result = Started()
    for part in ("config", "templates"):
        for source in sorted((PACKAGE_DEFAULTS / part).glob("*")):
            target = folder / part / source.name
            if target.exists():
                result.kept.append(target)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            result.written.append(target)
    docs = folder / "documents"
    if not docs.exists():
        docs.mkdir(parents=True)
        result.written.append(docs)
    return result
