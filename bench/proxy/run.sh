#!/usr/bin/env bash
# bench/proxy/run.sh - the RegionalEdge proxy against haproxy, side by side in one run, self-contained.
# Starts an nginx backend (stand-in for the regional API Gateway: SNI + Host checked), haproxy (haproxy.cfg:
# alpn h2,http/1.1 on the frontend, backend keep-alive) and the proxy jar with the flags the operator deploys
# (access log on, the container JVM flags of proxy-image/Dockerfile), then for each round runs
#   h1: wrk -t1 -c$CONNS (HTTP/1.1 keep-alive)      h2: h2load -c$CONNS -m$STREAMS (HTTP/2)
#   new: wrk -t1 -c$CONNS -H 'Connection: close': a new TCP connection and a full TLS handshake per request (wrk
#        keeps no TLS session, so nothing is resumed); backend connections stay pooled on both targets
# against haproxy and the proxy in turn, and prints per target: req/s, CPU us/request (the target process only,
# from /proc/PID/stat), p99 latency, peak RSS (VmHWM) and the proxy/haproxy ratios of the same round.
# Not part of `mvn verify`. Run it alone on the machine (it uses every core); results go to results/<time>.tsv.
# Needs: apt-get install -y haproxy nginx-light wrk nghttp2-client openssl iproute2; a JDK 17; the proxy jar
#        (built with `mvn -B -q -pl proxy-image -am package -DskipTests` when missing).
# Env: DUR=10 (s per measurement)  ROUNDS=3 (round 1 also shows the JIT warm-up)  CONNS=32  STREAMS=8
#      THREADS=1 (proxy event loops; haproxy nbthread, same)  PROTOS="h1 h2 new"  ACCESS_LOG=true
#      JAR=<default: proxy-image/target/regionaledge-proxy.jar>  JAVA_FLAGS=<default: the Dockerfile's>  PROXY_PORT=20443 HAPROXY_PORT=19444 BACKEND_PORT=18443
#      PROFILE=<file>: perf record -g the proxy during the last h2 measurement (needs perf); JIT-compiled frames
#        are named through the JVM's perf map (jcmd Compiler.perfmap); a summary by DSO and by symbol at the end
#      JFR=<file>: a JFR recording (settings=profile) of the proxy during the last h2 measurement, and a summary
#        of its CPU samples (top frames, by thread) and allocation samples (top allocating frames) at the end
#      NMT=1: native memory tracking on; prints the JVM's committed memory by pool at the end (jcmd)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DUR=${DUR:-10} ROUNDS=${ROUNDS:-3} CONNS=${CONNS:-32} STREAMS=${STREAMS:-8} THREADS=${THREADS:-1}
PROTOS=${PROTOS:-h1 h2 new} ACCESS_LOG=${ACCESS_LOG:-true}
PROXY_PORT=${PROXY_PORT:-20443} ADMIN_PORT=${ADMIN_PORT:-20090}
HAPROXY_PORT=${HAPROXY_PORT:-19444} BACKEND_PORT=${BACKEND_PORT:-18443}
# the container flags, kept equal to proxy-image/Dockerfile's ENTRYPOINT (see docs/proxy-contract.md "Memory")
DEFAULT_JAVA_FLAGS=$(sed -n 's/^# JAVA_FLAGS: //p' "$ROOT/proxy-image/Dockerfile")
JAVA_FLAGS=${JAVA_FLAGS:-$DEFAULT_JAVA_FLAGS}
FRONT=fast.example.com BACK=us-east-1-fast.example.com
OUT=${OUT:-$HERE/results/$(date +%Y%m%d-%H%M%S).tsv}
die() { echo "FATAL: $*" >&2; exit 1; }
for t in haproxy nginx wrk h2load openssl ss java curl; do command -v $t >/dev/null || die "missing $t"; done

