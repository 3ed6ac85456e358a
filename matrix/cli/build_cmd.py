"""`matrix build [PARSED...] [-o DIR]` and `matrix run [DOC...] [-o DIR]`."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Optional

import click

from .. import build as B
from .. import lock
from ..groups import GROUP_BY
from ..errors import MatrixError
from ..i18n import N_, _, ngettext
from ..layout import Layout
from . import main
from .common import COUNT, Context, fail_cleanly, out_option, pass_ctx

_out_option = out_option(N_("Output folder (default: the config's `output`, normally output/)."))


class _Bar(B.Progress):
    """click's progress bar on stderr, drawn only for a person at a terminal."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self._bar: Optional[Any] = None

    def start(self, label: str, total: int) -> None:
        if self.enabled and total > 1:
            self._bar = click.progressbar(length=total, label=label.ljust(10), file=sys.stderr)
            self._bar.__enter__()

    def advance(self, item: Any = None) -> None:
        if self._bar:
            self._bar.update(1)

    def finish(self) -> None:
        if self._bar:
            self._bar.__exit__(None, None, None)
            self._bar = None


def _progress(ctx: Context) -> B.Progress:
    return _Bar(ctx.verbosity >= 0 and sys.stderr.isatty())


def _report(ctx: Context, result: B.BuildResult) -> None:
    for path, doc in result.parsed:
        n = len(doc.measures)
        ctx.detail(ngettext("{path}: {n} measure", "{path}: {n} measures", n).format(
            path=path, n=n))
        for w in doc.warnings:
            ctx.detail(f"  {w}")
        if _("no title found") in doc.warnings:
            # Its sheet, its workbooks' 文件 column and its history go by this name.
            ctx.warn(_("{path}: no title found; the file name {title} is used as its "
                       "title").format(path=doc.source.path if doc.source else path,
                                       title=doc.title))
    for path in result.written:
        ctx.detail(_("wrote {path}").format(path=path))
    if result.unknown:
        shown = "、".join(result.unknown[:8]) + ("…" if len(result.unknown) > 8 else "")
        n = len(result.unknown)
        ctx.warn(ngettext("{n} agency not in the registry, built as written "
                          "(add it to config/agencies.yaml): {names}",
                          "{n} agencies not in the registry, built as written "
                          "(add them to config/agencies.yaml): {names}", n).format(
            n=n, names=shown))
    for note in result.notes:
        ctx.warn(note)
    for err in result.errors:
        ctx.error(str(err))
    if result.changes and result.grouped:
        ctx.info(ngettext("{n} change since the previous version of revised documents "
                          "(sheet 变更 in their group's matrix in matrices/)",
                          "{n} changes since the previous version of revised documents "
                          "(sheet 变更 in their group's matrix in matrices/)",
                          result.changes).format(n=result.changes))
    elif result.changes:
        ctx.info(ngettext("{n} change since the previous version of revised documents "
                          "(sheet 变更 in matrix.xlsx)",
                          "{n} changes since the previous version of revised documents "
                          "(sheet 变更 in matrix.xlsx)", result.changes).format(
            n=result.changes))
    if result.documents:
        ctx.info(result.summary())
    if result.errors:
        sys.exit(1)


_jobs_option = click.option(
    "-j", "--jobs", type=COUNT, default=1, show_default=True,
    help=N_("Processes parsing the documents and writing the agency workbooks (matrix.xlsx "
            "is written meanwhile)."))


_group_option = click.option(
    "--group-by", "group_by", type=click.Choice([*GROUP_BY, "none"]), default=None,
    help=N_("One matrix per year, issuer or folder in DIR/matrices/, and matrix.xlsx summing "
            "them up; none: one matrix (default: the config's `group_by`, normally one "
            "matrix)."))


def _out(ctx: Context, out_dir: Optional[Path]) -> Path:
    return out_dir or ctx.config.output


@main.command("build", short_help=N_("Build matrix.xlsx and each agency's workbook from parsed files."),
              help=N_("Build DIR/matrix.xlsx and one workbook per agency in DIR/agencies/ "
                      "from parsed YAML files or folders (default DIR/measures/)."))
@click.argument("parsed", nargs=-1, type=click.Path(path_type=Path))
@_out_option
@_jobs_option
@_group_option
@pass_ctx
def build_command(ctx: Context, parsed: tuple[Path, ...], out_dir: Optional[Path],
                  jobs: int, group_by: Optional[str]) -> None:
    # Parsed measures → DIR/matrix.xlsx and DIR/agencies/.
    out = _out(ctx, out_dir)
    with fail_cleanly(), lock.workspace(out, "build"):
        measures = Layout(out).measures
        if not parsed and not measures.is_dir():
            raise MatrixError(_("no parsed files in {path} (run `matrix parse DOC...` "
                                "first, or `matrix run`)").format(path=measures))
        result = B.build_files(list(parsed) or [measures], out, ctx.config,
                               progress=_progress(ctx), jobs=jobs, group_by=group_by)
    _report(ctx, result)


@main.command("run", short_help=N_("Parse and build in one step."),
              help=N_("Parse documents into DIR/measures/ and build the workbooks, in one "
                      "step. With no DOC, the documents named in the config (by default the "
                      "bundled examples/)."))
@click.argument("docs", nargs=-1, type=click.Path(path_type=Path))
@_out_option
@_jobs_option
@_group_option
@pass_ctx
def run_command(ctx: Context, docs: tuple[Path, ...], out_dir: Optional[Path], jobs: int,
                group_by: Optional[str]) -> None:
    # parse + build in one step.
    out = _out(ctx, out_dir)
    with fail_cleanly():
        paths = list(docs) or B.document_paths(ctx.config)
    with fail_cleanly(), lock.workspace(out, "run"):
        result = B.run(paths, out, ctx.config, progress=_progress(ctx), jobs=jobs,
                       group_by=group_by)
    _report(ctx, result)
