"""`matrix suggest [PARSED...] [--top N] [--format table|yaml] [--draft]`: who could lead
each unassigned measure. Shown, or drafted into config/overrides.suggested.yaml; never
applied (build does not read the draft)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import click
import yaml

from ..fileio import write_text_atomic
from ..i18n import N_, _, ngettext
from ..layout import Layout
from ..suggest import TOP, Suggestion, suggest_files
from ..suggest.draft import FILE, draft
from . import main
from .common import COUNT, Context, fail_cleanly, out_option, pass_ctx


def _as_data(s: Suggestion) -> dict:
    return {"document": s.document, "measure": s.measure, "title": s.title,
            "candidates": [{"agency": c.agency, "score": c.score, "reason": c.reason}
                           for c in s.lead],
            "support": [{"agency": c.agency, "score": c.score, "reason": c.reason}
                        for c in s.support]}


def _table(suggestions: list[Suggestion]) -> None:
    for s in suggestions:
        click.echo(f"{s.document}  {s.measure}  {s.title}")
        if not s.lead:
            click.echo("    " + _("no reliable evidence: assign by hand"))
        for i, c in enumerate(s.lead, 1):
            click.echo(f"    {i}. {c.agency}  {c.score:.2f}  {c.reason}")
        if s.support:
            click.echo("    " + _("support: {names}").format(
                names="、".join(f"{c.agency} {c.score:.2f}" for c in s.support)))


@main.command("suggest", short_help=N_("Suggest leads for the measures no note assigns"),
              help=N_("Suggest who could lead each measure that has no lead, from the "
                      "office's own registry and what its documents already assign "
                      "(overrides and earlier versions included): up to --top candidates "
                      "per measure, each with a score (its share of the evidence) and the "
                      "reason. Nothing is applied: --draft writes "
                      "config/overrides.suggested.yaml for you to check and copy into "
                      "overrides.yaml; build never reads it."))
@click.argument("parsed", nargs=-1, type=click.Path(path_type=Path))
@out_option(N_("Output folder whose measures/ to read (default: the config's "
               "`output`, normally output/), as for run and build."))
@click.option("--top", type=COUNT, default=TOP, show_default=True,
              help=N_("Candidates shown per measure."))
@click.option("--format", "fmt", type=click.Choice(["table", "yaml"]), default="table",
              show_default=True, help=N_("table: for reading; yaml: for other programs."))
@click.option("--draft", "write_draft", is_flag=True,
              help=N_("Also write config/overrides.suggested.yaml: the top candidate per "
                      "measure in the overrides format, each marked as a suggestion."))
@pass_ctx
def suggest_command(ctx: Context, parsed: tuple[Path, ...], out_dir: Optional[Path],
                    top: int, fmt: str, write_draft: bool) -> None:
    with fail_cleanly():
        out = out_dir or ctx.config.output
        found = suggest_files(list(parsed) or [Layout(out).measures], ctx.config, out, top)
        for note in found.notes:
            ctx.warn(note)
        for err in found.errors:
            ctx.error(str(err))
        if fmt == "yaml":
            click.echo(yaml.safe_dump([_as_data(s) for s in found.suggestions],
                                      allow_unicode=True, sort_keys=False), nl=False)
        else:
            _table(found.suggestions)
        if write_draft:
            folder = ctx.config.folder or Path("config")
            target = folder / FILE
            folder.mkdir(parents=True, exist_ok=True)
            text = draft(found.suggestions)
            if target.is_file() and target.read_text(encoding="utf-8") != text:
                # The clerk may have edited it in place: the last draft is kept beside it.
                kept = target.with_name(target.name + ".bak")
                kept.write_bytes(target.read_bytes())
                ctx.warn(_("the previous draft is kept as {path}").format(path=kept))
            write_text_atomic(target, text)
            ctx.info(_("wrote {path}: check it, then copy what is right into "
                       "overrides.yaml (build does not read it)").format(path=target))
    n = len(found.suggestions)
    with_lead = sum(1 for s in found.suggestions if s.lead)
    message = ngettext("{n} unassigned measure, {found} with a suggested lead",
                       "{n} unassigned measures, {found} with a suggested lead", n).format(
        n=n, found=with_lead)
    # The figures go to stderr in yaml mode, so the output stays one YAML document.
    if fmt == "yaml":
        if ctx.verbosity >= 0:
            click.echo(message, err=True)
    else:
        ctx.info(message)
    if found.errors:
        sys.exit(1)
