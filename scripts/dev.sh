#!/usr/bin/env bash
# The README commands in one helper, for a fresh Debian 12 machine (as root):
#   bash scripts/dev.sh run         install what is missing, build, open the visualizer on the default lesson
#   bash scripts/dev.sh test        install what is missing, build, run every test (ctest)
#   bash scripts/dev.sh web [PORT]  install what is missing, build the browser page, serve it on 127.0.0.1
#   bash scripts/dev.sh web-build   the same without serving: the page is the folder build-web/web/
set -euo pipefail
cd "$(dirname "$0")/.."

# Every Debian package the build uses (CMake names the one to install when it misses any);
# `../shared/tools/deps-check.sh build scripts/dev.sh` checks this list against a real build.
BUILD_PACKAGES=(build-essential cmake pkg-config nlohmann-json3-dev libfmt-dev libcli11-dev
                libasio-dev libssl-dev catch2 libbenchmark-dev
                libimgui-dev libglfw3-dev libgl-dev python3-glad libstb-dev libboost-locale-dev gettext
                libgl1-mesa-dri libglx-mesa0)
# The browser build (`web`): emscripten (with clang, lld, binaryen, node); the header-only
# libraries; the fonts and catalogs the page carries; what building OpenSSL from Debian's source
# package needs (perl, make; scripts/web_deps.sh), xz for the sources.
WEB_PACKAGES=(emscripten cmake make perl xz-utils python3 nlohmann-json3-dev libfmt-dev fonts-dejavu-core gettext)
# What the tests run: the browser build's packages (ctest builds the page) and Debian's Chromium
# (renders it headless), libpcap (reads Postino's pcap files back), Wireshark's dissectors,
# Python's mail clients, curl, fetchmail, a virtual display,
# the openssl command (checks the lesson CA's certificates, connects to a TLS server),
# Debian's DKIM and SPF implementations (python3-dkim, python3-spf: Postino must agree with them),
# and what an installed copy uses (Debian's DejaVu fonts; the menu entry's validator).
TEST_PACKAGES=(chromium libpcap-dev tshark python3 python3-jsonschema python3-dkim python3-spf curl fetchmail openssl xvfb xauth
               fonts-dejavu-core desktop-file-utils)

# shellcheck source=install_missing.sh
source scripts/install_missing.sh

build() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build -j "$(nproc)"
}

# The page: the libraries Debian ships only for x86 built from Debian's own source packages into
# build-web-deps/ once (about 2 minutes), then the same sources with emcmake into build-web/web/.
build_web() {
  install_missing "${WEB_PACKAGES[@]}"
  export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}  # emcc's JS tools find acorn there
  bash scripts/web_deps.sh build-web-deps
  emcmake cmake -S . -B build-web -DCMAKE_BUILD_TYPE=Release -DPOSTINO_WEB_DEPS="$PWD/build-web-deps" >/dev/null
  cmake --build build-web -j "$(nproc)"
  python3 scripts/web_size.py build-web/web
}

case "${1:-}" in
  run)
    install_missing "${BUILD_PACKAGES[@]}"
    build
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      echo "No display here, so no window. Without one you can:"
      echo "  ./build/postino run scenarios/02-cross-domain.json --transcript     (the lesson as text)"
      echo "  xvfb-run -a ./build/postino-viz --at 1.2 --screenshot lesson.png   (a picture of it)"
      exit 0
    fi
    ./build/postino-viz scenarios/02-cross-domain.json
    ;;
  test)
    install_missing "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}" "${WEB_PACKAGES[@]}"
    build
    cd build && ctest --output-on-failure -j "$(nproc)"
    ;;
  web)
    build_web
    exec python3 scripts/web_serve.py build-web/web --port "${2:-8080}"
    ;;
  web-build)
    build_web
    echo "The page is ready in build-web/web/ (copy the folder to any static web server)."
    ;;
  *)
    echo "usage: bash scripts/dev.sh run|test|web [PORT]|web-build" >&2
    exit 2
    ;;
esac