RUN=$(mktemp -d /tmp/regionaledge-bench.XXXXXX); chmod 755 "$RUN"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$RUN"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
for p in $PROXY_PORT $ADMIN_PORT $HAPROXY_PORT $BACKEND_PORT; do
  ! ss -Hltn "sport = :$p" | grep -q . || die "port $p is in use"
done

# --- certificates: a throwaway CA, RSA-2048 server certs for the front and the backend name
C=$RUN/certs; mkdir -p "$C"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$C/ca.key" -subj "/CN=bench CA" -days 2 -out "$C/ca.pem" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign 2>/dev/null
for n in $FRONT $BACK; do
  openssl req -newkey rsa:2048 -nodes -keyout "$C/$n.key" -subj "/CN=$n" -out "$C/$n.csr" 2>/dev/null
  openssl x509 -req -in "$C/$n.csr" -CA "$C/ca.pem" -CAkey "$C/ca.key" -CAcreateserial -days 2 -out "$C/$n.crt" \
    -extfile <(printf 'subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth\n' "$n") 2>/dev/null
  cat "$C/$n.crt" "$C/$n.key" > "$C/$n.pem"
done
head -c 1650 /dev/urandom | base64 -w 76 | sed 's/^/\/\/ /' > "$RUN/app.js"   # ~2.2 KB response body

# --- the three processes
sed -e "s|@RUN@|$RUN|g; s|@CERTS@|$C|g; s|@PORT@|$BACKEND_PORT|g" "$HERE/nginx.conf" > "$RUN/nginx.conf"
nginx -c "$RUN/nginx.conf" & PIDS+=($!)
PORT=$HAPROXY_PORT BACKEND_PORT=$BACKEND_PORT CERTS=$C NBTHREAD=$THREADS haproxy -db -f "$HERE/haproxy.cfg" > "$RUN/haproxy.log" 2>&1 &
HAPROXY=$!; PIDS+=($HAPROXY)
JAR=${JAR:-$ROOT/proxy-image/target/regionaledge-proxy.jar}
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q -o -pl proxy-image -am package -DskipTests)
# MALLOC_ARENA_MAX as in the Dockerfile's ENV
NMT_FLAG=(); [ -n "${NMT:-}" ] && NMT_FLAG=(-XX:NativeMemoryTracking=summary)
STARTED=$(date +%s%N)
MALLOC_ARENA_MAX=2 REGIONALEDGE_THREADS=$THREADS java $JAVA_FLAGS "${NMT_FLAG[@]}" -jar "$JAR" \
  --listen "127.0.0.1:$PROXY_PORT" --admin-listen "127.0.0.1:$ADMIN_PORT" \
  --cert "$C/$FRONT.crt" --key "$C/$FRONT.key" --backend "$BACK" --backend-address "127.0.0.1:$BACKEND_PORT" \
  --backend-ca "$C/ca.pem" --access-log "$ACCESS_LOG" --drain-grace-period 0s --drain-timeout 2s \
  > "$RUN/proxy.access.log" 2> "$RUN/proxy.err" &
PROXY=$!; PIDS+=($PROXY)
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$ADMIN_PORT/readyz" >/dev/null && break; sleep 0.05; done
curl -sf "http://127.0.0.1:$ADMIN_PORT/readyz" >/dev/null || { cat "$RUN/proxy.err"; die "proxy not ready"; }
READY_MS=$(( ($(date +%s%N) - STARTED) / 1000000 ))

# --- both targets must do the job before they are timed: 200 from the backend through each, over h1 and h2
CURL=(curl -sS -o /dev/null -w '%{http_code} %{http_version}' --max-time 5 --cacert "$C/ca.pem"
      --resolve "$FRONT:$PROXY_PORT:127.0.0.1" --resolve "$FRONT:$HAPROXY_PORT:127.0.0.1")
for port in $HAPROXY_PORT $PROXY_PORT; do
  for v in --http1.1 --http2; do
    r=$("${CURL[@]}" $v "https://$FRONT:$port/app.js"); [[ $r == 200* ]] || die "port $port $v: $r"
  done
