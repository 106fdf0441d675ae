#!/usr/bin/env python3
"""Prints the browser build's size, file by file, as stored and as gzip -9 sends it, against the
budget (6 MB gzipped, fonts, lessons and catalogs included); exits 1 when over it.
  python3 scripts/web_size.py build-web/web"""
import gzip
import os
import sys

BUDGET = 6 * 1000 * 1000


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "build-web/web"
    names = sorted(n for n in os.listdir(folder) if os.path.isfile(os.path.join(folder, n)))
    if not names:
        sys.exit(f"web_size: no files in {folder}")
    total = total_gz = 0
    for name in names:
        data = open(os.path.join(folder, name), "rb").read()
        packed = len(gzip.compress(data, 9))
        total += len(data)
        total_gz += packed
        print(f"  {name:<16} {len(data) / 1e6:7.2f} MB   gzip {packed / 1e6:6.2f} MB")
    verdict = "within" if total_gz <= BUDGET else "OVER"
    print(f"  {'total':<16} {total / 1e6:7.2f} MB   gzip {total_gz / 1e6:6.2f} MB ({verdict} the {BUDGET / 1e6:.0f} MB budget)")
    return 0 if total_gz <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
