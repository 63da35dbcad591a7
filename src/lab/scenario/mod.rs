//! The catalogue: each scenario is a small client and server written the way a sockets
//! tutorial writes them, with real kernel sockets ([`LabSocket`]) in two threads.
//!
//! Pauses between the steps keep the packet sequence the same from run to run: [`STEP`]
//! between a program's steps, and [`CLOSE_WAIT`] before the passive closer closes, longer than
//! Linux's longest delayed ACK (200 ms), so that the ACK of a FIN always goes out on its own
//! (FIN, ACK, FIN, ACK: the four-way teardown the textbooks draw).

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::LabError;
use super::calls::CallLog;
use super::netns::Namespace;
use super::path::{Impairments, spec};
use super::socket::{CALL_TIMEOUT, CallError, LabSocket, SockOpt};
use crate::annotate::lang::Lang;
use crate::track::Role;

mod options;
mod path;

use options::{tcp_keepalive, tcp_nagle, tcp_zero_window};
pub use path::{PATH_SETUPS, PathSetup};
use path::{
    tcp_burst, tcp_mss, tcp_retransmit, tcp_simultaneous_open, tcp_syn_retries, tcp_syn_timeout,
    udp_fragmentation,
};

/// Pause between two steps of one program.
pub const STEP: Duration = Duration::from_millis(50);
/// Pause before the passive closer closes (or answers after a half-close).
pub const CLOSE_WAIT: Duration = Duration::from_millis(250);
/// Listen backlog of the lab's servers.
const BACKLOG: i32 = 16;

/// What a scenario teaches: `wirelab lab --list` shows a heading per topic (its words are
/// in [`crate::annotate::lab`]), with the topic's scenarios under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Topic {
    /// Handshakes, teardowns, resets, TIME-WAIT, connections side by side.
    OpeningAndClosing,
    /// Data and its ACKs, the receive window, Nagle and delayed ACKs, keep-alive.
    DataAndWindows,
    /// Segments lost on the path, and the timers and ACKs that recover them.
    LossAndRecovery,
    /// MSS, segmentation, IP fragmentation and reassembly.
    SegmentsAndFragments,
    /// UDP: datagrams and the ICMP errors about them.
    Datagrams,
}

impl Topic {
    /// Every topic, in the order `--list` shows them.
    pub const ALL: [Topic; 5] = [
        Topic::OpeningAndClosing,
        Topic::DataAndWindows,
        Topic::LossAndRecovery,
        Topic::SegmentsAndFragments,
        Topic::Datagrams,
    ];
}

/// One scenario of the catalogue.
#[derive(Debug)]
pub struct Scenario {
    pub name: &'static str,
    /// The heading it is listed under.
    pub topic: Topic,
    /// TCP (else UDP): decides the capture filter and the port probe.
    pub tcp: bool,
    /// `--count` when not given: messages, exchanges or clients.
    pub default_count: u32,
    /// Whether it takes `--count`; what the count counts is [`Scenario::counts`].
    pub counted: bool,
    run: fn(&Ctx) -> Result<(), LabError>,
}

impl Scenario {
    /// One line: what it teaches, in `lang`'s words (message `lab-teaches-NAME`).
    pub fn teaches(&self, lang: Lang) -> &'static str {
        lang.find_word(&format!("lab-teaches-{}", self.name))
            .unwrap_or(self.name)
    }

    /// What `--count` counts in this scenario (message `lab-counts-NAME`); `None`: it takes
    /// no count.
    pub fn counts(&self, lang: Lang) -> Option<&'static str> {
        self.counted
            .then(|| lang.find_word(&format!("lab-counts-{}", self.name)))
            .flatten()
    }

    pub fn run(&self, ctx: &Ctx) -> Result<(), LabError> {
        (self.run)(ctx)
    }

    /// The path this scenario needs (its impairments and capture point), if any.
    pub fn path(&self) -> Option<&'static PathSetup> {
        PATH_SETUPS.iter().find(|p| p.scenario == self.name)
    }
}

