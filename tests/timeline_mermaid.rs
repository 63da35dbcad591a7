//! `--timeline-format mermaid`: one Markdown document, a heading and a fenced `mermaid` block
//! per conversation, text escaped with Mermaid's entity codes, and every block accepted by
//! Mermaid's own parser (scripts/mermaid-parse.mjs, when node and the package are installed).

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::{stderr, stdout, wirelab};

fn mermaid(files: &[&str]) -> String {
    let mut args = vec!["read"];
    args.extend(files);
    args.extend(["--timeline", "--timeline-format", "mermaid"]);
    let out = wirelab(&args);
    // A damaged corpus file exits 1 after drawing what it held.
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", stderr(&out));
    stdout(&out)
}

/// The blocks of a document, each with the heading above it; panics on anything else outside
/// the fences but headings and blank lines.
fn blocks(doc: &str) -> Vec<(String, Vec<String>)> {
    let mut blocks = Vec::new();
    let mut heading = String::new();
    let mut open: Option<Vec<String>> = None;
    for line in doc.lines() {
        match open.as_mut() {
            None if line.starts_with('#') => heading = line.to_owned(),
            None if line == "```mermaid" => open = Some(Vec::new()),
            None => assert!(line.is_empty(), "outside a block: {line:?}"),
            Some(_) if line == "```" => {
                blocks.push((heading.clone(), open.take().unwrap_or_default()));
            }
            Some(lines) => lines.push(line.to_owned()),
        }
    }
    assert!(open.is_none(), "a block is not closed");
    blocks
}

#[test]
fn several_conversations_make_one_markdown_document_with_a_diagram_each() {
    let doc = mermaid(&["captures/tcp-many.pcap"]);
    let blocks = blocks(&doc);
    assert_eq!(blocks.len(), 3, "{doc}");
    for (i, (heading, lines)) in blocks.iter().enumerate() {
        let id = i + 1;
        assert!(
            heading.starts_with(&format!("## conversation {id} (tcp): client 127.0.0.1:")),
            "{heading}"
        );
        assert_eq!(lines.first().map(String::as_str), Some("sequenceDiagram"));
        assert_eq!(lines.iter().filter(|l| *l == "sequenceDiagram").count(), 1);
    }
}

#[test]
fn several_files_head_their_diagrams_with_the_file() {
    let doc = mermaid(&["captures/tcp-echo.pcap", "captures/udp-echo.pcap"]);
    assert!(
        doc.starts_with("# captures/tcp-echo.pcap\n\n## conversation 1 (tcp)"),
        "{doc}"
    );
    assert!(
        doc.contains("\n# captures/udp-echo.pcap\n\n## conversation 1 (udp)"),
        "{doc}"
    );
    assert_eq!(blocks(&doc).len(), 2);
}

#[test]
fn hash_and_semicolon_are_written_as_mermaid_entity_codes() {
    if !common::corpus_or_skip("hash_and_semicolon_are_written_as_mermaid_entity_codes") {
        return;
    }
    // This capture has duplicate ACKs, "dup ACK #1" in words.
    let doc = mermaid(&["../shared/corpus/tcpdump-ssh.pcap"]);
    assert!(doc.contains("Note over C,S: dup ACK #35;1\n"), "{doc}");
    assert!(!doc.contains("dup ACK ,"), "{doc}");
    for (_, lines) in blocks(&doc) {
        for line in lines {
            let unescaped = line.replace("#35;", "").replace("#59;", "");
            assert!(!unescaped.contains(['#', ';']), "{line}");
        }
    }
}

/// Every file a test can draw: the shipped captures and the corpus's.
fn every_capture() -> Vec<String> {
    let mut files = Vec::new();
    let mut dirs = vec![common::repo().join("captures")];
    if common::repo().join("../shared/corpus").is_dir() {
        dirs.push(common::corpus(""));
    }
    for dir in dirs {
        for entry in std::fs::read_dir(dir).expect("a capture directory") {
            let name = entry.expect("entry").path().to_string_lossy().into_owned();
            if name.ends_with(".pcap") || name.ends_with(".pcapng") {
                files.push(name);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_diagram_of_every_capture_parses_with_mermaids_own_parser() {
    if !common::mermaid_or_skip("every_diagram_of_every_capture_parses_with_mermaids_own_parser") {
        return;
    }
    // One document of them all, each file's under its name, for one run of node (loading
    // Mermaid takes about a second).
    let mut all = String::new();
    let mut drawn = 0;
    for file in every_capture() {
        let doc = mermaid(&[file.as_str()]);
        drawn += blocks(&doc).len();
        all.push_str(&format!("# {file}\n\n{doc}"));
    }
    let mut node = Command::new("node")
        .arg(common::repo().join("scripts/mermaid-parse.mjs"))
        .arg(common::mermaid_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run node");
    node.stdin
        .take()
        .expect("stdin")
        .write_all(all.as_bytes())
        .expect("write the document");
    let out = node.wait_with_output().expect("node's output");
    let said = stdout(&out);
    assert!(out.status.success(), "{said}{}", stderr(&out));
    assert!(said.ends_with(&format!("{drawn} blocks parse\n")), "{said}");
    // Said where the person running the tests sees it, with the version that parsed.
    let _ = writeln!(std::io::stderr(), "{}", said.trim_end());
    assert!(drawn >= 10, "{drawn} diagrams");
}
