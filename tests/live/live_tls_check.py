#!/usr/bin/env python3
"""Real TLS clients against `postino serve --tls --write-ca FILE`: swaks --tls (STARTTLS on 25,
and on 587 with AUTH inside TLS), curl --ssl-reqd smtp:// and smtps://, Python's smtplib
starttls() and SMTP_SSL on 465, and `openssl s_client` (-starttls smtp on 25, -connect on 465),
each checking the certificate against the CA the server wrote; AUTH before STARTTLS on 587 gets
530 5.7.0; a client checking another host name refuses the certificate, and the server says why;
so does a client given a lesson's "expired" certificate (dated by the wall clock).
Every mail sent inside TLS must be delivered and readable in the mailbox, over POP3 STLS and
POP3_SSL on 995, IMAP STARTTLS and IMAP4_SSL on 993, and curl pop3:// imap:// with --ssl-reqd;
before TLS, POP3 USER and IMAP LOGIN are refused (Dovecot's words). The certificate names mail.recipient.example: clients
connect to 127.0.0.1 with that name (curl --resolve; here socket.create_connection redirected).
Usage: live_tls_check.py POSTINO_BINARY SCENARIO   (exit 0 = pass; SCENARIO: 02-cross-domain)"""
import base64
import imaplib
import os
import poplib
import shutil
import smtplib
import socket
import ssl
import subprocess
import sys
import tempfile
from email import message_from_bytes

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_common import LiveServer, derive_scenario  # noqa: E402

HOST = "mail.recipient.example"
USER, PASSWORD = "bob@recipient.example", "builder"

_create_connection = socket.create_connection


def _to_loopback(address, *args, **kwargs):
    """As curl's --resolve: the server's name goes to 127.0.0.1, and TLS still checks that name."""
    host, port = address[0], address[1]
    return _create_connection(("127.0.0.1" if host == HOST else host, port), *args, **kwargs)


socket.create_connection = _to_loopback


def mail(subject):
    return (f"From: {USER}\r\nTo: {USER}\r\nSubject: {subject}\r\n\r\n"
            f"Sent inside TLS ({subject}).\r\n")


def run(server, what, args, stdin=None, expect_ok=True):
    r = subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=30)
    if expect_ok and r.returncode != 0:
        server.fail(f"{what}: exit {r.returncode}\n{r.stdout}\n{r.stderr}")
    return r


def check_smtplib(server, context, ca):
    # STARTTLS on 587: AUTH is neither offered nor taken before it (530 5.7.0), then both work.
    with smtplib.SMTP(HOST, server.port(587), timeout=10) as s:
        s.ehlo("pyclient")
        if "starttls" not in s.esmtp_features:
            server.fail("submission does not offer STARTTLS")
        if "auth" in s.esmtp_features:
            server.fail("submission offers AUTH before STARTTLS")
        token = base64.b64encode(f"\0{USER}\0{PASSWORD}".encode()).decode()
        code, text = s.docmd("AUTH", "PLAIN " + token)
        if code != 530 or not text.startswith(b"5.7.0"):
            server.fail(f"AUTH before STARTTLS: expected 530 5.7.0, got {code} {text}")
        s.starttls(context=context)
        s.ehlo("pyclient")
        if "auth" not in s.esmtp_features or "starttls" in s.esmtp_features:
            server.fail(f"after STARTTLS: EHLO should offer AUTH and no STARTTLS: {s.esmtp_features}")
        s.login(USER, PASSWORD)
        s.sendmail(USER, [USER], mail("smtplib starttls"))
    # TLS from the first byte on 465 (RFC 8314).
    with smtplib.SMTP_SSL(HOST, server.port(465), context=context, timeout=10) as s:
        s.login(USER, PASSWORD)
        s.sendmail(USER, [USER], mail("smtplib SMTP_SSL"))
    # A client that expects another host name refuses the certificate.
    wrong = ssl.create_default_context(cafile=ca)
    try:
        with socket.create_connection(("127.0.0.1", server.port(465)), timeout=10) as raw:
            with wrong.wrap_socket(raw, server_hostname="mail.sender.example"):
                pass
        server.fail("a certificate for mail.recipient.example was taken for mail.sender.example")
    except ssl.SSLCertVerificationError as e:
        if "mail.sender.example" not in str(e) and "hostname" not in str(e).lower():
            server.fail(f"wrong name refused for another reason: {e}")
    server.wait_for("TLS handshake failed: the client ended the handshake with the alert", 5)


