"""Sections (一、二、…) and the numbered items under them, which are the measures.

Rules, each small:
- a section heading must continue the sequence (一 then 二 …), so a line that happens to
  begin with a numeral is not taken for one;
- the first item style met under a section (（一） or 1.) is the measure style; other
  styles inside a measure are its sub-points, kept as text;
- items continue their sequence or restart at 1 in a new section (ids carry the section);
- the end matter (落款 date, 抄送, 印发) closes the last measure.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import patterns as P
from .clean import Line


@dataclass
class RawItem:
    section_no: str          # 一
    section: str             # heading text
    number: str              # （七）
    line: int
    parts: list[str] = field(default_factory=list)   # paragraphs, marker removed from the first
    closed: bool = False     # a paragraph ended with an assignment note; later prose is not ours


@dataclass
class Outline:
    items: list[RawItem]
    stray: list[Line]        # prose after a closed measure, reported as a warning
    preamble: list[Line]
    first_section_line: int | None
    # Prose outside any measure, with how many measures came before it: a standing
    # instruction there (以下各项任务均需…落实，不再单列) applies from that point on.
    between: list[tuple[int, Line]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)   # numbering gaps and markers out of order


def _section_title(rest: str) -> str:
    # "进一步释放稳定红利,切实营造良好发展环境" is the heading; a heading followed by prose on
    # the same line is cut at the first full stop.
    return P.SENTENCE_END.split(rest, 1)[0].strip("。 ")


def outline(lines: list[Line], closes_item=lambda text: False, flat: bool = False,
            headings_are_items: bool = False) -> Outline:
    """Group cleaned lines into measures. `closes_item(text)` tells whether a paragraph ends
    with an assignment note, after which further prose belongs to no measure. `flat`: the
    document has no 一、 sections, its numbered items stand on their own.
    `headings_are_items`: a short 若干措施 whose 一、二、 headings are the measures."""
    items: list[RawItem] = []
    stray: list[Line] = []
    preamble: list[Line] = []
    section_no, section_val, section = "", 1 if flat else 0, ""
    style: str | None = None
    last_val = 0
    current: RawItem | None = None
    first_section_line = None
    between: list[tuple[int, Line]] = []
    skipped: list[str] = []
    ended = False

    for i, line in enumerate(lines):
        text = line.text
        signature = i + 1 < len(lines) and P.DATE_LINE.match(lines[i + 1].text) and \
            P.ORG_NAME_LINE.match(text)
        if P.is_end_matter(text) or signature:
            ended = True
            current = None
            continue
        sec = P.SECTION.match(text)
        if sec:
            val = P.cn_to_int(sec.group(1)) or 0
            # A heading may follow a lost page (三 after 一), but only if it looks like one.
            gap = section_val and section_val + 1 < val <= section_val + 3 and P.is_heading_only(text)
            if gap:
                skipped.append(f"line {line.no}: heading {sec.group(1)}、 follows "
                               f"{section_no}、: a heading may be missing")
            if val == section_val + 1 or (section_val == 0 and val == 1) or gap:
                section_no, section_val, section = sec.group(1), val, _section_title(sec.group(2))
                first_section_line = first_section_line or line.no
                if headings_are_items:
                    current = RawItem("", "", sec.group(1), line.no, [sec.group(2)])
                    current.closed = closes_item(sec.group(2))
                    items.append(current)
                    continue
                current, ended = None, False
                continue
        item = P.ITEM.match(text)
        if item and section_val and not ended:
            marker, rest = item.group(1), item.group(2)
            this_style = P.item_style(marker)
            val = P.item_value(marker) or 0
            if style is None:
                style = this_style
            gap = this_style == style and last_val + 1 < val <= last_val + 3
            if gap:
                skipped.append(f"line {line.no}: item {marker} follows item {last_val}: "
                               "an item may be missing")
            if this_style == style and (val == last_val + 1 or val == 1 or gap):
                current = RawItem(section_no, section, P.normal_marker(marker), line.no, [rest])
                items.append(current)
                last_val = val
                current.closed = closes_item(rest)
                continue
            if this_style == style:
                skipped.append(f"line {line.no}: item {marker} out of sequence after item "
                               f"{last_val}, kept as text")
        if current is not None and not current.closed:
            current.parts.append(text)
            current.closed = closes_item(text)
            continue
        if current is not None:
            stray.append(line)
        elif not section_val:
            preamble.append(line)
        between.append((len(items), line))
    return Outline(items, stray, preamble, first_section_line, between, skipped)
