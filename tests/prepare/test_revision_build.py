"""After a revision: the 变更 sheet, marked rows, each agency's new and lost tasks,
overrides that survive, and `mail --changed-only` to exactly the agencies concerned."""
from __future__ import annotations

import json
from email import policy
from email.parser import BytesParser

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from matrix.cli import main
from matrix.render import styles
from mail_helpers import Recorder, point_mail_at, smtp_server  # noqa: F401  (fixture)
from revisions import AFFECTED, ORIGINAL, revise
from matrix import words

DOC = ORIGINAL.stem


def matrix(*args):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output, result.output
    return result


def add_overrides(project, items):
    path = project / "config" / "overrides.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["overrides"] += items
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def give_everyone_an_address(project):
    """Every agency of examples/004 and of the revision gets a mailbox on the test server."""
    path = project / "config" / "agencies.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for i, a in enumerate(data["agencies"]):
        a["email"] = f"a{i}@luan.example.org"
    n = len(data["agencies"])
    data["agencies"] += [{"name": "市统计局", "email": f"a{n}@luan.example.org"},
                         {"name": "市数据资源局", "email": f"a{n + 1}@luan.example.org"}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return {a["name"]: a["email"] for a in data["agencies"]}


@pytest.fixture
def revised(project):
    """`matrix run` on the examples, the office's overrides, then a revision of 004 and a rerun."""
    add_overrides(project, [
        {"document": DOC, "measure": "二.11", "title": "梯队培育优质企业",
         "lead": ["市财政局"], "note": "局务会改由财政局牵头"},
        {"document": DOC, "measure": "二.13", "title": "推进数字智能改造",
         "support": ["市数管局"], "note": "补充配合单位"},
    ])
    addresses = give_everyone_an_address(project)
    first = matrix("run")
    assert first.exit_code == 0, first.output
    src = project / "examples" / ORIGINAL.name
    src.write_text(revise(src.read_text(encoding="utf-8")), encoding="utf-8")
    second = matrix("run")
    assert second.exit_code == 0, second.output
    return project, second, addresses


def test_changes_sheet_lists_exactly_the_revision(revised):
    project, result, _ = revised
    assert "6 changes since the previous version" in result.output
    wb = openpyxl.load_workbook(project / "output" / "matrix.xlsx")
    assert wb.sheetnames[-1] == words.CHANGES_SHEET
    ws = wb[words.CHANGES_SHEET]
    assert [c.value for c in ws[4]] == words.CHANGES_COLUMNS
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=5)]
    assert sorted((r[0], r[3]) for r in rows) == sorted([
        ("文件信息", "状态"), ("删除", "推进数字智能改造"), ("分工调整", "打造高效政务环境"),
        ("分工调整", "打造高效政务环境"), ("文字修改", "防范拖欠中小企业账款"), ("新增", "加强统计监测")])
    concerned = {a for r in rows for a in (r[6] or "").split("、") if a}
    assert concerned == AFFECTED


def test_changed_rows_are_marked_in_the_document_sheet(revised):
    project, _, _ = revised
    wb = openpyxl.load_workbook(project / "output" / "matrix.xlsx")
    ws = next(wb[n] for n in wb.sheetnames if wb[n]["A1"].value == "关于支持小微企业高质量发展的实施意见")
    marked = {r[0].value for r in ws.iter_rows(min_row=7) if r[0].fill.fgColor.rgb.endswith(styles.CHANGED_FILL)}
    assert marked == {"5", "6", "14"}            # added, lead changed, reworded
    notes = {r[0].value: r[0].comment.text for r in ws.iter_rows(min_row=7) if r[0].comment}
    assert "新增" in notes["5"] and "市数据资源局" in notes["6"] and "文字修改" in notes["14"]


def test_each_agency_workbook_marks_new_tasks_and_lists_lost_ones(revised):
    project, _, _ = revised
    agencies = project / "output" / "agencies"
    stats = openpyxl.load_workbook(agencies / "市统计局.xlsx")
    (row,) = [r for r in stats[words.AGENCY_SHEET].iter_rows() if r[1].value == "二.5"]
    assert row[1].fill.fgColor.rgb.endswith(styles.CHANGED_FILL) and "新增" in row[1].comment.text

    old_lead = openpyxl.load_workbook(agencies / "市数管局.xlsx")
    lost = old_lead[words.DROPPED_SHEET]
    lost_rows = [[c.value for c in r] for r in lost.iter_rows(min_row=5)]
    # its lead, and the support an override had given it in a measure now deleted
    assert [(r[1], r[2]) for r in lost_rows] == [("二.13", "推进数字智能改造"),
                                                ("二.6", "打造高效政务环境")]

    jx = openpyxl.load_workbook(agencies / "市经信局.xlsx")
    assert [r[2].value for r in jx[words.DROPPED_SHEET].iter_rows(min_row=5)] == ["推进数字智能改造"]
    unchanged = openpyxl.load_workbook(agencies / "市人社局.xlsx")
    assert words.DROPPED_SHEET not in unchanged.sheetnames
    assert not any(r[1].comment for r in unchanged[words.AGENCY_SHEET].iter_rows())


