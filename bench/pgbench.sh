#!/usr/bin/env bash
# Side-by-side pgbench, select-only: PostgreSQL directly vs pgbouncer (session pooling) vs maskingproxy,
# each in simple, extended and prepared query mode, on a fresh PostgreSQL initialized in a temp folder.
# The proxy runs in up to three variants at once (each on its own port, idle while the others run):
#   proxy    passthrough (no policy, no audit)
#   masked   bench/policies/pgbench-mask.yaml masks pgbench_accounts.abalance (round) and .filler
#   audited  the same policy plus the audit log with durability: sync (fsync before results)
#   batched  the same policy plus the audit log with durability: batch (fsync within 200 ms)
#
# Usage: bench/pgbench.sh [EXTRA_PROXY_CONFIG.yaml]
#   DURATION=20  seconds per measured run          CLIENTS=8  pgbench -c      THREADS=2  pgbench -j
#   SCALE=10     pgbench -i -s                     WARMUP=3   unmeasured seconds per target and mode
#   PROXY_EXTRA_CONFIG=file  YAML appended to the proxy config (same as the first argument)
#   PROXY_DIR=dir            use an already published proxy instead of `dotnet publish src/Proxy`
#   KEEP_WORK=1              keep the temp folder (logs, configs) for inspection
#   VARIANTS="proxy masked audited batched"   which proxy variants to run
#   ROUNDS=1     rounds of every target and mode, interleaved; tables show the median round (TPS,
#                latency, CPU) with the spread, and ratios are medians of per-round ratios, so a slow
#                moment on a shared host hits one round of every target rather than one target
#   STEAL_MAX=2  a run during which the hypervisor took more than this % of the CPUs (steal time,
#   STEAL_RETRIES=4  /proc/stat) is run again, up to STEAL_RETRIES times: on a shared VM, TPS falls
#                with steal, and a comparison between runs with different steal measures the host.
#                Rounds still starved after that are left out of medians and ratios (unless all are).
# Prints markdown tables (paste them into docs/benchmarks.md).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${DURATION:-20}
CLIENTS=${CLIENTS:-8}
THREADS=${THREADS:-2}
SCALE=${SCALE:-10}
WARMUP=${WARMUP:-3}
ROUNDS=${ROUNDS:-1}
STEAL_MAX=${STEAL_MAX:-2}
STEAL_RETRIES=${STEAL_RETRIES:-4}
PROXY_EXTRA_CONFIG=${1:-${PROXY_EXTRA_CONFIG:-}}
MODES=(simple extended prepared)
read -r -a VARIANTS <<<"${VARIANTS:-proxy masked audited batched}"
TARGETS=(direct pgbouncer "${VARIANTS[@]}")

# libpq must not pick up anything from the caller's environment; TLS and GSS negotiation are off so
# every target sees the same plain TCP session.
for var in $(compgen -e | grep '^PG' || true); do unset "$var"; done
export PGSSLMODE=disable PGGSSENCMODE=disable

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- binaries ----------------------------------------------------------------------------------------
# Debian keeps server binaries off PATH and pg_config may describe another install; prefer 15.
find_bindir() {
    if [ -n "${PG_BINDIR:-}" ]; then echo "$PG_BINDIR"; return; fi
    if [ -x /usr/lib/postgresql/15/bin/initdb ]; then echo /usr/lib/postgresql/15/bin; return; fi
    local newest
    newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n | tail -n 1 || true)
    [ -n "$newest" ] && [ -x "$newest/initdb" ] && { echo "$newest"; return; }
    command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return; }
    die "PostgreSQL server binaries not found (apt-get install postgresql-15, or set PG_BINDIR)"
}
BINDIR=$(find_bindir)
PGBOUNCER=${PGBOUNCER:-$(command -v pgbouncer || echo /usr/sbin/pgbouncer)}
[ -x "$PGBOUNCER" ] || die "pgbouncer not found (apt-get install pgbouncer)"

# initdb, postgres and pgbouncer refuse to run as root: as root, run them as the postgres OS user.
# setpriv exec()s the program (so $! is the program's own pid); runuser is the fallback.
PG_OS_USER=${PG_OS_USER:-postgres}
as_pg() {
    if [ "$(id -u)" -ne 0 ]; then
        "$@"
    elif command -v setpriv >/dev/null; then
        setpriv --reuid="$PG_OS_USER" --regid="$PG_OS_USER" --init-groups -- "$@"
    else
        runuser -u "$PG_OS_USER" -- "$@"
    fi
}

