"""`matrix mail [-o DIR]`: each bureau its workbook by e-mail; a dry run unless --send."""
from __future__ import annotations

import contextlib
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Iterator, Optional

import click

from .. import lock
from ..errors import MatrixError
from ..i18n import N_, _, ngettext
from .. import agency_index
from ..layout import Layout
from ..mail import (Composer, Ledger, Mailing, Result, Transport, load_settings, make_plan,
                    send_all, write_drafts)
from . import main
from .common import COUNT, DAY, Context, fail_cleanly, out_option, pass_ctx


@main.command("mail", short_help=N_("E-mail each agency its workbook (a dry run unless --send)."),
              help=N_("E-mail each agency its task workbook from DIR/agencies/ (default: "
                      "output/).\n"
                      "\n"
                      "\b\n"
                      "Without --send, nothing is sent: each message is written to "
                      "DIR/outbox/<agency>.eml\n"
                      "(open it in a mail client to check it) and a table shows who gets "
                      "what.\n"
                      "With --send, messages go out through SMTP; each one sent is logged in\n"
                      "DIR/outbox/sent.jsonl and never sent again with the same workbook "
                      "(--resend forces).\n"
                      "The SMTP password, if a login is needed, is read from "
                      "MATRIX_SMTP_PASSWORD."))
@click.argument("folder", metavar="[DIR]", required=False,
                type=click.Path(path_type=Path, file_okay=False))
@out_option(N_("Output folder the workbooks were built in (default: the config's "
                      "`output`, normally output/), as for run and build."))
@click.option("--send", "do_send", is_flag=True,
              help=N_("Send through the SMTP server in config/mail.yaml (default: only write "
                      ".eml files to DIR/outbox/)."))
@click.option("--only", multiple=True, metavar=N_("AGENCY"),
              help=N_("Only this agency; repeat for more."))
@click.option("--limit", type=COUNT, metavar="N",
              help=N_("At most N messages this run (the rest on the next)."))
@click.option("--resend", is_flag=True,
              help=N_("Send even what sent.jsonl says this agency already has."))
@click.option("--changed-only", is_flag=True,
              help=N_("Only agencies whose tasks a revision changed (see sheet 变更); the "
                      "change list goes in the message."))
@click.option("--remind", is_flag=True,
              help=N_("A reminder (催办) instead: to the agencies that have not reported this "
                      "round or have tasks overdue or due soon (see `matrix status`), once a "
                      "round."))
@click.option("--round", "round_", metavar="YYYY-MM",
              help=N_("With --remind: the reporting round (default: this month)."))
@click.option("--today", type=DAY, metavar=N_("DATE"),
              help=N_("With --remind: take DATE as today for the warnings."))
@click.option("--due", type=DAY, metavar=N_("DATE"),
              help=N_("Progress reports due on DATE (YYYY-MM-DD; default: today + "
                      "due_in_days from mail.yaml)."))
