"""config/mail.yaml and the mail templates: shipped copies agree, settings are checked."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from matrix.config import load as load_config
from matrix.errors import MatrixError
from matrix.mail import load_settings
from matrix.mail.settings import PASSWORD_ENV

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "matrix" / "defaults"
TEMPLATES = ["mail_subject.txt", "mail_body.txt", "mail_body.html", "cancel_subject.txt",
             "remind_subject.txt", "remind_body.txt", "remind_body.html",
             "cancel_body.txt", "cancel_body.html"]


@pytest.mark.parametrize("name", TEMPLATES)
def test_template_copies_are_identical(name):
    # templates/ is what users edit; the package copy is the fallback when they have none.
    assert (REPO / "templates" / name).read_bytes() == (PACKAGE / "templates" / name).read_bytes()


def test_mail_yaml_copies_are_identical_and_hold_no_password():
    repo = (REPO / "config" / "mail.yaml").read_bytes()
    assert repo == (PACKAGE / "config" / "mail.yaml").read_bytes()
    data = yaml.safe_load(repo)

    def keys(d):
        for k, v in d.items():
            yield k
            if isinstance(v, dict):
                yield from keys(v)
    assert not [k for k in keys(data) if "password" in k.lower()]


def test_shipped_defaults_load():
    s = load_settings(load_config(REPO / "config"))
    assert (s.smtp.host, s.smtp.port, s.smtp.security) == ("localhost", 25, "none")
    assert s.smtp.username == "" and s.smtp.tls_verify is True
    assert s.sender.address and s.sender.office and s.sender.contact
    assert s.due_in_days == 14 and s.smtp.messages_per_minute == 20


def _settings(tmp_path, text):
    cfg = tmp_path / "config"
    cfg.mkdir(exist_ok=True)
    (cfg / "mail.yaml").write_text(text, encoding="utf-8")
    return load_settings(load_config(cfg))


def test_partial_file_is_laid_over_defaults(tmp_path):
    s = _settings(tmp_path, "smtp: {host: mail.example.org, port: 587, security: starttls}\n")
    assert (s.smtp.host, s.smtp.port, s.smtp.security) == ("mail.example.org", 587, "starttls")
    assert s.sender.office == "政府办公室"          # from the package default


@pytest.mark.parametrize("text, message", [
    ("smtp: {password: hunter2}\n", PASSWORD_ENV),
    ("smtp_password: hunter2\n", PASSWORD_ENV),
    ("smtp: {secuirty: ssl}\n", "unknown setting 'smtp.secuirty'"),
    ("smtp: {security: tls}\n", "smtp.security must be one of"),
    ("smtp: {port: 0}\n", "smtp.port"),
    ("smtp: {host: \"a b\"}\n", "smtp.host"),
    ("smtp: {ca_file: missing.pem}\n", "smtp.ca_file not found"),
    ("smtp: {messages_per_minute: -1}\n", "messages_per_minute"),
    ("sender: {address: not-an-address}\n", "sender.address: not a valid e-mail address"),
    ("sender: {contact: \"a\\r\\nBcc: x@example.org\"}\n", "sender.contact must be one line"),
    ("due_in_days: soon\n", "due_in_days"),
])
def test_bad_settings_are_named(tmp_path, text, message):
    with pytest.raises(MatrixError, match=message) as err:
        _settings(tmp_path, text)
    assert "mail.yaml" in str(err.value)


def test_password_only_from_environment(tmp_path):
    s = _settings(tmp_path, "smtp: {username: u, security: starttls}\n")
    assert s.password({PASSWORD_ENV: "pw"}) == "pw"
    with pytest.raises(MatrixError, match=PASSWORD_ENV):
        s.password({})
    assert _settings(tmp_path, "smtp: {username: ''}\n").password({}) is None


def test_ca_file_is_relative_to_the_config_folder(tmp_path):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "relay.pem").write_text("x")
    s = _settings(tmp_path, "smtp: {ca_file: relay.pem}\n")
    assert s.smtp.ca_file == tmp_path / "config" / "relay.pem"
