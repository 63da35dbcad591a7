//! A finished conversation's summary row, packed into a few dozen bytes until the table is
//! written: numbers as LEB128 varints, addresses as 4 or 16 bytes, the history's letters, and
//! the verdicts as their two-byte packing (`track::Verdicts`), and for TCP the round-trip
//! times and findings present. A SYN-flood row (IPv4, history `S`) takes 24 bytes plus 8 for
//! its place in the id order.
//!
//! Rows are written and read only here; reading a row this module wrote cannot fail, and a
//! short or damaged buffer reads as zeros rather than panicking.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::capture::Duration;
use crate::track::{
    Analysis, ConnState, Conversation, Endpoint, HandshakeVerdict, Proto, TcpConv, TeardownVerdict,
    Verdicts,
};

/// The rows of one input, by id.
#[derive(Default)]
pub(super) struct Rows {
    bytes: Vec<u8>,
    /// Where the row of id `first_id + i` starts in `bytes` (`u64::MAX`: not reported).
    starts: Vec<u64>,
    first_id: u64,
}

/// One row, unpacked: borrowed from [`Rows`].
pub(super) struct Row<'r> {
    pub id: u64,
    pub proto: Proto,
    pub client: Endpoint,
    pub server: Endpoint,
    pub conn_state: ConnState,
    pub history: &'r [u8],
    pub handshake: HandshakeVerdict,
    pub teardown: TeardownVerdict,
    pub packets: [u64; 2],
    pub bytes: [u64; 2],
    pub duration: Duration,
    /// TCP: tshark's initial RTT, the mean ACK RTT of each side's data, the findings by kind.
    pub irtt: Option<Duration>,
    pub ack_rtt: [Option<Duration>; 2],
    pub findings: [u32; Analysis::KINDS],
}

/// Which of a TCP row's optional numbers follow (one byte, 0 for a row with none).
const HAS_IRTT: u8 = 1;
const HAS_ACK_C2S: u8 = 2;
const HAS_ACK_S2C: u8 = 4;
const HAS_FINDINGS: u8 = 8;

const UDP: u8 = 1;
const CLIENT_V6: u8 = 2;
const SERVER_V6: u8 = 4;
const ICMP_ECHO: u8 = 8;

impl Rows {
    pub fn push(&mut self, c: &Conversation) {
        if self.starts.is_empty() {
            self.first_id = c.id;
        }
        let Some(slot) =
            c.id.checked_sub(self.first_id)
                .and_then(|i| usize::try_from(i).ok())
        else {
            // Ids count up from the first one reported; an earlier one goes in front.
            self.rebase(c.id);
            return self.push(c);
        };
        if slot >= self.starts.len() {
            self.starts.resize(slot + 1, u64::MAX);
        }
        if let Some(start) = self.starts.get_mut(slot) {
            *start = self.bytes.len() as u64;
        }
        let b = &mut self.bytes;
        let mut tag = 0;
        match c.proto {
            Proto::Udp => tag |= UDP,
            Proto::IcmpEcho => tag |= ICMP_ECHO,
            Proto::Tcp => {}
        }
        if c.client.addr.is_ipv6() {
            tag |= CLIENT_V6;
        }
        if c.server.addr.is_ipv6() {
            tag |= SERVER_V6;
        }
        b.push(tag);
        put_endpoint(b, &c.client);
        put_endpoint(b, &c.server);
        let history = c.history().as_bytes();
        put_varint(b, history.len() as u128);
        b.extend_from_slice(history);
        put_varint(b, u128::from(c.verdicts().bits()));
        for n in [c.packets[0], c.packets[1], c.bytes[0], c.bytes[1]] {
            put_varint(b, u128::from(n));
        }
        let d = c.last_ts.since(c.first_ts).0;
        // Zig-zag, so that a negative duration (time going backwards) stays short.
        put_signed(b, d);
        put_tcp_numbers(b, c.tcp.as_ref());
    }

    /// Makes room in front for rows from `id` on.
    fn rebase(&mut self, id: u64) {
        let extra = usize::try_from(self.first_id.saturating_sub(id)).unwrap_or(0);
        let mut starts = vec![u64::MAX; extra];
        starts.append(&mut self.starts);
        self.starts = starts;
        self.first_id = id;
    }

