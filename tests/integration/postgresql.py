"""The throw-away PostgreSQL server of tests/postgresql/with_cluster.sh, reached with psql (the
server's own client; PGHOST, PGPORT and PGUSER come from the environment it sets).

`STORAGE` is "postgresql" when CTest runs an integration test file a second time with
STEWARD_TEST_STORAGE=postgresql: every Steward the harness starts then keeps its data in a
database of its own on that server, and `query` reads it with the same SQL the tests give
SQLite."""

import glob
import itertools
import json
import os
import re
import subprocess

STORAGE = os.environ.get("STEWARD_TEST_STORAGE", "sqlite")
_databases = itertools.count(1)


def psql(database, sql, variables=()):
    """Runs `sql` (read from standard input, so that psql interpolates :'name' variables) and
    returns psql's unaligned output."""
    command = ["psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d", database]
    for name, value in variables:
        command += ["-v", "%s=%s" % (name, value)]
    out = subprocess.run(command, input=sql, capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise RuntimeError("psql failed on %r: %s" % (sql, out.stderr.strip()))
    return out.stdout.strip()


def create_database(prefix="steward_it"):
    """A new empty database on the test server; returns its name."""
    name = "%s_%d_%d" % (prefix, os.getpid(), next(_databases))
    psql("postgres", "CREATE DATABASE %s" % name)
    return name


def drop_database(name):
    psql("postgres", "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)


_PLACEHOLDER = re.compile(r"\?")


def query(database, sql, args=()):
    """Rows of a query as tuples, typed as SQLite's Python driver types them (integers, floats,
    text, None). `?` placeholders take `args`, passed to the server as quoted literals."""
    values = iter(args)
    variables = []

    def bind(_match):
        value = next(values)
        if value is None:
            return "NULL"
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, (int, float)):
            return repr(value)
        name = "p%d" % (len(variables) + 1)
        variables.append((name, str(value)))
        return ":'%s'" % name

    bound = _PLACEHOLDER.sub(bind, sql).rstrip().rstrip(";")
    # Each row as a JSON object keeps the columns' order and their types (numbers stay numbers);
    # read as pairs, two columns of one name both stay.
    out = psql(database, "SELECT coalesce(json_agg(row_to_json(r)), '[]') FROM (%s) AS r;\n"
               % bound, variables)
    return json.loads(out, object_pairs_hook=lambda pairs: tuple(v for _, v in pairs))


def _pg_ctl(*args):
    """Runs the test cluster's pg_ctl (as the server's user when the tests run as root, as
    tests/postgresql/with_cluster.sh started it)."""
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                      key=lambda p: int(p.split("/")[4]))
    command = [versions[-1], "-D", os.path.join(os.environ["PGHOST"], "data"), *args]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True, timeout=60)


def stop_server(mode="fast"):
    """Stops the test server (fast: sessions are ended, as when a server is restarted;
    immediate: as when it crashes)."""
    _pg_ctl("-m", mode, "-w", "stop")


def start_server():
    """Starts the test server again, as with_cluster.sh started it."""
    socket_dir = os.environ["PGHOST"]
    _pg_ctl("-l", os.path.join(socket_dir, "server.log"), "-w", "-o",
            "-k %s -c listen_addresses='' -c fsync=off -c full_page_writes=off" % socket_dir,
            "start")


def end_sessions(database):
    """Ends every session on `database` but psql's own (the server stays up)."""
    psql("postgres", "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
         "WHERE datname = '%s' AND pid <> pg_backend_pid()" % database)
