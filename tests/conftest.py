"""Shared test fixtures: the bundled examples, the project config, and document variants."""
from __future__ import annotations

import shutil
from pathlib import Path

import os
import sys

import pytest

# Shared helpers (sample documents, a loopback SMTP server, …) live in tests/helpers/ and
# are imported by name from every test folder.
sys.path.insert(0, str(Path(__file__).resolve().parent / "helpers"))

# Most tests read the messages in English, the language the code writes them in;
# test_i18n.py checks the Chinese ones, which are what users see by default.
os.environ["MATRIX_LANG"] = "en"

from matrix import i18n  # noqa: E402
from matrix.config import load as load_config  # noqa: E402

i18n.set_language("en")

ROOT = Path(__file__).resolve().parent.parent
# The five seeds as received, kept for the tests apart from examples/ (which users may
# change while trying the tool, e.g. by dropping in a revised version).
SEEDS = ROOT / "tests" / "data" / "seeds"
EXAMPLES = sorted(SEEDS.glob("*.txt"))
EXPECTED = ROOT / "tests" / "data" / "expected"


@pytest.fixture(autouse=True)
def english_messages():
    """A test that switches the language gets English back after it."""
    yield
    i18n.set_language("en")


@pytest.fixture(scope="session")
def config():
    return load_config(ROOT / "config")


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the project's config, templates and examples in a temp folder, as cwd."""
    for name in ("config", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copytree(SEEDS, tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path