    /// The rows in order of id.
    pub fn iter(&self) -> impl Iterator<Item = Row<'_>> {
        self.starts.iter().enumerate().filter_map(|(i, &start)| {
            let start = usize::try_from(start).ok()?;
            let id = self.first_id.saturating_add(i as u64);
            Some(self.row(id, self.bytes.get(start..).unwrap_or(&[])))
        })
    }

    fn row<'r>(&self, id: u64, bytes: &'r [u8]) -> Row<'r> {
        let mut r = Reader { bytes };
        let tag = r.byte();
        let client = r.endpoint(tag & CLIENT_V6 != 0);
        let server = r.endpoint(tag & SERVER_V6 != 0);
        let len = usize::try_from(r.varint()).unwrap_or(0);
        let history = r.take(len);
        let verdicts = Verdicts::from_bits(u16::try_from(r.varint()).unwrap_or(0));
        let mut n = || u64::try_from(r.varint()).unwrap_or(u64::MAX);
        let packets = [n(), n()];
        let bytes = [n(), n()];
        let duration = Duration(r.signed());
        let has = r.byte();
        let mut opt = |bit: u8| (has & bit != 0).then(|| Duration(r.signed()));
        let irtt = opt(HAS_IRTT);
        let ack_rtt = [opt(HAS_ACK_C2S), opt(HAS_ACK_S2C)];
        let mut findings = [0; Analysis::KINDS];
        if has & HAS_FINDINGS != 0 {
            for _ in 0..r.varint().min(Analysis::KINDS as u128) {
                let i = usize::try_from(r.varint()).unwrap_or(usize::MAX);
                let n = u32::try_from(r.varint()).unwrap_or(u32::MAX);
                if let Some(slot) = findings.get_mut(i) {
                    *slot = n;
                }
            }
        }
        Row {
            id,
            proto: if tag & UDP != 0 {
                Proto::Udp
            } else if tag & ICMP_ECHO != 0 {
                Proto::IcmpEcho
            } else {
                Proto::Tcp
            },
            client,
            server,
            conn_state: verdicts.conn_state(),
            history,
            handshake: verdicts.handshake(),
            teardown: verdicts.teardown(),
            packets,
            bytes,
            duration,
            irtt,
            ack_rtt,
            findings,
        }
    }
}

/// A TCP row's initial RTT, mean ACK RTTs and findings: a byte saying which follow, then
/// each as a varint (the findings as how many kinds, then kind and count).
fn put_tcp_numbers(b: &mut Vec<u8>, tcp: Option<&TcpConv>) {
    let irtt = tcp.and_then(TcpConv::initial_rtt);
    let stats = tcp.and_then(TcpConv::stats);
    let ack = |i: usize| stats.and_then(|s| s.ack_rtt.get(i)).and_then(|a| a.mean());
    let ack_rtt = [ack(0), ack(1)];
    let kinds = stats.map_or(0, |s| s.counts.iter().filter(|&&n| n > 0).count());
    let mut has = 0;
    for (bit, present) in [
        (HAS_IRTT, irtt.is_some()),
        (HAS_ACK_C2S, ack_rtt[0].is_some()),
        (HAS_ACK_S2C, ack_rtt[1].is_some()),
        (HAS_FINDINGS, kinds > 0),
    ] {
        if present {
            has |= bit;
        }
    }
    b.push(has);
    for d in [irtt, ack_rtt[0], ack_rtt[1]].into_iter().flatten() {
        put_signed(b, d.0);
    }
    if let Some(s) = stats.filter(|_| kinds > 0) {
        put_varint(b, kinds as u128);
        for (i, &n) in s.counts.iter().enumerate().filter(|(_, n)| **n > 0) {
            put_varint(b, i as u128);
            put_varint(b, u128::from(n));
        }
    }
}

/// A signed number zig-zagged, so that small negatives stay short too.
fn put_signed(b: &mut Vec<u8>, d: i128) {
    put_varint(b, ((d << 1) ^ (d >> 127)) as u128);
}

fn put_endpoint(b: &mut Vec<u8>, e: &Endpoint) {
    match e.addr {
        IpAddr::V4(a) => b.extend_from_slice(&a.octets()),
        IpAddr::V6(a) => b.extend_from_slice(&a.octets()),
    }
    b.extend_from_slice(&e.port.to_be_bytes());
}

fn put_varint(b: &mut Vec<u8>, mut n: u128) {
    loop {
        let low = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            b.push(low);
            return;
        }
        b.push(low | 0x80);
    }
}

struct Reader<'r> {
    bytes: &'r [u8],
}

