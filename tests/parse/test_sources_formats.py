"""Every form a document arrives in, made from the examples themselves: the parse of each
gives the same measures and agencies as the example's own text."""
from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from formats import converted, docx_from_text
from matrix.cli import main
from matrix.errors import MatrixError
from matrix.parse import parse_file, parse_text
from matrix.sources import read

ROOT = Path(__file__).resolve().parents[2]
needs_office = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not on PATH")
HEADER = ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]


def facts(doc):
    return [(m.id, m.title, m.lead, m.support) for m in doc.measures]


def meta(doc):
    return (doc.title, doc.issuer, doc.number, doc.date, doc.status)


def table_of(doc):
    """The example's measures as an office's own 分工表: a title row, section rows, a
    row per measure; several leads one per line in their cell."""
    rows = [[doc.title] * 5, HEADER]
    section = None
    for m in doc.measures:
        sec = m.id.split(".")[0]
        if sec != section:
            section = sec
            rows.append([f"{sec}、{m.section.split(' / ')[0]}"] * 5)
        rows.append([m.number, m.title, "\n".join(m.lead), "、".join(m.support),
                     m.deadlines[0] if m.deadlines else ""])
    return rows


def assigned(doc):
    return [(m.title, set(m.lead), set(m.support)) for m in doc.measures]


@pytest.fixture(scope="module")
def assigning(config):
    """An example that assigns (leads and supports in notes)."""
    return parse_file(EXAMPLES[0], config)


# --- task tables -------------------------------------------------------------------------

def test_an_xlsx_task_table_with_merged_and_multiline_cells(tmp_path, config, assigning):
    rows = table_of(assigning)
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            if r == 1 or len(set(row)) == 1:
                if c == 1:
                    ws.cell(r, 1, value)
                continue
            ws.cell(r, c, value)
        if len(set(row)) == 1:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
    # A lead that runs over consecutive rows is one merged cell, as offices set it.
    r = 3
    while r <= ws.max_row:
        end = r
        while end + 1 <= ws.max_row and ws.cell(end + 1, 3).value == ws.cell(r, 3).value \
                and ws.cell(r, 3).value and ws.cell(end + 1, 2).value:
            end += 1
        if end > r:
            for k in range(r + 1, end + 1):
                ws.cell(k, 3).value = None
            ws.merge_cells(start_row=r, start_column=3, end_row=end, end_column=3)
        r = end + 1
    assert ws.merged_cells.ranges, "the table has merged lead cells"
    path = tmp_path / "分工表.xlsx"
    wb.save(path)
    doc = parse_file(path, config)
    assert doc.title == assigning.title
    assert assigned(doc) == assigned(assigning)
    assert [m.id for m in doc.measures] == [m.id for m in assigning.measures]


def test_a_docx_task_table_in_place_with_a_lead_merged_down(tmp_path, config, assigning):
    rows = table_of(assigning)[1:]
    body = f"{assigning.title}\n为抓好落实，现将任务分解如下："
    merges = [(0, r, 0, r, 4) for r, row in enumerate(rows) if len(set(row)) == 1]
    # Two consecutive measures with the same lead: one cell merged over both rows.
    for r in range(1, len(rows) - 1):
        if rows[r][2] and rows[r][2] == rows[r + 1][2] and len(set(rows[r + 1])) > 1 and len(set(rows[r])) > 1:
            merges.append((0, r, 2, r + 1, 2))
            break
    path = docx_from_text(body + "\n附：联系人：张某，电话：12345678", tmp_path / "分工.docx",
                          tables=[rows], merges=merges)
    doc = parse_file(path, config)
    assert doc.title == assigning.title
    assert assigned(doc) == assigned(assigning)


@pytest.mark.parametrize("shape", ["tabs", "bars", "spaces", "one cell per line"])
def test_a_table_flattened_into_text(shape, config, assigning):
    rows = table_of(assigning)[1:]
    lines = [assigning.title]
    for row in rows:
        if len(set(row)) == 1:
            lines.append(row[0])
            continue
        cells = [c.replace("\n", "、") for c in row]
        if shape == "tabs":
            lines.append("\t".join(cells))
        elif shape == "bars":
            lines.append("| " + " | ".join(cells) + " |")
        elif shape == "spaces":
            lines.append(" ".join(c for c in cells if c))
        else:
            lines += [c for c in cells if c]
    doc = parse_text("\n".join(lines), where=shape, registry=config.registry)
    assert assigned(doc) == assigned(assigning)


def test_a_csv_table_in_gbk_as_excel_saves_it(tmp_path, config, assigning):
    import csv
    import io
    buf = io.StringIO()
    csv.writer(buf).writerows(table_of(assigning)[1:])
    path = tmp_path / "分工表.csv"
    path.write_bytes(buf.getvalue().encode("gbk"))
    assert assigned(parse_file(path, config)) == assigned(assigning)


