"""Parsed documents in and out of YAML, and the previous versions kept for `diff`.

One file per document, `<stem>.yaml`; when a document's source changes, the version that
was there before moves to `history/<stem>.<sha12>.yaml`, so a revision can always be
compared with what was built and sent before.
"""
from __future__ import annotations

import dataclasses
import datetime
import re
from pathlib import Path
from typing import Any, Iterable

import yaml

from .errors import MatrixError
from .i18n import _
from .fileio import read_yaml, write_text_atomic
from . import cache
from .layout import HISTORY
from .model import Document, Measure, Source, Task



# libyaml's emitter when present: five times faster, the same text for Chinese documents
# (it escapes the rare emoji or line separator where the Python one writes it as is;
# either reads back the same).
class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    pass


def _str_presenter(dumper: yaml.SafeDumper, value: str):
    # Long measure texts read better as folded blocks would, but plain style keeps
    # round-trips exact; only multi-line strings get the literal block style.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def to_dict(doc: Document) -> dict[str, Any]:
    meta = {
        "title": doc.title,
        "issuer": doc.issuer,
        "number": doc.number,
        "date": doc.date,
        "status": doc.status,
        "source": dataclasses.asdict(doc.source) if doc.source else None,
    }
    measures = []
    for m in doc.measures:
        measures.append({
            "id": m.id,
            "section": m.section,
            "number": m.number,
            "title": m.title,
            "text": m.text,
            "lead": list(m.lead),
            "support": list(m.support),
            "deadlines": list(m.deadlines),
            "tasks": [{"text": t.text, "lead": list(t.lead), "support": list(t.support)}
                      for t in m.tasks],
            "line": m.line,
        })
    return {"document": meta, "measures": measures, "warnings": list(doc.warnings)}


def dumps(doc: Document) -> str:
    return yaml.dump(to_dict(doc), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=10_000, default_flow_style=False)


