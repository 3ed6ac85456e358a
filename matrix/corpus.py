"""Which parsed documents a build is made of: what the documents folder holds now, once each.

Two rules keep the counts of `run`, `build`, `agencies` and the mails the same:

- A parsed file whose document is gone from its folder (deleted, or renamed) is not
  built. `run` and `build` set it aside into history/, where a document that comes back
  is compared with it; each is reported once, when it is set aside.
- The same document twice (a .txt and a .docx of it, or a copy under another name) is
  built once: same title and the same measures, word for word. The first, in file
  order, is kept, and the message says which.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from . import store
from .errors import MatrixError
from .i18n import _
from .model import Document


@dataclass
class Corpus:
    documents: list[Document] = field(default_factory=list)
    errors: list[MatrixError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)       # what was set aside or left out


def source_gone(doc: Document, roots: Iterable[Path]) -> bool:
    """The file the document was parsed from is not there any more. (A path is read as
    written, and from each workspace root: it was written relative to where parse ran.)"""
    if not doc.source or not doc.source.path:
        return False
    path = Path(doc.source.path)
    if path.is_absolute():
        return not path.exists()
    return not any((Path(root) / path).exists() for root in roots)


def content_key(doc: Document) -> tuple:
    return (doc.title, tuple((m.id, m.title, m.text) for m in doc.measures))


def distinct(docs: list[Document], prefer: Iterable[str] = ()) -> tuple[list[Document], list[str]]:
    """One of each document, by content; and a note for each left out. The one kept is
    the first, unless a later copy goes by a name in `prefer` (the documents the
    overrides name: their corrections must still apply)."""
    prefer = set(prefer)
    kept: dict[tuple, Document] = {}
    copies: dict[tuple, list[Document]] = {}
    for doc in docs:
        key = content_key(doc)
        if key not in kept:
            kept[key] = doc
            copies[key] = []
        elif doc.key in prefer and kept[key].key not in prefer:
            copies[key].append(kept[key])
            kept[key] = doc
        else:
            copies[key].append(doc)
    notes = [same_note(doc, kept[key]) for key, dups in copies.items() for doc in dups]
    return list(kept.values()), notes


def same_note(doc: Document, first: Document) -> str:
    return _("{path}: the same document as {first} (same title and measures): built "
             "once, from {first}").format(path=_where(doc), first=_where(first))


def _where(doc: Document) -> str:
    return doc.source.path if doc.source and doc.source.path else doc.title


def load(paths: list[Path], roots: Iterable[Path], set_aside: bool,
         folder: Optional[Path] = None, prefer: Iterable[str] = ()) -> Corpus:
    """Parsed files → the documents to build. Files in `folder` (the parsed-files folder
    of the workspace) whose document is gone are set aside when `set_aside`, else only
    left out; each way it is said."""
    roots = list(roots)
    out = Corpus()
    docs = []
    for path in store.parsed_files(paths):
        try:
            doc = store.load(path)
        except MatrixError as e:
            out.errors.append(e)
            continue
        except OSError as e:
            out.errors.append(MatrixError(e.strerror or str(e), str(path)))
            continue
        if folder is not None and path.parent == Path(folder) and source_gone(doc, roots):
            out.notes.append(_gone(path, doc, set_aside))
            continue
        docs.append(doc)
    out.documents, notes = distinct(docs, prefer)
    out.notes += notes
    return out


def set_aside_gone(folder: Path, roots: Iterable[Path], keep: Iterable[Path] = ()) -> list[str]:
    """After `run` parsed the documents: set aside the parsed files in `folder` whose
    document is gone (not those just written, `keep`). One note each."""
    keep = {Path(p).resolve() for p in keep}
    roots = list(roots)
    notes = []
    for path in store.parsed_files([folder]) if Path(folder).is_dir() else []:
        if path.resolve() in keep:
            continue
        try:
            doc = store.load(path)
        except (MatrixError, OSError):
            continue                 # not ours to move; `build` names it if it is read
        if source_gone(doc, roots):
            notes.append(_gone(path, doc, True))
    return notes


def _gone(path: Path, doc: Document, set_aside: bool) -> str:
    if set_aside:
        moved = store.set_aside(path, doc)
        return _("{path}: its document {source} is no longer there; not built, and moved "
                 "to {moved}").format(path=path, source=doc.source.path, moved=moved.parent)
    return _("{path}: its document {source} is no longer there; left out (`matrix run` or "
             "`matrix build` sets it aside)").format(path=path, source=doc.source.path)
