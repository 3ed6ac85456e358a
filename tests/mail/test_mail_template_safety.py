"""A mail template is text an office edits: it can never run code, and a broken one is one
line naming the file, never a traceback."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from matrix.cli import main


@pytest.fixture
def built(project):
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    return project


@pytest.mark.parametrize("subject, says", [
    ("{{ cycler.__init__.__globals__.os.popen('echo pwned > pwned.txt').read() }}", "may not"),
    ("{{ 1 / 0 }}", "ZeroDivisionError"),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "RecursionError"),
])
def test_a_template_that_would_run_code_or_fails_is_one_line_naming_it(built, subject, says):
    (built / "templates" / "mail_subject.txt").write_text(subject, encoding="utf-8")
    result = CliRunner().invoke(main, ["mail"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [x for x in result.output.splitlines() if x.strip()]
    assert len(lines) == 1 and "mail_subject.txt" in lines[0] and says in lines[0], result.output
    assert not (built / "pwned.txt").exists()
    assert not list((built / "output" / "outbox").glob("*.eml"))


def test_a_template_not_in_utf8_is_named(built):
    (built / "templates" / "mail_body.txt").write_bytes("您好，{{ agency }}".encode("gbk"))
    result = CliRunner().invoke(main, ["mail"])
    assert result.exit_code == 1
    assert "mail_body.txt" in result.output and "UTF-8" in result.output
