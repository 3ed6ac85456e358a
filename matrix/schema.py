"""Every key of the four config files and what its value must be, declared in one place.

    settings.yaml   SETTINGS        mail.yaml       MAIL
    agencies.yaml   AGENCY (each)   overrides.yaml  OVERRIDE (each)

The readers (config.py, mail/settings.py, registry.py, overrides.py) check what they read
against these, through checks.py, and say what is wrong with the file and its line. The
defaults are the package's own files (matrix/defaults/config/), which must agree with this
(tests/workspace/test_schema.py); what a value means is its reader's business.
"""
from __future__ import annotations

from typing import Any, Union

# What a value may be.
TEXT = "text"
FLAG = "flag"              # true or false
WHOLE = "whole"            # a whole number
NUMBER = "number"          # whole or not
TEXTS = "texts"            # a list of text
NAMES = "names"            # one name, or a list of them

# A tuple of strings: one of these (the empty string: not set).
Kind = Union[str, tuple]
Schema = dict[str, Union[Kind, "Schema"]]

# The levels an office's bureaus can sit at (`suggest.level`), as their names begin.
OFFICE_LEVELS = ("自治区", "自治州", "省", "市", "州", "盟", "区", "县", "旗")
GROUP_BY = ("year", "issuer", "folder")
SECURITY = ("none", "starttls", "ssl")

SETTINGS: Schema = {
    "documents": TEXTS,
    "output": TEXT,
    "templates": TEXT,
    "group_by": ("", *GROUP_BY),
    "parse": {"first_listed_leads": FLAG},
    "labels": {"lead": TEXT, "support": TEXT},
    "tracker": {"warn_days": WHOLE, "overdue": TEXT, "due_soon": TEXT, "silent": TEXT},
    "suggest": {"level": ("", *OFFICE_LEVELS)},
}

MAIL: Schema = {
    "smtp": {"host": TEXT, "port": WHOLE, "security": SECURITY, "username": TEXT,
             "tls_verify": FLAG, "ca_file": TEXT, "timeout": NUMBER,
             "messages_per_minute": NUMBER},
    "sender": {"address": TEXT, "office": TEXT, "contact": TEXT, "reply_to": TEXT},
    "due_in_days": WHOLE,
}

AGENCY: Schema = {"name": TEXT, "aliases": TEXTS, "email": TEXT, "group": FLAG, "duties": NAMES}

OVERRIDE: Schema = {"document": TEXT, "measure": TEXT, "title": TEXT, "lead": NAMES,
                    "support": NAMES, "exempt": FLAG, "note": TEXT}


def allowed(schema: Schema) -> dict[str, Any]:
    """The keys of a settings file: each key → the keys of its own mapping, or None."""
    return {k: set(v) if isinstance(v, dict) else None for k, v in schema.items()}


def fits(kind: Kind, value: Any) -> bool:
    """Whether `value` is of `kind` (a mapping is checked key by key by its reader)."""
    if isinstance(kind, tuple):
        # `group_by:` with nothing after it is YAML's null: not set, as "" is.
        return (value is None and "" in kind) or (isinstance(value, str) and value in kind)
    if kind == TEXT:
        return isinstance(value, str)
    if kind == FLAG:
        return isinstance(value, bool)
    if kind == WHOLE:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == NUMBER:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == TEXTS:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == NAMES:
        return isinstance(value, str) or fits(TEXTS, value)
    raise ValueError(f"no such kind of value: {kind!r}")
