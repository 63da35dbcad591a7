//! Damaged and hostile input: never a panic, always a message naming the file and the record,
//! everything before the damage still shown, and exit status 1 (see README: exit status).

mod common;

use std::fs;

use common::{capture, corpus, packets, stderr, stdout, wirelab};

fn pcap_header(snaplen: u32, link_type: u32) -> Vec<u8> {
    let mut h = Vec::new();
    h.extend_from_slice(&0xa1b2c3d4u32.to_le_bytes());
    h.extend_from_slice(&2u16.to_le_bytes());
    h.extend_from_slice(&4u16.to_le_bytes());
    h.extend_from_slice(&[0; 8]);
    h.extend_from_slice(&snaplen.to_le_bytes());
    h.extend_from_slice(&link_type.to_le_bytes());
    h
}

fn record(caplen: u32, len: u32, data: &[u8]) -> Vec<u8> {
    let mut r = Vec::new();
    for v in [1u32, 0, caplen, len] {
        r.extend_from_slice(&v.to_le_bytes());
    }
    r.extend_from_slice(data);
    r
}

fn no_panic(out: &std::process::Output) {
    let err = stderr(out);
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(out.status.code(), Some(101), "{err}");
}

#[test]
fn corrupt_pcap_version_is_named_and_exits_1() {
    if !common::corpus_or_skip("corrupt_pcap_version_is_named_and_exits_1") {
        return;
    }
    let out = wirelab([
        "read".as_ref(),
        corpus("libpcap-pcap-invalid-version-1.pcap").as_os_str(),
    ]);
    no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(
            "libpcap-pcap-invalid-version-1.pcap: cannot open: archaic pcap savefile format"
        ),
        "{err}"
    );
}

#[test]
fn pcapng_option_running_past_its_block_is_named_and_exits_1() {
    if !common::corpus_or_skip("pcapng_option_running_past_its_block_is_named_and_exits_1") {
        return;
    }
    let out = wirelab([
        "read".as_ref(),
        corpus("libpcap-shb-option-too-long.pcapng").as_os_str(),
    ]);
    no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("libpcap-shb-option-too-long.pcapng: cannot open: block total length")
    );
}

#[test]
fn fuzzed_tcp_header_is_shown_with_what_is_wrong() {
    if !common::corpus_or_skip("fuzzed_tcp_header_is_shown_with_what_is_wrong") {
        return;
    }
    let out = wirelab([
        "read".as_ref(),
        corpus("tcpdump-heapoverflow-tcp_print.pcap").as_os_str(),
        "--color".as_ref(),
        "never".as_ref(),
    ]);
    no_panic(&out);
    assert_eq!(
        out.status.code(),
        Some(0),
        "malformed packets are data, not a damaged file"
    );
    let text = stdout(&out);
    assert!(
        text.contains("48.48.48.48:12336 → 48.48.48.48:12336  TCP"),
        "{text}"
    );
    assert!(text.contains("[captured 64 of 262144 bytes]"), "{text}");
    assert!(
        text.contains("[malformed tcp @34: TCP header truncated: needs 60 bytes, 30 present]"),
        "{text}"
    );
}

#[test]
fn ipv6_header_cut_at_39_bytes_keeps_the_ethernet_layer() {
    if !common::corpus_or_skip("ipv6_header_cut_at_39_bytes_keeps_the_ethernet_layer") {
        return;
    }
    let out = wirelab([
        "read".as_ref(),
        corpus("tcpdump-ipv6_invalid_length.pcap").as_os_str(),
        "--json".as_ref(),
    ]);
    no_panic(&out);
    let p = &packets(&out)[0];
    assert_eq!(p["link"]["src"], "f0:4d:a2:3d:5d:a3");
    assert_eq!(p["issues"][0]["layer"], "ipv6");
    assert_eq!(p["issues"][0]["offset"], 14);
    assert_eq!(
        p["issues"][0]["message"],
        "IPv6 header truncated: needs 40 bytes, 39 present"
    );
}

#[test]
fn one_byte_raw_ip_frame_names_the_bad_version() {
    if !common::corpus_or_skip("one_byte_raw_ip_frame_names_the_bad_version") {
        return;
    }
    let out = wirelab([
        "read".as_ref(),
        corpus("tcpdump-heap-overflow-1.pcap").as_os_str(),
        "--json".as_ref(),
    ]);
    no_panic(&out);
    let p = &packets(&out)[0];
    assert_eq!(p["caplen"], 1);
    assert_eq!(p["len"], 262144);
    assert_eq!(
        p["issues"][0]["message"],
        "IP version 3 (only 4 and 6 exist)"
    );
}

