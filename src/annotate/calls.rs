//! The words for a socket call (the lab's own programs', or a traced program's under
//! `wirelab run`): what it was, what it returned, what it put on the wire, and what a failure
//! means in a sockets tutorial's terms.

use crate::decode::TcpFlags;
use crate::lab::attach::{PacketFacts, What};
use crate::lab::calls::{Call, CallKind, PortHolder};

/// What a reader sees for a call (and the packets it caused): `connect(127.0.0.1:8001) → SYN`.
/// `listener`: the call's socket listened (its close() ends no conversation). `together`:
/// for a TCP send whose one segment carries other sends' bytes too (Nagle's algorithm
/// coalesced them), which of the socket's sends that segment carries (1 = its first send);
/// empty otherwise.
pub fn describe(
    call: &Call,
    caused: &[usize],
    facts: &[PacketFacts],
    listener: bool,
    together: &[u32],
) -> String {
    let mut s = what_it_did(call, listener);
    if let Some(e) = &call.error
        && matches!(
            call.kind,
            CallKind::Send { .. }
                | CallKind::SendTo { .. }
                | CallKind::Close
                | CallKind::Bind { .. }
                | CallKind::Listen { .. }
                | CallKind::ShutdownWrite
                | CallKind::SetOption { .. }
        )
    {
        s.push_str(&format!(" fails: {e}"));
    }
    if let Some(meaning) = call.error.as_deref().and_then(errno_meaning) {
        s.push_str(" (");
        s.push_str(meaning);
        s.push(')');
    }
    if let CallKind::Bind {
        held_by: Some(h), ..
    } = &call.kind
    {
        s.push_str(&held_port(h));
    }
    if !caused.is_empty() {
        s.push_str(" → ");
        s.push_str(&what_was_sent(caused, facts));
        if !together.is_empty() {
            s.push_str(&format!(
                ": sends {} of this socket, coalesced into one segment",
                list_of(together)
            ));
        }
    }
    s
}

/// The call and its result, without the packets.
fn what_it_did(call: &Call, listener: bool) -> String {
    match &call.kind {
        CallKind::Socket { ipv6, tcp } => format!(
            "socket({}, {})",
            if *ipv6 { "AF_INET6" } else { "AF_INET" },
            if *tcp { "SOCK_STREAM" } else { "SOCK_DGRAM" }
        ),
        CallKind::SetOption { option } => with_meaning(format!("setsockopt({option})"), option),
        CallKind::GetOption { option } => match option.strip_prefix("SO_RCVBUF=") {
            Some(_) => format!(
                "getsockopt({option}): what the kernel gave, twice what was asked: the other half is for its own bookkeeping of each packet"
            ),
            None => format!("getsockopt({option})"),
        },
        CallKind::Bind { addr, .. } => format!("bind({addr})"),
        CallKind::Listen { backlog } => format!("listen(backlog {backlog})"),
        CallKind::ConnectStart { to } => format!("connect({to})"),
        CallKind::ConnectReturn => match (&call.error, call.local) {
            (Some(e), _) => format!("connect() fails: {e}"),
            (None, Some(l)) if l.port() != 0 => format!("connect() returns: connected from {l}"),
            (None, _) => "connect() returns".into(),
        },
        CallKind::Accept => match (&call.error, call.peer) {
            (Some(e), _) => format!("accept() fails: {e}"),
            (None, Some(p)) => format!("accept() returns a new socket for {p}"),
            (None, None) => "accept() returns".into(),
        },
        CallKind::Send { len } => format!("send({len} bytes)"),
        CallKind::SendTo { len, to } => format!("sendto({len} bytes, {to})"),
        CallKind::Recv { len } => match (&call.error, len) {
            (Some(e), _) => format!("recv() fails: {e}"),
            (None, 0) => "recv() returns 0: end of stream (the peer's FIN)".into(),
            (None, n) => format!("recv() returns {n} bytes"),
        },
        CallKind::RecvFrom { len } => match (&call.error, call.peer) {
            (Some(e), _) => format!("recvfrom() fails: {e}"),
            (None, Some(p)) => format!("recvfrom() returns {len} bytes from {p}"),
            (None, None) => format!("recvfrom() returns {len} bytes"),
        },
        CallKind::ShutdownWrite => "shutdown(SHUT_WR)".into(),
        CallKind::ShutdownRead => "shutdown(SHUT_RD): nothing is sent".into(),
        CallKind::Close if listener => "close() of the listening socket".into(),
        CallKind::Close => "close()".into(),
        CallKind::CloseUnread { bytes } => format!(
            "close() with {bytes} bytes received and never read: the kernel resets the connection (RST) instead of closing it with FIN"
        ),
        CallKind::CloseShared { others } => format!(
            "close() of one descriptor; {others} more still hold the socket, so it stays open and nothing is sent"
        ),
    }
}

