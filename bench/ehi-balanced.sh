#!/usr/bin/env bash
# What a TCP load balancer costs: one `ehi serve --dev` (SQLite journal with fsync, built-in ledger,
# CARDS funded cards) measured directly, then the same set-up behind HAProxy in TCP mode with
# send-proxy-v2 (the host with --proxy-protocol --trusted-proxy), in one run on the same cores.
# Each configuration: saturation (16 keep-alive mTLS connections, closed loop), then a fixed rate
# (RATE, default half of that configuration's saturation rate; open loop, latency from the intended
# send time). Prints p50/p99/p99.9, errors and server CPU per message from /proc (utime+stime over
# warm-up and window, divided by throughput x their length), ehi and HAProxy separately. Loopback only; bounded in time. PostgreSQL rows (1 host, 2 hosts behind HAProxy) come
# with the PostgreSQL backend (issue 9).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
duration="${DURATION:-15}"
cards="${CARDS:-20000}"
base="${PORT:-18643}"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

command -v haproxy >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >&2; }
dotnet build "$root/src/Ehi.Cli/Ehi.Cli.csproj" -c Release -o "$work/ehi" --nologo -v quiet -clp:ErrorsOnly >&2
cd "$work"
ehi() { OPENSSL_CONF="${OPENSSL_CONF:-$work/ehi/openssl-ehi.cnf}" dotnet "$work/ehi/ehi.dll" "$@"; }
ehi pki dev --dir "$work/pki" > /dev/null
pki="$work/pki"
hz=$(getconf CLK_TCK)
ticks() { local s=0; for p in "$@"; do s=$((s + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$s"; }
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# start_host NAME PORT ADMIN_PORT [extra serve flags...]: starts ehi serve, loads the cards, sets $host_pid.
start_host() {
  local name="$1" port="$2" admin="$3"; shift 3
  # dotnet itself in the background (not the ehi function's subshell), so that $! is the server's pid.
  OPENSSL_CONF="${OPENSSL_CONF:-$work/ehi/openssl-ehi.cnf}" dotnet "$work/ehi/ehi.dll" serve --dev --pki-dir "$pki" --data "$work/$name" --listen "127.0.0.1:$port" --admin-listen "127.0.0.1:$admin" "$@" > "$name.out" 2> "$name.err" &
  host_pid=$!; pids+=("$host_pid")
  for _ in $(seq 1 90); do grep -q "Stop with" "$name.out" 2>/dev/null && break; sleep 1; done
  grep -q "Stop with" "$name.out" || { cat "$name.err" >&2; exit 1; }
  curl -sS -X POST "http://127.0.0.1:$admin/cards/bulk" -H 'Content-Type: application/json' \
    -d "{\"firstToken\":500000000,\"count\":$cards,\"currency\":\"826\",\"balance\":1000000}" > /dev/null
}

start_haproxy() {
  local front="$1"; shift
  local servers="" i=1
  for p in "$@"; do servers+="  server h$i 127.0.0.1:$p"$'\n'; i=$((i + 1)); done
  cat > haproxy.cfg <<CFG
global
  maxconn 4096
  nbthread 1
defaults
  mode tcp
  timeout connect 2s
  timeout client 60s
  timeout server 60s
frontend ehi
  bind 127.0.0.1:$front
  default_backend hosts
backend hosts
  balance roundrobin
  default-server send-proxy-v2 check inter 1s
$servers
CFG
  haproxy -f haproxy.cfg -db > haproxy.log 2>&1 &
  haproxy_pid=$!; pids+=("$haproxy_pid")
  sleep 2
}

# measure LABEL URL "EHI_PIDS" "HAPROXY_PIDS": saturation, then the fixed rate; one table row each.
measure() {
  local label="$1" url="$2" ehi_pids="$3" lb_pids="$4"
  local common=(--target "$url" --client-cert "$pki/client.pem" --client-key "$pki/client.key" --ca "$pki/host-root-ca.pem" --json --cards "$cards" --connections 16)
  for kind in saturation fixed; do
    local warmup=3 args=(--max) rate_label="max"
    if [ "$kind" = fixed ]; then
      local rate="${RATE:-$(awk -v t="$sat_rate" 'BEGIN { printf "%d", t / 2 }')}"
      args=(--rate "$rate"); rate_label="$rate/s"
    fi
    # shellcheck disable=SC2086
    local e0 l0 e1 l1 out
    e0=$(ticks $ehi_pids); l0=$( [ -n "$lb_pids" ] && ticks $lb_pids || echo 0)
    out=$(ehi simulate load "${common[@]}" "${args[@]}" --warmup "$warmup" --duration "$duration" || true)
    e1=$(ticks $ehi_pids); l1=$( [ -n "$lb_pids" ] && ticks $lb_pids || echo 0)
    # The CPU counters also cover the warm-up: divide by the messages of warm-up and window together.
    local sent; sent=$(field 'd["throughput"] * ('"$warmup + $duration"')' <<<"$out")
    [ "$kind" = saturation ] && sat_rate=$(field 'd["throughput"]' <<<"$out")
    printf '| %-38s | %-8s | %8.0f | %6.1f | %6.1f | %6.1f | %6s | %7.0f | %7s |\n' "$label" "$rate_label" \
      "$(field 'd["throughput"]' <<<"$out")" "$(field 'd["latencyMs"]["p50"]' <<<"$out")" "$(field 'd["latencyMs"]["p99"]' <<<"$out")" \
      "$(field 'd["latencyMs"]["p999"]' <<<"$out")" "$(field 'd["errors"]' <<<"$out")" \
      "$(awk -v t=$((e1 - e0)) -v h="$hz" -v n="$sent" 'BEGIN { printf "%.0f", t / h * 1e6 / n }')" \
      "$( [ -n "$lb_pids" ] && awk -v t=$((l1 - l0)) -v h="$hz" -v n="$sent" 'BEGIN { printf "%.0f", t / h * 1e6 / n }' || echo -)"
  done
}

echo "ehi $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?') on $(nproc) cores, $(haproxy -v | head -1 | cut -d' ' -f1-3), $cards cards, ${duration}s per run, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure)"
echo "| configuration                          | rate     | msgs/s   | p50 ms | p99 ms | p99.9  | errors | ehi CPU µs/msg | HAProxy CPU µs/msg |"
echo "|---|---|---|---|---|---|---|---|---|"

start_host direct "$base" $((base + 1))
measure "SQLite, 1 host, direct" "https://127.0.0.1:$base/ehi" "$host_pid" ""
kill "$host_pid"; wait "$host_pid" 2>/dev/null || true

start_host balanced $((base + 2)) $((base + 3)) --proxy-protocol --trusted-proxy 127.0.0.1
start_haproxy $((base + 4)) $((base + 2))
measure "SQLite, 1 host, HAProxy send-proxy-v2" "https://127.0.0.1:$((base + 4))/ehi" "$host_pid" "$haproxy_pid"
