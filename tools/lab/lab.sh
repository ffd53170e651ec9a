#!/usr/bin/env bash
# The EdgeMx lab: the appliance's surroundings (a LAN client, two ISPs - one behind NAT -, an "internet", two
# strongSwan hubs with private health endpoints, public services) built from network namespaces on this machine.
# The addressing is fixed by LAB-PLAN (see tools/lab/README.md). Nothing is created in the root namespace; every
# namespace carries the prefix $EDGEMX_LAB_PREFIX (default emx); state lives in /run/edgemx-lab/$PREFIX/.
#
# usage: lab.sh COMMAND [ARGS...]   (lab.sh help lists the commands)
set -euo pipefail

P=${EDGEMX_LAB_PREFIX:-emx}
[[ $P =~ ^[A-Za-z0-9][A-Za-z0-9_-]{0,23}$ ]] || { echo "lab: bad EDGEMX_LAB_PREFIX '$P' (letters, digits, _ and -, at most 24)" >&2; exit 2; }
LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STATE=/run/edgemx-lab/$P
NODES=(app lan isp1 isp2 inet hub1 hub1-net hub2 hub2-net svc)
LAN_NET=192.168.50.0/24
# The plugins every charon of the lab (hubs, reference client) loads, in this order; when several provide an
# algorithm the first loaded is used. openssl comes first, so AES-GCM and AES-CBC run on OpenSSL's AES-NI code (what a
# production strongSwan hub uses); strongSwan's portable `gcm`+`aes` code is about ten times slower, which made every
# lab transfer slow and, on a loaded machine, slow enough to miss a test's deadline. The portable plugins stay loaded
# for what openssl does not provide. EDGEMX_LAB_CHARON_PLUGINS replaces the list, taking effect at the next `up`
# (hubs) or `refclient start`.
CHARON_PLUGINS=${EDGEMX_LAB_CHARON_PLUGINS:-random nonce openssl aes sha1 sha2 hmac gcm curve25519 kdf pem pkcs1 x509 pubkey vici kernel-libipsec kernel-netlink socket-default updown}
[[ $CHARON_PLUGINS =~ ^[a-z0-9\ -]+$ ]] || { echo "lab: bad EDGEMX_LAB_CHARON_PLUGINS (plugin names separated by spaces)" >&2; exit 2; }

# ---------------------------------------------------------------------------------------------------------------
# small helpers

die() { echo "lab[$P]: $*" >&2; exit 1; }
say() { echo "lab[$P]: $*"; }
need_root() { [[ $(id -u) -eq 0 ]] || die "must run as root (network namespaces)"; }

ns_name() { echo "$P-$1"; }
ns_exists() { [[ -e /run/netns/$P-$1 ]]; }
in_ns() { local node=$1; shift; ip netns exec "$P-$node" "$@"; }
require_up() { ns_exists app && [[ -d $STATE ]] || die "the lab is not up (run: lab.sh up)"; }

hub_addr() { echo "203.0.113.1$1"; }           # 1 -> 203.0.113.11, 2 -> 203.0.113.12
hub_net() { echo "10.$1.0.0/24"; }
wan_isp() { case $1 in wan1) echo isp1 ;; wan2) echo isp2 ;; *) die "expected wan1 or wan2, got '$1'" ;; esac; }
check_hub() { [[ ${1:-} == 1 || ${1:-} == 2 ]] || die "expected hub 1 or 2, got '${1:-}'"; }

