"""The `matrix` command: a thin click layer over the library.

Each command lives in its own module here and only turns options into library calls
and results into lines on the terminal. Errors the user can fix (MatrixError) are one
line on stderr and a non-zero exit, never a traceback.

Messages are in the language matrix.i18n chose at import (MATRIX_LANG, else the locale;
Chinese by default); click's own messages and every help text go through the same catalog.
"""
from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import click

from .. import i18n
from ..i18n import _, N_

i18n.patch_click()

from .. import __version__  # noqa: E402
from ..config import load as load_config  # noqa: E402
from .common import Context, fail_cleanly  # noqa: E402


def _width(text: str) -> int:
    # Chinese characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


class Command(click.Command):
    """click shortens a help text for the list of commands at spaces and at ". ", which
    Chinese has none of: a translated help is cut at its first "。" instead, and to fit."""

    def get_short_help_str(self, limit: int = 45) -> str:
        if self.short_help:
            # Written to fit the list, in both languages: never cut.
            return _(self.short_help)
        text = _(self.help) if self.help else None
        if not text or text == self.help:
            return super().get_short_help_str(limit)
        text = " ".join(text.partition("\n\n")[0].split())
        text = text.partition("。")[0]
        if _width(text) <= limit:
            return text
        while text and _width(text) > limit - 1:
            text = text[:-1]
        for stop in "，；：":
            if stop in text:
                return text[:text.rindex(stop)] + "…"
        return text + "…"


def collect_less() -> None:
    """A command makes hundreds of thousands of small objects with almost no cycles among
    them (parsed lines, notes, cells): the cyclic collector, run every 700 of them by
    default, costs a tenth of a parse. Run it a hundred times less often, and leave what
    was imported out of its scans."""
    import gc
    gc.freeze()
    gc.set_threshold(70_000, 20, 100)


class Matrix(click.Group):
    """click prints usage errors over three lines; ours are one line, like every error."""

    command_class = Command

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        collect_less()
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except BrokenPipeError:
            # `matrix suggest | head`: the reader has what it wanted; no error, no traceback
            # when Python flushes stdout on the way out.
            import os
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except click.UsageError as e:
            where = e.ctx.command_path if e.ctx else "matrix"
            click.echo(_("error: {message} (see `{command} --help`)").format(
                message=e.format_message(), command=where), err=True)
            sys.exit(e.exit_code)
        except click.ClickException as e:
            click.echo(_("error: {message}").format(message=e.format_message()), err=True)
            sys.exit(e.exit_code)
        except click.Abort:
            click.echo(_("Aborted!"), err=True)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)


# The main help: what `matrix --help` shows.
@click.group(cls=Matrix, context_settings={"help_option_names": ["-h", "--help"]},
             help=N_("Turn policy documents into a responsibility matrix and per-bureau task "
                     "lists.\n"
                     "\n"
                     "\b\n"
                     "matrix run                 parse + build the documents the settings "
                     "name into output/\n"
                     "matrix parse DOC...        documents → output/measures/*.yaml\n"
                     "matrix build               parsed measures → output/matrix.xlsx, "
                     "output/agencies/\n"
                     "matrix mail                e-mail each bureau its workbook (dry run "
                     "unless --send)\n"
                     "matrix collect PATH...     workbooks bureaus sent back → "
                     "output/tracker.sqlite, tracker.xlsx\n"
                     "matrix status              where the tasks stand: who is late, who is "
                     "silent\n"
                     "matrix diff OLD NEW        what changed between two versions of a "
                     "document\n"
                     "matrix agencies            agencies found, and those not in the "
                     "registry\n"
                     "matrix suggest             leads for unassigned measures, with "
                     "reasons (never applied)\n"
                     "matrix init [DIR]          set up config/, templates/, documents/ for "
                     "your own work"))
@click.version_option(__version__, prog_name="matrix",
                      help=N_("Show the version and exit."))
@click.option("-v", "--verbose", count=True, help=N_("Say more (repeat for more detail)."))
@click.option("-q", "--quiet", is_flag=True, help=N_("Only errors."))
# Metavars in ASCII, like option names: click aligns help by characters, not columns.
@click.option("--config", "config_dir", type=click.Path(path_type=Path), metavar="PATH",
              help=N_("Config folder (default: ./config if present, else built-in defaults)."))
@click.pass_context
def main(ctx: click.Context, verbose: int, quiet: bool, config_dir: Path | None) -> None:
    # The help is on the decorator, in N_(), so that it can be translated.
    with fail_cleanly():
        cfg = load_config(config_dir)
    ctx.obj = Context(config=cfg, verbosity=-1 if quiet else verbose)
    where = cfg.folder if cfg.folder is not None else _("built-in defaults")
    ctx.obj.detail(_("workspace {root} (config: {config})").format(
        root=cfg.root.resolve(), config=where))


# Commands register themselves on `main` when imported.
from . import parse_cmd, agencies_cmd, build_cmd, mail_cmd, diff_cmd, init_cmd, track_cmd, suggest_cmd  # noqa: E402,F401,E501
