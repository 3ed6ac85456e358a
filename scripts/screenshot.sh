#!/bin/sh
# Re-render the README's pictures from what the code writes, printed by LibreOffice:
#   docs/sheet.png    the first page of a document sheet of matrix.xlsx
#   docs/summary.png  the first chart page of 总览
#   docs/agency.png   the first page of an agency's task workbook
#   docs/tracker.png  the first page of 台账 in tracker.xlsx, after one bureau reported
#
#   scripts/screenshot.sh [SHEET [AGENCY]]
#     (default: the sheet of examples/004, which has clause rows, and 区市场监管局)
#
# Needs LibreOffice (soffice) and poppler-utils (pdftoppm).
set -eu
cd "$(dirname "$0")/.."
if [ -x .venv/bin/matrix ]; then BIN=.venv/bin/; else BIN=; fi
MATRIX=${MATRIX:-${BIN}matrix}
PYTHON=${PYTHON:-${BIN}python}
SHEET=${1:-支持小微企业高质量发展的实施意见}
AGENCY=${2:-区市场监管局}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$MATRIX" -q run -o "$work/output"
# LibreOffice prints every sheet; keep only the one to show.
keep() {
"$PYTHON" - "$work/output/matrix.xlsx" "$1" "$work/$2.xlsx" <<'PY'
import sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for ws in [ws for ws in wb.worksheets if ws.title != sys.argv[2]]:
    wb.remove(ws)
if not wb.worksheets:
    sys.exit(f"no sheet named {sys.argv[2]}")
wb.save(sys.argv[3])
PY
}
keep "$SHEET" sheet
keep 总览 summary
cp "$work/output/agencies/$AGENCY.xlsx" "$work/agency.xlsx"
# A bureau reports: four tasks done, the rest under way; collected as of a day in 2024.
mkdir -p "$work/back"
"$PYTHON" - "$work/output/agencies/区经济信息委.xlsx" "$work/back/经信委11月进展.xlsx" <<'PY'
import sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["任务清单"]
h = next(r for r in range(1, 30) if ws.cell(r, 1).value == "文件")
head = [c.value for c in ws[h]]
key, state, note = (head.index(x) + 1 for x in ("任务编号", "状态", "进展情况"))
rows = [r for r in range(h + 1, ws.max_row + 1) if ws.cell(r, key).value]
for n, r in enumerate(rows):
    ws.cell(r, state, "已完成" if n < 4 else "推进中")
    ws.cell(r, note, "已印发实施细则" if n < 4 else "正在起草")
wb.save(sys.argv[2])
PY
"$MATRIX" -q collect "$work/back" -o "$work/output" --today 2024-11-25
# An "as of" collect writes its tracker beside tracker.xlsx (layout.Layout.tracker_book).
cp "$work/output/tracker-2024-11-截至2024-11-25.xlsx" "$work/tracker.xlsx"
soffice "-env:UserInstallation=file://$work/profile" --headless --convert-to pdf \
    --outdir "$work" "$work/sheet.xlsx" "$work/summary.xlsx" "$work/agency.xlsx" \
    "$work/tracker.xlsx" >/dev/null
mkdir -p docs
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/sheet.pdf" docs/sheet
pdftoppm -png -r 80 -f 2 -l 2 -singlefile "$work/summary.pdf" docs/summary
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/agency.pdf" docs/agency
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/tracker.pdf" docs/tracker
echo "wrote docs/sheet.png, docs/summary.png, docs/agency.png, docs/tracker.png"