# render TEMPLATE DEST KEY=VALUE... : replace every @KEY@ in TEMPLATE, write DEST with mode 0600.
render() {
  local src=$1 dst=$2; shift 2
  local args=() kv key value
  for kv in "$@"; do
    key=${kv%%=*}; value=${kv#*=}
    value=${value//\\/\\\\}; value=${value//|/\\|}; value=${value//&/\\&}
    args+=(-e "s|@${key}@|${value}|g")
  done
  local tmp
  tmp=$(mktemp "$dst.XXXXXX")
  sed "${args[@]}" "$src" >"$tmp"
  chmod 0600 "$tmp"
  mv -f "$tmp" "$dst"
}

# running PID : the process exists and is not a zombie (an exited daemon stays in /proc until its reaper collects it).
running() {
  local stat
  [[ -n $1 ]] || return 1
  # read, not $(<...): under set -e a vanished file in $(<FILE) ends the whole script
  read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}

# alive PIDFILE COMM : true when the pid in PIDFILE runs and its command name is COMM (guards against pid reuse).
alive() {
  local pidfile=$1 comm=$2 pid actual
  [[ -f $pidfile ]] || return 1
  read -r pid 2>/dev/null <"$pidfile" || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  read -r actual 2>/dev/null <"/proc/$pid/comm" || return 1
  [[ $actual == "$comm" ]] && running "$pid"
}

# spawn NODE PIDFILE LOG CMD... : start CMD in the node's namespace as its own session (so it outlives this script
# and a Ctrl-C in the terminal), with no inherited terminal, pipes or lock (fd 9); it writes its own pid first.
spawn() {
  local node=$1 pidfile=$2 logfile=$3; shift 3
  setsid ip netns exec "$P-$node" bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" \
    </dev/null >>"$logfile" 2>&1 9>&- &
  local i
  for ((i = 0; i < 50; i++)); do [[ -s $pidfile ]] && return 0; sleep 0.02; done
  die "could not start $* in $P-$node (see $logfile)"
}

# stop_pid PIDFILE COMM : SIGTERM the process group, SIGKILL after 5 s; removes PIDFILE.
stop_pid() {
  local pidfile=$1 comm=$2 pid i
  if alive "$pidfile" "$comm"; then
    read -r pid <"$pidfile"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do running "$pid" || break; sleep 0.02; done
    if running "$pid"; then
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      for ((i = 0; i < 100; i++)); do running "$pid" || break; sleep 0.02; done
    fi
  fi
  rm -f "$pidfile"
}

# wait_tcp NODE PORT [SECONDS] : until something listens on PORT in the node's namespace.
wait_tcp() {
  local node=$1 port=$2 secs=${3:-10} i
  for ((i = 0; i < secs * 20; i++)); do
    [[ -n $(in_ns "$node" ss -Hltn "sport = :$port") ]] && return 0
    sleep 0.05
  done
  die "nothing listens on tcp port $port in $P-$node after ${secs}s"
}

wait_udp() {
  local node=$1 port=$2 secs=${3:-10} i
  for ((i = 0; i < secs * 20; i++)); do
    [[ -n $(in_ns "$node" ss -Hlun "sport = :$port") ]] && return 0
    sleep 0.05
  done
  die "nothing listens on udp port $port in $P-$node after ${secs}s"
}

# ---------------------------------------------------------------------------------------------------------------
# topology

# ensure_ns NODE : create the namespace with lo up; returns 1 if it already existed (callers then leave it as is).
ensure_ns() {
  ns_exists "$1" && return 1
  ip netns add "$P-$1"
  ip -n "$P-$1" link set lo up
  return 0
}

# ensure_veth NODE_A IF_A NODE_B IF_B : a veth pair created directly inside both namespaces (never in the root
# namespace, so parallel labs cannot collide on names), both ends up. Left alone if it exists (it may be "broken").
ensure_veth() {
  local a=$1 ifa=$2 b=$3 ifb=$4
  ip -n "$P-$a" link show dev "$ifa" &>/dev/null && return 0
  ip link add name "$ifa" netns "$P-$a" type veth peer name "$ifb" netns "$P-$b"
  ip -n "$P-$a" link set dev "$ifa" up
  ip -n "$P-$b" link set dev "$ifb" up
}

addr() { ip -n "$P-$1" addr replace "$3" dev "$2"; }
route() { local node=$1; shift; ip -n "$P-$node" route replace "$@"; }
forwarding() { in_ns "$1" sysctl -qw net.ipv4.ip_forward="$2"; }

build_topology() {
  local node
  for node in "${NODES[@]}"; do
    if ensure_ns "$node"; then
      # Routers forward; the appliance starts with forwarding off (EdgeMx, or the reference client, turns it on).
      case $node in
        isp1 | isp2 | hub1 | hub2) forwarding "$node" 1 ;;
        *) forwarding "$node" 0 ;;
      esac
    fi
  done

  # the internet: one bridge joining the ISPs, the hubs and the services
  if ! ip -n "$P-inet" link show core &>/dev/null; then
    ip -n "$P-inet" link add core type bridge
    ip -n "$P-inet" link set core up
  fi
  local side
  for side in isp1 isp2 hub1 hub2 svc; do
    local ifname=up
    [[ $side == svc ]] && ifname=eth0
    ensure_veth "$side" "$ifname" inet "$side"
    ip -n "$P-inet" link set dev "$side" master core
  done

  # appliance <-> ISPs, appliance <-> LAN client, hubs <-> their private hosts
  ensure_veth app wan1 isp1 down
  ensure_veth app wan2 isp2 down
  ensure_veth app lan0 lan eth0
  ensure_veth hub1 priv hub1-net eth0
  ensure_veth hub2 priv hub2-net eth0

  addr app wan1 198.51.100.2/24
  addr app wan2 10.0.2.2/24
  addr app lan0 192.168.50.1/24
  addr lan eth0 192.168.50.10/24
  route lan default via 192.168.50.1

  addr isp1 down 198.51.100.1/24
  addr isp1 up 203.0.113.1/24
  addr isp2 down 10.0.2.1/24
  addr isp2 up 203.0.113.2/24
  route isp2 198.51.100.0/24 via 203.0.113.1

  local n
  for n in 1 2; do
    addr "hub$n" up "$(hub_addr "$n")/24"
    addr "hub$n" priv "10.$n.0.1/24"
    route "hub$n" 198.51.100.0/24 via 203.0.113.1
    addr "hub$n-net" eth0 "10.$n.0.10/24"
    route "hub$n-net" default via "10.$n.0.1"
  done

  addr svc eth0 203.0.113.100/24
  addr svc eth0 203.0.113.101/24
  route svc 198.51.100.0/24 via 203.0.113.1

  # isp2 is a NAT router (CGNAT/home router): 10.0.2.0/24 leaves as 203.0.113.2.
  in_ns isp2 nft -f - <<'EOF'
table ip lab_nat
delete table ip lab_nat
table ip lab_nat {
    chain postrouting {
        type nat hook postrouting priority srcnat; policy accept;
        oifname "up" ip saddr 10.0.2.0/24 masquerade
    }
}
EOF
}

