"""The `matrix` command: a thin click layer over the library.

Each command lives in its own module here and only turns options into library calls
and results into lines on the terminal. Errors the user can fix (MatrixError) are one
line on stderr and a non-zero exit, never a traceback.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import __version__
from ..config import load as load_config
from .common import Context, fail_cleanly


class Matrix(click.Group):
    """click prints usage errors over three lines; ours are one line, like every error."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as e:
            where = e.ctx.command_path if e.ctx else "matrix"
            click.echo(f"error: {e.format_message()} (see `{where} --help`)", err=True)
            sys.exit(e.exit_code)
        except click.ClickException as e:
            click.echo(f"error: {e.format_message()}", err=True)
            sys.exit(e.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)


@click.group(cls=Matrix, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="matrix")
@click.option("-v", "--verbose", count=True, help="Say more (repeat for more detail).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
@click.option("--config", "config_dir", type=click.Path(path_type=Path),
              help="Config folder (default: ./config if present, else built-in defaults).")
@click.pass_context
def main(ctx: click.Context, verbose: int, quiet: bool, config_dir: Path | None) -> None:
    """Turn policy documents into a responsibility matrix and per-bureau task lists.

    \b
    matrix run                 parse + build the bundled examples into output/
    matrix parse DOC...        documents → output/measures/*.yaml
    matrix build               parsed measures → output/matrix.xlsx, output/agencies/
    matrix mail                e-mail each bureau its workbook (dry run unless --send)
    matrix diff OLD NEW        what changed between two versions of a document
    matrix agencies            agencies found, and those not in the registry
    matrix init [DIR]          set up config/, templates/, documents/ for your own work
    """
    with fail_cleanly():
        cfg = load_config(config_dir)
    ctx.obj = Context(config=cfg, verbosity=-1 if quiet else verbose)


# Commands register themselves on `main` when imported.
from . import parse_cmd, agencies_cmd, build_cmd, mail_cmd, diff_cmd, init_cmd  # noqa: E402,F401
