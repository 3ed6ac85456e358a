"""Small text helpers shared by the parser and the registry."""
from __future__ import annotations

import re

# Agency names are kept with full-width brackets, the form official documents print,
# so 各地(州、市) and 各地（州、市） are one agency.
_TO_FULL = str.maketrans({"(": "（", ")": "）", "[": "［", "]": "］"})


def fold_brackets(s: str) -> str:
    s = s.strip()
    # str.translate is slow on CJK strings and most names hold no half-width bracket.
    if "(" in s or ")" in s or "[" in s or "]" in s:
        s = s.translate(_TO_FULL)
    return s


_WS = re.compile(r"[ \t\u3000\xa0]+")
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])")


def squeeze(s: str) -> str:
    """Remove spaces between CJK characters (line joins and OCR leave them), keep them in Latin."""
    s = _WS.sub(" ", s).strip()
    return _CJK_SPACE.sub("", s) if " " in s else s


_NOT_LETTERS = re.compile(r"[\W_]+")


def letters_only(s: str) -> str:
    """A title or text without punctuation or spaces: what “the same words” is judged on."""
    return _NOT_LETTERS.sub("", s or "")


_CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (the forms item numbers use)."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + _CN_DIGITS[rest] if rest < 10 else
                                 ("一" + chinese_number(rest) if rest < 20 else chinese_number(rest)))
    return _CN_DIGITS[n // 100] + "百" + tail
