"""Large, regular YAML (the agency index) written fast, as the very text yaml.dump writes.

A province's index lists some 26,000 (document, agency) pairs; PyYAML spends most of its
time deciding, scalar by scalar, how to write each one, yet the same few hundred titles
and names recur. Here each distinct scalar is written once by PyYAML itself and the block
layout around it is ours. Anything outside that layout (a scalar that takes several
lines, a list directly in a list) is left to yaml.dump whole.
"""
from __future__ import annotations

from typing import Any

import yaml

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_OPTIONS = dict(Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)


class _Unsupported(Exception):
    pass


def _scalar(value: Any, cache: dict) -> str:
    key = (value.__class__, value)
    text = cache.get(key)
    if text is None:
        if not (value is None or isinstance(value, (str, int, float, bool))):
            raise _Unsupported
        item = yaml.dump([value], **_OPTIONS)          # "- <scalar>\n", as it is in a block
        # A scalar written over several lines is indented to where it stands: not ours.
        if not item.startswith("- ") or not item.endswith("\n") or any(
                c in item[:-1] for c in "\n\r\x85\u2028\u2029"):
            raise _Unsupported
        text = cache[key] = item[2:-1]
    return text


def _mapping(data: dict, indent: int, first: str, out: list[str], cache: dict) -> None:
    """A mapping whose first key follows `first` on the current line."""
    pad = " " * indent
    lead = first
    for k, v in data.items():
        if not isinstance(k, str):
            raise _Unsupported
        name = _scalar(k, cache)
        if isinstance(v, dict):
            if not v:
                out.append(f"{lead}{name}: {{}}\n")
            else:
                out.append(f"{lead}{name}:\n")
                _mapping(v, indent + 2, " " * (indent + 2), out, cache)
        elif isinstance(v, list):
            if not v:
                out.append(f"{lead}{name}: []\n")
            else:
                out.append(f"{lead}{name}:\n")
                _sequence(v, indent, out, cache)       # PyYAML does not indent it
        else:
            out.append(f"{lead}{name}: {_scalar(v, cache)}\n")
        lead = pad


def _sequence(data: list, indent: int, out: list[str], cache: dict) -> None:
    pad = " " * indent
    for v in data:
        if isinstance(v, dict) and v:
            _mapping(v, indent + 2, pad + "- ", out, cache)
        elif isinstance(v, (dict, list)):
            raise _Unsupported
        else:
            out.append(f"{pad}- {_scalar(v, cache)}\n")


def dump(data: Any) -> str:
    """yaml.dump(data, allow_unicode=True, sort_keys=False, width=10_000), block style."""
    try:
        if isinstance(data, list) and data:
            out: list[str] = []
            _sequence(data, 0, out, {})
            return "".join(out)
    except _Unsupported:
        pass
    return yaml.dump(data, **_OPTIONS)
