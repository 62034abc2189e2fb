#!/usr/bin/env bash
# UI designs test: moves a card, adds a queue and charts it, saves the design
# twice (Ctrl+Shift+S, then the button with a title), and starts a new shift
# with one from the briefing, all through the real widgets (backpressure
# --input); then checks the design files the game wrote.
# usage: run_ui_designs.sh BACKPRESSURE_BINARY SOURCE_DIR OUT_DIR
set -euo pipefail
bin=$1 src=$2 out=$3
source "$src/tests/ui/xvfb_session.sh"

"$bin" --speed 0 --input "$src/tests/ui/designs_play.json"

python3 - "$out" <<'PY'
import json, os, sys
designs = os.path.join(sys.argv[1], "data", "backpressure", "designs")
names = sorted(os.listdir(designs))
assert names == ["silent-backlog-1.json", "silent-backlog-2.json"], names
first, second = (json.load(open(os.path.join(designs, n))) for n in names)
assert "title" not in first, first.get("title")
assert second["title"] == "Moved database", second.get("title")
for d in (first, second):
    assert d["scenario"] == "silent-backlog" and d["format_version"] == 1, d
    ids = [c["id"] for c in d["components"]]
    # The queue added while paused was applied at the next step, before the saves.
    assert "queue1" in ids and "db" in ids, ids
    # The database card was dragged: its spot is kept, nothing else was placed.
    assert set(d["layout"]) == {"db"}, d.get("layout")
    assert all(isinstance(v, int) for v in d["layout"]["db"].values()), d["layout"]
print("designs saved:", names, "layout", second["layout"])
PY
echo "UI designs test passed"
