#!/usr/bin/env bash
# Benchmark `wirelab read` (text and JSON) against a bare libpcap + etherparse read loop
# (examples/read_floor.rs, "the floor"), tcpdump and tshark on one large generated capture.
# Results and their meaning: docs/benchmarks.md.
#
# Usage: scripts/bench.sh
# Environment:
#   BENCH_TSHARK=0   leave tshark out (it is by far the slowest; default 1 = included)
#   BENCH_RUNS=N     timed runs per command (default 5; hyperfine takes one count for all)
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_TSHARK="${BENCH_TSHARK:-1}"
BENCH_RUNS="${BENCH_RUNS:-5}"
PCAP=bench.pcap
GEN=../shared/bench/gen_pcap.py

# --- tools ---------------------------------------------------------------------------------
need=(python3 cargo hyperfine tcpdump)
[ "$BENCH_TSHARK" = 0 ] || need+=(tshark)
missing=()
for tool in "${need[@]}"; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[ -x /usr/bin/time ] || missing+=("/usr/bin/time (Debian package: time)")
if [ "${#missing[@]}" -gt 0 ]; then
    echo "bench.sh: missing: ${missing[*]}" >&2
    echo "bench.sh: on Debian: apt-get install -y tcpdump tshark hyperfine time" >&2
    exit 1
fi

# --- input ---------------------------------------------------------------------------------
if [ ! -f "$PCAP" ]; then
    [ -f "$GEN" ] || { echo "bench.sh: $GEN not found (../shared must sit beside this repository)" >&2; exit 1; }
    echo "== generating $PCAP"
    python3 "$GEN" "$PCAP" --flows 20000 --concurrency 500 --seed 1
fi

# --- build ---------------------------------------------------------------------------------
echo "== building"
cargo build --release
cargo build --release --example read_floor

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Benchmark copies of the binaries, so that a rebuild during the run (cargo replaces
# target/release/wirelab) cannot change what is measured halfway through.
mkdir "$tmp/bin"
cp target/release/examples/read_floor target/release/wirelab "$tmp/bin/"
FLOOR="$tmp/bin/read_floor"
WIRELAB="$tmp/bin/wirelab"

# --- warm the page cache, and take the packet count from the floor --------------------------
cat "$PCAP" >/dev/null
floor_out="$("$FLOOR" "$PCAP")"
bytes="$(stat -L -c %s "$PCAP")"
packets="$(sed -n 's/.*packets=\([0-9]*\).*/\1/p' <<<"$floor_out")"
echo "== wirelab: $("$WIRELAB" --version 2>/dev/null || echo '?'), tree $(git describe --always --dirty 2>/dev/null || echo '?')"
echo "== input: $PCAP, $bytes bytes ($(( (bytes + 500000) / 1000000 )) MB), $packets packets (floor: $floor_out)"
[ "$packets" = 533883 ] || echo "bench.sh: note: expected 533883 packets from the standard generator arguments" >&2

# --- timing --------------------------------------------------------------------------------
# The redirections need a shell, so every command (the floor included, for the same overhead)
# runs under bash; hyperfine measures the shell's start-up and subtracts it.
names=(floor wirelab-text wirelab-json wirelab-summary tcpdump)
cmds=(
    "$FLOOR $PCAP"
    "$WIRELAB read $PCAP --color never > /dev/null"
    "$WIRELAB read $PCAP --json > /dev/null"
    "$WIRELAB read $PCAP --summary > /dev/null"
    "tcpdump -nn -r $PCAP > /dev/null 2>&1"
)
if [ "$BENCH_TSHARK" != 0 ]; then
    names+=(tshark tshark-conv)
    cmds+=("tshark -n -r $PCAP > /dev/null 2>&1" "tshark -n -q -r $PCAP -z conv,tcp > /dev/null 2>&1")
fi
args=()
for i in "${!cmds[@]}"; do
    args+=(-n "${names[$i]}" "${cmds[$i]}")
done

# Other work on the machine shows up as noise (a large σ, or wall time well above user + system):
# the load average before and after is printed so that a disturbed run can be recognised.
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== hyperfine (warmup 1, runs $BENCH_RUNS)"
hyperfine --shell=bash --style basic --warmup 1 --runs "$BENCH_RUNS" \
    --export-markdown "$tmp/bench.md" --export-json "$tmp/bench.json" "${args[@]}"

echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "== hyperfine table"
cat "$tmp/bench.md"

echo
echo "== mean time relative to the floor (targets: wirelab text and JSON <= 2.5x, --summary <= 1.5x)"
python3 - "$tmp/bench.json" "$packets" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
packets = int(sys.argv[2]) if sys.argv[2] else 0
# Wall-clock mean is what the target is about; CPU time (user + system) is printed beside it
# because it is less disturbed by other work on the machine.
by_name = {r["command"]: r for r in results}
floor = by_name["floor"]
floor_cpu = floor["user"] + floor["system"]
for r in results:
    name, mean, cpu = r["command"], r["mean"], r["user"] + r["system"]
    rate = f"  {packets / mean / 1e6:5.2f} Mpkt/s" if packets else ""
    verdict = ""
    if name.startswith("wirelab-"):
        target = 1.5 if name == "wirelab-summary" else 2.5
        meets = mean / floor["mean"] <= target
        verdict = f"  ({'meets' if meets else 'MISSES'} <= {target}x)"
    print(f"{name:13s} wall {mean:7.3f} s ± {r['stddev']:.3f} = {mean / floor['mean']:6.2f}x floor"
          f" | cpu {cpu:7.3f} s = {cpu / floor_cpu:6.2f}x floor{rate}{verdict}")
PY

# --- peak memory ---------------------------------------------------------------------------
echo
echo "== peak RSS (/usr/bin/time -v; target: wirelab <= 64 MiB)"
rss() {
    local name="$1"; shift
    /usr/bin/time -v "$@" >/dev/null 2>"$tmp/time.txt" || {
        echo "bench.sh: $name failed:" >&2; cat "$tmp/time.txt" >&2; exit 1; }
    local kb
    kb="$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$tmp/time.txt")"
    awk -v n="$name" -v kb="$kb" 'BEGIN {
        printf "%-14s Maximum resident set size (kbytes): %8d  = %7.1f MiB%s\n", n, kb, kb / 1024,
            (n ~ /^wirelab-/) ? ((kb <= 65536) ? "  (meets <= 64 MiB)" : "  (MISSES <= 64 MiB)") : "" }'
}
rss floor        "$FLOOR" "$PCAP"
rss wirelab-text "$WIRELAB" read "$PCAP" --color never
rss wirelab-json "$WIRELAB" read "$PCAP" --json
rss wirelab-summary "$WIRELAB" read "$PCAP" --summary
rss tcpdump      tcpdump -nn -r "$PCAP"
