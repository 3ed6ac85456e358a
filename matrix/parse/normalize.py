"""Rule `normalize`: the text → numbered lines, each with a simplified view to match on.

Traditional documents (牽頭單位, 按職責分工負責, 〔2007〕7號) are matched on a simplified
view made by OpenCC, character for character, so every later rule is written once while
names and texts stay exactly as the document writes them.
"""
from __future__ import annotations

import functools
import re

from .state import Line, State

SPACES = "\u3000\xa0\t \ufeff\u200b"
# Small form variants some editors and sites write (1﹒ for 1．, ﹙一﹚): matched as the usual
# marks, kept as written.
SMALL_FORMS = str.maketrans("﹐﹑﹒﹔﹕﹖﹗﹙﹚﹛﹜﹝﹞", "，、．；：？！（）｛｝〔〕")
_SMALL = re.compile("[﹐﹑﹒﹔﹕﹖﹗﹙﹚﹛﹜﹝﹞]")   # str.translate walks a text slowly; most have none


def _unsmall(text: str) -> str:
    return text.translate(SMALL_FORMS) if _SMALL.search(text) else text


@functools.lru_cache(maxsize=1)
def _converter():
    try:
        import opencc
    except ImportError:      # the simplified view is then the text itself
        return None
    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=1)
def _traditional():
    """A pattern of every character OpenCC simplifies: most documents hold none, and one
    search for them is several times cheaper than converting the text."""
    conv = _converter()
    chars = [chr(c) for c in [*range(0x3400, 0xA000), *range(0xF900, 0xFB00)]]
    out = conv.convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):       # never seen; then every text is converted
        return re.compile(".")
    return re.compile("[" + "".join(re.escape(c) for c, o in zip(chars, out) if o != c) + "]")


def simplified(text: str) -> str:
    """The simplified view of `text`, of the same length (a phrase OpenCC would turn into
    one of another length is converted character by character instead)."""
    return _simplify(_unsmall(text))


def _simplify(text: str) -> str:
    conv = _converter()
    if conv is None or not _traditional().search(text):
        return text
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    chars = []
    for c in text:
        s = conv.convert(c)
        chars.append(s if len(s) == 1 else c)
    return "".join(chars)


def run(state: State) -> None:
    text = state.source.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    plain = _unsmall(text)
    key = _simplify(plain)
    state.traditional = key != plain
    for no, (raw, raw_key) in enumerate(zip(text.split("\n"), key.split("\n")), 1):
        line = Line(no, raw, raw_key).strip(SPACES)
        if line.key:
            state.lines.append(line)
