#!/usr/bin/env bash
# Retakes docs/images/prometheus-live-metrics.png: the live metrics of a running JMeter test in the
# Prometheus web UI. Starts Debian's prometheus (scraping the exporter every second), runs the shipped
# smoke plan headless in the assembled stock JMeter with the Prometheus exporter on (embedded
# sandbox, short TIME_SCALE), and while it runs takes a headless Chromium screenshot of the
# Prometheus graph page with a query.
# Needs: a build (./mvnw -B verify -DskipTests, which assembles target/<id>/jmeter) and the Debian
# packages prometheus and chromium (apt-get install -y prometheus chromium).
# Usage: src/tools/prometheus-screenshot.sh [promql] [seconds-into-the-run=45]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
query="${1:-sum by (label) (rate(jmeter_samples_total[15s]))}"
wait_s="${2:-45}"
home=$(grep -o '"executionID":"configuration","jmeterDirectoryPath":"[^"]*"' target/config.json 2>/dev/null \
  | sed 's/.*"jmeterDirectoryPath":"//; s/"$//')
[ -n "$home" ] && [ -f "$home/bin/ApacheJMeter-5.6.3.jar" ] || { echo "No assembled JMeter under target/: run ./mvnw -B verify -DskipTests first" >&2; exit 1; }
command -v prometheus >/dev/null || { echo "prometheus missing: apt-get install -y prometheus" >&2; exit 1; }
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "chromium missing: apt-get install -y chromium" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
work=$(mktemp -d)
exporter_port=$(free_port)
prom_port=$(free_port)
cat > "$work/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: jmeter
    static_configs:
      - targets: ['127.0.0.1:$exporter_port']
YML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address=127.0.0.1:$prom_port > "$work/prometheus.log" 2>&1 &
prom_pid=$!
jm_pid=
cleanup() {
  [ -n "$jm_pid" ] && kill "$jm_pid" 2>/dev/null || true
  kill "$prom_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$prom_port/-/ready" >/dev/null && break; sleep 0.3; done
echo "prometheus on http://127.0.0.1:$prom_port, exporter on :$exporter_port"
(cd "$work" && java -jar "$home/bin/ApacheJMeter-5.6.3.jar" -n -t "$root/test-plans/smoke.jmx" \
  -j "$work/jmeter.log" -l "$work/results.jtl" -JTIME_SCALE=0.2 -JSMOKE_USERS=5 \
  -JKPI_FILE="$root/test-plans/kpis/smoke.yml" -JRESULTS_DIR="$work/kpi" \
  -JPROMETHEUS_EXPORTER_PORT=$exporter_port -JPROMETHEUS_JOB=jmeter > "$work/jmeter.out" 2>&1) &
jm_pid=$!
sleep "$wait_s"
enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$query")
url="http://127.0.0.1:$prom_port/graph?g0.expr=$enc&g0.tab=0&g0.stacked=0&g0.show_exemplars=0&g0.range_input=1m"
out="$root/docs/images/prometheus-live-metrics.png"
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,900 \
  --virtual-time-budget=15000 --screenshot="$out" "$url" 2>/dev/null
echo "screenshot of $url -> $out"
