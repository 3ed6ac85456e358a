"""Load either side of a comparison: a parsed YAML file, or a document parsed on the fly."""
from __future__ import annotations

from pathlib import Path

from . import store
from .config import Config
from .diff import DocumentDiff, diff
from .model import Document
from .parse import parse_file


def load_any(path: Path, config: Config) -> Document:
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        return store.load(path)
    return parse_file(path, config)


def compare(old: Path, new: Path, config: Config) -> DocumentDiff:
    return diff(load_any(old, config), load_any(new, config), config.labels)
