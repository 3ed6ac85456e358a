"""The README and `--help` tell the same story: every command is in the overview `matrix
--help` prints and in the README's tour, and every option a command takes is named in the
README (long or short form), so a new option cannot land undocumented."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from matrix.cli import main

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(main.commands)


def _named(option: str) -> bool:
    # "-o" must stand as an option, not inside "--only" or a word.
    return re.search(r"(?<![\w-])" + re.escape(option) + r"(?![\w-])", README) is not None


@pytest.mark.parametrize("lang", ["C", "zh_CN.UTF-8"])
def test_the_overview_in_help_lists_every_command(lang):
    out = CliRunner().invoke(main, ["--help"], env={"LANG": lang, "LC_ALL": lang}).output
    listed = set(re.findall(r"^\s+matrix (\w+)", out, re.M))
    assert listed == set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_the_readme_shows_every_command_and_its_options(name):
    assert f"matrix {name}" in README
    command = main.commands[name]
    for param in command.params:
        forms = [o for o in param.opts + param.secondary_opts if o.startswith("-")]
        if forms and forms != ["--help"] and "-h" not in forms:
            assert any(_named(o) for o in forms), f"matrix {name} {forms[0]} is not in the README"


def test_the_readme_names_the_global_options():
    for param in main.params:
        forms = [o for o in param.opts if o.startswith("-")]
        if forms and "--help" not in forms:
            assert any(_named(o) for o in forms), f"matrix {forms[0]} is not in the README"


def test_the_module_table_lists_every_module_and_only_those():
    """A newcomer finds the module for a job from the README's table: one line a module."""
    package = Path(__file__).resolve().parents[2] / "matrix"
    on_disk = {p.relative_to(package).as_posix() for p in package.rglob("*.py")}
    part = README.split("### The package, module by module", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| `([\w/]+\.py)` \| (.+) \|$", part, re.M)
    assert sorted(m for m, _ in listed) == sorted(on_disk)
    assert all(len(job) > 20 for _, job in listed)          # each says what it does
