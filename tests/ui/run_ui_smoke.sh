#!/usr/bin/env bash
# UI smoke test: renders the picker, the play screen after a few simulated
# hours at high speed, the briefing with saved designs, and the debrief under
# a virtual X server, and checks
# every screenshot exists, exits 0 and is not blank.
# usage: run_ui_smoke.sh BACKPRESSURE_BINARY SOURCE_DIR OUT_DIR
set -euo pipefail
bin=$1 src=$2 out=$3
mkdir -p "$out"
scenario="$src/scenarios/silent_backlog.json"
# Keep the player's own settings and grades out of the test, both ways.
export XDG_CONFIG_HOME="$out/config" XDG_DATA_HOME="$out/data"

shoot() {  # name, then backpressure arguments
  local name=$1; shift
  rm -f "$out/$name.png"
  xvfb-run -a -s "-screen 0 1600x900x24" "$bin" --screenshot "$out/$name.png" "$@"
  python3 - "$out/$name.png" <<'PY'
import struct, sys, zlib
path = sys.argv[1]
data = open(path, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG"
# Decode just enough of the PNG (8-bit RGB, filter bytes) to count colours.
pos, idat, w, h = 8, b"", 0, 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and ctype == 2, f"{path}: expected 8-bit RGB"
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
stride = w * 3 + 1
colours = set()
for y in range(0, h, 7):
    row = raw[y * stride + 1:(y + 1) * stride]  # filtered bytes still vary with content
    for x in range(0, w * 3, 21):
        colours.add(row[x:x + 3])
assert w >= 800 and h >= 600, f"{path}: unexpected size {w}x{h}"
assert len(colours) > 8, f"{path}: looks blank ({len(colours)} distinct samples)"
print(f"{path}: {w}x{h}, {len(colours)} distinct samples")
PY
}

shoot picker --screen picker --frames 5
shoot play --scenario "$scenario" --screen play --speed 3600 --frames 120
# Design changes from a command script: a server and a worker added and
# connected mid-run must appear on the canvas, wired in; the removed "web"
# must be gone (checked by eye: open design_edit.png).
shoot design_edit --scenario "$scenario" --commands "$src/tests/ui/design_edit_commands.json" --screen play \
  --speed 3600 --frames 60
shoot debrief --scenario "$scenario" --screen debrief --speed 3600 --frames 10
# Saved designs in the data folder: the briefing lists the one for this
# scenario under "Start with", leaves out one for another scenario and shows
# a broken file in red with its name (checked by eye: briefing_designs.png).
# Played, the saved layout puts the cache and the balancer where it says
# (design_layout.png).
designs="$out/data/backpressure/designs"
rm -rf "$designs" && mkdir -p "$designs"
cp "$src/tests/ui/saved_design.json" "$designs/silent-backlog-1.json"
sed 's/"silent-backlog"/"flash-sale"/' "$src/tests/ui/saved_design.json" > "$designs/flash-sale-1.json"
echo '{"scenario": "silent-backlog", "components": [' > "$designs/silent-backlog-2.json"
shoot briefing_designs --scenario "$scenario" --screen briefing --frames 5
shoot design_layout --scenario "$scenario" --design "$designs/silent-backlog-1.json" --screen play --speed 600 --frames 20
# A corrupt settings file is reported and the game still renders; a
# screenshot changes nothing on disk, so the file stays where it was.
mkdir -p "$out/config/backpressure"
rm -f "$out/config/backpressure/settings.json"*
echo '{"speed": ' > "$out/config/backpressure/settings.json"
shoot presenter --scenario "$scenario" --screen play --presenter --debug-overlay --speed 600 --frames 30
test "$(cat "$out/config/backpressure/settings.json")" = '{"speed": ' || { echo "a screenshot changed the corrupt settings"; exit 1; }
! ls "$out/config/backpressure/"*.corrupt* 2>/dev/null || { echo "a screenshot set a corrupt file aside"; exit 1; }
rm -f "$out/config/backpressure/settings.json"
# A scripted command refused at its step fails a screenshot like the CLI:
# exit 2, the script, /commands/N and the reason on stderr.
# The game's status is kept in a file: xvfb-run's own can be 5 when its
# cleanup races a program that exits within the first frame.
rm -f "$out/refused.rc"
xvfb-run -a -s "-screen 0 1600x900x24" bash -c '"$@" 2> "$0.err"; echo $? > "$0.rc"' "$out/refused" \
  "$bin" --screenshot "$out/refused.png" --scenario "$scenario" \
  --commands "$src/tests/app/refused_at_step.json" --screen play --speed 600 --frames 30 || true
rc=$(cat "$out/refused.rc")
test "$rc" -eq 2 || { echo "a refused scripted command exited $rc, not 2"; cat "$out/refused.err"; exit 1; }
grep -qF "$src/tests/app/refused_at_step.json: /commands/0: a postgres cannot send work to a server" "$out/refused.err" ||
  { echo "a refused scripted command was not named:"; cat "$out/refused.err"; exit 1; }
# Speeds that would owe more steps than can be counted are refused up front.
for speed in inf nan -1 1e300 fast; do
  rc=0
  "$bin" --screenshot "$out/speed.png" --scenario "$scenario" --speed "$speed" 2> "$out/speed.err" || rc=$?
  test "$rc" -eq 2 || { echo "--speed $speed exited $rc, not 2"; exit 1; }
  grep -q -- "--speed" "$out/speed.err" || { echo "--speed $speed: no message"; exit 1; }
done
# The README's screenshots come from a scripted shift (docs/desktop.md): it
# must still play through, or the README would go stale unnoticed.
(cd "$out" && mkdir -p docs/screenshots && rm -f docs/screenshots/*.png &&
  xvfb-run -a -s "-screen 0 1600x900x24" "$bin" --input "$src/docs/screenshots/shift.json" --screenshot readme_last.png)
for f in play fix debrief; do
  test -s "$out/docs/screenshots/$f.png" || { echo "the README script did not write $f.png"; exit 1; }
done
echo "UI smoke test passed"
