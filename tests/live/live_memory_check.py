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
    """Sends `count` pipelined NOOPs on one connection; returns the server's VmRSS after the
    last reply, with the connection still open."""
    sock = socket.create_connection(("127.0.0.1", server.port(25)), timeout=60)
    f = sock.makefile("rb")
    f.readline()
    count = count // 1000 * 1000

    def send():
        chunk = b"NOOP\r\n" * 1000
        for _ in range(count // 1000):
            sock.sendall(chunk)
    sender = threading.Thread(target=send)
    sender.start()
    for k in range(count):
        line = f.readline()
        if not line.startswith(b"250 "):
            server.fail(f"NOOP reply {k}: {line!r}")
    sender.join()
    rss = server.rss_kib()
    sock.sendall(b"QUIT\r\n")
    f.readline()
    sock.close()
    return rss


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
        time.sleep(1.2)  # freed memory goes back to the system at most once a second
        start = server.rss_kib()
        peak = max(noop_session(server, noops) for _ in range(rounds))
        time.sleep(1.2)
        after = server.rss_kib()
        print(f"{rounds} x {noops} NOOPs: VmRSS {start} KiB before, at most {peak} KiB at the end of a flood "
              f"({(peak - start) / 1024:+.1f} MB), {after} KiB after")
        if peak - start > NOOP_GROWTH_LIMIT_KIB or after - start > NOOP_GROWTH_LIMIT_KIB:
            server.fail(f"the server grew by {(max(peak, after) - start) // 1024} MB over {rounds} x {noops} NOOPs")

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