# ---------------------------------------------------------------------------------------------------------------
# hubs (strongSwan charon + kernel-libipsec, one per namespace, each with a private /run)

# start_charon NODE DIR : charon in NODE's namespace and a new mount namespace whose /run is a private tmpfs (so its
# /run/charon.pid never collides); the state dir is bound back at its own path so configs, log and vici socket stay
# where lab.sh expects them.
start_charon() {
  local node=$1 dir=$2
  alive "$dir/charon.pid" charon && return 0
  rm -f "$dir/charon.vici"
  spawn "$node" "$dir/charon.pid" "$dir/charon.out" \
    unshare -m --propagation private bash -c '
      set -e
      exec 3<"$0"
      mount -t tmpfs -o mode=0755 lab-run /run
      mkdir -p "$0" /run/strongswan
      mount --no-canonicalize --bind /proc/self/fd/3 "$0"
      exec 3<&-
      export STRONGSWAN_CONF="$1/strongswan.conf"
      exec /usr/lib/ipsec/charon' "$STATE" "$dir"
  local i
  for ((i = 0; i < 200; i++)); do
    if [[ -S $dir/charon.vici ]] && swanctl --stats --uri "unix://$dir/charon.vici" &>/dev/null; then return 0; fi
    local pid=""
    read -r pid 2>/dev/null <"$dir/charon.pid" || true
    running "$pid" || break     # still starting (bash/unshare) or charon: not dead
    sleep 0.05
  done
  tail -n 20 "$dir/charon.out" "$dir/charon.log" >&2 2>/dev/null || true
  die "charon in $P-$node did not come up"
}

vici() { echo "unix://$STATE/hub$1/charon.vici"; }

hub_tokens() {
  local n=$1
  echo "HUB=$n" "ADDR=$(hub_addr "$n")" "ID=hub$n.lab" "PRIV_NET=$(hub_net "$n")" "LAN_NET=$LAN_NET" \
    "PSK=$(<"$STATE/hub$n.psk")" "PSK1=$(<"$STATE/hub1.psk")" "PSK2=$(<"$STATE/hub2.psk")" "STATE=$STATE"
}

hub_load() {
  local n=$1 out
  if ! out=$(swanctl --load-all --clear --noprompt --uri "$(vici "$n")" --file "$STATE/hub$n/swanctl.conf" 2>&1); then
    echo "$out" >&2
    die "hub $n rejected its swanctl config ($STATE/hub$n/swanctl.conf)"
  fi
}

