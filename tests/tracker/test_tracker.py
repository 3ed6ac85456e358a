"""The loop back, with real files: build, bureaus fill their workbooks (renamed, re-sorted,
a wrong status, one saved by LibreOffice), `matrix collect`, the SQLite rows, every sheet
of tracker.xlsx read back, collecting again, a later round, and `--today` past a deadline."""
from __future__ import annotations

import datetime
import shutil
import sqlite3
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from matrix.layout import Layout
from matrix.cli import main
from mail_helpers import point_mail_at, smtp_server  # noqa: F401  (fixture)
from matrix.render.tracker import LEDGER_HEADER_ROW
from matrix.words import HISTORY_SHEET, LEDGER_SHEET, REPORT_SHEET, SILENT_SHEET
from matrix import words

REPO = Path(__file__).resolve().parents[2]
SOFFICE = shutil.which("soffice")


def matrix(*args):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output, result.output
    return result


def fill(src: Path, dst: Path, state, progress: str = "", reverse: bool = False,
         subject=None, edit: bool = False) -> list[str]:
    """What a bureau does: fill 状态 and 进展情况 of every task (state may be a function of the
    row's place), maybe sort the rows the other way, save under its own name. Returns the keys."""
    wb = openpyxl.load_workbook(src)
    ws = wb[words.AGENCY_SHEET]
    h = next(r for r in range(1, 30) if ws.cell(r, 1).value == "文件")
    header = [c.value for c in ws[h]]
    col = {name: header.index(name) for name in header if name}
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=h + 1)
            if r[col[words.AGENCY_KEY_COLUMN]].value]
    if reverse:
        rows.reverse()
    for i, values in enumerate(rows):
        values[col["状态"]] = state(i) if callable(state) else state
        values[col["进展情况"]] = progress
        if edit and i == 0:
            values[col["任务内容"]] = "（本单位改写的任务内容）"
        for j, v in enumerate(values):
            ws.cell(h + 1 + i, j + 1, v)
    if subject:
        wb.properties.subject = subject
    wb.save(dst)
    return [r[col[words.AGENCY_KEY_COLUMN]] for r in rows]


@pytest.fixture
def office(project):
    assert matrix("run").exit_code == 0
    back = project / "back"
    back.mkdir()
    return project, project / "output" / "agencies", back


def give_addresses(project) -> dict[str, str]:
    """Every agency of the registry an e-mail address (name → address)."""
    import yaml
    path = project / "config" / "agencies.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for i, a in enumerate(data["agencies"]):
        a["email"] = f"a{i}@luan.example.org"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return {a["name"]: a["email"] for a in data["agencies"]}


def book(project, round=None, today=None) -> Path:
    """The tracker a command given --round/--today writes: tracker.xlsx for this round as
    of today, an "as of" file beside it otherwise."""
    return Layout(project / "output").tracker_book(round,
                             datetime.date.fromisoformat(today) if today else None)


def ledger(project, round=None, today=None) -> list[dict]:
    ws = openpyxl.load_workbook(book(project, round, today))[LEDGER_SHEET]
    header = [c.value for c in ws[LEDGER_HEADER_ROW]]
    return [dict(zip(header, r)) for r in ws.iter_rows(min_row=LEDGER_HEADER_ROW + 1,
                                                       values_only=True)]


