"""A revised version of examples/004 with known changes, for diff, build and mail tests."""
from __future__ import annotations

from pathlib import Path

from conftest import SEEDS

ORIGINAL = SEEDS / "004_ff080c79c7811b33.txt"

NEW_MEASURE = ("5.加强统计监测。建立小微企业运行监测制度，按季度发布监测报告。"
               "（责任单位：市统计局）\n")


def revise(text: str) -> str:
    """Five edits a revision typically brings:
    1. 征求意见稿 becomes final;
    2. a measure inserted mid-section (every later number shifts by one);
    3. the lead of 打造高效政务环境 changes (市数管局 → 市数据资源局);
    4. 推进数字智能改造 is deleted;
    5. 防范拖欠中小企业账款 is reworded."""
    lines = text.split("\n")
    lines = [l for l in lines if l.strip() != "（征求意见稿）"]
    out = []
    shift = 0
    import re
    for line in lines:
        m = re.match(r"^(\d+)\.(.*)$", line)
        if m and m.group(2).startswith("推进数字智能改造"):
            shift -= 1
            continue
        if m:
            n = int(m.group(1))
            if m.group(2).startswith("打造高效政务环境"):
                out.append(NEW_MEASURE.rstrip("\n"))
                shift += 1
            line = f"{n + shift}.{m.group(2)}"
        out.append(line)
    text = "\n".join(out)
    text = text.replace("（责任单位：市数管局）", "（责任单位：市数据资源局）")
    text = text.replace("依法依规加大对责任人的问责处罚力度", "依法依规严肃追究责任人责任")
    return text


def write_revision(path: Path) -> Path:
    path.write_text(revise(ORIGINAL.read_text(encoding="utf-8")), encoding="utf-8")
    return path


AFFECTED = {"市统计局", "各县区政府", "市开发区管委", "市经信局", "市数管局", "市数据资源局"}
