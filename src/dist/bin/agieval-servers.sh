#!/usr/bin/env sh
# Starts (or stops) stock jmeter-server engines on this machine's loopback address, for trying a
# distributed run of the suite on one machine (docs/distributed.md, "Worked example"):
#   bin/agieval-servers.sh start [COUNT] [FIRST_PORT]   start COUNT engines (default 2), the first
#                                                     on RMI registry port FIRST_PORT (default 1099)
#   bin/agieval-servers.sh stop                       stop the engines this script started
# Engine i listens on FIRST_PORT+i-1 (RMI registry) and FIRST_PORT+100+i-1 (its remote object), on
# 127.0.0.1 only, with RMI over plain TCP (server.rmi.ssl.disable=true: loopback only; see the docs
# for the keystore on real networks). Each engine's log and console go to $AGIEVAL_SERVERS_DIR
# (default ./agieval-servers). JMETER_HOME defaults to the home this script is installed in.
# It prints the client command that drives the engines.
set -eu
home=${JMETER_HOME:-$(cd "$(dirname "$0")/.." && pwd)}
dir=${AGIEVAL_SERVERS_DIR:-$PWD/agieval-servers}
command=${1:-start}
count=${2:-2}
first=${3:-1099}

launcher() {
  for j in "$home"/bin/ApacheJMeter.jar "$home"/bin/ApacheJMeter-*.jar; do
    [ -f "$j" ] && { echo "$j"; return; }
  done
  echo "$home has no bin/ApacheJMeter.jar: set JMETER_HOME to a JMeter home" >&2
  exit 2
}

case "$command" in
  start)
    jar=$(launcher)
    if ! ls "$home"/lib/ext/agieval-jmeter-plugins-*.jar >/dev/null 2>&1; then
      echo "$home has no agieval-jmeter-plugins jar in lib/ext: install the suite on every engine first" >&2
      exit 2
    fi
    mkdir -p "$dir"
    hosts=""
    i=1
    while [ "$i" -le "$count" ]; do
      port=$((first + i - 1))
      local_port=$((first + 100 + i - 1))
      engine="$dir/engine$i"
      mkdir -p "$engine"
      (cd "$engine" && nohup java ${JVM_ARGS:--Xms512m -Xmx512m} -Djava.awt.headless=true \
        -Djava.rmi.server.hostname=127.0.0.1 -jar "$jar" -s -j "$engine/jmeter-server.log" \
        -Jserver_port="$port" -Jserver.rmi.localport="$local_port" -Jserver.rmi.ssl.disable=true \
        -Jdatagen.engine_id="$i" > "$engine/console.txt" 2>&1 &
        echo $! > "$engine/pid")
      hosts="${hosts:+$hosts,}127.0.0.1:$port"
      i=$((i + 1))
    done
    # ready when every engine has exported its remote object
    i=1
    while [ "$i" -le "$count" ]; do
      engine="$dir/engine$i"
      tries=0
      until grep -q "Created remote object" "$engine/console.txt" 2>/dev/null; do
        if ! kill -0 "$(cat "$engine/pid")" 2>/dev/null; then
          echo "engine $i ended:" >&2
          cat "$engine/console.txt" >&2
          exit 1
        fi
        tries=$((tries + 1))
        if [ "$tries" -gt 300 ]; then
          echo "engine $i did not start within 60 s (see $engine/console.txt)" >&2
          exit 1
        fi
        sleep 0.2
      done
      i=$((i + 1))
    done
    echo "$hosts" > "$dir/remote_hosts"
    echo "Started $count jmeter-server engines: $hosts (logs in $dir)"
    echo "Client: cd $home && java -Djava.rmi.server.hostname=127.0.0.1 -jar $jar -n -t test-plans/smoke.jmx \\"
    echo "    -Jserver.rmi.ssl.disable=true -R $hosts -X -l results/distributed.jtl -JRESULTS_DIR=results/distributed-kpi"
    ;;
  stop)
    for pidfile in "$dir"/engine*/pid; do
      [ -f "$pidfile" ] || continue
      pid=$(cat "$pidfile")
      kill "$pid" 2>/dev/null && echo "stopped engine $(basename "$(dirname "$pidfile")") (pid $pid)" || true
      rm -f "$pidfile"
    done
    ;;
  *)
    echo "usage: $0 start [COUNT] [FIRST_PORT] | stop" >&2
    exit 2
    ;;
esac
