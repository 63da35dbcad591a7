//! The JSON records for tables and joins: `--summary --json` (file and conversation records
//! only), times and durations as numbers beside their strings, the input's index on every
//! record, the server port's IANA name under a key that says so, and the pandas one-liner of
//! docs/json.md run for real.

mod common;

use std::path::Path;
use std::process::Command;

use common::{stderr, stdout, wirelab};
use serde_json::Value;

fn records(args: &[&str]) -> Vec<Value> {
    let out = wirelab(args);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

const TWO_FILES: [&str; 2] = ["captures/tcp-many.pcap", "captures/udp-echo.pcap"];

#[test]
fn summary_json_writes_the_file_and_conn_records_of_json_and_no_packet() {
    let mut args = vec!["read"];
    args.extend(TWO_FILES);
    let all = records(&[args.as_slice(), &["--json"]].concat());
    let summary = records(&[args.as_slice(), &["--summary", "--json"]].concat());
    let not_packets: Vec<&Value> = all.iter().filter(|v| v["type"] != "packet").collect();
    assert!(all.len() > not_packets.len(), "the full run has packets");
    assert!(summary.iter().all(|v| v["type"] != "packet"));
    // The same records, in the same order, as the full run writes among its packets.
    assert_eq!(summary.iter().collect::<Vec<_>>(), not_packets);
    let conns = summary.iter().filter(|v| v["type"] == "conn").count();
    assert_eq!(conns, 4, "tcp-many has 3 conversations, udp-echo 1");
}

#[test]
fn every_packet_and_conn_record_names_the_input_it_came_from() {
    let mut args = vec!["read"];
    args.extend(TWO_FILES);
    args.push("--json");
    let mut file = None;
    for v in records(&args) {
        match v["type"].as_str() {
            Some("file") => file = v["index"].as_u64(),
            Some("packet" | "conn") => {
                assert_eq!(v["file"].as_u64(), file, "{v}");
            }
            other => panic!("unexpected record {other:?}"),
        }
    }
    assert_eq!(file, Some(1), "two inputs");
}

/// The exact decimal of a time string, as a float (the strings are never negative here).
fn float(v: &Value) -> f64 {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .expect("a time string")
}

/// Whether a number read by serde_json is the float of `exact`: serde_json's default parser
/// may miss the nearest float by an ulp or two, so a few are allowed.
fn near(number: Option<f64>, exact: f64) -> bool {
    number.is_some_and(|n| (n - exact).abs() <= exact.abs() * 4.0 * f64::EPSILON)
}

#[test]
fn times_and_durations_are_numbers_beside_their_strings() {
    for v in records(&["read", "captures/tcp-echo.pcap", "--json"]) {
        match v["type"].as_str() {
            Some("packet") => {
                assert!(v["ts"].is_string(), "{v}");
                assert!(near(v["ts_f64"].as_f64(), float(&v["ts"])), "{v}");
            }
            Some("conn") => {
                for key in ["first_ts", "last_ts"] {
                    let number = v[format!("{key}_f64").as_str()].as_f64();
                    assert!(near(number, float(&v[key])), "{v}");
                }
                let duration = v["duration_f64"].as_f64().expect("duration_f64");
                // The string keeps its six decimals; the number has all nine.
                assert_eq!(v["duration"], "0.350612");
                assert_eq!(duration, 0.350_612_389);
            }
            _ => {}
        }
    }
}

#[test]
fn the_server_ports_iana_name_is_under_iana_service() {
    let conn = records(&["read", "captures/tcp-echo.pcap", "--summary", "--json"])
        .into_iter()
        .find(|v| v["type"] == "conn")
        .expect("a conn record");
    assert_eq!(conn["iana_service"], "vcom-tunnel");
    assert!(conn.get("service").is_none(), "{conn}");
}

#[test]
fn summary_json_of_every_corpus_file_is_valid_and_its_numbers_agree() {
    if !common::corpus_or_skip("summary_json_of_every_corpus_file_is_valid_and_its_numbers_agree") {
        return;
    }
    let mut conns = 0;
    for entry in std::fs::read_dir(common::corpus("")).expect("corpus") {
        let path = entry.expect("entry").path();
        let name = path.to_string_lossy().into_owned();
        if !(name.ends_with(".pcap") || name.ends_with(".pcapng")) {
            continue;
        }
        // Damaged files exit 1 after their good records: every line must still be JSON.
        let out = wirelab(["read", name.as_str(), "--summary", "--json"]);
        for line in stdout(&out).lines() {
            let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
            assert_ne!(v["type"], "packet", "{name}");
            if v["type"] == "conn" {
                conns += 1;
                assert_eq!(v["file"], 0, "{name}");
                let first = v["first_ts_f64"].as_f64().expect("first_ts_f64");
                let last = v["last_ts_f64"].as_f64().expect("last_ts_f64");
                let duration = v["duration_f64"].as_f64().expect("duration_f64");
                assert!((last - first - duration).abs() < 1e-5, "{name}: {v}");
            }
        }
    }
    assert!(conns > 50, "{conns} conversations in the corpus");
}

#[test]
fn renderer_for_summary_json_writes_nothing_for_a_packet() {
    use wirelab::capture::{LinkType, RawFrame, Timestamp};
    use wirelab::render::{JsonRenderer, Record, Renderer};
    let data = [0u8; 14];
    let frame = RawFrame {
        number: 1,
        link_type: LinkType::ETHERNET,
        ts: Timestamp { secs: 1, nanos: 0 },
        len: 14,
        data: &data,
        ts_fixed: false,
    };
    let packet = wirelab::decode::decode(frame.link_type, frame.data, frame.len);
    let record = Record {
        number: 1,
        frame: &frame,
        packet: &packet,
        since_first: frame.ts.since(frame.ts),
        since_previous: frame.ts.since(frame.ts),
        info: None,
        calls: &[],
        defrag: None,
        app: None,
        checksums: Default::default(),
        kernel: None,
        returned: None,
    };
    let mut out = Vec::new();
    let mut renderer = JsonRenderer::conversations_only();
    renderer.packet(&mut out, &record).expect("a Vec");
    renderer.flush(&mut out).expect("a Vec");
    assert!(out.is_empty(), "{}", String::from_utf8_lossy(&out));
}

/// The commands of the block in docs/json.md that follows the line `<!-- pandas -->`.
fn pandas_commands() -> Vec<String> {
    let doc = std::fs::read_to_string(common::repo().join("docs/json.md")).expect("docs/json.md");
    let after = doc
        .split("<!-- pandas -->")
        .nth(1)
        .expect("the pandas marker");
    let block = after.split("```").nth(1).expect("a code block after it");
    block
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_pandas_one_liner_of_docs_json_loads_the_conversation_records() {
    if !common::pandas_or_skip("the_pandas_one_liner_of_docs_json_loads_the_conversation_records") {
        return;
    }
    let commands = pandas_commands();
    assert_eq!(commands.len(), 2, "{commands:?}");
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::os::unix::fs::symlink(common::repo().join("captures"), dir.path().join("captures"))
        .expect("link captures/");
    let bin = Path::new(env!("CARGO_BIN_EXE_wirelab"));
    let path = format!(
        "{}:{}",
        bin.parent().expect("bin dir").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("sh")
        .args(["-e", "-c", &commands.join("\n")])
        .current_dir(dir.path())
        .env("PATH", path)
        .output()
        .expect("run sh");
    let text = stdout(&out);
    assert!(out.status.success(), "{}{text}", stderr(&out));
    // A table: a header, then one row per conversation of the two files.
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + 2, "{text}");
    for word in [
        "file",
        "iana_service",
        "duration_f64",
        "vcom-tunnel",
        "teradataordbms",
    ] {
        assert!(text.contains(word), "{word}: {text}");
    }
    assert!(lines.iter().any(|l| l.contains("0.050193")), "{text}");
}
