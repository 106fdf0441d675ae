#!/usr/bin/env bash
# Postino in the browser, on a fresh Debian 12 machine (as root):
#   bash scripts/web.sh serve [PORT]   install what is missing, build, serve on 127.0.0.1 (default 8080)
#   bash scripts/web.sh build          the same without serving: the page is the folder build-web/web/
# The folder build-web/web/ (postino.html, .js, .wasm, .data) works from any static web server.
# The libraries Debian ships only for x86 are built from Debian's own source packages into
# build-web-deps/ once (scripts/web_deps.sh, about 2 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=web_packages.sh
source scripts/web_packages.sh
# shellcheck source=install_missing.sh
source scripts/install_missing.sh

export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}  # emcc's JS tools find acorn there

build() {
  install_missing "${WEB_PACKAGES[@]}"
  bash scripts/web_deps.sh build-web-deps
  emcmake cmake -S . -B build-web -DCMAKE_BUILD_TYPE=Release -DPOSTINO_WEB_DEPS="$PWD/build-web-deps" >/dev/null
  cmake --build build-web -j "$(nproc)"
  python3 scripts/web_size.py build-web/web
}

case "${1:-serve}" in
  build)
    build
    echo "The page is ready in build-web/web/ (copy the folder to any static web server)."
    ;;
  serve)
    build
    exec python3 scripts/web_serve.py build-web/web --port "${2:-8080}"
    ;;
  *)
    echo "usage: bash scripts/web.sh serve [PORT] | build" >&2
    exit 2
    ;;
esac
