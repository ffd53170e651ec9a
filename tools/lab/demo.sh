#!/usr/bin/env bash
# The README's main job: installs what is needed, builds the appliance, brings the lab up (tools/lab/lab.sh up) and
# runs `edgemx run` in the appliance's namespace ($P-app) with board-configs/appliance/lab.json, then shows live
# status and the latest events in this terminal until Ctrl-C, and stops the appliance cleanly (SIGTERM: it removes
# the routes and rules it installed). The lab stays up for more experiments; `tools/lab/lab.sh down` removes it.
#
# Break things from another terminal while it runs:
#   tools/lab/lab.sh link-down wan1     (cable pull: failover in well under a second)
#   tools/lab/lab.sh blackhole wan1     (ISP path dead, link up: failover after 3 failed probe rounds)
#   tools/lab/lab.sh link-up wan1 / unblackhole wan1   (failback once wan1 has been healthy for 15 s)
#   tools/lab/lab.sh flap wan1 2        (no failback while it flaps; unflap wan1 to stop)
#
# env: EDGEMX_LAB_PREFIX (default emx), EDGEMX_DEMO_SECONDS (stop by itself after that many seconds; for scripts)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
P=${EDGEMX_LAB_PREFIX:-emx}
export EDGEMX_LAB_PREFIX=$P
[[ $(id -u) -eq 0 ]] || { echo "demo: run as root (the lab uses network namespaces)" >&2; exit 1; }

bash tools/setup.sh
echo "== build"
dotnet build firmware/EdgeMx.Appliance -c Release -nologo -v:q
edgemx=$root/firmware/EdgeMx.Appliance/bin/Release/net10.0/edgemx
config=$root/board-configs/appliance/lab.json

echo "== lab"
bash tools/lab/lab.sh up

# The default lab uses the config's own paths (so a plain `edgemx status` works from any terminal); another prefix
# gets its own socket and journal inside its state dir, so several demos can run side by side.
app_dir=/run/edgemx-lab/$P/app
mkdir -p "$app_dir"
socket=/run/edgemx/control.sock
extra=()
if [[ $P != emx ]]; then
  socket=$app_dir/control.sock
  extra=(--control-socket "$socket" --event-log "$app_dir/events.jsonl")
  # lab.json names the default lab's PSK files; this lab keeps its own.
  sed "s#/run/edgemx-lab/emx/#/run/edgemx-lab/$P/#g" "$config" >"$app_dir/lab.json"
  config=$app_dir/lab.json
fi
run_args=(run --config "$config" --log-format text "${extra[@]}")
export EDGEMX_SOCKET=$socket
log=$app_dir/edgemx.log

ip netns exec "$P-app" "$edgemx" config validate "$config" --local

echo "== appliance (log: $log)"
# Its own session: a Ctrl-C in this terminal reaches the status view, not the appliance; we stop it with SIGTERM.
setsid ip netns exec "$P-app" "$edgemx" "${run_args[@]}" </dev/null >>"$log" 2>&1 &
app=$!
echo "$app" >"$app_dir/edgemx.pid"

stop_appliance() {
  trap - EXIT INT TERM
  if kill -0 "$app" 2>/dev/null; then
    echo
    echo "== stopping the appliance (SIGTERM)"
    kill -TERM "$app" 2>/dev/null || true
    for _ in $(seq 1 250); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$app" 2>/dev/null && { echo "demo: the appliance did not stop in 25 s; killing it" >&2; kill -KILL "$app" 2>/dev/null || true; }
  fi
  wait "$app" 2>/dev/null || true
  rm -f "$app_dir/edgemx.pid"
  echo "routes and rules EdgeMx left in $P-app (none expected):"
  ip -n "$P-app" route show table all proto 77 || true
  ip -n "$P-app" rule | grep -w 'proto 77' || true
  echo "last lines of the appliance log ($log):"
  tail -n 4 "$log" || true
  echo "the lab is still up: tools/lab/lab.sh status | tools/lab/lab.sh down"
}
trap stop_appliance EXIT
trap 'exit 0' INT TERM

for _ in $(seq 1 150); do
  [[ -S $socket ]] && "$edgemx" status >/dev/null 2>&1 && break
  kill -0 "$app" 2>/dev/null || { echo "demo: the appliance exited; its log:" >&2; tail -n 30 "$log" >&2; exit 1; }
  sleep 0.2
done

cat <<HINT
== running. In another terminal (as root), break and mend the lab:
   tools/lab/lab.sh link-down wan1   |  link-up wan1
   tools/lab/lab.sh blackhole wan1   |  unblackhole wan1
   tools/lab/lab.sh flap wan1 2      |  unflap wan1
   tools/lab/lab.sh hub-stop 1       |  hub-start 1     (the IPsec tunnel "hub1")
   ip netns exec $P-lan ping 10.1.0.10               (a LAN host through the tunnel to hub1's subnet)
   EDGEMX_SOCKET=$socket $edgemx events --follow
Ctrl-C here stops the appliance.
HINT
sleep 2

if [[ -n ${EDGEMX_DEMO_SECONDS:-} ]]; then
  timeout --foreground "$EDGEMX_DEMO_SECONDS" "$edgemx" status --watch || true
else
  "$edgemx" status --watch || true
fi
