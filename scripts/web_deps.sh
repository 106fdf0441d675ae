#!/usr/bin/env bash
# Prepares what the browser build links that Debian ships only for x86: Dear ImGui's sources,
# OpenSSL 3 built with emcc, Boost.Locale's sources, all from Debian 12's own source packages.
#   bash scripts/web_deps.sh DIR     (DIR: where the sources and the built libraries go)
# Source packages come through a private apt configuration in DIR/apt (a deb-src entry for
# Debian 12; the machine's own apt setup is left alone). Each step is skipped once its result
# is there, so a second run costs nothing. Needs: emscripten, apt, tar, xz-utils, make, perl.
set -euo pipefail

DEPS=${1:?usage: bash scripts/web_deps.sh DIR}
mkdir -p "$DEPS"
DEPS=$(cd "$DEPS" && pwd)
JOBS=$(nproc)
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}  # emcc's JS tools find acorn there

# Debian 12's source packages from its main archive (the security archive's sources are not
# always reachable); the upstream tarball of each is used as it is.
orig() { compgen -G "$DEPS/src/$1_*.orig.tar.*" | grep -v '\.asc$' | head -1 || true; }

fetch_sources() {
  local apt="$DEPS/apt"
  [ -n "$(orig imgui)" ] && [ -n "$(orig openssl)" ] && [ -n "$(orig boost1.74)" ] && return 0
  mkdir -p "$apt/sources.list.d" "$apt/lists/partial" "$apt/cache/archives/partial" "$DEPS/src"
  cat >"$apt/sources.list.d/debian-src.sources" <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  local opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$apt/sources.list.d"
              -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o "APT::Sandbox::User=root")
  echo "Fetching the source packages imgui, openssl and boost1.74 from Debian 12"
  apt-get "${opts[@]}" update -qq
  (cd "$DEPS/src" && apt-get "${opts[@]}" source --download-only -qq imgui openssl boost1.74 >/dev/null)
  for p in imgui openssl boost1.74; do
    [ -n "$(orig $p)" ] || { echo "error: apt-get source $p brought no upstream tarball to $DEPS/src" >&2; exit 1; }
  done
}

unpack_imgui() {
  [ -f "$DEPS/imgui/imgui.cpp" ] && return 0
  rm -rf "$DEPS/imgui" && mkdir -p "$DEPS/imgui"
  tar xf "$(orig imgui)" -C "$DEPS/imgui" --strip-components=1
}

# Only the headers and Boost.Locale's own sources (built by CMake with the std + iconv backend).
# Debian's tarball keeps each library's headers in libs/<name>/include/boost: merged into
# DIR/boost/include/boost (hard links), the layout the compiler needs.
unpack_boost() {
  [ -f "$DEPS/boost/include/boost/locale.hpp" ] && return 0
  rm -rf "$DEPS/boost" && mkdir -p "$DEPS/boost/include/boost"
  tar xf "$(orig boost1.74)" -C "$DEPS/boost" --strip-components=1 --wildcards '*/include/boost/*' '*/libs/locale/src/*'
  find "$DEPS/boost/libs" -type d -path '*/include/boost' -prune -print0 |
    while IFS= read -r -d '' headers; do cp -al "$headers/." "$DEPS/boost/include/boost/"; done
  [ -f "$DEPS/boost/include/boost/locale.hpp" ] || { echo "error: no boost/locale.hpp in $(orig boost1.74)" >&2; exit 1; }
}

# libssl and libcrypto for wasm32: no assembler, threads, engines or shared modules, and none of
# the algorithms Postino never uses. Whatever a handshake may offer stays (DSA, DH, every curve):
# the default lists in a ClientHello depend on what is built, and the page's TLS bytes must be the
# desktop's byte for byte (tests/web: the golden transcripts of the TLS lessons).
OPENSSL_OPTIONS=(linux-generic32 no-asm no-threads no-shared no-dso no-engine no-afalgeng no-async
  no-ui-console no-tests no-legacy no-ssl3 no-dtls no-srp no-idea no-camellia no-seed no-bf no-cast
  no-rc2 no-rc4 no-rc5 no-md2 no-md4 no-mdc2 no-whirlpool no-rmd160 no-aria no-sm2 no-sm3 no-sm4
  no-gost no-ts no-ocsp no-cms no-comp no-sctp no-srtp no-ct no-siphash no-scrypt no-cmp no-des)
build_openssl() {
  local stamp="$DEPS/openssl/configured-with"
  [ -f "$DEPS/openssl/lib/libssl.a" ] && [ "$(cat "$stamp" 2>/dev/null)" = "${OPENSSL_OPTIONS[*]}" ] && return 0
  local src="$DEPS/openssl-src"
  rm -rf "$src" "$DEPS/openssl" && mkdir -p "$src"
  tar xzf "$(orig openssl)" -C "$src" --strip-components=1
  echo "Building OpenSSL 3 for the browser (emcc, a few minutes)"
  (cd "$src" &&
    ./Configure "${OPENSSL_OPTIONS[@]}" --prefix="$DEPS/openssl" --libdir=lib CC=emcc AR=emar RANLIB=emranlib \
      CFLAGS=-O2 >"$DEPS/openssl-configure.log" &&
    make -j "$JOBS" build_libs >"$DEPS/openssl-build.log" 2>&1 &&
    make install_dev >"$DEPS/openssl-install.log" 2>&1) || {
      echo "error: building OpenSSL for the browser failed; see $DEPS/openssl-*.log" >&2
      exit 1
    }
  echo "${OPENSSL_OPTIONS[*]}" >"$stamp"
  rm -rf "$src"
}

# Header-only libraries from Debian's -dev packages, each in a folder of its own: the browser
# build must not see /usr/include as a whole (glibc's headers would shadow emscripten's).
link_headers() {
  mkdir -p "$DEPS/include"
  ln -sfn /usr/include/nlohmann "$DEPS/include/nlohmann"
  ln -sfn /usr/include/fmt "$DEPS/include/fmt"
}

fetch_sources
unpack_imgui
unpack_boost
build_openssl
link_headers
echo "Browser dependencies ready in $DEPS"
