#!/usr/bin/env bash
# Steward serving from PostgreSQL against Steward serving from SQLite, side by side in one run:
# the same binary, the same 100k-word list and rules, the same realistic mix from wrk at 40 and
# 100 connections. PostgreSQL is a throw-away cluster of its own (tests/postgresql/
# with_cluster.sh) made durable for the run — fsync and synchronous_commit on, as SQLite's
# synchronous=FULL — on the same disk. Needs wrk and PostgreSQL's server.
#
#   tests/bench/postgresql_compare.sh [seconds per run, default 15] [connection counts, default "40 100"]
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/bench/lib.sh
in_a_durable_cluster "$0" "$@"
duration=${1:-15}
connection_counts=${2:-"40 100"}
bench_setup
describe_machine_and_postgresql
psql -X -q -d postgres -c "CREATE DATABASE steward_bench"

start_fake_api
start_steward "$work/steward.db"
sqlite_port=$steward_port
sqlite_pid=$steward_pid
start_steward "postgresql:steward_bench"

side_by_side sqlite "$sqlite_port" "$duration" "$connection_counts" postgres
echo "RSS: on SQLite $(rss_mib "$sqlite_pid") MiB, on PostgreSQL $(rss_mib "$steward_pid") MiB"
report_errors
