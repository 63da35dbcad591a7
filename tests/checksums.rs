//! IPv4, TCP and UDP checksums against tshark's verdicts (`ip.checksum.status`,
//! `tcp.checksum.status`, `udp.checksum.status` with checksum checking on), kept as data in
//! tests/corpus-checksums.tsv, on every corpus capture; and what a wrong checksum does to
//! Zeek's view (a `C`, nothing else), with `--no-checksums` turning the check off.
//!
//! Each disagreement must be listed, with its reason, in tests/corpus-checksums-allowlist.tsv
//! (by file, frame or `*`, and field); an entry that no longer matches fails the test too.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use etherparse::PacketBuilder;
use serde_json::Value;

/// Rows of a tab-separated table with a header line; `#` lines are comments.
fn table(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let mut cells = l.split('\t');
            header
                .iter()
                .map(|k| (k.to_string(), cells.next().unwrap_or_default().to_string()))
                .collect()
        })
        .collect()
}

/// wirelab's verdict in tshark's codes: 1 good, 0 bad, 2 not verified; `offloaded` as is
/// (tshark calls those bad).
fn code(verdict: &str) -> String {
    match verdict {
        "good" => "1",
        "bad" => "0",
        "uncaptured" | "absent" => "2",
        other => other,
    }
    .to_string()
}

/// (frame, field) -> wirelab's code, for the fields a packet has.
fn wirelab_codes(file: &str) -> BTreeMap<(String, String), String> {
    let out = common::wirelab(["read", common::corpus(file).to_str().unwrap(), "--json"]);
    let mut codes = BTreeMap::new();
    for p in common::packets(&out) {
        let frame = p["frame"].to_string();
        let sums = &p["checksums"];
        let has = [
            ("ip", p["ip"]["version"] == 4),
            ("tcp", p["tcp"].is_object()),
            ("udp", p["udp"].is_object()),
        ];
        for (field, present) in has {
            if present {
                let v = sums[field].as_str().unwrap_or("good");
                codes.insert((frame.clone(), field.to_string()), code(v));
            }
        }
    }
    codes
}

#[test]
fn checksum_verdicts_agree_with_tshark_on_every_corpus_frame_or_are_explained() {
    if !common::corpus_or_skip("checksums") {
        return;
    }
    let oracle =
        table(&fs::read_to_string(common::repo().join("tests/corpus-checksums.tsv")).unwrap());
    let allowed: BTreeMap<(String, String, String), String> = table(
        &fs::read_to_string(common::repo().join("tests/corpus-checksums-allowlist.tsv")).unwrap(),
    )
    .into_iter()
    .map(|r| {
        (
            (r["file"].clone(), r["frame"].clone(), r["field"].clone()),
            r["reason"].clone(),
        )
    })
    .collect();
    let files: BTreeSet<&String> = oracle.iter().map(|r| &r["file"]).collect();
    let mut ours = BTreeMap::new();
    for f in &files {
        ours.insert(f.to_string(), wirelab_codes(f));
    }
    let (mut compared, mut bad_seen) = (0, 0);
    let mut unexplained = Vec::new();
    let mut used = BTreeSet::new();
    let mut explained = 0;
    for row in &oracle {
        for field in ["ip", "tcp", "udp"] {
            let theirs = &row[field];
            if theirs.is_empty() {
                continue;
            }
            let key = (row["frame"].clone(), field.to_string());
            let mine = ours[&row["file"]].get(&key).cloned().unwrap_or("-".into());
            compared += 1;
            bad_seen += usize::from(theirs == "0" && mine == "0");
            if &mine == theirs {
                continue;
            }
            let exact = (row["file"].clone(), row["frame"].clone(), field.to_string());
            let any = (row["file"].clone(), "*".to_string(), field.to_string());
            match [exact, any].into_iter().find(|k| allowed.contains_key(k)) {
                Some(k) => {
                    used.insert(k);
                    explained += 1;
                }
                None => unexplained.push(format!(
                    "{} frame {} {field}: wirelab {mine}, tshark {theirs}",
                    row["file"], row["frame"]
                )),
            }
        }
    }
    let differing: usize = used.len();
    eprintln!(
        "checksums: {compared} fields of {} captures compared with tshark, {bad_seen} bad in both, \
         {explained} differences under {differing} allow-list entries",
        files.len()
    );
    assert!(
        unexplained.is_empty(),
        "not in tests/corpus-checksums-allowlist.tsv:\n{}",
        unexplained.join("\n")
    );
    let stale: Vec<_> = allowed.keys().filter(|k| !used.contains(*k)).collect();
    assert!(
        stale.is_empty(),
        "allow-list entries that no longer differ: {stale:?}"
    );
    // The corpus has real bad checksums, and they are found.
    assert!(compared > 900 && bad_seen > 50, "{compared} {bad_seen}");
}

