"""SMTP delivery: connect (ssl / starttls / none), log in, hand over one message at a time.

Knows nothing about agencies or templates: it takes an envelope and bytes. Failures come
back as two kinds, because the batch must react differently:

- Rejected: the server refused this one message (a bad mailbox, a 5xx reply); the
  batch goes on with the next agency and this one is tried again on the next run.
- Deferred (a kind of Rejected): a 4xx reply for this message (450/451/452 anywhere, 421
  at RCPT TO: greylisting, a full mailbox, a recipient's server briefly away); the batch
  goes on and tries this one once more at its end.
- ServerFailure: the connection, TLS or login failed; the batch stops there. `maybe_sent`
  says the connection broke after the message was handed over, so it may have arrived.

A reused connection that turns out dead (an idle timeout, a server that closes after N
messages per connection) is reopened once, but only when the message provably did not
go through: it broke before DATA, or the server answered 421. So a reconnect can never
deliver a message twice.
"""
from __future__ import annotations

import errno
import smtplib
import socket
import ssl
import time
from typing import Callable, Optional

from ..errors import MatrixError
from ..i18n import N_, _
from .settings import SmtpSettings


class Rejected(MatrixError):
    """The server refused this message; others may still go through."""


class Deferred(Rejected):
    """The server said to try this message again later (a 4xx reply)."""


class ServerFailure(MatrixError):
    """The server cannot be used any more in this run."""

    def __init__(self, message: str, maybe_sent: bool = False):
        super().__init__(message)
        self.maybe_sent = maybe_sent


class _Retryable(Exception):
    """Internal: the message did not go through and a fresh connection may help."""


class RateLimiter:
    """At most `per_minute` messages a minute, spaced evenly; 0 = no limit.

    Clock and sleep are parameters so tests can check the spacing without waiting.
    """

    def __init__(self, per_minute: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.interval = 60.0 / per_minute if per_minute > 0 else 0.0
        self.clock, self.sleep = clock, sleep
        self._last: Optional[float] = None

    def wait(self) -> None:
        if self.interval and self._last is not None:
            remaining = self._last + self.interval - self.clock()
            if remaining > 0:
                self.sleep(remaining)
        self._last = self.clock()


def tls_context(settings: SmtpSettings) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=str(settings.ca_file) if settings.ca_file else None)
    if not settings.tls_verify:
        # For a test server with a self-signed certificate; still encrypted, not checked.
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


def _reply(resp: bytes | str) -> str:
    text = resp.decode("utf-8", "replace") if isinstance(resp, bytes) else str(resp)
    return " ".join(text.split())


