//! The UDP length field checked against the IP payload that carries it, as tshark's UDP
//! dissector checks it: below 8 (the header alone) it is bad; past the IP payload it is bad
//! and the payload is what IP carried; a zero length is allowed only for an IPv6 jumbogram
//! (RFC 2675), whose IP payload is 65,536 bytes or more. A length shorter than the IP payload
//! is fine: the bytes after it are not UDP's.

use super::{IssueKind, Udp};

/// Most bytes an IP payload can hold without being a jumbogram.
const NOT_JUMBO: u32 = 65_536;

/// A UDP header's fields and its payload length; `ip_payload` is the IP payload length on the
/// wire (never more than the frame held), `ipv6` whether IPv6 carries it. Returns the issue
/// when the length field lies.
pub(super) fn checked(fields: [u16; 4], ip_payload: u32, ipv6: bool) -> (Udp, Option<IssueKind>) {
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
    let udp = Udp {
        sport,
        dport,
        len,
        checksum,
        payload_len,
    };
    (udp, issue)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payload_and_issue(len: u16, ip_payload: u32, ipv6: bool) -> (u32, Option<String>) {
        let (u, issue) = checked([1, 2, len, 0], ip_payload, ipv6);
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
}
