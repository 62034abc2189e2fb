#!/usr/bin/env bash
# UI play test: a whole shift of "The silent backlog" driven through the real
# widgets by scripted mouse and keyboard input (backpressure --input), then
# checks, from the files the game wrote, that the player's changes were
# recorded and the debrief's report explains the run. Also checks that a
# broken script and a missing target fail with messages that say where.
# usage: run_ui_play.sh BACKPRESSURE_BINARY SOURCE_DIR OUT_DIR [BACKPRESSURE_SIM]
set -euo pipefail
bin=$1 src=$2 out=$3 sim=${4:-}
source "$src/tests/ui/xvfb_session.sh"
run() { "$bin" "$@"; }

run --input "$src/tests/ui/silent_backlog_play.json"

python3 - "$out" <<'PY'
import glob, json, os, struct, sys, zlib
out = sys.argv[1]
data = os.path.join(out, "data", "backpressure")

def one(pattern):
    found = glob.glob(os.path.join(data, pattern))
    assert len(found) == 1, f"expected one {pattern} in {data}, found {found}"
    return json.load(open(found[0]))

# The saved run's command log: what the player's clicks, keys and drags did.
commands = one("runs/*.commands.json")["commands"]
def has(pred, what):
    assert any(pred(c) for c in commands), f"saved command log lacks {what}: {json.dumps(commands)[:400]}"
has(lambda c: c["type"] == "set" and c.get("target") == "fulfilment" and c.get("key") == "instances" and c.get("value") == 4,
    "fulfilment instances set to 4 (typed in the inspector)")
has(lambda c: c["type"] == "set" and c.get("target") == "jobs" and c.get("key") == "dead_letter" and c.get("value") is True,
    "the jobs queue's dead letter turned on (inspector checkbox)")
has(lambda c: c["type"] == "add_component" and c["value"].get("type") == "worker" and c["value"].get("targets") == ["db"],
    "a worker dragged from the palette onto db")
has(lambda c: c["type"] == "connect" and c.get("target") == "jobs" and c.get("key", "").startswith("worker"),
    "jobs connected to the new worker (dragged from the queue's port)")
has(lambda c: c["type"] == "ack_alert" and c.get("target") == "backlog-warning", "the backlog warning acknowledged (pager)")
assert not any(c["type"] == "add_component" and c["value"].get("type") in ("server", "redis") for c in commands), \
    f"the cache and server taken back with undo while paused should not be in the log: {json.dumps(commands)[:400]}"
# The design changes were made while paused, after the page and the growth.
ack = next(c["step"] for c in commands if c["type"] == "ack_alert")
steps = {c["step"] for c in commands if c["type"] != "ack_alert"}
assert len(steps) == 1 and min(steps) > ack, f"changes should land on one boundary after the ack at {ack}, got {steps}"
saved = one("runs/*[0-9].json")
assert saved["scenario_id"] == "silent-backlog" and saved["simulated_seconds"] == 36 * 3600, saved

# The exported report: graded, with the cause found from the run's series.
report = one("exports/*/report.json")
grade = report["grade"]
assert grade["graded"] and grade["letter"] in "ABCDF" and 0 <= grade["score"] <= 100, grade
causes = [c["category"] for c in report["root_causes"]]
assert "too_few_consumers" in causes, f"the debrief should name too few consumers on jobs, got {causes}"
assert any(c["component"] == "jobs" for c in report["root_causes"]), report["root_causes"]
assert report["talking_points"], "the debrief has no talking points"
assert any("fulfilment" in t and "instances" in t for t in report["talking_points"]), "the talking points should name the fix"
applied = [(c["type"], c.get("target"), c.get("key")) for c in report["commands"]]
assert ("set", "jobs", "dead_letter") in applied and ("set", "fulfilment", "instances") in applied, applied
best = json.load(open(os.path.join(data, "best_grades.json")))["scenarios"]
assert best["silent-backlog"]["letter"] == grade["letter"], best

# Screenshots taken along the way exist and are not blank (look at them:
# they show where each click landed).
for name in ["1-briefing", "2-backlog", "3-changes", "4-debrief"]:
    raw = open(os.path.join(out, name + ".png"), "rb").read()
    assert raw[:8] == b"\x89PNG\r\n\x1a\n", f"{name}.png is not a PNG"
    w, h = struct.unpack(">II", raw[16:24])
    assert (w, h) == (1600, 900), f"{name}.png is {w}x{h}"
    assert len(zlib.compress(raw)) > 20000, f"{name}.png looks blank"
print(f"played: grade {grade['letter']} ({grade['score']}), causes {causes}, {len(commands)} commands saved")
PY

# Determinism across the two front ends: the headless CLI, given the same
# scenario, seed and the command log the game saved, writes a report byte
# for byte the same as the one the debrief exported.
if [ -n "${sim:-}" ]; then
  data="$out/data/backpressure"
  saved=$(ls "$data"/runs/*[0-9].json)
  seed=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["seed"])' "$saved")
  "$sim" run "$src/scenarios/silent_backlog.json" --seed "$seed" --commands "${saved%.json}.commands.json" \
    --report "$out/cli_report.json" -q
  cmp "$data"/exports/*/report.json "$out/cli_report.json" ||
    { echo "the game's exported report differs from backpressure-sim run with the same seed and commands"; exit 1; }
  echo "the game's report is byte-identical to the CLI's"
fi

# A target that never appears fails the run, naming the script, the step and the anchor.
cat > missing.json <<'JSON'
[{"wait_until": "screen:picker"}, {"click": "picker/no_such_scenario", "timeout_frames": 5}]
JSON
set +e
run --input missing.json 2> missing.err
rc=$?
set -e
cat missing.err
[ "$rc" = 1 ] || { echo "a missing anchor should exit 1, got $rc"; exit 1; }
grep -q 'missing.json: /1 .*no anchor "picker/no_such_scenario"' missing.err || { echo "unclear missing-anchor message"; exit 1; }

# A broken script is refused before the window opens: file, JSON path, problem.
refused() {  # script text, then the message expected
  printf '%s' "$1" > broken.json
  set +e
  "$bin" --input broken.json 2> broken.err
  local rc=$?
  set -e
  cat broken.err
  [ "$rc" = 2 ] || { echo "a broken script should exit 2, got $rc"; exit 1; }
  grep -qF "broken.json: $2" broken.err || { echo "expected the message to contain: broken.json: $2"; exit 1; }
}
refused '[{"wait_frames": 2}, {"clik": "briefing/start"}]' '/1/clik: unknown field'
refused '[{"key": "hyper+q"}]' '/0/key: unknown key "hyper+q"'
refused '{"steps": [{"wait_until": {"metric": "queue", "above": 1}}]}' '/steps/0/wait_until/metric: expected "component/series"'
refused '[{"click": "a", "key": "space"}]' '/0: a step does one thing'
refused '[{"click": ' '/: not valid JSON'
echo "UI play test passed"
