#!/usr/bin/env bash
# UI pending-settings test: a worker added while paused has its instance
# count raised in the inspector before the clock moves, undone and redone,
# and joins with it, all through the real widgets (backpressure --input; the
# script's own checks fail the run). Then the screenshots are checked not
# blank: look at 1-pending.png for the inspector of a component still waiting.
# usage: run_ui_pending.sh BACKPRESSURE_BINARY SOURCE_DIR OUT_DIR
set -euo pipefail
bin=$1 src=$2 out=$3
source "$src/tests/ui/xvfb_session.sh"

"$bin" --speed 0 --input "$src/tests/ui/pending_settings_play.json"

python3 - "$out" <<'PY'
import os, struct, sys, zlib
for name in ["1-pending", "2-joined"]:
    raw = open(os.path.join(sys.argv[1], name + ".png"), "rb").read()
    assert raw[:8] == b"\x89PNG\r\n\x1a\n", f"{name}.png is not a PNG"
    assert struct.unpack(">II", raw[16:24]) == (1600, 900), f"{name}.png is not 1600x900"
    assert len(zlib.compress(raw)) > 20000, f"{name}.png looks blank"
PY
echo "UI pending settings test passed"
