//! The link layer: Ethernet (with VLAN tags), Linux cooked v1/v2, BSD loopback, raw IP, and
//! the dispatch to 802.11 (`wlan.rs`).

use std::fmt;

use etherparse::{EtherType, LaxSlicedPacket, LinkSlice};

use super::Packet;
use super::issue::{Issue, IssueKind, Layer};
use super::layout::{self, array, be16, be32};
use super::net;
use super::wlan::{self, Wlan};
use crate::capture::LinkType;

/// An Ethernet MAC address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Mac(pub [u8; 6]);

impl fmt::Display for Mac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d, e, g] = self.0;
        write!(f, "{a:02x}:{b:02x}:{c:02x}:{d:02x}:{e:02x}:{g:02x}")
    }
}

/// A link-layer address of up to 8 bytes, as Linux cooked headers carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LinkAddr {
    bytes: [u8; 8],
    len: u8,
}

impl LinkAddr {
    /// The first 8 bytes of `bytes` (all of them when shorter).
    pub fn new(bytes: &[u8]) -> LinkAddr {
        let mut out = [0u8; 8];
        let mut len = 0;
        for (slot, b) in out.iter_mut().zip(bytes) {
            *slot = *b;
            len += 1;
        }
        LinkAddr { bytes: out, len }
    }

    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or(&[])
    }
}

impl fmt::Display for LinkAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.as_bytes().iter().enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

/// The link-layer header of a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Ethernet {
        src: Mac,
        dst: Mac,
        ether_type: u16,
    },
    /// Linux cooked capture v1 (`-i any` before libpcap 1.10).
    Sll {
        packet_type: u16,
        arphrd: u16,
        addr: LinkAddr,
        protocol: u16,
    },
    /// Linux cooked capture v2, which adds the interface index.
    Sll2 {
        packet_type: u8,
        arphrd: u16,
        ifindex: u32,
        addr: LinkAddr,
        protocol: u16,
    },
    /// BSD loopback: a 4-byte address family (host byte order for NULL, network for LOOP).
    Loopback {
        family: u32,
    },
    /// No link header: the frame starts with the IP header.
    RawIp,
    /// 802.11, with the radiotap header in front of it if the capture had one.
    Wlan(Wlan),
    /// The link header could not be read.
    Missing,
}

impl Link {
    /// The name used in JSON `link.type`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Link::Ethernet { .. } => "ethernet",
            Link::Sll { .. } => "linux_sll",
            Link::Sll2 { .. } => "linux_sll2",
            Link::Loopback { .. } => "loopback",
            Link::RawIp => "raw",
            Link::Wlan(_) => "ieee802_11",
            Link::Missing => "none",
        }
    }
}

/// ARPHRD_NETLINK: SLL frames of netlink sockets, whose protocol field is not an EtherType.
const ARPHRD_NETLINK: u16 = 824;

pub(super) fn decode_link(link_type: LinkType, data: &[u8], uncaptured: usize) -> Packet<'_> {
    match link_type {
        LinkType::ETHERNET => ethernet(data, uncaptured),
        LinkType::LINUX_SLL => sll(data, uncaptured),
        LinkType::LINUX_SLL2 => sll2(data, uncaptured),
        LinkType::IEEE802_11_RADIOTAP => wlan::decode_radiotap(data, uncaptured),
        LinkType::IEEE802_11 => wlan::decode_plain(data, uncaptured),
        LinkType::NULL | LinkType::LOOP => loopback(link_type, data, uncaptured),
        LinkType::RAW | LinkType::RAW_12 | LinkType::RAW_14 | LinkType::IPV4 | LinkType::IPV6 => {
            let mut packet = Packet::new(Link::RawIp);
            net::decode_ip(&mut packet, data, 0, uncaptured);
            packet
        }
        other => {
            let mut packet = Packet::new(Link::Missing);
            packet.push_issue(Issue {
                layer: Layer::Link,
                offset: 0,
                kind: IssueKind::NotDecoded {
                    what: "link type",
                    value: other.0,
                },
            });
            packet
        }
    }
}

fn ethernet(data: &[u8], uncaptured: usize) -> Packet<'_> {
    match super::fast::ethernet(data) {
        Some(packet) => packet,
        None => ethernet_general(data, uncaptured),
    }
}

/// Any Ethernet frame, through etherparse's lax slicer (the fast path's reference).
pub(super) fn ethernet_general(data: &[u8], uncaptured: usize) -> Packet<'_> {
    match LaxSlicedPacket::from_ethernet(data) {
        Ok(lax) => {
            let link = match &lax.link {
                Some(LinkSlice::Ethernet2(eth)) => Link::Ethernet {
                    src: Mac(eth.source()),
                    dst: Mac(eth.destination()),
                    ether_type: eth.ether_type().0,
                },
                _ => Link::Missing,
            };
            let mut packet = Packet::new(link);
            net::fill_from_lax(&mut packet, &lax, data, 0, uncaptured);
            packet
        }
        Err(e) => {
            let mut packet = Packet::new(Link::Missing);
            packet.push_issue(Issue {
                layer: Layer::Link,
                offset: 0,
                kind: IssueKind::Truncated {
                    what: "Ethernet header",
                    needed: e.required_len,
                    got: e.len,
                },
            });
            packet
        }
    }
}

