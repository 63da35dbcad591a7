//! wirelab against tshark, field by field, on every capture in ../shared/corpus that has an
//! oracle (`*.tshark.tsv`, made by tshark 4.0; see the corpus README for the command).
//!
//! Each disagreement must be listed, with its reason, in tests/corpus-allowlist.tsv; an entry
//! that no longer matches a disagreement fails the test too, so the list stays honest.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

/// Columns compared value by value. `tcp.stream` is compared as a partition of the frames
/// (same grouping into connections), since the numbering differs: tshark counts from 0 per
/// file, wirelab from 1.
const COMPARED: &[&str] = &[
    "tcp.seq",
    "tcp.ack",
    "frame.number",
    "frame.time_epoch",
    "frame.len",
    "frame.cap_len",
    "eth.src",
    "eth.dst",
    "vlan.id",
    "ip.version",
    "ip.src",
    "ip.dst",
    "ipv6.src",
    "ipv6.dst",
    "ip.proto",
    "ipv6.nxt",
    "ip.ttl",
    "ipv6.hlim",
    "tcp.srcport",
    "tcp.dstport",
    "tcp.flags",
    "tcp.len",
    "tcp.window_size_value",
    "udp.srcport",
    "udp.dstport",
    "udp.length",
    "icmp.type",
    "icmp.code",
    "icmpv6.type",
    "arp.opcode",
];

/// Files whose time column the corpus README says is not a valid reference.
const BAD_TIME_ORACLE: &[&str] = &[
    "disspcap-dns_icmp_tcp.pcap",
    "tcpdump-timestamp_invalid_micro.pcap",
];

/// wirelab's reading of one packet, in tshark's spelling, keyed by tshark field name.
fn wirelab_fields(p: &Value) -> BTreeMap<&'static str, String> {
    let mut f = BTreeMap::new();
    let s = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    f.insert("frame.number", s(&p["frame"]));
    f.insert("frame.time_epoch", s(&p["ts"]));
    f.insert("frame.len", s(&p["len"]));
    f.insert("frame.cap_len", s(&p["caplen"]));
    let link = &p["link"];
    if link["type"] == "ethernet" {
        f.insert("eth.src", s(&link["src"]));
        f.insert("eth.dst", s(&link["dst"]));
    }
    if let Some(id) = link["vlan"].as_array().and_then(|v| v.first()) {
        f.insert("vlan.id", s(id));
    }
    let ip = &p["ip"];
    match ip["version"].as_u64() {
        Some(4) => {
            f.insert("ip.version", "4".into());
            f.insert("ip.src", s(&ip["src"]));
            f.insert("ip.dst", s(&ip["dst"]));
            f.insert("ip.proto", s(&ip["proto"]));
            f.insert("ip.ttl", s(&ip["ttl"]));
        }
        Some(6) => {
            // tshark's IPv6 dissector fills ip.version too.
            f.insert("ip.version", "6".into());
            f.insert("ipv6.src", s(&ip["src"]));
            f.insert("ipv6.dst", s(&ip["dst"]));
            f.insert("ipv6.nxt", s(&ip["next_header"]));
            f.insert("ipv6.hlim", s(&ip["ttl"]));
        }
        _ => {}
    }
    let tcp = &p["tcp"];
    if tcp.is_object() {
        f.insert("tcp.srcport", s(&tcp["sport"]));
        f.insert("tcp.dstport", s(&tcp["dport"]));
        f.insert(
            "tcp.flags",
            format!("0x{:04x}", tcp["flags_raw"].as_u64().unwrap_or(0)),
        );
        f.insert("tcp.len", s(&tcp["len"]));
        f.insert("tcp.seq", s(&tcp["seq"]));
        f.insert("tcp.ack", s(&tcp["ack"]));
        f.insert("tcp.stream", s(&p["conn"]));
        f.insert("tcp.window_size_value", s(&tcp["win"]));
    }
    let udp = &p["udp"];
    if udp.is_object() {
        f.insert("udp.srcport", s(&udp["sport"]));
        f.insert("udp.dstport", s(&udp["dport"]));
        f.insert("udp.length", s(&udp["len"]));
    }
    let icmp = &p["icmp"];
    if icmp.is_object() {
        if icmp["version"] == 4 {
            f.insert("icmp.type", s(&icmp["type"]));
            f.insert("icmp.code", s(&icmp["code"]));
        } else {
            f.insert("icmpv6.type", s(&icmp["type"]));
        }
        // tshark dissects the quoted packet of an error message into tcp.*/udp.*.
        let q = &icmp["quoted"];
        if q.is_object() && q["sport"].is_number() {
            let (sp, dp) = match q["proto"].as_u64() {
                Some(6) => ("tcp.srcport", "tcp.dstport"),
                _ => ("udp.srcport", "udp.dstport"),
            };
            f.insert(sp, s(&q["sport"]));
            f.insert(dp, s(&q["dport"]));
            if q["udp_len"].is_number() {
                f.insert("udp.length", s(&q["udp_len"]));
            }
        }
    }
    if p["arp"].is_object() {
        f.insert("arp.opcode", s(&p["arp"]["op"]));
    }
    f
}

