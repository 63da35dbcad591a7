//! The network layer: ARP, IPv4 (options, fragments), IPv6 (extension headers), and the
//! hand-over to the transport layer.

use std::net::{Ipv4Addr, Ipv6Addr};

use arrayvec::ArrayVec;
use etherparse::err::packet::SliceError;
use etherparse::{
    ArpPacketSlice, LaxIpv4Slice, LaxIpv6Slice, LaxLinkExtSlice, LaxNetSlice, LaxSlicedPacket,
    TransportSlice,
};

use super::issue::{Issue, IssueKind, Layer};
use super::layout::{self, be16, be32};
use super::link::LinkAddr;
use super::{IpFragment, Packet, Transport, icmp, tcp, udp};

/// The layer above the link.
#[derive(Debug, Clone)]
pub enum Net<'a> {
    Arp(Arp),
    Ipv4(Ipv4<'a>),
    Ipv6(Ipv6),
}

/// An ARP packet (any hardware/protocol pair; addresses kept as bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arp {
    pub op: u16,
    pub hw_type: u16,
    pub proto_type: u16,
    pub sender_hw: LinkAddr,
    pub sender_proto: LinkAddr,
    pub target_hw: LinkAddr,
    pub target_proto: LinkAddr,
}

impl Arp {
    /// The protocol addresses as IPv4 addresses when they are 4 bytes long.
    pub fn ipv4_addrs(&self) -> Option<(Ipv4Addr, Ipv4Addr)> {
        let s: [u8; 4] = self.sender_proto.as_bytes().try_into().ok()?;
        let t: [u8; 4] = self.target_proto.as_bytes().try_into().ok()?;
        Some((s.into(), t.into()))
    }
}

/// An IPv4 header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ipv4<'a> {
    pub src: Ipv4Addr,
    pub dst: Ipv4Addr,
    pub ttl: u8,
    /// The protocol field of the header.
    pub proto: u8,
    pub header_len: u8,
    pub total_len: u16,
    pub id: u16,
    pub dont_fragment: bool,
    pub more_fragments: bool,
    /// Fragment offset in bytes (the header field × 8).
    pub frag_offset: u16,
    pub tos: u8,
    pub checksum: u16,
    pub options: &'a [u8],
}

impl Ipv4<'_> {
    pub fn is_fragment(&self) -> bool {
        self.more_fragments || self.frag_offset != 0
    }
}

/// An IPv6 header and the chain of extension headers after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ipv6 {
    pub src: Ipv6Addr,
    pub dst: Ipv6Addr,
    pub hop_limit: u8,
    /// The header's own next-header field (the first extension header, if any).
    pub next_header: u8,
    /// The protocol after the last extension header.
    pub proto: u8,
    pub payload_len: u16,
    pub traffic_class: u8,
    pub flow_label: u32,
    /// Extension header types in order (up to 8 are listed).
    pub exts: ArrayVec<u8, 8>,
    /// Bytes taken by the extension headers.
    pub exts_len: usize,
    /// Fragment header: offset in bytes, more-fragments flag, identification.
    pub fragment: Option<(u16, bool, u32)>,
}

impl Net<'_> {
    pub fn version(&self) -> Option<u8> {
        match self {
            Net::Ipv4(_) => Some(4),
            Net::Ipv6(_) => Some(6),
            Net::Arp(_) => None,
        }
    }
}

/// Decodes an IP packet starting at frame offset `offset` (raw IP, loopback, ICMP quotes).
pub(super) fn decode_ip<'a>(
    packet: &mut Packet<'a>,
    data: &'a [u8],
    offset: usize,
    uncaptured: usize,
) {
    match LaxSlicedPacket::from_ip(data) {
        Ok(lax) => fill_from_lax(packet, &lax, data, offset, uncaptured),
        Err(e) => {
            use etherparse::err::ip::LaxHeaderSliceError as E;
            use etherparse::err::packet::SliceError as S;
            let error = match e {
                E::Len(l) => S::Len(l),
                E::Content(c) => S::Ip(c),
            };
            packet.push_issue(Issue::from_slice_error(
                &error,
                etherparse::err::Layer::IpHeader,
                offset,
            ));
        }
    }
}

