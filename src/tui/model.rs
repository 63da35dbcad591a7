//! What the TUI keeps per packet and per conversation: where each packet's bytes are and what
//! tracking found, never the bytes themselves (the packet pane re-reads the one it shows).
//!
//! Sources hand over [`Row`]s; a [`ConvView`] keeps each as a 40-byte [`PackedRow`] and gives
//! it back as a `Row` on demand, and keeps of its conversation only a [`ConvSummary`] (what the
//! list and the ladder show), so a capture of millions of one-packet conversations fits.

use std::sync::{Mutex, PoisonError};

use arrayvec::ArrayVec;

use crate::capture::{LinkType, Timestamp};
use crate::decode::TcpFlags;
use crate::track::{Analysis, Conversation, Dir, Endpoint, Proto, Role, Step, TcpState, UdpStep};

/// A frame handed over by a live source (capture or lab): owned, because it crosses a thread.
#[derive(Debug, Clone)]
pub struct OwnedFrame {
    pub link_type: LinkType,
    pub ts: Timestamp,
    /// Length on the wire.
    pub len: u32,
    /// The captured bytes.
    pub data: Vec<u8>,
    /// Socket calls that caused this packet, on the side that made it ("connect()",
    /// "close()"), for the lab; empty for a plain capture.
    pub calls: Vec<String>,
}

/// One packet of a conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based record number in the file (or arrival number for a live source).
    pub frame: u64,
    /// Where the captured bytes start in the frame store (file offset, or offset in the
    /// in-memory store of a live source).
    pub at: u64,
    pub ts: Timestamp,
    pub caplen: u32,
    pub len: u32,
    pub link_type: LinkType,
    pub dir: Dir,
    pub kind: RowKind,
    /// Socket calls behind this packet (lab mode). Boxed: almost always `None`.
    pub calls: Option<Box<Vec<String>>>,
}

/// What the transport layer and tracking say about a packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKind {
    Tcp(TcpRow),
    Udp {
        step: UdpStep,
        /// Payload bytes (the UDP length field less the header).
        payload_len: u16,
    },
    /// An ICMP error quoting a packet of this conversation.
    IcmpError {
        icmp_type: u8,
        code: u8,
    },
}

/// The TCP part of a row: the ladder's arrow label, both ends' states, the step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TcpRow {
    pub flags: TcpFlags,
    /// Relative sequence and acknowledgement numbers (tshark's), and the next expected.
    pub seq: u32,
    pub ack: u32,
    pub next_seq: u32,
    pub payload_len: u32,
    /// [client, server] before and after this packet.
    pub before: [TcpState; 2],
    pub after: [TcpState; 2],
    pub step: Option<Step>,
    /// Boxed: findings are rare, and inline they would double the row.
    pub analysis: Option<Box<ArrayVec<Analysis, 4>>>,
}

impl Row {
    pub fn tcp(&self) -> Option<&TcpRow> {
        match &self.kind {
            RowKind::Tcp(t) => Some(t),
            _ => None,
        }
    }

    pub fn analysis(&self) -> &[Analysis] {
        self.tcp()
            .and_then(|t| t.analysis.as_deref())
            .map_or(&[], |a| a.as_slice())
    }

    /// A step, a finding or an ICMP error: where `n`/`N` stop.
    pub fn is_event(&self) -> bool {
        match &self.kind {
            RowKind::Tcp(t) => t.step.is_some() || t.analysis.is_some(),
            RowKind::Udp { step, .. } => matches!(step, UdpStep::First | UdpStep::Unsolicited),
            RowKind::IcmpError { .. } => true,
        }
    }

    pub fn calls(&self) -> &[String] {
        self.calls.as_deref().map_or(&[], Vec::as_slice)
    }
}

/// What the TUI shows of a conversation: the tracker's [`Conversation`] cut down to the
/// list's and the ladder's fields, its words taken once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvSummary {
    pub id: u64,
    pub client: Endpoint,
    pub server: Endpoint,
    /// [client→server, server→client].
    pub packets: [u64; 2],
    pub bytes: [u64; 2],
    pub first_ts: Timestamp,
    pub last_ts: Timestamp,
    /// conn_state, handshake and teardown verdicts, interned ([`WORDS`]).
    words: u16,
    history: History,
    pub proto: Proto,
}