#[test]
fn microsecond_field_of_a_million_is_carried_and_flagged() {
    if !common::corpus_or_skip("microsecond_field_of_a_million_is_carried_and_flagged") {
        return;
    }
    let out = wirelab([
        "read".as_ref(),
        corpus("tcpdump-timestamp_invalid_micro.pcap").as_os_str(),
        "--json".as_ref(),
    ]);
    no_panic(&out);
    let ps = packets(&out);
    assert_eq!(ps.len(), 3);
    assert_eq!(ps[1]["ts"], "1418145371.000000000");
    assert_eq!(ps[1]["issues"][0]["layer"], "frame");
    assert!(
        ps[1]["issues"][0]["message"]
            .as_str()
            .unwrap()
            .contains("carried into the seconds")
    );
    assert_eq!(ps[0]["issues"].as_array().unwrap().len(), 0);
}

#[test]
fn truncated_last_record_keeps_every_packet_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let whole = fs::read(capture("tcp-echo.pcap")).unwrap();
    let cut = dir.path().join("cut.pcap");
    fs::write(&cut, &whole[..whole.len() - 10]).unwrap();
    let out = wirelab([
        "read".as_ref(),
        cut.as_os_str(),
        "--color".as_ref(),
        "never".as_ref(),
    ]);
    no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out).lines().count(), 10);
    let err = stderr(&out);
    assert!(
        err.contains("cut.pcap: record 11: truncated dump file"),
        "{err}"
    );
}

#[test]
fn truncated_file_header_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("head.pcap");
    fs::write(&cut, &fs::read(capture("tcp-echo.pcap")).unwrap()[..10]).unwrap();
    let out = wirelab(["read".as_ref(), cut.as_os_str()]);
    no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("head.pcap: cannot open: truncated dump file"));
}

#[test]
fn a_file_that_is_not_a_capture_is_named() {
    let out = wirelab(["read", "Cargo.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "wirelab: Cargo.toml: cannot open: unknown file format\n"
    );
}

#[test]
fn missing_file_is_reported_and_the_next_one_still_read() {
    let out = wirelab([
        "read",
        "captures/nope.pcap",
        "captures/udp-echo.pcap",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("captures/nope.pcap: cannot open: No such file or directory"));
    assert_eq!(packets(&out).len(), 4);
}

#[test]
fn unknown_link_type_gets_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("user0.pcap");
    let mut bytes = pcap_header(65535, 147);
    bytes.extend(record(4, 4, b"abcd"));
    fs::write(&f, bytes).unwrap();
    let out = wirelab(["read".as_ref(), f.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1);
    assert!(
        err.contains("user0.pcap: unsupported link type 147"),
        "{err}"
    );
}

#[test]
fn caplen_beyond_what_libpcap_accepts_is_named_with_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("huge.pcap");
    let mut bytes = pcap_header(64, 1);
    bytes.extend(record(60, 60, &[0u8; 60]));
    bytes.extend(record(300_000, 300_000, &[0u8; 100]));
    fs::write(&f, bytes).unwrap();
    let out = wirelab(["read".as_ref(), f.as_os_str(), "--json".as_ref()]);
    no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(packets(&out).len(), 1);
    let err = stderr(&out);
    assert!(
        err.contains("huge.pcap: record 2: invalid packet capture length 300000"),
        "{err}"
    );
}

#[test]
fn caplen_above_snaplen_is_read_as_libpcap_cuts_it() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("snap.pcap");
    let mut bytes = pcap_header(64, 1);
    bytes.extend(record(100, 100, &[0u8; 100]));
    fs::write(&f, bytes).unwrap();
    let out = wirelab(["read".as_ref(), f.as_os_str(), "--json".as_ref()]);
    no_panic(&out);
    assert_eq!(out.status.code(), Some(0));
    let p = &packets(&out)[0];
    assert_eq!(p["caplen"], 64);
    assert_eq!(p["len"], 100);
}

#[test]
fn garbage_frames_of_every_size_decode_without_panic() {
    // Every prefix of a real frame, and bytes of every value, through each link type.
    let dir = tempfile::tempdir().unwrap();
    for link_type in [0u32, 1, 101, 108, 113, 228, 229, 276] {
        let f = dir.path().join(format!("garbage-{link_type}.pcap"));
        let mut bytes = pcap_header(65535, link_type);
        for n in 0..80u32 {
            let data: Vec<u8> = (0..n).map(|i| (i * 37 + n) as u8).collect();
            bytes.extend(record(n, n + 3, &data));
        }
        fs::write(&f, bytes).unwrap();
        let out = wirelab(["read".as_ref(), f.as_os_str(), "--json".as_ref()]);
        no_panic(&out);
        assert_eq!(
            out.status.code(),
            Some(0),
            "link type {link_type}: {}",
            stderr(&out)
        );
        assert_eq!(packets(&out).len(), 80);
    }
}

