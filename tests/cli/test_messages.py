"""Messages that say what is wrong and what to do: where in a config file, which command
comes next, and an override that would do nothing."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from matrix import overrides as O
from matrix.cli import main
from matrix.parse import parse_text


def matrix(*args):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output, result.output
    return result


def one_error(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 1 and len(lines) == 1, result.output
    return lines[0]


def test_a_misspelt_override_key_is_named_with_its_line(project):
    (project / "config" / "overrides.yaml").write_text(
        "overrides:\n  - document: 004_ff080c79c7811b33\n    measuer: 二.1\n    lead: [市财政局]\n",
        encoding="utf-8")
    line = one_error(matrix("run"))
    assert "overrides.yaml:2:" in line and "'measuer'" in line


def test_a_chinese_colon_in_the_registry_is_named_with_its_line(project):
    (project / "config" / "agencies.yaml").write_text(
        "agencies:\n  - {name: 市经信局}\n  - name：市财政局\n", encoding="utf-8")
    line = one_error(matrix("run"))
    assert "agencies.yaml:3:" in line and "name：" in line and "':'" in line


def test_exempt_on_a_measure_with_a_lead_says_it_does_nothing():
    doc = parse_text("一、任务\n（一）甲事项。（牵头单位：市科技局）", None)
    rule = O.Override(document=doc.key, measure=doc.measures[0].id, exempt=True, index=1)
    outcome = O.apply(doc, [rule])
    assert not outcome.document.measures[0].exempt
    assert any("exempt does nothing" in p and "市科技局" in p for p in outcome.problems)
    # With its lead taken away, it is exempted.
    rule = O.Override(document=doc.key, measure=doc.measures[0].id, exempt=True, lead=[], index=1)
    assert O.apply(doc, [rule]).document.measures[0].exempt


def test_commands_in_an_empty_folder_say_what_to_run_first(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert "`matrix run`" in one_error(matrix("agencies"))
    assert "`matrix run`" in one_error(matrix("mail", "-o", str(tmp_path)))


def test_help_describes_every_option_and_the_next_step(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert "bundled examples into" not in matrix("--help").output
    shown = matrix("diff", "--help").output
    assert "text: lines to read" in " ".join(shown.split())
    made = matrix("init", "局办")
    assert made.exit_code == 0 and "`cd 局办`" in made.output
    assert not Path("config").exists()


def test_the_command_list_is_never_cut(monkeypatch):
    from matrix import i18n
    for lang in ("en", "zh"):
        i18n.set_language(lang)
        listed = matrix("--help").output.split("\n\n")[-1]
        rows = [l for l in listed.splitlines() if l.startswith("  ")]
        assert len(rows) == len(main.commands), listed
        assert not any(l.rstrip().endswith(("...", "…")) for l in rows), listed


def test_system_errors_are_one_line(project):
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    outbox = project / "output" / "outbox"
    outbox.write_text("a file where the outbox folder goes", encoding="utf-8")
    r = CliRunner().invoke(main, ["mail"])
    assert r.exit_code == 1 and r.stderr.startswith("error: ") and "Traceback" not in r.output
