//! One TCP connection as the wire shows it: relative sequence numbers and SACK edges (tshark's
//! rules), each direction's window scale (`window.rs`), the analysis tshark's `tcp.analysis.*`
//! performs, both endpoints' RFC 9293 states, and the handshake and teardown steps.
//!
//! States are inferred at the capture point with one assumption, right on loopback and close
//! on a LAN: a segment is received at the moment it is captured. So a packet changes its
//! sender's state (it was sent) and its receiver's state (it arrived) on the same line.

use std::fmt;

use arrayvec::ArrayVec;

use super::flow::{Dir, Role};
use super::seq::SeqNum;
use super::verdict::{HandshakeVerdict, TeardownVerdict};
use super::window::{self, WindowScale};
use super::zeek::{Zeek, ZeekSegment};
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
    /// Both sides sent a SYN before seeing the other's.
    SimultaneousOpen {
        by: Role,
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
    pub analysis: ArrayVec<Analysis, 4>,
    /// The window in bytes (tshark's `tcp.window_size`): the field scaled by this direction's
    /// factor, or as it is when the factor is unknown.
    pub window: u64,
    /// How the window field was read.
    pub window_scale: WindowScale,
    /// SACK blocks, left and right edges relative to the other direction's base, as the
    /// acknowledgement number is (tshark's `tcp.options.sack_le`/`sack_re`).
    pub sack: ArrayVec<(u32, u32), 4>,
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
    dupacks: u32,
    /// The last segment was a keep-alive (its answer is no duplicate ACK).
    keep_alive: bool,
    /// Sequence number of the FIN flag.
    fin: Option<SeqNum>,
    /// The peer acknowledged our FIN.
    fin_acked: bool,
    rst: bool,
    /// How this side's window field is scaled.
    wscale: WindowScale,
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
}

