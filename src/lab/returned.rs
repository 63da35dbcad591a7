//! Which of the receiving program's calls returned what each packet brought: the end of the
//! receiver's view of a packet (`-L`: its in layers end with the call). The inverse of
//! [`super::attach`]'s placing of the calls that return:
//!
//! | packet                        | the receiver's call that returns it                      |
//! |-------------------------------|----------------------------------------------------------|
//! | SYN, the handshake's ACK      | the server's next `accept()`                             |
//! | SYN-ACK                       | the client's next `connect()` return                     |
//! | TCP data                      | the `recv()`s whose bytes of the stream it carried       |
//! | FIN                           | the next `recv()` that returns 0                         |
//! | RST                           | the next call that fails                                 |
//! | UDP datagram                  | the receiver's `recvfrom()` of the same rank             |
//!
//! A pure ACK is returned by no call: it ends in TCP. Only calls shown after the packet count.

use std::collections::HashSet;
use std::net::SocketAddr;

use super::attach::What;
use super::calls::{Call, CallKind};
use super::run::Matched;
use crate::decode::TcpFlags;
use crate::render::CallNote;
use crate::track::Role;

/// For each packet, the notes of the calls that returned it (empty: none did), with the
/// words `texts` of each placed call.
pub fn returned(run: Matched<'_>, texts: &[String]) -> Vec<Vec<CallNote>> {
    let mut order: Vec<usize> = (0..run.placed.len()).collect();
    order.sort_by_key(|&p| run.placed.get(p).map_or(usize::MAX, |p| p.before));
    let m = Receivers::new(run);
    // Datagrams to the client and to the server so far.
    let mut taken_udp = [0usize; 2];
    let mut synack_seen: HashSet<Option<u64>> = HashSet::new();
    let mut out = Vec::with_capacity(run.facts.len());
    for (i, f) in run.facts.iter().enumerate() {
        let pick: Vec<usize> = match f.what {
            What::Tcp {
                src,
                dst,
                flags,
                payload,
                seq,
                ..
            } => {
                let side = m.side_of(i, src, dst);
                let handshake = !flags.has(TcpFlags::SYN)
                    && payload == 0
                    && !flags.has(TcpFlags::FIN)
                    && !flags.has(TcpFlags::RST)
                    && side == Role::Server
                    && synack_seen.remove(&f.conn);
                if flags.has(TcpFlags::SYN) && flags.has(TcpFlags::ACK) {
                    synack_seen.insert(f.conn);
                }
                let segment = Segment {
                    at: i,
                    conn: f.conn,
                    side,
                    flags,
                    payload,
                    seq,
                    handshake,
                };
                m.tcp(&order, &segment)
            }
            What::Udp { src, dst, .. } => {
                let side = m.side_of(i, src, dst);
                let rank = &mut taken_udp[usize::from(side == Role::Server)];
                *rank += 1;
                m.nth_recvfrom(&order, side, *rank, i).into_iter().collect()
            }
            _ => Vec::new(),
        };
        out.push(pick.into_iter().map(|p| m.note(p, texts)).collect());
    }
    out
}

/// The other side of a conversation.
fn other(r: Role) -> Role {
    match r {
        Role::Client => Role::Server,
        Role::Server => Role::Client,
    }
}

/// One TCP segment, as the matching needs it.
struct Segment {
    at: usize,
    conn: Option<u64>,
    /// The receiving side.
    side: Role,
    flags: TcpFlags,
    payload: u32,
    seq: u32,
    /// The client's ACK that completes the handshake.
    handshake: bool,
}

/// The run's calls, and whose address is whose.
struct Receivers<'a> {
    run: Matched<'a>,
    /// The clients' addresses (the senders of a SYN).
    clients: HashSet<SocketAddr>,
}

