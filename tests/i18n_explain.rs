//! `explain`, `lab --list` and `--help` in Chinese: insta snapshots of what a student reads,
//! each scanned for English words outside a small allow-list (the names of calls, options
//! and errors, which a program prints as they are), and the locale choosing Chinese when no
//! `--lang` is given.

mod common;

use common::{english_words, stderr, stdout, wirelab, wirelab_command};

/// Words that stay as they are in the Chinese text: the IANA registry, transport names as
/// "80/tcp" writes them, operating systems, RFC citations, the things `explain` accepts.
const EXPLAIN_ALLOW: &[&str] = &[
    "IANA",
    "RFC",
    "tcp",
    "udp",
    "Linux",
    "Windows",
    "macOS",
    "CIDR",
    "NAT",
    "localhost",
    "mDNS",
    "local",
    "getsockname",
    "getpeername",
    "accept",
    "Python",
    "lo",
    // The IANA names of the ports asked about: data from the registry, not sentences.
    "http",
    "domain",
    "vcom-tunnel",
];

fn explain_zh(words: &[&str]) -> (String, String, bool) {
    let mut args = vec!["explain", "--lang", "zh"];
    args.extend_from_slice(words);
    let out = wirelab(&args);
    (stdout(&out), stderr(&out), out.status.success())
}

fn assert_chinese(what: &str, text: &str, allow: &[&str]) {
    let english = english_words(text, allow);
    assert!(
        english.is_empty(),
        "{what}: English words {english:?} in:\n{text}"
    );
    assert!(
        text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{what}: no Chinese in:\n{text}"
    );
}

#[test]
fn ports_in_chinese() {
    for port in ["8001", "80", "53"] {
        let (out, err, ok) = explain_zh(&[port]);
        assert!(ok, "{port}: {err}");
        assert!(out.contains(&format!("{port}/tcp：")), "{out}");
        assert_chinese(port, &out, EXPLAIN_ALLOW);
        insta::assert_snapshot!(format!("explain_port_{port}_zh"), out);
    }
}

#[test]
fn addresses_in_chinese() {
    for (name, addr) in [
        ("loopback", "127.0.0.1"),
        ("private", "192.168.1.10"),
        ("loopback6", "::1"),
        ("mdns", "224.0.0.251"),
    ] {
        let (out, err, ok) = explain_zh(&[addr]);
        assert!(ok, "{addr}: {err}");
        assert!(out.starts_with(&format!("{addr}\n")), "{out}");
        assert_chinese(addr, &out, EXPLAIN_ALLOW);
        insta::assert_snapshot!(format!("explain_address_{name}_zh"), out);
    }
}

#[test]
fn a_network_in_chinese() {
    let (out, err, ok) = explain_zh(&["192.168.1.0/24"]);
    assert!(ok, "{err}");
    assert!(out.contains("广播地址 192.168.1.255"), "{out}");
    assert!(out.contains("254 个地址"), "{out}");
    assert_chinese("192.168.1.0/24", &out, EXPLAIN_ALLOW);
    insta::assert_snapshot!("explain_network_zh", out);
}

#[test]
fn refusals_in_chinese() {
    let (out, err, ok) = explain_zh(&["hello", "192.168.1.0/33", "80/sctp"]);
    assert!(!ok, "refused words fail the run");
    assert!(out.is_empty(), "{out}");
    // "wirelab:" begins each line; "sctp" and "hello" are the words the user gave.
    let allow = [EXPLAIN_ALLOW, &["wirelab", "hello", "sctp", "IPv4", "IPv6"]].concat();
    assert_chinese("refusals", &err, &allow);
    assert_eq!(err.lines().count(), 3, "{err}");
    insta::assert_snapshot!("explain_refusals_zh", err);
}

#[test]
fn the_locale_chooses_chinese_for_explain() {
    let out = wirelab_command()
        .args(["explain", "8001"])
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .expect("wirelab runs");
    let text = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(text.contains("注册端口"), "{text}");
    assert_chinese("LANG=zh_CN.UTF-8 explain 8001", &text, EXPLAIN_ALLOW);
    // And English stays the default.
    let en = stdout(&wirelab(["explain", "8001"]));
    assert!(en.starts_with("8001/tcp: registered"), "{en}");
}

