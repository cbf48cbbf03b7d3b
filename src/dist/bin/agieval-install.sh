#!/usr/bin/env sh
# Installs this overlay (the unpacked agieval-jmeter-plugins-*-jmeter-overlay archive that holds this
# script) into an existing Apache JMeter home of a supported version (5.6.2 or 5.6.3, see
# docs/install.md), after checking that it is one.
#   usage: bin/agieval-install.sh /path/to/apache-jmeter-5.6.3
set -eu
supported="5.6.2 5.6.3"
is_supported() {
  for v in $supported; do [ "$1" = "$v" ] && return 0; done
  return 1
}
here=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-${JMETER_HOME:-}}
if [ -z "$target" ]; then
  echo "usage: $0 <JMeter 5.6.3 home> (or set JMETER_HOME)" >&2
  exit 2
fi
if [ ! -d "$target/lib/ext" ]; then
  echo "$target is not a JMeter home: no lib/ext folder" >&2
  exit 2
fi
core=$(ls "$target"/lib/ext/ApacheJMeter_core*.jar 2>/dev/null | head -n 1 || true)
case "$core" in
  "") echo "$target has no lib/ext/ApacheJMeter_core jar: not a JMeter home" >&2; exit 2 ;;
  */ApacheJMeter_core.jar)
    # a binary distribution names jars without version: read it from the launcher's manifest
    version=$(unzip -p "$target/bin/ApacheJMeter.jar" META-INF/MANIFEST.MF 2>/dev/null \
      | sed -n 's/^Implementation-Version: *\([0-9.]*\).*/\1/p' | head -n 1)
    if ! is_supported "$version"; then
      echo "This overlay is for Apache JMeter $(echo $supported | sed 's/ / or /'); $target reports version '${version:-unknown}'" >&2
      exit 3
    fi ;;
  *)
    version=$(basename "$core" | sed -n 's/^ApacheJMeter_core-\(.*\)\.jar$/\1/p')
    if ! is_supported "$version"; then
      echo "This overlay is for Apache JMeter $(echo $supported | sed 's/ / or /'); $target has $(basename "$core")" >&2
      exit 3
    fi ;;
esac
# an older version of the plugin would load twice
for old in "$target"/lib/ext/agieval-jmeter-plugins-*.jar; do
  [ -e "$old" ] && rm -f "$old" && echo "removed $(basename "$old")"
done
cp "$here"/lib/ext/agieval-jmeter-plugins-*.jar "$target/lib/ext/"
cp "$here"/lib/*.jar "$target/lib/"
mkdir -p "$target/test-plans" "$target/testdata"
cp -R "$here"/test-plans/. "$target/test-plans/"
cp -R "$here"/testdata/. "$target/testdata/"
# loopback jmeter-server engines for trying a distributed run (docs/distributed.md)
cp "$here"/bin/agieval-servers.sh "$target/bin/" && chmod +x "$target/bin/agieval-servers.sh"
echo "Installed $(ls "$here"/lib/ext/) into $target"
echo "Try: cd $target && bin/jmeter -n -t test-plans/smoke.jmx -l smoke.jtl -JRESULTS_DIR=smoke-kpi"
