#!/usr/bin/env python3
"""Live mode's limits, as a classroom meets them: idle clients are told goodbye in
their protocol's words and disconnected (an idle POP3 session then frees the mailbox
lock); connections over --max-connections are refused politely (SMTP 421 4.7.0,
IMAP * BYE, POP3 -ERR [SYS/TEMP], HTTP 503); when the server runs out of file
descriptors it waits instead of spinning, and serves again once some are free.
Usage: live_limits_check.py POSTINO_BINARY MAIL_SCENARIO WEBMAIL_SCENARIO   (exit 0 = pass)"""
import http.client
import os
import resource
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_common import LiveServer  # noqa: E402

USER, PASSWORD = "alice@sender.example", "wonderland"


def connect(server, port, timeout=5):
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    return sock, sock.makefile("rb")


def expect_line(server, f, prefix, what):
    line = f.readline()
    if not line.startswith(prefix):
        server.fail(f"{what}: expected {prefix!r}, got {line!r}")
    return line


def expect_closed(server, f, what):
    rest = f.read()  # until the server closes
    if rest:
        server.fail(f"{what}: expected the server to close, got {rest[:200]!r}")


def check_idle(binary, scenario):
    server = LiveServer(binary, scenario, ["--idle-timeout", "1"])
    try:
        sock, f = connect(server, server.port(110))
        expect_line(server, f, b"+OK", "POP3 greeting")
        sock.sendall(f"USER {USER}\r\nPASS {PASSWORD}\r\n".encode())
        expect_line(server, f, b"+OK", "USER")
        expect_line(server, f, b"+OK", "PASS")
        started = time.time()
        expect_line(server, f, b"-ERR Disconnected for inactivity.", "an idle POP3 session")
        expect_closed(server, f, "an idle POP3 session")
        waited = time.time() - started
        if not 0.8 < waited < 4:
            server.fail(f"the idle POP3 session was closed after {waited:.1f} s with --idle-timeout 1")
        sock.close()
        # The mailbox lock went with the session: a new one logs in.
        sock, f = connect(server, server.port(110))
        expect_line(server, f, b"+OK", "POP3 greeting")
        sock.sendall(f"USER {USER}\r\nPASS {PASSWORD}\r\nQUIT\r\n".encode())
        expect_line(server, f, b"+OK", "USER")
        expect_line(server, f, b"+OK", "PASS after an idle session timed out (the lock must be free)")
        sock.close()

        sock, f = connect(server, server.port(25))
        expect_line(server, f, b"220 ", "SMTP greeting")
        expect_line(server, f, b"421 4.4.2 mail.sender.example Error: timeout exceeded", "an idle SMTP session")
        expect_closed(server, f, "an idle SMTP session")
        sock.close()

        sock, f = connect(server, server.port(143))
        expect_line(server, f, b"* OK", "IMAP greeting")
        expect_line(server, f, b"* BYE Disconnected for inactivity.", "an idle IMAP session")
        expect_closed(server, f, "an idle IMAP session")
        sock.close()
        server.wait_for("idle for 1 s: timed out", 2)
    finally:
        server.stop()


def check_connection_limit(binary, scenario):
    server = LiveServer(binary, scenario, ["--max-connections", "2"])
    try:
        for port, greeting, refusal in [
                (25, b"220 ", b"421 4.7.0 mail.sender.example Error: too many connections\r\n"),
                (143, b"* OK", b"* BYE Too many connections\r\n"),
                (110, b"+OK", b"-ERR [SYS/TEMP] Too many connections\r\n")]:
            held = []
            for _ in range(2):
                sock, f = connect(server, server.port(port))
                expect_line(server, f, greeting, f"connection {len(held) + 1} to port {port}")
                held.append(sock)
            sock, f = connect(server, server.port(port))
            line = f.readline()
            if line != refusal:
                server.fail(f"a third connection to port {port}: expected {refusal!r}, got {line!r}")
            expect_closed(server, f, f"a refused connection to port {port}")
            sock.close()
            held.pop().close()
            # Once one has gone, a new connection is served again.
            deadline = time.time() + 3
            while True:
                sock, f = connect(server, server.port(port))
                line = f.readline()
                sock.close()
                if line.startswith(greeting):
                    break
                if time.time() > deadline:
                    server.fail(f"port {port} still refuses after a connection closed: {line!r}")
                time.sleep(0.1)
            for s in held:
                s.close()
        server.wait_for("too many connections (2 open)", 2)
    finally:
        server.stop()


def check_http_limit(binary, scenario):
    server = LiveServer(binary, scenario, ["--node", "webmail", "--max-connections", "1"])
    try:
        first = http.client.HTTPConnection("127.0.0.1", server.port(80), timeout=5)
        first.request("GET", "/")
        r = first.getresponse()
        r.read()
        if r.status != 200:
            server.fail(f"GET / answered {r.status}")
        second = http.client.HTTPConnection("127.0.0.1", server.port(80), timeout=5)
        second.request("GET", "/")
        r = second.getresponse()
        body = r.read()
        if r.status != 503 or b"Too many connections" not in body:
            server.fail(f"a second connection over --max-connections 1: {r.status} {body!r}")
        second.close()
        first.close()
    finally:
        server.stop()


def check_descriptor_exhaustion(binary, scenario):
    def few_descriptors():
        resource.setrlimit(resource.RLIMIT_NOFILE, (32, 32))
    server = LiveServer(binary, scenario, ["--max-connections", "1000"], preexec_fn=few_descriptors)
    clients = []
    try:
        for _ in range(60):  # more than the server can accept: the rest wait in the backlog
            clients.append(socket.create_connection(("127.0.0.1", server.port(143)), timeout=5))
        server.wait_for("cannot accept", 3)
        time.sleep(0.3)
        cpu, wall = server.cpu_seconds(), time.time()
        time.sleep(2)
        busy = (server.cpu_seconds() - cpu) / (time.time() - wall)
        print(f"out of descriptors with 60 clients waiting: the server uses {busy * 100:.0f} % CPU")
        if busy > 0.1:
            server.fail(f"the accept loop spins at {busy * 100:.0f} % CPU when descriptors run out")
        for c in clients:
            c.close()
        clients = []
        deadline = time.time() + 5
        while True:  # the backlog drains, then a new client is served
            sock, f = connect(server, server.port(143))
            try:
                line = f.readline()
            except socket.timeout:
                line = b""
            sock.close()
            if line.startswith(b"* OK"):
                break
            if time.time() > deadline:
                server.fail(f"no IMAP greeting after the descriptors were freed: {line!r}")
            time.sleep(0.2)
    finally:
        for c in clients:
            c.close()
        server.stop()


def main():
    binary, mail_scenario, webmail_scenario = sys.argv[1:4]
    check_idle(binary, mail_scenario)
    check_connection_limit(binary, mail_scenario)
    check_http_limit(binary, webmail_scenario)
    check_descriptor_exhaustion(binary, mail_scenario)
    print("ok: idle timeouts, connection limits and descriptor exhaustion handled")


if __name__ == "__main__":
    main()
