//! Zeek's vocabulary for a connection: the `history` string and `conn_state`, computed by the
//! rules Zeek documents (conn.log) and applies, so a Zeek user can compare.
//!
//! History: one letter per event kind, upper case for the originator (our client), lower case
//! for the responder. A and D (a pure ACK, a segment with payload and no SYN/FIN/RST), Q (SYN
//! with FIN or RST) and I (FIN with RST) are recorded once per direction. S, H, F and R are
//! recorded the first time, then again each time the sequence number differs from the last
//! segment with that flag. The "bad news" letters T (retransmitted payload), G (content gap)
//! and W (zero window) are recorded at the 1st, 10th, 100th... occurrence. A leading `^` says
//! the originator is not the side that sent first.
//!
//! `conn_state` comes from Zeek's per-endpoint states, which follow Zeek's TCP analyzer: a
//! responder's SYN or SYN-ACK establishes both ends, FIN closes an end, RST resets it.
//!
//! T and G are Zeek's, not tshark's: T marks any payload that ends at or below the highest
//! sequence number its sender already used (an out-of-order segment included), G a hole in a
//! direction's data that the other side's ACK passes over (a hole filled before that is not a
//! gap), written only while both ends are established or cleanly closing.

use arrayvec::{ArrayString, ArrayVec};

use super::flow::Role;
use super::seq::SeqNum;
use super::zeek_records::{RecordBase, ZeekRecord};

/// Zeek's `conn_state` of a connection (conn.log). Its code ("SF", "REJ") is Zeek's own
/// vocabulary, shown and written as is, so it stays beside the rules that choose it; what a
/// state means in words is annotate/'s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConnState {
    /// Attempt seen, no reply.
    S0,
    /// Established, not terminated.
    S1,
    /// Normal establishment and termination.
    Sf,
    /// Attempt rejected.
    Rej,
    /// Established, the originator closed, no reply from the responder to that.
    S2,
    /// Established, the responder closed, no reply from the originator to that.
    S3,
    /// Established, the originator aborted (RST).
    Rsto,
    /// Established, the responder aborted.
    Rstr,
    /// The originator sent a SYN then a RST, no SYN-ACK from the responder.
    Rstos0,
    /// The responder sent a SYN-ACK then a RST, nothing from the originator.
    Rstrh,
    /// The originator sent a SYN then a FIN, no SYN-ACK ("half-open").
    Sh,
    /// The responder sent a SYN-ACK then a FIN, nothing from the originator.
    Shr,
    /// No SYN seen, just midstream traffic, or nothing Zeek names.
    Oth,
}

impl ConnState {
    /// Every state, in the order of [`ConnState::code`]'s table (for packing a state into a
    /// few bits: its position here).
    pub const ALL: [ConnState; 13] = [
        ConnState::S0,
        ConnState::S1,
        ConnState::Sf,
        ConnState::Rej,
        ConnState::S2,
        ConnState::S3,
        ConnState::Rsto,
        ConnState::Rstr,
        ConnState::Rstos0,
        ConnState::Rstrh,
        ConnState::Sh,
        ConnState::Shr,
        ConnState::Oth,
    ];

    /// Zeek's code, as conn.log writes it.
    pub fn code(self) -> &'static str {
        match self {
            ConnState::S0 => "S0",
            ConnState::S1 => "S1",
            ConnState::Sf => "SF",
            ConnState::Rej => "REJ",
            ConnState::S2 => "S2",
            ConnState::S3 => "S3",
            ConnState::Rsto => "RSTO",
            ConnState::Rstr => "RSTR",
            ConnState::Rstos0 => "RSTOS0",
            ConnState::Rstrh => "RSTRH",
            ConnState::Sh => "SH",
            ConnState::Shr => "SHR",
            ConnState::Oth => "OTH",
        }
    }
}

impl std::fmt::Display for ConnState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.code())
    }
}

/// History events (the upper-case letter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZeekLetter {
    Syn,
    SynAck,
    Ack,
    Data,
    Fin,
    Rst,
    Retransmission,
    Gap,
    ZeroWindow,
    MultiFlag,
    /// FIN and RST in one segment.
    Inconsistent,
    /// A packet whose TCP or UDP checksum is wrong (Zeek's `C`).
    BadChecksum,
}