ensure_hub() {
  local n=$1 dir=$STATE/hub$1
  mkdir -p "$dir"
  chmod 0700 "$dir"
  local k
  for k in 1 2; do   # both: a hub's config may name the other's PSK (@PSK1@, @PSK2@)
    if [[ ! -s $STATE/hub$k.psk ]]; then
      (umask 077; od -An -tx1 -N24 /dev/urandom | tr -d ' \n' >"$STATE/hub$k.psk")
    fi
  done
  render "$LAB_DIR/hub/strongswan.conf.in" "$dir/strongswan.conf" "DIR=$dir" "PLUGINS=$CHARON_PLUGINS"
  [[ -f $dir/swanctl.conf ]] || render "$LAB_DIR/hub/swanctl.conf.in" "$dir/swanctl.conf" $(hub_tokens "$n")
  [[ -f $dir/stopped ]] && return 0      # hub-stop is a break: `up` does not mend it (hub-start does)
  if ! alive "$dir/charon.pid" charon; then
    start_charon "hub$n" "$dir"
    hub_load "$n"
  fi
}

# ---------------------------------------------------------------------------------------------------------------
# services

ensure_nginx() {
  local node=$1 dir=$2
  mkdir -p "$dir/logs" "$dir/tmp"
  alive "$dir/nginx.pid.lab" nginx && return 0
  spawn "$node" "$dir/nginx.pid.lab" "$dir/logs/stdout.log" \
    nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log"
  wait_tcp "$node" 80
}

ensure_health() {
  local n=$1 dir=$STATE/hub$1-net
  mkdir -p "$dir/health-ok" "$dir/health-503" "$dir/health-hang"
  touch "$dir/health-ok/ok" "$dir/health-503/503" "$dir/health-hang/hang"
  [[ -L $dir/health ]] || ln -s health-ok "$dir/health"
  mkdir -p "$dir/nginx"
  render "$LAB_DIR/health/nginx.conf.in" "$dir/nginx/nginx.conf" "DIR=$dir/nginx" "HUB=$n" "MODE=$dir/health"
  # the "hang" upstream: accepts, reads the request forever, never answers
  if ! alive "$dir/hang.pid" socat; then
    spawn "hub$n-net" "$dir/hang.pid" "$dir/hang.log" \
      socat TCP-LISTEN:8081,bind=127.0.0.1,reuseaddr,fork SYSTEM:'cat >/dev/null'
    wait_tcp "hub$n-net" 8081
  fi
  ensure_nginx "hub$n-net" "$dir/nginx"
}

ensure_svc() {
  local dir=$STATE/svc
  mkdir -p "$dir/nginx"
  render "$LAB_DIR/svc/nginx.conf.in" "$dir/nginx/nginx.conf" "DIR=$dir/nginx"
  ensure_nginx svc "$dir/nginx"

  render "$LAB_DIR/svc/dnsmasq.conf.in" "$dir/dnsmasq.conf" "DIR=$dir"
  if ! alive "$dir/dnsmasq.pid.lab" dnsmasq; then
    spawn svc "$dir/dnsmasq.pid.lab" "$dir/dnsmasq.out" \
      dnsmasq --keep-in-foreground --conf-file="$dir/dnsmasq.conf"
    wait_udp svc 53
  fi

  render "$LAB_DIR/svc/mosquitto.conf.in" "$dir/mosquitto.conf" "DIR=$dir"
  [[ -f $dir/broker-stopped ]] || start_broker
}

start_broker() {
  local dir=$STATE/svc
  rm -f "$dir/broker-stopped"
  alive "$dir/mosquitto.pid.lab" mosquitto && return 0
  spawn svc "$dir/mosquitto.pid.lab" "$dir/mosquitto.out" mosquitto -c "$dir/mosquitto.conf"
  wait_tcp svc 1883
}

# ---------------------------------------------------------------------------------------------------------------
# subcommands

cmd_up() {
  need_root
  mkdir -p "$STATE"
  chmod 0700 "$STATE"
  exec 9>"$STATE/.lock"
  flock 9
  build_topology
  ensure_hub 1
  ensure_hub 2
  ensure_health 1
  ensure_health 2
  ensure_svc
  say "up (state in $STATE; lab.sh status shows it)"
}

