"""Chinese is the language of every message by default; English when asked; nothing falls back.

The catalog that ships is the compiled .mo beside the .po: it must hold every message the
code marks, with the same placeholders, and be current with the .po.
"""
from __future__ import annotations

import gettext
import os
import re
import shutil
import string
import subprocess
import sys

import pytest
from click.testing import CliRunner

from matrix import i18n
from matrix.cli import main

from conftest import ROOT

MO = i18n.po_path().with_suffix(".mo")


def _fields(s: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(s) if f is not None}


def _shipped() -> gettext.GNUTranslations:
    with MO.open("rb") as f:
        return gettext.GNUTranslations(f)


def test_every_marked_message_has_its_translation_with_the_same_placeholders():
    shipped = _shipped()
    missing, broken = [], []
    for msgid, where in i18n.marked_messages().items():
        got = i18n.translated(msgid, shipped)
        plain = msgid[1] if isinstance(msgid, tuple) else msgid
        if got == plain and re.search(r"[A-Za-z]{3}", plain):
            missing.append(f"{where[0]}: {msgid}")
        elif _fields(got) != _fields(plain):
            broken.append(f"{where[0]}: {msgid} → {got}")
    assert not missing, "untranslated:\n" + "\n".join(missing)
    assert not broken, "placeholders differ:\n" + "\n".join(broken)


def test_the_shipped_catalog_is_compiled_from_the_po():
    babel = pytest.importorskip("babel.messages.pofile")
    with i18n.po_path().open("rb") as f:
        catalog = babel.read_po(f)
    shipped = _shipped()
    for m in catalog:
        if not m.id or not m.string:
            continue
        if isinstance(m.id, tuple):
            assert shipped.ngettext(m.id[0], m.id[1], 1) == m.string[0], m.id
        else:
            assert shipped.gettext(m.id) == m.string, f"recompile: python -m matrix.i18n compile ({m.id})"


@pytest.mark.parametrize("env, want", [
    ({}, "zh"), ({"LANG": "C.UTF-8"}, "zh"), ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "en_US.UTF-8"}, "en"), ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN"}, "en"),
    ({"MATRIX_LANG": "en"}, "en"), ({"MATRIX_LANG": "zh", "LANG": "en_US.UTF-8"}, "zh"),
])
def test_the_language_is_chinese_unless_english_is_asked_for(env, want):
    assert i18n.choose(env) == want


def _command(args, lang: str | None, cwd) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("MATRIX_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    if lang:
        env["MATRIX_LANG"] = lang
    return subprocess.run([sys.executable, "-c", "from matrix.cli import main; main()", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8")


def test_a_fresh_process_speaks_chinese_by_default_and_english_when_asked(tmp_path):
    zh = _command(["--help"], None, tmp_path)
    assert zh.returncode == 0
    assert "用法" in zh.stdout and "Usage:" not in zh.stdout
    en = _command(["--help"], "en", tmp_path)
    assert "Usage:" in en.stdout and "用法" not in en.stdout
    bad = _command(["build", "--no-such-option"], None, tmp_path)
    assert bad.returncode == 2 and "错误" in bad.stderr and "no such option" not in bad.stderr.lower()


# Words that may stay in Latin letters in a Chinese message: names of things the user
# types or sees as such.
ALLOWED = {"matrix", "yaml", "xlsx", "docx", "txt", "pdf", "doc", "wps", "html", "htm", "csv", "xls",
           "smtp", "libreoffice", "soffice", "ocr", "ocrmypdf",
           "tesseract", "sim",     # tesseract-ocr-chi-sim, which click may wrap at its hyphen
           "utf", "gbk", "gb", "jinja",
           "starttls", "tls", "ssl", "url", "pid", "email", "eml", "localhost",
           # the commands, the folders and the choices the user types
           "run", "parse", "build", "mail", "diff", "agencies", "init", "collect", "status", "suggest",
           "table", "year", "issuer", "folder", "none",
           "output", "text", "json",
           "measures", "documents", "templates", "config", "examples"}
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
PATHISH = re.compile(r"`[^`]*`|\S*[/\\]\S*|\S+\.(?:txt|docx|yaml|yml|xlsx|jsonl|json|pdf|html?|doc|wps|csv|eml)\b"
                     r"|--?[a-z][\w-]*|\$\{?\w+\}?|[\w.+-]+@[\w.-]+|<[^>]*>|\b[A-Z_]{3,}\b|\{[^}]*\}"
                     # a word with digits in it is a name (a file stem such as 003_a1076…fcc)
                     r"|\b\w*\d\w*\b")


def _fallbacks(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        rest = PATHISH.sub(" ", line)
        words = [w for w in LATIN_WORD.findall(rest) if w.lower() not in ALLOWED]
        if words:
            out.append(f"{line!r}: {words}")
    return out


TOUR = [
    ["--help"], ["run", "--help"], ["parse", "--help"], ["build", "--help"], ["mail", "--help"],
    ["diff", "--help"], ["agencies", "--help"], ["init", "--help"], ["suggest", "--help"],
    ["run"],
    ["suggest", "--top", "2"],
    ["parse", "examples/000_d3a3fa96337cfa8d.txt", "-o", "out2"],
    ["build", "-o", "output"],
    ["agencies", "output/measures"],
    ["agencies", "--unknown", "output/measures"],
    ["mail", "--due", "2026-12-15"],
    ["diff", "examples/004_ff080c79c7811b33.txt", "examples/revisions/004_ff080c79c7811b33.txt"],
    ["build", "no-such-folder"],
    ["parse", "no-such-file.txt"],
    ["mail", "--send"],
    ["run", "--bogus"],
    ["init", "ws"],
]


def _tour(project) -> list[tuple[list[str], str]]:
    shutil.copytree(ROOT / "examples" / "revisions", project / "examples" / "revisions")
    runner = CliRunner()
    shown = []
    for args in TOUR:
        result = runner.invoke(main, args, prog_name="matrix", catch_exceptions=False)
        shown.append((args, result.output + (result.stderr if result.stderr_bytes else "")))
    return shown


def test_the_readme_tour_in_chinese_has_no_english_message(project):
    i18n.set_language("zh")
    problems = []
    for args, text in _tour(project):
        assert text.strip(), args
        problems += [f"matrix {' '.join(args)}: {p}" for p in _fallbacks(text)]
    assert not problems, "\n".join(problems)


def test_the_readme_tour_in_english_is_english(project):
    i18n.set_language("en")
    for args, text in _tour(project):
        if args[-1] == "--help":
            assert "Usage:" in text and "用法" not in text, args
        assert "错误：" not in text and "警告：" not in text, args