def test_the_whole_loop(office):
    project, books, back = office
    fill(books / "区财政局.xlsx", back / "区财政局-11月进展.xlsx", "推进中", "已起草办法", edit=True)
    keys = fill(books / "区市场监管局.xlsx", back / "市场监管（回复）.xlsx", "已完成", "已办结",
                reverse=True)
    jx = fill(books / "区经济信息委.xlsx", back / "经信委.xlsx",
              lambda i: "完成了" if i == 0 else "推进中")
    recorded = 5 + 3 + len(jx) - 1                   # all but the row with a wrong 状态
    (back / "说明.xlsx").write_bytes(b"not a workbook")
    result = matrix("collect", str(back), "--today", "2026-12-03", "--round", "2026-12")
    assert result.exit_code == 1                     # one file could not be read …
    out = result.stdout
    assert "区财政局-11月进展.xlsx: collected 5 tasks for 区财政局；任务内容 changed" in out
    assert "市场监管（回复）.xlsx: collected 3 tasks for 区市场监管局" in out
    # … and the one with a status outside the list has the rest recorded, its rows named.
    line = next(l for l in out.splitlines() if "经信委.xlsx" in l)
    assert f"collected {len(jx) - 1} tasks" in line and "未启动、推进中、已完成" in line
    assert "rows 8 (it says “完成了”)" in line       # the first task row, and what it said
    assert [l for l in result.stderr.splitlines() if l.startswith("error:")] == \
        [f"error: {back / '说明.xlsx'}: cannot be read as a workbook"]

    db = sqlite3.connect(project / "output" / "tracker.sqlite")
    assert db.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 3
    rows = db.execute("SELECT agency, task, round, state, progress FROM reports "
                      "WHERE agency = '区市场监管局'").fetchall()
    assert sorted(r[1] for r in rows) == sorted(keys)            # by key, whatever the order
    assert {(r[2], r[3], r[4]) for r in rows} == {("2026-12", "已完成", "已办结")}

    tasks = ledger(project, "2026-12", "2026-12-03")
    mine = [t for t in tasks if t["单位"] == "区市场监管局"]
    assert len(mine) == 3 and all(t["状态"] == "已完成" and t["报送日期"] for t in mine)
    silent = [t for t in tasks if t["单位"] == "区司法局"]
    assert silent and all(t["预警"] in ("未报送", "逾期", "临期") and not t["报送日期"]
                          for t in silent)
    wb = openpyxl.load_workbook(book(project, "2026-12", "2026-12-03"))
    assert wb.sheetnames == [LEDGER_SHEET, SILENT_SHEET, REPORT_SHEET, HISTORY_SHEET]
    # Real dates, so a date the clerk types into B2 compares with them as the written ones do.
    assert wb[LEDGER_SHEET]["B2"].value == datetime.datetime(2026, 12, 3)
    assert all(isinstance(t["到期日"], datetime.datetime) for t in tasks if t["到期日"])
    assert all(isinstance(t["报送日期"], datetime.datetime) for t in mine)
    names = [r[0] for r in wb[SILENT_SHEET].iter_rows(min_row=4, values_only=True)]
    assert "区司法局" in names and not {"区财政局", "区市场监管局", "区经济信息委"} & set(names)
    ws = wb[REPORT_SHEET]
    top = next(r for r in range(1, ws.max_row) if ws.cell(r, 1).value == "单位")
    order = []
    for r in ws.iter_rows(min_row=top + 1, values_only=True):
        if not r[0]:
            break
        order.append(r[0])
    assert len(order) == 78
    assert order.index("区市场监管局") > order.index("区司法局")   # the laggards on top
    (chart,) = ws._charts                        # the furthest behind, on a page of its own
    assert chart.anchor._from.row + 1 < top and top - 2 in {b.id for b in ws.row_breaks.brk}
    assert len(list(wb[HISTORY_SHEET].iter_rows(min_row=4))) == recorded
    share = next(r for r in ws.iter_rows(min_row=top) if r[0].value == "文件")[3].row + 1
    assert isinstance(ws.cell(share, 4).value, float) and ws.cell(share, 4).number_format == "0%"

    again = matrix("collect", str(back / "市场监管（回复）.xlsx"), "--round", "2026-12")
    assert again.exit_code == 0 and "already collected (2026-12, 2026-12-03 00:00)" in again.stdout
    assert db.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == recorded


