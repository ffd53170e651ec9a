#!/usr/bin/env bash
# MQTT telemetry benchmark (not a test). Three measurements, each against a reference measured in the same run:
#
# 1. Publish throughput to a local mosquitto (loopback, its own port): COUNT messages of SIZE bytes, timed at a
#    mosquitto_sub subscriber from the first to the last message it receives (so neither publisher's start-up
#    counts). Ours (tools/EdgeMx.Benchmarks `mqtt-publish`: PublishAsync at QoS 0 and 1, and the durable offline
#    queue at QoS 1 — the path every event takes, one fsync per record) vs `mosquitto_pub -l` at the same QoS.
# 2. Event-to-subscriber latency through the lab broker: `edgemx run` in $P-app with the lab config; an event every
#    100 ms (SIGHUP → system.config.reloaded); mosquitto_sub in $P-svc stamps each arrival (%U); latency = arrival −
#    the event's own "time" (stamped when the event log took it). Reference: `mosquitto_pub -l` in $P-app fed
#    "date +%s.%N" lines, same broker, same path, same subscriber.
# 3. CPU cost of telemetry at the default rates (state at most every 2 s, metrics every 30 s, keep-alive 30 s):
#    CPU time (utime+stime) of `edgemx run` over WINDOW s after a settling period, with the lab config's telemetry
#    section at its defaults vs the same config without telemetry.
#
# usage: tools/bench/mqtt.sh [COUNT] [EVENTS] [WINDOW]   (defaults 20000, 300, 60; env EDGEMX_LAB_PREFIX, default emxbmq)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
COUNT=${1:-20000}
EVENTS=${2:-300}
WINDOW=${3:-60}
SIZE=200
P=${EDGEMX_LAB_PREFIX:-emxbmq}
export EDGEMX_LAB_PREFIX=$P
[[ $(id -u) -eq 0 ]] || { echo "bench: run as root" >&2; exit 1; }
lab() { bash "$root/tools/lab/lab.sh" "$@" >/dev/null; }

bash tools/setup.sh >/dev/null
dotnet build firmware/EdgeMx.Appliance -c Release -nologo -v:q >/dev/null
dotnet build tools/EdgeMx.Benchmarks -c Release -nologo -v:q >/dev/null
edgemx=$root/firmware/EdgeMx.Appliance/bin/Release/net10.0/edgemx
ours=$root/tools/EdgeMx.Benchmarks/bin/Release/net10.0/EdgeMx.Benchmarks
work=$(mktemp -d /tmp/edgemx-bench-mqtt.XXXXXX)

pids=()
app=
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [[ -n $app ]]; then kill -TERM "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; fi
  bash "$root/tools/lab/lab.sh" down >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
wait_for() { # wait_for SECONDS 'shell condition' WHAT
  local deadline=$(( $(date +%s) + $1 ))
  until eval "$2"; do
    (( $(date +%s) < deadline )) || { echo "bench: timed out waiting for $3" >&2; exit 1; }
    sleep 0.05
  done
}
stats() { # stdin: one number (ms) a line → "median X ms, p99 Y ms (n=N)"
  python3 -c '
import sys, statistics
v = sorted(float(x) for x in sys.stdin if x.strip())
p99 = v[min(len(v) - 1, int(round(0.99 * (len(v) - 1))))]
print(f"{statistics.median(v):.2f} {p99:.2f} {len(v)}")'
}

# ---------------------------------------------------------------------------------------------------------------
# 1. throughput on a loopback mosquitto
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$work/mosquitto.conf" <<EOF
listener $port 127.0.0.1
allow_anonymous true
persistence false
max_queued_messages 0
max_inflight_messages 100
EOF
mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 & pids+=($!)
wait_for 10 "mosquitto_pub -h 127.0.0.1 -p $port -t bench/ping -m x 2>/dev/null" "the loopback broker"

