"""Rule `repair`: lines a web page garbled by cutting a GBK character in two are read again.

Some government sites serve “ ?。ㄒ唬┚o扣指標任務” for “（一）緊扣指標任務”: the first byte
of a full-width space was lost, so every later pair of bytes was read one byte off (。 is
the space's second byte with the bracket's first) until an ASCII byte set it right. Read
from the second byte on, the line is whole again; where a pair that names no character was
dropped with it (（二） loses its 二's second byte and ）'s first), the numeral is known from
its first byte, and is completed.
"""
from __future__ import annotations

import re

from ..i18n import _
from .state import State

# A line that opens with the lost byte's “?” and the space's second byte read with the
# next one as “。”: no document writes this.
_CUT = re.compile(r"^([ \t\u3000\xa0]*)[?？](?=。)", re.M)
_NUMERALS = {c.encode("gbk")[0]: c.encode("gbk") for c in "一二三四五六七八九十"}
_OPEN = "（".encode("gbk")


def _bytes(text: str) -> bytes:
    # The page was decoded as code page 936, where 0x80 is €; Python's gbk codec has no €.
    return b"".join(b"\x80" if c == "€" else c.encode("gbk") for c in text)


def repaired(line: str):
    """The line as it was before the page garbled it, or None if it was not garbled so."""
    m = _CUT.match(line)
    if not m:
        return None
    try:
        data = _bytes(line[m.end():])[1:]
    except UnicodeEncodeError:
        return None
    if data[:2] == _OPEN and len(data) > 3 and data[2] in _NUMERALS and data[2:4] != _NUMERALS[data[2]]:
        data = data[:2] + _NUMERALS[data[2]] + _OPEN[:1] + data[3:]
    fixed = data.decode("gbk", errors="replace")
    if "\ufffd" in fixed[:4]:
        return None
    return m.group(1) + fixed


def run(state: State) -> None:
    if "?。" not in state.source and "？。" not in state.source:
        return
    lines = state.source.split("\n")
    for i, line in enumerate(lines):
        fixed = repaired(line)
        if fixed is not None:
            lines[i] = fixed
            state.warn(i + 1, "garbled-line",
                       _("garbled characters (a web page's encoding fault) read again as: {text}…")
                       .format(text=fixed.strip()[:20]))
    state.source = "\n".join(lines)
