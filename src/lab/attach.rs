//! Which packets each socket call caused, and where each call is shown among the packets.
//!
//! Not "nearest timestamp": a call on a socket knows the socket's addresses (after connect or
//! accept, or the datagram's peer), so it is matched within that conversation, by kind and in
//! order on the side that made it:
//!
//! | call                         | packets it caused / where it is shown                        |
//! |------------------------------|--------------------------------------------------------------|
//! | TCP `connect()` (start)      | that side's SYN                                              |
//! | `connect()` returns          | after the handshake's 3rd packet (after the RST when refused)|
//! | `accept()` returns           | after the handshake's 3rd packet                             |
//! | TCP `send()` of n bytes      | the segments carrying its n bytes of that side's stream      |
//! | UDP `send()`/`sendto()`      | that side's next datagram to the peer                        |
//! | TCP `recv()` of n bytes      | after the peer's segment that brought the n-th byte          |
//! | `recv()` returns 0           | after the peer's FIN                                         |
//! | `recv()` fails ECONNRESET    | after the peer's RST                                         |
//! | UDP `recv()`/`recvfrom()`    | after the peer's next datagram                               |
//! | UDP `recv()` ECONNREFUSED    | after the ICMP error about the conversation                  |
//! | `shutdown(SHUT_WR)`          | that side's FIN                                              |
//! | `close()`                    | that side's FIN, or its RST after `SO_LINGER 0`, or nothing  |
//! | `close()` with unread data   | that side's RST                                              |
//! | `close()` of a shared socket | nothing (another descriptor still holds it)                  |
//!
//! Address resolution (ARP, NDP) just before a caused packet, and after the call began, is
//! counted as caused by it too. Calls that cause nothing (socket, bind, listen, a UDP
//! connect) are placed by time, but never before the previous call of the same socket nor
//! after the next packet that socket caused. Limits: segments are taken in order, so a
//! A TCP `send()` is matched by stream offset (the relative sequence numbers), so a send
//! cut into several segments, sends coalesced into one (Nagle), and retransmissions are
//! all credited right. Limit: the calls on one socket are taken in the order they started,
//! so two threads writing one socket at once may swap their byte ranges.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::SystemTime;

use super::calls::{Call, CallKind};
use crate::capture::Timestamp;
use crate::decode::TcpFlags;

/// The option that makes `close()` send RST instead of FIN, as calls name it.
pub const LINGER_ZERO: &str = "SO_LINGER={on,0s}";

/// What the matcher needs to know of one captured packet.
#[derive(Debug, Clone)]
pub struct PacketFacts {
    pub ts: Timestamp,
    /// The tracker's conversation id.
    pub conn: Option<u64>,
    pub what: What,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Tcp {
        src: SocketAddr,
        dst: SocketAddr,
        flags: TcpFlags,
        payload: u32,
        /// Relative sequence number (1 = the first data byte after the SYN), as the tracker
        /// gives it: where the payload sits in the sender's stream.
        seq: u32,
    },
    Udp {
        src: SocketAddr,
        dst: SocketAddr,
        payload: u32,
    },
    /// An ICMP error about the datagram or segment from `about_src` to `about_dst`.
    IcmpError {
        about_src: SocketAddr,
        about_dst: SocketAddr,
    },
    /// Address resolution: ARP, or ICMPv6 neighbour solicitation/advertisement.
    Resolution,
    Other,
}

/// Where one call is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// Index of the call in the log.
    pub call: usize,
    /// Shown just before the packet with this index (== number of packets: after the last).
    pub before: usize,
    /// Indices of the packets the call put on the wire.
    pub caused: Vec<usize>,
    /// The conversation of the call's socket, when its packets were seen.
    pub conn: Option<u64>,
}

/// The instant of a call that orders it: when a blocking call returned, else when it began.
pub fn moment(c: &Call) -> SystemTime {
    match c.kind {
        CallKind::ConnectReturn | CallKind::Accept | CallKind::Recv { .. } => c.end,
        CallKind::RecvFrom { .. } => c.end,
        _ => c.start,
    }
}

