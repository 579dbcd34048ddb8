#!/usr/bin/env bash
# What relation substitution costs PostgreSQL itself, without the proxy: pgbench select-only with
# custom scripts straight to a fresh PostgreSQL, comparing the plain statement, the text the proxy
# sends for bench/policies/pgbench-mask.yaml (masking subquery), the same subquery with only the used
# columns, and the mask written inline. Usage: bench/substitution-cost.sh   (DURATION=6 MODE=simple)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/pg-local.sh
DURATION=${DURATION:-6}
W=$(mktemp -d "${TMPDIR:-/tmp}/substitution-cost.XXXXXX"); chmod 755 "$W"
trap 'pg_local_stop "$W/pg"; rm -rf "$W"' EXIT
PG=$(free_port); pg_local_start "$W/pg" "$PG"
B=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
"$B/createdb" -h 127.0.0.1 -p "$PG" -U postgres bench
"$B/pgbench" -i -q -s 10 -h 127.0.0.1 -p "$PG" -U postgres bench >/dev/null 2>&1
script() { printf '\\set aid random(1, 1000000)\n%s\n' "$2" >"$W/$1.pgb"; }
mask="CAST(pg_catalog.round(pgbench_accounts.abalance::numeric OPERATOR(pg_catalog./) 1000) OPERATOR(pg_catalog.*) 1000 AS int) AS abalance"
script plain "SELECT abalance FROM pgbench_accounts WHERE aid = :aid;"
script substituted "SELECT abalance FROM (SELECT pgbench_accounts.aid, pgbench_accounts.bid, $mask, CASE WHEN pgbench_accounts.filler IS NULL THEN NULL ELSE '*' END::char(84) AS filler FROM public.pgbench_accounts) AS pgbench_accounts WHERE aid = :aid;"
script used-columns-only "SELECT abalance FROM (SELECT pgbench_accounts.aid, $mask FROM public.pgbench_accounts) AS pgbench_accounts WHERE aid = :aid;"
script inline "SELECT CAST(round(abalance::numeric / 1000) * 1000 AS int) AS abalance FROM pgbench_accounts WHERE aid = :aid;"
echo "| statement | TPS (round 1) | TPS (round 2) |"
echo "|---|---:|---:|"
declare -A tps
for round in 1 2; do
    for name in plain substituted used-columns-only inline; do
        tps[$name,$round]=$("$B/pgbench" -n -f "$W/$name.pgb" -M "${MODE:-simple}" -c 8 -j 2 -T "$DURATION" \
            -h 127.0.0.1 -p "$PG" -U postgres bench 2>/dev/null | sed -n 's/^tps = \([0-9]*\).*/\1/p')
    done
done
for name in plain substituted used-columns-only inline; do
    echo "| $name | ${tps[$name,1]} | ${tps[$name,2]} |"
done