@pass_ctx
def mail_command(ctx: Context, folder: Optional[Path], out_dir: Optional[Path], do_send: bool,
                 only: tuple[str, ...],
                 limit: Optional[int], resend: bool, changed_only: bool, remind: bool,
                 round_: Optional[str], today: Optional[date],
                 due: Optional[date]) -> None:
    # Each bureau its workbook by e-mail; a dry run unless --send.
    with fail_cleanly(), contextlib.ExitStack() as stack:
        cfg = ctx.config
        if folder and out_dir and folder != out_dir:
            raise MatrixError(_("two output folders given ({folder} and -o {out}); give one, "
                                "with -o").format(folder=folder, out=out_dir))
        if folder and not out_dir:
            # The old form still works; one way for every command is easier to remember.
            ctx.warn(_("`matrix mail DIR` still works; write `matrix mail -o DIR`, as for "
                       "run and build"))
        folder = out_dir or folder or cfg.output
        layout = Layout(folder)
        if (round_ or today) and not remind:
            raise MatrixError(_("--round and --today go with --remind (a reminder); without "
                                "it each agency is sent its task list"))
        drafts = layout.outbox
        settings = cfg.mail or load_settings(cfg)
        # Before anything else, so a missing password stops a send before any work.
        password = settings.password() if do_send else None
        # One writer at a time: a second `--send` waits for nothing and sends nothing twice.
        if folder.is_dir():
            stack.enter_context(lock.workspace(folder, "mail --send" if do_send else "mail"))
        reminders = None
        if remind:
            from .. import tracker
            from .track_cmd import _round
            standing = tracker.standing(folder, cfg, _round(round_), today)[0]
            reminders = tracker.reminders(standing)
            only = tuple(a for a in reminders if not only or a in only)
            if not only:
                ctx.info(_("Nothing to send."))
                return
            _check_prefilled(ctx, layout, only, do_send)
            ledger = Ledger(layout.reminder_log(standing.round))
            drafts = layout.reminder_drafts(standing.round)
        else:
            ledger = Ledger(layout.sent_log)
        if ledger.damaged:
            where = "; ".join(_("line {line} ({agency})").format(line=no, agency=a) if a
                              else _("line {line}").format(line=no) for no, a in ledger.damaged[:5])
            if do_send and not resend:
                # Reading past it could send a bureau its list a second time.
                raise MatrixError(_("the send log cannot be read at {where}: restore it from "
                                    "a backup, or send anyway, knowingly, with --resend "
                                    "(--only to choose who)").format(where=where),
                                  str(ledger.path))
            ctx.warn(ngettext("{path}: ignored {n} unreadable line",
                              "{path}: ignored {n} unreadable lines", ledger.unreadable).format(
                path=ledger.path, n=ledger.unreadable) + f" ({where})")
        registry_file = cfg.file("agencies.yaml")
        plan = make_plan(folder, cfg.registry, ledger, only=only, limit=limit, resend=resend,
                         changed_only=changed_only,
                         registry_file=str(registry_file) if registry_file else None)
        due_day = due
        if due_day and due_day < date.today():
            ctx.warn(_("--due {date} is in the past").format(date=due_day.isoformat()))
        composer = Composer(settings, cfg.templates, due=due_day, labels=cfg.labels,
                            reminders=reminders)
        if not do_send:
            _dry_run(ctx, plan, composer, drafts)
            return
        result = _send(ctx, plan, composer, Transport(settings.smtp, password), ledger)
        _finish(ctx, plan, result, ledger)


def _check_prefilled(ctx: Context, layout: Layout, agencies: tuple[str, ...],
                     do_send: bool) -> None:
    """A reminder carries the bureau's workbook pre-filled with what it last reported; one
    built before the last collect is not, so it is not sent until `matrix build` has run."""
    from .. import tracker
    stale = tracker.stale_workbooks(layout.root, agency_index.read(layout), agencies)
    if not stale:
        return
    names = "、".join(stale[:5]) + ("…" if len(stale) > 5 else "")
    message = ngettext(
        "the workbook of {n} agency ({names}) is not yet pre-filled with what it reported "
        "last: run `matrix build` (or `matrix run`) first, then remind",
        "the workbooks of {n} agencies ({names}) are not yet pre-filled with what they "
        "reported last: run `matrix build` (or `matrix run`) first, then remind",
        len(stale)).format(n=len(stale), names=names)
    if do_send:
        raise MatrixError(message)
    ctx.warn(message)


def _changes(plan: Mailing) -> dict[str, tuple[dict, ...]]:
    """What each agency is told changed: from the index `matrix build` wrote."""
    return {i.agency: i.entry.changes for i in plan.send if i.entry.changes}


def _why(remind: dict) -> str:
    """Why a bureau is reminded, for the dry run's table: silent, late, tasks left out."""
    out = [] if remind.get("reported") else [_("not reported")]
    if remind.get("late"):
        out.append(_("{n} late").format(n=len(remind["late"])))
    if remind.get("missing"):
        out.append(_("{n} left out").format(n=len(remind["missing"])))
    return "、".join(out)


def _dry_run(ctx: Context, plan: Mailing, composer: Composer, outbox: Path) -> None:
    paths = write_drafts(plan.send, composer, outbox, _changes(plan))
    # A reminder's table says why each bureau is reminded; a task list's, what it holds.
    reminders = composer.reminders
    def middle(i) -> str:
        return (_why(reminders.get(i.agency, {})) if reminders is not None
                else f"{i.entry.lead}/{i.entry.support}")
    rows = [(i.agency, i.address, middle(i), i.entry.file, p.name)
            for i, p in zip(plan.send, paths)]
    rows += [(i.agency, i.address, middle(i), i.entry.file,
              _("(already sent)")) for i in plan.already_sent]
    if rows:
        header = (_("agency"), _("address"),
                  _("reminded for") if reminders is not None else _("lead/support"),
                  _("attachment"), _("message"))
        for line in _table(header, rows):
            ctx.info(line)
    if plan.send:
        n = len(plan.send)
        ctx.info(ngettext("Wrote {n} message to {folder}/ — a dry run, nothing was "
                          "sent; add --send to send it.",
                          "Wrote {n} messages to {folder}/ — a dry run, nothing was "
                          "sent; add --send to send them.", n).format(n=n, folder=outbox))
    else:
        ctx.info(_("Nothing to send."))
    if plan.already_sent:
        ctx.info(_("{n} already sent with the same workbook "
                   "(--resend to send again).").format(n=len(plan.already_sent)))
    _tail(ctx, plan)


