//! ICMPv4 and ICMPv6: type and code, echo identifiers, and the packet an error message quotes.

use std::net::IpAddr;

use etherparse::{Icmpv4Slice, Icmpv6Slice, LaxNetSlice, LaxSlicedPacket};

use super::layout::{self, be16, be32, tcp, udp};

/// An ICMP or ICMPv6 message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Icmp<'a> {
    /// 4 for ICMP, 6 for ICMPv6.
    pub version: u8,
    pub icmp_type: u8,
    pub code: u8,
    pub checksum: u16,
    /// Bytes 5–8 of the header (echo id and sequence, MTU, pointer...).
    pub rest: [u8; 4],
    pub payload: &'a [u8],
    /// For error messages: the header of the packet that caused it.
    pub quoted: Option<Quoted>,
}

/// The start of the packet an ICMP error message carries back to its sender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quoted {
    pub version: u8,
    pub src: IpAddr,
    pub dst: IpAddr,
    /// Transport protocol number.
    pub proto: u8,
    pub ttl: u8,
    /// Source and destination port, when the quote reaches that far and carries TCP or UDP.
    pub ports: Option<(u16, u16)>,
    /// The UDP length field, when quoted.
    pub udp_len: Option<u16>,
    /// The TCP sequence number, when quoted.
    pub tcp_seq: Option<u32>,
}

impl Icmp<'_> {
    /// Echo request/reply identifier and sequence number.
    pub fn echo_id_seq(&self) -> Option<(u16, u16)> {
        let is_echo = match self.version {
            4 => matches!(self.icmp_type, 0 | 8),
            _ => matches!(self.icmp_type, 128 | 129),
        };
        if !is_echo {
            return None;
        }
        let field = |f| be16(&self.rest, f);
        field(layout::icmp::ECHO_IDENT).zip(field(layout::icmp::ECHO_SEQ))
    }

    /// Whether this type carries the offending packet (an error message).
    pub fn is_error(&self) -> bool {
        is_error(self.version, self.icmp_type)
    }
}

fn is_error(version: u8, icmp_type: u8) -> bool {
    match version {
        4 => matches!(icmp_type, 3 | 4 | 5 | 11 | 12),
        _ => matches!(icmp_type, 1..=4),
    }
}

pub(super) fn from_v4<'a>(i: &Icmpv4Slice<'a>) -> Icmp<'a> {
    build(
        4,
        i.type_u8(),
        i.code_u8(),
        i.checksum(),
        i.bytes5to8(),
        i.payload(),
    )
}

pub(super) fn from_v6<'a>(i: &Icmpv6Slice<'a>) -> Icmp<'a> {
    build(
        6,
        i.type_u8(),
        i.code_u8(),
        i.checksum(),
        i.bytes5to8(),
        i.payload(),
    )
}

fn build<'a>(
    version: u8,
    icmp_type: u8,
    code: u8,
    checksum: u16,
    rest: [u8; 4],
    payload: &'a [u8],
) -> Icmp<'a> {
    let quoted = if is_error(version, icmp_type) {
        quote(payload)
    } else {
        None
    };
    Icmp {
        version,
        icmp_type,
        code,
        checksum,
        rest,
        payload,
        quoted,
    }
}

/// Decodes the quoted IP header and the first 8 bytes after it (all RFC 792 guarantees).
fn quote(payload: &[u8]) -> Option<Quoted> {
    let lax = LaxSlicedPacket::from_ip(payload).ok()?;
    let (version, src, dst, proto, ttl, transport) = match lax.net? {
        LaxNetSlice::Ipv4(ip) => {
            let h = ip.header();
            let fragment = ip.payload().fragmented && h.fragments_offset().value() != 0;
            let t = if fragment {
                &[][..]
            } else {
                ip.payload().payload
            };
            (
                4,
                h.source_addr().into(),
                h.destination_addr().into(),
                ip.payload().ip_number.0,
                h.ttl(),
                t,
            )
        }
        LaxNetSlice::Ipv6(ip) => {
            let h = ip.header();
            (
                6,
                h.source_addr().into(),
                h.destination_addr().into(),
                ip.payload().ip_number.0,
                h.hop_limit(),
                ip.payload().payload,
            )
        }
        LaxNetSlice::Arp(_) => return None,
    };
    // TCP, UDP, SCTP and DCCP all start with the two ports, where TCP's are.
    let has_ports = matches!(proto, 6 | 17 | 132 | 33);
    let ports = if has_ports {
        be16(transport, tcp::SRC_PORT).zip(be16(transport, tcp::DST_PORT))
    } else {
        None
    };
    let udp_len = if proto == 17 {
        be16(transport, udp::LENGTH)
    } else {
        None
    };
    let tcp_seq = if proto == 6 {
        be32(transport, tcp::SEQ_NUM)
    } else {
        None
    };
    Some(Quoted {
        version,
        src,
        dst,
        proto,
        ttl,
        ports,
        udp_len,
        tcp_seq,
    })
}