impl<'a> Receivers<'a> {
    fn new(run: Matched<'a>) -> Receivers<'a> {
        let mut clients = HashSet::new();
        for f in run.facts {
            if let What::Tcp { src, flags, .. } = f.what
                && flags.has(TcpFlags::SYN)
                && !flags.has(TcpFlags::ACK)
            {
                clients.insert(src);
            }
        }
        Receivers { run, clients }
    }

    /// The side that receives packet `at`, sent from `src` to `dst`: the other side than
    /// the one whose call caused it, else the one the addresses say.
    fn side_of(&self, at: usize, src: SocketAddr, dst: SocketAddr) -> Role {
        let caused_by = self
            .run
            .placed
            .iter()
            .find(|p| p.caused.contains(&at))
            .and_then(|p| self.run.calls.get(p.call));
        if let Some(c) = caused_by {
            return other(c.side);
        }
        if self.clients.contains(&dst) {
            return Role::Client;
        }
        if self.clients.contains(&src) {
            return Role::Server;
        }
        let has = |a: SocketAddr| {
            move |c: &&Call| {
                c.local == Some(a) || matches!(c.kind, CallKind::Bind { addr, .. } if addr == a)
            }
        };
        match self.run.calls.iter().find(has(dst)) {
            Some(c) => c.side,
            None => self
                .run
                .calls
                .iter()
                .find(has(src))
                .map_or(Role::Server, |c| other(c.side)),
        }
    }

    fn call(&self, placed: usize) -> Option<(&Call, usize, Option<u64>)> {
        let p = self.run.placed.get(placed)?;
        Some((self.run.calls.get(p.call)?, p.before, p.conn))
    }

    /// The receiver's calls shown after packet `at`, on its conversation, in order.
    fn after<'o>(
        &'o self,
        order: &'o [usize],
        side: Role,
        at: usize,
        conn: Option<u64>,
    ) -> impl Iterator<Item = (usize, &'o Call)> + 'o {
        order.iter().filter_map(move |&p| {
            let (call, before, c) = self.call(p)?;
            let same = conn.is_none() || c.is_none() || c == conn;
            (call.side == side && before > at && same).then_some((p, call))
        })
    }

    fn tcp(&self, order: &[usize], s: &Segment) -> Vec<usize> {
        let mut after = self.after(order, s.side, s.at, s.conn);
        let f = s.flags;
        if f.has(TcpFlags::RST) {
            return after
                .find(|(_, c)| c.error.is_some())
                .map(|(p, _)| p)
                .into_iter()
                .collect();
        }
        if f.has(TcpFlags::SYN) && f.has(TcpFlags::ACK) {
            let first = after.find(|(_, c)| matches!(c.kind, CallKind::ConnectReturn));
            return first.map(|(p, _)| p).into_iter().collect();
        }
        if f.has(TcpFlags::SYN) || s.handshake {
            let first = after.find(|(_, c)| matches!(c.kind, CallKind::Accept));
            return first.map(|(p, _)| p).into_iter().collect();
        }
        let mut out = if s.payload > 0 {
            self.recvs_of(order, s)
        } else {
            Vec::new()
        };
        if f.has(TcpFlags::FIN) {
            let eof = self
                .after(order, s.side, s.at, s.conn)
                .find(|(_, c)| matches!(c.kind, CallKind::Recv { len: 0 }) && c.error.is_none());
            out.extend(eof.map(|(p, _)| p));
        }
        out
    }

    /// The `recv()`s, shown after the segment, whose bytes of the stream it carried: the
    /// receiver's recvs on the conversation, counted from the stream's byte 1.
    fn recvs_of(&self, order: &[usize], s: &Segment) -> Vec<usize> {
        let (first, last) = (
            u64::from(s.seq),
            u64::from(s.seq) + u64::from(s.payload) - 1,
        );
        let mut start = 1u64;
        let mut out = Vec::new();
        for (p, call) in self.after(order, s.side, 0, s.conn) {
            let CallKind::Recv { len } = call.kind else {
                continue;
            };
            if len == 0 || call.error.is_some() {
                continue;
            }
            let end = start + len as u64 - 1;
            let shown_after = self.call(p).is_some_and(|(_, before, _)| before > s.at);
            if end >= first && start <= last && shown_after {
                out.push(p);
            }
            start = end + 1;
            if start > last {
                break;
            }
        }
        out
    }

    /// The receiver's `rank`-th `recvfrom()` (1 = its first), if shown after packet `at`.
    fn nth_recvfrom(&self, order: &[usize], side: Role, rank: usize, at: usize) -> Option<usize> {
        let (p, _) = self
            .after(order, side, 0, None)
            .filter(|(_, c)| matches!(c.kind, CallKind::RecvFrom { .. } | CallKind::Recv { .. }))
            .nth(rank - 1)?;
        self.call(p)
            .is_some_and(|(_, before, _)| before > at)
            .then_some(p)
    }

    fn note(&self, placed: usize, texts: &[String]) -> CallNote {
        let call = self.call(placed).map(|(c, _, conn)| (c, conn));
        CallNote {
            side: call.map_or(Role::Server, |(c, _)| c.side),
            call: call.map_or("", |(c, _)| c.kind.name()),
            text: texts.get(placed).cloned().unwrap_or_default(),
            conn: call.and_then(|(_, conn)| conn),
            caused: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::Timestamp;
    use crate::lab::attach::{PacketFacts, Placed};
    use std::time::SystemTime;

    fn call(side: Role, socket: u32, kind: CallKind) -> Call {
        Call {
            side,
            socket,
            kind,
            start: SystemTime::UNIX_EPOCH,
            end: SystemTime::UNIX_EPOCH,
            local: None,
            peer: None,
            error: None,
            process: None,
        }
    }

    fn segment(from_client: bool, flags: u16, payload: u32, seq: u32) -> PacketFacts {
        let (c, s): (SocketAddr, SocketAddr) = (
            "127.0.0.1:40000".parse().unwrap(),
            "127.0.0.1:8001".parse().unwrap(),
        );
        let (src, dst) = if from_client { (c, s) } else { (s, c) };
        PacketFacts {
            ts: Timestamp { secs: 0, nanos: 0 },
            conn: Some(1),
            what: What::Tcp {
                src,
                dst,
                flags: TcpFlags(flags),
                payload,
                seq,
            },
        }
    }

    #[test]
    fn each_packet_is_returned_by_the_receivers_call_that_took_its_bytes() {
        const SYN: u16 = TcpFlags::SYN;
        const ACK: u16 = TcpFlags::ACK;
        let facts = [
            segment(true, SYN, 0, 0),
            segment(false, SYN | ACK, 0, 0),
            segment(true, ACK, 0, 1),
            // One send of 20 bytes in two segments; the server reads 15, then 5.
            segment(true, ACK, 10, 1),
            segment(true, ACK, 10, 11),
            segment(false, ACK, 0, 1),
            segment(true, TcpFlags::FIN | ACK, 0, 21),
        ];
        let (c, s) = (Role::Client, Role::Server);
        let calls = [
            call(
                c,
                1,
                CallKind::ConnectStart {
                    to: "127.0.0.1:8001".parse().unwrap(),
                },
            ),
            call(s, 2, CallKind::Accept),
            call(c, 1, CallKind::ConnectReturn),
            call(c, 1, CallKind::Send { len: 20 }),
            call(s, 2, CallKind::Recv { len: 15 }),
            call(s, 2, CallKind::Recv { len: 5 }),
            call(c, 1, CallKind::Close),
            call(s, 2, CallKind::Recv { len: 0 }),
        ];
        let at = |call: usize, before: usize, caused: Vec<usize>| Placed {
            call,
            before,
            caused,
            conn: Some(1),
        };
        let placed = [
            at(0, 0, vec![0]),
            at(1, 3, vec![]),
            at(2, 3, vec![]),
            at(3, 3, vec![3, 4]),
            at(4, 5, vec![]),
            at(5, 5, vec![]),
            at(6, 6, vec![6]),
            at(7, 7, vec![]),
        ];
        let texts: Vec<String> = (0..placed.len()).map(|i| format!("call {i}")).collect();
        let run = Matched {
            frames: &[],
            facts: &facts,
            calls: &calls,
            placed: &placed,
            verdicts: &[],
        };
        let got: Vec<Vec<String>> = returned(run, &texts)
            .into_iter()
            .map(|notes| notes.into_iter().map(|n| n.text).collect())
            .collect();
        let want: [&[&str]; 7] = [
            &["call 1"],
            &["call 2"],
            &["call 1"],
            &["call 4"],
            &["call 4", "call 5"],
            &[],
            &["call 7"],
        ];
        assert_eq!(
            got,
            want.map(|w| w.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        );
        let sides: Vec<Role> = returned(run, &texts)
            .iter()
            .flat_map(|n| n.iter().map(|c| c.side))
            .collect();
        assert_eq!(sides, [s, c, s, s, s, s, s]);
    }
}