pub fn timestamp(t: SystemTime) -> Timestamp {
    let d = t.duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default();
    Timestamp {
        secs: i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        nanos: d.subsec_nanos(),
    }
}

/// Whether a packet's `actual` address is the call's `wanted` one. An unspecified address
/// or port 0 in `wanted` matches any: a socket whose connect was refused reports its port
/// but no longer its address.
fn same(actual: SocketAddr, wanted: SocketAddr) -> bool {
    (wanted.ip().is_unspecified() || actual.ip() == wanted.ip())
        && (wanted.port() == 0 || actual.port() == wanted.port())
}

impl What {
    /// A TCP segment from `from` to `to`.
    fn tcp(&self, from: SocketAddr, to: SocketAddr) -> Option<(TcpFlags, u32)> {
        match *self {
            What::Tcp {
                src,
                dst,
                flags,
                payload,
                ..
            } if same(src, from) && same(dst, to) => Some((flags, payload)),
            _ => None,
        }
    }

    /// A TCP data segment from `from` to `to`: the stream bytes `[start, end)` it carries
    /// (offsets from the first data byte).
    fn data_range(&self, from: SocketAddr, to: SocketAddr) -> Option<(u64, u64)> {
        match *self {
            What::Tcp {
                src,
                dst,
                payload,
                seq,
                ..
            } if payload > 0 && same(src, from) && same(dst, to) => {
                let start = u64::from(seq.wrapping_sub(1));
                Some((start, start + u64::from(payload)))
            }
            _ => None,
        }
    }

    fn udp(&self, from: SocketAddr, to: SocketAddr) -> Option<u32> {
        match *self {
            What::Udp { src, dst, payload } if same(src, from) && same(dst, to) => Some(payload),
            _ => None,
        }
    }
}

/// Matching state: which packets are taken, and the packets of each direction (by ports),
/// so that a call looks only at its own conversation's packets: a long echo's 40,000 calls
/// over 20,000 packets stay linear.
struct Matcher<'p> {
    packets: &'p [PacketFacts],
    claimed: Vec<bool>,
    /// TCP and UDP packets by (source port, destination port), in capture order.
    by_ports: HashMap<(u16, u16), Vec<usize>>,
    /// ICMP errors, in capture order.
    icmp: Vec<usize>,
    /// Every packet: for an address whose port is not known (0).
    all: Vec<usize>,
}

/// Segments looked at past a `send()`'s last one, for a retransmission of its bytes.
const LOOKAHEAD: usize = 64;

impl<'p> Matcher<'p> {
    fn new(packets: &'p [PacketFacts]) -> Matcher<'p> {
        let mut by_ports: HashMap<(u16, u16), Vec<usize>> = HashMap::new();
        let mut icmp = Vec::new();
        for (i, p) in packets.iter().enumerate() {
            match p.what {
                What::Tcp { src, dst, .. } | What::Udp { src, dst, .. } => {
                    by_ports
                        .entry((src.port(), dst.port()))
                        .or_default()
                        .push(i);
                }
                What::IcmpError { .. } => icmp.push(i),
                _ => {}
            }
        }
        Matcher {
            packets,
            claimed: vec![false; packets.len()],
            by_ports,
            icmp,
            all: (0..packets.len()).collect(),
        }
    }

    /// The packets that can be from `from` to `to` (same ports), in capture order.
    fn dir(&self, from: SocketAddr, to: SocketAddr) -> &[usize] {
        if from.port() == 0 || to.port() == 0 {
            return &self.all;
        }
        self.by_ports
            .get(&(from.port(), to.port()))
            .map_or(&[], Vec::as_slice)
    }

    fn what(&self, i: usize) -> Option<&'p What> {
        self.packets.get(i).map(|p| &p.what)
    }

