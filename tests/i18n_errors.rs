//! The command line's own messages in Chinese: read's `--follow` usage errors, the TUI's
//! errors, capture's lines (`-w -`, the privilege advice, listening, dropping root, the
//! statistics), and the lab's interrupted line; each scanned for English words, and the
//! English ones as they were.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};

use common::{english_words, stderr, wirelab, wirelab_command};

/// Flags, their values and the names the messages keep as written.
const ALLOW: &[&str] = &[
    "follow",
    "follow-format",
    "raw",
    "side",
    "client",
    "server",
    "JSON",
    "json",
    "TUI",
    "pcap",
    "lo",
    "wirelab",
    "capture",
    "interfaces",
    "uid",
    "gid",
    "nobody",
    "user",
    "EN10MB",
    "Ethernet",
    "root",
    "CAP_NET_RAW",
    "sudo",
    "setcap",
    "cap_net_raw",
    "cap_net_admin",
    "eip",
    "which",
    "docs",
    "faq",
    "md",
    "tcp",
    "port",
];

/// `what`'s stderr in Chinese: some Chinese, no English word outside `ALLOW` and `more`.
fn assert_chinese(what: &str, err: &str, more: &[&str]) {
    let allow: Vec<&str> = ALLOW.iter().chain(more).copied().collect();
    let english = english_words(err, &allow);
    assert!(
        english.is_empty(),
        "{what}: English words {english:?} in:\n{err}"
    );
    assert!(
        err.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{what}: no Chinese in:\n{err}"
    );
}

#[test]
fn usage_errors_in_chinese() {
    let cases: [(&[&str], &str, &str); 8] = [
        (
            &["read", "captures/tcp-echo.pcap", "--follow-format", "raw"],
            "需要 --follow",
            "--follow-format needs --follow ID",
        ),
        (
            &[
                "read",
                "captures/tcp-echo.pcap",
                "--follow",
                "1",
                "--follow-format",
                "raw",
                "--json",
            ],
            "不是 JSON",
            "--follow-format raw writes bytes, not JSON: drop --json",
        ),
        (
            &[
                "read",
                "captures/tcp-echo.pcap",
                "--follow",
                "1",
                "--follow-format",
                "raw",
            ],
            "客户端或服务端",
            "--follow-format raw writes one side's bytes: add --side client or --side server",
        ),
        (
            &[
                "read",
                "captures/tcp-echo.pcap",
                "--follow",
                "1",
                "--follow-format",
                "raw",
                "--side",
                "client",
            ],
            "写入文件",
            "--follow-format raw writes into a file: add -w FILE",
        ),
        (
            &[
                "read",
                "captures/tcp-echo.pcap",
                "--follow",
                "1",
                "-w",
                "/nonexistent/x",
            ],
            "原始字节",
            "with --follow, -w takes the raw bytes of one side",
        ),
        (
            &[
                "read",
                "captures/tcp-echo.pcap",
                "--follow",
                "1",
                "--side",
                "client",
            ],
            "--side 选择",
            "--side chooses the bytes --follow-format raw writes",
        ),
        (
            &["tui", "captures/tcp-echo.pcap", "captures/udp-echo.pcap"],
            "一次只打开一个抓包文件",
            "the TUI opens one capture file at a time",
        ),
        (
            &["capture", "-w", "-"],
            "会把 pcap 字节",
            "-w - would mix the pcap bytes with the packet lines on stdout; add -q",
        ),
    ];
    for (args, zh_words, en_words) in cases {
        usage_error_in_both(args, (zh_words, en_words), &[]);
    }
}

/// `wirelab ARGS` fails with the usage status (2) and says `en` in English, and with `--lang
/// zh` fails the same way and says `zh`, with no English word outside `ALLOW` and `more`.
fn usage_error_in_both(args: &[&str], (zh, en): (&str, &str), more: &[&str]) {
    let out = wirelab(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    assert!(stderr(&out).contains(en), "{args:?}: {}", stderr(&out));
    let out = wirelab([args, &["--lang", "zh"][..]].concat());
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains(zh), "{args:?}: {err}");
    assert_chinese(&format!("{args:?}"), &err, more);
}

