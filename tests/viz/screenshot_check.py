#!/usr/bin/env python3
"""Renders one lesson headless with `postino-viz --screenshot` under Xvfb and checks the
PNG: the asked size, and not blank (many colours, no single colour over 90 % of it).
Usage: screenshot_check.py POSTINO_VIZ SCENARIO OUT.png SECONDS WIDTHxHEIGHT LANG [MORE OPTIONS]"""
import os
import shutil
import struct
import subprocess
import sys
import zlib


def read_png(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour == 6, f"expected 8-bit RGBA, got depth {depth} colour type {colour}"
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride, bpp = zlib.decompress(idat), width * 4, 4
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, rows


def run_headless(viz, args, timeout=120):
    """postino-viz with `args` under Xvfb; None when xvfb-run is missing."""
    xvfb = shutil.which("xvfb-run")
    if not xvfb:
        return None
    # xvfb-run -a takes the first free display from -n on; tests started together would race for the
    # same one, so each starts its search at a display number of its own (and retries once if Xvfb lost).
    for attempt in range(2):
        first_display = str(100 + (os.getpid() * 7 + attempt * 389) % 800)
        r = subprocess.run([xvfb, "-a", "-n", first_display, "-s", "-screen 0 1920x1080x24", viz, *args],
                           capture_output=True, text=True, timeout=timeout)
        if "xvfb-run: error" not in r.stderr:
            break
    return r


def main():
    viz, scenario, out, at, size, lang = sys.argv[1:7]
    extra = [a for a in sys.argv[7:] if a != "--expect-errors"]
    r = run_headless(viz, [scenario, "--at", at, "--size", size, "--lang", lang, "--screenshot", out, *extra])
    if r is None:
        print("xvfb-run is not installed: cannot render without a display")
        return 1
    if "--expect-errors" in sys.argv[7:]:
        # A broken scenario: the window shows the errors, stderr repeats them, the exit status is 2.
        name = scenario.rsplit("/", 1)[-1]
        if r.returncode != 2 or f"{name}:" not in r.stderr:
            print("expected exit status 2 and the file:line:column errors:", r.returncode, r.stdout, r.stderr)
            return 1
        width, height, _ = read_png(out)
        print(f"{out}: {width}x{height}, errors shown: {r.stderr.strip()}")
        return 0 if f"{width}x{height}" == size else 1
    if r.returncode != 0:
        print("postino-viz failed:", r.returncode, r.stdout, r.stderr)
        return 1
    width, height, rows = read_png(out)
    want_w, want_h = map(int, size.split("x"))
    if (width, height) != (want_w, want_h):
        print(f"size {width}x{height}, expected {size}")
        return 1
    counts = {}
    for row in rows[::4]:
        for x in range(0, len(row), 16):
            px = row[x:x + 3]
            counts[px] = counts.get(px, 0) + 1
    total = sum(counts.values())
    top = max(counts.values())
    if len(counts) < 50 or top > 0.9 * total:
        print(f"the picture looks blank: {len(counts)} colours, the commonest covers {100 * top // total} %")
        return 1
    print(f"{out}: {width}x{height}, {len(counts)} colours sampled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
