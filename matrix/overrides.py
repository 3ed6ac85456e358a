"""Manual corrections (config/overrides.yaml) that survive re-parsing.

    overrides:
      - document: 002_d23ca01e49c9bd38    # file stem of the document
        measure: 四.（一）                 # measure id
        title: 实施企业培育工程            # check: the override only applies to this measure
        lead: [市中小企业局综合协调处]     # replace the lead (omit to keep the parsed one)
        support: [区县中小企业主管部门]    # replace the support
        note: 局务会 2018-07-02 分工        # why; shown in the workbook comment
      - document: 003_a107386602944fcc
        measure: 一.（一）
        title: 深化商事制度改革
        exempt: true                        # not to be assigned: not listed as unassigned

A measure is found by id and checked by title; if a revision renumbered it, it is found
by title. An override whose measure is gone is reported, never dropped silently.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any, Optional

from .checks import known_keys, true_or_false
from .schema import OVERRIDE
from .errors import MatrixError
from .fileio import line_of
from .i18n import _
from .text import letters_only
from .model import Document, Measure, Task


@dataclass
class Override:
    document: str
    measure: str
    title: Optional[str] = None
    lead: Optional[list[str]] = None
    support: Optional[list[str]] = None
    exempt: bool = False
    note: str = ""
    index: int = 0            # position in the file, for messages

    @property
    def label(self) -> str:
        return _("override #{index} ({document} {measure})").format(
            index=self.index, document=self.document, measure=self.measure)


@dataclass
class Applied:
    measure: Measure
    override: Override
    fields: list[str]                       # lead / support / exempt
    found_by_title: bool = False


@dataclass
class Outcome:
    document: Document                      # a copy with the overrides applied
    applied: list[Applied] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


KEYS = set(OVERRIDE)    # what an entry may hold (schema.py)


def _names(value: Any, where: str, what: str) -> Optional[list[str]]:
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise MatrixError(_("{what} must be a list of agency names").format(what=what), where)
    return [v.strip() for v in value]


def parse(data: Any, where: str = "overrides.yaml") -> list[Override]:
    if data is None:
        return []
    items = data.get("overrides") if isinstance(data, dict) else data
    if items is None:
        return []
    if not isinstance(items, list):
        raise MatrixError(_("expected a list under 'overrides:'"), where)
    out = []
    for i, item in enumerate(items, 1):
        label = _("override #{i}").format(i=i)
        if isinstance(item, dict):
            known_keys(item, KEYS, label, where)      # first: `measuer:` is why measure is missing
        if not isinstance(item, dict) or not item.get("document") or not item.get("measure"):
            raise MatrixError(_("override #{i} needs 'document' and 'measure'").format(i=i), where,
                              line_of(item))
        true_or_false(item, "exempt", label, where)
        if item.get("title") is not None and not isinstance(item["title"], str):
            raise MatrixError(_("override #{i}: 'title' must be text").format(i=i), where)
        # The document is its file stem; a name given with its extension means the same.
        document = re.sub(r"\.(txt|docx|ya?ml)$", "", str(item["document"]).strip(), flags=re.I)
        o = Override(document=document, measure=str(item["measure"]),
                     title=item.get("title"), exempt=bool(item.get("exempt", False)),
                     note=str(item.get("note") or ""), index=i,
                     lead=_names(item.get("lead"), where,
                                 _("override #{i} lead").format(i=i)),
                     support=_names(item.get("support"), where,
                                    _("override #{i} support").format(i=i)))
        if o.lead is None and o.support is None and not o.exempt:
            raise MatrixError(_("override #{i} sets nothing (give lead, support or exempt)")
                              .format(i=i), where)
        out.append(o)
    return out


def _find(doc: Document, o: Override) -> tuple[Optional[Measure], bool]:
    by_id = next((m for m in doc.measures if m.id == o.measure), None)
    if by_id and (not o.title or letters_only(by_id.title) == letters_only(o.title)):
        return by_id, False
    if o.title:
        same = [m for m in doc.measures if letters_only(m.title) == letters_only(o.title)]
        if len(same) == 1:
            return same[0], True
    return None, False


def apply(doc: Document, overrides: list[Override], registry=None) -> Outcome:
    """Apply the overrides for this document to a copy of it."""
    doc = copy.deepcopy(doc)
    result = Outcome(doc)
    for o in overrides:
        if o.document != doc.key:
            continue
        m, by_title = _find(doc, o)
        if m is None:
            now = next((x.title for x in doc.measures if x.id == o.measure), None)
            if now is not None and o.title:
                problem = _("{label}: not applied, measure {measure} is now “{now}” and none "
                            "titled “{title}”; kept in the overrides file, please check it")
            elif now is not None:
                problem = _("{label}: not applied, measure {measure} is now “{now}”; "
                            "kept in the overrides file, please check it")
            elif o.title:
                problem = _("{label}: not applied, no measure {measure} and none titled "
                            "“{title}”; kept in the overrides file, please check it")
            else:
                problem = _("{label}: not applied, no measure {measure}; "
                            "kept in the overrides file, please check it")
            result.problems.append(problem.format(label=o.label, measure=o.measure, now=now,
                                                  title=o.title))
            continue
        fields = []
        canon = registry.canonical if registry else (lambda n: n)
        if o.lead is not None:
            m.lead = list(dict.fromkeys(canon(n) for n in o.lead))
            fields.append("lead")
        if o.support is not None:
            m.support = [a for a in dict.fromkeys(canon(n) for n in o.support) if a not in m.lead]
            fields.append("support")
        elif o.lead is not None:
            m.support = [a for a in m.support if a not in m.lead]
        if fields:
            # The override speaks for the whole measure: one task with its whole text.
            m.tasks = [Task(text=m.text, lead=list(m.lead), support=list(m.support))]
        if o.exempt and m.lead:
            # Exempt means "nobody is to lead it"; a measure that has a lead keeps it.
            result.problems.append(_("{label}: exempt does nothing here, measure {measure} has "
                                     "a lead ({lead}); to take it away, write lead: []").format(
                label=o.label, measure=m.id, lead="、".join(m.lead)))
        elif o.exempt:
            m.exempt = True
            fields.append("exempt")
        m.override = o.note or o.label
        m.override_fields = fields
        result.applied.append(Applied(m, o, fields, by_title))
        if by_title:
            result.problems.append(_("{label}: measure now has id {id}; applied by its title").format(
                label=o.label, id=m.id))
    return result
