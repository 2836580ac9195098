#!/usr/bin/env bash
# Server CPU per full mTLS handshake, ehi against nginx, for ECDSA and RSA chains, each with and
# without CRLs (issue 11). Same certificates for both servers (`ehi pki dev`, `--rsa`), the C client
# `openssl s_time -new` (so the client's cost does not distort the server's), loopback only, bounded
# in time. Server CPU from /proc (ehi's process; nginx's master and workers) over the s_time window.
# With CRLs: ehi gets the issuing CA's CRL (--crl); nginx, which checks every CA of the chain once
# ssl_crl is set, gets that CRL and an empty one for the root.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/nginx-mtls.sh
. "$root/bench/nginx-mtls.sh"
work="$(mktemp -d)"
ehi_port=19643; admin_port=19644; nginx_port=19743
duration="${DURATION:-10}"
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  nginx_stop "$work"
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

nginx_require
dotnet build "$root/src/Ehi.Cli/Ehi.Cli.csproj" -c Release -o "$work/ehi" --nologo -v quiet -clp:ErrorsOnly >&2
cd "$work"
ehi() { dotnet "$work/ehi/ehi.dll" "$@"; }
ticks() { for p in "$@"; do awk '{print $14 + $15}' "/proc/$p/stat"; done | awk '{s+=$1} END {print s}'; }
nginx_pids() { echo "$(cat "$work/nginx.pid") $(pgrep -P "$(cat "$work/nginx.pid")" | tr '\n' ' ')"; }

# An empty CRL signed by the root, for nginx (ehi does not need one: a CA without a CRL is not checked).
root_crl() {
  local dir="$1" ca="$work/rootca-$2"
  mkdir -p "$ca"; : > "$ca/index.txt"; echo 01 > "$ca/crlnumber"
  cat > "$ca/ca.cnf" <<CNF
[ ca ]
default_ca = root
[ root ]
database = $ca/index.txt
crlnumber = $ca/crlnumber
default_md = sha256
default_crl_days = 30
CNF
  openssl ca -config "$ca/ca.cnf" -gencrl -keyfile "$dir/processor-root-ca.key" -cert "$dir/processor-root-ca.pem" -out "$ca/root.crl" 2>/dev/null
  cat "$ca/root.crl" "$dir/processor-issuing-ca.crl" > "$ca/all.crl"
  echo "$ca/all.crl"
}

start_nginx() {
  local dir="$1" crl_line="$2"
  nginx_mtls_conf "$work" "$dir" "$nginx_port" "$crl_line"
  nginx -c "$work/nginx/nginx.conf" -p "$work/nginx"
  sleep 1
}

stop_nginx() { kill "$(cat "$work/nginx.pid")"; for _ in $(seq 1 50); do [ -f "$work/nginx.pid" ] || break; sleep 0.1; done; }

start_ehi() {
  local dir="$1"; shift
  rm -rf "$work/data" serve.out
  # dotnet itself, not the ehi function: $! must be the server's PID (its CPU is measured, it is stopped).
  OPENSSL_CONF="$work/ehi/openssl-ehi.cnf" DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x2000000}" dotnet "$work/ehi/ehi.dll" serve --listen "127.0.0.1:$ehi_port" --admin-listen "127.0.0.1:$admin_port" \
    --cert "$dir/server-fullchain.pem" --key "$dir/server.key" --trust "$dir/processor-ca-bundle.pem" --provider static \
    --data "$work/data" "$@" > serve.out 2> serve.err &
  server=$!
  for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$admin_port/readyz" > /dev/null && break; sleep 0.5; done
  curl -sf "http://127.0.0.1:$admin_port/readyz" > /dev/null || { cat serve.out serve.err >&2; exit 1; }
}

stop_ehi() { kill "$server"; wait "$server" 2>/dev/null || true; server=; }

# Prints "handshakes/s server-ms-per-handshake" for one s_time window of SECONDS against PORT, CPU of PIDS.
measure() {
  local seconds="$1" port="$2" dir="$3"; shift 3
  local before after st n secs
  before=$(ticks "$@")
  st=$(openssl s_time -connect "127.0.0.1:$port" -new -time "$seconds" -cert "$dir/client.pem" -key "$dir/client.key" -CAfile "$dir/host-root-ca.pem" 2>/dev/null | grep -E 'connections in [0-9]+ real' || true)
  after=$(ticks "$@")
  n=$(awk '{print $1}' <<<"$st"); secs=$(awk '{print $4}' <<<"$st")
  [ -n "$n" ] && [ "$n" -gt 0 ] || { echo "0 -"; return; }
  awk -v n="$n" -v s="$secs" -v t=$((after - before)) -v h="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f %.2f\n", n / s, t / h * 1000 / n }'
}

echo "ehi $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?') vs nginx $(nginx -v 2>&1 | cut -d/ -f2), openssl s_time -new, ${duration}s per cell, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
printf '%-16s %22s %22s %10s\n' "chain, CRL" "ehi hs/s, ms CPU/hs" "nginx hs/s, ms CPU/hs" "CPU ratio"
for alg in ecdsa rsa; do
  dir="$work/pki-$alg"
  if [ "$alg" = rsa ]; then ehi pki dev --dir "$dir" --rsa > /dev/null; else ehi pki dev --dir "$dir" > /dev/null; fi
  all_crl=$(root_crl "$dir" "$alg")
  for crl in without with; do
    if [ "$crl" = with ]; then start_ehi "$dir" --crl "$dir/processor-issuing-ca.crl"; nginx_crl="ssl_crl $all_crl;"; else start_ehi "$dir"; nginx_crl=""; fi
    measure 2 "$ehi_port" "$dir" "$server" > /dev/null # the first connections after start, not counted
    read -r ehi_rate ehi_cpu < <(measure "$duration" "$ehi_port" "$dir" "$server")
    stop_ehi
    start_nginx "$dir" "$nginx_crl"
    read -r nginx_rate nginx_cpu < <(measure "$duration" "$nginx_port" "$dir" $(nginx_pids))
    stop_nginx
    ratio=$(awk -v a="$ehi_cpu" -v b="$nginx_cpu" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }')
    printf '%-16s %22s %22s %10s\n' "$alg, $crl" "$ehi_rate, $ehi_cpu" "$nginx_rate, $nginx_cpu" "$ratio"
  done
done
