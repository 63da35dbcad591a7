//! What an application said in a packet's payload, for the protocols a student meets
//! first: DNS, HTTP/1.x and DHCP. Pure and word-free like the rest of decode/: values
//! (ids, names, addresses, type numbers), never sentences; annotate/app.rs words them.
//!
//! Contract: [`parse`] accepts any packet and never panics. The parsing is done by crates
//! where a light, well-kept one exists (`simple-dns`, `httparse`); DHCP's fixed BOOTP header
//! is read by name (`dhcp.rs`) because the one DHCP crate, `dhcproto`, pulls in hickory-proto.
//!
//! Which parser a payload meets (the rule, also in docs/architecture.md):
//! - DNS: UDP with port 53 or 5353 (mDNS) on either side; TCP with port 53, after its
//!   two-byte length (RFC 1035 4.2.2), in a segment that holds the whole message (one
//!   spread over segments is put together by the engine, `reassemble::dns_tcp`, and read
//!   with [`dns_message`]);
//! - DHCP: UDP with port 67 or 68 on either side;
//! - HTTP/1.x: TCP on any port whose payload starts with a request line (`GET / HTTP/1.1`)
//!   or a status line (`HTTP/1.1 200 OK`); only this segment is read (no reassembly: the
//!   request or status line and the Host header are in the first segment of a message).
//!
//! Nothing is parsed for an empty payload, so a plain `read` of a capture without
//! application data pays one test per packet.

mod dhcp;
mod dns;
mod http;

pub use dhcp::Dhcp;
pub use dns::{Dns, DnsQuestion, DnsRecord};
pub use http::Http;

use super::{Packet, Transport};

/// One application message found in a payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppMessage<'a> {
    Dns(Dns),
    Http(Http<'a>),
    Dhcp(Dhcp),
    /// The payload is printable text (decided by annotate/text.rs, the one text decoder):
    /// the echo and chat programs of the sockets tutorials.
    Text(&'a [u8]),
}

/// DNS servers listen on 53, mDNS on 5353.
const DNS_PORTS: [u16; 2] = [53, 5353];
/// DHCP servers listen on 67, clients on 68.
const DHCP_PORTS: [u16; 2] = [67, 68];

/// The message a packet's payload holds, when the port and shape rule above picks a parser
/// and that parser accepts the bytes.
pub fn parse<'a>(packet: &Packet<'a>) -> Option<AppMessage<'a>> {
    match packet.transport.as_ref()? {
        Transport::Udp(u) if !u.payload.is_empty() => {
            let on = |ports: [u16; 2]| ports.contains(&u.sport) || ports.contains(&u.dport);
            if on(DNS_PORTS) {
                dns::parse(u.payload).map(AppMessage::Dns)
            } else if on(DHCP_PORTS) {
                dhcp::parse(u.payload).map(AppMessage::Dhcp)
            } else {
                None
            }
        }
        Transport::Tcp(t) if !t.payload.is_empty() => {
            if t.sport == 53 || t.dport == 53 {
                dns::parse_tcp(t.payload).map(AppMessage::Dns)
            } else {
                http::parse(t.payload).map(AppMessage::Http)
            }
        }
        _ => None,
    }
}

/// A DNS message on its own (no TCP length field before it): what DNS over TCP spread over
/// several segments gives once they are put together (`reassemble::dns_tcp`).
pub fn dns_message(message: &[u8]) -> Option<Dns> {
    dns::parse(message)
}

/// The payload a text line would show: a UDP or TCP payload, not empty.
pub fn payload<'a>(packet: &Packet<'a>) -> Option<&'a [u8]> {
    let bytes = match packet.transport.as_ref()? {
        Transport::Udp(u) => u.payload,
        Transport::Tcp(t) => t.payload,
        Transport::Icmp(_) => return None,
    };
    (!bytes.is_empty()).then_some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        // Any bytes, into each parser: no panic (the contract).
        #[test]
        fn no_parser_panics_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let _ = dns::parse(&bytes);
            let _ = dns::parse_tcp(&bytes);
            let _ = dhcp::parse(&bytes);
            let _ = http::parse(&bytes);
        }

        // Bytes that start like each protocol, so the parsers get past their first checks.
        #[test]
        fn no_parser_panics_on_bytes_that_start_right(tail in proptest::collection::vec(any::<u8>(), 0..400)) {
            let mut dhcp = vec![2u8, 1, 6, 0];
            dhcp.resize(236, 0);
            dhcp.extend_from_slice(&[99, 130, 83, 99]);
            dhcp.extend_from_slice(&tail);
            let _ = dhcp::parse(&dhcp);
            let mut http = b"GET / HTTP/1.1\r\nHost: ".to_vec();
            http.extend_from_slice(&tail);
            let _ = http::parse(&http);
            let mut dns = vec![0x12u8, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0];
            dns.extend_from_slice(&tail);
            let _ = dns::parse(&dns);
        }
    }
}
