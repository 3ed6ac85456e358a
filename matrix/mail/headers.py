"""Header safety: no value that reaches a mail header may carry a line break.

Two kinds of input end up in headers. Config values (sender, addresses) are the user's
own: a line break there is a mistake, so it is rejected with a message naming the file.
Agency names come from documents: they are made into one line, since the document is
not the user's to fix and the name only serves as a display name or in the subject.
"""
from __future__ import annotations

import re
from email.headerregistry import Address
from typing import Optional

from ..errors import MatrixError
from ..i18n import N_, _

# CR, LF and every other control character (including the Unicode line/paragraph
# separators some mail software also treats as line breaks).
_BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")
_SPACES = re.compile(r"\s+")

# A deliberately strict address: dot-atom local part and an ASCII domain with at least
# one dot. Quoted local parts and IDN domains are legal but need SMTPUTF8 or quoting
# that some relays mishandle; no bureau address needs them.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_ADDRESS = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+")


def one_line(text: str) -> str:
    """`text` with line breaks and control characters turned into single spaces."""
    return _SPACES.sub(" ", _BREAKS.sub(" ", text)).strip()


def no_breaks(value: str, what: str, where: Optional[str] = None) -> str:
    """Reject a config value that would split a header; return it stripped."""
    if _BREAKS.search(value):
        raise MatrixError(_("{what} must be one line (it contains a line break or control "
                            "character)").format(what=what), where)
    return value.strip()


NOT_AN_ADDRESS = N_("{what}: not a valid e-mail address: {value!r}")


def is_address(value: str) -> bool:
    return len(value) <= 254 and _ADDRESS.fullmatch(value) is not None


def check_address(value: str, what: str, where: Optional[str] = None) -> str:
    """A validated bare address (user@example.org), or a MatrixError naming `what`."""
    value = (value or "").strip()
    if not is_address(value):
        raise MatrixError(_(NOT_AN_ADDRESS).format(what=what, value=value), where)
    # Second opinion from the email package's own parser, so what we validated is
    # exactly what it will put in the header.
    try:
        parsed = Address(addr_spec=value)
    except (ValueError, IndexError):
        raise MatrixError(_(NOT_AN_ADDRESS).format(what=what, value=value), where) from None
    if parsed.addr_spec != value:
        raise MatrixError(_(NOT_AN_ADDRESS).format(what=what, value=value), where)
    return value


def mailbox(display_name: str, address: str) -> Address:
    """An Address header object; the display name is made one line first."""
    return Address(display_name=one_line(display_name), addr_spec=address)
