#!/usr/bin/env bash
# CLI tests for backpressure-sim.
#   usage: run_cli_tests.sh PATH/TO/backpressure-sim REPO_DIR
# Checks exit codes, error messages (file name + JSON path), the report and
# series outputs, determinism by seed and the effect of --set.
set -u

SIM=${1:?usage: run_cli_tests.sh SIM REPO_DIR}
REPO=${2:?usage: run_cli_tests.sh SIM REPO_DIR}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

failures=0
checks=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok:   $*"; }
check() {  # check DESCRIPTION COMMAND... : passes when COMMAND succeeds
  local what=$1
  shift
  checks=$((checks + 1))
  if "$@"; then ok "$what"; else fail "$what"; fi
}

# Runs the simulator; sets $rc, and leaves stdout/stderr in $TMP/out, $TMP/err.
sim() {
  "$SIM" "$@" >"$TMP/out" 2>"$TMP/err"
  rc=$?
}

# JSON helpers: python3 when available, jq otherwise.
if command -v python3 >/dev/null 2>&1; then
  json_has() {  # json_has FILE KEY.PATH...: the file is JSON and every dotted path exists
    python3 - "$@" <<'PY'
import json, sys
try:
    doc = json.load(open(sys.argv[1]))
except Exception as e:
    print("not JSON:", e); sys.exit(1)
for path in sys.argv[2:]:
    node = doc
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            print("missing", path); sys.exit(1)
        node = node[key]
PY
  }
  json_get() {  # json_get FILE KEY.PATH: prints the value
    python3 - "$@" <<'PY'
import json, sys
node = json.load(open(sys.argv[1]))
for key in sys.argv[2].split("."):
    node = node[key]
print(json.dumps(node))
PY
  }
elif command -v jq >/dev/null 2>&1; then
  json_has() {
    local file=$1
    shift
    jq -e . "$file" >/dev/null || return 1
    local p
    for p in "$@"; do jq -e "getpath(\"$p\" | split(\".\")) != null" "$file" >/dev/null || { echo "missing $p"; return 1; }; done
  }
  json_get() { jq -c "getpath(\"$2\" | split(\".\"))" "$1"; }
else
  echo "FAIL: neither python3 nor jq is available to check JSON"
  exit 1
fi

[ -x "$SIM" ] || { echo "FAIL: $SIM is not an executable"; exit 1; }
SMALL="$HERE/small.json"

# ---------------------------------------------------------------- validate: shipped scenarios
# scenarios/scripts/ holds command scripts, a different format.
shipped=()
while IFS= read -r -d '' f; do shipped+=("$f"); done < <(find "$REPO/scenarios" -name '*.json' -not -path '*/scripts/*' -print0 | sort -z)
check "at least two shipped scenarios found" test "${#shipped[@]}" -ge 2
for f in "${shipped[@]}" "$SMALL"; do
  sim validate "$f"
  check "validate $(basename "$f") exits 0 (got $rc)" test "$rc" -eq 0
  check "validate $(basename "$f") says ok" grep -q "$f: ok" "$TMP/out"
done

# A folder stands for every file under it: scenarios, designs (checked
# against their scenario, found by id) and command scripts (skipped).
sim validate "$REPO/scenarios"
check "validate scenarios/ exits 0 (got $rc)" test "$rc" -eq 0
check "validate scenarios/ checks every reference design against its scenario" \
  test "$(grep -c 'reference.json: ok (design for' "$TMP/out")" -ge 5
check "validate scenarios/ skips command scripts, saying so" grep -qF "partner_batch_fix.json: skipped (a command script" "$TMP/out"
# Incidents must fall inside the run, so cutting a scenario short before its
# incidents is an error, not a silently different scenario.
sim run "$REPO/scenarios/partner_batch.json" --set /duration=8h -q
check "shortening a run past an incident exits 2 (got $rc)" test "$rc" -eq 2
check "shortening a run past an incident names the incident's time" grep -qF "partner_batch.json: /incidents/0/at:" "$TMP/err"