fn run_json(file: &Path) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_wirelab"))
        .args(["read", "--json"])
        .arg(file)
        .output()
        .expect("run wirelab");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("every line is JSON"))
        .filter(|v| v["type"] == "packet")
        .collect()
}

/// (file, frame, field) -> reason
fn allow_list() -> BTreeMap<(String, String, String), String> {
    let text = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus-allowlist.tsv"),
    )
    .expect("tests/corpus-allowlist.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.splitn(4, '\t').collect();
            assert_eq!(
                cols.len(),
                4,
                "allow-list line needs file, frame, field, reason: {l}"
            );
            (
                (cols[0].into(), cols[1].into(), cols[2].into()),
                cols[3].into(),
            )
        })
        .collect()
}

#[test]
fn every_field_agrees_with_tshark_or_is_explained() {
    if !common::corpus_or_skip("every_field_agrees_with_tshark_or_is_explained") {
        return;
    }
    let dir = corpus_dir();
    let mut oracles: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (the corpus must sit in ../shared/corpus)",
                dir.display()
            )
        })
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".tshark.tsv"))
        .collect();
    oracles.sort();
    assert!(
        oracles.len() >= 30,
        "expected the corpus's oracles, found {}",
        oracles.len()
    );

    let allowed = allow_list();
    let mut used = BTreeSet::new();
    let mut unexplained = Vec::new();
    let mut table = String::from("file\tpackets\tfields compared\tmismatches\texplained\n");
    let (mut total_fields, mut total_mismatches) = (0usize, 0usize);

    for oracle in &oracles {
        let name = oracle
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(".tshark.tsv", "");
        let text = fs::read_to_string(oracle).unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
        let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
        let ours = run_json(&dir.join(&name));
        let by_frame: BTreeMap<String, BTreeMap<&str, String>> = ours
            .iter()
            .map(|p| (p["frame"].to_string(), wirelab_fields(p)))
            .collect();
        let (mut fields, mut mismatches, mut explained) = (0, 0, 0);
        let mut check = |frame: &str, field: &str, tshark: &str, mine: &str| {
            fields += 1;
            if tshark == mine {
                return;
            }
            mismatches += 1;
            let key = (name.clone(), frame.to_owned(), field.to_owned());
            let wildcard = (name.clone(), "*".to_owned(), field.to_owned());
            if allowed.contains_key(&key) {
                used.insert(key);
                explained += 1;
            } else if allowed.contains_key(&wildcard) {
                used.insert(wildcard);
                explained += 1;
            } else {
                unexplained.push(format!(
                    "{name} frame {frame} {field}: tshark '{tshark}', wirelab '{mine}'"
                ));
            }
        };
        // Same partition of frames into TCP connections: a one-to-one map between tshark's
        // stream numbers and wirelab's conversation ids.
        let stream_col = header.iter().position(|c| *c == "tcp.stream").unwrap();
        let mut to_ours: BTreeMap<String, String> = BTreeMap::new();
        let mut to_theirs: BTreeMap<String, String> = BTreeMap::new();
        for row in &rows {
            let frame = row[0];
            let theirs = row.get(stream_col).copied().unwrap_or("");
            let ours = by_frame
                .get(frame)
                .and_then(|m| m.get("tcp.stream"))
                .cloned()
                .unwrap_or_default();
            if theirs.is_empty() && ours.is_empty() {
                continue;
            }
            let consistent = !theirs.is_empty()
                && !ours.is_empty()
                && to_ours
                    .entry(theirs.to_owned())
                    .or_insert_with(|| ours.clone())
                    == &ours
                && to_theirs
                    .entry(ours.clone())
                    .or_insert_with(|| theirs.to_owned())
                    == theirs;
            let shown = if consistent {
                theirs.to_owned()
            } else {
                format!("conversation {ours}")
            };
            check(frame, "tcp.stream", theirs, &shown);
        }
        for row in &rows {
            let frame = row[0];
            let mine = by_frame.get(frame);
            for (i, col) in header.iter().enumerate() {
                if !COMPARED.contains(col) {
                    continue;
                }
                if *col == "frame.time_epoch" && BAD_TIME_ORACLE.contains(&name.as_str()) {
                    continue;
                }
                let tshark = row.get(i).copied().unwrap_or("");
                let value = mine
                    .and_then(|m| m.get(col))
                    .map(String::as_str)
                    .unwrap_or("");
                check(frame, col, tshark, value);
            }
        }
        // Frames wirelab shows that tshark did not read.
        for frame in by_frame.keys() {
            if !rows.iter().any(|r| r[0] == frame) {
                check(frame, "frame.number", "", frame);
            }
        }
        total_fields += fields;
        total_mismatches += mismatches;
        table.push_str(&format!(
            "{name}\t{}\t{fields}\t{mismatches}\t{explained}\n",
            rows.len()
        ));
    }
    table.push_str(&format!(
        "TOTAL\t\t{total_fields}\t{total_mismatches}\t{}\n",
        total_mismatches - unexplained.len()
    ));
    println!("{table}");

    // Entries for the application fields belong to the test below.
    let stale: Vec<_> = allowed
        .keys()
        .filter(|k| !APP_FIELDS.contains(&k.2.as_str()) && !used.contains(*k))
        .collect();
    assert!(
        unexplained.is_empty() && stale.is_empty(),
        "{} unexplained mismatches:\n{}\n{} allow-list entries match nothing:\n{:?}",
        unexplained.len(),
        unexplained.join("\n"),
        stale.len(),
        stale
    );
}