/// Every scenario; `wirelab lab --list` shows them by [`Topic`], in this order within one.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "tcp-echo",
        topic: Topic::OpeningAndClosing,
        tcp: true,
        default_count: 1,
        counted: true,
        run: tcp_echo,
    },
    Scenario {
        name: "tcp-chat",
        topic: Topic::DataAndWindows,
        tcp: true,
        default_count: 3,
        counted: true,
        run: tcp_chat,
    },
    Scenario {
        name: "tcp-half-close",
        topic: Topic::OpeningAndClosing,
        tcp: true,
        default_count: 2,
        counted: true,
        run: tcp_half_close,
    },
    Scenario {
        name: "tcp-server-closes-first",
        topic: Topic::OpeningAndClosing,
        tcp: true,
        default_count: 1,
        counted: false,
        run: tcp_server_closes_first,
    },
    Scenario {
        name: "tcp-reset",
        topic: Topic::OpeningAndClosing,
        tcp: true,
        default_count: 1,
        counted: false,
        run: tcp_reset,
    },
    Scenario {
        name: "tcp-refused",
        topic: Topic::OpeningAndClosing,
        tcp: true,
        default_count: 1,
        counted: false,
        run: tcp_refused,
    },
    Scenario {
        name: "tcp-rst-unread-data",
        topic: Topic::OpeningAndClosing,
        tcp: true,
        default_count: 1,
        counted: false,
        run: tcp_rst_unread_data,
    },
    Scenario {
        name: "tcp-time-wait",
        topic: Topic::OpeningAndClosing,
        tcp: true,
        default_count: 1,
        counted: false,
        run: tcp_time_wait,
    },
    Scenario {
        name: "tcp-many",
        topic: Topic::OpeningAndClosing,
        tcp: true,
        default_count: 3,
        counted: true,
        run: tcp_many,
    },
    Scenario {
        name: "udp-echo",
        topic: Topic::Datagrams,
        tcp: false,
        default_count: 2,
        counted: true,
        run: udp_echo,
    },
    Scenario {
        name: "udp-chat",
        topic: Topic::Datagrams,
        tcp: false,
        default_count: 3,
        counted: true,
        run: udp_chat,
    },
    Scenario {
        name: "udp-unreachable",
        topic: Topic::Datagrams,
        tcp: false,
        default_count: 1,
        counted: false,
        run: udp_unreachable,
    },
    Scenario {
        name: "tcp-zero-window",
        topic: Topic::DataAndWindows,
        tcp: true,
        default_count: 1,
        counted: false,
        run: tcp_zero_window,
    },
    Scenario {
        name: "tcp-nagle",
        topic: Topic::DataAndWindows,
        tcp: true,
        default_count: 5,
        counted: true,
        run: tcp_nagle,
    },
    Scenario {
        name: "tcp-keepalive",
        topic: Topic::DataAndWindows,
        tcp: true,
        default_count: 2,
        counted: true,
        run: tcp_keepalive,
    },
    // The scenarios of the misbehaving path (their impairments: PATH_SETUPS).
    Scenario {
        name: "tcp-retransmit",
        topic: Topic::LossAndRecovery,
        tcp: true,
        default_count: 2,
        counted: false,
        run: tcp_retransmit,
    },
    Scenario {
        name: "tcp-syn-retries",
        topic: Topic::LossAndRecovery,
        tcp: true,
        default_count: 1,
        counted: false,
        run: tcp_syn_retries,
    },
    Scenario {
        name: "tcp-syn-timeout",
        topic: Topic::LossAndRecovery,
        tcp: true,
        default_count: 1,
        counted: false,
        run: tcp_syn_timeout,
    },
    Scenario {
        name: "tcp-fast-retransmit",
        topic: Topic::LossAndRecovery,
        tcp: true,
        default_count: 1,
        counted: false,
        run: tcp_burst,
    },
    Scenario {
        name: "tcp-out-of-order",
        topic: Topic::LossAndRecovery,
        tcp: true,
        default_count: 1,
        counted: false,
        run: tcp_burst,
    },
    Scenario {
        name: "udp-fragmentation",
        topic: Topic::SegmentsAndFragments,
        tcp: false,
        default_count: 1,
        counted: false,
        run: udp_fragmentation,
    },
    Scenario {
        name: "tcp-mss",
        topic: Topic::SegmentsAndFragments,
        tcp: true,
        default_count: 1,
        counted: false,
        run: tcp_mss,
    },
    Scenario {
        name: "tcp-simultaneous-open",
        topic: Topic::OpeningAndClosing,
        tcp: true,
        default_count: 1,
        counted: false,
        run: tcp_simultaneous_open,
    },
];

