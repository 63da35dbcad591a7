//! Conversations: TCP and UDP flows keyed by their 5-tuple in either direction, with roles,
//! counters, TCP state (the `tcp` module) and Zeek's vocabulary (the `zeek` module).
//!
//! Pure: time comes from packet timestamps, never from a clock. Memory is bounded: idle
//! conversations expire ([`Timeouts`]) and the table never holds more than
//! [`MAX_CONVERSATIONS`]; expired conversations are handed back to be reported.

// No index that could panic, in the tracker and its tests: per-side pairs are read by
// `Role::of`, lists by `get`.
#![deny(clippy::indexing_slicing)]

mod flow;
mod seq;
mod tcp;
mod verdict;
mod window;
mod zeek;
mod zeek_records;

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;

pub use flow::{Dir, Endpoint, FlowKey, Proto, Role, RoleReason};
pub use seq::SeqNum;
pub use tcp::rtt::RttStats;
pub use tcp::{
    Analysis, Handshake, MAX_UNACKED_DIR, MAX_UNACKED_TOTAL, OverlapCounts, Step, TcpConv, TcpInfo,
    TcpState, TcpStats, Teardown, UnackedBudget, ZeekInput,
};
pub use verdict::{HandshakeVerdict, TeardownVerdict, Verdicts};
pub use window::WindowScale;
pub use zeek::{ConnState, Zeek, ZeekLetter, ZeekState};
pub use zeek_records::{RecordBase, ZeekRecord};

use crate::capture::Timestamp;
use crate::decode::checksum::Checksums;
use crate::decode::{Icmp, Packet, Tcp, TcpFlags, Transport, Udp};

/// Most conversations held at once. Past it, the least recently active half is reported and
/// forgotten early, so that memory stays bounded at any rate of new conversations (a SYN
/// flood opens thousands a second, faster than any timeout ends them).
///
/// 12,000 entries of about 0.8 KiB: hashbrown never needs more than 32,768 buckets for them
/// (it rehashes in place while at most half its capacity is used), about 21 MiB.
pub const MAX_CONVERSATIONS: usize = 12_000;

/// Closed TCP connections kept for their linger, at most: past this many, the one that
/// closed first is reported at once. They are kept at all so that a late ACK or RST still
/// finds its connection, as tshark groups it.
pub const MAX_CLOSED_KEPT: usize = 256;

/// How long a conversation may stay silent before it is reported and forgotten (seconds of
/// capture time). The defaults are Zeek's (`base/init-bare.zeek`).
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// A connection attempt: a SYN seen, nothing from the responder. Longer than Zeek's
    /// `tcp_attempt_delay` (5 s), so that Linux's retransmitted SYNs (1, 2, 4, 8, 16 and 32 s
    /// apart with the default `tcp_syn_retries`) stay one conversation, as tshark's
    /// `tcp.stream` keeps them; the table's cap bounds memory whatever this is.
    pub tcp_attempt: i64,
    /// A TCP connection that ended with FINs both ways acknowledged, or a RST (Zeek's
    /// `tcp_close_delay` and `tcp_reset_delay`).
    pub tcp_closed: i64,
    /// Any other TCP connection (Zeek's `tcp_inactivity_timeout`).
    pub tcp_open: i64,
    /// Zeek's `udp_inactivity_timeout`.
    pub udp: i64,
}

impl Default for Timeouts {
    fn default() -> Timeouts {
        Timeouts {
            tcp_attempt: 60,
            tcp_closed: 5,
            tcp_open: 300,
            udp: 60,
        }
    }
}

/// Sweep for idle conversations at most this often (capture time).
const SWEEP_EVERY_SECS: i64 = 1;

/// A UDP datagram's place in its conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UdpStep {
    /// The first datagram: UDP has no handshake.
    First,
    /// A datagram from the client.
    Request,
    /// A datagram from the server answering the client's datagram in `to_frame`.
    Response { to_frame: u64 },
    /// A datagram from the server with no request before it.
    Unsolicited,
}

/// The UDP state of a conversation.
#[derive(Debug, Clone, Default)]
pub struct UdpConv {
    pub requests: u64,
    pub responses: u64,
    last_request: Option<u64>,
    pub zeek: Zeek,
}

/// One conversation.
///
/// Laid out in the order written (`repr(C)`): what every packet reads and writes first and
/// together, so that a packet touches as few cache lines of its conversation as it can.
#[derive(Debug, Clone)]
#[repr(C)]
pub struct Conversation {
    pub client: Endpoint,
    /// 1-based, in order of first appearance within the input.
    pub id: u64,
    /// [client to server, server to client]
    pub packets: [u64; 2],
    /// Frame bytes on the wire, [c2s, s2c].
    pub bytes: [u64; 2],
    /// Transport payload bytes, [c2s, s2c].
    pub payload: [u64; 2],
    pub last_ts: Timestamp,
    pub last_frame: u64,
    /// Already in the tracker's queue of closed connections.
    closed_queued: bool,
    pub tcp: Option<TcpConv>,
    pub proto: Proto,
    pub server: Endpoint,
    pub role_reason: RoleReason,
    pub first_ts: Timestamp,
    pub first_frame: u64,
    /// IP bytes (header and payload, as the IP header counts them), [c2s, s2c]: Zeek's
    /// `orig_ip_bytes`/`resp_ip_bytes`.
    pub ip_bytes: [u64; 2],
    /// The last packet's time as Zeek keeps it: a TCP packet that comes after both ends
    /// closed or reset does not move it (TCP.cc), so Zeek's `duration` ends there.
    pub zeek_last_ts: Timestamp,
    pub icmp_errors: u32,
    /// Packets whose IPv4, TCP or UDP checksum was wrong.
    pub bad_checksums: u32,
    /// Boxed: most conversations are TCP, and an inline UDP state would make every entry
    /// of the table half as large again.
    pub udp: Option<Box<UdpConv>>,
}

