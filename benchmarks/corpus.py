"""A seeded corpus of policy documents in the formats of the bundled examples.

    from benchmarks.corpus import make_corpus
    corpus = make_corpus(docs=50, agencies=60, seed=1)
    corpus.write(folder)           # NNN_<hash>.txt files + config/ (agencies.yaml, settings.yaml)

Each document is built as a spec (sections, items, sentences, assignment notes), then
rendered to text with the noise real files carry. The spec also gives the expected
parse (who leads and supports each measure), so a test can check the corpus is read as
meant. What is imitated, and from which example:

- notes `（牵头单位：A；责任单位：B）` (000), `(A牵头,B、C等按职责分工负责)` (001),
  `（责任单位：A、B）` where the first listed leads (004), several notes in one measure (004);
- the standing instruction `以下任务均需…落实，不再单列` (004);
- a bare department after a name of the same level (省财政厅、商务厅: 001);
- page marks `-- 3 --`, `扫描全能王 创建`, `[bookmark: _GoBack]`, sentences cut by a page
  break (001), paragraphs run together on one line (003), full-width indents (000);
- half-width punctuation in some paragraphs and full-width in others (001);
- items （一） or 1. under sections 一、二、, headings on their own line (002);
- a wrapper notice with 文号 (001), a draft mark (000), a signature and date (002).
"""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .registry_gen import Agency, make_registry, write_config

VERBS = ["深化", "推进", "完善", "加快", "强化", "落实", "优化", "健全", "支持", "鼓励", "引导",
         "加大", "探索", "建立", "实施", "提升", "扩大", "规范", "创新", "培育", "统筹", "夯实"]
SUBJECTS = ["中小企业", "民营企业", "小微企业", "个体工商户", "科技型企业", "外贸企业", "制造业企业",
            "专精特新企业", "初创企业", "平台企业"]
OBJECTS = ["商事制度改革", "融资担保体系", "公共服务平台", "知识产权保护", "政府采购支持", "减税降费政策",
           "人才培训计划", "数字化转型", "小微企业园建设", "信用体系建设", "统计监测制度", "对外合作交流",
           "首贷续贷服务", "产业链协同", "梯度培育机制", "科技成果转化", "市场准入制度", "涉企收费清理",
           "用地用能保障", "应急转贷机制", "清欠长效机制", "质量品牌建设", "创业孵化载体", "服务体系建设",
           "要素保障能力", "包容审慎监管", "政策直达机制", "供应链金融", "直接融资渠道", "绿色低碳转型"]
TAILS = ["切实降低企业综合成本", "提高服务效率和质量", "形成工作合力", "营造良好发展环境",
         "确保各项政策落地见效", "推动高质量发展", "增强企业发展信心", "激发市场主体活力",
         "促进大中小企业融通发展", "帮助企业纾难解困", "提升企业核心竞争力", "保障产业链供应链稳定"]
NUMBERED = ["力争到{y}年底，全省{s}数量达到{n}户以上", "每年安排专项资金{n}亿元，重点支持{s}{o}",
            "{y}年底前实现{o}全覆盖", "累计培训{s}经营管理人员{n}人次以上",
            "将{s}贷款不良容忍度提高至{k}%", "审批时限压缩至法定时限的一半以内"]
ASIDES = ["（含技术骨干）", "（以下简称“企业码”）", "（民营经济发展办公室）", "（试行）"]
SECTIONS = ["优化营商环境", "强化融资服务", "降低经营成本", "提高创新能力", "提升公共服务",
            "加大财税支持力度", "完善创新体系", "深入实施融资畅通工程", "加快推进企业现代化建设",
            "有效提升创新能力", "加大服务保障能力", "强化要素保障", "推动数字化转型"]
KINDS = ["实施意见", "若干措施", "工作方案", "实施方案", "行动计划", "若干政策"]
GOALS = ["健康发展", "高质量发展", "纾困解难", "转型升级", "创新发展", "做优做强"]
CN = "零一二三四五六七八九"
STYLES = ["labelled", "responsible", "inline", "mixed"]


