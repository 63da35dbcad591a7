//! Checksums: the IPv4 header's, and TCP's and UDP's over their pseudo-header, header and
//! payload (RFC 791, RFC 9293 §3.1, RFC 768; IPv6's pseudo-header from RFC 8200 §8.1).
//!
//! Summed with etherparse's `Sum16BitWords` (eight bytes at a time), over the bytes as
//! captured: a checksum is only judged when every byte it covers was captured.
//!
//! A capture made on the sending host sees its outgoing packets before the NIC (or, on
//! loopback, nobody) computes their TCP and UDP checksums: Linux leaves the pseudo-header's
//! sum in the field (`CHECKSUM_PARTIAL`), some drivers leave 0. That signature is told apart
//! ([`Verdict::Offloaded`]), so that such captures are not full of "bad" checksums. The IPv4
//! header's checksum is always computed in software, so it is always judged.

use etherparse::checksum::Sum16BitWords;

use super::issue::{Issue, IssueKind, Layer};
use super::layout::ipv6;
use super::offsets::network_start;
use super::{Net, Packet, Transport};

/// What one checksum field says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Good,
    /// Wrong: `found` on the wire, `expected` what the bytes sum to.
    Bad {
        found: u16,
        expected: u16,
    },
    /// Not computed: left to the NIC by the sending host (the pseudo-header's sum, or 0).
    Offloaded,
    /// Not every byte it covers was captured (a snap length, a truncated frame).
    Uncaptured,
    /// UDP over IPv4 may send no checksum (0).
    Absent,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Good => "good",
            Verdict::Bad { .. } => "bad",
            Verdict::Offloaded => "offloaded",
            Verdict::Uncaptured => "uncaptured",
            Verdict::Absent => "absent",
        }
    }
}

/// A packet's checksums: `None` where there is no such field, or nothing was checked (a
/// reassembled datagram's transport, `--no-checksums`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Checksums {
    /// The IPv4 header's (IPv6 has none).
    pub ip: Option<Verdict>,
    /// TCP's or UDP's.
    pub transport: Option<Verdict>,
}

impl Checksums {
    /// The IPv4 header's checksum is wrong.
    pub fn ip_bad(&self) -> bool {
        matches!(self.ip, Some(Verdict::Bad { .. }))
    }

    /// TCP's or UDP's checksum is wrong.
    pub fn transport_bad(&self) -> bool {
        matches!(self.transport, Some(Verdict::Bad { .. }))
    }

    /// Every checksum checked was right (or there was none to check).
    pub fn all_good(&self) -> bool {
        [self.ip, self.transport]
            .iter()
            .all(|v| matches!(v, None | Some(Verdict::Good)))
    }
}

/// Checks `packet`'s checksums against `frame`, the bytes it was decoded from, and records
/// each wrong one as an issue of its layer.
pub fn check(packet: &mut Packet<'_>, frame: &[u8]) -> Checksums {
    let sums = verify(packet, frame);
    let net = network_start(packet);
    if let Some(Verdict::Bad { found, expected }) = sums.ip {
        packet.push_issue(Issue {
            layer: Layer::Ipv4,
            offset: net,
            kind: IssueKind::BadChecksum {
                what: "IPv4 header",
                found,
                expected,
            },
        });
    }
    if let Some(Verdict::Bad { found, expected }) = sums.transport {
        let (layer, what) = match packet.transport {
            Some(Transport::Udp(_)) => (Layer::Udp, "UDP"),
            _ => (Layer::Tcp, "TCP"),
        };
        packet.push_issue(Issue {
            layer,
            offset: net,
            kind: IssueKind::BadChecksum {
                what,
                found,
                expected,
            },
        });
    }
    sums
}

/// The verdicts on `packet`'s checksums, `frame` being the bytes it was decoded from.
pub fn verify(packet: &Packet<'_>, frame: &[u8]) -> Checksums {
    let net = network_start(packet);
    match packet.net.as_ref() {
        Some(Net::Ipv4(ip)) => {
            let header_len = usize::from(ip.header_len);
            let ip_verdict = frame
                .get(net..net.saturating_add(header_len))
                .filter(|h| h.len() >= 20)
                .map_or(Verdict::Uncaptured, |h| header_verdict(h, ip.checksum));
            let start = net.saturating_add(header_len);
            let end = net.saturating_add(usize::from(ip.total_len));
            let pseudo = Sum16BitWords::new()
                .add_slice(&ip.src.octets())
                .add_slice(&ip.dst.octets());
            Checksums {
                ip: Some(ip_verdict),
                transport: transport(packet, frame, start, end, pseudo, false),
            }
        }
        Some(Net::Ipv6(ip)) => {
            let start = net
                .saturating_add(ipv6::HEADER_LEN)
                .saturating_add(ip.exts_len);
            let end = net
                .saturating_add(ipv6::HEADER_LEN)
                .saturating_add(usize::from(ip.payload_len));
            let pseudo = Sum16BitWords::new()
                .add_slice(&ip.src.octets())
                .add_slice(&ip.dst.octets());
            Checksums {
                ip: None,
                transport: transport(packet, frame, start, end, pseudo, true),
            }
        }
        _ => Checksums::default(),
    }
}

/// The IPv4 header's checksum: the header sums to 0xffff.
fn header_verdict(header: &[u8], found: u16) -> Verdict {
    if Sum16BitWords::new().add_slice(header).ones_complement() == 0 {
        return Verdict::Good;
    }
    let expected = Sum16BitWords::new()
        .add_slice(header.get(..10).unwrap_or_default())
        .add_slice(header.get(12..).unwrap_or_default())
        .ones_complement()
        .to_be();
    Verdict::Bad { found, expected }
}

