#!/usr/bin/env python3
"""Serves a folder of static files on 127.0.0.1 with the MIME types the browser build needs
(application/wasm above all), and prints the address to open.
  python3 scripts/web_serve.py build-web/web [--port 8080] [--quiet]
Any static web server does the same job; this one only makes sure of the types."""
import argparse
import functools
import http.server
import os
import sys

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".wasm": "application/wasm",
    ".data": "application/octet-stream",
    ".json": "application/json",
    ".png": "image/png",
    ".txt": "text/plain; charset=utf-8",
}


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}
    quiet = False

    def end_headers(self):
        # A new build must not meet an old cached .wasm beside a new .js.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format, *args):
        if not self.quiet:
            super().log_message(format, *args)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    args = parser.parse_args()
    page = os.path.join(args.folder, "postino.html")
    if not os.path.isfile(page):
        sys.exit(f"web_serve: {page} not found: build it first (bash scripts/dev.sh web-build)")
    Handler.quiet = args.quiet
    handler = functools.partial(Handler, directory=args.folder)
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    except OSError as e:
        sys.exit(f"web_serve: cannot listen on 127.0.0.1:{args.port}: {e.strerror} (try another port)")
    print(f"Postino is served at  http://127.0.0.1:{server.server_address[1]}/postino.html", flush=True)
    print("  a lesson:            http://127.0.0.1:%d/postino.html?lesson=05-imap-two-devices&lang=it"
          % server.server_address[1], flush=True)
    print("Stop with Ctrl+C.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