impl ZeekLetter {
    fn upper(self) -> u8 {
        match self {
            ZeekLetter::Syn => b'S',
            ZeekLetter::SynAck => b'H',
            ZeekLetter::Ack => b'A',
            ZeekLetter::Data => b'D',
            ZeekLetter::Fin => b'F',
            ZeekLetter::Rst => b'R',
            ZeekLetter::Retransmission => b'T',
            ZeekLetter::Gap => b'G',
            ZeekLetter::ZeroWindow => b'W',
            ZeekLetter::MultiFlag => b'Q',
            ZeekLetter::Inconsistent => b'I',
            ZeekLetter::BadChecksum => b'C',
        }
    }

    fn slot(self) -> usize {
        self as usize
    }

    /// Where a counted letter's count is kept.
    fn counted_slot(self) -> Option<usize> {
        match self {
            ZeekLetter::Retransmission => Some(0),
            ZeekLetter::Gap => Some(1),
            ZeekLetter::ZeroWindow => Some(2),
            ZeekLetter::BadChecksum => Some(3),
            _ => None,
        }
    }
}

/// Zeek's per-endpoint TCP states, from which `conn_state` is derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ZeekState {
    #[default]
    Inactive,
    SynSent,
    SynAckSent,
    Partial,
    Established,
    Closed,
    Reset,
}

/// The fields of a TCP segment Zeek's analyzer looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZeekSegment {
    /// Sent by the originator (our client).
    pub orig: bool,
    pub syn: bool,
    pub ack: bool,
    pub fin: bool,
    pub rst: bool,
    pub seq: u32,
    pub ack_no: u32,
    /// Payload bytes.
    pub len: u32,
    pub window: u16,
}

/// Most holes remembered per direction; past it, new out-of-order data joins the last block.
const MAX_BLOCKS: usize = 8;

/// Data beyond holes.
type Blocks = ArrayVec<(SeqNum, SeqNum), MAX_BLOCKS>;

/// Zeek's reassembly of one direction, reduced to what reveals content gaps.
#[derive(Debug, Clone, Default)]
struct Stream {
    /// Everything before this was seen, or given up as a gap.
    next: Option<SeqNum>,
    /// Data seen beyond a hole: `[start, end)`, in order, not touching. Allocated at the
    /// first hole: most connections have none, and every packet reads this stream's state,
    /// so it stays a pointer wide.
    above: Option<Box<Blocks>>,
    /// Sequence number just past the FIN.
    fin_end: Option<SeqNum>,
}

impl Stream {
    /// Data `[start, end)` was sent.
    fn data(&mut self, start: SeqNum, end: SeqNum) {
        let next = *self.next.get_or_insert(start);
        if start.le(next) {
            if end.gt(next) {
                self.next = Some(end);
                self.absorb();
            }
            return;
        }
        // Beyond a hole: insert in order, then merge what overlaps or touches.
        let above = self.above.get_or_insert_with(Box::default);
        let at = above
            .iter()
            .position(|b| start.lt(b.0))
            .unwrap_or(above.len());
        if above.is_full() {
            // No room: widen a neighbour instead, which keeps the order and may hide a hole.
            let i = at.min(above.len().saturating_sub(1));
            if let Some(b) = above.get_mut(i) {
                *b = (if start.lt(b.0) { start } else { b.0 }, b.1.max(end));
            }
        } else {
            above.insert(at, (start, end));
        }
        let mut merged = Blocks::new();
        for b in above.drain(..) {
            match merged.last_mut() {
                Some(last) if b.0.le(last.1) => last.1 = last.1.max(b.1),
                _ => merged.push(b),
            }
        }
        **above = merged;
    }

    /// Moves `next` over blocks it reached.
    fn absorb(&mut self) {
        let Some(above) = self.above.as_mut() else {
            return;
        };
        while let (Some(next), Some(&(start, end))) = (self.next, above.first()) {
            if start.gt(next) {
                break;
            }
            self.next = Some(next.max(end));
            above.remove(0);
        }
    }