def check_swaks(server, ca):
    swaks = shutil.which("swaks")
    if not swaks:
        print("skip: swaks is not installed")
        return []
    common = [swaks, "--server", "127.0.0.1", "--tls", "--tls-verify", "--tls-ca-path", ca, "--tls-sni", HOST,
              "--from", USER, "--to", USER, "--helo", "swaks.example"]
    r = run(server, "swaks --tls on 25", common + ["--port", str(server.port(25)), "--header", "Subject: swaks 25",
                                                   "--body", "Sent inside TLS (swaks 25)."])
    if "<-  220 2.0.0 Ready to start TLS" not in r.stdout or "=== TLS started" not in r.stdout:
        server.fail(f"swaks on 25 did not start TLS:\n{r.stdout}")
    r = run(server, "swaks --tls --auth on 587",
            common + ["--port", str(server.port(587)), "--auth", "PLAIN", "--auth-user", USER, "--auth-password",
                      PASSWORD, "--header", "Subject: swaks 587", "--body", "Sent inside TLS (swaks 587)."])
    if "235 2.7.0 Authentication successful" not in r.stdout:
        server.fail(f"swaks AUTH inside TLS on 587:\n{r.stdout}")
    return ["swaks 25", "swaks 587"]


def check_curl(server, ca):
    curl = shutil.which("curl")
    if not curl:
        print("skip: curl is not installed")
        return []
    body = tempfile.NamedTemporaryFile(mode="w", suffix=".eml", delete=False)
    body.write(mail("curl smtp starttls"))
    body.close()
    body465 = tempfile.NamedTemporaryFile(mode="w", suffix=".eml", delete=False)
    body465.write(mail("curl smtps"))
    body465.close()
    try:
        for url, port, path in ((f"smtp://{HOST}:{server.port(587)}", 587, body.name),
                                (f"smtps://{HOST}:{server.port(465)}", 465, body465.name)):
            run(server, f"curl {url}",
                [curl, "-sS", "--ssl-reqd", "--cacert", ca, "--resolve", f"{HOST}:{server.port(port)}:127.0.0.1",
                 url, "--user", f"{USER}:{PASSWORD}", "--mail-from", USER, "--mail-rcpt", USER,
                 "--upload-file", path])
        # The same CA, the wrong name: curl refuses.
        r = run(server, "curl with a wrong name",
                [curl, "-sS", "--ssl-reqd", "--cacert", ca, f"smtps://127.0.0.1:{server.port(465)}",
                 "--user", f"{USER}:{PASSWORD}", "--mail-from", USER, "--mail-rcpt", USER,
                 "--upload-file", body.name], expect_ok=False)
        if r.returncode == 0:
            server.fail("curl took the certificate for 127.0.0.1")
    finally:
        os.unlink(body.name)
        os.unlink(body465.name)
    return ["curl smtp starttls", "curl smtps"]