/// Each distinct (conn_state, handshake verdict, teardown verdict) seen, once. They are
/// `&'static str`s from the tracker's fixed sets, so the table stays a few dozen entries,
/// and a summary keeps a 2-byte index instead of three 16-byte references (96 MB on a
/// capture of 2,000,000 conversations).
static WORDS: Mutex<Vec<[&'static str; 3]>> = Mutex::new(Vec::new());

fn intern(w: [&'static str; 3]) -> u16 {
    let mut table = WORDS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(i) = table.iter().position(|t| *t == w) {
        return u16::try_from(i).unwrap_or(u16::MAX);
    }
    let Ok(i) = u16::try_from(table.len()) else {
        // More distinct triples than the tracker has words for: cannot happen.
        return u16::MAX;
    };
    table.push(w);
    i
}

/// `conn_state` for many summaries at once (sorting a long list): the table is read once,
/// not locked per comparison.
pub fn conn_states() -> impl Fn(&ConvSummary) -> &'static str {
    let table = WORDS.lock().unwrap_or_else(PoisonError::into_inner).clone();
    move |c| table.get(usize::from(c.words)).map_or("", |w| w[0])
}

fn words(i: u16) -> [&'static str; 3] {
    let table = WORDS.lock().unwrap_or_else(PoisonError::into_inner);
    table.get(usize::from(i)).copied().unwrap_or(["", "", ""])
}

/// Zeek's history, inline when short (nearly always: "S", "ShADadFf"), so that a summary
/// holds no allocation of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
enum History {
    Short { len: u8, bytes: [u8; 22] },
    Long(Box<str>),
}

impl History {
    fn of(text: &str) -> History {
        let mut bytes = [0; 22];
        match bytes.get_mut(..text.len()) {
            Some(head) => {
                head.copy_from_slice(text.as_bytes());
                History::Short {
                    len: text.len() as u8,
                    bytes,
                }
            }
            None => History::Long(text.into()),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            History::Short { len, bytes } => bytes
                .get(..usize::from(*len))
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or(""),
            History::Long(s) => s,
        }
    }
}

impl ConvSummary {
    pub fn of(c: &Conversation) -> ConvSummary {
        ConvSummary {
            id: c.id,
            client: c.client,
            server: c.server,
            packets: c.packets,
            bytes: c.bytes,
            first_ts: c.first_ts,
            last_ts: c.last_ts,
            words: intern([c.conn_state(), c.handshake_verdict(), c.teardown_text()]),
            history: History::of(c.history()),
            proto: c.proto,
        }
    }

    /// Zeek's conn_state ("SF", "S0", ...).
    pub fn conn_state(&self) -> &'static str {
        words(self.words)[0]
    }

    pub fn handshake_verdict(&self) -> &'static str {
        words(self.words)[1]
    }

    pub fn teardown_verdict(&self) -> &'static str {
        words(self.words)[2]
    }

    /// Zeek's history ("ShADadFf").
    pub fn history(&self) -> &str {
        self.history.as_str()
    }
}

/// A conversation and its packets.
#[derive(Debug, Clone)]
pub struct ConvView {
    /// The tracker's latest word on it (final once `ended`).
    pub conv: ConvSummary,
    rows: PackedRows,
    /// The rows that do not pack (findings, socket calls, values out of the packed range),
    /// whole, by row index. Boxed: almost always `None`.
    #[allow(clippy::box_collection)] // 8 bytes per conversation where `Option<Vec>` takes 24.
    extras: Option<Box<Vec<(u32, Row)>>>,
    /// The link type of the first row; a row of another one is kept whole.
    link_type: LinkType,
    /// Both ends' states before the first row.
    first_before: [TcpState; 2],
    /// The tracker has reported it (it ended, expired, or the input did).
    pub ended: bool,
}

impl ConvView {
    pub fn new(conv: ConvSummary, ended: bool) -> ConvView {
        ConvView {
            conv,
            rows: PackedRows::None,
            extras: None,
            link_type: LinkType(0),
            first_before: [TcpState::Closed; 2],
            ended,
        }
    }

