#!/usr/bin/env bash
# A staged install (DESTDIR) of the build in BUILD, checked as a player's
# machine would see it: every file in its place, the launcher and AppStream
# metadata valid, both programs running from outside the source tree on the
# installed scenarios, and the Debian package's contents and dependencies.
# With CI=true as root, the package is also installed with apt-get and the
# game started from /usr/bin, then removed again.
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
id=net.backpressuregame.Backpressure
fail() { echo "install test: $*" >&2; exit 1; }

stage=$work/stage
DESTDIR=$stage cmake --install "$build" --prefix /usr > "$work/install.log"
p=$stage/usr
for f in bin/backpressure-sim share/backpressure/scenarios/silent_backlog.json \
         share/backpressure/scenarios/designs/silent_backlog.reference.json share/backpressure/catalogue.json \
         share/applications/$id.desktop share/metainfo/$id.metainfo.xml \
         share/icons/hicolor/scalable/apps/$id.svg share/icons/hicolor/48x48/apps/$id.png \
         share/icons/hicolor/256x256/apps/$id.png share/man/man1/backpressure-sim.1 \
         share/doc/backpressure/README.md share/doc/backpressure/docs/desktop.md; do
  [ -s "$p/$f" ] || fail "missing $f"
done
game=""
if [ -x "$build/backpressure" ]; then
  [ -x "$p/bin/backpressure" ] || fail "missing bin/backpressure"
  [ -s "$p/share/man/man6/backpressure.6" ] || fail "missing the game's man page"
  game=$p/bin/backpressure
fi
file "$p/share/icons/hicolor/48x48/apps/$id.png" | grep -q '48 x 48' || fail "the 48x48 icon is not 48x48"

desktop-file-validate "$p/share/applications/$id.desktop" || fail "the .desktop file does not validate"
appstreamcli validate --no-net "$p/share/metainfo/$id.metainfo.xml" > "$work/appstream.log" || {
  cat "$work/appstream.log" >&2; fail "the metainfo does not validate"; }
MANWIDTH=80 man -l "$p/share/man/man1/backpressure-sim.1" 2>/dev/null | grep -q -- '--data-dir' ||
  fail "the man page does not list --data-dir"

# Outside the source tree, with no hint: the installed scenarios are found.
# A scenario that exists only in the staged copy proves which folder is read.
cp "$p/share/backpressure/scenarios/lab/mmc.json" "$p/share/backpressure/scenarios/staged_only.json"
cd "$work"
sim() { env -u BACKPRESSURE_DATA "$p/bin/backpressure-sim" "$@"; }
sim --version | grep -qx 'backpressure-sim [0-9][0-9.]*' || fail "--version"
sim run staged_only --quiet --report staged.json || fail "run by name from the installed data"
[ -s staged.json ] || fail "no report written"
sim validate > validate.log || { cat validate.log >&2; fail "validate of the installed scenarios"; }
grep -q 'silent_backlog.json: ok' validate.log || fail "validate did not check the installed scenarios"
set +e
BACKPRESSURE_DATA=$work/nowhere "$p/bin/backpressure-sim" run silent_backlog 2> missing.err
status=$?
set -e
[ $status -eq 2 ] || fail "a missing data folder exits $status, not 2"
grep -q "$work/nowhere" missing.err || fail "the error does not name the folder: $(cat missing.err)"

if [ -n "$game" ]; then
  "$game" --version | grep -qx 'backpressure [0-9][0-9.]*' || fail "the game's --version"
  env -u BACKPRESSURE_DATA XDG_CONFIG_HOME=$work/cfg XDG_DATA_HOME=$work/data \
    xvfb-run -a -s "-screen 0 1600x900x24" "$game" --screen briefing --screenshot "$work/staged.png" --frames 3 ||
    fail "the installed game did not start"
  [ -s "$work/staged.png" ] || fail "the installed game wrote no screenshot"
fi

# The Debian package: built by CPack from the same install rules.
(cd "$build" && cpack -G DEB > "$work/cpack.log" 2>&1) || { cat "$work/cpack.log" >&2; fail "cpack -G DEB failed"; }
deb=$(ls -t "$build"/backpressure_*.deb | head -n 1)
dpkg-deb -c "$deb" > contents.txt
for f in ./usr/bin/backpressure-sim ./usr/share/backpressure/scenarios/silent_backlog.json \
         ./usr/share/applications/$id.desktop ./usr/share/metainfo/$id.metainfo.xml; do
  grep -q " $f\$" contents.txt || fail "the package lacks $f"
done
depends=$(dpkg-deb -f "$deb" Depends)
for d in libc6 libstdc++6 fonts-inter; do
  echo "$depends" | grep -q "$d" || fail "the package does not depend on $d: $depends"
done
if [ -n "$game" ]; then
  grep -q ' ./usr/bin/backpressure$' contents.txt || fail "the package lacks the game"
  for d in libglfw3 libgl1 fonts-fork-awesome; do
    echo "$depends" | grep -q "$d" || fail "the package does not depend on $d: $depends"
  done
fi

if [ "${CI:-}" = true ] && [ "$(id -u)" -eq 0 ] && ! dpkg -s backpressure > /dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" > "$work/apt.log" 2>&1 || {
    cat "$work/apt.log" >&2; fail "apt-get install of the package failed"; }
  trap 'DEBIAN_FRONTEND=noninteractive apt-get remove -y -q backpressure > /dev/null 2>&1; rm -rf "$work"' EXIT
  /usr/bin/backpressure-sim run silent_backlog --quiet || fail "the packaged backpressure-sim"
  if [ -n "$game" ]; then
    XDG_CONFIG_HOME=$work/cfg2 XDG_DATA_HOME=$work/data2 \
      xvfb-run -a -s "-screen 0 1600x900x24" /usr/bin/backpressure --screenshot "$work/deb.png" --frames 3 ||
      fail "the packaged game did not start"
  fi
fi
echo "install test: staged install, launcher, metadata, man pages and package are in order"
