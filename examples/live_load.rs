//! A bounded load test of a live capture on loopback: a burst of short TCP connections and
//! UDP datagrams to listeners on 127.0.0.1 while a capture program (wirelab or tcpdump) runs,
//! then that program's own statistics (captured, received by filter, dropped by kernel).
//!
//! Everything stops by itself: a fixed number of connections and datagrams (and at most
//! [`LOAD_LIMIT`] of sending), a wait for the capture to catch up (at most [`SETTLE_LIMIT`]),
//! then SIGINT (and `q` for a TUI). Traffic goes only to 127.0.0.1. Needs root (capture).
//!
//! Usage: `live_load [--tmux] DIR CONNS DATAGRAMS PROGRAM [ARGS...]`. The filter
//! (`tcp port T or udp port U`) is added as the last argument. The program's stdout goes to
//! `DIR/stdout` and its stderr to `DIR/stderr`; with `--tmux` it runs in a detached tmux
//! session of 160x48 instead, stdout being the terminal. Prints one line of `key=value`
//! pairs. See scripts/live-load.sh and docs/benchmarks.md.

#![forbid(unsafe_code)]

use std::fs::File;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

/// The sending stops after this long even if not all connections and datagrams were sent.
const LOAD_LIMIT: Duration = Duration::from_secs(60);
/// After the burst, the capture has this long at most to catch up before it is stopped.
const SETTLE_LIMIT: Duration = Duration::from_secs(30);
/// The capture counts as caught up when its output has not grown for this long.
const QUIET: Duration = Duration::from_millis(1500);

type Error = Box<dyn std::error::Error>;

/// The capture program, running either with files for stdout and stderr or in tmux.
struct Capture {
    pid: Pid,
    child: Option<Child>,
    session: Option<String>,
    stderr: PathBuf,
    /// Files whose growth shows the capture is still working through the burst.
    outputs: Vec<PathBuf>,
}