    /// A newer snapshot of the conversation. Its start stays the first one's: packed rows
    /// count their time from it (the tracker never changes it anyway).
    pub fn update(&mut self, conv: ConvSummary, ended: bool) {
        let first = self.conv.first_ts;
        self.conv = conv;
        self.conv.first_ts = first;
        self.ended |= ended;
    }

    /// Packed rows' times count nanoseconds from this second.
    fn base_secs(&self) -> i64 {
        self.conv.first_ts.secs
    }

    /// Rows (packets) so far.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Row `i`, unpacked.
    pub fn row(&self, i: usize) -> Option<Row> {
        let packed = self.rows.get(i)?;
        if packed.is_whole() {
            return self.whole(i).cloned();
        }
        packed.unpack(self.base_secs(), self.link_type, self.before(i))
    }

    /// The rows from `from` on, unpacked.
    pub fn rows_from(&self, from: usize) -> impl Iterator<Item = Row> + '_ {
        (from..self.len()).map_while(|i| self.row(i))
    }

    /// Every row, unpacked.
    pub fn rows(&self) -> impl Iterator<Item = Row> + '_ {
        self.rows_from(0)
    }

    /// Appends a row; it is packed when it packs exactly, kept whole otherwise.
    pub fn push(&mut self, row: Row) {
        let i = self.rows.len();
        let Ok(index) = u32::try_from(i) else { return };
        if i == 0 {
            self.link_type = row.link_type;
            if let Some(t) = row.tcp() {
                self.first_before = t.before;
            }
        }
        let packed = PackedRow::pack(&row, self.base_secs(), self.link_type, self.before(i));
        match packed {
            Some(p) => self.rows.push(p),
            None => {
                self.rows.push(PackedRow::WHOLE);
                self.extras.get_or_insert_default().push((index, row));
            }
        }
    }

    /// Whether row `i` is a step, a finding or an ICMP error ([`Row::is_event`]), told from
    /// its packed form: `n` and `N` look at every row between two events.
    pub fn is_event(&self, i: usize) -> bool {
        match self.rows.get(i) {
            Some(p) if p.is_whole() => self.whole(i).is_some_and(Row::is_event),
            Some(p) => p.is_event(),
            None => false,
        }
    }

    /// Rows kept whole because they do not pack (for the record: tests, benchmarks).
    pub fn whole_rows(&self) -> usize {
        self.extras.as_ref().map_or(0, |e| e.len())
    }

    /// Gives back what the vectors over-reserved (the conversation gets no more rows).
    pub fn shrink_to_fit(&mut self) {
        self.rows.shrink_to_fit();
        if let Some(e) = &mut self.extras {
            e.shrink_to_fit();
        }
    }

    fn whole(&self, i: usize) -> Option<&Row> {
        let e = self.extras.as_deref()?;
        let i = u32::try_from(i).ok()?;
        e.binary_search_by_key(&i, |(at, _)| *at)
            .ok()
            .and_then(|k| e.get(k))
            .map(|(_, r)| r)
    }

    /// The states a packed TCP row `i` starts from: the previous row's after, or the first
    /// row's before (rows for which that is not true are kept whole).
    fn before(&self, i: usize) -> [TcpState; 2] {
        i.checked_sub(1)
            .and_then(|p| self.after(p))
            .unwrap_or(self.first_before)
    }

    /// Both ends' states after row `i` (`None` for a row that is not TCP).
    fn after(&self, i: usize) -> Option<[TcpState; 2]> {
        let packed = self.rows.get(i)?;
        if packed.is_whole() {
            return self.whole(i)?.tcp().map(|t| t.after);
        }
        packed.tcp_after()
    }
}

/// A conversation's packed rows. Most conversations of a scan or a flood have one packet:
/// that one is kept inline, with no allocation of its own.
#[derive(Debug, Clone)]
enum PackedRows {
    None,
    One(PackedRow),
    Many(Vec<PackedRow>),
}

