#!/usr/bin/env python3
"""Real POP3 clients against `postino serve`: curl's pop3:// lists and
retrieves, fetchmail downloads (keeping the mail on the server), Python's
poplib runs STAT, LIST, UIDL, RETR and DELE; the deletion
takes effect only at QUIT, and a second session then finds an empty mailbox.
Usage: live_pop3_check.py POSTINO_BINARY SCENARIO   (exit 0 = pass)"""
import os
import poplib
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_common import LiveServer  # noqa: E402

USER, PASSWORD = "bob@recipient.example", "builder"


def check_fetchmail(server, fetchmail, port):
    """A scripted, non-interactive fetchmail run in keep mode, delivering to a file."""
    with tempfile.TemporaryDirectory() as home:
        out = os.path.join(home, "mailbox")
        rc = os.path.join(home, "fetchmailrc")
        with open(rc, "w") as f:
            f.write(f"poll 127.0.0.1 protocol pop3 port {port} user '{USER}' password '{PASSWORD}' is 'root' here "
                    f"sslproto '' keep mda \"/bin/sh -c 'cat >> {out}'\"\n")
        os.chmod(rc, 0o600)
        r = subprocess.run([fetchmail, "-f", rc, "--nodetach", "--nosyslog"], capture_output=True, text=True,
                           timeout=30, env={**os.environ, "HOME": home, "FETCHMAILHOME": home})
        if r.returncode != 0 or not os.path.exists(out) or "Subject: Hello Bob" not in open(out).read():
            server.fail(f"fetchmail: status {r.returncode}\n{r.stdout}\n{r.stderr}")


def main():
    server = LiveServer(sys.argv[1], sys.argv[2], ["--node", "mail-recipient"])
    try:
        server.wait_for("INBOX now holds 1 message", 10)  # Alice's mail reaches Bob at ~1.6 s
        port = server.port(110)
        curl = shutil.which("curl")
        if curl:
            listing = subprocess.run([curl, "-sS", f"pop3://127.0.0.1:{port}/", "--user", f"{USER}:{PASSWORD}"],
                                     capture_output=True, text=True, timeout=20)
            if listing.returncode != 0 or not listing.stdout.startswith("1 "):
                server.fail(f"curl pop3:// list: {listing.returncode} {listing.stdout!r} {listing.stderr!r}")
            message = subprocess.run([curl, "-sS", f"pop3://127.0.0.1:{port}/1", "--user", f"{USER}:{PASSWORD}"],
                                     capture_output=True, text=True, timeout=20)
            if "Subject: Hello Bob" not in message.stdout:
                server.fail(f"curl pop3:// retrieve: {message.stdout!r} {message.stderr!r}")

        fetchmail = shutil.which("fetchmail")
        if fetchmail:
            check_fetchmail(server, fetchmail, port)

        pop = poplib.POP3("127.0.0.1", port, timeout=10)
        try:
            pop.user(USER)
            pop.pass_("wrong")
            server.fail("a wrong password was accepted")
        except poplib.error_proto as e:
            if b"[AUTH]" not in e.args[0]:
                server.fail(f"unexpected error for a wrong password: {e}")
        pop.quit()

        pop = poplib.POP3("127.0.0.1", port, timeout=10)
        pop.user(USER)
        pop.pass_(PASSWORD)
        count, size = pop.stat()
        if count != 1 or size <= 0:
            server.fail(f"STAT gave {count} {size}")
        _, listing, _ = pop.list()
        _, uidls, _ = pop.uidl()
        if len(listing) != 1 or len(uidls) != 1:
            server.fail(f"LIST {listing} UIDL {uidls}")
        _, lines, _ = pop.retr(1)
        if b"Subject: Hello Bob" not in lines:
            server.fail(f"RETR did not return Alice's mail: {lines[:12]}")
        pop.dele(1)
        # Before QUIT nothing is gone: a second session is refused (the mailbox is locked).
        other = poplib.POP3("127.0.0.1", port, timeout=10)
        other.user(USER)
        try:
            other.pass_(PASSWORD)
            server.fail("a second POP3 session got the locked mailbox")
        except poplib.error_proto as e:
            if b"IN-USE" not in e.args[0]:
                server.fail(f"expected [IN-USE], got {e}")
        pop.quit()
        server.wait_for("POP3 removed 1 message from the mailbox of bob@recipient.example", 5)

        pop = poplib.POP3("127.0.0.1", port, timeout=10)
        pop.user(USER)
        pop.pass_(PASSWORD)
        if pop.stat()[0] != 0:
            server.fail("the message is still there after DELE and QUIT")
        pop.quit()
        print(f"ok: poplib{' curl' if curl else ''}{' fetchmail' if fetchmail else ''} against the simulated POP3 server")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
