#!/usr/bin/env python3
"""The failed-login delay with real clients against `postino serve`: a wrong
IMAP LOGIN (imaplib), POP3 PASS (poplib) and SMTP AUTH (smtplib) each answer
about 2 s late, and the right login works after it; a client that pipelines
commands behind a wrong password gets every answer once the delay is over,
without sending anything more. The checks run side by side (about 3 s).
Usage: live_auth_delay_check.py POSTINO_BINARY SCENARIO   (exit 0 = pass)"""
import base64
import imaplib
import os
import poplib
import smtplib
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_common import LiveServer, derive_scenario  # noqa: E402

USER, PASSWORD = "bob@recipient.example", "builder"
CAROL, CAROLS = "carol@recipient.example", "lewis"  # a second mailbox: POP3 locks the one it opens
MIN_DELAY, MAX_WAIT = 1.8, 6.0  # Dovecot's auth_failure_delay is 2 s


def timed(call):
    start = time.monotonic()
    try:
        call()
        return None, time.monotonic() - start
    except Exception as e:  # the refusal each client raises
        return e, time.monotonic() - start


def check_delay(what, error, seconds, expected_type, expected_text):
    if not isinstance(error, expected_type) or expected_text not in str(error):
        raise AssertionError(f"{what}: expected {expected_type.__name__} with {expected_text!r}, got {error!r}")
    if not MIN_DELAY <= seconds < MAX_WAIT:
        raise AssertionError(f"{what}: the refusal came after {seconds:.2f} s, not about 2 s")


def imap_login(port):
    a = imaplib.IMAP4("127.0.0.1", port, timeout=10)
    error, seconds = timed(lambda: a.login(USER, "wrong"))
    check_delay("IMAP LOGIN", error, seconds, imaplib.IMAP4.error, "AUTHENTICATIONFAILED")
    if a.login(USER, PASSWORD)[0] != "OK" or a.select("INBOX")[0] != "OK":
        raise AssertionError("IMAP: the right password did not work after a wrong one")
    a.logout()


def pop3_pass(port):
    p = poplib.POP3("127.0.0.1", port, timeout=10)
    p.user(CAROL)
    error, seconds = timed(lambda: p.pass_("wrong"))
    check_delay("POP3 PASS", error, seconds, poplib.error_proto, "[AUTH] Authentication failed.")
    p.user(CAROL)
    if not p.pass_(CAROLS).startswith(b"+OK"):
        raise AssertionError("POP3: the right password did not work after a wrong one")
    p.stat()
    p.quit()


def smtp_auth(port):
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as s:
        s.ehlo("pyclient")
        s.esmtp_features["auth"] = "PLAIN"  # smtplib would try LOGIN after PLAIN: one delay each
        error, seconds = timed(lambda: s.login(USER, "wrong"))
        check_delay("SMTP AUTH", error, seconds, smtplib.SMTPAuthenticationError, "535")
        code, _ = s.login(USER, PASSWORD)
        if code != 235:
            raise AssertionError(f"SMTP: the right password got {code} after a wrong one")


def read_until(sock, needle, what):
    """Reads until `needle` arrives; the client sends nothing meanwhile."""
    sock.settimeout(MAX_WAIT)
    data = b""
    try:
        while needle not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except socket.timeout:
        pass
    if needle not in data:
        raise AssertionError(f"{what}: {needle!r} never came without more input; got {data!r}")
    return data


def pipelined(port, greeting, setup, commands, first_refusal, last_answer, what, later=b""):
    """Sends `commands` in one write after the `setup` exchange (bytes, answer awaited),
    optionally `later` during the delay, and checks the refusal comes about 2 s late and the
    answers after it without more input."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        read_until(sock, greeting, what)
        if setup:
            sock.sendall(setup[0])
            read_until(sock, setup[1], what)
        start = time.monotonic()
        sock.sendall(commands)
        if later:
            time.sleep(0.3)
            sock.sendall(later)
        data = read_until(sock, first_refusal, what)
        refused = time.monotonic() - start
        if not MIN_DELAY <= refused < MAX_WAIT:
            raise AssertionError(f"{what}: the refusal came after {refused:.2f} s")
        data += read_until(sock, last_answer, what) if last_answer not in data else b""
        if data.index(first_refusal) > data.index(last_answer):
            raise AssertionError(f"{what}: answers out of order: {data!r}")


def plain(user, password):
    return base64.b64encode(f"\0{user}\0{password}".encode())


def main():
    lesson = derive_scenario(sys.argv[2], "mail-recipient", extra_users=[(CAROL, CAROLS)])
    server = LiveServer(sys.argv[1], lesson, ["--node", "mail-recipient"])
    try:
        imap, pop3, smtp = server.port(143), server.port(110), server.port(587)
        checks = {
            "imaplib": lambda: imap_login(imap),
            "poplib": lambda: pop3_pass(pop3),
            "smtplib": lambda: smtp_auth(smtp),
            "IMAP pipelined": lambda: pipelined(
                imap, b"IMAP ready", None,
                f"a1 LOGIN {USER} wrong\r\na2 LOGIN {USER} {PASSWORD}\r\na3 NOOP\r\n".encode(),
                b"a1 NO [AUTHENTICATIONFAILED]", b"a3 OK", "IMAP pipelined"),
            "IMAP during the delay": lambda: pipelined(
                imap, b"IMAP ready", None, f"b1 LOGIN {USER} wrong\r\n".encode(),
                b"b1 NO [AUTHENTICATIONFAILED]", b"b2 OK", "IMAP during the delay", later=b"b2 NOOP\r\n"),
            "POP3 pipelined": lambda: pipelined(
                pop3, b"POP3 Postino ready", None,
                f"USER {USER}\r\nPASS wrong\r\nUSER {USER}\r\nPASS {PASSWORD}\r\nSTAT\r\n".encode(),
                b"-ERR [AUTH] Authentication failed.", b"+OK Logged in.\r\n+OK ", "POP3 pipelined"),
            "SMTP pipelined": lambda: pipelined(
                smtp, b"ESMTP Postino", (b"EHLO pipe\r\n", b"250 SMTPUTF8\r\n"),
                b"AUTH PLAIN " + plain(USER, "wrong") + b"\r\nNOOP\r\n",
                b"535 5.7.8", b"250 2.0.0 Ok", "SMTP pipelined"),
        }
        failures = []

        def run(name, check):
            try:
                check()
            except Exception as e:  # reported all together below
                failures.append(f"{name}: {e!r}")

        started = time.monotonic()
        threads = [threading.Thread(target=run, args=item) for item in checks.items()]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if failures:
            server.fail("; ".join(failures))
        print(f"ok: {len(checks)} failed-login checks, side by side in {time.monotonic() - started:.1f} s")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