impl PackedRows {
    fn len(&self) -> usize {
        match self {
            PackedRows::None => 0,
            PackedRows::One(_) => 1,
            PackedRows::Many(v) => v.len(),
        }
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn get(&self, i: usize) -> Option<&PackedRow> {
        match self {
            PackedRows::None => None,
            PackedRows::One(p) => (i == 0).then_some(p),
            PackedRows::Many(v) => v.get(i),
        }
    }

    fn push(&mut self, row: PackedRow) {
        match self {
            PackedRows::None => *self = PackedRows::One(row),
            PackedRows::One(first) => {
                *self = PackedRows::Many(vec![*first, row]);
            }
            PackedRows::Many(v) => {
                if v.len() == v.capacity() {
                    // Doubling from two, not from `Vec`'s four; shrinking at the end would
                    // leave a hole per conversation.
                    v.reserve_exact(v.len());
                }
                v.push(row);
            }
        }
    }

    fn shrink_to_fit(&mut self) {
        if let PackedRows::Many(v) = self {
            v.shrink_to_fit();
        }
    }
}

/// A [`Row`] in 40 bytes, for the common packet: everything that does not fit (findings,
/// socket calls, a retransmitted SYN's count, reserved TCP flags, a frame number past 2^32,
/// times 292 years from the conversation's start, ...) makes the row be kept whole instead.
/// A TCP row's states before are the previous row's after, so they are not stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackedRow {
    at: u64,
    /// Nanoseconds since the conversation's base second.
    ts: i64,
    frame: u32,
    len: u32,
    caplen: u32,
    /// TCP: relative seq and ack. UDP: the frame a response answers (low, high 32 bits).
    /// ICMP: type and code.
    a: u32,
    b: u32,
    /// Bits 27-31: the kind and step (see [`KIND_CODES`]); bit 26: the direction.
    /// TCP: bits 0-8 the flags, 9-16 the states after (4 bits each), 17-24 the bytes of
    /// the frame that are no payload. UDP: bits 0-15 the payload length.
    bits: u32,
}

/// The kind-and-step code of a row kept whole.
const WHOLE_CODE: u32 = 31;
const FIRST_UDP_CODE: u32 = 21;
const ICMP_CODE: u32 = 25;

/// TCP steps by code (code = index + 1; 0 is no step).
const TCP_STEPS: [Step; 20] = [
    Step::Syn,
    Step::SynAck,
    Step::HandshakeAck,
    Step::Refused,
    Step::SimultaneousOpen { by: Role::Client },
    Step::SimultaneousOpen { by: Role::Server },
    Step::FirstFin { by: Role::Client },
    Step::FirstFin { by: Role::Server },
    Step::AckOfFirstFin { by: Role::Client },
    Step::AckOfFirstFin { by: Role::Server },
    Step::SecondFin {
        by: Role::Client,
        piggybacked: false,
    },
    Step::SecondFin {
        by: Role::Server,
        piggybacked: false,
    },
    Step::SecondFin {
        by: Role::Client,
        piggybacked: true,
    },
    Step::SecondFin {
        by: Role::Server,
        piggybacked: true,
    },
    Step::FinalAck {
        by: Role::Client,
        four_way: false,
    },
    Step::FinalAck {
        by: Role::Server,
        four_way: false,
    },
    Step::FinalAck {
        by: Role::Client,
        four_way: true,
    },
    Step::FinalAck {
        by: Role::Server,
        four_way: true,
    },
    Step::SimultaneousClose { by: Role::Client },
    Step::SimultaneousClose { by: Role::Server },
];

/// The kinds by code, for the record: 0 TCP without a step, 1-20 [`TCP_STEPS`], 21-24 UDP
/// (first, request, response, unsolicited), 25 an ICMP error, 31 kept whole.
pub const KIND_CODES: u32 = 32;

const STATES: [TcpState; 11] = [
    TcpState::Closed,
    TcpState::Listen,
    TcpState::SynSent,
    TcpState::SynReceived,
    TcpState::Established,
    TcpState::FinWait1,
    TcpState::FinWait2,
    TcpState::CloseWait,
    TcpState::Closing,
    TcpState::LastAck,
    TcpState::TimeWait,
];

fn state_code(s: TcpState) -> u32 {
    STATES.iter().position(|&x| x == s).map_or(0, |i| i as u32)
}

