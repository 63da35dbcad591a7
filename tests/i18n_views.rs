//! `read --lang zh` on every capture shipped in captures/: the text lines, `--summary` and
//! `--timeline` in Chinese (insta snapshots), no English word left in them outside the
//! allow-list of tests/common, the ladder's columns where the English ones are, and JSON
//! whose keys and kinds are the English run's.

mod common;

use common::{english_words, repo, stderr, stdout, wirelab};
use unicode_width::UnicodeWidthStr;

/// The shipped captures, by file name.
fn captures() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo().join("captures"))
        .expect("captures/")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".pcap"))
        .collect();
    names.sort();
    assert!(names.len() >= 10, "captures/ lost files: {names:?}");
    names
}

fn read(capture: &str, args: &[&str]) -> String {
    let path = format!("captures/{capture}");
    let mut all = vec!["read", path.as_str(), "--color", "never"];
    all.extend_from_slice(args);
    let out = wirelab(&all);
    assert!(out.status.success(), "{all:?}: {}", stderr(&out));
    stdout(&out)
}

/// The views a person reads, by the name of their snapshot.
const VIEWS: [(&str, &[&str]); 3] = [
    ("text", &[]),
    ("summary", &["--summary"]),
    ("timeline", &["--timeline"]),
];

#[test]
fn every_capture_in_chinese() {
    for capture in captures() {
        let stem = capture.trim_end_matches(".pcap");
        for (view, args) in VIEWS {
            let mut zh_args = args.to_vec();
            zh_args.extend(["--lang", "zh"]);
            let zh = read(&capture, &zh_args);
            assert!(!zh.is_empty(), "{capture} {view}");
            assert_ne!(zh, read(&capture, args), "{capture} {view}: still English");
            insta::assert_snapshot!(format!("{stem}_{view}_zh"), zh);
        }
    }
}

/// What a capture itself holds and a view shows as it is: the payload quoted, and the
/// conversation's Zeek state, history and IANA service name (from the JSON records).
fn data_words(capture: &str) -> Vec<String> {
    let json = read(capture, &["--summary", "--json"]);
    let mut words = Vec::new();
    for line in json.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        for key in ["conn_state", "history", "iana_service"] {
            if let Some(s) = v[key].as_str() {
                words.extend(s.split(['-', ' ']).map(str::to_owned));
                words.push(s.to_owned());
            }
        }
    }
    words
}

/// The text with each quoted payload ("hello, wirelab\n") taken out.
fn without_quotes(text: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    let mut escaped = false;
    for c in text.chars() {
        match (quoted, escaped, c) {
            (true, false, '\\') => escaped = true,
            (true, true, _) => escaped = false,
            (_, false, '"') => quoted = !quoted,
            (false, _, _) => out.push(c),
            _ => {}
        }
        if c == '\n' {
            quoted = false;
        }
    }
    out
}

#[test]
fn the_chinese_views_hold_no_english_words() {
    // Wire fields and option names as tcpdump writes them, the link's and the protocol's
    // own names, and lower-case protocol names (the summary's column, the ladder's heading).
    let allow = [
        "mss", "tcp", "udp", "icmp", "MAC", "vlan", "urg", "sack", "type", "code",
    ];
    for capture in captures() {
        let data = data_words(&capture);
        let mut allowed: Vec<&str> = allow.to_vec();
        allowed.extend(data.iter().map(String::as_str));
        for (view, args) in VIEWS {
            let mut zh_args = args.to_vec();
            zh_args.extend(["--lang", "zh"]);
            let zh = without_quotes(&read(&capture, &zh_args));
            let english = english_words(&zh, &allowed);
            assert!(
                english.is_empty(),
                "{capture} {view}: English words {english:?} in\n{zh}"
            );
        }
    }
}

/// Where a ladder row's arrow ends, in display columns (None for a row without one).
fn arrow_end(row: &str) -> Option<usize> {
    let end = row.rfind(['▶', '─'])?;
    let c = row[end..].chars().next()?;
    Some(row[..end].width() + c.to_string().width())
}

#[test]
fn the_chinese_ladder_keeps_the_english_columns() {
    for capture in captures() {
        let en = read(&capture, &["--timeline"]);
        let zh = read(&capture, &["--timeline", "--lang", "zh"]);
        let rows = |s: &str| -> Vec<(usize, usize)> {
            s.lines()
                .filter(|l| l.contains('▶') || l.contains('◀'))
                .map(|l| {
                    // Where the arrow starts (after the client's state) and where it ends.
                    let start = l.find(['─', '◀']).map_or(0, |i| l[..i].width());
                    (start, arrow_end(l).unwrap_or(0))
                })
                .collect()
        };
        let (en_rows, zh_rows) = (rows(&en), rows(&zh));
        assert!(!en_rows.is_empty(), "{capture}: no arrows");
        assert_eq!(en_rows, zh_rows, "{capture}:\n{zh}");
        // The column names stand over the same columns: the server's name where the
        // server's states are.
        let server_at = |s: &str, name: &str| {
            let head = s
                .lines()
                .find(|l| l.ends_with(name))
                .expect("the column names");
            head[..head.len() - name.len()].width()
        };
        assert_eq!(
            server_at(&en, "server"),
            server_at(&zh, "服务端"),
            "{capture}"
        );
    }
}

