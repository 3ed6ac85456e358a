"""Names made safe: agency names as file names, document titles as sheet names.

An agency's name comes from a document, so it must never steer a path out of the
output folder, nor clash with a Windows device name, nor collide with another agency.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

_UNSAFE_FILE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}


def short_hash(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()[:6]


def agency_filename(name: str, suffix: str = ".xlsx") -> str:
    """A file name for an agency's workbook: readable, safe on Windows and Linux, unique.

    Names that had to be changed (unsafe characters, reserved names, too long) get a
    short hash of the original, so two different agencies never share a file.
    """
    clean = unicodedata.normalize("NFC", name)
    clean = _UNSAFE_FILE.sub("_", clean).strip(" .")
    changed = clean != name
    if not clean or clean.upper().split(".")[0] in _WINDOWS_RESERVED:
        clean, changed = f"agency_{clean}", True
    if len(clean.encode("utf-8")) > 150:       # stay well under 255-byte file-name limits
        clean = clean.encode("utf-8")[:150].decode("utf-8", "ignore")
        changed = True
    if changed:
        clean = f"{clean}-{short_hash(name)}"
    return clean + suffix


_UNSAFE_SHEET = re.compile(r"[\[\]:*?/\\]")


def sheet_names(wanted: list[str], limit: int = 31) -> list[str]:
    """Excel sheet names for `wanted`, in order: ≤31 chars, no []:*?/\\, unique ignoring case."""
    used: set[str] = {"history"}      # Excel keeps this name for itself
    out = []
    for w in wanted:
        base = _UNSAFE_SHEET.sub("_", w).strip("' ") or "Sheet"
        # A sheet name may not end with an apostrophe, also once it is cut short.
        name = base[:limit].rstrip("' ")
        n = 2
        while name.casefold() in used:
            tail = f"({n})"
            name = base[: limit - len(tail)].rstrip("' ") + tail
            n += 1
        used.add(name.casefold())
        out.append(name)
    return out