def test_a_later_round_supersedes_and_both_stay_in_the_history(office):
    project, books, back = office
    fill(books / "区市场监管局.xlsx", back / "11.xlsx", "推进中", "正在推进")
    assert matrix("collect", str(back / "11.xlsx"), "--round", "2026-11").exit_code == 0
    fill(books / "区市场监管局.xlsx", back / "12.xlsx", "已完成", "已办结")
    assert matrix("collect", str(back / "12.xlsx"), "--round", "2026-12").exit_code == 0
    status = matrix("status", "--round", "2026-12", "--today", "2026-12-20")
    assert status.exit_code == 0
    line = next(l for l in status.stdout.splitlines() if l.endswith("区市场监管局"))
    assert "已完成   3" in line and "未报送   0" in line
    # A bureau that never reported has no 状态 to count: it is 未报送, not 未启动 as well.
    silent = next(l for l in status.stdout.splitlines() if l.endswith("区司法局"))
    assert "未启动   0" in silent and "未报送   0" not in silent
    mine = [t for t in ledger(project, "2026-12", "2026-12-20") if t["单位"] == "区市场监管局"]
    assert {t["状态"] for t in mine} == {"已完成"}
    history = openpyxl.load_workbook(book(project, "2026-12", "2026-12-20"))[HISTORY_SHEET]
    rounds = [(r[0], r[5]) for r in history.iter_rows(min_row=4, values_only=True)]
    assert all(isinstance(r[-1], datetime.datetime) for r in history.iter_rows(min_row=4,
                                                                              values_only=True))
    assert sorted(set(rounds)) == [("2026-11", "推进中"), ("2026-12", "已完成")]


def test_a_day_past_the_deadline_turns_a_task_red(office):
    project, _, _ = office
    assert matrix("status", "--today", "2018-01-01").exit_code == 0
    early = {(t["单位"], t["序号"], t["任务内容"]): t
             for t in ledger(project, today="2018-01-01")}
    assert matrix("status", "--today", "2031-01-01").exit_code == 0
    late = {(t["单位"], t["序号"], t["任务内容"]): t for t in ledger(project, today="2031-01-01")}
    dated = [k for k, t in late.items() if t["到期日"]]
    assert dated
    assert all(late[k]["预警"] == "逾期" for k in dated)
    assert not any(early[k]["预警"] == "逾期" for k in dated)
    ongoing = [k for k, t in late.items() if not t["到期日"]]
    assert ongoing and not any(late[k]["预警"] == "逾期" for k in ongoing)   # never red
    ws = openpyxl.load_workbook(book(project, today="2031-01-01"))[LEDGER_SHEET]
    red = next(r for cf in ws.conditional_formatting for r in cf.rules
               if r.dxf.fill.fgColor.rgb.endswith("FFC7CE"))
    assert "$B$2" in red.formula[0] and "已完成" in red.formula[0]     # live: the date in B2


def test_files_that_are_not_this_agencys_list_are_refused_whole(office):
    project, books, back = office
    fill(books / "区财政局.xlsx", back / "冒名.xlsx", "推进中", subject="区市场监管局")
    wb = openpyxl.Workbook()
    wb.active.append(["序号", "任务", "状态"])
    wb.save(back / "别的表.xlsx")
    result = matrix("collect", str(back))
    assert result.exit_code == 1
    errors = [l for l in result.stderr.splitlines() if l.startswith("error:")]
    assert len(errors) == 2
    assert any("冒名.xlsx" in e and "another agency's" in e for e in errors)
    assert any("别的表.xlsx" in e and "任务编号" in e for e in errors)
    db = sqlite3.connect(project / "output" / "tracker.sqlite")
    assert db.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == 0   # nothing half-written


