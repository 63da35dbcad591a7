#!/usr/bin/env python3
"""Seeds for the track_render fuzz target: each classic-pcap capture given (Ethernet or raw
IP) becomes one input, its frames as [time step][length][bytes] records (frames cut at 255
bytes). Usage: fuzz/seed-track.py OUT_DIR FILE..."""
import hashlib, os, struct, sys

SELECTOR = {1: 0, 101: 1, 0: 2, 113: 3}  # matches LINK_TYPES in track_render.rs

def frames(path):
    data = open(path, "rb").read()
    if len(data) < 24:
        return None, []
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        end = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        end = ">"
    else:
        return None, []
    linktype = struct.unpack(end + "I", data[20:24])[0] & 0x0FFFFFFF
    out, off = [], 24
    while off + 16 <= len(data):
        _, _, caplen, _ = struct.unpack(end + "IIII", data[off:off + 16])
        off += 16
        if off + caplen > len(data):
            break
        out.append(data[off:off + caplen])
        off += caplen
    return linktype, out

def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    for path in sys.argv[2:]:
        linktype, fs = frames(path)
        if linktype not in SELECTOR or not fs:
            continue
        blob = bytes([SELECTOR[linktype]])
        for f in fs:
            f = f[:255]
            blob += bytes([1, len(f)]) + f
        name = hashlib.sha1(blob).hexdigest()
        open(os.path.join(out_dir, name), "wb").write(blob)

main()
