#!/usr/bin/env bash
# with_cluster.sh COMMAND...: runs COMMAND beside a throw-away PostgreSQL cluster of its own,
# with PGHOST, PGPORT, PGUSER and PGDATABASE set for it, and removes the cluster afterwards.
#
# Each cluster lives in a private temporary directory and listens only on a Unix socket there,
# so any number run at once (CTest runs test files in parallel). Debian's pg_virtualenv, run as
# root, puts every cluster at the same place (/var/lib/postgresql/<version>/regress): two at
# once break each other. As root, the server runs as the `postgres` user (initdb refuses root).
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "$0: needs PostgreSQL's server (apt-get install postgresql)" >&2; exit 2; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/steward-pg.XXXXXX")
as_server=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$dir"
  as_server=(runuser -u postgres --)
fi
stop() {
  "${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
"${as_server[@]}" "$bin/initdb" -D "$dir/data" -A trust -U steward -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
# A throw-away cluster: no fsync (durability is SQLite's and the server's own business here),
# unless STEWARD_PG_DURABLE=1 (benchmarks compare it with SQLite's synchronous=FULL).
durability="-c fsync=off -c full_page_writes=off"
[ "${STEWARD_PG_DURABLE:-0}" = 1 ] && durability="-c fsync=on -c synchronous_commit=on"
"${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-k $dir -c listen_addresses='' $durability" start >/dev/null ||
  { cat "$dir/server.log" >&2; exit 1; }
export PGHOST=$dir PGPORT=5432 PGUSER=steward PGDATABASE=postgres
unset PGPASSWORD PGSERVICE
"$@"
