#!/usr/bin/env bash
# Opens each shipped plan in the real JMeter 5.6.3 GUI (with this build's plugin) under Xvfb and
# saves a screenshot of the Test Plan and of every element of this suite into docs/images/.
# Needs: a build (./mvnw -B verify -DskipTests, which assembles target/<id>/jmeter) and the Debian
# packages xvfb and fonts-dejavu-core (apt-get install -y xvfb fonts-dejavu-core).
# Usage: src/tools/gui-screenshots.sh [plan.jmx ...]   (default: test-plans/*.jmx)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
# the clean home of jmeter-maven-plugin execution "configuration" (the one the ITs use), from target/config.json
home=$(grep -o '"executionID":"configuration","jmeterDirectoryPath":"[^"]*"' target/config.json 2>/dev/null \
  | sed 's/.*"jmeterDirectoryPath":"//; s/"$//')
[ -n "$home" ] && [ -f "$home/bin/ApacheJMeter-5.6.3.jar" ] || home=
[ -n "$home" ] || { echo "No assembled JMeter under target/: run ./mvnw -B verify -DskipTests first" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "xvfb-run missing: apt-get install -y xvfb fonts-dejavu-core" >&2; exit 1; }
out="$root/docs/images"
mkdir -p "$out"
plans=("$@")
[ ${#plans[@]} -gt 0 ] || plans=(test-plans/*.jmx)
for plan in "${plans[@]}"; do
  name=$(basename "$plan" .jmx)
  echo "== $plan"
  (cd "$home/bin" && timeout 180 xvfb-run -a -s "-screen 0 1400x900x24" \
      java -Djava.awt.headless=false -jar ApacheJMeter-5.6.3.jar \
      -t "$root/$plan" -j "$root/target/gui-screenshots-$name.log" \
      -Jjsr223.init.file="$root/src/tools/gui-screenshots.groovy" \
      -JSHOT_DIR="$out" -JSHOT_PREFIX="$name" -JTIME_SCALE=1) | grep -E '^screenshot' || true
done
ls -1 "$out"