/// The calls, options and errors a scenario's line names as a program writes them (the
/// scenarios' own names are allowed too, from the English list).
const LAB_ALLOW: &[&str] = &[
    "count",
    "connect",
    "send",
    "close",
    "bye",
    "shutdown",
    "SHUT_WR",
    "SO_LINGER",
    "recv",
    "ECONNRESET",
    "ECONNREFUSED",
    "bind",
    "EADDRINUSE",
    "SO_REUSEADDR",
    "sendto",
    "recvfrom",
    "Nagle",
    "TCP_NODELAY",
    "SO_KEEPALIVE",
    "RTO",
    "drop-retransmissions",
    "ETIMEDOUT",
    "s",
    "mtu",
];

#[test]
fn lab_list_in_chinese() {
    let out = wirelab(["lab", "--list", "--lang", "zh"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("三次握手与四次挥手"), "{text}");
    let en = stdout(&wirelab(["lab", "--list"]));
    let names = en
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next());
    let allow: Vec<&str> = LAB_ALLOW.iter().copied().chain(names).collect();
    assert!(
        allow.len() > LAB_ALLOW.len() + 20,
        "the English list lost its names"
    );
    assert_chinese("lab --list", &text, &allow);
    // The same scenarios in the same lines as the English list.
    assert_eq!(text.lines().count(), en.lines().count());
    insta::assert_snapshot!("lab_list_zh", text);
}

/// The headings clap writes itself ("Usage", "Options"), the commands' and options' own
/// names, and the names of things the help points to as they are written.
const HELP_ALLOW: &[&str] = &[
    // -L/--layers and --only KIND with its values, the nesting line's example as the
    // output writes it, and the classroom simulator the filter is named after.
    "layers",
    "only",
    "KIND",
    "steps",
    "findings",
    "udp",
    "icmp",
    "arp",
    "OSI",
    "Ethernet",
    "data",
    "bytes",
    "Packet",
    "Tracer",
    "Usage",
    "OPTIONS",
    "COMMAND",
    "Commands",
    "Options",
    "Arguments",
    "help",
    "TUI",
    "log",
    "summary",
    "version",
    "wirelab",
    "read",
    "report",
    "tui",
    "lab",
    "run",
    "explain",
    "interfaces",
    "capture",
    "completions",
    "man",
    "LANG",
    "lang",
    "zh",
    "en",
    "LC_ALL",
    "LC_MESSAGES",
    "zh_CN",
    "UTF-8",
    "pcap",
    "pcapng",
    "BPF",
    "tcpdump",
    "CAP_NET_RAW",
    "Ctrl-C",
    "root",
    "connect",
    "accept",
    "send",
    "recv",
    "close",
    "SVG",
    "HTML",
    "docs",
    "md",
    "IANA",
    "bash",
    "zsh",
    "fish",
    "elvish",
    "powershell",
    "shell",
    "roff",
    "FILE",
    "FILTER",
    "r",
    "n",
    "nn",
    "t",
    "tt",
    "ttt",
    "tttt",
    "ttttt",
    "time",
    "S",
    "absolute-seq",
    "e",
    "link-header",
    "MAC",
    "EtherType",
    "A",
    "x",
    "xx",
    "X",
    "XX",
    "encoding",
    "ENCODING",
    "utf-8",
    "gbk",
    "gb18030",
    "latin1",
    "WHATWG",
    "GBK",
    "windows-1252",
    "ASCII",
    "c",
    "count",
    "N",
    "w",
    "write",
    "json",
    "JSON",
    "Lines",
    "TIME",
    "rel",
    "delta",
    "abs",
    "epoch",
    "none",
    "UTC",
    "timeline",
    "conn",
    "ID",
    "timeline-format",
    "FORMAT",
    "text",
    "mermaid",
    "Mermaid",
    "sequenceDiagram",
    "Markdown",
    "svg",
    "html",
    "follow",
    "tshark",
    "z",
    "tcp",
    "follow-format",
    "FOLLOW_FORMAT",
    "hex",
    "raw",
    "side",
    "SIDE",
    "client",
    "server",
    "no-checksums",
    "Zeek",
    "C",
    "history",
    "format",
    "zeek-conn",
    "conn_state",
    "uid",
    "orig_h",
    "missed_bytes",
    "zeek-cut",
    "annotations",
    "v",
    "verbose",
    "color",
    "COLOR",
    "auto",
    "always",
    "never",
    "NO_COLOR",
    "TIMELINE_FORMAT",
    "ss",
    "sudo",
    "json",
    "o",
    "i",
    "lo",
    "any",
    "q",
];