def check_openssl(server, ca):
    openssl = shutil.which("openssl")
    if not openssl:
        print("skip: openssl is not installed")
        return
    base = [openssl, "s_client", "-CAfile", ca, "-verify_return_error", "-servername", HOST, "-verify_hostname",
            HOST, "-crlf", "-brief", "-ign_eof", "-nocommands"]
    r = run(server, "openssl s_client -starttls smtp",
            base + ["-starttls", "smtp", "-connect", f"127.0.0.1:{server.port(25)}"], stdin="QUIT\n")
    if "Verification: OK" not in r.stderr or "221 2.0.0 Bye" not in r.stdout:
        server.fail(f"openssl -starttls smtp:\n{r.stdout}\n{r.stderr}")
    r = run(server, "openssl s_client on 465", base + ["-connect", f"127.0.0.1:{server.port(465)}"],
            stdin="EHLO openssl.example\nQUIT\n")
    if "Verification: OK" not in r.stderr or f"220 {HOST} ESMTP" not in r.stdout or "250-AUTH" not in r.stdout:
        server.fail(f"openssl on 465:\n{r.stdout}\n{r.stderr}")
    r = run(server, "openssl s_client with a wrong name",
            [openssl, "s_client", "-CAfile", ca, "-verify_return_error", "-servername", "mail.other.example",
             "-verify_hostname", "mail.other.example", "-brief", "-connect", f"127.0.0.1:{server.port(465)}"],
            stdin="", expect_ok=False)
    if r.returncode == 0 or "hostname mismatch" not in r.stdout + r.stderr:
        server.fail(f"openssl took the certificate for mail.other.example:\n{r.stdout}\n{r.stderr}")


def read_over_pop3(server, context, expected):
    """Over POP3 STLS and POP3_SSL when offered (else in clear), every subject must be there."""
    pop = poplib.POP3(HOST, server.port(110), timeout=10)
    if "STLS" not in pop.capa():
        server.fail("POP3 on 110 does not offer STLS")
    try:
        pop.user(USER)
        server.fail("POP3 took USER in clear")
    except poplib.error_proto as e:
        if b"Plaintext authentication disallowed" not in e.args[0]:
            server.fail(f"POP3 USER in clear: unexpected answer {e.args[0]!r}")
    pop.stls(context=context)
    pop.user(USER)
    pop.pass_(PASSWORD)
    subjects = set()
    for i in range(1, len(pop.list()[1]) + 1):
        subjects.add(message_from_bytes(b"\r\n".join(pop.retr(i)[1]))["Subject"])
    pop.quit()
    missing = set(expected) - subjects
    if missing:
        server.fail(f"not in the mailbox over POP3: {sorted(missing)} (found {sorted(subjects)})")
    p = poplib.POP3_SSL(HOST, server.port(995), context=context, timeout=10)
    p.user(USER)
    p.pass_(PASSWORD)
    if p.stat()[0] < len(expected):
        server.fail("POP3_SSL sees fewer messages")
    p.quit()
    return True


