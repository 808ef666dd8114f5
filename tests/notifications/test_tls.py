"""STARTTLS and implicit TLS with login, against aiosmtpd with a certificate made here."""

import datetime as dt
import ipaddress
import ssl
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from notifications.delivery import deliver_ready
from notifications.sink import MailSink
from tests.conftest import T0
from tests.notifications.scenario import fan_out
from tests.notifications.test_delivery import rows

LOGIN = ("bdvtu", "mat-khau-thu")


@pytest.fixture(scope="module")
def server_tls(tmp_path_factory: pytest.TempPathFactory) -> ssl.SSLContext:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
        .not_valid_after(dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    folder: Path = tmp_path_factory.mktemp("tls")
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    return ctx


@pytest.mark.parametrize("security", ["starttls", "tls"])
async def test_login_over_tls(engine, session, settings, server_tls, security):
    fan_out(session, 3, T0)
    implicit = security == "tls"
    async with MailSink(tls=server_tls, implicit_tls=implicit, login=LOGIN) as sink:
        secure = settings.model_copy(
            update={
                "smtp_port": sink.port,
                "smtp_security": security,
                "smtp_validate_certs": False,  # self-signed for the test
                "smtp_username": LOGIN[0],
                "smtp_password": "sai-mat-khau",
                "smtp_timeout": 5.0,
            }
        )
        wrong = await deliver_ready(engine, secure, now=T0, worker="a")
        assert (wrong.sent, wrong.failed, wrong.deferred) == (0, 0, 3)  # nothing failed for it
        assert wrong.errors[0].startswith("535")
        assert {(r.status, r.attempts) for r in rows(session)} == {("ready", 0)}

        if not implicit:  # a client that skips STARTTLS is refused before any message
            plain = secure.model_copy(update={"smtp_security": "plain", "smtp_password": ""})
            report = await deliver_ready(engine, plain, now=T0, worker="b")
            assert (report.sent, report.failed, report.deferred) == (0, 0, 3), report

        right = secure.model_copy(update={"smtp_password": LOGIN[1]})
        report = await deliver_ready(engine, right, now=T0, worker="c")
        assert (report.sent, report.failed) == (3, 0)
    assert len(sink.messages) == 3
    assert {r.status for r in rows(session)} == {"sent"}
