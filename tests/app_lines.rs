//! The application lines (issue 13 item 6): DNS names and addresses as tshark reads them on
//! the corpus DNS captures, the echo program's text, HTTP and DHCP from frames built here.

mod common;

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::Path;
use std::process::Output;

use common::{corpus, corpus_or_skip, packets, stdout, tshark_fields, tshark_or_skip, wirelab};
use serde_json::Value;

/// Per frame: the question names and the A records' addresses (every section, as tshark's
/// `dns.a`), each joined by commas.
type DnsFields = BTreeMap<u64, (String, String)>;

/// `wirelab read FILE ARGS...`.
fn read(file: &Path, args: &[&str]) -> Output {
    let mut all: Vec<OsString> = vec!["read".into(), file.into()];
    all.extend(args.iter().map(OsString::from));
    wirelab(all)
}

fn wirelab_dns(file: &Path) -> DnsFields {
    let out = read(file, &["--json"]);
    let mut fields = DnsFields::new();
    for p in packets(&out) {
        let app = &p["app"];
        if app["kind"] != "dns" {
            continue;
        }
        let names: Vec<&str> = app["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["name"].as_str().unwrap())
            .collect();
        let addrs: Vec<&str> = ["answers", "authority", "additional"]
            .iter()
            .flat_map(|s| app[*s].as_array().unwrap())
            .filter(|r| r["type"] == "A")
            .map(|r| r["data"].as_str().unwrap())
            .collect();
        fields.insert(
            p["frame"].as_u64().unwrap(),
            (names.join(","), addrs.join(",")),
        );
    }
    fields
}

fn tshark_dns(file: &Path) -> DnsFields {
    tshark_fields(
        file,
        &[
            "frame.number",
            "dns.qry.name",
            "dns.a",
            "icmp.type",
            "icmpv6.type",
        ],
    )
    .into_iter()
    .filter(|row| row.get(1).is_some_and(|n| !n.is_empty()))
    // A query quoted in an ICMP error is the ICMP packet's, not an app line.
    .filter(|row| {
        row.get(3).is_none_or(|t| t.is_empty()) && row.get(4).is_none_or(|t| t.is_empty())
    })
    .map(|row| {
        let frame = row[0].parse().unwrap();
        (
            frame,
            (row[1].clone(), row.get(2).cloned().unwrap_or_default()),
        )
    })
    .collect()
}

#[test]
fn dns_names_and_addresses_equal_tsharks_on_the_corpus_dns_captures() {
    if !corpus_or_skip("dns agreement") || !tshark_or_skip("dns agreement") {
        return;
    }
    let mut frames = 0;
    for name in [
        "gopacket-test_dns.pcap",
        "disspcap-dns_icmp_tcp.pcap",
        "zeek-ipv6-fragmented-dns.pcap",
        "tcpdump-dns_tcp.pcap",
    ] {
        let file = corpus(name);
        let (ours, theirs) = (wirelab_dns(&file), tshark_dns(&file));
        assert_eq!(ours, theirs, "{name}");
        frames += ours.len();
    }
    assert!(frames >= 30, "only {frames} DNS frames compared");
}

/// TXT answers: each string of the record, quoted in the line as tcpdump prints them
/// (`TXT "a" "b"`), equals tshark's `dns.txt` values, frame by frame.
#[test]
fn dns_txt_strings_equal_tsharks_on_the_corpus() {
    if !corpus_or_skip("dns txt agreement") || !tshark_or_skip("dns txt agreement") {
        return;
    }
    let file = corpus("zeek-ipv6-fragmented-dns.pcap");
    let theirs: BTreeMap<u64, String> = tshark_fields(&file, &["frame.number", "dns.txt"])
        .into_iter()
        .filter(|row| row.get(1).is_some_and(|t| !t.is_empty()))
        .map(|row| (row[0].parse().unwrap(), row[1].clone()))
        .collect();
    let mut ours = BTreeMap::new();
    for p in packets(&read(&file, &["--json"])) {
        let app = &p["app"];
        if app["kind"] != "dns" {
            continue;
        }
        for r in app["answers"].as_array().unwrap() {
            if r["type"] != "TXT" {
                continue;
            }
            // The strings are ASCII without quotes here: unquote `"a" "b"` to a,b.
            let data = r["data"].as_str().unwrap();
            let strings = data
                .strip_prefix('"')
                .and_then(|d| d.strip_suffix('"'))
                .unwrap()
                .replace("\" \"", ",");
            ours.insert(p["frame"].as_u64().unwrap(), strings);
            assert!(
                app["line"].as_str().unwrap().contains(data),
                "the text line shows the strings: {app}"
            );
        }
    }
    assert_eq!(theirs.len(), 2, "{theirs:?}");
    assert_eq!(ours, theirs);
}

#[test]
fn the_echo_programs_line_shows_as_text() {
    let out = wirelab(["read", "captures/tcp-echo.pcap", "--color", "never"]);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().filter(|l| l.contains("text: ")).collect();
    assert!(!lines.is_empty(), "{text}");
    assert!(
        lines.iter().all(|l| l.contains("text: \"hello, wirelab")),
        "{lines:?}"
    );
    let json = packets(&wirelab(["read", "captures/tcp-echo.pcap", "--json"]));
    let app: Vec<&Value> = json
        .iter()
        .map(|p| &p["app"])
        .filter(|a| !a.is_null())
        .collect();
    assert!(app.iter().all(|a| a["kind"] == "text"), "{app:?}");
    assert!(
        app[0]["preview"]
            .as_str()
            .unwrap()
            .contains("hello, wirelab")
    );
}

/// Writes frames (Ethernet, IPv4 10.0.0.1 ↔ 10.0.0.2) to a pcap in a temporary directory.
fn capture_of(dir: &Path, frames: &[Vec<u8>]) -> std::path::PathBuf {
    let path = dir.join("app.pcap");
    common::ethernet_pcap(&path, frames, 1000);
    path
}

fn tcp_frame(from_client: bool, seq: u32, payload: &[u8]) -> Vec<u8> {
    let (a, b, pa, pb) = if from_client {
        ([10, 0, 0, 1], [10, 0, 0, 2], 40000, 8080)
    } else {
        ([10, 0, 0, 2], [10, 0, 0, 1], 8080, 40000)
    };
    let mut frame = Vec::new();
    etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
        .ipv4(a, b, 64)
        .tcp(pa, pb, seq, 65535)
        .ack(1)
        .psh()
        .write(&mut frame, payload)
        .unwrap();
    frame
}

fn udp_frame(sport: u16, dport: u16, payload: &[u8]) -> Vec<u8> {
    let mut frame = Vec::new();
    etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [0xff; 6])
        .ipv4([0, 0, 0, 0], [255, 255, 255, 255], 64)
        .udp(sport, dport)
        .write(&mut frame, payload)
        .unwrap();
    frame
}

