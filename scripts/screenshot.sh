#!/bin/sh
# Re-render the README's pictures from what the code writes, printed by LibreOffice:
#   docs/sheet.png    the first page of a document sheet of matrix.xlsx
#   docs/summary.png  the first chart page of 总览
#   docs/agency.png   the first page of an agency's task workbook
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
soffice "-env:UserInstallation=file://$work/profile" --headless --convert-to pdf \
    --outdir "$work" "$work/sheet.xlsx" "$work/summary.xlsx" "$work/agency.xlsx" >/dev/null
mkdir -p docs
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/sheet.pdf" docs/sheet
pdftoppm -png -r 80 -f 2 -l 2 -singlefile "$work/summary.pdf" docs/summary
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/agency.pdf" docs/agency
echo "wrote docs/sheet.png, docs/summary.png, docs/agency.png"