    /// The first unclaimed packet from `from` to `to` satisfying `want`, claimed.
    fn claim(
        &mut self,
        (from, to): (SocketAddr, SocketAddr),
        want: impl Fn(&What) -> bool,
    ) -> Option<usize> {
        let i = self.dir(from, to).iter().copied().find(|&i| {
            !self.claimed.get(i).copied().unwrap_or(true) && self.what(i).is_some_and(&want)
        })?;
        if let Some(c) = self.claimed.get_mut(i) {
            *c = true;
        }
        Some(i)
    }

    /// The first packet from `from` to `to`, at index `start` or later, satisfying `want`.
    fn find(
        &self,
        (from, to): (SocketAddr, SocketAddr),
        start: usize,
        want: impl Fn(&What) -> bool,
    ) -> Option<usize> {
        let d = self.dir(from, to);
        let first = d.partition_point(|&i| i < start);
        d.get(first..)?
            .iter()
            .copied()
            .find(|&i| self.what(i).is_some_and(&want))
    }
}

/// What each call caused, and where it goes. `calls` must be in the order they happened.
pub fn attach(calls: &[Call], packets: &[PacketFacts]) -> Vec<Placed> {
    let mut m = Matcher::new(packets);
    let mut progress: HashMap<u32, SocketProgress> = Default::default();
    // Pass 1: causes and lower bounds, in call order.
    let mut caused: Vec<Vec<usize>> = Vec::with_capacity(calls.len());
    let mut lower: Vec<usize> = Vec::with_capacity(calls.len());
    for c in calls {
        let state = progress.entry(c.socket).or_default();
        let (cause, low) = effects(&mut m, c, state);
        caused.push(with_resolution(&mut m, c, cause));
        lower.push(low);
    }
    place(calls, &m, &caused, &lower)
}

/// How far one socket has got, for the calls that depend on its earlier ones.
#[derive(Debug, Default)]
struct SocketProgress {
    /// Bytes its `recv()`s returned so far (TCP).
    bytes: u64,
    /// Bytes its `send()`s handed to TCP so far.
    sent: u64,
    /// SO_LINGER with a zero timeout was set: `close()` sends RST, not FIN.
    linger_zero: bool,
    /// Its connect() failed: it never had a connection, so its close() sends nothing (and
    /// must not take another socket's FIN: a refused socket's own port may be unknown).
    refused: bool,
    /// Where its next `send()` and `recv()` start looking, in their direction's packets, by
    /// peer (an unconnected UDP socket talks to several).
    cursors: HashMap<SocketAddr, Cursors>,
}

#[derive(Debug, Default, Clone, Copy)]
struct Cursors {
    send: usize,
    recv: usize,
}