# --- ports -------------------------------------------------------------------------------------------
taken_ports=" "
port_listening() {
    local hex
    hex=$(printf ':%04X' "$1")
    awk -v h="$hex" '$4 == "0A" && substr($2, length($2) - 4) == h { found = 1 } END { exit !found }' \
        /proc/net/tcp /proc/net/tcp6 2>/dev/null
}
free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 40000))
        case "$taken_ports" in *" $port "*) continue ;; esac
        port_listening "$port" && continue
        taken_ports+="$port "
        echo "$port"
        return
    done
}
# wait_port PORT PID SECONDS: until PORT accepts a TCP connection; fails early if PID dies.
wait_port() {
    local deadline=$((SECONDS + $3))
    while [ "$SECONDS" -lt "$deadline" ]; do
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.2
    done
    return 1
}

# "utime+stime utime" (clock ticks) of a process, all threads; fields 14 and 15 of /proc/PID/stat,
# counted after the ")" that ends the command name (which may contain spaces).
cpu_ticks() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo ""; return; }
    stat=${stat##*) }
    # shellcheck disable=SC2086
    set -- $stat
    echo "$(( ${12} + ${13} )) ${12}"
}
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
# Busy ticks of the whole machine: user, nice, system, irq, softirq (not idle, iowait or steal).
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
# Ticks the hypervisor ran something else while this VM's CPUs wanted to run (all CPUs together).
steal_ticks() { awk '/^cpu / { print $9 + 0 }' /proc/stat; }
# Ticks no CPU had anything to run (idle and iowait, all CPUs together).
idle_ticks() { awk '/^cpu / { print $5 + $6 }' /proc/stat; }
NCPU=$(nproc)

# --- workspace and cleanup ---------------------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/maskingproxy-bench.XXXXXX")
chmod 755 "$WORK"
mkdir -p "$WORK/socket" "$WORK/pgbouncer"
PG_STARTED=0
BOUNCER_PID=""
declare -A PROXY_PIDS=()

stop_pid() { # stop_pid PID: SIGTERM, wait up to 15 s, then SIGKILL
    local pid=$1 i
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 75); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
    local status=$?
    set +e
    for pid in "${PROXY_PIDS[@]}"; do stop_pid "$pid"; done
    [ -n "$BOUNCER_PID" ] && stop_pid "$BOUNCER_PID"
    [ "$PG_STARTED" = 1 ] && as_pg "$BINDIR/pg_ctl" stop -D "$WORK/data" -m fast -w -t 60 >/dev/null 2>&1
    # Keep the logs when something broke (not on Ctrl-C): they say why.
    if [ "${KEEP_WORK:-0}" = 1 ] || { [ "$status" -ne 0 ] && [ "$status" -ne 130 ]; }; then
        log "work folder kept: $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- maskingproxy build (before anything is measured, so the compiler does not compete) ---------------
PROXY_STATUS="not started"
PROXY_BIN=()
if [ -n "${PROXY_DIR:-}" ]; then
    proxy_out=$(cd "$PROXY_DIR" && pwd)  # absolute: the proxy starts in the work folder
else
    proxy_out="$WORK/proxy"
    log "publishing src/Proxy (Release)"
    if ! dotnet publish "$REPO/src/Proxy" -c Release -o "$proxy_out" --nologo >"$WORK/publish.log" 2>&1; then
        PROXY_STATUS="publish failed (tail of the log below)"
        tail -n 15 "$WORK/publish.log" >&2
    fi
fi
if [ -x "$proxy_out/maskingproxy" ]; then
    PROXY_BIN=("$proxy_out/maskingproxy")
elif [ -f "$proxy_out/maskingproxy.dll" ]; then
    PROXY_BIN=(dotnet "$proxy_out/maskingproxy.dll")
fi

# --- PostgreSQL --------------------------------------------------------------------------------------
[ "$(id -u)" -eq 0 ] && chown -R "$PG_OS_USER:" "$WORK"
PG_PORT=$(free_port)
log "initdb ($BINDIR) and start PostgreSQL on 127.0.0.1:$PG_PORT"
as_pg "$BINDIR/initdb" -D "$WORK/data" -U postgres --auth=trust -E UTF8 --locale=C --no-instructions \
    >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
