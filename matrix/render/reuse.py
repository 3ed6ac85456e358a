"""Sheets of matrix.xlsx carried over from the previous build when nothing they show changed.

matrix.xlsx is rewritten whole on every build, yet after one document is revised all the
other document sheets would come out the same, byte for byte. Each document sheet gets a
key (a hash of everything it shows and of the code that draws it); the build records,
beside matrix.xlsx, which zip member held the sheet of which key. Next time, a sheet
whose key is found is not drawn again: a placeholder stands in while openpyxl writes the
workbook, and the old member's compressed bytes are then copied in its place.

What makes the old bytes valid in the new file: the style and conditional-format indices
they use are fixed (registered first, in a fixed order, see workbook.fixed_styles), and
only sheets with no part of their own (no comments, links or charts) are carried over.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import struct
import zipfile
from pathlib import Path
from typing import Any, Optional

from ..fileio import file_sha256, write_text_atomic
from ..layout import state_of


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the code that draws the workbook, and of the openpyxl that writes it (the
    carry-over splices its XML): changed code never reuses old sheets."""
    import openpyxl
    h = hashlib.sha256(openpyxl.__version__.encode("ascii"))
    for name in sorted(os.listdir(Path(__file__).parent)):
        if name.endswith(".py"):
            h.update((Path(__file__).parent / name).read_bytes())
    return h.hexdigest()[:16]


def sheet_key(*parts: Any) -> str:
    return hashlib.sha256(repr((code_version(), parts)).encode("utf-8")).hexdigest()


class Previous:
    """The last build's matrix.xlsx and what its sheets were, if both are still there."""

    def __init__(self, target: Path):
        self.path = Path(target)
        self.sheets: dict[str, dict] = {}
        try:
            state = json.loads(state_of(self.path).read_text(encoding="utf-8"))
            if state.get("matrix") == file_sha256(self.path):     # the very file it describes
                self.sheets = dict(state["sheets"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.sheets = {}

    def get(self, key: Optional[str]) -> Optional[dict]:
        return self.sheets.get(key) if key else None


def save_state(target: Path, sheets: dict[str, dict]) -> None:
    state = {"matrix": file_sha256(target), "sheets": sheets}
    write_text_atomic(state_of(Path(target)), json.dumps(state, ensure_ascii=False))


def forget(target: Path) -> None:
    """Drop the record (before matrix.xlsx is replaced), so it never describes another file."""
    state_of(Path(target)).unlink(missing_ok=True)


# --- copying zip members without recompressing them ------------------------------------

_LOCAL_HEADER = 30          # fixed part of a zip local file header


def _raw(f, info: zipfile.ZipInfo) -> bytes:
    """The compressed bytes of a member, as stored."""
    f.seek(info.header_offset)
    header = f.read(_LOCAL_HEADER)
    if header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"no local header for {info.filename}")
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    f.seek(info.header_offset + _LOCAL_HEADER + name_len + extra_len)
    return f.read(info.compress_size)


def _put_raw(dst: zipfile.ZipFile, name: str, info: zipfile.ZipInfo, data: bytes) -> None:
    out = zipfile.ZipInfo(name, date_time=info.date_time)
    for attr in ("compress_type", "external_attr", "create_system", "CRC", "compress_size",
                 "file_size"):
        setattr(out, attr, getattr(info, attr))
    out.flag_bits = info.flag_bits & ~0x08       # sizes are in the header: no data descriptor
    out.header_offset = dst.fp.tell()
    dst.fp.write(out.FileHeader())
    dst.fp.write(data)
    dst.filelist.append(out)
    dst.NameToInfo[name] = out
    dst.start_dir = dst.fp.tell()
    dst._didModify = True


def splice(new: Path, old: Path, carried: dict[str, str]) -> None:
    """Rewrite the zip `new` with members {name in new: name in old} taken from `old`."""
    tmp = new.with_name(new.name + ".splice")
    try:
        with zipfile.ZipFile(new) as zn, zipfile.ZipFile(old) as zo, \
                open(new, "rb") as fn, open(old, "rb") as fo, \
                zipfile.ZipFile(tmp, "w") as out:
            for info in zn.infolist():
                source = carried.get(info.filename)
                if source is None:
                    _put_raw(out, info.filename, info, _raw(fn, info))
                else:
                    was = zo.getinfo(source)
                    _put_raw(out, info.filename, was, _raw(fo, was))
        os.replace(tmp, new)
    finally:
        if tmp.exists():
            tmp.unlink()