/// Copies what etherparse's lax slicer found into `packet`; `data` is the slice it was given,
/// `base` that slice's offset in the frame, `uncaptured` the bytes the capture cut off.
///
/// The payload length of IP is what its header declares, but never more than the frame held
/// on the wire: tshark's rule, so that `tcp.len` agrees on frames whose IP length lies.
pub(super) fn fill_from_lax<'a>(
    packet: &mut Packet<'a>,
    lax: &LaxSlicedPacket<'a>,
    data: &'a [u8],
    base: usize,
    uncaptured: usize,
) {
    for ext in &lax.link_exts {
        if let LaxLinkExtSlice::Vlan(v) = ext {
            let _ = packet.vlan.try_push(v.vlan_identifier().value());
        }
    }
    let at = Placed {
        data,
        base,
        local: net_offset_in(lax),
        uncaptured,
    };
    let ip_payload = match &lax.net {
        Some(LaxNetSlice::Arp(arp)) => {
            packet.net = Some(Net::Arp(arp_from(arp)));
            None
        }
        Some(LaxNetSlice::Ipv4(ip)) => Some(fill_ipv4(packet, ip, &at)),
        Some(LaxNetSlice::Ipv6(ip)) => Some(fill_ipv6(packet, ip, &at)),
        None => None,
    };
    fill_transport(packet, lax, ip_payload, base);
    if let Some((error, layer)) = &lax.stop_err {
        fill_stop(packet, (error, *layer), ip_payload, base);
    }
}

/// Where the network header is: the slice etherparse was given (`data`, at frame offset
/// `base`), the header's offset in it, and the bytes the capture cut off after it.
struct Placed<'a> {
    data: &'a [u8],
    base: usize,
    local: usize,
    uncaptured: usize,
}

impl Placed<'_> {
    /// The header's offset in the frame.
    fn net_offset(&self) -> usize {
        self.base + self.local
    }

    /// Bytes the frame had on the wire from the network header on.
    fn on_wire(&self) -> u32 {
        let n = self.data.len().saturating_sub(self.local);
        u32::try_from(n.saturating_add(self.uncaptured)).unwrap_or(u32::MAX)
    }
}

/// The IP payload: the bytes etherparse kept, their offset in the frame, and the length the
/// IP header declares (capped at the frame on the wire).
#[derive(Clone, Copy)]
struct IpPayload<'a> {
    bytes: &'a [u8],
    offset: usize,
    declared: u32,
}

fn fill_ipv4<'a>(packet: &mut Packet<'a>, ip: &LaxIpv4Slice<'a>, at: &Placed<'a>) -> IpPayload<'a> {
    let v4 = ipv4_from(ip, at.data.get(at.local..).unwrap_or(&[]));
    let net_offset = at.net_offset();
    let wire = at.on_wire();
    let total = if v4.total_len < u16::from(v4.header_len) {
        packet.push_issue(Issue {
            layer: Layer::Ipv4,
            offset: net_offset,
            kind: IssueKind::Ipv4TotalLength {
                total: v4.total_len,
                header: v4.header_len.into(),
            },
        });
        wire
    } else {
        let field = (Layer::Ipv4, "IPv4 total length", v4.total_len);
        capped(packet, field, wire, net_offset)
    };
    let payload = IpPayload {
        bytes: ip.payload().payload,
        offset: net_offset + usize::from(v4.header_len),
        declared: total.saturating_sub(u32::from(v4.header_len)),
    };
    if v4.is_fragment() {
        packet.fragment = Some(IpFragment {
            id: u32::from(v4.id),
            offset: v4.frag_offset,
            more: v4.more_fragments,
            proto: v4.proto,
            data: payload.bytes,
            declared: payload.declared,
            overhead: u16::from(v4.header_len),
        });
    }
    packet.net = Some(Net::Ipv4(v4));
    payload
}

