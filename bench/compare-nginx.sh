#!/usr/bin/env bash
# ehi serve against nginx-with-a-static-page, same machine, same run, same certificates (issue 6).
# ehi: `serve --dev` (dev PKI, durable SQLite journal, built-in ledger with 100,000 funded cards).
# nginx: Debian package, ssl_verify_client on with the processor CA bundle, TLS 1.2/1.3 ECDHE+AEAD,
# a static 200 JSON answer on /ehi. Both are driven by `ehi simulate load` (loopback only, bounded).
# Prints: messages/s and server CPU per message at saturation (ledger, and the static provider), p99
# and p99.9 at a fixed 2,000/s, full mTLS handshakes/s and server CPU per handshake (openssl s_time
# -new), RSS; ehi/nginx ratios; and a cold run: a fresh ehi, 100,000 cards created, then at once half
# the saturation rate, second by second; and the floor under ehi, bare Kestrel with the same TLS and a
# fixed answer (bench/Ehi.KestrelFloor), at saturation.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/nginx-mtls.sh
. "$root/bench/nginx-mtls.sh"
work="$(mktemp -d)"
ehi_port=19443; admin_port=19444; nginx_port=19543
duration="${DURATION:-15}"
cleanup() {
  kill "$server" 2>/dev/null || true
  nginx_stop "$work"
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

nginx_require

dotnet build "$root/src/Ehi.Cli/Ehi.Cli.csproj" -c Release -o "$work/ehi" --nologo -v quiet -clp:ErrorsOnly >&2
dotnet build "$root/bench/Ehi.KestrelFloor/Ehi.KestrelFloor.csproj" -c Release -o "$work/floor" --nologo -v quiet -clp:ErrorsOnly >&2
cd "$work"
ehi() { dotnet "$work/ehi/ehi.dll" "$@"; }
# A fresh ehi (new data directory, same dev PKI) with 100,000 funded cards; `start_ehi static`: the
# static provider instead of the ledger (the protocol and the journal alone), no cards.
start_ehi() {
  local provider="${1:-ledger}"
  [ -n "${server:-}" ] && { kill "$server"; wait "$server" 2>/dev/null || true; }
  rm -rf "$work/data" serve.out
  OPENSSL_CONF="${OPENSSL_CONF:-$work/ehi/openssl-ehi.cnf}" DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x2000000}" dotnet "$work/ehi/ehi.dll" serve --dev --provider "$provider" --listen "127.0.0.1:$ehi_port" --admin-listen "127.0.0.1:$admin_port" --data "$work/data" > serve.out 2> serve.err &
  server=$!
  for _ in $(seq 1 60); do grep -q "Stop with" serve.out 2>/dev/null && break; sleep 1; done
  grep -q "Stop with" serve.out || { cat serve.err >&2; exit 1; }
  [ "$provider" = ledger ] || return 0
  curl -sS -X POST "http://127.0.0.1:$admin_port/cards/bulk" -H 'Content-Type: application/json' \
    -d '{"firstToken":500000000,"count":100000,"currency":"826","balance":1000000}' > /dev/null
}
server=
start_ehi
pki="$work/.ehi/pki"

nginx_mtls_conf "$work" "$pki" "$nginx_port" 'ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20; add_header Strict-Transport-Security "max-age=31536000" always;'
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx"
sleep 1

common=(--client-cert "$pki/client.pem" --client-key "$pki/client.key" --ca "$pki/host-root-ca.pem" --json --warmup 2)
load() { ehi simulate load "$@" "${common[@]}" || true; }
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
rss() { awk '/VmRSS/ {print int($2/1024) " MB"}' "/proc/$1/status"; }
nginx_rss() { ps -o rss= --ppid "$(cat "$work/nginx.pid")" | awk '{s+=$1} END {print int(s/1024) " MB"}'; }

# CPU ticks of the server under test (ehi's process, or all nginx processes).
server_cpu() {
  if [ "$1" = ehi ]; then awk '{print $14 + $15}' "/proc/$server/stat"
  else for p in $(cat "$work/nginx.pid") $(pgrep -P "$(cat "$work/nginx.pid")"); do awk '{print $14 + $15}' "/proc/$p/stat"; done | awk '{s+=$1} END {print s}'; fi
}