#[test]
fn help_in_chinese() {
    for (name, args) in [
        ("help_zh", &["--help", "--lang", "zh"][..]),
        ("read_help_zh", &["read", "--help", "--lang", "zh"][..]),
    ] {
        let out = wirelab(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let text = stdout(&out);
        // The examples are command lines, not prose; clap's own lines for -h, -V and the
        // help subcommand stay English (docs/i18n.md).
        let clap_own = ["Print help", "Print version", "Print this message"];
        let mut in_examples = false;
        let prose: String = text
            .lines()
            .filter(|l| {
                in_examples = (in_examples && !l.is_empty()) || *l == "示例：";
                !in_examples && !clap_own.iter().any(|c| l.contains(c))
            })
            .collect::<Vec<_>>()
            .join("\n");
        assert_chinese(name, &prose, HELP_ALLOW);
        insta::assert_snapshot!(name, text);
    }
    let en = stdout(&wirelab(["read", "--help"]));
    assert!(en.starts_with("Read saved captures"), "{en}");
}

#[test]
fn the_locale_chooses_chinese_help() {
    let out = wirelab_command()
        .args(["lab", "--help"])
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .expect("wirelab runs");
    let text = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(text.starts_with("运行一个客户端和一个服务端"), "{text}");
    assert!(text.contains("示例："), "{text}");
}

/// The calls a lab line names as a program writes them.
const CALL_ALLOW: &[&str] = &[
    "socket",
    "AF_INET",
    "SOCK_STREAM",
    "SOCK_DGRAM",
    "setsockopt",
    "SO_REUSEADDR",
    "bind",
    "listen",
    "backlog",
    "connect",
    "accept",
    "send",
    "recv",
    "close",
    "sendto",
    "recvfrom",
    "EADDRINUSE",
    "ECONNREFUSED",
    "MSL",
    "Linux",
];

/// `lab tcp-time-wait` and `lab udp-unreachable` in Chinese: the call lines (a bind() refused
/// with its errno and why, a recv() refused by an ICMP error) and the line after the run.
#[test]
fn lab_call_lines_in_chinese() {
    if !common::root_or_skip("lab_call_lines_in_chinese") {
        return;
    }
    for (scenario, expect) in [
        ("tcp-time-wait", "地址已被使用"),
        ("udp-unreachable", "连接被拒绝"),
    ] {
        let out = wirelab(["lab", scenario, "--lang", "zh", "--color", "never"]);
        assert!(out.status.success(), "{scenario}: {}", stderr(&out));
        let text = stdout(&out);
        let calls: Vec<&str> = text.lines().filter(|l| l.contains('↳')).collect();
        assert!(calls.len() > 4, "{scenario}: {text}");
        let calls = calls.join("\n");
        assert!(calls.contains(expect), "{scenario}: {calls}");
        assert!(calls.contains("↳ 客户端  "), "{scenario}: {calls}");
        assert_chinese(scenario, &calls, CALL_ALLOW);
        let err = stderr(&out);
        assert!(err.contains("个数据包"), "{scenario}: {err}");
        // In English the same run says it as before.
        let en = wirelab(["lab", scenario, "--color", "never"]);
        assert!(stdout(&en).contains("↳ client  socket("), "{}", stdout(&en));
    }
}

/// The common errors of `read` in Chinese: a missing file, a file that is not a capture, a
/// filter that does not parse, a conversation that is not there; and in English as before.
#[test]
fn read_errors_in_chinese() {
    let cases: [(&[&str], &str, &str); 4] = [
        (
            &["read", "no-such-file.pcap"],
            "无法打开：没有这个文件或目录",
            "cannot open: No such file or directory",
        ),
        (
            &["read", "README.md"],
            "无法打开：未知的文件格式",
            "cannot open: unknown file format",
        ),
        (
            &["read", "captures/tcp-echo.pcap", "tcp port"],
            "无效的过滤表达式 'tcp port'：无法解析过滤表达式：语法错误",
            "invalid filter 'tcp port': can't parse filter expression: syntax error",
        ),
        (
            &[
                "read",
                "captures/tcp-echo.pcap",
                "--timeline",
                "--conn",
                "9",
            ],
            "--conn 9：没有这个会话；唯一的会话是 1",
            "--conn 9: no such conversation; the only one is 1",
        ),
    ];
    for (args, zh, en) in cases {
        let mut zh_args = args.to_vec();
        zh_args.extend(["--lang", "zh"]);
        let out = wirelab(&zh_args);
        assert!(!out.status.success(), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains(zh), "{args:?}: {err}");
        let allow = [
            "wirelab",
            "no-such-file",
            "pcap",
            "pcapng",
            "README",
            "md",
            "captures",
            "tcp-echo",
            "tcp",
            "port",
            "conn",
        ];
        assert_chinese(&format!("{args:?}"), &err, &allow);
        let err = stderr(&wirelab(args));
        assert!(err.contains(en), "{args:?}: {err}");
    }
}
