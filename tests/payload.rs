//! Seeing the data: `-x`, `-xx`, `-X`, `-XX` agree with tcpdump line for line, `-A` shows
//! what TCP and UDP carried as text, `--encoding` reads GBK, and UTF-8 Chinese sent by real
//! sockets (the lab) appears as characters in `-A`, `--timeline` and the TUI's ladder.

mod common;

use std::path::Path;

use common::{stdout, wirelab};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use wirelab::tui::action::Action;
use wirelab::tui::app::App;
use wirelab::tui::view::{self, Theme};

/// The indented dump lines (`\t0x0000:  4500 ...`) of a run's output.
fn dump_lines(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.starts_with("\t0x")).collect()
}

fn tcpdump(file: &Path, flag: &str) -> String {
    let out = std::process::Command::new("tcpdump")
        .args(["-nn", flag, "-r"])
        .arg(file)
        .output()
        .expect("tcpdump (apt-get install tcpdump)");
    stdout(&out)
}

#[test]
fn hex_dumps_are_tcpdumps_line_for_line_on_every_shipped_capture() {
    let mut files: Vec<_> = std::fs::read_dir(common::repo().join("captures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pcap"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "{files:?}");
    for file in &files {
        for flag in ["-x", "-xx", "-X", "-XX"] {
            let theirs = tcpdump(file, flag);
            let ours = stdout(&wirelab([
                "read".as_ref(),
                file.as_os_str(),
                flag.as_ref(),
                "--color=never".as_ref(),
            ]));
            let (t, o) = (dump_lines(&theirs), dump_lines(&ours));
            assert!(
                !t.is_empty(),
                "{} {flag}: tcpdump printed no dump",
                file.display()
            );
            assert_eq!(o, t, "{} {flag}", file.display());
        }
    }
}

#[test]
fn dash_a_shows_each_payload_as_text_under_its_packet_and_nothing_else() {
    let out = stdout(&wirelab(["read", "captures/tcp-echo.pcap", "-A"]));
    let lines: Vec<&str> = out.lines().collect();
    // Frames 4 and 6 carry "hello, wirelab\n"; tcpdump's layout ends each dump with a newline.
    let at = |n: &str| {
        lines
            .iter()
            .position(|l| l.trim_start().starts_with(&format!("{n} ")))
            .unwrap()
    };
    for frame in ["4", "6"] {
        let i = at(frame);
        assert_eq!(
            lines.get(i + 1..i + 3),
            Some(&["hello, wirelab", ""][..]),
            "{out}"
        );
    }
    // No header bytes as text (tcpdump -A would print "E..<M.@.@..."), and a packet
    // without data has nothing under it.
    let plain = stdout(&wirelab(["read", "captures/tcp-echo.pcap"]));
    assert_eq!(lines.len(), plain.lines().count() + 4, "{out}");
    assert!(!out.contains("E.."), "{out}");
}

#[test]
fn payload_flags_do_not_go_with_json_or_the_summary() {
    for flag in ["-A", "-x", "-XX"] {
        let o = wirelab(["read", "captures/tcp-echo.pcap", flag, "--json"]);
        assert_eq!(o.status.code(), Some(2), "{flag}");
    }
}

/// One Ethernet/IPv4/UDP frame carrying `payload`, as a pcap file at `path`.
fn udp_frame_file(path: &Path, payload: &[u8]) {
    let mut frame = Vec::new();
    etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
        .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
        .udp(40000, 9000)
        .write(&mut frame, payload)
        .unwrap();
    common::ethernet_pcap(path, &[frame], 0);
}

#[test]
fn gbk_text_is_read_with_encoding_gbk() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gbk.pcap");
    // 你好 in GBK, then ASCII.
    udp_frame_file(&file, b"\xc4\xe3\xba\xc3, gbk\n");
    let read = |args: &[&str]| {
        let mut all: Vec<&std::ffi::OsStr> = vec!["read".as_ref(), file.as_os_str()];
        all.extend(args.iter().map(std::ffi::OsStr::new));
        stdout(&wirelab(all))
    };
    assert!(read(&["-A", "--encoding", "gbk"]).contains("\n你好, gbk\n"));
    // As UTF-8 they are not text.
    assert!(read(&["-A"]).contains("\n...., gbk\n"));
    let hex = read(&["-X", "--encoding", "gbk"]);
    // The payload starts at byte 28 of the IP packet: 你好 ends the second line.
    assert!(hex.contains("  .....@#(...*你好\n"), "{hex}");
    assert!(hex.contains("  ,.gbk.\n"), "{hex}");
    let ladder = read(&["--timeline", "--encoding", "gb18030"]);
    assert!(ladder.contains("\"你好, gbk\\n\""), "{ladder}");
}

/// The TUI at 120×40 with the first conversation's ladder open.
fn tui_ladder(file: &Path) -> String {
    let mut app = App::from_file(file).unwrap();
    app.update(Action::Resize(120, 40));
    app.update(Action::Open);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|f| view::draw(f, &app, &Theme::new(false)))
        .unwrap();
    terminal.backend().to_string()
}

#[test]
fn chinese_sent_over_tcp_and_udp_shows_as_text_in_dash_a_the_timeline_and_the_tui() {
    if !common::root_or_skip("chinese_sent_over_tcp_and_udp_shows_as_text") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let message = "你好, wirelab\n";
    for scenario in ["tcp-echo", "udp-echo"] {
        let file = dir.path().join(format!("{scenario}.pcap"));
        let lab = wirelab([
            "lab".as_ref(),
            scenario.as_ref(),
            "--message".as_ref(),
            message.as_ref(),
            "-w".as_ref(),
            file.as_os_str(),
        ]);
        assert!(lab.status.success(), "{}", common::stderr(&lab));
        let read =
            |flag: &str| stdout(&wirelab(["read".as_ref(), file.as_os_str(), flag.as_ref()]));
        let text = read("-A");
        assert!(text.contains("\n你好, wirelab\n"), "{scenario} -A:\n{text}");
        let hex = read("-X");
        // Each character in the column of its first byte, blanks for its other bytes.
        let column: String = dump_lines(&hex)
            .iter()
            .map(|l| l.get(51..).unwrap_or(""))
            .collect();
        assert!(
            column.contains("你 ") && column.contains(",.wire"),
            "{scenario} -X:\n{hex}"
        );
        let ladder = read("--timeline");
        assert!(
            ladder.contains("\"你好, wirelab\\n\""),
            "{scenario} --timeline:\n{ladder}"
        );
        let screen = tui_ladder(&file);
        assert!(
            screen.contains("\"你好, wirelab\\n\""),
            "{scenario} TUI:\n{screen}"
        );
    }
}

#[test]
fn capture_takes_the_same_flags_and_shows_the_text_live() {
    if !common::root_or_skip("capture_takes_the_same_flags_and_shows_the_text_live") {
        return;
    }
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    // A port nobody listens on: the datagram is captured on its way, answered by ICMP.
    let port = {
        let other = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        other.local_addr().unwrap().port()
    };
    let filter = format!("udp dst port {port}");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_wirelab"))
        .args([
            "capture",
            "-i",
            "lo",
            "-c",
            "1",
            "-A",
            "--immediate",
            &filter,
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Sent until the capture has its packet (it needs a moment to open the interface).
    for _ in 0..100 {
        let _ = socket.send_to("你好, live\n".as_bytes(), ("127.0.0.1", port));
        std::thread::sleep(std::time::Duration::from_millis(100));
        if child.try_wait().unwrap().is_some() {
            break;
        }
    }
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    let text = stdout(&out);
    assert!(text.contains("\n你好, live\n"), "{text}");
}
