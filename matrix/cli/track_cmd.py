"""`matrix collect PATH...` and `matrix status`: the returned workbooks → the 督办台账."""
from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from typing import Optional

import click

from .. import lock
from .. import tracker as T
from ..errors import MatrixError
from ..i18n import N_, _
from ..layout import Layout, this_round
from ..render.tracker import laggards
from . import main
from .common import DAY, Context, fail_cleanly, out_option, pass_ctx
from .. import words

_out_option = out_option(N_("Output folder the workbooks were built in (default: the config's `output`, "
            "normally output/); the tracker is written there."))
_round_option = click.option(
    "--round", "round_", metavar="YYYY-MM",
    help=N_("The reporting round (default: this month)."))
_today_option = click.option(
    "--today", type=DAY, metavar=N_("DATE"),
    help=N_("Take DATE (YYYY-MM-DD) as today, for the warnings: an \"as of\" report."))


def _round(value: Optional[str]) -> Optional[str]:
    if value and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        raise MatrixError(_("--round must be a month, YYYY-MM: {value}").format(value=value))
    return value


def _not_ahead(ctx: Context, round_: Optional[str]) -> None:
    if round_ and round_ > this_round(date.today()):
        ctx.warn(_("--round {round} is a month still to come").format(round=round_))


def _summary(ctx: Context, result: T.CollectResult) -> None:
    for note in result.notes:
        ctx.warn(note)
    s = result.standing
    if not s:
        return
    ctx.info(_("{round}: {tasks} tasks of {agencies} agencies; {silent} agencies have not "
               "reported; tracker written to {path}").format(
        round=s.round, tasks=len(s.tasks), agencies=len(s.agencies()), silent=len(s.silent()),
        path=result.book))


@main.command("collect", short_help=N_("Collect the workbooks bureaus sent back."),
              help=N_("Record the task workbooks bureaus sent back (files or folders of "
                      ".xlsx/.xls, subfolders included, however renamed or re-sorted) in "
                      "DIR/tracker.sqlite, and rebuild the tracker DIR/tracker.xlsx (台账, 未报送, 通报, 历史). A file "
                      "collected twice adds nothing."))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_round_option
@_today_option
@_out_option
@pass_ctx
def collect_command(ctx: Context, paths: tuple[Path, ...], round_: Optional[str],
                    today: Optional[date], out_dir: Optional[Path]) -> None:
    out = out_dir or ctx.config.output
    _not_ahead(ctx, round_)
    with fail_cleanly():
        _built(out)
        with lock.workspace(out, "collect"):
            result = T.collect(list(paths), out, ctx.config, _round(round_), today)
    for line in result.lines:
        ctx.info(line)
    for err in result.errors:
        ctx.error(str(err))
    _summary(ctx, result)
    if result.standing:
        ctx.info(_("Next: `matrix build` gives each agency its workbook pre-filled with what "
                   "it reported; `matrix mail --remind` chases the late and the silent."))
    if result.errors:
        sys.exit(1)


def _built(out: Path) -> None:
    # Before the lock, which would make the folder: a mistyped -o leaves nothing behind.
    if not Layout(out).measures.is_dir():
        raise MatrixError(_("nothing built yet: run `matrix run` first"), str(out))


@main.command("status", short_help=N_("Where the tasks stand: who is late, who is silent."),
              help=N_("Rebuild the tracker DIR/tracker.xlsx for a day and print, per agency, "
                      "its tasks done, under way, not started, overdue and not reported, the "
                      "furthest behind first."))
@_round_option
@_today_option
@_out_option
@pass_ctx
def status_command(ctx: Context, round_: Optional[str], today: Optional[date],
                   out_dir: Optional[Path]) -> None:
    out = out_dir or ctx.config.output
    with fail_cleanly():
        _built(out)
        with lock.workspace(out, "status"):
            result = T.status(out, ctx.config, _round(round_), today)
    s = result.standing
    done, ongoing, idle = words.DONE, words.ONGOING, words.NOT_STARTED
    click.echo(_("{round}, as of {day}: tasks per agency by the 状态 last reported (never "
                 "reported: none); 逾期, 临期 and 未报送 cut across them").format(
        round=s.round, day=s.today.isoformat()))
    for agency, c in laggards(s):
        # Counts first: CJK names have no reliable terminal width to align on.
        click.echo(f"{s.alerts['overdue']} {c['overdue']:>3}  {s.alerts['silent']} {c['silent']:>3}  "
                   f"{s.alerts['due_soon']} {c['due_soon']:>3}  "
                   f"{done} {c[done]:>3}  {ongoing} {c[ongoing]:>3}  {idle} {c[idle]:>3}  {agency}")
    _summary(ctx, result)