impl Conversation {
    /// Zeek's conn_state; ICMP echo, which Zeek's TCP and UDP rules do not cover, is OTH.
    pub fn conn_state(&self) -> ConnState {
        match (&self.tcp, &self.udp) {
            (Some(t), _) => t.zeek.tcp_conn_state(),
            (_, Some(u)) => {
                // Datagrams Zeek dropped (a bad checksum) do not make their side active.
                let [[bad_c2s, bad_s2c], _] = u.zeek.uncounted();
                let [c2s, s2c] = self.packets;
                let sent = [c2s > bad_c2s, s2c > bad_s2c];
                // Zeek's originator first.
                let [c, s] = sent;
                u.zeek
                    .udp_conn_state(if u.zeek.reversed { [s, c] } else { sent })
            }
            _ => ConnState::Oth,
        }
    }

    /// Zeek's `missed_bytes`: bytes in content gaps (TCP only).
    pub fn missed_bytes(&self) -> u64 {
        self.tcp.as_ref().map_or(0, |t| t.zeek.missed())
    }

    /// Zeek's `orig_bytes` and `resp_bytes`: for TCP the sequence space each side used (so
    /// retransmitted bytes count once), for UDP and ICMP the payload bytes.
    pub fn zeek_bytes(&self) -> [u64; 2] {
        let [c2s, s2c] = self.payload;
        match (&self.tcp, &self.udp) {
            (Some(t), _) => [t.zeek.size(true), t.zeek.size(false)],
            (_, Some(u)) if u.zeek.reversed => [s2c, c2s],
            _ => self.payload,
        }
    }

    pub fn history(&self) -> &str {
        match (&self.tcp, &self.udp) {
            (Some(t), _) => t.zeek.history(),
            (_, Some(u)) => u.zeek.history(),
            _ => "",
        }
    }

    pub fn handshake_verdict(&self) -> HandshakeVerdict {
        match &self.tcp {
            Some(t) => t.handshake_verdict(),
            None => HandshakeVerdict::Connectionless(self.proto),
        }
    }

    pub fn teardown_verdict(&self) -> TeardownVerdict {
        match &self.tcp {
            Some(t) => t.teardown_verdict(),
            None => TeardownVerdict::Connectionless(self.proto),
        }
    }

    /// The three verdicts, packed (what a view keeps per conversation).
    pub fn verdicts(&self) -> Verdicts {
        Verdicts::new(
            self.conn_state(),
            self.handshake_verdict(),
            self.teardown_verdict(),
        )
    }

    fn idle_limit(&self, t: &Timeouts) -> i64 {
        let [_, from_server] = self.packets;
        match &self.tcp {
            Some(c) if c.is_closed() => t.tcp_closed,
            Some(c) if c.handshake.syn && from_server == 0 => t.tcp_attempt,
            Some(_) => t.tcp_open,
            None => t.udp,
        }
    }

    /// Silent for longer than its timeout at `now`.
    fn idle_at(&self, now: Timestamp, t: &Timeouts) -> bool {
        now.since(self.last_ts).0 > i128::from(self.idle_limit(t)) * 1_000_000_000
    }
}

/// What tracking adds to one packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PacketInfo {
    pub conn: u64,
    pub dir: Dir,
    /// The packet opened the conversation.
    pub first: bool,
    pub tcp: Option<TcpInfo>,
    pub udp: Option<UdpStep>,
    /// An ICMP error about this conversation (the packet it quotes belongs to it).
    pub icmp_error: bool,
}

/// The conversation table.
pub struct Tracker {
    table: HashMap<FlowKey, Conversation, foldhash::fast::RandomState>,
    next_id: u64,
    last_sweep: Option<Timestamp>,
    expired: Vec<Conversation>,
    timeouts: Timeouts,
    /// Closed TCP connections, in the order they closed.
    closed: VecDeque<(FlowKey, u64)>,
    /// What the held connections' overlap checks have allocated.
    unacked: UnackedBudget,
}

impl Default for Tracker {
    fn default() -> Tracker {
        Tracker::new(Timeouts::default())
    }
}

/// Where and when a packet arrived: what every conversation counts.
#[derive(Debug, Clone, Copy)]
struct Arrival {
    frame: u64,
    ts: Timestamp,
    /// Frame bytes on the wire.
    wire_len: u32,
    /// Bytes the IP header says the datagram has (IPv4 total length, IPv6 payload + 40).
    ip_len: u32,
    /// The packet's checksums, as far as they were checked.
    sums: Checksums,
}

impl Arrival {
    /// Zeek's analysis takes the packet: its IP and TCP/UDP checksums are not wrong (Zeek
    /// drops a packet with a bad IPv4 header checksum before any connection, and one with
    /// a bad TCP or UDP checksum after writing `C` into the history).
    fn zeek_takes(&self) -> bool {
        !self.sums.ip_bad() && !self.sums.transport_bad()
    }
}

