#!/usr/bin/env bash
# Bounded load test of `wirelab capture` on loopback (examples/live_load.rs): many short TCP
# connections and UDP datagrams to listeners on 127.0.0.1 while wirelab captures them, in
# three modes; prints wirelab's statistics and the rate. Results: docs/benchmarks.md, "Live
# capture load". Needs root. Traffic goes only to 127.0.0.1; every loop is bounded.
#
# Usage: sudo scripts/live-load.sh [CONNS] [DATAGRAMS]   (defaults 5000 and 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
CONNS="${1:-5000}"
DATAGRAMS="${2:-100000}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

cargo build --release --quiet --bin wirelab --example live_load
# Copies, so that a rebuild during the run cannot swap the program being measured.
cp target/release/wirelab target/release/examples/live_load "$OUT/"

echo "== -q -w: only write the file"
"$OUT/live_load" "$OUT/wirelab" "$CONNS" "$DATAGRAMS" -q -w "$OUT/load.pcap"
echo "== text lines (to /dev/null)"
"$OUT/live_load" "$OUT/wirelab" "$CONNS" "$DATAGRAMS"
echo "== JSON Lines (to /dev/null) and -w"
"$OUT/live_load" "$OUT/wirelab" "$CONNS" "$DATAGRAMS" --json -w "$OUT/load.pcap"
