"""`matrix mail`: e-mail each bureau its task workbook, never the same mail twice.

    settings.py  config/mail.yaml → MailSettings (the password only from the environment)
    plan.py      DIR/agencies/index.yaml + registry + ledger → what to send, to whom
    compose.py   Jinja2 templates → EmailMessage (text + HTML, the workbook attached)
    send.py      SMTP: ssl/starttls/none, login, rate limit, safe reconnects
    ledger.py    DIR/outbox/sent.jsonl: what went out, written as it goes out
    batch.py     write the plan as .eml drafts, or send it
    headers.py   no line breaks in headers; strict address checks

Templating is kept apart from sending, and a run is a dry run unless told to send.
"""
from .batch import Result, Stop, send_all, write_drafts
from .compose import Composer, to_bytes
from .ledger import Ledger
from .plan import Outgoing, Mailing, make_plan
from .send import RateLimiter, Rejected, ServerFailure, Transport
from .settings import PASSWORD_ENV, MailSettings, load as load_settings

__all__ = ["Composer", "Ledger", "MailSettings", "Outgoing", "PASSWORD_ENV", "Mailing",
           "RateLimiter", "Rejected", "Result", "ServerFailure", "Stop", "Transport",
           "load_settings", "make_plan", "send_all", "to_bytes", "write_drafts"]
