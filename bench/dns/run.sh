#!/usr/bin/env bash
# DNS benchmark: N RegionalEdges (default 500) in one zone, two instances each, one operator with the
# default Route53 limits, against the Route53 simulator. Not part of `mvn verify`.
# Usage: bench/dns/run.sh [resources=500] [workers=10] [steady-seconds=60]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -pl operator test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/dns-bench.classpath >/dev/null
# run from a private copy: a rebuild of operator/target during a long run must not pull classes away
work=$(mktemp -d /tmp/regionaledge-dns-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r operator/target/classes "$work/classes"
cp -r operator/target/test-classes "$work/test-classes"
cp operator/target/dns-bench.classpath "$work/classpath"
java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.io.regionaledge=warn \
  -cp "$work/test-classes:$work/classes:$(cat "$work/classpath")" \
  io.regionaledge.operator.dns.DnsBenchmark "${1:-500}" "${2:-10}" "${3:-60}"