/// Who is the client of a conversation whose first packet went `src` to `dst`, and why:
/// the pinger, the SYN's sender, the SYN-ACK's receiver; mid-stream, the side whose port is
/// in the higher RFC 6335 class, or else whoever sent first.
fn roles(
    proto: Proto,
    src: Endpoint,
    dst: Endpoint,
    flags: TcpFlags,
) -> (Endpoint, Endpoint, RoleReason) {
    let syn = flags.has(TcpFlags::SYN);
    let ack = flags.has(TcpFlags::ACK);
    if proto == Proto::IcmpEcho {
        (src, dst, RoleReason::SentEchoRequest)
    } else if proto == Proto::Tcp && syn && !ack {
        (src, dst, RoleReason::SentSyn)
    } else if proto == Proto::Tcp && syn && ack {
        (dst, src, RoleReason::GotSynAck)
    } else if port_rank(dst.port) < port_rank(src.port) {
        (src, dst, RoleReason::ServerPortClass)
    } else if port_rank(src.port) < port_rank(dst.port) {
        (dst, src, RoleReason::ServerPortClass)
    } else {
        (src, dst, RoleReason::FirstSender)
    }
}

/// RFC 6335 port class rank: 0 well-known, 1 registered, 2 dynamic.
fn port_rank(port: u16) -> u8 {
    match port {
        0..=1023 => 0,
        1024..=49151 => 1,
        _ => 2,
    }
}

impl Tracker {
    pub fn new(timeouts: Timeouts) -> Tracker {
        Tracker {
            table: HashMap::default(),
            next_id: 1,
            last_sweep: None,
            expired: Vec::new(),
            timeouts,
            closed: VecDeque::new(),
            unacked: UnackedBudget::default(),
        }
    }

    /// Bytes the held connections' overlap checks have allocated (at most
    /// [`MAX_UNACKED_TOTAL`]).
    pub fn unacked_allocated(&self) -> usize {
        self.unacked.allocated
    }

    /// Conversations currently held.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// The conversation a packet belongs to, if it is still held.
    pub fn get(&self, key: &FlowKey) -> Option<&Conversation> {
        self.table.get(key)
    }

    /// Conversations that expired since the last call, oldest first.
    /// What their overlap checks held is freed and given back to the budget.
    pub fn take_expired(&mut self) -> Vec<Conversation> {
        let mut out = std::mem::take(&mut self.expired);
        out.sort_by_key(|c| c.id);
        for c in &mut out {
            if let Some(t) = c.tcp.as_mut() {
                let freed = t.release_unacked();
                self.unacked.allocated = self.unacked.allocated.saturating_sub(freed);
            }
        }
        out
    }

    /// Ends the input: hands every conversation still held to `report`, by id, one at a time
    /// (no second copy of the table), and makes the tracker ready for the next input.
    pub fn finish<E>(
        &mut self,
        mut report: impl FnMut(Conversation) -> Result<(), E>,
    ) -> Result<(), E> {
        for c in self.take_expired() {
            report(c)?;
        }
        let mut order: Vec<(u64, FlowKey)> = self.table.iter().map(|(k, c)| (c.id, *k)).collect();
        order.sort_unstable_by_key(|(id, _)| *id);
        for (_, key) in order {
            if let Some(c) = self.table.remove(&key) {
                report(c)?;
            }
        }
        self.table = HashMap::default();
        self.unacked = UnackedBudget::default();
        self.closed.clear();
        self.next_id = 1;
        self.last_sweep = None;
        Ok(())
    }

    /// Tracks one packet; `None` for packets outside any TCP/UDP conversation.
    pub fn track(
        &mut self,
        frame: u64,
        ts: Timestamp,
        wire_len: u32,
        packet: &Packet<'_>,
    ) -> Option<PacketInfo> {
        self.track_checked(frame, ts, wire_len, packet, Checksums::default())
    }

    /// [`Tracker::track`] for a packet whose checksums were checked (`decode::checksum`):
    /// one that is wrong keeps the packet out of Zeek's view of its conversation, as Zeek
    /// does, and gives its history a `C` (TCP, UDP).
    pub fn track_checked(
        &mut self,
        frame: u64,
        ts: Timestamp,
        wire_len: u32,
        packet: &Packet<'_>,
        sums: Checksums,
    ) -> Option<PacketInfo> {
        self.maybe_sweep(ts);
        let addrs = packet.ip_addrs()?;
        let ip_len = match packet.net.as_ref() {
            Some(crate::decode::Net::Ipv4(ip)) => u32::from(ip.total_len),
            Some(crate::decode::Net::Ipv6(ip)) => u32::from(ip.payload_len) + 40,
            _ => 0,
        };
        let at = Arrival {
            frame,
            ts,
            wire_len,
            ip_len,
            sums,
        };
        match packet.transport.as_ref()? {
            // The decoder gives no transport layer for IP fragments (IPv4 or IPv6), so a
            // fragment never reaches a conversation here.
            Transport::Tcp(t) => Some(self.tcp(at, addrs, t)),
            Transport::Udp(u) => Some(self.udp(at, addrs, u)),
            Transport::Icmp(i) if i.quoted.is_none() => self.echo(at, addrs, i),
            Transport::Icmp(i) => self.icmp_error(at, packet, i),
        }
    }