done
echo "== $(nproc) cpus, $(java -version 2>&1 | head -1), $(haproxy -v | head -1 | cut -d' ' -f1-3), wrk, h2load $(h2load --version | awk '{print $2}')"
echo "== proxy: java $JAVA_FLAGS, $THREADS event loop(s), access log $ACCESS_LOG; haproxy nbthread $THREADS"
echo "== proxy ready (/readyz 200) ${READY_MS} ms after launch"
echo "== ${DUR}s per measurement, $ROUNDS rounds, $CONNS connections (h2: x $STREAMS streams)"

ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
hwm() { awk '/VmHWM/{printf "%.0f", $2/1024}' "/proc/$1/status"; }
# measure TARGET PROTO -> "req_s us_per_req p99_ms rss_mb"
measure() {
  local pid=$1 port=$2 proto=$3 t0 t1 req p99
  t0=$(ticks "$pid")
  if [ "$proto" = h1 ] || [ "$proto" = new ]; then
    local close=(); [ "$proto" = new ] && close=(-H "Connection: close")
    wrk -t1 -c"$CONNS" -d"${DUR}s" --latency -H "Host: $FRONT" "${close[@]}" "https://127.0.0.1:$port/app.js" > "$RUN/load.out" 2>&1 || true
    t1=$(ticks "$pid")
    req=$(awk '/^Requests\/sec/{print $2}' "$RUN/load.out")
    p99=$(awk '$1=="99%"{v=$2; if (v ~ /us$/) {sub("us","",v); v/=1000} else if (v ~ /ms$/) sub("ms","",v); else if (v ~ /s$/) {sub("s","",v); v*=1000}; print v}' "$RUN/load.out")
    grep -q "Non-2xx\|Socket errors" "$RUN/load.out" && echo "   ($(grep -h "Non-2xx\|Socket errors" "$RUN/load.out"))" >&2
  else
    local prof=()
    rm -f "$RUN/h2.log"
    [ -n "${PROFILE_NOW:-}" ] && [ -n "${PROFILE:-}" ] && { perf record -g -F 499 -p "$pid" -o "$PROFILE" -- sleep "$DUR" >/dev/null 2>&1 & }
    [ -n "${PROFILE_NOW:-}" ] && [ -n "${JFR:-}" ] && jcmd "$pid" JFR.start name=bench settings=profile \
      duration="${DUR}s" filename="$JFR" >/dev/null
    # no Host header: h2load sends :authority from the URL, and a Host that differs from :authority makes the
    # request malformed (RFC 9113 §8.3.1; Netty refuses it, haproxy lets it pass)
    h2load -c"$CONNS" -m"$STREAMS" -D"$DUR" --log-file="$RUN/h2.log" \
      "https://127.0.0.1:$port/app.js" > "$RUN/load.out" 2>&1 || true
    t1=$(ticks "$pid")
    wait 2>/dev/null || true
    [ -n "${PROFILE_NOW:-}" ] && [ -n "${PROFILE:-}" ] && { jcmd "$pid" Compiler.perfmap >/dev/null 2>&1 || true; }
    req=$(awk '/^finished in/{gsub(",","",$4); print $4}' "$RUN/load.out")
    grep -E "^requests:" "$RUN/load.out" | grep -qv " 0 failed" && echo "   ($(grep -E '^requests:' "$RUN/load.out"))" >&2
    p99=$(awk '{print $3}' "$RUN/h2.log" | sort -n | awk '{v[NR]=$1} END{i=int(NR*0.99); if (i<1) i=1; printf "%.2f", v[i]/1000}')
  fi
  awk -v r="$req" -v d="$((t1 - t0))" -v dur="$DUR" -v hz="$(getconf CLK_TCK)" -v p="$p99" -v rss="$(hwm "$pid")" \
    'BEGIN{printf "%.0f %.1f %s %s\n", r, (r>0 ? d*1e6/hz/(r*dur) : 0), p, rss}'
}