# ---------------------------------------------------------------- validate and run: broken files
# file | JSON path in the message | a phrase of the problem
broken_cases=(
  "broken_json.json|/|not valid JSON (line 5, column"
  "broken_unknown_field.json|/components/1/instance|unknown field \"instance\""
  "broken_duration.json|/components/1/timeout|expected a duration such as"
  "broken_target.json|/components/0/targets/0|no component has the id \"www\""
  "broken_version.json|/format_version|needs a newer Backpressure"
  "broken_lognormal.json|/components/1/cpu|exactly one of \"sigma\" or \"p99\""
  "broken_keyframes.json|/traffic/users/1/at|time order"
  "broken_zero_weight.json|/traffic/actions|positive weight"
  "broken_writes_no_postgres.json|/components/1/targets|points at no postgres"
  "broken_negative_instances.json|/components/1/instances|got -1"
  "broken_autoscale_bounds.json|/components/1/min_instances|must not be above max_instances (2), got 5"
  "broken_telemetry_no_sink.json|/components/1/targets|emit telemetry, but points at no stream, analytics or postgres"
)
for entry in "${broken_cases[@]}"; do
  IFS='|' read -r name path phrase <<<"$entry"
  file="$HERE/$name"
  expected="$file: $path: "
  for cmd in validate run; do
    sim "$cmd" "$file"
    check "$cmd $name exits 2 (got $rc)" test "$rc" -eq 2
    check "$cmd $name: stderr names the file and $path" grep -qF -- "$expected" "$TMP/err"
    check "$cmd $name: stderr says '$phrase'" grep -qF -- "$phrase" "$TMP/err"
  done
done

# validate checks every file and exits 2 if any is bad.
sim validate "$SMALL" "$HERE/broken_target.json" "$HERE/broken_version.json"
check "validate good+bad exits 2 (got $rc)" test "$rc" -eq 2
check "validate good+bad still reports the good file" grep -qF "$SMALL: ok" "$TMP/out"
check "validate good+bad reports both bad files" \
  bash -c "grep -qF '$HERE/broken_target.json: /components/0/targets/0' '$TMP/err' && grep -qF '$HERE/broken_version.json: /format_version' '$TMP/err'"

# A missing file.
sim validate "$TMP/no-such-file.json"
check "validate of a missing file exits 2 (got $rc)" test "$rc" -eq 2
check "a missing file is named, with 'cannot open'" grep -qF "$TMP/no-such-file.json: /: cannot open the file" "$TMP/err"

# ---------------------------------------------------------------- run: report
sim run "$SMALL" --report "$TMP/a.json" -q
check "run with --report exits 0 (got $rc)" test "$rc" -eq 0
check "the report is JSON with requests.total, latency_ms.p95 and components" \
  json_has "$TMP/a.json" requests.total latency_ms.p95 components components.web components.db
total=$(json_get "$TMP/a.json" requests.total 2>/dev/null || echo 0)
check "the report counts requests (total $total)" test "${total:-0}" -gt 1000
sim run "$SMALL" --report "$TMP/summary.json"
check "run without -q prints a summary" grep -q "requests" "$TMP/out"

# ---------------------------------------------------------------- determinism
sim run "$SMALL" --seed 42 --report "$TMP/s42a.json" -q
sim run "$SMALL" --seed 42 --report "$TMP/s42b.json" -q
check "the same seed twice gives byte-identical reports" cmp -s "$TMP/s42a.json" "$TMP/s42b.json"
sim run "$SMALL" --seed 43 --report "$TMP/s43.json" -q
check "different seeds give different reports" bash -c "! cmp -s '$TMP/s42a.json' '$TMP/s43.json'"
check "the report records the seed" test "$(json_get "$TMP/s43.json" seed)" = "43"
# Without --seed the scenario's seed is used.
sim run "$SMALL" --seed 5 --report "$TMP/s5.json" -q
check "the scenario's own seed is the default" cmp -s "$TMP/a.json" "$TMP/s5.json"

# ---------------------------------------------------------------- --set
sim run "$SMALL" --set /components/1/instances=3 --report "$TMP/three.json" -q
check "run --set /components/1/instances=3 exits 0 (got $rc)" test "$rc" -eq 0
check "--set changes the report" bash -c "! cmp -s '$TMP/a.json' '$TMP/three.json'"
check "--set gives the server 3 instances" test "$(json_get "$TMP/three.json" components.web.units_at_end)" = "3"
p95_two=$(json_get "$TMP/a.json" latency_ms.p95)
p95_three=$(json_get "$TMP/three.json" latency_ms.p95)
check "a third instance lowers p95 ($p95_two ms -> $p95_three ms)" \
  python3 -c "import sys; sys.exit(0 if float('$p95_three') < float('$p95_two') else 1)"
