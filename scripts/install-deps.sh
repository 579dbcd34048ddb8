#!/usr/bin/env bash
# Installs the native packages the proxy, its tests, the demo and the bench need on a Debian 12
# machine that already has the .NET 10 SDK. Skips apt entirely when everything is present.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd=(sudo -n)
fi

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# postgresql-15: server the integration tests start (the tests expect 15.x); postgresql-contrib:
# extensions; libpg-query-dev: the PostgreSQL parser used by SqlRewriter; pgbouncer + openssl: bench
# and TLS tooling. Skipping apt when everything is present saves a minute on warm machines.
packages=(postgresql-15 postgresql-contrib libpg-query-dev pgbouncer openssl curl util-linux)
missing=()
for pkg in "${packages[@]}"; do
    installed "$pkg" || missing+=("$pkg")
done

if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing: ${missing[*]}"
    apt_get=("${sudo_cmd[@]}" apt-get -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
    "${apt_get[@]}" update </dev/null

    # The tests start their own clusters on free ports; keep Debian from creating and starting a
    # default cluster on 5432 that nobody uses (same approach as the official postgres image).
    if ! installed postgresql-common; then
        "${apt_get[@]}" install --no-install-recommends postgresql-common </dev/null
    fi
    if [ -f /etc/postgresql-common/createcluster.conf ]; then
        "${sudo_cmd[@]}" sed -ri 's/^#?\s*create_main_cluster\s*=.*$/create_main_cluster = false/' \
            /etc/postgresql-common/createcluster.conf
    fi

    install=("${missing[@]}")
    if ! apt-cache show postgresql-15 >/dev/null 2>&1; then
        # Not Debian 12 after all: take the distribution's default server version.
        install=("${install[@]/postgresql-15/postgresql}")
    fi
    "${apt_get[@]}" install --no-install-recommends "${install[@]}" </dev/null
fi

