#!/usr/bin/env bash
# Runs plans in the real JMeter 5.6.3 GUI (with this build's plugin) under Xvfb, the way GuiRunIT
# does: each plan is opened (File > Open), KPI Assertions selected and Run pressed twice in the same
# GUI session (src/tools/gui-run.groovy drives JMeter's own actions); prints one JSON record a run
# (ended, start error, sandboxes and properties left over, live KPI table, report times).
# Needs: a build (./mvnw -B verify -DskipTests) and the Debian package xvfb (apt-get install -y xvfb).
# Usage: src/tools/gui-run.sh [plan.jmx ...]   (default: test-plans/smoke.jmx); extra JMeter
# properties in GUI_RUN_PROPS, e.g. GUI_RUN_PROPS="-JTIME_SCALE=0.01 -JSMOKE_USERS=2"
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
home=$(grep -o '"executionID":"configuration","jmeterDirectoryPath":"[^"]*"' target/config.json 2>/dev/null \
  | sed 's/.*"jmeterDirectoryPath":"//; s/"$//')
[ -n "$home" ] && [ -f "$home/bin/ApacheJMeter-5.6.3.jar" ] || { echo "No assembled JMeter under target/: run ./mvnw -B verify -DskipTests first" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "xvfb-run missing: apt-get install -y xvfb" >&2; exit 1; }
plans=("$@")
[ ${#plans[@]} -gt 0 ] || plans=(test-plans/smoke.jmx)
work=$(mktemp -d "${TMPDIR:-/tmp}/gui-run.XXXXXX")
for plan in "${plans[@]}"; do
  name=$(basename "$plan" .jmx)
  abs=$(cd "$(dirname "$plan")" && pwd)/$(basename "$plan")
  printf '%s-1|%s|300\n%s-2|%s|300\n' "$name" "$abs" "$name" "$abs" >> "$work/runs.txt"
done
# shellcheck disable=SC2086
(cd "$work" && timeout 1800 xvfb-run -a -s "-screen 0 1280x900x24" \
    java -Djava.awt.headless=false -Djava.util.prefs.userRoot="$work/prefs" -jar "$home/bin/ApacheJMeter-5.6.3.jar" \
    -j "$work/jmeter.log" -Jjsr223.init.file="$root/src/tools/gui-run.groovy" \
    -JGUI_RUN_LIST="$work/runs.txt" -JGUI_RUN_OUT="$work/out" -JGUI_RUN_LOG="$work/jmeter.log" \
    -JRESULTS_DIR="$work/kpi" -Jsave_automatically_before_run=false ${GUI_RUN_PROPS:-}) | grep '^gui-run' || true
cat "$work/out/runs.jsonl" 2>/dev/null || echo "no records: see $work/jmeter.log" >&2
echo "records, reports and jmeter.log: $work"