/// TCP's or UDP's checksum over the segment `frame[start..end]` (the IP payload as its
/// header declares it) and the pseudo-header whose addresses `pseudo` holds.
fn transport(
    packet: &Packet<'_>,
    frame: &[u8],
    start: usize,
    end: usize,
    pseudo: Sum16BitWords,
    v6: bool,
) -> Option<Verdict> {
    // A reassembled datagram's transport is not in this frame.
    if packet.fragment.is_some() {
        return None;
    }
    let (proto, found, field, end) = match packet.transport.as_ref()? {
        Transport::Tcp(t) => (6u8, t.checksum, 16, end),
        // UDP covers its own length, which may be less than the IP payload.
        Transport::Udp(u) => (17, u.checksum, 6, start.saturating_add(usize::from(u.len))),
        Transport::Icmp(_) => return None,
    };
    if proto == 17 && found == 0 && !v6 {
        return Some(Verdict::Absent);
    }
    let Some(segment) = frame.get(start..end).filter(|s| s.len() >= field + 2) else {
        return Some(Verdict::Uncaptured);
    };
    let len = u32::try_from(segment.len()).unwrap_or(u32::MAX);
    let pseudo = if v6 {
        pseudo
            .add_slice(&len.to_be_bytes())
            .add_slice(&[0, 0, 0, proto])
    } else {
        let len16 = u16::try_from(len).unwrap_or(u16::MAX);
        pseudo
            .add_slice(&[0, proto])
            .add_slice(&len16.to_be_bytes())
    };
    // The field as the sending host's stack leaves it for the NIC: the pseudo-header's sum.
    let partial = !pseudo.ones_complement().to_be();
    if pseudo.clone().add_slice(segment).ones_complement() == 0 {
        return Some(Verdict::Good);
    }
    if found == partial || (proto == 6 && found == 0) {
        return Some(Verdict::Offloaded);
    }
    let expected = pseudo
        .add_slice(segment.get(..field).unwrap_or_default())
        .add_slice(segment.get(field + 2..).unwrap_or_default())
        .to_ones_complement_with_no_zero()
        .to_be();
    Some(Verdict::Bad { found, expected })
}

// Tests build frames whose layout they know, and index into them to damage a byte.
#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::capture::LinkType;
    use crate::decode::decode;
    use etherparse::PacketBuilder;

    fn tcp_frame(payload: &[u8]) -> Vec<u8> {
        let mut bytes = Vec::new();
        PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .tcp(40000, 80, 1, 1000)
            .write(&mut bytes, payload)
            .expect("build");
        bytes
    }

    fn sums(bytes: &[u8]) -> Checksums {
        verify(
            &decode(LinkType::ETHERNET, bytes, bytes.len() as u32),
            bytes,
        )
    }

    #[test]
    fn etherparse_built_packets_are_good_and_one_flipped_bit_is_bad() {
        let mut bytes = tcp_frame(b"hello, odd length");
        assert_eq!(
            sums(&bytes),
            Checksums {
                ip: Some(Verdict::Good),
                transport: Some(Verdict::Good)
            }
        );
        let good_tcp = u16::from_be_bytes([bytes[14 + 20 + 16], bytes[14 + 20 + 17]]);
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        let s = sums(&bytes);
        assert_eq!(s.ip, Some(Verdict::Good));
        let Some(Verdict::Bad { found, expected }) = s.transport else {
            panic!("{s:?}");
        };
        assert_eq!(found, good_tcp);
        assert_ne!(expected, found);
        // The IPv4 header's: the TTL changed, the checksum not.
        bytes[last] ^= 1;
        let good_ip = u16::from_be_bytes([bytes[24], bytes[25]]);
        bytes[22] = 63;
        assert!(matches!(sums(&bytes).ip, Some(Verdict::Bad { found, .. }) if found == good_ip));
    }

    #[test]
    fn the_pseudo_header_sum_or_zero_in_the_field_is_an_offloaded_checksum() {
        let mut bytes = tcp_frame(b"data");
        let at = 14 + 20 + 16;
        // Linux's CHECKSUM_PARTIAL: the folded sum of the pseudo-header (addresses,
        // protocol, TCP length 24), not complemented.
        let pseudo = Sum16BitWords::new()
            .add_slice(&[10, 0, 0, 1, 10, 0, 0, 2, 0, 6, 0, 24])
            .ones_complement()
            .to_be();
        bytes[at..at + 2].copy_from_slice(&(!pseudo).to_be_bytes());
        assert_eq!(sums(&bytes).transport, Some(Verdict::Offloaded));
        bytes[at..at + 2].copy_from_slice(&[0, 0]);
        assert_eq!(sums(&bytes).transport, Some(Verdict::Offloaded));
    }

    #[test]
    fn a_cut_segment_is_not_judged_and_udp_zero_is_no_checksum() {
        let bytes = tcp_frame(b"0123456789");
        let cut = &bytes[..bytes.len() - 4];
        let p = decode(LinkType::ETHERNET, cut, bytes.len() as u32);
        assert_eq!(verify(&p, cut).transport, Some(Verdict::Uncaptured));
        let mut udp = Vec::new();
        PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .udp(5000, 53)
            .write(&mut udp, b"q")
            .expect("build");
        assert_eq!(sums(&udp).transport, Some(Verdict::Good));
        udp[14 + 20 + 6..14 + 20 + 8].copy_from_slice(&[0, 0]);
        assert_eq!(sums(&udp).transport, Some(Verdict::Absent));
    }
}