# run_sub NAME QOS: a subscriber to bench/NAME/# printing "TOPIC UNIXTIME"; returns when it is subscribed
run_sub() {
  stdbuf -oL mosquitto_sub -h 127.0.0.1 -p "$port" -q "$2" -t "bench/$1/#" -F '%t %U' >"$work/$1.ts" 2>&1 & sub=$!; pids+=($sub)
  wait_for 10 "mosquitto_pub -h 127.0.0.1 -p $port -t bench/$1/ready -m r; grep -q ready '$work/$1.ts'" "subscriber $1"
}
# rate NAME: messages per second between the first and the last data message at the subscriber
rate() {
  wait_for 300 "[[ \$(grep -c '^bench/$1/data ' '$work/$1.ts') -ge $COUNT ]]" "$COUNT messages at subscriber $1"
  kill "$sub"; wait "$sub" 2>/dev/null || true
  grep "^bench/$1/data " "$work/$1.ts" | awk -v n="$COUNT" 'NR == 1 {f = $2} {l = $2} END {printf "%.0f\n", (n - 1) / (l - f)}'
}
awk -v n="$COUNT" -v size="$SIZE" 'BEGIN { p = sprintf("%*s", size, ""); gsub(/ /, "x", p); for (i = 0; i < n; i++) print p }' >"$work/lines"
declare -A tput
for qos in 0 1; do
  run_sub "ours-q$qos" "$qos"
  "$ours" mqtt-publish 127.0.0.1 "$port" "bench/ours-q$qos/data" "$COUNT" "$SIZE" "$qos" volatile >"$work/ours-q$qos.out"
  tput[ours-q$qos]=$(rate "ours-q$qos")
  run_sub "ref-q$qos" "$qos"
  mosquitto_pub -h 127.0.0.1 -p "$port" -q "$qos" -t "bench/ref-q$qos/data" -l <"$work/lines"
  tput[ref-q$qos]=$(rate "ref-q$qos")
done
run_sub durable 1
"$ours" mqtt-publish 127.0.0.1 "$port" bench/durable/data "$COUNT" "$SIZE" 1 durable "$work/queue" >"$work/durable.out"
tput[durable]=$(rate durable)

# ---------------------------------------------------------------------------------------------------------------
# 2 and 3 in the lab
lab up
state=/run/edgemx-lab/$P/bench-mqtt
mkdir -p "$state"
# variant NAME KEEP: the lab config with the appliance's files under $state/NAME; KEEP = full (lab.json as shipped),
# defaults (telemetry at its default rates) or none (no telemetry section)
variant() {
  python3 - "$root/board-configs/appliance/lab.json" "$state/$1" "$2" <<'EOF'
import json, os, sys
src, d, keep = sys.argv[1:]
os.makedirs(d, exist_ok=True)
c = json.load(open(src))
c.pop("$schema", None)
c["controlSocket"]["path"] = f"{d}/control.sock"
c["eventLog"]["path"] = f"{d}/events.jsonl"
if keep == "none":
    del c["telemetry"]
else:
    c["telemetry"]["offlineQueue"]["path"] = f"{d}/mqtt-queue"
    if keep == "defaults":
        c["telemetry"].pop("stateMinIntervalMs", None)
        c["telemetry"].pop("metricsIntervalMs", None)
json.dump(c, open(f"{d}/edgemx.json", "w"))
EOF
}
start_app() { # start_app NAME
  setsid ip netns exec "$P-app" "$edgemx" run --config "$state/$1/edgemx.json" --log-format text </dev/null >"$state/$1/edgemx.log" 2>&1 &
  app=$!
  wait_for 90 "[[ -S '$state/$1/control.sock' ]]" "edgemx ($1) to start"
}
stop_app() { kill -TERM "$app"; wait "$app" 2>/dev/null || true; app=; }

