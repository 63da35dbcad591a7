//! What the tracker concludes about a whole conversation: how its handshake went, how it
//! ended, and Zeek's `conn_state`. Enums without words: `annotate::verdict` says them.
//!
//! [`Verdicts`] packs the three into two bytes for views that keep one per conversation
//! (the TUI's list, the `--summary` table) and must stay small for millions of them.

use super::flow::{Proto, Role};
use super::zeek::ConnState;

/// How far the handshake got, as the capture shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandshakeVerdict {
    /// The capture began after the handshake (no SYN-ACK seen either).
    NotCaptured,
    /// The SYN was answered by RST: nothing listened on the port.
    Refused,
    /// Both sides sent a SYN before seeing the other's.
    SimultaneousOpen,
    /// SYN, SYN-ACK and the ACK of the SYN-ACK.
    Complete,
    /// SYN and SYN-ACK, no final ACK.
    NoFinalAck,
    /// A SYN, never answered.
    Unanswered,
    /// A SYN-ACK without the SYN before it.
    SynNotCaptured,
    /// A UDP or ICMP echo conversation: nothing to open.
    Connectionless(Proto),
}

impl HandshakeVerdict {
    /// Every verdict (for packing one into a few bits: its position here).
    pub const ALL: [HandshakeVerdict; 10] = [
        HandshakeVerdict::NotCaptured,
        HandshakeVerdict::Refused,
        HandshakeVerdict::SimultaneousOpen,
        HandshakeVerdict::Complete,
        HandshakeVerdict::NoFinalAck,
        HandshakeVerdict::Unanswered,
        HandshakeVerdict::SynNotCaptured,
        HandshakeVerdict::Connectionless(Proto::Tcp),
        HandshakeVerdict::Connectionless(Proto::Udp),
        HandshakeVerdict::Connectionless(Proto::IcmpEcho),
    ];
}

/// How the connection ended, so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeardownVerdict {
    /// Refused at the handshake: there was nothing to tear down.
    Refused,
    /// A RST after a FIN.
    RstAfterFin { by: Role },
    /// A RST without any FIN before it.
    Abort { by: Role },
    /// Both sent FIN before receiving the other's.
    SimultaneousClose,
    /// Data after a FIN, then a simultaneous close.
    HalfCloseThenSimultaneousClose,
    /// FIN, FIN+ACK (the ACK of the first FIN piggy-backed), ACK.
    ThreeWay,
    /// Data after a FIN, then a three-way close.
    HalfCloseThenThreeWay,
    /// FIN, ACK, FIN, ACK.
    FourWay,
    /// Data after a FIN, then a four-way close.
    HalfCloseThenFourWay,
    /// Only one side sent FIN.
    HalfClosed { by: Role },
    /// No FIN, no RST: open when the capture ended.
    Open,
    /// A UDP or ICMP echo conversation: nothing to close.
    Connectionless(Proto),
}

impl TeardownVerdict {
    /// Every verdict (for packing one into a few bits: its position here).
    pub const ALL: [TeardownVerdict; 17] = [
        TeardownVerdict::Refused,
        TeardownVerdict::RstAfterFin { by: Role::Client },
        TeardownVerdict::RstAfterFin { by: Role::Server },
        TeardownVerdict::Abort { by: Role::Client },
        TeardownVerdict::Abort { by: Role::Server },
        TeardownVerdict::SimultaneousClose,
        TeardownVerdict::HalfCloseThenSimultaneousClose,
        TeardownVerdict::ThreeWay,
        TeardownVerdict::HalfCloseThenThreeWay,
        TeardownVerdict::FourWay,
        TeardownVerdict::HalfCloseThenFourWay,
        TeardownVerdict::HalfClosed { by: Role::Client },
        TeardownVerdict::HalfClosed { by: Role::Server },
        TeardownVerdict::Open,
        TeardownVerdict::Connectionless(Proto::Tcp),
        TeardownVerdict::Connectionless(Proto::Udp),
        TeardownVerdict::Connectionless(Proto::IcmpEcho),
    ];
}

/// A conversation's conn_state, handshake and teardown verdicts in two bytes: each is its
/// position in its type's `ALL` table, 4 + 4 + 5 bits. A `ConvSummary` per conversation
/// of a 2,000,000-SYN capture keeps this rather than three enums (4 bytes, which would push
/// the summary past its 144) or three 16-byte `&str`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdicts(u16);

impl Verdicts {
    pub fn new(state: ConnState, handshake: HandshakeVerdict, teardown: TeardownVerdict) -> Self {
        let at = |i: Option<usize>| u16::try_from(i.unwrap_or(0)).unwrap_or(0);
        let s = at(ConnState::ALL.iter().position(|v| *v == state));
        let h = at(HandshakeVerdict::ALL.iter().position(|v| *v == handshake));
        let t = at(TeardownVerdict::ALL.iter().position(|v| *v == teardown));
        Verdicts(s | h << 4 | t << 8)
    }

    /// The packed value (what `--summary` stores per row).
    pub fn bits(self) -> u16 {
        self.0
    }

    /// Verdicts from [`Verdicts::bits`]; bits that name no verdict read as the first of each
    /// table, never as a panic.
    pub fn from_bits(bits: u16) -> Self {
        Verdicts(bits)
    }

    pub fn conn_state(self) -> ConnState {
        let i = usize::from(self.0 & 0xf);
        ConnState::ALL.get(i).copied().unwrap_or(ConnState::Oth)
    }

    pub fn handshake(self) -> HandshakeVerdict {
        let i = usize::from(self.0 >> 4 & 0xf);
        let first = HandshakeVerdict::NotCaptured;
        HandshakeVerdict::ALL.get(i).copied().unwrap_or(first)
    }

    pub fn teardown(self) -> TeardownVerdict {
        let i = usize::from(self.0 >> 8 & 0x1f);
        TeardownVerdict::ALL
            .get(i)
            .copied()
            .unwrap_or(TeardownVerdict::Open)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_combination_of_verdicts_reads_back_as_packed() {
        for s in ConnState::ALL {
            for h in HandshakeVerdict::ALL {
                for t in TeardownVerdict::ALL {
                    let v = Verdicts::new(s, h, t);
                    assert_eq!((v.conn_state(), v.handshake(), v.teardown()), (s, h, t));
                    assert_eq!(Verdicts::from_bits(v.bits()), v);
                }
            }
        }
        assert!(ConnState::ALL.len() <= 16 && HandshakeVerdict::ALL.len() <= 16);
        assert!(TeardownVerdict::ALL.len() <= 32);
    }

    #[test]
    fn damaged_bits_read_as_some_verdict() {
        let v = Verdicts::from_bits(u16::MAX);
        assert_eq!(v.conn_state(), ConnState::Oth);
        assert_eq!(v.handshake(), HandshakeVerdict::NotCaptured);
        assert_eq!(v.teardown(), TeardownVerdict::Open);
    }
}
