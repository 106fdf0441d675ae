# The Debian packages the browser build needs (sourced by scripts/web.sh and scripts/dev.sh):
# emscripten (with clang, lld, binaryen, node); the header-only libraries; the fonts and catalogs
# the page carries; what building OpenSSL from Debian's source needs (perl, make); xz for the sources.
WEB_PACKAGES=(emscripten cmake make perl xz-utils python3 nlohmann-json3-dev libfmt-dev fonts-dejavu-core gettext)
