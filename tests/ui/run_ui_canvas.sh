#!/usr/bin/env bash
# UI canvas test: design edits made on the canvas itself (a card's
# right-click menu, an edge selected and deleted, an edge's menu) through
# the real widgets (backpressure --input), then Finish and Retry. Checks the
# saved run's command log for the three edits and that the screenshots are
# not blank: look at 1-edits.png (the cache gone, web's edges to db and jobs
# gone) and 2-retried.png (the scenario's own design again).
# usage: run_ui_canvas.sh BACKPRESSURE_BINARY SOURCE_DIR OUT_DIR
set -euo pipefail
bin=$1 src=$2 out=$3
source "$src/tests/ui/xvfb_session.sh"

"$bin" --speed 0 --input "$src/tests/ui/canvas_edits_play.json"

python3 - "$out" <<'PY'
import glob, json, os, struct, sys, zlib
out = sys.argv[1]
found = glob.glob(os.path.join(out, "data", "backpressure", "runs", "*.commands.json"))
assert len(found) == 1, f"expected one saved run, found {found}"
commands = [(c["type"], c.get("target"), c.get("key")) for c in json.load(open(found[0]))["commands"]]
expected = [("remove_component", "cache", None), ("disconnect", "web", "db"), ("disconnect", "web", "jobs")]
for e in expected:
    got = [c for c in commands if c[0] == e[0] and c[1] == e[1] and (e[2] is None or c[2] == e[2])]
    assert got, f"the saved command log lacks {e}: {commands}"
assert len(commands) == 3, f"expected just the three canvas edits, got {commands}"
for name in ["1-edits", "2-retried"]:
    raw = open(os.path.join(out, name + ".png"), "rb").read()
    assert raw[:8] == b"\x89PNG\r\n\x1a\n", f"{name}.png is not a PNG"
    assert struct.unpack(">II", raw[16:24]) == (1600, 900), f"{name}.png is not 1600x900"
    assert len(zlib.compress(raw)) > 20000, f"{name}.png looks blank"
print("canvas edits saved:", commands)
PY
echo "UI canvas test passed"
