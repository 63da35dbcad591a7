//! One TCP connection as the wire shows it: relative sequence numbers and SACK edges (tshark's
//! rules), each direction's window scale (`window.rs`), the analysis tshark's `tcp.analysis.*`
//! performs, both endpoints' RFC 9293 states, and the handshake and teardown steps.
//!
//! States are inferred at the capture point with one assumption, right on loopback and close
//! on a LAN: a segment is received at the moment it is captured. So a packet changes its
//! sender's state (it was sent) and its receiver's state (it arrived) on the same line.

use std::fmt;

use arrayvec::ArrayVec;

mod analysis;
mod overlap;
pub mod rtt;
mod steps;

pub use overlap::{MAX_UNACKED_DIR, MAX_UNACKED_TOTAL, UnackedBudget};

use super::flow::{Dir, Role};
use super::seq::SeqNum;
use super::verdict::{HandshakeVerdict, TeardownVerdict};
use super::window::{self, WindowScale};
use super::zeek::{Zeek, ZeekLetter, ZeekSegment};
use crate::capture::{Duration, Timestamp};
use crate::decode::{Tcp, TcpFlags, TcpOption};

/// RFC 9293 connection states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TcpState {
    Closed,
    Listen,
    SynSent,
    SynReceived,
    Established,
    FinWait1,
    FinWait2,
    CloseWait,
    Closing,
    LastAck,
    TimeWait,
    /// The responder before it answers the first SYN: LISTEN if a socket listens on the port,
    /// CLOSED if none does (RFC 9293 §3.10.7.1: then there is no TCB and the kernel answers
    /// with RST). The SYN-ACK or the RST that follows tells which.
    Unknown,
}

impl TcpState {
    /// Every state: RFC 9293's eleven in its order, then [`TcpState::Unknown`].
    pub const ALL: [TcpState; 12] = [
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
        TcpState::Unknown,
    ];

    /// RFC 9293's eleven states (those a TCB can be in).
    pub fn rfc() -> &'static [TcpState] {
        &TcpState::ALL[..11]
    }

    /// The RFC's spelling.
    pub fn name(self) -> &'static str {
        match self {
            TcpState::Closed => "CLOSED",
            TcpState::Listen => "LISTEN",
            TcpState::SynSent => "SYN-SENT",
            TcpState::SynReceived => "SYN-RECEIVED",
            TcpState::Established => "ESTABLISHED",
            TcpState::FinWait1 => "FIN-WAIT-1",
            TcpState::FinWait2 => "FIN-WAIT-2",
            TcpState::CloseWait => "CLOSE-WAIT",
            TcpState::Closing => "CLOSING",
            TcpState::LastAck => "LAST-ACK",
            TcpState::TimeWait => "TIME-WAIT",
            TcpState::Unknown => "unknown",
        }
    }
}

impl fmt::Display for TcpState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

/// A step of a connection's life that a textbook names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Handshake 1/3: the client's SYN.
    Syn,
    /// Handshake 2/3: the server's SYN-ACK.
    SynAck,
    /// Handshake 3/3: the client's ACK of the server's SYN.
    HandshakeAck,
    /// Both sides sent a SYN before seeing the other's: the crossing SYN, then each side's
    /// SYN-ACK (`syn_ack`).
    SimultaneousOpen {
        by: Role,
        syn_ack: bool,
    },
    SynRetransmitted {
        count: u32,
    },
    SynAckRetransmitted {
        count: u32,
    },
    /// The server answered the SYN with RST: nothing listens on `port`.
    Refused {
        port: u16,
    },
    /// The active close: the first FIN.
    FirstFin {
        by: Role,
    },
    /// Four-way 2/4: the ACK of the first FIN, on its own.
    AckOfFirstFin {
        by: Role,
    },
    /// The passive closer's FIN: 3/4 after a separate ACK, 2/3 when it carries the ACK.
    SecondFin {
        by: Role,
        piggybacked: bool,
    },
    /// The last ACK (4/4 or 3/3).
    FinalAck {
        by: Role,
        four_way: bool,
    },
    /// Both sent FIN before receiving the other's.
    SimultaneousClose {
        by: Role,
    },
    /// The ACK of a FIN in a simultaneous close.
    SimultaneousCloseAck {
        by: Role,
    },
    /// Data after the peer's FIN: the connection is half-closed.
    HalfCloseData {
        by: Role,
    },
    /// RST on a connection without FIN: an abort.
    Abort {
        by: Role,
    },
    /// RST after a FIN.
    RstAfterFin {
        by: Role,
    },
}

/// A `tcp.analysis.*` finding, as tshark defines them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Analysis {
    /// Sequence space already sent, no sign it is out of order or fast.
    Retransmission,
    /// Retransmitted after at least two duplicate ACKs asked for it.
    FastRetransmission {
        dupacks: u32,
    },
    /// Earlier sequence numbers, arriving shortly after higher ones.
    OutOfOrder,
    /// The same ACK again, without data or a window change.
    DupAck {
        count: u32,
    },
    ZeroWindow,
    WindowUpdate,
    /// One byte (or none) below the next sequence number, to probe a silent peer.
    KeepAlive,
    /// Sequence numbers jump ahead: a segment before this one was not captured.
    LostSegment {
        missing: u32,
    },
    /// Data the receiver had already acknowledged, sent again (tshark also counts it as a
    /// retransmission).
    SpuriousRetransmission,
    /// The acknowledgement covers bytes the capture never showed the other side sending.
    AckedUnseen,
    /// The data reaches the right edge of the window the receiver last advertised.
    WindowFull,
    /// The answer to a keep-alive: the same ACK again, but no duplicate.
    KeepAliveAck,
    /// One byte at the next sequence number while the receiver's window is 0.
    ZeroWindowProbe,
    /// The answer to a zero window probe: the same ACK, the window still 0.
    ZeroWindowProbeAck,
    /// Bytes sent again that differ from the copy sent first (Wireshark's
    /// `tcp.segment.overlap.conflict`): `differing` of them.
    OverlapConflict {
        differing: u32,
    },
    /// From this segment on, this direction's overlaps are not checked until the peer
    /// acknowledges what was sent: more unacknowledged bytes than the check keeps, this
    /// way ([`MAX_UNACKED_DIR`]) or, with `total`, over all conversations
    /// ([`MAX_UNACKED_TOTAL`]).
    OverlapUnchecked {
        total: bool,
    },
}

impl Analysis {
    /// How many kinds of finding there are (the length of a conversation's counts).
    pub const KINDS: usize = 16;

    /// The finding's place in [`Analysis::KINDS`]-long counts, in tshark's order of
    /// checking them (the overlap check's two last).
    pub fn index(&self) -> usize {
        match self {
            Analysis::ZeroWindowProbe => 0,
            Analysis::ZeroWindow => 1,
            Analysis::LostSegment { .. } => 2,
            Analysis::KeepAlive => 3,
            Analysis::WindowUpdate => 4,
            Analysis::WindowFull => 5,
            Analysis::KeepAliveAck => 6,
            Analysis::ZeroWindowProbeAck => 7,
            Analysis::DupAck { .. } => 8,
            Analysis::AckedUnseen => 9,
            Analysis::SpuriousRetransmission => 10,
            Analysis::FastRetransmission { .. } => 11,
            Analysis::OutOfOrder => 12,
            Analysis::Retransmission => 13,
            // Not a tshark analysis flag: Wireshark reports it from its reassembly.
            Analysis::OverlapConflict { .. } => 14,
            Analysis::OverlapUnchecked { .. } => 15,
        }
    }
}

/// What the overlap check found over a connection's life.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OverlapCounts {
    /// Segments whose bytes sent again differ from the first copy.
    pub conflicts: u32,
    /// Times a direction stopped being checked (a cap was reached).
    pub unchecked: u32,
}

