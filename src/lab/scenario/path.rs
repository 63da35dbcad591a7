//! The scenarios of the misbehaving path (docs/lab.md): what the path does to their frames,
//! the end the capture watches, and the programs.

use super::*;

/// The scenarios that need the misbehaving path: what the path does to their frames and
/// which end the capture watches. Kept beside the catalogue, not in each entry, so that the
/// entries stay one shape.
#[derive(Debug)]
pub struct PathSetup {
    pub scenario: &'static str,
    /// Impairment options as a user would give them (`--drop`, `client data 2`).
    pub options: &'static [(&'static str, &'static str)],
    /// The client's end (`wl-c`: the sender's view) or the server's (`wl-s`: the receiver's).
    pub capture: Role,
    /// Sysctls set in the client's or the server's namespace before the programs start.
    pub sysctls: &'static [(Role, &'static str, &'static str)],
}

impl PathSetup {
    /// The options parsed (a test checks that every setup's parse).
    pub fn impairments(&self) -> Impairments {
        let mut imp = Impairments::default();
        for (option, value) in self.options {
            let _ = spec::apply(&mut imp, option, value);
        }
        imp
    }
}

/// Every scenario's path, in the order of [`SCENARIOS`].
pub const PATH_SETUPS: &[PathSetup] = &[
    PathSetup {
        scenario: "tcp-retransmit",
        options: &[("--drop", "client data 2")],
        capture: Role::Client,
        // No tail loss probe (RFC 8985 TLP, on by default in Linux): it would resend the
        // last segment about 200 ms before the retransmission timer, and the first wait
        // would not be the RTO's.
        sysctls: &[(Role::Client, "net.ipv4.tcp_early_retrans", "0")],
    },
    PathSetup {
        scenario: "tcp-syn-retries",
        options: &[
            ("--drop", "server syn-ack"),
            ("--drop-retransmissions", "2"),
        ],
        capture: Role::Client,
        sysctls: &[
            // Linux 6.x resends the first SYNs 1 s apart (tcp_syn_linear_timeouts, 4 by
            // default), not doubled; 0 gives RFC 6298's exponential backoff.
            (Role::Client, "net.ipv4.tcp_syn_linear_timeouts", "0"),
            // The server sends a SYN-ACK only in answer to a SYN, not on its own timer as
            // well, so that each of the client's SYNs gets exactly one.
            (Role::Server, "net.ipv4.tcp_synack_retries", "0"),
        ],
    },
    PathSetup {
        scenario: "tcp-syn-timeout",
        options: &[
            ("--drop", "server syn-ack"),
            ("--drop-retransmissions", "99"),
        ],
        capture: Role::Client,
        sysctls: &[
            (Role::Client, "net.ipv4.tcp_syn_linear_timeouts", "0"),
            // One retransmission, then connect() gives up: 1 s + 2 s, not Linux's default
            // 6 retransmissions (about 127 s).
            (Role::Client, "net.ipv4.tcp_syn_retries", "1"),
            (Role::Server, "net.ipv4.tcp_synack_retries", "0"),
        ],
    },
    PathSetup {
        scenario: "tcp-fast-retransmit",
        options: &[("--drop", "client data 3")],
        capture: Role::Client,
        sysctls: &[],
    },
    PathSetup {
        scenario: "tcp-out-of-order",
        options: &[("--reorder", "client data 3")],
        capture: Role::Server,
        // No tail loss probe: the server's ACK of the last segment waits for its delayed-ACK
        // timer, and the probe would resend that segment meanwhile.
        sysctls: &[(Role::Client, "net.ipv4.tcp_early_retrans", "0")],
    },
    PathSetup {
        scenario: "udp-fragmentation",
        // The second datagram's last fragment (the first datagram's are 1 to 3).
        options: &[("--drop", "client fragment 6")],
        capture: Role::Server,
        // The server's kernel gives up an incomplete datagram after 1 s instead of 30 s.
        sysctls: &[
            (Role::Server, "net.ipv4.ipfrag_time", "1"),
            (Role::Server, "net.ipv6.ip6frag_time", "1"),
        ],
    },
    PathSetup {
        scenario: "tcp-mss",
        options: &[],
        capture: Role::Client,
        sysctls: &[],
    },
    PathSetup {
        scenario: "tcp-simultaneous-open",
        options: &[("--latency", "100")],
        capture: Role::Client,
        sysctls: &[],
    },
];

