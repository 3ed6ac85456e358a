"""A realistic agency registry of K agencies, seeded: what a provincial office's
config/agencies.yaml looks like (departments, party offices, vertical agencies, banks,
state companies, collective parties), written as a config folder for `matrix`.

The categories and spellings follow the bundled examples: province departments written
省…厅/局/委, short aliases (省发改委 for 省发展改革委), names holding 、 or brackets,
groups such as 各县（市、区）人民政府.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import yaml

# Province departments: (stem, alias stem or None). Written 省+stem; a document may drop
# the 省 after another 省 name in the same list (省财政厅、商务厅), as the seeds do.
DEPARTMENTS = [
    ("发展改革委", "发改委"), ("工业和信息化厅", "经信厅"), ("财政厅", None), ("商务厅", None),
    ("市场监督管理局", "市场监管局"), ("生态环境厅", None), ("司法厅", None),
    ("应急管理厅", None), ("地方金融监督管理局", "地方金融监管局"), ("国资委", None),
    ("人力资源和社会保障厅", "人力社保厅"), ("医疗保障局", "医保局"), ("科学技术厅", "科技厅"),
    ("教育厅", None), ("知识产权局", None), ("统计局", None), ("自然资源厅", None),
    ("住房城乡建设厅", "住建厅"), ("交通运输厅", None), ("农业农村厅", None),
    ("文化和旅游厅", "文旅厅"), ("卫生健康委", "卫健委"), ("公安厅", None), ("民政厅", None),
    ("水利厅", None), ("审计厅", None), ("外办", None), ("大数据局", None),
    ("政务服务办", None), ("机关事务管理局", None), ("体育局", None), ("林业局", None),
    ("能源局", None), ("粮食和物资储备局", "粮食局"), ("广播电视局", None), ("信访局", None),
    ("乡村振兴局", None), ("退役军人事务厅", None), ("人防办", None), ("药监局", None),
    ("中小企业局", None), ("民营经济发展局", None), ("商务投资促进局", None), ("口岸办", None),
    ("合作交流办", None), ("参事室", None), ("研究室", None), ("金融工作办", None),
]
PARTY = ["省委宣传部", "省委组织部", "省委网信办", "省委编办", "省委政法委", "省委统战部",
         "省委人才办", "省委外办", "省纪委监委"]
VERTICAL = ["国家税务总局{p}省税务局", "中国人民银行{p}省分行", "国家金融监督管理总局{p}监管局",
            "{p}证监局", "{city}海关", "{p}省通信管理局", "{p}省邮政管理局", "{p}省气象局",
            "国家统计局{p}调查总队", "{p}省电力公司"]
BODIES = ["省高级人民法院", "省人民检察院", "省工商联", "省总工会", "团省委", "省妇联", "省科协",
          "省残联", "省贸促会", "省中小企业协会", "省公共资源交易中心", "省大数据中心"]
COMPANIES = ["省投资集团", "省交通投资集团", "省能源集团", "省建设投资集团", "省农业发展集团",
             "省担保集团", "省再担保公司", "省产业投资基金公司"]
# Names that hold a separator, as 自治区促进中小企业、民营经济发展…领导小组办公室 does.
JOINED = ["省促进中小企业、民营经济发展工作领导小组办公室",
          "省推进政府职能转变和“放管服”改革协调小组办公室"]
GROUPS = ["各市人民政府", "各县（市、区）人民政府", "各开发区管委会", "省直各有关部门",
          "各行业主管部门", "省促进中小企业、民营经济发展工作领导小组各成员单位"]
PLACES = ["江南", "岭西", "河东", "云中", "海阳"]
CITIES = ["南州", "北平", "东川", "西岭", "清河", "石城", "安平", "临江", "永宁", "青州",
          "丰城", "长宁", "宁远", "庆阳", "兴安", "武平"]
CITY_DEPTS = ["发展改革委", "经信局", "财政局", "商务局", "市场监管局", "科技局", "人社局",
              "住建局", "自然资源局", "数管局", "金融监管局", "税务局"]


@dataclass
class Agency:
    name: str
    aliases: list[str] = field(default_factory=list)
    email: Optional[str] = None
    group: bool = False
    # How a document may write it after another name of the same level: 省财政厅 → 财政厅.
    level: Optional[str] = None
    bare: Optional[str] = None


def make_registry(k: int, seed: int = 1) -> list[Agency]:
    """K agencies, the most commonly named first (registry order = column order)."""
    rng = random.Random(f"registry-{seed}")
    place = rng.choice(PLACES)
    pool: list[Agency] = []
    for stem, alias in DEPARTMENTS:
        pool.append(Agency("省" + stem, ["省" + alias] if alias else [], level="省", bare=stem))
    pool += [Agency(n) for n in PARTY]
    pool += [Agency(v.format(p=place, city=rng.choice(CITIES))) for v in VERTICAL]
    pool += [Agency(n) for n in BODIES + COMPANIES + JOINED]
    pool += [Agency(n, group=True) for n in GROUPS]
    pool += [Agency(f"{c}市人民政府") for c in CITIES]
    # Beyond the province's own bodies, the cities' departments fill a large registry.
    for c in CITIES:
        for d in CITY_DEPTS:
            pool.append(Agency(f"{c}市{d}"))
    if k > len(pool):
        raise ValueError(f"at most {len(pool)} agencies can be generated, not {k}")
    # Departments and groups are the core every registry has; the rest is sampled.
    core = [a for a in pool if a.group][:max(1, k // 10)] + pool[:len(DEPARTMENTS)]
    rest = [a for a in pool if a not in core]
    picked = core[:k] + rng.sample(rest, max(0, k - len(core)))
    chosen = [a for a in pool if a in picked]      # registry order: departments first
    for i, a in enumerate(chosen):
        if not a.group and rng.random() < 0.8:
            a.email = f"office{i:03d}@agencies.example.org"
    return chosen


def write_config(folder: Path, agencies: list[Agency], documents: list[str],
                 output: str) -> Path:
    """A config folder for `matrix --config`: agencies.yaml and settings.yaml."""
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for a in agencies:
        e: dict = {"name": a.name}
        if a.aliases:
            e["aliases"] = list(a.aliases)
        if a.email:
            e["email"] = a.email
        if a.group:
            e["group"] = True
        entries.append(e)
    (folder / "agencies.yaml").write_text(
        "# Generated by benchmarks/registry_gen.py: a province's registry.\n"
        + yaml.safe_dump({"agencies": entries}, allow_unicode=True, sort_keys=False),
        encoding="utf-8")
    settings = {"documents": documents, "output": output,
                "parse": {"first_listed_leads": True},
                "labels": {"lead": "牵头", "support": "配合"}}
    (folder / "settings.yaml").write_text(
        yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder
