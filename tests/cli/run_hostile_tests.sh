#!/usr/bin/env bash
# Hostile input through the command line (docs/reliability.md): each class
# of bad input ends with exit 2 and "FILE: /json/pointer: problem" on one
# short line, never a crash, a hang, raw library text or a silent default.
#   usage: run_hostile_tests.sh PATH/TO/backpressure-sim REPO_DIR
# Big and deep inputs are generated here, at test time.
set -u

SIM=${1:?usage: run_hostile_tests.sh SIM REPO_DIR}
REPO=${2:?usage: run_hostile_tests.sh SIM REPO_DIR}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

failures=0
checks=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok:   $*"; }
check() {
  local what=$1
  shift
  checks=$((checks + 1))
  if "$@"; then ok "$what"; else fail "$what"; fi
}
# Runs the simulator under a time limit; $rc, $TMP/out, $TMP/err.
sim() {
  timeout 60 "$SIM" "$@" >"$TMP/out" 2>"$TMP/err"
  rc=$?
}
# The error output is one short line per problem, with no control bytes.
clean_err() {
  local longest
  longest=$(awk '{ if (length($0) > n) n = length($0) } END { print n + 0 }' "$TMP/err")
  [ "$longest" -le 1500 ] && ! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$TMP/err" &&
    ! grep -q "json.exception" "$TMP/err"
}

SMALL="$HERE/small.json"
py() { python3 -c "$@"; }

# ---------------------------------------------------------------- nesting
py 'import json,sys; d=json.load(open(sys.argv[1])); t=json.dumps(d).replace("\"CLI test: a small loaded design\"", "["*100000+"]"*100000); open(sys.argv[2],"w").write(t)' \
  "$SMALL" "$TMP/deep.json"
for cmd in validate run; do
  sim "$cmd" "$TMP/deep.json"
  check "$cmd of a scenario nested 100,000 deep exits 2 (got $rc)" test "$rc" -eq 2
  check "$cmd names the file and the place the limit is passed" grep -qF "$TMP/deep.json: /title/0/0/0/" "$TMP/err"
  check "$cmd's message is short and clean" clean_err
done
mkdir -p "$TMP/class"
cp "$HERE/class/bob.json" "$TMP/class/a_good.json"
py 'import sys; open(sys.argv[1],"w").write("{\"scenario\": \"cli-async\", \"components\": " + "["*100000 + "]"*100000 + "}")' "$TMP/class/b_deep.json"
sim grade "$HERE/small_async.json" "$TMP/class" --format csv
check "grade with a deep design in the folder exits 2 (got $rc)" test "$rc" -eq 2
check "the deep design's row carries the error, the good one its grade" \
  bash -c "grep b_deep.json '$TMP/out' | grep -q 'nested more than 64' && grep a_good.json '$TMP/out' | grep -q pass"

# ---------------------------------------------------------------- numbers and library exceptions
sed 's/"seed": 5/"seed": 1e400/' "$SMALL" >"$TMP/huge_number.json"
py 'import sys; open(sys.argv[2],"w").write(open(sys.argv[1]).read().replace("\"seed\": 5", "\"seed\": " + "7"*400))' "$SMALL" "$TMP/long_integer.json"
sim validate "$TMP/huge_number.json"
check "a 1e400 seed exits 2 (got $rc)" test "$rc" -eq 2
check "a 1e400 seed names file and pointer" grep -qF "$TMP/huge_number.json: /seed: the number \"1e400\" is out of range" "$TMP/err"
# validate on a folder checks every file, whatever one of them throws.
mkdir -p "$TMP/mixed"
cp "$TMP/huge_number.json" "$TMP/long_integer.json" "$TMP/mixed/"
cp "$SMALL" "$TMP/mixed/z_good.json"
sed 's/"id": "cli-small"/"id": 42/' "$SMALL" >"$TMP/mixed/m_number_id.json"
sim validate "$TMP/mixed"
check "validate of a folder with bad files exits 2 (got $rc)" test "$rc" -eq 2
check "every bad file is named with its pointer" bash -c "grep -qF 'huge_number.json: /seed' '$TMP/err' && grep -qF 'long_integer.json: /seed' '$TMP/err' && grep -qF 'm_number_id.json: /id: expected a string' '$TMP/err'"
check "and the good file after them is still checked" grep -qF "z_good.json: ok" "$TMP/out"
check "no raw library text" clean_err
# A design whose neighbours include a scenario with a numeric id.
mkdir -p "$TMP/near"
cp "$TMP/mixed/m_number_id.json" "$TMP/near/a.json"
cp "$SMALL" "$TMP/near/b.json"
cp "$HERE/small_design.json" "$TMP/near/design.json"
sim validate "$TMP/near/design.json"
check "a design is matched to its scenario past a neighbour with a non-string id (got $rc)" test "$rc" -eq 0
sim run "$SMALL" --set '/components/99999999999999999999999/instances=3' -q
check "--set with an index beyond 2^64 exits 2 (got $rc)" test "$rc" -eq 2
check "--set with an index beyond 2^64 names file and pointer" grep -qF "$SMALL: /components/99999999999999999999999/instances: --set" "$TMP/err"