fn state_of(code: u32) -> Option<TcpState> {
    STATES.get(usize::try_from(code).ok()?).copied()
}

impl PackedRow {
    const WHOLE: PackedRow = PackedRow {
        at: 0,
        ts: 0,
        frame: 0,
        len: 0,
        caplen: 0,
        a: 0,
        b: 0,
        bits: WHOLE_CODE << 27,
    };

    fn code(&self) -> u32 {
        self.bits >> 27
    }

    fn is_whole(&self) -> bool {
        self.code() == WHOLE_CODE
    }

    /// A packed row has no findings (those are kept whole): its code says it all.
    fn is_event(&self) -> bool {
        let code = self.code();
        (1..FIRST_UDP_CODE).contains(&code)
            || code == FIRST_UDP_CODE
            || code == FIRST_UDP_CODE + 3
            || code == ICMP_CODE
    }

    fn tcp_after(&self) -> Option<[TcpState; 2]> {
        if self.code() >= FIRST_UDP_CODE {
            return None;
        }
        Some([
            state_of(self.bits >> 9 & 0xF)?,
            state_of(self.bits >> 13 & 0xF)?,
        ])
    }

    /// `row` packed, if unpacking gives it back exactly.
    fn pack(
        row: &Row,
        base_secs: i64,
        link_type: LinkType,
        before: [TcpState; 2],
    ) -> Option<PackedRow> {
        if row.calls.is_some() || row.link_type != link_type {
            return None;
        }
        let secs = row.ts.secs.checked_sub(base_secs)?;
        let ts = secs
            .checked_mul(1_000_000_000)?
            .checked_add(i64::from(row.ts.nanos))?;
        let dir = u32::from(row.dir == Dir::S2C) << 26;
        let (code, a, b, low) = match &row.kind {
            RowKind::Tcp(t) => {
                let step = match t.step {
                    None => 0,
                    Some(s) => TCP_STEPS.iter().position(|&x| x == s)? as u32 + 1,
                };
                let overhead = row.len.checked_sub(t.payload_len)?;
                let low = u32::from(t.flags.0 & 0x1FF)
                    | state_code(t.after[0]) << 9
                    | state_code(t.after[1]) << 13
                    | overhead.min(0xFF) << 17;
                (step, t.seq, t.ack, low)
            }
            RowKind::Udp { step, payload_len } => {
                let (code, to) = match step {
                    UdpStep::First => (0, 0),
                    UdpStep::Request => (1, 0),
                    UdpStep::Response { to_frame } => (2, *to_frame),
                    UdpStep::Unsolicited => (3, 0),
                };
                let (a, b) = (to as u32, (to >> 32) as u32);
                (FIRST_UDP_CODE + code, a, b, u32::from(*payload_len))
            }
            RowKind::IcmpError { icmp_type, code } => {
                (ICMP_CODE, u32::from(*icmp_type), u32::from(*code), 0)
            }
        };
        let packed = PackedRow {
            at: row.at,
            ts,
            frame: u32::try_from(row.frame).ok()?,
            len: row.len,
            caplen: row.caplen,
            a,
            b,
            bits: code << 27 | dir | low,
        };
        (packed.unpack(base_secs, link_type, before).as_ref() == Some(row)).then_some(packed)
    }