impl<'r> Reader<'r> {
    fn take(&mut self, n: usize) -> &'r [u8] {
        let n = n.min(self.bytes.len());
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        head
    }

    fn byte(&mut self) -> u8 {
        self.take(1).first().copied().unwrap_or(0)
    }

    fn signed(&mut self) -> i128 {
        let z = self.varint();
        ((z >> 1) as i128) ^ -((z & 1) as i128)
    }

    fn varint(&mut self) -> u128 {
        let mut n = 0u128;
        for shift in (0..128).step_by(7) {
            let b = self.byte();
            n |= u128::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                break;
            }
        }
        n
    }

    fn endpoint(&mut self, v6: bool) -> Endpoint {
        let addr = if v6 {
            let mut a = [0u8; 16];
            a.iter_mut().zip(self.take(16)).for_each(|(d, s)| *d = *s);
            IpAddr::V6(Ipv6Addr::from(a))
        } else {
            let mut a = [0u8; 4];
            a.iter_mut().zip(self.take(4)).for_each(|(d, s)| *d = *s);
            IpAddr::V4(Ipv4Addr::from(a))
        };
        let mut p = [0u8; 2];
        p.iter_mut().zip(self.take(2)).for_each(|(d, s)| *d = *s);
        Endpoint {
            addr,
            port: u16::from_be_bytes(p),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::{LinkType, Timestamp};
    use crate::decode::decode;
    use crate::track::Tracker;
    use etherparse::PacketBuilder;

    /// The conversations of `frames` (Ethernet bytes, one second apart), as reported.
    fn conversations(frames: &[Vec<u8>]) -> Vec<Conversation> {
        let mut t = Tracker::default();
        for (i, f) in frames.iter().enumerate() {
            let ts = Timestamp {
                secs: 1_700_000_000 + i as i64,
                nanos: 250,
            };
            let p = decode(LinkType::ETHERNET, f, f.len() as u32);
            t.track(i as u64 + 1, ts, f.len() as u32, &p);
        }
        let mut out = Vec::new();
        t.finish(|c| {
            out.push(c);
            Ok::<(), ()>(())
        })
        .unwrap_or(());
        out
    }

    #[test]
    fn packed_summary_rows_read_back_as_written_in_id_order() {
        let mut frames = Vec::new();
        let b = PacketBuilder::ethernet2([2; 6], [4; 6])
            .ipv6(
                [0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
                [0xfe; 16],
                64,
            )
            .tcp(50000, 443, 7, 1000)
            .syn();
        let mut v = Vec::new();
        b.write(&mut v, &[]).unwrap_or(());
        frames.push(v);
        let b = PacketBuilder::ethernet2([2; 6], [4; 6])
            .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .udp(5353, 53);
        let mut v = Vec::new();
        b.write(&mut v, b"query").unwrap_or(());
        frames.push(v);
        let convs = conversations(&frames);
        let mut rows = Rows::default();
        // Reported out of order, as expiry reports them.
        for c in convs.iter().rev() {
            rows.push(c);
        }
        let got: Vec<Row<'_>> = rows.iter().collect();
        assert_eq!(got.len(), 2);
        for (r, c) in got.iter().zip(&convs) {
            assert_eq!(r.id, c.id);
            assert_eq!(r.proto, c.proto);
            assert_eq!(r.client, c.client);
            assert_eq!(r.server, c.server);
            assert_eq!(r.conn_state, c.conn_state());
            assert_eq!(r.history, c.history().as_bytes());
            assert_eq!(r.handshake, c.handshake_verdict());
            assert_eq!(r.teardown, c.teardown_verdict());
            assert_eq!(r.packets, c.packets);
            assert_eq!(r.bytes, c.bytes);
            assert_eq!(r.duration, c.last_ts.since(c.first_ts));
            let tcp = c.tcp.as_ref();
            assert_eq!(r.irtt, tcp.and_then(TcpConv::initial_rtt));
            let counts = tcp
                .and_then(TcpConv::stats)
                .map_or([0; Analysis::KINDS], |s| s.counts);
            assert_eq!(r.findings, counts);
        }
    }

    #[test]
    fn a_syn_flood_row_packs_into_well_under_64_bytes() {
        let b = PacketBuilder::ethernet2([2; 6], [4; 6])
            .ipv4([10, 0, 0, 1], [10, 1, 2, 3], 64)
            .tcp(40000, 8080, 1, 1000)
            .syn();
        let mut v = Vec::new();
        b.write(&mut v, &[]).unwrap_or(());
        let convs = conversations(&[v]);
        let mut rows = Rows::default();
        rows.push(&convs[0]);
        let per_row = rows.bytes.len() + std::mem::size_of::<u64>();
        assert!(per_row <= 32, "{per_row} bytes");
    }
}
