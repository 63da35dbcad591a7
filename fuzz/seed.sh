#!/bin/sh
# Seeds fuzz/corpus/decode_render/ with every frame of the capture files, in the input layout
# of fuzz_targets/decode_render.rs: one link-type selector byte, the wire length (4 bytes,
# big-endian), then the captured bytes. A few 802.11 frames built by the script are added, since
# no capture here has any.
#
# Usage: fuzz/seed.sh [CAPTURE...]   (default: ../shared/corpus/*.pcap* and captures/*.pcap,
# relative to the repository root). Files that are not pcap/pcapng are skipped; a file damaged
# part way yields the frames before the damage. Seeds are named by their SHA-1, so re-running
# adds nothing twice.
set -eu
fuzz_dir=$(cd "$(dirname "$0")" && pwd)
cd "$fuzz_dir/.."
out=fuzz/corpus/decode_render
mkdir -p "$out"
if [ "$#" -eq 0 ]; then
    set -- ../shared/corpus/*.pcap* captures/*.pcap
fi
exec python3 - "$out" "$@" <<'PY'
import hashlib
import os
import struct
import sys

# LINKTYPE number -> selector byte (index in the fuzz target's LINK_TYPES); anything else
# goes to index 8, the link type wirelab does not decode.
SELECTOR = {1: 0, 113: 1, 276: 2, 0: 3, 108: 4, 101: 5, 12: 5, 14: 5, 228: 6, 229: 7,
            105: 9, 127: 10}
UNKNOWN = 8
MAX_FRAME = 1 << 18


class Damaged(Exception):
    pass


def classic(buf):
    """Frames of a classic pcap file: (linktype, wire length, bytes)."""
    magic = buf[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        return None
    if len(buf) < 24:
        raise Damaged("short file header")
    linktype = struct.unpack(e + "I", buf[20:24])[0] & 0x0FFFFFFF
    frames = []
    pos = 24
    while pos + 16 <= len(buf):
        _, _, incl, orig = struct.unpack(e + "IIII", buf[pos:pos + 16])
        pos += 16
        if incl > MAX_FRAME or pos + incl > len(buf):
            break  # damaged record: keep what came before
        frames.append((linktype, orig, buf[pos:pos + incl]))
        pos += incl
    return frames


def pcapng(buf):
    """Frames of a pcapng file (EPB, SPB and the obsolete packet block)."""
    if buf[:4] != b"\x0a\x0d\x0d\x0a":
        return None
    frames = []
    links = []  # interface id -> link type, per section
    e = "<"
    pos = 0
    while pos + 12 <= len(buf):
        if buf[pos:pos + 4] == b"\x0a\x0d\x0d\x0a":
            bom = buf[pos + 8:pos + 12]
            if bom == b"\x4d\x3c\x2b\x1a":
                e = "<"
            elif bom == b"\x1a\x2b\x3c\x4d":
                e = ">"
            else:
                break
            links = []
        btype, blen = struct.unpack(e + "II", buf[pos:pos + 8])
        if blen < 12 or blen % 4 or pos + blen > len(buf):
            break
        body = buf[pos + 8:pos + blen - 4]
        if btype == 1 and len(body) >= 2:  # interface description
            links.append(struct.unpack(e + "H", body[:2])[0])
        elif btype == 6 and len(body) >= 20:  # enhanced packet
            iface, _, _, cap, orig = struct.unpack(e + "IIIII", body[:20])
            if iface < len(links) and cap <= len(body) - 20:
                frames.append((links[iface], orig, body[20:20 + cap]))
        elif btype == 3 and len(body) >= 4 and links:  # simple packet
            orig = struct.unpack(e + "I", body[:4])[0]
            frames.append((links[0], orig, body[4:4 + min(orig, len(body) - 4)]))
        elif btype == 2 and len(body) >= 20:  # packet block (obsolete)
            iface, _, _, _, cap, orig = struct.unpack(e + "HHIIII", body[:20])
            if iface < len(links) and cap <= len(body) - 20:
                frames.append((links[iface], orig, body[20:20 + cap]))
        pos += blen
    return frames


def wlan_frames():
    """A few 802.11 frames (no capture here has any): radiotap (flags with FCS, channel,
    dBm signal) before a ToDS QoS data frame carrying LLC/SNAP + ARP, a beacon, an ACK."""
    radiotap = bytes([0, 0, 15, 0, 0x2A, 0, 0, 0, 0x10, 0, 0x6C, 0x09, 0xA0, 0, 0xC4])
    sta, ap = bytes([2, 0xBB, 0, 0, 0, 2]), bytes([2, 0xAA, 0, 0, 0, 1])
    arp = bytes([0, 1, 8, 0, 6, 4, 0, 1]) + sta + bytes([10, 0, 0, 2, 0, 0, 0, 0, 0, 0, 10, 0, 0, 1])
    qos = bytes([0x88, 0x01, 0, 0]) + ap + sta + ap + bytes([0x10, 0, 0, 0])
    qos += bytes([0xAA, 0xAA, 3, 0, 0, 0, 8, 6]) + arp
    beacon = bytes([0x80, 0, 0, 0]) + b"\xff" * 6 + ap + ap + bytes(14)
    ack = bytes([0xD4, 0, 0, 0]) + sta
    frames = [(105, f) for f in (qos, beacon, ack)]
    frames += [(127, radiotap + f + b"\xde\xad\xbe\xef") for f in (qos, beacon, ack)]
    return [(lt, len(f), f) for lt, f in frames]


def main():
    out, paths = sys.argv[1], sys.argv[2:]
    total = new = 0
    for path in paths + ["(built-in 802.11 frames)"]:
        if path.startswith("("):
            frames = wlan_frames()
            for linktype, orig, data in frames:
                seed = bytes([SELECTOR[linktype]]) + struct.pack(">I", orig) + data
                name = os.path.join(out, hashlib.sha1(seed).hexdigest())
                total += 1
                if not os.path.exists(name):
                    with open(name, "wb") as f:
                        f.write(seed)
                    new += 1
            continue
        try:
            with open(path, "rb") as f:
                buf = f.read()
            frames = classic(buf)
            if frames is None:
                frames = pcapng(buf)
        except (OSError, Damaged, struct.error) as err:
            print(f"skip {path}: {err}", file=sys.stderr)
            continue
        if frames is None:
            continue  # not a capture (the tshark side files match *.pcap* too)
        for linktype, orig, data in frames:
            seed = bytes([SELECTOR.get(linktype, UNKNOWN)])
            seed += struct.pack(">I", max(orig, len(data)) & 0xFFFFFFFF) + data
            name = os.path.join(out, hashlib.sha1(seed).hexdigest())
            total += 1
            if not os.path.exists(name):
                with open(name, "wb") as f:
                    f.write(seed)
                new += 1
        print(f"{path}: {len(frames)} frames", file=sys.stderr)
    print(f"{total} frames, {new} new seeds in {out}", file=sys.stderr)


main()
PY
