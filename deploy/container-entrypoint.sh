#!/bin/sh
# Gives a new data volume its editable word lists (the admin API edits them in place), then
# runs steward with the given arguments.
set -eu
if [ ! -d /var/lib/steward/rules ]; then
  cp -r /usr/share/steward/rules /var/lib/steward/rules
fi
exec /usr/local/bin/steward "$@"