cat >>"$WORK/data/postgresql.conf" <<EOF

# bench/pgbench.sh: defaults (fsync on) plus
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$WORK/socket'
shared_buffers = 256MB
max_connections = 100
EOF
as_pg "$BINDIR/pg_ctl" start -D "$WORK/data" -l "$WORK/postgres.log" -w -t 60 >/dev/null \
    || { tail -n 30 "$WORK/postgres.log" >&2; die "PostgreSQL did not start"; }
PG_STARTED=1

"$BINDIR/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres bench
log "pgbench -i -s $SCALE"
"$BINDIR/pgbench" -i -q -s "$SCALE" -h 127.0.0.1 -p "$PG_PORT" -U postgres bench >"$WORK/pgbench-init.log" 2>&1 \
    || { cat "$WORK/pgbench-init.log" >&2; die "pgbench -i failed"; }

# --- pgbouncer ---------------------------------------------------------------------------------------
BOUNCER_PORT=$(free_port)
sed -e "s|@PG_PORT@|$PG_PORT|g" -e "s|@PORT@|$BOUNCER_PORT|g" -e "s|@DIR@|$WORK/pgbouncer|g" \
    "$REPO/bench/pgbouncer/pgbouncer.ini.in" >"$WORK/pgbouncer/pgbouncer.ini"
cp "$REPO/bench/pgbouncer/userlist.txt" "$WORK/pgbouncer/userlist.txt"
[ "$(id -u)" -eq 0 ] && chown -R "$PG_OS_USER:" "$WORK/pgbouncer"
log "start pgbouncer on 127.0.0.1:$BOUNCER_PORT"
as_pg "$PGBOUNCER" "$WORK/pgbouncer/pgbouncer.ini" >"$WORK/pgbouncer/stdout.log" 2>&1 &
BOUNCER_PID=$!
wait_port "$BOUNCER_PORT" "$BOUNCER_PID" 20 \
    || { tail -n 20 "$WORK/pgbouncer/stdout.log" >&2; die "pgbouncer did not start"; }
# With the runuser fallback $! is runuser's pid; the pidfile names pgbouncer itself.
[ -s "$WORK/pgbouncer/pgbouncer.pid" ] && BOUNCER_PID=$(cat "$WORK/pgbouncer/pgbouncer.pid")

# --- maskingproxy ------------------------------------------------------------------------------------
declare -A PROXY_PORTS=() PROXY_ADMIN=() VARIANT_STATUS=()
if [ "${#PROXY_BIN[@]}" -gt 0 ]; then
    "${PROXY_BIN[@]}" keys init --out "$WORK/keys" >/dev/null
fi
# start_proxy VARIANT: writes its config, starts it, waits until it serves a masked read
start_proxy() {
    local variant=$1 port admin config pid
    port=$(free_port); admin=$(free_port); config="$WORK/proxy-$variant.yaml"
    cat >"$config" <<EOF
listeners:
  - name: bench
    protocol: postgres
    listen: 127.0.0.1:$port
    backend: 127.0.0.1:$PG_PORT
    backend_tls: disable
admin:
  listen: 127.0.0.1:$admin
EOF
    if [ "$variant" != proxy ]; then
        cat >>"$config" <<EOF
catalog:
  connection_string: "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=bench"
  refresh_seconds: 300
policy: $REPO/bench/policies/pgbench-mask.yaml
EOF
    fi
    if [ "$variant" = audited ] || [ "$variant" = batched ]; then
        local durability=sync
        [ "$variant" = batched ] && durability=batch
        cat >>"$config" <<EOF
audit:
  dir: $WORK/audit-$variant
  durability: $durability
  hmac_key: $WORK/keys/audit.key
  signing_key: $WORK/keys/audit-sm2.pem
EOF
    fi
    if [ -n "$PROXY_EXTRA_CONFIG" ]; then
        [ -f "$PROXY_EXTRA_CONFIG" ] || die "extra proxy config $PROXY_EXTRA_CONFIG not found"
        cat "$PROXY_EXTRA_CONFIG" >>"$config"
    fi
    log "start maskingproxy ($variant) on 127.0.0.1:$port"
    (cd "$WORK" && exec "${PROXY_BIN[@]}" run --config "$config") >"$WORK/proxy-$variant.log" 2>&1 &
    pid=$!
    if wait_port "$port" "$pid" 30 \
        && "$BINDIR/psql" -X -q -w -At -h 127.0.0.1 -p "$port" -U postgres -d bench \
            -c 'SELECT abalance FROM pgbench_accounts WHERE aid = 1' >/dev/null 2>&1; then
        VARIANT_STATUS[$variant]=running
        PROXY_PORTS[$variant]=$port
        PROXY_ADMIN[$variant]=$admin
        PROXY_PIDS[$variant]=$pid
    else
        VARIANT_STATUS[$variant]="did not serve a session within 30 s"
        tail -n 15 "$WORK/proxy-$variant.log" >&2
        stop_pid "$pid"
    fi
}
for variant in "${VARIANTS[@]}"; do
    if [ "${#PROXY_BIN[@]}" -gt 0 ]; then
        start_proxy "$variant"
    else
        VARIANT_STATUS[$variant]="no maskingproxy binary ($PROXY_STATUS)"
    fi
    [ "${VARIANT_STATUS[$variant]}" = running ] || log "maskingproxy ($variant) skipped: ${VARIANT_STATUS[$variant]}"
