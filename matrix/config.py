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
from .groups import GROUP_BY
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


# The levels an office's bureaus can sit at (`suggest.level`), as their names begin.
OFFICE_LEVELS = ("自治区", "自治州", "省", "市", "州", "盟", "区", "县", "旗")


def check_settings(data: dict, where: str) -> None:
    """A misspelt key would otherwise be ignored without a word: refuse it."""
    for key, value in data.items():
        default = DEFAULT_SETTINGS.get(key)
        if isinstance(default, dict) and not isinstance(value, dict):
            raise MatrixError(_("'{key}' must be a mapping").format(key=key), where)
    known_settings(data, {k: set(v) if isinstance(v, dict) else None
                          for k, v in DEFAULT_SETTINGS.items()}, where)
    for key, value in data.items():
        default = DEFAULT_SETTINGS[key]
        if isinstance(default, dict):
            for sub, v in value.items():
                if not isinstance(v, type(default[sub])):
                    if isinstance(default[sub], bool):
                        raise MatrixError(_("'{key}.{sub}' must be bool: true or false").format(
                            key=key, sub=sub), where)
                    what = _("a number") if isinstance(default[sub], int) else _("text")
                    raise MatrixError(_("'{key}.{sub}' must be {what}").format(
                        key=key, sub=sub, what=what), where)
            if key == "suggest" and value.get("level", "") not in ("", *OFFICE_LEVELS):
                raise MatrixError(_("'suggest.level' must be one of {levels}, or empty").format(
                    levels="、".join(OFFICE_LEVELS)), where)
        elif key == "documents":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise MatrixError(_("'documents' must be a list of file patterns"), where)
        elif not isinstance(value, str):
            raise MatrixError(_("'{key}' must be text").format(key=key), where)
        elif key == "group_by" and value not in ("", *GROUP_BY):
            raise MatrixError(_("'group_by' must be one of {choices}, or empty").format(
                choices=", ".join(GROUP_BY)), where)


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
