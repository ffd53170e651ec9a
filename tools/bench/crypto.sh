#!/usr/bin/env bash
# Crypto provider benchmark: platform (BCL/OpenSSL) vs managed (BouncyCastle) in one BenchmarkDotNet run.
# AES-GCM-128 and AES-CBC+HMAC-SHA-256 on 1400-byte packets (MB/s), X25519, ECP-256 and MODP-2048 key exchanges
# (ops/s), each provider's number and the platform/managed ratio. Expect the platform provider at least 5x on AES-GCM
# wherever OpenSSL has AES instructions.
#   tools/bench/crypto.sh            # full run (a few minutes on 2 cores)
#   tools/bench/crypto.sh --quick    # shorter run (BenchmarkDotNet's short job) for a sanity check
set -euo pipefail
cd "$(dirname "$0")/../.."
extra=()
[ "${1:-}" = "--quick" ] && extra=(--iterationCount 4 --warmupCount 1)
out=$(mktemp -d /tmp/edgemx-bench-crypto.XXXXXX)
trap 'rm -rf "$out"' EXIT
dotnet run -c Release --project tools/EdgeMx.Benchmarks -- \
  --filter '*CryptoProviderBenchmarks*' --artifacts "$out" "${extra[@]}" | tee "$out/console.txt" | \
  sed -n '/^crypto providers/,$p'
grep -q '^crypto providers' "$out/console.txt" || { echo "crypto.sh: the benchmark produced no results" >&2; exit 1; }
