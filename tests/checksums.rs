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

use serde_json::Value;

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
    let oracle = common::tsv_rows(
        &fs::read_to_string(common::repo().join("tests/corpus-checksums.tsv")).unwrap(),
    );
    let allowed: BTreeMap<(String, String, String), String> = common::tsv_rows(
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

#[test]
fn a_bad_tcp_checksum_is_a_c_in_zeeks_history_and_moves_nothing_else() {
    let mut data = common::tcp_segment(true, 40000, 101, 901, "A", b"hello");
    // One payload bit damaged on the way.
    let last = data.len() - 1;
    data[last] ^= 0x20;
    let frames = [
        common::tcp_segment(true, 40000, 100, 0, "S", b""),
        common::tcp_segment(false, 40000, 900, 101, "SA", b""),
        common::tcp_segment(true, 40000, 101, 901, "A", b""),
        data,
        common::tcp_segment(true, 40000, 101, 901, "FA", b""),
        common::tcp_segment(false, 40000, 901, 102, "FA", b""),
        common::tcp_segment(true, 40000, 102, 902, "A", b""),
    ];
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.pcap");
    let frames: Vec<(Vec<u8>, u64)> = frames.into_iter().zip((0..).map(|i| i * 1000)).collect();
    fs::write(&file, common::ethernet_pcap_bytes(&frames)).unwrap();
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
