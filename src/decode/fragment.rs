//! What reassembly needs from an IP fragment, and the transport layer of a reassembled
//! datagram. Pure: the defragmenter (`crate::defrag`) holds the state; this module only
//! reads bytes it is given.
//!
//! Contract: [`decode_transport`] accepts any byte slice and never panics; a header that
//! does not decode is an issue, as for a frame.

use etherparse::{Icmpv4Slice, Icmpv6Slice, TcpSlice, UdpSlice};

use super::issue::{Issue, IssueKind, Layer};
use super::{Transport, icmp, tcp, udp};

/// One fragment of an IP datagram (IPv4 with more-fragments or an offset, RFC 791; IPv6
/// with a Fragment header, RFC 8200 §4.5), borrowed from its frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpFragment<'a> {
    /// Identification: IPv4's 16-bit field, or the Fragment header's 32 bits.
    pub id: u32,
    /// Where this fragment's data goes in the datagram's payload, in bytes.
    pub offset: u16,
    /// More fragments follow (the MF flag, or the M flag of the Fragment header).
    pub more: bool,
    /// The protocol of the reassembled payload: IPv4's protocol field, or the Fragment
    /// header's next header.
    pub proto: u8,
    /// The fragment's data as captured, cut to what the IP header declares.
    pub data: &'a [u8],
    /// The data's length on the wire as the IP header declares it (capped at the frame):
    /// more than `data.len()` when the capture cut the frame short.
    pub declared: u32,
    /// Bytes in front of the fragmentable part that count towards the 65,535-byte limit:
    /// the IPv4 header, or IPv6's extension headers before the Fragment header.
    pub overhead: u16,
}

impl IpFragment<'_> {
    /// The whole fragment is in the capture (a cut one cannot be reassembled: tshark gives
    /// up on such a fragment too).
    pub fn is_whole(&self) -> bool {
        u32::try_from(self.data.len()).is_ok_and(|n| n >= self.declared)
    }
}

const TCP: u8 = 6;
const UDP: u8 = 17;
const ICMP: u8 = 1;
const ICMPV6: u8 = 58;

/// The transport layer of a reassembled datagram's payload (`bytes`, the whole payload);
/// `None` for a protocol wirelab does not decode, with the issue when a header is broken.
/// Issue offsets count from the start of the reassembled payload.
pub fn decode_transport(
    proto: u8,
    bytes: &[u8],
    ipv6: bool,
) -> (Option<Transport<'_>>, Option<Issue>) {
    let declared = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
    let broken = |layer, what, needed| Issue {
        layer,
        offset: 0,
        kind: IssueKind::Truncated {
            what,
            needed,
            got: bytes.len(),
        },
    };
    match proto {
        TCP => match TcpSlice::from_slice(bytes) {
            Ok(t) => (Some(Transport::Tcp(tcp::from_slice(&t, declared))), None),
            Err(_) => (
                tcp::from_partial(bytes, declared).map(Transport::Tcp),
                Some(broken(Layer::Tcp, "TCP header", 20)),
            ),
        },
        UDP => match UdpSlice::from_slice_lax(bytes) {
            Ok(u) => {
                let fields = [
                    u.source_port(),
                    u.destination_port(),
                    u.length(),
                    u.checksum(),
                ];
                let (udp, kind) = udp::checked(fields, declared, ipv6, bytes);
                let issue = kind.map(|kind| Issue {
                    layer: Layer::Udp,
                    offset: 0,
                    kind,
                });
                (Some(Transport::Udp(udp)), issue)
            }
            Err(_) => (None, Some(broken(Layer::Udp, "UDP header", 8))),
        },
        ICMP if !ipv6 => match Icmpv4Slice::from_slice(bytes) {
            Ok(i) => (Some(Transport::Icmp(icmp::from_v4(&i))), None),
            Err(_) => (None, Some(broken(Layer::Icmp, "ICMP header", 8))),
        },
        ICMPV6 if ipv6 => match Icmpv6Slice::from_slice(bytes) {
            Ok(i) => (Some(Transport::Icmp(icmp::from_v6(&i))), None),
            Err(_) => (None, Some(broken(Layer::Icmp, "ICMPv6 header", 8))),
        },
        _ => (None, None),
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn a_reassembled_udp_payload_decodes_its_header_and_length() {
        let mut bytes = vec![0x04, 0xd2, 0x00, 0x35, 0x00, 0x14, 0, 0];
        bytes.extend_from_slice(&[b'x'; 12]);
        let (t, issue) = decode_transport(UDP, &bytes, false);
        let Some(Transport::Udp(u)) = t else {
            panic!("{t:?}")
        };
        assert_eq!((u.sport, u.dport, u.len, u.payload_len), (1234, 53, 20, 12));
        assert_eq!(issue, None);
    }

    #[test]
    fn a_reassembled_payload_too_short_for_its_header_is_an_issue() {
        let (t, issue) = decode_transport(TCP, &[0, 80, 0], false);
        assert!(t.is_none());
        assert_eq!(issue.map(|i| i.layer), Some(Layer::Tcp));
        assert!(decode_transport(99, &[1, 2, 3], false).0.is_none());
    }

    #[test]
    fn icmp_and_icmpv6_are_told_apart_by_the_ip_version() {
        let echo = [8, 0, 0, 0, 0, 1, 0, 1, b'p'];
        assert!(matches!(
            decode_transport(ICMP, &echo, false).0,
            Some(Transport::Icmp(_))
        ));
        assert!(decode_transport(ICMP, &echo, true).0.is_none());
    }
}
