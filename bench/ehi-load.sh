#!/usr/bin/env bash
# EHI message benchmark: builds ehi and the load generator in Release, starts `ehi serve --dev`
# (dev PKI, SQLite journal with fsync; PROVIDER=ledger with CARDS funded cards by default, or
# PROVIDER=static), then drives it over
# keep-alive mTLS connections with authorisation messages:
#   - at a fixed 2,000 messages/s (open loop: latency from the intended send time), and
#   - as fast as 16 connections go (closed loop: the highest sustainable rate).
# Prints one JSON line per run plus the server's CPU per message. Loopback only; bounded in time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
duration="${DURATION:-20}"
port="${PORT:-18443}"

dotnet build "$root/src/Ehi.Cli/Ehi.Cli.csproj" -c Release -o "$work/ehi" --nologo -v quiet -clp:ErrorsOnly >&2

cd "$work"
provider="${PROVIDER:-ledger}"
cards="${CARDS:-100000}"
admin_port=$((port + 1))
OPENSSL_CONF="${OPENSSL_CONF:-$work/ehi/openssl-ehi.cnf}" DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x2000000}" dotnet ehi/ehi.dll serve --dev --provider "$provider" --listen "127.0.0.1:$port" --admin-listen "127.0.0.1:$admin_port" --data "$work/data" > serve.out 2> serve.err &
server=$!
for _ in $(seq 1 60); do grep -q "Stop with" serve.out 2>/dev/null && break; sleep 1; done
grep -q "Stop with" serve.out || { cat serve.err >&2; exit 1; }

load_args=()
if [ "$provider" = ledger ]; then
  # A realistic population: $cards funded cards, activity skewed towards a few of them.
  curl -sS -X POST "http://127.0.0.1:$admin_port/cards/bulk" -H 'Content-Type: application/json' \
    -d "{\"firstToken\":500000000,\"count\":$cards,\"currency\":\"826\",\"balance\":1000000}" >&2
  echo >&2
  load_args=(--cards "$cards")
fi

cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; }
hz=$(getconf CLK_TCK)
run() {
  local label="$1"; shift
  local before after result sent
  before=$(cpu)
  result=$(dotnet ehi/ehi.dll simulate load --target "https://127.0.0.1:$port/ehi" --client-cert .ehi/pki/client.pem --client-key .ehi/pki/client.key \
    --ca .ehi/pki/host-root-ca.pem --json "${load_args[@]}" "$@")
  after=$(cpu)
  sent=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["sent"])' <<<"$result")
  printf '%-28s %s serverCpuUsPerMessage=%s\n' "$label" "$result" "$(awk -v t=$((after - before)) -v h="$hz" -v n="$sent" 'BEGIN { printf "%.0f", t / h * 1e6 / n }')"
}

echo "ehi $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?') on $(nproc) cores, provider $provider$([ "$provider" = ledger ] && echo ", $cards cards"), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
# Saturation first: it also warms the server (JIT, caches, the WAL after the bulk card load).
run "max, 16 conns" --connections 16 --max --duration "$duration"
run "fixed 2000/s, 16 conns" --connections 16 --rate 2000 --duration "$duration"
echo "journal: $(du -h data/journal.db | cut -f1), RSS $(awk '/VmRSS/ {print $2 " " $3}' "/proc/$server/status")"