# ---------------------------------------------------------------- duplicate keys, size, devices
sed 's/"seed": 5,/"seed": 5, "seed": 6,/' "$SMALL" >"$TMP/dup.json"
sim run "$TMP/dup.json" -q
check "a key given twice exits 2 (got $rc)" test "$rc" -eq 2
check "a key given twice is named" grep -qF "$TMP/dup.json: /seed: the key \"seed\" appears twice" "$TMP/err"
sim validate /dev/zero
check "validate /dev/zero exits 2 (got $rc)" test "$rc" -eq 2
check "reading /dev/zero stops at the size limit" grep -qF "/dev/zero: /: is larger than 8 MiB" "$TMP/err"
head -c 9000000 /dev/zero | tr '\0' ' ' >"$TMP/big.json"
sim run "$TMP/big.json" -q
check "a 9 MB file is refused before reading (got $rc)" bash -c "[ $rc -eq 2 ] && grep -qF 'limited to 8 MiB' '$TMP/err'"
sim run "$SMALL" --commands /dev/zero -q
check "a command script from /dev/zero is refused too (got $rc)" bash -c "[ $rc -eq 2 ] && grep -qF '/dev/zero: /: is larger than 8 MiB' '$TMP/err'"

# ---------------------------------------------------------------- escapes, nulls, kinds
py 'import json,sys; d=json.load(open(sys.argv[1])); d["title"]="\x1b[2J\x1b]0;owned\x07"; json.dump(d, open(sys.argv[2],"w"))' "$SMALL" "$TMP/escape.json"
sim validate "$TMP/escape.json"
check "a title with terminal escapes still validates (got $rc)" test "$rc" -eq 0
check "and is printed escaped" bash -c "grep -qF '\\u001b[2J' '$TMP/out' && ! LC_ALL=C grep -q $'\x1b' '$TMP/out'"
sed 's/{"read": 1}/{"read": null}/' "$SMALL" >"$TMP/null_read.json"
sim run "$TMP/null_read.json" -q
check "{\"read\": null} exits 2 (got $rc)" bash -c "[ $rc -eq 2 ] && grep -qF '$TMP/null_read.json: /traffic/actions/0/calls/0: a call is one of' '$TMP/err'"
sim run "$SMALL" --design "$SMALL" -q
check "a scenario given as a design says what it is (got $rc)" \
  bash -c "[ $rc -eq 2 ] && grep -qF '$SMALL: /: this is a scenario file, not a design' '$TMP/err'"

# ---------------------------------------------------------------- the command line
for bad in "--seed -1" "--seed 18446744073709551616" "--seed abc" "--seed 1.5"; do
  # shellcheck disable=SC2086
  sim run "$SMALL" -q $bad
  check "run $bad is a usage error, exit 2 (got $rc)" test "$rc" -eq 2
  check "run $bad names --seed" grep -qF -- "--seed" "$TMP/err"
done
sim run "$SMALL" -q --seed 18446744073709551615 --report "$TMP/max_seed.json"
check "the largest seed runs (got $rc)" bash -c "[ $rc -eq 0 ] && grep -qF '\"seed\": 18446744073709551615' '$TMP/max_seed.json'"
for usage in "frobnicate" "run" "run $SMALL $SMALL" "sweep $SMALL --set /seed=1 -j abc" "run $SMALL --no-such-option"; do
  # shellcheck disable=SC2086
  sim $usage
  check "'$usage' is a usage error, exit 2 (got $rc)" test "$rc" -eq 2
done
sim --help
check "--help exits 0 (got $rc)" test "$rc" -eq 0