cost_two=$(json_get "$TMP/a.json" cost.monthly_usd)
cost_three=$(json_get "$TMP/three.json" cost.monthly_usd)
check "a third instance raises the monthly cost ($cost_two -> $cost_three)" \
  python3 -c "import sys; sys.exit(0 if float('$cost_three') > float('$cost_two') else 1)"

sim run "$SMALL" --set /components/1/instances=-1 -q
check "--set to an invalid value exits 2 (got $rc)" test "$rc" -eq 2
check "--set to an invalid value names the file and path" grep -qF "$SMALL: /components/1/instances: " "$TMP/err"
sim run "$SMALL" --set "/components/1/timeout=3 seconds" -q
check "--set to a bad duration exits 2 (got $rc)" test "$rc" -eq 2
check "--set to a bad duration names the path" grep -qF "$SMALL: /components/1/timeout: expected a duration" "$TMP/err"
sim run "$SMALL" --set /components/9/instances=3 -q
check "--set under a missing parent exits 2 (got $rc)" test "$rc" -eq 2
check "--set under a missing parent says so" grep -qF "/components/9/instances: --set: nothing at /components/9" "$TMP/err"
sim run "$SMALL" --set components/1/instances=3 -q
check "--set without a leading / exits 2 (got $rc)" test "$rc" -eq 2
check "--set without a leading / explains PATH=VALUE" grep -qF -- "--set: components/1/instances=3: expected PATH=VALUE" "$TMP/err"

# ---------------------------------------------------------------- autoscaling
sim run "$SMALL" --set /components/1/autoscale=utilization --set /components/1/scale_out_at=0.5 \
  --set /components/1/cooldown=5s --set /components/1/cold_start=2s --report "$TMP/auto.json" -q
check "run with an autoscaling server exits 0 (got $rc)" test "$rc" -eq 0
check "the report has the server's scaling record" \
  json_has "$TMP/auto.json" components.web.scaling_events components.web.scaling_event_count \
  components.web.autoscale_decisions components.web.instances_max
decisions=$(json_get "$TMP/auto.json" components.web.autoscale_decisions 2>/dev/null || echo 0)
check "a server at 75% of its slots scales out above 50% ($decisions decisions)" test "${decisions:-0}" -gt 0
sim run "$SMALL" --set /components/1/min_instances=3 -q
check "min_instances above the instance count is fine while autoscale is off (got $rc)" test "$rc" -eq 0
sim run "$SMALL" --set /components/1/max_instances=1 --set /components/1/min_instances=2 -q
check "--set min_instances above max_instances exits 2 (got $rc)" test "$rc" -eq 2
check "--set min_instances above max_instances names the path" \
  grep -qF "$SMALL: /components/1/min_instances: must not be above max_instances (1), got 2" "$TMP/err"

# ---------------------------------------------------------------- design changes: --commands and --command-log
sim run "$SMALL" --commands "$HERE/design_changes.json" --command-log "$TMP/design_log.json" --report "$TMP/design_a.json" --series "$TMP/design.csv" -q
check "run with design-change commands exits 0 (got $rc)" test "$rc" -eq 0
check "the report marks the added and the removed server" \
  json_has "$TMP/design_a.json" components.web2.added_at_step components.web.removed_at_step design_changes
check "web was removed at step 300 (got $(json_get "$TMP/design_a.json" components.web.removed_at_step 2>/dev/null))" \
  test "$(json_get "$TMP/design_a.json" components.web.removed_at_step 2>/dev/null)" = "300"
check "the command log lists the five commands" \
  test "$(grep -o '"step"' "$TMP/design_log.json" | wc -l)" -eq 5
sim run "$SMALL" --commands "$TMP/design_log.json" --command-log "$TMP/design_log2.json" --report "$TMP/design_b.json" -q
check "replaying the design-change log exits 0 (got $rc)" test "$rc" -eq 0
check "the replayed report is byte-identical" cmp -s "$TMP/design_a.json" "$TMP/design_b.json"
check "the replay's own log is byte-identical" cmp -s "$TMP/design_log.json" "$TMP/design_log2.json"
check "the design-change CSV keeps every row as wide as its header" \
  awk -F, 'NR == 1 { n = NF } NF != n { bad = 1 } END { exit bad }' "$TMP/design.csv"