    /// The other side acknowledged up to `ack`: returns how many holes that passes over, and
    /// how many bytes they held (Zeek's `content_gap` lengths).
    fn acked(&mut self, ack: SeqNum) -> (u32, u64) {
        let Some(mut next) = self.next else {
            return (0, 0);
        };
        // The FIN is not data: an ACK of it reaches only the end of the data.
        let upto = match self.fin_end {
            Some(f) if ack.ge(f) => f.plus(u32::MAX),
            _ => ack,
        };
        if !upto.gt(next) {
            return (0, 0);
        }
        let mut holes = 0;
        let mut missed = 0u64;
        if let Some(above) = self.above.as_mut() {
            while let Some(&(start, end)) = above.first() {
                if !start.lt(upto) {
                    break;
                }
                if start.gt(next) {
                    holes += 1;
                    missed += u64::from(start.diff(next).unsigned_abs());
                }
                next = next.max(end);
                above.remove(0);
            }
        }
        if upto.gt(next) {
            holes += 1;
            missed += u64::from(upto.diff(next).unsigned_abs());
            next = upto;
        }
        self.next = Some(next);
        (holes, missed)
    }
}

/// History and endpoint states of one conversation.
#[derive(Debug, Clone, Default)]
pub struct Zeek {
    /// What most packets never touch, out of line (see [`ZeekCold`]).
    cold: Box<ZeekCold>,
    /// Per direction (0 originator, 1 responder): the letters seen, one bit per letter.
    seen: [u16; 2],
    /// Per direction: times T, G, W and C were seen (recorded again at 10, 100...).
    counts: [[u32; 4]; 2],
    /// [originator, responder]
    pub states: [ZeekState; 2],
    /// The state each endpoint had before its current one.
    prev_states: [ZeekState; 2],
    /// Bytes of payload each way (Zeek's orig_bytes/resp_bytes, without its gap accounting).
    pub payload: [u64; 2],
    /// Per direction: the highest sequence number used so far (Zeek's `last_seq`).
    last_seq: [Option<SeqNum>; 2],
    /// Per direction: the data seen, for content gaps.
    streams: [Stream; 2],
    /// This record's originator is the conversation's server (a later record opened by a
    /// SYN from that side; see `zeek_records`).
    pub reversed: bool,
}

/// The part of [`Zeek`] written only on some packets (a letter recorded, a SYN, FIN or RST
/// seen): kept out of line so that the state every packet reads and writes is small.
#[derive(Debug, Clone, Default)]
struct ZeekCold {
    history: ArrayString<64>,
    /// Per direction: the sequence number of the last SYN or SYN-ACK, FIN (its end) and RST.
    last_flag_seq: [[Option<u32>; 3]; 2],
    /// The records Zeek would have finished before this one, oldest first.
    done: Vec<ZeekRecord>,
    /// Where this record's counts start (`None`: at the conversation's start).
    base: Option<RecordBase>,
    /// Packets and IP bytes, [c2s, s2c], that Zeek's analysis never took (a bad checksum):
    /// not in this record's counts.
    uncounted: [[u64; 2]; 2],
    /// Bytes in content gaps while both ends were established (Zeek's `missed_bytes`).
    missed: u64,
    /// Per direction: where the sequence space starts, as Zeek counts it (the SYN's number,
    /// or one before the first byte seen), for Zeek's `orig_bytes`/`resp_bytes`. Written at
    /// a direction's first segment and on SYNs only.
    start_seq: [Option<SeqNum>; 2],
    /// Per direction: a FIN was seen (its sequence number is no byte of data).
    fin_seen: [bool; 2],
}

impl Zeek {
    /// A record that follows `done` (oldest first), its counts starting at `base`, its
    /// originator the conversation's server when `reversed`.
    pub fn next_record(done: Vec<ZeekRecord>, base: RecordBase, reversed: bool) -> Zeek {
        let mut z = Zeek {
            reversed,
            ..Zeek::default()
        };
        z.cold.done = done;
        z.cold.base = Some(base);
        z
    }

    /// Bytes in content gaps while both ends were established (Zeek's `missed_bytes`).
    pub fn missed(&self) -> u64 {
        self.cold.missed
    }

    /// The records finished before this one, oldest first.
    pub fn done(&self) -> &[ZeekRecord] {
        &self.cold.done
    }

    /// Takes the finished records out (to hand them to the next record).
    pub fn take_done(&mut self) -> Vec<ZeekRecord> {
        std::mem::take(&mut self.cold.done)
    }

