#!/usr/bin/env python3
"""Real IMAP clients against `postino serve`: Python's imaplib runs LOGIN,
SELECT, SEARCH, FETCH BODY[], STORE \\Seen, COPY, MOVE, APPEND and IDLE, and a
second session sees the first one's changes; curl's imap:// lists and fetches.
Usage: live_imap_check.py POSTINO_BINARY SCENARIO   (exit 0 = pass)"""
import imaplib
import os
import shutil
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_common import LiveServer  # noqa: E402

USER, PASSWORD = "bob@recipient.example", "builder"


def ok(server, what, result):
    typ, data = result
    if typ != "OK":
        server.fail(f"{what}: {typ} {data}")
    return data


def idle_until(server, port, needle, trigger):
    """Opens a raw IDLE session, runs trigger(), and waits for `needle` in its untagged output."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    f = sock.makefile("rwb", buffering=0)
    f.readline()  # greeting
    f.write(f'i1 LOGIN "{USER}" "{PASSWORD}"\r\n'.encode())
    while not f.readline().startswith(b"i1 "):
        pass
    f.write(b"i2 SELECT INBOX\r\n")
    while not f.readline().startswith(b"i2 "):
        pass
    f.write(b"i3 IDLE\r\n")
    if not f.readline().startswith(b"+ "):
        server.fail("IDLE was not accepted")
    trigger()
    deadline = time.time() + 10
    seen = b""
    sock.settimeout(1)
    while time.time() < deadline and needle not in seen:
        try:
            seen += sock.recv(4096)
        except socket.timeout:
            pass
    f.write(b"DONE\r\n")
    sock.close()
    if needle not in seen:
        server.fail(f"IDLE never reported {needle!r}; got {seen!r}")


def main():
    server = LiveServer(sys.argv[1], sys.argv[2], ["--node", "mail-recipient"])
    try:
        server.wait_for("INBOX now holds 1 message", 10)  # Alice's first mail, ~1.6 s
        port = server.port(143)

        a = imaplib.IMAP4("127.0.0.1", port)
        try:
            a.login(USER, "wrong")
            server.fail("a wrong password was accepted")
        except imaplib.IMAP4.error as e:
            if "AUTHENTICATIONFAILED" not in str(e):
                server.fail(f"unexpected login error: {e}")
        ok(server, "LOGIN", a.login(USER, PASSWORD))
        ok(server, "SELECT", a.select("INBOX"))
        unseen = ok(server, "SEARCH UNSEEN", a.search(None, "UNSEEN"))[0].split()
        if unseen != [b"1"]:
            server.fail(f"SEARCH UNSEEN gave {unseen}")
        data = ok(server, "FETCH", a.fetch("1", "(BODY[])"))
        if b"Subject: Hello Bob" not in data[0][1]:
            server.fail(f"FETCH BODY[] did not return Alice's mail: {data[0][1][:200]!r}")
        flags = ok(server, "FETCH FLAGS", a.fetch("1", "(FLAGS)"))
        if b"\\Seen" not in flags[0]:
            server.fail(f"BODY[] did not set \\Seen: {flags}")

        # A second session sees the first one's flag change and its copy.
        b = imaplib.IMAP4("127.0.0.1", port)
        ok(server, "LOGIN b", b.login(USER, PASSWORD))
        ok(server, "SELECT b", b.select("INBOX"))
        ok(server, "STORE -Seen", a.store("1", "-FLAGS", "\\Seen"))
        ok(server, "NOOP b", b.noop())
        if ok(server, "SEARCH b", b.search(None, "UNSEEN"))[0].split() != [b"1"]:
            server.fail("the second session did not see \\Seen removed")
        ok(server, "STORE +Seen", a.store("1", "+FLAGS", "\\Seen"))
        ok(server, "CREATE", a.create("Friends"))
        ok(server, "COPY", a.copy("1", "Friends"))
        status = ok(server, "STATUS", b.status("Friends", "(MESSAGES)"))
        if b"MESSAGES 1" not in status[0]:
            server.fail(f"STATUS after COPY: {status}")
        ok(server, "APPEND", a.append("Drafts", "(\\Draft)", None,
                                      b"From: bob@recipient.example\r\nSubject: draft\r\n\r\nunfinished\r\n"))
        ok(server, "UID MOVE", a.uid("MOVE", ok(server, "UID SEARCH", a.uid("SEARCH", None, "ALL"))[0].split()[0],
                                     "Friends"))
        if ok(server, "SELECT after MOVE", a.select("INBOX"))[0] != b"0":
            server.fail("INBOX is not empty after MOVE")

        # IDLE: a session waiting in IDLE hears at once about a message another session adds.
        idle_until(server, port, b"* 1 EXISTS", lambda: ok(server, "APPEND INBOX", a.append(
            "INBOX", None, None, b"From: carol@recipient.example\r\nSubject: note\r\n\r\nhi\r\n")))
        for name, session in (("a", a), ("b", b)):
            typ, data = session.logout()  # imaplib hands back the untagged BYE
            if typ != "BYE":
                server.fail(f"LOGOUT {name}: {typ} {data}")

        curl = shutil.which("curl")
        if curl:
            listing = subprocess.run([curl, "-sS", f"imap://127.0.0.1:{port}/", "--user", f"{USER}:{PASSWORD}"],
                                     capture_output=True, text=True, timeout=20)
            if listing.returncode != 0 or "Friends" not in listing.stdout:
                server.fail(f"curl imap:// list: {listing.stdout!r} {listing.stderr!r}")
            msg = subprocess.run([curl, "-sS", f"imap://127.0.0.1:{port}/Friends;UID=1",
                                  "--user", f"{USER}:{PASSWORD}"], capture_output=True, text=True, timeout=20)
            if "Subject: Hello Bob" not in msg.stdout:
                server.fail(f"curl imap:// fetch: {msg.stdout[:200]!r} {msg.stderr!r}")
        print(f"ok: imaplib{' and curl' if curl else ''} against the simulated IMAP server")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
