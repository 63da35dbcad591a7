//! `wirelab read FILE --follow ID`: a conversation's bytes, put back together, in each view;
//! and the reassembly compared with tshark's `-z follow,tcp,raw` on streams mangled on
//! purpose (reordered, duplicated, overlapping, with holes the receiver acknowledged).

mod common;

use std::path::Path;

use serde_json::Value;

fn follow(args: &[&str]) -> std::process::Output {
    let mut all = vec!["read"];
    all.extend_from_slice(args);
    common::wirelab(all)
}

fn json_lines(o: &std::process::Output) -> Vec<Value> {
    common::stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

#[test]
fn follow_shows_the_echoed_text_both_ways_with_the_server_indented() {
    let o = follow(&["captures/tcp-echo.pcap", "--follow", "1"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let text = common::stdout(&o);
    assert!(
        text.contains("Follow: tcp conversation 1, text\n"),
        "{text}"
    );
    assert!(
        text.contains("Client: 127.0.0.1:43250\nServer: 127.0.0.1:8001\n"),
        "{text}"
    );
    assert!(
        text.contains("client (seq 1):\nhello, wirelab\n\tserver (seq 1):\n\thello, wirelab\n"),
        "{text}"
    );
}

#[test]
fn follow_in_hex_lays_out_16_bytes_a_line_as_tshark() {
    let o = follow(&[
        "captures/tcp-echo.pcap",
        "--follow",
        "1",
        "--follow-format",
        "hex",
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let text = common::stdout(&o);
    let line = "00000000  68 65 6c 6c 6f 2c 20 77  69 72 65 6c 61 62 0a     hello, w irelab.\n";
    assert!(text.contains(&format!("\n{line}")), "{text}");
    assert!(
        text.contains(&format!("\n\t{line}")),
        "the server's line indented: {text}"
    );
}

#[test]
fn follow_raw_writes_one_sides_bytes_into_the_w_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reply.bin");
    let path = path.to_str().unwrap();
    let o = follow(&[
        "captures/udp-chat.pcap",
        "--follow",
        "1",
        "--follow-format",
        "raw",
        "--side",
        "server",
        "-w",
        path,
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(o.stdout.is_empty(), "raw writes nothing to stdout");
    let bytes = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        bytes,
        "reply 1: hello, wirelab\nreply 2: hello, wirelab\nreply 3: hello, wirelab\n"
    );
}

#[test]
fn follow_raw_needs_a_side_and_a_file_and_never_writes_over_an_input() {
    let refused = |args: &[&str], says: &str| {
        let o = follow(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            common::stderr(&o).contains(says),
            "{args:?}: {}",
            common::stderr(&o)
        );
    };
    let base = [
        "captures/tcp-echo.pcap",
        "--follow",
        "1",
        "--follow-format",
        "raw",
    ];
    refused(&[&base[..], &["-w", "/dev/null"]].concat(), "--side");
    refused(&[&base[..], &["--side", "client"]].concat(), "-w FILE");
    refused(
        &[
            &base[..],
            &["--side", "client", "-w", "captures/tcp-echo.pcap"],
        ]
        .concat(),
        "tcp-echo.pcap",
    );
    refused(
        &["captures/tcp-echo.pcap", "--follow", "1", "-w", "/dev/null"],
        "--follow-format raw",
    );
}

#[test]
fn follow_json_has_one_record_per_chunk_in_stream_order() {
    let o = follow(&["captures/tcp-echo.pcap", "--follow", "1", "--json"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let lines = json_lines(&o);
    assert_eq!(lines[0]["type"], "follow");
    assert_eq!(lines[0]["client"], "127.0.0.1:43250");
    let data: Vec<&Value> = lines.iter().filter(|v| v["type"] == "data").collect();
    assert_eq!(data.len(), 2, "{lines:?}");
    for (v, from) in data.iter().zip(["client", "server"]) {
        assert_eq!(v["conn"], 1);
        assert_eq!(v["from"], from);
        assert_eq!(v["seq"], 1);
        assert_eq!(v["len"], 15);
        assert_eq!(v["hex"], "68656c6c6f2c20776972656c61620a");
        assert_eq!(v["text"], "hello, wirelab\n");
    }
}

#[test]
fn follow_of_a_conversation_that_does_not_exist_exits_2() {
    let o = follow(&["captures/tcp-echo.pcap", "--follow", "9"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        common::stderr(&o).contains("--follow 9: no such conversation; the only one is 1"),
        "{}",
        common::stderr(&o)
    );
}

#[test]
fn udp_follows_datagram_by_datagram() {
    let o = follow(&["captures/udp-chat.pcap", "--follow", "1", "--json"]);
    let data: Vec<Value> = json_lines(&o)
        .into_iter()
        .filter(|v| v["type"] == "data")
        .collect();
    assert_eq!(data.len(), 7, "three exchanges and a bye: {data:?}");
    assert_eq!(data[0]["text"], "message 1: hello, wirelab\n");
    assert_eq!(data[1]["from"], "server");
    assert_eq!(data[2]["seq"], 26, "the client's bytes before it");
}

/// Frames of hand-made conversations, written as a pcap file.
#[derive(Default)]
struct Capture(Vec<Vec<u8>>);

const CLIENT: [u8; 4] = [10, 0, 0, 1];
const SERVER: [u8; 4] = [10, 0, 0, 2];

impl Capture {
    /// A TCP segment between CLIENT:`port` and SERVER:80; `flags` among "SAFP".
    fn tcp(&mut self, from_client: bool, port: u16, seq: u32, ack: u32, flags: &str, data: &[u8]) {
        self.0.push(common::tcp_segment(
            from_client,
            port,
            seq,
            ack,
            flags,
            data,
        ));
    }

    fn udp(&mut self, from_client: bool, data: &[u8]) {
        let (src, dst, sp, dp) = if from_client {
            (CLIENT, SERVER, 5000, 53)
        } else {
            (SERVER, CLIENT, 53, 5000)
        };
        let mut frame = Vec::new();
        etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv4(src, dst, 64)
            .udp(sp, dp)
            .write(&mut frame, data)
            .unwrap();
        self.0.push(frame);
    }

    fn write(&self, path: &Path) {
        use pcap_file::pcap::{PcapPacket, PcapWriter};
        let mut w = PcapWriter::new(std::fs::File::create(path).unwrap()).unwrap();
        for (i, f) in self.0.iter().enumerate() {
            let ts = std::time::Duration::from_millis(1_700_000_000_000 + i as u64);
            w.write_packet(&PcapPacket::new(ts, f.len() as u32, f))
                .unwrap();
        }
    }
}

#[test]
fn chinese_text_split_inside_a_character_and_out_of_order_reads_as_text() {
    let text = "你好, wirelab\n".as_bytes();
    let (a, b) = text.split_at(4); // inside 好
    let mut cap = Capture::default();
    cap.tcp(true, 40000, 99, 0, "S", b"");
    cap.tcp(false, 40000, 499, 100, "SA", b"");
    cap.tcp(true, 40000, 104, 500, "AP", b);
    cap.tcp(true, 40000, 100, 500, "AP", a);
    cap.tcp(
        false,
        40000,
        500,
        100 + text.len() as u32,
        "AP",
        "好的\n".as_bytes(),
    );
    cap.udp(true, "你好, UDP\n".as_bytes());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chinese.pcap");
    cap.write(&path);
    let path = path.to_str().unwrap();
    let tcp = common::stdout(&follow(&[path, "--follow", "1"]));
    assert!(
        tcp.contains("client (seq 1):\n你好, wirelab\n\tserver (seq 1):\n\t好的\n"),
        "{tcp}"
    );
    let udp = common::stdout(&follow(&[path, "--follow", "2"]));
    assert!(udp.contains("Follow: udp conversation 2, text"), "{udp}");
    assert!(udp.contains("client (seq 0):\n你好, UDP\n"), "{udp}");
}

#[test]
fn chinese_text_sent_by_the_lab_over_tcp_and_udp_follows_as_text() {
    if !common::root_or_skip("chinese_text_sent_by_the_lab_over_tcp_and_udp_follows_as_text") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for scenario in ["tcp-echo", "udp-echo"] {
        let path = dir.path().join(format!("{scenario}.pcap"));
        let path = path.to_str().unwrap();
        let o = common::wirelab(["lab", scenario, "--message", "你好, wirelab\n", "-w", path]);
        assert!(o.status.success(), "{scenario}: {}", common::stderr(&o));
        let text = common::stdout(&follow(&[path, "--follow", "1"]));
        assert!(
            text.contains("\n你好, wirelab\n") && text.contains("\n\t你好, wirelab\n"),
            "{scenario}: the message and its echo as text: {text}"
        );
    }
}

/// A small deterministic generator (xorshift), so that a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// A segment the client sends: its start in the message, its bytes; `captured` false when
/// the capture missed it (the server still got it and acknowledges it).
struct Sent {
    at: usize,
    bytes: Vec<u8>,
    captured: bool,
}

/// The client's message cut into segments, then mangled: neighbours swapped, copies sent
/// again (some longer, some with different bytes), some missing from the capture.
fn mangled(rng: &mut Rng, message: &[u8]) -> Vec<Sent> {
    let mut sent = Vec::new();
    let mut at = 0;
    while at < message.len() {
        let len = (1 + rng.below(60) as usize).min(message.len() - at);
        sent.push(Sent {
            at,
            bytes: message[at..at + len].to_vec(),
            captured: !rng.chance(8),
        });
        at += len;
    }
    for i in 1..sent.len() {
        if rng.chance(30) {
            sent.swap(i - 1, i);
        }
    }
    let copies = sent.len() / 3;
    for _ in 0..copies {
        let at = rng.below(message.len() as u64) as usize;
        let len = (1 + rng.below(80) as usize).min(message.len() - at);
        let mut bytes = message[at..at + len].to_vec();
        if rng.chance(25) {
            bytes[0] ^= 0x20;
        }
        let place = rng.below(sent.len() as u64 + 1) as usize;
        sent.insert(
            place,
            Sent {
                at,
                bytes,
                captured: true,
            },
        );
    }
    sent
}

/// One mangled connection on client port `port`; the server acknowledges what it holds
/// in order after some segments, and at the end.
fn mangled_connection(cap: &mut Capture, rng: &mut Rng, port: u16) {
    let isn_c = if rng.chance(30) {
        u32::MAX - rng.below(200) as u32
    } else {
        rng.next() as u32
    };
    let isn_s = rng.next() as u32;
    let len = 40 + rng.below(400) as usize;
    let message: Vec<u8> = (0..len).map(|_| b' ' + rng.below(95) as u8).collect();
    let c = |at: usize| isn_c.wrapping_add(1).wrapping_add(at as u32);
    cap.tcp(true, port, isn_c, 0, "S", b"");
    cap.tcp(false, port, isn_s, c(0), "SA", b"");
    cap.tcp(true, port, c(0), isn_s.wrapping_add(1), "A", b"");
    // What the server has received in order, whether the capture saw it or not.
    let mut got = vec![false; len];
    let mut acked = 0;
    for s in mangled(rng, &message) {
        if s.captured {
            cap.tcp(true, port, c(s.at), isn_s.wrapping_add(1), "AP", &s.bytes);
        }
        for b in got.iter_mut().skip(s.at).take(s.bytes.len()) {
            *b = true;
        }
        let contiguous = got.iter().position(|b| !b).unwrap_or(len);
        if contiguous > acked && rng.chance(40) {
            acked = contiguous;
            cap.tcp(false, port, isn_s.wrapping_add(1), c(acked), "A", b"");
        }
    }
    let reply = format!("got {len} bytes\n");
    cap.tcp(
        false,
        port,
        isn_s.wrapping_add(1),
        c(len),
        "AP",
        reply.as_bytes(),
    );
    let s_end = isn_s.wrapping_add(1 + reply.len() as u32);
    cap.tcp(true, port, c(len), s_end, "AF", b"");
    cap.tcp(false, port, s_end, c(len + 1), "AF", b"");
    cap.tcp(true, port, c(len + 1), s_end.wrapping_add(1), "A", b"");
}

/// tshark's follow raw output for streams `0..n`: per stream, [node 0's bytes, node 1's],
/// a gap as the text tshark puts in its place.
fn tshark_follow(path: &Path, n: usize) -> Vec<[Vec<u8>; 2]> {
    let mut cmd = std::process::Command::new("tshark");
    cmd.args(["-q", "-n", "-r"]).arg(path);
    for i in 0..n {
        cmd.args(["-z", &format!("follow,tcp,raw,{i}")]);
    }
    let out = cmd.output().expect("run tshark");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut streams = Vec::new();
    for block in text.split("Follow: tcp,raw\n").skip(1) {
        let mut sides = [Vec::new(), Vec::new()];
        for line in block.lines().skip(3) {
            if line.starts_with("====") {
                break;
            }
            let (side, hex) = match line.strip_prefix('\t') {
                Some(h) => (1, h),
                None => (0, line),
            };
            sides[side].extend(unhex(hex));
        }
        let index: usize = block
            .lines()
            .next()
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap();
        streams.push((index, sides));
    }
    streams.sort_by_key(|(i, _)| *i);
    streams.into_iter().map(|(_, s)| s).collect()
}

fn unhex(hex: &str) -> Vec<u8> {
    (0..hex.len() / 2)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

/// wirelab's follow of conversation `id`: [client's bytes, server's], a gap as the text
/// tshark's follow puts in its place (with its NUL), to compare the two.
fn wirelab_follow(path: &str, id: usize) -> [Vec<u8>; 2] {
    let o = follow(&[path, "--follow", &id.to_string(), "--json"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let mut sides = [Vec::new(), Vec::new()];
    for v in json_lines(&o) {
        let side = usize::from(v["from"] == "server");
        match v["type"].as_str() {
            Some("data") => sides[side].extend(unhex(v["hex"].as_str().unwrap())),
            Some("gap") => sides[side]
                .extend(format!("[{} bytes missing in capture file]\0", v["len"]).into_bytes()),
            _ => {}
        }
    }
    sides
}

#[test]
fn mangled_streams_follow_as_tshark_follows_them() {
    const STREAMS: usize = 40;
    if !common::tshark_or_skip("mangled_streams_follow_as_tshark_follows_them") {
        return;
    }
    let mut rng = Rng(0x5eed_f011_0013);
    let mut cap = Capture::default();
    for i in 0..STREAMS {
        mangled_connection(&mut cap, &mut rng, 41000 + i as u16);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mangled.pcap");
    cap.write(&path);
    let theirs = tshark_follow(&path, STREAMS);
    assert_eq!(theirs.len(), STREAMS, "tshark followed every stream");
    let mut differ = Vec::new();
    for (i, tshark) in theirs.iter().enumerate() {
        let ours = wirelab_follow(path.to_str().unwrap(), i + 1);
        for side in 0..2 {
            if ours[side] != tshark[side] {
                differ.push(format!(
                    "stream {i} side {side}:\n tshark  {}\n wirelab {}",
                    String::from_utf8_lossy(&tshark[side]),
                    String::from_utf8_lossy(&ours[side])
                ));
            }
        }
    }
    assert!(
        differ.is_empty(),
        "{} sides differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
}

/// docs/guide.md shows real `--follow` runs: each `$ wirelab read ... --follow ...` block
/// there is what the command prints now.
#[test]
fn the_guides_follow_runs_are_what_wirelab_prints() {
    let guide = std::fs::read_to_string(common::repo().join("docs/guide.md")).unwrap();
    let mut checked = 0;
    for block in guide.split("```\n$ wirelab ").skip(1) {
        let (command, rest) = block.split_once('\n').unwrap();
        if !command.contains("--follow") {
            continue;
        }
        let shown = rest.split("```").next().unwrap();
        let args: Vec<&str> = command.split_whitespace().collect();
        let o = common::wirelab(&args);
        assert_eq!(
            common::stdout(&o),
            shown,
            "docs/guide.md: wirelab {command}"
        );
        checked += 1;
    }
    assert!(checked >= 2, "the guide's follow section has its runs");
}

#[test]
fn follow_colours_the_client_red_and_the_server_blue_only_when_asked() {
    let o = follow(&[
        "captures/tcp-echo.pcap",
        "--follow",
        "1",
        "--color",
        "always",
    ]);
    let text = common::stdout(&o);
    assert!(text.contains("\x1b[31mhello, wirelab\x1b[0m\n"), "{text:?}");
    assert!(
        text.contains("\t\x1b[34mhello, wirelab\x1b[0m\n"),
        "{text:?}"
    );
    let plain = common::stdout(&follow(&["captures/tcp-echo.pcap", "--follow", "1"]));
    assert!(!plain.contains('\x1b'), "piped: no colour");
}

#[test]
fn icmp_echo_follows_datagram_by_datagram() {
    if !common::corpus_or_skip("icmp_echo_follows_datagram_by_datagram") {
        return;
    }
    let path = common::corpus("ppa-icmp_echo.pcapng");
    let o = follow(&[path.to_str().unwrap(), "--follow", "1", "--json"]);
    let lines = json_lines(&o);
    assert_eq!(lines[0]["proto"], "icmp");
    let data: Vec<&Value> = lines.iter().filter(|v| v["type"] == "data").collect();
    assert!(data.len() >= 2, "{lines:?}");
    assert_eq!(data[0]["from"], "client");
    assert_eq!(data[1]["from"], "server");
    assert_eq!(data[0]["text"], "abcdefghijklmnopqrstuvwabcdefghi");
    assert_eq!(data[1]["seq"], 0);
}
