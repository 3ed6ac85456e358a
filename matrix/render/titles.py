"""Short names for documents: sheet tabs of matrix.xlsx and the 文件 column of agency lists.

Tabs must be short, yet documents often share a title (a province and a region both issue
关于促进中小企业健康发展的实施意见), so a shared short title is prefixed with the issuer's
place (新疆, 浙江), falling back to the document number and then the date.
"""
from __future__ import annotations

import re
from typing import Optional

from ..model import Document
from ..naming import sheet_names

_DRAFT = re.compile(r"[（(]\s*(征求意见稿|送审稿|讨论稿|草案)\s*[）)]")
_WRAPPED = re.compile(r"印发\s*[《〈]?(.+?)[》〉]?\s*的\s*通知$")
_PLACE = re.compile(r"^(?:中共)?(.+?)(?:维吾尔自治区|壮族自治区|回族自治区|自治区|省|市|自治州|县|区)")


def short_title(title: str) -> str:
    """关于进一步促进…的实施意见（征求意见稿） → 进一步促进…的实施意见."""
    t = re.sub(r"\s+", "", _DRAFT.sub("", title))
    m = _WRAPPED.search(t)
    if m and len(m.group(1)) >= 4:
        t = m.group(1)
    if t.startswith("关于") and len(t) > 4:
        t = t[2:]
    return t or title.strip()


def issuer_place(issuer: Optional[str]) -> Optional[str]:
    """新疆维吾尔自治区人民政府办公厅 → 新疆; 浙江省委办公厅 → 浙江; else the first 6 characters."""
    if not issuer:
        return None
    issuer = re.sub(r"\s+", "", issuer)
    m = _PLACE.match(issuer)
    if m and 1 < len(m.group(1)) <= 4:
        return m.group(1)
    return issuer[:6] or None


def _distinguisher(doc: Document) -> Optional[str]:
    return issuer_place(doc.issuer) or doc.number or (doc.date[:4] if doc.date else None)


def document_names(docs: list[Document], reserved: tuple[str, ...] = ()) -> list[str]:
    """Sheet names for `docs`, in order, unique (ignoring case) and apart from `reserved`."""
    shorts = [short_title(d.title) for d in docs]
    counts: dict[str, int] = {}
    for s in shorts:
        counts[s.casefold()] = counts.get(s.casefold(), 0) + 1
    wanted = []
    for doc, s in zip(docs, shorts):
        tag = _distinguisher(doc) if counts[s.casefold()] > 1 else None
        wanted.append(f"{tag}·{s}" if tag else s)
    # Reserved names go first so a document can never take 总览 or 未分配.
    return sheet_names([*reserved, *wanted])[len(reserved):]