check "the CSV has a column for the added server" grep -q "web2.arrivals" "$TMP/design.csv"
sim run "$SMALL" --commands "$HERE/broken_design_change.json" -q
check "a forbidden connect exits 2 (got $rc)" test "$rc" -eq 2
check "a forbidden connect names the script, the command and the rule" \
  grep -qF "$HERE/broken_design_change.json: /commands/0: a postgres cannot send work to a server (\"web\")" "$TMP/err"
# ---------------------------------------------------------------- --design
DESIGN="$HERE/small_design.json"
sim run "$SMALL" --design "$DESIGN" --report "$TMP/design.json" -q
check "run --design exits 0 (got $rc)" test "$rc" -eq 0
check "the design's 3 servers replace the scenario's 2" test "$(json_get "$TMP/design.json" components.web.units_at_end)" = "3"
check "a design equal to --set instances=3 gives the same report" cmp -s "$TMP/design.json" "$TMP/three.json"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); d["layout"] = {"web": {"x": 40, "y": -12.5}}; json.dump(d, open(sys.argv[2], "w"))' \
  "$DESIGN" "$TMP/laid_out.json"
sim run "$SMALL" --design "$TMP/laid_out.json" --report "$TMP/laid_out_report.json" -q
check "a design's card layout changes nothing in the run" cmp -s "$TMP/design.json" "$TMP/laid_out_report.json"
sim run "$SMALL" --design "$DESIGN" --set /components/1/instances=4 --report "$TMP/design4.json" -q
check "--set after --design points into the design" test "$(json_get "$TMP/design4.json" components.web.units_at_end)" = "4"
sim run "$SMALL" --design "$HERE/broken_design.json" -q
check "run with a broken design exits 2 (got $rc)" test "$rc" -eq 2
check "a broken design is named with its JSON path" grep -qF "$HERE/broken_design.json: /components/1/slotz: unknown field" "$TMP/err"
sim validate "$DESIGN" --scenario "$SMALL"
check "validate a design against --scenario exits 0 (got $rc)" test "$rc" -eq 0
check "validate says the design is ok" grep -qF "$DESIGN: ok (design for" "$TMP/out"
sim validate "$DESIGN"
check "validate finds the design's scenario beside it by id (got $rc)" test "$rc" -eq 0
sim validate "$HERE/broken_design.json" --scenario "$SMALL"
check "validate a broken design exits 2 (got $rc)" test "$rc" -eq 2
sim run "$REPO/scenarios/silent_backlog.json" --design "$DESIGN" -q
check "a design for another scenario exits 2 (got $rc)" test "$rc" -eq 2
check "a design for another scenario says which" grep -qF "$DESIGN: /scenario: this design was made for scenario \"cli-small\"" "$TMP/err"

# ---------------------------------------------------------------- --series
sim run "$SMALL" --series "$TMP/series.csv" -q
check "run with --series exits 0 (got $rc)" test "$rc" -eq 0
check "the series CSV exists" test -s "$TMP/series.csv"
header=$(head -n 1 "$TMP/series.csv" 2>/dev/null)
check "the CSV header starts with time_s and names component series" \
  bash -c "[[ '$header' == time_s,* && '$header' == *web.arrivals* && '$header' == *run.p95* ]]"
rows=$(($(wc -l <"$TMP/series.csv") - 1))
check "the CSV has data rows ($rows)" test "$rows" -gt 10
check "every CSV row has as many columns as the header" \
  awk -F, 'NR == 1 { n = NF } NF != n { bad = 1 } END { exit bad }' "$TMP/series.csv"

# ---------------------------------------------------------------- report card: root causes, talking points
ASYNC="$HERE/small_async.json"
sim run "$ASYNC" --report "$TMP/async.json"
check "run of the async test scenario exits 0 (got $rc)" test "$rc" -eq 0
check "the report has root_causes and talking_points" json_has "$TMP/async.json" root_causes talking_points
check "one worker running one job at a time is too few consumers" \
  grep -q '"category": "too_few_consumers"' "$TMP/async.json"
check "the report card ticks and crosses contract items" bash -c "grep -q '✓ uptime' '$TMP/out' && grep -q '✗ job_freshness' '$TMP/out'"
check "the report card lists root causes with evidence" \
  bash -c "grep -q '^Root causes' '$TMP/out' && grep -q 'Too few consumers (jobs' '$TMP/out' && grep -q 'enqueue rate' '$TMP/out'"
