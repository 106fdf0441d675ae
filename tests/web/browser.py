"""The page's test harness, Python's standard library only: a copy of the built page served by
http.server from a fresh folder, and Debian's chromium driven headless through the DevTools
protocol on --remote-debugging-pipe (fds 3 and 4, NUL-terminated JSON). No npm, no pip."""
import fcntl
import functools
import http.server
import json
import os
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(SOURCE, "scripts"))
import web_serve  # noqa: E402


class Failure(Exception):
    """A check that does not hold: its message says what was expected and what was found."""


def find_chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    raise Failure("chromium is not installed: on Debian 12 run  apt-get install chromium\n"
                  "(or, as root,  bash scripts/dev.sh test  installs everything the tests need)")


class _Quiet(web_serve.Handler):
    """The README's own server (scripts/web_serve.py: its MIME types), without a log line per request."""
    quiet = True


class Site:
    """A copy of the page's folder in a fresh temporary folder, served on a free loopback port.
    add() puts test files (drive scripts, scenarios) into the copy."""

    def __init__(self, web_dir):
        page = os.path.join(web_dir, "postino.html")
        if not os.path.exists(page):
            raise Failure(f"{page} is missing: build the page first with  bash scripts/dev.sh web-build  "
                          "(ctest runs it as the test 'web: build the page')")
        self.root = tempfile.mkdtemp(prefix="postino-web-")
        self.dir = os.path.join(self.root, "site")
        shutil.copytree(web_dir, self.dir)
        handler = functools.partial(_Quiet, directory=self.dir)
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def add(self, source, name):
        target = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(source, target)

    def write(self, name, text):
        target = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as f:
            f.write(text)

    def url(self, query=""):
        return f"http://127.0.0.1:{self.port}/postino.html" + (f"?{query}" if query else "")

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        shutil.rmtree(self.root, ignore_errors=True)