class Transport:
    """One SMTP session, opened on the first message and reopened when needed."""

    def __init__(self, settings: SmtpSettings, password: Optional[str] = None,
                 limiter: Optional[RateLimiter] = None):
        self.settings = settings
        self.password = password
        self.limiter = limiter or RateLimiter(settings.messages_per_minute)
        self._smtp: Optional[smtplib.SMTP] = None
        self._used = 0               # messages handed over on the current connection

    # -- connection ---------------------------------------------------------------
    def _where(self) -> str:
        return f"{self.settings.host}:{self.settings.port}"

    def open(self) -> None:
        """Connect, secure and log in; raise ServerFailure with a readable reason."""
        s = self.settings
        try:
            if s.security == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout,
                                                      context=tls_context(s))
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            try:
                smtp.ehlo_or_helo_if_needed()
                if s.security == "starttls":
                    if not smtp.has_extn("starttls"):
                        # Never fall back to clear text when encryption was asked for.
                        raise ServerFailure(_("{server} does not offer STARTTLS "
                                              "(smtp.security: starttls)").format(
                                                  server=self._where()))
                    smtp.starttls(context=tls_context(s))
                    smtp.ehlo()
                if s.username:
                    smtp.login(s.username, self.password or "")
            except BaseException:
                smtp.close()
                raise
        except ServerFailure:
            raise
        except smtplib.SMTPAuthenticationError as e:
            raise ServerFailure(_("{server} refused the login for {username!r} "
                                  "({reply})").format(
                server=self._where(), username=s.username,
                reply=f"{e.smtp_code} {_reply(e.smtp_error)}")) from None
        except smtplib.SMTPNotSupportedError as e:
            raise ServerFailure(f"{self._where()}: {e}") from None
        except ssl.SSLCertVerificationError as e:
            raise ServerFailure(_("{server}: the server's certificate is not trusted "
                                  "({reason}); set smtp.ca_file to its CA "
                                  "certificate").format(server=self._where(),
                                                        reason=e.verify_message)) from None
        except (ssl.SSLError, smtplib.SMTPException, OSError) as e:
            raise ServerFailure(_("cannot connect to {server} (smtp: in config/mail.yaml): "
                                  "{reason}").format(server=self._where(),
                                                     reason=_describe(e))) from None
        self._smtp, self._used = smtp, 0

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None

    def _drop(self) -> None:
        if self._smtp is not None:
            self._smtp.close()
            self._smtp = None

    def __enter__(self) -> "Transport":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- sending ------------------------------------------------------------------
    def send(self, sender: str, recipient: str, data: bytes) -> None:
        """Hand one message to the server; return only once it answered 250 to DATA."""
        self.limiter.wait()
        if self._smtp is None:
            self.open()
        reused = self._used > 0
        try:
            self._attempt(sender, recipient, data)
        except _Retryable as first:
            self._drop()
            if not reused:
                raise ServerFailure(str(first)) from None
            # The connection had served before and may simply have been closed by the
            # server (idle or per-connection limit): one fresh try.
            self.open()
            try:
                self._attempt(sender, recipient, data)
            except _Retryable as second:
                self._drop()
                raise ServerFailure(str(second)) from None
        self._used += 1

    def _attempt(self, sender: str, recipient: str, data: bytes) -> None:
        smtp = self._smtp
        assert smtp is not None
        stage = "MAIL FROM"
        try:
            code, resp = smtp.mail(sender)
            self._check(code, resp, stage, (250,))
            stage = "RCPT TO"
            code, resp = smtp.rcpt(recipient)
            self._check(code, resp, stage, (250, 251))
            stage = "DATA"
            code, resp = smtp.data(data)
            self._check(code, resp, stage, (250,))
        except smtplib.SMTPDataError as e:      # no 354 go-ahead: nothing was handed over
            self._check(e.smtp_code, e.smtp_error, stage, ())
        except (smtplib.SMTPServerDisconnected, OSError) as e:
            if stage == "DATA":
                # The text may have reached the server before the line broke.
                self._drop()
                raise ServerFailure(_("the connection to {server} broke while the "
                                      "message was being sent ({reason}); it may or "
                                      "may not have arrived").format(
                                          server=self._where(), reason=_describe(e)),
                                    maybe_sent=True) from None
            raise _Retryable(_("the connection to {server} broke at {stage} "
                               "({reason})").format(server=self._where(), stage=stage,
                                                    reason=_describe(e))) from None

    def _check(self, code: int, resp, stage: str, ok: tuple[int, ...]) -> None:
        if code in ok:
            return
        reply = f"{code} {_reply(resp)}".strip()
        if code == 421 and stage == "RCPT TO":
            # About this recipient only (its domain's server is away); the session may be
            # closing, so the next message gets a fresh one.
            self._drop()
            raise Deferred(_("the server said to try again later at {stage}: {reply}").format(
                stage=stage, reply=reply))
        if code == 421 or code == -1:
            # 421: the server is closing the connection; the message was not taken.
            raise _Retryable(_("{server} closed the connection at {stage}: {reply}").format(
                server=self._where(), stage=stage, reply=reply))
        if code in (530, 538):
            # Authentication (or encryption for it) required: every message would fail.
            self._drop()
            raise ServerFailure(_("{server} requires a login ({reply}): set "
                                  "smtp.username and security in mail.yaml").format(
                                      server=self._where(), reply=reply))
        try:
            self._smtp.rset()   # type: ignore[union-attr]
        except (smtplib.SMTPException, OSError):
            self._drop()
        if 400 <= code < 500:
            raise Deferred(_("the server said to try again later at {stage}: {reply}").format(
                stage=stage, reply=reply))
        raise Rejected(_("the server refused the message at {stage}: {reply}").format(
            stage=stage, reply=reply))


# What went wrong with a connection, in the user's language rather than the system's
# English ("[Errno 111] Connection refused"). Checked in order: subclasses first.
_FAILURES = (
    (socket.timeout, N_("timed out")),
    (ConnectionRefusedError, N_("connection refused")),
    (ConnectionResetError, N_("connection reset by the server")),
    (ConnectionAbortedError, N_("connection aborted")),
    (socket.gaierror, N_("host name not found")),
    (smtplib.SMTPServerDisconnected, N_("the server closed the connection")),
)
_ERRNOS = {errno.ENETUNREACH: N_("network unreachable"),
           errno.EHOSTUNREACH: N_("no route to host")}


def _describe(e: BaseException) -> str:
    for kind, message in _FAILURES:
        if isinstance(e, kind):
            return _(message)
    if isinstance(e, ssl.SSLError):
        reason = getattr(e, "reason", None) or type(e).__name__
        return _("TLS error ({reason})").format(reason=reason)
    if isinstance(e, OSError) and e.errno in _ERRNOS:
        return _(_ERRNOS[e.errno])
    text = str(e) or type(e).__name__
    return " ".join(text.split())
