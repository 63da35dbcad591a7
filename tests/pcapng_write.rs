//! `-w x.pcapng` writes pcapng: the same packets read back, each packet's step and findings as
//! its comment (tshark's `frame.comment`), several link types in one file, and whole blocks
//! after a failed write.

mod common;

use std::path::Path;

use common::{capture, packets, stderr, wirelab};
use wirelab::capture::{LinkType, PcapWriter, RawFrame, Timestamp};

const SHB_MAGIC: [u8; 4] = [0x0a, 0x0d, 0x0d, 0x0a];

/// Walks the blocks by their length fields: the file must end exactly at a block's end.
fn assert_whole_blocks(path: &Path) -> usize {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(bytes.get(..4), Some(&SHB_MAGIC[..]), "not pcapng");
    // The section's byte-order magic says how to read the lengths.
    let little = bytes[8..12] == [0x4d, 0x3c, 0x2b, 0x1a];
    let word = |at: usize| {
        let b: [u8; 4] = bytes[at..at + 4].try_into().unwrap();
        if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        }
    };
    let mut at = 0;
    let mut blocks = 0;
    while at < bytes.len() {
        let len = word(at + 4) as usize;
        assert!(
            len >= 12 && len.is_multiple_of(4),
            "block at {at}: length {len}"
        );
        assert!(at + len <= bytes.len(), "block at {at} cut off");
        let trailer = word(at + len - 4);
        assert_eq!(trailer as usize, len, "block at {at}: trailing length");
        at += len;
        blocks += 1;
    }
    assert_eq!(at, bytes.len());
    blocks
}

/// The packet records of `wirelab read --json FILE`, without the file record.
fn packet_lines(path: &Path) -> Vec<serde_json::Value> {
    let out = wirelab(["read", "--json", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    packets(&out)
}

#[test]
fn w_pcapng_writes_pcapng_with_the_steps_as_packet_comments() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.pcapng");
    let input = capture("tcp-echo.pcap");
    let run = wirelab(["read", input.to_str().unwrap(), "-w", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    // Section header, one interface, eleven packets.
    assert_eq!(assert_whole_blocks(&out), 13);
    assert_eq!(packet_lines(&out), packet_lines(&input));
    assert_eq!(common::tcpdump_complaints(&out), "");
    if !common::tshark_or_skip("w_pcapng_writes_pcapng_with_the_steps_as_packet_comments") {
        return;
    }
    let comments: Vec<String> = common::tshark_fields(&out, &["frame.comment"])
        .into_iter()
        .map(|row| row.join(""))
        .collect();
    assert_eq!(comments.len(), 11);
    assert_eq!(comments[0], "handshake 1/3: client SYN");
    assert_eq!(comments[1], "handshake 2/3: server SYN-ACK");
    assert_eq!(comments[2], "handshake 3/3: client ACK");
    // The text view's labels, frame by frame.
    let text = common::stdout(&wirelab(["read", input.to_str().unwrap()]));
    for (line, comment) in text.lines().filter(|l| !l.is_empty()).zip(&comments) {
        assert!(
            line.contains(comment.as_str()),
            "{comment:?} not in {line:?}"
        );
    }
}

/// A raw-IP file of one UDP datagram.
fn raw_ip_file(path: &Path) {
    let mut bytes = Vec::new();
    etherparse::PacketBuilder::ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
        .udp(40000, 53)
        .write(&mut bytes, b"hi")
        .unwrap();
    let mut w = PcapWriter::create(path, LinkType::RAW).unwrap();
    w.write(&RawFrame {
        number: 1,
        link_type: LinkType::RAW,
        ts: Timestamp {
            secs: 1_700_000_000,
            nanos: 5,
        },
        len: bytes.len() as u32,
        data: &bytes,
        ts_fixed: false,
    })
    .unwrap();
    w.finish().unwrap();
}

#[test]
fn w_pcapng_keeps_inputs_of_two_link_types() {
    let dir = tempfile::tempdir().unwrap();
    let raw = dir.path().join("raw.pcap");
    raw_ip_file(&raw);
    let out = dir.path().join("both.pcapng");
    let echo = capture("tcp-echo.pcap");
    let run = wirelab([
        "read",
        echo.to_str().unwrap(),
        raw.to_str().unwrap(),
        "-w",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(stderr(&run), "", "no input skipped");
    // Section header, two interfaces, twelve packets.
    assert_eq!(assert_whole_blocks(&out), 15);
    let back = packet_lines(&out);
    assert_eq!(back.len(), 12);
    assert_eq!(back[0]["link"]["type"], "ethernet");
    assert_eq!(back[11]["link"]["type"], "raw");
    assert_eq!(back[11]["udp"]["dport"], 53);
    assert_eq!(back[11]["ts"], "1700000000.000000005");
    // A pcap output still holds one link type and says so.
    let pcap = dir.path().join("both.pcap");
    let run = wirelab([
        "read",
        echo.to_str().unwrap(),
        raw.to_str().unwrap(),
        "-w",
        pcap.to_str().unwrap(),
    ]);
    assert!(stderr(&run).contains("a pcap file has one link type"));
}

#[test]
fn w_pcapng_cut_short_by_a_file_size_limit_ends_with_a_whole_block() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big.pcap");
    common::udp_capture(&input, 3000);
    let output = dir.path().join("out.pcapng");
    let out = common::read_under_a_file_size_limit(&input, &output, 200);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("File too large"), "{}", stderr(&out));
    let size = std::fs::metadata(&output).unwrap().len();
    assert!(size > 100 && size <= 200 * 512, "{size}");
    assert!(assert_whole_blocks(&output) > 2);
    assert_eq!(common::tcpdump_complaints(&output), "");
    let back = wirelab(["read", output.to_str().unwrap(), "--summary"]);
    assert!(back.status.success(), "{}", stderr(&back));
}
