//! The sender's and the receiver's view (`-L` on a packet between two endpoints wirelab
//! knows): snapshots of `read -L` on a loopback capture in English and Chinese, JSON's
//! `sides` (present on loopback only, each block adding up to the frame), and, as root, the
//! lab's blocks linked to the calls it recorded.

mod common;

use common::{capture, english_words, packets, stderr, stdout, wirelab};
use serde_json::Value;

fn run(args: &[&str]) -> String {
    let out = wirelab(args);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

/// The packet lines and the sides blocks of a `-L` text, without the layer rows: a block's
/// head is the line that rows indented by ten follow.
fn blocks(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let kept = lines.iter().enumerate().filter(|(i, l)| {
        let next = lines.get(i + 1).map_or(0, |n| indent(n));
        indent(l) < 8 || indent(l) == 10 || (indent(l) == 8 && next == 10)
    });
    kept.map(|(_, l)| *l).collect::<Vec<_>>().join("\n")
}

fn read_blocks(lang: &str) -> String {
    let path = capture("tcp-echo.pcap");
    let path = path.to_str().unwrap();
    blocks(&run(&[
        "read", path, "-L", "--time", "none", "-c", "6", "--lang", lang,
    ]))
}

#[test]
fn read_of_a_loopback_capture_shows_both_hosts_without_the_calls() {
    let text = read_blocks("en");
    insta::assert_snapshot!(text);
    assert_eq!(text.matches("out: client").count(), 3, "{text}");
    assert_eq!(text.matches("in: server").count(), 3, "{text}");
    assert!(
        text.contains("15 bytes into the server's receive queue"),
        "{text}"
    );
    assert!(text.contains("`wirelab run` records it"), "{text}");
}

#[test]
fn the_sides_in_chinese_use_no_english_words() {
    let text = read_blocks("zh");
    insta::assert_snapshot!(text);
    let rows: String = text
        .lines()
        .filter(|l| l.starts_with("        "))
        .collect::<Vec<_>>()
        .join("\n");
    for word in ["出站：客户端", "入站：服务端", "接收队列", "全连接队列"] {
        assert!(rows.contains(word), "{word} not in {rows}");
    }
    let allow = [
        "Ethernet", "IPv4", "TCP", "ACK", "SYN", "PSH", "TTL", "connect", "send", "wirelab", "run",
    ];
    assert_eq!(english_words(&rows, &allow), Vec::<String>::new());
}

/// Each block's bytes add up to the captured length.
fn assert_adds_up(record: &Value) {
    for side in ["out", "in"] {
        let rows = record["sides"][side]["layers"].as_array().expect("rows");
        let sum: u64 = rows.iter().filter_map(|r| r["bytes"].as_u64()).sum();
        assert_eq!(Some(sum), record["caplen"].as_u64(), "{side}: {record}");
    }
}

#[test]
fn json_has_sides_on_loopback_only() {
    let path = capture("tcp-echo.pcap");
    let records = packets(&wirelab(["read", path.to_str().unwrap(), "-L", "--json"]));
    assert_eq!(records.len(), 11);
    for r in &records {
        assert_adds_up(r);
    }
    assert_eq!(records[0]["sides"]["out"]["host"], "client");
    assert_eq!(records[0]["sides"]["in"]["host"], "server");
    let last = &records[3]["sides"]["in"]["layers"];
    assert_eq!(last[3]["layer"], "socket");
    assert_eq!(last[4]["layer"], "call");
    assert!(last[4].get("bytes").is_none(), "{last}");
    let netns = capture("tcp-echo-netns.pcap");
    for r in packets(&wirelab(["read", netns.to_str().unwrap(), "-L", "--json"])) {
        assert!(r.get("sides").is_none(), "not loopback, but: {r}");
    }
}

/// The rows of the block under `head` that follows the packet line holding `packet`.
fn rows_after<'t>(text: &'t str, packet: &str, head: &str) -> Vec<&'t str> {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines.iter().position(|l| l.contains(packet)).expect(packet);
    let start = at
        + lines[at..]
            .iter()
            .position(|l| l.trim() == head)
            .expect(head);
    lines[start + 1..]
        .iter()
        .take_while(|l| l.starts_with("          "))
        .map(|l| l.trim())
        .collect()
}

#[test]
fn the_lab_links_the_data_packet_to_send_and_recv() {
    if !common::root_or_skip("the_lab_links_the_data_packet_to_send_and_recv") {
        return;
    }
    let text = run(&["lab", "tcp-echo", "--port", "18131", "-L", "--time", "none"]);
    let out = rows_after(&text, "→ 127.0.0.1:18131  TCP PSH-ACK", "out: client");
    assert!(out[0].contains("send(15 bytes)"), "{out:?}");
    let into = rows_after(&text, "→ 127.0.0.1:18131  TCP PSH-ACK", "in: server");
    assert!(
        into.last().unwrap().contains("recv() returns 15 bytes"),
        "{into:?}"
    );
    let json = wirelab(["lab", "tcp-echo", "--port", "18132", "-L", "--json"]);
    assert!(json.status.success(), "{}", stderr(&json));
    let records = packets(&json);
    assert!(records.len() >= 10, "{} packets", records.len());
    for r in &records {
        assert_adds_up(r);
    }
    let data = records
        .iter()
        .find(|r| r["sides"]["out"]["layers"][0]["bytes"] == 15)
        .expect("a data packet");
    let text_of = |side: &str, i: usize| {
        data["sides"][side]["layers"][i]["text"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(text_of("out", 0).starts_with("send("), "{data}");
    assert!(text_of("in", 4).starts_with("recv()"), "{data}");
    assert_eq!(data["sides"]["in"]["layers"][4]["layer"], "call");
}
