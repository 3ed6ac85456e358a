"""Agency lists → whole, consistent agency names.

In “自治区工业和信息化厅、财政厅、商务厅” the later names inherit 自治区; “和” and “等”
join lists and are not part of names, yet 工业和信息化厅 keeps its 和; a name may hold
、 (自治区促进中小企业、民营经济发展和减轻企业负担领导小组办公室) or brackets (各地（州、市）).
"""
from __future__ import annotations

import functools
import re
from typing import Optional

from ..registry import Registry
from ..text import fold_brackets, squeeze
from . import vocab as V

ORG_SUFFIX, DEPT_SUFFIX, LEVEL, STANDALONE = V.ORG_SUFFIX, V.DEPT_SUFFIX, V.LEVEL, V.STANDALONE
LIST_SEP, BODY_END, JOIN, JOINING_WORD = V.LIST_SEP, V.BODY_END, V.JOIN, V.JOINING_WORD
TRAILING, LEADING, NOT_AGENCY = V.TRAILING, V.LEADING, V.NOT_AGENCY


def _split_joined(text: str) -> str:
    """Turn 和/及 into 、 where both sides are whole names of bodies."""
    out, last = [], 0
    for m in JOIN.finditer(text):
        left = re.split(f"[{re.escape(LIST_SEP)}]", text[last:m.start()])[-1]
        right = re.split(f"[{re.escape(LIST_SEP)}]", text[m.end():], maxsplit=1)[0]
        if len(left) >= 3 and BODY_END.search(left) and len(right) >= 3 and BODY_END.search(right):
            out.append(text[last:m.start()] + "、")
            last = m.end()
    out.append(text[last:])
    return "".join(out)


_PROTECT = "\ue000"   # private-use stand-in for a separator inside a protected span
_HIDE_SEPS = {ord(c): _PROTECT for c in LIST_SEP}
_JOINED_CHARS = LIST_SEP + "和及与"
_SPLIT_SEPS = re.compile(f"([{re.escape(LIST_SEP)}])")


def _protect(text: str, registry: Optional[Registry]) -> str:
    """Hide separators inside brackets and inside names the registry knows whole."""
    if "（" in text or "(" in text:          # most lists have no bracket to look into
        out, depth = [], 0
        for c in text:
            if c in "（(":
                depth += 1
            elif c in "）)" and depth:
                depth -= 1
            out.append(_PROTECT if depth and c in LIST_SEP else c)
        text = "".join(out)
    if registry:
        # Only spellings holding a separator (or 和) matter; one regex search tells whether
        # any is present at all, which for most lists it is not.
        joined, any_joined = registry.joined_names(_JOINED_CHARS)
        if any_joined is not None and any_joined.search(fold_brackets(text)):
            for known in joined:
                if known in fold_brackets(text):
                    text = fold_brackets(text).replace(known, known.translate(_HIDE_SEPS))
    return text


def split_list(text: str, registry: Optional[Registry] = None) -> list[str]:
    """Split an agency list as written, without completing names yet."""
    return list(_split_list(text, registry, registry.version if registry else 0))


# A note already in brackets writes a name's own brackets as angles: 各县<市、区>人民政府.
ANGLED = re.compile(r"(?<=[\u4e00-\u9fff])[<〈＜]([\u4e00-\u9fff、，,]{1,12})[>〉＞]")


def _balanced(name: str) -> str:
    """A name never keeps a bracket it does not close, or close one it did not open: a
    stray bracket of the note around it (市教育局）) is the note's, not the name's."""
    if not any(c in name for c in "()（）"):
        return name
    keep = [True] * len(name)
    opened: list[int] = []
    for i, c in enumerate(name):
        if c in "(（":
            opened.append(i)
        elif c in ")）":
            if opened:
                opened.pop()
            else:
                keep[i] = False          # closes nothing
    for i in opened:
        keep[i] = False                  # never closed
    return "".join(c for c, k in zip(name, keep) if k).strip()


# Most lists are whole names between 、 and nothing else (省发展改革委、市财政局): what every
# step below would leave as it is. Anything a step would act on sends a list the long way.
_PLAIN = re.compile(r"^[\u4e00-\u9fff]{3,30}(?:[、，,][\u4e00-\u9fff]{3,30})*$")
_NOT_PLAIN = re.compile(r"和|及|与|等|有关|相关|各|由|请|会同|联合|年|月|底|完成|长期|持续|每")


