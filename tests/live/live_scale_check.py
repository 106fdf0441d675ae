#!/usr/bin/env python3
"""A classroom at once: waves of 200 concurrent real-client sessions, 1,000 in all.
Each session submits a mail with smtplib (AUTH on port 587) and reads with imaplib
(LOGIN, SELECT, FETCH). Nothing may be lost (every mail sent is in the mailbox,
counted over IMAP at the end), and the server's memory after the waves must be
within 20 % of what it was after the first wave (the warm-up).
Usage: live_scale_check.py POSTINO_BINARY SCENARIO [WAVES CONCURRENT]   (exit 0 = pass)"""
import imaplib
import os
import re
import smtplib
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_common import LiveServer  # noqa: E402

USER, PASSWORD = "alice@sender.example", "wonderland"


def count_inbox(server):
    imap = imaplib.IMAP4("127.0.0.1", server.port(143), timeout=30)
    imap.login(USER, PASSWORD)
    typ, data = imap.status("INBOX", "(MESSAGES)")
    imap.logout()
    return int(re.search(rb"MESSAGES (\d+)", data[0]).group(1))


def session(server, number, barrier, errors):
    try:
        with smtplib.SMTP("127.0.0.1", server.port(587), timeout=60) as smtp:
            smtp.login(USER, PASSWORD)
            barrier.wait(timeout=60)  # all of the wave's sessions are open at once here
            body = (f"From: {USER}\r\nTo: {USER}\r\nSubject: classroom mail {number}\r\n"
                    f"Message-ID: <class{number}@sender.example>\r\n\r\nMail number {number}.\r\n")
            refused = smtp.sendmail(USER, [USER], body)
            if refused:
                raise RuntimeError(f"refused: {refused}")
        imap = imaplib.IMAP4("127.0.0.1", server.port(143), timeout=60)
        imap.login(USER, PASSWORD)
        typ, data = imap.select("INBOX", readonly=True)
        if typ != "OK":
            raise RuntimeError(f"SELECT: {typ} {data}")
        typ, data = imap.fetch(data[0].decode(), "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
        if typ != "OK" or b"Subject: classroom mail" not in data[0][1]:
            raise RuntimeError(f"FETCH: {typ} {data!r}")
        imap.logout()
    except Exception as e:  # every failure counts: report them all
        errors.append(f"session {number}: {type(e).__name__}: {e}")


def wave(server, first, concurrent):
    errors = []
    barrier = threading.Barrier(concurrent)
    threads = [threading.Thread(target=session, args=(server, first + i, barrier, errors))
               for i in range(concurrent)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        server.fail(f"{len(errors)} of {concurrent} sessions failed, e.g. {errors[:3]}")


def wait_for_count(server, expected):
    deadline = time.time() + 20
    count = count_inbox(server)
    while count < expected and time.time() < deadline:
        time.sleep(0.2)
        count = count_inbox(server)
    return count


def main():
    waves = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    concurrent = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    server = LiveServer(sys.argv[1], sys.argv[2], seconds=120)
    try:
        started = time.time()
        before = count_inbox(server)
        start_rss = server.rss_kib()
        wave(server, 0, concurrent)  # the warm-up
        wait_for_count(server, before + concurrent)
        time.sleep(1.5)  # the server gives freed memory back at most once a second
        warm_rss = server.rss_kib()
        for w in range(1, waves):
            wave(server, w * concurrent, concurrent)
        total = waves * concurrent
        count = wait_for_count(server, before + total)
        time.sleep(1.5)
        end_rss = server.rss_kib()
        elapsed = time.time() - started
        print(f"{total} sessions in waves of {concurrent}: {count - before} of {total} mails in the INBOX; "
              f"VmRSS {start_rss} KiB at start, {warm_rss} KiB after the warm-up wave, {end_rss} KiB at the end "
              f"({(end_rss - warm_rss) * 100 / warm_rss:+.1f} %); {elapsed:.1f} s")
        if count - before != total:
            server.fail(f"{total} mails sent, {count - before} in the INBOX")
        if end_rss > warm_rss * 1.2:
            server.fail(f"memory grew from {warm_rss} KiB to {end_rss} KiB (more than 20 %)")
        if f"live: the trace keeps" not in server.text():
            server.fail("the trace window was never reached")
        print("ok: nothing lost, memory back within 20 %")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