#[test]
fn the_chinese_summary_keeps_the_english_columns() {
    for capture in ["tcp-many.pcap", "udp-unreachable.pcap", "tcp-reset.pcap"] {
        let en = read(capture, &["--summary"]);
        let zh = read(capture, &["--summary", "--lang", "zh"]);
        // Every row, and the header, is as wide as the English one up to the last column,
        // and the numbers stand in the same display columns.
        for (e, z) in en.lines().zip(zh.lines()).skip(1) {
            let at = |row: &str, what: &str| row.find(what).map(|i| row[..i].width());
            let packets = e.split_whitespace().find(|w| w.contains('/')).expect("c/s");
            assert_eq!(at(e, packets), at(z, packets), "{capture}:\n{en}\n{zh}");
        }
        let header_width = |s: &str, last: &str| {
            let h = s.lines().next().expect("a header");
            h[..h.rfind(last).expect("the last column")].width()
        };
        assert_eq!(header_width(&en, "findings"), header_width(&zh, "发现"));
    }
}

/// Mermaid's notes name a state with its RFC spelling beside the Chinese, and the verdicts
/// and participants in Chinese.
#[test]
fn the_mermaid_timeline_in_chinese() {
    let zh = read(
        "tcp-echo.pcap",
        &["--timeline", "--timeline-format", "mermaid", "--lang", "zh"],
    );
    assert!(
        zh.contains("participant C as 客户端 127.0.0.1:43250"),
        "{zh}"
    );
    assert!(
        zh.contains("Note left of C: SYN-SENT（同步已发送）"),
        "{zh}"
    );
    assert!(zh.contains("握手：完整，挥手：四次挥手"), "{zh}");
    insta::assert_snapshot!(zh);
}

/// JSON is the machine interface: the same keys and kinds in both languages, only the words
/// for a person (`label`, `text`, `reason`, `notes`) follow --lang.
#[test]
fn json_keeps_its_keys_and_kinds_in_chinese() {
    fn shape(v: &serde_json::Value, path: &str, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    shape(v, &format!("{path}.{k}"), out);
                }
            }
            serde_json::Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    shape(v, &format!("{path}[{i}]"), out);
                }
            }
            serde_json::Value::String(s) => {
                let person = ["label", "text", "reason"]
                    .iter()
                    .any(|k| path.ends_with(&format!(".{k}")))
                    || path.contains(".notes[");
                out.push(if person {
                    path.to_owned()
                } else {
                    format!("{path}={s}")
                });
            }
            other => out.push(format!("{path}={other}")),
        }
    }
    for capture in ["tcp-echo.pcap", "udp-unreachable.pcap", "tcp-refused.pcap"] {
        let en = read(capture, &["--json"]);
        let zh = read(capture, &["--json", "--lang", "zh"]);
        let (mut en_shape, mut zh_shape) = (Vec::new(), Vec::new());
        for (e, z) in en.lines().zip(zh.lines()) {
            let e: serde_json::Value = serde_json::from_str(e).expect("JSON");
            let z: serde_json::Value = serde_json::from_str(z).expect("JSON");
            shape(&e, "", &mut en_shape);
            shape(&z, "", &mut zh_shape);
        }
        assert_eq!(en_shape, zh_shape, "{capture}");
        assert_eq!(en.lines().count(), zh.lines().count());
    }
    let zh = read("tcp-echo.pcap", &["--json", "--lang", "zh"]);
    let first: serde_json::Value =
        serde_json::from_str(zh.lines().nth(1).expect("a packet")).expect("JSON");
    assert_eq!(first["step"]["kind"], "handshake_syn");
    assert_eq!(first["step"]["label"], "握手 1/3：客户端发送 SYN");
    assert!(
        first["step"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("初始序号")),
        "{first}"
    );
}

/// English stays what the other tests pin, also for the words that moved to the catalogue.
#[test]
fn english_views_are_unchanged_by_the_catalogue() {
    let out = wirelab(["read", "captures/udp-unreachable.pcap", "--color", "never"]);
    let text = stdout(&out);
    assert!(text.contains(
        "ICMP destination unreachable (port unreachable) type=3 code=3 for UDP 127.0.0.1:59167 → 127.0.0.1:8010  error about conversation 1"
    ), "{text}");
    let arp = read("tcp-echo-netns.pcap", &[]);
    assert!(
        arp.contains("ARP request who-has 198.18.0.2 tell 198.18.0.1"),
        "{arp}"
    );
    assert!(
        arp.contains("ARP reply 198.18.0.2 is-at e2:bc:ec:9c:78:41"),
        "{arp}"
    );
    let refused = read("tcp-refused.pcap", &[]);
    assert!(refused.contains("win=0 (scale unknown) len=0"), "{refused}");
}

/// `-v`'s lines under a conversation's first packet: the frame words in Chinese around the
/// address and port explanations.
#[test]
fn verbose_address_and_port_lines_in_chinese() {
    let zh = read("tcp-echo.pcap", &["-v", "--lang", "zh"]);
    assert!(zh.contains("        客户端地址 127.0.0.1："), "{zh}");
    assert!(
        zh.contains("        服务端端口（服务端监听的端口）："),
        "{zh}"
    );
    let en = read("tcp-echo.pcap", &["-v"]);
    assert!(
        en.contains("        client port (the client's port, usually chosen by its OS): "),
        "{en}"
    );
}
