//! TCP headers: fixed fields, flags, and options (listed one by one, unknown kinds included).
//!
//! etherparse's option iterator stops at the first kind it does not know (MPTCP, TCP Fast Open),
//! so options are walked here by their length bytes instead.

use std::fmt;

use etherparse::TcpSlice;

use super::layout::{self, be16, be32};

/// A TCP header, possibly decoded from a damaged one (see [`Tcp::header_ok`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tcp<'a> {
    pub sport: u16,
    pub dport: u16,
    pub seq: u32,
    pub ack: u32,
    /// Header length in bytes, from the data offset field (may be < 20 when damaged).
    pub header_len: u8,
    pub flags: TcpFlags,
    pub window: u16,
    pub checksum: u16,
    pub urgent: u16,
    /// Option bytes that were captured.
    pub options: &'a [u8],
    /// Payload bytes as the IP length fields declare them (captured or not).
    pub payload_len: u32,
    /// Payload bytes actually captured.
    pub payload: &'a [u8],
    /// False when the data offset was invalid or the options were cut off.
    pub header_ok: bool,
}

/// The twelve flag bits of the header: three reserved, then NS, CWR, ECE, URG, ACK, PSH, RST,
/// SYN, FIN. Reserved bits are kept so that a damaged header shows what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TcpFlags(pub u16);

impl TcpFlags {
    pub const FIN: u16 = 0x001;
    pub const SYN: u16 = 0x002;
    pub const RST: u16 = 0x004;
    pub const PSH: u16 = 0x008;
    pub const ACK: u16 = 0x010;
    pub const URG: u16 = 0x020;
    pub const ECE: u16 = 0x040;
    pub const CWR: u16 = 0x080;
    pub const NS: u16 = 0x100;

    /// Flag names in header order, most significant first, as JSON lists them.
    pub const NAMES: [(u16, &'static str); 9] = [
        (Self::NS, "NS"),
        (Self::CWR, "CWR"),
        (Self::ECE, "ECE"),
        (Self::URG, "URG"),
        (Self::ACK, "ACK"),
        (Self::PSH, "PSH"),
        (Self::RST, "RST"),
        (Self::SYN, "SYN"),
        (Self::FIN, "FIN"),
    ];

    pub fn has(self, bit: u16) -> bool {
        self.0 & bit != 0
    }

    /// The names of the bits that are set.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        Self::NAMES
            .into_iter()
            .filter(move |(bit, _)| self.has(*bit))
            .map(|(_, n)| n)
    }
}

impl TcpFlags {
    /// The textbook spelling (see `Display`), built on the stack.
    pub fn as_text(self) -> arrayvec::ArrayString<48> {
        // Textbook order: SYN/FIN/RST first, then PSH, URG, ACK, then ECN bits.
        const ORDER: [(u16, &str); 9] = [
            (TcpFlags::SYN, "SYN"),
            (TcpFlags::FIN, "FIN"),
            (TcpFlags::RST, "RST"),
            (TcpFlags::PSH, "PSH"),
            (TcpFlags::URG, "URG"),
            (TcpFlags::ACK, "ACK"),
            (TcpFlags::ECE, "ECE"),
            (TcpFlags::CWR, "CWR"),
            (TcpFlags::NS, "NS"),
        ];
        let mut text = arrayvec::ArrayString::<48>::new();
        for (bit, name) in ORDER {
            if self.has(bit) {
                if !text.is_empty() {
                    text.push('-');
                }
                text.push_str(name);
            }
        }
        if text.is_empty() {
            text.push_str("none");
        }
        text
    }
}

/// Spelled the way a textbook names a segment: SYN, SYN-ACK, ACK, PSH-ACK, FIN-ACK, RST-ACK...
impl fmt::Display for TcpFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Padded, so that `{:<7}` lines columns up.
        f.pad(&self.as_text())
    }
}

