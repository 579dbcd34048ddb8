# Shell functions for a throwaway PostgreSQL under a folder (sourced by demo.sh).
# initdb and postgres refuse to run as root; as root they run as the Debian 'postgres' user.

pg_bindir() {
    local d
    for d in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$d/initdb" ] && { echo "$d"; return; }
    done
    dirname "$(command -v initdb)"
}

as_pg() {
    if [ "$(id -u)" -ne 0 ]; then
        "$@"
    else
        setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
        || echo $((20000 + RANDOM % 20000))
}

wait_port() {
    local i
    for i in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# pg_local_start DIR PORT: initdb into DIR/data (trust auth on loopback) and start it.
pg_local_start() {
    local dir=$1 port=$2 bin
    bin=$(pg_bindir)
    mkdir -p "$dir"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1
    as_pg "$bin/pg_ctl" start -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
        -o "-p $port -c listen_addresses=127.0.0.1 -k $dir" >/dev/null
}

pg_local_stop() {
    local dir=$1
    [ -d "$dir/data" ] && as_pg "$(pg_bindir)/pg_ctl" stop -D "$dir/data" -m fast -w >/dev/null 2>&1 || true
}