done
PROXY_STATUS=""
for variant in "${VARIANTS[@]}"; do PROXY_STATUS+="$variant ${VARIANT_STATUS[$variant]}; "; done

# --- runs --------------------------------------------------------------------------------------------
declare -A PORT=([direct]=$PG_PORT [pgbouncer]=$BOUNCER_PORT)
declare -A PID=([direct]="" [pgbouncer]=$BOUNCER_PID)
for variant in "${!PROXY_PORTS[@]}"; do PORT[$variant]=${PROXY_PORTS[$variant]}; PID[$variant]=${PROXY_PIDS[$variant]}; done
declare -A TPS LAT CPU_US USER_US ALLOC_B
available() { [ -n "${PORT[$1]:-}" ]; }

# run_pgbench TARGET MODE SECONDS OUTFILE
run_pgbench() {
    "$BINDIR/pgbench" -n -S -M "$2" -c "$CLIENTS" -j "$THREADS" -T "$3" \
        -h 127.0.0.1 -p "${PORT[$1]}" -U postgres bench >"$4" 2>&1
}

# proxy_metrics VARIANT: the proxy's /metrics text, or nothing (not a proxy, or no curl); one scrape
# serves every counter below
proxy_metrics() {
    local admin=${PROXY_ADMIN[$1]:-}
    [ -n "$admin" ] && command -v curl >/dev/null || return 0
    curl -fsS "http://127.0.0.1:$admin/metrics" 2>/dev/null || true
}

# audit_counters: "records syncs writes sync_seconds write_seconds" from /metrics text on stdin,
# or nothing (no audit log)
audit_counters() {
    awk '
        $1 == "maskingproxy_audit_records_total" { r = $2 }   $1 == "maskingproxy_audit_syncs_total" { s = $2 }
        $1 == "maskingproxy_audit_writes_total" { w = $2 }    $1 == "maskingproxy_audit_sync_seconds_total" { ss = $2 }
        $1 == "maskingproxy_audit_write_seconds_total" { ws = $2 }
        END { if (s != "" && ws != "") print r, s, w, ss, ws }'
}

# allocated_bytes: bytes the proxy's managed heap has allocated since start, from /metrics text on stdin
allocated_bytes() { awk '$1 == "dotnet_gc_allocated_bytes_total" { print $2 }'; }

