"""Shared by the live checks: start `postino serve` on a free port base, wait
for text in its output, fail with the whole log."""
import random
import subprocess
import sys
import tempfile
import time


class LiveServer:
    def __init__(self, binary, scenario, extra=(), seconds=25):
        for _ in range(10):
            self.base = random.randrange(20000, 60000 - 600, 1000)
            self.log = tempfile.NamedTemporaryFile(mode="w+", suffix=".log", delete=False).name
            self.proc = subprocess.Popen(
                [binary, "serve", scenario, "--port-base", str(self.base), "--for", str(seconds), *extra],
                stdout=open(self.log, "w"), stderr=subprocess.STDOUT)
            if self.wait_for("Ctrl+C", 5, quiet=True):
                return
            self.stop()
        sys.exit("could not start postino serve on any port base")

    def port(self, standard):
        return self.base + standard

    def text(self):
        return open(self.log).read()

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

    def fail(self, message):
        print("FAIL:", message)
        print(self.text())
        self.stop()
        sys.exit(1)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
