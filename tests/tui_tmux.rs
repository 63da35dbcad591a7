//! The TUI in a real terminal: tmux runs `wirelab tui`, keys are sent with `send-keys`, and
//! the screen is read with `capture-pane`. Each test has its own tmux server (`-L`), so tests
//! running at once do not meet; the server is killed when the test ends, also on failure.
//! tmux must be installed (`.ci/run` installs it); without it these tests fail.

mod common;

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

/// How long to wait for a screen to show something before giving up (a bound, not a
/// measurement: screens normally appear within milliseconds).
const PATIENCE: Duration = Duration::from_secs(30);

struct Tmux {
    socket: String,
}

impl Tmux {
    /// A detached session of `width`×`height` running `wirelab ARGS`, then reporting how it
    /// exited and whether the terminal is back in canonical (cooked) mode.
    fn start(name: &str, width: u16, height: u16, args: &str) -> Tmux {
        Tmux::start_env(name, width, height, "", args)
    }

    /// [`Tmux::start`] with `env` (`NAME=value ...`) before the command.
    fn start_env(name: &str, width: u16, height: u16, env: &str, args: &str) -> Tmux {
        let t = Tmux {
            socket: format!("wirelab-{name}-{}", std::process::id()),
        };
        let script = format!(
            "{env} '{}' {args}; echo EXITED:$?; stty -a | tr ' ' '\\n' | grep -x -- '-*icanon'; echo END; sleep 600",
            env!("CARGO_BIN_EXE_wirelab")
        );
        let out = t.tmux(&[
            "new-session",
            "-d",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
            "-c",
            common::repo().to_str().unwrap(),
            "sh",
            "-c",
            &script,
        ]);
        assert!(
            out.status.success(),
            "tmux new-session: {}",
            common::stderr(&out)
        );
        t
    }

    fn tmux(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .env_remove("TMUX")
            .output()
            .expect("tmux must be installed to run the TUI tests (apt-get install tmux)")
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "0"];
        args.extend_from_slice(keys);
        let out = self.tmux(&args);
        assert!(out.status.success(), "send-keys: {}", common::stderr(&out));
    }

    fn screen(&self) -> String {
        common::stdout(&self.tmux(&["capture-pane", "-p", "-t", "0"]))
    }

    /// Waits until every needle is on screen; returns the screen.
    fn wait_for(&self, needles: &[&str]) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if needles.iter().all(|n| screen.contains(n)) {
                return screen;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "waited for {needles:?}; the screen shows:\n{screen}"
            );
            sleep(Duration::from_millis(50));
        }
    }
}

impl Tmux {
    /// The pid of the wirelab process the session's shell runs.
    fn wirelab_pid(&self) -> i32 {
        let out = self.tmux(&["display-message", "-p", "-t", "0", "#{pane_pid}"]);
        let shell: i32 = common::stdout(&out)
            .trim()
            .parse()
            .expect("tmux gives the pane's pid");
        let start = Instant::now();
        loop {
            let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children"))
                .unwrap_or_default();
            if let Some(pid) = children.split_whitespace().next() {
                let pid: i32 = pid.parse().unwrap();
                let exe = std::fs::read_link(format!("/proc/{pid}/exe")).unwrap();
                assert_eq!(exe, std::path::Path::new(env!("CARGO_BIN_EXE_wirelab")));
                return pid;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "the shell in tmux started no process"
            );
            sleep(Duration::from_millis(20));
        }
    }

    /// Kills the session (and so the server: it is the only one), as closing the window does.
    fn kill_session(&self) {
        let out = self.tmux(&["kill-session", "-t", "0"]);
        assert!(
            out.status.success(),
            "kill-session: {}",
            common::stderr(&out)
        );
    }
}

/// Whether `pid` has exited within `limit` (gone, or a zombie nobody has reaped yet).
fn exits_within(pid: i32, limit: Duration) -> Result<Duration, String> {
    let start = Instant::now();
    loop {
        let state = std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|s| s.rsplit_once(") ")?.1.chars().next());
        if matches!(state, None | Some('Z' | 'X')) {
            return Ok(start.elapsed());
        }
        if start.elapsed() > limit {
            let cpu = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            return Err(format!("pid {pid} still runs after {limit:?}: {cpu}"));
        }
        sleep(Duration::from_millis(10));
    }
}