    /// A TCP segment. A SYN with a new ISN on a flow whose connection ended starts another
    /// conversation (tshark's port-reuse rule); the old one is reported.
    fn tcp(&mut self, at: Arrival, addrs: (IpAddr, IpAddr), t: &Tcp<'_>) -> PacketInfo {
        let (a, b) = ends(addrs, (t.sport, t.dport));
        let key = FlowKey::new(Proto::Tcp, a, b);
        let pure_syn = t.flags.has(TcpFlags::SYN) && !t.flags.has(TcpFlags::ACK);
        if pure_syn
            && let Some(old) = self.table.get(&key)
            && let Some(tc) = &old.tcp
            && tc.is_reused_by(if old.client == a { Dir::C2S } else { Dir::S2C }, t.seq)
            && let Some(old) = self.table.remove(&key)
        {
            self.expired.push(old);
        }
        // Taken out, and put back once the conversation is no longer borrowed.
        let mut budget = std::mem::take(&mut self.unacked);
        let (conv, first) = self.entry(key, Proto::Tcp, a, b, t.flags, at);
        let dir = if conv.client == a { Dir::C2S } else { Dir::S2C };
        if !at.sums.ip_bad() {
            conv.next_zeek_record_if_due(dir, t, at.ts);
        }
        conv.count(dir, at, t.payload_len);
        let zeek = if at.zeek_takes() {
            ZeekInput::Segment
        } else if at.sums.ip_bad() {
            ZeekInput::Dropped
        } else {
            ZeekInput::BadChecksum
        };
        let info = conv
            .tcp
            .as_mut()
            .map(|tc| tc.on_segment(dir, t, at.ts, &mut budget, zeek));
        let id = conv.id;
        let closed = !conv.closed_queued && conv.tcp.as_ref().is_some_and(TcpConv::is_closed);
        if closed {
            conv.closed_queued = true;
        }
        self.unacked = budget;
        if closed {
            self.closed.push_back((key, id));
            self.trim_closed();
        }
        PacketInfo {
            conn: id,
            dir,
            first,
            tcp: info,
            udp: None,
            icmp_error: false,
        }
    }

    /// A UDP datagram: a request from the client, or the server's response to the last one.
    fn udp(&mut self, at: Arrival, addrs: (IpAddr, IpAddr), u: &Udp) -> PacketInfo {
        let (a, b) = ends(addrs, (u.sport, u.dport));
        let key = FlowKey::new(Proto::Udp, a, b);
        let (conv, first) = self.entry(key, Proto::Udp, a, b, TcpFlags(0), at);
        let dir = if conv.client == a { Dir::C2S } else { Dir::S2C };
        conv.count(dir, at, u.payload_len);
        let udp = conv.udp.get_or_insert_with(Box::default);
        if at.zeek_takes() {
            udp.zeek
                .letter(ZeekLetter::Data, (dir == Dir::C2S) != udp.zeek.reversed);
        } else if !at.sums.ip_bad() {
            udp.zeek.letter(
                ZeekLetter::BadChecksum,
                (dir == Dir::C2S) != udp.zeek.reversed,
            );
        }
        let step = if dir == Dir::C2S {
            udp.requests += 1;
            udp.last_request = Some(at.frame);
            if first {
                UdpStep::First
            } else {
                UdpStep::Request
            }
        } else if first {
            UdpStep::First
        } else if let Some(to_frame) = udp.last_request.take() {
            udp.responses += 1;
            UdpStep::Response { to_frame }
        } else {
            UdpStep::Unsolicited
        };
        PacketInfo {
            conn: conv.id,
            dir,
            first,
            tcp: None,
            udp: Some(step),
            icmp_error: false,
        }
    }

    /// An ICMP error quoting a packet: it belongs to the quoted packet's conversation, under
    /// the key that packet had, if that conversation is still held.
    fn icmp_error(&mut self, at: Arrival, packet: &Packet<'_>, i: &Icmp<'_>) -> Option<PacketInfo> {
        let q = i.quoted.as_ref()?;
        let (sport, _) = q.ports?;
        let a = Endpoint {
            addr: q.src,
            port: sport,
        };
        let conv = self.table.get_mut(&FlowKey::of_packet(packet)?)?;
        conv.icmp_errors = conv.icmp_errors.saturating_add(1);
        conv.last_ts = at.ts;
        conv.last_frame = at.frame;
        // The error travels back towards the quoted packet's sender.
        let dir = if conv.client == a { Dir::S2C } else { Dir::C2S };
        Some(PacketInfo {
            conn: conv.id,
            dir,
            first: false,
            tcp: None,
            udp: None,
            icmp_error: true,
        })
    }

    /// An ICMP echo request or reply: one conversation per (requester, responder, identifier),
    /// as Zeek counts them; other ICMP messages that quote nothing belong to none.
    fn echo(
        &mut self,
        at: Arrival,
        (src, dst): (IpAddr, IpAddr),
        i: &Icmp<'_>,
    ) -> Option<PacketInfo> {
        let request = match (i.version, i.icmp_type) {
            (4, 8) | (6, 128) => true,
            (4, 0) | (6, 129) => false,
            _ => return None,
        };
        let [id_hi, id_lo, _, _] = i.rest;
        let id = u16::from_be_bytes([id_hi, id_lo]);
        let (requester, responder) = if request { (src, dst) } else { (dst, src) };
        let client = Endpoint {
            addr: requester,
            port: id,
        };
        let server = Endpoint {
            addr: responder,
            port: id,
        };
        let key = FlowKey::new(Proto::IcmpEcho, client, server);
        let (conv, first) = self.entry(key, Proto::IcmpEcho, client, server, TcpFlags(0), at);
        let dir = if request { Dir::C2S } else { Dir::S2C };
        let payload = u32::try_from(i.payload.len()).unwrap_or(u32::MAX);
        conv.count(dir, at, payload);
        Some(PacketInfo {
            conn: conv.id,
            dir,
            first,
            tcp: None,
            udp: None,
            icmp_error: false,
        })
    }