fn fill_ipv6<'a>(packet: &mut Packet<'a>, ip: &LaxIpv6Slice<'a>, at: &Placed<'a>) -> IpPayload<'a> {
    let (v6, frag_header) = ipv6_from(ip);
    let net_offset = at.net_offset();
    let wire = at.on_wire().saturating_sub(layout::ipv6::HEADER_LEN as u32);
    let ip_len = if v6.payload_len == 0 {
        // Jumbograms and TSO captures leave the field 0: trust the frame.
        wire
    } else {
        let field = (Layer::Ipv6, "IPv6 payload length", v6.payload_len);
        capped(packet, field, wire, net_offset)
    };
    let payload = IpPayload {
        bytes: ip.payload().payload,
        offset: net_offset + layout::ipv6::HEADER_LEN + v6.exts_len,
        declared: ip_len.saturating_sub(u32::try_from(v6.exts_len).unwrap_or(u32::MAX)),
    };
    if let (Some((offset, more, id)), Some(at_header)) = (v6.fragment, frag_header) {
        packet.fragment = ipv6_fragment(at, ip_len, at_header).map(|(data, declared)| IpFragment {
            id,
            offset,
            more,
            proto: at_header.next_header,
            data,
            declared,
            overhead: u16::try_from(at_header.before).unwrap_or(u16::MAX),
        });
    }
    packet.net = Some(Net::Ipv6(v6));
    payload
}

/// Where an IPv6 packet's Fragment header is: the extension bytes before it (the
/// unfragmentable part) and the next header it names (the reassembled payload's protocol).
#[derive(Clone, Copy)]
struct FragHeaderAt {
    before: usize,
    next_header: u8,
}

/// An IPv6 fragment's data (after the Fragment header, up to the payload length `ip_len`,
/// as captured) and its length on the wire.
fn ipv6_fragment<'a>(at: &Placed<'a>, ip_len: u32, frag: FragHeaderAt) -> Option<(&'a [u8], u32)> {
    let header = layout::ipv6::fragment::HEADER_LEN;
    let start = at.local + layout::ipv6::HEADER_LEN + frag.before + header;
    let end = (at.local + layout::ipv6::HEADER_LEN)
        .saturating_add(usize::try_from(ip_len).unwrap_or(usize::MAX))
        .min(at.data.len());
    let data = at.data.get(start..end.max(start))?;
    let before = u32::try_from(frag.before + header).unwrap_or(u32::MAX);
    Some((data, ip_len.saturating_sub(before)))
}

/// The layer above IP, as the slicer found it; UDP's length is checked against the IP payload.
fn fill_transport<'a>(
    packet: &mut Packet<'a>,
    lax: &LaxSlicedPacket<'a>,
    ip_payload: Option<IpPayload<'a>>,
    base: usize,
) {
    let transport = match &lax.transport {
        Some(TransportSlice::Tcp(t)) => {
            let declared = ip_payload.map_or(0, |p| p.declared);
            Some(Transport::Tcp(tcp::from_slice(t, declared)))
        }
        Some(TransportSlice::Udp(u)) => {
            let fields = [
                u.source_port(),
                u.destination_port(),
                u.length(),
                u.checksum(),
            ];
            let ipv6 = matches!(packet.net, Some(Net::Ipv6(_)));
            let (declared, offset) =
                ip_payload.map_or((u32::MAX, base), |p| (p.declared, p.offset));
            let (udp, issue) = udp::checked(fields, declared, ipv6, u.slice());
            if let Some(kind) = issue {
                packet.push_issue(Issue {
                    layer: Layer::Udp,
                    offset,
                    kind,
                });
            }
            Some(Transport::Udp(udp))
        }
        Some(TransportSlice::Icmpv4(i)) => Some(Transport::Icmp(icmp::from_v4(i))),
        Some(TransportSlice::Icmpv6(i)) => Some(Transport::Icmp(icmp::from_v6(i))),
        Some(TransportSlice::Igmp(_)) | None => None,
    };
    if transport.is_some() {
        packet.transport = transport;
    }
}