fn signal(pid: i32, sig: nix::sys::signal::Signal) {
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), sig).unwrap();
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

#[test]
fn stepping_through_the_handshake_in_a_real_terminal() {
    let t = Tmux::start("steps", 120, 40, "tui captures/tcp-echo.pcap");
    t.wait_for(&["1 conversation · 11 frames", "127.0.0.1:8001 (reg)", "SF"]);
    // Every text is waited for (the screen may be caught half redrawn), not asserted after
    // the first one appears.
    t.keys(&["Enter"]);
    t.wait_for(&[
        "step 1/11",
        "handshake 1/3: client SYN",
        "client  CLOSED → SYN-SENT",
    ]);
    t.keys(&["j"]);
    t.wait_for(&[
        "step 2/11",
        "frame 2 · server → client · handshake 2/3",
        "server  LISTEN → SYN-RECEIVED",
        "acknowledges the",
    ]);
    t.keys(&["Right"]);
    t.wait_for(&[
        "step 3/11",
        "handshake 3/3: client ACK",
        "server  SYN-RECEIVED → ESTABLISHED",
    ]);
    // n: the next event after the handshake is the client's FIN, frame 8.
    t.keys(&["n"]);
    t.wait_for(&["step 8/11", "frame 8 · client → server · teardown 1:"]);
    t.keys(&["Tab"]);
    t.wait_for(&["Packet frame 8, 66 bytes", "▾ TCP 43250 → 8001"]);
    t.keys(&["q"]);
    let s = t.wait_for(&["EXITED:0", "END"]);
    // Raw mode is off again and the alternate screen is gone.
    assert!(s.lines().any(|l| l.trim() == "icanon"), "{s}");
    assert!(!s.contains("Ladder"), "{s}");
}

/// `--lang zh` in a real terminal: the list, the ladder and the help in Chinese, wide
/// characters and all, at 80×24; and the locale alone (LANG=zh_CN.UTF-8) chooses it too.
#[test]
fn the_tui_speaks_chinese_with_lang_zh() {
    let t = Tmux::start("zh", 80, 24, "tui captures/tcp-echo.pcap --lang zh");
    t.wait_for(&["1 个会话 · 11 帧", "客户端", "包 客/服", "q 退出"]);
    t.keys(&["Enter"]);
    t.wait_for(&[
        "第 1/11 步",
        "梯形图 · 握手完整",
        "握手 1/3：客户端发送 SYN",
    ]);
    t.keys(&["?"]);
    t.wait_for(&["按键 · 按任意键关闭", "返回会话列表"]);
    t.keys(&["q"]);
    t.keys(&["q"]);
    let s = t.wait_for(&["EXITED:0", "END"]);
    assert!(s.lines().any(|l| l.trim() == "icanon"), "{s}");

    let t = Tmux::start_env(
        "zhlang",
        120,
        40,
        "LANG=zh_CN.UTF-8",
        "tui captures/tcp-echo.pcap",
    );
    t.wait_for(&["1 个会话 · 11 帧", "协议 IANA 名称"]);
    t.keys(&["q"]);
    t.wait_for(&["EXITED:0", "END"]);
}

#[test]
fn ctrl_c_quits_and_restores_the_terminal_at_80x24() {
    let t = Tmux::start("ctrlc", 80, 24, "read captures/tcp-echo.pcap --tui");
    t.wait_for(&["1 conversation", "complete"]);
    t.keys(&["?"]);
    t.wait_for(&["Keys · any key closes", "scroll the explanation"]);
    t.keys(&["C-c"]);
    let s = t.wait_for(&["EXITED:0", "END"]);
    assert!(s.lines().any(|l| l.trim() == "icanon"), "{s}");
    assert!(!s.contains("Conversations"), "{s}");
}

