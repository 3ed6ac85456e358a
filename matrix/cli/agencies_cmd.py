"""`matrix agencies [PARSED...] [-o DIR]`: who the documents name, and who the registry does not know."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import click

from ..agencies import census
from ..i18n import N_, _, ngettext
from ..layout import Layout
from . import main
from .common import Context, fail_cleanly, out_option, pass_ctx


@main.command("agencies", short_help=N_("The agencies the documents name, and who the registry lacks."),
              help=N_("List agencies in parsed files (default output/measures/): lead and "
                      "support counts, and those not in config/agencies.yaml, so they can be "
                      "added."))
@click.argument("parsed", nargs=-1, type=click.Path(path_type=Path))
@out_option(N_("Output folder whose measures/ to read (default: the config's "
                      "`output`, normally output/), as for run and build."))
@click.option("--unknown", "unknown_only", is_flag=True,
              help=N_("Only agencies not in the registry."))
@pass_ctx
def agencies_command(ctx: Context, parsed: tuple[Path, ...], out_dir: Optional[Path],
                     unknown_only: bool) -> None:
    # Who the documents name, and who the registry does not know.
    with fail_cleanly():
        out = out_dir or ctx.config.output
        rows, errors, notes = census(list(parsed) or [Layout(out).measures], ctx.config, out)
    for note in notes:
        ctx.warn(note)
    for err in errors:
        ctx.error(str(err))
    for r in rows:
        if unknown_only and r.known:
            continue
        mark = "" if r.known else _("  (unknown: add to config/agencies.yaml)")
        if ctx.config.registry.is_group(r.name):
            mark = "  (集体)" + mark
        # Counts first: CJK names have no reliable terminal width to align on.
        click.echo(f"牵头 {r.lead:>3}  配合 {r.support:>3}  文件 {r.documents}  {r.name}{mark}")
    unknown = [r for r in rows if not r.known]
    if rows or not errors:
        ctx.info(ngettext("{n} agency, {unknown} not in the registry",
                          "{n} agencies, {unknown} not in the registry", len(rows)).format(
            n=len(rows), unknown=len(unknown)))
    if errors:
        sys.exit(1)