/// The scenario called `name`.
pub fn find(name: &str) -> Option<&'static Scenario> {
    SCENARIOS.iter().find(|s| s.name == name)
}

/// What a scenario's programs are given. Cheap to clone into their threads.
#[derive(Clone)]
pub struct Ctx {
    pub log: CallLog,
    /// Where the server listens (or, for the refused/unreachable scenarios, the closed port).
    pub server: SocketAddr,
    pub message: Arc<[u8]>,
    pub count: u32,
    /// Added to every pause (`--delay`).
    pub delay: Duration,
    pub interrupt: Arc<AtomicBool>,
    /// The namespaces of client and server with `--netns`.
    pub client_ns: Option<Arc<Namespace>>,
    pub server_ns: Option<Arc<Namespace>>,
}

impl Ctx {
    fn ipv6(&self) -> bool {
        self.server.is_ipv6()
    }

    /// Sleeps `d` plus the `--delay`, waking early (with an error) on Ctrl-C.
    pub fn pause(&self, d: Duration) -> Result<(), LabError> {
        let until = Instant::now() + d + self.delay;
        loop {
            if self.interrupt.load(Ordering::SeqCst) {
                return Err(LabError::Interrupted);
            }
            let now = Instant::now();
            if now >= until {
                return Ok(());
            }
            thread::sleep((until - now).min(Duration::from_millis(20)));
        }
    }

    /// Runs `f` in a thread of `side`'s network namespace (with `--netns`).
    pub fn spawn<F>(&self, side: Role, f: F) -> JoinHandle<Result<(), LabError>>
    where
        F: FnOnce() -> Result<(), LabError> + Send + 'static,
    {
        let ns = match side {
            Role::Client => self.client_ns.clone(),
            Role::Server => self.server_ns.clone(),
        };
        thread::spawn(move || {
            if let Some(ns) = ns {
                ns.enter()?;
            }
            f()
        })
    }

    fn tcp(&self, side: Role) -> Result<LabSocket, LabError> {
        Ok(LabSocket::new(&self.log, side, self.ipv6(), true)?)
    }

    fn udp(&self, side: Role) -> Result<LabSocket, LabError> {
        Ok(LabSocket::new(&self.log, side, self.ipv6(), false)?)
    }

    /// The TCP server's first calls: socket, SO_REUSEADDR, bind, listen.
    fn listener(&self) -> Result<LabSocket, LabError> {
        let mut l = self.tcp(Role::Server)?;
        l.reuse_address()?;
        l.bind(self.server)?;
        l.listen(BACKLOG)?;
        Ok(l)
    }

    fn numbered(&self, what: &str, i: u32) -> Vec<u8> {
        let mut m = format!("{what} {i}: ").into_bytes();
        m.extend_from_slice(&self.message);
        m
    }
}

/// Starts the server in its thread and waits until it is ready (bound, listening), so that
/// the client never races it.
fn start_server<F>(ctx: &Ctx, server: F) -> Result<JoinHandle<Result<(), LabError>>, LabError>
where
    F: FnOnce(mpsc::Sender<()>) -> Result<(), LabError> + Send + 'static,
{
    let (ready_tx, ready_rx) = mpsc::channel();
    let handle = ctx.spawn(Role::Server, move || server(ready_tx));
    match ready_rx.recv_timeout(CALL_TIMEOUT) {
        Ok(()) => Ok(handle),
        // The server ended before it was ready: its own error says why.
        Err(_) => Err(join(handle)
            .err()
            .unwrap_or_else(|| LabError::Unexpected("the server did not start".into()))),
    }
}

/// The server of the TCP scenarios with one connection: listen (then the client may start),
/// accept, let `talk` use the connection (and close it), close the listener.
fn tcp_server<F>(ctx: &Ctx, talk: F) -> Result<JoinHandle<Result<(), LabError>>, LabError>
where
    F: FnOnce(&Ctx, LabSocket) -> Result<(), LabError> + Send + 'static,
{
    let s = ctx.clone();
    start_server(ctx, move |ready| {
        let l = s.listener()?;
        let _ = ready.send(());
        let conn = l.accept()?;
        talk(&s, conn)?;
        l.close();
        Ok(())
    })
}

