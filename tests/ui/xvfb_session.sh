# Sourced by the scripted UI tests: a fresh output folder to work in, the
# player's own settings, grades and saves kept out of the test (both ways),
# and one virtual X server for every run, on a display number it picks
# itself (safe beside other tests' servers). xvfb-run is not used here: its
# exit status can report its own clean-up instead of the game's, and the
# failure cases need the game's.
# expects: $out
rm -rf "$out"
mkdir -p "$out"
cd "$out"  # screenshot steps write here
export XDG_CONFIG_HOME="$out/config" XDG_DATA_HOME="$out/data"
Xvfb -displayfd 3 -screen 0 1600x900x24 -nolisten tcp 3> display 2> xvfb.log &
xvfb_pid=$!
trap 'kill "$xvfb_pid" 2> /dev/null || true' EXIT
for _ in $(seq 400); do [ -s display ] && break; sleep 0.05; done
[ -s display ] || { echo "Xvfb did not start:"; cat xvfb.log; exit 1; }
export DISPLAY=":$(cat display)"
