//! The UDP length field checked against the IP payload that carries it, as tshark's UDP
//! dissector checks it: below 8 (the header alone) it is bad; past the IP payload it is bad
//! and the payload is what IP carried; a zero length is allowed only for an IPv6 jumbogram
//! (RFC 2675), whose IP payload is 65,536 bytes or more. A length shorter than the IP payload
//! is fine: the bytes after it are not UDP's.

use super::{IssueKind, Udp};

/// Most bytes an IP payload can hold without being a jumbogram.
const NOT_JUMBO: u32 = 65_536;

/// A UDP header's fields and its payload length; `ip_payload` is the IP payload length on the
/// wire (never more than the frame held), `ipv6` whether IPv6 carries it, `datagram` the bytes
/// captured from the header on. Returns the issue when the length field lies.
pub(super) fn checked<'a>(
    fields: [u16; 4],
    ip_payload: u32,
    ipv6: bool,
    datagram: &'a [u8],
) -> (Udp<'a>, Option<IssueKind>) {
    let [sport, dport, len, checksum] = fields;
    let field = u32::from(len);
    let (payload_len, issue) = if ipv6 && len == 0 {
        let issue = (ip_payload < NOT_JUMBO).then_some(IssueKind::UdpLengthZero { ip_payload });
        (ip_payload.saturating_sub(8), issue)
    } else if len < 8 {
        (0, Some(IssueKind::UdpLengthShort { len }))
    } else if field > ip_payload {
        let issue = IssueKind::UdpLengthPastIp { len, ip_payload };
        (ip_payload.saturating_sub(8), Some(issue))
    } else {
        (field.saturating_sub(8), None)
    };
    let after_header = datagram.get(8..).unwrap_or_default();
    let payload = after_header
        .get(..usize::try_from(payload_len).unwrap_or(usize::MAX))
        .unwrap_or(after_header);
    let udp = Udp {
        sport,
        dport,
        len,
        checksum,
        payload_len,
        payload,
    };
    (udp, issue)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payload_and_issue(len: u16, ip_payload: u32, ipv6: bool) -> (u32, Option<String>) {
        let (u, issue) = checked([1, 2, len, 0], ip_payload, ipv6, &[]);
        (u.payload_len, issue.map(|i| i.to_string()))
    }

    #[test]
    fn bad_udp_length_below_the_header_or_past_the_ip_payload_is_an_issue() {
        // What tshark 4.0 says about the same lengths (crafted frames, `tshark -z expert`).
        let bad = |s: &str| Some(s.to_owned());
        assert_eq!(
            payload_and_issue(4, 13, false),
            (0, bad("bad UDP length 4 < 8"))
        );
        assert_eq!(
            payload_and_issue(0, 13, false),
            (0, bad("bad UDP length 0 < 8"))
        );
        assert_eq!(
            payload_and_issue(3, 13, true),
            (0, bad("bad UDP length 3 < 8"))
        );
        assert_eq!(
            payload_and_issue(100, 13, false),
            (5, bad("bad UDP length 100 > IP payload length 13"))
        );
        assert_eq!(
            payload_and_issue(0, 13, true),
            (
                5,
                bad("UDP length 0 (a jumbogram's) but IP payload length 13 < 65536")
            )
        );
    }

    #[test]
    fn good_udp_lengths_are_not_issues() {
        assert_eq!(payload_and_issue(13, 13, false), (5, None));
        assert_eq!(payload_and_issue(8, 13, false), (0, None));
        // Shorter than the IP payload: the rest is not UDP's (tshark agrees).
        assert_eq!(payload_and_issue(10, 13, true), (2, None));
        assert_eq!(payload_and_issue(0, 70_000, true), (69_992, None));
    }

    fn datagram(payload: &[u8]) -> Vec<u8> {
        let b = etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .udp(5000, 53);
        let mut bytes = Vec::new();
        b.write(&mut bytes, payload).expect("build a datagram");
        bytes
    }

    #[test]
    fn the_payload_is_what_follows_the_header_and_padding_is_not_payload() {
        let mut frame = datagram("你好".as_bytes());
        // Ethernet pads short frames to 60 bytes: the padding is not the datagram's.
        frame.resize(60, 0);
        let packet = crate::decode::decode(crate::capture::LinkType::ETHERNET, &frame, 60);
        let udp = packet.udp().expect("a UDP datagram");
        assert_eq!(udp.payload, "你好".as_bytes());
    }

    #[test]
    fn a_cut_frame_gives_the_payload_captured() {
        let frame = datagram(b"hello, wirelab");
        let cut = frame.get(..frame.len() - 4).expect("shorter");
        let packet =
            crate::decode::decode(crate::capture::LinkType::ETHERNET, cut, frame.len() as u32);
        let udp = packet.udp().expect("a UDP datagram");
        assert_eq!(udp.payload, b"hello, wir");
        assert_eq!(udp.payload_len, 14);
    }
}