check "the report card has numbered talking points" bash -c "grep -q '^Talking points' '$TMP/out' && grep -q '^  1\. ' '$TMP/out'"
sim run "$ASYNC" --set /components/3/concurrency=8 --report "$TMP/async_ok.json"
check "with enough workers no root cause is found" grep -q '"root_causes": \[\]' "$TMP/async_ok.json"
check "and the card says so" grep -q "none found" "$TMP/out"

# ---------------------------------------------------------------- sweep
sim sweep "$ASYNC" --set /components/3/instances=1,3
check "sweep exits 0 (got $rc)" test "$rc" -eq 0
check "sweep prints a header with the varied path and the outcome columns" \
  bash -c "head -n 1 '$TMP/out' | grep -q '/components/3/instances.*score.*letter.*result.*uptime_%.*p95_ms.*cost_\\$/month'"
check "sweep prints one row per value, in order" \
  bash -c "[ \$(wc -l <'$TMP/out') -eq 4 ] && sed -n 3p '$TMP/out' | grep -q '^ *1 ' && sed -n 4p '$TMP/out' | grep -q '^ *3 '"
check "one worker fails, three pass" bash -c "sed -n 3p '$TMP/out' | grep -q fail && sed -n 4p '$TMP/out' | grep -q pass"
sim sweep "$ASYNC" --set /components/3/instances=1,2,3 --set /components/3/concurrency=1,2 --format csv -j 1
cp "$TMP/out" "$TMP/sweep1.csv"
check "a two-way sweep runs every combination (6 rows + header)" test "$(wc -l <"$TMP/sweep1.csv")" -eq 7
check "the CSV header names both paths" bash -c "head -n 1 '$TMP/sweep1.csv' | grep -q '^/components/3/instances,/components/3/concurrency,score,'"
sim sweep "$ASYNC" --set /components/3/instances=1,2,3 --set /components/3/concurrency=1,2 --format csv -j 4
check "the rows come out in the same order and with the same numbers on 1 or 4 threads" cmp -s "$TMP/sweep1.csv" "$TMP/out"
sim sweep "$ASYNC" --set /components/3/instances=1,3 --format json --output "$TMP/sweep.json"
check "sweep --format json --output writes a JSON list" \
  python3 -c "import json,sys; rows=json.load(open('$TMP/sweep.json')); sys.exit(0 if len(rows)==2 and rows[1]['result']=='pass' and rows[0]['score']<rows[1]['score'] else 1)"
sim sweep "$ASYNC" --set /components/3/instances=1,-4
check "a sweep with one invalid value exits 2 (got $rc)" test "$rc" -eq 2
check "the invalid value's row carries the error, the other row its result" \
  bash -c "grep -q 'error.*/components/3/instances' '$TMP/out' && grep -q 'fail' '$TMP/out'"
sim sweep "$ASYNC" --set /components/3/instances=1,2 --format xml
check "sweep --format xml is a usage error, exit 2 (got $rc)" test "$rc" -eq 2

# ---------------------------------------------------------------- grade
CLASS="$HERE/class"
sim grade "$ASYNC" "$CLASS" --format csv -j 1
cp "$TMP/out" "$TMP/grade1.csv"
check "grade with a broken design in the class exits 2 (got $rc)" test "$rc" -eq 2
check "grade lists every design in the folder, in name order (4 rows + header)" \
  bash -c "[ \$(wc -l <'$TMP/grade1.csv') -eq 5 ] && sed -n 2p '$TMP/grade1.csv' | grep -q 'alice.json' && sed -n 5p '$TMP/grade1.csv' | grep -q 'dave.json'"
check "grade's header starts with design and title" bash -c "head -n 1 '$TMP/grade1.csv' | grep -q '^design,title,score,letter,result,'"
check "one worker fails with too few consumers, two workers pass" \
  bash -c "grep 'alice.json' '$TMP/grade1.csv' | grep -q 'fail.*too_few_consumers' && grep 'bob.json' '$TMP/grade1.csv' | grep -q ',A,pass,'"
check "a design with a typo gets the loader's error in its row (file and JSON path)" \
  bash -c "grep 'carol.json' '$TMP/grade1.csv' | grep -q 'error.*carol.json: /components/3/concurency: unknown field'"