    /// The conversation for `key`, created if new (with roles decided from this first packet).
    fn entry(
        &mut self,
        key: FlowKey,
        proto: Proto,
        src: Endpoint,
        dst: Endpoint,
        flags: TcpFlags,
        at: Arrival,
    ) -> (&mut Conversation, bool) {
        // Checked on every packet against the length only; the lookup below is the one hash.
        if self.table.len() >= MAX_CONVERSATIONS && !self.table.contains_key(&key) {
            self.evict_half();
        }
        let mut first = false;
        let next_id = &mut self.next_id;
        let conv = self.table.entry(key).or_insert_with(|| {
            first = true;
            let id = *next_id;
            *next_id += 1;
            let (client, server, reason) = roles(proto, src, dst, flags);
            let mut tcp = (proto == Proto::Tcp).then(|| TcpConv::new(flags));
            let mut udp = (proto == Proto::Udp).then(Box::<UdpConv>::default);
            if client != src
                && let Some(t) = tcp.as_mut()
            {
                t.zeek.flipped();
            }
            if let Some(u) = udp.as_mut() {
                // Zeek's own orientation for UDP: the first sender, unless only the other
                // port is a likely server port.
                let zeek_orig = zeek_records::udp_originator(src, dst);
                u.zeek.reversed = zeek_orig != client;
                if zeek_orig != src {
                    u.zeek.flipped();
                }
            }
            Conversation {
                id,
                proto,
                client,
                server,
                role_reason: reason,
                first_ts: at.ts,
                last_ts: at.ts,
                first_frame: at.frame,
                last_frame: at.frame,
                ip_bytes: [0; 2],
                zeek_last_ts: at.ts,
                packets: [0; 2],
                bytes: [0; 2],
                payload: [0; 2],
                icmp_errors: 0,
                bad_checksums: 0,
                tcp,
                udp,
                closed_queued: false,
            }
        });
        (conv, first)
    }

    /// Reports the earliest closed connections beyond [`MAX_CLOSED_KEPT`]. Never inlined:
    /// it runs once per closed connection, and inlined into `track` (fat LTO's choice) it
    /// cost every packet about ten instructions (callgrind, bench capture).
    #[inline(never)]
    fn trim_closed(&mut self) {
        while self.closed.len() > MAX_CLOSED_KEPT {
            let Some((key, id)) = self.closed.pop_front() else {
                break;
            };
            // The entry may have expired already, or the key been reused by a new connection.
            if self.table.get(&key).is_some_and(|c| c.id == id)
                && let Some(c) = self.table.remove(&key)
            {
                self.expired.push(c);
            }
        }
    }

    fn maybe_sweep(&mut self, now: Timestamp) {
        let due = self
            .last_sweep
            .is_none_or(|t| now.secs.saturating_sub(t.secs) >= SWEEP_EVERY_SECS);
        if !due {
            return;
        }
        self.last_sweep = Some(now);
        let timeouts = self.timeouts;
        let gone = self.table.extract_if(|_, c| c.idle_at(now, &timeouts));
        self.expired.extend(gone.map(|(_, c)| c));
    }

    /// Expires the least recently active half of the table.
    fn evict_half(&mut self) {
        let mut times: Vec<Timestamp> = self.table.values().map(|c| c.last_ts).collect();
        let mid = times.len() / 2;
        let (_, cut, _) = times.select_nth_unstable(mid);
        let cut = *cut;
        let gone = self.table.extract_if(|_, c| c.last_ts <= cut);
        self.expired.extend(gone.map(|(_, c)| c));
        // Removed entries leave tombstones the table cannot reuse, so under a flood of new
        // conversations it kept doubling although it never held more than the cap (258 MB at
        // 600,000 SYNs, measured with massif through the TUI's indexer). Rehashing the
        // survivors into a table of their size costs one copy per eviction.
        self.table.shrink_to(self.table.len());
    }
}

/// Most Zeek records one conversation keeps; past it, the last one takes in what Zeek would
/// have split further (a SYN retried after RST a thousand times on one 5-tuple), so that a
/// conversation's memory stays bounded.
pub const MAX_ZEEK_RECORDS: usize = 32;

impl Conversation {
    /// Zeek's records for this conversation, oldest first: one for UDP and ICMP, and for TCP
    /// one more each time Zeek would have ended its connection and started another on the
    /// same 5-tuple (see `zeek_records`).
    pub fn zeek_records(&self) -> Vec<ZeekRecord> {
        let done = self.tcp.as_ref().map_or(&[][..], |t| t.zeek.done());
        let mut all = done.to_vec();
        all.push(self.current_zeek_record());
        // A record none of whose packets Zeek took (bad IPv4 header checksums) Zeek never
        // made, so it never logs it.
        all.retain(|r| r.packets != [0, 0]);
        all
    }

