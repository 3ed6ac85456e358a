"""Writes that never leave a half-written file: write beside the target, then rename."""
from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import tempfile
import time
from pathlib import Path
from typing import Any, Iterator, Optional

import yaml

from .errors import MatrixError
from .i18n import _


def _new_file_mode() -> int:
    """The mode an ordinary new file gets under the current umask (mkstemp makes 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success rename it over the target.
    A write that fails (a full disk, a read-only folder) is a MatrixError naming the file,
    or the folder when it cannot be written in at all."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # The writer's pid is in the name, so a leftover of a writer that died can be told
        # from the file of one still writing (sweep_leftovers).
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp",
                                   dir=target.parent)
    except OSError as e:
        raise MatrixError(write_failure(e), str(target.parent)) from None
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        # Keep a replaced file's permissions; a new one gets the usual mode, not 0600.
        os.chmod(tmp_path, target.stat().st_mode & 0o7777 if target.exists() else _new_file_mode())
        os.replace(tmp_path, target)
    except OSError as e:
        raise MatrixError(write_failure(e), str(target)) from None
    finally:
        with contextlib.suppress(OSError):
            tmp_path.unlink(missing_ok=True)


def write_failure(e: OSError) -> str:
    """Why a file could not be written, in the clerk's words: what to do, not an errno."""
    if e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return _("cannot be written: the disk is full; free some space, then run again")
    if e.errno in (errno.EACCES, errno.EPERM):
        return _("cannot be written: no permission to write in this folder; choose another "
                 "output folder (-o) or ask for write access")
    if e.errno == errno.EROFS:
        return _("cannot be written: the folder is read-only; choose another output folder "
                 "(-o)")
    return _("cannot be written: {reason}").format(reason=e.strerror or e)


# What atomic_path leaves when its process is killed mid-write: .NAME.[PID.]XXXXXXXX.tmp
# (mkstemp's 8 characters; no pid before 2024-…), and matrix.xlsx's splice beside one.
_LEFTOVER = re.compile(r"^\..+?\.(?:(?P<pid>\d+)\.)?[a-z0-9_]{8}\.tmp(?:\.splice)?$")
LEFTOVER_AGE = 3600.0          # seconds: older than this, no writer is still at it


def _gone(pid: int) -> bool:
    if os.name == "nt":          # os.kill(pid, 0) would end the process there: age only
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError, OSError):
        return False
    return False


def sweep_leftovers(folder: Path, now: Optional[float] = None) -> list[Path]:
    """Remove our own temporary files a killed command left in `folder` (and below): those
    older than an hour, or whose writer process is gone. Call it holding the folder's lock,
    so no command that takes it can be writing them."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            m = _LEFTOVER.match(name)
            if not m:
                continue
            path = Path(dirpath) / name
            try:
                old = now - path.lstat().st_mtime > LEFTOVER_AGE
                if old or (m.group("pid") and int(m.group("pid")) != os.getpid()
                           and _gone(int(m.group("pid")))):
                    path.unlink()
                    removed.append(path)
            except OSError:
                continue            # gone meanwhile, or not ours to remove: leave it
    return removed


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes, read in chunks (workbooks can be large)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_text_atomic(target: Path, text: str) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes_atomic(target: Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


class Located(dict):
    """A mapping read from a YAML file that knows its line, for messages about it."""
    line: Optional[int] = None


class _LocatedLoader(yaml.SafeLoader):
    """The safe loader (no arbitrary objects), whose mappings remember their line."""


# A config file is a few hundred entries. Anchors and aliases (&a, *a) are shared when read,
# but every later walk over the data expands them: ten aliases of ten aliases of … ("billion
# laughs") would be a few lines of YAML and a billion values.
MAX_NODES = 200_000


def _expanded_size(root: yaml.Node) -> int:
    """How many nodes the document holds with every alias expanded (each shared node is
    measured once, so this is quick however large the expansion)."""
    sizes: dict[int, int] = {}
    entered: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        if not done and id(node) in entered:
            return MAX_NODES + 1             # an alias inside its own anchor: endless
        entered.add(id(node))
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        else:
            sizes[id(node)] = 1
            continue
        if done:
            sizes[id(node)] = min(1 + sum(sizes.get(id(c), 0) for c in children),
                                  MAX_NODES + 1)
        else:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(root)]


def _mapping(loader: _LocatedLoader, node: yaml.MappingNode) -> Located:
    out = Located(loader.construct_mapping(node, deep=True))
    out.line = node.start_mark.line + 1
    return out


_LocatedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)

# `name：市财政局` (a Chinese colon, as a Chinese keyboard types it) is a text to YAML, not a
# key: without this check the line would be taken silently for something else.
_WIDE_COLON = re.compile(r"^\s*(?:-\s+)?\{?\s*([A-Za-z_][A-Za-z_0-9]*)\s*：")


def line_of(value: Any) -> Optional[int]:
    return getattr(value, "line", None)


def read_yaml(path: Path) -> Any:
    """Load a YAML file safely (no arbitrary objects); errors name the file and line.
    Mappings come back as `Located`, so later checks can name the line too."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise MatrixError(_("not UTF-8 text"), str(path)) from None
    for no, line in enumerate(text.splitlines(), 1):
        wide = _WIDE_COLON.match(line)
        if wide and not line.lstrip().startswith("#"):
            raise MatrixError(_("'{key}：' is written with a Chinese colon; a setting takes "
                                "':' (and a space after it)").format(key=wide.group(1)),
                              str(path), no)
    loader = _LocatedLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None and _expanded_size(node) > MAX_NODES:
            raise MatrixError(_("its anchors and aliases (&name, *name) expand to more than "
                                "{n} values; write the entries out instead").format(
                                    n=MAX_NODES), str(path))
        return loader.construct_document(node) if node is not None else None
    except RecursionError:
        raise MatrixError(_("nested too deeply to be a config file"), str(path)) from None
    except yaml.YAMLError as e:
        # An unclosed [ or { is only noticed lines later, at the end of the file; the
        # line where the construct began is where the mistake is.
        mark = getattr(e, "context_mark", None) or getattr(e, "problem_mark", None)
        what = " ".join(x for x in (getattr(e, "context", None), getattr(e, "problem", None)) if x)
        raise MatrixError(_("invalid YAML: {problem}").format(problem=what or e), str(path),
                          mark.line + 1 if mark else None) from None
    finally:
        loader.dispose()
