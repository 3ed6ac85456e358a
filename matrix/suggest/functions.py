"""What an agency does, whatever level it sits at: 自治区市场监督管理局, 市市场监管局 and
区市场监管局 are one function (market regulation) at three levels.

Evidence from another level's documents is only useful to an office once it is mapped to
the office's own bureau of the same function, so each name is read as (level, function):
the level is the leading 省/市/区/县/自治区 (or a place name ending in one), the function
the rest, with the common long and short forms of a bureau's name made one.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional, Sequence

from ..parse.normalize import simplified
from ..registry import Registry

# A name that starts with a level word: 市 but not 市场 (市场监管局 is a function, not 市).
_LEADING_LEVEL = re.compile(r"^(自治区|自治州|省|市(?!场|民)|州|盟|区(?!县|域)|县(?!域)|旗)")
# A place name then its level: 浙江省, 重庆市渝北区, 新疆维吾尔自治区 (the last level wins).
_PLACE = re.compile(r"^(?:[\u4e00-\u9fff]{2,6}?(自治区|自治州|省|市|州|盟|区|县|旗))+"
                    r"(?=人民政府|政府|办公厅|办公室|党委|委员会|[\u4e00-\u9fff])")

# Long and short forms of one function, longest first within each; the key is the first.
FUNCTIONS: list[tuple[str, tuple[str, ...]]] = [
    ("市场监管", ("市场监督管理", "市场监管", "工商行政管理", "质量技术监督")),
    ("发展改革", ("发展和改革", "发展改革", "发改")),
    ("经信", ("工业和信息化", "经济和信息化", "经济信息化", "经济信息", "工业信息化", "经信", "工信")),
    ("人力社保", ("人力资源和社会保障", "人力资源社会保障", "人力社保", "人社")),
    ("住房建设", ("住房和城乡建设", "住房城乡建设", "住房城乡建", "住建")),
    ("自然资源", ("规划和自然资源", "规划自然资源", "自然资源和规划", "自然资源", "国土资源", "规划资源")),
    ("金融", ("地方金融监督管理", "地方金融监管", "金融工作", "金融监管", "金融服务", "金融")),
    ("科技", ("科学技术", "科技")),
    ("生态环境", ("生态环境", "环境保护", "环保")),
    ("财政", ("财政",)),
    ("税务", ("税务",)),
    ("商务", ("商务",)),
    ("国资", ("国有资产监督管理", "国资")),
    ("数据", ("大数据发展管理", "大数据管理", "数据资源管理", "数字经济", "数据管理", "数管", "大数据", "数据")),
    ("政务服务", ("政务服务管理", "政务服务", "政务")),
    ("交通", ("交通运输", "交通")),
    ("城市管理", ("城市管理", "城管")),
    ("农业农村", ("农业农村", "农业", "农委")),
    ("文化旅游", ("文化广电旅游", "文化和旅游", "文化旅游", "文旅", "文体旅游")),
    ("卫生健康", ("卫生健康", "卫生和计划生育", "卫健", "卫生")),
    ("医疗保障", ("医疗保障", "医保")),
    ("应急管理", ("应急管理", "安全生产监督管理", "应急")),
    ("知识产权", ("知识产权",)),
    ("统计", ("统计",)),
    ("司法", ("司法",)),
    ("教育", ("教育",)),
    ("公安", ("公安",)),
    ("民政", ("民政",)),
    ("水利", ("水利", "水务")),
    ("林业", ("林业和草原", "林业")),
    ("审计", ("审计",)),
    ("海关", ("海关",)),
    ("宣传", ("委宣传部", "宣传部")),
    ("中小企业", ("中小企业", "民营经济")),
]
_SPELLINGS = sorted(((s, key) for key, forms in FUNCTIONS for s in forms),
                    key=lambda p: len(p[0]), reverse=True)
_FUNCTION = re.compile("|".join(re.escape(s) for s, _ in _SPELLINGS))
_KEY_OF = dict(_SPELLINGS)
# What is left of an unlisted function once its kind of office is taken off.
_ORGAN = re.compile(r"(委员会|办公室|管理局|局|厅|委|办|部|中心)$")


@functools.lru_cache(maxsize=4096)
def level_of(name: str) -> Optional[str]:
    """区经济信息委 → 区, 浙江省人民政府 → 省, 重庆市渝北区人民政府 → 区, 市场监管局 → None
    (縣水利局 → 县: names are read in simplified characters)."""
    name = simplified(name)
    m = _LEADING_LEVEL.match(name)
    if m:
        return m.group(1)
    m = _PLACE.match(name)
    return m.group(1) if m else None


def _without_level(name: str) -> str:
    m = _LEADING_LEVEL.match(name) or _PLACE.match(name)
    return name[m.end():] if m else name


@functools.lru_cache(maxsize=4096)
def function_of(name: str) -> str:
    """The function an agency name stands for, the same at every level:
    自治区市场监督管理局, 市市场监管局, 区市场监管局 → 市场监管."""
    rest = _without_level(simplified(name))
    # At the start only: 仙桃数据谷公司 is a company, not a 数据局.
    m = _FUNCTION.match(rest)
    if m:
        return _KEY_OF[m.group(0)]
    return _ORGAN.sub("", rest) or rest


@dataclass(frozen=True)
class Office:
    """The office's own bureaus, by function, and the level it works at: where evidence
    from any level is mapped to."""
    registry: Registry
    level: Optional[str]
    # Answers remembered: asked for every vote of every measure.
    _memo: dict = field(default_factory=dict, repr=False, compare=False)
    _functions: dict = field(default_factory=dict, repr=False, compare=False)

    def candidates(self, name: str) -> list[str]:
        """The office's bureaus that `name` (an agency named anywhere) stands for: the
        bureau itself, or the bureau of the same function at the office's level. A bureau
        of another level is never one (the registry of a demo may hold several levels);
        one with no level (a bank, a customs office) is anyone's."""
        memo = self._memo
        got = memo.get(name)
        if got is None:
            own = self.registry.find(name)
            if own is not None and own.group:
                got = []
            elif own is not None and self.mine(own.name):
                got = [own.name]
            else:
                got = [a for a in self._by_function().get(function_of(name), []) if self.mine(a)]
            memo[name] = got
        return got

    def mine(self, agency: str) -> bool:
        return self.level is None or level_of(agency) in (self.level, None)

    def _by_function(self) -> dict[str, list[str]]:
        cached = self._functions
        if not cached:
            for a in self.registry.agencies:
                if a.group:
                    continue
                for k in {function_of(n) for n in [a.name, *a.aliases]}:
                    cached.setdefault(k, []).append(a.name)
        return cached