# 2. latency
variant latency full
ip netns exec "$P-svc" stdbuf -oL mosquitto_sub -h 127.0.0.1 -q 1 -t edgemx/lab-branch/events -t bench/ref -F '%t %U %p' >"$state/latency.ts" 2>&1 & lsub=$!
pids+=($lsub)
sleep 0.5 # mosquitto_sub subscribes within milliseconds on loopback; the appliance's own start-up takes seconds
start_app latency
wait_for 60 "grep -q system.start '$state/latency.ts'" "the appliance's first events at the subscriber"
for ((i = 0; i < EVENTS; i++)); do kill -HUP "$app"; sleep 0.1; done
wait_for 60 "[[ \$(grep -c system.config.reloaded '$state/latency.ts') -ge $EVENTS ]]" "$EVENTS reload events"
for ((i = 0; i < EVENTS; i++)); do now; sleep 0.1; done | ip netns exec "$P-app" mosquitto_pub -h 203.0.113.100 -q 1 -t bench/ref -l
wait_for 30 "[[ \$(grep -c '^bench/ref ' '$state/latency.ts') -ge $EVENTS ]]" "$EVENTS reference messages"
stop_app
lat_ours=$(python3 -c '
import json, re, sys
from datetime import datetime
for line in open(sys.argv[1]):
    topic, at, payload = line.rstrip("\n").split(" ", 2)
    if not topic.endswith("/events"): continue
    e = json.loads(payload)
    if e["type"] != "system.config.reloaded": continue
    t = re.sub(r"(\.\d{6})\d*", r"\1", e["time"])
    print((float(at) - datetime.fromisoformat(t).timestamp()) * 1000)' "$state/latency.ts" | stats)
lat_ref=$(awk '$1 == "bench/ref" {printf "%.3f\n", ($2 - $3) * 1000}' "$state/latency.ts" | stats)

# 3. CPU cost at the default rates
cpu_of() { # cpu_of NAME: CPU seconds of the appliance over WINDOW s, after 20 s of settling
  start_app "$1"
  sleep 20
  local a b
  a=$(awk '{print $14 + $15}' "/proc/$app/stat")
  sleep "$WINDOW"
  b=$(awk '{print $14 + $15}' "/proc/$app/stat")
  stop_app
  echo "scale=3; ($b - $a) / $(getconf CLK_TCK)" | bc
}
variant cpu-telemetry defaults
variant cpu-none none
cpu_tel=$(cpu_of cpu-telemetry)
cpu_none=$(cpu_of cpu-none)

# ---------------------------------------------------------------------------------------------------------------
ratio() { python3 -c "import sys; a, b = map(float, sys.argv[1:]); print(f'{a / b:.2f}' if b else 'n/a')" "$1" "$2"; }
echo "MQTT benchmark ($(nproc) cores; $COUNT messages of $SIZE B; $EVENTS events; CPU window ${WINDOW} s)"
echo
echo "publish throughput at the subscriber (messages/s)     ours      mosquitto_pub   ratio"
printf '  QoS 0 (PublishAsync)                            %9s   %9s       %s\n' "${tput[ours-q0]}" "${tput[ref-q0]}" "$(ratio "${tput[ours-q0]}" "${tput[ref-q0]}")"
printf '  QoS 1 (PublishAsync)                            %9s   %9s       %s\n' "${tput[ours-q1]}" "${tput[ref-q1]}" "$(ratio "${tput[ours-q1]}" "${tput[ref-q1]}")"
printf '  QoS 1 (durable queue, fsync per record)         %9s   %9s       %s\n' "${tput[durable]}" "${tput[ref-q1]}" "$(ratio "${tput[durable]}" "${tput[ref-q1]}")"
echo
read -r om op on <<<"$lat_ours"
read -r rm rp rn <<<"$lat_ref"
echo "event-to-subscriber latency through the lab broker   median     p99      n"
printf '  ours (event log → queue → broker → subscriber)   %6s ms  %6s ms  %s\n' "$om" "$op" "$on"
printf '  mosquitto_pub -l (same path)                     %6s ms  %6s ms  %s\n' "$rm" "$rp" "$rn"
printf '  ratio (median, p99)                              %6s     %6s\n' "$(ratio "$om" "$rm")" "$(ratio "$op" "$rp")"
echo
echo "CPU of edgemx run over ${WINDOW} s (lab config, default telemetry rates)"
printf '  with telemetry      %s s (%.2f %% of one core)\n' "$cpu_tel" "$(echo "100 * $cpu_tel / $WINDOW" | bc -l)"
printf '  without telemetry   %s s (%.2f %% of one core)\n' "$cpu_none" "$(echo "100 * $cpu_none / $WINDOW" | bc -l)"
printf '  telemetry costs     %s s per %s s (%.3f %% of one core); ratio %s\n' "$(echo "$cpu_tel - $cpu_none" | bc)" "$WINDOW" \
  "$(echo "100 * ($cpu_tel - $cpu_none) / $WINDOW" | bc -l)" "$(ratio "$cpu_tel" "$cpu_none")"