/// The packets call `c` put on the wire (claimed, so no later call takes them), and the
/// first packet index it can sit before (it returned after the packets that index follows).
fn effects(m: &mut Matcher<'_>, c: &Call, state: &mut SocketProgress) -> (Vec<usize>, usize) {
    let mut cause = Vec::new();
    let mut low = 0;
    let Some((l, p)) = c.local.zip(c.peer) else {
        if let CallKind::SetOption { option } = &c.kind
            && option == LINGER_ZERO
        {
            state.linger_zero = true;
        }
        return (cause, low);
    };
    let failed = c.error.is_some();
    let syn_ack = |from: SocketAddr, to: SocketAddr| {
        move |w: &What| {
            w.tcp(from, to)
                .is_some_and(|(f, _)| f.has(TcpFlags::SYN) && f.has(TcpFlags::ACK))
        }
    };
    match &c.kind {
        CallKind::SetOption { option } if option == LINGER_ZERO => {
            state.linger_zero = true;
        }
        CallKind::ConnectStart { .. } => {
            let syn = |w: &What| {
                w.tcp(l, p)
                    .is_some_and(|(f, _)| f.has(TcpFlags::SYN) && !f.has(TcpFlags::ACK))
            };
            cause.extend(m.claim((l, p), syn));
        }
        CallKind::ConnectReturn if failed => {
            state.refused = true;
            let rst = |w: &What| w.tcp(p, l).is_some_and(|(f, _)| f.has(TcpFlags::RST));
            low = m.find((p, l), 0, rst).map_or(0, |i| i + 1);
        }
        // After the SYN-ACK and the ACK this side sent for it.
        CallKind::ConnectReturn => low = after_answer(m, (p, l), syn_ack(p, l)),
        CallKind::Accept => low = after_answer(m, (l, p), syn_ack(l, p)),
        CallKind::Send { len } | CallKind::SendTo { len, .. } => {
            cause = send_causes(m, *len, (l, p), failed, state);
        }
        CallKind::Recv { len } | CallKind::RecvFrom { len } => {
            low = recv_bound(m, c, *len, (l, p), state);
        }
        CallKind::Close | CallKind::CloseUnread { .. } | CallKind::ShutdownWrite
            if state.refused => {}
        CallKind::ShutdownWrite => {
            let fin = |w: &What| w.tcp(l, p).is_some_and(|(f, _)| f.has(TcpFlags::FIN));
            cause.extend(m.claim((l, p), fin));
        }
        CallKind::CloseUnread { .. } => {
            let rst = |w: &What| w.tcp(l, p).is_some_and(|(f, _)| f.has(TcpFlags::RST));
            cause.extend(m.claim((l, p), rst));
        }
        CallKind::Close => {
            let flag = if state.linger_zero {
                TcpFlags::RST
            } else {
                TcpFlags::FIN
            };
            cause.extend(m.claim((l, p), |w| w.tcp(l, p).is_some_and(|(f, _)| f.has(flag))));
        }
        _ => {}
    }
    (cause, low)
}

/// Just after the first packet back that follows the SYN-ACK `answer` matches (in direction
/// `dir`): the ACK of the handshake, where `connect()` and `accept()` return.
fn after_answer(
    m: &Matcher<'_>,
    dir: (SocketAddr, SocketAddr),
    answer: impl Fn(&What) -> bool,
) -> usize {
    let back = (dir.1, dir.0);
    match m.find(dir, 0, answer) {
        Some(s) => m
            .find(back, s + 1, |w| w.tcp(back.0, back.1).is_some())
            .map_or(s + 1, |i| i + 1),
        None => 0,
    }
}

/// The segments that carried a TCP `send()`'s bytes (by stream offset: a send cut into
/// several segments has them all, sends coalesced into one segment share it, and a
/// retransmission of its bytes close behind is its too), or the one datagram a UDP
/// `sendto()` sent.
fn send_causes(
    m: &mut Matcher<'_>,
    len: usize,
    (l, p): (SocketAddr, SocketAddr),
    failed: bool,
    state: &mut SocketProgress,
) -> Vec<usize> {
    let tcp = m
        .dir(l, p)
        .iter()
        .any(|&i| m.what(i).is_some_and(|w| w.tcp(l, p).is_some()));
    if failed {
        return Vec::new();
    }
    let cursor = &mut state.cursors.entry(p).or_default().send;
    if !tcp {
        return udp_send(m, (l, p), cursor).into_iter().collect();
    }
    let start = state.sent;
    let end = start + u64::try_from(len).unwrap_or(u64::MAX);
    state.sent = end;
    let d = m.dir(l, p);
    let range = |j: usize| d.get(j).and_then(|&i| m.what(i)?.data_range(l, p));
    // Past the segments wholly before this send's bytes (and what carries none).
    while d.get(*cursor).is_some() && range(*cursor).is_none_or(|(_, b)| b <= start) {
        *cursor += 1;
    }
    let mut cause = Vec::new();
    let (mut j, mut misses) = (*cursor, 0);
    while let Some(&i) = d.get(j)
        && misses < LOOKAHEAD
    {
        match range(j) {
            Some((a, b)) if a < end && start < b => {
                cause.push(i);
                misses = 0;
            }
            _ => misses += 1,
        }
        j += 1;
    }
    cause
}

