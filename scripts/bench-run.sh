#!/usr/bin/env bash
# The cost of `wirelab run`'s tracing: a TCP echo of N messages (tests/programs), the server
# and client in one shell, run bare and under `wirelab run` (traced, captured on lo), as
# root with SUDO_UID set so the program runs as that user. Results: docs/benchmarks.md,
# "Tracing overhead".
#
# Usage: sudo scripts/bench-run.sh [MESSAGES] [RUNS]   (default 10000 messages, 5 runs)
set -euo pipefail
cd "$(dirname "$0")/.."
MESSAGES="${1:-10000}"
RUNS="${2:-5}"
[ "$(id -u)" = 0 ] || { echo "bench-run.sh: run it as root (sudo)" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "bench-run.sh: needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
cargo build --release -q
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
chmod 755 "$dir"
cp tests/programs/tcp_echo_server.py tests/programs/tcp_echo_client.py "$dir/"
uid="${SUDO_UID:-65534}"
gid="${SUDO_GID:-65534}"
port=$((20000 + RANDOM % 10000))
echo_pair="python3 $dir/tcp_echo_server.py $port & sleep 0.3; python3 $dir/tcp_echo_client.py $port 'hello, wirelab' $MESSAGES; wait"
hyperfine --runs "$RUNS" --warmup 1 \
    -n bare "setpriv --reuid=$uid --regid=$gid --clear-groups sh -c \"$echo_pair\"" \
    -n "wirelab run" "SUDO_UID=$uid SUDO_GID=$gid target/release/wirelab run --summary -- sh -c \"$echo_pair\""