/// The client of the TCP scenarios: a socket connected to the server, handed to `talk`.
fn tcp_client<F>(ctx: &Ctx, talk: F) -> JoinHandle<Result<(), LabError>>
where
    F: FnOnce(&Ctx, LabSocket) -> Result<(), LabError> + Send + 'static,
{
    let c = ctx.clone();
    ctx.spawn(Role::Client, move || {
        let mut sock = c.tcp(Role::Client)?;
        sock.connect(c.server)?;
        talk(&c, sock)
    })
}

/// Waits for a program's thread.
fn join(handle: JoinHandle<Result<(), LabError>>) -> Result<(), LabError> {
    handle
        .join()
        .unwrap_or_else(|_| Err(LabError::Unexpected("a lab thread panicked".into())))
}

/// Waits for all, then reports the first error (an interruption before anything else).
fn join_all(handles: Vec<JoinHandle<Result<(), LabError>>>) -> Result<(), LabError> {
    let results: Vec<Result<(), LabError>> = handles.into_iter().map(join).collect();
    let mut first = Ok(());
    for r in results {
        match (&first, r) {
            (_, Ok(())) => {}
            (Ok(()), Err(e)) => first = Err(e),
            (Err(_), Err(LabError::Interrupted)) => first = Err(LabError::Interrupted),
            (Err(_), Err(_)) => {}
        }
    }
    first
}

/// A call that must fail with `errno` (the scenario is about that error).
fn expect_error<T>(r: Result<T, CallError>, errno: &str) -> Result<(), LabError> {
    match r {
        Err(e) if e.errno == errno => Ok(()),
        Err(e) => Err(e.into()),
        Ok(_) => Err(LabError::Unexpected(format!(
            "expected {errno}, but the call succeeded"
        ))),
    }
}

fn check_echo(sent: &[u8], got: &[u8]) -> Result<(), LabError> {
    if sent == got {
        Ok(())
    } else {
        Err(LabError::Unexpected(format!(
            "the echo differs: sent {:?}, got {:?}",
            String::from_utf8_lossy(sent),
            String::from_utf8_lossy(got)
        )))
    }
}

/// The tutorial's echo server for one connection: echo each message, then close after the
/// client's FIN.
fn echo_connection(ctx: &Ctx, conn: LabSocket, messages: u32) -> Result<(), LabError> {
    for _ in 0..messages {
        let data = conn.recv_exact(ctx.message.len())?;
        conn.send(&data)?;
    }
    let n = conn.recv(&mut [0u8; 64])?;
    if n != 0 {
        return Err(LabError::Unexpected(
            "more data than the echo expected".into(),
        ));
    }
    ctx.pause(CLOSE_WAIT)?;
    conn.close();
    Ok(())
}

/// The tutorial's echo client, once connected: send and read back each message, close.
fn echo_client(ctx: &Ctx, c: LabSocket, messages: u32) -> Result<(), LabError> {
    ctx.pause(STEP)?;
    for _ in 0..messages {
        c.send(&ctx.message)?;
        let echo = c.recv_exact(ctx.message.len())?;
        check_echo(&ctx.message, &echo)?;
        ctx.pause(STEP)?;
    }
    c.close();
    Ok(())
}

fn tcp_echo(ctx: &Ctx) -> Result<(), LabError> {
    let server = tcp_server(ctx, |s, conn| echo_connection(s, conn, s.count))?;
    let client = tcp_client(ctx, |c, sock| echo_client(c, sock, c.count));
    join_all(vec![client, server])
}

const BYE: &[u8] = b"bye";