def test_overrides_survive_the_revision_or_are_reported(revised):
    project, result, _ = revised
    # found again by title though renumbered 二.11 → 二.12, and marked in the sheet
    assert "override #6" in result.output and "applied by its title" in result.output
    # the measure of the other one was deleted: named, not dropped, the file kept
    assert "override #7" in result.output and "推进数字智能改造" in result.output
    assert "推进数字智能改造" in (project / "config" / "overrides.yaml").read_text(encoding="utf-8")
    wb = openpyxl.load_workbook(project / "output" / "matrix.xlsx")
    ws = next(wb[n] for n in wb.sheetnames if wb[n]["A1"].value == "关于支持小微企业高质量发展的实施意见")
    (row,) = [r for r in ws.iter_rows(min_row=7) if r[0].value == "12"]
    assert row[4].value == "市财政局" and "局务会改由财政局牵头" in row[4].comment.text


def test_shipped_overrides_mark_their_cells_and_exempt_measures(project):
    assert matrix("run").exit_code == 0
    wb = openpyxl.load_workbook(project / "output" / "matrix.xlsx")
    ws = next(wb[n] for n in wb.sheetnames if "万千百十" in (wb[n]["A1"].value or ""))
    rows = {(r[1].value, r[0].value): r for r in ws.iter_rows(min_row=7)}
    first = rows[("主要工作措施", "（一）")]
    assert first[4].value == "市中小企业局综合协调处" and "明确责任分工" in first[4].comment.text
    assert first[5].comment is not None
    exempt = rows[("保障措施", "（一）")]
    assert exempt[4].value == "（不分配）" and "不再分工" in exempt[4].comment.text
    unassigned = [r[3].value for r in wb[words.UNASSIGNED_SHEET].iter_rows(min_row=5)]
    assert "加强组织领导" not in [t for t, r in zip(unassigned, wb[words.UNASSIGNED_SHEET].iter_rows(min_row=5))
                                if "万千百十" in (r[0].value or "")]
    assert "实施企业培育工程" not in unassigned


def test_mail_changed_only_reaches_exactly_the_agencies_concerned(revised, smtp_server):
    project, _, addresses = revised
    controller, handler = smtp_server()
    point_mail_at(project, controller.port)
    dry = matrix("mail", "--changed-only")
    assert dry.exit_code == 0, dry.output
    drafts = list((project / "output" / "outbox").glob("*.eml"))
    assert {BytesParser(policy=policy.default).parsebytes(p.read_bytes())["To"].addresses[0].addr_spec
            for p in drafts} == {addresses[a] for a in AFFECTED}

    sent = matrix("mail", "--changed-only", "--send")
    assert sent.exit_code == 0, sent.output
    to = sorted(r.rcpt_tos[0] for r in handler.received)
    assert to == sorted(addresses[a] for a in AFFECTED)
    body = {r.rcpt_tos[0]: r.message.get_body(("plain",)).get_content() for r in handler.received}
    assert "打造高效政务环境" in body[addresses["市数管局"]]
    assert "加强统计监测" in body[addresses["市统计局"]]
    assert matrix("mail", "--changed-only", "--send").exit_code == 0
    assert len(handler.received) == len(AFFECTED)          # never the same mail twice
    log = (project / "output" / "outbox" / "sent.jsonl").read_text(encoding="utf-8").splitlines()
    assert {json.loads(l)["agency"] for l in log} == AFFECTED


def test_rebuild_without_changes_sends_nothing_again(project, smtp_server):
    controller, handler = smtp_server()
    point_mail_at(project, controller.port)
    assert matrix("run").exit_code == 0
    first = matrix("mail", "--send")
    assert first.exit_code == 0, first.output
    sent = len(handler.received)
    assert sent > 10
    rebuilt = matrix("run")
    assert "nothing changed since the last build" in rebuilt.output
    again = matrix("mail", "--send")
    assert again.exit_code == 0 and f"sent 0, skipped {sent}" in again.output
    assert len(handler.received) == sent