/// `wirelab capture --tui`: real packets from a real connection on `lo` appear in the same
/// views as they are captured; quitting stops the capture and prints libpcap's statistics.
#[test]
fn live_capture_feeds_the_tui() {
    if !common::root_or_skip("live_capture_feeds_the_tui") {
        return;
    }
    use std::net::TcpListener;

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let t = Tmux::start(
        "live",
        120,
        40,
        &format!("capture -i lo --stay-root --tui 'tcp port {port}'"),
    );
    t.wait_for(&["live capture on lo"]);
    common::echo_once(listener);

    let server_end = format!("127.0.0.1:{port}");
    t.wait_for(&[server_end.as_str(), "SF", "complete"]);
    t.keys(&["Enter"]);
    t.wait_for(&["handshake 1/3: client SYN", "client  CLOSED → SYN-SENT"]);
    t.keys(&["q"]);
    let s = t.wait_for(&["EXITED:0", "END"]);
    assert!(s.contains("packets captured"), "{s}");
    assert!(s.contains("0 packets dropped by kernel"), "{s}");
    assert!(s.lines().any(|l| l.trim() == "icanon"), "{s}");
}

/// `wirelab lab tcp-echo --tui`: the lab's real run opens in the TUI, and the ladder shows the
/// socket call that put a packet on the wire under the packet it caused.
#[test]
fn the_lab_opens_in_the_tui_with_its_socket_calls() {
    if !common::root_or_skip("the_lab_opens_in_the_tui_with_its_socket_calls") {
        return;
    }
    let t = Tmux::start("lab", 120, 40, "lab tcp-echo --tui");
    t.wait_for(&["wirelab lab tcp-echo on lo", "SF", "complete"]);
    t.keys(&["Enter"]);
    let s = t.wait_for(&[
        "handshake 1/3: client SYN",
        "client: connect(127.0.0.1:",
        "client: close() → FIN",
    ]);
    let connect = s
        .lines()
        .position(|l| l.contains("client: connect("))
        .unwrap();
    assert!(
        s.lines().nth(connect - 1).unwrap().contains("──SYN seq=0"),
        "connect() is drawn under the SYN it caused:\n{s}"
    );
    t.keys(&["q"]);
    t.wait_for(&["EXITED:0", "END"]);
}

/// `wirelab lab tcp-echo --tui --kernel-states`: under a packet the lab sampled the kernel
/// after, the kernel's own states sit under the ladder's inferred ones, and the explanation
/// of a call's packet carries the kernel's state of its socket.
#[test]
fn the_lab_tui_shows_the_kernels_states_under_the_inferred_ones() {
    if !common::root_or_skip("the_lab_tui_shows_the_kernels_states_under_the_inferred_ones") {
        return;
    }
    let t = Tmux::start("labkernel", 120, 40, "lab tcp-echo --tui --kernel-states");
    t.wait_for(&["wirelab lab tcp-echo on lo", "SF", "complete"]);
    t.keys(&["Enter"]);
    let s = t.wait_for(&["handshake 3/3: client ACK", "kernel"]);
    let lines: Vec<&str> = s.lines().collect();
    let ack = lines
        .iter()
        .position(|l| l.contains("handshake 3/3: client ACK"))
        .unwrap();
    let under = lines[ack + 1];
    assert!(
        under.contains("kernel") && under.matches("ESTABLISHED").count() == 2,
        "the kernel's ESTABLISHED on both sides under the handshake's last ACK:\n{s}"
    );
    // The kernel line starts where the states do: under the client's state column.
    let col = |l: &str, w: &str| l[..l.find(w).unwrap()].chars().count();
    assert_eq!(
        col(under, "ESTABLISHED"),
        col(lines[ack], "ESTABLISHED"),
        "{s}"
    );
    assert!(s.contains("client: connect(127.0.0.1:"), "{s}");
    t.keys(&["q"]);
    t.wait_for(&["EXITED:0", "END"]);
}