fn tcp_chat(ctx: &Ctx) -> Result<(), LabError> {
    let server = tcp_server(ctx, |s, conn| {
        let mut buf = vec![0u8; 64 * 1024];
        let mut answered = 0;
        loop {
            let n = conn.recv(&mut buf)?;
            let said = buf.get(..n).unwrap_or_default();
            if n == 0 {
                break;
            }
            // Each message arrives on its own: the client waits for the reply (or pauses)
            // before it writes again. TCP itself keeps no message boundaries.
            if said != BYE {
                answered += 1;
                conn.send(&s.numbered("reply", answered))?;
            }
        }
        s.pause(CLOSE_WAIT)?;
        conn.close();
        Ok(())
    })?;
    let client = tcp_client(ctx, |c, sock| {
        c.pause(STEP)?;
        for i in 1..=c.count {
            sock.send(&c.numbered("message", i))?;
            let reply = c.numbered("reply", i);
            check_echo(&reply, &sock.recv_exact(reply.len())?)?;
            c.pause(STEP)?;
        }
        sock.send(BYE)?;
        c.pause(STEP)?;
        sock.close();
        Ok(())
    });
    join_all(vec![client, server])
}

fn tcp_half_close(ctx: &Ctx) -> Result<(), LabError> {
    let server = tcp_server(ctx, |s, conn| {
        conn.recv_exact(s.message.len())?;
        if conn.recv(&mut [0u8; 64])? != 0 {
            return Err(LabError::Unexpected("no FIN after the request".into()));
        }
        // The client can no longer send, but it still receives: answer after its FIN.
        s.pause(CLOSE_WAIT)?;
        for i in 1..=s.count {
            conn.send(&s.numbered("reply", i))?;
            s.pause(STEP)?;
        }
        conn.close();
        Ok(())
    })?;
    let client = tcp_client(ctx, |c, sock| {
        c.pause(STEP)?;
        sock.send(&c.message)?;
        c.pause(STEP)?;
        sock.shutdown_write()?;
        let mut buf = vec![0u8; 64 * 1024];
        while sock.recv(&mut buf)? > 0 {}
        c.pause(STEP)?;
        sock.close();
        Ok(())
    });
    join_all(vec![client, server])
}

fn tcp_server_closes_first(ctx: &Ctx) -> Result<(), LabError> {
    let server = tcp_server(ctx, |s, conn| {
        let request = conn.recv_exact(s.message.len())?;
        conn.send(&request)?;
        s.pause(STEP)?;
        conn.close();
        Ok(())
    })?;
    let client = tcp_client(ctx, |c, sock| {
        c.pause(STEP)?;
        sock.send(&c.message)?;
        check_echo(&c.message, &sock.recv_exact(c.message.len())?)?;
        if sock.recv(&mut [0u8; 64])? != 0 {
            return Err(LabError::Unexpected("data after the reply".into()));
        }
        c.pause(CLOSE_WAIT)?;
        sock.close();
        Ok(())
    });
    join_all(vec![client, server])
}

fn tcp_reset(ctx: &Ctx) -> Result<(), LabError> {
    let server = tcp_server(ctx, |s, conn| {
        let request = conn.recv_exact(s.message.len())?;
        conn.send(&request)?;
        expect_error(conn.recv(&mut [0u8; 64]), "ECONNRESET")?;
        conn.close();
        Ok(())
    })?;
    let client = tcp_client(ctx, |c, sock| {
        c.pause(STEP)?;
        sock.send(&c.message)?;
        check_echo(&c.message, &sock.recv_exact(c.message.len())?)?;
        c.pause(STEP)?;
        sock.linger_zero()?;
        sock.close();
        Ok(())
    });
    join_all(vec![client, server])
}

fn tcp_rst_unread_data(ctx: &Ctx) -> Result<(), LabError> {
    let server = tcp_server(ctx, |s, conn| {
        // The client's message arrives meanwhile, and is never read.
        s.pause(STEP + STEP)?;
        conn.close();
        Ok(())
    })?;
    let client = tcp_client(ctx, |c, sock| {
        c.pause(STEP)?;
        sock.send(&c.message)?;
        expect_error(sock.recv(&mut [0u8; 64]), "ECONNRESET")?;
        sock.close();
        Ok(())
    });
    join_all(vec![client, server])
}

/// The server closes first (its end waits in TIME-WAIT), then starts again on its port: a
/// socket without SO_REUSEADDR cannot bind it, one with it can (the old listener set it too:
/// Linux keeps that with the TIME-WAIT entry).
fn tcp_time_wait(ctx: &Ctx) -> Result<(), LabError> {
    tcp_server_closes_first(ctx)?;
    let s = ctx.clone();
    let again = ctx.spawn(Role::Server, move || {
        s.pause(STEP)?;
        let mut plain = s.tcp(Role::Server)?;
        expect_error(plain.bind(s.server), "EADDRINUSE")?;
        plain.close();
        let l = s.listener()?;
        l.close();
        Ok(())
    });
    join(again)
}