/// One TCP option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TcpOption<'a> {
    EndOfList,
    Nop,
    Mss(u16),
    WindowScale(u8),
    SackPermitted,
    /// Up to four left/right edge pairs.
    Sack([(u32, u32); 4], u8),
    Timestamp {
        val: u32,
        ecr: u32,
    },
    /// A kind wirelab does not name, with its data bytes.
    Other {
        kind: u8,
        data: &'a [u8],
    },
    /// The option's length byte is wrong or runs past the header.
    Malformed {
        kind: u8,
    },
}

impl<'a> Tcp<'a> {
    /// The options, in order. Stops after end-of-list or a malformed option.
    pub fn options(&self) -> OptionIter<'a> {
        OptionIter {
            rest: self.options,
            done: false,
        }
    }
}

/// Walks TCP option bytes.
#[derive(Debug, Clone)]
pub struct OptionIter<'a> {
    rest: &'a [u8],
    done: bool,
}

impl<'a> Iterator for OptionIter<'a> {
    type Item = TcpOption<'a>;

    fn next(&mut self) -> Option<TcpOption<'a>> {
        if self.done {
            return None;
        }
        let (&kind, after) = self.rest.split_first()?;
        match kind {
            0 => {
                self.done = true;
                return Some(TcpOption::EndOfList);
            }
            1 => {
                self.rest = after;
                return Some(TcpOption::Nop);
            }
            _ => {}
        }
        let len = after.first().copied().map(usize::from);
        let Some(data) = len.filter(|&l| l >= 2).and_then(|l| self.rest.get(2..l)) else {
            self.done = true;
            return Some(TcpOption::Malformed { kind });
        };
        self.rest = self.rest.get(2 + data.len()..).unwrap_or(&[]);
        Some(option(kind, data))
    }
}

/// The option of `kind` whose data (after the kind and length bytes) is `data`.
fn option(kind: u8, data: &[u8]) -> TcpOption<'_> {
    use layout::tcp::option as f;
    let malformed = TcpOption::Malformed { kind };
    match (kind, data) {
        (2, &[_, _]) => be16(data, f::MSS).map_or(malformed, TcpOption::Mss),
        (3, &[shift]) => TcpOption::WindowScale(shift),
        (4, []) => TcpOption::SackPermitted,
        (5, _)
            if data.len().is_multiple_of(f::SACK_BLOCK_LEN) && (8..=32).contains(&data.len()) =>
        {
            let mut blocks = [(0, 0); 4];
            let chunks = data.chunks_exact(f::SACK_BLOCK_LEN);
            for (slot, chunk) in blocks.iter_mut().zip(chunks) {
                let edge = |r| be32(chunk, r).unwrap_or(0);
                *slot = (edge(f::SACK_LEFT), edge(f::SACK_RIGHT));
            }
            TcpOption::Sack(blocks, (data.len() / f::SACK_BLOCK_LEN) as u8)
        }
        (8, _) if data.len() == 8 => match (be32(data, f::TS_VAL), be32(data, f::TS_ECR)) {
            (Some(val), Some(ecr)) => TcpOption::Timestamp { val, ecr },
            _ => malformed,
        },
        (2..=5 | 8, _) => malformed,
        _ => TcpOption::Other { kind, data },
    }
}

/// From a header etherparse accepted. `declared` is the IP payload length the IP header states.
pub(super) fn from_slice<'a>(t: &TcpSlice<'a>, declared: u32) -> Tcp<'a> {
    let header = t.header_slice();
    let header_len = u8::try_from(header.len()).unwrap_or(u8::MAX);
    Tcp {
        sport: t.source_port(),
        dport: t.destination_port(),
        seq: t.sequence_number(),
        ack: t.acknowledgment_number(),
        header_len,
        flags: flags_of(header),
        window: t.window_size(),
        checksum: t.checksum(),
        urgent: t.urgent_pointer(),
        options: header.get(20..).unwrap_or(&[]),
        payload_len: declared.saturating_sub(u32::from(header_len)),
        payload: t.payload(),
        header_ok: true,
    }
}