    /// The Zeek record the conversation is in now.
    fn current_zeek_record(&self) -> ZeekRecord {
        let zeek = match (&self.tcp, &self.udp) {
            (Some(t), _) => Some(&t.zeek),
            (_, Some(u)) => Some(&u.zeek),
            _ => None,
        };
        let [uncounted_packets, uncounted_ip] = zeek.map_or([[0; 2]; 2], Zeek::uncounted);
        let base = zeek.and_then(Zeek::base).unwrap_or(RecordBase {
            first_ts: self.first_ts,
            ..RecordBase::default()
        });
        let minus = |a: [u64; 2], b: [u64; 2]| {
            let ([a0, a1], [b0, b1]) = (a, b);
            [a0.saturating_sub(b0), a1.saturating_sub(b1)]
        };
        let mut history = arrayvec::ArrayString::new();
        let _ = history.try_push_str(self.history());
        let reversed = zeek.is_some_and(|z| z.reversed);
        ZeekRecord {
            reversed,
            first_ts: base.first_ts,
            last_ts: self.zeek_last_ts,
            packets: minus(minus(self.packets, base.packets), uncounted_packets),
            ip_bytes: minus(minus(self.ip_bytes, base.ip_bytes), uncounted_ip),
            conn_state: self.conn_state(),
            history,
            missed_bytes: self.missed_bytes(),
            sizes: self.zeek_bytes(),
        }
    }

    /// Before a TCP segment going `dir` at `ts`: when Zeek would have ended the current
    /// record (a SYN reusing the 5-tuple, an attempt or a closed connection timed out),
    /// it is finished and a new one starts with this segment.
    fn next_zeek_record_if_due(&mut self, dir: Dir, t: &Tcp<'_>, ts: Timestamp) {
        let (first_ts, last_ts) = (self.first_ts, self.zeek_last_ts);
        let Some(tc) = self.tcp.as_ref() else {
            return;
        };
        let z = &tc.zeek;
        let syn = t.flags.has(TcpFlags::SYN);
        let ack = t.flags.has(TcpFlags::ACK);
        let arriving = zeek_records::Arriving {
            orig: (dir == Dir::C2S) != z.reversed,
            syn,
            ack,
            seq: t.seq,
            ts,
        };
        let started = z.base().map_or(first_ts, |b| b.first_ts);
        if z.done().len() + 1 >= MAX_ZEEK_RECORDS || !z.ends_before(&arriving, started, last_ts) {
            return;
        }
        let finished = self.current_zeek_record();
        let base = RecordBase {
            first_ts: ts,
            packets: self.packets,
            ip_bytes: self.ip_bytes,
        };
        // A SYN's sender is the new originator, a SYN-ACK's receiver; other packets keep
        // the conversation's roles.
        let reversed = match (syn, ack) {
            (true, false) => dir == Dir::S2C,
            (true, true) => dir == Dir::C2S,
            _ => false,
        };
        if let Some(tc) = self.tcp.as_mut() {
            let mut done = tc.zeek.take_done();
            done.push(finished);
            tc.zeek = Zeek::next_record(done, base, reversed);
            if (dir == Dir::C2S) == reversed {
                tc.zeek.flipped();
            }
        }
        self.zeek_last_ts = ts;
    }

    /// A packet Zeek's analysis drops: kept out of its Zeek record's counts. Never inlined:
    /// a bad checksum is rare, and the common path stays short.
    #[cold]
    #[inline(never)]
    fn count_outside_zeek(&mut self, dir: Dir, ip_len: u32) {
        self.bad_checksums = self.bad_checksums.saturating_add(1);
        let c2s = dir == Dir::C2S;
        if let Some(t) = self.tcp.as_mut() {
            t.zeek.not_counted(c2s, ip_len);
        } else if let Some(u) = self.udp.as_mut() {
            u.zeek.not_counted(c2s, ip_len);
        }
    }

    fn count(&mut self, dir: Dir, at: Arrival, payload: u32) {
        let sender = dir.sender();
        *sender.of_mut(&mut self.packets) += 1;
        let bytes = sender.of_mut(&mut self.bytes);
        *bytes = bytes.saturating_add(u64::from(at.wire_len));
        let sent = sender.of_mut(&mut self.payload);
        *sent = sent.saturating_add(u64::from(payload));
        let ip = sender.of_mut(&mut self.ip_bytes);
        *ip = ip.saturating_add(u64::from(at.ip_len));
        if !at.zeek_takes() {
            self.count_outside_zeek(dir, at.ip_len);
        } else if self.tcp.as_ref().is_none_or(|t| !t.zeek.both_closed()) {
            self.zeek_last_ts = at.ts;
        }
        self.last_ts = at.ts;
        self.last_frame = at.frame;
    }
}

