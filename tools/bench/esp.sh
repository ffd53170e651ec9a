#!/usr/bin/env bash
# ESP data-plane benchmark (not a test): TCP throughput through the tunnel, EdgeMx's user-space ESP vs strongSwan
# kernel-libipsec in the same role, both measured in the same run on the same lab.
#
# The lab (tools/lab/lab.sh, its own prefix) with the branch in $P-app being, in turn:
#   edgemx      `edgemx run` with board-configs/appliance/lab.json (tunnel hub1 over wan1; IKE and ESP proposals
#               forced to --ike/--esp, telemetry off, files under the lab's state dir): IKEv2 + user-space ESP over TUN,
#               ESP in UDP/4500;
#   strongswan  the lab's reference client (`lab.sh refclient start wan1 hub 1`): charon + kernel-libipsec (ESP in
#               user space over its TUN ipsec0, always in UDP/4500), same proposals.
# iperf3 (TCP, one stream) from the LAN client $P-lan (192.168.50.10) to hub1's private host 10.1.0.10 ("LAN→hub")
# and back (-R, "hub→LAN"), SECONDS each. Rounds alternate the branches (EdgeMx, then strongSwan, R times) so
# both see the same background load; each round starts its branch afresh, warms up with a 2 s transfer per
# direction, then measures one transfer per direction. Printed: the median Mbit/s (at the receiver), the CPU
# seconds per GB of the branch process (utime+stime of all its threads from /proc/PID/stat, over the transfer,
# divided by the bytes received) and the same for the hub's charon, the hub's CPU use in % of one core, and the
# ratios. For EdgeMx also the gen-2 GC count (`edgemx status --json` dataPlane.gen2Collections) before and after
# each measured transfer: the target is zero gen-2 collections during a transfer.
#
# Fairness:
#  * Every charon of this lab (hub and reference client) loads openssl first (EDGEMX_LAB_CHARON_PLUGINS, the lab's
#    default order too, set here explicitly so the bench does not depend on it), so strongSwan uses OpenSSL's AES-NI
#    AES-GCM. strongSwan's portable gcm+aes code is about ten times slower: measuring against it would flatter EdgeMx.
#  * The hub is kernel-libipsec in both cases and runs on the same cores as the branch (the machine has few): its
#    CPU use is printed so you can see when it, not the branch, bounds the throughput (near 100 % of one core: its
#    ESP threads are saturated). The branch's CPU seconds per GB is the comparison the hub does not bound.
#  * EdgeMx runs JIT-compiled with tiered compilation off (the appliance ships as a Native AOT image: no JIT, no
#    background recompilation at run time), as tools/bench/ike.sh does.
#
# usage: tools/bench/esp.sh [--rounds R] [--seconds S] [--esp PROPOSAL] [--ike PROPOSAL] [--wan wan1|wan2]
#        (defaults 5, 10, aes128gcm16, aes128gcm16-prfsha256-x25519, wan1; env EDGEMX_LAB_PREFIX, default emxbesp)
#        --wan wan2 runs both branches over the lab's NAT path (isp2 masquerades; EdgeMx gets wan2 as its primary
#        uplink, the reference client starts on wan2).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
ROUNDS=5 SECONDS_EACH=10 ESP=aes128gcm16 IKE=aes128gcm16-prfsha256-x25519 WAN=wan1
while [[ $# -gt 0 ]]; do
  case $1 in
    --rounds) ROUNDS=${2:-} ;;
    --seconds) SECONDS_EACH=${2:-} ;;
    --esp) ESP=${2:-} ;;
    --ike) IKE=${2:-} ;;
    --wan) WAN=${2:-} ;;
    *) echo "usage: $0 [--rounds R] [--seconds S] [--esp PROPOSAL] [--ike PROPOSAL] [--wan wan1|wan2]" >&2; exit 2 ;;
  esac
  shift 2
