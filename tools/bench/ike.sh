#!/usr/bin/env bash
# IKEv2 benchmark (not a test): EdgeMx against strongSwan, both measured in the same run on this machine.
#
#  (1) time from "initiate" to CHILD_SA installed against a strongSwan responder: the EdgeMx initiator vs the
#      strongSwan initiator, alternating one setup each, median of N (default 50) after 3 warm-up setups each.
#      EdgeMx: from the Initiate command posted to the engine's loop to the return of the installer call that put
#      the CHILD_SA into the user-space ESP data plane (TUN device, SA table, route). strongSwan: from the vici
#      `initiate` request (timeout set, so charon answers once the CHILD_SA is up: installed into kernel-libipsec
#      and routed via ipsec0) to its response. Both are timed by the same benchmark process, each SA is deleted
#      before the next setup.
#  (2) IKE_SA + CHILD_SA setups per second with many concurrent initiators (default 100), against the EdgeMx
#      responder vs the strongSwan responder, alternating one burst each, median of R (default 5) bursts after a
#      warm-up burst each. The EdgeMx responder is an IkeRunnerPool with one engine per core (each engine its own loop
#      and its own share of the SPI space, behind the same sockets and data plane), as charon spreads its IKE work
#      over its thread pool. The initiators are EdgeMx engines in one generator process (strongSwan's load-tester
#      plugin is not packaged here), the same generator for both responders; each initiator has its own identity
#      and /32 inner subnet, like a branch. Rate = N / (first Initiate -> last CHILD_SA installed at the initiators).
#
# Same proposals on every side (default IKE aes128gcm16-prfsha256-x25519, ESP aes128gcm16), NAT-T forced on every
# side (kernel-libipsec forces it for strongSwan, EdgeMx initiators force it too), PSK authentication. Responder
# defences are set alike: COOKIEs only above 10000 half-open SAs on both, no per-peer half-open blocking in
# strongSwan (its default block_threshold of 5 half-open SAs per peer address would throttle the single generator).
#
# Topology, all in namespaces prefixed $P (env EDGEMX_BENCH_PREFIX, default emxike), a bridge in $P-net joining:
#   $P-sr  strongSwan responder  10.77.0.1      $P-er  EdgeMx responder        10.77.0.2
#   $P-si  strongSwan initiator  10.77.0.11     $P-ei  EdgeMx initiator / load generator 10.77.0.12
# Each charon runs in its own mount namespace with a private /run (as in tools/lab/lab.sh). Everything is removed
# at exit (namespaces, processes, /run/edgemx-bench/$P).
#
# usage: tools/bench/ike.sh [--count N] [--concurrency C] [--rounds R] [--ike PROPOSAL] [--esp PROPOSAL]
#                           [--only initiate|load]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
COUNT=50 CONC=100 ROUNDS=5 IKE=aes128gcm16-prfsha256-x25519 ESP=aes128gcm16 ONLY=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --count) COUNT=$2 ;;
    --concurrency) CONC=$2 ;;
    --rounds) ROUNDS=$2 ;;
    --ike) IKE=$2 ;;
    --esp) ESP=$2 ;;
    --only) ONLY=$2 ;;
    *) echo "usage: $0 [--count N] [--concurrency C] [--rounds R] [--ike P] [--esp P] [--only initiate|load]" >&2; exit 2 ;;
  esac
  shift 2
done
for n in "$COUNT" "$CONC" "$ROUNDS"; do [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "bench: counts must be positive integers" >&2; exit 2; }; done
(( CONC <= 2500 )) || { echo "bench: at most 2500 concurrent initiators (10.200.0.0/16 inner addresses)" >&2; exit 2; }
P=${EDGEMX_BENCH_PREFIX:-emxike}
[[ $P =~ ^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$ ]] || { echo "bench: bad EDGEMX_BENCH_PREFIX" >&2; exit 2; }
[[ $(id -u) -eq 0 ]] || { echo "bench: run as root (network namespaces)" >&2; exit 1; }
STATE=/run/edgemx-bench/$P
NODES=(net sr er si ei)

say() { echo "bench: $*" >&2; }