check "a design that is not JSON gets its error in its row" \
  bash -c "grep 'dave.json' '$TMP/grade1.csv' | grep -q 'not valid JSON'"
sim grade "$ASYNC" "$CLASS" --format csv -j 4
check "grade gives the same table on 1 or 4 threads" cmp -s "$TMP/grade1.csv" "$TMP/out"
sim grade "$ASYNC" "$CLASS/alice.json" "$CLASS/bob.json" --format json --output "$TMP/grade.json"
check "grade of good designs only exits 0 (got $rc)" test "$rc" -eq 0
check "grade --format json lists each design with its score" \
  python3 -c "import json,sys; rows=json.load(open('$TMP/grade.json')); sys.exit(0 if [r['design'].endswith(n) for r,n in zip(rows,['alice.json','bob.json'])]==[True,True] and rows[0]['score']<rows[1]['score'] else 1)"
sim run "$ASYNC" --design "$CLASS/bob.json" --report "$TMP/bob.json" -q
check "grade's score for a design is the score run --design gives" \
  python3 -c "import json,sys; a=json.load(open('$TMP/grade.json'))[1]['score']; b=json.load(open('$TMP/bob.json'))['grade']['score']; sys.exit(0 if a==b else 1)"
sim grade "$TMP/no-such-scenario.json" "$CLASS"
check "grade with a missing scenario exits 2 (got $rc)" test "$rc" -eq 2
check "and names the scenario file" grep -qF "$TMP/no-such-scenario.json" "$TMP/err"
sim sweep "$ASYNC" --design "$CLASS/bob.json" --set /components/3/instances=1,2 --format csv
check "sweep --design varies the design's settings" \
  bash -c "[ \$(wc -l <'$TMP/out') -eq 3 ] && sed -n 3p '$TMP/out' | grep -q '^2,100'"

# ---------------------------------------------------------------- compare
SB="$REPO/scenarios/silent_backlog.json"
SBREF="$REPO/scenarios/designs/silent_backlog.reference.json"
sim run "$SB" --report "$TMP/sb_a.json" --series "$TMP/sb_a.csv" -q
sim run "$SB" --design "$SBREF" --report "$TMP/sb_b.json" --series "$TMP/sb_b.csv" -q
sim compare "$SB" --design "$SBREF" --report "$TMP/cmp.json" --series "$TMP/cmp.csv"
cp "$TMP/out" "$TMP/cmp.txt"
check "compare of the silent backlog's design with its reference exits 0 (got $rc)" test "$rc" -eq 0
check "compare's reports are the reports run gives for each design" \
  python3 -c "import json,sys; c=json.load(open('$TMP/cmp.json')); sys.exit(0 if c['a']==json.load(open('$TMP/sb_a.json')) and c['b']==json.load(open('$TMP/sb_b.json')) else 1)"
# The contract items that differ between the two separate runs are exactly
# the ones compare marks as changed, and each has its sentence printed.
check "compare names every contract item that changed, and only those" python3 - "$TMP/cmp.json" "$TMP/sb_a.json" "$TMP/sb_b.json" "$TMP/cmp.txt" <<'PY'
import json, sys
c, a, b = (json.load(open(f)) for f in sys.argv[1:4])
text = open(sys.argv[4]).read()
items = lambda r: {i['item']: i for i in r['grade']['items']}
ia, ib = items(a), items(b)
expected = sorted(n for n in ia if ia[n] != ib.get(n))
marked = sorted(d['item'][len('contract/'):] for d in c['differences'] if d['item'].startswith('contract/') and d['changed'])
if not expected or marked != expected:
    print('expected', expected, 'marked', marked); sys.exit(1)
for d in c['differences']:
    if d['changed'] and d['sentence'] not in text:
        print('sentence not printed:', d['sentence']); sys.exit(1)
    if d['item'].startswith('contract/') and d['changed'] and 'split at' not in d['sentence']:
        print('no split time in', d['sentence']); sys.exit(1)
if (a['grade']['letter'] != b['grade']['letter']) != any(d['item'] == 'grade' and d['changed'] for d in c['differences']):
    print('grade letter change not marked'); sys.exit(1)
