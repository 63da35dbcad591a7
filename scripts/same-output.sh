#!/usr/bin/env bash
# Whether two wirelab binaries print the same thing: text, JSON, the summary and the timeline
# of every capture in captures/ and ../shared/corpus/ (and bench.pcap when it is there), and
# the variants: --summary --json, Mermaid, -v -e -S, epoch times.
# For refactors that must not change the output (issue 12: "byte-identical before and after").
#
#   scripts/same-output.sh OLD_BINARY NEW_BINARY
#
# Build the old one first, e.g.:
#   git stash; cargo build --release; cp target/release/wirelab /tmp/wirelab-old; git stash pop
#   cargo build --release; scripts/same-output.sh /tmp/wirelab-old target/release/wirelab
#
# Prints one line per difference (capture and view) and a count; exits 1 when anything differs.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: $0 OLD_BINARY NEW_BINARY" >&2; exit 2; }
old=$1 new=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

files=(captures/*.pcap)
if [ -d ../shared/corpus ]; then
  files+=(../shared/corpus/*.pcap ../shared/corpus/*.pcapng)
fi
[ -f bench.pcap ] && files+=(bench.pcap)

views=("--color never" "--json" "--summary" "--timeline" "--summary --json"
       "--timeline --timeline-format mermaid" "-v -e -S --color never" "--time epoch --color never")
differ=0 compared=0
for f in "${files[@]}"; do
  [ -f "$f" ] || continue
  for view in "${views[@]}"; do
    # Word splitting of $view is wanted: each view is one or two arguments.
    # shellcheck disable=SC2086
    "$old" read "$f" $view > "$out/old" 2> "$out/old.err" || true
    # shellcheck disable=SC2086
    "$new" read "$f" $view > "$out/new" 2> "$out/new.err" || true
    compared=$((compared + 1))
    if ! cmp -s "$out/old" "$out/new" || ! cmp -s "$out/old.err" "$out/new.err"; then
      echo "differs: $f read $view"
      differ=$((differ + 1))
    fi
  done
done
echo "$compared outputs compared, $differ differ"
[ "$differ" -eq 0 ]
