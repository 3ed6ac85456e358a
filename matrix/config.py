"""The user's settings: `config/` of the current folder (or --config), else built-in defaults.

config/settings.yaml   documents for `run`, output folder, parse conventions, role labels
config/agencies.yaml   the agency registry (see registry.py)
config/mail.yaml       SMTP and sender settings (see mail/)
config/overrides.yaml  manual corrections that survive re-parsing (see overrides.py)
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import yaml

from .checks import known_settings
from .errors import MatrixError
from . import schema as S
from .fileio import read_yaml  # noqa: F401  (the config files are read with it)
from .i18n import _
from .registry import Registry

PACKAGE_DEFAULTS = Path(__file__).parent / "defaults"

def _defaults() -> dict[str, Any]:
    # One source: the settings.yaml `matrix init` copies is what applies when none is given.
    with open(PACKAGE_DEFAULTS / "config" / "settings.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


DEFAULT_SETTINGS: dict[str, Any] = _defaults()


def merge(base: dict, extra: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in (extra or {}).items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = merge(out[k], v)
        else:
            out[k] = v
    return out


def _kind_error(name: str, kind: S.Kind, value: Any) -> str:
    if isinstance(kind, tuple):
        choices = [c for c in kind if c]
        sep = "、" if all(not c.isascii() for c in choices) else ", "
        return _("'{key}' must be one of {choices}, or empty, not {value!r}").format(
            key=name, choices=sep.join(choices), value=value)
    if kind == S.FLAG:
        return _("'{key}' must be bool: true or false").format(key=name)
    if kind == S.TEXTS:
        return _("'{key}' must be a list of file patterns").format(key=name)
    what = _("a number") if kind in (S.WHOLE, S.NUMBER) else _("text")
    return _("'{key}' must be {what}").format(key=name, what=what)


def check_settings(data: dict, where: str) -> None:
    """settings.yaml against schema.SETTINGS: a misspelt key would otherwise be ignored
    without a word, a wrong type fail later and far away."""
    for key, value in data.items():
        if isinstance(S.SETTINGS.get(key), dict) and not isinstance(value, dict):
            raise MatrixError(_("'{key}' must be a mapping").format(key=key), where)
    known_settings(data, S.allowed(S.SETTINGS), where)
    for key, value in data.items():
        kind = S.SETTINGS[key]
        pairs = ([(f"{key}.{sub}", kind[sub], v) for sub, v in value.items()]
                 if isinstance(kind, dict) else [(key, kind, value)])
        for name, k, v in pairs:
            if not S.fits(k, v):
                raise MatrixError(_kind_error(name, k, v), where)


@dataclass
class Config:
    folder: Optional[Path]
    settings: dict[str, Any] = field(default_factory=lambda: copy.deepcopy(DEFAULT_SETTINGS))
    registry: Registry = field(default_factory=Registry)
    overrides: tuple = ()            # overrides.Override, read and checked by load()
    mail: Any = None                 # mail.settings.MailSettings, read and checked by load()

    def file(self, name: str) -> Optional[Path]:
        """A config file by name: the user's if present, else the package default, else None."""
        for folder in (self.folder, PACKAGE_DEFAULTS / "config"):
            if folder and (folder / name).is_file():
                return folder / name
        return None

    def load_file(self, name: str) -> Any:
        path = self.file(name)
        return read_yaml(path) if path else None

    @property
    def labels(self) -> dict[str, str]:
        return self.settings["labels"]

    @property
    def root(self) -> Path:
        """The workspace: the folder that holds config/ (what `matrix init` made), or the
        current folder when there is no config folder. Paths in the settings are read from
        here, wherever the command runs."""
        return self.folder.parent if self.folder is not None else Path(".")

    def path(self, value: str) -> Path:
        """A path from the settings, relative to the workspace."""
        p = Path(value)
        return p if p.is_absolute() else self.root / p

    @property
    def output(self) -> Path:
        """Where commands write by default (settings `output:`)."""
        return self.path(self.settings.get("output") or "output")

    @property
    def tracker(self) -> dict[str, Any]:
        return self.settings["tracker"]

    @property
    def first_listed_leads(self) -> bool:
        return bool(self.settings["parse"].get("first_listed_leads", True))

    @property
    def templates(self) -> Path:
        own = self.path(self.settings.get("templates") or "templates")
        return own if own.is_dir() else PACKAGE_DEFAULTS / "templates"


def load(folder: Optional[Path] = None) -> Config:
    """Load config from `folder`, or ./config if it exists, else built-in defaults."""
    if folder is None:
        folder = Path("config") if Path("config").is_dir() else None
    elif not Path(folder).is_dir():
        raise MatrixError(_("config folder not found"), str(folder))
    cfg = Config(folder=Path(folder) if folder else None)
    settings_path = cfg.folder / "settings.yaml" if cfg.folder else None
    if settings_path and settings_path.is_file():
        data = read_yaml(settings_path) or {}
        if not isinstance(data, dict):
            raise MatrixError(_("expected a mapping of settings"), str(settings_path))
        check_settings(data, str(settings_path))
        cfg.settings = merge(DEFAULT_SETTINGS, data)
    agencies_path = cfg.file("agencies.yaml")
    if agencies_path:
        cfg.registry = Registry.from_data(read_yaml(agencies_path), str(agencies_path))
    # All four files are read and checked here, up front: a misspelt key in overrides.yaml
    # or mail.yaml is said by the first command run, not by the build or the send it spoils.
    from . import overrides
    from .mail.settings import load as load_mail
    overrides_path = cfg.file("overrides.yaml")
    if overrides_path:
        cfg.overrides = tuple(overrides.parse(read_yaml(overrides_path), str(overrides_path)))
    cfg.mail = load_mail(cfg)
    return cfg
