"""Checks shared by the config readers: a misspelt key or a wrong type in a user's YAML is
an error naming the file, never silently ignored."""
from __future__ import annotations

from typing import Any, Iterable

from .errors import MatrixError


def known_keys(item: dict, allowed: Iterable[str], label: str, where: str) -> None:
    unknown = set(item) - set(allowed)
    if unknown:
        raise MatrixError(f"{label}: unknown key '{sorted(unknown)[0]}' (expected "
                          f"{', '.join(sorted(allowed))})", where)


def true_or_false(item: dict, key: str, label: str, where: str) -> Any:
    value = item.get(key, False)
    if not isinstance(value, bool):
        raise MatrixError(f"{label}: '{key}' must be true or false", where)
    return value
