"""Which measures say much the same thing: TF-IDF over character bigrams, cosine similarity.

Chinese has no spaces, and policy wording repeats itself across levels (融资担保, 专精特新,
政府采购), so overlapping character pairs find the same subject with no dictionary and no
network. Written out here rather than taken from scikit-learn: the index is a few dozen
lines, and benchmarks/suggest.py measures it against scikit-learn's TfidfVectorizer and
BM25 where they are installed.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from typing import Sequence

_RUN = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z0-9]+")
# Words in every measure of the genre say nothing about its subject.
_COMMON = frozenset("""加强 推进 进一步 完善 建立 健全 支持 推动 实施 开展 落实 提升 加快 促进 深化
    强化 工作 企业 发展 制度 机制 体系 全面 积极 持续 鼓励 引导 各类 相关 有关""".split())


def terms(text: str) -> list[str]:
    """Overlapping character pairs of each run of Chinese (a word of Latin letters or digits
    counts as one term), without the pairs of the genre's stock verbs."""
    out = []
    for run in _RUN.findall(text):
        if run.isascii():
            out.append(run.lower())
            continue
        out.extend(run[i:i + 2] for i in range(len(run) - 1))
    return [t for t in out if t not in _COMMON]


COMMON_SHARE = 0.02
COMMON_FLOOR = 50


class Index:
    """Cosine similarity of TF-IDF vectors (log-scaled counts), looked up through an
    inverted index so that a query costs what its terms' postings cost, not the corpus."""

    def __init__(self, texts: Sequence[str]):
        counts = [Counter(terms(t)) for t in texts]
        df: Counter[str] = Counter()
        for c in counts:
            df.update(c.keys())
        n = len(texts)
        self.idf = {t: math.log((n + 1) / (d + 1)) + 1.0 for t, d in df.items()}
        # A pair in more than 2 % of all measures adds little to any score but costs a
        # visit to each of them per query: it weighs in the norms, and has no postings.
        crowded = max(COMMON_FLOOR, COMMON_SHARE * n)
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for i, c in enumerate(counts):
            vec = self._weigh(c)
            for t, w in vec.items():
                if df[t] <= crowded:
                    self.postings.setdefault(t, []).append((i, w))
        self.size = n

    def _weigh(self, c: Counter[str]) -> dict[str, float]:
        vec = {t: (1.0 + math.log(k)) * self.idf.get(t, 0.0) for t, k in c.items()}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {t: w / norm for t, w in vec.items() if w}

    def query(self, text: str, top: int = 10, skip: frozenset[int] = frozenset()
              ) -> list[tuple[int, float]]:
        """The `top` most similar indexed texts, as (position, cosine), best first."""
        q = self._weigh(Counter(terms(text)))
        scores: dict[int, float] = {}
        get = scores.get
        for t, w in q.items():
            for i, v in self.postings.get(t, ()):
                scores[i] = get(i, 0.0) + w * v
        for i in skip:
            scores.pop(i, None)
        best = sorted(scores.items(), key=lambda p: (-p[1], p[0]))
        return best[:top]
