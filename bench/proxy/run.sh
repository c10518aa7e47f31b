#!/usr/bin/env bash
# bench/proxy/run.sh - benchmark our Netty proxy against haproxy "seed" and "tuned" in one run of an external
# benchmark harness (not in this repository; give its run.sh in HARNESS, see the harness's README). Builds proxy-image/target/regionaledge-proxy.jar when
# it is missing or older than the sources, starts it on 127.0.0.1:$PROXY_PORT the way the harness expects
# (cert fast.example.com, backend us-east-1-fast.example.com at 127.0.0.1:$BACKEND_PORT, test CA), runs the
# harness with it as target "netty", and stops it. Not part of `mvn verify`.
# Needs: apt-get install -y haproxy nginx-light wrk
# Env: HARNESS=<the harness's run.sh, required>  PROXY_PORT=20443  ADMIN_PORT=20090  WARMUP=10 (JIT warm-up)
#      THREADS=<event loops, default: cores>  ACCESS_LOG=false  TRANSPORT=<io_uring|epoll|nio, default: best>
#      JAVA_OPTS="-Xms128m -Xmx128m -XX:+UseSerialGC"  JFR=<file.jfr: record a profile of the whole run>
#      PREWARM=20: seconds of a first, discarded harness pass (keep-alive only, our proxy only) so the JIT has
#      compiled the request path before the measured pass; a perf profile showed C2 still compiling (39 % of
#      the proxy's CPU) during a measured mode after the harness's own 10 s warm-up. 0 skips it.
#      plus the harness's own knobs (DUR, CONNS, MODES, BUILTIN, BACKEND_PORT, CERTS, OUT ...)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
HARNESS=${HARNESS:?set HARNESS to the run.sh of the benchmark harness, not part of this repository}
HDIR=$(cd "$(dirname "$HARNESS")" && pwd)
PROXY_PORT=${PROXY_PORT:-20443} ADMIN_PORT=${ADMIN_PORT:-20090} BACKEND_PORT=${BACKEND_PORT:-18443}
ACCESS_LOG=${ACCESS_LOG:-false}
JAVA_OPTS=${JAVA_OPTS:--Xms128m -Xmx128m -XX:+UseSerialGC}
export WARMUP=${WARMUP:-10} BACKEND_PORT
# the harness keeps certs beside itself, or under /tmp/proxy-bench when its folder is read-only: use the same
WORKDIR=$HDIR; [ -w "$HDIR" ] || WORKDIR=/tmp/proxy-bench
export CERTS=${CERTS:-$WORKDIR/certs}
[ -f "$CERTS/ca.pem" ] || "$HDIR/certs.sh" "$CERTS" >/dev/null

JAR=$ROOT/proxy-image/target/regionaledge-proxy.jar
if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/proxy-image/src/main" "$ROOT/proxy-image/pom.xml" -newer "$JAR" -print -quit)" ]; then
  echo "== building $JAR"
  (cd "$ROOT" && { mvn -B -q -o -pl proxy-image package -DskipTests || mvn -B -q -pl proxy-image package -DskipTests; })
fi

! ss -Hltn "sport = :$PROXY_PORT" | grep -q . || { echo "FATAL: port $PROXY_PORT is in use (set PROXY_PORT)" >&2; exit 1; }
LOG=$(mktemp /tmp/regionaledge-proxy-bench.XXXXXX.log)
JFR_OPT=(); [ -n "${JFR:-}" ] && JFR_OPT=("-XX:StartFlightRecording=filename=$JFR,settings=profile,dumponexit=true")
env ${THREADS:+REGIONALEDGE_THREADS=$THREADS} ${TRANSPORT:+REGIONALEDGE_TRANSPORT=$TRANSPORT} \
  java $JAVA_OPTS "${JFR_OPT[@]}" -jar "$JAR" \
  --listen "127.0.0.1:$PROXY_PORT" --admin-listen "127.0.0.1:$ADMIN_PORT" \
  --cert "$CERTS/fast.example.com.crt" --key "$CERTS/fast.example.com.key" \
  --backend us-east-1-fast.example.com --backend-address "127.0.0.1:$BACKEND_PORT" --backend-ca "$CERTS/ca.pem" \
  --access-log "$ACCESS_LOG" --drain-grace-period 0s --drain-timeout 5s > "$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do ss -Hltn "sport = :$PROXY_PORT" | grep -q . && break; kill -0 $PID 2>/dev/null || break; sleep 0.1; done
ss -Hltn "sport = :$PROXY_PORT" | grep -q . || { cat "$LOG"; echo "FATAL: proxy did not start" >&2; exit 1; }
grep -m1 "transport" "$LOG" || true
echo "== proxy pid $PID on 127.0.0.1:$PROXY_PORT (java $JAVA_OPTS, threads ${THREADS:-default}, access log $ACCESS_LOG); log $LOG"
PREWARM=${PREWARM:-20}
if [ "$PREWARM" -gt 0 ]; then
  echo "== JIT warm-up pass (${PREWARM}s, discarded)"
  DUR=$PREWARM WARMUP=0 MODES=ka BUILTIN="" OUT=$(mktemp /tmp/regionaledge-prewarm.XXXXXX.tsv) \
    "$HARNESS" "netty=$PROXY_PORT:$PID" > /dev/null
fi
"$HARNESS" "netty=$PROXY_PORT:$PID"