def _plain(text: str, registry: Optional[Registry]) -> Optional[tuple[str, ...]]:
    if not _PLAIN.match(text) or _NOT_PLAIN.search(text):
        return None
    if registry is not None and ("、" in text or "，" in text or "," in text):
        _joined, any_joined = registry.joined_names(_JOINED_CHARS)
        if any_joined is not None and any_joined.search(text):
            return None
    pieces = _SPLIT_SEPS.split(text)[::2]
    if not all(ORG_SUFFIX.search(p) and not V.BARE_PLACE.match(p) and not V.BARE_KIND.match(p)
               for p in pieces):
        return None
    return tuple(pieces)


@functools.lru_cache(maxsize=16384)
def _split_list(text: str, registry: Optional[Registry], version: int) -> tuple[str, ...]:
    plain = _plain(text, registry)
    if plain is not None:
        return plain
    return _split_list_fully(text, registry)


def _split_list_fully(text: str, registry: Optional[Registry]) -> tuple[str, ...]:
    text = squeeze(text).strip("。，,；;：: ")
    if "<" in text or "〈" in text or "＜" in text:
        text = ANGLED.sub(r"（\1）", text)
    if "（" in text or "(" in text:
        text = V.RULE_BRACKET.sub("", V.MARKED_ROLE.sub("", text))
    text = TRAILING.sub("", text)
    seps = _protect(text, registry)
    seps = JOINING_WORD.sub("、", seps)
    seps = _split_joined(seps)
    pieces = _SPLIT_SEPS.split(seps)
    frags: list[tuple[str, str]] = []          # (fragment, separator before it)
    sep = ""
    for p in pieces:
        if len(p) == 1 and p in LIST_SEP:
            sep = p
            continue
        p = p.strip()
        if p and not NOT_AGENCY.search(p):
            frags.append((p, sep))
    # A fragment that cannot end a name (自治区促进中小企业) belongs with the next one.
    # 各县 in 各县、区人民政府（管委会） names only units: the name goes on.
    merged: list[str] = []
    carry = ""
    for i, (frag, sep) in enumerate(frags):
        if carry:
            frag = carry + sep + frag
            carry = ""
        # 各地, 各部门 are whole names of collective parties, unless only units (各县、区政府).
        each = frag.startswith("各") and len(frag) >= 2
        # 州直相关单位 is a whole party, though 相关单位 alone trails a list.
        ends = ORG_SUFFIX.search(TRAILING.sub("", frag)) or (frag.endswith("单位") and len(frag) >= 4)
        if i < len(frags) - 1 and ((not each and not ends) or (
                V.EACH_UNIT.match(frag) and V.EACH_TAIL.match(frags[i + 1][0]))):
            carry = frag
            continue
        merged.append(frag)
    if carry:
        merged.append(carry)
    merged = _share_owner(_share_body(_kinds_joined(merged)))
    out = []
    for name in merged:
        name = name.replace(_PROTECT, "、")
        name = _balanced(LEADING.sub("", TRAILING.sub("", name.strip())).strip())
        if len(name) >= 2:             # 区 alone (a list cut off) names no body
            out.append(fold_brackets(name))
    return tuple(out)


def _kinds_joined(names: list[str]) -> list[str]:
    """市直有关部门、单位 → one party: a bare kind of body completes the collective name
    before it."""
    if len(names) < 2 or not any(V.BARE_KIND.match(n) for n in names[1:]):
        return names
    out: list[str] = []
    for n in names:
        if out and V.BARE_KIND.match(n) and V.COLLECTIVE.search(out[-1]):
            out[-1] = out[-1] + "、" + n
        else:
            out.append(n)
    return out


def _share_owner(names: list[str]) -> list[str]:
    """市政府各部门、各直属单位 → 市政府各部门、市政府各直属单位: a 各… naming no place
    belongs to the owner written before the 各 of the name before it."""
    if len(names) < 2:
        return names
    out = list(names)
    for i in range(1, len(out)):
        owner = V.OWNED_EACH.match(out[i - 1])
        if owner and out[i].startswith("各") and not V.EACH_PLACE.match(out[i]):
            out[i] = owner.group("owner") + out[i]
    return out


def _share_body(names: list[str]) -> list[str]:
    """黄埔区、南沙区政府 → 黄埔区政府、南沙区政府: places written bare before a name take
    the body that name has after its place."""
    if len(names) < 2 or not any(V.BARE_PLACE.match(n) for n in names[:-1]):
        return names
    out = list(names)
    for i in range(len(out) - 2, -1, -1):
        if not V.BARE_PLACE.match(out[i]) or out[i].startswith("各"):
            continue
        nxt = out[i + 1]
        place = LEVEL.match(nxt)
        if place and len(nxt) > len(place.group(1)) and not V.BARE_PLACE.match(nxt):
            out[i] = out[i] + nxt[len(place.group(1)):]
    return out


def level_of(name: str) -> Optional[str]:
    m = LEVEL.match(name)
    return m.group(1) if m else None


