//! What a tcpdump user types first works: `-r FILE`, `-n`/`-nn`, the `-t` time flags,
//! `wirelab FILE` (a hint, not a riddle), `-i N` by index, file names that are not UTF-8.

mod common;

use std::os::unix::ffi::OsStrExt;

use common::{capture, stderr, stdout, wirelab};

fn tcp_echo() -> String {
    capture("tcp-echo.pcap").to_str().unwrap().to_owned()
}

#[test]
fn r_reads_the_file_and_every_other_word_is_the_filter() {
    let plain = wirelab(["read", &tcp_echo(), "tcp[13] & 2 != 0"]);
    let r = wirelab([
        "read",
        "-r",
        &tcp_echo(),
        "-nn",
        "tcp[13]",
        "&",
        "2",
        "!=",
        "0",
    ]);
    assert!(r.status.success(), "{}", stderr(&r));
    assert_eq!(stdout(&r), stdout(&plain));
    assert_eq!(stdout(&r).lines().count(), 2, "the SYN and the SYN-ACK");
    let n = wirelab(["read", "-n", &tcp_echo()]);
    assert_eq!(stdout(&n), stdout(&wirelab(["read", &tcp_echo()])));
}

#[test]
fn t_flags_pick_the_time_column_as_tcpdump_does() {
    let first = |args: &[&str]| {
        let mut all = vec!["read", "-c", "2"];
        all.extend_from_slice(args);
        let out = wirelab(&all);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out).lines().nth(1).unwrap().to_owned()
    };
    let echo = tcp_echo();
    assert!(
        first(&[&echo, "-t"]).starts_with("    2 127.0.0.1:8001 → "),
        "no time"
    );
    assert_eq!(first(&[&echo, "-tt"]), first(&[&echo, "--time", "epoch"]));
    assert_eq!(first(&[&echo, "-ttt"]), first(&[&echo, "--time", "delta"]));
    assert_eq!(first(&[&echo, "-tttt"]), first(&[&echo, "--time", "abs"]));
    assert_eq!(first(&[&echo, "-ttttt"]), first(&[&echo, "--time", "rel"]));
    let both = wirelab(["read", &echo, "-tt", "--time", "rel"]);
    assert_eq!(both.status.code(), Some(2), "-t and --time conflict");
}

#[test]
fn a_capture_file_without_a_subcommand_gets_a_hint() {
    let out = wirelab([tcp_echo().as_str()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).ends_with(&format!("did you mean: wirelab read {}\n", tcp_echo())),
        "{}",
        stderr(&out)
    );
}

#[test]
fn file_names_need_not_be_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.pcap");
    let path = dir.path().join(name);
    std::fs::copy(capture("tcp-echo.pcap"), &path).unwrap();
    let out = wirelab([std::ffi::OsStr::new("read"), path.as_os_str()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 11);
    let written = dir
        .path()
        .join(std::ffi::OsStr::from_bytes(b"out\xff.pcap"));
    let out = wirelab([
        std::ffi::OsStr::new("read"),
        path.as_os_str(),
        std::ffi::OsStr::new("-w"),
        written.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(&written).unwrap(),
        std::fs::read(&path).unwrap()
    );
}

#[test]
fn i_takes_the_interface_index_that_interfaces_shows() {
    if !common::root_or_skip("i_takes_the_interface_index_that_interfaces_shows") {
        return;
    }
    let list: serde_json::Value =
        serde_json::from_slice(&wirelab(["interfaces", "--json"]).stdout).unwrap();
    let lo = list["interfaces"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "lo")
        .expect("lo is listed");
    let index = lo["index"].as_u64().unwrap().to_string();
    // -c 1 on a filter nothing matches would wait: a bad filter ends the run at once, after
    // the interface has been chosen, and names it.
    let out = wirelab(["capture", "-i", &index, "not a filter"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("wirelab: lo: invalid filter"),
        "{}",
        stderr(&out)
    );
    let out = wirelab(["capture", "-i", "9999", "udp"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("-i 9999: no interface has index 9999; there are: "));
}

/// `tcpdump -nn -r FILE ARGS` (tcpdump is what CI installs to read files back).
fn tcpdump(file: &str, args: &[&str]) -> String {
    let out = std::process::Command::new("tcpdump")
        .args(["-nn", "-r", file])
        .args(args)
        .output()
        .expect("tcpdump (apt-get install tcpdump)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every number after `key` (`seq=` or `seq `) in `text`, in order.
fn numbers_after(text: &str, key: &str) -> Vec<u64> {
    text.split(key)
        .skip(1)
        .filter_map(|rest| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .collect()
}

#[test]
fn capital_s_shows_the_sequence_numbers_tcpdump_s_shows() {
    let file = capture("tcp-echo-netns.pcap");
    let file = file.to_str().unwrap();
    let ours = stdout(&wirelab(["read", file, "-S", "tcp"]));
    let theirs = tcpdump(file, &["-S", "tcp"]);
    assert_eq!(ours.lines().count(), theirs.lines().count());
    for (o, t) in ours.lines().zip(theirs.lines()) {
        // tcpdump leaves seq out of a segment that carries nothing (a pure ACK).
        if t.contains(" seq ") {
            assert_eq!(
                numbers_after(o, "seq="),
                numbers_after(t, "seq "),
                "{o}\n{t}"
            );
        }
        assert_eq!(
            numbers_after(o, " ack="),
            numbers_after(t, " ack "),
            "{o}\n{t}"
        );
    }
    assert!(
        numbers_after(&ours, "seq=").iter().any(|&s| s > 1_000_000),
        "{ours}"
    );
    // Without -S the numbers are relative, as Wireshark shows them.
    let relative = stdout(&wirelab(["read", file, "tcp"]));
    assert_eq!(numbers_after(&relative, "seq=").first(), Some(&0));
}

#[test]
fn e_shows_the_link_header_tcpdump_e_shows() {
    let file = capture("tcp-echo-netns.pcap");
    let file = file.to_str().unwrap();
    let ours = stdout(&wirelab(["read", file, "-e"]));
    let theirs = tcpdump(file, &["-e"]);
    let ours: Vec<(String, String, u64)> = ours
        .lines()
        .map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            let len = w[7].parse().unwrap();
            (w[2].to_owned(), w[4].to_owned(), len)
        })
        .collect();
    let theirs: Vec<(String, String, u64)> = theirs
        .lines()
        .map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            let len = numbers_after(l, "length ")[0];
            (w[1].to_owned(), w[3].trim_end_matches(',').to_owned(), len)
        })
        .collect();
    assert_eq!(ours.len(), 13, "{ours:?}");
    assert_eq!(ours, theirs);
}
