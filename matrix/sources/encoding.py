"""Bytes → text in whatever encoding an office used.

Offices send UTF-8 with or without BOM, GB18030/GBK from older Windows tools, UTF-16 from
Word's "save as Unicode text"; we detect it rather than ask.
"""
from __future__ import annotations

from ..errors import MatrixError
from ..i18n import _


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: most code units of CJK/ASCII text put a NUL in one byte half."""
    sample = data[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nul > half * 0.2 and even_nul < half * 0.05:
        return "utf-16-le"
    if even_nul > half * 0.2 and odd_nul < half * 0.05:
        return "utf-16-be"
    return None


def _plausible(text: str) -> bool:
    """Decoded text should be mostly CJK, ASCII and punctuation, with no control characters."""
    if not text:
        return False
    bad = sum(1 for c in text if (ord(c) < 32 and c not in "\r\n\t\f") or 0xE000 <= ord(c) <= 0xF8FF)
    return bad / len(text) < 0.001


def decode(data: bytes, where: str) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", where, "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", where, "utf-16")
    utf16 = _looks_utf16(data)
    if utf16:
        return _strict(data, utf16, where, "utf-16")
    if b"\x00" in data:
        raise MatrixError(_("binary file, not a text document"), where)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e
    try:
        text = data.decode("gb18030")
        if _plausible(text):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes
        best = from_bytes(data).best()
    except Exception:  # a detector failure must not hide the real problem below
        best = None
    if best is not None and best.encoding and _plausible(str(best)):
        return str(best), best.encoding
    raise MatrixError(_("cannot tell the text encoding (not UTF-8, GB18030 or UTF-16)"), where,
                      _line_of(data, utf8_error.start))


def _strict(data: bytes, codec: str, where: str, name: str) -> tuple[str, str]:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as e:
        raise MatrixError(_("undecodable bytes for {encoding}").format(encoding=name), where,
                          _line_of(data, e.start)) from None
    return text.lstrip("\ufeff"), name


