//! The layers view (`read -L`): snapshots of its rows and nesting line for TCP, UDP, ICMP,
//! ARP, IPv6 and VLAN frames, in English and in Chinese; the JSON `layers` array; and, for
//! every frame of every corpus capture, byte counts that add up to the captured length and
//! agree with tshark's.

mod common;

use std::collections::BTreeMap;

use common::{
    capture, corpus_captures, corpus_or_skip, english_words, packets, stderr, stdout, wirelab,
};
use serde_json::Value;

fn run(args: &[&str]) -> String {
    let out = wirelab(args);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

fn layers_of(file: &str, extra: &[&str]) -> String {
    let path = capture(file);
    let mut args = vec!["read", path.to_str().unwrap(), "-L", "--time", "none"];
    args.extend_from_slice(extra);
    run(&args)
}

/// The nesting lines of a text output.
fn nestings(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| l.contains(" = ") && l.contains('['))
        .collect()
}

#[test]
fn tcp_echo_layers() {
    let text = layers_of("tcp-echo.pcap", &[]);
    insta::assert_snapshot!(text);
    let n = nestings(&text);
    assert_eq!(
        n.get(3),
        Some(&"Ethernet 14 [ IPv4 20 [ TCP 32 [ data 15 ] ] ] = 81 bytes")
    );
    assert!(text.contains(
        "TCP carries bytes 1–15 of the client's stream to port 8001 and asks for an ACK"
    ));
    assert!(text.contains("TCP carries bytes 1–15 of the server's stream to port"));
}

#[test]
fn udp_and_icmp_layers() {
    let text = layers_of("udp-unreachable.pcap", &[]);
    insta::assert_snapshot!(text);
    let n = nestings(&text);
    assert!(
        n[0].starts_with("Ethernet 14 [ IPv4 20 [ UDP 8 [ data "),
        "{n:?}"
    );
    assert!(
        n[1].starts_with("Ethernet 14 [ IPv4 20 [ ICMP 8 [ data "),
        "{n:?}"
    );
    assert!(text.contains("ICMP carries a control message: destination unreachable"));
}

#[test]
fn arp_layers() {
    let text = layers_of("tcp-echo-netns.pcap", &["-c", "2"]);
    insta::assert_snapshot!(text);
    assert!(text.contains("ARP asks which link address has 198.18.0.2 (tell 198.18.0.1)"));
    assert!(text.contains("ARP answers that 198.18.0.2 is at e2:bc:ec:9c:78:41"));
    for n in nestings(&text) {
        assert!(n.starts_with("Ethernet 14 [ ARP 28 ]"), "{n}");
    }
}

#[test]
fn ipv6_layers() {
    let text = layers_of("tcp-echo-ipv6.pcap", &["-c", "4"]);
    insta::assert_snapshot!(text);
    assert_eq!(
        nestings(&text).get(3),
        Some(&"Ethernet 14 [ IPv6 40 [ TCP 32 [ data 15 ] ] ] = 101 bytes")
    );
}

#[test]
fn vlan_layers_and_padding() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vlan.pcap");
    common::vlan_udp_pcap(&path);
    let text = run(&["read", path.to_str().unwrap(), "-L", "--time", "none"]);
    insta::assert_snapshot!(text);
    assert_eq!(
        nestings(&text),
        ["Ethernet 14 [ 802.1Q 4 [ IPv4 20 [ UDP 8 [ data 2 ] ] ] ] + trailer 16 = 64 bytes"]
    );
    assert!(text.contains("VLAN 42"));
}

#[test]
fn tcp_echo_layers_in_chinese() {
    let text = layers_of("tcp-echo.pcap", &["--lang", "zh", "-c", "4"]);
    insta::assert_snapshot!(text);
    let rows: String = text
        .lines()
        .filter(|l| l.starts_with("        "))
        .collect::<Vec<_>>()
        .join("\n");
    for word in [
        "网络接口层",
        "网络层",
        "传输层",
        "应用层",
        "客户端字节流的第 1–15 字节",
    ] {
        assert!(rows.contains(word), "{word} not in {rows}");
    }
    let allow = [
        "Ethernet", "IPv4", "TCP", "ACK", "SYN", "OSI", "connect", "send", "wirelab", "run",
    ];
    assert_eq!(english_words(&rows, &allow), Vec::<String>::new());
}

