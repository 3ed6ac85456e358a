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

# The end of an agency name: what kind of body it is.
ORG_SUFFIX = re.compile(
    r"(局|厅|委|办|办公室|委员会|部|部门|院|银行|支行|分行|署|所|中心|政府|管委|管委会|公司|集团|协会|商会|"
    r"联|会|处|室|站|队|单位|机构|组|小组|法院|检察院|海关|市|县|区|州|盟|街|镇|乡|镇街|团|社|"
    r"校|司|科|）|\))$")
# Departments that take the level of the name before them when written bare (财政厅).
DEPT_SUFFIX = re.compile(r"(局|厅|委|办|办公室|委员会|中心|分局|法院|检察院|总工会|工会|妇联|团委|"
                         r"科协|残联|侨联|工商联|文联)$")
# A level prefix that a name carries itself; 市场/区域 are words, not levels.
# A place name holds no word of an office (人民银行佛山市分行 is a bank, not a level).
LEVEL = re.compile(r"^(自治区|省|市(?!场)|区(?!域)|县|"
                   r"[^\W\d_a-zA-Z行局厅委办部会司处署院所中心]{2,7}?"
                   r"(?:省|自治区|自治州|市(?!场)|州|盟|地区|县|区(?!域)))")
# Names that stand alone and never inherit a prefix.
STANDALONE = re.compile(
    r"^(各|全|中共|中国|国家|国务院|人民银行|北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|"
    r"浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|"
    r"内蒙古|广西|西藏|宁夏|新疆|香港|澳门|兵团)")
LIST_SEP = "、，,；;／/"
# 和/及 between two whole names (高新区水务公司和高新区燃气公司, 市金融办及人民银行宜昌市分行);
# inside a name the part before it is no body (工业和信息化厅, 人力资源和社会保障局).
BODY_END = re.compile(r"(局|厅|委|办|部|院|署|所|公司|集团|中心|政府|管委|管委会|分行|支行|银行|海关|"
                      r"法院|检察院|联|会|处|室|站|队|单位)$")
JOIN = re.compile(r"和|及|以及|与")


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
# 和/及 join two names only where the next one starts afresh (各…, 市…, 自治区…).
JOINING_WORD = re.compile(r"(?:和|及|以及|与)(?=各|自治区|省|市(?!场)|区(?!域)|县|中国|国家|新疆)")
TRAILING = re.compile(r"(等|等单位|等部门|等有关单位|等相关单位|有关单位|相关单位)$")
LEADING = re.compile(r"^(由|和|及|以及|与|请)")
# Not an agency: a time limit or another field that slipped into a list (2024年底前完成).
NOT_AGENCY = re.compile(r"[：:]|\d{4}\s*年|\d+\s*月|年底|月底|年内|底前|前完成|完成$|长期|持续")

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
    text = squeeze(text).strip("。，,；;：: ")
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
    merged: list[str] = []
    carry = ""
    for i, (frag, sep) in enumerate(frags):
        if carry:
            frag = carry + sep + frag
            carry = ""
        if not ORG_SUFFIX.search(TRAILING.sub("", frag)) and i < len(frags) - 1:
            carry = frag
            continue
        merged.append(frag)
    if carry:
        merged.append(carry)
    out = []
    for name in merged:
        name = name.replace(_PROTECT, "、")
        name = LEADING.sub("", TRAILING.sub("", name.strip())).strip()
        if name:
            out.append(fold_brackets(name))
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