fn tcp_refused(ctx: &Ctx) -> Result<(), LabError> {
    let c = ctx.clone();
    let client = ctx.spawn(Role::Client, move || {
        let mut sock = c.tcp(Role::Client)?;
        expect_error(sock.connect(c.server), "ECONNREFUSED")?;
        sock.close();
        Ok(())
    });
    join(client)
}

fn tcp_many(ctx: &Ctx) -> Result<(), LabError> {
    let s = ctx.clone();
    let server = start_server(ctx, move |ready| {
        let l = s.listener()?;
        let _ = ready.send(());
        let mut handlers = Vec::new();
        for _ in 0..s.count {
            let conn = l.accept()?;
            let h = s.clone();
            // Already in the server's namespace: the accepted socket belongs to it.
            handlers.push(thread::spawn(move || echo_connection(&h, conn, 1)));
        }
        let result = join_all(handlers);
        l.close();
        result
    })?;
    let mut all = vec![server];
    for _ in 0..ctx.count {
        all.push(tcp_client(ctx, |c, sock| echo_client(c, sock, 1)));
    }
    join_all(all)
}

fn udp_echo(ctx: &Ctx) -> Result<(), LabError> {
    let s = ctx.clone();
    let server = start_server(ctx, move |ready| {
        let mut sock = s.udp(Role::Server)?;
        sock.bind(s.server)?;
        let _ = ready.send(());
        let mut buf = vec![0u8; 64 * 1024];
        for _ in 0..s.count {
            let (n, from) = sock.recv_from(&mut buf)?;
            sock.send_to(buf.get(..n).unwrap_or_default(), from)?;
        }
        sock.close();
        Ok(())
    })?;
    let c = ctx.clone();
    let client = ctx.spawn(Role::Client, move || {
        let sock = c.udp(Role::Client)?;
        let mut buf = vec![0u8; 64 * 1024];
        for _ in 0..c.count {
            sock.send_to(&c.message, c.server)?;
            let (n, _) = sock.recv_from(&mut buf)?;
            check_echo(&c.message, buf.get(..n).unwrap_or_default())?;
            c.pause(STEP)?;
        }
        sock.close();
        Ok(())
    });
    join_all(vec![client, server])
}

fn udp_chat(ctx: &Ctx) -> Result<(), LabError> {
    let s = ctx.clone();
    let server = start_server(ctx, move |ready| {
        let mut sock = s.udp(Role::Server)?;
        sock.bind(s.server)?;
        let _ = ready.send(());
        let mut buf = vec![0u8; 64 * 1024];
        let mut answered = 0;
        loop {
            let (n, from) = sock.recv_from(&mut buf)?;
            if buf.get(..n) == Some(BYE) {
                break;
            }
            answered += 1;
            sock.send_to(&s.numbered("reply", answered), from)?;
        }
        sock.close();
        Ok(())
    })?;
    let c = ctx.clone();
    let client = ctx.spawn(Role::Client, move || {
        let mut sock = c.udp(Role::Client)?;
        sock.connect(c.server)?;
        c.pause(STEP)?;
        let mut buf = vec![0u8; 64 * 1024];
        for i in 1..=c.count {
            sock.send(&c.numbered("message", i))?;
            let n = sock.recv(&mut buf)?;
            check_echo(&c.numbered("reply", i), buf.get(..n).unwrap_or_default())?;
            c.pause(STEP)?;
        }
        sock.send(BYE)?;
        c.pause(STEP)?;
        sock.close();
        Ok(())
    });
    join_all(vec![client, server])
}

fn udp_unreachable(ctx: &Ctx) -> Result<(), LabError> {
    let c = ctx.clone();
    let client = ctx.spawn(Role::Client, move || {
        let mut sock = c.udp(Role::Client)?;
        // Connected, so that the kernel reports the ICMP error to this socket.
        sock.connect(c.server)?;
        sock.send(&c.message)?;
        expect_error(sock.recv(&mut [0u8; 64]), "ECONNREFUSED")?;
        sock.close();
        Ok(())
    });
    join(client)
}
