//! `wirelab read` as a user runs it, on the captures shipped in captures/.

mod common;

use std::process::{Command, Stdio};

use common::{capture, packets, stderr, stdout, wirelab};

#[test]
fn text_output_of_the_tcp_echo_capture() {
    let out = wirelab(["read", "captures/tcp-echo.pcap", "--color", "never"]);
    assert!(out.status.success(), "{}", stderr(&out));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn json_output_of_the_udp_echo_capture() {
    let out = wirelab(["read", "captures/udp-echo.pcap", "--json"]);
    assert!(out.status.success());
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn handshake_flags_are_spelled_out_in_order() {
    let out = wirelab(["read", "captures/tcp-echo.pcap", "--color", "never"]);
    let flags: Vec<String> = stdout(&out)
        .lines()
        .map(|l| {
            l.split("TCP ")
                .nth(1)
                .unwrap()
                .split_whitespace()
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        flags,
        [
            "SYN", "SYN-ACK", "ACK", "PSH-ACK", "ACK", "PSH-ACK", "ACK", "FIN-ACK", "ACK",
            "FIN-ACK", "ACK"
        ]
    );
}

#[test]
fn filter_keeps_the_files_own_frame_numbers() {
    let out = wirelab([
        "read",
        "captures/tcp-echo.pcap",
        "tcp[tcpflags] & tcp-fin != 0",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let frames: Vec<u64> = packets(&out)
        .iter()
        .map(|p| p["frame"].as_u64().unwrap())
        .collect();
    assert_eq!(frames, [8, 10]);
}

#[test]
fn filter_words_after_the_files_are_joined_like_tcpdump() {
    let out = wirelab([
        "read",
        "captures/tcp-echo.pcap",
        "captures/udp-echo.pcap",
        "udp",
        "and",
        "port",
        "8002",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ps = packets(&out);
    assert_eq!(ps.len(), 4);
    assert!(
        ps.iter()
            .all(|p| p["udp"]["dport"] == 8002 || p["udp"]["sport"] == 8002)
    );
}

#[test]
fn count_stops_after_n_packets_over_all_files() {
    let out = wirelab([
        "read",
        "captures/tcp-echo.pcap",
        "captures/udp-echo.pcap",
        "-c",
        "12",
        "--json",
    ]);
    let ps = packets(&out);
    assert_eq!(ps.len(), 12);
    // Frame numbers restart in each file, as tshark numbers them.
    assert_eq!(ps[10]["frame"], 11);
    assert_eq!(ps[11]["frame"], 1);
    assert!(ps[11]["udp"].is_object());
}

#[test]
fn several_files_are_headed_in_text_and_announced_in_json() {
    let text = stdout(&wirelab([
        "read",
        "captures/udp-echo.pcap",
        "captures/tcp-echo-ipv6.pcap",
        "--color",
        "never",
    ]));
    assert!(
        text.starts_with("== captures/udp-echo.pcap (EN10MB (Ethernet))\n"),
        "{text}"
    );
    assert!(text.contains("\n== captures/tcp-echo-ipv6.pcap (EN10MB (Ethernet))\n"));
    let json = stdout(&wirelab([
        "read",
        "captures/udp-echo.pcap",
        "captures/tcp-echo-ipv6.pcap",
        "--json",
    ]));
    let files: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["type"] == "file")
        .collect();
    assert_eq!(files.len(), 2);
    assert_eq!(files[1]["index"], 1);
    assert_eq!(files[1]["link_type"], 1);
}

#[test]
fn ipv6_endpoints_are_bracketed() {
    let text = stdout(&wirelab([
        "read",
        "captures/tcp-echo-ipv6.pcap",
        "-c",
        "1",
        "--color",
        "never",
    ]));
    assert!(text.contains("[::1]:"), "{text}");
    assert!(text.contains(" → [::1]:8003  TCP SYN "), "{text}");
}

#[test]
fn stdin_reads_like_a_file() {
    let file = std::fs::File::open(capture("tcp-echo.pcap")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_wirelab"))
        .args(["read", "-", "--color", "never"])
        .stdin(Stdio::from(file))
        .output()
        .unwrap();
    let direct = wirelab(["read", "captures/tcp-echo.pcap", "--color", "never"]);
    assert!(out.status.success());
    assert_eq!(stdout(&out), stdout(&direct));
}

#[test]
fn written_file_holds_the_filtered_packets_with_times_and_lengths() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("fin.pcap");
    let out = wirelab([
        "read".as_ref(),
        capture("tcp-echo.pcap").as_os_str(),
        "tcp[tcpflags] & tcp-fin != 0".as_ref(),
        "-w".as_ref(),
        target.as_os_str(),
        "--json".as_ref(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = packets(&out);
    let back = packets(&wirelab([
        "read".as_ref(),
        target.as_os_str(),
        "--json".as_ref(),
    ]));
    assert_eq!(back.len(), 2);
    for (a, b) in shown.iter().zip(&back) {
        for key in ["ts", "len", "caplen", "ip", "tcp"] {
            assert_eq!(a[key], b[key], "{key}");
        }
    }
    // tcpdump reads it too (CI installs tcpdump).
    let td = Command::new("tcpdump")
        .args(["-nn", "-r"])
        .arg(&target)
        .output()
        .expect("tcpdump");
    assert!(
        td.status.success(),
        "{}",
        String::from_utf8_lossy(&td.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&td.stdout).lines().count(), 2);
}

#[test]
fn a_broken_pipe_ends_the_run_quietly() {
    // Enough input that wirelab is still writing when `head` leaves.
    let many: Vec<String> = (0..3000)
        .map(|_| "captures/tcp-echo.pcap".to_owned())
        .collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_wirelab"))
        .current_dir(common::repo())
        .arg("read")
        .args(&many)
        .args(["--color", "never"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "status {:?}", out.status);
    assert_eq!(stderr(&out), "");
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let always = stdout(&wirelab([
        "read",
        "captures/tcp-echo.pcap",
        "-c",
        "1",
        "--color",
        "always",
    ]));
    assert!(always.contains("\u{1b}["), "{always:?}");
    let never = stdout(&wirelab([
        "read",
        "captures/tcp-echo.pcap",
        "-c",
        "1",
        "--color",
        "never",
    ]));
    assert!(!never.contains('\u{1b}'));
    // auto: stdout is a pipe here, so no colour either.
    let auto = stdout(&wirelab(["read", "captures/tcp-echo.pcap", "-c", "1"]));
    assert!(!auto.contains('\u{1b}'));
}

#[test]
fn time_column_formats() {
    let first_two = |mode: &str| -> Vec<String> {
        stdout(&wirelab([
            "read",
            "captures/udp-echo.pcap",
            "-c",
            "2",
            "--color",
            "never",
            "--time",
            mode,
        ]))
        .lines()
        .map(|l| l.split_whitespace().nth(1).unwrap().to_owned())
        .collect()
    };
    let ts: Vec<String> = packets(&wirelab([
        "read",
        "captures/udp-echo.pcap",
        "-c",
        "2",
        "--json",
    ]))
    .iter()
    .map(|p| p["ts"].as_str().unwrap()[..17].to_owned())
    .collect();
    assert_eq!(first_two("epoch"), ts);
    let rel = first_two("rel");
    assert_eq!(rel[0], "0.000000");
    assert_eq!(
        first_two("delta")[1],
        rel[1],
        "delta of the second packet is its distance to the first"
    );
    let abs = stdout(&wirelab([
        "read",
        "captures/udp-echo.pcap",
        "-c",
        "1",
        "--color",
        "never",
        "--time",
        "abs",
    ]));
    let date = abs.split_whitespace().nth(1).unwrap();
    assert_eq!(date.len(), 10, "{abs}");
    assert_eq!(&date[4..5], "-");
}

#[test]
fn invalid_filter_names_the_expression_and_exits_2() {
    let out = wirelab(["read", "captures/tcp-echo.pcap", "tcp", "prt", "80"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("invalid filter 'tcp prt 80'"), "{err}");
    assert!(err.contains("syntax error"), "{err}");
}

#[test]
fn writing_inputs_of_two_link_types_skips_the_second_and_says_why() {
    if !common::corpus_or_skip("writing_inputs_of_two_link_types_skips_the_second_and_says_why") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("mixed.pcap");
    let out = wirelab([
        "read".as_ref(),
        capture("udp-echo.pcap").as_os_str(),
        common::corpus("tcpdump-resp_2_inline.pcap").as_os_str(),
        "-w".as_ref(),
        target.as_os_str(),
        "--json".as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("a pcap file has one link type"),
        "{}",
        stderr(&out)
    );
    assert_eq!(packets(&out).len(), 4);
    assert_eq!(
        packets(&wirelab([
            "read".as_ref(),
            target.as_os_str(),
            "--json".as_ref()
        ]))
        .len(),
        4
    );
}

#[test]
fn pcapng_mixing_link_types_is_read_to_the_end() {
    if !common::corpus_or_skip("pcapng_mixing_link_types_is_read_to_the_end") {
        return;
    }
    // libpcap stops at the second interface's link type; wirelab goes on with pcap-file.
    let f = common::corpus("gopacket-pcapng-le-test100.pcapng");
    let out = wirelab(["read".as_ref(), f.as_os_str(), "--json".as_ref()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ps = packets(&out);
    let links: Vec<&str> = ps
        .iter()
        .map(|p| p["link"]["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        links,
        ["ethernet", "ethernet", "ethernet", "ethernet", "loopback"]
    );
    assert_eq!(
        ps[2]["caplen"], 314,
        "simple packet block padding is not data"
    );
    assert_eq!(ps[3]["ts"], "1340954905.300858000");
    assert_eq!(ps[4]["udp"]["sport"], 17500);
}

#[test]
fn writing_a_pcapng_that_mixes_link_types_keeps_the_first_type() {
    if !common::corpus_or_skip("writing_a_pcapng_that_mixes_link_types_keeps_the_first_type") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("eth.pcap");
    let f = common::corpus("gopacket-pcapng-le-test100.pcapng");
    let out = wirelab([
        "read".as_ref(),
        f.as_os_str(),
        "-w".as_ref(),
        target.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("record 5 has link type NULL"),
        "{}",
        stderr(&out)
    );
    let back = packets(&wirelab([
        "read".as_ref(),
        target.as_os_str(),
        "--json".as_ref(),
    ]));
    assert_eq!(back.len(), 4);
}

/// A pcapng file with an Ethernet interface, then a BSD loopback one (which libpcap refuses
/// to mix), a UDP datagram on each.
fn mixed_link_types_pcapng() -> Vec<u8> {
    use pcap_file::DataLink;
    use pcap_file::pcapng::PcapNgWriter;
    use pcap_file::pcapng::blocks::enhanced_packet::EnhancedPacketBlock;
    use pcap_file::pcapng::blocks::interface_description::{
        InterfaceDescriptionBlock, InterfaceDescriptionOption,
    };
    let udp = |port: u16| {
        let mut p = Vec::new();
        etherparse::PacketBuilder::ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .udp(port, 53)
            .write(&mut p, b"hi")
            .unwrap();
        p
    };
    let mut eth = Vec::new();
    etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
        .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
        .udp(1111, 53)
        .write(&mut eth, b"hi")
        .unwrap();
    // BSD loopback: the address family (2, IPv4) in host byte order, then the packet.
    let mut null = 2u32.to_ne_bytes().to_vec();
    null.extend(udp(2222));
    let mut w = PcapNgWriter::new(Vec::new()).unwrap();
    for (id, (link, frame)) in [(DataLink::ETHERNET, eth), (DataLink::NULL, null)]
        .into_iter()
        .enumerate()
    {
        let idb = InterfaceDescriptionBlock {
            linktype: link,
            snaplen: 0,
            // Nanoseconds, which pcap-file writes the timestamps in.
            options: vec![InterfaceDescriptionOption::IfTsResol(9)],
        };
        w.write_pcapng_block(idb).unwrap();
        let epb = EnhancedPacketBlock {
            interface_id: u32::try_from(id).unwrap(),
            timestamp: std::time::Duration::from_secs(1_700_000_000 + id as u64),
            original_len: u32::try_from(frame.len()).unwrap(),
            data: frame.into(),
            options: vec![],
        };
        w.write_pcapng_block(epb).unwrap();
    }
    w.into_inner()
}

#[test]
fn pcapng_mixing_link_types_on_stdin_is_read_as_the_file_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mixed.pcapng");
    std::fs::write(&path, mixed_link_types_pcapng()).unwrap();
    let by_path = wirelab(["read".as_ref(), path.as_os_str(), "--json".as_ref()]);
    assert!(by_path.status.success(), "{}", stderr(&by_path));
    let links: Vec<String> = packets(&by_path)
        .iter()
        .map(|p| p["link"]["type"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(links, ["ethernet", "loopback"]);
    // Redirected from the file, and through a pipe (which cannot be read twice).
    let redirected = std::process::Command::new(env!("CARGO_BIN_EXE_wirelab"))
        .args(["read", "-", "--json"])
        .stdin(std::fs::File::open(&path).unwrap())
        .output()
        .unwrap();
    let piped = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "cat '{}' | '{}' read - --json",
            path.display(),
            env!("CARGO_BIN_EXE_wirelab")
        ))
        .output()
        .unwrap();
    let same = stdout(&by_path).replace(&format!("\"{}\"", path.display()), "\"-\"");
    assert!(same.contains("\"ts\":\"1700000001.000000000\""), "{same}");
    for out in [&redirected, &piped] {
        assert!(out.status.success(), "{}", stderr(out));
        assert_eq!(stderr(out), "");
        assert_eq!(stdout(out), same);
    }
}

/// zeek-ftp-ipv4.pcap: the FTP data connections close (and are reported 5 s later) while the
/// control connection, conversation 1, is still open. The table still lists them by id.
#[test]
fn summary_rows_stay_in_id_order_when_conversations_end_out_of_order() {
    if !common::corpus_or_skip("summary_rows_stay_in_id_order_when_conversations_end_out_of_order")
    {
        return;
    }
    let path = common::corpus("zeek-ftp-ipv4.pcap");
    let json = wirelab([
        std::ffi::OsStr::new("read"),
        "--json".as_ref(),
        path.as_os_str(),
    ]);
    assert!(json.status.success(), "{}", stderr(&json));
    let reported: Vec<u64> = stdout(&json)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["type"] == "conn")
        .filter_map(|v| v["id"].as_u64())
        .collect();
    assert_ne!(
        reported.first(),
        Some(&1),
        "JSON reports conversations as they end"
    );
    let out = wirelab([
        std::ffi::OsStr::new("read"),
        "--summary".as_ref(),
        path.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ids: Vec<u64> = stdout(&out)
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next()?.parse().ok())
        .collect();
    let mut sorted = reported.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted);
}

#[test]
fn pings_are_icmp_echo_conversations_in_the_summary_and_json() {
    if !common::corpus_or_skip("pings_are_icmp_echo_conversations_in_the_summary_and_json") {
        return;
    }
    let f = common::corpus("ppa-icmp_echo.pcapng");
    let out = wirelab(["read".as_ref(), f.as_os_str(), "--summary".as_ref()]);
    let rows: Vec<String> = stdout(&out).lines().skip(1).map(str::to_owned).collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row = &rows[0];
    assert!(row.contains(" icmp  192.168.100.138 id 1280 "), "{row}");
    assert!(row.contains(" 192.168.100.1 id 1280 "), "{row}");
    assert!(row.contains(" OTH ") && row.contains(" 4/4 "), "{row}");
    let json = wirelab([
        "read".as_ref(),
        f.as_os_str(),
        "--summary".as_ref(),
        "--json".as_ref(),
    ]);
    let conn: serde_json::Value = stdout(&json)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["type"] == "conn")
        .unwrap();
    assert_eq!(conn["proto"], "icmp");
    assert_eq!(conn["client"]["icmp_id"], 1280);
    assert!(conn["client"].get("port").is_none());
    assert_eq!(conn["iana_service"], serde_json::Value::Null);
    assert_eq!(conn["packets"]["c2s"], 4);
    assert_eq!(conn["roles_by"], "sent the echo request");
    assert_eq!(conn["handshake"], "none (ICMP echo is connectionless)");
}
