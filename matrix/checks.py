"""Checks shared by the config readers: a misspelt key or a wrong type in a user's YAML is
an error naming the file, never silently ignored."""
from __future__ import annotations

from typing import Any, Iterable

from .errors import MatrixError
from .fileio import line_of
from .i18n import _


def known_keys(item: dict, allowed: Iterable[str], label: str, where: str) -> None:
    """A misspelt key (`measuer:`) would be ignored without a word: name it, and its line."""
    unknown = set(map(str, item)) - set(allowed)
    if unknown:
        raise MatrixError(_("{label}: unknown key '{key}' (expected {expected})").format(
            label=label, key=sorted(unknown)[0], expected=", ".join(sorted(allowed))), where,
            line_of(item))


def true_or_false(item: dict, key: str, label: str, where: str) -> Any:
    value = item.get(key, False)
    if not isinstance(value, bool):
        raise MatrixError(_("{label}: '{key}' must be true or false").format(label=label, key=key),
                          where, line_of(item))
    return value


def known_settings(data: Any, allowed: dict, where: str, prefix: str = "") -> None:
    """The one check of a settings mapping's keys (settings.yaml, mail.yaml): `allowed`
    maps each key to the keys of its own mapping (a set), or to None for a value."""
    if not isinstance(data, dict):
        raise MatrixError(_("expected a mapping under {key}").format(key=prefix.rstrip("."))
                          if prefix else _("expected a mapping"), where, line_of(data))
    for key, value in data.items():
        if key not in allowed:
            raise MatrixError(_("unknown setting '{key}' (expected {expected})").format(
                key=f"{prefix}{key}", expected=", ".join(sorted(allowed))), where, line_of(data))
        if isinstance(allowed[key], (set, frozenset)):
            known_settings(value, {k: None for k in allowed[key]}, where, f"{prefix}{key}.")