/// `setsockopt(...)`, and what the option does when it is one the lab's scenarios teach.
fn with_meaning(mut s: String, option: &str) -> String {
    if let Some(meaning) = option_meaning(option) {
        s.push_str(": ");
        s.push_str(&meaning);
    }
    s
}

/// What setting a socket option does, in a tutorial's words: `option` is `NAME=value` as
/// the calls name it (`TCP_NODELAY=1`). Linux's defaults are from tcp(7) and socket(7).
pub fn option_meaning(option: &str) -> Option<String> {
    let (name, value) = option.split_once('=')?;
    Some(match (name, value) {
        ("SO_RCVBUF", _) => format!(
            "a receive buffer of {value} bytes; the window this socket offers is made from it, so a small one fills after a few segments"
        ),
        ("TCP_NODELAY", "0") => "Nagle's algorithm on (the default)".into(),
        ("TCP_NODELAY", _) => {
            "Nagle's algorithm off: each write goes out at once, even a small one while earlier data is still unacknowledged".into()
        }
        ("TCP_QUICKACK", "0") => {
            "quick-ACK mode off: the kernel delays its ACKs (40 ms at least) to send them with data or for several segments at once".into()
        }
        ("TCP_QUICKACK", _) => {
            "quick-ACK mode: each segment is acknowledged at once, until the kernel decides to delay again".into()
        }
        ("SO_KEEPALIVE", "0") => "keep-alive off (the default)".into(),
        ("SO_KEEPALIVE", _) => {
            "keep-alive on: once the connection has been idle for a while, the kernel probes the peer to find out whether it is still there".into()
        }
        ("TCP_KEEPIDLE", _) => format!(
            "the first keep-alive goes out once nothing has arrived for {value} s (Linux's default is 7200 s)"
        ),
        ("TCP_KEEPINTVL", _) => format!(
            "{value} s between keep-alives while they go unanswered (Linux's default is 75 s)"
        ),
        ("TCP_KEEPCNT", _) => format!(
            "after {value} keep-alives unanswered the kernel gives the connection up: the next call fails with ETIMEDOUT (Linux's default is 9)"
        ),
        _ => return None,
    })
}

/// What an errno means where a sockets program meets it, in a tutorial's words.
pub fn errno_meaning(name: &str) -> Option<&'static str> {
    Some(match name {
        "ECONNREFUSED" => {
            "connection refused: nothing listens on that port; for TCP the peer answered the SYN with RST, for UDP an ICMP port unreachable came back"
        }
        "EADDRINUSE" => "address already in use: another socket holds this address and port",
        "ECONNRESET" => "connection reset by peer: the peer's TCP sent RST",
        "EPIPE" => {
            "broken pipe: this side already shut down writing, or the peer reset the connection"
        }
        "ETIMEDOUT" => "timed out: the peer never answered, even after the retransmissions",
        "EAGAIN" => {
            "would block: a non-blocking socket has nothing to read, or no room to write, right now"
        }
        "EINPROGRESS" => {
            "in progress: a non-blocking connect() sent the SYN and returns before the handshake ends"
        }
        "ENOTCONN" => "not connected: the socket has no peer yet",
        "EHOSTUNREACH" => "no route to the host",
        "ENETUNREACH" => "no route to the network",
        "EACCES" => "permission denied: ports below 1024 need privileges",
        _ => return None,
    })
}

