"""Document text → Document: clean → outline → notes and names → measures, plus metadata.

    from matrix.parse import parse_file
    doc = parse_file(Path("examples/000_….txt"), config)
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..config import Config
from ..errors import MatrixError
from ..model import Document, Source
from ..registry import Registry
from .. import sources
from . import clean as C
from . import meta as M
from . import notes as N
from .measures import Conventions, build_measure, names_in, unify_spellings
from .structure import outline

__all__ = ["parse_file", "parse_text"]


def _closes(text: str) -> bool:
    """A paragraph that ends with an assignment note closes its measure."""
    stripped = text.rstrip("。；; ")
    # Asked of every paragraph: a note can end it only if it ends with a closing bracket
    # or holds a labelled list (牵头单位：…); most paragraphs do neither.
    if not stripped or (stripped[-1] not in N.CLOSE and "单位" not in stripped
                        and "部门" not in stripped):
        return False
    # Asked of the paragraph as written, so the notes found are those the measure reuses.
    notes = N.find_notes(text)
    return bool(notes) and not text[notes[-1].end:].strip("。；; \u3000\t")


def parse_text(text: str, source: Optional[Source] = None, registry: Optional[Registry] = None,
               first_listed_leads: bool = True, where: str = "<text>") -> Document:
    raw_lines = C.strip_noise(text)
    lines = C.join_broken(C.split_run_together(raw_lines))
    plan = outline(lines, _closes)
    if not plan.items and plan.first_section_line is None:
        # A short notice may number its measures without any 一、 section above them.
        plan = outline(lines, _closes, flat=True)
    elif not plan.items:
        # Headings but no numbered items under them: the headings are the measures.
        plan = outline(lines, _closes, headings_are_items=True)
    if not plan.items:
        raise MatrixError("no numbered measures found (expected items such as （一） or 1. "
                          "under headings 一、二、…)", where)
    meta = M.extract(raw_lines, plan.first_section_line)
    leads_first, statement = N.first_listed_leads(text, first_listed_leads)
    conv = Conventions(first_listed_leads=leads_first, registry=registry)
    standing_at: dict[int, list[str]] = {}
    for k, line in plan.between:
        for written in N.standing_lists(line.text):
            standing_at.setdefault(k, []).append(written)
    measures = []
    for k, item in enumerate(plan.items):
        # A standing instruction written between measures reaches those after it.
        for written in standing_at.get(k, ()):
            found, _ = names_in([written], conv, None)
            conv.standing += [a for a in found if a not in conv.standing]
        measures.append(build_measure(item, conv))
    unify_spellings(measures)

    warnings = list(plan.skipped)
    if statement:
        warnings.append(f"line rule: the document says “{statement}”; applied to 责任单位 lists")
    seen_ids: dict[str, int] = {}
    for m in measures:
        if m.id in seen_ids:
            warnings.append(f"line {m.line}: measure id {m.id} repeats line {seen_ids[m.id]}")
        seen_ids.setdefault(m.id, m.line)
    for line in plan.stray:
        warnings.append(f"line {line.no}: text after the last assignment note of a measure "
                        f"belongs to no measure: {line.text[:30]}…")
    if not meta.title:
        warnings.append("no title found")
    return Document(title=meta.title, issuer=meta.issuer, number=meta.number, date=meta.date,
                    status=meta.status, source=source, measures=measures, warnings=warnings)


def parse_file(path: Path, config: Optional[Config] = None) -> Document:
    """Parse one .txt/.docx file. Raises MatrixError naming the file on bad input."""
    path = Path(path)
    got = sources.read(path)
    shown = _display(path)
    source = Source(path=shown, sha256=got.sha256, encoding=got.encoding)
    return parse_text(got.text, source,
                      registry=config.registry if config else None,
                      first_listed_leads=config.first_listed_leads if config else True,
                      where=str(path))


def _display(path: Path) -> str:
    """The path as the user would write it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
