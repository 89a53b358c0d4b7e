#!/usr/bin/env bash
# Measures the resident memory of an idle headless engine, for `make bench`: `flowdeck engine`
# on a fresh data folder connected (API token) to a simulated org served by `flowdeck sim`,
# read from /proc after it has settled. Goal: at most 40 MB.
set -euo pipefail
bin=${1:?usage: idle-rss.sh BINARY}
home=$(mktemp -d)
port=$(( 20000 + RANDOM % 20000 ))
cleanup() {
  [ -n "${engine:-}" ] && kill "$engine" 2>/dev/null || true
  [ -n "${sim:-}" ] && kill "$sim" 2>/dev/null || true
  rm -rf "$home"
}
trap cleanup EXIT
"$bin" sim --addr "127.0.0.1:$port" --activity off >"$home/sim.out" 2>&1 &
sim=$!
for _ in $(seq 50); do grep -q 'API token' "$home/sim.out" 2>/dev/null && break; sleep 0.1; done
token=$(sed -n 's/^  API token: *SSWS //p' "$home/sim.out")
[ -n "$token" ] || { echo "idle-rss: the simulated org did not start" >&2; exit 1; }
SIM_TOKEN="$token" FLOWDECK_HOME="$home" "$bin" connect --org "http://127.0.0.1:$port" --api-token-env SIM_TOKEN --name sim >/dev/null
FLOWDECK_HOME="$home" "$bin" engine --log-level error >/dev/null 2>&1 &
engine=$!
sleep 8
rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$engine/status")
echo "headless engine idle RSS: $(( rss / 1024 )) MB (goal ≤ 40 MB)"