    /// A packet going client to server (`c2s`) or back that Zeek's analysis drops (a bad
    /// checksum): its packet and IP bytes are not this record's.
    pub fn not_counted(&mut self, c2s: bool, ip_len: u32) {
        let i = usize::from(!c2s);
        for (pair, n) in self.cold.uncounted.iter_mut().zip([1, u64::from(ip_len)]) {
            if let Some(v) = pair.get_mut(i) {
                *v = v.saturating_add(n);
            }
        }
    }

    /// [packets, IP bytes], each [c2s, s2c], not counted (see [`Zeek::not_counted`]).
    pub fn uncounted(&self) -> [[u64; 2]; 2] {
        self.cold.uncounted
    }

    /// Where this record's counts start, if not at the conversation's start.
    pub fn base(&self) -> Option<RecordBase> {
        self.cold.base
    }

    /// The initial sequence number as Zeek keeps it (`StartSeq`) of the originator (`orig`)
    /// or the responder.
    pub(super) fn isn(&self, orig: bool) -> Option<u32> {
        Role::of_orig(orig).of(&self.cold.start_seq).map(|s| s.0)
    }

    /// Marks the history as flipped: the originator did not send the first packet.
    pub fn flipped(&mut self) {
        if self.cold.history.is_empty() {
            let _ = self.cold.history.try_push('^');
        }
    }

    pub fn history(&self) -> &str {
        &self.cold.history
    }

    /// Counts one event; records its letter if it is the first (or, for T, G and W, the 10th,
    /// 100th...) in this direction.
    pub fn letter(&mut self, letter: ZeekLetter, orig: bool) {
        let side = Role::of_orig(orig);
        let record = if let Some(c) = letter.counted_slot() {
            let Some(n) = side.of_mut(&mut self.counts).get_mut(c) else {
                return;
            };
            *n = n.saturating_add(1);
            // 1, 10, 100, 1000...
            let mut mark = 1u32;
            let mut hit = false;
            while mark <= *n {
                if mark == *n {
                    hit = true;
                }
                match mark.checked_mul(10) {
                    Some(m) => mark = m,
                    None => break,
                }
            }
            hit
        } else {
            // The first time only.
            let bit = 1u16 << letter.slot();
            let seen = side.of_mut(&mut self.seen);
            let first = *seen & bit == 0;
            *seen |= bit;
            first
        };
        if record {
            self.push(letter, orig);
        }
    }

    fn push(&mut self, letter: ZeekLetter, orig: bool) {
        let c = letter.upper();
        let c = if orig { c } else { c.to_ascii_lowercase() };
        let _ = self.cold.history.try_push(char::from(c));
    }

    /// S, H, F or R: recorded the first time in a direction, then whenever `seq` differs from
    /// the previous segment of the same kind (`kind` 0: SYN or SYN-ACK, 1: FIN, 2: RST).
    fn flag_letter(&mut self, letter: ZeekLetter, orig: bool, kind: usize, seq: u32) {
        let side = Role::of_orig(orig);
        if let Some(last) = side.of_mut(&mut self.cold.last_flag_seq).get_mut(kind)
            && last.replace(seq) != Some(seq)
        {
            self.push(letter, orig);
        }
    }

