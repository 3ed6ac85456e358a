"""Shared test fixtures: the bundled examples, the project config, and document variants."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from matrix.config import load as load_config

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))
EXPECTED = ROOT / "tests" / "data" / "expected"


@pytest.fixture(scope="session")
def config():
    return load_config(ROOT / "config")


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the project's config, templates and examples in a temp folder, as cwd."""
    for name in ("config", "templates", "examples"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path
