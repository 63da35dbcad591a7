//! Bytes to layers. Pure: no I/O, no clock, no allocation on a well-formed packet.
//!
//! Contract: [`decode`] accepts any byte slice and never panics. A packet that is cut short or
//! broken keeps every layer that did decode, and what stopped the decoding is recorded as an
//! [`Issue`] (layer, offset, rule broken). Slicing is etherparse's lax slicer, except for the
//! common Ethernet/IP/TCP-or-UDP frame, which `fast.rs` reads directly into the same result;
//! the link types the slicer does not cover (Linux SLL2, BSD loopback, 802.11 and radiotap) and the fields an
//! inspector needs beyond it (a TCP header whose length field is garbage, the packet quoted in
//! an ICMP error) are decoded here. Fixed fields are read by name, through `layout`'s ranges
//! and its checked `be16`/`be32`.

// Indexing that could panic is refused here: every read goes through `get`, the layouts'
// checked readers or a pattern, so that no input can abort the program (the contract above).
#![deny(clippy::indexing_slicing)]

pub mod app;
pub mod checksum;
mod fast;
mod fragment;
mod icmp;
mod issue;
pub mod layers;
pub mod layout;
mod link;
pub mod names;
mod net;
mod offsets;
mod tcp;
mod udp;
mod wlan;

use std::net::IpAddr;

use arrayvec::ArrayVec;

pub use fragment::{IpFragment, decode_transport};
pub use icmp::{Icmp, Quoted};
pub use issue::{Issue, IssueKind, Layer};
pub use link::{Link, LinkAddr, Mac};
pub use net::{Arp, Ipv4, Ipv6, Net};
pub use offsets::FrameOffsets;
pub use tcp::{Tcp, TcpFlags, TcpOption};
pub use wlan::{Radiotap, Wlan};

use crate::capture::LinkType;

/// Most issues a packet records; later ones are dropped (the first explain the rest).
pub const MAX_ISSUES: usize = 4;

/// A decoded frame: every layer found, borrowed from the frame's bytes.
#[derive(Debug, Clone)]
pub struct Packet<'a> {
    pub link: Link,
    /// 802.1Q/802.1ad tag ids, outermost first.
    pub vlan: ArrayVec<u16, 3>,
    pub net: Option<Net<'a>>,
    /// Never set for an IP fragment: its transport header belongs to the reassembled datagram.
    pub transport: Option<Transport<'a>>,
    /// Set for an IP fragment only: what reassembly needs (the engine's defragmenter).
    pub fragment: Option<IpFragment<'a>>,
    /// Empty (no allocation) on a well-formed packet; kept out of line so that the packet
    /// stays small to move.
    pub issues: Vec<Issue>,
}

/// The layer above IP.
#[derive(Debug, Clone)]
pub enum Transport<'a> {
    Tcp(Tcp<'a>),
    Udp(Udp<'a>),
    Icmp(Icmp<'a>),
}

/// A UDP header; `len` is the header's length field as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Udp<'a> {
    pub sport: u16,
    pub dport: u16,
    pub len: u16,
    pub checksum: u16,
    /// Payload bytes as tshark counts them: `len` − 8, or what IP carried when `len` lies
    /// (see `udp.rs`).
    pub payload_len: u32,
    /// The payload bytes captured: at most `payload_len`, fewer when the capture cut them
    /// (for a reassembled datagram, bytes of the reassembled payload, not of the frame).
    pub payload: &'a [u8],
}

impl<'a> Packet<'a> {
    fn new(link: Link) -> Packet<'a> {
        Packet {
            link,
            vlan: ArrayVec::new(),
            net: None,
            transport: None,
            fragment: None,
            issues: Vec::new(),
        }
    }

    /// Records an issue, keeping the first [`MAX_ISSUES`].
    pub fn push_issue(&mut self, issue: Issue) {
        if self.issues.len() < MAX_ISSUES {
            self.issues.push(issue);
        }
    }

    /// Source and destination IP addresses, if there is an IP layer.
    pub fn ip_addrs(&self) -> Option<(IpAddr, IpAddr)> {
        match self.net.as_ref()? {
            Net::Ipv4(ip) => Some((ip.src.into(), ip.dst.into())),
            Net::Ipv6(ip) => Some((ip.src.into(), ip.dst.into())),
            Net::Arp(_) => None,
        }
    }

    pub fn tcp(&self) -> Option<&Tcp<'a>> {
        match &self.transport {
            Some(Transport::Tcp(t)) => Some(t),
            _ => None,
        }
    }

    pub fn udp(&self) -> Option<&Udp<'a>> {
        match &self.transport {
            Some(Transport::Udp(u)) => Some(u),
            _ => None,
        }
    }
}

/// Decodes one frame of the given link type; `wire_len` is its length on the wire (more than
/// `data.len()` when the capture cut it short). Never fails: see the module contract.
pub fn decode(link_type: LinkType, data: &[u8], wire_len: u32) -> Packet<'_> {
    let uncaptured = usize::try_from(wire_len)
        .unwrap_or(usize::MAX)
        .saturating_sub(data.len());
    link::decode_link(link_type, data, uncaptured)
}