# measure TARGET MODE ROUND: one measured run; sets the per-round arrays; false when pgbench failed
measure() {
    local target=$1 mode=$2 round=$3
    local out="$WORK/run-$target-$mode.log" pid=${PID[$1]} before="" after="" tx
    local machine_before machine_after steal_before steal_after idle_before idle_after audit_before audit_after
    local user_before="" user_after="" alloc_before alloc_after metrics
    [ -n "$pid" ] && read -r before user_before <<<"$(cpu_ticks "$pid")"
    metrics=$(proxy_metrics "$target")
    alloc_before=$(allocated_bytes <<<"$metrics")
    audit_before=$(audit_counters <<<"$metrics")
    machine_before=$(machine_ticks)
    steal_before=$(steal_ticks)
    idle_before=$(idle_ticks)
    log "round $round/$ROUNDS: $target -M $mode: ${DURATION}s, $CLIENTS clients, $THREADS threads"
    if ! run_pgbench "$target" "$mode" "$DURATION" "$out"; then
        log "pgbench against $target failed:"; tail -n 5 "$out" >&2
        return 1
    fi
    machine_after=$(machine_ticks)
    steal_after=$(steal_ticks)
    idle_after=$(idle_ticks)
    metrics=$(proxy_metrics "$target")
    audit_after=$(audit_counters <<<"$metrics")
    alloc_after=$(allocated_bytes <<<"$metrics")
    STEAL_R[$target,$mode,$round]=$(awk -v t=$((steal_after - steal_before)) -v hz="$CLK_TCK" -v n="$NCPU" -v d="$DURATION" \
        'BEGIN { printf "%.1f", t / hz / (n * d) * 100 }')
    IDLE_R[$target,$mode,$round]=$(awk -v t=$((idle_after - idle_before)) -v hz="$CLK_TCK" -v n="$NCPU" -v d="$DURATION" \
        'BEGIN { printf "%.1f", t / hz / (n * d) * 100 }')
    if [ -n "$audit_before" ] && [ -n "$audit_after" ]; then
        # Per fsync during the run: records, writes, ms writing, ms in fsync.
        read -r GROUP_R[$target,$mode,$round] WRITES_R[$target,$mode,$round] WRITE_MS_R[$target,$mode,$round] \
            SYNC_MS_R[$target,$mode,$round] < <(awk -v b="$audit_before" -v a="$audit_after" 'BEGIN {
                split(b, x, " "); split(a, y, " "); s = y[2] - x[2]; if (s <= 0) exit
                printf "%.1f %.2f %.3f %.3f\n", (y[1] - x[1]) / s, (y[3] - x[3]) / s, (y[5] - x[5]) / s * 1000, (y[4] - x[4]) / s * 1000 }') || true
    fi
    [ -n "$pid" ] && read -r after user_after <<<"$(cpu_ticks "$pid")"
    TPS_R[$target,$mode,$round]=$(sed -n 's/^tps = \([0-9]*\).*/\1/p' "$out" | head -n 1)
    LAT_R[$target,$mode,$round]=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$out" | head -n 1)
    tx=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$out" | head -n 1)
    if [ "${tx:-0}" -gt 0 ]; then
        MCPU_R[$target,$mode,$round]=$(awk -v t=$((machine_after - machine_before)) -v hz="$CLK_TCK" -v n="$tx" \
            'BEGIN { printf "%.1f", t / hz / n * 1e6 }')
    fi
    if [ -n "$before" ] && [ -n "$after" ] && [ "${tx:-0}" -gt 0 ]; then
        CPU_R[$target,$mode,$round]=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$tx" \
            'BEGIN { printf "%.1f", t / hz / n * 1e6 }')
        USER_R[$target,$mode,$round]=$(awk -v t=$((user_after - user_before)) -v hz="$CLK_TCK" -v n="$tx" \
            'BEGIN { printf "%.1f", t / hz / n * 1e6 }')
    fi
    if [ -n "$alloc_before" ] && [ -n "$alloc_after" ] && [ "${tx:-0}" -gt 0 ]; then
        ALLOC_R[$target,$mode,$round]=$(awk -v a="$alloc_after" -v b="$alloc_before" -v n="$tx" 'BEGIN { printf "%.0f", (a - b) / n }')
    fi
    log "  $target -M $mode: ${TPS_R[$target,$mode,$round]:-?} TPS, CPU ${CPU_R[$target,$mode,$round]:-n/a} µs/tx, steal ${STEAL_R[$target,$mode,$round]} %"
}

declare -A TPS_R LAT_R CPU_R USER_R ALLOC_R MCPU_R MCPU GROUP_R WRITES_R WRITE_MS_R SYNC_MS_R STEAL_R STEAL IDLE_R IDLE
RERUNS=0
for round in $(seq 1 "$ROUNDS"); do
for mode in "${MODES[@]}"; do
    # Warm-up (JIT, caches, pools) per target and mode, then the measured runs back to back, so that
    # drift on the machine hits every target of a mode alike.
    if [ "$WARMUP" -gt 0 ] && [ "$round" -eq 1 ]; then
        for target in "${TARGETS[@]}"; do
            available "$target" || continue
            run_pgbench "$target" "$mode" "$WARMUP" "$WORK/warmup-$target-$mode.log" || true
        done
    fi
    for target in "${TARGETS[@]}"; do
        available "$target" || continue
        for attempt in $(seq 0 "$STEAL_RETRIES"); do
            measure "$target" "$mode" "$round" || break
            awk -v s="${STEAL_R[$target,$mode,$round]:-0}" -v m="$STEAL_MAX" 'BEGIN { exit !(s > m) }' || break
            [ "$attempt" -lt "$STEAL_RETRIES" ] || break
            log "the hypervisor took ${STEAL_R[$target,$mode,$round]}% of the CPUs during that run: running it again"
            RERUNS=$((RERUNS + 1))
        done
    done
