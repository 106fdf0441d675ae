"""Shared by the live checks: start `postino serve` on a free port base, wait
for text in its output, fail with the whole log; read the server's memory and
CPU time from /proc; derive a lesson with a node changed."""
import atexit
import json
import os
import random
import subprocess
import sys
import tempfile
import time


def derive_scenario(path, node_id, extra_users=(), **fields):
    """A copy of the lesson at `path` whose node `node_id` gets `fields` (e.g. quota_bytes)
    and `extra_users` ((address, password) pairs), in a temporary file removed at exit."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    node = next(n for n in data["nodes"] if n["id"] == node_id)
    node.update(fields)
    node["users"] = node.get("users", []) + [{"address": a, "password": p} for a, p in extra_users]
    fd, out = tempfile.mkstemp(suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
    atexit.register(os.unlink, out)
    return out


class LiveServer:
    def __init__(self, binary, scenario, extra=(), seconds=25, preexec_fn=None, log_limit=200_000):
        self.log_limit = log_limit
        for _ in range(10):
            self.base = random.randrange(20000, 60000 - 600, 1000)
            self.log = tempfile.NamedTemporaryFile(mode="w+", suffix=".log", delete=False).name
            self.proc = subprocess.Popen(
                [binary, "serve", scenario, "--port-base", str(self.base), "--for", str(seconds), *extra],
                stdout=open(self.log, "w"), stderr=subprocess.STDOUT, preexec_fn=preexec_fn)
            if self.wait_for("Ctrl+C", 5, quiet=True):
                return
            self.stop()
        sys.exit("could not start postino serve on any port base")

    def port(self, standard):
        return self.base + standard

    def text(self):
        if not os.path.exists(self.log):
            return ""
        with open(self.log, errors="replace") as f:
            return f.read()

    def wait_for(self, needle, seconds, quiet=False):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if needle in self.text():
                return True
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        if not quiet:
            self.fail(f"{needle!r} did not appear within {seconds} s")
        return False

    def rss_kib(self):
        """The server's resident memory now (VmRSS, KiB)."""
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        self.fail("no VmRSS in /proc/PID/status")

    def cpu_seconds(self):
        """User + system CPU time the server has used so far."""
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def fail(self, message):
        print("FAIL:", message)
        text = self.text()
        if len(text) > self.log_limit:  # a flood test's log: its start and its end are enough
            text = text[:self.log_limit // 2] + "\n[...]\n" + text[-self.log_limit // 2:]
        print(text)
        self.stop()
        sys.exit(1)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        if os.path.exists(self.log):  # a flood test's log is large; its failures printed it already
            os.unlink(self.log)
