"""matrix/schema.py: one declaration of every config key, which the shipped defaults and
every reader agree with."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from matrix import overrides, registry, schema as S
from matrix.config import PACKAGE_DEFAULTS, load
from matrix.errors import MatrixError
from matrix.mail import settings as mail_settings

SHIPPED = PACKAGE_DEFAULTS / "config"
BUNDLED = Path(__file__).resolve().parents[2] / "config"


def _conforms(data: dict, schema: dict, prefix: str = "") -> list[str]:
    problems = []
    assert set(data) == set(schema), f"{prefix}: {sorted(set(data) ^ set(schema))}"
    for key, kind in schema.items():
        if isinstance(kind, dict):
            problems += _conforms(data[key], kind, f"{prefix}{key}.")
        elif not S.fits(kind, data[key]):
            problems.append(f"{prefix}{key}: {data[key]!r} is not {kind}")
    return problems


@pytest.mark.parametrize("name,schema", [("settings.yaml", S.SETTINGS), ("mail.yaml", S.MAIL)])
def test_the_shipped_defaults_set_every_key_the_schema_declares_and_no_other(name, schema):
    for folder in (SHIPPED, BUNDLED):
        data = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
        assert _conforms(data, schema) == [], folder / name


def test_the_readers_take_their_keys_from_the_schema():
    assert registry.KEYS == set(S.AGENCY)
    assert overrides.KEYS == set(S.OVERRIDE)
    assert mail_settings._KEYS == S.allowed(S.MAIL)
    # … and every shipped entry of the registry and of overrides uses only those.
    for name, key, schema in (("agencies.yaml", "agencies", S.AGENCY),
                              ("overrides.yaml", "overrides", S.OVERRIDE)):
        data = yaml.safe_load((BUNDLED / name).read_text(encoding="utf-8")) or {}
        for item in (data.get(key) or []):
            if isinstance(item, dict):
                assert set(item) <= set(schema), item
                assert all(S.fits(schema[k], v) for k, v in item.items() if v is not None), item


@pytest.mark.parametrize("text,message", [
    ("group_by: month\n", "'group_by' must be one of year, issuer, folder, or empty"),
    ("suggest:\n  level: 乡\n", "'suggest.level' must be one of 自治区、自治州、省"),
    ("tracker:\n  warn_days: soon\n", "'tracker.warn_days' must be a number"),
    ("tracker:\n  warn_days: true\n", "'tracker.warn_days' must be a number"),
    ("labels:\n  lead: 1\n", "'labels.lead' must be text"),
    ("output: [a, b]\n", "'output' must be text"),
    ("documents: [1, 2]\n", "'documents' must be a list of file patterns"),
    ("parse:\n  first_listed_leads: 1\n", "'parse.first_listed_leads' must be bool"),
])
def test_a_value_of_the_wrong_kind_is_named_with_its_file(tmp_path, text, message):
    (tmp_path / "settings.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(MatrixError, match=message) as e:
        load(tmp_path)
    assert "settings.yaml" in str(e.value)


def test_every_kind_the_schema_uses_is_one_it_knows():
    def kinds(schema):
        for v in schema.values():
            yield from kinds(v) if isinstance(v, dict) else [v]
    for schema in (S.SETTINGS, S.MAIL, S.AGENCY, S.OVERRIDE):
        for kind in kinds(schema):
            S.fits(kind, "")          # raises for a kind it does not know
    with pytest.raises(ValueError):
        S.fits("colour", "red")
