"""`matrix init [DIR]`: config/, templates/ and documents/ for an office's own work."""
from __future__ import annotations

from pathlib import Path

import click

from ..i18n import N_, _
from ..starter import init
from . import main
from .common import Context, fail_cleanly, pass_ctx


@main.command("init", short_help=N_("Set up a folder for your own documents."),
              help=N_("Set up FOLDER (default: here) for your own documents: config/ "
                      "(settings, agency registry, mail, overrides), templates/ (the e-mail "
                      "wording) and documents/. Files already there are left as they are."))
@click.argument("folder", required=False, default=Path("."), type=click.Path(path_type=Path,
                                                                              file_okay=False))
@pass_ctx
def init_command(ctx: Context, folder: Path) -> None:
    # config/, templates/ and documents/ for an office's own work.
    with fail_cleanly():
        result = init(folder)
    for path in result.written:
        ctx.info(_("wrote {path}").format(path=path))
    for path in result.kept:
        ctx.info(_("kept {path} (already there)").format(path=path))
    if folder.resolve() != Path.cwd().resolve():
        # matrix finds config/ in the folder it runs in: the clerk goes there first.
        ctx.info(_("Next: `cd {folder}`, put your documents in documents/, add your bureaus "
                   "to config/agencies.yaml, then run `matrix run` there.").format(
            folder=folder))
    else:
        ctx.info(_("Next: put your documents in documents/, add your bureaus to "
                   "config/agencies.yaml, then run `matrix run`."))