def test_a_sheet_that_is_no_task_table_is_one_clear_line(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "电话"])
    wb.active.append(["张某", "12345678"])
    path = tmp_path / "通讯录.xlsx"
    wb.save(path)
    result = CliRunner().invoke(main, ["--config", str(ROOT / "config"), "parse", str(path),
                                       "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert str(path) in result.stderr and "Traceback" not in result.output + result.stderr
    assert not (tmp_path / "out" / "通讯录.yaml").exists()


# --- web pages ---------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}_某市人民政府</title>
<script>var nav = "首页 政务公开";</script></head><body>
<div class="header"><ul class="nav"><li><a>首页</a></li><li><a>政务公开</a></li><li><a>办事服务</a></li></ul></div>
<div class="crumb">当前位置：<a>首页</a> &gt; <a>政务公开</a> &gt; <a>政策文件</a></div>
<div class="article"><h1>{title}</h1>
<div class="info">发布时间：2024-03-05　来源：市政府办公室　【字体：<a>大</a> <a>中</a> <a>小</a>】【打印】【关闭】</div>
<div class="TRS_Editor">{body}</div>
<div class="share">分享到：<a>微信</a> <a>微博</a></div></div>
<div class="related"><h3>相关链接</h3><ul><li><a>关于做好2024年政务公开工作的通知</a></li></ul></div>
<div class="footer">主办单位：某市人民政府办公室　版权所有　网站标识码：1234567890　某ICP备12345678号</div>
</body></html>"""


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_a_saved_web_page_gives_the_document_and_none_of_the_site(example, tmp_path, config):
    import html
    lines = example.read_text(encoding="utf-8").splitlines()
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines[1:] if line.strip())
    page = PAGE.format(charset="gb2312", title=html.escape(lines[0]), body=body)
    path = tmp_path / (example.stem + ".html")
    path.write_bytes(page.encode("gb18030"))
    text = read(path).text
    for furniture in ("办事服务", "相关链接", "分享到", "版权所有", "政务公开工作的通知"):
        assert furniture not in text
    want, got = parse_file(example, config), parse_file(path, config)
    assert facts(got) == facts(want) and meta(got) == meta(want)


def test_a_web_page_table_with_spans_is_read_as_a_table(tmp_path, config):
    page = PAGE.format(charset="utf-8", title="某区重点任务分工表", body="""
<table><tr><th>序号</th><th>重点任务</th><th>牵头单位</th><th>配合单位</th></tr>
<tr><td colspan="4">一、优化营商环境</td></tr>
<tr><td>1</td><td>压减开办时间</td><td rowspan="2">区市场监管局</td><td>区税务局</td></tr>
<tr><td>2</td><td>推行证照联办</td><td>区行政审批局<br>区公安分局</td></tr></table>""")
    path = tmp_path / "page.htm"
    path.write_text(page, encoding="utf-8")
    doc = parse_file(path, config)
    assert [(m.id, m.lead, m.support) for m in doc.measures] == [
        ("一.1", ["区市场监管局"], ["区税务局"]), ("一.2", ["区市场监管局"], ["区行政审批局", "区公安分局"])]


def test_a_page_with_no_main_text_is_one_clear_line(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><body><div class='nav'><a>首页</a></div></body></html>", encoding="utf-8")
    with pytest.raises(MatrixError, match="no document text found in the web page"):
        read(path)
    from matrix import i18n
    i18n.set_language("zh")
    with pytest.raises(MatrixError, match="网页中没有找到正文"):
        read(path)


# --- PDF and old Word, through LibreOffice ---------------------------------------------

@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """Each example as a .docx set for print (title centred, page footer — n —), and the
    PDF and .doc LibreOffice makes of it."""
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not on PATH")
    out = tmp_path_factory.mktemp("printed")
    made = {}
    for example in EXAMPLES:
        docx = docx_from_text(example.read_text(encoding="utf-8"), out / (example.stem + ".docx"))
        made[example.stem] = (docx, converted(docx, "pdf"), converted(docx, "doc"))
    return made


@needs_office
@pytest.mark.libreoffice
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_pdf_and_doc_of_an_example_parse_as_the_example(example, printed, config):
    want = parse_file(example, config)
    docx, pdf, doc = printed[example.stem]
    for path in (docx, pdf, doc):
        got = parse_file(path, config)
        assert facts(got) == facts(want), path.suffix
        assert meta(got) == meta(want), path.suffix
    assert "— 2 —" not in read(pdf).text


@needs_office
@pytest.mark.libreoffice
def test_pdf_of_a_task_table_reads_the_table(tmp_path, config, assigning):
    rows = table_of(assigning)[1:]
    merges = [(0, r, 0, r, 4) for r, row in enumerate(rows) if len(set(row)) == 1]
    docx = docx_from_text(assigning.title, tmp_path / "table.docx", tables=[rows], merges=merges)
    got = parse_file(converted(docx, "pdf"), config)
    assert assigned(got) == assigned(assigning)


def test_a_damaged_or_scanned_pdf_is_one_clear_line(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF")
    with pytest.raises(MatrixError) as e:
        read(broken)
    assert str(broken) in str(e.value)
    # A page with no text layer: a drawn rectangle only.
    scan = tmp_path / "scan.pdf"
    stream = b"0 0 m 100 100 l S"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d >>stream\n" % len(stream) + stream + b"\nendstream"]
    data, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    data += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    data += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF" % (len(objs) + 1, xref)
    scan.write_bytes(data)
    with pytest.raises(MatrixError, match="扫描件"):
        read(scan)


def test_a_doc_without_libreoffice_says_what_to_install(tmp_path, monkeypatch):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0 not really")
    monkeypatch.setenv("MATRIX_SOFFICE", str(tmp_path / "no-such-soffice"))
    with pytest.raises(MatrixError, match="LibreOffice"):
        read(path)
