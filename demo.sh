#!/usr/bin/env bash
# The demo: a throwaway local PostgreSQL with the healthcare sample data, the proxy in front of it with
# policies/healthcare.yaml and a synchronous audit log, the same query as a masked and an exempt login,
# a denied statement, policy explain, a clean SIGTERM drain, then audit search and audit verify.
# Everything lives in .demo/ and is torn down at the end.
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
psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d app -f policies/sample/healthcare.sql >/dev/null 2>&1

echo "== audit keys (SM2 key pair + HMAC-SM3 key)"
"$DEMO/proxy/maskingproxy" keys init --out "$DEMO/keys"
# The hash mask (patient record numbers) is keyed from the environment, never from SQL text.
export MASKING_HASH_KEY="demo-pseudonym-key-0123456789"

PROXY_PORT=$(free_port)
ADMIN_PORT=$(free_port)
cat >"$DEMO/maskingproxy.yaml" <<YAML
listeners:
  - name: app-db
    protocol: postgres
    listen: 127.0.0.1:$PROXY_PORT
    backend: 127.0.0.1:$PG_PORT
    backend_tls: prefer
catalog:
  connection_string: "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=app"
  refresh_seconds: 60
policy: $PWD/policies/healthcare.yaml
audit:
  dir: $DEMO/audit
  durability: sync
  hmac_key: $DEMO/keys/audit.key
  signing_key: $DEMO/keys/audit-sm2.pem
admin:
  listen: 127.0.0.1:$ADMIN_PORT
YAML
echo "== starting maskingproxy on 127.0.0.1:$PROXY_PORT (admin on $ADMIN_PORT), policy policies/healthcare.yaml"
"$DEMO/proxy/maskingproxy" run --config "$DEMO/maskingproxy.yaml" >"$DEMO/proxy.log" 2>&1 &
PROXY_PID=$!
wait_port "$PROXY_PORT" || { cat "$DEMO/proxy.log"; exit 1; }

QUERY="select medical_record_no, full_name, id_number, mobile, email, birth_date from healthcare.patients order by patient_id limit 5"
echo
echo "== the same query as 'analyst' (masked by policy) ..."
psql -X -h 127.0.0.1 -p "$PROXY_PORT" -U analyst -d app -c "$QUERY"
echo "== ... and as 'auditor' (exempt: raw values, still audited)"
psql -X -h 127.0.0.1 -p "$PROXY_PORT" -U auditor -d app -c "$QUERY"
echo "== a statement the policy denies for 'analyst' (clinical text in a predicate)"
psql -X -h 127.0.0.1 -p "$PROXY_PORT" -U analyst -d app \
    -c "select count(*) from healthcare.diagnoses where description like '%diabetes%'" || true
echo
echo "== policy explain: what the proxy sends to the database for analyst"
"$DEMO/proxy/maskingproxy" policy explain --policy policies/healthcare.yaml --login analyst \
    --catalog "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=app" \
    --sql "select full_name, mobile from healthcare.patients where patient_id = 1"
echo "== /metrics"
curl -s "http://127.0.0.1:$ADMIN_PORT/metrics" | grep -E '^maskingproxy_(connections_total|statements_total|statements_denied_total|audit_records)' || true
echo "== SIGTERM: the proxy drains, writes its signed shutdown checkpoint and exits"
kill -TERM "$PROXY_PID"
wait "$PROXY_PID" && echo "maskingproxy exited with status 0"
PROXY_PID=
echo
echo "== audit trail: statements by analyst (normalized SQL: literals are placeholders)"
"$DEMO/proxy/maskingproxy" audit search --dir "$DEMO/audit" --user analyst --type statement --format table | head -n 12
echo "== audit verify (hash chain, HMAC-SM3 with the key, SM2 checkpoint signatures with the public key)"
"$DEMO/proxy/maskingproxy" audit verify --dir "$DEMO/audit" --key "$DEMO/keys/audit.key" --public-key "$DEMO/keys/audit-sm2.pub.pem"
