#!/bin/sh
# Re-render docs/sheet.png, the README's picture of a document sheet of matrix.xlsx:
# run the bundled examples, keep one document sheet, print it to PDF with LibreOffice,
# and turn the first page into a PNG.
#
#   scripts/screenshot.sh [SHEET]     (default: the sheet of examples/004, which has clause rows)
#
# Needs LibreOffice (soffice) and poppler-utils (pdftoppm).
set -eu
cd "$(dirname "$0")/.."
if [ -x .venv/bin/matrix ]; then BIN=.venv/bin/; else BIN=; fi
MATRIX=${MATRIX:-${BIN}matrix}
PYTHON=${PYTHON:-${BIN}python}
SHEET=${1:-支持小微企业高质量发展的实施意见}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$MATRIX" -q run -o "$work/output"
# LibreOffice prints every sheet; keep only the one to show so it is page 1.
"$PYTHON" - "$work/output/matrix.xlsx" "$SHEET" "$work/sheet.xlsx" <<'PY'
import sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for ws in [ws for ws in wb.worksheets if ws.title != sys.argv[2]]:
    wb.remove(ws)
if not wb.worksheets:
    sys.exit(f"no sheet named {sys.argv[2]}")
wb.save(sys.argv[3])
PY
soffice "-env:UserInstallation=file://$work/profile" --headless --convert-to pdf \
    --outdir "$work" "$work/sheet.xlsx" >/dev/null
mkdir -p docs
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/sheet.pdf" docs/sheet
echo "wrote docs/sheet.png"
