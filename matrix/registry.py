"""Canonical agencies and their aliases (config/agencies.yaml).

Each entry: name (canonical), aliases, optional email, group (a collective party such as
各镇街, which is sent its list like any bureau but is not one office).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

from .errors import MatrixError
from .text import fold_brackets


@dataclass
class Agency:
    name: str
    aliases: list[str] = field(default_factory=list)
    email: Optional[str] = None
    group: bool = False


class Registry:
    def __init__(self, agencies: Iterable[Agency] = ()):
        self.agencies: list[Agency] = []
        self._by_name: dict[str, Agency] = {}
        for a in agencies:
            self.add(a)

    def add(self, agency: Agency) -> None:
        self.agencies.append(agency)
        for n in [agency.name, *agency.aliases]:
            self._by_name.setdefault(fold_brackets(n), agency)

    def find(self, name: str) -> Optional[Agency]:
        return self._by_name.get(fold_brackets(name))

    def canonical(self, name: str) -> str:
        a = self.find(name)
        return a.name if a else fold_brackets(name)

    def knows(self, name: str) -> bool:
        return fold_brackets(name) in self._by_name

    def names(self) -> list[str]:
        """Every spelling the registry knows, longest first (for protecting names in lists)."""
        return sorted(self._by_name, key=len, reverse=True)

    def order(self, name: str) -> int:
        """Registry position of an agency, for column order; unknown agencies sort last."""
        a = self.find(name)
        return self.agencies.index(a) if a else len(self.agencies)

    def email(self, name: str) -> Optional[str]:
        a = self.find(name)
        return a.email if a else None

    def is_group(self, name: str) -> bool:
        a = self.find(name)
        if a:
            return a.group
        return name.startswith("各")

    @classmethod
    def from_data(cls, data, where: str = "agencies.yaml") -> "Registry":
        if data is None:
            return cls()
        items = data.get("agencies") if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise MatrixError("expected a list of agencies under 'agencies:'", where)
        out = []
        for i, item in enumerate(items, 1):
            if isinstance(item, str):
                item = {"name": item}
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                raise MatrixError(f"agency {i} needs a 'name'", where)
            aliases = item.get("aliases") or []
            if not isinstance(aliases, list):
                raise MatrixError(f"agency {item['name']}: 'aliases' must be a list", where)
            email = item.get("email")
            out.append(Agency(name=fold_brackets(item["name"].strip()),
                              aliases=[str(a).strip() for a in aliases],
                              email=str(email).strip() if email else None,
                              group=bool(item.get("group", False))))
        return cls(out)