/// An Ethernet frame of one TCP segment from the client (10.0.0.1:40000) or the server.
fn segment(client: bool, flags: &str, seq: u32, ack: u32, payload: &[u8]) -> Vec<u8> {
    let (c, s) = ([10, 0, 0, 1], [10, 0, 0, 2]);
    let b = PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2]);
    let b = if client {
        b.ipv4(c, s, 64).tcp(40000, 80, seq, 1000)
    } else {
        b.ipv4(s, c, 64).tcp(80, 40000, seq, 1000)
    };
    let mut b = if flags.contains('S') { b.syn() } else { b };
    if flags.contains('A') {
        b = b.ack(ack);
    }
    if flags.contains('F') {
        b = b.fin();
    }
    let mut bytes = Vec::new();
    b.write(&mut bytes, payload).unwrap();
    bytes
}

/// A little-endian pcap of Ethernet frames, one millisecond apart.
fn pcap(frames: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&4u16.to_le_bytes());
    for v in [0u32, 0, 65535, 1] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for (i, frame) in frames.iter().enumerate() {
        let len = u32::try_from(frame.len()).unwrap();
        for v in [1_700_000_000, u32::try_from(i).unwrap() * 1000, len, len] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(frame);
    }
    out
}

#[test]
fn a_bad_tcp_checksum_is_a_c_in_zeeks_history_and_moves_nothing_else() {
    let mut data = segment(true, "A", 101, 901, b"hello");
    // One payload bit damaged on the way.
    let last = data.len() - 1;
    data[last] ^= 0x20;
    let frames = [
        segment(true, "S", 100, 0, b""),
        segment(false, "SA", 900, 101, b""),
        segment(true, "A", 101, 901, b""),
        data,
        segment(true, "FA", 101, 901, b""),
        segment(false, "FA", 901, 102, b""),
        segment(true, "A", 102, 902, b""),
    ];
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.pcap");
    fs::write(&file, pcap(&frames)).unwrap();
    let conn = |extra: &[&str]| -> Value {
        let mut args = vec!["read", file.to_str().unwrap(), "--json"];
        args.extend_from_slice(extra);
        let out = common::wirelab(&args);
        let lines: Vec<Value> = common::stdout(&out)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let bad = lines.iter().find(|l| l["frame"] == 4).unwrap();
        if extra.is_empty() {
            assert_eq!(bad["checksums"]["tcp"], "bad", "{bad}");
            assert_eq!(bad["issues"][0]["layer"], "tcp");
        } else {
            assert!(bad["checksums"].is_null() && bad["issues"] == Value::Array(vec![]));
        }
        lines.into_iter().find(|l| l["type"] == "conn").unwrap()
    };
    // Zeek: the damaged segment is a C and is not data (no D); it is not counted either.
    let checked = conn(&[]);
    assert_eq!(checked["history"], "ShACFf");
    assert_eq!(checked["conn_state"], "SF");
    assert_eq!(checked["zeek"][0]["orig_pkts"], 4);
    assert_eq!(checked["bad_checksums"], 1);
    // --no-checksums (Zeek's -C): the segment is data like any other.
    let unchecked = conn(&["--no-checksums"]);
    assert_eq!(unchecked["history"], "ShADFf");
    assert_eq!(unchecked["zeek"][0]["orig_pkts"], 5);
    assert_eq!(unchecked["bad_checksums"], 0);
    // The text line flags it, the summary counts it.
    let text = common::stdout(&common::wirelab(["read", file.to_str().unwrap()]));
    let line = text.lines().nth(3).unwrap();
    assert!(line.contains("[bad TCP checksum 0x"), "{line}");
    let summary = common::stdout(&common::wirelab([
        "read",
        file.to_str().unwrap(),
        "--summary",
    ]));
    assert!(
        summary.contains("1 packet with a bad checksum"),
        "{summary}"
    );
}

#[test]
fn loopback_captures_carry_offloaded_checksums_and_are_not_called_bad() {
    let out = common::wirelab(["read", "captures/tcp-echo.pcap", "--json"]);
    let packets = common::packets(&out);
    let mut offloaded = 0;
    for p in &packets {
        // Absent: every checksum right (the kernel computes some itself, as for the ACKs
        // it sends on a socket's behalf).
        if p["checksums"].is_null() {
            continue;
        }
        offloaded += 1;
        assert_eq!(p["checksums"]["ip"], "good", "{p}");
        assert_eq!(p["checksums"]["tcp"], "offloaded", "{p}");
        assert_eq!(
            p["checksums"]["text"],
            "TCP checksum not computed: offloaded to the NIC, not verified"
        );
        assert_eq!(p["issues"], Value::Array(vec![]));
    }
    assert!(
        offloaded * 2 > packets.len(),
        "{offloaded} of {}",
        packets.len()
    );
    let text = common::stdout(&common::wirelab(["read", "captures/tcp-echo.pcap", "-v"]));
    assert!(text.contains("TCP checksum not computed: offloaded to the NIC, not verified"));
    assert!(!text.contains("bad TCP checksum"));
}