@pytest.mark.libreoffice
@pytest.mark.skipif(not SOFFICE, reason="LibreOffice (soffice) is not on PATH")
def test_a_workbook_saved_by_another_spreadsheet_program_is_read(office, tmp_path):
    project, books, back = office
    fill(books / "区财政局.xlsx", tmp_path / "区财政局.xlsx", "推进中", "另存")
    # LibreOffice writes its own xlsx (and an .xls, as old Excel would).
    for fmt in ("xlsx", "xls"):
        done = subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
                               "--headless", "--convert-to", fmt, "--outdir", str(back / fmt),
                               str(tmp_path / "区财政局.xlsx")], capture_output=True, timeout=180)
        assert done.returncode == 0
    # An .xls the bureau renamed .xlsx is read for what it is, as Excel and WPS open it.
    (back / "xls" / "区财政局.xls").rename(back / "xls" / "改名.xlsx")
    result = matrix("collect", str(back))                                # and subfolders are read
    assert result.exit_code == 0, result.output
    assert result.stdout.count("collected 5 tasks for 区财政局") == 2     # two files, read alike
    mine = [t for t in ledger(project) if t["单位"] == "区财政局"]
    assert len(mine) == 5 and {(t["状态"], t["进展情况"]) for t in mine} == {("推进中", "另存")}


def test_reminders_reach_exactly_the_silent_and_the_late_once_a_round(project, smtp_server):
    """`mail --remind` against a real SMTP server: on a day nothing is due, exactly the
    bureaus that have not reported; once a round; a later round, and a late task, again."""
    import yaml
    from email import policy
    from email.parser import BytesParser
    address = give_addresses(project)
    controller, handler = smtp_server()
    point_mail_at(project, controller.port)
    assert matrix("run").exit_code == 0
    books, back = project / "output" / "agencies", project / "back"
    back.mkdir()
    fill(books / "市财政局.xlsx", back / "财政.xlsx", "推进中", "按计划推进")
    # Filed as received on the day the test takes as today (nothing is due yet then).
    assert matrix("collect", str(back), "--round", "2026-12", "--today", "2018-01-01").exit_code == 0
    # Its workbook is not yet pre-filled with what it reported: no reminder goes out with it.
    stale = matrix("mail", "--remind", "--send", "--round", "2026-12", "--today", "2031-01-01")
    assert stale.exit_code == 1 and "市财政局" in stale.stderr and "matrix build" in stale.stderr
    assert not handler.received
    assert matrix("build").exit_code == 0
    index = yaml.safe_load((books / "index.yaml").read_text(encoding="utf-8"))
    with_address = {e["agency"] for e in index if e["agency"] in address}

    sent = matrix("mail", "--remind", "--send", "--round", "2026-12", "--today", "2018-01-01")
    assert sent.exit_code == 0, sent.output
    to = sorted(r.rcpt_tos[0] for r in handler.received)
    assert to == sorted(address[a] for a in with_address - {"市财政局"})
    first = BytesParser(policy=policy.default).parsebytes(handler.received[0].message.as_bytes())
    assert "尚未报送2026年12月" in first.get_body(("plain",)).get_content()
    again = matrix("mail", "--remind", "--send", "--round", "2026-12", "--today", "2018-01-01")
    assert again.exit_code == 0 and len(handler.received) == len(to)       # once a round
    # Years later 市财政局's task due 2023年底 is overdue: it is reminded, with what is late …
    late = matrix("mail", "--remind", "--send", "--round", "2026-12", "--today", "2031-01-01",
                  "--only", "市财政局")
    assert late.exit_code == 0 and len(handler.received) == len(to) + 1
    body = handler.received[-1].message.get_body(("plain",)).get_content()
    assert "逾期" in body and "尚未报送" not in body
    # … and in a new round everyone silent is reminded again.
    matrix("mail", "--remind", "--send", "--round", "2027-01", "--today", "2018-01-01")
    assert len(handler.received) == 2 * len(to) + 2


