//! Every way a run can end leaves whole records and valid files: signals mid-file (with a
//! reader that holds stdout back), a full disk or a file-size limit, a closed or full stdout,
//! an output that is also the input. Regression tests, each named after the problem.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{
    capture, read_under_a_file_size_limit, repo, stderr, stdout, tcpdump_complaints, udp_capture,
    wirelab,
};
use nix::sys::signal::Signal;

fn assert_whole(path: &Path) {
    assert_eq!(
        tcpdump_complaints(path),
        "",
        "tcpdump -r {}",
        path.display()
    );
    let back = wirelab(["read", path.to_str().unwrap(), "--summary"]);
    assert!(back.status.success(), "wirelab read: {}", stderr(&back));
}

fn signal(child: &Child, signal: Signal) {
    let pid = nix::unistd::Pid::from_raw(i32::try_from(child.id()).unwrap());
    nix::sys::signal::kill(pid, signal).unwrap();
}

/// Waits at most `limit` for `child`; how long it took, or `None` (then it is killed).
fn ended_within(child: &mut Child, limit: Duration) -> Option<(Duration, i32)> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Some(status) = child.try_wait().unwrap() {
            return Some((start.elapsed(), status.code().unwrap_or(-1)));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

/// `read BIG -w OUT` with stdout a pipe nobody reads (a terminal that holds output back),
/// stopped by `sig` mid-file: it ends within a second, with the signal's exit status, and
/// OUT is a whole pcap file.
fn read_w_stopped_by(sig: Signal, status: i32) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big.pcap");
    udp_capture(&input, 100_000);
    let output = dir.path().join("out.pcap");
    let mut child = Command::new(env!("CARGO_BIN_EXE_wirelab"))
        .current_dir(repo())
        .args([
            "read",
            input.to_str().unwrap(),
            "-w",
            output.to_str().unwrap(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Let it fill the pipe and block, and write part of the file.
    std::thread::sleep(Duration::from_millis(400));
    signal(&child, sig);
    let ended = ended_within(&mut child, Duration::from_secs(1));
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let (took, code) = ended.unwrap_or_else(|| panic!("{sig}: still running after 1 s: {err}"));
    assert_eq!(code, status, "{sig} after {took:?}: {err}");
    assert_whole(&output);
    let size = std::fs::metadata(&output).unwrap().len();
    assert!(
        size > 24,
        "{sig}: some packets are in the file ({size} bytes)"
    );
}

#[test]
fn read_w_stopped_by_sigint_while_stdout_is_held_back_leaves_whole_records() {
    read_w_stopped_by(Signal::SIGINT, 130);
}

#[test]
fn read_w_stopped_by_sigterm_while_stdout_is_held_back_leaves_whole_records() {
    read_w_stopped_by(Signal::SIGTERM, 143);
}

#[test]
fn read_w_stopped_by_sighup_while_stdout_is_held_back_leaves_whole_records() {
    read_w_stopped_by(Signal::SIGHUP, 129);
}

#[test]
fn read_w_whose_stdout_reader_leaves_finishes_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big.pcap");
    udp_capture(&input, 20_000);
    let output = dir.path().join("out.pcap");
    // `| head -1`: the reader leaves after one line; wirelab ends quietly, status 0.
    let script = format!(
        "'{}' read '{}' -w '{}' | head -1 >/dev/null; echo ${{PIPESTATUS[0]}}",
        env!("CARGO_BIN_EXE_wirelab"),
        input.display(),
        output.display()
    );
    let out = Command::new("bash").args(["-c", &script]).output().unwrap();
    assert_eq!(stdout(&out).trim(), "0", "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    assert_whole(&output);
}

#[test]
fn w_that_is_the_input_is_refused_and_the_input_kept() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("x.pcap");
    std::fs::copy(capture("tcp-echo.pcap"), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let alias = dir.path().join("alias.pcap");
    std::os::unix::fs::symlink(&input, &alias).unwrap();
    for out in [&input, &alias] {
        let run = wirelab(["read", input.to_str().unwrap(), "-w", out.to_str().unwrap()]);
        assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
        assert_eq!(
            stderr(&run),
            format!(
                "wirelab: {}: is the same file as the input {}; writing it would destroy what is being read\n",
                out.display(),
                input.display()
            )
        );
        assert_eq!(stdout(&run), "", "nothing is read either");
    }
    // The input on standard input, named by the output.
    let run = Command::new(env!("CARGO_BIN_EXE_wirelab"))
        .args(["read", "-", "-w", input.to_str().unwrap()])
        .stdin(std::fs::File::open(&input).unwrap())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("is the same file as the input -"));
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

#[test]
fn w_to_a_full_disk_names_the_file_and_the_os_error() {
    let run = wirelab([
        "read",
        capture("tcp-echo.pcap").to_str().unwrap(),
        "-w",
        "/dev/full",
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        stderr(&run),
        "wirelab: /dev/full: cannot write: No space left on device (os error 28)\n"
    );
}

#[test]
fn w_cut_short_by_a_file_size_limit_ends_with_a_whole_record() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big.pcap");
    udp_capture(&input, 5_000);
    let output = dir.path().join("out.pcap");
    let out = read_under_a_file_size_limit(&input, &output, 200);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!(
            "wirelab: {}: cannot write: File too large (os error 27)\n",
            output.display()
        )
    );
    let size = std::fs::metadata(&output).unwrap().len();
    assert!(size > 24 && size <= 200 * 512, "{size}");
    assert_whole(&output);
}

/// Runs `wirelab ARGS` with a standard output whose reader has already gone.
fn with_closed_stdout(args: &[&str]) -> std::process::Output {
    let (read, write) = nix::unistd::pipe().unwrap();
    drop(read);
    Command::new(env!("CARGO_BIN_EXE_wirelab"))
        .current_dir(repo())
        .args(args)
        .stdout(Stdio::from(write))
        .output()
        .unwrap()
}

#[test]
fn explain_and_lab_list_end_quietly_on_a_closed_stdout() {
    for args in [
        &["explain", "80", "10.1.2.3", "ff02::1"][..],
        &["lab", "--list"],
        &["interfaces"],
        &["read", "captures/tcp-echo.pcap"],
        &["read", "captures/tcp-echo.pcap", "--json"],
        &["read", "captures/tcp-echo.pcap", "--summary"],
        &["read", "captures/tcp-echo.pcap", "--timeline"],
    ] {
        let out = with_closed_stdout(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}");
    }
}

#[test]
fn explain_and_lab_list_say_so_on_a_full_stdout() {
    for args in [
        &["explain", "80"][..],
        &["lab", "--list"],
        &["read", "captures/tcp-echo.pcap"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_wirelab"))
            .current_dir(repo())
            .args(args)
            .stdout(
                std::fs::OpenOptions::new()
                    .write(true)
                    .open("/dev/full")
                    .unwrap(),
            )
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert_eq!(
            stderr(&out),
            "wirelab: cannot write to standard output: No space left on device (os error 28)\n",
            "{args:?}"
        );
    }
}

#[test]
fn timeline_conn_that_does_not_exist_says_which_do() {
    let out = wirelab([
        "read",
        "captures/tcp-many.pcap",
        "--timeline",
        "--conn",
        "99",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        "wirelab: --conn 99: no such conversation; the ids are 1 to 3\n"
    );
    let out = wirelab([
        "read",
        "captures/tcp-echo.pcap",
        "--timeline",
        "--conn",
        "1",
    ]);
    assert!(out.status.success());
    assert!(
        stdout(&out).starts_with("conversation 1 (tcp)"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn count_zero_is_a_usage_error() {
    for sub in ["read captures/tcp-echo.pcap", "capture -i lo"] {
        let mut args: Vec<&str> = sub.split(' ').collect();
        args.extend(["-c", "0"]);
        let out = wirelab(&args);
        assert_eq!(out.status.code(), Some(2), "{sub}");
        assert!(
            stderr(&out).contains("invalid value '0' for '--count <N>'"),
            "{sub}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn read_of_a_pipe_that_goes_quiet_stops_on_sigterm() {
    // `tcpdump -w - | wirelab read -` with tcpdump idle: libpcap waits in read(2) for more,
    // and a signal must still end the run.
    let mut child = Command::new(env!("CARGO_BIN_EXE_wirelab"))
        .args(["read", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    std::io::Write::write_all(
        &mut input,
        &std::fs::read(capture("tcp-echo.pcap")).unwrap(),
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    signal(&child, Signal::SIGTERM);
    let ended = ended_within(&mut child, Duration::from_secs(1));
    drop(input);
    let (took, code) = ended.expect("still running 1 s after SIGTERM");
    assert_eq!(code, 143, "after {took:?}");
}