    /// One TCP segment, in the order Zeek's analyzer takes it: history letters for the flags,
    /// zero window, sequence space (T), endpoint states, the ACK (G), then the payload.
    pub fn tcp_segment(&mut self, s: &ZeekSegment) {
        let me = Role::of_orig(s.orig);
        let peer = me.other();
        let seq = SeqNum(s.seq);
        self.flag_letters(s);

        if s.window == 0
            && !s.rst
            && *peer.of(&self.states) != ZeekState::Closed
            && *me.of(&self.states) != ZeekState::Reset
        {
            self.letter(ZeekLetter::ZeroWindow, s.orig);
        }

        // Sequence space: SYN and FIN take one number each, a RST's payload none.
        let used = s
            .len
            .wrapping_add(u32::from(s.syn))
            .wrapping_add(u32::from(s.fin))
            .wrapping_sub(if s.rst { s.len } else { 0 });
        let end = seq.plus(used);
        let restart = match *me.of(&self.states) {
            ZeekState::Inactive => true,
            ZeekState::Closed => false,
            ZeekState::Reset => s.syn && *me.of(&self.prev_states) == ZeekState::Inactive,
            _ => s.syn,
        };
        if restart {
            *me.of_mut(&mut self.last_seq) = Some(if s.syn { end } else { seq });
            *me.of_mut(&mut self.cold.start_seq) =
                Some(if s.syn { seq } else { seq.plus(u32::MAX) });
        }
        if s.fin {
            *me.of_mut(&mut self.cold.fin_seen) = true;
        }
        if *me.of(&self.states) == ZeekState::Inactive {
            *me.of_mut(&mut self.streams) = Stream {
                next: Some(if s.syn { seq.plus(1) } else { seq }),
                ..Stream::default()
            };
        }
        if s.fin {
            me.of_mut(&mut self.streams).fin_end = Some(end);
        }
        if s.ack && *peer.of(&self.states) == ZeekState::Inactive {
            *peer.of_mut(&mut self.streams) = Stream {
                next: Some(SeqNum(s.ack_no)),
                ..Stream::default()
            };
        }
        if let Some(last) = *me.of(&self.last_seq) {
            let delta = end.diff(last);
            let wild = (s.syn || s.rst) && delta.unsigned_abs() > 1 << 20;
            if wild || *me.of(&self.states) == ZeekState::Reset {
                // Zeek does not trust these numbers.
            } else if delta > 0 {
                *me.of_mut(&mut self.last_seq) = Some(end);
            } else if s.len > 0 {
                self.letter(ZeekLetter::Retransmission, s.orig);
            }
        }

        self.endpoint_update(s.orig, s.syn, s.ack, s.fin, s.rst, s.len);

        if s.ack {
            let (holes, missed) = peer.of_mut(&mut self.streams).acked(SeqNum(s.ack_no));
            if holes > 0 && self.cleanly_open() {
                self.cold.missed = self.cold.missed.saturating_add(missed);
                for _ in 0..holes {
                    self.letter(ZeekLetter::Gap, !s.orig);
                }
            }
        }
        if s.len > 0 && !s.rst {
            let start = seq.plus(u32::from(s.syn));
            me.of_mut(&mut self.streams).data(start, start.plus(s.len));
        }
    }

    /// Zeek's `orig_bytes` (`orig` true) or `resp_bytes`: the sequence space a side used,
    /// less its SYN and FIN (TCP_Endpoint::Size), so retransmitted bytes count once.
    pub fn size(&self, orig: bool) -> u64 {
        let side = Role::of_orig(orig);
        let (Some(start), Some(last)) = (*side.of(&self.cold.start_seq), *side.of(&self.last_seq))
        else {
            return 0;
        };
        let span = u64::try_from(last.diff(start)).unwrap_or(0);
        let span = span.saturating_sub(1);
        if *side.of(&self.cold.fin_seen) {
            span.saturating_sub(1)
        } else {
            span
        }
    }

    /// Both endpoints have closed (FIN) or reset: Zeek stops moving the connection's last
    /// time (`did_close` on both endpoints in TCP.cc), so later packets do not lengthen
    /// its duration.
    pub fn both_closed(&self) -> bool {
        self.states
            .iter()
            .all(|s| matches!(s, ZeekState::Closed | ZeekState::Reset))
    }

    /// The segment's letter for its flags (Zeek's `update_history`): Q or I for several of
    /// SYN, FIN and RST, else S/H, F or R, else D for payload, else A.
    fn flag_letters(&mut self, s: &ZeekSegment) {
        let flags = u8::from(s.syn) + u8::from(s.fin) + u8::from(s.rst);
        if flags > 1 {
            let letter = if s.fin && s.rst {
                ZeekLetter::Inconsistent
            } else {
                ZeekLetter::MultiFlag
            };
            self.letter(letter, s.orig);
        } else if s.syn {
            let letter = if s.ack {
                ZeekLetter::SynAck
            } else {
                ZeekLetter::Syn
            };
            self.flag_letter(letter, s.orig, 0, s.seq);
        } else if s.fin {
            self.flag_letter(ZeekLetter::Fin, s.orig, 1, s.seq.wrapping_add(s.len));
        } else if s.rst {
            self.flag_letter(ZeekLetter::Rst, s.orig, 2, s.seq);
        } else if s.len > 0 {
            self.letter(ZeekLetter::Data, s.orig);
        } else if s.ack {
            self.letter(ZeekLetter::Ack, s.orig);
        }
    }

    /// Both endpoints established, or closed with a FIN after being established: the only
    /// time Zeek writes a content gap into the history.
    fn cleanly_open(&self) -> bool {
        [Role::Client, Role::Server]
            .into_iter()
            .all(|side| match *side.of(&self.states) {
                ZeekState::Established => true,
                ZeekState::Closed => *side.of(&self.prev_states) == ZeekState::Established,
                _ => false,
            })
    }