fn sll(data: &[u8], uncaptured: usize) -> Packet<'_> {
    use layout::sll as f;
    // Read here rather than with etherparse, which refuses ARPHRD values it does not know.
    let Some((h, rest)) = data.split_at_checked(f::HEADER_LEN) else {
        return truncated_link("Linux cooked header", f::HEADER_LEN, data.len());
    };
    let field = |r| be16(h, r).unwrap_or(0);
    let (arphrd, protocol) = (field(f::ARPHRD), field(f::PROTOCOL));
    let link = Link::Sll {
        packet_type: field(f::PACKET_TYPE),
        arphrd,
        addr: cooked_addr(h, f::ADDR, field(f::ADDR_LEN)),
        protocol,
    };
    cooked_payload(link, arphrd, protocol, rest, f::HEADER_LEN, uncaptured)
}

fn sll2(data: &[u8], uncaptured: usize) -> Packet<'_> {
    use layout::sll2 as f;
    let Some((h, rest)) = data.split_at_checked(f::HEADER_LEN) else {
        return truncated_link("Linux cooked v2 header", f::HEADER_LEN, data.len());
    };
    let field = |r| be16(h, r).unwrap_or(0);
    let (arphrd, protocol) = (field(f::ARPHRD), field(f::PROTOCOL));
    let byte = |at: usize| h.get(at).copied().unwrap_or(0);
    let link = Link::Sll2 {
        packet_type: byte(f::PACKET_TYPE),
        arphrd,
        ifindex: be32(h, f::IFINDEX).unwrap_or(0),
        addr: cooked_addr(h, f::ADDR, byte(f::ADDR_LEN).into()),
        protocol,
    };
    cooked_payload(link, arphrd, protocol, rest, f::HEADER_LEN, uncaptured)
}

/// The first `len` bytes (at most 8) of a cooked header's address field.
fn cooked_addr(header: &[u8], field: layout::Field, len: u16) -> LinkAddr {
    let room = header.get(field).unwrap_or(&[]);
    LinkAddr::new(room.get(..usize::from(len)).unwrap_or(room))
}

fn cooked_payload(
    link: Link,
    arphrd: u16,
    protocol: u16,
    rest: &[u8],
    offset: usize,
    uncaptured: usize,
) -> Packet<'_> {
    // Below 0x0600 the field is a length or an 802.2 marker, not an EtherType.
    if arphrd == ARPHRD_NETLINK || protocol < 0x0600 {
        let mut packet = Packet::new(link);
        packet.push_issue(Issue {
            layer: Layer::Link,
            offset,
            kind: IssueKind::NotDecoded {
                what: "cooked protocol",
                value: u32::from(protocol),
            },
        });
        return packet;
    }
    let lax = LaxSlicedPacket::from_ether_type(EtherType(protocol), rest);
    let mut packet = Packet::new(link);
    net::fill_from_lax(&mut packet, &lax, rest, offset, uncaptured);
    packet
}

fn loopback(link_type: LinkType, data: &[u8], uncaptured: usize) -> Packet<'_> {
    use layout::loopback as f;
    let Some(([a, b, c, d], rest)) = array::<4>(data, f::FAMILY).zip(data.get(f::HEADER_LEN..))
    else {
        return truncated_link("loopback header", f::HEADER_LEN, data.len());
    };
    let family = if link_type == LinkType::LOOP {
        u32::from_be_bytes([a, b, c, d])
    } else {
        // NULL stores the family in the capturing host's byte order: the family numbers are
        // small, so whichever reading gives a small number is the right one.
        let le = u32::from_le_bytes([a, b, c, d]);
        if le <= 0xffff {
            le
        } else {
            u32::from_be_bytes([a, b, c, d])
        }
    };
    let mut packet = Packet::new(Link::Loopback { family });
    match family {
        // AF_INET everywhere; AF_INET6 is 24, 28 or 30 depending on the BSD, 10 on Linux.
        2 | 10 | 24 | 28 | 30 => net::decode_ip(&mut packet, rest, f::HEADER_LEN, uncaptured),
        other => packet.push_issue(Issue {
            layer: Layer::Link,
            offset: 0,
            kind: IssueKind::NotDecoded {
                what: "loopback address family",
                value: other,
            },
        }),
    }
    packet
}

fn truncated_link(what: &'static str, needed: usize, got: usize) -> Packet<'static> {
    let mut packet = Packet::new(Link::Missing);
    packet.push_issue(Issue {
        layer: Layer::Link,
        offset: 0,
        kind: IssueKind::Truncated { what, needed, got },
    });
    packet
}