cleanup() {
  set +e
  local f pid
  for f in "$STATE"/*.pid; do
    [[ -f $f ]] || continue
    read -r pid <"$f"
    [[ $pid =~ ^[0-9]+$ ]] || continue
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
  done
  for f in "$STATE"/*.pid; do
    [[ -f $f ]] || continue
    read -r pid <"$f"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
  done
  for n in "${NODES[@]}"; do ip netns del "$P-$n" 2>/dev/null; done
  rm -rf "$STATE"
}
trap cleanup EXIT
cleanup
trap cleanup EXIT

say "building tools/EdgeMx.Benchmarks (Release)"
dotnet build tools/EdgeMx.Benchmarks -c Release -nologo -v:q 2>&1 | grep -E " error |rror\(s\)" | grep -v " 0 Error" && exit 1
bench_dll=$root/tools/EdgeMx.Benchmarks/bin/Release/net10.0/EdgeMx.Benchmarks.dll
[[ -f $bench_dll ]] || { say "missing $bench_dll"; exit 1; }
# The appliance ships as a Native AOT image: no JIT at run time. The benchmark runs JIT-compiled code, with tiered
# compilation off so every method is compiled once, optimised, on first use (in the warm-ups) and no background
# re-compilation eats CPU during the measurements.
run_dotnet=(env DOTNET_TieredCompilation=0 dotnet "$bench_dll")

mkdir -p "$STATE"
chmod 0700 "$STATE"
head -c 24 /dev/urandom | base64 >"$STATE/psk"
chmod 0600 "$STATE/psk"
PSK=$(<"$STATE/psk")

# --- topology ---------------------------------------------------------------------------------------------------
for n in "${NODES[@]}"; do
  ip netns add "$P-$n"
  ip -n "$P-$n" link set lo up
done
ip -n "$P-net" link add br0 type bridge
ip -n "$P-net" link set br0 up
declare -A ADDR=([sr]=10.77.0.1 [er]=10.77.0.2 [si]=10.77.0.11 [ei]=10.77.0.12)
for n in sr er si ei; do
  ip link add name eth0 netns "$P-$n" type veth peer name "$n" netns "$P-net"
  ip -n "$P-net" link set "$n" master br0 up
  ip -n "$P-$n" addr add "${ADDR[$n]}/24" dev eth0
  ip -n "$P-$n" link set eth0 up
done
# inner addresses, so routes into the tunnels have a source inside the local traffic selector
for n in sr er; do ip -n "$P-$n" addr add 10.1.0.1/32 dev lo; done
ip -n "$P-si" addr add 10.200.255.1/32 dev lo
ip -n "$P-ei" addr add 10.200.255.2/32 dev lo

# --- strongSwan ---------------------------------------------------------------------------------------------------
strongswan_conf() { # DIR
  cat >"$1/strongswan.conf" <<CONF
charon {
    # openssl first: strongSwan's fastest code for every algorithm it has (AES-NI, OpenSSL's bignum), as EdgeMx's
    # platform provider uses OpenSSL
    load = random nonce openssl aes sha1 sha2 hmac gcm curve25519 kdf pem pkcs1 x509 pubkey vici kernel-libipsec kernel-netlink socket-default updown
    # MODP private exponents sized to the group's strength (RFC 3526 §8), as EdgeMx's (256 bits): by default
    # strongSwan draws them as long as the prime (ANSI X9.42), which would make its MODP look slower than it need be
    dh_exponent_ansi_x9_42 = no
    port = 500
    port_nat_t = 4500
    install_routes = yes
    install_virtual_ip = no
    # responder defences set like the EdgeMx responder's in this benchmark (see the header)
    cookie_threshold = 10000
    block_threshold = 10000
    init_limit_half_open = 0
    plugins {
        vici {
            socket = unix://$1/charon.vici
        }
    }
    filelog {
        bench {
            path = $1/charon.log
            time_format = %F %T
            default = 0
            flush_line = yes
        }
    }
    syslog {
        daemon {
            default = -1
        }
    }
}
CONF
}

# start_charon NODE : charon in the node's namespace with a private /run; the state dir bound back at its path.
start_charon() {
  local node=$1 dir=$STATE/$1
  mkdir -p "$dir"
  strongswan_conf "$dir"
  setsid ip netns exec "$P-$node" unshare -m --propagation private bash -c '
      set -e
      echo $$ >"$1/charon.pid"
      exec 3<"$0"
      mount -t tmpfs -o mode=0755 bench-run /run
      mkdir -p "$0" /run/strongswan
      mount --no-canonicalize --bind /proc/self/fd/3 "$0"
      exec 3<&-
      export STRONGSWAN_CONF="$1/strongswan.conf"
      exec /usr/lib/ipsec/charon' "$STATE" "$dir" </dev/null >"$dir/charon.out" 2>&1 &
  local i
  for ((i = 0; i < 200; i++)); do
    [[ -s $dir/charon.pid ]] && cp "$dir/charon.pid" "$STATE/charon-$node.pid"
    if [[ -S $dir/charon.vici ]] && swanctl --stats --uri "unix://$dir/charon.vici" &>/dev/null; then return 0; fi
    sleep 0.05
  done
  tail -n 20 "$dir/charon.out" "$dir/charon.log" >&2 2>/dev/null || true
  say "charon in $P-$node did not come up"
  exit 1
}

load_swanctl() { # NODE
  local dir=$STATE/$1 out
  chmod 0600 "$dir/swanctl.conf"
  out=$(swanctl --load-all --clear --noprompt --uri "unix://$dir/charon.vici" --file "$dir/swanctl.conf" 2>&1) ||
    { echo "$out" >&2; say "charon in $P-$1 rejected $dir/swanctl.conf"; exit 1; }
}

start_charon sr
cat >"$STATE/sr/swanctl.conf" <<CONF
connections {
    spokes {
        version = 2
        local_addrs = 10.77.0.1
        remote_addrs = %any
        proposals = $IKE
        unique = never
        send_certreq = no
        local {
            auth = psk
            id = r.bench
        }
        remote {
            auth = psk
            id = %any
        }
        children {
            net {
                local_ts = 10.1.0.0/24
                remote_ts = 10.200.0.0/16
                esp_proposals = $ESP
                start_action = none
            }
        }
    }
}
secrets {
    ike-any {
        secret = "$PSK"
    }
}
CONF
load_swanctl sr

# --- (1) initiate -> CHILD_SA installed ---------------------------------------------------------------------------
result_initiate="" result_load=""
if [[ $ONLY != load ]]; then
  start_charon si
  cat >"$STATE/si/swanctl.conf" <<CONF
connections {
    bench {
        version = 2
        local_addrs = 10.77.0.11
        remote_addrs = 10.77.0.1
        proposals = $IKE
        send_certreq = no
        local {
            auth = psk
            id = si.bench
        }
        remote {
            auth = psk
            id = r.bench
        }
        children {
            net {
                local_ts = 10.200.255.1/32
                remote_ts = 10.1.0.0/24
                esp_proposals = $ESP
                start_action = none
            }
        }
    }
}
secrets {
    ike-r {
        secret = "$PSK"
    }
}
CONF
  load_swanctl si
  say "(1) initiate -> CHILD_SA installed against the strongSwan responder, $COUNT setups each"
  ip netns exec "$P-ei" "${run_dotnet[@]}" ike-initiate --count "$COUNT" --local 10.77.0.12 --dev eth0 \
    --remote 10.77.0.1 --local-id ei.bench --remote-id r.bench --psk-file "$STATE/psk" --ike "$IKE" --esp "$ESP" \
    --local-ts 10.200.255.2/32 --remote-ts 10.1.0.0/24 --tun emxbench0 --vici "$STATE/si/charon.vici" \
    | tee "$STATE/initiate.out"
  result_initiate=$(grep '^RESULT' "$STATE/initiate.out" || true)
fi

# --- (2) setups per second ----------------------------------------------------------------------------------------
if [[ $ONLY != initiate ]]; then
  say "(2) $CONC concurrent initiators: EdgeMx responder vs strongSwan responder, $ROUNDS bursts each"
  setsid ip netns exec "$P-er" "${run_dotnet[@]}" ike-respond --local 10.77.0.2 --dev eth0 --local-id r.bench \
    --psk-file "$STATE/psk" --ike "$IKE" --esp "$ESP" --local-ts 10.1.0.0/24 --remote-ts 10.200.0.0/16 \
    --tun emxbench0 --cookie-threshold 10000 --half-open-limit 20000 </dev/null >"$STATE/er.out" 2>&1 &
  echo $! >"$STATE/er.pid"
  for ((i = 0; i < 600; i++)); do
    grep -q '^ready' "$STATE/er.out" 2>/dev/null && break
    kill -0 "$(<"$STATE/er.pid")" 2>/dev/null || { cat "$STATE/er.out" >&2; say "the EdgeMx responder exited"; exit 1; }
    sleep 0.05
  done
  grep -q '^ready' "$STATE/er.out" || { cat "$STATE/er.out" >&2; say "the EdgeMx responder did not start"; exit 1; }
  ip netns exec "$P-ei" "${run_dotnet[@]}" ike-load --concurrency "$CONC" --rounds "$ROUNDS" --local 10.77.0.12 \
    --dev eth0 --remote-id r.bench --psk-file "$STATE/psk" --ike "$IKE" --esp "$ESP" --remote-ts 10.1.0.0/24 \
    --targets edgemx=10.77.0.2,strongswan=10.77.0.1 --pids "edgemx=$(<"$STATE/er.pid"),strongswan=$(<"$STATE/sr/charon.pid")" \
    | tee "$STATE/load.out"
  result_load=$(grep '^RESULT' "$STATE/load.out" | sed '2,$s/^/  /' || true)
  kill -TERM "$(<"$STATE/er.pid")"
  for ((i = 0; i < 100; i++)); do kill -0 "$(<"$STATE/er.pid")" 2>/dev/null || break; sleep 0.05; done
  grep -v '^ready' "$STATE/er.out" >&2 || true
fi

echo
echo "summary (IKE $IKE, ESP $ESP):"
[[ -n $result_initiate ]] && echo "  $result_initiate"
[[ -n $result_load ]] && echo "  $result_load"
exit 0
