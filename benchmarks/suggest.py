"""How often `matrix suggest` names the real lead: leave-one-out over every assigned measure.

    python benchmarks/suggest.py                 # the examples and tests/data/more
    python benchmarks/suggest.py DIR [DIR ...]   # any folders of documents
    python benchmarks/suggest.py --scale 500     # time suggesting over N generated documents

Each assigned measure in turn has its assignment hidden; the suggester, given every other
measure of every document as evidence and the agencies of the measure's own document as
the office's registry (an office knows its own bureaus), proposes leads. A hit is a
proposed lead that is one of the measure's real leads. Beside it the baseline "the
office's most frequent lead" (by the same mapping). Where scikit-learn is installed, its
TfidfVectorizer (character bigrams) is scored in the same harness, so the hand-written
index is compared with a well-kept one. Not a test: it prints figures.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matrix.config import load as load_config  # noqa: E402
from matrix.errors import MatrixError  # noqa: E402
from matrix.parse import parse_file  # noqa: E402
from matrix.registry import Agency, Registry  # noqa: E402
from matrix import suggest as S  # noqa: E402
from matrix.suggest.functions import Office, office_level  # noqa: E402


def documents(folders: list[Path]):
    config = load_config(None)
    docs = []
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if path.suffix not in (".txt", ".docx") or path.name.startswith("."):
                continue
            try:
                docs.append(parse_file(path, config))
            except MatrixError as e:
                print(f"  skipped {e}", file=sys.stderr)
    return docs


def own_registry(doc) -> Registry:
    names = dict.fromkeys(a for m in doc.measures for a in [*m.lead, *m.support,
                                                           *(x for t in m.tasks for x in t.lead + t.support)])
    return Registry(Agency(n, group=n.startswith("各")) for n in names)


def sklearn_index():
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
    except ImportError:
        return None

    class SkIndex:
        def __init__(self, texts):
            self.vec = TfidfVectorizer(analyzer="char", ngram_range=(2, 2), sublinear_tf=True)
            self.m = self.vec.fit_transform(texts)

        def query(self, text, top=10, skip=frozenset()):
            scores = (self.m @ self.vec.transform([text]).T).toarray().ravel()
            order = [i for i in scores.argsort()[::-1] if i not in skip and scores[i] > 0]
            return [(int(i), float(scores[i])) for i in order[:top]]
    return SkIndex


def leave_one_out(docs, index_class=None):
    registry_all = Registry()
    evidence = S.evidence_of(docs, registry_all)
    hits1 = hits3 = base1 = base3 = n = support_shown = support_right = 0
    for doc in docs:
        registry = own_registry(doc)
        if not registry.agencies:
            continue
        suggester = S.Suggester(evidence, registry)
        if index_class:
            suggester.index = index_class([e.text for e in suggester.evidence])
        office = Office(registry, office_level(registry, doc.issuer, None, doc.agencies()))
        for m in doc.measures:
            lead, support = S._roles(m)
            if not lead:
                continue
            n += 1
            truth = set(lead)
            got = suggester.suggest(doc, m, top=3, exclude=(doc.key, m.id))
            names = [c.agency for c in got.lead]
            hits1 += bool(names[:1] and names[0] in truth)
            hits3 += bool(truth & set(names[:3]))
            for c in got.support:
                support_shown += 1
                support_right += c.agency in support
            freq = Counter()
            for e in suggester.evidence:
                if (e.document, e.measure) == (doc.key, m.id):
                    continue
                for a in e.lead:
                    for mapped in office.candidates(a):
                        freq[mapped] += 1
            common = [a for a, _ in freq.most_common(3)]
            base1 += bool(common[:1] and common[0] in truth)
            base3 += bool(truth & set(common))
    return n, hits1, hits3, base1, base3, support_shown, support_right


def report(label, figures):
    n, h1, h3, b1, b3, shown, right = figures
    print(f"{label}: {n} measures  top-1 {h1 / n:.3f}  top-3 {h3 / n:.3f}   "
          f"baseline (most frequent lead) top-1 {b1 / n:.3f}  top-3 {b3 / n:.3f}   "
          f"support shown {shown}, right {right / shown if shown else 0:.3f}")


def scale(n_docs: int) -> None:
    """Time `suggest` as build runs it, over a generated province corpus in which every
    fourth document has lost its notes."""
    from benchmarks.corpus import make_corpus
    out = ROOT / "benchmarks" / "out" / f"suggest-{n_docs}"
    corpus = make_corpus(n_docs, 200)
    paths = corpus.write(out)
    config = load_config(out / "config")
    docs = [parse_file(p, config) for p in paths]
    for d in docs[::4]:
        for m in d.measures:
            m.lead, m.support, m.tasks = [], [], []
    t = time.perf_counter()
    found = S.suggest(docs, config.registry)
    took = time.perf_counter() - t
    shown = sum(1 for s in found if s.lead)
    print(f"suggest over {n_docs} documents ({sum(len(d.measures) for d in docs)} measures): "
          f"{len(found)} unassigned, {shown} with candidates, in {took:.2f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path)
    ap.add_argument("--scale", type=int, help="time suggesting over N generated documents")
    args = ap.parse_args()
    if args.scale:
        scale(args.scale)
        return
    folders = args.folders or [ROOT / "examples", ROOT / "tests" / "data" / "more"]
    docs = documents(folders)
    print(f"{len(docs)} documents")
    t = time.perf_counter()
    report("matrix (TF-IDF, character bigrams)", leave_one_out(docs))
    print(f"  {time.perf_counter() - t:.2f} s")
    sk = sklearn_index()
    if sk:
        t = time.perf_counter()
        report("scikit-learn TfidfVectorizer", leave_one_out(docs, sk))
        print(f"  {time.perf_counter() - t:.2f} s")
    else:
        print("(scikit-learn not installed: its figures left out)")


if __name__ == "__main__":
    main()