done
for n in "$ROUNDS" "$SECONDS_EACH"; do [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "bench: counts must be positive integers" >&2; exit 2; }; done
[[ $ESP =~ ^[a-z0-9-]+$ && $IKE =~ ^[a-z0-9-]+$ ]] || { echo "bench: bad proposal" >&2; exit 2; }
[[ $WAN == wan1 || $WAN == wan2 ]] || { echo "bench: --wan takes wan1 or wan2" >&2; exit 2; }
P=${EDGEMX_LAB_PREFIX:-emxbesp}
export EDGEMX_LAB_PREFIX=$P
export EDGEMX_LAB_CHARON_PLUGINS="random nonce openssl aes sha1 sha2 hmac gcm curve25519 kdf pem pkcs1 x509 pubkey vici kernel-libipsec kernel-netlink socket-default updown"
[[ $(id -u) -eq 0 ]] || { echo "bench: run as root (network namespaces)" >&2; exit 1; }
lab() { bash "$root/tools/lab/lab.sh" "$@"; }
say() { echo "bench: $*" >&2; }

bash tools/setup.sh >/dev/null
say "building firmware/EdgeMx.Appliance (Release)"
dotnet build firmware/EdgeMx.Appliance -c Release -nologo -v:q 2>&1 | grep -E " error |rror\(s\)" | grep -v " 0 Error" && exit 1

STATE=/run/edgemx-lab/$P
work=$STATE/bench-esp
app=
iperf_pid=
cleanup() {
  set +e
  if [[ -n $app ]]; then kill -TERM "$app" 2>/dev/null; wait "$app" 2>/dev/null; fi
  if [[ -n $iperf_pid ]]; then kill "$iperf_pid" 2>/dev/null; wait "$iperf_pid" 2>/dev/null; fi
  [[ -d $STATE ]] && lab refclient stop >/dev/null 2>&1
  lab down >/dev/null 2>&1
}
trap cleanup EXIT
# A lab left over under this prefix (an interrupted run) is rebuilt, so the hubs load the plugin order above.
lab down >/dev/null 2>&1 || true
say "lab $P up"
lab up >/dev/null
mkdir -p "$work"
chmod 0700 "$work"
# A copy of the build, so a rebuild in the working tree during the run cannot change what is measured.
cp -a "$root/firmware/EdgeMx.Appliance/bin/Release/net10.0" "$work/bin"
edgemx=$work/bin/edgemx
[[ -x $edgemx ]] || { say "missing $edgemx"; exit 1; }
hub_pid=$(<"$STATE/hub1/charon.pid")

python3 - "$root/board-configs/appliance/lab.json" "$work" "$STATE" "$IKE" "$ESP" "$WAN" <<'EOF'
import json, sys
src, d, state, ike, esp, wan = sys.argv[1:]
c = json.load(open(src))
c.pop("$schema", None)
c["controlSocket"]["path"] = f"{d}/control.sock"
c["eventLog"]["path"] = f"{d}/events.jsonl"
c.pop("telemetry", None)
c["uplinkSelection"]["primary"] = wan
for t in c["tunnels"]:
    t["pskFile"] = t["pskFile"].replace("/run/edgemx-lab/emx/", f"{state}/")
    t["ikeProposals"] = ike
    t["espProposals"] = esp
json.dump(c, open(f"{d}/edgemx.json", "w"), indent=2)
EOF
export EDGEMX_SOCKET=$work/control.sock

# iperf3 server on hub1's private host (one server, tests run one after another)
ip netns exec "$P-hub1-net" iperf3 -s -B 10.1.0.10 </dev/null >"$work/iperf3-server.log" 2>&1 &
iperf_pid=$!