/// The echo programs where the user nobody (the programs' user) may read them, and a free
/// port.
fn echo_programs() -> (tempfile::TempDir, u16) {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    for name in ["tcp_echo_server.py", "tcp_echo_client.py"] {
        let to = dir.path().join(name);
        std::fs::copy(common::repo().join("tests/programs").join(name), &to).unwrap();
        std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    (dir, port)
}

/// Ctrl-C in the terminal goes to the traced program first: the Python server ends with
/// KeyboardInterrupt (status 1), and wirelab, still there, reports what it did.
#[test]
fn ctrl_c_reaches_the_traced_program_and_wirelab_reports() {
    if !common::root_or_skip("ctrl_c_reaches_the_traced_program_and_wirelab_reports") {
        return;
    }
    let (dir, port) = echo_programs();
    let args = format!(
        "run -- python3 {}/tcp_echo_server.py {port}",
        dir.path().display()
    );
    // The pane's shell keeps running on Ctrl-C, as an interactive shell does (a handler, not
    // an ignored signal: that would be inherited by the programs).
    let env = "trap true INT; SUDO_UID=65534 SUDO_GID=65534";
    let t = Tmux::start_env("runint", 120, 40, env, &args);
    t.wait_for(&["listening on"]);
    t.keys(&["C-c"]);
    let s = t.wait_for(&["KeyboardInterrupt", "wirelab run:", "EXITED:1"]);
    assert!(s.contains("listen(backlog 5)"), "the report follows:\n{s}");
}

/// `wirelab run --tui` grows while the program runs: the echo's conversation and the calls
/// that caused its packets are on screen while the program still sleeps, its output went to
/// --program-output, and quitting the TUI ends it (SIGTERM: status 143).
#[test]
fn run_tui_grows_while_the_program_runs_and_quitting_ends_it() {
    if !common::root_or_skip("run_tui_grows_while_the_program_runs_and_quitting_ends_it") {
        return;
    }
    let (dir, port) = echo_programs();
    let d = dir.path().display();
    let output = dir.path().join("program.out");
    let args = format!(
        "run --tui --program-output '{}' -- sh -c \"python3 {d}/tcp_echo_server.py {port} & sleep 0.3; python3 {d}/tcp_echo_client.py {port} hello 2; sleep 60\"",
        output.display()
    );
    let t = Tmux::start_env("run", 120, 40, "SUDO_UID=65534 SUDO_GID=65534", &args);
    t.wait_for(&["SF", "complete"]);
    t.keys(&["Enter"]);
    let s = t.wait_for(&[
        "handshake 1/3: client SYN",
        "connect(127.0.0.1:",
        "send(5 bytes)",
    ]);
    assert!(s.contains("python3["), "each call names its process:\n{s}");
    assert!(
        std::fs::read_to_string(&output)
            .unwrap()
            .contains("listening on"),
        "the program's output went to --program-output"
    );
    t.keys(&["q"]);
    t.wait_for(&["EXITED:143", "END"]);
}

/// SIGTERM from outside quits like `q`, also while the TUI waits for a key with nothing
/// else to do: the terminal is restored and the process is gone within a second.
#[test]
fn sigterm_ends_a_tui_blocked_on_input_within_a_second() {
    let t = Tmux::start("sigterm", 80, 24, "tui captures/tcp-chat.pcap");
    t.wait_for(&["1 conversation", "complete"]);
    let pid = t.wirelab_pid();
    // Indexing is done: the loop now only waits for keys.
    sleep(Duration::from_millis(600));
    signal(pid, nix::sys::signal::Signal::SIGTERM);
    exits_within(pid, Duration::from_secs(1)).unwrap();
    let s = t.wait_for(&["EXITED:", "END"]);
    assert!(s.lines().any(|l| l.trim() == "icanon"), "{s}");
    assert!(!s.contains("Conversations"), "{s}");
}

/// Killing the tmux session hangs up the TUI's terminal (as an ssh drop or a closed window
/// does): the TUI must end, not spin on `read` returning 0 or EIO.
#[test]
fn tui_exits_when_its_tmux_session_is_killed() {
    let t = Tmux::start("killed", 80, 24, "tui captures/tcp-chat.pcap");
    t.wait_for(&["1 conversation", "complete"]);
    let pid = t.wirelab_pid();
    t.kill_session();
    exits_within(pid, Duration::from_secs(2)).unwrap();
}

/// SIGHUP alone (the terminal still there) ends the TUI too, and restores the terminal.
#[test]
fn sighup_ends_the_tui_and_restores_the_terminal() {
    let t = Tmux::start("sighup", 80, 24, "tui captures/tcp-chat.pcap");
    t.wait_for(&["1 conversation", "complete"]);
    let pid = t.wirelab_pid();
    signal(pid, nix::sys::signal::Signal::SIGHUP);
    exits_within(pid, Duration::from_secs(1)).unwrap();
    let s = t.wait_for(&["EXITED:", "END"]);
    assert!(s.lines().any(|l| l.trim() == "icanon"), "{s}");
}

/// `capture --tui -w FILE` as root whose terminal goes away: the capture is stopped, not left
/// running, and the file is finished (every packet shown is in it, and it reads cleanly).
#[test]
fn capture_tui_stops_and_finishes_its_file_when_its_session_is_killed() {
    if !common::root_or_skip("capture_tui_stops_and_finishes_its_file_when_its_session_is_killed") {
        return;
    }
    use std::net::TcpListener;

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let file = std::env::temp_dir().join(format!("wirelab-tui-hup-{}.pcap", std::process::id()));
    let t = Tmux::start(
        "capkill",
        120,
        40,
        &format!(
            "capture -i lo --stay-root --tui -w '{}' 'tcp port {port}'",
            file.display()
        ),
    );
    t.wait_for(&["live capture on lo"]);
    let pid = t.wirelab_pid();
    common::echo_once(listener);
    t.wait_for(&["SF", "complete"]);
    t.kill_session();
    let took = exits_within(pid, Duration::from_secs(2));
    let read = common::wirelab(["read", file.to_str().unwrap()]);
    let _ = std::fs::remove_file(&file);
    took.unwrap();
    assert!(read.status.success(), "{}", common::stderr(&read));
    let text = common::stdout(&read);
    assert!(text.contains("handshake 1/3"), "{text}");
    assert!(text.contains("teardown"), "{text}");
}

/// `f` follows the echo conversation: both sides' turns marked as `read --follow` marks
/// them, the server's indented; `Enter` goes to the packet that carried a chunk and `f`
/// there comes back.
#[test]
fn following_the_echo_in_a_real_terminal() {
    let t = Tmux::start("follow", 80, 24, "tui captures/tcp-echo.pcap");
    t.wait_for(&["1 conversation · 11 frames", "f follow"]);
    t.keys(&["f"]);
    let s = t.wait_for(&[
        "Follow tcp conversation 1",
        "client (seq 1):",
        "server (seq 1):",
    ]);
    let lines: Vec<&str> = s.lines().collect();
    let client = lines
        .iter()
        .position(|l| l.contains("client (seq 1):"))
        .unwrap();
    let server = lines
        .iter()
        .position(|l| l.contains("server (seq 1):"))
        .unwrap();
    assert!(
        lines[client + 1].contains("4 hello, wirelab"),
        "the client's echo, frame 4 in the margin:\n{s}"
    );
    assert!(
        lines[server + 1].contains("6     hello, wirelab"),
        "the server's echo, indented:\n{s}"
    );
    // Down to the client's chunk, Enter: the ladder at frame 4; f: back at the chunk.
    t.keys(&["j", "Enter"]);
    t.wait_for(&["step 4/11"]);
    t.keys(&["f"]);
    let s = t.wait_for(&["Follow tcp conversation 1"]);
    assert!(
        s.contains("│▶4 hello, wirelab"),
        "the cursor on the chunk:\n{s}"
    );
    t.keys(&["Escape"]);
    t.wait_for(&["step 4/11"]);
    t.keys(&["q"]);
    let s = t.wait_for(&["EXITED:0", "END"]);
    assert!(s.lines().any(|l| l.trim() == "icanon"), "{s}");
}

/// The lab's live TUI (frames kept in memory) follows a conversation that carried
/// Chinese: the characters are on the screen, in both sides' turns.
#[test]
fn the_lab_follows_chinese_text_in_the_tui() {
    if !common::root_or_skip("the_lab_follows_chinese_text_in_the_tui") {
        return;
    }
    let t = Tmux::start(
        "labfollow",
        100,
        30,
        "lab tcp-echo --message '你好, wirelab' --tui",
    );
    t.wait_for(&["wirelab lab tcp-echo on lo", "SF", "complete"]);
    t.keys(&["f"]);
    let s = t.wait_for(&["client (seq 1):", "server (seq 1):"]);
    let chinese = s.lines().filter(|l| l.contains("你好, wirelab")).count();
    assert_eq!(chinese, 2, "the message and its echo:\n{s}");
    t.keys(&["q"]);
    t.wait_for(&["EXITED:0", "END"]);
}

/// `--quiz` in a real terminal: frame 1 stays hidden until its three questions are answered
/// (right, skipped, skipped), then the ladder shows it and the title the score; the log
/// holds the three answers and, after `q`, the score.
#[test]
fn the_quiz_asks_before_it_reveals_a_packet() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("quiz.jsonl");
    let args = format!(
        "tui captures/tcp-echo.pcap --quiz --quiz-seed 1 --quiz-log '{}'",
        log.display()
    );
    let t = Tmux::start("quiz", 80, 24, &args);
    t.wait_for(&["1 conversation · 11 frames"]);
    t.keys(&["Enter"]);
    let s = t.wait_for(&["Frame 1: who sends it?", "1/a  client", "quiz 0/0"]);
    assert!(
        !s.contains("SYN seq=0"),
        "frame 1 shown before its questions:\n{s}"
    );
    t.keys(&["1"]);
    t.wait_for(&["Right.", "The client sends it", "quiz 1/1"]);
    t.keys(&["Enter"]);
    t.wait_for(&["Frame 1: which flags does it carry?"]);
    t.keys(&["s"]);
    t.wait_for(&["Skipped: the answer is SYN."]);
    t.keys(&["Space"]);
    t.wait_for(&["question 3 of 3 · frame 1"]);
    t.keys(&["s", "Enter"]);
    t.wait_for(&["SYN seq=0", "Frame 2: who sends it?", "quiz 1/3"]);
    t.keys(&["q"]);
    let s = t.wait_for(&["EXITED:0", "END"]);
    assert!(s.lines().any(|l| l.trim() == "icanon"), "{s}");
    let text = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert_eq!(lines[0]["right"], true);
    assert_eq!(lines[1]["skipped"], true);
    assert_eq!(lines[3]["type"], "quiz_score");
    assert_eq!(lines[3]["right"], 1);
    assert_eq!(lines[3]["asked"], 3);
}

