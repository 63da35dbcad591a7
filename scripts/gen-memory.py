#!/usr/bin/env python3
"""Write a deterministic Ethernet pcap for the memory measurements of docs/benchmarks.md.

  syn-flood OUT N   N SYNs from one client to N distinct (address, port) pairs, 100,000 a
                    second of capture time, none answered: N conversations, each one packet.
  udp-flood OUT N   the same with N one-datagram UDP conversations (8 bytes of payload).
  one-conn OUT N    one TCP connection of N packets: handshake, N - 6 data segments from the
                    client of 100 bytes each acknowledged every other one, and a FIN/ACK
                    teardown; 10,000 packets a second.

The output is the same bytes for the same arguments. Checksums are left 0 (wirelab does not
check them). Never commit what this writes: put it under /tmp.
"""
import argparse
import struct
import sys

FIN, SYN, RST, PSH, ACK = 1, 2, 4, 8, 16
MAC_C = bytes.fromhex("020000000001")
MAC_S = bytes.fromhex("020000000002")


def frame(src, dst, sport, dport, seq, ack, flags, payload, proto=6):
    if proto == 6:
        l4 = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF,
                         5 << 4, flags, 65535, 0, 0) + payload
    else:
        l4 = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), 0, 0x4000, 64, proto, 0,
                     src, dst) + l4
    mac_src, mac_dst = (MAC_C, MAC_S) if src == CLIENT else (MAC_S, MAC_C)
    return mac_dst + mac_src + b"\x08\x00" + ip


CLIENT = bytes([10, 0, 0, 1])


def record(out, usec_total, data):
    out.write(struct.pack("<IIII", usec_total // 1_000_000, usec_total % 1_000_000,
                          len(data), len(data)))
    out.write(data)


def syn_flood(out, n, udp=False):
    for i in range(n):
        # 60,000 ports per server address, servers 10.1.x.y.
        server = bytes([10, 1 + (i // 60000) // 65536 % 200, (i // 60000) // 256 % 256,
                        (i // 60000) % 256])
        dport = 1024 + i % 60000
        if udp:
            data = frame(CLIENT, server, 40000, dport, 0, 0, 0, b"datagram", proto=17)
        else:
            data = frame(CLIENT, server, 40000, dport, 1000 + i, 0, SYN, b"")
        record(out, 10_000_000 + i * 10, data)


def one_conn(out, n):
    server = bytes([10, 0, 0, 2])
    c, s = 5000, 9000
    t = [10_000_000]

    def put(frm_client, seq, ack, flags, payload=b""):
        src, dst = (CLIENT, server) if frm_client else (server, CLIENT)
        sp, dp = (50000, 80) if frm_client else (80, 50000)
        record(out, t[0], frame(src, dst, sp, dp, seq, ack, flags, payload))
        t[0] += 100

    put(True, c, 0, SYN)
    put(False, s, c + 1, SYN | ACK)
    put(True, c + 1, s + 1, ACK)
    seq = c + 1
    body = b"x" * 100
    data = max(n - 6, 0)
    i = 0
    while i < data:
        put(True, seq, s + 1, PSH | ACK, body)
        seq += 100
        i += 1
        if i < data and i % 2 == 0:
            put(False, s + 1, seq, ACK)
            i += 1
    put(True, seq, s + 1, FIN | ACK)
    put(False, s + 1, seq + 1, FIN | ACK)
    put(True, seq + 1, s + 2, ACK)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("kind", choices=["syn-flood", "udp-flood", "one-conn"])
    p.add_argument("out")
    p.add_argument("n", type=int)
    a = p.parse_args()
    with open(a.out, "wb") as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        if a.kind == "one-conn":
            one_conn(out, a.n)
        else:
            syn_flood(out, a.n, udp=a.kind == "udp-flood")
    return 0


if __name__ == "__main__":
    sys.exit(main())