#[test]
fn json_layers_array() {
    let path = capture("tcp-echo.pcap");
    let out = wirelab(["read", path.to_str().unwrap(), "-L", "--json"]);
    let records = packets(&out);
    let four = &records[3];
    let layers = four["layers"].as_array().expect("a layers array");
    let protos: Vec<&str> = layers
        .iter()
        .map(|l| l["protocol"].as_str().unwrap())
        .collect();
    assert_eq!(protos, ["Ethernet", "IPv4", "TCP", "data"]);
    let kinds: Vec<&str> = layers
        .iter()
        .map(|l| l["layer"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["link", "internet", "transport", "application"]);
    assert_eq!(layers[2]["dport"], 8001);
    assert_eq!(layers[1]["src"], "127.0.0.1");
    assert_eq!(layers[3]["offset"], 66);
    assert!(layers[2]["text"].as_str().unwrap().contains("bytes 1–15"));
    // Without -L there is none; with --lang zh the text is Chinese and the keys the same.
    let plain = packets(&wirelab(["read", path.to_str().unwrap(), "--json"]));
    assert!(plain[3].get("layers").is_none());
    let zh = packets(&wirelab([
        "read",
        path.to_str().unwrap(),
        "-L",
        "--json",
        "--lang",
        "zh",
    ]));
    assert_eq!(zh[3]["layers"][0]["layer"], "link");
    assert!(
        zh[3]["layers"][2]["text"]
            .as_str()
            .unwrap()
            .contains("客户端")
    );
}

/// The `len` of the first layer of `protocol` in a packet record's `layers`.
fn layer_len(record: &Value, protocol: &str) -> Option<u64> {
    record["layers"]
        .as_array()?
        .iter()
        .find(|l| l["protocol"] == protocol)
        .and_then(|l| l["len"].as_u64())
}

/// tshark's rows of a corpus capture, by frame number.
fn tshark_rows(path: &std::path::Path) -> Option<BTreeMap<u64, BTreeMap<String, String>>> {
    let tsv = std::fs::read_to_string(format!("{}.tshark.tsv", path.display())).ok()?;
    Some(
        common::tsv_rows(&tsv)
            .into_iter()
            .filter_map(|r| Some((r.get("frame.number")?.parse().ok()?, r)))
            .collect(),
    )
}

/// What one corpus frame's layers get wrong, compared with its own length and with tshark.
fn frame_problems(record: &Value, tshark: Option<&BTreeMap<String, String>>) -> Vec<String> {
    let mut problems = Vec::new();
    let caplen = record["caplen"].as_u64().unwrap();
    let layers = record["layers"].as_array().cloned().unwrap_or_default();
    let sum: u64 = layers.iter().map(|l| l["len"].as_u64().unwrap()).sum();
    if sum != caplen {
        problems.push(format!("layers add up to {sum}, caplen {caplen}"));
    }
    let mut at = 0;
    for l in &layers {
        if l["offset"].as_u64() != Some(at) {
            problems.push(format!(
                "{} starts at {}, not {at}",
                l["protocol"], l["offset"]
            ));
        }
        at += l["len"].as_u64().unwrap();
    }
    let Some(t) = tshark else {
        return problems;
    };
    let field = |k: &str| t.get(k).and_then(|v| v.parse::<u64>().ok());
    if field("frame.cap_len") != Some(caplen) {
        problems.push(format!(
            "tshark's cap_len {:?}, ours {caplen}",
            field("frame.cap_len")
        ));
    }
    let whole = record["len"].as_u64() == Some(caplen);
    if whole && layer_len(record, "TCP").is_some() {
        let ours = layer_len(record, "data").unwrap_or(0);
        if field("tcp.len") != Some(ours) {
            problems.push(format!(
                "TCP data {ours}, tshark's tcp.len {:?}",
                field("tcp.len")
            ));
        }
    }
    if whole && let Some(h) = layer_len(record, "UDP") {
        let ours = h + layer_len(record, "data").unwrap_or(0);
        let udp_len = field("udp.length");
        // A UDP length field that lies is counted as tshark counts it (docs/json.md, issues).
        if udp_len.is_some_and(|n| n >= 8 && n <= ours) && udp_len != Some(ours) {
            problems.push(format!("UDP {ours} bytes, tshark's udp.length {udp_len:?}"));
        }
    }
    problems
}

#[test]
fn every_corpus_frame_adds_up_and_agrees_with_tshark() {
    if !corpus_or_skip("every_corpus_frame_adds_up_and_agrees_with_tshark") {
        return;
    }
    let mut problems = Vec::new();
    let mut frames = 0;
    let mut compared = 0;
    for path in corpus_captures() {
        let out = wirelab(["read", path.to_str().unwrap(), "-L", "--json"]);
        let tshark = tshark_rows(&path);
        for record in packets(&out) {
            frames += 1;
            let n = record["frame"].as_u64().unwrap();
            let row = tshark.as_ref().and_then(|t| t.get(&n));
            if row.is_some() && layer_len(&record, "TCP").is_some() {
                compared += 1;
            }
            for p in frame_problems(&record, row) {
                let name = path.file_name().unwrap().to_string_lossy();
                problems.push(format!("{name} frame {n}: {p}"));
            }
        }
    }
    assert!(frames > 500, "only {frames} corpus frames read");
    assert!(
        compared > 100,
        "only {compared} TCP frames compared with tshark"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn lab_shows_the_layers_too() {
    if !common::root_or_skip("lab_shows_the_layers_too") {
        return;
    }
    let out = wirelab(["lab", "tcp-echo", "--port", "18123", "-L", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let records = packets(&out);
    assert!(records.len() >= 10, "{} packets", records.len());
    for r in &records {
        let layers = r["layers"].as_array().expect("a layers array");
        let sum: u64 = layers.iter().map(|l| l["len"].as_u64().unwrap()).sum();
        assert_eq!(Some(sum), r["caplen"].as_u64(), "{r}");
    }
    for sub in ["capture", "lab", "run"] {
        let help = stdout(&wirelab([sub, "--help"]));
        assert!(help.contains("-L, --layers"), "{sub} --help lacks -L");
    }
}

#[test]
fn the_report_panel_has_each_packets_layers() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("echo.html");
    let echo = capture("tcp-echo.pcap");
    let out = wirelab([
        "report",
        echo.to_str().unwrap(),
        "-o",
        page.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = std::fs::read_to_string(&page).unwrap();
    let tag = "<script type=\"application/json\" id=\"frames\">";
    let start = html.find(tag).expect("the frames' script") + tag.len();
    let end = start + html[start..].find("</script>").unwrap();
    let data: Value = serde_json::from_str(&html[start..end]).unwrap();
    let layers: Vec<&str> = data["frames"]["4"]["layers"]
        .as_array()
        .expect("frame 4's layers")
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    // Four rows and the nesting line; then (tcp-echo is a loopback capture) the two hosts'
    // blocks, which tests/report.rs compares with read -L.
    assert_eq!(layers.len(), 5 + 11, "{layers:?}");
    assert_eq!(layers[5], "out: client", "{layers:?}");
    assert!(
        layers[2].starts_with("transport (4) · TCP 32 · 43250 → 8001 · TCP carries bytes 1–15"),
        "{layers:?}"
    );
    assert_eq!(
        layers[4],
        "Ethernet 14 [ IPv4 20 [ TCP 32 [ data 15 ] ] ] = 81 bytes"
    );
    assert_eq!(data["labels"]["layers"], "Layers");
    // The script folds them into a section of the panel.
    assert!(html.contains("add(layers, \"summary\", labels.layers)"));
}
