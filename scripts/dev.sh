#!/usr/bin/env bash
# The two README commands in one helper, for a fresh Debian 12 machine (as root):
#   bash scripts/dev.sh run    install what is missing, build, open the visualizer on the default lesson
#   bash scripts/dev.sh test   install what is missing, build, run every test (ctest)
set -euo pipefail
cd "$(dirname "$0")/.."

# Every Debian package the build uses (CMake names the one to install when it misses any);
# `../shared/tools/deps-check.sh build scripts/dev.sh` checks this list against a real build.
BUILD_PACKAGES=(build-essential cmake pkg-config nlohmann-json3-dev libfmt-dev libcli11-dev
                libasio-dev libssl-dev catch2 libbenchmark-dev
                libimgui-dev libglfw3-dev libgl-dev python3-glad libstb-dev libboost-locale-dev gettext
                libgl1-mesa-dri libglx-mesa0)
# What the tests run: the browser build's packages (ctest builds the page) and Debian's Chromium
# (renders it headless), libpcap (reads Postino's pcap files back), Wireshark's dissectors, Python's mail clients, curl, fetchmail, a virtual display,
# the openssl command (checks the lesson CA's certificates, connects to a TLS server),
# Debian's DKIM and SPF implementations (python3-dkim, python3-spf: Postino must agree with them),
# and what an installed copy uses (Debian's DejaVu fonts; the menu entry's validator).
TEST_PACKAGES=(chromium libpcap-dev tshark python3 python3-jsonschema python3-dkim python3-spf curl fetchmail openssl xvfb xauth
               fonts-dejavu-core desktop-file-utils)

# shellcheck source=install_missing.sh
source scripts/install_missing.sh
# shellcheck source=web_packages.sh
source scripts/web_packages.sh

build() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build -j "$(nproc)"
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
  *)
    echo "usage: bash scripts/dev.sh run|test" >&2
    exit 2
    ;;
esac