def cn_number(n: int) -> str:
    if n < 10:
        return CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


@dataclass
class Note:
    lead: list[str]                 # canonical names
    support: list[str]
    standing: list[str] = field(default_factory=list)


@dataclass
class Clause:
    sentences: list[str]
    note: Optional[Note] = None


@dataclass
class Item:
    title: str
    clauses: list[Clause]
    heading_line: bool = False      # title on its own line, body below (002)


@dataclass
class Section:
    heading: str
    items: list[Item]


@dataclass
class DocSpec:
    index: int
    title: str
    style: str                      # note style, see STYLES
    arabic: bool                    # 1. items instead of （一）
    wrapper: bool                   # an 印发…的通知 cover page
    draft: bool
    signed: bool
    half_width: float               # share of paragraphs written with half-width punctuation
    sections: list[Section]
    revision: int = 0


class Writer:
    """Agency names as a document writes them: aliases sometimes, 省 dropped after 省."""

    def __init__(self, registry: list[Agency], rng: random.Random):
        self.by_name = {a.name: a for a in registry}
        self.rng = rng

    def names(self, canon: list[str], sep: str, prev: Optional[str],
              last_sep: Optional[str] = None) -> tuple[str, Optional[str]]:
        out = []
        for name in canon:
            a = self.by_name[name]
            written = name
            if a.aliases and self.rng.random() < 0.3:
                written = a.aliases[0]
            if a.bare and prev and prev.startswith("省") and self.rng.random() < 0.5:
                written = written[len(a.level):]       # 财政厅 after 省…: the parser completes it
            out.append(written)
            prev = name
        if last_sep and len(out) > 1:
            return sep.join(out[:-1]) + last_sep + out[-1], prev
        return sep.join(out), prev