cmd_down() {
  need_root
  local node pid pids=() i
  # every process started in a lab namespace (services, hubs, flap loops, the appliance under test)
  for node in "${NODES[@]}"; do
    ns_exists "$node" || continue
    while read -r pid; do [[ -n $pid ]] && pids+=("$pid"); done < <(ip netns pids "$P-$node" 2>/dev/null || true)
  done
  if ((${#pids[@]})); then
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      local left=0
      for pid in "${pids[@]}"; do running "$pid" && left=1; done
      ((left)) || break
      sleep 0.02
    done
    kill -KILL "${pids[@]}" 2>/dev/null || true
  fi
  for node in "${NODES[@]}"; do
    ns_exists "$node" || continue
    # a process that was still starting may have entered the namespace after the listing
    while read -r pid; do [[ -n $pid ]] && kill -KILL "$pid" 2>/dev/null || true; done < <(ip netns pids "$P-$node" 2>/dev/null || true)
    ip netns del "$P-$node"
  done
  rm -rf "$STATE"
  rmdir /run/edgemx-lab 2>/dev/null || true
  say "down"
}

cmd_status() {
  local node missing=()
  printf 'lab %s (state %s)\n' "$P" "$STATE"
  for node in "${NODES[@]}"; do ns_exists "$node" || missing+=("$P-$node"); done
  if ((${#missing[@]} == ${#NODES[@]})); then echo "  not up"; return 1; fi
  if ((${#missing[@]})) || [[ ! -d $STATE ]]; then echo "  partly up: missing ${missing[*]:-the state dir} (run up, or down)"; return 1; fi
  echo "  namespaces: all ${#NODES[@]} present"
  local wan isp
  for wan in wan1 wan2; do
    isp=$(wan_isp "$wan")
    local link bh flap=""
    link="$(ip -n "$P-app" -br link show dev "$wan" | awk '{print $2}') $(ip -n "$P-app" -o link show dev "$wan" | grep -o '<[^>]*>')"
    bh=$(in_ns "$isp" nft list table inet lab_blackhole &>/dev/null && echo ", black-holed" || true)
    [[ $isp == isp2 ]] && in_ns isp2 nft list table ip lab_portfwd &>/dev/null && bh+=", UDP 500/4500 to 203.0.113.2 forwarded to 10.0.2.2"
    alive "$STATE/flap-$wan.pid" bash && flap=", flapping"
    printf '  %-5s app side %s%s%s\n' "$wan" "$link" "$bh" "$flap"
  done
  local n
  for n in 1 2; do
    local hub="stopped"
    alive "$STATE/hub$n/charon.pid" charon && hub="running (pid $(<"$STATE/hub$n/charon.pid"), $(swanctl --list-sas --uri "$(vici "$n")" 2>/dev/null | grep -c ESTABLISHED || true) IKE_SA established)"
    in_ns "hub$n" nft list table inet lab_hub_silence &>/dev/null && hub+=", silenced (IKE/ESP dropped)"
    printf '  hub%s  charon %s; health %s\n' "$n" "$hub" "$(readlink "$STATE/hub$n-net/health" | sed 's/^health-//')"
  done
  local svc=$STATE/svc
  printf '  svc   nginx %s, dnsmasq %s, mosquitto %s\n' \
    "$(alive "$svc/nginx/nginx.pid.lab" nginx && echo up || echo down)" \
    "$(alive "$svc/dnsmasq.pid.lab" dnsmasq && echo up || echo down)" \
    "$(alive "$svc/mosquitto.pid.lab" mosquitto && echo up || echo down)"
  if alive "$STATE/refclient/charon.pid" charon; then
    printf '  refclient: running (%s)\n' "$(cat "$STATE/refclient/target" 2>/dev/null || true)"
  fi
}

cmd_exec() {
  local node=${1:-}
  [[ -n $node ]] || die "usage: lab.sh exec NODE CMD..."
  shift
  (($#)) || die "usage: lab.sh exec NODE CMD..."
  ns_exists "$node" || die "no namespace $P-$node (nodes: ${NODES[*]})"
  exec ip netns exec "$P-$node" "$@"
}

cmd_swanctl() {
  local n=${1:-}
  check_hub "$n"
  shift
  require_up
  local args=("$@")
  # --load-* without --file would read /etc/swanctl: point it at the hub's own config
  if [[ " ${args[*]} " == *" --load-"* && " ${args[*]} " != *" --file "* ]]; then args+=(--file "$STATE/hub$n/swanctl.conf"); fi
  exec swanctl "${args[@]}" --uri "$(vici "$n")"
}

cmd_link_down() { local isp; isp=$(wan_isp "${1:-}"); require_up; ip -n "$P-$isp" link set dev down down; }
cmd_link_up() { local isp; isp=$(wan_isp "${1:-}"); require_up; ip -n "$P-$isp" link set dev down up; }

cmd_blackhole() {
  local isp
  isp=$(wan_isp "${1:-}")
  require_up
  # Everything to and from the appliance's port is dropped in the ISP (forwarded and local traffic alike); ARP
  # still works, so the link and its neighbour stay up - only the path is dead.
  in_ns "$isp" nft -f - <<'EOF'
table inet lab_blackhole
delete table inet lab_blackhole
table inet lab_blackhole {
    chain input { type filter hook input priority -10; policy accept; iifname "down" drop; }
    chain forward { type filter hook forward priority -10; policy accept; iifname "down" drop; oifname "down" drop; }
    chain output { type filter hook output priority -10; policy accept; oifname "down" drop; }
}
EOF
}

cmd_unblackhole() {
  local isp
  isp=$(wan_isp "${1:-}")
  require_up
  if in_ns "$isp" nft list table inet lab_blackhole &>/dev/null; then in_ns "$isp" nft delete table inet lab_blackhole; fi
}

# forward-ike / unforward-ike: isp2 acts like a home router with a port-forward: UDP 500 and 4500 arriving at its
# public address 203.0.113.2 go to the appliance's wan2 (10.0.2.2), so a hub can initiate to the appliance behind the
# NAT (nftables table `ip lab_portfwd` in isp2; the source stays the hub's, so the appliance sees its real address
# and detects that its own was translated). Replies leave through the same conntrack entries, so they come from
# 203.0.113.2. Only new flows are forwarded: a flow conntrack already tracked (say, a hub retransmitting to
# 203.0.113.2 before the forward existed) keeps going nowhere until it has been idle for 30 s.
cmd_forward_ike() {
  require_up
  in_ns isp2 nft -f - <<'EOF2'
table ip lab_portfwd
delete table ip lab_portfwd
table ip lab_portfwd {
    chain prerouting {
        type nat hook prerouting priority dstnat; policy accept;
        iifname "up" ip daddr 203.0.113.2 udp dport { 500, 4500 } dnat to 10.0.2.2
    }
}
EOF2
}

cmd_unforward_ike() {
  require_up
  if in_ns isp2 nft list table ip lab_portfwd &>/dev/null; then in_ns isp2 nft delete table ip lab_portfwd; fi
}

cmd_flap() {
  local wan=${1:-} secs=${2:-} isp
  isp=$(wan_isp "$wan")
  [[ $secs =~ ^[0-9]+(\.[0-9]+)?$ ]] && [[ $secs != 0 ]] || die "usage: lab.sh flap wan1|wan2 SECONDS"
  require_up
  stop_pid "$STATE/flap-$wan.pid" bash
  # runs inside the ISP namespace, so `down` ends it with everything else
  spawn "$isp" "$STATE/flap-$wan.pid" "$STATE/flap-$wan.log" \
    bash -c 'while :; do ip link set dev down down; sleep "$0"; ip link set dev down up; sleep "$0"; done' "$secs"
}

cmd_unflap() {
  local wan=${1:-} isp
  isp=$(wan_isp "$wan")
  require_up
  stop_pid "$STATE/flap-$wan.pid" bash
  ip -n "$P-$isp" link set dev down up
}

cmd_hub_stop() {
  local n=${1:-}
  check_hub "$n"
  require_up
  touch "$STATE/hub$n/stopped"
  stop_pid "$STATE/hub$n/charon.pid" charon
}

cmd_hub_start() {
  local n=${1:-}
  check_hub "$n"
  require_up
  rm -f "$STATE/hub$n/stopped"
  if ! alive "$STATE/hub$n/charon.pid" charon; then
    start_charon "hub$n" "$STATE/hub$n"
    hub_load "$n"
  fi
}

# hub-silence / hub-unsilence: the hub drops all IKE and ESP on its public interface, both ways (UDP 500/4500 and
# raw ESP; nftables table `inet lab_hub_silence` in $P-hubN). charon keeps running and keeps its SAs, the link, ARP
# and routing stay up: to its peers the hub has simply gone silent (a crashed box behind a live switch port, a
# firewall change), which dead peer detection must notice. Unlike hub-stop, nothing is lost when it is mended. The
# rules count what they drop (`lab.sh exec hubN nft list table inet lab_hub_silence`): what the peers kept sending.
cmd_hub_silence() {
  local n=${1:-}
  check_hub "$n"
  require_up
  in_ns "hub$n" nft -f - <<'EOF3'
table inet lab_hub_silence
delete table inet lab_hub_silence
table inet lab_hub_silence {
    chain input { type filter hook input priority -10; policy accept; iifname "up" udp dport { 500, 4500 } counter drop; iifname "up" meta l4proto esp counter drop; }
    chain output { type filter hook output priority -10; policy accept; oifname "up" udp sport { 500, 4500 } counter drop; oifname "up" meta l4proto esp counter drop; }
}
EOF3
}

cmd_hub_unsilence() {
  local n=${1:-}
  check_hub "$n"
  require_up
  if in_ns "hub$n" nft list table inet lab_hub_silence &>/dev/null; then in_ns "hub$n" nft delete table inet lab_hub_silence; fi
}

cmd_hub_config() {
  local n=${1:-} file=${2:-}
  check_hub "$n"
  [[ -n $file ]] || die "usage: lab.sh hub-config 1|2 FILE|default"
  require_up
  [[ $file == default ]] && file=$LAB_DIR/hub/swanctl.conf.in
  [[ -r $file ]] || die "cannot read $file"
  render "$file" "$STATE/hub$n/swanctl.conf" $(hub_tokens "$n")
  alive "$STATE/hub$n/charon.pid" charon && hub_load "$n"
  return 0
}

cmd_hub_reload() {
  local n=${1:-}
  check_hub "$n"
  require_up
  alive "$STATE/hub$n/charon.pid" charon || die "hub $n is stopped"
  hub_load "$n"
}

cmd_health() {
  local n=${1:-} mode=${2:-}
  check_hub "$n"
  [[ $mode == ok || $mode == 503 || $mode == hang ]] || die "usage: lab.sh health 1|2 ok|503|hang"
  require_up
  local dir=$STATE/hub$n-net
  # rename(2) of a fresh symlink over the old one: nginx sees the old mode or the new one, never neither
  ln -sfn "health-$mode" "$dir/health.new"
  mv -Tf "$dir/health.new" "$dir/health"
}

cmd_broker_stop() {
  require_up
  touch "$STATE/svc/broker-stopped"
  stop_pid "$STATE/svc/mosquitto.pid.lab" mosquitto
}

cmd_broker_start() {
  require_up
  start_broker
}

# refclient start [wan1|wan2] [hub 1|2] [--proposal P] [--esp-proposal P] [--id ID] | refclient stop | refclient swanctl ARGS...
cmd_refclient() {
  local sub=${1:-}
  shift || true
  case $sub in
    start) refclient_start "$@" ;;
    stop) require_up; refclient_stop ;;
    swanctl) require_up; exec swanctl "$@" --uri "unix://$STATE/refclient/charon.vici" ;;
    *) die "usage: lab.sh refclient start [wan1|wan2] [hub 1|2] [--proposal P] [--esp-proposal P] [--id ID] | stop | swanctl ARGS..." ;;
  esac
}

refclient_start() {
  local wan=wan1 hub=1 proposal=aes256gcm16-prfsha256-x25519 esp=aes256gcm16 id=app.lab
  while (($#)); do
    case $1 in
      wan1 | wan2) wan=$1 ;;
      hub) hub=${2:-}; shift ;;
      1 | 2) hub=$1 ;;
      --proposal) proposal=${2:?--proposal needs a value}; shift ;;
      --esp-proposal) esp=${2:?--esp-proposal needs a value}; shift ;;
      --id) id=${2:?--id needs a value}; shift ;;
      *) die "refclient start: unexpected '$1'" ;;
    esac
    shift
  done
  check_hub "$hub"
  require_up
  refclient_stop >/dev/null

  local dir=$STATE/refclient local_addr gw
  case $wan in
    wan1) local_addr=198.51.100.2 gw=198.51.100.1 ;;
    wan2) local_addr=10.0.2.2 gw=10.0.2.1 ;;
  esac
  mkdir -p "$dir"
  chmod 0700 "$dir"
  render "$LAB_DIR/hub/strongswan.conf.in" "$dir/strongswan.conf" "DIR=$dir" "PLUGINS=$CHARON_PLUGINS"
  render "$LAB_DIR/refclient/swanctl.conf.in" "$dir/swanctl.conf" \
    "LOCAL_ADDR=$local_addr" "REMOTE_ADDR=$(hub_addr "$hub")" "LOCAL_ID=$id" "REMOTE_ID=hub$hub.lab" \
    "PROPOSAL=$proposal" "ESP_PROPOSAL=$esp" "LAN_NET=$LAN_NET" "REMOTE_NET=$(hub_net "$hub")" \
    "PSK=$(<"$STATE/hub$hub.psk")" "STATE=$STATE"
  echo "$wan -> hub$hub ($(hub_addr "$hub")), ike $proposal, esp $esp" >"$dir/target"

  # What the client needs in the appliance namespace, remembered so `refclient stop` removes exactly that:
  # a host route to the hub through the chosen WAN, and forwarding so LAN traffic can enter the tunnel.
  in_ns app sysctl -n net.ipv4.ip_forward >"$dir/ip_forward.saved"
  forwarding app 1
  echo "$(hub_addr "$hub")/32 via $gw dev $wan" >"$dir/route"
  # shellcheck disable=SC2046
  ip -n "$P-app" route replace $(<"$dir/route")

  start_charon app "$dir"
  local out
  if ! out=$(swanctl --load-all --clear --noprompt --uri "unix://$dir/charon.vici" --file "$dir/swanctl.conf" 2>&1) ||
    ! out+=$(swanctl --initiate --child lan --timeout 30 --uri "unix://$dir/charon.vici" 2>&1); then
    echo "$out" | tail -n 30 >&2
    refclient_stop >/dev/null
    die "reference client: tunnel $wan -> hub $hub not established (log: $dir/charon.log)"
  fi
  swanctl --list-sas --uri "unix://$dir/charon.vici"
}

