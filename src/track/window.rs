//! Window scaling (RFC 7323 §2): what the 16-bit window field of each direction is multiplied
//! by, decided from the SYNs exactly as tshark decides it (Wireshark's `packet-tcp.c`,
//! `verify_tcp_window_scaling`), and the window in bytes it gives.
//!
//! Pure and total: a shift above 14 is taken as 14 (RFC 7323 §2.3), and the scaled window is
//! computed in `u64`, so no wire value can overflow it.

use crate::decode::{Tcp, TcpFlags, TcpOption};

/// Largest shift RFC 7323 allows; larger ones are used as 14.
pub const MAX_SHIFT: u8 = 14;

/// How one segment's window field is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WindowScale {
    /// The handshake was not captured: the factor is unknown (tshark's -1), so the field is
    /// shown as it is.
    #[default]
    Unknown,
    /// A SYN went without the option: neither side scales (tshark's -2).
    NotUsed,
    /// Both SYNs offered the option (or only this side's SYN was captured, as tshark
    /// assumes): the field is multiplied by `1 << shift`.
    Shift(u8),
    /// A SYN's own window, never scaled (RFC 7323 §2.2).
    Syn,
}

impl WindowScale {
    /// The multiplier, `None` when unknown.
    pub fn factor(self) -> Option<u32> {
        match self {
            WindowScale::Unknown => None,
            WindowScale::NotUsed | WindowScale::Syn => Some(1),
            WindowScale::Shift(s) => Some(1u32 << s.min(MAX_SHIFT)),
        }
    }

    /// The window in bytes (tshark's `tcp.window_size`): the field as it is when the factor
    /// is unknown, as tshark shows it.
    pub fn apply(self, window: u16) -> u64 {
        u64::from(window) << u64::from(self.factor().map_or(0, u32::trailing_zeros))
    }
}

/// The shift a segment's window scale option carries, if it has one (capped at 14).
fn offered_shift(tcp: &Tcp<'_>) -> Option<u8> {
    tcp.options().find_map(|o| match o {
        TcpOption::WindowScale(s) => Some(s.min(MAX_SHIFT)),
        _ => None,
    })
}

/// The scale of this segment's window, given its sender's scale so far.
pub fn segment_scale(tcp: &Tcp<'_>, sender: WindowScale) -> WindowScale {
    if tcp.flags.has(TcpFlags::SYN) {
        WindowScale::Syn
    } else {
        sender
    }
}

/// Updates both directions' scales after a segment with SYN set (`scales` = [sender,
/// receiver]). The option counts only on a SYN (RFC 7323 §2.2: ignored elsewhere); a SYN
/// without it, from a side that never offered it, turns scaling off both ways; a SYN-ACK with
/// it after a SYN without it does not turn it back on.
pub fn on_syn(tcp: &Tcp<'_>, scales: [&mut WindowScale; 2]) {
    if !tcp.flags.has(TcpFlags::SYN) {
        return;
    }
    let [sender, receiver] = scales;
    if let Some(shift) = offered_shift(tcp) {
        *sender = WindowScale::Shift(shift);
    }
    if *sender == WindowScale::Unknown {
        *sender = WindowScale::NotUsed;
        *receiver = WindowScale::NotUsed;
    } else if tcp.flags.has(TcpFlags::ACK) && *receiver == WindowScale::NotUsed {
        *sender = WindowScale::NotUsed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_window_fits_without_overflow() {
        assert_eq!(WindowScale::Shift(14).apply(u16::MAX), 1_073_725_440);
        assert_eq!(WindowScale::Shift(255).apply(u16::MAX), 1_073_725_440);
        assert_eq!(WindowScale::Shift(10).apply(64), 65_536);
        assert_eq!(WindowScale::Unknown.apply(64), 64);
        assert_eq!(WindowScale::NotUsed.apply(64), 64);
        assert_eq!(WindowScale::Syn.apply(65_535), 65_535);
        assert_eq!(WindowScale::Unknown.factor(), None);
        assert_eq!(WindowScale::Shift(7).factor(), Some(128));
    }
}
