"""The words matrix writes for people: column headings, sheet names, states, notes.

Every Chinese word a workbook or a mail shows is named here once, so the document sheets,
the summary, the agency workbooks, the tracker, `diff` and the mails agree. How the words
look (fonts, fills, widths) is render/styles.py's; the office's own role labels come from
settings.yaml (`labels`) through `role_labels`. Messages on the terminal are not here: they
go through i18n, in the user's language.
"""
from __future__ import annotations

from .errors import MatrixError
from .i18n import N_, _

# How roles are written unless settings.yaml says otherwise.
ROLE_WORDS = {"lead": "牵头", "support": "配合"}

# Who made the workbook, as its properties (author, application) and its comments name
# it: in Chinese like everything a bureau reads, never "openpyxl" or "matrix".
MAKER = "任务分工表生成工具"
COMMENT_AUTHOR = MAKER

# matrix.xlsx
SUMMARY_SHEET = "总览"
UNASSIGNED_SHEET = "未分配"
CHANGES_SHEET = "变更"
# Document sheet columns, before the one-column-per-agency block.
DOC_COLUMNS = ["序号", "章节", "措施", "任务内容", "牵头单位", "配合单位", "完成时限"]
UNASSIGNED_COLUMNS = ["文件", "章节", "序号", "措施", "配合单位", "建议牵头", "建议依据", "位置"]
# Suggestions (matrix.suggest) are shown, never applied: the sheet says so.
SUGGESTED_NOTE = "“建议牵头”由相似措施的分工和单位职责推算，仅供参考，不会自动填入；确认后写入 overrides.yaml。"
CHANGES_COLUMNS = ["变更", "文件", "序号", "措施", "变更前", "变更后", "涉及单位"]
# matrix.xlsx of a build grouped by year, issuer or folder: one row a group.
GROUP_COLUMNS = ["分组", "文件", "措施", "已分配", "未分配", "涉及单位", "工作簿"]
GROUP_AGENCY_SHEET = "各单位任务数"

# An agency's task list
AGENCY_SHEET = "任务清单"
AGENCY_COLUMNS = ["文件", "序号", "措施", "任务内容", "本单位角色", "其他牵头单位", "配合单位",
                  "完成时限", "进展情况", "状态", "备注"]
# A task new or changed in the latest revision says so in words, on paper too: this
# column follows 序号 in the workbook of a bureau that has such tasks.
AGENCY_CHANGE_COLUMN = "变更"
# The last column, hidden: each task's key, by which `matrix collect` reads a returned
# workbook whatever its file name or row order (see render.tasks.Row.key).
AGENCY_KEY_COLUMN = "任务编号"
FILL_IN_COLUMNS = ("进展情况", "状态", "备注")     # what the bureau writes
AGENCY_BOOK_KEYWORD = "任务清单"                  # its keywords property: a task list of ours
STATES = ["未启动", "推进中", "已完成"]            # what 状态 may say
NOT_STARTED, ONGOING, DONE = STATES
DROPPED_TITLE = "已不再承担的任务（文件修订后）"
DROPPED_SHEET = "已取消任务"
DROPPED_COLUMNS = ["文件", "原序号", "措施", "变更", "变更前", "变更后"]
# The first sheet of a bureau that lost every task: nothing to report on.
DROPPED_ONLY_NOTE = "根据文件修订，贵单位已不再承担以下任务，无需报送这些任务的进展。"

# What a revision did to a measure (diff.Change.kind → its label), and a document's status.
CHANGE_LABELS = {"added": "新增", "removed": "删除", "moved": "移动", "text": "文字修改",
                 "agencies": "分工调整", "document": "文件信息"}
STATUS_FIELD = "状态"
STATUS_WORDS = {"draft": "征求意见稿", "final": "正式文件"}
# The same statuses as terminal messages name them, in the language of the moment.
STATUS_MESSAGES = {"draft": N_("draft"), "final": N_("final")}

# The tracker (tracker.xlsx)
LEDGER_SHEET, SILENT_SHEET, REPORT_SHEET, HISTORY_SHEET = "台账", "未报送", "通报", "历史"
LEDGER_COLUMNS = ["文件", "序号", "措施", "任务内容", "单位", "角色", "完成时限", "到期日", "状态",
                  "进展情况", "备注", "报送日期", "预警"]
SILENT_COLUMNS = ["单位", "任务数", "邮箱", "最近一次报送"]
REPORT_COLUMNS = ["单位", "任务数", "已完成", "推进中", "未启动", "逾期", "未报送", "临期"]
REPORT_DOC_COLUMNS = ["文件", "任务数", "已完成", "完成率"]
HISTORY_COLUMNS = ["轮次", "单位", "文件", "序号", "措施", "状态", "进展情况", "备注", "报送时间"]


def status_word(status: str) -> str:
    return STATUS_WORDS.get(status, status)


def role_labels(labels: dict[str, str]) -> tuple[str, str]:
    """(lead, support) labels from the settings, checked to work in a drop-down list."""
    lead, support = labels.get("lead") or ROLE_WORDS["lead"], labels.get("support") or \
        ROLE_WORDS["support"]
    for label in (lead, support):
        if "," in label or '"' in label or len(label) > 20:
            raise MatrixError(_("role label {label!r} cannot be offered in a drop-down list "
                                "(no commas or quotes, at most 20 characters)").format(label=label),
                              "settings.yaml")
    if lead == support:
        raise MatrixError(_("the lead and support labels must differ"), "settings.yaml")
    return lead, support
