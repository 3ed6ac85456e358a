"""config/mail.yaml: the SMTP server, the sender, the default due date.

The user's file is laid over the package default, so it only needs the keys it changes.
Everything is checked here, before a message is composed: unknown keys (typos would
otherwise be ignored), values that would break a header, and any password in the file.
The password comes only from the environment (MATRIX_SMTP_PASSWORD).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Optional

from ..config import PACKAGE_DEFAULTS, Config, merge, read_yaml
from ..checks import known_settings
from ..schema import MAIL, SECURITY, allowed
from ..errors import MatrixError
from ..i18n import _
from .headers import check_address, no_breaks

PASSWORD_ENV = "MATRIX_SMTP_PASSWORD"
DEFAULT_FILE = PACKAGE_DEFAULTS / "config" / "mail.yaml"

_KEYS = allowed(MAIL)


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str                 # none | starttls | ssl
    username: str                 # "" = no login
    tls_verify: bool
    ca_file: Optional[Path]
    timeout: float
    messages_per_minute: float    # 0 = no limit


@dataclass(frozen=True)
class Sender:
    address: str
    office: str
    contact: str
    reply_to: str                 # "" = replies go to `address`


@dataclass(frozen=True)
class MailSettings:
    smtp: SmtpSettings
    sender: Sender
    due_in_days: int
    where: str                    # the file they came from, for messages

    def password(self, environ: Mapping[str, str] = os.environ) -> Optional[str]:
        """The SMTP password if a login is configured; checked before anything is sent."""
        if not self.smtp.username:
            return None
        if self.smtp.security == "none":
            # Never send a password in clear text, even to a relay on the same LAN.
            raise MatrixError(_("smtp.username is set but smtp.security is none: use starttls "
                                "or ssl so the password is not sent in clear text"), self.where)
        password = environ.get(PASSWORD_ENV)
        if not password:
            raise MatrixError(_("smtp.username is set: put the password in the environment "
                                "variable {variable}").format(variable=PASSWORD_ENV), self.where)
        return password


def _refuse_passwords(data: Any, where: str, prefix: str = "") -> None:
    """A password in the file is refused before anything else is said about the file."""
    for key, value in (data.items() if isinstance(data, dict) else ()):
        if "password" in str(key).lower():
            raise MatrixError(_("no passwords in files: remove '{key}' and set "
                                "{variable} in the environment instead").format(
                                    key=f"{prefix}{key}", variable=PASSWORD_ENV), where)
        _refuse_passwords(value, where, f"{prefix}{key}.")


def _text(value: Any, what: str, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise MatrixError(_("{what} must be text").format(what=what), where)
    return no_breaks(str(value), what, where)


def _number(value: Any, what: str, where: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise MatrixError(_("{what} must be a number from {low:g} to {high:g}").format(
            what=what, low=low, high=high), where)
    return value


def from_data(data: Any, where: str, base: Optional[Path] = None) -> MailSettings:
    """Check and convert the parsed YAML (already merged over the defaults)."""
    _refuse_passwords(data, where)
    known_settings(data, _KEYS, where)
    smtp, sender = data.get("smtp") or {}, data.get("sender") or {}

    host = _text(smtp.get("host"), "smtp.host", where)
    if not host or " " in host:
        raise MatrixError(_("smtp.host must be a host name or address"), where)
    security = _text(smtp.get("security"), "smtp.security", where).lower() or "none"
    if security not in SECURITY:
        raise MatrixError(_("smtp.security must be one of {choices}").format(
            choices=", ".join(SECURITY)), where)
    tls_verify = smtp.get("tls_verify", True)
    if not isinstance(tls_verify, bool):
        raise MatrixError(_("smtp.tls_verify must be true or false"), where)
    ca_file = _text(smtp.get("ca_file"), "smtp.ca_file", where)
    ca_path = None
    if ca_file:
        # Relative to the folder of mail.yaml, where a relay's certificate is kept.
        ca_path = Path(ca_file) if Path(ca_file).is_absolute() or base is None else base / ca_file
        if not ca_path.is_file():
            raise MatrixError(_("smtp.ca_file not found: {path}").format(path=ca_path), where)

    address = check_address(_text(sender.get("address"), "sender.address", where),
                            "sender.address", where)
    reply_to = _text(sender.get("reply_to"), "sender.reply_to", where)
    if reply_to:
        check_address(reply_to, "sender.reply_to", where)
    due = data.get("due_in_days", 14)
    if isinstance(due, bool) or not isinstance(due, int) or not 0 <= due <= 365:
        raise MatrixError(_("due_in_days must be a whole number of days from 0 to 365"), where)

    return MailSettings(
        smtp=SmtpSettings(
            host=host,
            port=int(_number(smtp.get("port"), "smtp.port", where, 1, 65535)),
            security=security,
            username=_text(smtp.get("username"), "smtp.username", where),
            tls_verify=tls_verify,
            ca_file=ca_path,
            timeout=float(_number(smtp.get("timeout", 30), "smtp.timeout", where, 1, 600)),
            messages_per_minute=float(_number(smtp.get("messages_per_minute", 0),
                                              "smtp.messages_per_minute", where, 0, 6000)),
        ),
        sender=Sender(address=address,
                      office=_text(sender.get("office"), "sender.office", where),
                      contact=_text(sender.get("contact"), "sender.contact", where),
                      reply_to=reply_to),
        due_in_days=due,
        where=where,
    )


def load(cfg: Config) -> MailSettings:
    """The mail settings for `cfg`: its mail.yaml over the package default."""
    defaults = read_yaml(DEFAULT_FILE) or {}
    path = cfg.file("mail.yaml")
    if path is None or path.resolve() == DEFAULT_FILE.resolve():
        return from_data(defaults, str(DEFAULT_FILE), DEFAULT_FILE.parent)
    own = read_yaml(path) or {}
    if not isinstance(own, dict):
        raise MatrixError(_("expected a mapping of mail settings"), str(path))
    return from_data(merge(defaults, own), str(path), path.parent)