/// From a header etherparse refused: needs the 20 fixed bytes; takes the data offset as
/// written, as tshark does, even when it is below 5 words.
pub(super) fn from_partial(bytes: &[u8], declared: u32) -> Option<Tcp<'_>> {
    use layout::tcp as f;
    let fixed = bytes.get(..f::MIN_HEADER_LEN)?;
    let header_len = (*fixed.get(f::DATA_OFFSET)? >> 4) * 4;
    let hl = usize::from(header_len).max(f::MIN_HEADER_LEN);
    let options_end = hl.min(bytes.len());
    Some(Tcp {
        sport: be16(fixed, f::SRC_PORT)?,
        dport: be16(fixed, f::DST_PORT)?,
        seq: be32(fixed, f::SEQ_NUM)?,
        ack: be32(fixed, f::ACK_NUM)?,
        header_len,
        flags: flags_of(fixed),
        window: be16(fixed, f::WIN_SIZE)?,
        checksum: be16(fixed, f::CHECKSUM)?,
        urgent: be16(fixed, f::URGENT)?,
        options: bytes.get(f::MIN_HEADER_LEN..options_end).unwrap_or(&[]),
        payload_len: declared.saturating_sub(u32::from(header_len)),
        payload: bytes.get(hl..).unwrap_or(&[]),
        header_ok: false,
    })
}

/// The twelve flag bits (the data offset masked off); none when the field is cut off.
fn flags_of(header: &[u8]) -> TcpFlags {
    TcpFlags(be16(header, layout::tcp::FLAGS).unwrap_or(0) & 0x0fff)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(bytes: &[u8]) -> Vec<TcpOption<'_>> {
        OptionIter {
            rest: bytes,
            done: false,
        }
        .collect()
    }

    #[test]
    fn linux_syn_options_in_order() {
        // mss 65495, sackOK, TS val 1 ecr 0, nop, wscale 7: what Linux sends on loopback.
        let bytes = [
            2, 4, 0xff, 0xd7, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7,
        ];
        assert_eq!(
            opts(&bytes),
            vec![
                TcpOption::Mss(65495),
                TcpOption::SackPermitted,
                TcpOption::Timestamp { val: 1, ecr: 0 },
                TcpOption::Nop,
                TcpOption::WindowScale(7),
            ]
        );
    }

    #[test]
    fn unknown_kind_is_listed_and_walking_goes_on() {
        // MPTCP (30) with 2 data bytes, then a NOP.
        let bytes = [30, 4, 0xab, 0xcd, 1];
        assert_eq!(
            opts(&bytes),
            vec![
                TcpOption::Other {
                    kind: 30,
                    data: &[0xab, 0xcd]
                },
                TcpOption::Nop
            ]
        );
    }

    #[test]
    fn option_length_past_the_header_is_malformed_not_a_panic() {
        assert_eq!(opts(&[2, 40, 1]), vec![TcpOption::Malformed { kind: 2 }]);
        assert_eq!(opts(&[8, 1]), vec![TcpOption::Malformed { kind: 8 }]);
        assert_eq!(opts(&[5]), vec![TcpOption::Malformed { kind: 5 }]);
    }

    #[test]
    fn flags_spelled_as_a_textbook_does() {
        assert_eq!(TcpFlags(0x012).to_string(), "SYN-ACK");
        assert_eq!(TcpFlags(0x011).to_string(), "FIN-ACK");
        assert_eq!(TcpFlags(0x018).to_string(), "PSH-ACK");
        assert_eq!(TcpFlags(0x0c2).to_string(), "SYN-ECE-CWR");
        assert_eq!(TcpFlags(0).to_string(), "none");
        assert_eq!(TcpFlags(0x012).names().collect::<Vec<_>>(), ["ACK", "SYN"]);
    }
}