/// The next datagram from `l` to `p` no call has taken, claimed.
fn udp_send(
    m: &mut Matcher<'_>,
    (l, p): (SocketAddr, SocketAddr),
    cursor: &mut usize,
) -> Option<usize> {
    let d = m.dir(l, p);
    let (j, i) = d
        .iter()
        .copied()
        .enumerate()
        .skip(*cursor)
        .find(|&(_, i)| {
            !m.claimed.get(i).copied().unwrap_or(true)
                && m.what(i).is_some_and(|w| w.udp(l, p).is_some())
        })?;
    *cursor = j + 1;
    if let Some(c) = m.claimed.get_mut(i) {
        *c = true;
    }
    Some(i)
}

/// The first packet index a `recv()` returning `len` bytes can sit before: after the RST or
/// ICMP error that failed it, the FIN that ended the stream (0 bytes), the segment that
/// brought its last byte, or the datagram it returned.
fn recv_bound(
    m: &Matcher<'_>,
    c: &Call,
    len: usize,
    (l, p): (SocketAddr, SocketAddr),
    state: &mut SocketProgress,
) -> usize {
    let after = |i: Option<usize>| i.map_or(0, |i| i + 1);
    let d = m.dir(p, l);
    let tcp = d
        .iter()
        .any(|&i| m.what(i).is_some_and(|w| w.tcp(p, l).is_some()));
    match (&c.error, tcp) {
        (Some(_), true) => after(m.find((p, l), 0, |w| {
            w.tcp(p, l).is_some_and(|(f, _)| f.has(TcpFlags::RST))
        })),
        (Some(_), false) => after(m.icmp.iter().copied().find(|&i| {
            matches!(m.what(i), Some(&What::IcmpError { about_src, about_dst })
                if same(about_src, l) && same(about_dst, p))
        })),
        (None, true) if len == 0 => after(m.find((p, l), 0, |w| {
            w.tcp(p, l).is_some_and(|(f, _)| f.has(TcpFlags::FIN))
        })),
        (None, true) => {
            state.bytes += u64::try_from(len).unwrap_or(0);
            let want = state.bytes;
            let cursor = &mut state.cursors.entry(p).or_default().recv;
            let range = |j: usize| d.get(j).and_then(|&i| m.what(i)?.data_range(p, l));
            while d.get(*cursor).is_some() && range(*cursor).is_none_or(|(_, end)| end < want) {
                *cursor += 1;
            }
            after(d.get(*cursor).copied())
        }
        (None, false) => {
            let cursor = &mut state.cursors.entry(p).or_default().recv;
            let next = d
                .iter()
                .enumerate()
                .skip(*cursor)
                .find(|&(_, &i)| m.what(i).is_some_and(|w| w.udp(p, l).is_some()));
            match next {
                Some((j, &i)) => {
                    *cursor = j + 1;
                    i + 1
                }
                None => 0,
            }
        }
    }
}

/// `cause` with the address resolution (ARP, neighbour discovery) that went out right before
/// its first packet, after the call began: the call caused that too.
fn with_resolution(m: &mut Matcher<'_>, c: &Call, cause: Vec<usize>) -> Vec<usize> {
    let Some(&first) = cause.first() else {
        return cause;
    };
    let began = timestamp(c.start);
    let mut i = first;
    while let Some(prev) = i.checked_sub(1) {
        match m.packets.get(prev) {
            Some(p)
                if p.what == What::Resolution
                    && p.ts >= began
                    && !m.claimed.get(prev).copied().unwrap_or(true) =>
            {
                if let Some(x) = m.claimed.get_mut(prev) {
                    *x = true;
                }
                i = prev;
            }
            _ => break,
        }
    }
    let mut all: Vec<usize> = (i..first).collect();
    all.extend(cause);
    all
}