/// The TCP part of a packet's annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TcpInfo {
    /// Sequence number relative to this direction's base (tshark's `tcp.seq`).
    pub seq: u32,
    /// Acknowledgement number relative to the other direction's base (tshark's `tcp.ack`);
    /// the raw field when the ACK flag is not set.
    pub ack: u32,
    /// The relative sequence number the next segment this way should carry.
    pub next_seq: u32,
    /// States of [client, server] before and after this packet.
    pub before: [TcpState; 2],
    pub after: [TcpState; 2],
    pub step: Option<Step>,
    /// At most five findings coincide: a zero window, a lost segment or a keep-alive, a full
    /// window, an ACKed unseen segment and a spurious retransmission (data after a hole that
    /// the receiver acknowledged, up to its closed window); tests/tshark_analysis.rs has a
    /// segment with all five, as tshark gives them.
    pub analysis: ArrayVec<Analysis, 6>,
    /// The window in bytes (tshark's `tcp.window_size`): the field scaled by this direction's
    /// factor, or as it is when the factor is unknown.
    pub window: u64,
    /// How the window field was read.
    pub window_scale: WindowScale,
    /// SACK blocks, left and right edges relative to the other direction's base, as the
    /// acknowledgement number is (tshark's `tcp.options.sack_le`/`sack_re`).
    pub sack: ArrayVec<(u32, u32), 4>,
    /// The time from the data segment this ACK acknowledges exactly (the earliest sent, if it
    /// was sent more than once) to this ACK (tshark's `tcp.analysis.ack_rtt`).
    pub ack_rtt: Option<Duration>,
}

/// What one side has sent.
#[derive(Debug, Clone, Default)]
struct Side {
    /// Base for relative numbers: the ISN, or one below the first number seen mid-stream.
    base: Option<SeqNum>,
    isn: Option<SeqNum>,
    syns: u32,
    syn_acks: u32,
    next_seq: Option<SeqNum>,
    next_seq_ts: Option<Timestamp>,
    last_ack: Option<SeqNum>,
    last_ack_ts: Option<Timestamp>,
    last_win: Option<u16>,
    /// The last window in bytes, as its scale read it then (a SYN's never scaled).
    last_win_bytes: Option<u64>,
    dupacks: u32,
    /// The last segment was a keep-alive (its answer is a keep-alive ACK, no duplicate).
    keep_alive: bool,
    /// The last segment was a zero window probe (its answer is a probe ACK).
    probe: bool,
    /// tshark's `maxseqtobeacked`: the end of the data seen without a hole, which an ACK of
    /// the other side should not pass.
    max_to_ack: Option<SeqNum>,
    /// Segments not yet acknowledged, to time the ACK that covers them.
    unacked: rtt::Unacked,
    /// Sequence number of the FIN flag.
    fin: Option<SeqNum>,
    /// The peer acknowledged our FIN.
    fin_acked: bool,
    rst: bool,
    /// How this side's window field is scaled.
    wscale: WindowScale,
}

impl Side {
    /// Remembers what a segment of this side carried, after the analysis and the state
    /// machine compared it with what came before.
    fn remember(&mut self, tcp: &Tcp<'_>, ts: Timestamp, seq_end: SeqNum, seen: Seen) {
        let (seq, ack) = (SeqNum(tcp.seq), SeqNum(tcp.ack));
        if tcp.flags.has(TcpFlags::SYN) && self.isn.is_none() {
            self.isn = Some(seq);
        }
        if tcp.flags.has(TcpFlags::ACK) {
            if self.last_ack != Some(ack) {
                self.dupacks = 0;
            }
            self.last_ack = Some(ack);
            self.last_ack_ts = Some(ts);
        }
        self.last_win = Some(tcp.window);
        self.last_win_bytes = Some(seen.window);
        self.keep_alive = seen.keep_alive;
        self.probe = seen.probe;
        // tshark does not move the expected sequence number past a zero window probe, so a
        // probe sent again is a probe again, not a keep-alive.
        if !seen.probe {
            if self.next_seq.is_none_or(|n| seq_end.gt(n)) {
                self.next_seq = Some(seq_end);
                self.next_seq_ts = Some(ts);
            }
            if self.max_to_ack.is_none_or(|m| m == seq) {
                self.max_to_ack = self.next_seq;
            }
        }
        if tcp.flags.has(TcpFlags::RST) {
            self.rst = true;
        }
    }
}

/// What the analysis made of a segment, for its sender's side to remember.
#[derive(Debug, Clone, Copy)]
struct Seen {
    /// The window in bytes, as the segment's scale reads it.
    window: u64,
    keep_alive: bool,
    probe: bool,
}

