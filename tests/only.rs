//! `read --only`: for each kind, on the shipped captures (and one built with a retransmission),
//! the frames shown are exactly those the full JSON output says are of that kind; repeated
//! and comma-separated kinds show the union.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{capture, packets, stderr, stdout, wirelab};
use serde_json::Value;

/// (file index, frame) of every packet record.
type Shown = BTreeSet<(u64, u64)>;

fn inputs() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(common::repo().join("captures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pcap"))
        .collect();
    files.sort();
    files
}

fn records(files: &[PathBuf], extra: &[&str]) -> Vec<Value> {
    let mut args: Vec<&str> = vec!["read"];
    args.extend(files.iter().map(|p| p.to_str().unwrap()));
    args.push("--json");
    args.extend_from_slice(extra);
    let out = wirelab(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    packets(&out)
}

fn key(r: &Value) -> (u64, u64) {
    (r["file"].as_u64().unwrap(), r["frame"].as_u64().unwrap())
}

/// What the full output says a packet is: the oracle `--only` is checked against.
fn is(kind: &str, r: &Value) -> bool {
    let non_empty = |k: &str| r[k].as_array().is_some_and(|a| !a.is_empty());
    match kind {
        "steps" => r.get("step").is_some(),
        "findings" => {
            non_empty("analysis")
                || non_empty("issues")
                || (r.get("icmp").is_some() && r.get("conn").is_some())
        }
        "tcp" | "udp" | "icmp" | "arp" => r.get(kind).is_some(),
        _ => unreachable!(),
    }
}

/// The text lines' (file, frame) pairs: the `== file` heads count the files.
fn text_frames(text: &str) -> Shown {
    let mut file = None::<u64>;
    let mut shown = Shown::new();
    for line in text.lines() {
        if line.starts_with("== ") {
            file = Some(file.map_or(0, |f| f + 1));
        } else if let Some(n) = line.split_whitespace().next().and_then(|w| w.parse().ok()) {
            shown.insert((file.unwrap_or(0), n));
        }
    }
    shown
}

/// A connection whose data segment is sent twice: a retransmission finding.
fn retransmission(dir: &Path) -> PathBuf {
    use common::tcp_segment as seg;
    let frames = [
        seg(true, 40000, 100, 0, "S", b""),
        seg(false, 40000, 500, 101, "SA", b""),
        seg(true, 40000, 101, 501, "A", b""),
        seg(true, 40000, 101, 501, "PA", b"hello"),
        seg(true, 40000, 101, 501, "PA", b"hello"),
        seg(false, 40000, 501, 106, "A", b""),
    ];
    let path = dir.join("retransmission.pcap");
    common::ethernet_pcap(&path, &frames, 100_000_000);
    path
}

fn check(files: &[PathBuf], kinds: &[&str]) -> usize {
    let all = records(files, &[]);
    let want: Shown = all
        .iter()
        .filter(|r| kinds.iter().any(|k| is(k, r)))
        .map(key)
        .collect();
    assert!(
        want.len() < all.len(),
        "{kinds:?} keeps every packet: no test"
    );
    let joined = kinds.join(",");
    let got: Shown = records(files, &["--only", &joined])
        .iter()
        .map(key)
        .collect();
    assert_eq!(got, want, "--only {joined} (JSON)");
    let mut args: Vec<&str> = vec!["read"];
    args.extend(files.iter().map(|p| p.to_str().unwrap()));
    for k in kinds {
        args.extend(["--only", k]);
    }
    let text = stdout(&wirelab(&args));
    assert_eq!(text_frames(&text), want, "--only {joined} (text)\n{text}");
    want.len()
}

#[test]
fn each_kind_shows_exactly_its_packets() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = inputs();
    files.push(retransmission(dir.path()));
    for kind in ["steps", "findings", "tcp", "udp", "icmp", "arp"] {
        let n = check(&files, &[kind]);
        assert!(n > 0, "no packet of kind {kind} in the captures: no test");
    }
    // The retransmission is a finding; the first copy is not.
    let all = records(&files[files.len() - 1..], &["--only", "findings"]);
    assert_eq!(
        all.iter()
            .map(|r| r["frame"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [5]
    );
}

#[test]
fn kinds_add_up() {
    let files = vec![
        capture("tcp-echo-netns.pcap"),
        capture("udp-unreachable.pcap"),
    ];
    let arp = check(&files, &["arp"]);
    let udp = check(&files, &["udp"]);
    assert_eq!(check(&files, &["arp", "udp"]), arp + udp);
    let echo = capture("tcp-echo.pcap");
    let out = wirelab(["read", echo.to_str().unwrap(), "--only", "everything"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("everything"), "{}", stderr(&out));
}