class CorpusMaker:
    def __init__(self, registry: list[Agency], seed: int):
        self.registry = registry
        self.seed = seed
        groups = [a.name for a in registry if a.group]
        self.groups = groups
        self.plain = [a.name for a in registry if not a.group]
        # A few agencies are named in most documents (财政厅), most rarely: Zipf weights.
        self.weights = [1.0 / (i + 1) ** 0.9 for i in range(len(self.plain))]

    # --- specs -----------------------------------------------------------------------------
    def spec(self, i: int) -> DocSpec:
        rng = random.Random(f"{self.seed}-doc-{i}")
        style = rng.choice(STYLES)
        title = f"关于{rng.choice(VERBS)}{rng.choice(SUBJECTS)}{rng.choice(GOALS)}的{rng.choice(KINDS)}"
        n_sections = rng.randint(3, 7)
        n_items = rng.randint(15, 30)
        per = [1] * n_sections
        for _ in range(n_items - n_sections):
            per[rng.randrange(n_sections)] += 1
        standing_at = rng.randrange(3) if self.groups and rng.random() < 0.2 else None
        standing: list[str] = []
        sections = []
        k = 0
        for s in range(n_sections):
            items = []
            for _ in range(per[s]):
                items.append(self._item(rng, style, standing if k != standing_at else None))
                if k == standing_at:
                    standing = items[-1].clauses[0].note.standing
                k += 1
            sections.append(Section(rng.choice(SECTIONS), items))
        return DocSpec(index=i, title=title, style=style, arabic=rng.random() < 0.3,
                       wrapper=rng.random() < 0.3, draft=rng.random() < 0.3,
                       signed=rng.random() < 0.4, half_width=rng.choice([0.0, 0.0, 0.3, 0.8]),
                       sections=sections)

    def _agencies(self, rng: random.Random, n: int, exclude: set[str]) -> list[str]:
        out: list[str] = []
        while len(out) < n:
            a = rng.choices(self.plain, self.weights)[0]
            if a not in out and a not in exclude:
                out.append(a)
        return out

    def _item(self, rng: random.Random, style: str, standing: Optional[list[str]]) -> Item:
        title = f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}"
        n_notes = rng.choices([0, 1, 2, 3], [1, 7, 2, 1])[0]
        if standing is None:            # this item carries the standing instruction
            n_notes = max(n_notes, 1)
        clauses = []
        for c in range(max(n_notes, 1)):
            sentences = [self._sentence(rng) for _ in range(rng.randint(2, 4))]
            note = None
            if c < n_notes:
                taken = set(standing or ())
                # A 责任单位-only note names one lead (the first listed), so such notes have one.
                one = style == "responsible" or standing is None
                lead = self._agencies(rng, 1 if one else rng.choices([1, 2], [4, 1])[0], taken)
                support = self._agencies(rng, rng.choices([0, 1, 2, 3, 5], [2, 3, 3, 2, 1])[0],
                                         taken | set(lead))
                spare = [g for g in self.groups if g not in taken]
                if spare and rng.random() < 0.08:
                    support.append(rng.choice(spare))
                note = Note(lead, support)
                if standing is None and c == 0:
                    note.standing = rng.sample(self.groups, min(2, len(self.groups)))
                    note.support = [a for a in note.support if a not in note.standing]
            clauses.append(Clause(sentences, note))
        return Item(title, clauses, heading_line=rng.random() < 0.1)

    def _sentence(self, rng: random.Random) -> str:
        if rng.random() < 0.25:
            s = rng.choice(NUMBERED).format(y=rng.randint(2024, 2027), n=rng.randint(2, 5000),
                                            s=rng.choice(SUBJECTS), o=rng.choice(OBJECTS),
                                            k=rng.randint(2, 5))
        else:
            s = (f"{rng.choice(VERBS)}{rng.choice(SUBJECTS)}{rng.choice(OBJECTS)}，"
                 f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}，{rng.choice(TAILS)}")
        if rng.random() < 0.05:
            s = s[:6] + rng.choice(ASIDES) + s[6:]
        return s + "。"

    def revise(self, spec: DocSpec) -> DocSpec:
        """The same document with one note changed: one supporting agency swapped."""
        import copy
        new = copy.deepcopy(spec)
        rng = random.Random(f"{self.seed}-revise-{spec.index}-{spec.revision}")
        notes = [c.note for s in new.sections for it in s.items for c in it.clauses
                 if c.note and not c.note.standing]
        note = rng.choice(notes)
        standing = {g for s in new.sections for it in s.items for c in it.clauses
                    if c.note for g in c.note.standing}
        fresh = self._agencies(rng, 1, set(note.lead) | set(note.support) | standing)[0]
        if note.support:
            note.support[rng.randrange(len(note.support))] = fresh
        else:
            note.support.append(fresh)
        new.revision += 1
        return new

    # --- text ------------------------------------------------------------------------------
    def render(self, spec: DocSpec) -> str:
        rng = random.Random(f"{self.seed}-text-{spec.index}")
        names = Writer(self.registry, rng)
        lines: list[str] = []
        year = 2019 + spec.index % 6
        if spec.wrapper:
            lines += ["", "江南省人民政府办公厅", "", "文 件", "",
                      f"江政办发〔{year}〕{spec.index % 97 + 1}号", "",
                      f"江南省人民政府办公厅印发{spec.title}的通知", "",
                      "各市人民政府，省政府各部门、各直属机构：", "",
                      f"《{spec.title}》已经省政府同意，现印发给你们，请认真贯彻执行。", "", "", "",
                      "-- 1 --", "", "", "", "扫描全能王 创建", ""]
        lines.append(("[bookmark: _GoBack]" if rng.random() < 0.3 else "") + spec.title)
        if spec.draft:
            lines.append("（征求意见稿）")
        lines += ["", f"　　为深入贯彻党中央、国务院关于{spec.title[2:-5]}的决策部署，进一步激发市场主体活力，"
                      "结合我省实际，提出如下意见。"]
        number = 0
        for s, section in enumerate(spec.sections, 1):
            lines.append(f"{cn_number(s)}、{section.heading}")
            for item in section.items:
                number += 1
                marker = f"{number}." if spec.arabic else f"（{cn_number(number)}）"
                lines += self._item_lines(rng, spec, item, marker, names)
        if spec.signed:
            lines += ["", "江南省人民政府办公厅", f"{year}年{spec.index % 12 + 1}月{spec.index % 28 + 1}日"]
        lines = self._run_together(rng, lines)
        return self._paginate(rng, lines)

    def _item_lines(self, rng, spec: DocSpec, item: Item, marker: str, names: Writer) -> list[str]:
        half = rng.random() < spec.half_width
        comma = "," if half else "，"
        body = []
        for clause in item.clauses:
            text = "".join(s.replace("，", comma) for s in clause.sentences)
            if clause.note:
                text += self._note(rng, spec.style, clause.note, names, half)
            body.append(text)
        indent = "　　" if rng.random() < 0.2 else ""
        if item.heading_line:
            return [f"{indent}{marker}{item.title}{comma}着力{rng.choice(TAILS)}", "".join(body)]
        return [f"{indent}{marker}{item.title}。" + "".join(body)]

    def _note(self, rng, style: str, note: Note, names: Writer, half: bool) -> str:
        o, c, colon, semi = ("(", ")", ":", ";") if half else ("（", "）", "：", "；")
        sep = "、"
        # Written as a 责任单位-only list only where that means the same (one lead).
        if style == "mixed" or (style == "labelled" and rng.random() < 0.1):
            style = "responsible" if len(note.lead) == 1 and rng.random() < 0.5 else "labelled"
        if note.standing:          # 004: 责任单位 list, then the standing instruction
            listed, prev = names.names(note.lead + note.support, sep, None)
            groups, _ = names.names(note.standing, sep, None)
            return (f"{o}责任单位{colon}{listed}，{groups}。以下任务均需{groups}落实，不再单列{c}")
        if style == "inline":
            lead, prev = names.names(note.lead, sep, None)
            if not note.support:
                return f"{o}{lead}牵头{c}"
            # …税务局和各地（州、市）等按职责分工负责 (001): 和 before a collective party.
            joined = note.support[-1].startswith("各") and rng.random() < 0.5
            support, _ = names.names(note.support, sep, prev, "和" if joined else None)
            return f"{o}{lead}牵头{',' if half else '，'}{support}等按职责分工负责{c}"
        if style == "responsible":
            listed, _ = names.names(note.lead + note.support, sep, None)
            return f"{o}责任单位{colon}{listed}{c}"
        lead, prev = names.names(note.lead, sep, None)
        if not note.support:
            return f"{o}牵头单位{colon}{lead}{c}"
        support, _ = names.names(note.support, sep, prev)
        return f"{o}牵头单位{colon}{lead}{semi}责任单位{colon}{support}{c}"

    @staticmethod
    def _run_together(rng, lines: list[str]) -> list[str]:
        """Now and then an item follows the previous one on the same line (003)."""
        out: list[str] = []
        for line in lines:
            if (out and out[-1].endswith(("。", "）", ")")) and line.startswith(("（", "("))
                    and rng.random() < 0.05):
                out[-1] += " 　　" + line
            else:
                out.append(line)
        return out

    @staticmethod
    def _paginate(rng, lines: list[str]) -> str:
        """Page marks about every 1,500 characters, some cutting a sentence in two."""
        out: list[str] = []
        page, since = 2, 0
        for line in lines:
            since += len(line)
            if since > 1500 and len(line) > 120 and rng.random() < 0.5:
                cut = _cut_point(rng, line)
                if cut:
                    out += [line[:cut], "", "", "", f"-- {page} --", "", "", "",
                            *(["扫描全能王 创建", ""] if rng.random() < 0.5 else []),
                            line[cut:]]
                    page, since = page + 1, 0
                    continue
            out.append(line)
            if since > 1500 and rng.random() < 0.3:
                out += ["", f"-- {page} --", ""]
                page, since = page + 1, 0
        return "\n".join(out) + "\n"

    # --- expected parse --------------------------------------------------------------------
    def expected(self, spec: DocSpec) -> list[dict]:
        """Each measure's lead and support as the parser should find them."""
        out = []
        standing: list[str] = []
        for section in spec.sections:
            for item in section.items:
                tasks = []
                for clause in item.clauses:
                    note = clause.note
                    if not note:
                        continue
                    lead, support = list(note.lead), [a for a in note.support if a not in note.lead]
                    _add(standing, note.standing)
                    _add(support, note.standing + standing, lead)
                    tasks.append((lead, support))
                if not tasks and standing:
                    tasks.append(([], list(standing)))
                lead_all: list[str] = []
                support_all: list[str] = []
                for lead, _ in tasks:
                    _add(lead_all, lead)
                for _, support in tasks:
                    _add(support_all, support, lead_all)
                out.append({"lead": lead_all, "support": support_all,
                            "tasks": [{"lead": l, "support": s} for l, s in tasks]})
        return out


