#!/usr/bin/env bash
# DNS benchmark: N RegionalEdges (default 500) in one zone, two instances each, one operator with the
# default Route53 limits, against the Route53 simulator enforcing Route53's own buckets. Not part of
# `mvn verify`. Works from a fresh clone: builds the testkit and the operator's test classes first.
# Usage: bench/dns/run.sh [resources=500] [workers=10] [steady-seconds=60]   (MVN_ARGS="-o" to build offline)
set -euo pipefail
cd "$(dirname "$0")/../.."
log=$(mktemp /tmp/regionaledge-dns-bench-build.XXXXXX.log)
# -am: the operator's tests need the testkit from this checkout, not from a repository
# shellcheck disable=SC2086
if ! mvn -B ${MVN_ARGS:-} -pl operator -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/dns-bench.classpath >"$log" 2>&1; then
  echo "bench/dns/run.sh: the build failed; the end of its log ($log):" >&2
  tail -n 40 "$log" >&2
  exit 1
fi
rm -f "$log"
# run from a private copy: a rebuild of */target during a long run must not pull classes away
work=$(mktemp -d /tmp/regionaledge-dns-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r operator/target/classes "$work/classes"
cp -r operator/target/test-classes "$work/test-classes"
cp -r testkit/target/classes "$work/testkit-classes"
# the reactor points the classpath at testkit/target/classes: use the copy instead
sed "s#$(pwd)/testkit/target/classes#$work/testkit-classes#g" operator/target/dns-bench.classpath >"$work/classpath"
java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.io.regionaledge=warn \
  -cp "$work/test-classes:$work/classes:$(cat "$work/classpath")" \
  io.regionaledge.operator.dns.DnsBenchmark "${1:-500}" "${2:-10}" "${3:-60}"
