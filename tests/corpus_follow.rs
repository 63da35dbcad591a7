//! Follow agreement: for every TCP stream of ../shared/corpus, the bytes `wirelab read
//! --follow ID --json` puts back together for each side equal tshark's `-z follow,tcp,raw`
//! (the `*.tshark-follow.tsv` oracles, see the corpus README).
//!
//! tshark's stream N is matched with wirelab's conversation by its two endpoints and order:
//! the k-th tshark stream between two endpoints is the k-th wirelab TCP conversation between
//! them; node 0 (the sender of the stream's first packet) is the client or the server as
//! wirelab decided. A difference must be listed in tests/corpus-allowlist.tsv as
//! `FILE<TAB>stream N<TAB>follow.node0|follow.node1<TAB>why`; an entry that matches no
//! difference fails the test too.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use serde_json::Value;

/// One side of one tshark stream: (capture, `stream N`, `follow.node0|1`).
type Key = (String, String, String);

/// A wirelab conversation: id and endpoints as `addr:port` (IPv6 in brackets).
struct Conv {
    id: u64,
    client: String,
    server: String,
}

fn endpoint(v: &Value) -> String {
    let addr = v["addr"].as_str().unwrap_or("");
    let port = &v["port"];
    if addr.contains(':') {
        format!("[{addr}]:{port}")
    } else {
        format!("{addr}:{port}")
    }
}

/// The TCP conversations of a capture, in id order.
fn conversations(capture: &Path) -> Vec<Conv> {
    let out = common::wirelab([
        "read".as_ref(),
        capture.as_os_str(),
        "--summary".as_ref(),
        "--json".as_ref(),
    ]);
    let mut convs: Vec<Conv> = common::stdout(&out)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["type"] == "conn" && v["proto"] == "tcp")
        .map(|v| Conv {
            id: v["id"].as_u64().unwrap_or(0),
            client: endpoint(&v["client"]),
            server: endpoint(&v["server"]),
        })
        .collect();
    convs.sort_by_key(|c| c.id);
    convs
}

/// [client's bytes, server's bytes] as `--follow ID --json` gives them, in hex.
fn followed(capture: &Path, id: u64) -> [String; 2] {
    let id = id.to_string();
    let out = common::wirelab([
        "read".as_ref(),
        capture.as_os_str(),
        "--follow".as_ref(),
        id.as_ref(),
        "--json".as_ref(),
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let mut sides = [String::new(), String::new()];
    for v in common::stdout(&out)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["type"] == "data")
    {
        let side = usize::from(v["from"] == "server");
        sides[side].push_str(v["hex"].as_str().unwrap_or(""));
    }
    sides
}

fn allow_list() -> BTreeMap<Key, String> {
    let text = fs::read_to_string(common::repo().join("tests/corpus-allowlist.tsv"))
        .expect("tests/corpus-allowlist.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let cols: Vec<&str> = l.splitn(4, '\t').collect();
            match cols.as_slice() {
                [file, stream, field, why] if field.starts_with("follow.") => Some((
                    (file.to_string(), stream.to_string(), field.to_string()),
                    why.to_string(),
                )),
                _ => None,
            }
        })
        .collect()
}

/// The captures with a follow oracle, and each oracle's rows after the header.
fn oracles() -> Vec<(String, Vec<Vec<String>>)> {
    let mut found: Vec<(String, Vec<Vec<String>>)> = common::corpus_captures()
        .iter()
        .filter_map(|capture| {
            let name = capture.file_name()?.to_string_lossy().into_owned();
            let text =
                fs::read_to_string(common::corpus(&format!("{name}.tshark-follow.tsv"))).ok()?;
            let rows = text
                .lines()
                .skip(1)
                .map(|l| l.split('\t').map(str::to_owned).collect())
                .collect();
            Some((name, rows))
        })
        .collect();
    found.sort();
    found
}

#[test]
fn every_tcp_stream_of_the_corpus_follows_as_tshark_reassembles_it() {
    if !common::corpus_or_skip("corpus_follow") {
        return;
    }
    let allowed = allow_list();
    let mut used = BTreeSet::new();
    let mut unexplained = Vec::new();
    let (mut streams, mut equal, mut listed) = (0, 0, 0);
    for (name, rows) in oracles() {
        let capture = common::corpus(&name);
        let convs = conversations(&capture);
        // How many streams between each pair of endpoints were matched so far.
        let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
        for row in rows {
            let [stream, node0, node1, hex0, hex1] = row.as_slice() else {
                panic!("{name}: a follow row needs 5 columns: {row:?}");
            };
            streams += 1;
            let pair = if node0 <= node1 {
                (node0.clone(), node1.clone())
            } else {
                (node1.clone(), node0.clone())
            };
            let k = seen.entry(pair).or_default();
            let conv = convs
                .iter()
                .filter(|c| {
                    (c.client == *node0 && c.server == *node1)
                        || (c.client == *node1 && c.server == *node0)
                })
                .nth(*k);
            *k += 1;
            let ours = match conv {
                Some(c) => {
                    let [client, server] = followed(&capture, c.id);
                    if c.client == *node0 {
                        [client, server]
                    } else {
                        [server, client]
                    }
                }
                None => [String::new(), String::new()],
            };
            let mut same = true;
            for (node, (theirs, mine)) in
                [(hex0, &ours[0]), (hex1, &ours[1])].into_iter().enumerate()
            {
                if theirs == mine {
                    continue;
                }
                same = false;
                let key = (
                    name.clone(),
                    format!("stream {stream}"),
                    format!("follow.node{node}"),
                );
                if allowed.contains_key(&key) {
                    used.insert(key);
                } else {
                    unexplained.push(format!(
                        "{name} stream {stream} node{node}: tshark {} bytes, wirelab {} bytes (conversation {:?})",
                        theirs.len() / 2,
                        mine.len() / 2,
                        conv.map(|c| c.id)
                    ));
                }
            }
            if same {
                equal += 1;
            } else {
                listed += 1;
            }
        }
    }
    let stale: Vec<_> = allowed.keys().filter(|k| !used.contains(*k)).collect();
    eprintln!("follow agreement: {streams} streams, {equal} equal, {listed} allow-listed");
    assert!(
        streams >= 30,
        "expected the corpus's follow oracles, found {streams} streams"
    );
    assert!(
        unexplained.is_empty() && stale.is_empty(),
        "{} unexplained differences:\n{}\n{} allow-list entries match nothing: {stale:?}",
        unexplained.len(),
        unexplained.join("\n"),
        stale.len()
    );
}