/// Both sides bind, then connect() to each other: each SYN is still on its way (the path's
/// latency) when the other side sends its own. The client's port is the server's plus one
/// (the client's namespace is new: nothing else holds it).
pub(super) fn tcp_simultaneous_open(ctx: &Ctx) -> Result<(), LabError> {
    let client_ip: std::net::IpAddr = if ctx.ipv6() {
        crate::lab::netns::CLIENT_V6.into()
    } else {
        crate::lab::netns::CLIENT_V4.into()
    };
    let client_addr = SocketAddr::new(client_ip, ctx.server.port().wrapping_add(1).max(1024));
    let s = ctx.clone();
    let server = start_server(ctx, move |ready| {
        let mut sock = s.tcp(Role::Server)?;
        sock.reuse_address()?;
        sock.bind(s.server)?;
        let _ = ready.send(());
        sock.connect(client_addr)?;
        let request = sock.recv_exact(s.message.len())?;
        sock.send(&request)?;
        if sock.recv(&mut [0u8; 64])? != 0 {
            return Err(LabError::Unexpected("data after the request".into()));
        }
        s.pause(CLOSE_WAIT)?;
        sock.close();
        Ok(())
    })?;
    let c = ctx.clone();
    let client = ctx.spawn(Role::Client, move || {
        let mut sock = c.tcp(Role::Client)?;
        sock.reuse_address()?;
        sock.bind(client_addr)?;
        sock.connect(c.server)?;
        c.pause(STEP)?;
        sock.send(&c.message)?;
        check_echo(&c.message, &sock.recv_exact(c.message.len())?)?;
        c.pause(STEP)?;
        sock.close();
        Ok(())
    });
    join_all(vec![client, server])
}

/// What `tcp-mss` sends in one send(): three segments at an MTU of 1500, eight at 576.
pub const MSS_SEND: usize = 4000;

/// One send() of [`MSS_SEND`] bytes, read by the server in one recv() once all is there,
/// answered with the message.
pub(super) fn tcp_mss(ctx: &Ctx) -> Result<(), LabError> {
    let server = tcp_server(ctx, |s, conn| {
        s.pause(STEP + STEP)?;
        conn.recv_exact(MSS_SEND)?;
        conn.send(&s.message)?;
        let n = conn.recv(&mut [0u8; 64])?;
        if n != 0 {
            return Err(LabError::Unexpected("more data than the send".into()));
        }
        s.pause(CLOSE_WAIT)?;
        conn.close();
        Ok(())
    })?;
    let client = tcp_client(ctx, |c, sock| {
        c.pause(STEP)?;
        sock.send(&vec![b'x'; MSS_SEND])?;
        check_echo(&c.message, &sock.recv_exact(c.message.len())?)?;
        c.pause(STEP)?;
        sock.close();
        Ok(())
    });
    join_all(vec![client, server])
}

/// A datagram too big for one 1500-byte frame: 4,008 bytes with its UDP header, three
/// fragments of 1,480, 1,480 and 1,048 bytes.
pub const BIG_DATAGRAM: usize = 4000;
/// How long the server waits for the datagram that lost a fragment: longer than its
/// kernel's reassembly time (1 s here).
const REASSEMBLY_WAIT: Duration = Duration::from_secs(2);

/// The client sends a big datagram, which arrives in three fragments and is echoed; then a
/// second one, whose last fragment the path drops: the server's recvfrom() times out, and
/// its kernel tells the client with ICMP time exceeded (fragment reassembly).
pub(super) fn udp_fragmentation(ctx: &Ctx) -> Result<(), LabError> {
    let s = ctx.clone();
    let server = start_server(ctx, move |ready| {
        let mut sock = s.udp(Role::Server)?;
        sock.bind(s.server)?;
        let _ = ready.send(());
        let mut buf = vec![0u8; 64 * 1024];
        let (n, from) = sock.recv_from(&mut buf)?;
        sock.send_to(buf.get(..n).unwrap_or_default(), from)?;
        sock.set_call_timeout(REASSEMBLY_WAIT);
        expect_error(sock.recv_from(&mut buf), "EAGAIN")?;
        sock.close();
        Ok(())
    })?;
    let c = ctx.clone();
    let client = ctx.spawn(Role::Client, move || {
        let sock = c.udp(Role::Client)?;
        let big = vec![b'x'; BIG_DATAGRAM];
        let mut buf = vec![0u8; 64 * 1024];
        sock.send_to(&big, c.server)?;
        let (n, _) = sock.recv_from(&mut buf)?;
        check_echo(&big, buf.get(..n).unwrap_or_default())?;
        c.pause(STEP)?;
        sock.send_to(&big, c.server)?;
        // Until the server's kernel has given up the datagram and said so.
        c.pause(REASSEMBLY_WAIT)?;
        sock.close();
        Ok(())
    });
    join_all(vec![client, server])
}

/// The burst of the fast-retransmit and out-of-order scenarios: ten full segments (an MSS
/// of 1448 bytes on the veth link with timestamps), which Linux's initial congestion window
/// of ten lets go at once.
pub const BURST: usize = 10 * 1448;

/// The client sends [`BURST`] bytes in one send(); the server reads them all, then answers
/// with the message; both close.
pub(super) fn tcp_burst(ctx: &Ctx) -> Result<(), LabError> {
    let s = ctx.clone();
    let server = start_server(ctx, move |ready| {
        let mut l = s.tcp(Role::Server)?;
        l.reuse_address()?;
        // A fixed buffer (the accepted socket inherits it): the window the server
        // advertises stays the same while it waits for the missing segment, so its ACKs
        // are duplicates, not window updates.
        l.set(SockOpt::RecvBuffer(BURST_RCVBUF))?;
        l.bind(s.server)?;
        l.listen(BACKLOG)?;
        let _ = ready.send(());
        let conn = l.accept()?;
        burst_server(&s, conn)?;
        l.close();
        Ok(())
    })?;

    let client = tcp_client(ctx, |c, sock| {
        c.pause(STEP)?;
        sock.send(&vec![b'x'; BURST])?;
        check_echo(&c.message, &sock.recv_exact(c.message.len())?)?;
        c.pause(STEP)?;
        sock.close();
        Ok(())
    });
    join_all(vec![client, server])
}

