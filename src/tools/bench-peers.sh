#!/usr/bin/env bash
# The peer figures of docs/benchmarks.md ("Against Artillery", "Against Gatling"), called by
# src/tools/bench.sh artillery | gatling | peers-rate. Never fails on a timing. Usage:
#
#   src/tools/bench-peers.sh artillery  [pairs=2] [rate=40] [short=20] [long=80]
#   src/tools/bench-peers.sh gatling    [pairs=2] [rate=40] [short=20] [long=80]
#   src/tools/bench-peers.sh peers-rate [rates=40,80,160,320] [duration=30] [tools=suite-pool,artillery,gatling]
#
# Every tool runs the seed's evaluation workflow (login, submit, poll the job every 100 ms until it
# ends, results) as an open workload against one sandbox process on 127.0.0.1 (Undertow, jobs that
# end at once, so every flow is 4 requests: login, submit, 1 poll, results):
#   suite-open  stock JMeter 5.6.3 + the suite's samplers and Job Polling Controller, stock Open Model
#               Thread Group (src/test/resources/bench/peers.jmx, block OPEN), KPI Assertions, no JTL
#   suite-pool  the same with the suite's Arrival-Rate Thread Group (block POOL)
#   artillery   Artillery 2 (src/bench/artillery/evaluation.yml), installed with
#               npm install --ignore-scripts artillery@2 into $ARTILLERY_HOME (~/.cache/bench-artillery)
#   gatling     Gatling 3.13.5, Java DSL (src/bench/gatling, its own build), run with plain java
# Both JVM tools run with -Xms1g -Xmx1g (JMeter's default heap). Each run: the tool's own CPU time
# (user + system, the process and its children, /usr/bin/time), its peak resident set, and the
# sandbox's counters (GET /__admin/counters: requests per endpoint and status) after the run.
# artillery/gatling: runs of `short` and `long` seconds, alternately per pair; CPU per 1,000 requests
# is the marginal one: (CPU long - CPU short) / (requests long - requests short), so start-up and
# shut-down cancel. Every run also samples, once a second, the tool's CPU (its process tree, /proc) and
# the sandbox's request count: "steady" = cores and requests/s from 8 s after the first request to 2 s
# before the end of the arrivals. peers-rate: one run per tool and rate; "holds" when the tool's steady
# CPU stayed below one core, every scheduled flow arrived (logins >= 97 % of rate x duration) with its
# 4 requests, on time (95 % of the requests answered within the arrival phase + 5 s: a tool that falls
# behind spreads the arrivals over a longer time), and fewer than 1 % of the answers were errors; the p95 < 500 ms KPI (each tool's own
# verdict: exit code, or the KPI Assertions' console verdict) is reported beside it.
set -euo pipefail
cd "$(dirname "$0")/../.."
figure="${1:?usage: bench-peers.sh artillery|gatling|peers-rate ...}"
shift || true

