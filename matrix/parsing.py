"""Parse many documents into a folder of YAML, one file per document, errors per file.

Shared by `matrix parse` and `matrix run`: a bad file is reported and skipped, the
others are still written.
"""
from __future__ import annotations

import errno
import glob
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from . import cache, corpus, store
from .config import Config
from .errors import MatrixError
from .fileio import file_sha256, write_failure
from .i18n import _
from .model import Document
from .parse import parse_file
from .sources import SUPPORTED


@dataclass
class ParseResult:
    written: list[tuple[Path, Document]] = field(default_factory=list)
    errors: list[MatrixError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)     # documents given twice, read once
    cached: set[Path] = field(default_factory=set)     # of `written`, those left as they were


def documents_in(paths: Iterable[Path]) -> list[Path]:
    """Files as given; a folder stands for the documents directly in it (every form read)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(q for q in p.iterdir() if q.suffix.lower() in SUPPORTED
                           and not q.name.startswith((".", "~$")) and not _loop(q))
            if not found:
                raise MatrixError(_("no documents in this folder ({types})").format(types=", ".join(SUPPORTED)),
                                  str(p))
            out += found
        else:
            out.append(p)
    # A document named twice (a folder and a file in it) is still one document.
    seen: set[Path] = set()
    return [p for p in out if not (_real(p) in seen or seen.add(_real(p)))]


def _loop(path: Path) -> bool:
    """A symbolic link that leads back to itself (a.txt → b.txt → a.txt): no document."""
    try:
        path.stat()
    except OSError as e:
        return e.errno == errno.ELOOP
    return False


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):       # a link loop: RuntimeError before Python 3.13
        return path.absolute()


def skipped_in(paths: Iterable[Path]) -> list[str]:
    """What a folder among `paths` holds that `documents_in` does not read, each with why:
    said on every run, so a document is never left out without a word. (Hidden files and
    Word's ~$ lock files are not documents and are passed over.)"""
    out = []
    for p in map(Path, paths):
        if not p.is_dir():
            continue
        for q in sorted(p.iterdir()):
            if q.name.startswith((".", "~$")):
                continue
            if _loop(q):
                out.append(_("{path}: not read: a shortcut (symbolic link) that leads back to "
                             "itself").format(path=q))
                continue
            if q.suffix.lower() in SUPPORTED:
                continue
            if q.is_dir():
                out.append(_("{path}: a folder inside the documents folder; not read (put its "
                             "documents in the folder itself, or name it)").format(path=q))
            elif q.suffix.lower() == ".ofd":
                out.append(_("{path}: not read: OFD files cannot be read yet; save it as PDF "
                             "or .docx").format(path=q))
            else:
                out.append(_("{path}: not read: not a form of document matrix reads "
                             "({types})").format(path=q, types=", ".join(SUPPORTED)))
    return out


def parse_many(paths: Iterable[Path], out_dir: Path, config: Config,
               progress: Optional[Callable[[Path], None]] = None, ocr: bool = False,
               jobs: int = 1) -> ParseResult:
    """Each document → its YAML in `out_dir` (unless its bytes, parser and settings are
    those of the YAML there already); with jobs > 1, the documents to parse are parsed and
    written by that many processes. The result is the same either way."""
    if Path(out_dir).exists() and not Path(out_dir).is_dir():
        raise MatrixError(_("output folder is a file"), str(out_dir))
    result = ParseResult()
    stems: dict[str, tuple[Path, Document]] = {}
    key = cache.parser_key(config) + (":ocr" if ocr else "")
    paths = [Path(p) for p in paths]
    known_now = {p: _cached(p, Path(out_dir) / f"{p.stem}.yaml", key) for p in paths}
    # With jobs > 1, what is to be parsed is parsed first, by that many processes.
    done = _parse_ahead(paths, known_now, out_dir, config, ocr, key, jobs, progress)
    for path in paths:
        try:
            target = Path(out_dir) / f"{path.stem}.yaml"
            known = known_now[path]
            if path in done:
                # Parsed and written by a worker: its file name is its own (_parse_ahead).
                outcome = done[path]
                if isinstance(outcome, MatrixError):
                    result.errors.append(outcome)
                else:
                    stems[path.stem] = (path, outcome[1])
                    result.written.append(outcome)
                continue
            if known is not None and path.stem not in stems:
                # The same bytes, parser and settings as when its YAML was written.
                stems[path.stem] = (path, known)
                result.written.append((target, known))
                result.cached.add(target)
                if progress:
                    progress(path)
                continue
            doc = parse_file(path, config, ocr=ocr)
            if path.stem in stems and stems[path.stem][0] != path:
                other, first = stems[path.stem]
                # a.txt and a.docx: the same document saved twice is read once.
                if corpus.content_key(first) == corpus.content_key(doc):
                    result.notes.append(corpus.same_note(doc, first))
                    continue
                raise MatrixError(_("same file name as {other}; the parsed YAML would "
                                    "overwrite it (rename one)").format(other=other), str(path))
            stems[path.stem] = (path, doc)
            result.written.append(_save(doc, path, out_dir, key))
        except MatrixError as e:
            result.errors.append(e)
        except OSError as e:
            result.errors.append(MatrixError(e.strerror or str(e), str(path)))
        if progress:
            progress(path)
    return result


def _save(doc: Document, path: Path, out_dir: Path, key: str) -> tuple[Path, Document]:
    try:
        saved = store.save(doc, out_dir, path.stem)
        if doc.source:
            cache.remember(saved, doc, doc.source.sha256, doc.source.path, key)
        return saved, doc
    except OSError as e:
        # Writing the parsed file failed: the output folder, not the document.
        raise MatrixError(write_failure(e), e.filename or str(out_dir)) from None


_worker: dict = {}


def _start_worker(out_dir: Path, config: Config, ocr: bool, key: str, language: str) -> None:
    from .cli import collect_less
    from .i18n import set_language
    _worker.update(out_dir=out_dir, config=config, ocr=ocr, key=key)
    set_language(language)        # a spawned worker speaks as this process does
    collect_less()


def _parse_one(path: Path):
    w = _worker
    try:
        return _save(parse_file(path, w["config"], ocr=w["ocr"]), path, w["out_dir"], w["key"])
    except MatrixError as e:
        return e                  # pickled with its message, file and line
    except OSError as e:
        return MatrixError(e.strerror or str(e), str(path))


def _parse_ahead(paths: list[Path], known: dict, out_dir: Path, config: Config, ocr: bool,
                 key: str, jobs: int, progress) -> dict:
    """With jobs > 1: the documents that are not cached and whose file name no other
    document shares, parsed and written by worker processes; path → (saved, Document) or
    the MatrixError it raised. (Two documents with one file name are left to the loop,
    which decides which of them is written.)"""
    stems = Counter(p.stem for p in paths)
    todo = [p for p in paths if known[p] is None and stems[p.stem] == 1]
    if jobs < 2 or len(todo) < 2:
        return {}
    from concurrent.futures import ProcessPoolExecutor
    from .i18n import language
    from .parallel import _context
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    done = {}
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_start_worker,
                             initargs=(Path(out_dir), config, ocr, key, language())) as pool:
        for path, outcome in zip(todo, pool.map(_parse_one, todo, chunksize=4)):
            done[path] = outcome
            if progress:
                progress(path)
    return done


def _cached(path: Path, target: Path, key: str) -> Optional[Document]:
    try:
        if not target.is_file() or not path.is_file():
            return None
    except OSError:
        return None
    from .parse import shown_path
    try:
        sha = file_sha256(path)
    except OSError:
        return None
    return cache.parsed(target, sha, shown_path(path), key)


def expand(patterns: Iterable[str], base: Path = Path(".")) -> list[Path]:
    """Document globs from the config (examples/*.txt) → existing files, in order."""
    out: list[Path] = []
    for pattern in patterns:
        # glob.glob, unlike Path.glob, also takes absolute patterns (/data/docs/*.txt).
        matches = (sorted(Path(m) for m in glob.glob(str(base / pattern)))
                   if any(c in pattern for c in "*?[") else [base / pattern])
        out += [m for m in matches if m not in out]
    return out