    fn set_state(&mut self, side: Role, state: ZeekState) {
        *side.of_mut(&mut self.prev_states) = *side.of(&self.states);
        *side.of_mut(&mut self.states) = state;
    }

    /// Zeek's endpoint state machine for one segment of `len` payload bytes.
    pub fn endpoint_update(
        &mut self,
        orig: bool,
        syn: bool,
        ack: bool,
        fin: bool,
        rst: bool,
        len: u32,
    ) {
        use ZeekState::*;
        let me = Role::of_orig(orig);
        let peer = me.other();
        let sent = me.of_mut(&mut self.payload);
        *sent = sent.saturating_add(u64::from(len));
        match *me.of(&self.states) {
            Inactive => {
                if syn {
                    if orig {
                        self.set_state(me, if ack { SynAckSent } else { SynSent });
                    } else {
                        // The responder's SYN-ACK (or its own SYN, crossing the
                        // originator's) establishes both ends.
                        if *peer.of(&self.states) == SynSent {
                            self.set_state(peer, Established);
                        }
                        self.set_state(me, Established);
                    }
                }
                if fin {
                    self.set_state(me, Closed);
                }
                if rst {
                    self.set_state(me, Reset);
                }
                if *me.of(&self.states) == Inactive {
                    if !orig && len == 0 && *peer.of(&self.states) == SynSent {
                        // An ACK of the SYN before any SYN-ACK: not a partial connection.
                    } else if ack && *peer.of(&self.states) == Established {
                        // The SYN was missed, the SYN-ACK was not.
                        self.set_state(me, Established);
                    } else {
                        self.set_state(me, Partial);
                    }
                }
            }
            SynSent | SynAckSent => {
                if fin {
                    self.set_state(me, Closed);
                }
                if rst {
                    self.set_state(me, Reset);
                }
            }
            Established | Partial => {
                if syn
                    && *me.of(&self.states) == Partial
                    && *peer.of(&self.states) == Inactive
                    && !ack
                {
                    self.set_state(me, SynSent);
                }
                if fin && !rst {
                    self.set_state(me, Closed);
                    if *peer.of(&self.states) == Reset && *peer.of(&self.prev_states) == Closed {
                        // The peer's FIN then RST was a normal close after all.
                        self.set_state(peer, Closed);
                    }
                }
                if rst {
                    self.set_state(me, Reset);
                }
            }
            Closed => {
                // After a FIN exchange in both directions a RST changes nothing.
                if rst && *peer.of(&self.states) != Closed {
                    self.set_state(me, Reset);
                }
            }
            Reset => {}
        }
    }

    /// conn_state for a TCP connection (Zeek's conn.log rules).
    pub fn tcp_conn_state(&self) -> ConnState {
        use ZeekState::*;
        let [os, rs] = self.states;
        let o_inactive = matches!(os, Inactive | Partial);
        let r_inactive = matches!(rs, Inactive | Partial);
        if rs == Reset {
            if matches!(os, SynSent | SynAckSent)
                || (os == Reset && self.payload == [0, 0] && self.history_has(b'S'))
            {
                ConnState::Rej
            } else if o_inactive {
                ConnState::Rstrh
            } else {
                ConnState::Rstr
            }
        } else if os == Reset {
            if !r_inactive {
                ConnState::Rsto
            } else if self.syn_then_rst_only() {
                ConnState::Rstos0
            } else {
                ConnState::Oth
            }
        } else if os == Closed && rs == Closed {
            ConnState::Sf
        } else if os == Closed {
            if r_inactive {
                ConnState::Sh
            } else {
                ConnState::S2
            }
        } else if rs == Closed {
            if o_inactive {
                ConnState::Shr
            } else {
                ConnState::S3
            }
        } else if os == SynSent && rs == Inactive {
            ConnState::S0
        } else if os == Established && rs == Established {
            ConnState::S1
        } else {
            ConnState::Oth
        }
    }

    /// conn_state for UDP: which sides sent anything.
    pub fn udp_conn_state(&self, sent: [bool; 2]) -> ConnState {
        match sent {
            [true, true] => ConnState::Sf,
            [true, false] => ConnState::S0,
            [false, true] => ConnState::Shr,
            [false, false] => ConnState::Oth,
        }
    }