/// The burst server's receive buffer: Linux doubles it, and a window of about 16 KiB, at
/// its largest from the start, holds the burst and never grows.
const BURST_RCVBUF: usize = 16 * 1024;

/// Reads the burst, answers with the message, closes after the client's FIN. It waits
/// until the burst and its repair are over (a few milliseconds after the client's pause), so
/// that one recv() takes it all: how many it would take otherwise depends on when the thread
/// wakes.
fn burst_server(s: &Ctx, conn: LabSocket) -> Result<(), LabError> {
    s.pause(STEP + STEP)?;
    conn.recv_exact(BURST)?;
    conn.send(&s.message)?;
    let n = conn.recv(&mut [0u8; 64])?;
    if n != 0 {
        return Err(LabError::Unexpected("more data than the burst".into()));
    }
    s.pause(CLOSE_WAIT)?;
    conn.close();
    Ok(())
}

/// Longer than a connect() waiting through three lost SYN-ACKs (1 + 2 + 4 s).
const SLOW_CONNECT: Duration = Duration::from_secs(12);

/// The client's three SYN retransmissions until a SYN-ACK gets through, then the echo.
pub(super) fn tcp_syn_retries(ctx: &Ctx) -> Result<(), LabError> {
    let s = ctx.clone();
    let server = start_server(ctx, move |ready| {
        let l = s.listener()?;
        l.set_call_timeout(SLOW_CONNECT);
        let _ = ready.send(());
        let conn = l.accept()?;
        echo_connection(&s, conn, 1)?;
        l.close();
        Ok(())
    })?;
    let c = ctx.clone();
    let client = ctx.spawn(Role::Client, move || {
        let mut sock = c.tcp(Role::Client)?;
        sock.set_call_timeout(SLOW_CONNECT);
        sock.connect(c.server)?;
        echo_client(&c, sock, 1)
    });
    join_all(vec![client, server])
}

/// A server that listens and never accepts (its kernel still answers SYNs), until the
/// client says it is done; `client` gets the sender to say so.
fn listening_server<F>(ctx: &Ctx, client: F) -> Result<(), LabError>
where
    F: FnOnce(&Ctx, mpsc::Sender<()>) -> Result<(), LabError> + Send + 'static,
{
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let s = ctx.clone();
    let server = start_server(ctx, move |ready| {
        let l = s.listener()?;
        let _ = ready.send(());
        let _ = done_rx.recv_timeout(SLOW_CONNECT);
        l.close();
        Ok(())
    })?;
    let c = ctx.clone();
    let client = ctx.spawn(Role::Client, move || client(&c, done_tx));
    join_all(vec![client, server])
}

/// Every SYN-ACK lost: connect() fails with ETIMEDOUT once the client's retries are spent.
pub(super) fn tcp_syn_timeout(ctx: &Ctx) -> Result<(), LabError> {
    listening_server(ctx, |c, done| {
        let mut sock = c.tcp(Role::Client)?;
        sock.set_call_timeout(SLOW_CONNECT);
        let r = expect_error(sock.connect(c.server), "ETIMEDOUT");
        sock.close();
        let _ = done.send(());
        r
    })
}

/// Two messages echoed: the path loses the second on its way (`client data 2`), and the
/// client's kernel sends it again when its retransmission timer expires.
pub(super) fn tcp_retransmit(ctx: &Ctx) -> Result<(), LabError> {
    let server = tcp_server(ctx, |s, conn| echo_connection(s, conn, 2))?;
    let client = tcp_client(ctx, |c, sock| echo_client(c, sock, 2));
    join_all(vec![client, server])
}

#[cfg(test)]
mod path_tests {
    use super::*;

    #[test]
    fn every_path_setup_names_a_scenario_and_its_options_parse() {
        for setup in PATH_SETUPS {
            let scenario = find(setup.scenario).expect(setup.scenario);
            assert_eq!(scenario.path().map(|p| p.scenario), Some(setup.scenario));
            let mut imp = Impairments::default();
            for (option, value) in setup.options {
                spec::apply(&mut imp, option, value)
                    .unwrap_or_else(|e| panic!("{}: {e}", setup.scenario));
            }
            assert_eq!(imp, setup.impairments());
        }
    }

    #[test]
    fn the_path_scenarios_come_last_in_the_catalogue() {
        let first = SCENARIOS.iter().position(|s| s.path().is_some()).unwrap();
        assert!(SCENARIOS[first..].iter().all(|s| s.path().is_some()));
    }
}
