#!/usr/bin/env bash
# Record wirelab's sample captures in captures/ from our own loopback echo lab.
#
#   sudo scripts/record-captures.sh
#
# Needs root (or CAP_NET_RAW) for tcpdump. All traffic stays on the loopback
# interface: 127.0.0.1 and ::1 only. Each capture is filtered on its own port
# so nothing else running on the machine ends up in the files.
set -euo pipefail

cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
TCPDUMP=${TCPDUMP:-tcpdump}
MESSAGE=$'hello, wirelab\n'
# echo_lab.py reads backslash escapes, so hand it the newline as "\n".
MESSAGE_ARG=${MESSAGE//$'\n'/\\n}

mkdir -p captures
workdir=$(mktemp -d)
tcpdump_pid=""

cleanup() {
    if [[ -n "$tcpdump_pid" ]] && kill -0 "$tcpdump_pid" 2>/dev/null; then
        kill -INT "$tcpdump_pid" 2>/dev/null || true
        wait "$tcpdump_pid" 2>/dev/null || true
    fi
    rm -rf "$workdir"
}
trap cleanup EXIT

# record NAME PORT ECHO_LAB_ARGS...
record() {
    local name=$1 port=$2
    shift 2
    local out="captures/$name.pcap" log="$workdir/$name.tcpdump.log"

    echo "==> $out (port $port)"
    rm -f "$out"
    # -Z root: keep writing as root instead of tcpdump's unprivileged user,
    # which may not be allowed to write into the checkout.
    "$TCPDUMP" -i lo -nn -s 0 -U -Z root -w "$out" "port $port" 2>"$log" &
    tcpdump_pid=$!

    # Wait until tcpdump says it is capturing (at most ~5 s).
    local tries=0
    until grep -q "listening on" "$log"; do
        if ! kill -0 "$tcpdump_pid" 2>/dev/null || (( ++tries > 50 )); then
            echo "tcpdump did not start:" >&2
            cat "$log" >&2
            exit 1
        fi
        sleep 0.1
    done
    sleep 0.2

    "$PYTHON" scripts/echo_lab.py "$@" --port "$port" --message "$MESSAGE_ARG"

    sleep 0.5
    kill -INT "$tcpdump_pid"
    wait "$tcpdump_pid" || { echo "tcpdump failed:" >&2; cat "$log" >&2; exit 1; }
    tcpdump_pid=""
    grep -E "packets? captured" "$log" || true
}

record tcp-echo      8001 tcp-echo
record udp-echo      8002 udp-echo
record tcp-echo-ipv6 8003 tcp-echo --ipv6

echo "done:"
ls -l captures/*.pcap