#[test]
fn json_packets_before_the_damage_are_all_written() {
    // The JSON renderer gathers packets into large blocks: it must hand them all over before
    // the damage is reported and the run ends.
    let dir = tempfile::tempdir().unwrap();
    let whole = fs::read(capture("tcp-echo.pcap")).unwrap();
    let cut = dir.path().join("cut.pcap");
    fs::write(&cut, &whole[..whole.len() - 10]).unwrap();
    let out = wirelab(["read".as_ref(), cut.as_os_str(), "--json".as_ref()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(packets(&out).len(), 10);
    let conns = stdout(&out)
        .lines()
        .filter(|l| l.contains("\"type\":\"conn\""))
        .count();
    assert_eq!(conns, 1, "the open conversation is still reported");
}

/// An Ethernet frame of one UDP datagram whose length field is `udp_len`, carrying "hello".
fn udp_frame(udp_len: u16, ipv6: bool) -> Vec<u8> {
    let mut udp = Vec::new();
    for v in [5353u16, 53, udp_len, 0] {
        udp.extend_from_slice(&v.to_be_bytes());
    }
    udp.extend_from_slice(b"hello");
    let mut f = vec![2, 2, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4];
    let ip_len = u16::try_from(udp.len()).unwrap();
    if ipv6 {
        f.extend_from_slice(&[0x86, 0xdd, 0x60, 0, 0, 0]);
        f.extend_from_slice(&ip_len.to_be_bytes());
        f.extend_from_slice(&[17, 64]);
        f.extend_from_slice(&[0x20; 16]);
        f.extend_from_slice(&[0x30; 16]);
    } else {
        f.extend_from_slice(&[0x08, 0x00, 0x45, 0]);
        f.extend_from_slice(&(20 + ip_len).to_be_bytes());
        f.extend_from_slice(&[0, 0, 0x40, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2]);
    }
    f.extend_from_slice(&udp);
    f
}

/// The frames and what tshark 4.0.17 says about them (`tshark -z expert`): "Bad length value
/// 4 < 8", "Bad length value 100 > IP payload length", nothing for a length inside the IP
/// payload, "Length is zero but payload < 65536" for IPv6.
#[test]
fn bad_udp_length_below_8_or_past_the_ip_payload_is_flagged() {
    let cases: [(u16, bool, &str, &str); 7] = [
        (
            4,
            false,
            "UDP len=0",
            "[malformed udp @34: bad UDP length 4 < 8]",
        ),
        (
            0,
            false,
            "UDP len=0",
            "[malformed udp @34: bad UDP length 0 < 8]",
        ),
        (
            100,
            false,
            "UDP len=5",
            "[malformed udp @34: bad UDP length 100 > IP payload length 13]",
        ),
        (10, false, "UDP len=2", ""),
        (13, false, "UDP len=5", ""),
        (
            100,
            true,
            "UDP len=5",
            "[malformed udp @54: bad UDP length 100 > IP payload length 13]",
        ),
        (
            0,
            true,
            "UDP len=5",
            "[malformed udp @54: UDP length 0 (a jumbogram's) but IP payload length 13 < 65536]",
        ),
    ];
    let mut file = pcap_header(262144, 1);
    for (len, v6, _, _) in cases {
        let f = udp_frame(len, v6);
        let n = u32::try_from(f.len()).unwrap();
        file.extend(record(n, n, &f));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("udp-lengths.pcap");
    fs::write(&path, file).unwrap();
    // The frames are made by hand with zero checksums: -C keeps the issues to the lengths
    // under test (tests/checksums.rs checks checksums).
    let out = wirelab([
        "read".as_ref(),
        path.as_os_str(),
        "-C".as_ref(),
        "--color".as_ref(),
        "never".as_ref(),
    ]);
    no_panic(&out);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), cases.len(), "{text}");
    for ((len, v6, shown, issue), line) in cases.iter().zip(&lines) {
        assert!(line.contains(shown), "length {len} (IPv6 {v6}): {line}");
        if issue.is_empty() {
            assert!(
                !line.contains("malformed"),
                "length {len} (IPv6 {v6}): {line}"
            );
        } else {
            assert!(line.contains(issue), "length {len} (IPv6 {v6}): {line}");
        }
    }
    let json = wirelab([
        "read".as_ref(),
        path.as_os_str(),
        "-C".as_ref(),
        "--json".as_ref(),
    ]);
    let layers: Vec<usize> = packets(&json)
        .iter()
        .map(|p| p["issues"].as_array().map_or(0, Vec::len))
        .collect();
    assert_eq!(layers, [1, 1, 1, 0, 0, 1, 1]);
}
