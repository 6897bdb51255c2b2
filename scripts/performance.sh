#!/usr/bin/env bash
# Regenerates docs/PERFORMANCE.md: every performance measurement, each figure beside its target and beside the
# official OpenAI Java SDK's figure from the same run, with the machine's load recorded. Takes about 25 minutes.
# Run it alone on the machine: every other process takes cores from both clients and the simulator.
#
#   scripts/performance.sh            # all measurements, then the document
#   scripts/performance.sh overhead   # only the named measurements (their sections are replaced), then the document
set -euo pipefail
cd "$(dirname "$0")/.."

out="$PWD/target/perf"
mkdir -p "$out"
what=("$@")
if [ ${#what[@]} -eq 0 ]; then
  rm -f "$out"/*.md "$out"/*.tsv
  what=(machine overhead capacity floor schedule startup reports memory)
fi

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "[perf] building (load $(load))"
mvn -B -q install -DskipTests -Dinvoker.skip=true
mvn -B -q -pl lens-runtime test-compile

perf() { # JVM options, then PerfMain's arguments
  local jvm="$1"; shift
  echo "[perf] $* (load $(load))"
  mvn -B -q -pl lens-runtime exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
      -Dexec.args="$jvm -cp %classpath dev.latencylens.internal.perf.PerfMain $* --out $out"
}

for m in "${what[@]}"; do
  case "$m" in
    reports) perf -Xmx512m reports ;;  # the heap bound is the target: a report that needs more fails the run
    startup) echo "[perf] startup (load $(load))"; scripts/startup-perf.sh 5 "$out" ;;
    *) perf -Xmx2g "$m" ;;
  esac
done
perf -Xmx256m document "$out" "$PWD/docs/PERFORMANCE.md"