declare -A result
for target in ehi nginx; do
  if [ "$target" = ehi ]; then url="https://127.0.0.1:$ehi_port/ehi"; extra=(--cards 100000); else url="https://127.0.0.1:$nginx_port/ehi"; extra=(--no-check); fi
  c0=$(server_cpu "$target")
  sat=$(load --target "$url" --max --connections 16 --duration "$duration" "${extra[@]}")
  c1=$(server_cpu "$target")
  if [ "$target" = ehi ]; then
    # No stall after a bulk load: a fresh host, 100,000 cards created, then at once (no warm-up run,
    # no client warm-up) a fixed rate of half the saturation just measured.
    start_ehi
    half=$(( $(field 'int(d["throughput"])' <<<"$sat") / 2 ))
    cold=$(ehi simulate load --target "$url" --rate "$half" --connections 16 --duration "$duration" --warmup 0 "${extra[@]}" "${common[@]:0:6}" --json || true)
    result[cold]="$half/s: p99 $(field 'd["latencyMs"]["p99"]' <<<"$cold") ms, p99.9 $(field 'd["latencyMs"]["p999"]' <<<"$cold") ms, first second p99.9 $(field 'd["bySecond"][0]["p999"]' <<<"$cold") ms, worst second p99.9 $(field 'max(s["p999"] for s in d["bySecond"])' <<<"$cold") ms, errors $(field 'd["errors"]' <<<"$cold")"
  fi
  fixed=$(load --target "$url" --rate 2000 --connections 16 --duration "$duration" "${extra[@]}")
  hs=$(load --target "$url" --max --connections 4 --duration "$duration" --new-connection-per-message "${extra[@]}")
  # Full handshakes from a C client (openssl s_time), with the server's CPU per handshake.
  port=${url#https://127.0.0.1:}; port=${port%%/*}
  before=$(server_cpu "$target")
  st=$(openssl s_time -connect "127.0.0.1:$port" -new -time "$duration" -cert "$pki/client.pem" -key "$pki/client.key" 2>/dev/null | grep -E 'connections in [0-9]+ real' || true)
  after=$(server_cpu "$target")
  n=$(awk '{print $1}' <<<"$st"); secs=$(awk '{print $4}' <<<"$st")
  result[$target.st]=$(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')
  result[$target.cpu]=$(awk -v t=$((after - before)) -v h="$(getconf CLK_TCK)" -v n="$n" 'BEGIN { printf "%.2f", t / h * 1000 / n }')
  result[$target.sat]=$(field 'd["throughput"]' <<<"$sat")
  # Server CPU per message at saturation: the counters cover the 2 s warm-up and the window.
  result[$target.msgcpu]=$(awk -v t=$((c1 - c0)) -v h="$(getconf CLK_TCK)" -v r="${result[$target.sat]}" -v d="$duration" 'BEGIN { printf "%.0f", t / h * 1e6 / (r * (d + 2)) }')
  result[$target.p99]=$(field 'd["latencyMs"]["p99"]' <<<"$fixed")
  result[$target.p999]=$(field 'd["latencyMs"]["p999"]' <<<"$fixed")
  result[$target.errors]=$(( $(field 'd["errors"]' <<<"$sat") + $(field 'd["errors"]' <<<"$fixed") + $(field 'd["errors"]' <<<"$hs") ))
  result[$target.hs]=$(field 'd["handshakesPerSecond"]' <<<"$hs")
done
result[ehi.rss]=$(rss "$server"); result[nginx.rss]=$(nginx_rss)

# The static provider (journal, no ledger) at saturation, against nginx's rate above.
start_ehi static
c0=$(server_cpu ehi)
sat=$(load --target "https://127.0.0.1:$ehi_port/ehi" --max --connections 16 --duration "$duration")
c1=$(server_cpu ehi)
result[static.sat]=$(field 'd["throughput"]' <<<"$sat")
result[static.msgcpu]=$(awk -v t=$((c1 - c0)) -v h="$(getconf CLK_TCK)" -v r="${result[static.sat]}" -v d="$duration" 'BEGIN { printf "%.0f", t / h * 1e6 / (r * (d + 2)) }')
result[static.errors]=$(field 'd["errors"]' <<<"$sat")

# The floor: bare Kestrel with the same TLS, certificates and runtime options, a fixed answer, no
# journal (bench/Ehi.KestrelFloor). Above it is ehi's own work; between it and nginx, .NET's.
kill "$server"; wait "$server" 2>/dev/null || true
OPENSSL_CONF="${OPENSSL_CONF:-$work/ehi/openssl-ehi.cnf}" DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x2000000}" dotnet "$work/floor/Ehi.KestrelFloor.dll" "$ehi_port" "$pki" > floor.out 2> floor.err &
server=$!
floor_up() { curl -s -o /dev/null --cacert "$pki/host-root-ca.pem" --cert "$pki/client.pem" --key "$pki/client.key" -X POST -d '{}' "https://127.0.0.1:$ehi_port/ehi"; }
for _ in $(seq 1 60); do floor_up && break; sleep 0.5; done
floor_up || { cat floor.err >&2; exit 1; }
c0=$(server_cpu ehi)
sat=$(load --target "https://127.0.0.1:$ehi_port/ehi" --max --connections 16 --duration "$duration" --no-check)
c1=$(server_cpu ehi)
result[floor.sat]=$(field 'd["throughput"]' <<<"$sat")
result[floor.msgcpu]=$(awk -v t=$((c1 - c0)) -v h="$(getconf CLK_TCK)" -v r="${result[floor.sat]}" -v d="$duration" 'BEGIN { printf "%.0f", t / h * 1e6 / (r * (d + 2)) }')

echo "ehi $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?') vs nginx $(nginx -v 2>&1 | cut -d/ -f2) on $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ), ${duration}s per run"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }
printf '%-38s %18s %18s %10s\n' "" "ehi serve (ledger)" "nginx static 200" "ehi/nginx"
printf '%-38s %18s %18s %10s\n' "messages/s at saturation (16 conn)" "${result[ehi.sat]}" "${result[nginx.sat]}" "$(ratio "${result[ehi.sat]}" "${result[nginx.sat]}")"
printf '%-38s %18s %18s %10s\n' "server CPU µs per message, saturation" "${result[ehi.msgcpu]}" "${result[nginx.msgcpu]}" "$(ratio "${result[ehi.msgcpu]}" "${result[nginx.msgcpu]}")"
printf '%-38s %18s %18s %10s\n' "static provider messages/s, saturation" "${result[static.sat]}" "${result[nginx.sat]}" "$(ratio "${result[static.sat]}" "${result[nginx.sat]}")"
printf '%-38s %18s %18s %10s\n' "static provider CPU µs per message" "${result[static.msgcpu]}" "${result[nginx.msgcpu]}" "$(ratio "${result[static.msgcpu]}" "${result[nginx.msgcpu]}")"
printf '%-38s %18s %18s %10s\n' "bare Kestrel mTLS (floor) messages/s" "${result[floor.sat]}" "${result[nginx.sat]}" "$(ratio "${result[floor.sat]}" "${result[nginx.sat]}")"
printf '%-38s %18s %18s %10s\n' "bare Kestrel CPU µs per message" "${result[floor.msgcpu]}" "${result[nginx.msgcpu]}" "$(ratio "${result[floor.msgcpu]}" "${result[nginx.msgcpu]}")"
printf '%-38s %18s %18s\n' "p99 ms at 2,000/s" "${result[ehi.p99]}" "${result[nginx.p99]}"
printf '%-38s %18s %18s\n' "p99.9 ms at 2,000/s" "${result[ehi.p999]}" "${result[nginx.p999]}"
printf '%-38s %18s %18s %10s\n' "full mTLS handshakes/s (4 conn)" "${result[ehi.hs]}" "${result[nginx.hs]}" "$(ratio "${result[ehi.hs]}" "${result[nginx.hs]}")"
printf '%-38s %18s %18s %10s\n' "handshakes/s, openssl s_time" "${result[ehi.st]}" "${result[nginx.st]}" "$(ratio "${result[ehi.st]}" "${result[nginx.st]}")"
printf '%-38s %18s %18s %10s\n' "server CPU ms per handshake" "${result[ehi.cpu]}" "${result[nginx.cpu]}" "$(ratio "${result[ehi.cpu]}" "${result[nginx.cpu]}")"
printf '%-38s %s\n' "cold fixed rate after the bulk load" "${result[cold]}"
printf '%-38s %18s %18s\n' "errors (all runs)" "$(( ${result[ehi.errors]} + ${result[static.errors]} ))" "${result[nginx.errors]}"
printf '%-38s %18s %18s\n' "RSS after the runs" "${result[ehi.rss]}" "${result[nginx.rss]}"
