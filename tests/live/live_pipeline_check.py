#!/usr/bin/env python3
"""Pipelined clients against `postino serve`: replies must come back whole and
in order however fast the commands arrive. 100 pipelined `FETCH n BODY.PEEK[]`
of ~216 kB messages must all parse and match what was APPENDed; many pipelined
SMTP NOOPs must come back as exact lines, one each.
Usage: live_pipeline_check.py POSTINO_BINARY SCENARIO [NOOPS]   (exit 0 = pass)"""
import imaplib
import os
import re
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_common import LiveServer  # noqa: E402

USER, PASSWORD = "alice@sender.example", "wonderland"
MESSAGES, FETCHES = 20, 100


def body_of(i):
    line = f"line of message {i:03d} ".ljust(70, "x") + "\r\n"
    head = (f"From: {USER}\r\nTo: {USER}\r\nSubject: big {i}\r\n"
            f"Message-ID: <big{i}@sender.example>\r\n\r\n")
    return (head + line * 3000).encode()  # ~216 kB


def read_line(f, server, what):
    line = f.readline()
    if not line:
        server.fail(f"{what}: the connection closed")
    return line


def check_fetches(server):
    imap = imaplib.IMAP4("127.0.0.1", server.port(143), timeout=30)
    imap.login(USER, PASSWORD)
    for i in range(MESSAGES):
        typ, data = imap.append("INBOX", None, None, body_of(i))
        if typ != "OK":
            server.fail(f"APPEND {i}: {typ} {data}")
    imap.logout()

    sock = socket.create_connection(("127.0.0.1", server.port(143)), timeout=30)
    f = sock.makefile("rb")
    read_line(f, server, "greeting")
    sock.sendall(f'l LOGIN "{USER}" "{PASSWORD}"\r\ns SELECT INBOX\r\n'.encode())
    exists = None
    while True:
        line = read_line(f, server, "SELECT")
        m = re.match(rb"\* (\d+) EXISTS", line)
        if m:
            exists = int(m.group(1))
        if line.startswith(b"s "):
            break
    if exists != MESSAGES:
        server.fail(f"INBOX holds {exists} messages, expected {MESSAGES}")
    # One command per write, a little apart, nothing read meanwhile: the server reads them one
    # by one and answers each while its earlier answers still fill the socket.
    for k in range(FETCHES):
        sock.sendall(f"f{k} FETCH {k % MESSAGES + 1} BODY.PEEK[]\r\n".encode())
        time.sleep(0.002)
    good = 0
    for k in range(FETCHES):
        n = k % MESSAGES + 1
        head = read_line(f, server, f"FETCH {k}")
        m = re.fullmatch(rb"\* (\d+) FETCH \(BODY\[\] \{(\d+)\}\r\n", head)
        if not m or int(m.group(1)) != n:
            server.fail(f"response {k}: expected '* {n} FETCH (BODY[] {{...}}', got {head[:120]!r}")
        data = f.read(int(m.group(2)))
        close = read_line(f, server, f"FETCH {k} end")
        tagged = read_line(f, server, f"FETCH {k} tag")
        if data != body_of(n - 1):
            server.fail(f"response {k}: the body of message {n} differs from what was appended")
        if close != b")\r\n" or not tagged.startswith(f"f{k} OK".encode()):
            server.fail(f"response {k}: ends with {close[:80]!r} {tagged[:80]!r}")
        good += 1
    sock.close()
    return good


def check_noops(server, count):
    # A small receive buffer: the server's writes are often partial, as on a slow network.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
    sock.settimeout(60)
    sock.connect(("127.0.0.1", server.port(25)))
    f = sock.makefile("rb")
    read_line(f, server, "SMTP greeting")
    sock.sendall(b"NOOP\r\n")
    expected = read_line(f, server, "first NOOP")
    if not expected.startswith(b"250"):
        server.fail(f"NOOP answered {expected!r}")

    def send():
        chunk = b"NOOP\r\n" * 1000
        for _ in range(count // 1000):
            sock.sendall(chunk)
    sender = threading.Thread(target=send)
    sender.start()
    for k in range(count // 1000 * 1000):
        line = f.readline()
        if line != expected:
            server.fail(f"NOOP reply {k}: expected {expected!r}, got {line[:120]!r}")
    sender.join()
    sock.sendall(b"QUIT\r\n")
    bye = read_line(f, server, "QUIT")
    if not bye.startswith(b"221"):
        server.fail(f"QUIT answered {bye!r} after the NOOPs")
    sock.close()


def main():
    noops = int(sys.argv[3]) if len(sys.argv) > 3 else 200_000
    server = LiveServer(sys.argv[1], sys.argv[2], seconds=50)
    try:
        t0 = time.time()
        good = check_fetches(server)
        t1 = time.time()
        check_noops(server, noops)
        t2 = time.time()
        print(f"ok: {good} of {FETCHES} pipelined FETCH responses whole ({t1 - t0:.1f} s); "
              f"{noops} pipelined NOOPs answered line by line ({t2 - t1:.1f} s)")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