/// How far the handshake got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Handshake {
    pub syn: bool,
    pub syn_ack: bool,
    pub ack: bool,
    pub simultaneous: bool,
    pub midstream: bool,
    pub syn_count: u32,
}

/// How the connection ended (so far).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Teardown {
    pub first_closer: Option<Role>,
    /// Whether the second FIN carried the ACK of the first (three-way close).
    pub piggybacked: Option<bool>,
    pub simultaneous: bool,
    pub half_close: bool,
    pub rst_by: Option<Role>,
    pub rst_after_fin: bool,
    pub refused: bool,
    pub fins: [bool; 2],
}

/// What Zeek's analysis makes of a segment, by its checksums.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZeekInput {
    /// Checksums right (or not checked): the segment moves Zeek's state.
    Segment,
    /// A bad TCP checksum: a `C` in the history, nothing else.
    BadChecksum,
    /// A bad IPv4 header checksum: Zeek never sees the packet.
    Dropped,
}

/// The TCP state of a conversation.
#[derive(Debug, Clone)]
pub struct TcpConv {
    sides: [Side; 2],
    states: [TcpState; 2],
    pub handshake: Handshake,
    pub teardown: Teardown,
    /// Initial round-trip time (tshark's `ts_first_rtt`): from the most recent SYN to the first
    /// segment with ACK and without SYN after it.
    irtt: Option<Duration>,
    /// When the most recent SYN without ACK was seen (tshark's `ts_mru_syn`).
    syn_ts: Option<Timestamp>,
    /// What the responder was before the first SYN, once its answer showed it.
    responder_was: Option<TcpState>,
    pub zeek: Zeek,
    /// Findings and round-trip times so far; boxed and made at the first of either, so a
    /// conversation with neither (a SYN flood's) costs a pointer.
    stats: Option<Box<TcpStats>>,
    /// Each direction's bytes not yet acknowledged, [client's, server's], for the overlap
    /// check; boxed and made at the first data segment, so a connection without data (a
    /// SYN flood) carries one pointer.
    unacked: Option<Box<[overlap::Unacked; 2]>>,
    pub overlap: OverlapCounts,
}

/// A connection's findings counted by kind, and its round-trip times.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TcpStats {
    /// How many segments had each finding, by [`Analysis::index`].
    pub counts: [u32; Analysis::KINDS],
    /// tshark's `ack_rtt` of the ACKs that acknowledged each side's data, [client's data
    /// (timed by the server's ACKs), server's data].
    pub ack_rtt: [rtt::RttStats; 2],
}

impl TcpConv {
    /// A connection whose first packet seen is `flags`.
    pub fn new(first: TcpFlags) -> TcpConv {
        let syn = first.has(TcpFlags::SYN);
        let ack = first.has(TcpFlags::ACK);
        let states = match (syn, ack) {
            (true, false) => [TcpState::Closed, TcpState::Unknown],
            (true, true) => [TcpState::SynSent, TcpState::Listen],
            _ => [TcpState::Established, TcpState::Established],
        };
        TcpConv {
            sides: [Side::default(), Side::default()],
            states,
            handshake: Handshake {
                midstream: !syn,
                ..Handshake::default()
            },
            teardown: Teardown::default(),
            irtt: None,
            syn_ts: None,
            responder_was: None,
            zeek: Zeek::default(),
            stats: None,
            unacked: None,
            overlap: OverlapCounts::default(),
        }
    }

    /// Whether a SYN for this flow would start a new connection (tshark's port-reuse rule):
    /// the old one ended with FIN or RST and the SYN carries a new ISN.
    pub fn is_reused_by(&self, dir: Dir, syn_seq: u32) -> bool {
        let ended = self.teardown.rst_by.is_some() || self.teardown.fins.iter().any(|f| *f);
        let isn = dir.sender().of(&self.sides).isn;
        ended && isn != Some(SeqNum(syn_seq))
    }

    /// Whether the connection is over (both FINs acknowledged, or a RST).
    pub fn is_closed(&self) -> bool {
        let [client, server] = &self.sides;
        self.teardown.rst_by.is_some() || (client.fin_acked && server.fin_acked)
    }

    pub fn states(&self) -> [TcpState; 2] {
        self.states
    }