def office_level(registry: Registry, issuer: Optional[str] = None,
                 setting: Optional[str] = None, named: Sequence[str] = ()) -> Optional[str]:
    """The level the office's bureaus sit at: the setting if given; else the issuing
    government's level, or the level most of the agencies the document names have, where
    the registry holds bureaus at it (an office working on its own government's
    document); else the level most of the registry's bureaus have."""
    if setting:
        return setting
    levels = Counter(level_of(a.name) for a in registry.agencies if not a.group)
    levels.pop(None, None)
    mine = level_of(issuer) if issuer else None
    if mine and levels.get(mine):
        return mine
    theirs = Counter(level_of(n) for n in named)
    theirs.pop(None, None)
    for level, _n in theirs.most_common():
        if levels.get(level):
            return level
    return levels.most_common(1)[0][0] if levels else None


def words_of(name: str) -> tuple[str, ...]:
    """The words a measure uses when it is about this agency's work: 区科技局 → 科学技术,
    科技; 县水利局 → 水利, 水务; an unlisted function, its own name (县茶业发展中心 → 茶业发展)."""
    key = function_of(name)
    forms = dict(FUNCTIONS).get(key)
    if forms:
        return tuple(f for f in forms if len(f) >= 2)
    return (key,) if len(key) >= 2 else ()
