"""The data every step passes on: plain dataclasses, no behaviour beyond small helpers.

parse → Document (with Measures and their Tasks) → store (YAML) → render / mail / diff.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

LEAD = "lead"
SUPPORT = "support"


@dataclass(slots=True)
class Task:
    """One assignment note and the text it covers: what a bureau is answerable for."""
    text: str
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Measure:
    id: str                      # section + item number, stable within the document: 二.（七）
    section: str                 # the 一、二、… heading it sits under
    number: str                  # （七） / 1.
    title: str
    text: str
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    deadlines: list[str] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    line: int = 0                # where it starts in the source, for messages
    # Set at build time by config/overrides.yaml, never stored in the parsed YAML:
    override: Optional[str] = None   # what the override says about itself (its note)
    override_fields: list[str] = field(default_factory=list)   # lead / support it set
    exempt: bool = False             # marked as not to be assigned

    @property
    def assigned(self) -> bool:
        return bool(self.lead or self.support)

    @property
    def needs_lead(self) -> bool:
        """Listed as unassigned: no lead, and not exempted by an override."""
        return not self.lead and not self.exempt

    def agencies(self) -> list[str]:
        return list(dict.fromkeys(self.lead + self.support))


@dataclass(slots=True)
class Source:
    path: str
    sha256: str
    encoding: str


@dataclass(slots=True)
class Document:
    title: str
    issuer: Optional[str] = None
    number: Optional[str] = None
    date: Optional[str] = None   # ISO yyyy-mm-dd
    status: str = "final"        # final | draft
    source: Optional[Source] = None
    measures: list[Measure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The name this document goes by in output/measures/ and in overrides: its file stem."""
        if self.source:
            from pathlib import PurePath
            return PurePath(self.source.path).stem
        return self.title

    def agencies(self) -> list[str]:
        """Every agency the document names, in order of first appearance."""
        seen: dict[str, None] = {}
        for m in self.measures:
            for a in m.agencies():
                seen.setdefault(a)
        return list(seen)