/// The sender's and the receiver's endpoint of a segment or datagram.
fn ends((src, dst): (IpAddr, IpAddr), (sport, dport): (u16, u16)) -> (Endpoint, Endpoint) {
    (
        Endpoint {
            addr: src,
            port: sport,
        },
        Endpoint {
            addr: dst,
            port: dport,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::LinkType;
    use crate::decode::decode;
    use etherparse::PacketBuilder;

    const CLIENT: [u8; 4] = [10, 0, 0, 1];
    const SERVER: [u8; 4] = [10, 0, 0, 2];

    /// An Ethernet frame of one TCP segment; `flags` are letters of "SAFR".
    fn tcp_frame(
        from_client: bool,
        sport: u16,
        dport: u16,
        seq: u32,
        ack: u32,
        flags: &str,
    ) -> Vec<u8> {
        let (src, dst) = if from_client {
            (CLIENT, SERVER)
        } else {
            (SERVER, CLIENT)
        };
        let mut b = PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv4(src, dst, 64)
            .tcp(sport, dport, seq, 65535);
        for f in flags.chars() {
            b = match f {
                'S' => b.syn(),
                'A' => b.ack(ack),
                'F' => b.fin(),
                _ => b.rst(),
            };
        }
        let mut bytes = Vec::with_capacity(b.size(0));
        b.write(&mut bytes, &[]).expect("build TCP frame");
        bytes
    }

    fn udp_frame(sport: u16, dport: u16) -> Vec<u8> {
        let b = PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv4(CLIENT, SERVER, 64)
            .udp(sport, dport);
        let mut bytes = Vec::with_capacity(b.size(4));
        b.write(&mut bytes, b"ping").expect("build UDP frame");
        bytes
    }

    /// `micros` after a fixed start.
    fn at(micros: i64) -> Timestamp {
        Timestamp {
            secs: 1_700_000_000 + micros / 1_000_000,
            nanos: u32::try_from((micros % 1_000_000) * 1000).unwrap_or(0),
        }
    }

    fn feed(t: &mut Tracker, frame: u64, micros: i64, bytes: &[u8]) -> u64 {
        let packet = decode(LinkType::ETHERNET, bytes, bytes.len() as u32);
        let info = t.track(frame, at(micros), bytes.len() as u32, &packet);
        info.expect("a TCP or UDP packet").conn
    }

    fn expired_ids(t: &mut Tracker) -> Vec<u64> {
        t.take_expired().iter().map(|c| c.id).collect()
    }

    /// An ICMP echo request (from the client) or reply (from the server), `id` and `seq`.
    fn echo_frame(request: bool, id: u16, seq: u16) -> Vec<u8> {
        let b = PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2]);
        let b = if request {
            b.ipv4(CLIENT, SERVER, 64).icmpv4_echo_request(id, seq)
        } else {
            b.ipv4(SERVER, CLIENT, 64).icmpv4_echo_reply(id, seq)
        };
        let mut bytes = Vec::new();
        b.write(&mut bytes, b"ping").expect("build ICMP frame");
        bytes
    }

    #[test]
    fn pings_are_one_conversation_per_identifier_with_the_pinger_as_client() {
        let mut t = Tracker::default();
        let first = feed(&mut t, 1, 0, &echo_frame(true, 7, 1));
        assert_eq!(feed(&mut t, 2, 10, &echo_frame(false, 7, 1)), first);
        assert_eq!(feed(&mut t, 3, 1_000_000, &echo_frame(true, 7, 2)), first);
        // Another ping process (another identifier) is another conversation.
        let other = feed(&mut t, 4, 1_000_010, &echo_frame(true, 8, 1));
        assert_ne!(other, first);
        let mut convs = Vec::new();
        t.finish(|c| {
            convs.push(c);
            Ok::<(), ()>(())
        })
        .unwrap();
        let c = convs.iter().find(|c| c.id == first).unwrap();
        assert_eq!(c.proto, Proto::IcmpEcho);
        assert_eq!(c.client.addr, std::net::IpAddr::from(CLIENT));
        assert_eq!((c.client.port, c.server.port), (7, 7));
        assert_eq!(c.packets, [2, 1]);
        assert_eq!(c.payload, [8, 4]);
        assert_eq!(c.role_reason, RoleReason::SentEchoRequest);
        // Zeek's conn_state for ICMP.
        assert_eq!(c.conn_state(), ConnState::Oth);
    }

    #[test]
    fn a_reply_seen_first_still_makes_its_receiver_the_client() {
        let mut t = Tracker::default();
        let id = feed(&mut t, 1, 0, &echo_frame(false, 9, 1));
        assert_eq!(feed(&mut t, 2, 10, &echo_frame(true, 9, 2)), id);
        let mut convs = Vec::new();
        t.finish(|c| {
            convs.push(c);
            Ok::<(), ()>(())
        })
        .unwrap();
        let c = convs.first().expect("one conversation");
        assert_eq!(c.client.addr, std::net::IpAddr::from(CLIENT));
        assert_eq!(c.packets, [1, 1]);
    }

    #[test]
    fn syn_flood_to_distinct_ports_keeps_the_table_bounded_and_reports_every_conversation() {
        const SYNS: u64 = 100_000;
        let mut t = Tracker::default();
        let mut reported = Vec::new();
        let mut most = 0;
        let mut capacity = 0;
        for i in 0..SYNS {
            let port = 1024 + u16::try_from(i % 60_000).unwrap_or(0);
            let server_port_block = i / 60_000;
            // Distinct conversations: the client port changes each time the server ports wrap.
            let sport = 40_000 + u16::try_from(server_port_block).unwrap_or(0);
            let bytes = tcp_frame(true, sport, port, 1000, 0, "S");
            // 100,000 SYNs a second: far more than the attempt timeout can end.
            let id = feed(&mut t, i + 1, i64::try_from(i).unwrap_or(0) * 10, &bytes);
            assert_eq!(id, i + 1, "each SYN opens its own conversation");
            most = most.max(t.len());
            capacity = capacity.max(t.table.capacity());
            for c in t.take_expired() {
                assert_eq!(c.packets, [1, 0]);
                assert_eq!(c.conn_state(), ConnState::S0);
                reported.push(c.id);
            }
        }
        assert!(
            most <= MAX_CONVERSATIONS,
            "{most} conversations held at once"
        );
        t.finish(|c| {
            reported.push(c.id);
            Ok::<(), ()>(())
        })
        .unwrap_or(());
        reported.sort_unstable();
        assert_eq!(
            reported,
            (1..=SYNS).collect::<Vec<_>>(),
            "every conversation reported once"
        );
    }

    #[test]
    fn idle_conversations_are_forgotten_after_zeeks_timeouts() {
        let mut t = Tracker::default();
        const S: i64 = 1_000_000;
        // 1: an attempt, never answered.
        feed(&mut t, 1, 0, &tcp_frame(true, 50001, 80, 100, 0, "S"));
        // 2: an established connection.
        feed(&mut t, 2, 0, &tcp_frame(true, 50002, 80, 100, 0, "S"));
        feed(
            &mut t,
            3,
            1000,
            &tcp_frame(false, 80, 50002, 900, 101, "SA"),
        );
        feed(&mut t, 4, 2000, &tcp_frame(true, 50002, 80, 101, 901, "A"));
        // 3: a refused connection (closed by a RST).
        feed(&mut t, 5, 0, &tcp_frame(true, 50003, 81, 100, 0, "S"));
        feed(&mut t, 6, 1000, &tcp_frame(false, 81, 50003, 0, 101, "RA"));
        // 4: UDP.
        feed(&mut t, 7, 0, &udp_frame(50004, 53));
        assert_eq!(t.len(), 4);
        // Other traffic moves capture time on.
        let tick = |t: &mut Tracker, frame: u64, micros: i64| {
            feed(t, frame, micros, &tcp_frame(true, 60000, 22, 5, 5, "A"))
        };
        tick(&mut t, 8, 5 * S);
        assert_eq!(
            expired_ids(&mut t),
            Vec::<u64>::new(),
            "5 s is not yet past"
        );
        tick(&mut t, 9, 6 * S);
        assert_eq!(expired_ids(&mut t), vec![3], "tcp_reset_delay");
        // A SYN retransmitted 32 s after the last (Linux's last retry) is still the attempt.
        feed(&mut t, 10, 32 * S, &tcp_frame(true, 50001, 80, 100, 0, "S"));
        assert_eq!(expired_ids(&mut t), Vec::<u64>::new());
        tick(&mut t, 11, 61 * S);
        assert_eq!(expired_ids(&mut t), vec![4], "udp_inactivity_timeout");
        tick(&mut t, 12, 93 * S);
        assert_eq!(
            expired_ids(&mut t),
            vec![1],
            "the attempt, 60 s after its last SYN"
        );
        tick(&mut t, 13, 300 * S);
        assert_eq!(expired_ids(&mut t), Vec::<u64>::new());
        feed(&mut t, 14, 301 * S, &udp_frame(50009, 53));
        assert_eq!(expired_ids(&mut t), vec![2], "tcp_inactivity_timeout");
    }

    #[test]
    fn a_closed_connection_lingers_for_a_late_ack_then_is_forgotten() {
        let mut t = Tracker::default();
        let rows: [(bool, u32, u32, &str); 7] = [
            (true, 100, 0, "S"),
            (false, 900, 101, "SA"),
            (true, 101, 901, "A"),
            (true, 101, 901, "FA"),
            (false, 901, 102, "FA"),
            (true, 102, 902, "A"),
            // A retransmitted last ACK, 4 s later: still the same connection.
            (true, 102, 902, "A"),
        ];
        for (i, (c, seq, ack, flags)) in rows.iter().enumerate() {
            let micros = if i == 6 { 4_000_000 } else { i as i64 * 1000 };
            let (sp, dp) = if *c { (50000, 80) } else { (80, 50000) };
            assert_eq!(
                feed(
                    &mut t,
                    i as u64 + 1,
                    micros,
                    &tcp_frame(*c, sp, dp, *seq, *ack, flags)
                ),
                1
            );
        }
        feed(&mut t, 8, 9_500_000, &udp_frame(1, 2));
        assert_eq!(
            expired_ids(&mut t),
            vec![1],
            "tcp_close_delay after the last packet"
        );
    }

    #[test]
    fn the_table_stays_the_size_of_its_cap_under_a_flood_of_new_conversations() {
        let mut t = Tracker::default();
        let mut frame = Vec::new();
        for n in 0..(MAX_CONVERSATIONS as u32 * 5 / 2) {
            frame.clear();
            let [_, hi, mid, lo] = n.to_be_bytes();
            PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
                .ipv4([10, 0, 0, 1], [10, hi, mid, lo], 64)
                .tcp(40000, 80, n, 65535)
                .syn()
                .write(&mut frame, &[])
                .unwrap();
            let p = decode(LinkType::ETHERNET, &frame, frame.len() as u32);
            let ts = Timestamp::from_parts(1_700_000_000, i64::from(n)).0;
            t.track(u64::from(n) + 1, ts, frame.len() as u32, &p);
            drop(t.take_expired());
        }
        // Capped at MAX_CONVERSATIONS entries, the table needs less than twice that; before
        // the rehash after each eviction, tombstones made it double past it.
        assert!(
            t.table.capacity() < 2 * MAX_CONVERSATIONS,
            "{}",
            t.table.capacity()
        );
    }
}
