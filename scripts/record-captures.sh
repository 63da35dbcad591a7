#!/usr/bin/env bash
# Record wirelab's sample captures in captures/ with the lab itself: one small capture per
# scenario, each from real sockets on loopback (or, for the -netns file, between two network
# namespaces that the lab creates and removes). Nothing leaves the machine.
#
#   sudo scripts/record-captures.sh
#
# Each line below is the exact command that made the file; captures/README.md lists them.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
lab() { ./target/release/wirelab lab "$@" > /dev/null; }

lab tcp-echo                --port 8001 -w captures/tcp-echo.pcap
lab udp-echo                --port 8002 -w captures/udp-echo.pcap
lab tcp-echo --ipv6         --port 8003 -w captures/tcp-echo-ipv6.pcap
lab tcp-chat                --port 8004 -w captures/tcp-chat.pcap
lab udp-chat                --port 8005 -w captures/udp-chat.pcap
lab tcp-refused             --port 8006 -w captures/tcp-refused.pcap
lab tcp-reset               --port 8007 -w captures/tcp-reset.pcap
lab tcp-half-close          --port 8008 -w captures/tcp-half-close.pcap
lab tcp-server-closes-first --port 8009 -w captures/tcp-server-closes-first.pcap
lab udp-unreachable         --port 8010 -w captures/udp-unreachable.pcap
lab tcp-many                --port 8011 -w captures/tcp-many.pcap
lab tcp-echo --netns        --port 8012 -w captures/tcp-echo-netns.pcap

ls -l captures/*.pcap
