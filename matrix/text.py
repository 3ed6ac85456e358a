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
