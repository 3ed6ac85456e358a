"""Canonical agencies and their aliases (config/agencies.yaml).

Each entry: name (canonical), aliases, optional email, group (a collective party such as
各镇街, which is sent its list like any bureau but is not one office).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Optional

from .checks import known_keys, true_or_false
from .schema import AGENCY
from .errors import MatrixError
from .fileio import line_of
from .i18n import _
from .text import fold_brackets


@dataclass
class Agency:
    name: str
    aliases: list[str] = field(default_factory=list)
    email: Optional[str] = None
    group: bool = False
    # Its functions (三定 words such as 融资担保, 政府采购): `matrix suggest` proposes it
    # for a measure that uses them.
    duties: tuple[str, ...] = ()


KEYS = set(AGENCY)      # what an entry may hold (schema.py)


class Registry:
    def __init__(self, agencies: Iterable[Agency] = ()):
        self.agencies: list[Agency] = []
        self._by_name: dict[str, Agency] = {}
        self._position: dict[str, int] = {}     # folded spelling → index in agencies
        self._joined: Optional[tuple[str, tuple[list[str], Optional[re.Pattern]]]] = None
        self.version = 0        # bumped by add(), so results cached per registry stay true
        self._canonical: dict[str, str] = {}
        for a in agencies:
            self.add(a)

    def add(self, agency: Agency) -> None:
        self.agencies.append(agency)
        for n in [agency.name, *agency.aliases]:
            key = fold_brackets(n)
            if key not in self._by_name:
                self._by_name[key] = agency
                self._position[key] = len(self.agencies) - 1
        self._joined = None
        self._canonical.clear()
        self.version += 1

    def find(self, name: str) -> Optional[Agency]:
        return self._by_name.get(fold_brackets(name))

    def canonical(self, name: str) -> str:
        # Asked for every name of every row of a build: remembered per spelling.
        got = self._canonical.get(name)
        if got is None:
            a = self.find(name)
            got = self._canonical[name] = a.name if a else fold_brackets(name)
        return got

    def knows(self, name: str) -> bool:
        return fold_brackets(name) in self._by_name

    def names(self) -> list[str]:
        """Every spelling the registry knows, longest first (for protecting names in lists)."""
        return sorted(self._by_name, key=len, reverse=True)

    def joined_names(self, chars: str) -> tuple[list[str], Optional[re.Pattern]]:
        """Spellings holding any of `chars` (list separators, 和), longest first, and one
        regex matching any of them: parsing asks this for every agency list, so it is
        computed once per registry (and per `chars`, which callers keep constant)."""
        if self._joined is None or self._joined[0] != chars:
            found = [n for n in self.names() if any(c in n for c in chars)]
            rx = re.compile("|".join(map(re.escape, found))) if found else None
            self._joined = (chars, (found, rx))
        return self._joined[1]

    def order(self, name: str) -> int:
        """Registry position of an agency, for column order; unknown agencies sort last."""
        return self._position.get(fold_brackets(name), len(self.agencies))

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
            raise MatrixError(_("expected a list of agencies under 'agencies:'"), where)
        out = []
        seen: dict[str, str] = {}
        for i, item in enumerate(items, 1):
            if isinstance(item, str):
                item = {"name": item}
            if (not isinstance(item, dict) or not isinstance(item.get("name"), str)
                    or not item["name"].strip()):
                raise MatrixError(_("agency {i} needs a 'name'").format(i=i), where, line_of(item))
            known_keys(item, KEYS, _("agency {i} ({name})").format(i=i, name=item["name"]), where)
            true_or_false(item, "group", _("agency {name}").format(name=item["name"]), where)
            aliases = item.get("aliases") or []
            if not isinstance(aliases, list):
                raise MatrixError(_("agency {name}: 'aliases' must be a list").format(
                    name=item["name"]), where, line_of(item))
            for n, alias in enumerate(aliases, 1):
                # `- ` with nothing after it is null, `- 110` a number: either would become
                # a spelling "None" or "110" that some document might match.
                if not isinstance(alias, str) or not alias.strip():
                    raise MatrixError(_("agency {name}: alias {n} is {what}, not a name: write "
                                        "the other spelling, or delete it").format(
                        name=item["name"], n=n, what=_describe(alias)), where, line_of(item))
            email = item.get("email")
            duties = item.get("duties") or []
            if isinstance(duties, str):
                duties = [duties]
            if not isinstance(duties, list) or not all(isinstance(d, str) and d.strip()
                                                       for d in duties):
                raise MatrixError(_("agency {name}: 'duties' must be a list of words").format(
                    name=item["name"]), where, line_of(item))
            if email is not None and not isinstance(email, str):
                raise MatrixError(_("agency {name}: 'email' must be one address, written as "
                                    "text (it is {what})").format(
                    name=item["name"], what=_describe(email)), where, line_of(item))
            # One spelling may mean one agency only, or names would resolve by chance.
            for n in [item["name"], *aliases]:
                key = fold_brackets(n)
                if key in seen:
                    raise MatrixError(_("'{name}' is listed twice (for {first} and for {second})").format(
                        name=n, first=seen[key], second=item["name"]), where, line_of(item))
                seen[key] = item["name"]
            out.append(Agency(name=fold_brackets(item["name"].strip()),
                              aliases=[a.strip() for a in aliases],
                              email=email.strip() or None if email else None,
                              group=bool(item.get("group", False)),
                              duties=tuple(d.strip() for d in duties)))
        return cls(out)


def _describe(value) -> str:
    """What a YAML value is, in the words of the messages above."""
    if value is None:
        return _("empty")
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, (int, float)):
        return _("a number ({value})").format(value=value)
    if isinstance(value, str):
        return _("empty")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    return type(value).__name__