/// Pass 2: positions. Caused calls sit before their first packet; the others by time,
/// within the bounds their socket's other calls and the rules of pass 1 set. Returned in
/// display order: by place, a caused call last at its place (right above its packet).
fn place(calls: &[Call], m: &Matcher<'_>, caused: &[Vec<usize>], lower: &[usize]) -> Vec<Placed> {
    let packets = m.packets;
    // For each call, the first packet caused by a later call of its socket: it bounds the
    // call from above (one pass from the end).
    let mut next_caused = vec![packets.len(); calls.len()];
    let mut later: HashMap<u32, usize> = HashMap::new();
    for (i, c) in calls.iter().enumerate().rev() {
        if let Some(slot) = next_caused.get_mut(i) {
            *slot = later.get(&c.socket).copied().unwrap_or(packets.len());
        }
        if let Some(&first) = caused.get(i).and_then(|v| v.first()) {
            later.insert(c.socket, first);
        }
    }
    let mut placed: Vec<Placed> = Vec::with_capacity(calls.len());
    let mut after_prev: HashMap<u32, usize> = HashMap::new();
    let mut conversations: HashMap<(SocketAddr, SocketAddr), Option<u64>> = HashMap::new();
    for (i, c) in calls.iter().enumerate() {
        let cause = caused.get(i).cloned().unwrap_or_default();
        let before = match cause.first() {
            Some(&first) => first,
            None => {
                let t = timestamp(moment(c));
                let by_time = packets.partition_point(|p| p.ts <= t);
                let next = next_caused.get(i).copied().unwrap_or(packets.len());
                let prev = after_prev.get(&c.socket).copied().unwrap_or(0);
                by_time
                    .min(next)
                    .max(prev)
                    .max(lower.get(i).copied().unwrap_or(0))
            }
        };
        // Just after the call's first packet: a retransmission of its bytes much later
        // must not hold the socket's next calls back.
        after_prev.insert(c.socket, cause.first().map_or(before, |&f| f + 1));
        let conn = match c.local.zip(c.peer) {
            Some(ends) => *conversations
                .entry(ends)
                .or_insert_with(|| conversation_of(m, ends)),
            None => None,
        };
        placed.push(Placed {
            call: i,
            before,
            caused: cause,
            conn,
        });
    }
    placed.sort_by_key(|p| {
        let c = calls.get(p.call);
        (
            p.before,
            !p.caused.is_empty(),
            c.map(moment).unwrap_or(SystemTime::UNIX_EPOCH),
        )
    });
    placed
}

