"""`matrix parse DOC... [-o DIR] [-j N]`"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..i18n import N_, ngettext
from ..layout import Layout
from ..parsing import documents_in, parse_many, skipped_in
from . import main
from .common import COUNT, Context, fail_cleanly, pass_ctx


@main.command("parse", short_help=N_("Parse documents into one YAML file each."),
              help=N_("Parse documents (.txt in any encoding, .docx, .pdf, .doc/.wps, .html, "
                      ".xlsx/.csv/.xls task tables; a folder means the documents in it) into "
                      "one YAML file each."))
@click.argument("docs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), metavar="PATH",
              help=N_("Folder for the parsed YAML files (default: measures/ in the output "
                      "folder of config/settings.yaml, i.e. output/measures)."))
@click.option("--ocr", is_flag=True,
              help=N_("Read scanned PDFs (no text layer) through OCR (needs ocrmypdf and "
                      "tesseract-ocr-chi-sim)."))
@click.option("-j", "--jobs", type=COUNT, default=1, show_default=True,
              help=N_("Processes parsing the documents."))
@pass_ctx
def parse_command(ctx: Context, docs: tuple[Path, ...], out_dir: Path, ocr: bool,
                  jobs: int) -> None:
    # Documents → one YAML file each.
    with fail_cleanly():
        result = parse_many(documents_in(docs), out_dir or Layout(ctx.config.output).measures,
                            ctx.config, ocr=ocr, jobs=jobs)
    for path, doc in result.written:
        led = sum(1 for m in doc.measures if m.lead)
        n, agencies = len(doc.measures), len(doc.agencies())
        measures = ngettext("{path}: {n} measure", "{path}: {n} measures", n).format(
            path=path, n=n)
        ctx.info(ngettext("{measures}, {led} with a lead, {n} agency",
                          "{measures}, {led} with a lead, {n} agencies", agencies).format(
            measures=measures, led=led, n=agencies))
        for w in doc.warnings:
            ctx.detail(f"  {w}")
    for note in skipped_in(docs) + result.notes:
        ctx.warn(note)
    for err in result.errors:
        ctx.error(str(err))
    if result.errors:
        sys.exit(1)
