"""Config files: what a user writes wrong is refused with the file named, not ignored."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from matrix.config import load
from matrix.errors import MatrixError


def write(tmp_path, name, text):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("text,message", [
    ("agencies:\n  - {name: 区财政局, emial: a@b.org}\n", "unknown key 'emial'"),
    ("agencies:\n  - {name: 区财政局}\n  - {name: 区财政局}\n", "listed twice"),
    ("agencies:\n  - {name: 区财政局}\n  - {name: 区科技局, aliases: [区财政局]}\n", "listed twice"),
    ("agencies:\n  - {name: 各镇街, group: yes please}\n", "'group' must be true or false"),
    ("agencies:\n  - {aliases: [x]}\n", "needs a 'name'"),
    ("agencies: [\n", "invalid YAML"),
    ("agencies:\n  - {name: 区财政局, aliases: [~]}\n", "alias 1 is empty"),
    ("agencies:\n  - name: 区财政局\n    aliases:\n      - 财政局\n      -\n", "alias 2 is empty"),
    ("agencies:\n  - {name: 区财政局, aliases: [110]}\n", r"alias 1 is a number \(110\)"),
    ("agencies:\n  - {name: 区财政局, aliases: [[a, b]]}\n", "alias 1 is a list"),
    ("agencies:\n  - {name: 区财政局, aliases: 财政局}\n", "'aliases' must be a list"),
    ("agencies:\n  - {name: 区财政局, email: [a@b.org, c@d.org]}\n", "'email' must be one address"),
    ("agencies:\n  - {name: 区财政局, email: 12345}\n", "'email' must be one address"),
    ("agencies:\n  - {name: '  '}\n", "needs a 'name'"),
])
def test_bad_registry(tmp_path, text, message):
    write(tmp_path, "agencies.yaml", text)
    with pytest.raises(MatrixError, match=message) as e:
        load(tmp_path)
    assert "agencies.yaml" in str(e.value)
    assert re.search(r"agencies\.yaml:\d+: ", str(e.value))      # and the entry's line


@pytest.mark.parametrize("text,message", [
    ("parse:\n  first_listed_lead: true\n", "unknown setting 'parse.first_listed_lead'"),
    ("parse:\n  first_listed_leads: yes please\n", "must be bool"),
    ("outptu: out\n", "unknown setting 'outptu'"),
    ("documents: examples/*.txt\n", "list of file patterns"),
    ("labels: 牵头\n", "'labels' must be a mapping"),
])
def test_bad_settings(tmp_path, text, message):
    write(tmp_path, "settings.yaml", text)
    with pytest.raises(MatrixError, match=message) as e:
        load(tmp_path)
    assert "settings.yaml" in str(e.value)


def test_good_settings_override_defaults(tmp_path):
    write(tmp_path, "settings.yaml", "parse:\n  first_listed_leads: false\nlabels:\n  lead: 主办\n")
    cfg = load(tmp_path)
    assert cfg.first_listed_leads is False
    assert cfg.labels == {"lead": "主办", "support": "配合"}


def test_yaml_error_names_the_line(tmp_path):
    write(tmp_path, "agencies.yaml", "agencies:\n  - {name: 区财政局}\n  - {name: 区科技局\n  - x\n")
    with pytest.raises(MatrixError) as e:
        load(tmp_path)
    assert f"{tmp_path / 'agencies.yaml'}:3: invalid YAML" in str(e.value)


def test_one_source_of_default_settings():
    """What applies with no settings.yaml is the settings.yaml `matrix init` writes; the
    bundled workspace's differs only in where its documents are."""
    import yaml
    from matrix.config import DEFAULT_SETTINGS, PACKAGE_DEFAULTS
    shipped = yaml.safe_load((PACKAGE_DEFAULTS / "config" / "settings.yaml").read_text("utf-8"))
    assert DEFAULT_SETTINGS == shipped
    bundled = yaml.safe_load((Path(__file__).resolve().parents[2] / "config" /
                              "settings.yaml").read_text("utf-8"))
    assert {k: v for k, v in bundled.items() if k != "documents"} == \
        {k: v for k, v in shipped.items() if k != "documents"}


LAUGHS = "".join(f"l{i + 1}: &l{i + 1} [" + ", ".join([f"*l{i}"] * 10) + "]\n" for i in range(9))
BOMBS = {
    "agencies.yaml": "x: &l0 [lol]\n" + LAUGHS + "agencies:\n  - {name: 区财政局, aliases: *l9}\n",
    "settings.yaml": "x: &l0 [lol]\n" + LAUGHS,
    "overrides.yaml": "x: &l0 [lol]\n" + LAUGHS + "overrides: *l9\n",
    "mail.yaml": "x: &l0 [lol]\n" + LAUGHS + "smtp: {host: *l9}\n",
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_anchors_that_expand_beyond_reason_are_refused(tmp_path, name):
    """A billion laughs: ten aliases of ten aliases … nine deep, a billion values."""
    import time
    write(tmp_path, name, BOMBS[name])
    start = time.monotonic()
    with pytest.raises(MatrixError, match="anchors and aliases") as e:
        load(tmp_path)
    assert name in str(e.value)
    assert time.monotonic() - start < 5


def test_an_alias_inside_its_own_anchor_is_refused(tmp_path):
    write(tmp_path, "agencies.yaml", "agencies: &a\n  - {name: 区财政局}\n  - *a\n")
    with pytest.raises(MatrixError, match="anchors and aliases") as e:
        load(tmp_path)
    assert "agencies.yaml" in str(e.value)


def test_a_few_anchors_still_work(tmp_path):
    write(tmp_path, "agencies.yaml", "agencies:\n  - {name: 区财政局, aliases: &a [财政局]}\n"
          "  - {name: 区科技局, aliases: [科技局]}\n")
    write(tmp_path, "settings.yaml", "labels: &l {lead: 主办}\n")
    cfg = load(tmp_path)
    assert cfg.registry.canonical("财政局") == "区财政局"
    assert cfg.labels["lead"] == "主办"
