#!/usr/bin/env bash
# What a TCP load balancer costs: one `ehi serve --dev` (SQLite journal with fsync, built-in ledger,
# CARDS funded cards) measured directly, then the same set-up behind HAProxy in TCP mode with
# send-proxy-v2 (the host with --proxy-protocol --trusted-proxy), in one run on the same cores.
# Each configuration: saturation (16 keep-alive mTLS connections, closed loop), then a fixed rate
# (RATE, default half of that configuration's saturation rate; open loop, latency from the intended
# send time). Prints p50/p99/p99.9, errors and server CPU per message from /proc (utime+stime over
# warm-up and window, divided by throughput x their length), ehi, PostgreSQL and HAProxy separately.
# Then the PostgreSQL backend: one host on a local PostgreSQL 15 cluster (its own initdb in the work
# directory, synchronous_commit on, fsync on), then two hosts on that database behind HAProxy. All on
# the same cores: the figures show cost, not scale. Loopback only; bounded in time.
# SKIP_SQLITE=1 or SKIP_POSTGRES=1 leave a half out. FLOOR=1 adds the two hosts at the same fixed rate
# with PostgreSQL's fsync off (an experiment: not durable), to show how much of the tail is the disk's.
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

pgbin=/usr/lib/postgresql/15/bin
need=()
command -v haproxy >/dev/null 2>&1 || need+=(haproxy)
[ "${SKIP_POSTGRES:-0}" = 1 ] || [ -x "$pgbin/postgres" ] || need+=(postgresql-15)
[ ${#need[@]} -eq 0 ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2; }
dotnet build "$root/src/Ehi.Cli/Ehi.Cli.csproj" -c Release -o "$work/ehi" --nologo -v quiet -clp:ErrorsOnly >&2
cd "$work"
ehi() { OPENSSL_CONF="${OPENSSL_CONF:-$work/ehi/openssl-ehi.cnf}" DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x2000000}" dotnet "$work/ehi/ehi.dll" "$@"; }
ehi pki dev --dir "$work/pki" > /dev/null
pki="$work/pki"
hz=$(getconf CLK_TCK)
ticks() { local s=0; for p in "$@"; do s=$((s + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$s"; }
# PostgreSQL's CPU: the postmaster's own and its reaped children's (cutime+cstime), plus the live
# backends, WAL writer and checkpointer (the postmaster's children now).
pg_ticks() {
  [ -n "${pg_pid:-}" ] || { echo 0; return; }
  local s; s=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pg_pid/stat")
  for c in $(cat "/proc/$pg_pid/task/"*/children 2>/dev/null); do
    s=$((s + $(awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || echo 0)))
  done
  echo "$s"
}
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# start_host NAME PORT ADMIN_PORT [extra serve flags...]: starts ehi serve (SQLite in $work/NAME unless
# the flags name --database), loads the cards unless NO_CARDS=1 (hosts sharing a database), sets $host_pid.
start_host() {
  local name="$1" port="$2" admin="$3"; shift 3
  local store=(--data "$work/$name")
  case " $* " in *" --database "*) store=() ;; esac
  # dotnet itself in the background (not the ehi function's subshell), so that $! is the server's pid.
  OPENSSL_CONF="${OPENSSL_CONF:-$work/ehi/openssl-ehi.cnf}" DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x2000000}" dotnet "$work/ehi/ehi.dll" serve --dev --pki-dir "$pki" "${store[@]}" --listen "127.0.0.1:$port" --admin-listen "127.0.0.1:$admin" "$@" > "$name.out" 2> "$name.err" &
  host_pid=$!; pids+=("$host_pid")
  for _ in $(seq 1 90); do grep -q "Stop with" "$name.out" 2>/dev/null && break; sleep 1; done
  grep -q "Stop with" "$name.out" || { cat "$name.err" >&2; exit 1; }
  [ "${NO_CARDS:-0}" = 1 ] && return
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

# start_postgres PORT: a fresh cluster in $work/pg run as the postgres user (as the tests do); sets
# $pg_pid and $pg_url. Defaults kept: fsync and synchronous_commit on, as production would run it.
start_postgres() {
  local port="$1"
  mkdir -p "$work/pg/socket"; chown -R postgres:postgres "$work/pg"; chmod 755 "$work"
  setpriv --reuid=postgres --regid=postgres --clear-groups -- "$pgbin/initdb" -D "$work/pg/data" -U ehi --auth=trust -E UTF8 --no-instructions > pg-initdb.log 2>&1
  setpriv --reuid=postgres --regid=postgres --clear-groups -- "$pgbin/postgres" -D "$work/pg/data" -p "$port" -k "$work/pg/socket" \
    -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB \
    -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all > pg.log 2>&1 &
  pg_pid=$!; pids+=("$pg_pid")
  pg_url="postgres://ehi@127.0.0.1:$port/postgres"
  for _ in $(seq 1 30); do grep -q "ready to accept connections" pg.log && return; sleep 1; done
  cat pg.log >&2; exit 1
}

# measure LABEL URL "EHI_PIDS" "HAPROXY_PIDS": saturation, then the fixed rate; one table row each.
measure() {
  local label="$1" url="$2" ehi_pids="$3" lb_pids="$4"
  local common=(--target "$url" --client-cert "$pki/client.pem" --client-key "$pki/client.key" --ca "$pki/host-root-ca.pem" --json --cards "$cards" --connections 16)
  for kind in ${KINDS:-saturation fixed}; do
    local warmup=3 args=(--max) rate_label="max"
    if [ "$kind" = fixed ]; then
      local rate="${RATE:-$(awk -v t="$sat_rate" 'BEGIN { printf "%d", t / 2 }')}"
      args=(--rate "$rate"); rate_label="$rate/s"
    fi
    # shellcheck disable=SC2086
    local e0 l0 p0 e1 l1 p1 out
    e0=$(ticks $ehi_pids); l0=$( [ -n "$lb_pids" ] && ticks $lb_pids || echo 0); p0=$(pg_ticks)
    out=$(ehi simulate load "${common[@]}" "${args[@]}" --warmup "$warmup" --duration "$duration" || true)
    e1=$(ticks $ehi_pids); l1=$( [ -n "$lb_pids" ] && ticks $lb_pids || echo 0); p1=$(pg_ticks)
    # The CPU counters also cover the warm-up: divide by the messages of warm-up and window together.
    local sent; sent=$(field 'd["throughput"] * ('"$warmup + $duration"')' <<<"$out")
    [ "$kind" = saturation ] && sat_rate=$(field 'd["throughput"]' <<<"$out")
    # BY_SECOND=1: each second's p99.9 of the window (a stall shows as one bad second, a slow host as all).
    [ "${BY_SECOND:-0}" = 1 ] && echo "$label $rate_label, p99.9 by second (ms): $(field '" ".join(str(round(s["p999"])) for s in d["bySecond"])' <<<"$out")" >&2
    printf '| %-38s | %-8s | %8.0f | %6.1f | %6.1f | %6.1f | %6s | %7.0f | %7s | %7s |\n' "$label" "$rate_label" \
      "$(field 'd["throughput"]' <<<"$out")" "$(field 'd["latencyMs"]["p50"]' <<<"$out")" "$(field 'd["latencyMs"]["p99"]' <<<"$out")" \
      "$(field 'd["latencyMs"]["p999"]' <<<"$out")" "$(field 'd["errors"]' <<<"$out")" \
      "$(awk -v t=$((e1 - e0)) -v h="$hz" -v n="$sent" 'BEGIN { printf "%.0f", t / h * 1e6 / n }')" \
      "$( [ -n "${pg_pid:-}" ] && awk -v t=$((p1 - p0)) -v h="$hz" -v n="$sent" 'BEGIN { printf "%.0f", t / h * 1e6 / n }' || echo -)" \
      "$( [ -n "$lb_pids" ] && awk -v t=$((l1 - l0)) -v h="$hz" -v n="$sent" 'BEGIN { printf "%.0f", t / h * 1e6 / n }' || echo -)"
  done
}

echo "ehi $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?') on $(nproc) cores, $(haproxy -v | head -1 | cut -d' ' -f1-3), $cards cards, ${duration}s per run, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure)"
echo "| configuration                          | rate     | msgs/s   | p50 ms | p99 ms | p99.9  | errors | ehi CPU µs/msg | PostgreSQL CPU µs/msg | HAProxy CPU µs/msg |"
echo "|---|---|---|---|---|---|---|---|---|---|"

if [ "${SKIP_SQLITE:-0}" != 1 ]; then
  start_host direct "$base" $((base + 1))
  measure "SQLite, 1 host, direct" "https://127.0.0.1:$base/ehi" "$host_pid" ""
  kill "$host_pid"; wait "$host_pid" 2>/dev/null || true

  start_host balanced $((base + 2)) $((base + 3)) --proxy-protocol --trusted-proxy 127.0.0.1
  start_haproxy $((base + 4)) $((base + 2))
  measure "SQLite, 1 host, HAProxy send-proxy-v2" "https://127.0.0.1:$((base + 4))/ehi" "$host_pid" "$haproxy_pid"
  kill "$host_pid" "$haproxy_pid"; wait "$host_pid" "$haproxy_pid" 2>/dev/null || true
fi

if [ "${SKIP_POSTGRES:-0}" != 1 ]; then
  start_postgres $((base + 10))
  start_host pg-direct $((base + 5)) $((base + 6)) --database "$pg_url"
  psql_() { setpriv --reuid=postgres --regid=postgres --clear-groups -- "$pgbin/psql" -h "$work/pg/socket" -p $((base + 10)) -U ehi -d postgres -X -q "$@"; }
  psql_ -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" -c "SELECT pg_stat_statements_reset()" > /dev/null
  measure "PostgreSQL, 1 host, direct" "https://127.0.0.1:$((base + 5))/ehi" "$host_pid" ""
  # STATEMENTS=1: where PostgreSQL's time went in that run (calls, mean and total execution time).
  [ "${STATEMENTS:-0}" = 1 ] && psql_ -c "SELECT calls, round(mean_exec_time::numeric, 3) AS mean_ms, round(total_exec_time::numeric) AS total_ms, rows, left(regexp_replace(query, '\s+', ' ', 'g'), 110) AS query FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15" >&2
  kill "$host_pid"; wait "$host_pid" 2>/dev/null || true

  # The cards are in the database already (the direct run loaded them); both hosts share them.
  NO_CARDS=1 start_host pg-1 $((base + 7)) $((base + 8)) --database "$pg_url" --proxy-protocol --trusted-proxy 127.0.0.1
  first="$host_pid"
  NO_CARDS=1 start_host pg-2 $((base + 11)) $((base + 12)) --database "$pg_url" --proxy-protocol --trusted-proxy 127.0.0.1
  start_haproxy $((base + 9)) $((base + 7)) $((base + 11))
  measure "PostgreSQL, 2 hosts, HAProxy" "https://127.0.0.1:$((base + 9))/ehi" "$first $host_pid" "$haproxy_pid"
  # FLOOR=1: the same two hosts again at the same fixed rate with PostgreSQL's fsync off, an experiment
  # and never a setting (commits are then not durable): how much of the tail is the disk's flush.
  if [ "${FLOOR:-0}" = 1 ]; then
    psql_ -c "ALTER SYSTEM SET fsync = off" -c "SELECT pg_reload_conf()" > /dev/null
    KINDS=fixed measure "PostgreSQL, 2 hosts, fsync off (!)" "https://127.0.0.1:$((base + 9))/ehi" "$first $host_pid" "$haproxy_pid"
  fi
fi