    fn history_has(&self, c: u8) -> bool {
        self.cold.history.bytes().any(|b| b == c)
    }

    /// Zeek's `^?S[^HAFGIQ]*R.*` test: a SYN, then a RST before any answer.
    fn syn_then_rst_only(&self) -> bool {
        let h = self.cold.history.trim_start_matches('^');
        let Some(rest) = h.strip_prefix('S') else {
            return false;
        };
        for c in rest.chars() {
            match c {
                'R' => return true,
                'H' | 'A' | 'F' | 'G' | 'I' | 'Q' => return false,
                _ => {}
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_letters_repeat_at_powers_of_ten() {
        let mut z = Zeek::default();
        for _ in 0..120 {
            z.letter(ZeekLetter::Retransmission, true);
        }
        z.letter(ZeekLetter::Data, true);
        z.letter(ZeekLetter::Data, true);
        assert_eq!(z.history(), "TTTD");
    }

    #[test]
    fn responder_letters_are_lower_case() {
        let mut z = Zeek::default();
        z.letter(ZeekLetter::Syn, true);
        z.letter(ZeekLetter::Rst, false);
        assert_eq!(z.history(), "Sr");
    }

    /// A segment: `flags` letters of "SAFR".
    fn seg(orig: bool, flags: &str, seq: u32, ack_no: u32, len: u32) -> ZeekSegment {
        ZeekSegment {
            orig,
            syn: flags.contains('S'),
            ack: flags.contains('A'),
            fin: flags.contains('F'),
            rst: flags.contains('R'),
            seq,
            ack_no,
            len,
            window: 1000,
        }
    }

    fn run(segments: &[ZeekSegment]) -> Zeek {
        let mut z = Zeek::default();
        for s in segments {
            z.tcp_segment(s);
        }
        z
    }

    #[test]
    fn multi_flag_segments_get_q_or_i_and_no_flag_letter() {
        let z = run(&[seg(true, "SF", 100, 0, 0), seg(false, "FAR", 500, 101, 0)]);
        assert_eq!(z.history(), "Qi");
    }

    #[test]
    fn payload_with_a_flag_is_no_d() {
        let z = run(&[
            seg(true, "S", 100, 0, 0),
            seg(false, "SA", 500, 101, 0),
            seg(true, "FA", 101, 501, 10),
        ]);
        assert_eq!(z.history(), "ShF");
    }

    /// Zeek's quirk, seen on its payload-syn trace: the SYN's data ends where the SYN's
    /// sequence space was first recorded, so it counts as retransmitted.
    #[test]
    fn payload_on_a_syn_counts_as_retransmitted() {
        let z = run(&[seg(true, "S", 100, 0, 20), seg(false, "SA", 500, 121, 0)]);
        assert_eq!(z.history(), "STh");
    }

    #[test]
    fn gaps_are_written_only_between_established_ends() {
        // Mid-stream (both ends partial): a hole the ACK passes over is no G.
        let z = run(&[
            seg(true, "A", 1000, 5000, 100),
            seg(true, "A", 1200, 5000, 100),
            seg(false, "A", 5000, 1300, 0),
        ]);
        assert_eq!(z.history(), "Da");
        assert_eq!(z.tcp_conn_state(), ConnState::Oth);
        // After a handshake it is one.
        let z = run(&[
            seg(true, "S", 999, 0, 0),
            seg(false, "SA", 4999, 1000, 0),
            seg(true, "A", 1000, 5000, 100),
            seg(true, "A", 1200, 5000, 100),
            seg(false, "A", 5000, 1300, 0),
        ]);
        assert_eq!(z.history(), "ShDaG");
    }

    #[test]
    fn a_fin_then_rst_turns_back_into_a_close_when_the_peer_fins() {
        let z = run(&[
            seg(true, "S", 999, 0, 0),
            seg(false, "SA", 4999, 1000, 0),
            seg(true, "A", 1000, 5000, 0),
            seg(true, "FA", 1000, 5000, 0),
            seg(true, "R", 1001, 0, 0),
            seg(false, "FA", 5000, 1001, 0),
        ]);
        assert_eq!(z.history(), "ShAFRf");
        assert_eq!(z.tcp_conn_state(), ConnState::Sf);
    }
}