    fn unpack(&self, base_secs: i64, link_type: LinkType, before: [TcpState; 2]) -> Option<Row> {
        let code = self.code();
        let kind = if code < FIRST_UDP_CODE {
            let step = match code.checked_sub(1) {
                None => None,
                Some(i) => Some(*TCP_STEPS.get(usize::try_from(i).ok()?)?),
            };
            let flags = TcpFlags((self.bits & 0x1FF) as u16);
            let payload_len = self.len.checked_sub(self.bits >> 17 & 0xFF)?;
            let seq_used = u32::from(flags.0 & (TcpFlags::SYN | TcpFlags::FIN) != 0)
                + u32::from(flags.0 & TcpFlags::SYN != 0 && flags.0 & TcpFlags::FIN != 0);
            RowKind::Tcp(TcpRow {
                flags,
                seq: self.a,
                ack: self.b,
                next_seq: self.a.wrapping_add(payload_len).wrapping_add(seq_used),
                payload_len,
                before,
                after: self.tcp_after()?,
                step,
                analysis: None,
            })
        } else if code < ICMP_CODE {
            let to_frame = u64::from(self.b) << 32 | u64::from(self.a);
            let step = match code - FIRST_UDP_CODE {
                0 => UdpStep::First,
                1 => UdpStep::Request,
                2 => UdpStep::Response { to_frame },
                _ => UdpStep::Unsolicited,
            };
            RowKind::Udp {
                step,
                payload_len: (self.bits & 0xFFFF) as u16,
            }
        } else if code == ICMP_CODE {
            RowKind::IcmpError {
                icmp_type: self.a as u8,
                code: self.b as u8,
            }
        } else {
            return None;
        };
        let secs = base_secs.checked_add(self.ts.div_euclid(1_000_000_000))?;
        let nanos = u32::try_from(self.ts.rem_euclid(1_000_000_000)).ok()?;
        Some(Row {
            frame: u64::from(self.frame),
            at: self.at,
            ts: Timestamp { secs, nanos },
            caplen: self.caplen,
            len: self.len,
            link_type,
            dir: if self.bits >> 26 & 1 == 1 {
                Dir::S2C
            } else {
                Dir::C2S
            },
            kind,
            calls: None,
        })
    }
}

/// How far indexing has got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Bytes of the input read so far, and its size (0 when unknown: live sources).
    pub read: u64,
    pub total: u64,
    /// Frames taken in: all that passed the filter, also those outside any conversation.
    pub frames: u64,
    /// The source has nothing more to give.
    pub done: bool,
}

/// What a source hands the app at once: new rows, fresh conversation snapshots, progress.
#[derive(Debug, Default)]
pub struct Batch {
    /// Snapshots of the conversations touched since the last batch, by id; `true` when the
    /// tracker reported the conversation (its final state).
    pub convs: Vec<(ConvSummary, bool)>,
    /// New rows with the id of their conversation, in frame order.
    pub rows: Vec<(u64, Row)>,
    /// Bytes to append to an in-memory frame store (live sources; rows point into them).
    pub bytes: Vec<u8>,
    pub progress: Progress,
    /// Why the source stopped early (a damaged record, a file that cannot be read).
    pub error: Option<String>,
}

#[cfg(test)]
mod tests {
    use std::net::IpAddr;

    use super::*;

    #[test]
    fn a_packed_row_stays_at_40_bytes_so_large_captures_fit_in_memory() {
        assert_eq!(std::mem::size_of::<PackedRow>(), 40);
    }

    #[test]
    fn a_conversation_stays_small_so_a_syn_flood_fits_in_memory() {
        // docs/benchmarks.md: at most 300 bytes per conversation besides its packets.
        let size = std::mem::size_of::<ConvView>();
        assert!(size <= 208, "{size}");
    }

    fn summary() -> ConvSummary {
        let ep = |port| Endpoint {
            addr: IpAddr::from([10, 0, 0, 1]),
            port,
        };
        ConvSummary {
            id: 1,
            client: ep(40000),
            server: ep(80),
            packets: [0, 0],
            bytes: [0, 0],
            first_ts: Timestamp {
                secs: 1_700_000_000,
                nanos: 5,
            },
            last_ts: Timestamp::default(),
            words: intern(["S0", "", ""]),
            history: History::of("S"),
            proto: Proto::Tcp,
        }
    }

    fn tcp(
        frame: u64,
        flags: u16,
        before: [TcpState; 2],
        after: [TcpState; 2],
        step: Option<Step>,
    ) -> Row {
        let payload_len = if flags & TcpFlags::PSH != 0 { 100 } else { 0 };
        let seq = (frame as u32).wrapping_mul(1000);
        let syn_fin = u32::from(flags & (TcpFlags::SYN | TcpFlags::FIN) != 0);
        Row {
            frame,
            at: 24 + 16 * frame,
            ts: Timestamp {
                secs: 1_700_000_000 + frame as i64,
                nanos: (frame as u32 * 7919) % 1_000_000_000,
            },
            caplen: 54 + payload_len,
            len: 54 + payload_len,
            link_type: LinkType::ETHERNET,
            dir: if frame.is_multiple_of(2) {
                Dir::S2C
            } else {
                Dir::C2S
            },
            kind: RowKind::Tcp(TcpRow {
                flags: TcpFlags(flags),
                seq,
                ack: 77,
                next_seq: seq.wrapping_add(payload_len + syn_fin),
                payload_len,
                before,
                after,
                step,
                analysis: None,
            }),
            calls: None,
        }
    }

