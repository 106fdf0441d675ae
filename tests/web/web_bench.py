#!/usr/bin/env python3
"""Prints the page's figures in headless chromium (WebGL 2 by SwiftShader, on the CPU: slower than a
real GPU): the first frame of lesson 02 after the navigation started, and frame times at the busiest
moment of lesson 02 and of the 200-node world (tests/viz/big_scenario.py, 20 kB attachments: about 2,000 packets in
flight) through ?bench=N, as the desktop's --bench-frames; with POSTINO_VIZ, the desktop's figures
under xvfb-run beside them. Figures only: no timed assertion (it fails only when nothing is measured).
Usage: web_bench.py WEB_DIR [FRAMES] [POSTINO_VIZ]"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import SOURCE, Browser, Failure, Site  # noqa: E402


def page_figures(site, frames):
    for run in (1, 2):  # each a fresh profile: nothing cached
        browser = Browser(width=1280, height=720)
        try:
            browser.navigate(site.url("lesson=02-cross-domain&lang=en"))
            first = browser.wait_for("firstFrame")
            report = browser.report()
            print(f"page, lesson 02 at 1280x720, run {run}: first frame {first} ms after the navigation started "
                  f"(the program's main() at {report.get('mainStarted')} ms)")
        finally:
            browser.close()
    browser = Browser(width=1280, height=720)
    try:
        browser.navigate(site.url("lesson=02-cross-domain&lang=en&bench=60"))
        print(f"page, lesson 02 at 1280x720, its busiest moment: {browser.wait_for('bench', timeout=600)}")
    finally:
        browser.close()
    browser = Browser(width=1280, height=720)
    try:
        browser.navigate(site.url(f"lesson=files/big.json&lang=en&bench={frames}"))
        bench = browser.wait_for("bench", timeout=900)
        report = browser.report()
        print(f"page, 200-node world at 1280x720: first frame {report.get('firstFrame')} ms after the navigation started")
        print(f"page, 200-node world at 1280x720, the busiest moment: {bench}")
    finally:
        if "bench" not in browser.report():
            print("The page's console:\n  " + "\n  ".join(browser.console[-40:]))
        browser.close()


def desktop_figures(viz, big, frames):
    xvfb = shutil.which("xvfb-run")
    if not (viz and os.path.exists(viz) and xvfb):
        print("desktop figures left out (no postino-viz given, or xvfb-run missing)")
        return
    for name, args in (("lesson 02", [os.path.join(SOURCE, "scenarios", "02-cross-domain.json"), "--bench-frames", "30"]),
                       ("200-node world", [big, "--bench-frames", str(frames)])):
        r = subprocess.run([xvfb, "-a", "-s", "-screen 0 1920x1080x24", viz, *args, "--size", "1280x720"],
                           capture_output=True, text=True, timeout=900)
        for line in (r.stdout + r.stderr).strip().splitlines():
            print(f"desktop (Xvfb, Mesa llvmpipe), {name}: {line}")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    web_dir = sys.argv[1]
    frames = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    viz = sys.argv[3] if len(sys.argv) > 3 else ""
    work = tempfile.mkdtemp(prefix="postino-web-bench-")
    site = None
    try:
        big = os.path.join(work, "big.json")
        subprocess.run([sys.executable, os.path.join(SOURCE, "tests", "viz", "big_scenario.py"), big, "20000"],
                       check=True, stdout=subprocess.DEVNULL)
        site = Site(web_dir)
        site.add(big, "files/big.json")
        page_figures(site, frames)
        desktop_figures(viz, big, frames)
    except Failure as e:
        print(f"FAILED: {e}")
        return 1
    finally:
        if site:
            site.close()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
