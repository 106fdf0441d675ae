#!/usr/bin/env python3
"""Plays one lesson headless with `postino-viz --check-layout` under Xvfb: at moments spread over
the lesson (packets in flight) and at its end, no node name, mailbox badge or envelope deck on the
map may cover another thing drawn there. Prints what covers what, and when, if any does.
Usage: layout_check.py POSTINO_VIZ SCENARIO WIDTHxHEIGHT LANG MOMENTS"""
import sys

from screenshot_check import run_headless


def main():
    viz, scenario, size, lang, moments = sys.argv[1:6]
    r = run_headless(viz, [scenario, "--size", size, "--lang", lang, "--check-layout", moments], timeout=300)
    if r is None:
        print("xvfb-run is not installed: cannot render without a display")
        return 1
    print(r.stdout, r.stderr, sep="")
    if r.returncode != 0 or "crowded places" not in r.stdout:
        print(f"postino-viz --check-layout failed with status {r.returncode}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