    #[test]
    fn rows_come_back_as_they_went_in_packed_or_whole() {
        use TcpState::*;
        let mut rows = vec![
            tcp(
                1,
                TcpFlags::SYN,
                [Closed, Listen],
                [SynSent, Listen],
                Some(Step::Syn),
            ),
            tcp(
                2,
                TcpFlags::SYN | TcpFlags::ACK,
                [SynSent, Listen],
                [SynSent, SynReceived],
                Some(Step::SynAck),
            ),
            tcp(
                3,
                TcpFlags::ACK,
                [SynSent, SynReceived],
                [Established, SynReceived],
                Some(Step::HandshakeAck),
            ),
            tcp(
                4,
                TcpFlags::PSH | TcpFlags::ACK,
                [Established, SynReceived],
                [Established, Established],
                None,
            ),
            // States before that are not the previous row's after: kept whole.
            tcp(
                5,
                TcpFlags::ACK,
                [Closing, Closing],
                [TimeWait, Closing],
                None,
            ),
            // A count does not pack.
            tcp(
                6,
                TcpFlags::SYN,
                [TimeWait, Closing],
                [TimeWait, Closing],
                Some(Step::SynRetransmitted { count: 2 }),
            ),
            tcp(
                7,
                TcpFlags::FIN | TcpFlags::ACK,
                [TimeWait, Closing],
                [TimeWait, Closing],
                None,
            ),
        ];
        let mut with_calls = tcp(
            8,
            TcpFlags::ACK,
            [TimeWait, Closing],
            [TimeWait, Closing],
            None,
        );
        with_calls.calls = Some(Box::new(vec!["close()".into()]));
        rows.push(with_calls);
        let mut far = tcp(
            9,
            TcpFlags::ACK,
            [TimeWait, Closing],
            [TimeWait, Closing],
            None,
        );
        far.ts.secs = i64::MAX;
        rows.push(far);
        let mut v = ConvView::new(summary(), false);
        for r in &rows {
            v.push(r.clone());
        }
        let back: Vec<Row> = v.rows().collect();
        assert_eq!(back, rows);
        let whole = v.extras.as_ref().map_or(0, |e| e.len());
        assert_eq!(whole, 4, "rows 5, 6, 8 and 9 are kept whole");
    }

    #[test]
    fn histories_short_and_long_read_back() {
        for h in [
            "",
            "S",
            "ShADadFf",
            "^ShADadttttttttttttttttFf",
            &"D".repeat(64),
        ] {
            assert_eq!(History::of(h).as_str(), h);
        }
    }

    #[test]
    fn udp_and_icmp_rows_pack_too() {
        let mut v = ConvView::new(summary(), false);
        let base = tcp(1, 0, [TcpState::Closed; 2], [TcpState::Closed; 2], None);
        let mut rows = Vec::new();
        for (i, step) in [
            UdpStep::First,
            UdpStep::Request,
            UdpStep::Response {
                to_frame: 5_000_000_000,
            },
            UdpStep::Unsolicited,
        ]
        .into_iter()
        .enumerate()
        {
            rows.push(Row {
                frame: i as u64 + 1,
                kind: RowKind::Udp {
                    step,
                    payload_len: 512,
                },
                ..base.clone()
            });
        }
        rows.push(Row {
            kind: RowKind::IcmpError {
                icmp_type: 3,
                code: 3,
            },
            ..base.clone()
        });
        for r in &rows {
            v.push(r.clone());
        }
        assert_eq!(v.rows().collect::<Vec<_>>(), rows);
        assert!(v.extras.is_none(), "all packed");
    }
}
