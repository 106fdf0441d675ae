#!/usr/bin/env bash
# An installed copy works away from the source tree: `cmake --install` into a fresh prefix puts
# every file in its FHS place, the programs find their lessons, fonts and translations there,
# and a program with no data beside it names the folders it looked in.
#   usage: install_check.sh BUILD_DIR WORK_DIR
set -uo pipefail
build=$1 work=$2
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$work" && mkdir -p "$work" && cd "$work" || fail "cannot make $work"
unset POSTINO_DATA_DIR POSTINO_LOCALE_DIR
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >install.log 2>&1 || fail "cmake --install: $(cat install.log)"

expected=(bin/postino share/postino/scenarios/02-cross-domain.json share/postino/scenarios/schema.json
          share/doc/postino/copyright)
viz=0
[[ -x $build/postino-viz ]] && viz=1
if ((viz)); then
  expected+=(bin/postino-viz share/applications/postino.desktop share/icons/hicolor/scalable/apps/postino.svg
             share/icons/hicolor/256x256/apps/postino.png)
  for po in "$(dirname "$0")"/../../po/*.po; do
    expected+=("share/locale/$(basename "$po" .po)/LC_MESSAGES/postino.mo")
  done
fi
for f in "${expected[@]}"; do [[ -f $prefix/$f ]] || fail "not installed: $f"; done
echo "ok: ${#expected[@]} files in their places"

"$prefix/bin/postino" validate "$prefix/share/postino/scenarios/02-cross-domain.json" || fail "postino validate"
"$prefix/bin/postino" run 02-cross-domain --quiet || fail "postino run with a bare lesson name"
echo "ok: the installed postino validates and runs an installed lesson by name"

# A copy of the programs with no share/ beside it: a clear error naming where it looked.
mkdir -p bare/bin && cp "$prefix"/bin/* bare/bin/
out=$(bare/bin/postino run 02-cross-domain 2>&1)
(( $? == 2 )) && [[ $out == *"02-cross-domain"* ]] || fail "postino without data: $out"
if ((viz)); then
  out=$(bare/bin/postino-viz 2>&1)
  rc=$?
  ((rc == 2)) && [[ $out == *"no lessons found"* && $out == *"$work/bare/share/postino/scenarios"* ]] ||
    fail "postino-viz without data (status $rc): $out"
  echo "ok: without data the viewer says where it looked: $(head -1 <<<"$out")"

  command -v xvfb-run >/dev/null || fail "xvfb-run is not installed (Debian package xvfb)"
  # No lesson named: the default one; Italian catalog and fonts from the installed places.
  xvfb-run -a -s "-screen 0 1920x1080x24" "$prefix/bin/postino-viz" --lang it --at 1 --screenshot shot.png \
    >viz.out 2>viz.err || fail "installed postino-viz: $(cat viz.out viz.err)"
  grep -q "postino-viz:" viz.err && fail "installed postino-viz complained: $(cat viz.err)"
  [[ -s shot.png ]] || fail "no screenshot"
  echo "ok: the installed viewer opens the default lesson in Italian with its fonts: $(cat viz.out)"
  if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$prefix/share/applications/postino.desktop" || fail "desktop-file-validate"
    echo "ok: desktop-file-validate accepts postino.desktop"
  fi
fi
echo "install check passed"
