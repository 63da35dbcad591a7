#!/usr/bin/env bash
# Bounded load test of live capture on loopback (examples/live_load.rs): a burst of short TCP
# connections and UDP datagrams to listeners on 127.0.0.1, captured by wirelab and, on a burst
# of its own right after, by tcpdump, in four modes, RUNS times each; prints a table of
# captured/sent side by side. Results: docs/benchmarks.md, "Live capture load". Needs root
# and tcpdump (tmux for the TUI mode). Traffic goes only to 127.0.0.1; every loop is bounded.
#
# Usage: sudo scripts/live-load.sh [CONNS] [DATAGRAMS] [RUNS]   (defaults 5000 150000 3:
# 10 packets a connection, so 200,000 packets a burst). WIRELAB_ARGS adds options to every
# wirelab run (e.g. WIRELAB_ARGS=--immediate for the old default); MODES_ONLY=N runs only
# the first N modes; WIRELAB_BIN names another wirelab binary to measure.
set -euo pipefail
cd "$(dirname "$0")/.."
CONNS="${1:-5000}"
DATAGRAMS="${2:-150000}"
RUNS="${3:-3}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

cargo build --release --quiet --bin wirelab --example live_load
# Copies, so that a rebuild during the run cannot swap the program being measured.
# WIRELAB_BIN measures another build (an older commit's, say) with the same load.
cp "${WIRELAB_BIN:-target/release/wirelab}" "$OUT/wirelab"
cp target/release/examples/live_load "$OUT/"
W="$OUT/wirelab capture -i lo --color never ${WIRELAB_ARGS:-}"
# -Z root: Debian's tcpdump would otherwise become the tcpdump user and not reach $OUT.
T="tcpdump -i lo -n -Z root"
tcpdump --version 2>&1 | head -2
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"

# mode | how it runs | wirelab's arguments | tcpdump's arguments (the same job)
MODES=(
  "printing||$W|$T"
  "-w||$W -w $OUT/load.pcap|$T --print -w $OUT/load.pcap"
  "-q -w||$W -q -w $OUT/load.pcap|$T -w $OUT/load.pcap"
  "--tui|--tmux|$W --tui|$T"
)
: >"$OUT/results"
for entry in "${MODES[@]:0:${MODES_ONLY:-${#MODES[@]}}}"; do
  IFS='|' read -r mode how wirelab tcpdump <<<"$entry"
  if [ "$how" = --tmux ] && ! command -v tmux >/dev/null; then
    echo "== $mode: skipped, no tmux"
    continue
  fi
  echo "== $mode (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  for run in $(seq 1 "$RUNS"); do
    for program in wirelab tcpdump; do
      if [ "$program" = wirelab ]; then cmd="$wirelab"; else cmd="$tcpdump"; fi
      # shellcheck disable=SC2086 # the command is split into words on purpose
      line="$("$OUT/live_load" $how "$OUT" "$CONNS" "$DATAGRAMS" $cmd)"
      echo "$line"
      echo "mode=$mode run=$run who=$program $line" >>"$OUT/results"
      rm -f "$OUT/load.pcap"
    done
  done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "| mode | run | wirelab${WIRELAB_ARGS:+ $WIRELAB_ARGS} captured / sent | lost | tcpdump captured / sent | lost |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
awk '
  function val(key,   i) { for (i = 1; i <= NF; i++) if (index($i, key "=") == 1) return substr($i, length(key) + 2); return "" }
  function cell(c, s) { return sprintf("%\047d / %\047d | %.1f%%", c, s, s ? 100 * (s - c) / s : 0) }
  {
    match($0, /mode=.* run=/); mode = substr($0, 6, RLENGTH - 10)
    key = mode SUBSEP val("run")
    if (!(key in order)) { order[key] = ++n; keys[n] = key }
    who[key, val("who")] = cell(val("captured"), val("sent"))
  }
  END {
    for (i = 1; i <= n; i++) {
      split(keys[i], k, SUBSEP)
      printf "| `%s` | %s | %s | %s |\n", k[1], k[2], who[keys[i], "wirelab"], who[keys[i], "tcpdump"]
    }
  }' "$OUT/results"
