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

/// The members JSON writes for a person, which follow --lang (docs/json.md).
const PERSON: [&str; 9] = [
    "label",
    "text",
    "reason",
    "error_meaning",
    "message",
    "line",
    "topic_heading",
    "teaches",
    "counts",
];

/// Every member of `v` as `path=value`, a person's member as its path alone; with
/// `values` false, every member as its path alone (a lab run's ports and times differ).
fn shape(v: &serde_json::Value, path: &str, values: bool, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                shape(v, &format!("{path}.{k}"), values, out);
            }
        }
        serde_json::Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                shape(v, &format!("{path}[{i}]"), values, out);
            }
        }
        other => {
            let person =
                PERSON.iter().any(|k| path.ends_with(&format!(".{k}"))) || path.contains(".notes[");
            out.push(if person || !values {
                path.to_owned()
            } else {
                format!("{path}={other}")
            });
        }
    }
}

/// [`shape`] of each line of JSON Lines.
fn shapes(lines: &str, values: bool) -> Vec<String> {
    let mut out = Vec::new();
    for line in lines.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON");
        shape(&v, "", values, &mut out);
    }
    out
}

/// Every string member of `v` that is a person's, with its path.
fn strings(v: &serde_json::Value, path: &str, out: &mut Vec<(String, String)>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                strings(v, &format!("{path}.{k}"), out);
            }
        }
        serde_json::Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                strings(v, &format!("{path}[{i}]"), out);
            }
        }
        serde_json::Value::String(s) if PERSON.iter().any(|k| path.ends_with(&format!(".{k}"))) => {
            out.push((path.to_owned(), s.clone()));
        }
        _ => {}
    }
}

/// JSON is the machine interface: the same keys and kinds in both languages, only the words
/// for a person (`label`, `text`, `reason`, `notes`, `line`, `message`) follow --lang.
#[test]
fn json_keeps_its_keys_and_kinds_in_chinese() {
    for capture in ["tcp-echo.pcap", "udp-unreachable.pcap", "tcp-refused.pcap"] {
        let en = read(capture, &["--json"]);
        let zh = read(capture, &["--json", "--lang", "zh"]);
        assert_eq!(shapes(&en, true), shapes(&zh, true), "{capture}");
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

/// The names a lab's words keep as they are written: socket calls, their options and errnos,
/// the socket types, and the scenario's own words.
const LAB_ALLOW: &[&str] = &[
    "socket",
    "AF_INET",
    "AF_INET6",
    "SOCK_STREAM",
    "SOCK_DGRAM",
    "bind",
    "listen",
    "backlog",
    "connect",
    "accept",
    "send",
    "recv",
    "close",
    "shutdown",
    "SHUT_WR",
    "sendto",
    "recvfrom",
    "setsockopt",
    "SO_REUSEADDR",
    "SO_LINGER",
    "SO_KEEPALIVE",
    "TCP_NODELAY",
    "Nagle",
    "ECONNREFUSED",
    "ECONNRESET",
    "EADDRINUSE",
    "ETIMEDOUT",
    "RTO",
    "MSL",
    "mtu",
    "count",
    "bye",
    "drop-retransmissions",
    "s",
    "hello",
    "wirelab",
    "message",
    "Linux",
];

/// `lab --list --json --lang zh`: the same records, names and kinds as in English; the
/// heading, what each scenario teaches and what its `--count` counts in Chinese.
#[test]
fn lab_list_json_in_chinese() {
    let list = |lang: &str| stdout(&wirelab(["lab", "--list", "--json", "--lang", lang]));
    let (en, zh) = (list("en"), list("zh"));
    assert_eq!(shapes(&en, true), shapes(&zh, true));
    let mut words = Vec::new();
    for line in zh.lines() {
        strings(&serde_json::from_str(line).expect("JSON"), "", &mut words);
    }
    assert!(words.iter().any(|(p, _)| p == ".teaches"), "{zh}");
    assert!(words.iter().any(|(p, _)| p == ".count.counts"), "{zh}");
    let names: Vec<String> = zh
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("JSON")["name"].to_string())
        .collect();
    let names: Vec<&str> = names.iter().map(|n| n.trim_matches('"')).collect();
    let allow: Vec<&str> = LAB_ALLOW.iter().copied().chain(names).collect();
    for (path, text) in &words {
        let english = english_words(text, &allow);
        assert!(
            english.is_empty(),
            "{path}: English words {english:?} in {text}"
        );
        assert!(
            !en.contains(&format!("\"{text}\"")),
            "{path}: still English: {text}"
        );
    }
}

/// `lab ... --json --lang zh`: the `lab` and `path` records have the English run's keys (their
/// ports and times differ from run to run), the same call names, and their `text`s and
/// `error_meaning`s in Chinese; English keeps its words.
#[test]
fn lab_json_in_chinese() {
    if !common::root_or_skip("lab_json_in_chinese") {
        return;
    }
    let run = |scenario: &str, lang: &str, path: &[&str]| {
        let mut args = vec!["lab", scenario, "--json", "--lang", lang];
        args.extend_from_slice(path);
        let out = wirelab(&args);
        assert!(out.status.success(), "{scenario}: {}", stderr(&out));
        let records: Vec<String> = stdout(&out)
            .lines()
            .filter(|l| l.contains(r#""type":"lab""#) || l.contains(r#""type":"path""#))
            .map(str::to_owned)
            .collect();
        records.join("\n")
    };
    // The path's rule is quoted as it was given (`--drop 'client data 1'`).
    let spec = ["drop", "client", "data"];
    for (scenario, path, expect) in [
        ("tcp-refused", &[][..], "连接被拒绝"),
        ("tcp-echo", &["--drop", "client data 1"][..], "丢弃"),
    ] {
        let allow: Vec<&str> = LAB_ALLOW.iter().chain(&spec).copied().collect();
        let (en, zh) = (run(scenario, "en", path), run(scenario, "zh", path));
        assert_eq!(shapes(&en, false), shapes(&zh, false), "{scenario}");
        let calls = |records: &str| -> Vec<String> {
            let lab: serde_json::Value =
                serde_json::from_str(records.lines().next().expect("lab record")).expect("JSON");
            lab["calls"]
                .as_array()
                .expect("calls")
                .iter()
                .map(|c| c["call"].to_string())
                .collect()
        };
        assert_eq!(calls(&en), calls(&zh), "{scenario}");
        let mut words = Vec::new();
        for line in zh.lines() {
            strings(&serde_json::from_str(line).expect("JSON"), "", &mut words);
        }
        let all: Vec<&str> = words.iter().map(|(_, w)| w.as_str()).collect();
        assert!(all.iter().any(|w| w.contains(expect)), "{scenario}: {zh}");
        for (path, text) in &words {
            let english = english_words(text, &allow);
            assert!(
                english.is_empty(),
                "{scenario} {path}: English words {english:?} in {text}"
            );
        }
        assert!(!en.contains(expect), "{scenario}: {en}");
    }
}
