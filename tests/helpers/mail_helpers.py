"""Shared pieces for the `matrix mail` tests: a built output folder made by hand (real
.xlsx files and the index.yaml `matrix build` writes), a config folder, a real SMTP
server on loopback (aiosmtpd), a self-signed certificate, and the CLI runner."""
from __future__ import annotations

import asyncio
import hashlib
import io
import shutil
import ssl
import subprocess
import threading
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Optional

import openpyxl
import pytest
import yaml
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner

from matrix.cli import main
from matrix.naming import agency_filename

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# agency, lead, support, e-mail (None = not in the registry's addresses)
AGENCIES = [
    ("区发展改革委", 3, 1, "fgw@yubei.example.org"),
    ("区经济信息委", 2, 0, "jjxxw@yubei.example.org"),
    ("区市场监管局", 0, 2, "scjgj@yubei.example.org"),
    ("区财政局", 1, 4, "czj@yubei.example.org"),
    ("各镇街", 2, 2, None),
]
DOCS = [{"title": "重庆市渝北区促进民营经济高质量发展若干措施", "date": "2024-03-01"},
        {"title": "关于进一步优化营商环境的实施意见", "date": "2024-05-20"}]


def workbook_bytes(agency: str, lead: int, support: int) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "任务清单"
    ws.append([agency])
    ws.append(["文件", "任务", "角色"])
    for i in range(lead):
        ws.append([DOCS[0]["title"], f"牵头任务{i + 1}", "牵头"])
    for i in range(support):
        ws.append([DOCS[1]["title"], f"配合任务{i + 1}", "配合"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_workbook(out: Path, agency: str, lead: int, support: int) -> str:
    """(Re)write one agency's workbook and fix its index entry; returns the new sha256."""
    name = agency_filename(agency)
    data = workbook_bytes(agency, lead, support)
    (out / "agencies" / name).write_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    index_path = out / "agencies" / "index.yaml"
    index = yaml.safe_load(index_path.read_text(encoding="utf-8"))
    for row in index:
        if row["agency"] == agency:
            row.update(lead=lead, support=support, tasks=lead + support, sha256=sha)
    index_path.write_text(yaml.safe_dump(index, allow_unicode=True, sort_keys=False),
                          encoding="utf-8")
    return sha


def make_output(root: Path, agencies=AGENCIES) -> Path:
    """ROOT/output/agencies/*.xlsx + index.yaml, as `matrix build` leaves them."""
    out = root / "output"
    (out / "agencies").mkdir(parents=True)
    index = []
    for agency, lead, support, _ in agencies:
        name = agency_filename(agency)
        data = workbook_bytes(agency, lead, support)
        (out / "agencies" / name).write_bytes(data)
        index.append({"agency": agency, "file": name, "lead": lead, "support": support,
                      "tasks": lead + support, "documents": DOCS,
                      "sha256": hashlib.sha256(data).hexdigest()})
    (out / "agencies" / "index.yaml").write_text(
        yaml.safe_dump(index, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def make_config(root: Path, port: int = 25, agencies=AGENCIES, **smtp) -> Path:
    """ROOT/config with agencies.yaml (the addresses) and mail.yaml (SMTP to `port`)."""
    cfg = root / "config"
    cfg.mkdir(exist_ok=True)
    registry = [{"name": a, **({"email": e} if e else {})} for a, _, _, e in agencies]
    (cfg / "agencies.yaml").write_text(
        yaml.safe_dump({"agencies": registry}, allow_unicode=True), encoding="utf-8")
    mail = {"smtp": {"host": "127.0.0.1", "port": port, "security": "none",
                     "messages_per_minute": 0, "timeout": 5, **smtp},
            "sender": {"address": "duchake@example.org", "office": "区政府办公室",
                       "contact": "督查科 王五 023-00000000"}}
    (cfg / "mail.yaml").write_text(yaml.safe_dump(mail, allow_unicode=True), encoding="utf-8")
    return cfg


def run(root: Path, *args: str, env: Optional[dict] = None):
    """`matrix --config ROOT/config mail -o ROOT/output ARGS…` through click's CliRunner."""
    env = {"MATRIX_SMTP_PASSWORD": None, **(env or {})}
    result = CliRunner().invoke(main, ["--config", str(root / "config"), "mail", "-o",
                                       str(root / "output"), *args], env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def parse(data: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(data)


def attachment(msg: EmailMessage) -> EmailMessage:
    parts = list(msg.iter_attachments())
    assert len(parts) == 1
    return parts[0]


def workbook_agency(part: EmailMessage) -> str:
    """Open the attached bytes with openpyxl; A1 holds the agency the book was made for."""
    wb = openpyxl.load_workbook(io.BytesIO(part.get_content()))
    return wb.active["A1"].value


# -- a real SMTP server ------------------------------------------------------------

@dataclass
class Received:
    mail_from: str
    rcpt_tos: list
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return parse(self.data)


@dataclass
class Recorder:
    """aiosmtpd handler: keeps every accepted message.

    refuse_after: after that many accepted messages, answer 421 and drop the connection
    (a server failing half-way). per_connection: answer 421 and close after that many
    messages on one connection (a server limiting messages per session).
    reject: addresses refused with 550 at RCPT.
    drop_after: after that many accepted messages, cut the line at the end of DATA
    without answering (the client cannot know whether the message arrived).
    defer: {address: (reply, times)}: answer RCPT for that address with the 4xx reply
    the first `times` times (None: always), as greylisting does.
    """
    received: list = field(default_factory=list)
    refuse_after: Optional[int] = None
    per_connection: Optional[int] = None
    reject: set = field(default_factory=set)
    drop_after: Optional[int] = None
    defer: dict = field(default_factory=dict)
    rcpt_seen: list = field(default_factory=list)
    connections: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        if not getattr(session, "counted", False):
            session.counted = True
            session.sent = 0
            with self.lock:
                self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.per_connection is not None and getattr(session, "sent", 0) >= self.per_connection:
            asyncio.get_running_loop().call_soon(server.transport.close)
            return "421 4.7.0 too many messages on this connection"
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpt_seen.append(address)
        if address in self.reject:
            return "550 5.1.1 no such mailbox"
        if address in self.defer:
            reply, times = self.defer[address]
            if times is None or self.rcpt_seen.count(address) <= times:
                return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_after is not None and len(self.received) >= self.refuse_after:
            asyncio.get_running_loop().call_soon(server.transport.close)
            return "421 4.3.2 service shutting down"
        if self.drop_after is not None and len(self.received) >= self.drop_after:
            server.transport.abort()
            return None
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                          bytes(envelope.original_content)))
        session.sent = getattr(session, "sent", 0) + 1
        return "250 OK queued"


class LoopbackController(Controller):
    """aiosmtpd's Controller on an ephemeral port (it only knows fixed ports)."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


USER, PASSWORD = "duchake", "s3cret-pw"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode()
          and auth_data.password == PASSWORD.encode())
    # handled=False: let aiosmtpd answer 535 itself on failure, as a real server does.
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp_server():
    """Start servers on demand: smtp_server(**Controller kwargs) → (controller, recorder)."""
    started = []

    def start(handler: Optional[Recorder] = None, **kwargs):
        handler = handler or Recorder()
        c = LoopbackController(handler, hostname="127.0.0.1", port=0, **kwargs)
        c.start()
        started.append(c)
        return c, handler

    yield start
    for c in started:
        if c._thread is not None:         # a test may have stopped it already
            c.stop()


@pytest.fixture(scope="session")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1/localhost made with the openssl tool."""
    if not shutil.which("openssl"):
        pytest.skip("openssl not installed")
    d = tmp_path_factory.mktemp("tls")
    cert, key = d / "cert.pem", d / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                    "-subj", "/CN=localhost", "-addext",
                    "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


def server_tls_context(certificate) -> ssl.SSLContext:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(*certificate)
    return ctx


def point_mail_at(project: Path, port: int) -> None:
    """Make a project's config/mail.yaml send to the test server on `port`, unthrottled."""
    path = project / "config" / "mail.yaml"
    mail = yaml.safe_load(path.read_text(encoding="utf-8"))
    mail["smtp"].update(host="127.0.0.1", port=port, messages_per_minute=0)
    path.write_text(yaml.safe_dump(mail, allow_unicode=True), encoding="utf-8")