/// What stopped the slicer, as an issue; a TCP header etherparse refused (bad data offset,
/// options cut off) still has ports, flags and numbers worth showing, as tcpdump and tshark
/// show them.
fn fill_stop<'a>(
    packet: &mut Packet<'a>,
    (error, layer): (&SliceError, etherparse::err::Layer),
    ip_payload: Option<IpPayload<'a>>,
    base: usize,
) {
    let partial = matches!(layer, etherparse::err::Layer::TcpHeader)
        .then_some(ip_payload)
        .flatten()
        .and_then(|p| tcp::from_partial(p.bytes, p.declared));
    if let Some(t) = partial {
        packet.transport = Some(Transport::Tcp(t));
    }
    let offset = ip_payload.map_or(base, |p| p.offset);
    let issue = Issue::from_slice_error(error, layer, base);
    // Length errors carry their own offsets; content errors are placed at the transport.
    let issue = match issue.kind {
        IssueKind::Truncated { .. } => issue,
        _ if issue.layer == Layer::Tcp => Issue { offset, ..issue },
        _ => issue,
    };
    packet.push_issue(issue);
}

/// An IP length field, capped at the bytes the frame had on the wire (tshark's rule), with an
/// issue when it claims more.
fn capped(
    packet: &mut Packet<'_>,
    field: (Layer, &'static str, u16),
    wire: u32,
    offset: usize,
) -> u32 {
    let (layer, what, declared) = field;
    let declared = u32::from(declared);
    if declared > wire {
        packet.push_issue(Issue {
            layer,
            offset,
            kind: IssueKind::IpLengthExceedsFrame {
                what,
                declared,
                available: wire,
            },
        });
    }
    declared.min(wire)
}

/// Offset of the network header in the slice etherparse was given: the Ethernet header and
/// the VLAN/MACsec tags before it.
fn net_offset_in(lax: &LaxSlicedPacket<'_>) -> usize {
    let exts: usize = lax.link_exts.iter().map(LaxLinkExtSlice::header_len).sum();
    let eth = match &lax.link {
        Some(etherparse::LinkSlice::Ethernet2(e)) => e.header_len(),
        _ => 0,
    };
    eth + exts
}

fn arp_from(arp: &ArpPacketSlice<'_>) -> Arp {
    Arp {
        op: arp.operation().0,
        hw_type: arp.hw_addr_type().0,
        proto_type: arp.proto_addr_type().0,
        sender_hw: LinkAddr::new(arp.sender_hw_addr()),
        sender_proto: LinkAddr::new(arp.sender_protocol_addr()),
        target_hw: LinkAddr::new(arp.target_hw_addr()),
        target_proto: LinkAddr::new(arp.target_protocol_addr()),
    }
}

/// `at_header` is the frame from the IPv4 header on, so that options keep the frame's lifetime
/// (etherparse's header accessor borrows its slice struct instead).
fn ipv4_from<'a>(ip: &LaxIpv4Slice<'a>, at_header: &'a [u8]) -> Ipv4<'a> {
    let h = ip.header();
    let header_len = h.ihl().saturating_mul(4);
    Ipv4 {
        src: h.source_addr(),
        dst: h.destination_addr(),
        ttl: h.ttl(),
        proto: h.protocol().0,
        header_len,
        total_len: h.total_len(),
        id: h.identification(),
        dont_fragment: h.dont_fragment(),
        more_fragments: h.more_fragments(),
        frag_offset: h.fragments_offset().value().saturating_mul(8),
        tos: at_header.get(layout::ipv4::TOS).copied().unwrap_or(0),
        checksum: h.header_checksum(),
        options: at_header
            .get(layout::ipv4::MIN_HEADER_LEN..usize::from(header_len))
            .unwrap_or(&[]),
    }
}

/// The header and its extension chain, and where the Fragment header is when there is one.
fn ipv6_from(ip: &LaxIpv6Slice<'_>) -> (Ipv6, Option<FragHeaderAt>) {
    use layout::ipv6::{ext, fragment as frag_header};
    const FRAGMENT: u8 = 44;
    let h = ip.header();
    let mut exts = ArrayVec::new();
    let mut fragment = None;
    let mut frag_header = None;
    let mut exts_len = 0usize;
    // Walked here with checked reads: etherparse 0.21's extension iterator builds slices past
    // the end of what its lax parser kept for a damaged chain (found by fuzzing; undefined
    // behaviour in a release build, a debug-assertion abort in a fuzz build).
    let mut next = h.next_header().0;
    let mut rest = ip.extensions().slice();
    while !rest.is_empty() {
        let ext_len = rest.get(ext::LEN).map(|&l| usize::from(l));
        let len = match next {
            // Hop-by-hop, routing, destination options, mobility, HIP, shim6: 8-byte units.
            0 | 43 | 60 | 135 | 139 | 140 => ext_len.map(|l| (l + 1) * 8),
            FRAGMENT => Some(frag_header::HEADER_LEN),
            // Authentication header: 4-byte units, minus 2.
            51 => ext_len.map(|l| (l + 2) * 4),
            _ => None,
        };
        let Some((ext, after)) = len.and_then(|n| rest.split_at_checked(n)) else {
            break;
        };
        let _ = exts.try_push(next);
        if next == FRAGMENT
            && let Some(field) = be16(ext, frag_header::FRAG_OFF)
            && let Some(ident) = be32(ext, frag_header::IDENT)
        {
            fragment = Some(((field >> 3).saturating_mul(8), field & 1 == 1, ident));
            frag_header = Some(FragHeaderAt {
                before: exts_len,
                next_header: ext.get(ext::NEXT_HEADER).copied().unwrap_or(59),
            });
        }
        exts_len += ext.len();
        next = ext.get(ext::NEXT_HEADER).copied().unwrap_or(59);
        rest = after;
    }
    let v6 = Ipv6 {
        src: h.source_addr(),
        dst: h.destination_addr(),
        hop_limit: h.hop_limit(),
        next_header: h.next_header().0,
        proto: ip.payload().ip_number.0,
        payload_len: h.payload_length(),
        traffic_class: h.traffic_class(),
        flow_label: h.flow_label().value(),
        exts,
        exts_len,
        fragment,
    };
    (v6, frag_header)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::capture::LinkType;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn an_ipv4_fragment_has_no_transport_layer() {
        // The contract the tracker relies on: a fragment's TCP header is not decoded.
        let mut frame = Vec::new();
        etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .tcp(50000, 80, 1, 1000)
            .write(&mut frame, b"data")
            .unwrap();
        let whole = crate::decode::decode(LinkType::ETHERNET, &frame, frame.len() as u32);
        assert!(whole.tcp().is_some());
        frame[14 + 6] |= 0x20; // more fragments
        let fragment = crate::decode::decode(LinkType::ETHERNET, &frame, frame.len() as u32);
        assert!(matches!(&fragment.net, Some(Net::Ipv4(ip)) if ip.is_fragment()));
        assert!(fragment.transport.is_none(), "{fragment:?}");
    }

    #[test]
    fn damaged_ipv6_extension_chain_found_by_fuzzing_is_walked_within_the_frame() {
        // Raw IPv6 whose hop-by-hop chain claims more than the frame holds: etherparse 0.21's
        // extension iterator read past its slice here (a debug-assertion abort).
        let frame = hex(concat!(
            "60050000000000cf40404040cf4040404040000000000000",
            "000000000000000000697001262000fe000000636f6d0000010001"
        ));
        let packet = crate::decode::decode(LinkType::RAW, &frame, 77);
        let Some(Net::Ipv6(ip)) = &packet.net else {
            panic!("the IPv6 header itself is whole: {packet:?}");
        };
        assert_eq!(ip.next_header, 0);
        assert!(ip.exts_len <= frame.len() - 40);
    }
}