done
done

# --- aggregation over rounds -------------------------------------------------------------------------
median() { # median of the numeric arguments (empty ones skipped), or nothing
    printf '%s\n' "$@" | awk '/^[0-9.]+$/' | sort -g | awk '{ v[NR] = $1 }
        END { if (NR == 0) exit; printf "%.6g\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# calm TARGET MODE ROUND: true when the hypervisor took no more than STEAL_MAX % during that run
calm() { awk -v s="${STEAL_R[$1,$2,$3]:-0}" -v m="$STEAL_MAX" 'BEGIN { exit !(s <= m) }'; }
# calm_rounds MODE TARGET...: the rounds in which every given target's run was calm, or every round
# when there is none (a starved round measures the host, not the targets, so it is left out)
calm_rounds() {
    local mode=$1 r t ok kept=()
    shift
    for r in $(seq 1 "$ROUNDS"); do
        ok=1
        for t in "$@"; do calm "$t" "$mode" "$r" || ok=0; done
        [ "$ok" = 1 ] && kept+=("$r")
    done
    [ ${#kept[@]} -gt 0 ] && echo "${kept[@]}" || seq 1 "$ROUNDS"
}
# rounds_of ARRAY TARGET MODE: the per-round values of the calm rounds
rounds_of() {
    local -n values=$1
    local r
    for r in $(calm_rounds "$3" "$2"); do echo "${values[$2,$3,$r]:-}"; done
}
spread() { # "min–max" of the per-round TPS when there is more than one round
    [ "$ROUNDS" -gt 1 ] || return 0
    rounds_of TPS_R "$1" "$2" | awk '/^[0-9.]+$/' | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { if (NR) printf " (%s–%s)", lo, hi }'
}
for mode in "${MODES[@]}"; do
    for target in "${TARGETS[@]}"; do
        available "$target" || continue
        TPS[$target,$mode]=$(median $(rounds_of TPS_R "$target" "$mode"))
        LAT[$target,$mode]=$(median $(rounds_of LAT_R "$target" "$mode"))
        CPU_US[$target,$mode]=$(median $(rounds_of CPU_R "$target" "$mode"))
        USER_US[$target,$mode]=$(median $(rounds_of USER_R "$target" "$mode"))
        ALLOC_B[$target,$mode]=$(median $(rounds_of ALLOC_R "$target" "$mode"))
        MCPU[$target,$mode]=$(median $(rounds_of MCPU_R "$target" "$mode"))
        STEAL[$target,$mode]=$(median $(rounds_of STEAL_R "$target" "$mode"))
        IDLE[$target,$mode]=$(median $(rounds_of IDLE_R "$target" "$mode"))
        [ -n "${TPS[$target,$mode]}" ] || TPS[$target,$mode]=failed
    done
done

# --- report ------------------------------------------------------------------------------------------
ratio() { # ratio A B: A/B with 2 decimals, or n/a
    awk -v a="${1:-}" -v b="${2:-}" 'BEGIN {
        if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b + 0 > 0) printf "%.2f", a / b; else printf "n/a" }'
}
cell() { local v=${1:-}; echo "${v:-n/a}"; }
# round_ratio ARRAY A B MODE: median over rounds of ARRAY[A] / ARRAY[B] within the same round, or n/a.
# TPS ratios: round_ratio TPS_R variant proxy; capacity ratios invert the costs: round_ratio MCPU_R proxy variant.
round_ratio() {
    local -n per_round=$1
    local r values=()
    for r in $(calm_rounds "$4" "$2" "$3"); do values+=("$(ratio "${per_round[$2,$4,$r]:-}" "${per_round[$3,$4,$r]:-}")"); done
    local m; m=$(median "${values[@]}")
    [ -n "$m" ] && printf '%.2f' "$m" || echo n/a
}

mem_gib=$(awk '/^MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
echo
echo "## pgbench select-only, $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "Machine: $(nproc) CPUs, ${cpu_model:-unknown CPU}, ${mem_gib} GiB RAM, $(uname -sr)."
echo "PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}'), $("$PGBOUNCER" --version | head -n 1)," \
     "scale $SCALE, $CLIENTS clients, $THREADS threads, ${DURATION}s per run (${WARMUP}s warm-up), $ROUNDS round(s), all over 127.0.0.1 TCP without TLS."
[ "$ROUNDS" -gt 1 ] && echo "Each value is the median round (TPS spread over the rounds in parentheses); ratios are medians of per-round ratios."
echo "maskingproxy: $PROXY_STATUS."
# durability: sync holds every result until its audit record is fsynced, so with C clients the audited
# variant cannot exceed C / (fdatasync latency) transactions per second, however fast the proxy is.
if command -v python3 >/dev/null; then
    fsync_ms=$(python3 - "$WORK" <<'PY'
import os, sys, time
path = os.path.join(sys.argv[1], "fsync-probe")
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
start = time.perf_counter()
for _ in range(100):
    os.write(fd, b"x" * 400)
    os.fdatasync(fd)
print(f"{(time.perf_counter() - start) * 10:.2f}")
os.close(fd)
PY
)
    echo "fdatasync of a 400-byte append on the audit disk: ${fsync_ms} ms => durability: sync ceiling with $CLIENTS clients ≈ $(awk -v c="$CLIENTS" -v ms="$fsync_ms" 'BEGIN { printf "%d", c / ms * 1000 }') TPS."
fi
echo
starved=0
for k in "${!STEAL_R[@]}"; do awk -v s="${STEAL_R[$k]}" -v m="$STEAL_MAX" 'BEGIN { exit !(s > m) }' && starved=$((starved + 1)); done
echo "Runs during which the hypervisor took more than ${STEAL_MAX} % of the CPUs (steal) were run again (up to $STEAL_RETRIES times): $RERUNS rerun(s);" \
     "$starved run(s) still over it, their rounds left out of that target's medians and of the ratios that involve it."
echo
echo "| target | mode | TPS | avg latency ms | CPU µs/tx (pooler/proxy process) | of it user µs/tx | allocated B/tx | machine CPU µs/tx | idle % | steal % |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for mode in "${MODES[@]}"; do
    for target in "${TARGETS[@]}"; do
        available "$target" || continue
        printf '| %s | %s | %s%s | %s | %s | %s | %s | %s | %s | %s |\n' "$target" "$mode" "$(cell "${TPS[$target,$mode]:-}")" "$(spread "$target" "$mode")" \
            "$(cell "${LAT[$target,$mode]:-}")" "$(cell "${CPU_US[$target,$mode]:-}")" "$(cell "${USER_US[$target,$mode]:-}")" \
            "$(cell "${ALLOC_B[$target,$mode]:-}")" "$(cell "${MCPU[$target,$mode]:-}")" "$(cell "${IDLE[$target,$mode]:-}")" "$(cell "${STEAL[$target,$mode]:-}")"
    done
done
echo
echo "| mode | TPS proxy/direct | TPS proxy/pgbouncer | TPS pgbouncer/direct | CPU µs/tx proxy | CPU µs/tx pgbouncer | CPU proxy/pgbouncer | capacity proxy/pgbouncer |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for mode in "${MODES[@]}"; do
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$mode" \
        "$(round_ratio TPS_R proxy direct "$mode")" \
        "$(round_ratio TPS_R proxy pgbouncer "$mode")" \
        "$(round_ratio TPS_R pgbouncer direct "$mode")" \
        "$(cell "${CPU_US[proxy,$mode]:-}")" "$(cell "${CPU_US[pgbouncer,$mode]:-}")" \
        "$(ratio "${CPU_US[proxy,$mode]:-}" "${CPU_US[pgbouncer,$mode]:-}")" \
        "$(round_ratio MCPU_R pgbouncer proxy "$mode")"
done
echo
echo "| mode | variant | TPS / passthrough proxy | TPS / pgbouncer | CPU µs/tx | capacity / passthrough | capacity / pgbouncer |"
echo "|---|---|---:|---:|---:|---:|---:|"
for mode in "${MODES[@]}"; do
    for variant in masked audited batched; do
        available "$variant" || continue
        printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$mode" "$variant" \
            "$(round_ratio TPS_R "$variant" proxy "$mode")" \
            "$(round_ratio TPS_R "$variant" pgbouncer "$mode")" \
            "$(cell "${CPU_US[$variant,$mode]:-}")" \
            "$(round_ratio MCPU_R proxy "$variant" "$mode")" \
            "$(round_ratio MCPU_R pgbouncer "$variant" "$mode")"
    done
done
if available audited && [ -n "$(rounds_of GROUP_R audited "${MODES[0]}" | tr -d '\n')" ]; then
    echo
    echo "Group commits of the audited (durability: sync) variant during its runs, from the proxy's /metrics (medians over rounds):"
    echo
    echo "| mode | records per fsync | writes per fsync | ms writing per fsync | ms in fsync | commit ms | 1.5 × commit ms | avg latency ms | bound on audited / passthrough |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for mode in "${MODES[@]}"; do
        write_ms=$(median $(rounds_of WRITE_MS_R audited "$mode")); sync_ms=$(median $(rounds_of SYNC_MS_R audited "$mode"))
        commit_ms=$(awk -v w="${write_ms:-}" -v f="${sync_ms:-}" 'BEGIN { if (w != "" && f != "") printf "%.3f", w + f }')
        # A record cannot be committed before its statement reaches the proxy, and its result cannot leave
        # before that commit ends. At best the statement's trip through PostgreSQL hides under a commit of
        # one write and one flush at this run's device latency, and the proxy's relay in and out (passthrough
        # latency - direct latency) comes on top of it.
        writes=$(median $(rounds_of WRITES_R audited "$mode"))
        bound=$(awk -v w="${write_ms:-}" -v n="${writes:-}" -v f="${sync_ms:-}" -v p="${LAT[proxy,$mode]:-}" -v d="${LAT[direct,$mode]:-}" \
            'BEGIN { if (w != "" && n > 0 && f != "" && p != "" && d != "") printf "%.2f", p / (w / n + f + (p > d ? p - d : 0)) }')
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$mode" \
            "$(cell "$(median $(rounds_of GROUP_R audited "$mode"))")" "$(cell "$writes")" \
            "$(cell "$write_ms")" "$(cell "$sync_ms")" "$(cell "$commit_ms")" \
            "$(cell "$(awk -v c="$commit_ms" 'BEGIN { if (c != "") printf "%.3f", 1.5 * c }')")" "$(cell "${LAT[audited,$mode]:-}")" "$(cell "$bound")"
    done
    echo
    echo "A result in durability: sync waits for the rest of the group commit in flight and then for its own: about"
    echo "1.5 commits, of which only the part the statement's own round trip through PostgreSQL covers is hidden."
    echo "The bound is the best case: no wait for the commit in flight, a commit of one write and one fsync (ms writing per"
    echo "write + ms in fsync), and the proxy's relay (passthrough latency - direct latency) on top, since a record is committed"
    echo "only after its statement arrived and its result leaves only after the commit. audited / passthrough <= passthrough"
    echo "latency / that cycle: durability: sync cannot beat it on this disk, however little CPU the proxy spends."
fi
echo
echo "CPU µs/tx = (utime + stime of the pgbouncer / maskingproxy process during the run) / transactions processed;"
echo "user µs/tx is the utime part (the process's own code; the rest is the kernel's socket work on its behalf)."
echo "allocated B/tx = growth of the proxy's dotnet_gc_allocated_bytes_total (/metrics) during the run / transactions."
echo "machine CPU µs/tx = busy time of all CPUs (user, nice, system, irq, softirq; not idle, iowait or steal) during the run /"
echo "transactions: what one transaction costs pgbench, PostgreSQL and the middle box together. On a CPU-bound machine"
echo "TPS ≈ CPUs / that cost, so capacity A/B = B's cost / A's cost is the TPS ratio without the time other tenants of"
echo "a shared host took (steal) or left idle; it does not show latency-bound limits (durability: sync waits on fsync)."
echo "idle % = time the CPUs had nothing to run (idle + iowait), as a share of all CPUs over the run: on this closed loop,"
echo "time every runnable process was waiting on another one (a single-threaded middle box is such a queue)."
echo "steal % = time the hypervisor ran other guests while this VM's CPUs had work, as a share of all CPUs over the run"
echo "(/proc/stat); TPS falls with it, so rounds are only comparable at similar steal."
