#!/usr/bin/env bash
# Native-AOT publish: the `edgemx` appliance by default, or any project given with --project (the HAL's AOT test
# publishes its probe program with this same recipe, so the product and the test are built the same way).
#
#   image-build/publish.sh [--rid linux-x64|linux-arm64] [--project PATH.csproj] [--output DIR] [--artifacts DIR]
#
# Why net9.0: .NET 10's NativeAOT runtime pack is not on our package mirror, the .NET 9 ILCompiler is.
# -p:EdgeMxTargetFramework=net9.0 (see Directory.Build.props) retargets the whole project graph, so everyday builds
# and tests stay on net10.0 while the image is net9.0 AOT.
# linux-arm64 (Raspberry Pi 4 / CM4): needs the linux-arm64 ILCompiler + runtime packs from NuGet and a cross
# toolchain on the build host (Debian: gcc-aarch64-linux-gnu / clang + an arm64 sysroot); neither is reachable on the
# project's build machines, where only linux-x64 can be produced. The recipe itself does not change.
set -euo pipefail
cd "$(dirname "$0")/.."

rid=${EDGEMX_RID:-linux-x64}
project=firmware/EdgeMx.Appliance/EdgeMx.Appliance.csproj
output=
artifacts=
while [ $# -gt 0 ]; do
  case "$1" in
    --rid) rid=$2; shift 2 ;;
    --project) project=$2; shift 2 ;;
    --output) output=$2; shift 2 ;;
    --artifacts) artifacts=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "publish.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
case "$rid" in
  linux-x64|linux-arm64|linux-musl-x64|linux-musl-arm64) ;;
  *) echo "publish.sh: unsupported RID $rid (linux-x64, linux-arm64)" >&2; exit 2 ;;
esac
[ -f "$project" ] || { echo "publish.sh: no project at $project" >&2; exit 2; }
output=${output:-artifacts/publish/$rid}

args=(
  publish "$project" -c Release -r "$rid" --self-contained
  -p:PublishAot=true -p:EdgeMxTargetFramework=net9.0
  -p:InvariantGlobalization=true -p:StripSymbols=true
  "-p:CustomAfterMicrosoftCommonTargets=$PWD/image-build/aot/EdgeMx.Aot.targets"
  -o "$output" -nologo -v:q
)
[ -n "$artifacts" ] && args+=(--artifacts-path "$artifacts")

echo "publish.sh: $project -> $output ($rid, net9.0, Native AOT)"
dotnet "${args[@]}"