def test_a_workbook_that_misstates_its_size_is_read_whole(office):
    """WPS may write <dimension ref="A1"/> for a full sheet; a reader that trusts it sees
    one cell. The rows are read as they are."""
    import re
    import zipfile
    project, books, back = office
    fill(books / "区财政局.xlsx", back / "filled.xlsx", "推进中", "按计划推进")
    with zipfile.ZipFile(back / "filled.xlsx") as src, \
            zipfile.ZipFile(back / "wps.xlsx", "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data, n = re.subn(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', data)
                assert n == 1
            dst.writestr(item, data)
    (back / "filled.xlsx").unlink()
    result = matrix("collect", str(back / "wps.xlsx"))
    assert result.exit_code == 0 and "collected 5 tasks for 区财政局" in result.stdout


def test_the_next_build_is_pre_filled_and_not_sent_again(project, smtp_server):
    """After a collect, each bureau's workbook comes with what it last reported; the task
    list is the same, so `mail` does not send it again as if it had changed."""
    give_addresses(project)
    controller, handler = smtp_server()
    point_mail_at(project, controller.port)
    assert matrix("run").exit_code == 0
    assert matrix("mail", "--send").exit_code == 0
    sent = len(handler.received)
    books, back = project / "output" / "agencies", project / "back"
    back.mkdir()
    fill(books / "市财政局.xlsx", back / "财政.xlsx", "推进中", "按计划推进")
    before = (books / "市财政局.xlsx").read_bytes()
    assert matrix("collect", str(back)).exit_code == 0
    rebuilt = matrix("run")
    assert rebuilt.exit_code == 0
    assert (books / "市财政局.xlsx").read_bytes() != before          # rewritten, pre-filled
    ws = openpyxl.load_workbook(books / "市财政局.xlsx")[words.AGENCY_SHEET]
    h = next(r for r in range(1, 30) if ws.cell(r, 1).value == "文件")
    header = [c.value for c in ws[h]]
    rows = [r for r in ws.iter_rows(min_row=h + 1, values_only=True)
            if r[header.index(words.AGENCY_KEY_COLUMN)]]
    assert {(r[header.index("状态")], r[header.index("进展情况")]) for r in rows} == \
        {("推进中", "按计划推进")}
    again = matrix("mail", "--send")
    assert again.exit_code == 0 and len(handler.received) == sent     # the same task list


def test_a_path_that_is_not_there_is_named_and_nothing_is_written(office):
    project, books, back = office
    result = matrix("collect", str(back / "没有.xlsx"), str(back))      # back/ is empty
    assert result.exit_code == 1
    errors = [l for l in result.stderr.splitlines() if l.startswith("error:")]
    assert errors == [f"error: {back / '没有.xlsx'}: no such file or folder",
                      f"error: {back}: no workbook (.xlsx, .xls) in this folder"]
    assert "tracker written" not in result.stdout
    out = project / "output"
    assert not (out / "tracker.sqlite").exists() and not (out / "tracker.xlsx").exists()


def test_status_in_a_folder_with_nothing_built_leaves_nothing_behind(tmp_path):
    result = matrix("status", "-o", str(tmp_path / "typo"))
    assert result.exit_code == 1 and "matrix run" in result.stderr
    assert not (tmp_path / "typo").exists()


def test_a_date_that_is_not_one_is_said_plainly(office):
    result = matrix("status", "--today", "2026-13-01")
    assert result.exit_code == 2
    assert "'2026-13-01' is not a date; write it YYYY-MM-DD" in result.stderr
    assert "%Y" not in result.stderr
    assert "x>=1" not in matrix("mail", "--help").stdout
    assert "is not a whole number of 1 or more" in matrix("mail", "--limit", "0").stderr


def test_an_as_of_report_does_not_replace_the_tracker(office):
    project, books, back = office
    fill(books / "区财政局.xlsx", back / "财政.xlsx", "推进中", "按计划推进")
    assert matrix("collect", str(back)).exit_code == 0
    current = project / "output" / "tracker.xlsx"
    before = current.read_bytes()
    ahead = matrix("status", "--today", "2031-01-01")
    assert ahead.exit_code == 0
    as_of = book(project, today="2031-01-01")
    assert as_of != current and as_of.name.endswith("截至2031-01-01.xlsx") and as_of.is_file()
    assert as_of.name in ahead.stdout
    assert current.read_bytes() == before
    assert openpyxl.load_workbook(as_of)[LEDGER_SHEET]["B2"].value == datetime.datetime(2031, 1, 1)


def test_a_reminder_names_the_tasks_a_report_left_out(project, smtp_server):
    """A bureau that reported, but with a row whose 状态 could not be recorded, is reminded
    of that task, and only that one."""
    give_addresses(project)
    controller, handler = smtp_server()
    point_mail_at(project, controller.port)
    assert matrix("run").exit_code == 0
    books, back = project / "output" / "agencies", project / "back"
    back.mkdir()
    # One 状态 filled wrong, one left empty (the bureau typed only 进展情况): neither is a report.
    fill(books / "区经济信息委.xlsx", back / "经信.xlsx",
         lambda i: "差不多了" if i == 0 else ("" if i == 1 else "推进中"), "按计划推进")
    collected = matrix("collect", str(back), "--round", "2026-12", "--today", "2018-01-01")
    assert collected.exit_code == 0
    assert "1 task(s) with no 状态 chosen, not recorded (still not reported)" in collected.stdout
    assert matrix("build").exit_code == 0
    dry = matrix("mail", "--remind", "--round", "2026-12", "--today", "2018-01-01",
                 "--only", "区经济信息委")
    assert dry.exit_code == 0
    assert "reminded for" in dry.stdout and "2 left out" in dry.stdout     # why, in the table
    out = project / "output" / "outbox"
    assert (out / "reminders-2026-12" / "区经济信息委.eml").is_file()     # apart from the task lists
    assert not (out / "区经济信息委.eml").exists()
    sent = matrix("mail", "--remind", "--send", "--round", "2026-12", "--today", "2018-01-01",
                  "--only", "区经济信息委")
    assert sent.exit_code == 0, sent.output
    (message,) = [r.message for r in handler.received]
    body = message.get_body(("plain",)).get_content()
    assert "未报送或未能登记" in body and "尚未报送" not in body and "更新" in body
    listed = [l for l in body.splitlines() if l.strip()[:2] in ("1.", "2.", "3.")]
    assert len(listed) == 2
    # --round without --remind would send the task lists: said, not ignored.
    wrong = matrix("mail", "--round", "2026-12")
    assert wrong.exit_code == 1 and "--remind" in wrong.stderr


@pytest.mark.libreoffice
@pytest.mark.skipif(not SOFFICE, reason="LibreOffice (soffice) is not on PATH")
def test_a_date_typed_into_b2_is_compared_by_a_spreadsheet_program(office, tmp_path):
    """The clerk types another 基准日期 into B2 (a real date, as Excel and WPS store it):
    LibreOffice, computing the red rule's own formula, marks exactly the tasks past it."""
    from openpyxl.formula.translate import Translator
    project, _, _ = office
    assert matrix("status", "--today", "2018-01-01").exit_code == 0
    wb = openpyxl.load_workbook(book(project, today="2018-01-01"))
    ws = wb[LEDGER_SHEET]
    red = next(r for cf in ws.conditional_formatting for r in cf.rules
               if r.dxf.fill.fgColor.rgb.endswith("FFC7CE"))
    ws["B2"] = datetime.datetime(2025, 1, 1)              # typed, as a date
    first = LEDGER_HEADER_ROW + 1
    probe = ws.max_column + 1
    for row in range(first, ws.max_row + 1):
        ws.cell(row, probe, "=" + Translator("=" + red.formula[0], f"A{first}").translate_formula(
            f"A{row}")[1:])
    ws.protection.sheet = False
    wb.save(tmp_path / "typed.xlsx")
    done = subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
                           "--headless", "--convert-to", "xlsx", "--outdir", str(tmp_path / "lo"),
                           str(tmp_path / "typed.xlsx")], capture_output=True, timeout=180)
    assert done.returncode == 0
    got = openpyxl.load_workbook(tmp_path / "lo" / "typed.xlsx", data_only=True)[LEDGER_SHEET]
    header = [c.value for c in got[LEDGER_HEADER_ROW]]
    due, state = header.index("到期日"), header.index("状态")
    red_rows = expected = 0
    for r in got.iter_rows(min_row=first, values_only=True):
        past = r[due] is not None and r[due] < datetime.datetime(2025, 1, 1) and r[state] != "已完成"
        assert bool(r[probe - 1]) == past, r
        red_rows += bool(r[probe - 1])
        expected += past
    assert red_rows == expected > 0


