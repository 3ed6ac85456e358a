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
from array import array
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
    inverted index so that a query costs what its terms' postings cost, not the corpus.

    Terms are numbered and postings kept as two arrays (positions, weights): at province
    scale a posting list of tuples held 100 MB for a moment, the arrays a tenth of it.
    """

    def __init__(self, texts: Sequence[str]):
        number: dict[str, int] = {}
        counts: list[tuple[array, array]] = []
        df: list[int] = []
        for text in texts:
            c = Counter(number.setdefault(t, len(number)) for t in terms(text))
            counts.append((array("l", c.keys()), array("l", c.values())))
            if len(number) > len(df):
                df.extend([0] * (len(number) - len(df)))
            for t in c:
                df[t] += 1
        n = len(texts)
        idf = [math.log((n + 1) / (d + 1)) + 1.0 for d in df]
        self.number = number
        self.idf = idf
        # A pair in more than 2 % of all measures adds little to any score but costs a
        # visit to each of them per query: it weighs in the norms, and has no postings.
        crowded = max(COMMON_FLOOR, COMMON_SHARE * n)
        at: dict[int, array] = {}
        weight: dict[int, array] = {}
        for i, (ts, ks) in enumerate(counts):
            for t, w in self._weigh(ts, ks):
                if df[t] <= crowded:
                    if t not in at:
                        at[t], weight[t] = array("l"), array("d")
                    at[t].append(i)
                    weight[t].append(w)
        self.postings = {t: (at[t], weight[t]) for t in at}
        self.size = n

    def _weigh(self, ts, ks) -> list[tuple[int, float]]:
        idf = self.idf
        vec = [(t, (1.0 + math.log(k)) * idf[t]) for t, k in zip(ts, ks)]
        norm = math.sqrt(sum(w * w for _, w in vec)) or 1.0
        return [(t, w / norm) for t, w in vec if w]

    def query(self, text: str, top: int = 10, skip: frozenset[int] = frozenset()
              ) -> list[tuple[int, float]]:
        """The `top` most similar indexed texts, as (position, cosine), best first."""
        # A term no indexed text has would weigh 0: left out, the norm is the same.
        c = Counter(self.number[t] for t in terms(text) if t in self.number)
        scores: dict[int, float] = {}
        get = scores.get
        empty = ((), ())
        for t, w in self._weigh(c.keys(), c.values()):
            at, weight = self.postings.get(t, empty)
            for i, v in zip(at, weight):
                scores[i] = get(i, 0.0) + w * v
        for i in skip:
            scores.pop(i, None)
        best = sorted(scores.items(), key=lambda p: (-p[1], p[0]))
        return best[:top]
