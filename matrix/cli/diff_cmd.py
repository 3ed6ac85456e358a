"""`matrix diff OLD NEW`: what changed between two versions of a document, for whom."""
from __future__ import annotations

from pathlib import Path

import click
import yaml

from ..diff import DocumentDiff
from ..i18n import N_, _, ngettext
from ..diff import compare
from . import main
from .common import Context, fail_cleanly, pass_ctx


def as_text(d: DocumentDiff, verbose: bool) -> list[str]:
    lines = []
    for c in d.changes:
        where = f"{c.measure} {c.title}" if c.measure else c.title
        detail = f": {c.detail}" if c.detail else ""
        who = f"  [{'、'.join(c.agencies)}]" if c.agencies else ""
        lines.append(f"{c.label}  {where}{detail}{who}")
    if d.renumbered and verbose:
        lines.append("重新编号: " + ", ".join(f"{a} → {b}" for a, b in d.renumbered))
    return lines


@main.command("diff", short_help=N_("Compare two versions of a document."),
              help=N_("Compare two versions of a document (parsed .yaml or the documents "
                      "themselves): measures added, removed, moved, reworded, and agencies "
                      "added, removed or given another role; then the agencies concerned."))
@click.argument("old", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "yaml"]), default="text",
              show_default=True,
              help=N_("text: lines to read; yaml: the same changes as data, for other tools."))
@pass_ctx
def diff_command(ctx: Context, old: Path, new: Path, fmt: str) -> None:
    # What changed between two versions of a document, for whom.
    with fail_cleanly():
        d = compare(old, new, ctx.config)
    if fmt == "yaml":
        data = {"changes": [dict(kind=c.kind, measure=c.measure, title=c.title, before=c.before,
                                 after=c.after, agencies=c.agencies) for c in d.changes],
                "renumbered": [list(p) for p in d.renumbered],
                "affected": d.affected()}
        click.echo(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), nl=False)
        return
    if d.unrelated:
        total = max(len(d.old.measures), len(d.new.measures))
        ctx.warn(ngettext("only {n} of {total} measure matches: these look like two different "
                          "documents, not two versions",
                          "only {n} of {total} measures match: these look like two different "
                          "documents, not two versions", total).format(n=len(d.pairs),
                                                                        total=total))
    for line in as_text(d, ctx.verbosity > 0):
        click.echo(line)
    ctx.info(ngettext("{n} change, {renumbered} renumbered; agencies concerned: {agencies}",
                      "{n} changes, {renumbered} renumbered; agencies concerned: {agencies}",
                      len(d.changes)).format(n=len(d.changes), renumbered=len(d.renumbered),
                                             agencies="、".join(d.affected()) or _("none")))