    /// Processes one segment going `dir`: its numbers relative to each side's base, the
    /// analysis findings, Zeek's view, then the step and states, and last what its sender sent
    /// (the analysis and the state machine compare the segment with what came before).
    /// `budget` is what every connection's overlap check holds (see [`UnackedBudget`]).
    pub fn on_segment(
        &mut self,
        dir: Dir,
        tcp: &Tcp<'_>,
        ts: Timestamp,
        budget: &mut UnackedBudget,
        zeek: ZeekInput,
    ) -> TcpInfo {
        let me = dir.sender();
        let f = tcp.flags;
        let seq = SeqNum(tcp.seq);
        let consumed = tcp
            .payload_len
            .wrapping_add(u32::from(f.has(TcpFlags::SYN)))
            .wrapping_add(u32::from(f.has(TcpFlags::FIN)));
        let seq_end = seq.plus(consumed);
        let (base, rel_seq, rel_ack) = self.relative_numbers(me, tcp);

        let mut analysis = self.analyse(me, tcp, ts, seq_end);
        self.check_overlap(me, tcp, &mut analysis, budget);
        let retransmitted = analysis.iter().any(|a| {
            matches!(
                a,
                Analysis::Retransmission
                    | Analysis::FastRetransmission { .. }
                    | Analysis::SpuriousRetransmission
            )
        });
        self.time_first_rtt(f, ts);
        // A later Zeek record may have the server as its originator.
        let orig = (dir == Dir::C2S) != self.zeek.reversed;
        match zeek {
            ZeekInput::Segment => self.zeek_segment(orig, tcp),
            ZeekInput::BadChecksum => self.zeek.letter(ZeekLetter::BadChecksum, orig),
            ZeekInput::Dropped => {}
        }

        self.resolve_responder(dir, f);
        let before = self.states;
        let step = self.progress(dir, tcp, retransmitted);
        let after = self.states;

        // The window as the sender's scale reads it; a SYN then settles the scales.
        let window_scale = window::segment_scale(tcp, me.of(&self.sides).wscale);
        let (fwd, rev) = me.split(&mut self.sides);
        window::on_syn(tcp, [&mut fwd.wscale, &mut rev.wscale]);
        let sack = self.relative_sack(me.other(), tcp);
        let ack_rtt = self.time_ack(me, tcp, ts, seq_end);
        self.count(&analysis, me, ack_rtt);
        let seen = Seen {
            window: window_scale.apply(tcp.window),
            keep_alive: analysis.contains(&Analysis::KeepAlive),
            probe: analysis.contains(&Analysis::ZeroWindowProbe),
        };
        me.of_mut(&mut self.sides).remember(tcp, ts, seq_end, seen);

        TcpInfo {
            seq: rel_seq,
            ack: rel_ack,
            next_seq: seq_end.relative_to(base),
            before,
            after,
            step,
            analysis,
            window: window_scale.apply(tcp.window),
            window_scale,
            sack,
            ack_rtt,
        }
    }

    /// The segment, in the fields Zeek's analyzer reads.
    fn zeek_segment(&mut self, orig: bool, tcp: &Tcp<'_>) {
        let f = tcp.flags;
        self.zeek.tcp_segment(&ZeekSegment {
            orig,
            syn: f.has(TcpFlags::SYN),
            ack: f.has(TcpFlags::ACK),
            fin: f.has(TcpFlags::FIN),
            rst: f.has(TcpFlags::RST),
            seq: tcp.seq,
            ack_no: tcp.ack,
            len: tcp.payload_len,
            window: tcp.window,
        });
    }

    /// tshark's `ack_rtt` for a segment `me` sent: the time since the earliest segment of
    /// the other side that ends exactly at its acknowledgement number; every segment it
    /// covers is forgotten. Then the segment itself waits for its ACK, if it carries
    /// sequence space.
    fn time_ack(
        &mut self,
        me: Role,
        tcp: &Tcp<'_>,
        ts: Timestamp,
        end: SeqNum,
    ) -> Option<Duration> {
        let (fwd, rev) = me.split(&mut self.sides);
        let f = tcp.flags;
        let rtt = if f.has(TcpFlags::ACK) {
            rev.unacked.acknowledge(SeqNum(tcp.ack), ts)
        } else {
            None
        };
        if tcp.payload_len > 0 || f.has(TcpFlags::SYN) || f.has(TcpFlags::FIN) {
            fwd.unacked.sent(end, ts);
        }
        rtt
    }

