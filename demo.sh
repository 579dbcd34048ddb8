#!/usr/bin/env bash
# The demo: a throwaway local PostgreSQL with sample data, the proxy in front of it, a query
# through the proxy, the admin endpoint, and a clean SIGTERM drain. Everything lives in .demo/
# and is torn down at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

bash scripts/install-deps.sh
. scripts/pg-local.sh

DEMO=$PWD/.demo
rm -rf "$DEMO" && mkdir -p "$DEMO"
echo "== building maskingproxy"
dotnet publish src/Proxy -c Release -o "$DEMO/proxy" >"$DEMO/build.log" 2>&1 || { tail -30 "$DEMO/build.log"; exit 1; }

PROXY_PID=
cleanup() {
    [ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null || true
    pg_local_stop "$DEMO/pg"
}
trap cleanup EXIT

PG_PORT=$(free_port)
echo "== starting PostgreSQL on 127.0.0.1:$PG_PORT"
pg_local_start "$DEMO/pg" "$PG_PORT"
psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "create database app" >/dev/null
psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d app -f policies/sample/healthcare-seed.sql >/dev/null
psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d app -c "create role app_user login; grant select on all tables in schema public to app_user" >/dev/null

PROXY_PORT=$(free_port)
ADMIN_PORT=$(free_port)
cat >"$DEMO/maskingproxy.yaml" <<YAML
listeners:
  - name: app-db
    protocol: postgres
    listen: 127.0.0.1:$PROXY_PORT
    backend: 127.0.0.1:$PG_PORT
    backend_tls: prefer
admin:
  listen: 127.0.0.1:$ADMIN_PORT
YAML
echo "== starting maskingproxy on 127.0.0.1:$PROXY_PORT (admin on $ADMIN_PORT)"
"$DEMO/proxy/maskingproxy" run --config "$DEMO/maskingproxy.yaml" >"$DEMO/proxy.log" 2>&1 &
PROXY_PID=$!
wait_port "$PROXY_PORT" || { cat "$DEMO/proxy.log"; exit 1; }

echo "== a query through the proxy (psql -h 127.0.0.1 -p $PROXY_PORT -U app_user app)"
psql -X -h 127.0.0.1 -p "$PROXY_PORT" -U app_user -d app -c \
    "select p.patient_no, p.full_name, p.id_card, p.phone, v.diagnosis from patients p left join visits v using (patient_no) order by 1"
echo "== /metrics"
curl -s "http://127.0.0.1:$ADMIN_PORT/metrics" | grep -E '^maskingproxy_(connections_total|statements_total|bytes_total)'
echo "== SIGTERM: the proxy drains and exits"
kill -TERM "$PROXY_PID"
wait "$PROXY_PID" && echo "maskingproxy exited with status 0"
PROXY_PID=
echo
echo "Masking policies and the signed audit trail plug into the same interception point; see README.md."