wait_for() { # wait_for SECONDS 'shell condition' WHAT
  local deadline=$(($(date +%s) + $1))
  until eval "$2"; do
    (($(date +%s) < deadline)) || { say "timed out waiting for $3"; return 1; }
    sleep 0.2
  done
}
cpu_ticks() { local s; read -r s <"/proc/$1/stat"; s=${s##*) }; awk '{print $12 + $13}' <<<"$s"; }
# gc_state: "gen2 gen0 allocatedBytes packets" of the appliance (status --json dataPlane)
gc_state() {
  "$edgemx" status --json | python3 -c '
import json, sys
d = json.load(sys.stdin)["dataPlane"]
print(d["gen2Collections"], d["gen0Collections"], d["allocatedBytes"], d["packetsIn"] + d["packetsOut"])'
}
tunnel_works() { ip netns exec "$P-lan" ping -c 1 -W 1 10.1.0.10 >/dev/null 2>&1; }

start_edgemx() {
  rm -f "$work/control.sock"
  setsid ip netns exec "$P-app" env DOTNET_TieredCompilation=0 "$edgemx" run --config "$work/edgemx.json" --log-format text \
    </dev/null >>"$work/edgemx.log" 2>&1 &
  app=$!
  wait_for 120 "[[ -S '$work/control.sock' ]] && tunnel_works" "the EdgeMx tunnel (LAN → 10.1.0.10)" ||
    { tail -n 30 "$work/edgemx.log" >&2; exit 1; }
  branch_pid=$(pgrep -P "$app" -x edgemx || echo "$app") # ip netns exec execs; setsid may fork
}
stop_edgemx() { kill -TERM "$app"; wait "$app" 2>/dev/null || true; app=; }
start_strongswan() {
  lab refclient start "$WAN" hub 1 --proposal "$IKE" --esp-proposal "$ESP" >"$work/refclient.out" 2>&1 ||
    { cat "$work/refclient.out" >&2; exit 1; }
  wait_for 30 tunnel_works "the strongSwan tunnel (LAN → 10.1.0.10)" || exit 1
  branch_pid=$(<"$STATE/refclient/charon.pid")
}
stop_strongswan() { lab refclient stop >/dev/null; }

# transfer DIRECTION SECONDS [JSON]: one iperf3 run; DIRECTION up (LAN→hub) or down (hub→LAN, -R)
transfer() {
  local flag=
  [[ $1 == down ]] && flag=-R
  ip netns exec "$P-lan" iperf3 -c 10.1.0.10 -t "$2" $flag -J >"${3:-/dev/null}" 2>&1 ||
    { say "iperf3 failed ($1)"; [[ -n ${3:-} ]] && cat "$3" >&2; exit 1; }
}

# measure NAME DIRECTION: one measured transfer; appends
#   "mbps branch_s_per_gb hub_s_per_gb hub_pct gen2_delta retransmits gen0_delta allocated_bytes_per_packet"
measure() {
  local name=$1 dir=$2 json=$work/$1-$2-$round.json g0="- - - -" g1="- - - -" b0 b1 h0 h1 t0 t1
  [[ $name == edgemx ]] && g0=$(gc_state)
  b0=$(cpu_ticks "$branch_pid"); h0=$(cpu_ticks "$hub_pid"); t0=$(date +%s.%N)
  transfer "$dir" "$SECONDS_EACH" "$json"
  b1=$(cpu_ticks "$branch_pid"); h1=$(cpu_ticks "$hub_pid"); t1=$(date +%s.%N)
  [[ $name == edgemx ]] && g1=$(gc_state)
  python3 - "$json" "$b0" "$b1" "$h0" "$h1" "$t0" "$t1" "$g0" "$g1" "$(getconf CLK_TCK)" >>"$work/$name-$dir.results" <<'EOF'
import json, sys
path, b0, b1, h0, h1, t0, t1, g0, g1, hz = sys.argv[1:]
g0, g1 = g0.split(), g1.split()
ends = json.load(open(path))["end"]
end = ends["sum_received"]
retransmits = ends["sum_sent"].get("retransmits", 0)
gb = end["bytes"] / 1e9
branch = (int(b1) - int(b0)) / int(hz)
hub = (int(h1) - int(h0)) / int(hz)
if g0[0] != "-":
    gen2, gen0 = int(g1[0]) - int(g0[0]), int(g1[1]) - int(g0[1])
    per_packet = f"{(int(g1[2]) - int(g0[2])) / max(1, int(g1[3]) - int(g0[3])):.2f}"
else:
    gen2 = gen0 = per_packet = "-"
print(f"{end['bits_per_second'] / 1e6:.1f} {branch / gb:.2f} {hub / gb:.2f} {100 * hub / (float(t1) - float(t0)):.0f} {gen2} {retransmits} {gen0} {per_packet}")
EOF
  say "  $name $dir: $(tail -n 1 "$work/$name-$dir.results") (Mbit/s, branch CPU s/GB, hub CPU s/GB, hub %, gen-2, TCP retransmits, gen-0, bytes allocated per packet)"
}

# settle PID: until the process used less than 5 % of a core over a second (at most 60 s): EdgeMx compiles its
# start-up code for a while after the tunnel is up, and that must not count against its data plane.
settle() {
  local i a b
  for ((i = 0; i < 60; i++)); do
    a=$(cpu_ticks "$1"); sleep 1; b=$(cpu_ticks "$1")
    (((b - a) * 100 < 5 * $(getconf CLK_TCK))) && return 0
  done
  say "  (the branch process did not settle in 60 s; measuring anyway)"
}

round_of() { # round_of NAME
  "start_$1"
  settle "$branch_pid"
  transfer up 2
  transfer down 2
  measure "$1" up
  measure "$1" down
  "stop_$1"
}

say "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
say "$ROUNDS rounds × (EdgeMx, strongSwan) × (LAN→hub, hub→LAN) × $SECONDS_EACH s; IKE $IKE, ESP $ESP"
for ((round = 1; round <= ROUNDS; round++)); do
  say "round $round/$ROUNDS"
  round_of edgemx
  round_of strongswan
done

# column N of FILE's median (numeric), and the largest gen-2 delta
median() { # median FILE COLUMN FORMAT
  sort -n <(awk -v c="$2" '{print $c}' "$1") |
    awk -v f="$3" '{v[NR] = $1} END {m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf f, m}'
}
ratio() { python3 -c "import sys; a, b = map(float, sys.argv[1:]); print(f'{a / b:.2f}' if b else 'n/a')" "$1" "$2"; }

echo
echo "ESP benchmark: iperf3 TCP $P-lan (192.168.50.10) <-> 10.1.0.10 behind hub1 (strongSwan kernel-libipsec, OpenSSL"
echo "AES-GCM) over $WAN; IKE $IKE, ESP $ESP; median of $ROUNDS transfers of $SECONDS_EACH s per direction; $(nproc) cores"
echo
printf '%-9s %-12s %10s %17s %14s %10s %12s %18s\n' direction branch "Mbit/s" "branch CPU s/GB" "hub CPU s/GB" "hub CPU %" "TCP retrans" "gen-2 GCs/transfer"
ok=1
for dir in up down; do
  label=$([[ $dir == up ]] && echo "LAN->hub" || echo "hub->LAN")
  e=$work/edgemx-$dir.results s=$work/strongswan-$dir.results
  em=$(median "$e" 1 %.1f) sm=$(median "$s" 1 %.1f) ec=$(median "$e" 2 %.2f) sc=$(median "$s" 2 %.2f)
  eg=$(awk 'BEGIN {m = 0} $5 > m {m = $5} END {print m}' "$e")
  e0=$(awk 'BEGIN {m = 0} $7 > m {m = $7} END {print m}' "$e")
  ea=$(median "$e" 8 %.2f)
  printf '%-9s %-12s %10s %17s %14s %10s %12s %18s\n' "$label" EdgeMx "$em" "$ec" "$(median "$e" 3 %.2f)" "$(median "$e" 4 %.0f)" \
    "$(median "$e" 6 %.0f)" "max $eg"
  printf '%-9s %-12s %10s %17s %14s %10s %12s %18s\n' "" strongSwan "$sm" "$sc" "$(median "$s" 3 %.2f)" "$(median "$s" 4 %.0f)" \
    "$(median "$s" 6 %.0f)" "-"
  printf '%-9s %-12s %10s %17s\n' "" "ratio" "$(ratio "$em" "$sm")x" "$(ratio "$ec" "$sc")x"
  awk -v a="$em" -v b="$sm" 'BEGIN { exit !(a >= 2 * b) }' && echo "  throughput target (>= 2x libipsec): PASS" ||
    { echo "  throughput target (>= 2x libipsec): FAIL"; ok=0; }
  [[ $eg == 0 ]] && echo "  gen-2 GCs during a transfer: none (PASS)" || { echo "  gen-2 GCs during a transfer: $eg (FAIL)"; ok=0; }
  echo "  EdgeMx process during a transfer: at most $e0 gen-0 GCs; $ea bytes allocated per packet carried (median; the"
  echo "  whole process: monitoring probes, timers, the status queries of this script)"
done
echo
echo "Ratios are EdgeMx / strongSwan: above 1 means EdgeMx moves more Mbit/s, below 1 that it spends fewer CPU seconds"
echo "per GB. The hub is kernel-libipsec in both runs and shares the machine's cores with the branch: a hub CPU % near"
echo "100 means its ESP thread is saturated and bounds the throughput of either branch, whatever the branch's speed;"
echo "then the branch CPU s/GB column is the fair comparison of the two data planes."
[[ $ok -eq 1 ]]