    /// Adds a segment's findings, and the round-trip time its ACK gave, to the totals.
    fn count(&mut self, analysis: &[Analysis], me: Role, ack_rtt: Option<Duration>) {
        if analysis.is_empty() && ack_rtt.is_none() {
            return;
        }
        let stats = self.stats.get_or_insert_with(Box::default);
        for a in analysis {
            if let Some(n) = stats.counts.get_mut(a.index()) {
                *n = n.saturating_add(1);
            }
        }
        if let Some(d) = ack_rtt {
            // The ACK `me` sent timed the other side's data.
            me.other().of_mut(&mut stats.ack_rtt).add(d);
        }
    }

    /// The findings counted so far and the round-trip times measured.
    pub fn stats(&self) -> Option<&TcpStats> {
        self.stats.as_deref()
    }

    /// tshark's `tcp.analysis.initial_rtt`: from the most recent SYN to the first ACK
    /// after it (normally the handshake's third segment).
    pub fn initial_rtt(&self) -> Option<Duration> {
        self.irtt
    }

    /// The overlap check (`overlap.rs`): the segment's acknowledgement drops the peer's
    /// bytes it covers, and its payload is compared with the bytes it sends again. A
    /// keep-alive's byte is not data (its content is arbitrary), nor is a RST's payload.
    /// A connection that has sent no data yet costs one test.
    fn check_overlap(
        &mut self,
        me: Role,
        tcp: &Tcp<'_>,
        analysis: &mut ArrayVec<Analysis, 6>,
        budget: &mut UnackedBudget,
    ) {
        let f = tcp.flags;
        let data = tcp.payload_len > 0
            && !f.has(TcpFlags::RST)
            && !analysis.contains(&Analysis::KeepAlive);
        if self.unacked.is_none() && !data {
            return;
        }
        let dirs = self.unacked.get_or_insert_with(Box::default);
        let (mine, theirs) = me.split(dirs);
        if f.has(TcpFlags::ACK) {
            theirs.acknowledged(SeqNum(tcp.ack), budget);
        }
        if !data {
            return;
        }
        let seq = SeqNum(tcp.seq).plus(u32::from(f.has(TcpFlags::SYN)));
        let finding = match mine.data(seq, tcp.payload, tcp.payload_len, budget) {
            overlap::Check::Fine => return,
            overlap::Check::Conflict { differing } => {
                self.overlap.conflicts = self.overlap.conflicts.saturating_add(1);
                Analysis::OverlapConflict { differing }
            }
            overlap::Check::Unchecked { total } => {
                self.overlap.unchecked = self.overlap.unchecked.saturating_add(1);
                Analysis::OverlapUnchecked { total }
            }
        };
        let _ = analysis.try_push(finding);
    }

    /// Frees what the overlap check holds (the connection is reported and forgotten):
    /// the bytes it had allocated, to give back to the budget.
    pub fn release_unacked(&mut self) -> usize {
        self.unacked
            .take()
            .map_or(0, |d| d.iter().map(overlap::Unacked::allocated).sum())
    }

    /// The sender's base (set by its first segment), and the segment's sequence and
    /// acknowledgement numbers relative to the two bases, exactly as tshark sets them: the
    /// ISN, or one below the first number seen mid-stream.
    fn relative_numbers(&mut self, me: Role, tcp: &Tcp<'_>) -> (SeqNum, u32, u32) {
        let (seq, ack) = (SeqNum(tcp.seq), SeqNum(tcp.ack));
        let ackf = tcp.flags.has(TcpFlags::ACK);
        let (mine, theirs) = me.split(&mut self.sides);
        let first = if tcp.flags.has(TcpFlags::SYN) {
            seq
        } else {
            seq.plus(u32::MAX)
        };
        let base = *mine.base.get_or_insert(first);
        if ackf && theirs.base.is_none() {
            theirs.base = Some(ack.plus(u32::MAX));
        }
        let rel_ack = match (ackf, theirs.base) {
            (true, Some(b)) => ack.relative_to(b),
            _ => tcp.ack,
        };
        (base, seq.relative_to(base), rel_ack)
    }