fn main() -> Result<(), Error> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let tmux = args.first().is_some_and(|a| a == "--tmux");
    if tmux {
        args.remove(0);
    }
    if args.len() < 4 {
        return Err("usage: live_load [--tmux] DIR CONNS DATAGRAMS PROGRAM [ARGS...]".into());
    }
    let dir = PathBuf::from(&args[0]);
    let (conns, datagrams) = (args[1].parse::<u32>()?, args[2].parse::<u32>()?);
    let command = &args[3..];

    let (tcp_port, udp_port) = start_servers()?;
    let filter = format!("tcp port {tcp_port} or udp port {udp_port}");
    let mut capture = Capture::start(&dir, command, &filter, tmux)?;
    capture.wait_listening()?;

    let start = Instant::now();
    let tcp_load = thread::spawn(move || tcp_burst(tcp_port, conns));
    let udp_load = thread::spawn(move || udp_burst(udp_port, datagrams));
    let tcp_done = tcp_load.join().map_err(|_| "tcp load panicked")?;
    let udp_sent = udp_load.join().map_err(|_| "udp load panicked")?;
    let load = start.elapsed();
    let settle = capture.settle();
    let stats = capture.stop()?;

    let count = |what: &str| -> u64 {
        stats
            .lines()
            .find(|l| l.ends_with(what))
            .and_then(|l| l.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    let captured = count("captured");
    let received = count("received by filter");
    let dropped = count("dropped by kernel");
    // On lo the kernel counts each packet twice (sent and received copy, docs/faq.md).
    let sent = received / 2;
    println!(
        "program={} args={:?} tcp_connections={tcp_done} udp_datagrams={udp_sent} \
         load_seconds={:.2} settle_seconds={:.1} sent={sent} captured={captured} \
         dropped_by_kernel={dropped} lost={}",
        command[0],
        command[1..].join(" "),
        load.as_secs_f64(),
        settle.as_secs_f64(),
        sent.saturating_sub(captured),
    );
    Ok(())
}

/// A TCP echo server (32 bytes back, then close after the client) and a UDP sink, on
/// 127.0.0.1, port 0; returns their ports.
fn start_servers() -> Result<(u16, u16), Error> {
    let tcp = TcpListener::bind("127.0.0.1:0")?;
    let tcp_port = tcp.local_addr()?.port();
    thread::spawn(move || {
        for stream in tcp.incoming() {
            let Ok(mut s) = stream else { continue };
            let mut buf = [0u8; 64];
            if let Ok(n) = s.read(&mut buf) {
                let _ = s.write_all(&buf[..n]);
            }
            let _ = s.read(&mut buf);
        }
    });
    let udp = UdpSocket::bind("127.0.0.1:0")?;
    let udp_port = udp.local_addr()?.port();
    thread::spawn(move || {
        let mut buf = [0u8; 2048];
        while udp.recv(&mut buf).is_ok() {}
    });
    Ok((tcp_port, udp_port))
}

/// `conns` short connections one after another: connect, 32 bytes, read the echo, close.
fn tcp_burst(port: u16, conns: u32) -> u32 {
    let start = Instant::now();
    let mut done = 0u32;
    for _ in 0..conns {
        if start.elapsed() > LOAD_LIMIT {
            break;
        }
        let Ok(mut c) = TcpStream::connect(("127.0.0.1", port)) else {
            continue;
        };
        let mut buf = [0u8; 32];
        if c.write_all(&[b'x'; 32]).is_ok() && c.read_exact(&mut buf).is_ok() {
            done += 1;
        }
        let _ = c.shutdown(Shutdown::Write);
    }
    done
}

/// `datagrams` datagrams of 100 bytes from one socket, as fast as they go.
fn udp_burst(port: u16, datagrams: u32) -> u32 {
    let start = Instant::now();
    let Ok(client) = UdpSocket::bind("127.0.0.1:0") else {
        return 0;
    };
    let payload = [b'u'; 100];
    let mut sent = 0u32;
    for i in 0..datagrams {
        if i % 1024 == 0 && start.elapsed() > LOAD_LIMIT {
            break;
        }
        if client.send_to(&payload, ("127.0.0.1", port)).is_ok() {
            sent += 1;
        }
    }
    sent
}

impl Capture {
    fn start(dir: &Path, command: &[String], filter: &str, tmux: bool) -> Result<Capture, Error> {
        let stdout = dir.join("stdout");
        let stderr = dir.join("stderr");
        File::create(&stderr)?;
        let mut outputs: Vec<PathBuf> = command
            .windows(2)
            .filter(|w| w[0] == "-w")
            .map(|w| PathBuf::from(&w[1]))
            .collect();
        if !tmux {
            let child = Command::new(&command[0])
                .args(&command[1..])
                .arg(filter)
                .stdin(Stdio::null())
                .stdout(File::create(&stdout)?)
                .stderr(File::create(&stderr)?)
                .spawn()?;
            outputs.push(stdout);
            let pid = Pid::from_raw(i32::try_from(child.id())?);
            return Ok(Capture {
                pid,
                child: Some(child),
                session: None,
                stderr,
                outputs,
            });
        }
        let session = format!("live-load-{}", std::process::id());
        let line = format!(
            "exec {} '{filter}' 2>{}",
            command.join(" "),
            stderr.display()
        );
        let ok = Command::new("tmux")
            .args([
                "new-session",
                "-d",
                "-s",
                &session,
                "-x",
                "160",
                "-y",
                "48",
                &line,
            ])
            .status()?
            .success();
        if !ok {
            return Err("tmux new-session failed".into());
        }
        let pane = Command::new("tmux")
            .args(["display-message", "-p", "-t", &session, "#{pane_pid}"])
            .output()?;
        let pid: i32 = String::from_utf8(pane.stdout)?.trim().parse()?;
        Ok(Capture {
            pid: Pid::from_raw(pid),
            child: None,
            session: Some(session),
            stderr,
            outputs,
        })
    }

    /// Waits (at most 30 s) for the "listening on" line both programs print.
    fn wait_listening(&mut self) -> Result<(), Error> {
        let end = Instant::now() + Duration::from_secs(30);
        while Instant::now() < end {
            let text = std::fs::read_to_string(&self.stderr).unwrap_or_default();
            if text.contains("listening on") {
                // A TUI draws its first screen; tcpdump has nothing more to do.
                thread::sleep(Duration::from_millis(300));
                return Ok(());
            }
            if !self.running() {
                return Err(format!("the capture ended before listening: {text}").into());
            }
            thread::sleep(Duration::from_millis(20));
        }
        self.kill();
        Err("the capture never said it was listening".into())
    }

    /// Waits until the outputs stop growing (or a fixed 3 s when there are none to watch, as
    /// in tmux without -w); returns how long that took.
    fn settle(&self) -> Duration {
        let start = Instant::now();
        if self.outputs.is_empty() {
            thread::sleep(Duration::from_secs(3));
            return start.elapsed();
        }
        let size = || -> u64 {
            self.outputs
                .iter()
                .filter_map(|p| std::fs::metadata(p).ok())
                .map(|m| m.len())
                .sum()
        };
        let (mut last, mut since) = (size(), Instant::now());
        while start.elapsed() < SETTLE_LIMIT && since.elapsed() < QUIET {
            thread::sleep(Duration::from_millis(100));
            let now = size();
            if now != last {
                (last, since) = (now, Instant::now());
            }
        }
        start.elapsed()
    }

    fn running(&mut self) -> bool {
        match self.child.as_mut() {
            Some(c) => matches!(c.try_wait(), Ok(None)),
            None => kill(self.pid, None).is_ok(),
        }
    }

    /// Stops the capture the way a user would and returns its stderr.
    fn stop(mut self) -> Result<String, Error> {
        kill(self.pid, Signal::SIGINT)?;
        if let Some(session) = &self.session {
            // wirelab's TUI ends its capture on SIGINT but stays on screen until `q`.
            thread::sleep(Duration::from_millis(300));
            let _ = Command::new("tmux")
                .args(["send-keys", "-t", session, "q"])
                .status();
        }
        let end = Instant::now() + Duration::from_secs(30);
        while self.running() {
            if Instant::now() > end {
                self.kill();
                return Err("the capture did not stop".into());
            }
            thread::sleep(Duration::from_millis(50));
        }
        if let Some(c) = self.child.as_mut() {
            c.wait()?;
        }
        self.kill();
        Ok(std::fs::read_to_string(&self.stderr)?)
    }

    /// Ends the program (if it still runs) and its tmux session.
    fn kill(&mut self) {
        if self.running() {
            let _ = kill(self.pid, Signal::SIGKILL);
        }
        if let Some(session) = self.session.take() {
            let _ = Command::new("tmux")
                .args(["kill-session", "-t", &session])
                .stderr(Stdio::null())
                .status();
        }
    }
}
