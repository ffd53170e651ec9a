#!/usr/bin/env bash
# Installs everything EdgeMx needs on a fresh Debian 12 machine (run as root). Idempotent: safe to run again.
# Used by both README commands (tools/lab/demo.sh and tools/test-all.sh) and by CI.
set -euo pipefail

packages=(
  # the lab: namespaces, veth, NAT, captures
  iproute2 nftables iputils-ping tshark socat curl procps psmisc kmod util-linux bind9-dnsutils
  # real peers and endpoints in the lab (standard-plugins holds charon's openssl and gcm plugins: without them the
  # hubs and the reference client cannot do AES-GCM, and apt --no-install-recommends does not bring them)
  strongswan-charon strongswan-swanctl libcharon-extra-plugins libstrongswan-standard-plugins libstrongswan-extra-plugins
  mosquitto mosquitto-clients nginx-light dnsmasq-base iperf3
  # the image build and its boot test
  qemu-system-x86 cpio busybox-static
  # test-time certificates for MQTT over TLS
  openssl
  # Net and HAL tests compile C probes of the kernel uapi headers to check wire constants and struct layouts
  # (netlink, TUN, GPIO, XFRM)
  gcc libc6-dev linux-libc-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian starts these daemons on install; the lab runs its own instances inside namespaces.
for svc in strongswan-starter strongswan mosquitto nginx; do
  systemctl disable --now "$svc" >/dev/null 2>&1 || true
done
# Only the system's own charon (its pid file is in the root /run); lab charons have a private /run and are left alone.
if [ -s /run/charon.pid ] && [ "$(cat /proc/"$(cat /run/charon.pid)"/comm 2>/dev/null)" = charon ]; then
  kill "$(cat /run/charon.pid)" 2>/dev/null || true
fi

# The .NET 10 SDK: on a fresh Debian 12, from Microsoft's package repository (packages-microsoft-prod.deb adds it
# with its signing key). Machines that have an SDK already (CI images, developers) skip this.
if ! command -v dotnet >/dev/null 2>&1 && [ -r /etc/debian_version ]; then
  echo "setup: installing the .NET 10 SDK from packages.microsoft.com"
  . /etc/os-release
  tmp=$(mktemp -d)
  if curl -fsSL --retry 3 -o "$tmp/packages-microsoft-prod.deb" \
       "https://packages.microsoft.com/config/${ID}/${VERSION_ID}/packages-microsoft-prod.deb" \
     && dpkg -i "$tmp/packages-microsoft-prod.deb" >/dev/null && apt-get update -qq; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dotnet-sdk-10.0 >/dev/null || true
  fi
  rm -rf "$tmp"
fi
if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required (https://learn.microsoft.com/dotnet/core/install/linux-debian)." >&2
  echo "       apt: add packages.microsoft.com, then: apt-get install dotnet-sdk-10.0" >&2
  exit 1
fi
dotnet --version | grep -q '^10\.' || { echo "setup: .NET SDK 10 needed, found $(dotnet --version)" >&2; exit 1; }
echo "setup: ok ($(dotnet --version))"