#[test]
fn the_tuis_errors_in_chinese() {
    let out = wirelab(["tui", "-", "--lang", "zh"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("需要一个文件"), "{err}");
    assert_chinese("tui -", &err, &[]);
    let en = stderr(&wirelab(["tui", "-"]));
    assert!(
        en.contains("so it needs a file, not standard input"),
        "{en}"
    );
    // Without a terminal (standard input is not one here), a missing file, a filter that
    // does not compile, and the terminal itself.
    for (args, zh, en) in [
        (
            &["tui", "no-such-file.pcap"][..],
            "无法打开：没有这个文件或目录",
            "cannot open",
        ),
        (
            &["tui", "captures/tcp-echo.pcap", "tcp port"][..],
            "无法编译：无法解析过滤表达式",
            "does not compile",
        ),
        (
            &["tui", "captures/tcp-echo.pcap"][..],
            "TUI 需要一个终端",
            "the TUI needs a terminal",
        ),
    ] {
        let run = |lang: &str| {
            let out = wirelab_command()
                .args(args)
                .args(["--lang", lang])
                .stdin(Stdio::null())
                .output()
                .expect("run wirelab");
            assert!(!out.status.success(), "{args:?}");
            stderr(&out)
        };
        let (zh_err, en_err) = (run("zh"), run("en"));
        assert!(zh_err.contains(zh), "{args:?}: {zh_err}");
        assert!(en_err.contains(en), "{args:?}: {en_err}");
        assert_chinese(&format!("{args:?}"), &zh_err, &["no-such-file", "tty"]);
    }
}

/// Without CAP_NET_RAW (as nobody), `capture --lang zh` gives the privilege advice in
/// Chinese, with the same command lines as the English one.
#[test]
fn the_privilege_advice_in_chinese() {
    if !common::root_or_skip("the_privilege_advice_in_chinese") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let copy = dir.path().join("wirelab");
    std::fs::copy(env!("CARGO_BIN_EXE_wirelab"), &copy).expect("copy");
    let out = Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--inh-caps=-all",
        ])
        .arg(&copy)
        .args(["capture", "-i", "lo", "--lang", "zh"])
        .output()
        .expect("setpriv (util-linux)");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.starts_with("wirelab: 无法在 lo 上抓包："), "{err}");
    assert!(err.contains("抓包需要 CAP_NET_RAW 权限"), "{err}");
    assert!(
        err.contains(&format!(
            "\n    sudo {} capture -i lo --lang zh\n",
            copy.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("\n    sudo setcap cap_net_raw,cap_net_admin=eip $(which wirelab)\n"),
        "{err}"
    );
    // libpcap's reason and the copy's path are data.
    let path_words: Vec<String> = copy
        .display()
        .to_string()
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '_')
        .map(str::to_owned)
        .collect();
    let mut more = vec!["socket", "Operation", "not", "permitted", "zh", "lang", "i"];
    more.extend(path_words.iter().map(String::as_str));
    assert_chinese("capture as nobody", &err, &more);
}

/// A capture on lo as nobody, ended by one packet: the listening line, the line that says
/// root was given up, and the statistics, in Chinese.
#[test]
fn the_capture_lines_in_chinese() {
    if !common::root_or_skip("the_capture_lines_in_chinese") {
        return;
    }
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind");
    let port = socket.local_addr().expect("addr").port();
    let mut child = wirelab_command()
        .args([
            "capture", "-i", "lo", "-c", "1", "-q", "--user", "nobody", "--lang", "zh",
        ])
        .arg(format!("udp port {port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().expect("wait").is_none() && std::time::Instant::now() < until {
        socket.send_to(b"ping", ("127.0.0.1", port)).expect("send");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = child.kill();
    let out = child.wait_with_output().expect("output");
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("wirelab: 正在 lo 上监听，链路类型 EN10MB"),
        "{err}"
    );
    assert!(
        err.contains("wirelab: 已放弃 root 权限：以 uid 65534"),
        "{err}"
    );
    assert!(err.contains("抓到 1 个数据包\n"), "{err}");
    assert!(err.contains("接口丢弃 0 个数据包\n"), "{err}");
    assert_chinese("capture", &err, &[]);
}

/// A lab interrupted by Ctrl-C says so in Chinese.
#[test]
fn an_interrupted_lab_in_chinese() {
    if !common::root_or_skip("an_interrupted_lab_in_chinese") {
        return;
    }
    let child = wirelab_command()
        .args(["lab", "tcp-echo", "--delay", "2000", "--lang", "zh"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let pid = nix::unistd::Pid::from_raw(i32::try_from(child.id()).expect("pid"));
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGINT).expect("kill");
    let out = child.wait_with_output().expect("output");
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    let err = stderr(&out);
    let last = err.lines().last().unwrap_or_default();
    assert_eq!(
        last, "wirelab: 实验被中断；它的网络命名空间（如果有）已删除",
        "{err}"
    );
}

/// `report`'s usage errors: two files, a conversation that is not there.
#[test]
fn report_errors_in_chinese() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("r.html");
    let out = out.to_str().expect("UTF-8 path");
    let cases: [(&[&str], &str, &str); 2] = [
        (
            &[
                "report",
                "captures/tcp-echo.pcap",
                "captures/udp-echo.pcap",
                "-o",
                out,
            ],
            "report 只读取一个抓包文件",
            "report reads one capture file; give the others a report each",
        ),
        (
            &["report", "captures/tcp-echo.pcap", "--conn", "9", "-o", out],
            "--conn 9：没有这个会话；唯一的会话是 1",
            "--conn 9: no such conversation; the only one is 1",
        ),
    ];
    for (args, zh_words, en_words) in cases {
        usage_error_in_both(args, (zh_words, en_words), &["report", "conn"]);
    }
}

/// `wirelab run`: refusing to run a program as root, and the line after a run, in Chinese.
#[test]
fn run_lines_in_chinese() {
    if !common::root_or_skip("run_lines_in_chinese") {
        return;
    }
    let err = stderr(&wirelab(["run", "--lang", "zh", "--", "true"]));
    assert!(err.contains("不会以 root 身份运行程序"), "{err}");
    assert_chinese("run as root", &err, &["run"]);
    let out = wirelab(["run", "--user", "nobody", "--lang", "zh", "--", "true"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let last = err.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("wirelab run：true 以状态 0 退出；1 个进程，0 次套接字调用"),
        "{err}"
    );
    assert!(
        last.contains("（程序没有进行 wirelab 跟踪的套接字调用）"),
        "{last}"
    );
    assert_chinese("run", last, &["run", "true"]);
    let en = stderr(&wirelab(["run", "--user", "nobody", "--", "true"]));
    assert!(
        en.contains("wirelab run: true exited with status 0; 1 process(es), 0 socket calls"),
        "{en}"
    );
}