def _texts(value: Any, where: str, what: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise MatrixError(_("{what} must be a list of texts").format(what=what), where)
    return list(value)


def from_dict(data: Any, where: str = "<yaml>") -> Document:
    """Build a Document from loaded YAML, checking the shape so errors name the file."""
    if not isinstance(data, dict) or not isinstance(data.get("document"), dict):
        raise MatrixError(_("not a parsed document (no 'document:' mapping)"), where)
    meta = data["document"]
    title = meta.get("title")
    if title is not None and not isinstance(title, str):
        raise MatrixError(_("the document's title must be text"), where)
    src = meta.get("source")
    source = None
    if isinstance(src, dict):
        source = Source(path=str(src.get("path", "")), sha256=str(src.get("sha256", "")),
                        encoding=str(src.get("encoding", "")))
    untitled = not title or not title.strip()
    if untitled:
        # As the parser does for a document without a title line: its file name stands for
        # it, the same name in every build, so its sheet and its history stay its own.
        title = Path(source.path).stem if source and source.path else Path(where).name.split(".")[0]
    raw_measures = data.get("measures") or []
    if not isinstance(raw_measures, list):
        raise MatrixError(_("'measures' must be a list"), where)
    measures = []
    for i, m in enumerate(raw_measures, 1):
        if not isinstance(m, dict) or not m.get("id") or not isinstance(m.get("title"), str):
            raise MatrixError(_("measure {i} needs at least an id and a title").format(i=i), where)
        tasks = []
        for t in m.get("tasks") or []:
            if not isinstance(t, dict):
                raise MatrixError(_("measure {id}: each task must be a mapping").format(id=m["id"]),
                                  where)
            tasks.append(Task(text=str(t.get("text") or ""),
                              lead=_texts(t.get("lead"), where,
                                         _("measure {id} task lead").format(id=m["id"])),
                              support=_texts(t.get("support"), where,
                                             _("measure {id} task support").format(id=m["id"]))))
        line = m.get("line") or 0
        if not isinstance(line, int) or isinstance(line, bool):
            raise MatrixError(_("measure {id}: 'line' must be a number").format(id=m["id"]), where)
        measures.append(Measure(
            id=str(m["id"]), section=str(m.get("section") or ""), number=str(m.get("number") or ""),
            title=m["title"], text=str(m.get("text") or ""),
            lead=_texts(m.get("lead"), where, _("measure {id} lead").format(id=m["id"])),
            support=_texts(m.get("support"), where, _("measure {id} support").format(id=m["id"])),
            deadlines=_texts(m.get("deadlines"), where,
                             _("measure {id} deadlines").format(id=m["id"])),
            tasks=tasks, line=line))
    date = meta.get("date")
    return Document(title=title, issuer=meta.get("issuer"), number=meta.get("number"),
                    date=str(date) if date else None, status=str(meta.get("status") or "final"),
                    source=source, measures=measures,
                    warnings=_texts(data.get("warnings"), where, "warnings")
                    + ([_("no title: the file name {title} stands for it").format(title=title)]
                       if untitled else []))


def load(path: Path) -> Document:
    path = Path(path)
    if not path.is_file():
        raise MatrixError(_("no such file"), str(path))
    try:
        known = cache.loaded(path, path.read_bytes())
    except OSError:
        known = None
    if known is not None:          # its JSON twin, written with it: ten times quicker
        return known
    data = read_yaml(path)
    if data is None:
        raise MatrixError(_("empty parsed file"), str(path))
    return from_dict(data, str(path))


def save(doc: Document, folder: Path, stem: str | None = None) -> Path:
    """Write `<folder>/<stem>.yaml`; if a different version is there, keep it in history/."""
    folder = Path(folder)
    target = folder / f"{stem or doc.key}.yaml"
    text = dumps(doc)
    if target.exists():
        try:
            old = target.read_text(encoding="utf-8")
            if old == text:
                return target
            old_doc = from_dict(yaml.safe_load(old), str(target))
        except (MatrixError, yaml.YAMLError, UnicodeDecodeError):
            old_doc = None      # not ours, or broken: nothing worth keeping
        if old_doc and old_doc.source and doc.source and old_doc.source.sha256 != doc.source.sha256:
            write_text_atomic(_kept_name(folder, target.stem, old_doc.source.sha256), old)
    write_text_atomic(target, text)
    return target


def _kept_name(folder: Path, stem: str, sha256: str) -> Path:
    # The name sorts by when it was kept, so "previous" never depends on file times.
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d%H%M%S%f")
    return Path(folder) / HISTORY / f"{stem}.{stamp}.{sha256[:12]}.yaml"


def set_aside(path: Path, doc: Document) -> Path:
    """Move a parsed file whose document is gone into history/: not built any more, and
    what its document is compared with should it come back. Returns where it went."""
    path = Path(path)
    keep = _kept_name(path.parent, path.stem, doc.source.sha256 if doc.source else "0" * 12)
    write_text_atomic(keep, path.read_text(encoding="utf-8"))
    path.unlink()
    cache.forget(path)
    return keep


def previous(folder: Path, stem: str, current_sha: str | None = None) -> Path | None:
    """The most recent earlier version of a document kept in history/, if any."""
    hist = Path(folder) / HISTORY
    if not hist.is_dir():
        return None
    # Exactly <stem>.<stamp>.<sha12>.yaml: the stem of “a” must not pick up “a.b”'s history.
    pattern = re.compile(re.escape(stem) + r"\.(\d{20})\.([0-9a-f]{12})\.yaml")
    found = []
    for p in hist.iterdir():
        m = pattern.fullmatch(p.name)
        if m and not (current_sha and m.group(2) == current_sha[:12]):
            found.append((m.group(1), p))
    return max(found)[1] if found else None


def parsed_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders to their *.yaml files (history excluded), keep files as given."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(q for q in p.glob("*.yaml") if q.is_file()))
        else:
            out.append(p)
    return out
