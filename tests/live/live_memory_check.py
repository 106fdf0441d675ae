#!/usr/bin/env python3
"""Live mode's memory stays bounded: (1) a flood of pipelined SMTP NOOPs on several
connections must not keep every protocol line (the trace keeps a window); (2) a client
that sends IMAP FETCHes of a big message and never reads must not make the server hold
all the replies (backpressure). The server's VmRSS is compared before and after.
Usage: live_memory_check.py POSTINO_BINARY SCENARIO [ROUNDS NOOPS]   (exit 0 = pass)"""
import imaplib
import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_common import LiveServer  # noqa: E402

USER, PASSWORD = "alice@sender.example", "wonderland"
NOOP_GROWTH_LIMIT_KIB = 10 * 1024
STALLED_GROWTH_LIMIT_KIB = 16 * 1024
STALLED_FETCHES = 500


def noop_session(server, count):
    sock = socket.create_connection(("127.0.0.1", server.port(25)), timeout=60)
    f = sock.makefile("rb")
    f.readline()

    def send():
        chunk = b"NOOP\r\n" * 1000
        for _ in range(count // 1000):
            sock.sendall(chunk)
        sock.sendall(b"QUIT\r\n")
    sender = threading.Thread(target=send)
    sender.start()
    replies = 0
    for line in f:
        if not line.startswith(b"250 "):
            break
        replies += 1
    sender.join()
    sock.close()
    if replies != count // 1000 * 1000:
        server.fail(f"{replies} NOOP replies for {count // 1000 * 1000} NOOPs")


def big_message():
    line = "a line of a big message ".ljust(70, "x") + "\r\n"
    return (f"From: {USER}\r\nTo: {USER}\r\nSubject: big\r\n\r\n" + line * 3000).encode()


def stalled_reader(server):
    imap = imaplib.IMAP4("127.0.0.1", server.port(143), timeout=30)
    imap.login(USER, PASSWORD)
    typ, data = imap.append("INBOX", None, None, big_message())
    if typ != "OK":
        server.fail(f"APPEND: {typ} {data}")
    imap.logout()
    time.sleep(0.3)
    before = server.rss_kib()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
    sock.connect(("127.0.0.1", server.port(143)))
    sock.settimeout(30)
    sock.sendall(f'l LOGIN "{USER}" "{PASSWORD}"\r\ns SELECT INBOX\r\n'.encode())
    sock.sendall(b"".join(f"f{k} FETCH 1 BODY.PEEK[]\r\n".encode() for k in range(STALLED_FETCHES)))
    time.sleep(3)  # never reading: ~108 MB of replies wait for this client
    during = server.rss_kib()
    sock.close()
    return before, during


def main():
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    noops = int(sys.argv[4]) if len(sys.argv) > 4 else 200_000
    server = LiveServer(sys.argv[1], sys.argv[2], seconds=60)
    try:
        noop_session(server, 20_000)  # warm-up: the allocator's pools, the first trim
        time.sleep(0.3)
        start = server.rss_kib()
        for _ in range(rounds):
            noop_session(server, noops)
        time.sleep(0.3)
        after = server.rss_kib()
        print(f"{rounds} x {noops} NOOPs: VmRSS {start} KiB -> {after} KiB ({(after - start) / 1024:+.1f} MB)")
        if after - start > NOOP_GROWTH_LIMIT_KIB:
            server.fail(f"the server grew by {(after - start) // 1024} MB over {rounds} x {noops} NOOPs")

        before, during = stalled_reader(server)
        print(f"a client that never reads ({STALLED_FETCHES} FETCHes of a 216 kB message): "
              f"VmRSS {before} KiB -> {during} KiB ({(during - before) / 1024:+.1f} MB)")
        if during - before > STALLED_GROWTH_LIMIT_KIB:
            server.fail(f"the server grew by {(during - before) // 1024} MB for a client that never reads")
        print("ok: memory stays bounded")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