mkdir -p "$(dirname "$OUT")"
printf 'round\tproto\ttarget\treq_s\tcpu_us_per_req\tp99_ms\trss_mb\n' > "$OUT"
printf '%-5s %-5s %-8s %9s %12s %8s %7s    %s\n' round proto target req/s cpu_us/req p99_ms rss_mb "proxy/haproxy"
for round in $(seq "$ROUNDS"); do
  for proto in $PROTOS; do
    [ "$round" = "$ROUNDS" ] && [ "$proto" = h2 ] && [ -n "${PROFILE:-}${JFR:-}" ] && PROFILE_NOW=1 || PROFILE_NOW=
    read -r hr hc hp hm <<< "$(PROFILE_NOW= measure $HAPROXY $HAPROXY_PORT $proto)"
    read -r pr pc pp pm <<< "$(PROFILE_NOW=$PROFILE_NOW measure $PROXY $PROXY_PORT $proto)"
    printf '%-5s %-5s %-8s %9s %12s %8s %7s\n' "$round" "$proto" haproxy "$hr" "$hc" "$hp" "$hm"
    ratio=$(awk -v a="$pr" -v b="$hr" -v c="$pc" -v d="$hc" -v e="$pp" -v f="$hp" \
      'BEGIN{printf "req/s %.2fx, cpu/req %.2fx, p99 %.2fx", (b>0?a/b:0), (d>0?c/d:0), (f>0?e/f:0)}')
    printf '%-5s %-5s %-8s %9s %12s %8s %7s    %s\n' "$round" "$proto" proxy "$pr" "$pc" "$pp" "$pm" "$ratio"
    printf '%s\t%s\thaproxy\t%s\t%s\t%s\t%s\n%s\t%s\tproxy\t%s\t%s\t%s\t%s\n' "$round" "$proto" "$hr" "$hc" "$hp" "$hm" \
      "$round" "$proto" "$pr" "$pc" "$pp" "$pm" >> "$OUT"
  done
done
echo "== proxy CPU by thread over the whole run (s): $(for t in /proc/$PROXY/task/*; do
  printf '%s %s\n' "$(tr ' ' _ < "$t/comm")" "$(awk '{print $14+$15}' "$t/stat")"; done |
  awk -v hz="$(getconf CLK_TCK)" '{sub(/[0-9]+$/,"N",$1); c[$1]+=$2} END{for (k in c) if (c[k]>0) printf "%s %.1f\n", k, c[k]/hz}' |
  sort -k2 -rn | head -8 | paste -sd, -)"
echo "== proxy RSS now $(awk '/VmRSS/{printf "%.0f MB", $2/1024}' /proc/$PROXY/status); access log lines: $(wc -l < "$RUN/proxy.access.log")"
grep -q "LEAK\|Exception\|CodeCache" "$RUN/proxy.err" && { echo "== proxy stderr:"; grep -m5 "LEAK\|Exception\|CodeCache" "$RUN/proxy.err"; }
if [ -n "${NMT:-}" ]; then
  echo "== JVM committed memory (NMT), MB:"
  jcmd "$PROXY" VM.native_memory summary scale=MB | grep -E "^-|Total" | sed 's/reserved=[0-9]*MB, //'
fi
if [ -n "${PROFILE:-}" ] && [ -f "$PROFILE" ]; then
  echo "== perf profile of the proxy (last h2 measurement), by DSO:"
  perf report -i "$PROFILE" --no-children --sort dso --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -12
  echo "-- by symbol (self):"
  perf report -i "$PROFILE" --no-children --sort sym --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -${N:-40}
fi
if [ -n "${JFR:-}" ] && [ -f "$JFR" ]; then
  "$HERE/jfr-summary.sh" "$JFR"
fi
echo "== results in $OUT"
