"""What one matrix workbook covers, when an office chooses (`build --group-by`).

Years of a province's documents in one matrix.xlsx would be thousands of sheets; grouped,
each year (issuer, folder) has a matrix of its own in DIR/matrices/ and matrix.xlsx sums
them up. The agency workbooks still gather a bureau's tasks across all of them.
"""
from __future__ import annotations

import os
from pathlib import PurePosixPath
from typing import Optional, Sequence

from .i18n import _
from .errors import MatrixError
from .model import Document
from .schema import GROUP_BY

NO_YEAR = "未注明年份"
NO_ISSUER = "未注明发文单位"


def check(by: Optional[str], where: str = "") -> Optional[str]:
    """The grouping asked for, or None for one matrix; anything else is an error."""
    if not by or by == "none":
        return None
    if by not in GROUP_BY:
        raise MatrixError(_("group-by must be one of {choices}, not {value!r}").format(
            choices=", ".join(GROUP_BY), value=by), where or None)
    return by


def _folder(doc: Document) -> PurePosixPath:
    path = doc.source.path if doc.source else ""
    return PurePosixPath(path.replace(os.sep, "/")).parent


def group_names(docs: Sequence[Document], by: str) -> list[str]:
    """Each document's group, in document order."""
    if by == "year":
        return [f"{d.date[:4]}年" if d.date and d.date[:4].isdigit() else NO_YEAR for d in docs]
    if by == "issuer":
        return [d.issuer or NO_ISSUER for d in docs]
    # folder: the folders below the one all documents share (documents/2023 → 2023).
    folders = [_folder(d) for d in docs]
    try:
        common = os.path.commonpath([f.as_posix() for f in folders]) if folders else ""
    except ValueError:                # absolute and relative paths mixed: keep them whole
        common = ""
    out = []
    for f in folders:
        rest = f.as_posix()[len(common):].strip("/")
        out.append(rest or PurePosixPath(common).name or ".")
    return out


def groups(docs: Sequence[Document], by: str) -> list[tuple[str, list[int]]]:
    """(group, indices of its documents), groups in order: years and names ascending, the
    documents without one last."""
    members: dict[str, list[int]] = {}
    for i, name in enumerate(group_names(docs, by)):
        members.setdefault(name, []).append(i)
    last = {NO_YEAR, NO_ISSUER}
    return sorted(members.items(), key=lambda kv: (kv[0] in last, kv[0]))
