"""What comes out of the printer: the workbooks printed to PDF by LibreOffice, then read.

Offices print the matrix and the task lists. On paper the text must stay readable (9 pt
or more), every page must say what it belongs to and repeat its table's headings, a
chart must sit whole on a page with its legend, and a changed task must still look
changed (its colour and the 变更 column, not a comment, which does not print).
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from click.testing import CliRunner

from matrix.cli import main
from matrix.render import styles
from revisions import ORIGINAL, revise
from matrix import words

REPO = Path(__file__).resolve().parents[2]
SOFFICE = shutil.which("soffice")
pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(not SOFFICE, reason="LibreOffice (soffice) is not on PATH")]

# 市数据资源局 becomes a lead in the revision (a changed lead task); 市数管局 loses every
# task; 中国人民银行乌鲁木齐中心支行 has tasks in a long document.
BOOKS = ["市数据资源局", "市数管局", "中国人民银行乌鲁木齐中心支行"]


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    root = tmp_path_factory.mktemp("office")
    shutil.copytree(REPO / "tests" / "data" / "seeds", root / "examples")
    shutil.copytree(REPO / "config", root / "config")
    pdf = root / "pdf"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        assert CliRunner().invoke(main, ["run"]).exit_code == 0
        src = root / "examples" / ORIGINAL.name
        src.write_text(revise(src.read_text(encoding="utf-8")), encoding="utf-8")
        assert CliRunner().invoke(main, ["run"]).exit_code == 0
    out = root / "output"
    files = [out / "matrix.xlsx", *(out / "agencies" / f"{a}.xlsx" for a in BOOKS)]
    done = subprocess.run([SOFFICE, f"-env:UserInstallation={(root / 'profile').as_uri()}",
                           "--headless", "--convert-to", "pdf", "--outdir", str(pdf),
                           *map(str, files)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    pages = {}
    for f in files:
        with pdfplumber.open(pdf / f"{f.stem}.pdf") as doc:
            pages[f.stem] = [_page(p) for p in doc.pages]
    return out, pages


def _page(page) -> dict:
    chars = [c for c in page.chars if c["text"].strip()]
    return {"text": page.extract_text() or "",
            "sizes": [c["size"] for c in chars],
            "fills": {tuple(round(v, 2) for v in r["non_stroking_color"])
                      for r in page.rects if isinstance(r.get("non_stroking_color"), tuple)
                      and len(r["non_stroking_color"]) == 3},
            "top": " ".join(c["text"] for c in chars if c["top"] < 40)}


def _colour(hex_rgb: str) -> tuple:
    return tuple(round(int(hex_rgb[i:i + 2], 16) / 255, 2) for i in (0, 2, 4))


def test_every_page_prints_at_nine_points_or_more(printed):
    _, pages = printed
    for name, doc in pages.items():
        small = [(n, min(p["sizes"])) for n, p in enumerate(doc, 1) if p["sizes"]
                 and min(p["sizes"]) < 8.95]
        assert not small, f"{name}: pages printed below 9 pt: {small[:5]}"


def test_every_page_says_what_it_belongs_to(printed):
    out, pages = printed
    wb = openpyxl.load_workbook(out / "matrix.xlsx", read_only=True)
    titles = [wb[n]["A1"].value for n in wb.sheetnames]
    # Each page's printed header is its sheet's title, and the page count is in the footer.
    shown = [next((t for t in titles if t[:20] in p["top"].replace(" ", "")), None)
             for p in pages["matrix"]]
    assert None not in shown
    assert all(re.search(r"第 \d+ 页，共 \d+ 页", p["text"]) for p in pages["matrix"])
    for title in titles:
        assert title in shown, f"no page of {title}"


def test_agency_tables_repeat_their_headings_on_every_page(printed):
    _, pages = printed
    doc = pages["中国人民银行乌鲁木齐中心支行"]
    assert len(doc) > 1
    for p in doc:
        flat = p["text"].replace(" ", "")
        assert "任务内容" in flat and "进展情况" in flat and "中国人民银行乌鲁木齐中心支行任务清单" in flat


def test_charts_sit_whole_on_pages_of_their_own_with_a_legend(printed):
    _, pages = printed
    summary = [p for p in pages["matrix"] if "任务分工总览" in p["top"].replace(" ", "")]
    chart_pages = [p for p in summary
                   if re.search(r"各单位任务数（\d+/\d+）", p["text"].replace(" ", ""))]
    titles = re.findall(r"各单位任务数（(\d+)/(\d+)）",
                        "".join(p["text"].replace(" ", "") for p in chart_pages))
    parts = int(titles[0][1])
    assert parts >= 2 and [int(k) for k, _ in titles] == list(range(1, parts + 1))
    assert len(chart_pages) == parts            # one chart a page, none cut across two
    for p in chart_pages:
        flat = p["text"].replace(" ", "")
        assert "牵头" in flat and "配合" in flat           # the legend names both colours
        assert "小计" not in flat                          # no table heading over a chart
        assert not re.search(r"\d\.\d", flat)              # whole-number axis


def test_a_changed_lead_task_stays_marked_on_paper(printed):
    out, pages = printed
    ws = openpyxl.load_workbook(out / "agencies" / "市数据资源局.xlsx")[words.AGENCY_SHEET]
    header = next(r for r in ws.iter_rows(values_only=True) if r[0] == "文件")
    assert header[2] == words.AGENCY_CHANGE_COLUMN
    (page,) = pages["市数据资源局"]
    flat = page["text"].replace(" ", "")
    assert "分工调整" in flat and "本次修订新增或修改" in flat     # in words, and explained
    # Its 序号 prints violet, over the lead-row colour drawn on the rest of the row.
    assert _colour(styles.CHANGED_FILL) in page["fills"]
    assert _colour(styles.LEAD_ROW_FILL) in page["fills"]


def test_a_bureau_that_lost_every_task_gets_the_list_of_what_it_lost(printed):
    out, pages = printed
    wb = openpyxl.load_workbook(out / "agencies" / "市数管局.xlsx")
    assert wb.sheetnames == [words.DROPPED_SHEET]
    flat = "".join(p["text"] for p in pages["市数管局"]).replace(" ", "")
    assert "无需报送" in flat and "打造高效政务环境" in flat
    assert "进展情况" not in flat
