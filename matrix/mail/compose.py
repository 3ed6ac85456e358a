"""Templates → an email.message.EmailMessage, ready to write as .eml or to send.

Layout: multipart/mixed [ multipart/alternative [text/plain, text/html], workbook ].
Subject and bodies are Jinja2 templates (mail_subject.txt, mail_body.txt,
mail_body.html; cancel_*.txt/html for a bureau a revision took every task from) from
the user's templates/ folder, else the package defaults, rendered
with StrictUndefined so a misspelt variable is an error rather than a blank in a letter
to a bureau.

The attachment's Chinese file name is written twice, because mail clients disagree:
RFC 2231 `filename*=utf-8''…` in Content-Disposition (Thunderbird, Apple Mail, Gmail)
and an RFC 2047 encoded word in Content-Type's `name` (Outlook, Foxmail, WeCom, which
otherwise show AT00001.bin). The stdlib would encode `name` as RFC 2231 too, and split
long values into filename*0*/filename*1* continuations that some clients do not join,
so these two headers are written by hand and stored raw.
"""
from __future__ import annotations

import base64
import urllib.parse
from datetime import date, datetime, timedelta
from email import policy as email_policy
from email.message import EmailMessage, MIMEPart
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any, Iterable, Optional

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ..config import PACKAGE_DEFAULTS
from ..words import ROLE_WORDS
from ..errors import MatrixError
from ..i18n import _
from .headers import mailbox, one_line
from .plan import Outgoing
from .settings import MailSettings

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUBJECT, BODY_TEXT, BODY_HTML = "mail_subject.txt", "mail_body.txt", "mail_body.html"
# To a bureau a revision took every task from: a notice, not a request for progress.
CANCEL_SUBJECT, CANCEL_TEXT, CANCEL_HTML = "cancel_subject.txt", "cancel_body.txt", "cancel_body.html"
# `mail --remind`: a 催办单 to a bureau that has not reported, or has late tasks.
REMIND_SUBJECT, REMIND_TEXT, REMIND_HTML = "remind_subject.txt", "remind_body.txt", "remind_body.html"

# Serialise with CRLF (what SMTP and .eml readers expect) and leave the raw attachment
# headers as written: refold_source='none' only affects headers stored raw.
WIRE = email_policy.SMTP.clone(refold_source="none")

_EW_BYTES = 45          # 45 bytes → 60 base64 chars: each encoded word stays ≤ 75 chars


def cn_date(d: date | str) -> str:
    """2024年3月1日 for a date or an ISO date string; other strings as they are."""
    if isinstance(d, str):
        try:
            d = date.fromisoformat(d.strip())
        except ValueError:
            return d
    return f"{d.year}年{d.month}月{d.day}日"


def encoded_words(text: str) -> list[str]:
    """RFC 2047 B-encoded words for `text`, never splitting a character across words."""
    words, current = [], ""
    for ch in text:
        if current and len((current + ch).encode("utf-8")) > _EW_BYTES:
            words.append(current)
            current = ch
        else:
            current += ch
    words.append(current)
    return ["=?utf-8?B?" + base64.b64encode(w.encode("utf-8")).decode("ascii") + "?="
            for w in words]


def attachment_part(data: bytes, filename: str, content_type: str = XLSX) -> MIMEPart:
    filename = one_line(filename)
    if not filename:
        raise MatrixError(_("attachment has no file name"))
    quoted = urllib.parse.quote(filename, safe="")
    if len(quoted) > 900:
        # One header line must stay under SMTP's 998-character limit.
        raise MatrixError(_("attachment file name too long for a mail header: {name}").format(
            name=filename))
    part = MIMEPart(policy=email_policy.default)
    if filename.isascii() and '"' not in filename and "\\" not in filename:
        # Plain ASCII needs no encoding: the classic form every client reads.
        name = f'"{filename}"'
        disposition = f"filename={name}"
    else:
        # Folded inside the quotes, one encoded word per line, as Thunderbird writes it.
        name = '"' + "\r\n ".join(encoded_words(filename)) + '"'
        disposition = f"filename*=utf-8''{quoted}"
    part.set_raw("Content-Type", f"{content_type};\r\n name={name}")
    part.set_raw("Content-Disposition", f"attachment;\r\n {disposition}")
    part.set_raw("Content-Transfer-Encoding", "base64")
    part.set_payload(base64.encodebytes(data).decode("ascii"))
    return part


def _text_part(text: str, subtype: str) -> MIMEPart:
    # The SMTP policy makes the encoded text CRLF, MIME's canonical form for text.
    part = MIMEPart(policy=email_policy.SMTP)
    # base64: Chinese text survives any relay, 7-bit or not, and no line is too long.
    part.set_content(text, subtype=subtype, charset="utf-8", cte="base64")
    return part


def cancelled(item: Outgoing) -> list[dict]:
    """The tasks a revision took from the bureau, as its index entry lists them."""
    return [dict(c) for c in item.entry.changes if c.get("cancelled")]


def is_cancellation(item: Outgoing) -> bool:
    """A bureau left with no task and told what it lost: it has nothing to report on."""
    return item.entry.tasks == 0 and bool(cancelled(item))