#[test]
fn http_request_and_status_lines_on_a_port_that_is_not_80() {
    let dir = tempfile::tempdir().unwrap();
    let file = capture_of(
        dir.path(),
        &[
            tcp_frame(
                true,
                1,
                b"GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n",
            ),
            tcp_frame(
                false,
                1,
                b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
            ),
        ],
    );
    let text = stdout(&read(&file, &["--color", "never"]));
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].ends_with("  HTTP GET /index.html (Host: example.com)"),
        "{text}"
    );
    assert!(lines[1].ends_with("  HTTP 200 OK"), "{text}");
    let json = packets(&read(&file, &["--json"]));
    let (req, resp) = (&json[0]["app"], &json[1]["app"]);
    assert_eq!(
        (req["kind"].as_str(), req["method"].as_str()),
        (Some("http"), Some("GET"))
    );
    assert_eq!(req["host"], "example.com");
    assert_eq!(req["version"], "HTTP/1.1");
    assert_eq!(
        (resp["status"].as_u64(), resp["reason"].as_str()),
        (Some(200), Some("OK"))
    );
}

/// A DHCP message: BOOTP `op`, option 53 = `kind`, the address offered, option 54.
fn dhcp(op: u8, kind: u8, yiaddr: [u8; 4], server: Option<[u8; 4]>) -> Vec<u8> {
    let mut m = vec![op, 1, 6, 0, 0xde, 0xad, 0xbe, 0xef];
    m.resize(240, 0);
    m[16..20].copy_from_slice(&yiaddr);
    m[28..34].copy_from_slice(&[2, 0, 0, 0, 0, 1]);
    m[236..240].copy_from_slice(&[99, 130, 83, 99]);
    m.extend_from_slice(&[53, 1, kind]);
    if let Some(s) = server {
        m.extend_from_slice(&[54, 4]);
        m.extend_from_slice(&s);
    }
    m.push(255);
    m
}