def test_an_office_that_renames_the_roles_sees_its_words_everywhere(project):
    """labels: {lead: 主办, support: 协办} in settings.yaml reaches the 变更 sheet, `matrix
    diff` and the mails, not 牵头/配合."""
    path = project / "config" / "settings.yaml"
    settings = yaml.safe_load(path.read_text(encoding="utf-8"))
    settings["labels"] = {"lead": "主办", "support": "协办"}
    path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    give_everyone_an_address(project)
    assert matrix("run").exit_code == 0
    src = project / "examples" / ORIGINAL.name
    before = project / "before.txt"
    before.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    src.write_text(revise(src.read_text(encoding="utf-8")), encoding="utf-8")
    assert matrix("run").exit_code == 0
    ws = openpyxl.load_workbook(project / "output" / "matrix.xlsx")[words.CHANGES_SHEET]
    roles = [(r[4], r[5]) for r in ws.iter_rows(min_row=5, values_only=True) if r[0] == "分工调整"]
    assert roles and all("主办" in (b or "") + (a or "") for b, a in roles)
    assert not any("牵头" in (b or "") + (a or "") for b, a in roles)
    shown = matrix("diff", str(before), str(src))
    assert shown.exit_code == 0 and "市数管局：主办" in shown.output and "：牵头" not in shown.output
    mailed = matrix("mail", "--changed-only")
    assert mailed.exit_code == 0, mailed.output
    bodies = [BytesParser(policy=policy.default).parsebytes(p.read_bytes()).get_body(("plain",)).get_content()
              for p in (project / "output" / "outbox").glob("*.eml")]
    assert bodies and all("主办" in b for b in bodies if "项" in b)
    assert not any("牵头" in b for b in bodies)


def test_a_bureau_that_lost_every_task_is_told_so_not_asked_for_progress(revised):
    project, _, addresses = revised
    wb = openpyxl.load_workbook(project / "output" / "agencies" / "市数管局.xlsx")
    assert wb.sheetnames == [words.DROPPED_SHEET]          # the first sheet is what it lost
    assert words.DROPPED_ONLY_NOTE in wb.active["A2"].value
    assert matrix("mail").exit_code == 0
    parsed = {m["To"].addresses[0].addr_spec: m for m in (
        BytesParser(policy=policy.default).parsebytes(p.read_bytes())
        for p in (project / "output" / "outbox").glob("*.eml"))}
    notice = parsed[addresses["市数管局"]]
    body = notice.get_body(("plain",)).get_content()
    assert "不再承担任务" in notice["Subject"] and "报送进展" not in notice["Subject"]
    assert "打造高效政务环境" in body and "推进数字智能改造" in body and "无需报送" in body
    assert "0项" not in body and "0 项" not in body and "请在附件中填写" not in body
    # A bureau that still has tasks is asked for its progress as before.
    normal = parsed[addresses["市统计局"]]
    assert "报送进展" in normal["Subject"] and "请在附件中填写" in normal.get_body(("plain",)).get_content()


def test_the_legend_explains_every_mark_the_sheet_uses(revised):
    project, _, _ = revised
    wb = openpyxl.load_workbook(project / "output" / "matrix.xlsx")
    ws = next(wb[n] for n in wb.sheetnames if wb[n]["A1"].value == "关于支持小微企业高质量发展的实施意见")
    legend = [c.value for c in ws[4]]
    assert "本次修订变更" in legend and "人工修正" in legend      # violet fill; violet text
    assert "紫底" in ws.oddFooter.left.text and "紫色粗体" in ws.oddFooter.left.text
    # The changed rows' 序号 keep their violet over the row colours (the first rule wins).
    first = min((r for rules in ws.conditional_formatting for r in rules.rules),
                key=lambda r: r.priority)
    assert first.formula == ["TRUE"] and first.stopIfTrue
    rng = next(str(cf.sqref) for cf in ws.conditional_formatting if first in cf.rules)
    assert sorted(rng.split()) == sorted(f"A{r[0].row}" for r in ws.iter_rows(min_row=7)
                                         if r[0].fill.fgColor.rgb.endswith(styles.CHANGED_FILL))
    other = next(wb[n] for n in wb.sheetnames if "万千百十" in (wb[n]["A1"].value or ""))
    assert "本次修订变更" not in [c.value for c in other[4]]      # unchanged: not in its legend