def read_over_imap(server, context, expected):
    imap = imaplib.IMAP4(HOST, server.port(143), timeout=10)
    if "STARTTLS" not in imap.capabilities or "LOGINDISABLED" not in imap.capabilities:
        server.fail(f"IMAP on 143 offers {imap.capabilities}, not STARTTLS and LOGINDISABLED")
    imap.starttls(ssl_context=context)
    imap.login(USER, PASSWORD)
    imap.select("INBOX", readonly=True)
    _, data = imap.fetch("1:*", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
    subjects = {message_from_bytes(part[1])["Subject"] for part in data if isinstance(part, tuple)}
    imap.logout()
    missing = set(expected) - subjects
    if missing:
        server.fail(f"not in the mailbox over IMAP: {sorted(missing)} (found {sorted(subjects)})")
    i = imaplib.IMAP4_SSL(HOST, server.port(993), ssl_context=context, timeout=10)
    i.login(USER, PASSWORD)
    i.select("INBOX", readonly=True)
    if int(i.search(None, "ALL")[1][0].split()[-1]) < len(expected):
        server.fail("IMAP4_SSL sees fewer messages")
    i.logout()
    return True


def check_curl_download(server, ca, pop3_tls, imap_tls):
    curl = shutil.which("curl")
    if not curl:
        return
    for scheme, port, offered in (("pop3", 110, pop3_tls), ("imap", 143, imap_tls)):
        if not offered:
            server.fail(f"{scheme} does not offer TLS")
        url = f"{scheme}://{HOST}:{server.port(port)}/" + ("1" if scheme == "pop3" else "INBOX;UID=1")
        r = run(server, f"curl --ssl-reqd {scheme}://",
                [curl, "-sS", "--ssl-reqd", "--cacert", ca, "--resolve", f"{HOST}:{server.port(port)}:127.0.0.1",
                 url, "--user", f"{USER}:{PASSWORD}"])
        if "Subject:" not in r.stdout:
            server.fail(f"curl --ssl-reqd {scheme}:// read no message: {r.stdout!r}")


def check_expired_fault(binary, lesson):
    """The lesson's "certificate": "expired" holds for real clients: dated by the wall clock, the
    certificate ended yesterday, the client refuses it and the server says so."""
    derived = derive_scenario(lesson, "mail-recipient", tls={"certificate": "expired"})
    ca_dir = tempfile.mkdtemp()
    ca = os.path.join(ca_dir, "ca.pem")
    server = LiveServer(binary, derived, ["--node", "mail-recipient", "--write-ca", ca], seconds=20)
    try:
        context = ssl.create_default_context(cafile=ca)
        try:
            with smtplib.SMTP_SSL(HOST, server.port(465), context=context, timeout=10):
                pass
            server.fail("an expired certificate was taken")
        except ssl.SSLCertVerificationError as e:
            if "expired" not in str(e):
                server.fail(f"the expired certificate was refused for another reason: {e}")
        server.wait_for("TLS handshake failed: the client ended the handshake with the alert certificate_expired", 5)
    finally:
        server.stop()
        shutil.rmtree(ca_dir, ignore_errors=True)


def main():
    ca_dir = tempfile.mkdtemp()
    ca = os.path.join(ca_dir, "postino-ca.pem")
    server = LiveServer(sys.argv[1], sys.argv[2], ["--node", "mail-recipient", "--tls", "--write-ca", ca],
                        seconds=60)
    try:
        text = server.text()
        if f"SMTP submission (TLS) listening on 127.0.0.1:{server.port(465)}  ({HOST} port 465)" not in text:
            server.fail("no implicit-TLS submission port 465 is listed")
        if f"the CA's certificate is written to {ca}" not in text:
            server.fail("serve did not say where the CA certificate went")
        with open(ca) as f:
            if not f.read().startswith("-----BEGIN CERTIFICATE-----"):
                server.fail("the written CA is not a PEM certificate")
        server.wait_for("INBOX now holds 1 message", 10)  # Alice's mail from the lesson
        context = ssl.create_default_context(cafile=ca)

        check_smtplib(server, context, ca)
        sent = ["smtplib starttls", "smtplib SMTP_SSL"]
        sent += check_swaks(server, ca)
        sent += check_curl(server, ca)
        check_openssl(server, ca)

        server.wait_for(f"INBOX now holds {1 + len(sent)} messages", 10)
        text = server.text()
        for needle in ("TLS handshake done: TLS 1.3", "C: [TLS] AUTH PLAIN", "S: [TLS] 235 2.7.0"):
            if needle not in text:
                server.fail(f"the console does not show {needle!r}")
        pop3_tls = read_over_pop3(server, context, sent)
        imap_tls = read_over_imap(server, context, sent)
        check_curl_download(server, ca, pop3_tls, imap_tls)
        check_expired_fault(sys.argv[1], sys.argv[2])
        print(f"ok: {len(sent)} mails sent inside TLS ({', '.join(sent)}) delivered and read back "
              f"(POP3 {'in TLS' if pop3_tls else 'in clear'}, IMAP {'in TLS' if imap_tls else 'in clear'}); "
              "openssl s_client verified; wrong names and an expired certificate refused")
    finally:
        server.stop()
        shutil.rmtree(ca_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