#[test]
fn dhcp_discover_and_offer_name_the_client_and_the_offered_address() {
    let dir = tempfile::tempdir().unwrap();
    let file = capture_of(
        dir.path(),
        &[
            udp_frame(68, 67, &dhcp(1, 1, [0; 4], None)),
            udp_frame(
                67,
                68,
                &dhcp(2, 2, [192, 168, 1, 10], Some([192, 168, 1, 1])),
            ),
        ],
    );
    let text = stdout(&read(&file, &["--color", "never"]));
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].ends_with("  DHCP DISCOVER from 02:00:00:00:00:01"),
        "{text}"
    );
    assert!(
        lines[1].ends_with("  DHCP OFFER 192.168.1.10 from server 192.168.1.1"),
        "{text}"
    );
    let json = packets(&read(&file, &["--json"]));
    let offer = &json[1]["app"];
    assert_eq!(offer["message_type"], "OFFER");
    assert_eq!(offer["yiaddr"], "192.168.1.10");
    assert_eq!(offer["server_id"], "192.168.1.1");
    assert_eq!(json[0]["app"]["client_mac"], "02:00:00:00:00:01");
}

#[test]
fn a_binary_payload_has_no_app_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = capture_of(
        dir.path(),
        &[tcp_frame(
            true,
            1,
            &[0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5],
        )],
    );
    let json = packets(&read(&file, &["--json"]));
    assert!(json[0].get("app").is_none(), "{:?}", json[0]);
}

/// A TCP segment between 10.0.0.1:40053 and the DNS server 10.0.0.2:53.
fn dns_tcp_frame(from_client: bool, seq: u32, ack: u32, payload: &[u8]) -> Vec<u8> {
    let (a, b, pa, pb) = if from_client {
        ([10, 0, 0, 1], [10, 0, 0, 2], 40053, 53)
    } else {
        ([10, 0, 0, 2], [10, 0, 0, 1], 53, 40053)
    };
    let mut frame = Vec::new();
    etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
        .ipv4(a, b, 64)
        .tcp(pa, pb, seq, 65535)
        .ack(ack)
        .psh()
        .write(&mut frame, payload)
        .unwrap();
    frame
}

/// DNS over TCP whose response is spread over three segments (the length alone, then the
/// message in two), one of them sent twice: the line is on the segment that completes the
/// message, as tshark puts it there, and on no other.
#[test]
fn dns_over_tcp_spread_over_segments_gets_its_line_on_the_last_one() {
    // Query: id 0x4242, example.com A; the response adds 93.184.216.34.
    let mut query = vec![0x42, 0x42, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0];
    query.extend_from_slice(b"\x07example\x03com\x00\x00\x01\x00\x01");
    let mut response = query.clone();
    response[2] = 0x81;
    response[3] = 0x80;
    response[7] = 1;
    response.extend_from_slice(&[
        0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4, 93, 184, 216, 34,
    ]);
    let framed = |m: &[u8]| [&(m.len() as u16).to_be_bytes()[..], m].concat();
    let (q, r) = (framed(&query), framed(&response));
    let (r1, rest) = r.split_at(2);
    let (r2, r3) = rest.split_at(20);
    let ql = q.len() as u32;
    let frames = vec![
        dns_tcp_frame(true, 1001, 5001, &q),
        dns_tcp_frame(false, 5001, 1001 + ql, r1),
        dns_tcp_frame(false, 5003, 1001 + ql, r2),
        dns_tcp_frame(false, 5003, 1001 + ql, r2),
        dns_tcp_frame(false, 5023, 1001 + ql, r3),
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dns-tcp.pcap");
    common::ethernet_pcap(&path, &frames, 1_000_000);

    let json = packets(&read(&path, &["--json"]));
    let dns: Vec<(u64, &Value)> = json
        .iter()
        .filter(|p| p["app"]["kind"] == "dns")
        .map(|p| (p["frame"].as_u64().unwrap(), &p["app"]))
        .collect();
    let frames_with: Vec<u64> = dns.iter().map(|(f, _)| *f).collect();
    assert_eq!(frames_with, [1, 5], "{json:#?}");
    let (_, last) = dns[1];
    assert_eq!(last["qr"], "response");
    assert_eq!(last["answers"][0]["data"], "93.184.216.34");
    assert!(
        json.iter().all(|p| p["app"]["kind"] != "text"),
        "no piece is text"
    );
    let text = stdout(&read(&path, &["--color", "never"]));
    assert!(
        text.lines()
            .nth(4)
            .unwrap()
            .contains("DNS response 0x4242 A example.com: 93.184.216.34 (NOERROR)"),
        "{text}"
    );

    if tshark_or_skip("dns over tcp spread over segments") {
        let theirs: Vec<u64> = tshark_fields(&path, &["frame.number", "dns.id"])
            .into_iter()
            .filter(|row| row.get(1).is_some_and(|id| !id.is_empty()))
            .map(|row| row[0].parse().unwrap())
            .collect();
        assert_eq!(theirs, frames_with, "tshark puts DNS on the same frames");
    }
}
