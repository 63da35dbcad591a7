//! A [`Row`] in 40 bytes ([`PackedRow`]), and a conversation's packed rows ([`PackedRows`]):
//! what the TUI keeps per packet. Packing is checked: a row that does not come back exactly
//! is not packed, and [`ConvView`](super::model::ConvView) keeps it whole instead.

use crate::capture::{LinkType, Timestamp};
use crate::decode::TcpFlags;
use crate::track::{Dir, Role, Step, TcpState, UdpStep};

use super::model::{Row, RowKind, TcpRow};

/// A conversation's packed rows. Most conversations of a scan or a flood have one packet:
/// that one is kept inline, with no allocation of its own.
#[derive(Debug, Clone)]
pub(super) enum PackedRows {
    None,
    One(PackedRow),
    Many(Vec<PackedRow>),
}

impl PackedRows {
    pub(super) fn len(&self) -> usize {
        match self {
            PackedRows::None => 0,
            PackedRows::One(_) => 1,
            PackedRows::Many(v) => v.len(),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub(super) fn get(&self, i: usize) -> Option<&PackedRow> {
        match self {
            PackedRows::None => None,
            PackedRows::One(p) => (i == 0).then_some(p),
            PackedRows::Many(v) => v.get(i),
        }
    }

    pub(super) fn push(&mut self, row: PackedRow) {
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

    pub(super) fn shrink_to_fit(&mut self) {
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
    /// Bits 27-31: the kind and step: 0 TCP without a step, 1-20 [`TCP_STEPS`], 21-24 UDP
    /// (first, request, response, unsolicited), 25 an ICMP error, 31 kept whole. Bit 26: the
    /// direction.
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
    // A refused step names its port: such rows do not match this entry and are kept whole.
    Step::Refused { port: 0 },
    // The SYN-ACKs of a simultaneous open do not match these entries and are kept whole.
    Step::SimultaneousOpen {
        by: Role::Client,
        syn_ack: false,
    },
    Step::SimultaneousOpen {
        by: Role::Server,
        syn_ack: false,
    },
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

const STATES: [TcpState; 12] = TcpState::ALL;

fn state_code(s: TcpState) -> u32 {
    STATES.iter().position(|&x| x == s).map_or(0, |i| i as u32)
}

fn state_of(code: u32) -> Option<TcpState> {
    STATES.get(usize::try_from(code).ok()?).copied()
}

impl PackedRow {
    pub(super) const WHOLE: PackedRow = PackedRow {
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

    pub(super) fn is_whole(&self) -> bool {
        self.code() == WHOLE_CODE
    }

    /// A packed row has no findings (those are kept whole): its code says it all.
    pub(super) fn is_event(&self) -> bool {
        let code = self.code();
        (1..FIRST_UDP_CODE).contains(&code)
            || code == FIRST_UDP_CODE
            || code == FIRST_UDP_CODE + 3
            || code == ICMP_CODE
    }

    pub(super) fn tcp_after(&self) -> Option<[TcpState; 2]> {
        if self.code() >= FIRST_UDP_CODE {
            return None;
        }
        Some([
            state_of(self.bits >> 9 & 0xF)?,
            state_of(self.bits >> 13 & 0xF)?,
        ])
    }

    /// `row` packed, if unpacking gives it back exactly.
    pub(super) fn pack(
        row: &Row,
        base_secs: i64,
        link_type: LinkType,
        before: [TcpState; 2],
    ) -> Option<PackedRow> {
        if row.lab.is_some() || row.link_type != link_type {
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
            // Pings are few: their rows are kept whole.
            RowKind::IcmpEcho { .. } => return None,
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

    pub(super) fn unpack(
        &self,
        base_secs: i64,
        link_type: LinkType,
        before: [TcpState; 2],
    ) -> Option<Row> {
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
            lab: None,
        })
    }
}
