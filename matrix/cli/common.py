"""What every command shares: the context object, clean error exits, messages."""
from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator, Optional

import click

from ..config import Config
from ..errors import MatrixError
from ..i18n import _


@dataclass
class Context:
    config: Config
    verbosity: int = 0   # -1 quiet, 0 normal, 1+ verbose

    def info(self, message: str) -> None:
        if self.verbosity >= 0:
            click.echo(message)

    def detail(self, message: str) -> None:
        if self.verbosity >= 1:
            click.echo(message)

    def warn(self, message: str) -> None:
        if self.verbosity >= 0:
            click.echo(_("warning: {message}").format(message=message), err=True)

    def error(self, message: str) -> None:
        click.echo(_("error: {message}").format(message=message), err=True)


@contextlib.contextmanager
def fail_cleanly() -> Iterator[None]:
    """Turn a MatrixError into one line on stderr and exit status 1."""
    try:
        yield
    except MatrixError as e:
        click.echo(_("error: {message}").format(message=e), err=True)
        sys.exit(1)
    except BrokenPipeError:
        raise                # the reader went away (`| head`): Matrix.main ends quietly
    except OSError as e:
        # A folder where a file should be, a full disk, no permission: the system's words,
        # with the path, are clear enough; a traceback is not.
        reason = e.strerror or str(e)
        message = (_("{path}: {reason}").format(path=e.filename, reason=reason)
                   if e.filename else reason)
        click.echo(_("error: {message}").format(message=message), err=True)
        sys.exit(1)


pass_ctx = click.make_pass_decorator(Context)


def out_option(help: str):
    """`-o/--out DIRECTORY`, the output folder, as every command that uses one takes it."""
    return click.option("-o", "--out", "out_dir",
                        type=click.Path(file_okay=False, path_type=Path),
                        metavar="DIRECTORY", help=help)


class Day(click.ParamType):
    """A date given as YYYY-MM-DD (--today, --due), said so when it is not one."""
    name = "date"

    def convert(self, value, param, ctx) -> Optional[date]:
        if isinstance(value, date) or value is None:
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(_("'{value}' is not a date; write it YYYY-MM-DD, e.g. 2026-12-31").format(
                value=value), param, ctx)


class Count(click.ParamType):
    """A whole number, 1 or more (--limit, --jobs); click's IntRange would print its
    range in English in --help."""
    name = "integer"

    def convert(self, value, param, ctx) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
            return value
        try:
            n = int(str(value).strip())
        except ValueError:
            n = 0
        if n < 1:
            self.fail(_("'{value}' is not a whole number of 1 or more").format(value=value),
                      param, ctx)
        return n


DAY, COUNT = Day(), Count()
