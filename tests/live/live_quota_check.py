#!/usr/bin/env python3
"""Mailbox quotas with real clients against `postino serve` on a lesson whose
mail server has a 3 MB quota: imaplib APPENDs 1 MiB messages until the mailbox
is full and gets NO [OVERQUOTA]; more APPENDs (synchronizing literals, and
LITERAL+ ones whose data the server must read and drop) are refused too while
the open session keeps none of it; smtplib gets 552 5.2.2 at RCPT (port 25 and
submission), a client without SIZE= gets it at the end of DATA; after an
EXPUNGE the mailbox takes mail again.
Usage: live_quota_check.py POSTINO_BINARY SCENARIO   (exit 0 = pass)"""
import imaplib
import os
import smtplib
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_common import LiveServer, derive_scenario  # noqa: E402

USER, PASSWORD = "bob@recipient.example", "builder"
QUOTA = 3_000_000
MIB = 1 << 20


def message(size, subject="big"):
    head = f"From: bob@recipient.example\r\nSubject: {subject}\r\n\r\n".encode()
    line = b"x" * 76 + b"\r\n"
    return head + line * ((size - len(head)) // len(line))


def raw_appends(server, port, count, size):
    """`count` APPENDs with a LITERAL+ literal of `size` octets (one long line), pipelined on one
    connection: the data is on its way before any answer, so the server must read it; it must
    not keep it. Returns how much the server grew, measured while the session is still open."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as s:
        f = s.makefile("rb")
        f.readline()
        s.sendall(f"l LOGIN {USER} {PASSWORD}\r\n".encode())
        while not f.readline().startswith(b"l "):
            pass
        before = server.rss_kib()
        body = b"Subject: big\r\n\r\n" + b"x" * size
        for i in range(count):
            s.sendall(f"p{i} APPEND INBOX {{{len(body)}+}}\r\n".encode() + body + b"\r\n")
        for i in range(count):
            line = f.readline()
            while line.startswith(b"* "):
                line = f.readline()
            if not line.startswith(f"p{i} NO [OVERQUOTA]".encode()):
                server.fail(f"LITERAL+ APPEND {i} over the quota: {line!r}")
        s.sendall(b"n NOOP\r\n")
        if not f.readline().startswith(b"n OK"):
            server.fail("NOOP after the refused APPENDs")
        growth = server.rss_kib() - before
        s.sendall(b"z LOGOUT\r\n")
        return growth


def main():
    lesson = derive_scenario(sys.argv[2], "mail-recipient", quota_bytes=QUOTA)
    server = LiveServer(sys.argv[1], lesson, ["--node", "mail-recipient"])
    try:
        server.wait_for("INBOX now holds 1 message", 10)  # Alice's first mail, ~1.6 s
        imap = server.port(143)
        a = imaplib.IMAP4("127.0.0.1", imap, timeout=20)
        if a.login(USER, PASSWORD)[0] != "OK":
            server.fail("IMAP LOGIN")

        # Two 1 MiB messages fit in 3 MB with Alice's mail; the third does not.
        results = [a.append("INBOX", None, None, message(MIB)) for _ in range(3)]
        if [r[0] for r in results] != ["OK", "OK", "NO"] or b"[OVERQUOTA]" not in results[2][1][0]:
            server.fail(f"APPENDs up to the quota: {results}")

        # Many more, refused; the server's memory must not follow the bytes sent. imaplib's
        # synchronizing literals are refused before the data is sent; LITERAL+ data arrives
        # anyway and is read and dropped, and the open session keeps none of it.
        rss_before = server.rss_kib()
        for _ in range(20):
            typ, data = a.append("INBOX", None, None, message(MIB))
            if typ != "NO" or b"[OVERQUOTA]" not in data[0]:
                server.fail(f"APPEND over the quota: {typ} {data}")
        growth = server.rss_kib() - rss_before
        if growth > 4 * 1024:
            server.fail(f"20 refused APPENDs of 1 MiB grew the server by {growth} KiB")
        open_growth = raw_appends(server, imap, 3, 20 * MIB)
        if open_growth > 8 * 1024:
            server.fail(f"an open session that sent 60 MiB of refused LITERAL+ APPENDs holds {open_growth} KiB")

        # SMTP: the announced size does not fit: 552 5.2.2 at RCPT, on port 25 and on 587.
        big = message(MIB, "too big").decode()
        with smtplib.SMTP("127.0.0.1", server.port(25), timeout=20) as s:
            try:
                s.sendmail("alice@sender.example", [USER], big)
                server.fail("port 25 took a mail the mailbox has no room for")
            except smtplib.SMTPRecipientsRefused as e:
                code, text = e.recipients[USER]
                if code != 552 or not text.startswith(b"5.2.2 <bob@recipient.example>: Recipient address rejected:"):
                    server.fail(f"port 25 RCPT to a full mailbox: {code} {text}")
        with smtplib.SMTP("127.0.0.1", server.port(587), timeout=20) as s:
            s.login(USER, PASSWORD)
            try:
                s.sendmail(USER, [USER], big)
                server.fail("submission took a mail the mailbox has no room for")
            except smtplib.SMTPRecipientsRefused as e:
                if e.recipients[USER][0] != 552:
                    server.fail(f"submission RCPT to a full mailbox: {e.recipients}")
        # A client that announces no size learns it at the end of DATA; nothing is queued.
        with socket.create_connection(("127.0.0.1", server.port(25)), timeout=20) as s:
            f = s.makefile("rb")
            f.readline()
            s.sendall(b"HELO raw\r\nMAIL FROM:<alice@sender.example>\r\nRCPT TO:<" + USER.encode() + b">\r\nDATA\r\n")
            answers = [f.readline() for _ in range(4)]
            if [x[:3] for x in answers] != [b"250", b"250", b"250", b"354"]:
                server.fail(f"HELO/MAIL/RCPT/DATA: {answers}")
            s.sendall(big.encode().replace(b"\r\n.", b"\r\n..") + b"\r\n.\r\nQUIT\r\n")
            end = f.readline()
            if not end.startswith(b"552 5.2.2 <bob@recipient.example>: Recipient address rejected:"):
                server.fail(f"end of DATA for a full mailbox: {end!r}")

        # Room again after an EXPUNGE: the mailbox takes the next APPEND.
        a.select("INBOX")
        a.store("2:3", "+FLAGS", "\\Deleted")
        a.expunge()
        typ, data = a.append("INBOX", None, None, message(MIB))
        if typ != "OK":
            server.fail(f"APPEND after EXPUNGE freed room: {typ} {data}")
        a.logout()
        print(f"ok: quota refusals over IMAP and SMTP; the server grew by {growth} KiB after 20 MiB of refused "
              f"APPENDs, by {open_growth} KiB after 60 MiB of refused LITERAL+ ones")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
