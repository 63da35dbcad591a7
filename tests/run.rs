//! `wirelab run`: the tutorials' own programs (tests/programs/), traced for real as the
//! invoking user (SUDO_UID 65534, nobody), their calls paired with the packets they caused.
//! Needs root (ptrace of another user's program, capture on lo), as CI runs it.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::{Command, Output};

use common::{repo, root_or_skip};
use serde_json::Value;

/// The user the programs run as, as sudo would say it.
const NOBODY: &str = "65534";

/// A copy of tests/programs in a directory the user nobody can read and write (the repository
/// may sit where nobody may not look; `-o` files are created as that user).
struct Place {
    dir: tempfile::TempDir,
}

impl Place {
    fn new() -> Place {
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
        for e in std::fs::read_dir(repo().join("tests/programs")).unwrap() {
            let e = e.unwrap();
            let to = dir.path().join(e.file_name());
            std::fs::copy(e.path(), &to).unwrap();
            std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        Place { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `wirelab run --json -o FILE [extra] -- COMMAND...` as SUDO_UID nobody: the program's
    /// output, and wirelab's records.
    fn run(&self, extra: &[&str], command: &[&str]) -> (Output, Vec<Value>) {
        let report = self.path("report.jsonl");
        let _ = std::fs::remove_file(&report);
        let out = self.command(&report, extra, command).output().unwrap();
        let text = std::fs::read_to_string(&report).unwrap_or_default();
        let records = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect();
        (out, records)
    }

    /// The tutorials' TCP echo server and client on a free port, the client sending
    /// `message`, run under `wirelab run --json [extra]`.
    fn echo(&self, extra: &[&str], message: &str) -> (Output, Vec<Value>) {
        let port = free_port().to_string();
        let script = format!(
            "/usr/bin/python3 {} {port} & /usr/bin/python3 {} {port} '{message}'; wait",
            self.path("tcp_echo_server.py").display(),
            self.path("tcp_echo_client.py").display()
        );
        self.run(extra, &["/bin/sh", "-c", &script])
    }

    /// `wirelab run --json -o REPORT [extra] -- COMMAND...` as sudo would start it for nobody.
    fn command(&self, report: &std::path::Path, extra: &[&str], command: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_wirelab"));
        c.arg("run")
            .args(["--json", "-o"])
            .arg(report)
            .args(extra)
            .arg("--")
            .args(command)
            .current_dir(self.dir.path())
            .env("SUDO_UID", NOBODY)
            .env("SUDO_GID", NOBODY)
            .env_remove("SUDO_USER");
        c
    }

    fn python(&self, extra: &[&str], script: &str, args: &[&str]) -> (Output, Vec<Value>) {
        let script = self.path(script);
        let mut command = vec!["/usr/bin/python3", script.to_str().unwrap()];
        command.extend_from_slice(args);
        self.run(extra, &command)
    }
}

/// A port nobody uses now (bound, then let go).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn run_record(records: &[Value]) -> &Value {
    records
        .iter()
        .find(|r| r["type"] == "run")
        .expect("a run record")
}

/// Each call as `side syscall[error] → frame numbers`: what the tests assert.
fn pairs(records: &[Value]) -> Vec<String> {
    run_record(records)["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let err = c["error"]
                .as_str()
                .map(|e| format!("!{e}"))
                .unwrap_or_default();
            let frames: Vec<String> = c["frames"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.to_string())
                .collect();
            format!(
                "{} {}{err} {}",
                c["side"].as_str().unwrap(),
                c["call"].as_str().unwrap(),
                frames.join(",")
            )
            .trim_end()
            .to_owned()
        })
        .collect()
}

fn packets(records: &[Value]) -> Vec<&Value> {
    records.iter().filter(|r| r["type"] == "packet").collect()
}

fn flags_of(records: &[Value], frame: u64) -> String {
    packets(records)
        .iter()
        .find(|p| p["frame"] == frame)
        .and_then(|p| p["tcp"]["flags"].as_array())
        .map(|f| {
            let names: Vec<&str> = f.iter().filter_map(Value::as_str).collect();
            names.join("-")
        })
        .unwrap_or_default()
}

#[test]
fn a_tcp_echo_server_and_client_have_each_call_paired_with_its_segments() {
    if !root_or_skip("run tcp echo") {
        return;
    }
    let place = Place::new();
    let (out, records) = place.echo(&[], "你好, wirelab\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let calls = pairs(&records);
    let want = |c: &str| assert!(calls.iter().any(|x| x == c), "{c} not in {calls:#?}");
    // The client's connect() sent the SYN (frame 1), its send() the one data segment, its
    // close() the FIN; the server's accept() and recv()s caused nothing.
    want("client connect 1");
    want("client connect_return");
    want("server accept");
    want("server listen");
    let sends: Vec<&String> = calls.iter().filter(|c| c.contains(" send ")).collect();
    assert_eq!(sends.len(), 2, "{calls:#?}");
    let recv0 = calls.iter().any(|c| c == "server recv");
    assert!(recv0, "{calls:#?}");
    let run = run_record(&records);
    assert_eq!(run["uid"], 65534);
    assert_eq!(run["exit"]["code"], 0);
    assert!(run["processes"].as_u64().unwrap() >= 3, "{run}");
    // Every call names its process, command, descriptor and system call.
    for c in run["calls"].as_array().unwrap() {
        assert!(
            c["pid"].as_u64().is_some() && c["fd"].as_i64().is_some(),
            "{c}"
        );
        assert_eq!(c["comm"], "python3", "{c}");
        assert!(c["syscall"].as_str().is_some(), "{c}");
    }
    // The data segments are those whose payload is the message, one per send().
    let all = packets(&records);
    let data: Vec<&&Value> = all.iter().filter(|p| p["tcp"]["len"] == 16).collect();
    assert_eq!(data.len(), 2);
    for c in run["calls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["call"] == "send")
    {
        let f = c["frames"][0].as_u64().unwrap();
        assert!(data.iter().any(|p| p["frame"] == f), "{c}");
    }
    // The client may have been refused before the server listened (it retries): the close of
    // a refused socket sends nothing; the close of the connected one sends the FIN.
    let refused: Vec<u64> = run["calls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["error"] == "ECONNREFUSED")
        .filter_map(|c| c["socket"].as_u64())
        .collect();
    let closes: Vec<&Value> = run["calls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["side"] == "client" && c["call"] == "close")
        .collect();
    for c in &closes {
        let was_refused = refused.contains(&c["socket"].as_u64().unwrap());
        assert_eq!(
            c["frames"].as_array().unwrap().is_empty(),
            was_refused,
            "{c}"
        );
    }
    let close = closes.last().unwrap();
    let fin = close["frames"][0].as_u64();
    assert!(
        fin.is_some_and(|f| flags_of(&records, f).contains("FIN")),
        "{calls:#?}\n{close}"
    );
}

#[test]
fn the_program_runs_as_the_user_behind_sudo_never_as_root() {
    if !root_or_skip("run as SUDO_UID") {
        return;
    }
    let place = Place::new();
    let (out, records) = place.python(&[], "whoami.py", &[]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(said.trim(), "uid 65534 gid 65534 euid 65534", "{out:?}");
    let run = run_record(&records);
    assert_eq!(run["calls"].as_array().unwrap().len(), 0);
    assert!(String::from_utf8_lossy(&out.stderr).contains("made no socket call"));
    // Without sudo's variables, wirelab will not run the program as root at all.
    let bare = Command::new(env!("CARGO_BIN_EXE_wirelab"))
        .args(["run", "--", "/usr/bin/true"])
        .env_remove("SUDO_UID")
        .env_remove("SUDO_GID")
        .output()
        .unwrap();
    assert_eq!(bare.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bare.stderr).contains("does not run a program as root"));
}

#[test]
fn a_refused_connect_is_paired_with_its_syn_and_explained() {
    if !root_or_skip("run refused") {
        return;
    }
    let place = Place::new();
    let port = free_port().to_string();
    let (out, records) = place.python(&[], "connect_closed.py", &[&port]);
    assert!(out.status.success());
    assert_eq!(
        pairs(&records),
        [
            "client socket",
            "client connect 1",
            "client connect_return!ECONNREFUSED",
            "client close"
        ]
    );
    assert!(flags_of(&records, 2).contains("RST"));
    let refused = &run_record(&records)["calls"][2];
    assert!(
        refused["error_meaning"]
            .as_str()
            .unwrap()
            .contains("nothing listens on that port"),
        "{refused}"
    );
    assert_eq!(
        refused["before_frame"],
        Value::Null,
        "after the RST, the last frame"
    );
}

#[test]
fn a_restarted_server_fails_to_bind_in_time_wait_unless_it_sets_so_reuseaddr() {
    if !root_or_skip("run time-wait") {
        return;
    }
    let place = Place::new();
    let port = free_port();
    let (out, records) = place.python(&[], "restart_server.py", &[&port.to_string()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("bind failed"));
    let calls = run_record(&records)["calls"].as_array().unwrap().clone();
    let bind = calls
        .iter()
        .filter(|c| c["call"] == "bind")
        .nth(1)
        .expect("the second bind");
    assert_eq!(bind["error"], "EADDRINUSE");
    assert_eq!(bind["held_by"]["state"], "TIME-WAIT", "{bind}");
    assert!(bind["text"].as_str().unwrap().contains("SO_REUSEADDR"));

    let port = free_port();
    let (out, records) = place.python(&[], "restart_server.py", &[&port.to_string(), "reuse"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("bound again"));
    let calls = run_record(&records)["calls"].as_array().unwrap().clone();
    assert!(
        calls
            .iter()
            .any(|c| c["call"] == "setsockopt" && c["option"] == "SO_REUSEADDR=1")
    );
    assert!(
        calls
            .iter()
            .filter(|c| c["call"] == "bind")
            .all(|c| c["error"].is_null())
    );
}

#[test]
fn closing_with_unread_data_sends_rst_and_the_peer_reads_econnreset() {
    if !root_or_skip("run close unread") {
        return;
    }
    let place = Place::new();
    let port = free_port().to_string();
    let (_, records) = place.python(&[], "close_unread.py", &[&port]);
    let calls = run_record(&records)["calls"].as_array().unwrap().clone();
    let close = calls
        .iter()
        .find(|c| c["call"] == "close" && c["bytes"] == 11)
        .expect("the close with 11 bytes unread");
    assert!(flags_of(&records, close["frames"][0].as_u64().unwrap()).contains("RST"));
    assert!(
        calls
            .iter()
            .any(|c| c["call"] == "recv" && c["error"] == "ECONNRESET")
    );
}

#[test]
fn udp_echo_datagrams_are_paired_with_sendto_and_recvfrom() {
    if !root_or_skip("run udp echo") {
        return;
    }
    let place = Place::new();
    let port = free_port().to_string();
    let script = format!(
        "/usr/bin/python3 {s} {port} & sleep 0.3; /usr/bin/python3 {c} {port}; wait",
        s = place.path("udp_echo_server.py").display(),
        c = place.path("udp_echo_client.py").display()
    );
    let (out, records) = place.run(&[], &["/bin/sh", "-c", &script]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let calls = pairs(&records);
    // Four datagrams: the message and its echo, "bye" and its echo, each a sendto's.
    let sent: Vec<&String> = calls.iter().filter(|c| c.contains("sendto")).collect();
    assert_eq!(sent.len(), 4, "{calls:#?}");
    let frames: Vec<String> = sent
        .iter()
        .map(|c| c.rsplit(' ').next().unwrap().to_owned())
        .collect();
    assert_eq!(frames, ["1", "2", "3", "4"], "{calls:#?}");
    assert_eq!(calls.iter().filter(|c| c.contains("recvfrom")).count(), 4);
    assert!(calls.iter().any(|c| c.starts_with("server sendto")));
}

#[test]
fn a_static_binary_is_traced_too() {
    if !root_or_skip("run static binary") {
        return;
    }
    let place = Place::new();
    let binary = place.path("connect_once");
    let built = Command::new("gcc")
        .args(["-static", "-O1", "-o"])
        .arg(&binary)
        .arg(place.path("connect_once.c"))
        .output();
    assert!(
        built.is_ok_and(|o| o.status.success()),
        "gcc -static could not build the test program (needs gcc and libc6-dev)"
    );
    let port = free_port().to_string();
    let (out, records) = place.run(&[], &[binary.to_str().unwrap(), &port]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "connect was refused: its status"
    );
    assert_eq!(
        pairs(&records),
        [
            "client socket",
            "client connect 1",
            "client connect_return!ECONNREFUSED",
            "client close"
        ]
    );
    assert_eq!(run_record(&records)["calls"][1]["comm"], "connect_once");
}

#[test]
fn the_w_file_read_back_gives_the_same_annotations() {
    if !root_or_skip("run -w") {
        return;
    }
    let place = Place::new();
    let port = free_port().to_string();
    let pcap = place.path("run.pcap");
    let (_, records) = place.python(&["-w", pcap.to_str().unwrap()], "close_unread.py", &[&port]);
    let meta = std::fs::metadata(&pcap).unwrap();
    assert_eq!(
        std::os::unix::fs::MetadataExt::uid(&meta),
        65534,
        "the user's file"
    );
    let read = common::wirelab([
        std::ffi::OsStr::new("read"),
        pcap.as_os_str(),
        "--json".as_ref(),
    ]);
    let back = common::packets(&read);
    let strip = |p: &Value| {
        let mut p = p.clone();
        p.as_object_mut().unwrap().remove("calls");
        p
    };
    let ran: Vec<Value> = packets(&records).into_iter().map(strip).collect();
    assert_eq!(ran.len(), back.len());
    assert_eq!(ran, back.iter().map(strip).collect::<Vec<_>>());
}

#[test]
fn crashes_kills_many_children_and_no_sockets_end_cleanly() {
    if !root_or_skip("run robustness") {
        return;
    }
    let place = Place::new();
    let (out, records) = place.run(&[], &["/bin/sh", "-c", "kill -9 $$"]);
    assert_eq!(out.status.code(), Some(137));
    assert_eq!(run_record(&records)["exit"]["signal"], "SIGKILL");
    assert!(String::from_utf8_lossy(&out.stderr).contains("was killed by SIGKILL"));

    let many = "i=0; while [ $i -lt 100 ]; do /bin/true & i=$((i+1)); done; wait";
    let (out, records) = place.run(&[], &["/bin/sh", "-c", many]);
    assert!(out.status.success());
    // The shell and its 100 children.
    assert_eq!(run_record(&records)["processes"], 101);

    let (out, _) = place.run(&[], &["/no/such/program"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such program"));
}

#[test]
fn in_its_own_namespace_the_program_sees_only_its_loopback() {
    if !root_or_skip("run --netns") {
        return;
    }
    let place = Place::new();
    let port = free_port().to_string();
    let (out, records) = place.python(&["--netns"], "close_unread.py", &[&port]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let run = run_record(&records);
    assert_eq!(run["netns"], true);
    assert_eq!(run["others_packets"], 0);
    assert!(packets(&records).len() >= 5, "handshake, data, RST");
}

/// `wirelab run` in the background, as SUDO_UID nobody; its report goes to `report`.
fn spawn_run(place: &Place, report: &std::path::Path, command: &[&str]) -> std::process::Child {
    place
        .command(report, &[], command)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

fn signal(child: &std::process::Child, sig: nix::sys::signal::Signal) {
    let pid = nix::unistd::Pid::from_raw(i32::try_from(child.id()).unwrap());
    nix::sys::signal::kill(pid, sig).unwrap();
}

#[test]
fn signals_sent_to_wirelab_reach_the_program_and_a_second_ends_it() {
    use nix::sys::signal::Signal;
    use std::io::BufRead;
    if !root_or_skip("run signals") {
        return;
    }
    let place = Place::new();
    let report = place.path("signals.jsonl");
    let port = free_port().to_string();
    let server = place.path("tcp_echo_server.py");
    let mut child = spawn_run(
        &place,
        &report,
        &["/usr/bin/python3", server.to_str().unwrap(), &port],
    );
    // The server says it listens (its own output, through wirelab's terminal) and waits.
    let mut line = String::new();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    out.read_line(&mut line).unwrap();
    assert!(line.starts_with("listening"), "{line}");
    signal(&child, Signal::SIGTERM);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(143), "the program's end, by SIGTERM");
    let text = std::fs::read_to_string(&report).unwrap();
    let run: Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(run["exit"]["signal"], "SIGTERM");
    assert!(
        run["calls"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["call"] == "listen")
    );

    // A program that ignores SIGTERM: the second signal ends it, and the report is whole.
    let mut child = spawn_run(
        &place,
        &report,
        &["/bin/sh", "-c", "trap '' TERM; echo ready; sleep 20"],
    );
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    line.clear();
    out.read_line(&mut line).unwrap();
    signal(&child, Signal::SIGTERM);
    std::thread::sleep(std::time::Duration::from_millis(300));
    signal(&child, Signal::SIGTERM);
    let status = child.wait().unwrap();
    assert_eq!(
        status.code(),
        Some(137),
        "killed by SIGKILL after the second signal"
    );
    let text = std::fs::read_to_string(&report).unwrap();
    let run: Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(run["type"], "run");
    assert_eq!(run["exit"]["signal"], "SIGKILL");
}

/// Other programs' traffic on the shared loopback is not the program's: a program that only
/// sleeps has no packets, however busy `lo` is meanwhile, and the run says how many others it
/// saw (let go while it ran, or left out at the end).
#[test]
fn other_programs_traffic_on_lo_is_counted_and_not_kept() {
    if !root_or_skip("run others") {
        return;
    }
    let place = Place::new();
    let report = place.path("others.jsonl");
    let child = spawn_run(&place, &report, &["/bin/sleep", "2.5"]);
    // 100 datagrams between two sockets of this test process, over about 1.5 s.
    let a = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let b = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    for _ in 0..100 {
        a.send_to(b"not the program's", b.local_addr().unwrap())
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(15));
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&report).unwrap();
    let records: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(packets(&records).is_empty());
    let run = run_record(&records);
    assert_eq!(run["packets"], 0);
    assert!(run["others_packets"].as_u64().unwrap() >= 100, "{run}");
}

#[test]
fn run_with_layers_links_each_data_segment_to_its_send_and_recv() {
    if !root_or_skip("run -L") {
        return;
    }
    let place = Place::new();
    let (out, records) = place.echo(&["-L"], "hello, wirelab\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let data: Vec<&Value> = packets(&records)
        .into_iter()
        .filter(|p| p["tcp"]["len"] == 15)
        .collect();
    assert_eq!(data.len(), 2);
    for p in data {
        let out = &p["sides"]["out"]["layers"][0];
        let call = &p["sides"]["in"]["layers"][4];
        assert!(out["text"].as_str().unwrap().contains("send("), "{p}");
        assert_eq!(call["layer"], "call");
        assert!(call["text"].as_str().unwrap().contains("recv"), "{p}");
        let sum: u64 = p["sides"]["in"]["layers"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|l| l["bytes"].as_u64())
            .sum();
        assert_eq!(Some(sum), p["caplen"].as_u64(), "{p}");
    }
}