ROOT=$(pwd)
OUT="$ROOT/target/bench/peers"
mkdir -p "$OUT"
HOME_J=$(dirname "$(dirname "$(ls -dt "$ROOT"/target/*/jmeter/bin/ApacheJMeter-5.6.3.jar | head -1)")")
JAR=$(ls "$HOME_J"/lib/ext/agieval-jmeter-plugins-*.jar)
ARTILLERY_HOME="${ARTILLERY_HOME:-$HOME/.cache/bench-artillery}"
GATLING_DIR="$ROOT/src/bench/gatling"
ADMIN="bench-admin-token-0123456789"
PORT="${PEERS_PORT:-18291}"
BASE="http://127.0.0.1:$PORT"

need_artillery() {
  if [[ ! -x "$ARTILLERY_HOME/node_modules/.bin/artillery" ]]; then
    echo "installing Artillery 2 into $ARTILLERY_HOME (npm install --ignore-scripts artillery@2) ..."
    mkdir -p "$ARTILLERY_HOME"
    (cd "$ARTILLERY_HOME" && npm install --ignore-scripts --no-audit --no-fund artillery@2 >/dev/null)
  fi
  echo "artillery: $(cd "$ARTILLERY_HOME" && node -p 'require("artillery/package.json").version'), node $(node --version)"
}

need_gatling() {
  if [[ ! -f "$GATLING_DIR/target/cp.txt" || ! -d "$GATLING_DIR/target/test-classes/io" ]]; then
    echo "building src/bench/gatling (its own pom; the product build does not depend on it) ..."
    mvn -B -q -f "$GATLING_DIR/pom.xml" test-compile dependency:build-classpath \
      -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
  fi
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

start_sandbox() {
  java -Xms512m -Xmx512m -jar "$JAR" sandbox --port "$PORT" --time-factor 0.0001 --job-retention 300 \
    --queue-capacity 100000 --workers 512 --admin-token "$ADMIN" > "$OUT/sandbox.log" 2>&1 &
  SANDBOX_PID=$!
  trap 'kill $SANDBOX_PID 2>/dev/null || true' EXIT
  for _ in $(seq 100); do curl -sf "$BASE/health" >/dev/null && return; sleep 0.2; done
  echo "sandbox did not start, see $OUT/sandbox.log" >&2; exit 1
}

# CPU ticks (user + system) of a process and all its descendants
tree_ticks() {
  local pids=($1) i=0 sum=0 f
  while (( i < ${#pids[@]} )); do
    for c in $(ps -o pid= --ppid "${pids[$i]}" 2>/dev/null); do pids+=("$c"); done
    i=$((i + 1))
  done
  for p in "${pids[@]}"; do
    f=$(cut -d')' -f2 "/proc/$p/stat" 2>/dev/null) || continue
    set -- $f
    sum=$((sum + ${12} + ${13}))
  done
  echo "$sum"
}

counters() { curl -sf -H "X-Admin-Token: $ADMIN" "$BASE/__admin/counters"; }
reset_counters() { curl -sf -X DELETE -H "X-Admin-Token: $ADMIN" "$BASE/__admin/counters" >/dev/null; }

# the command line of one tool's run (in directory $dir)
tool_cmd() {
  local tool=$1 rate=$2 duration=$3 dir=$4
  case "$tool" in
    suite-open|suite-pool)
      local keep=OPEN drop=POOL
      [[ $tool == suite-pool ]] && keep=POOL drop=OPEN
      perl -0pe "s/<!--BEGIN $drop-->.*?<!--END $drop-->//sg; s/<!--(BEGIN|END) $keep-->//g" \
        src/test/resources/bench/peers.jmx > "$dir/plan.jmx"
      CMD=(java -Xms1g -Xmx1g -jar "$(ls "$HOME_J"/bin/ApacheJMeter*.jar | head -1)" -n -t "$dir/plan.jmx" -j "$dir/jmeter.log"
           "-JBASE_URL_PORT=$PORT" "-JRATE=$rate" "-JDURATION=$duration" -JPOLL_MS=100 "-JRESULTS_DIR=$dir/kpi"
           -JMAX_USERS=2000 "-JINITIAL_USERS=${INITIAL_USERS:-0}" -Jjmeterengine.force.system.exit=true -Jsummariser.interval=30) ;;
    artillery)
      sed -e "s/@RATE@/$rate/; s/@DURATION@/$duration/; s/@POLL_MS@/100/" src/bench/artillery/evaluation.yml \
        > "$dir/evaluation.yml"
      cp src/bench/artillery/evaluation-processor.js "$dir/"
      CMD=(env ARTILLERY_DISABLE_TELEMETRY=true DO_NOT_TRACK=1 node "$ARTILLERY_HOME/node_modules/.bin/artillery"
           run --target "$BASE" --output "$dir/report.json" "$dir/evaluation.yml") ;;
    gatling)
      CMD=(java -Xms1g -Xmx1g --add-opens java.base/java.lang=ALL-UNNAMED -cp "$GATLING_DIR/target/test-classes:$(cat "$GATLING_DIR/target/cp.txt")"
           "-DbaseUrl=$BASE" "-Drate=$rate" "-Dduration=$duration" -DpollMs=100
           io.gatling.app.Gatling -s io.github.agieval.bench.EvaluationSimulation -rf "$dir/results" -nr) ;;
    *) echo "unknown tool $tool" >&2; exit 2 ;;
  esac
}

# run_once TOOL RATE DURATION: prints one line; appends "tool rate duration cpu requests logins errors rss rc wall" to $OUT/runs.txt
run_once() {
  local tool=$1 rate=$2 duration=$3
  local dir="$OUT/$tool-r$rate-d$duration-$(date +%H%M%S)"
  mkdir -p "$dir"
  tool_cmd "$tool" "$rate" "$duration" "$dir"
  reset_counters
  local load; load=$(loadavg)
  local rc=0
  (cd "$dir" && exec /usr/bin/time -f '%U %S %M %e' -o "$dir/time.txt" "${CMD[@]}" > "$dir/console.txt" 2>&1) &
  local tpid=$!
  # once a second while it runs: the tool's CPU ticks (process tree) and the sandbox's request count
  while kill -0 "$tpid" 2>/dev/null; do
    echo "$(date +%s%3N) $(tree_ticks "$tpid") $(counters | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])' 2>/dev/null || echo 0)" >> "$dir/samples.txt"
    sleep 1
  done
  wait "$tpid" || rc=$?
  if [[ $tool == suite-* ]] && grep -q 'KPI verdict: FAIL' "$dir/console.txt"; then rc=99; fi
  # Artillery's own p95 (its report): its exit code does not carry the threshold here
  if [[ $tool == artillery && -f "$dir/report.json" ]] && ! python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["aggregate"]["summaries"]["http.response_time"]["p95"] < 500 else 1)' "$dir/report.json"; then rc=98; fi
  sleep 1
  counters > "$dir/counters.json"
  read -r user sys rss wall < <(tail -1 "$dir/time.txt")
  python3 - "$dir/counters.json" "$tool" "$rate" "$duration" "$user" "$sys" "$rss" "$wall" "$rc" "$load" <<'PY' | tee -a "$OUT/runs.txt"
import json, sys
c = json.load(open(sys.argv[1]))
tool, rate, dur, user, sys_, rss, wall, rc, load = sys.argv[2:]
total = c["total"]
eps = c["endpoints"]
logins = eps.get("POST /auth/login", {}).get("total", 0)
errors = sum(n for ep in eps.values() for s, n in ep["statuses"].items() if not s.startswith("2"))
cpu = float(user) + float(sys_)
per_flow = total / logins if logins else 0
steady = ""
try:
    rows = [tuple(map(int, l.split())) for l in open(sys.argv[1].replace("counters.json", "samples.txt")) if len(l.split()) == 3]
    first = next(r for r in rows if r[2] > 0)
    t0, t1 = first[0] + 8000, first[0] + (int(dur) - 2) * 1000
    win = [r for r in rows if t0 <= r[0] <= t1]
    if len(win) >= 3:
        a, b = win[0], win[-1]
        secs = (b[0] - a[0]) / 1000
        steady = f", steady {(b[1] - a[1]) / 100 / secs:.2f} cores at {(b[2] - a[2]) / secs:.0f} req/s"
    # on time: the share of the requests answered within the arrival phase + 5 s of the first one
    done = max([r[2] for r in rows if r[0] <= first[0] + (int(dur) + 5) * 1000] or [0])
    steady += f", on time {done / max(total, 1) * 100:.0f}%"
except (OSError, StopIteration, ValueError):
    pass
print(f"{tool:10s} rate {rate:>4}/s {dur:>3} s: cpu {cpu:7.2f} s, requests {total:6d} ({per_flow:.2f}/flow,"
      f" {logins} flows), errors {errors}, max RSS {int(rss)/1024:6.0f} MB, wall {float(wall):5.1f} s,"
      f" exit {rc}, load {load}{steady}")
PY
}

# the marginal CPU per 1,000 requests of each tool, from $OUT/runs.txt lines of this session
summarise_marginal() {
  python3 - "$OUT/runs.txt" "$SESSION_START" "$1" "$2" <<'PY'
import re, sys, statistics
lines = open(sys.argv[1]).read().splitlines()[int(sys.argv[2]):]
short, long_ = sys.argv[3], sys.argv[4]
pat = re.compile(r"^(\S+)\s+rate\s+(\d+)/s\s+(\d+) s: cpu\s+([\d.]+) s, requests\s+(\d+) \(([\d.]+)/flow, (\d+) flows\), errors (\d+), max RSS\s+(\d+) MB")
runs = {}
for l in lines:
    m = pat.match(l)
    if m:
        runs.setdefault(m.group(1), []).append(m.groups())
res = {}
for tool, rs in runs.items():
    s = [r for r in rs if r[2] == short]
    lg = [r for r in rs if r[2] == long_]
    margs = []
    for a, b in zip(s, lg):
        dreq = int(b[4]) - int(a[4])
        if dreq > 0:
            margs.append((float(b[3]) - float(a[3])) / dreq * 1000)
    rss = max(int(r[8]) for r in rs)
    flows = [float(r[5]) for r in rs]
    if margs:
        res[tool] = statistics.median(margs)
        print(f"{tool:10s} marginal CPU per 1,000 requests: median {res[tool]:.3f} s (pairs: "
              + ", ".join(f"{m:.3f}" for m in margs) + f"); requests/flow {min(flows):.2f}..{max(flows):.2f};"
              f" max RSS {rss} MB")
base = [t for t in res if t.startswith("suite")]
for t in res:
    for b in base:
        if t != b:
            print(f"ratio {t} / {b}: {res[t] / res[b]:.2f}")
PY
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), load average: $(loadavg)"
touch "$OUT/runs.txt"
SESSION_START=$(wc -l < "$OUT/runs.txt")

case "$figure" in
  artillery|gatling)
    pairs=${1:-2}; rate=${2:-40}; short=${3:-20}; long=${4:-80}
    if [[ $figure == artillery ]]; then need_artillery; tools=(suite-pool artillery)
    else need_gatling; tools=(suite-open suite-pool gatling); fi
    start_sandbox
    for p in $(seq "$pairs"); do
      order=("${tools[@]}")
      (( p % 2 == 0 )) && order=($(printf '%s\n' "${tools[@]}" | tac))
      for d in "$short" "$long"; do
        for t in "${order[@]}"; do run_once "$t" "$rate" "$d"; done
      done
    done
    echo "load average at the end: $(loadavg)"
    summarise_marginal "$short" "$long" ;;
  peers-rate)
    IFS=, read -r -a rates <<< "${1:-40,80,160,320}"; duration=${2:-30}
    IFS=, read -r -a tools <<< "${3:-suite-pool,artillery,gatling}"
    need_artillery; need_gatling
    start_sandbox
    for r in "${rates[@]}"; do
      for t in "${tools[@]}"; do run_once "$t" "$r" "$duration"; done
    done
    echo "load average at the end: $(loadavg)"
    python3 - "$OUT/runs.txt" "$SESSION_START" "$duration" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().splitlines()[int(sys.argv[2]):]
dur = int(sys.argv[3])
pat = re.compile(r"^(\S+)\s+rate\s+(\d+)/s\s+(\d+) s: cpu\s+([\d.]+) s, requests\s+(\d+) \(([\d.]+)/flow, (\d+) flows\), errors (\d+), max RSS\s+(\d+) MB, wall\s+([\d.]+) s, exit (\d+).*?(?:steady ([\d.]+) cores.*?)?(?:on time (\d+)%)?$")
best = {}
best_kpi = {}
for l in lines:
    m = pat.match(l)
    if not m:
        continue
    tool, rate, d, cpu, req, pf, flows, err, rss, wall, rc, steady, ontime = m.groups()
    rate, cpu, req, flows, err, wall = int(rate), float(cpu), int(req), int(flows), int(err), float(wall)
    cores = float(steady) if steady else cpu / dur  # steady window; else the whole run's CPU over the arrivals
    ok = (cores < 1 and flows >= 0.97 * rate * dur and err < 0.01 * max(req, 1) and abs(float(pf) - 4) < 0.05
          and int(ontime or 0) >= 95)
    kpi = rc == "0"
    print(f"{tool:10s} {rate:4d}/s: {cores:.2f} cores (steady), flows {flows}/{rate * dur}, {pf}/flow, errors {err},"
          f" on time {ontime}%,"
          f" p95 KPI {'pass' if kpi else 'FAIL'} (exit {rc}): " + ("holds" if ok else "does not hold")
          + (" with its KPIs" if ok and kpi else ""))
    if ok:
        best[tool] = max(best.get(tool, 0), rate)
        if kpi:
            best_kpi[tool] = max(best_kpi.get(tool, 0), rate)
for t, r in best.items():
    print(f"{t:10s} highest rate under one core with every flow served: {r}/s;"
          f" with its p95 KPI too: {best_kpi.get(t, 0)}/s")
PY
    ;;
  *) echo "unknown figure '$figure'" >&2; exit 2 ;;
esac