def make_whole(names: list[str], registry: Optional[Registry] = None,
               prefix: Optional[str] = None) -> tuple[list[str], Optional[str]]:
    """Give bare department names the level of the name before them.

    Returns the names and the last level seen, so a note's second list (after 牵头)
    continues from its first.
    """
    out = []
    for name in names:
        known = registry is not None and registry.knows(name)
        own = level_of(name)
        if known or own or STANDALONE.match(name):
            # A name rooted elsewhere (人民银行佛山市分行) ends the chain: the bare name after
            # it (佛山金融监管分局) is not the previous level's.
            prefix = own or (None if STANDALONE.match(name) else prefix)
            out.append(name)
            continue
        if prefix and (DEPT_SUFFIX.search(name) or
                       (registry is not None and registry.knows(prefix + name))):
            out.append(prefix + name)
        else:
            out.append(name)
    return out, prefix


def canonical(name: str, registry: Optional[Registry]) -> str:
    return registry.canonical(name) if registry else fold_brackets(name)


def unify(names: list[str]) -> dict[str, str]:
    """One spelling per document for collective parties written short and long:
    各成员单位 / 领导小组各成员单位 / 自治区…领导小组各成员单位 → the longest written."""
    mapping = {}
    for short in names:
        if not short.startswith(("各", "领导小组", "成员单位", "小组")):
            continue
        longer = [n for n in names if n != short and n.endswith(short)]
        if longer:
            mapping[short] = max(longer, key=len)
    return mapping


def resolve(written: str, registry: Optional[Registry],
            prefix: Optional[str] = None) -> tuple[tuple[str, ...], Optional[str]]:
    """One list as written → canonical whole names, and the level it leaves for the next.

    Documents repeat the same lists (区经济信息委 leads half of them), so results are
    cached per registry version.
    """
    return _resolve(written, prefix, registry, registry.version if registry else 0)


@functools.lru_cache(maxsize=16384)
def _resolve(written: str, prefix: Optional[str], registry: Optional[Registry],
             version: int) -> tuple[tuple[str, ...], Optional[str]]:
    whole, prefix = make_whole(split_list(written, registry), registry, prefix)
    return tuple(canonical(n, registry) for n in whole), prefix


def whole_names(state, lists, prefix: Optional[str], key: str, text: str) -> tuple[list[str], Optional[str]]:
    """Lists read off a simplified view → whole names in the document's own characters
    (a name the registry knows keeps the registry's spelling)."""
    out: list[str] = []
    if not lists:
        return out, prefix
    registry = state.options.registry
    # A traditional document's names are restored to its own characters, then looked up
    # as written: 市財政局 is not the registry's 市财政局 of some other place.
    reading = None if state.traditional else registry
    for written in lists:
        names, prefix = resolve(written, reading, prefix)
        for n in names:
            if state.traditional:
                n = canonical(state.restore(n, key, text), registry)
            if n not in out:
                out.append(n)
    return out, prefix


def _add(target: list[str], names, exclude=()) -> None:
    for n in names:
        if n not in target and n not in exclude:
            target.append(n)


def run(state) -> None:
    """Rule `names`: every note's lists → whole names in their roles (a 责任单位 list by the
    document's convention: the first listed leads, nobody does, or every one does)."""
    for item in state.items:
        item.roles = [note_roles(state, note, item.key, item.text) for note in item.notes]


def note_roles(state, note, key: str, text: str) -> tuple[list[str], list[str], list[str]]:
    """One note's lists (read off `key`, the simplified view of `text`) → (lead, support,
    standing) whole names."""
    lead, prefix = whole_names(state, note.lead, None, key, text)
    support, prefix = whole_names(state, note.support, prefix, key, text)
    responsible, _ = whole_names(state, note.responsible, prefix, key, text)
    if responsible:
        if lead or state.responsible_rule == "none":
            _add(support, responsible, lead)
        elif state.responsible_rule == "all":
            _add(lead, responsible)
        else:
            _add(lead, responsible[:1])
            _add(support, responsible[1:], lead)
    standing, _ = whole_names(state, note.standing, None, key, text)
    return lead, [s for s in support if s not in lead], standing


def run_spellings(state) -> None:
    """Rule `spellings`: one spelling per document for a collective party written short
    and long (各成员单位 / 领导小组各成员单位)."""
    seen = list(dict.fromkeys(n for item in state.items for names in [item.standing, *[
        x for role in item.roles for x in role]] for n in names))
    mapping = unify(seen)
    if not mapping:
        return

    def fix(names):
        return list(dict.fromkeys(mapping.get(n, n) for n in names))

    for item in state.items:
        item.roles = [(fix(a), fix(b), fix(c)) for a, b, c in item.roles]
        item.standing = fix(item.standing)