/// What wirelab says tshark's `tcp.window_size_scalefactor` is: the multiplier, -1 unknown,
/// -2 no window scaling used, nothing on a SYN (tshark adds no factor to a SYN).
fn scale_factor_as_tshark(tcp: &Value) -> String {
    match tcp["win_scaling"].as_str() {
        Some("negotiated") => tcp["win_scale"].to_string(),
        Some("not_used") => "-2".into(),
        Some("unknown") => "-1".into(),
        _ => String::new(),
    }
}

/// The SACK edges of a packet, left and right, as tshark lists `sack_le` and `sack_re`.
fn sack_edges(tcp: &Value) -> (String, String) {
    let blocks: Vec<&Value> = tcp["options"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|o| o["kind"] == "sack")
        .flat_map(|o| o["blocks"].as_array().into_iter().flatten())
        .collect();
    let edge = |i: usize| {
        blocks
            .iter()
            .map(|b| b[i].to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    (edge(0), edge(1))
}

/// The corpus oracles hold only the raw window (`tcp.window_size_value`), so the scaled
/// window, its factor and the SACK edges are compared with tshark run here (the version
/// that made the oracles, 4.0, where installed), on every TCP frame of every corpus capture.
#[test]
fn scaled_windows_and_sack_edges_agree_with_tshark_on_every_corpus_frame() {
    let test = "scaled_windows_and_sack_edges_agree_with_tshark_on_every_corpus_frame";
    if !common::corpus_or_skip(test) || !common::tshark_or_skip(test) {
        return;
    }
    let dir = corpus_dir();
    let names = oracle_names(&dir);
    let fields = [
        "frame.number",
        "tcp.window_size",
        "tcp.window_size_scalefactor",
        "tcp.options.sack_le",
        "tcp.options.sack_re",
        "icmp.type",
        "icmpv6.type",
    ];
    let (mut windows, mut sacks) = (0usize, 0usize);
    let mut disagree = Vec::new();
    for name in &names {
        let ours: BTreeMap<String, Value> = run_json(&dir.join(name))
            .into_iter()
            .map(|p| (p["frame"].to_string(), p))
            .collect();
        for row in common::tshark_fields(&dir.join(name), &fields) {
            let col = |i: usize| row.get(i).map_or("", String::as_str);
            // Only TCP headers of their own: an ICMP error's quoted header is not a segment.
            if col(1).is_empty() || !col(5).is_empty() || !col(6).is_empty() {
                continue;
            }
            let frame = col(0);
            let tcp = ours.get(frame).map_or(&Value::Null, |p| &p["tcp"]);
            let mut check = |field: &str, theirs: &str, mine: String| {
                if theirs != mine {
                    disagree.push(format!(
                        "{name} frame {frame} {field}: tshark '{theirs}', wirelab '{mine}'"
                    ));
                }
            };
            windows += 1;
            check("tcp.window_size", col(1), tcp["win_scaled"].to_string());
            check(
                "tcp.window_size_scalefactor",
                col(2),
                scale_factor_as_tshark(tcp),
            );
            let (le, re) = sack_edges(tcp);
            if !col(3).is_empty() || !le.is_empty() {
                sacks += 1;
                check("tcp.options.sack_le", col(3), le);
                check("tcp.options.sack_re", col(4), re);
            }
        }
    }
    println!("{windows} TCP frames compared for window and scale, {sacks} with SACK blocks");
    assert!(windows >= 400, "only {windows} TCP frames compared");
    assert!(
        disagree.is_empty(),
        "{} disagreements:\n{}",
        disagree.len(),
        disagree.join("\n")
    );
}

/// The corpus oracles hold no `tcp.analysis`, so the findings and `ack_rtt` are compared
/// with tshark run here (4.0 where installed), on every frame of every corpus capture: the
/// same kinds on the same frames (a fast or spurious retransmission also counts as the
/// retransmission tshark flags with it), and the same round-trip times, except in the files
/// whose times the corpus README says are no valid reference.
#[test]
fn tcp_analysis_and_ack_rtt_agree_with_tshark_on_every_corpus_frame() {
    let test = "tcp_analysis_and_ack_rtt_agree_with_tshark_on_every_corpus_frame";
    if !common::corpus_or_skip(test) || !common::tshark_or_skip(test) {
        return;
    }
    let dir = corpus_dir();
    let names = oracle_names(&dir);
    let fields: Vec<&str> = ["frame.number", "tcp.analysis.ack_rtt"]
        .into_iter()
        .chain(common::TSHARK_ANALYSIS.iter().map(|(f, _)| *f))
        .collect();
    let (mut flagged, mut timed) = (0usize, 0usize);
    let mut disagree = Vec::new();
    for name in &names {
        let ours: BTreeMap<String, Value> = run_json(&dir.join(name))
            .into_iter()
            .map(|p| (p["frame"].to_string(), p))
            .collect();
        for row in common::tshark_fields(&dir.join(name), &fields) {
            let frame = row[0].as_str();
            let p = ours.get(frame).unwrap_or(&Value::Null);
            let theirs: BTreeSet<&str> = common::TSHARK_ANALYSIS
                .iter()
                .enumerate()
                .filter(|(i, _)| row.get(i + 2).is_some_and(|v| !v.is_empty()))
                .map(|(_, (_, kind))| *kind)
                .collect();
            let mut mine: BTreeSet<&str> = p["analysis"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|a| a["kind"].as_str())
                // Wireshark's reassembly says these, not its `tcp.analysis` flags.
                .filter(|k| !k.starts_with("overlap_"))
                .collect();
            if mine.contains("fast_retransmission") || mine.contains("spurious_retransmission") {
                mine.insert("retransmission");
            }
            flagged += usize::from(!theirs.is_empty());
            if theirs != mine {
                disagree.push(format!(
                    "{name} frame {frame} tcp.analysis: tshark {theirs:?}, wirelab {mine:?}"
                ));
            }
            let rtt = p.get("ack_rtt").and_then(Value::as_f64);
            let mine = rtt.map(|t| format!("{t:.9}")).unwrap_or_default();
            let theirs = row.get(1).map_or("", String::as_str);
            timed += usize::from(!theirs.is_empty());
            if theirs != mine && !BAD_TIME_ORACLE.contains(&name.as_str()) {
                disagree.push(format!(
                    "{name} frame {frame} tcp.analysis.ack_rtt: tshark '{theirs}', wirelab '{mine}'"
                ));
            }
        }
    }
    println!("{flagged} frames with findings, {timed} ACKs timed");
    assert!(timed >= 100, "only {timed} ACKs timed");
    assert!(
        disagree.is_empty(),
        "{} disagreements:\n{}",
        disagree.len(),
        disagree.join("\n")
    );
}

/// The application fields compared with tshark's, by `app_lines_agree_with_tshark_or_are_explained`.
const APP_FIELDS: &[&str] = &[
    "http.request.method",
    "http.request.uri",
    "http.response.code",
    "http.host",
    "dhcp.option.dhcp",
    "dhcp.ip.your",
    "dns.id",
    "dns.qry.name",
];

/// The captures worth running tshark on for the application lines: those whose bytes hold
/// an HTTP/1.x version (every request and status line has one) or DHCP's magic cookie, and
/// those wirelab finds DNS in. Running tshark on all 190 captures took a minute; these are
/// about 18.
fn app_captures() -> Vec<PathBuf> {
    const COOKIE: &[u8] = &[0x63, 0x82, 0x53, 0x63];
    common::corpus_captures()
        .into_iter()
        .filter(|f| {
            let bytes = fs::read(f).unwrap();
            let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
            has(b"HTTP/1.") || has(COOKIE) || run_json(f).iter().any(|p| p["app"]["kind"] == "dns")
        })
        .collect()
}

/// wirelab's application fields of one packet, as tshark writes them (empty when absent).
fn app_fields(p: &Value) -> [String; 8] {
    let app = &p["app"];
    let s = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    let mut out: [String; 8] = Default::default();
    match app["kind"].as_str() {
        Some("http") => {
            out[0] = s(&app["method"]);
            out[1] = s(&app["uri"]);
            out[2] = s(&app["status"]);
            out[3] = s(&app["host"]);
        }
        Some("dhcp") => {
            out[4] = s(&app["message_type"]);
            out[5] = s(&app["yiaddr"]);
        }
        Some("dns") => {
            out[6] = app["id"]
                .as_u64()
                .map_or(String::new(), |id| format!("0x{id:04x}"));
            // Every question's name, joined as tshark joins a field's occurrences.
            let names: Vec<String> = app["questions"]
                .as_array()
                .map(|qs| qs.iter().map(|q| s(&q["name"])).collect())
                .unwrap_or_default();
            out[7] = names.join(",");
        }
        _ => {}
    }
    out
}

/// HTTP, DHCP and DNS, frame by frame, against tshark on the corpus captures that carry
/// them: wirelab reads an application message from the segment that carries it, so tshark
/// runs with `tcp.desegment_tcp_streams:FALSE` (its HTTP then sits on the segment with the
/// status line too, not on the one that completes the message). tshark's DHCP message type
/// is a number, compared through wirelab's own names for it. Each difference is in
/// tests/corpus-allowlist.tsv with why, and an entry that matches none fails.
#[test]
fn app_lines_agree_with_tshark_or_are_explained() {
    if !common::corpus_or_skip("app_lines_agree_with_tshark_or_are_explained")
        || !common::tshark_or_skip("app_lines_agree_with_tshark_or_are_explained")
    {
        return;
    }
    let allowed = allow_list();
    let mut used = BTreeSet::new();
    let mut unexplained = Vec::new();
    let (mut frames, mut kinds) = (0, BTreeSet::new());
    let fields: Vec<&str> = ["frame.number", "icmp.type", "icmpv6.type"]
        .into_iter()
        .chain(APP_FIELDS.iter().copied())
        .collect();
    for file in app_captures() {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let options = ["-o", "tcp.desegment_tcp_streams:FALSE"];
        let mut theirs: BTreeMap<u64, [String; 8]> = BTreeMap::new();
        for row in common::tshark_fields_with(&file, &options, &fields) {
            let get = |i: usize| row.get(i).cloned().unwrap_or_default();
            // An ICMP error's quoted datagram is the ICMP packet's, not an application line.
            if !get(1).is_empty() || !get(2).is_empty() {
                continue;
            }
            let mut values: [String; 8] = std::array::from_fn(|i| get(i + 3));
            if let Ok(t) = values[4].parse::<u8>() {
                values[4] = wirelab::annotate::app::dhcp_type(Some(t)).into_owned();
            }
            if values.iter().any(|v| !v.is_empty()) {
                theirs.insert(get(0).parse().unwrap(), values);
            }
        }
        let ours: BTreeMap<u64, [String; 8]> = run_json(&file)
            .iter()
            .map(|p| (p["frame"].as_u64().unwrap(), app_fields(p)))
            .filter(|(_, v)| v.iter().any(|v| !v.is_empty()))
            .collect();
        let none: [String; 8] = Default::default();
        for frame in theirs.keys().chain(ours.keys()).collect::<BTreeSet<_>>() {
            frames += 1;
            let (t, o) = (
                theirs.get(frame).unwrap_or(&none),
                ours.get(frame).unwrap_or(&none),
            );
            for (i, field) in APP_FIELDS.iter().enumerate() {
                if !o[i].is_empty() {
                    kinds.insert(field.split('.').next().unwrap());
                }
                if t[i] == o[i] {
                    continue;
                }
                let key = (name.clone(), frame.to_string(), (*field).to_owned());
                if allowed.contains_key(&key) {
                    used.insert(key);
                } else {
                    unexplained.push(format!(
                        "{name} frame {frame} {field}: tshark '{}', wirelab '{}'",
                        t[i], o[i]
                    ));
                }
            }
        }
    }
    let stale: Vec<_> = allowed
        .keys()
        .filter(|k| APP_FIELDS.contains(&k.2.as_str()) && !used.contains(*k))
        .collect();
    assert!(
        unexplained.is_empty() && stale.is_empty(),
        "{} unexplained:\n{}\n{} allow-list entries match nothing: {:?}",
        unexplained.len(),
        unexplained.join("\n"),
        stale.len(),
        stale
    );
    assert!(
        frames >= 40,
        "only {frames} frames with an application line"
    );
    assert_eq!(kinds, BTreeSet::from(["dhcp", "dns", "http"]));
}

/// The corpus captures that have tshark oracles, in name order.
fn oracle_names(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".tshark.tsv").map(str::to_owned))
        .collect();
    names.sort();
    names
}