class Composer:
    """Renders and assembles one message per Outgoing; holds what all messages share."""

    def __init__(self, settings: MailSettings, templates: Optional[Path] = None,
                 due: Optional[date] = None, today: Optional[date] = None,
                 labels: Optional[dict] = None, reminders: Optional[dict[str, dict]] = None):
        self.settings = settings
        # agency → {round, reported, late: [{document, measure, deadline, due, warning}]}
        # when the messages are reminders (`mail --remind`).
        self.reminders = reminders
        # The office's words for the roles (settings.yaml `labels`), as in its workbooks.
        self.labels = {**ROLE_WORDS, **(labels or {})}
        self.today = today or date.today()
        self.due = due or self.today + timedelta(days=settings.due_in_days)
        folders = [str(p) for p in (templates, PACKAGE_DEFAULTS / "templates") if p]
        # Each template is looked up in the user's folder first, then the package's, so
        # a user can override just one of the three. Sandboxed: a template is text an
        # office edits, never a way to run code ({{ cycler.__init__.__globals__… }}).
        self.env = SandboxedEnvironment(
            loader=jinja2.FileSystemLoader(folders, encoding="utf-8"),
            undefined=jinja2.StrictUndefined,
            autoescape=jinja2.select_autoescape(enabled_extensions=("html",),
                                                default_for_string=False, default=False),
            keep_trailing_newline=True,
        )
        self.env.filters["cn_date"] = cn_date

    def context(self, item: Outgoing, changes: Iterable[dict] = ()) -> dict[str, Any]:
        """Everything a template may use. `changes` (for `--changed-only`) is a list of
        mappings with keys change, document, measure, detail; empty when not given."""
        e = item.entry
        s = self.settings.sender
        return {
            "agency": e.agency,
            "address": item.address,
            "lead": e.lead,
            "support": e.support,
            "lead_label": self.labels["lead"],
            "support_label": self.labels["support"],
            "tasks": e.tasks,
            "documents": [dict(d) for d in e.documents],
            "attachment": e.file,
            "due": self.due.isoformat(),
            "due_text": cn_date(self.due),
            "today": self.today.isoformat(),
            "today_text": cn_date(self.today),
            "sender": {"office": s.office, "contact": s.contact, "address": s.address,
                       "reply_to": s.reply_to or s.address},
            "changes": [dict(c) for c in changes],
            "cancelled": cancelled(item),
            "remind": (self.reminders or {}).get(e.agency, {}),
        }

    def render(self, name: str, context: dict[str, Any]) -> str:
        try:
            return self.env.get_template(name).render(context)
        except jinja2.TemplateNotFound:
            raise MatrixError(_("mail template not found: {name}").format(name=name)) from None
        except jinja2.TemplateSyntaxError as err:
            raise MatrixError(_("template error: {error}").format(error=err.message),
                              err.filename or name, err.lineno) from None
        except jinja2.UndefinedError as err:
            where = self.env.get_template(name).filename or name
            raise MatrixError(_("template uses an unknown variable: {error}").format(
                error=err.message), where) from None
        except jinja2.exceptions.SecurityError as err:
            raise MatrixError(_("template does what a mail template may not: {error}").format(
                error=err), self._where(name)) from None
        except UnicodeDecodeError:
            raise MatrixError(_("template is not UTF-8 text; save it as UTF-8"),
                              self._where(name)) from None
        except (ArithmeticError, RecursionError, TypeError, ValueError, LookupError) as err:
            # {{ 1/0 }}, a macro that calls itself, a filter given the wrong thing.
            raise MatrixError(_("template cannot be rendered: {error}").format(
                error=f"{type(err).__name__}: {err}"), self._where(name)) from None

    def _where(self, name: str) -> str:
        for folder in self.env.loader.searchpath:
            if (Path(folder) / name).is_file():
                return str(Path(folder) / name)
        return name

    def compose(self, item: Outgoing, changes: Iterable[dict] = (),
                now: Optional[datetime] = None) -> EmailMessage:
        ctx = self.context(item, changes)
        subject_name, text_name, html_name = (
            (REMIND_SUBJECT, REMIND_TEXT, REMIND_HTML) if self.reminders is not None
            else (CANCEL_SUBJECT, CANCEL_TEXT, CANCEL_HTML) if is_cancellation(item)
            else (SUBJECT, BODY_TEXT, BODY_HTML))
        subject = one_line(self.render(subject_name, ctx))
        if not subject:
            raise MatrixError(_("{template} rendered an empty subject").format(
                template=subject_name))
        s = self.settings.sender

        msg = EmailMessage(policy=email_policy.default)
        # Header objects from headerregistry: the policy encodes non-ASCII (RFC 2047)
        # and refuses line breaks; names were made one line anyway.
        msg["From"] = mailbox(s.office, s.address)
        msg["To"] = mailbox(item.agency, item.address)
        if s.reply_to:
            msg["Reply-To"] = mailbox(s.office, s.reply_to)
        msg["Subject"] = subject
        msg["Date"] = format_datetime((now or datetime.now()).astimezone())
        msg["Message-ID"] = make_msgid(domain=s.address.rsplit("@", 1)[1])
        msg["MIME-Version"] = "1.0"
        msg["Content-Type"] = "multipart/mixed"

        body = MIMEPart(policy=email_policy.default)
        body["Content-Type"] = "multipart/alternative"
        body.attach(_text_part(self.render(text_name, ctx), "plain"))
        body.attach(_text_part(self.render(html_name, ctx), "html"))
        msg.attach(body)
        msg.attach(attachment_part(item.data, item.entry.file))
        return msg


def to_bytes(msg: EmailMessage) -> bytes:
    """The message as sent on the wire and written to .eml: CRLF, ASCII-only headers."""
    return msg.as_bytes(policy=WIRE)
