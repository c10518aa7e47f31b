#!/usr/bin/env bash
# bench/proxy/jfr-summary.sh FILE.jfr - where a JFR recording of the proxy says CPU and allocation go:
# execution samples by thread, by top frame and by the first frame in our code or a Netty package; allocation
# samples by top frame (weight = sampled bytes). Uses the JDK's `jfr print`.
set -euo pipefail
F=$1 N=${N:-25}
jfr print --events jdk.ExecutionSample "$F" > "$F.cpu.txt"
total=$(grep -c 'jdk.ExecutionSample' "$F.cpu.txt" || true)
echo "== JFR CPU samples: $total (Java code only; native, kernel and GC time are not sampled by JFR)"
echo "-- by thread"
awk '/sampledThread = /{sub(/.*sampledThread = "/,""); sub(/".*/,""); gsub(/-[0-9]+$/,"-N"); c[$0]++} END{for (k in c) printf "%6d %5.1f%%  %s\n", c[k], 100*c[k]/'"${total:-1}"', k}' "$F.cpu.txt" | sort -rn | head -10
echo "-- by top frame"
awk '/stackTrace = \[/{getline; sub(/^ +/,""); sub(/ +line:.*/,""); c[$0]++} END{for (k in c) printf "%6d %5.1f%%  %s\n", c[k], 100*c[k]/'"${total:-1}"', k}' "$F.cpu.txt" | sort -rn | head -"$N"
echo "-- by package of the top frame"
awk '/stackTrace = \[/{getline; sub(/^ +/,""); sub(/\(.*/,""); n=split($0,a,"."); p=a[1]; for (i=2;i<=n-2 && i<=4;i++) p=p"."a[i]; c[p]++} END{for (k in c) printf "%6d %5.1f%%  %s\n", c[k], 100*c[k]/'"${total:-1}"', k}' "$F.cpu.txt" | sort -rn | head -15
jfr print --events jdk.ObjectAllocationSample "$F" > "$F.alloc.txt"
echo "== JFR allocation samples, by top frame (MB sampled weight)"
awk '/objectClass = /{cls=$3} /weight = /{w=$3; u=$4; if (u ~ /kB/) w/=1024; else if (u ~ /bytes/) w/=1048576; else if (u ~ /GB/) w*=1024} /stackTrace = \[/{getline; sub(/^ +/,""); sub(/ +line:.*/,""); c[$0" ("cls")"]+=w; t+=w} END{for (k in c) printf "%8.1f %5.1f%%  %s\n", c[k], 100*c[k]/t, k}' "$F.alloc.txt" | sort -rn | head -"$N"
