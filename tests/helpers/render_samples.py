"""Documents built in code for the render and build tests (no parser needed)."""
from __future__ import annotations

from matrix.config import Config
from matrix.model import Document, Measure, Source, Task
from matrix.registry import Agency, Registry

REGISTRY_NAMES = ["区发展改革委", "区市场监管局", "区财政局", "各镇街"]


def registry() -> Registry:
    return Registry([Agency("区发展改革委", aliases=["区发改委"]), Agency("区市场监管局"),
                     Agency("区财政局"), Agency("各镇街", group=True)])


def config(**labels) -> Config:
    cfg = Config(folder=None, registry=registry())
    cfg.settings["labels"] = {"lead": "牵头", "support": "配合", **labels}
    return cfg


def measure(mid: str, title: str, lead=(), support=(), tasks=(), deadlines=(), text=None,
            section="一、总体要求") -> Measure:
    return Measure(id=mid, section=section, number=mid.split(".")[-1], title=title,
                   text=text or f"{title}。具体措施文字。", lead=list(lead),
                   support=list(support), deadlines=list(deadlines),
                   tasks=[Task(t, list(l), list(s)) for t, l, s in tasks])


def doc_a() -> Document:
    """Three measures: led with clause tasks, support only, unassigned."""
    return Document(
        title="关于促进中小企业健康发展的实施意见", issuer="新疆维吾尔自治区人民政府办公厅",
        number="新政办发〔2019〕90号", date="2019-08-06", status="final",
        source=Source("examples/a.txt", "0" * 64, "utf-8"),
        measures=[
            measure("一.（一）", "放宽市场准入", lead=["区发展改革委"],
                    support=["区财政局", "新设局"], deadlines=["2025年底前"],
                    tasks=[("第一项任务，2025年底前完成", ["区发展改革委"], ["区财政局"]),
                           ("第二项任务", ["区市场监管局"], ["新设局"])]),
            measure("一.（二）", "配合事项", support=["区财政局"]),
            measure("二.（一）", "无人负责", section="二、保障措施"),
        ])


def doc_b() -> Document:
    """Same title as doc_a, another issuer: sheet names must tell them apart."""
    return Document(
        title="关于促进中小企业健康发展的实施意见", issuer="中共浙江省委办公厅 浙江省人民政府办公厅",
        date="2020-12-31", status="draft",
        source=Source("examples/b.txt", "1" * 64, "utf-8"),
        measures=[measure("一.1", "深化改革", lead=["各镇街", "区市场监管局"],
                          support=["区发改委"], tasks=[("深化改革全文", ["各镇街"], [])])])


def hostile_doc() -> Document:
    """Text that a spreadsheet would run as a formula if written carelessly."""
    return Document(
        title='=HYPERLINK("http://evil.example","点我")', issuer="+1", number="-2",
        date="2021-01-01", source=Source("examples/evil.txt", "2" * 64, "utf-8"),
        measures=[measure("一.（一）", "@SUM(A1:A2)", lead=["=1+1局"], support=["-2局"],
                          text="=cmd|' /C calc'!A0\x07 控制字符")])


def place_sources(root, *docs: Document) -> None:
    """Put a file where each document says it was parsed from: a parsed file whose
    document is gone is not built (corpus.py)."""
    from pathlib import Path
    for doc in docs:
        path = Path(root) / doc.source.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(doc.title, encoding="utf-8")