/// tshark's out-of-order threshold when no handshake gave a round-trip time.
const OOO_THRESHOLD_NS: i128 = 3_000_000;
/// tshark's window for a retransmission to count as fast after duplicate ACKs.
const FAST_RETRANS_NS: i128 = 20_000_000;

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
        }
    }

    /// Whether a SYN for this flow would start a new connection (tshark's port-reuse rule):
    /// the old one ended with FIN or RST and the SYN carries a new ISN.
    pub fn is_reused_by(&self, dir: Dir, syn_seq: u32) -> bool {
        let ended = self.teardown.rst_by.is_some() || self.teardown.fins.iter().any(|f| *f);
        let isn = self.sides[dir.index()].isn;
        ended && isn != Some(SeqNum(syn_seq))
    }

    /// Whether the connection is over (both FINs acknowledged, or a RST).
    pub fn is_closed(&self) -> bool {
        self.teardown.rst_by.is_some() || (self.sides[0].fin_acked && self.sides[1].fin_acked)
    }

    pub fn states(&self) -> [TcpState; 2] {
        self.states
    }

    /// Processes one segment going `dir`.
    pub fn on_segment(&mut self, dir: Dir, tcp: &Tcp<'_>, ts: Timestamp) -> TcpInfo {
        let s = dir.index();
        let r = 1 - s;
        let f = tcp.flags;
        let (syn, fin, rst, ackf) = (
            f.has(TcpFlags::SYN),
            f.has(TcpFlags::FIN),
            f.has(TcpFlags::RST),
            f.has(TcpFlags::ACK),
        );
        let seq = SeqNum(tcp.seq);
        let ack = SeqNum(tcp.ack);
        let seglen = tcp.payload_len;

        // Relative numbers, exactly as tshark sets its bases.
        let base = *self.sides[s]
            .base
            .get_or_insert(if syn { seq } else { seq.plus(u32::MAX) });
        if ackf && self.sides[r].base.is_none() {
            self.sides[r].base = Some(ack.plus(u32::MAX));
        }
        let rel_seq = seq.relative_to(base);
        let rel_ack = match (ackf, self.sides[r].base) {
            (true, Some(b)) => ack.relative_to(b),
            _ => tcp.ack,
        };
        let consumed = seglen
            .wrapping_add(u32::from(syn))
            .wrapping_add(u32::from(fin));
        let seq_end = seq.plus(consumed);

        let analysis = self.analyse(s, tcp, ts, seq, ack, seq_end);
        let retransmitted = analysis.iter().any(|a| {
            matches!(
                a,
                Analysis::Retransmission | Analysis::FastRetransmission { .. }
            )
        });
        if syn && !ackf {
            self.syn_ts = Some(ts);
        } else if ackf
            && !syn
            && self.irtt.is_none()
            && let Some(t0) = self.syn_ts
        {
            self.irtt = Some(ts.since(t0));
        }
        self.zeek.tcp_segment(&ZeekSegment {
            orig: dir == Dir::C2S,
            syn,
            ack: ackf,
            fin,
            rst,
            seq: tcp.seq,
            ack_no: tcp.ack,
            len: seglen,
            window: tcp.window,
        });

        self.resolve_responder(dir, f);
        let before = self.states;
        let step = self.progress(dir, tcp, retransmitted);
        let after = self.states;

        // The window as the sender's scale reads it; a SYN then settles the scales.
        let window_scale = window::segment_scale(tcp, self.sides[s].wscale);
        {
            let [a, b] = &mut self.sides;
            let (fwd, rev) = if s == 0 { (a, b) } else { (b, a) };
            window::on_syn(tcp, [&mut fwd.wscale, &mut rev.wscale]);
        }
        let sack = self.relative_sack(r, tcp);

        // Remember what this side sent.
        let side = &mut self.sides[s];
        if syn && side.isn.is_none() {
            side.isn = Some(seq);
        }
        if ackf {
            if side.last_ack != Some(ack) {
                side.dupacks = 0;
            }
            side.last_ack = Some(ack);
            side.last_ack_ts = Some(ts);
        }
        side.last_win = Some(tcp.window);
        side.keep_alive = analysis.contains(&Analysis::KeepAlive);
        if side.next_seq.is_none_or(|n| seq_end.gt(n)) {
            side.next_seq = Some(seq_end);
            side.next_seq_ts = Some(ts);
        }
        if rst {
            side.rst = true;
        }

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
        }
    }

    /// SACK edges relative to the base of direction `r` (the one they acknowledge), raw
    /// while that base is unknown, as tshark does.
    fn relative_sack(&self, r: usize, tcp: &Tcp<'_>) -> ArrayVec<(u32, u32), 4> {
        let base = self.sides[r].base;
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

    /// The responder's first answer tells what it was before the SYN: a SYN-ACK shows a
    /// listener (LISTEN), a RST that nothing listened (CLOSED: no TCB), a SYN of its own an
    /// active opener (CLOSED).
    fn resolve_responder(&mut self, dir: Dir, f: TcpFlags) {
        let me = dir.sender();
        if self.state(me) != TcpState::Unknown {
            return;
        }
        let was = if f.has(TcpFlags::RST) || (f.has(TcpFlags::SYN) && !f.has(TcpFlags::ACK)) {
            TcpState::Closed
        } else if f.has(TcpFlags::SYN) {
            TcpState::Listen
        } else {
            return;
        };
        self.set(me, was);
        self.responder_was = Some(was);
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
        [self.sides[0].wscale, self.sides[1].wscale]
    }

    /// tshark's `tcp.analysis` rules, checked before the segment updates the sender's side.
    fn analyse(
        &mut self,
        s: usize,
        tcp: &Tcp<'_>,
        ts: Timestamp,
        seq: SeqNum,
        ack: SeqNum,
        seq_end: SeqNum,
    ) -> ArrayVec<Analysis, 4> {
        let mut out = ArrayVec::new();
        let f = tcp.flags;
        let control = f.has(TcpFlags::SYN) || f.has(TcpFlags::FIN) || f.has(TcpFlags::RST);
        let seglen = tcp.payload_len;
        let (fwd, rev) = match s {
            0 => {
                let [a, b] = &mut self.sides;
                (a, &*b)
            }
            _ => {
                let [a, b] = &mut self.sides;
                (b, &*a)
            }
        };
        if tcp.window == 0 && !control {
            let _ = out.try_push(Analysis::ZeroWindow);
        }
        if let Some(next) = fwd.next_seq
            && !f.has(TcpFlags::RST)
            && seq.gt(next)
        {
            let _ = out.try_push(Analysis::LostSegment {
                missing: seq.diff(next).unsigned_abs(),
            });
        }
        let keep_alive = seglen <= 1 && !control && fwd.next_seq.is_some_and(|n| n == seq.plus(1));
        if keep_alive {
            let _ = out.try_push(Analysis::KeepAlive);
        }
        // The same ACK point again. tshark wants a non-zero window for a window update or a
        // duplicate ACK, and takes the answer to a keep-alive for a keep-alive ACK (which has
        // no finding here) rather than a duplicate.
        let same_point = seglen == 0
            && !control
            && tcp.window != 0
            && f.has(TcpFlags::ACK)
            && fwd.next_seq == Some(seq)
            && fwd.last_ack == Some(ack);
        if same_point && fwd.last_win.is_some_and(|w| w != tcp.window) {
            let _ = out.try_push(Analysis::WindowUpdate);
        } else if same_point && fwd.last_win == Some(tcp.window) && !rev.keep_alive {
            fwd.dupacks += 1;
            let _ = out.try_push(Analysis::DupAck { count: fwd.dupacks });
        }
        let carries = seglen > 0 || f.has(TcpFlags::SYN) || f.has(TcpFlags::FIN);
        if carries && !keep_alive {
            // Data the receiver already acknowledged: tshark's spurious retransmission, also
            // reported as a retransmission, whatever the timing.
            let spurious = seglen > 0 && rev.last_ack.is_some_and(|a| seq.plus(seglen).le(a));
            // More than one byte from one below next_seq adds new data (after a zero window
            // probe): not a retransmission.
            let behind = fwd
                .next_seq
                .filter(|&n| seq.lt(n) && !(seglen > 1 && seq.plus(1) == n));
            if spurious {
                let _ = out.try_push(Analysis::Retransmission);
            } else if let Some(next) = behind {
                let since = |t: Option<Timestamp>| t.map(|t| ts.since(t).0);
                let fast = rev.dupacks >= 2
                    && rev.last_ack == Some(seq)
                    && since(rev.last_ack_ts).is_some_and(|d| d < FAST_RETRANS_NS);
                let threshold = self.irtt.map_or(OOO_THRESHOLD_NS, |d| d.0);
                let out_of_order =
                    since(fwd.next_seq_ts).is_some_and(|d| d < threshold) && next != seq_end;
                let _ = out.try_push(if fast {
                    Analysis::FastRetransmission {
                        dupacks: rev.dupacks,
                    }
                } else if out_of_order {
                    Analysis::OutOfOrder
                } else {
                    Analysis::Retransmission
                });
            }
        }
        out
    }

    fn set(&mut self, role: Role, state: TcpState) {
        self.states[role.index()] = state;
    }

    fn state(&self, role: Role) -> TcpState {
        self.states[role.index()]
    }

    /// The handshake/teardown state machine: one arm per kind of segment.
    fn progress(&mut self, dir: Dir, tcp: &Tcp<'_>, retransmitted: bool) -> Option<Step> {
        let (f, seglen) = (tcp.flags, tcp.payload_len);
        let (seq, ack) = (SeqNum(tcp.seq), SeqNum(tcp.ack));
        let me = dir.sender();
        let peer = me.other();
        let (s, r) = (dir.index(), 1 - dir.index());
        let (syn, fin, rst, ackf) = (
            f.has(TcpFlags::SYN),
            f.has(TcpFlags::FIN),
            f.has(TcpFlags::RST),
            f.has(TcpFlags::ACK),
        );
        let acks_peer_fin = |side: &Side| ackf && side.fin.is_some_and(|fs| ack.ge(fs.plus(1)));

        if rst {
            if self.sides[s].rst {
                return None; // a repeated RST changes nothing
            }
            self.teardown.rst_by = Some(me);
            let answered_syn = self.handshake.syn && !self.handshake.syn_ack && me == Role::Server;
            self.set(me, TcpState::Closed);
            // A responder that never answered keeps what it was: unknown.
            if self.state(peer) != TcpState::Unknown {
                self.set(peer, TcpState::Closed);
            }
            return Some(if answered_syn {
                self.teardown.refused = true;
                // The RST comes from the port the SYN went to.
                Step::Refused { port: tcp.sport }
            } else if self.teardown.fins.iter().any(|x| *x) {
                self.teardown.rst_after_fin = true;
                Step::RstAfterFin { by: me }
            } else {
                Step::Abort { by: me }
            });
        }

        if syn && !ackf {
            self.handshake.syn = true;
            self.handshake.syn_count += 1;
            self.sides[s].syns += 1;
            if self.sides[s].syns > 1 {
                return Some(Step::SynRetransmitted {
                    count: self.sides[s].syns - 1,
                });
            }
            if self.sides[r].syns > 0 && self.sides[r].syn_acks == 0 {
                // The peer's SYN crossed ours: both were active openers.
                self.handshake.simultaneous = true;
                self.set(me, TcpState::SynReceived);
                self.set(peer, TcpState::SynReceived);
                return Some(Step::SimultaneousOpen { by: me });
            }
            // The server's move to SYN-RECEIVED is shown on its SYN-ACK, the first sign on the
            // wire that a listener took the SYN (a closed port answers with RST instead).
            self.set(me, TcpState::SynSent);
            return Some(Step::Syn);
        }

        if syn && ackf {
            self.sides[s].syn_acks += 1;
            if self.sides[s].syn_acks > 1 {
                return Some(Step::SynAckRetransmitted {
                    count: self.sides[s].syn_acks - 1,
                });
            }
            self.handshake.syn_ack = true;
            if self.handshake.simultaneous {
                self.set(peer, TcpState::Established);
                return Some(Step::SimultaneousOpen { by: me });
            }
            if self.state(me) == TcpState::Listen {
                self.set(me, TcpState::SynReceived);
            }
            self.set(peer, TcpState::Established);
            return Some(Step::SynAck);
        }

        // From here on: no SYN, no RST.
        let mut step = None;
        let peer_fin_acked_now = !self.sides[r].fin_acked && acks_peer_fin(&self.sides[r]);

        if fin {
            if self.sides[s].fin.is_some() {
                return None; // a retransmitted FIN
            }
            self.sides[s].fin = Some(seq.plus(seglen));
            self.teardown.fins[s] = true;
            if self.sides[r].fin.is_none() {
                self.teardown.first_closer = Some(me);
                self.set(me, TcpState::FinWait1);
                if matches!(
                    self.state(peer),
                    TcpState::Established | TcpState::SynReceived
                ) {
                    self.set(peer, TcpState::CloseWait);
                }
                return Some(Step::FirstFin { by: me });
            }
            if peer_fin_acked_now || self.sides[r].fin_acked {
                let piggybacked = peer_fin_acked_now;
                self.sides[r].fin_acked = true;
                self.teardown.piggybacked = Some(piggybacked);
                self.set(me, TcpState::LastAck);
                self.set(peer, TcpState::TimeWait);
                return Some(Step::SecondFin {
                    by: me,
                    piggybacked,
                });
            }
            self.teardown.simultaneous = true;
            self.set(me, TcpState::Closing);
            self.set(peer, TcpState::Closing);
            return Some(Step::SimultaneousClose { by: me });
        }

        if self.handshake.syn_ack
            && !self.handshake.ack
            && !self.handshake.simultaneous
            && me == Role::Client
            && ackf
            && self.sides[r].isn.is_some_and(|isn| ack == isn.plus(1))
        {
            self.handshake.ack = true;
            self.set(peer, TcpState::Established);
            self.set(me, TcpState::Established);
            step = Some(Step::HandshakeAck);
        } else if peer_fin_acked_now {
            self.sides[r].fin_acked = true;
            step = Some(if self.sides[s].fin.is_none() {
                if self.state(peer) == TcpState::FinWait1 {
                    self.set(peer, TcpState::FinWait2);
                }
                Step::AckOfFirstFin { by: me }
            } else if self.teardown.simultaneous {
                self.set(peer, TcpState::TimeWait);
                Step::SimultaneousCloseAck { by: me }
            } else {
                self.set(peer, TcpState::Closed);
                Step::FinalAck {
                    by: me,
                    four_way: self.teardown.piggybacked == Some(false),
                }
            });
        } else if self.handshake.simultaneous && ackf && !self.handshake.ack {
            self.handshake.ack = true;
            self.set(me, TcpState::Established);
            self.set(peer, TcpState::Established);
        }

        if seglen > 0
            && !retransmitted
            && self.sides[r].fin.is_some()
            && self.sides[s].fin.is_none()
        {
            let first = !self.teardown.half_close;
            self.teardown.half_close = true;
            if first || step.is_none() {
                step = Some(Step::HalfCloseData { by: me });
            }
        }
        step
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
