"""Document text → Document, as a chain of small named rules over one state.

    from matrix.parse import parse_file
    doc = parse_file(Path("examples/000_….txt"), config)

Each rule is a function of the State (`state.py`), in its own module, and may be switched
off by name (`parse_text(..., disable={"standing"})`); all of them match on words and
shapes from one vocabulary (`vocab.py`). A new style of document is a new rule or a new
word, each with its fixture in `tests/fixtures/parse/`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Optional

from ..config import Config
from ..errors import MatrixError
from ..i18n import _
from ..model import Document, Source
from ..registry import Registry
from .. import sources
from . import (bare, deadlines, joins, measures, meta, names, noise, normalize, notes, outline, repair,
               sections, standing, tables)
from .state import Options, State

__all__ = ["parse_file", "parse_text", "run_rules", "RULES"]


def _conventions(state: State) -> None:
    """Rule `conventions`: what the document says of its own 责任单位 lists."""
    text = "\n".join(line.key for line in state.lines)
    state.responsible_rule, statement = notes.conventions(text, state.options.first_listed_leads)
    if statement:
        state.rule_statement = statement
        state.warn(None, "document-rule",
                   _("rule: the document says “{statement}”; applied to 责任单位 lists")
                   .format(statement=statement))


RULES: list[tuple[str, Callable[[State], None]]] = [
    ("repair", repair.run),            # a web page's GBK bytes read one off, read again
    ("normalize", normalize.run),      # lines, and the simplified view rules match on
    ("noise", noise.run),              # conversion noise and web-page furniture out
    ("tables", tables.run),            # task tables → numbered lines with their notes
    ("joins", joins.run),              # paragraphs run together split, cut lines joined
    ("bare_notes", bare.run),          # (市工信委、市财政局) closing a paragraph, where nothing else is a note
    ("outline", outline.run),          # the numbered tree; the level that is the measures
    ("conventions", _conventions),     # 第一责任单位为牵头单位, 排名不分先后, …
    ("notes", notes.run),              # each measure's notes: who, in which role
    ("names", names.run),              # lists → whole names
    ("section_roles", sections.run),   # 一、县农业农村局牵头工作: for its measures with no note
    ("standing", standing.run),        # standing instructions reach later measures
    ("spellings", names.run_spellings),  # one spelling per collective party
    ("deadlines", deadlines.run),      # 完成时限
    ("measures", measures.run),        # → model.Measure
    ("meta", meta.run),                # title, issuer, 文号, date, status
]


def run_rules(text: str, options: Optional[Options] = None, where: str = "<text>",
              disable: Iterable[str] = (), until: Optional[str] = None) -> State:
    """Run the chain (all of it, or up to and including the rule `until`) and return its
    state: for the rules' own tests, and for tools that want the parts."""
    state = State(source=text, options=options or Options(), where=where)
    skip = set(disable)
    unknown = (skip | ({until} if until else set())) - {name for name, _ in RULES}
    if unknown:
        raise ValueError(f"no parser rule named {', '.join(sorted(unknown))}")
    for name, rule in RULES:
        if name not in skip:
            rule(state)
        if name == until:
            break
    return state


def parse_text(text: str, source: Optional[Source] = None, registry: Optional[Registry] = None,
               first_listed_leads: bool = True, where: str = "<text>") -> Document:
    state = run_rules(text, Options(registry, first_listed_leads), where)
    if not state.measures:
        raise MatrixError(_("no numbered measures found (expected items such as （一） or 1. "
                            "under headings 一、二、…)"), where)
    seen: dict[str, int] = {}
    for m in state.measures:
        if m.id in seen:
            state.warn(m.line, "repeated-id", _("measure id {id} repeats line {line}")
                       .format(id=m.id, line=seen[m.id]))
        seen.setdefault(m.id, m.line)
    title = state.meta["title"] or Path(where).stem    # “no title found” is among the warnings
    ordered = sorted(state.warnings, key=lambda w: (w.line is not None, w.line or 0))
    return Document(title=title, issuer=state.meta["issuer"], number=state.meta["number"],
                    date=state.meta["date"], status=state.meta["status"], source=source,
                    measures=state.measures, warnings=[str(w) for w in ordered])


def parse_file(path: Path, config: Optional[Config] = None, ocr: bool = False) -> Document:
    """Parse one document file. Raises MatrixError naming the file on bad input."""
    path = Path(path)
    got = sources.read(path, ocr=ocr)
    shown = _display(path)
    source = Source(path=shown, sha256=got.sha256, encoding=got.encoding)
    doc = parse_text(got.text, source,
                     registry=config.registry if config else None,
                     first_listed_leads=config.first_listed_leads if config else True,
                     where=str(path))
    if "OCR" in got.notes:
        # What OCR read may be misread: every warning says so, and one more says it first.
        doc.warnings = [_("OCR: the text was read from page images; check names and numbers")] + \
                       [_("(OCR) {warning}").format(warning=w) for w in doc.warnings]
    return doc


def shown_path(path: Path) -> str:
    """How a document's path is recorded in its parsed file."""
    return _display(Path(path))


def _display(path: Path) -> str:
    """The path as the user would write it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