class Browser:
    """Headless chromium with a fresh profile, one page attached (flat sessions). Console messages
    and uncaught exceptions are kept in `console` for failure messages."""

    def __init__(self, flags=(), width=1280, height=720):
        chromium = find_chromium()
        self.profile = tempfile.mkdtemp(prefix="postino-chromium-")
        to_r, self._to_w = os.pipe()
        self._from_r, from_w = os.pipe()

        def child():  # the protocol's ends at fds 3 (commands in) and 4 (answers out)
            a = fcntl.fcntl(to_r, fcntl.F_DUPFD_CLOEXEC, 10)
            b = fcntl.fcntl(from_w, fcntl.F_DUPFD_CLOEXEC, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.log = open(os.path.join(self.profile, "chromium.log"), "w+")
        command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                   "--disable-background-networking", "--disable-component-update", "--disable-sync",
                   "--disable-extensions", "--remote-debugging-pipe", f"--user-data-dir={self.profile}",
                   f"--window-size={width},{height}", *flags, "about:blank"]
        # close_fds=False: subprocess would close fds 3 and 4 after child() ran (Python's own fds
        # are close-on-exec anyway, so nothing else leaks into chromium).
        self.proc = subprocess.Popen(command, close_fds=False, preexec_fn=child,
                                     stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log)
        os.close(to_r)
        os.close(from_w)
        self._buffer = b""
        self._next = 0
        self._events = []
        self.console = []
        self.session = None
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime"):
            self.call(f"{domain}.enable")
        self.set_size(width, height)

    # --- the protocol
    def _send(self, message):
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._to_w, data):]

    def _read_one(self, deadline):
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self._from_r], [], [], left)
            if not ready:
                return None
            chunk = os.read(self._from_r, 1 << 20)
            if not chunk:
                raise Failure("chromium closed the DevTools pipe (it stopped):\n" + self.chromium_log())
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message = json.loads(raw)
        if message.get("method") == "Runtime.consoleAPICalled":
            p = message["params"]
            self.console.append(f"console.{p['type']}: " + " ".join(
                str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
        elif message.get("method") == "Runtime.exceptionThrown":
            d = message["params"]["exceptionDetails"]
            self.console.append("exception: " + d.get("exception", {}).get("description", d.get("text", "")))
        return message

    def call(self, method, timeout=60, **params):
        self._next += 1
        message = {"id": self._next, "method": method, "params": params}
        if self.session and not method.startswith(("Target.", "Browser.")):
            message["sessionId"] = self.session
        self._send(message)
        deadline = time.monotonic() + timeout
        while True:
            answer = self._read_one(deadline)
            if answer is None:
                raise Failure(f"no answer from chromium to {method} in {timeout} s")
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise Failure(f"{method}: {answer['error'].get('message')} {answer['error'].get('data', '')}")
                return answer.get("result", {})
            if "method" in answer:
                self._events.append(answer)

    def pump(self, seconds):
        """Reads events (console messages) for up to `seconds`."""
        deadline = time.monotonic() + seconds
        while self._read_one(deadline) is not None:
            pass

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise Failure(f"{expression}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    # --- the page
    def set_size(self, width, height, scale=1):
        """The page's viewport in CSS pixels and its device pixel ratio (a window resize for the page)."""
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=scale,
                  mobile=False, screenWidth=width, screenHeight=height)

    def navigate(self, url, timeout=60):
        """Opens `url` and returns once its document replaced the last one (reports are its own)."""
        self.url = url
        self.call("Page.navigate", url=url)
        deadline = time.monotonic() + timeout
        while self.evaluate("location.href") != url:
            if time.monotonic() > deadline:
                raise Failure(f"chromium did not open {url} within {timeout} s")
            self.pump(0.05)

    def report(self):
        """Module.postinoReport: what web_main.cpp and shell.html said so far ({} before anything)."""
        return self.evaluate("(typeof Module === 'object' && Module.postinoReport) ? Module.postinoReport : {}") or {}

    def wait_for(self, key, timeout=120, predicate=None):
        """Polls the report until it has `key` (and predicate(report) holds); its value."""
        deadline = time.monotonic() + timeout
        report = {}
        while time.monotonic() < deadline:
            report = self.report()
            if key in report and (predicate is None or predicate(report)):
                return report[key]
            self.pump(0.25)
        raise Failure(f"the page did not report '{key}' within {timeout} s ({self.url}); it reported {report}")

    def screenshot(self, path):
        import base64
        data = base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"])
        with open(path, "wb") as f:
            f.write(data)
        return path

    def chromium_log(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()[-3000:]

    def close(self):
        try:
            self._send({"id": 0, "method": "Browser.close", "params": {}})
            self.proc.wait(10)
        except Exception:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_w, self._from_r):
            os.close(fd)
        self.log.close()
        shutil.rmtree(self.profile, ignore_errors=True)


def read_png(path):
    """(width, height, rows of RGB bytes) of an 8-bit RGB or RGBA PNG (what chromium writes)."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise Failure(f"{path} is not a PNG file")
    pos, idat = 8, b""
    width = height = bpp = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace:
                raise Failure(f"{path}: expected an 8-bit RGB(A) PNG, got depth {depth} colour type {colour}")
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride = zlib.decompress(idat), width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        if f == 1:
            for x in range(bpp, stride):
                line[x] = (line[x] + line[x - bpp]) & 255
        elif f == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif f in (3, 4):
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b, c = prev[x], prev[x - bpp] if x >= bpp else 0
                if f == 3:
                    line[x] = (line[x] + (a + b) // 2) & 255
                else:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line) if bpp == 3 else bytes(v for k, v in enumerate(line) if k % 4 != 3))
        prev = line
    return width, height, rows


def colours(rows, box=None, step=2):
    """Counts of each RGB colour over a box (x0, y0, x1, y1 as fractions) sampling every `step` pixels."""
    height, width = len(rows), len(rows[0]) // 3
    x0, y0, x1, y1 = box or (0, 0, 1, 1)
    counts = {}
    for y in range(int(y0 * height), int(y1 * height), step):
        row = rows[y]
        for x in range(int(x0 * width), int(x1 * width), step):
            px = row[3 * x:3 * x + 3]
            counts[px] = counts.get(px, 0) + 1
    return counts