# ---------------------------------------------------------------- budgets
values=$(seq -s, 1 1000)
sim sweep "$SMALL" --set "/seed=$values" --set "/components/1/instances=$values" --set "/components/1/slots=$values"
check "a sweep of a billion runs is refused at once (got $rc)" \
  bash -c "[ $rc -eq 2 ] && grep -qF 'more than 10000 runs' '$TMP/err'"
# Each thread asks for a 4 GB stack (the stack limit sets the default) under
# a 6 GB address-space limit, so the system gives one extra thread at most:
# the sweep must go on with the threads it got, not abort.
seeds=$(seq -s, 1 40)
if [ -n "${BACKPRESSURE_SANITIZED:-}" ]; then
  # AddressSanitizer reserves terabytes of address space for its shadow
  # memory, so no sanitized binary starts under a 6 GB limit.
  echo "skip: the address-space limit under AddressSanitizer"; rc=0; seq 41 >"$TMP/out"
elif (ulimit -s 4000000 && ulimit -v 6000000) 2>/dev/null; then
  (ulimit -s 4000000; ulimit -v 6000000; timeout 120 "$SIM" sweep "$SMALL" --set "/seed=$seeds" --format csv -j 40 >"$TMP/out" 2>"$TMP/err")
  rc=$?
else
  echo "skip: cannot raise the stack limit here"; rc=0; seq 41 >"$TMP/out"
fi
check "a sweep that cannot have its 40 threads runs on fewer (got $rc)" test "$rc" -eq 0
check "and still gives all 40 rows" test "$(wc -l <"$TMP/out")" -eq 41
py 'import json,sys; d=json.load(open(sys.argv[1])); d["traffic"]["users"]=[{"at":"0s","users":10000000}]; d["traffic"]["actions_per_user_per_minute"]=10000; json.dump(d, open(sys.argv[2],"w"))' "$SMALL" "$TMP/crowd.json"
sim validate "$TMP/crowd.json"
check "10^7 users at 10^4 actions a minute is refused by the loader (got $rc)" \
  bash -c "[ $rc -eq 2 ] && grep -qF '$TMP/crowd.json: /traffic/actions_per_user_per_minute:' '$TMP/err'"

# Within every documented range, past what memory holds: the run stops at
# the budget with a message, not in std::bad_alloc or the OOM killer.
cat >"$TMP/flood.json" <<'EOF'
{
  "format_version": 1, "id": "flood", "title": "A million users on one slot", "seed": 1,
  "duration": "2m", "step": "100ms",
  "traffic": {"entry": "web", "users": [{"at": "0s", "users": 1000000}], "actions_per_user_per_minute": 6,
              "actions": [{"name": "view"}]},
  "components": [{"id": "web", "type": "server", "slots": 1, "cpu": "1h", "timeout": "0us"}]
}
EOF
sim run "$TMP/flood.json" -q
check "a million users on an unbounded one-slot server stop at the request budget (got $rc)" \
  bash -c "[ $rc -eq 2 ] && grep -qF '$TMP/flood.json: /: the run stopped at 40.0 s: more than 4000000 requests in flight' '$TMP/err'"
cat >"$TMP/backfill.json" <<'EOF'
{
  "format_version": 1, "id": "backfill", "title": "A queue at its deepest with no workers", "seed": 1,
  "duration": "2m", "step": "100ms",
  "jobs": [{"name": "import"}],
  "traffic": {"entry": "web", "users": [{"at": "0s", "users": 1}], "actions_per_user_per_minute": 1,
              "actions": [{"name": "upload", "calls": [{"enqueue": "import"}]}]},
  "components": [{"id": "web", "type": "server", "targets": ["jobs"]},
                 {"id": "jobs", "type": "queue", "max_depth": 100000000}],
  "incidents": [{"id": "fill", "kind": "batch_upload", "at": "1s", "target": "jobs", "job": "import",
                 "jobs": 100000000, "per_second": 1000000}]
}
EOF
sim run "$TMP/backfill.json" -q
check "10^8 jobs into a queue with no workers stop at the job budget (got $rc)" \
  bash -c "[ $rc -eq 2 ] && grep -qF 'more than 8000000 jobs held' '$TMP/err'"

echo
echo "$((checks - failures)) of $checks hostile-input checks passed"
[ "$failures" -eq 0 ]