    /// tshark's initial round-trip time: from the most recent SYN without ACK to the first
    /// segment with ACK and without SYN after it.
    fn time_first_rtt(&mut self, f: TcpFlags, ts: Timestamp) {
        let (syn, ack) = (f.has(TcpFlags::SYN), f.has(TcpFlags::ACK));
        if syn && !ack {
            self.syn_ts = Some(ts);
        } else if ack
            && !syn
            && self.irtt.is_none()
            && let Some(t0) = self.syn_ts
        {
            self.irtt = Some(ts.since(t0));
        }
    }

    /// SACK edges relative to the base of `of`'s direction (the one they acknowledge), raw
    /// while that base is unknown, as tshark does.
    fn relative_sack(&self, of: Role, tcp: &Tcp<'_>) -> ArrayVec<(u32, u32), 4> {
        let base = of.of(&self.sides).base;
        let rel = |e: u32| base.map_or(e, |b| SeqNum(e).relative_to(b));
        let mut out = ArrayVec::new();
        for o in tcp.options() {
            if let TcpOption::Sack(blocks, n) = o {
                for (l, r) in blocks.iter().take(usize::from(n)) {
                    let _ = out.try_push((rel(*l), rel(*r)));
                }
            }
        }
        out
    }

    /// What the responder was before the first SYN, as its answer later showed (LISTEN or
    /// CLOSED); `Unknown` while it has not answered. For views drawn after the connection,
    /// which may show the SYN's line with what is known by then.
    pub fn responder_was(&self) -> TcpState {
        self.responder_was.unwrap_or(TcpState::Unknown)
    }

    /// How each side's window field is read now, [client, server]: what the SYNs settled
    /// (a later segment of that side is scaled so; a SYN's own window never is).
    pub fn window_scales(&self) -> [WindowScale; 2] {
        let [client, server] = &self.sides;
        [client.wscale, server.wscale]
    }

    /// How far the handshake got (annotate::verdict says it in words).
    pub fn handshake_verdict(&self) -> HandshakeVerdict {
        let h = &self.handshake;
        if h.midstream && !h.syn_ack {
            HandshakeVerdict::NotCaptured
        } else if self.teardown.refused {
            HandshakeVerdict::Refused
        } else if h.simultaneous {
            HandshakeVerdict::SimultaneousOpen
        } else if h.syn && h.syn_ack && h.ack {
            HandshakeVerdict::Complete
        } else if h.syn && h.syn_ack {
            HandshakeVerdict::NoFinalAck
        } else if h.syn {
            HandshakeVerdict::Unanswered
        } else {
            HandshakeVerdict::SynNotCaptured
        }
    }

    /// How the connection ended, so far (annotate::verdict says it in words).
    pub fn teardown_verdict(&self) -> TeardownVerdict {
        self.teardown.verdict()
    }
}

impl Teardown {
    /// The verdict: a refusal first, then a RST (with or without a FIN before it), then the
    /// FIN exchange, each close after data past a FIN called a half-close first.
    pub fn verdict(&self) -> TeardownVerdict {
        use TeardownVerdict as V;
        if self.refused {
            return V::Refused;
        }
        if let Some(by) = self.rst_by {
            return if self.rst_after_fin {
                V::RstAfterFin { by }
            } else {
                V::Abort { by }
            };
        }
        let half = self.half_close;
        if self.simultaneous {
            return if half {
                V::HalfCloseThenSimultaneousClose
            } else {
                V::SimultaneousClose
            };
        }
        // fins is [client, server].
        match (self.fins, self.piggybacked, half) {
            ([true, true], Some(true), true) => V::HalfCloseThenThreeWay,
            ([true, true], Some(true), false) => V::ThreeWay,
            ([true, true], _, true) => V::HalfCloseThenFourWay,
            ([true, true], _, false) => V::FourWay,
            ([true, false], _, _) => V::HalfClosed { by: Role::Client },
            ([false, true], _, _) => V::HalfClosed { by: Role::Server },
            _ => V::Open,
        }
    }
}
