"""How the workbooks look: colours, fonts, widths, cell styles.

Everything visual is named here once, so the document sheets, the summary and the agency
workbooks agree. The words they show are matrix/words.py's.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

from ..words import AGENCY_CHANGE_COLUMN

# Colours: the usual Excel "good / neutral / bad" pastels, which print legibly in grey too.
UNASSIGNED_FILL = "FFC7CE"      # no lead and no support: red
SUPPORT_ONLY_FILL = "FFEB9C"    # support but no lead: amber
LEAD_MARK_FILL = "C6EFCE"       # 牵头 mark: green
SUPPORT_MARK_FILL = "DDEBF7"    # 配合 mark: blue
LEAD_ROW_FILL = "FCE4D6"        # an agency's own lead tasks: orange
DONE_FILL = "E2EFDA"            # 状态 已完成
ONGOING_FILL = "FFF2CC"         # 状态 推进中
HEADER_FILL = "D9E1F2"
CHANGED_FILL = "E4DFEC"         # changed by the latest revision: violet
OVERRIDE_COLOR = "7030A0"       # text set by config/overrides.yaml
TASK_ROW_FONT = "595959"        # context repeated on clause rows, in grey

FONT_NAME = "宋体"              # present on Chinese Windows/WPS; LibreOffice substitutes a CJK face

# (least, most, share), as AGENCY_RULES: the table fills the first page's width, and the
# one-column-per-agency block follows on pages of its own, 序号 to 措施 repeated.
DOC_RULES = [(5, 8, 0), (6, 8, 0), (8, 12, 0), (36, 36, 1), (8, 12, 0), (8, 14, 0), (6, 9, 0)]
AGENCY_COL_WIDTH = 7
COL_LEAD = 5          # 1-based positions the conditional formulas refer to
COL_SUPPORT = 6

AGENCY_KEY_WIDTH = 14
# Width rules (least, most, share): as wide as the content between least and most; the
# long texts share what one landscape A4 page has left (see paper.widths).
AGENCY_RULES = {"文件": (8, 12, 0), "序号": (6, 10, 0), AGENCY_CHANGE_COLUMN: (5, 8, 0),
                "措施": (8, 12, 0), "任务内容": (30, 30, 3), "本单位角色": (5, 6, 0),
                "其他牵头单位": (6, 10, 0), "配合单位": (8, 12, 0), "完成时限": (6, 10, 0),
                "进展情况": (10, 10, 1), "状态": (6.5, 6.5, 0), "备注": (5, 5, 0)}
# 未分配: the 措施 and 建议依据 texts share what the page has left.
UNASSIGNED_RULES = [(10, 18, 0), (8, 12, 0), (6, 10, 0), (16, 16, 1), (10, 16, 0), (12, 18, 0),
                    (16, 16, 1), (9, 9, 0)]
CHANGES_RULES = [(6, 9, 0), (10, 18, 0), (6, 12, 0), (10, 18, 0), (16, 16, 1), (16, 16, 1),
                 (10, 20, 0)]
DROPPED_RULES = [(10, 20, 0), (6, 12, 0), (12, 24, 0), (6, 9, 0), (20, 20, 1), (20, 20, 1)]


UNLOCKED = Protection(locked=False)

_thin = Side(style="thin", color="A6A6A6")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)


@dataclass(frozen=True)
class Look:
    """A cell style as one value: what a writer asks for, cached per workbook by `Stylist`."""
    bold: bool = False
    size: float = 10
    color: Optional[str] = None
    italic: bool = False
    fill: Optional[str] = None
    wrap: bool = False
    horizontal: Optional[str] = None
    vertical: str = "top"
    border: bool = False
    locked: bool = True         # on a protected sheet, only unlocked cells can be edited
    number_format: Optional[str] = None     # how a number shows: a date, a percentage


TITLE = Look(bold=True, size=16, vertical="center")
SUBTITLE = Look(size=10, color="404040")
HEADER = Look(bold=True, fill=HEADER_FILL, wrap=True, horizontal="center", vertical="center",
              border=True)
CELL = Look(border=True)
CELL_WRAP = Look(border=True, wrap=True)
CELL_CENTER = Look(border=True, horizontal="center")
# What a bureau fills in (进展情况, 状态, 备注) on its protected task list.
FILL_IN = Look(border=True, wrap=True, locked=False)
FILL_IN_CENTER = Look(border=True, horizontal="center", locked=False)
TASK_CONTEXT = Look(border=True, wrap=True, color=TASK_ROW_FONT, italic=True)
NUMBER = Look(border=True, horizontal="right")
# A real date (a number Excel, WPS and LibreOffice all show as one), so formulas compare it.
DATE = Look(border=True, horizontal="center", number_format="yyyy-mm-dd")
SUBTITLE_DATE = Look(size=10, color="404040", horizontal="left", number_format="yyyy-mm-dd")
DATE_TIME = Look(border=True, horizontal="center", number_format="yyyy-mm-dd hh:mm")
PERCENT = Look(border=True, horizontal="right", number_format="0%")
LINK = Look(border=True, color="0563C1")
SECTION = Look(bold=True, size=11)
CHANGED = Look(border=True, horizontal="center", fill=CHANGED_FILL, bold=True)
OVERRIDDEN = Look(border=True, wrap=True, color=OVERRIDE_COLOR, bold=True)


def legend_look(fill: str) -> Look:
    return Look(fill=fill, border=True, horizontal="center", vertical="center")


def font(look: Look) -> Font:
    return Font(name=FONT_NAME, size=look.size, bold=look.bold, italic=look.italic,
                color=look.color)


def alignment(look: Look) -> Alignment:
    return Alignment(wrap_text=look.wrap, horizontal=look.horizontal, vertical=look.vertical)


def fill(color: Optional[str]) -> PatternFill:
    if not color:
        return PatternFill()
    return PatternFill(start_color=color, end_color=color, fill_type="solid")


def bold_font() -> Font:
    """The font part of a conditional format: only what differs from the cell."""
    return Font(bold=True)

