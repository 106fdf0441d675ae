#!/usr/bin/env python3
"""Real HTTP clients against the webmail of `postino serve --node webmail`: curl
logs in with a cookie jar and follows the redirect to the inbox, and a POST
with another site's Origin or Referer gets 403 and does nothing; Python's
http.client reads a message, sends a reply (which the simulated world then
relays to Alice), logs out, and meets the error pages; a raw socket pipelines
two requests and sends garbage.
Usage: live_webmail_check.py POSTINO_BINARY SCENARIO   (exit 0 = pass)"""
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_common import LiveServer  # noqa: E402

USER, PASSWORD = "bob@recipient.example", "builder"


def request(server, port, method, path, body=None, cookie=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {}
    if body is not None:
        body = urllib.parse.urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if cookie:
        headers["Cookie"] = cookie
    conn.request(method, path, body=body, headers=headers)
    r = conn.getresponse()
    data = r.read().decode("utf-8")
    conn.close()
    return r, data


def expect(server, cond, what):
    if not cond:
        server.fail(what)


def check_curl(server, port):
    curl = shutil.which("curl")
    if not curl:
        print("curl not installed: skipping the curl check")
        return
    with tempfile.TemporaryDirectory() as d:
        jar = os.path.join(d, "cookies")
        form = subprocess.run([curl, "-sS", "-c", jar, f"http://127.0.0.1:{port}/"], capture_output=True,
                              text=True, timeout=20)
        expect(server, form.returncode == 0 and 'action="/login"' in form.stdout, f"curl login form: {form}")
        inbox = subprocess.run([curl, "-sS", "-L", "-b", jar, "-c", jar, "--data-urlencode", f"user={USER}",
                                "--data-urlencode", f"password={PASSWORD}", f"http://127.0.0.1:{port}/login"],
                               capture_output=True, text=True, timeout=20)
        expect(server, inbox.returncode == 0 and "Hello Bob" in inbox.stdout and "<h1>Inbox</h1>" in inbox.stdout,
               f"curl login and inbox: {inbox}")
        expect(server, "sid" in open(jar).read(), "curl's cookie jar has no session cookie")
        check_forged_origin(server, port, curl, jar)


def check_forged_origin(server, port, curl, jar):
    """A logged-in browser made to POST by another site (cross-site request forgery): the
    webmail refuses with 403 and does nothing; its own pages (Origin = the address the browser
    used, 127.0.0.1:port) go through."""
    def post(path, header, *fields):
        args = [curl, "-sS", "-b", jar, "-o", "-", "-w", "\n%{http_code}", "-H", header]
        for field in fields:
            args += ["--data-urlencode", field]
        if not fields:
            args += ["--data", ""]
        r = subprocess.run(args + [f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, timeout=20)
        body, _, code = r.stdout.rpartition("\n")
        return code, body

    code, body = post("/send", "Origin: http://evil.example", "to=alice@sender.example", "subject=forged",
                      "body=sent by another site")
    expect(server, code == "403" and "This form was sent from http://evil.example, not from this webmail" in body,
           f"forged Origin on /send: {code} {body[:300]!r}")
    code, _ = post("/logout", "Referer: http://evil.example/trap.html")
    expect(server, code == "403", f"forged Referer on /logout: {code}")
    expect(server, "the webmail submits" not in server.text(), "the forged POST /send submitted a mail")
    inbox = subprocess.run([curl, "-sS", "-b", jar, f"http://127.0.0.1:{port}/inbox"], capture_output=True,
                           text=True, timeout=20)
    expect(server, "<h1>Inbox</h1>" in inbox.stdout, "the forged POST /logout logged the user out")
    code, _ = post("/logout", f"Origin: http://127.0.0.1:{port}")
    expect(server, code == "303", f"the webmail's own POST /logout: {code}")


def check_session(server, port):
    r, page = request(server, port, "POST", "/login", {"user": USER, "password": "wrong"})
    expect(server, r.status == 403 and "Login failed" in page, f"wrong password: {r.status} {page[:300]}")

    r, _ = request(server, port, "POST", "/login", {"user": USER, "password": PASSWORD})
    expect(server, r.status == 303 and r.getheader("Location") == "/inbox", f"login: {r.status}")
    cookie = r.getheader("Set-Cookie").split(";")[0]
    expect(server, cookie.startswith("sid=") and "HttpOnly" in r.getheader("Set-Cookie"), "session cookie")

    r, inbox = request(server, port, "GET", "/inbox", cookie=cookie)
    expect(server, r.status == 200 and r.getheader("Content-Type") == "text/html; charset=utf-8", "inbox page")
    links = re.findall(r'<a href="/message\?uid=(\d+)">([^<]*)</a>', inbox)
    uid = next((u for u, s in links if s == "Hello Bob"), None)
    expect(server, uid is not None, f"no Hello Bob link in {inbox}")

    r, message = request(server, port, "GET", f"/message?uid={uid}", cookie=cookie)
    expect(server, r.status == 200 and "are you free on Friday?" in message, f"message page: {message[:400]}")
    r, inbox = request(server, port, "GET", "/inbox", cookie=cookie)
    expect(server, re.search(r'<tr class="read">[^\n]*Hello Bob', inbox), "Hello Bob not shown read after opening")

    r, _ = request(server, port, "POST", "/send", {"to": "alice@sender.example", "cc": "", "bcc": "",
                                                    "subject": "Καλημέρα from the live webmail",
                                                    "body": "Ciao Alice,\r\nwritten in a real browser.\r\nBob"},
                   cookie=cookie)
    expect(server, r.status == 303 and r.getheader("Location") == "/inbox?sent=1", f"send: {r.status}")
    server.wait_for("delivered to the mailbox of alice@sender.example", 10)

    r, page = request(server, port, "GET", "/nowhere", cookie=cookie)
    expect(server, r.status == 404, f"unknown page: {r.status}")
    r, page = request(server, port, "GET", "/send", cookie=cookie)
    expect(server, r.status == 405 and r.getheader("Allow") == "POST", f"GET /send: {r.status}")
    r, page = request(server, port, "GET", "/message?uid=abc", cookie=cookie)
    expect(server, r.status == 400, f"bad uid: {r.status}")
    r, page = request(server, port, "GET", "/message?uid=999", cookie=cookie)
    expect(server, r.status == 404, f"missing uid: {r.status}")

    r, _ = request(server, port, "POST", "/logout", {}, cookie=cookie)
    expect(server, r.status == 303 and "Max-Age=0" in r.getheader("Set-Cookie"), "logout")
    r, _ = request(server, port, "GET", "/inbox", cookie=cookie)
    expect(server, r.status == 303 and r.getheader("Location") == "/", "old cookie still works after logout")


def check_raw(server, port):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    first, second = data.find(b"HTTP/1.1 200 OK"), data.find(b"HTTP/1.1 404 Not Found")
    expect(server, 0 == first < second, f"pipelined answers out of order: {data[:200]!r}")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(bytes(range(256)) + b"\r\n\r\n")
        data = s.recv(65536)
    expect(server, data.startswith(b"HTTP/1.1 400 Bad Request"), f"garbage: {data[:100]!r}")


def check_unpredictable_cookies(binary, scenario):
    """Two fresh servers of the same lesson (same public seed) log the same user in at the same
    moment: their session cookies must differ (they come from the OS, not from the seed)."""
    servers = [LiveServer(binary, scenario, ["--node", "webmail"]) for _ in range(2)]
    try:
        cookies = []
        for server in servers:
            r, _ = request(server, server.port(80), "POST", "/login", {"user": USER, "password": PASSWORD})
            expect(server, r.status == 303, f"login: {r.status}")
            cookies.append(r.getheader("Set-Cookie").split(";")[0])
        if cookies[0] == cookies[1] or not re.fullmatch(r"sid=[0-9a-f]{32}", cookies[0]):
            servers[0].fail(f"two fresh servers handed out {cookies[0]} and {cookies[1]}")
    finally:
        for server in servers:
            server.stop()


def main():
    check_unpredictable_cookies(sys.argv[1], sys.argv[2])
    server = LiveServer(sys.argv[1], sys.argv[2], ["--node", "webmail"])
    try:
        expect(server, "HTTP" in server.text(), "no HTTP listener line")
        server.wait_for("INBOX now holds 2 messages", 10)  # Alice's two mails reach Bob at ~2.5 s
        port = server.port(80)
        check_curl(server, port)
        check_session(server, port)
        check_raw(server, port)
    finally:
        server.stop()
    print("webmail live check passed")


if __name__ == "__main__":
    main()
