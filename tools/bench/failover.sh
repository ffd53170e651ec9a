#!/usr/bin/env bash
# Failover benchmark (not a test): in the lab, repeats two faults on WAN1 N times each and prints the median and p95
# time from the fault to the default route in $P-app pointing at WAN2.
#   carrier loss  (lab.sh link-down wan1)  target: median < 300 ms
#   black hole    (lab.sh blackhole wan1)  target: within one probe interval of interval × failureThreshold
# The fault instant is taken just before the lab.sh break command runs (so its own start-up, a few tens of ms, is
# counted against the appliance); the failover instant is the timestamp `ip -ts monitor route` in $P-app puts on the
# kernel's notification of the new default route (stamped when `ip` reads it, which can only be later). Both
# errors overstate, never understate, the failover time.
#
# usage: tools/bench/failover.sh [N]      (default 10; env EDGEMX_LAB_PREFIX, default emxbench)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
N=${1:-10}
[[ $N =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [N]" >&2; exit 2; }
P=${EDGEMX_LAB_PREFIX:-emxbench}
export EDGEMX_LAB_PREFIX=$P
[[ $(id -u) -eq 0 ]] || { echo "bench: run as root" >&2; exit 1; }
lab() { bash "$root/tools/lab/lab.sh" "$@" >/dev/null; }

bash tools/setup.sh >/dev/null
dotnet build firmware/EdgeMx.Appliance -c Release -nologo -v:q >/dev/null
edgemx=$root/firmware/EdgeMx.Appliance/bin/Release/net10.0/edgemx
# A lab this script brings up is torn down at the end; one that was up already (a developer's) is left up.
[[ -d /run/edgemx-lab/$P ]] && lab_was_up=1 || lab_was_up=0
lab up
work=/run/edgemx-lab/$P/bench
mkdir -p "$work"

# The lab config with a short failback hold, so each repetition returns to WAN1 quickly (the hold does not affect
# the failover being measured).
sed -e 's/"failbackHoldMs": *[0-9]*/"failbackHoldMs": 2000/' board-configs/appliance/lab.json >"$work/bench.json"
interval_ms=$(grep -o '"intervalMs": *[0-9]*' "$work/bench.json" | head -1 | grep -o '[0-9]*$')
threshold=$(grep -o '"failureThreshold": *[0-9]*' "$work/bench.json" | head -1 | grep -o '[0-9]*$')
socket=$work/control.sock
export EDGEMX_SOCKET=$socket

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [[ -n ${app:-} ]] && { kill -TERM "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; }
  lab link-up wan1 || true
  lab unblackhole wan1 || true
  [[ $lab_was_up -eq 1 ]] || lab down || true
}
trap cleanup EXIT

setsid ip netns exec "$P-app" "$edgemx" run --config "$work/bench.json" --control-socket "$socket" \
  --event-log "$work/events.jsonl" --log-format text </dev/null >"$work/edgemx.log" 2>&1 &
app=$!

ip -n "$P-app" -ts monitor route >"$work/app-route.mon" 2>&1 & pids+=($!)

# seconds since the epoch (with fraction) of an `ip -ts` line's "[2026-11-22T04:09:50.403370]"
ts() { date -d "$(sed -E 's/^\[([^]]+)\].*/\1/' <<<"$1")" +%s.%N; }
now() { date +%s.%N; }

default_via() { ip -n "$P-app" route show default | awk '/proto 77/ {print $3; exit}'; }

wait_state() { # wait_state UPLINK_GATEWAY SECONDS: until the default route points there and both uplinks are up
  local want=$1 secs=$2 i
  for ((i = 0; i < secs * 10; i++)); do
    if [[ $(default_via) == "$want" ]] && "$edgemx" status --json 2>/dev/null | grep -q '"monitor": "up"' \
       && [[ $("$edgemx" status --json | grep -c '"monitor": "up"') -eq 2 ]]; then return 0; fi
    sleep 0.1
  done
  echo "bench: the appliance did not reach 'default via $want, both uplinks up' in ${secs}s" >&2
  tail -n 20 "$work/edgemx.log" >&2
  exit 1
}

# first line after byte offset OFF of FILE matching REGEX
first_after() { tail -c +"$(( $2 + 1 ))" "$1" | grep -m1 -E "$3" || true; }

measure() { # measure KIND -> prints milliseconds from fault to "default via 10.0.2.1"
  local kind=$1 route_off t0 line t1
  wait_state 198.51.100.1 60
  sleep 1
  route_off=$(stat -c %s "$work/app-route.mon")
  t0=$(now)
  case $kind in
    carrier) lab link-down wan1 ;;
    blackhole) lab blackhole wan1 ;;
  esac
  for _ in $(seq 1 200); do
    line=$(first_after "$work/app-route.mon" "$route_off" '^\[[^]]+\] default via 10\.0\.2\.1')
    [[ -n $line ]] && break
    sleep 0.05
  done
  [[ -n $line ]] || { echo "bench: no failover to wan2 within 10 s ($kind)" >&2; exit 1; }
  t1=$(ts "$line")
  case $kind in
    carrier) lab link-up wan1 ;;
    blackhole) lab unblackhole wan1 ;;
  esac
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", (b - a) * 1000 }'
}

stats() { # stats FILE -> "median p95 min max"
  sort -n "$1" | awk '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    i = int(0.95 * NR + 0.999999); if (i < 1) i = 1; if (i > NR) i = NR
    printf "%.1f %.1f %.1f %.1f", m, v[i], v[1], v[NR] }'
}

for _ in $(seq 1 150); do [[ -S $socket ]] && break; sleep 0.2; done
echo "failover benchmark: $N × carrier loss, $N × black hole (probe interval ${interval_ms} ms, failure threshold ${threshold})"
: >"$work/carrier.ms"; : >"$work/blackhole.ms"
for i in $(seq 1 "$N"); do
  ms=$(measure carrier); echo "$ms" >>"$work/carrier.ms"; echo "  carrier loss #$i: $ms ms"
done
for i in $(seq 1 "$N"); do
  ms=$(measure blackhole); echo "$ms" >>"$work/blackhole.ms"; echo "  black hole   #$i: $ms ms"
done

read -r cm cp cmin cmax <<<"$(stats "$work/carrier.ms")"
read -r bm bp bmin bmax <<<"$(stats "$work/blackhole.ms")"
expected=$((interval_ms * threshold))
lo=$((expected - interval_ms)); hi=$((expected + interval_ms))
echo
printf '%-14s %10s %10s %10s %10s   %s\n' "fault" "median ms" "p95 ms" "min ms" "max ms" "target"
printf '%-14s %10s %10s %10s %10s   %s\n' "carrier loss" "$cm" "$cp" "$cmin" "$cmax" "median < 300 ms"
printf '%-14s %10s %10s %10s %10s   %s\n' "black hole" "$bm" "$bp" "$bmin" "$bmax" "within ${lo}..${hi} ms (interval × threshold = ${expected} ms ± one interval)"
ok=1
awk -v m="$cm" 'BEGIN { exit !(m < 300) }' && echo "carrier loss: PASS" || { echo "carrier loss: FAIL"; ok=0; }
awk -v m="$bm" -v p="$bp" -v lo="$lo" -v hi="$hi" 'BEGIN { exit !(m >= lo && p <= hi) }' && echo "black hole: PASS" || { echo "black hole: FAIL"; ok=0; }
[[ $ok -eq 1 ]]
