#!/bin/sh
# capture.sh SERVER_SCRIPT PATH OUTFILE LIBRARY_DESC [curl args...]
set -e
script=$1; path=$2; out=$3; lib=$4; shift 4
log=$(mktemp)
node "$script" > "$log" 2>&1 &
pid=$!
for i in 1 2 3 4 5 6 7 8 9 10; do grep -q PORT "$log" && break; sleep 1; done
port=$(grep PORT "$log" | cut -d' ' -f2)
{
  echo "# Captured from a real server: $lib (Node $(node --version), express $(node -p 'require("express/package.json").version'))."
  echo "# Server: $(basename "$script") (kept beside this file), listening on 127.0.0.1 on a random port."
  echo "# Command: curl -si $* http://127.0.0.1:\$PORT$path"
  echo "# Captured $(date -u +%Y-%m-%dT%H:%M:%SZ). Lines starting with '# ' before the status line are comments."
  curl -si --max-time 10 "$@" "http://127.0.0.1:$port$path"
} > "$out"
kill $pid
rm -f "$log"
