"""How right the parser is on documents with hand-checked facts: measures found, roles,
clauses, deadlines, metadata, and web furniture leaked into the output.

    python benchmarks/accuracy.py                       # tests/data/more and the seeds
    python benchmarks/accuracy.py DIR [DIR ...]         # any folder of documents + facts

A document `X.txt` (or .docx) is scored against `X.expected.yaml` (the tests' format) or
`X.gold.yaml` (the format of shared/gold: `key`, `optional`, `aliases`, `style` tags),
looked for beside it or in `--gold DIR`. Figures per document, per style tag and in total.
Not a test: it prints figures and always exits 0 unless --min is given.
"""
from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matrix.config import load as load_config  # noqa: E402
from matrix.errors import MatrixError  # noqa: E402
from matrix.parse import parse_file  # noqa: E402

FURNITURE = re.compile(r"当前位置|首页|简体版|繁體版|繁体版|打印|关闭|发布时间|索引号|信息来源|浏览次数|"
                       r"分享到|责任编辑|字号|全文如下|相关链接|來源|當前位置|首頁|發布時間|索引號|瀏覽次數|關閉")
FOLD = str.maketrans("()[]:,;", "（）［］：，；")


def norm(t: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", t or ""))


def facts_for(doc: Path, gold_dir: Path | None) -> Path | None:
    for base in filter(None, [doc.parent, gold_dir]):
        for name in (f"{doc.stem}.expected.yaml", f"{doc.stem}.gold.yaml", f"{doc.stem}.yaml"):
            if (base / name).exists():
                return base / name
    return None


def load_facts(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if "document" in data:                       # the tests' format
        meta = data["document"]
        measures = [{"id": str(m["id"]), "title": m["title"], "lead": m["lead"], "support": m["support"],
                     "tasks": m.get("tasks"), "deadlines": m.get("deadlines"), "optional": []}
                    for m in data["measures"]]
        return {"meta": meta, "measures": measures, "aliases": [], "style": data.get("style", [])}
    meta = {k: data.get(k) for k in ("title", "issuer", "number", "date", "status")}
    measures = [{"id": str(m.get("key", "")).replace("/", "."), "title": m["title"], "lead": m["lead"] or [],
                 "support": m["support"] or [], "tasks": m.get("tasks"), "deadlines": m.get("deadlines"),
                 "optional": m.get("optional") or []} for m in data["measures"]]
    return {"meta": meta, "measures": measures, "aliases": data.get("aliases") or [],
            "style": data.get("style") or []}


def align(gold: list[dict], pred: list) -> list[tuple[dict, object]]:
    pairs, j = [], 0
    for g in gold:
        gt = norm(g["title"])
        for k in range(j, len(pred)):
            pt = norm(pred[k].title)
            n = min(len(gt), 8)
            if pred[k].id == g["id"] or pt[:n] == gt[:n] or (len(pt) >= 4 and gt.startswith(pt)):
                pairs.append((g, pred[k]))
                j = k + 1
                break
        else:
            pairs.append((g, None))
    return pairs


def score(doc, facts: dict) -> dict:
    canon = {}
    for group in facts["aliases"]:
        for a in group:
            canon[a.translate(FOLD)] = group[0].translate(FOLD)

    def c(n):
        n = (n or "").strip().translate(FOLD)
        return canon.get(n, n)

    pairs = align(facts["measures"], doc.measures)
    s = defaultdict(int)
    s["gold"], s["pred"] = len(facts["measures"]), len(doc.measures)
    for g, p in pairs:
        if p is None:
            s["missed"] += 1
            continue
        s["found"] += 1
        s["id_ok"] += p.id == g["id"]
        opt = {c(x) for x in g["optional"]}
        want = {(c(a), "lead") for a in g["lead"]} | {(c(a), "support") for a in g["support"]}
        got = {(c(a), r) for r, names in (("lead", p.lead), ("support", p.support)) for a in names
               if c(a) not in opt}
        s["tp"] += len(want & got)
        s["fp"] += len(got - want)
        s["fn"] += len(want - got)
        if g.get("tasks"):
            s["tasks"] += len(g["tasks"])
            gt = [({c(a) for a in t["lead"]}, {c(a) for a in t["support"]}) for t in g["tasks"]]
            pt = [({c(a) for a in t.lead}, {c(a) for a in t.support}) for t in p.tasks]
            s["tasks_ok"] += sum(1 for i, t in enumerate(gt) if i < len(pt) and pt[i] == t)
        if g.get("deadlines") is not None:
            s["dl"] += 1
            s["dl_ok"] += [d.replace(" ", "") for d in p.deadlines] == [str(d) for d in g["deadlines"]]
    meta = facts["meta"]
    checks = [norm(meta.get("title")) == norm(doc.title)]
    for k in ("issuer", "number", "date", "status"):
        if k in meta:
            checks.append(norm(str(meta[k] or "")) == norm(str(getattr(doc, k) or "")))
    s["meta"], s["meta_ok"] = len(checks), sum(checks)
    leaked = [t for t in [doc.title] + [m.title for m in doc.measures] + doc.agencies() if FURNITURE.search(t or "")]
    s["furniture"] = len(leaked)
    s["_leaked"] = leaked
    return s


def ratio(a, b):
    return a / b if b else 1.0


def line(name: str, s: dict) -> str:
    p, r = ratio(s["tp"], s["tp"] + s["fp"]), ratio(s["tp"], s["tp"] + s["fn"])
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return (f"{name:<34} measures {s['found']:>3}/{s['gold']:<3} (emitted {s['pred']:>3})  "
            f"roles F1 {f1:.3f} (P {p:.3f} R {r:.3f})  clauses {s['tasks_ok']}/{s['tasks']}  "
            f"deadlines {s['dl_ok']}/{s['dl']}  metadata {s['meta_ok']}/{s['meta']}  furniture {s['furniture']}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="*", type=Path,
                    default=[ROOT / "tests" / "data" / "more", ROOT / "tests" / "data" / "seeds"])
    ap.add_argument("--gold", type=Path, help="folder of facts files, if not beside the documents")
    ap.add_argument("--config", type=Path, default=ROOT / "config")
    ap.add_argument("--min", type=float, default=0.0, help="exit 1 below this measure recall or role F1")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every wrong measure")
    a = ap.parse_args()
    config = load_config(a.config)
    total, by_style = defaultdict(int), defaultdict(lambda: defaultdict(int))
    expected_dir = ROOT / "tests" / "data" / "expected"
    for folder in a.dirs:
        for doc_path in sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".docx", ".html", ".pdf")):
            facts_path = facts_for(doc_path, a.gold or (expected_dir if folder.name == "seeds" else None))
            if facts_path is None:
                continue
            facts = load_facts(facts_path)
            try:
                doc = parse_file(doc_path, config)
            except MatrixError as e:
                print(f"{doc_path.name:<34} not parsed: {e}")
                s = defaultdict(int, gold=len(facts["measures"]), fn=sum(len(m["lead"]) + len(m["support"])
                                                                      for m in facts["measures"]))
            else:
                s = score(doc, facts)
                if a.verbose:
                    for g, p in align(facts["measures"], doc.measures):
                        if p is None:
                            print(f"    missed {g['id']} {g['title']}")
                        elif set(p.lead) != set(g["lead"]) or set(p.support) != set(g["support"]):
                            print(f"    {g['id']} {g['title']}: lead {p.lead} support {p.support}; "
                                  f"want {g['lead']} / {g['support']}")
                    for t in s.get("_leaked", []):
                        print(f"    furniture: {t}")
            print(line(doc_path.name[:34], s))
            for k, v in s.items():
                if not k.startswith("_"):
                    total[k] += v
                    for tag in facts["style"] or ["(untagged)"]:
                        by_style[tag][k] += v
    if len(by_style) > 1:
        print()
        for tag in sorted(by_style):
            print(line(f"style {tag}", by_style[tag]))
    print()
    print(line("TOTAL", total))
    p, r = ratio(total["tp"], total["tp"] + total["fp"]), ratio(total["tp"], total["tp"] + total["fn"])
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return 1 if min(ratio(total["found"], total["gold"]), f1) < a.min else 0


if __name__ == "__main__":
    sys.exit(main())
