#!/usr/bin/env bash
# Benchmarks of the suite against the stock JMeter way (docs/benchmarks.md). Not part of the build;
# never fails on a timing. Usage:
#
#   src/tools/bench.sh <figure> [pairs=3] [duration=25] [warm=8] [threads=20]
#
# figures (A/B runs of real `jmeter -n` plans from src/test/resources/bench/, alternately, against the
# sandbox started as a separate process on 127.0.0.1):
#   status    Job Status sampler vs HTTP Request + Header Manager + JSON Extractor
#   submit    Submit Evaluation sampler vs the same stock wiring
#   kpi       KPI Assertions listener vs no listener vs Aggregate Report (CSV file); no JTL, rates
#             from the summariser's lines
#   kpi-jtl   the same with a CSV JTL written in every run
#   prometheus  Prometheus exporter (Backend Listener, /metrics scraped every second) vs the Backend
#             Listener with the exporter off (the listener's own per-sample work) vs no listener; no JTL
#   datagen   AGI Data Generator vs fixed body vs JSR223 PreProcessor with Datafaker
#   datagen-split  fixed body vs generator with scenarios only / requests only / both
#   poll      1,000 users polling slow jobs: Job Polling Controller vs While + Constant Timer
# in-process figures:
#   kpi-heap  heap the KPI engine retains after 10 million samples
#   datagen-jmh  the data generator's CPU time per request (DataGeneratorCpuTime, 15 rounds)
#   poll-inproc  PollingBench: 1,000 JMeterThreads polling (no network)
#   sandbox   wrk against the sandbox (GET /health, GET /api/v1/jobs/{id}), for the target's capacity
#   users     the load plan's flow (test-plans/load.jmx: think times and 5-s polling as in the seed) with
#             500 and 5,000 virtual users, sandbox in its own process on 127.0.0.1 (UsersBench); options
#             users=500,5000 ramp=20 hold=60 settle=15 heap=1g jtl=true|false jvm='-Xlog:gc:file=gc.log'
#   all       status submit kpi datagen poll kpi-heap sandbox
# peers (src/tools/bench-peers.sh: the evaluation workflow at an arrival rate, one sandbox process):
#   artillery [pairs=2] [rate=40] [short=20] [long=80]   suite (Arrival-Rate Thread Group) vs Artillery 2
#   gatling   [pairs=2] [rate=40] [short=20] [long=80]   suite with the stock Open Model Thread Group,
#             suite with the Arrival-Rate Thread Group, Gatling 3.13.5 (src/bench/gatling)
#   peers-rate [rates=40,80,160,320] [duration=30] [tools=suite-pool,artillery,gatling]  sustainable rate
#
# Build: ./mvnw -B -q verify -DskipTests -DskipPlan=true (assembles stock JMeter 5.6.3 with the plugin
# under target/<uuid>/jmeter) unless BENCH_SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/../.."
figure="${1:?usage: src/tools/bench.sh <figure> [pairs=N] [duration=S] [warm=S] [threads=N]}"
shift || true

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  echo "building (verify -DskipTests -DskipPlan=true) ..."
  ./mvnw -B -q verify -DskipTests -DskipPlan=true
  ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
fi
[[ -f target/bench-cp.txt ]] || ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
CP="target/test-classes:target/classes:$(cat target/bench-cp.txt)"
JAVA=(java -Dagieval.build.dir=target -cp "$CP")

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), load average: $(cut -d' ' -f1-3 /proc/loadavg)"

run_sandbox_wrk() {
  local home jar port=18190 pid
  home=$(ls -dt target/*/jmeter | head -1)
  jar=$(ls "$home"/lib/ext/agieval-jmeter-plugins-*.jar)
  java -Xms512m -Xmx512m -jar "$jar" sandbox --port $port --time-factor 1000 > target/bench-sandbox.log 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' RETURN
  for _ in $(seq 50); do curl -sf http://127.0.0.1:$port/health >/dev/null && break; sleep 0.2; done
  local T J
  T=$(curl -s -XPOST 127.0.0.1:$port/auth/login -d '{"username":"alice","password":"test-password"}' | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
  J=$(curl -s -XPOST 127.0.0.1:$port/api/v1/evaluate -H "Authorization: Bearer $T" \
        -d '{"model":"gpt-4","benchmark":"mmlu","prompts":["a","b"]}' | sed 's/.*"job_id":"\([^"]*\)".*/\1/')
  wrk -t2 -c64 -d5s http://127.0.0.1:$port/health >/dev/null
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"; wrk -t2 -c64 -d15s http://127.0.0.1:$port/health
  wrk -t2 -c64 -d5s -H "Authorization: Bearer $T" http://127.0.0.1:$port/api/v1/jobs/$J >/dev/null
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"; wrk -t2 -c64 -d15s -H "Authorization: Bearer $T" http://127.0.0.1:$port/api/v1/jobs/$J
  kill $pid; wait $pid 2>/dev/null || true
}

run() {
  case "$1" in
    status|submit|kpi|kpi-jtl|prometheus|datagen|datagen-split|poll)
      "${JAVA[@]}" io.github.agieval.jmeter.bench.AbBench "figure=$1" "${@:2}" ;;
    kpi-heap)
      "${JAVA[@]}" -Xmx1g io.github.agieval.jmeter.bench.KpiHeapBench ;;
    datagen-jmh)
      "${JAVA[@]}" io.github.agieval.jmeter.datagen.bench.DataGeneratorCpuTime 15 ;;
    poll-inproc)
      "${JAVA[@]}" -Xmx1g io.github.agieval.jmeter.bench.PollingBench 1000 1000 10 2 ;;
    sandbox)
      run_sandbox_wrk ;;
    users)
      "${JAVA[@]}" io.github.agieval.jmeter.bench.UsersBench "${@:2}" ;;
    artillery|gatling|peers-rate)
      src/tools/bench-peers.sh "$@" ;;
    *) echo "unknown figure '$1'" >&2; exit 2 ;;
  esac
}

if [[ "$figure" == all ]]; then
  for f in status submit kpi datagen poll kpi-heap sandbox; do run "$f" "$@"; done
else
  run "$figure" "$@"
fi
