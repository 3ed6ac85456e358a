"""Parsed documents remembered by content, so a rerun parses and writes only what changed.

Beside each parsed YAML, `measures/.cache/<stem>.json` holds the same document as JSON
(read ten times faster than the YAML, and a parse costs about as much as reading YAML),
with what it was made from:

- `source`: the document file's sha256 and path: its bytes, never its time;
- `parser`: a key of everything else that decides the parse: the parser's and readers'
  code, the parse settings and the registry (whole names are matched against it);
- `yaml`: the sha256 of the YAML written from it, so `build` can take the JSON for a YAML
  file only while that file is the one written (a hand-edited YAML is read as edited).

A cache entry that is missing, unreadable or of another key is a miss, never an error:
the document is parsed again and the entry rewritten.
"""
from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Optional

from .fileio import write_text_atomic
from .model import Document

FOLDER = ".cache"
_CODE = ("parse", "sources")                 # packages whose code decides a parse
_FILES = ("text.py", "registry.py", "model.py", "store.py", "parsing.py", "cache.py")


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    root = Path(__file__).parent
    h = hashlib.sha256()
    files = sorted([*(p for d in _CODE for p in (root / d).glob("*.py")),
                    *(root / f for f in _FILES)])
    for p in files:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def parser_key(config) -> str:
    """What a parse depends on besides the document's bytes."""
    registry = [(a.name, sorted(a.aliases), a.group) for a in config.registry.agencies]
    settings = config.settings.get("parse") or {}
    from .i18n import language
    # The warnings kept in a parsed file are in the language of the run that wrote it.
    text = json.dumps([_code_digest(), settings, registry, language()], ensure_ascii=False,
                      sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _entry_path(yaml_path: Path) -> Path:
    return Path(yaml_path).parent / FOLDER / f"{Path(yaml_path).stem}.json"


def _read(yaml_path: Path) -> Optional[dict]:
    try:
        entry = json.loads(_entry_path(yaml_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return entry if isinstance(entry, dict) and isinstance(entry.get("document"), dict) else None


def _document(entry: dict, where: str) -> Optional[Document]:
    from .errors import MatrixError
    from .store import from_dict
    try:
        return from_dict(entry["document"], where)
    except MatrixError:
        return None


def parsed(yaml_path: Path, source_sha: str, source_path: str, key: str) -> Optional[Document]:
    """The document parsed before from these bytes at this path with this parser, if its
    YAML is still the one written from it; else None."""
    entry = _read(yaml_path)
    if not entry or entry.get("parser") != key or entry.get("source") != [source_sha, source_path]:
        return None
    if entry.get("yaml") != _sha(yaml_path):
        return None
    return _document(entry, str(yaml_path))


def loaded(yaml_path: Path, yaml_bytes: bytes) -> Optional[Document]:
    """The document of a parsed YAML file, from its JSON twin if that was written with
    these very bytes."""
    entry = _read(yaml_path)
    if not entry or entry.get("yaml") != hashlib.sha256(yaml_bytes).hexdigest():
        return None
    return _document(entry, str(yaml_path))


def remember(yaml_path: Path, doc: Document, source_sha: str, source_path: str,
             key: str) -> None:
    from .store import to_dict
    entry = {"parser": key, "source": [source_sha, source_path], "yaml": _sha(yaml_path),
             "document": to_dict(doc)}
    target = _entry_path(yaml_path)
    try:
        target.parent.mkdir(exist_ok=True)
        write_text_atomic(target, json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
    except OSError:
        pass                 # a cache that cannot be written only costs the next run time


def forget(yaml_path: Path) -> None:
    """A parsed file set aside (its document gone): its twin goes too."""
    try:
        _entry_path(yaml_path).unlink()
    except OSError:
        pass


def _sha(path: Path) -> Optional[str]:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None