def _add(target: list[str], names: list[str], exclude: list[str] = ()) -> None:
    for n in names:
        if n not in target and n not in exclude:
            target.append(n)


def _cut_point(rng, line: str) -> Optional[int]:
    """Where a page break may cut a paragraph: between two ideographs, past the first
    sentence, so the parser sees a line that stops mid-sentence (not a heading)."""
    first_stop = line.find("。")
    if first_stop < 0:
        return None
    lo = max(first_stop + 2, 70)
    for _ in range(20):
        at = rng.randrange(lo, len(line) - 2) if len(line) - 2 > lo else None
        if at is None:
            return None
        a, b = line[at - 1], line[at]
        if _ideograph(a) and _ideograph(b) and b not in CN and not line[at:].startswith(
                ("印发", "附件", "抄送", "抄报", "主送", "此件", "联系")):
            return at
    return None


def _ideograph(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


@dataclass
class Corpus:
    registry: list[Agency]
    maker: CorpusMaker
    specs: list[DocSpec]

    def file_name(self, spec: DocSpec) -> str:
        digest = hashlib.sha1(f"{self.maker.seed}-{spec.index}".encode()).hexdigest()[:16]
        return f"{spec.index:03d}_{digest}.txt"

    def text(self, i: int) -> str:
        return self.maker.render(self.specs[i])

    def write(self, folder: Path, output: str = "out") -> list[Path]:
        """Documents into folder/docs/, a config folder into folder/config/."""
        docs = folder / "docs"
        docs.mkdir(parents=True, exist_ok=True)
        paths = []
        for spec in self.specs:
            path = docs / self.file_name(spec)
            path.write_text(self.maker.render(spec), encoding="utf-8")
            paths.append(path)
        # Paths relative to folder, as a user's settings are: `matrix run` is run from there.
        write_config(folder / "config", self.registry, ["docs/*.txt"], output)
        return paths

    def revise(self, i: int, folder: Path) -> Path:
        """Rewrite document i on disk with one note changed; returns its path."""
        self.specs[i] = self.maker.revise(self.specs[i])
        path = folder / "docs" / self.file_name(self.specs[i])
        path.write_text(self.maker.render(self.specs[i]), encoding="utf-8")
        return path


def make_corpus(docs: int, agencies: int, seed: int = 1) -> Corpus:
    registry = make_registry(agencies, seed)
    maker = CorpusMaker(registry, seed)
    return Corpus(registry, maker, [maker.spec(i) for i in range(docs)])