/// `lab tcp-echo --quiz`: the run opens in the quiz TUI; the SYN stays hidden until its
/// questions are answered, then it is drawn with the connect() that caused it.
#[test]
fn the_lab_opens_its_run_as_a_quiz() {
    if !common::root_or_skip("the_lab_opens_its_run_as_a_quiz") {
        return;
    }
    let t = Tmux::start("labquiz", 100, 30, "lab tcp-echo --quiz --quiz-seed 2");
    // The run is over before the TUI opens; the list keeps its state back (`?`, not SF).
    let s = t.wait_for(&["wirelab lab tcp-echo on lo", "1 conversation", "(reg)"]);
    assert!(!s.contains(" SF "), "the list gives the state away:\n{s}");
    t.keys(&["Enter"]);
    let s = t.wait_for(&["Frame 1: who sends it?", "quiz 0/0"]);
    assert!(
        !s.contains("client: connect("),
        "shown before its questions:\n{s}"
    );
    t.keys(&["1"]);
    t.wait_for(&["Right.", "quiz 1/1"]);
    t.keys(&["Enter", "s", "Enter", "s", "Enter"]);
    t.wait_for(&[
        "──SYN seq=0",
        "client: connect(127.0.0.1:",
        "Frame 2: who sends it?",
    ]);
    t.keys(&["q"]);
    t.wait_for(&["EXITED:0", "END"]);
}