refclient_stop() {
  local dir=$STATE/refclient
  [[ -d $dir ]] || return 0
  if alive "$dir/charon.pid" charon; then
    swanctl --terminate --ike ref --timeout 5 --uri "unix://$dir/charon.vici" &>/dev/null || true
  fi
  stop_pid "$dir/charon.pid" charon
  if [[ -s $dir/route ]]; then
    # shellcheck disable=SC2046
    ip -n "$P-app" route del $(<"$dir/route") 2>/dev/null || true
    rm -f "$dir/route"
  fi
  if [[ -s $dir/ip_forward.saved ]]; then
    forwarding app "$(<"$dir/ip_forward.saved")"
    rm -f "$dir/ip_forward.saved"
  fi
  rm -f "$dir/target"
  say "refclient stopped"
}

usage() {
  cat <<'EOF'
usage: tools/lab/lab.sh COMMAND [ARGS...]        (prefix: EDGEMX_LAB_PREFIX, default emx; needs root)

  up                          build the lab (idempotent; does not undo break commands)
  down                        remove everything: processes, namespaces, state dir
  status                      what is up and what is broken
  exec NODE CMD...            run CMD in $PREFIX-NODE (app lan isp1 isp2 inet hub1 hub1-net hub2 hub2-net svc)
  swanctl 1|2 ARGS...         swanctl against that hub's vici socket
  hub-config 1|2 FILE|default replace the hub's swanctl.conf (@TOKENS@ substituted) and reload it
  hub-reload 1|2              reload the hub's swanctl.conf
  refclient start [wan1|wan2] [hub 1|2] [--proposal P] [--esp-proposal P] [--id ID]
  refclient stop | refclient swanctl ARGS...

  break / mend:
  link-down wan1|wan2         carrier loss (the ISP side of the veth goes down)
  link-up wan1|wan2
  blackhole wan1|wan2         the ISP drops everything to/from that WAN; the link stays up
  unblackhole wan1|wan2
  forward-ike                 isp2 forwards UDP 500/4500 arriving at 203.0.113.2 to wan2 (10.0.2.2): a port-forward
  unforward-ike
  flap wan1|wan2 SECONDS      carrier down/up every SECONDS until unflap
  unflap wan1|wan2
  hub-stop 1|2 / hub-start 1|2
  hub-silence 1|2             the hub drops IKE and ESP both ways (charon keeps running and keeps its SAs)
  hub-unsilence 1|2
  health 1|2 ok|503|hang      the hub's private health endpoint answers 200, 503, or never
  broker-stop / broker-start
EOF
}

main() {
  local cmd=${1:-help}
  shift || true
  case $cmd in
    up | down | status | exec | swanctl | blackhole | unblackhole | flap | unflap | health | refclient) "cmd_$cmd" "$@" ;;
    link-down | link-up | hub-stop | hub-start | hub-silence | hub-unsilence | hub-config | hub-reload | broker-stop | broker-start | forward-ike | unforward-ike)
      need_root
      "cmd_${cmd//-/_}" "$@" ;;
    help | -h | --help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