def test_a_workbook_cut_short_is_named_as_such(office):
    project, books, back = office
    fill(books / "区财政局.xlsx", back / "filled.xlsx", "推进中")
    data = (back / "filled.xlsx").read_bytes()
    (back / "filled.xlsx").write_bytes(data[:len(data) // 2])
    result = matrix("collect", str(back / "filled.xlsx"))
    assert result.exit_code == 1 and "incomplete or damaged" in result.stderr


def test_an_as_of_report_counts_only_what_had_come_in(office):
    """Reports received on 2026-12-10 are not counted in a look at 2026-12-05, and the
    通报 counts the tasks due soon as well."""
    project, books, back = office
    fill(books / "区市场监管局.xlsx", back / "12.xlsx", "已完成", "已办结")
    assert matrix("collect", str(back), "--round", "2026-12", "--today", "2026-12-10").exit_code == 0
    before = matrix("status", "--round", "2026-12", "--today", "2026-12-05")
    line = next(l for l in before.stdout.splitlines() if l.endswith("区市场监管局"))
    assert "未报送   3" in line and "已完成   0" in line
    after = matrix("status", "--round", "2026-12", "--today", "2026-12-20")
    line = next(l for l in after.stdout.splitlines() if l.endswith("区市场监管局"))
    assert "未报送   0" in line and "已完成   3" in line
    ws = openpyxl.load_workbook(book(project, "2026-12", "2026-12-20"))[REPORT_SHEET]
    top = next(r for r in range(1, ws.max_row) if ws.cell(r, 1).value == "单位")
    assert [c.value for c in ws[top]][-1] == "临期"


def test_a_file_filed_under_the_wrong_round_is_moved_when_named(office):
    project, books, back = office
    fill(books / "区市场监管局.xlsx", back / "监管.xlsx", "推进中", "正在推进")
    assert matrix("collect", str(back), "--round", "2026-12").exit_code == 0
    # A folder collected for another round leaves last month's files where they were …
    again = matrix("collect", str(back), "--round", "2027-01")
    assert "already collected (2026-12" in again.stdout
    # … the file named with the right round is moved there, its reports too.
    moved = matrix("collect", str(back / "监管.xlsx"), "--round", "2026-11")
    assert moved.exit_code == 0 and "now filed under 2026-11" in moved.stdout
    db = sqlite3.connect(project / "output" / "tracker.sqlite")
    assert {r[0] for r in db.execute("SELECT round FROM reports")} == {"2026-11"}
    assert db.execute("SELECT round FROM files").fetchall() == [("2026-11",)]


def test_rows_pasted_from_another_agencys_list_are_named_as_such(office):
    project, books, back = office
    # 区财政局's list with 区市场监管局's first task row pasted under it.
    fill(books / "区财政局.xlsx", back / "财政.xlsx", "推进中")
    theirs = openpyxl.load_workbook(books / "区市场监管局.xlsx")[words.AGENCY_SHEET]
    h = next(r for r in range(1, 30) if theirs.cell(r, 1).value == "文件")
    wb = openpyxl.load_workbook(back / "财政.xlsx")
    ws = wb[words.AGENCY_SHEET]
    row = [c.value for c in theirs[h + 1]]
    row[[c.value for c in theirs[h]].index("状态")] = "推进中"
    ws.append(row)
    wb.save(back / "财政.xlsx")
    result = matrix("collect", str(back))
    assert result.exit_code == 0
    assert "1 row(s) are another agency's tasks (区市场监管局), pasted in" in result.stdout
    assert "no longer in the current build" not in result.stdout