@contextlib.contextmanager
def _progress(ctx: Context, total: int) -> Iterator:
    if ctx.verbosity < 0 or not total:
        yield lambda item: None
        return
    with click.progressbar(length=total, label=_("Sending"), show_pos=True,
                           item_show_func=lambda name: name or "") as bar:
        yield lambda item: bar.update(1, current_item=item.agency)


def _send(ctx: Context, plan: Mailing, composer: Composer, transport: Transport,
          ledger: Ledger) -> Result:
    if not plan.send:
        return Result()
    with transport, _progress(ctx, len(plan.send)) as step:
        result = send_all(plan.send, composer, transport, ledger, progress=step,
                          changes=_changes(plan))
    for item, record in result.sent:
        ctx.detail(_("sent {agency} <{address}> {file} {message_id}").format(
            agency=item.agency, address=item.address, file=item.entry.file,
            message_id=record.message_id))
    return result


def _finish(ctx: Context, plan: Mailing, result: Result, ledger: Ledger) -> None:
    ctx.info(_("sent {sent}, skipped {skipped} (already sent), failed {failed}, "
               "no address {no_address}").format(
        sent=len(result.sent), skipped=len(plan.already_sent),
        failed=len(result.failed) + (1 if result.stopped else 0),
        no_address=len(plan.no_address)))
    for item, first in result.retried:
        ctx.warn(_("{agency} <{address}>: {reason}; sent when tried again at the end").format(
            agency=item.agency, address=item.address, reason=first))
    for item, reason in result.failed:
        ctx.error(_("{agency} <{address}>: {reason}").format(
            agency=item.agency, address=item.address, reason=reason))
    _tail(ctx, plan)
    if result.stopped:
        s = result.stopped
        left = len(result.not_attempted)
        arrived = (_(" (that one may have arrived; it is not logged, so it will be sent again)")
                   if s.maybe_sent else "")
        # Only a log that was written is named.
        done = (_("{sent} sent and logged in {ledger}").format(sent=len(result.sent),
                                                               ledger=ledger.path)
                if result.sent else _("none sent"))
        raise MatrixError(
            _("stopped at {agency} <{address}>: {reason}{arrived}; {done}, {left} more not "
              "tried — run `matrix mail --send` again to go on from there").format(
                agency=s.item.agency, address=s.item.address, reason=s.reason,
                arrived=arrived, done=done, left=left))
    if result.failed:
        n = len(result.failed)
        raise MatrixError(ngettext("{n} message refused by the server (above); "
                                   "run `matrix mail --send` again to retry it",
                                   "{n} messages refused by the server (above); "
                                   "run `matrix mail --send` again to retry them", n).format(n=n))


def _tail(ctx: Context, plan: Mailing) -> None:
    for item, cut in plan.interrupted:
        ctx.warn(_("{agency} <{address}>: a send begun at {time} was cut off before the "
                   "server's answer was logged; it may have been delivered, so it is not "
                   "sent again. Ask {agency}, and if it did not arrive: `matrix mail --send "
                   "--resend --only {agency}`").format(
            agency=item.agency, address=item.address, time=_local(cut.time)))
    if plan.held_back:
        ctx.info(_("{n} more left for the next run (--limit).").format(n=plan.held_back))
    if plan.no_address:
        names = "、".join(e.agency for e in plan.no_address)
        n = len(plan.no_address)
        ctx.warn(ngettext("no e-mail address for {n} agency with tasks, not "
                          "sent: {names} (add email: in config/agencies.yaml)",
                          "no e-mail address for {n} agencies with tasks, not "
                          "sent: {names} (add email: in config/agencies.yaml)", n).format(
            n=n, names=names))


def _local(stamp: str) -> str:
    """A log's UTC time as the clerk's clock shows it."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def _width(text: str) -> int:
    # Chinese characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    def line(row: tuple[str, ...]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths)).rstrip()
    return [line(header), *(line(r) for r in rows)]