/// The conversation whose packets carry the socket's addresses `(l, p)`.
fn conversation_of(m: &Matcher<'_>, (l, p): (SocketAddr, SocketAddr)) -> Option<u64> {
    let hit = |i: usize| {
        let x = m.packets.get(i)?;
        let ours = match x.what {
            What::Tcp { src, dst, .. } | What::Udp { src, dst, .. } => {
                (same(src, l) && same(dst, p)) || (same(src, p) && same(dst, l))
            }
            What::IcmpError {
                about_src,
                about_dst,
            } => same(about_src, l) && same(about_dst, p),
            _ => false,
        };
        if ours { x.conn } else { None }
    };
    let first = |d: &[usize]| d.iter().find_map(|&i| hit(i));
    let found = [first(m.dir(l, p)), first(m.dir(p, l)), first(&m.icmp)];
    // The earliest packet of the three lists decides, as a scan of all packets would.
    found.into_iter().flatten().next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::track::Role;
    use std::time::Duration;

    fn at(ms: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_millis(1_000_000 + ms)
    }

    fn call(side: Role, socket: u32, kind: CallKind, start: u64, end: u64) -> Call {
        Call {
            side,
            socket,
            kind,
            start: at(start),
            end: at(end),
            local: None,
            peer: None,
            error: None,
            process: None,
        }
    }

    fn seg(ms: u64, from: SocketAddr, to: SocketAddr, flags: u16, payload: u32) -> PacketFacts {
        data(ms, from, to, flags, 1, payload)
    }

    fn data(
        ms: u64,
        from: SocketAddr,
        to: SocketAddr,
        flags: u16,
        seq: u32,
        payload: u32,
    ) -> PacketFacts {
        PacketFacts {
            ts: timestamp(at(ms)),
            conn: Some(1),
            what: What::Tcp {
                src: from,
                dst: to,
                flags: TcpFlags(flags),
                payload,
                seq,
            },
        }
    }

    #[test]
    fn a_handshake_and_a_send_are_matched_by_socket_not_by_time() {
        let c: SocketAddr = "127.0.0.1:50000".parse().unwrap();
        let s: SocketAddr = "127.0.0.1:8001".parse().unwrap();
        let (syn, ack, psh, fin) = (TcpFlags::SYN, TcpFlags::ACK, TcpFlags::PSH, TcpFlags::FIN);
        let packets = vec![
            seg(10, c, s, syn, 0),
            seg(11, s, c, syn | ack, 0),
            seg(12, c, s, ack, 0),
            seg(20, c, s, psh | ack, 15),
            seg(21, s, c, ack, 0),
            seg(30, c, s, fin | ack, 0),
        ];
        let mut calls = vec![
            call(Role::Client, 1, CallKind::ConnectStart { to: s }, 9, 9),
            call(Role::Client, 1, CallKind::ConnectReturn, 12, 12),
            // The server's accept() returns, by its own clock, before the 3rd packet's stamp:
            // it is still shown after it.
            call(Role::Server, 2, CallKind::Accept, 5, 11),
            call(Role::Client, 1, CallKind::Send { len: 15 }, 19, 19),
            call(Role::Server, 2, CallKind::Recv { len: 15 }, 12, 22),
            call(Role::Client, 1, CallKind::Close, 29, 29),
        ];
        for x in &mut calls {
            let client = x.side == Role::Client;
            x.local = Some(if client { c } else { s });
            x.peer = Some(if client { s } else { c });
        }
        calls.sort_by_key(moment);
        let placed = attach(&calls, &packets);
        let shown: Vec<(&str, usize, Vec<usize>)> = placed
            .iter()
            .map(|p| (calls[p.call].kind.name(), p.before, p.caused.clone()))
            .collect();
        assert_eq!(
            shown,
            [
                ("connect", 0, vec![0]),
                ("accept", 3, vec![]),
                ("connect_return", 3, vec![]),
                ("send", 3, vec![3]),
                ("recv", 5, vec![]),
                ("close", 5, vec![5]),
            ]
        );
        assert!(placed.iter().all(|p| p.conn == Some(1)));
    }

    #[test]
    fn sends_are_matched_by_stream_offset_coalesced_split_and_retransmitted() {
        let c: SocketAddr = "127.0.0.1:50000".parse().unwrap();
        let s: SocketAddr = "127.0.0.1:8001".parse().unwrap();
        let (psh, ack) = (TcpFlags::PSH, TcpFlags::ACK);
        let packets = vec![
            data(10, c, s, psh | ack, 1, 5), // send 1 alone (Nagle: nothing unacked)
            data(12, c, s, psh | ack, 6, 10), // sends 2 and 3, coalesced
            data(14, c, s, psh | ack, 16, 50), // send 4, first half
            data(15, c, s, psh | ack, 66, 50), // send 4, second half
            data(300, c, s, psh | ack, 66, 50), // its retransmission
        ];
        let mut calls: Vec<Call> = [5, 5, 5, 100]
            .iter()
            .enumerate()
            .map(|(i, &len)| {
                call(
                    Role::Client,
                    1,
                    CallKind::Send { len },
                    9 + i as u64,
                    9 + i as u64,
                )
            })
            .collect();
        for x in &mut calls {
            x.local = Some(c);
            x.peer = Some(s);
        }
        let placed = attach(&calls, &packets);
        let caused: Vec<Vec<usize>> = placed.iter().map(|p| p.caused.clone()).collect();
        assert_eq!(caused, [vec![0], vec![1], vec![1], vec![2, 3, 4]]);
    }
}
