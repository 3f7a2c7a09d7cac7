#!/usr/bin/env bash
# One command from a fresh machine to a running Steward: install, build, then `steward demo`
# (or any other steward command given as arguments, e.g. `serve --config steward.toml`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
[ $# -gt 0 ] || set -- demo
exec build/steward "$@"
