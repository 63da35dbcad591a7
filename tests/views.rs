//! Snapshots of every view on the captures shipped in captures/, plus the facts each view
//! must show whatever the snapshot says.

mod common;

use common::{stderr, stdout, wirelab};

fn run(args: &[&str]) -> String {
    let out = wirelab(args);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn summary_of_every_shipped_capture() {
    let text = run(&[
        "read",
        "captures/tcp-echo.pcap",
        "captures/tcp-echo-ipv6.pcap",
        "captures/udp-echo.pcap",
        "--summary",
    ]);
    insta::assert_snapshot!(text);
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("1 "))
        .collect();
    assert_eq!(rows.len(), 3);
    // The column is the port's IANA name, not a protocol found in the traffic (as Zeek's
    // `service` is): it is headed so.
    let header = text
        .lines()
        .find(|l| l.contains("proto"))
        .unwrap_or_default();
    assert!(
        header.contains(" port name ") && !header.contains("service"),
        "{header}"
    );
    assert!(
        rows[0].contains(" SF ") && rows[0].contains("ShADadFf") && rows[0].contains("four-way")
    );
    // The client's port is whatever Linux picked (32768-60999: registered or dynamic).
    assert!(rows[0].contains("127.0.0.1:8001 (reg)"));
    assert!(rows[2].contains("udp") && rows[2].contains(" SF ") && rows[2].contains(" Dd "));
}

#[test]
fn ladder_of_the_tcp_echo_conversation() {
    let text = run(&["read", "captures/tcp-echo.pcap", "--timeline"]);
    insta::assert_snapshot!(text);
    assert!(
        text.lines().all(|l| l.chars().count() <= 80),
        "fits 80 columns"
    );
    assert!(text.contains("handshake 1/3: client SYN"));
    assert!(text.contains("teardown 4/4: client ACKs the FIN"));
}

#[test]
fn ladder_as_mermaid() {
    let text = run(&[
        "read",
        "captures/tcp-echo.pcap",
        "--timeline",
        "--timeline-format",
        "mermaid",
    ]);
    insta::assert_snapshot!(text);
    assert!(text.starts_with(
        "## conversation 1 (tcp): client 127.0.0.1:43250 ⇄ server 127.0.0.1:8001\n\n```mermaid\nsequenceDiagram\n"
    ));
    assert!(text.ends_with("\n```\n\n"));
    assert_eq!(text.matches("C->>S").count(), 6);
    assert_eq!(text.matches("S->>C").count(), 5);
}

#[test]
fn ladder_of_one_conversation_only() {
    if !common::corpus_or_skip("ladder_of_one_conversation_only") {
        return;
    }
    let text = run(&[
        "read",
        "../shared/corpus/zeek-ftp-ipv4.pcap",
        "--timeline",
        "--conn",
        "2",
    ]);
    assert_eq!(text.matches("conversation ").count(), 1);
    assert!(text.starts_with("conversation 2 (tcp)"), "{text}");
}

#[test]
fn json_of_the_tcp_echo_capture() {
    let text = run(&["read", "captures/tcp-echo.pcap", "--json"]);
    insta::assert_snapshot!(text);
}

#[test]
fn ipv6_text_with_annotations() {
    insta::assert_snapshot!(run(&[
        "read",
        "captures/tcp-echo-ipv6.pcap",
        "--color",
        "never"
    ]));
}

#[test]
fn verbose_explains_addresses_and_ports_once_per_conversation() {
    let text = run(&["read", "captures/udp-echo.pcap", "-v", "--color", "never"]);
    assert_eq!(
        text.matches("client address 127.0.0.1: loopback").count(),
        1
    );
    assert!(text.contains("8002/udp: registered (1024–49151"));
    // IANA's name for the port, said to be only that: what runs on 8002 here is an echo.
    assert!(
        text.contains(
            "8002/udp: registered (1024–49151, user ports registered with IANA), IANA name \
             teradataordbms (registered name, not what the traffic is)"
        ),
        "{text}"
    );
    assert!(!text.contains("service"), "{text}");
    assert!(text.contains("inside Linux's ephemeral range 32768–60999"));
}

#[test]
fn explain_addresses_and_ports() {
    insta::assert_snapshot!(run(&[
        "explain",
        "192.168.1.10",
        "172.32.0.1",
        "224.0.0.251",
        "169.254.7.7",
        "100.64.0.1",
        "198.18.0.1",
        "255.255.255.255",
        "fe80::1",
        "fd00::1",
        "ff05::2",
        "::135.75.43.52",
        "::ffff:10.0.0.1",
        "22",
        "53/udp",
        "40000/tcp",
        "51512/tcp",
    ]));
}

#[test]
fn explain_rejects_what_it_cannot_read() {
    let out = wirelab(["explain", "300.1.1.1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("300.1.1.1: neither an IPv4/IPv6 address, a network"));
    let out = wirelab(["explain", "80/sctp"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("must be tcp or udp"));
}

/// The ladder is drawn once the connection is over, so the SYN's server column shows what the
/// answer proved: CLOSED when a RST refused it (no socket, no TCB), LISTEN when a SYN-ACK came.
#[test]
fn ladder_shows_the_server_state_the_answer_proved() {
    let refused = run(&["read", "captures/tcp-refused.pcap", "--timeline"]);
    let lines: Vec<&str> = refused.lines().collect();
    assert!(lines[2].trim_end().ends_with("CLOSED"), "{refused}");
    assert!(lines[2].trim_start().starts_with("CLOSED"), "{refused}");
    let syn = lines.iter().find(|l| l.contains("──SYN seq=0")).unwrap();
    assert!(syn.trim_end().ends_with("▶ CLOSED"), "{refused}");
    assert!(
        !refused.contains("LISTEN") && !refused.contains("unknown"),
        "{refused}"
    );
    let echo = run(&["read", "captures/tcp-echo.pcap", "--timeline"]);
    let syn = echo.lines().find(|l| l.contains("──SYN seq=0")).unwrap();
    assert!(syn.trim_end().ends_with("▶ LISTEN"), "{echo}");
    // The text line of the SYN is written before the answer: it names no server state.
    let text = run(&["read", "captures/tcp-refused.pcap"]);
    let first = text.lines().next().unwrap();
    assert!(!first.contains("server "), "{first}");
}
