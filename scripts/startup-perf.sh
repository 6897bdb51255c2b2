#!/bin/sh
# Start-up figures for docs/PERFORMANCE.md ("Start-up"): wall times from a cold JVM, median of N runs (default 5).
#   1. lens.jar: `lens run` of a one-request benchmark against the embedded simulator's instant model (no model
#      time, so the figure is the tool's own cost): `java -jar lens.jar` as is, and through the `lens` launcher with
#      its class-data sharing archive (made before the timed runs, in a scratch cache directory).
#   2. mvn lens:bench: `mvn -o -q test-compile lens:bench` minus `mvn -o -q test-compile` on a one-benchmark project,
#      minus the benchmark's own run time (results.json: started to ended): what lens:bench adds to the build.
# Usage, after `mvn -B install -DskipTests -Dinvoker.skip=true` (the plugin must be in the local repository):
#   scripts/startup-perf.sh [N [DIR]]    (LENS_MAVEN=off: the lens.jar figures only)
# With DIR (absolute), also writes DIR/startup.md and DIR/startup.tsv, the section and the headline figures of
# docs/PERFORMANCE.md (scripts/performance.sh).
# The load average is printed with every figure: on a shared machine the medians move with it.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${1:-5}
out_dir=${2:-}
# LENS_DIR: another directory holding lens.jar and the launcher, e.g. an earlier build's, for a before/after.
jar="${LENS_DIR:-$root/lens-cli/target}/lens.jar"
launcher="${LENS_DIR:-$root/lens-cli/target}/lens"
version=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -1)
repo=$(sed -n 's/^-Dmaven.repo.local=//p' .mvn/maven.config 2>/dev/null || true)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now_ms() { date +%s%3N; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# Runs "$@" $runs times, printing each run's wall and CPU (user + system) time in ms, "wall cpu" a line (GNU time);
# fails on a failed run. On a machine shared with other builds the CPU time moves less with the load than the wall.
timed() {
    i=0
    while [ $i -lt "$runs" ]; do
        /usr/bin/time -f '%e %U %S' -o "$work/time.txt" "$@" >"$work/out.txt" 2>&1 \
            || { cat "$work/out.txt" >&2; exit 1; }
        awk '{printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000}' "$work/time.txt"
        i=$((i + 1))
    done
}
# "median wall | median CPU | every wall" of timed's lines.
summary() {
    printf '%s | %s | %s' "$(echo "$1" | cut -d' ' -f1 | median)" "$(echo "$1" | cut -d' ' -f2 | median)" \
        "$(echo "$1" | cut -d' ' -f1 | tr '\n' ' ')"
}

cat > "$work/lens.yaml" <<'EOF'
benchmarks:
  - name: one
    provider: simulated
    model: sim-instant
    iterations: 1
    warmup: 0
    maxTokens: 8
    prompt: "Say hi."
EOF
cd "$work"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load $(load)"
row() { echo "$1"; echo "$1" >> "$work/table.md"; }
row "| what | median wall ms | median CPU ms | every wall ms | load |"
row "|---|---|---|---|---|"
plain=$(timed java -jar "$jar" run lens.yaml --out out -D lens.progress=off)
row "| java -jar lens.jar run (one request, sim-instant) | $(summary "$plain") | $(load) |"
export XDG_CACHE_HOME="$work/cache"
"$launcher" --version >/dev/null # makes the archive
cds=$(timed "$launcher" run lens.yaml --out out -D lens.progress=off)
row "| lens run (the launcher: class-data sharing archive) | $(summary "$cds") | $(load) |"
cds_wall=$(echo "$cds" | cut -d' ' -f1 | median)

# The section of docs/PERFORMANCE.md, with its headline figures (tab-separated: what, target, Lens, SDK, verdict).
section() {
    [ -n "$out_dir" ] || return 0
    verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t) ? "met" : "missed" }'; }
    cli="lens run of a one-request simulated benchmark, cold JVM, through the launcher (median wall)"
    printf '%s\t≤ 1,500 ms\t%s ms\t–\t%s\n' "$cli" "$cds_wall" "$(verdict "$cds_wall" 1500)" > "$out_dir/startup.tsv"
    if [ -n "${cost:-}" ]; then
        printf "%s\t≤ 1,500 ms\t%s ms\t–\t%s\n" "what mvn lens:bench adds to test-compile and the benchmark's own run" \
            "$cost" "$(verdict "$cost" 1500)" >> "$out_dir/startup.tsv"
    fi
    {
        echo "## 7. Start-up"
        echo
        echo "Wall and CPU times from a cold JVM, median of $runs runs (\`scripts/startup-perf.sh\`): \`lens run\` of a"
        echo "one-request benchmark against the embedded simulator's \`sim-instant\` model (no model time), as"
        echo "\`java -jar lens.jar\` and through the \`lens\` launcher, which maps a class-data sharing archive it made"
        echo "on its first call; and what \`mvn lens:bench\` adds to \`mvn test-compile\` on a one-benchmark project,"
        echo "less the benchmark's own run (results.json's started to ended)."
        echo
        awk -F'\t' '{ printf "* **%s**: %s; target %s: **%s**.\n", $1, $3, $2, $5 }' "$out_dir/startup.tsv"
        echo
        cat "$work/table.md"
        echo
    } > "$out_dir/startup.md"
}