PY
# The split comes no later than the first stored point where a series the
# two runs share differs, and the printed clock time is the JSON's.
check "compare's split time is printed and no later than the first difference in the series" python3 - "$TMP/cmp.json" "$TMP/sb_a.csv" "$TMP/sb_b.csv" "$TMP/cmp.txt" <<'PY'
import csv, json, sys
c = json.load(open(sys.argv[1]))
ra, rb = (list(csv.DictReader(open(f))) for f in sys.argv[2:4])
split = c['split_s']
if split is None: print('no split'); sys.exit(1)
common = [k for k in ra[0] if k in rb[0] and k != 'time_s']
first = next((float(x['time_s']) for x, y in zip(ra, rb) if any(x[k] != y[k] for k in common)), None)
if first is not None and split > first: print('split', split, 'after first difference', first); sys.exit(1)
s = int(split)
if '%02d:%02d:%02d (step %d)' % (s // 3600, s // 60 % 60, s % 60, c['split_step']) not in open(sys.argv[4]).read():
    print('split time not printed'); sys.exit(1)
PY
check "compare --series has both runs' columns" \
  bash -c "head -n 1 '$TMP/cmp.csv' | grep -q ',A\.jobs\.' && head -n 1 '$TMP/cmp.csv' | grep -q ',B\.jobs\.' && [ \$(wc -l <'$TMP/cmp.csv') -eq \$(wc -l <'$TMP/sb_a.csv') ]"
sim compare "$SB" --commands-b "$REPO/scenarios/scripts/silent_backlog_fix.json" --from 8h --report "$TMP/cmp_from.json" -q
check "compare --from exits 0 (got $rc)" test "$rc" -eq 0
check "a branch at 8h with the fix splits after 8h, and its A is the plain run" \
  python3 -c "import json,sys; c=json.load(open('$TMP/cmp_from.json')); sys.exit(0 if c['split_s'] is not None and c['split_s'] >= 8*3600 and c['a']==json.load(open('$TMP/sb_a.json')) else 1)"
sim run "$SB" --commands "$REPO/scenarios/scripts/silent_backlog_fix.json" --report "$TMP/sb_fix.json" -q
check "and its B is the run with the fix from the start" \
  python3 -c "import json,sys; c=json.load(open('$TMP/cmp_from.json')); sys.exit(0 if c['b']==json.load(open('$TMP/sb_fix.json')) else 1)"
sim compare "$SB" --design "$SBREF" --from 2h
check "compare --from with a design for B exits 2 (got $rc)" test "$rc" -eq 2
# ---------------------------------------------------------------- long runs
LONG="$REPO/scenarios/silent_backlog.json"
# Ctrl+C: the run stops where it is, the report of the part that ran is
# written where --report asked, and the exit status is 130 as for any
# interrupted command. Sent after a second: a 30-day run is far from done.
rm -f "$TMP/partial.json"
"$SIM" run "$LONG" --set /duration=30d --report "$TMP/partial.json" -q >"$TMP/out" 2>"$TMP/err" &
pid=$!
sleep 1
kill -INT "$pid"
wait "$pid"
rc=$?
check "Ctrl+C ends a long run with exit 130 (got $rc)" test "$rc" -eq 130
check "and says where it stopped and where the report is" \
  bash -c "grep -q 'interrupted at .* of 30d 00:00:00; the report of the part that ran is in $TMP/partial.json' '$TMP/err'"
check "the partial report is written and is JSON" json_has "$TMP/partial.json" grade
# Progress goes to a terminal only: through a pseudo-terminal (script(1))
# the line appears; into a file, as everywhere above, stderr stays empty.
if command -v script >/dev/null 2>&1; then
  script -qec "'$SIM' run '$LONG' --set /duration=10d --report '$TMP/long.json' >/dev/null" /dev/null >"$TMP/tty" 2>&1 &
  pid=$!
  sleep 2.5
  kill -INT "$pid" 2>/dev/null
  wait "$pid"
  check "a run on a terminal shows simulated time, rate and time left" \
    grep -qE 'simulated [0-9:d ]+ of 10d 00:00:00 \([0-9]+%\), [0-9]+x real time, about [0-9:d ]+ left' "$TMP/tty"
fi
sim run "$SMALL" --report "$TMP/quiet_progress.json"
check "a run into a file prints no progress on stderr" test ! -s "$TMP/err"

echo
echo "$((checks - failures)) of $checks CLI checks passed"
[ "$failures" -eq 0 ]