/// Why the port was in use, and what SO_REUSEADDR changes.
fn held_port(h: &PortHolder) -> String {
    let with = h.remote.map(|r| format!(" ↔ {r}")).unwrap_or_default();
    let mut s = format!("; {} was held by a socket in {}{with}", h.local, h.state);
    if h.state == "TIME-WAIT" {
        s.push_str(
            ": the old connection waits out TIME-WAIT (2 MSL) after its active close; setsockopt(SO_REUSEADDR, 1) before bind(), in the old server and the new one (Linux keeps the old socket's setting with its TIME-WAIT entry), lets a server take its port back meanwhile",
        );
    }
    s
}

/// `2 to 5`, `2, 4 and 5`, `1 and 2`.
fn list_of(n: &[u32]) -> String {
    match n {
        [first, .., last] if n.len() > 2 && n.windows(2).all(|w| w[1] == w[0] + 1) => {
            format!("{first} to {last}")
        }
        [rest @ .., last] if !rest.is_empty() => {
            let rest: Vec<String> = rest.iter().map(u32::to_string).collect();
            format!("{} and {last}", rest.join(", "))
        }
        _ => n.iter().map(u32::to_string).collect(),
    }
}

/// `SYN`, `FIN`, `RST`, `data (15 bytes)`, `datagram (15 bytes)`, `ARP, SYN`...
fn what_was_sent(caused: &[usize], facts: &[PacketFacts]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut resolution = false;
    let (mut segments, mut bytes) = (0u32, 0u64);
    for f in caused.iter().filter_map(|&i| facts.get(i)) {
        match f.what {
            What::Resolution => resolution = true,
            What::Tcp { flags, payload, .. } => {
                if flags.has(TcpFlags::SYN) {
                    parts.push("SYN".into());
                } else if flags.has(TcpFlags::RST) {
                    parts.push("RST".into());
                } else if flags.has(TcpFlags::FIN) {
                    parts.push("FIN".into());
                } else {
                    segments += 1;
                    bytes += u64::from(payload);
                }
            }
            What::Udp { payload, .. } => parts.push(format!("datagram ({payload} bytes)")),
            _ => {}
        }
    }
    match segments {
        0 => {}
        1 => parts.push(format!("data ({bytes} bytes)")),
        n => parts.push(format!("{n} data segments ({bytes} bytes)")),
    }
    let mut s = parts.join(", ");
    if resolution {
        s = format!("address resolution, then {s}");
    }
    s
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::option_meaning;
    use crate::lab::socket::SockOpt;

    /// Every option the lab's programs set is said in words, by the name `setsockopt`
    /// gives it.
    #[test]
    fn each_option_the_lab_sets_has_its_sentence() {
        for option in [
            SockOpt::RecvBuffer(4096),
            SockOpt::NoDelay,
            SockOpt::QuickAck(false),
            SockOpt::QuickAck(true),
            SockOpt::KeepAlive,
            SockOpt::KeepIdle(Duration::from_secs(1)),
            SockOpt::KeepInterval(Duration::from_secs(1)),
            SockOpt::KeepCount(3),
        ] {
            let text = option.to_string();
            assert!(option_meaning(&text).is_some(), "{text}");
        }
        assert_eq!(
            option_meaning("TCP_KEEPCNT=3").as_deref(),
            Some(
                "after 3 keep-alives unanswered the kernel gives the connection up: the next call fails with ETIMEDOUT (Linux's default is 9)"
            )
        );
        assert_eq!(option_meaning("SO_BROADCAST=1"), None);
    }

    #[test]
    fn coalesced_sends_are_listed_as_a_reader_says_them() {
        assert_eq!(super::list_of(&[2, 3, 4, 5]), "2 to 5");
        assert_eq!(super::list_of(&[2, 4, 5]), "2, 4 and 5");
        assert_eq!(super::list_of(&[1, 2]), "1 and 2");
        assert_eq!(super::list_of(&[7]), "7");
    }
}