if [ "${LENS_MAVEN:-on}" = off ]; then
    section
    exit 0
fi
mkdir -p project/src/test/java/perf
cat > project/src/test/java/perf/OneBench.java <<'EOF'
package perf;

import dev.latencylens.annotations.LlmBenchmark;

public class OneBench {

    @LlmBenchmark(provider = "simulated", model = "sim-instant", iterations = 1, warmup = 0, maxTokens = 8)
    public String hello() {
        return "Say hi.";
    }
}
EOF
cat > project/pom.xml <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>perf</groupId>
  <artifactId>startup</artifactId>
  <version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency>
      <groupId>dev.latencylens</groupId>
      <artifactId>lens-runtime</artifactId>
      <version>$version</version>
      <scope>test</scope>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <artifactId>maven-resources-plugin</artifactId>
        <version>3.3.1</version>
      </plugin>
      <plugin>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>3.14.0</version>
        <configuration>
          <annotationProcessorPaths>
            <path>
              <groupId>dev.latencylens</groupId>
              <artifactId>lens-processor</artifactId>
              <version>$version</version>
            </path>
          </annotationProcessorPaths>
        </configuration>
      </plugin>
      <plugin>
        <groupId>dev.latencylens</groupId>
        <artifactId>lens-maven-plugin</artifactId>
        <version>$version</version>
      </plugin>
    </plugins>
  </build>
</project>
EOF
cd project
mvn_="mvn -o -q ${repo:+-Dmaven.repo.local=$repo}"
$mvn_ test-compile lens:bench >/dev/null # compiles once: the timed runs find the classes up to date
compile=$(timed $mvn_ test-compile | cut -d' ' -f1)
bench=""
own=""
i=0
while [ $i -lt "$runs" ]; do
    t0=$(now_ms)
    $mvn_ test-compile lens:bench >"$work/out.txt" 2>&1 || { cat "$work/out.txt" >&2; exit 1; }
    bench="$bench $(( $(now_ms) - t0 ))"
    # The benchmark's own run: results.json's started to ended.
    own="$own $(python3 -c 'import json, sys
from datetime import date
lens = json.load(open(sys.argv[1]))["lens"]
def t(instant):  # 2025-01-02T03:04:05.123456789Z, the fraction of any length or none
    day, clock = instant.rstrip("Z").split("T")
    h, m, s = clock.split(":")
    return date.fromisoformat(day).toordinal() * 86400 + int(h) * 3600 + int(m) * 60 + float(s)
print(round((t(lens["ended"]) - t(lens["started"])) * 1000))' target/lens/results.json)"
    i=$((i + 1))
done
c=$(echo "$compile" | median)
b=$(echo $bench | tr ' ' '\n' | median)
o=$(echo $own | tr ' ' '\n' | median)
cost=$(awk -v b="$b" -v c="$c" -v o="$o" 'BEGIN { printf "%d", b - c - o }')
row "| mvn -o -q test-compile | $c | | $(echo $compile) | $(load) |"
row "| mvn -o -q test-compile lens:bench | $b | | $(echo $bench) | $(load) |"
row "| the benchmark's own run (results.json) | $o | | $(echo $own) | |"
row "| lens:bench's cost: $b − $c − $o | $cost | | | |"
section
