#!/usr/bin/env python3
"""Write the captures the TUI's size and speed are measured on (docs/benchmarks.md).

  syn-flood OUT [--count N]   N SYNs, each to its own port pair: N one-packet conversations
  one-conn OUT [--count N]    one TCP connection of N packets: handshake, data segments and
                              their ACKs in turn, teardown

Ethernet, IPv4, classic microsecond pcap; deterministic. The files are large: write them
under /tmp, never into the repository.
"""

import argparse
import struct

ETH_HDR = b"\x02\x00\x00\x00\x00\x02" + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00"
SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01


def ipv4_tcp(src, dst, sport, dport, seq, ack, flags, payload=b""):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0)
    total = 20 + len(tcp) + len(payload)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, total, 0, 0x4000, 64, 6, 0, src, dst)
    return ETH_HDR + ip + tcp + payload


def writer(path):
    f = open(path, "wb", buffering=1 << 20)
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
    return f


def record(f, n, frame):
    sec, usec = 1_700_000_000 + n // 1_000_000, n % 1_000_000
    f.write(struct.pack("<IIII", sec, usec, len(frame), len(frame)) + frame)


def syn_flood(path, count):
    client = bytes([10, 0, 0, 1])
    with writer(path) as f:
        for n in range(count):
            # 60,000 source ports per server address, then the next address.
            sport = 1024 + n % 60_000
            server = bytes([10, 1, (n // 60_000) >> 8 & 0xFF, (n // 60_000) & 0xFF])
            record(f, n, ipv4_tcp(client, server, sport, 80, n, 0, SYN))


def one_conn(path, count):
    c, s = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])
    cp, sp = 40000, 8001
    cseq, sseq = 1000, 5000
    payload = b"x" * 100
    with writer(path) as f:
        n = 0

        def put(frame):
            nonlocal n
            record(f, n, frame)
            n += 1

        put(ipv4_tcp(c, s, cp, sp, cseq, 0, SYN))
        put(ipv4_tcp(s, c, sp, cp, sseq, cseq + 1, SYN | ACK))
        cseq, sseq = cseq + 1, sseq + 1
        put(ipv4_tcp(c, s, cp, sp, cseq, sseq, ACK))
        while n < count - 4:
            put(ipv4_tcp(c, s, cp, sp, cseq, sseq, PSH | ACK, payload))
            cseq = (cseq + len(payload)) & 0xFFFFFFFF
            put(ipv4_tcp(s, c, sp, cp, sseq, cseq, ACK))
        put(ipv4_tcp(c, s, cp, sp, cseq, sseq, FIN | ACK))
        put(ipv4_tcp(s, c, sp, cp, sseq, cseq + 1, FIN | ACK))
        put(ipv4_tcp(c, s, cp, sp, cseq + 1, sseq + 1, ACK))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=["syn-flood", "one-conn"])
    p.add_argument("out")
    p.add_argument("--count", type=int, default=1_000_000)
    a = p.parse_args()
    {"syn-flood": syn_flood, "one-conn": one_conn}[a.kind](a.out, a.count)


if __name__ == "__main__":
    main()
