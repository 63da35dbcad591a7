//! A bounded load test of `wirelab capture` on loopback: many short TCP connections and a
//! stream of UDP datagrams to listeners on 127.0.0.1, while wirelab captures them; then
//! wirelab's own statistics (captured, received by filter, dropped by kernel).
//!
//! Everything stops by itself: a fixed number of connections and datagrams, then SIGINT to
//! wirelab. Traffic goes only to 127.0.0.1. Needs root (capture).
//!
//! Usage: `cargo run --release --example live_load -- WIRELAB CONNS DATAGRAMS [CAPTURE ARGS...]`
//! e.g. `live_load target/release/wirelab 5000 100000 -q -w /tmp/load.pcap`. The filter
//! (`tcp port T or udp port U`) and `-i lo` are added here; wirelab's packet lines, if any,
//! go to /dev/null. See scripts/live-load.sh and
//! docs/benchmarks.md.

#![forbid(unsafe_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream, UdpSocket};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        return Err("usage: live_load WIRELAB CONNS DATAGRAMS [CAPTURE ARGS...]".into());
    }
    let (wirelab, conns, datagrams) = (&args[0], args[1].parse::<u32>()?, args[2].parse::<u32>()?);
    let extra = &args[3..];

    // Echo servers: TCP answers each connection's 32 bytes and closes after the client;
    // UDP only receives.
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

    let filter = format!("tcp port {tcp_port} or udp port {udp_port}");
    let mut child = Command::new(wirelab)
        .args(["capture", "-i", "lo", "--color", "never"])
        .args(extra)
        .arg(&filter)
        .stdin(Stdio::null())
        // Packet lines (if any) go to /dev/null: what is measured is producing them.
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut stderr = BufReader::new(child.stderr.take().ok_or("no stderr")?).lines();
    loop {
        let line = stderr.next().ok_or("wirelab ended before listening")??;
        eprintln!("{line}");
        if line.contains("listening on") {
            break;
        }
    }

    let start = Instant::now();
    let tcp_load = thread::spawn(move || {
        let mut done = 0u32;
        for _ in 0..conns {
            let Ok(mut c) = TcpStream::connect(("127.0.0.1", tcp_port)) else {
                continue;
            };
            let mut buf = [0u8; 32];
            if c.write_all(&[b'x'; 32]).is_ok() && c.read_exact(&mut buf).is_ok() {
                done += 1;
            }
            let _ = c.shutdown(Shutdown::Write);
        }
        done
    });
    let udp_load = thread::spawn(move || {
        let client = UdpSocket::bind("127.0.0.1:0").expect("udp client");
        let payload = [b'u'; 100];
        let mut sent = 0u32;
        for _ in 0..datagrams {
            if client.send_to(&payload, ("127.0.0.1", udp_port)).is_ok() {
                sent += 1;
            }
        }
        sent
    });
    let tcp_done = tcp_load.join().map_err(|_| "tcp load panicked")?;
    let udp_sent = udp_load.join().map_err(|_| "udp load panicked")?;
    let load = start.elapsed();
    // Let wirelab drain what the kernel has queued, then stop it the way a user would.
    thread::sleep(Duration::from_secs(2));
    kill(Pid::from_raw(i32::try_from(child.id())?), Signal::SIGINT)?;
    let status = child.wait()?;
    let mut stats = Vec::new();
    for line in stderr {
        let line = line?;
        eprintln!("{line}");
        stats.push(line);
    }
    let count = |what: &str| -> u64 {
        stats
            .iter()
            .find(|l| l.ends_with(what))
            .and_then(|l| l.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    let captured = count("captured");
    let received = count("received by filter");
    let dropped = count("dropped by kernel");
    let secs = load.as_secs_f64();
    println!(
        "args={:?} tcp_connections={tcp_done} udp_datagrams={udp_sent} load_seconds={secs:.2} \
         captured={captured} received_by_filter={received} dropped_by_kernel={dropped} \
         captured_per_second={:.0} exit={status}",
        extra.join(" "),
        captured as f64 / secs,
    );
    Ok(())
}
