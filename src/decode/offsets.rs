//! Where a decoded frame's layers start, as byte offsets into its captured bytes: the end of
//! the link-layer header (where tcpdump's `-x` starts its dump), the network header, and the
//! bytes TCP or UDP carried. Computed from the decoder's own header lengths and the layouts,
//! so the hex dump, `-A` and the ladders' previews agree with the field tree.
//!
//! Never panics: offsets are added with saturation and clipped to the bytes captured.

use std::ops::Range;

use super::layout::{ethernet, loopback, sll, sll2, tcp, udp, vlan, wlan};
use super::{Link, Net, Packet, Transport};

/// The layers' offsets in one frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameOffsets {
    /// Bytes of the link-layer header, as tcpdump counts them for `-x`/`-X`/`-A`: Ethernet
    /// with its VLAN tags, SLL, SLL2, loopback, radiotap plus the 802.11 header (LLC/SNAP
    /// belongs to what follows, as in tcpdump).
    pub link_header: usize,
    /// The payload TCP or UDP carried, within the captured bytes (`None` without TCP or
    /// UDP, as for an IP fragment; empty when no byte of it was captured).
    pub payload: Option<Range<usize>>,
}

impl FrameOffsets {
    /// The offsets of `packet`, decoded from `caplen` captured bytes.
    pub fn of(packet: &Packet<'_>, caplen: usize) -> FrameOffsets {
        let link_header = link_header_len(packet).min(caplen);
        let payload = payload_range(packet).map(|r| {
            let end = r.end.min(caplen);
            r.start.min(end)..end
        });
        FrameOffsets {
            link_header,
            payload,
        }
    }
}

fn link_header_len(packet: &Packet<'_>) -> usize {
    match &packet.link {
        Link::Ethernet { .. } => ethernet::HEADER_LEN + vlan::TAG_LEN * packet.vlan.len(),
        Link::Sll { .. } => sll::HEADER_LEN,
        Link::Sll2 { .. } => sll2::HEADER_LEN,
        Link::Loopback { .. } => loopback::HEADER_LEN,
        Link::Wlan(w) => {
            let radiotap = w.radiotap.map_or(0, |r| usize::from(r.len));
            radiotap + usize::from(w.header_len)
        }
        Link::RawIp | Link::Missing => 0,
    }
}

/// Where the network header starts: after the link header and, on 802.11, LLC/SNAP.
pub(super) fn network_start(packet: &Packet<'_>) -> usize {
    let llc = match packet.link {
        Link::Wlan(_) if packet.net.is_some() => wlan::llc_snap::HEADER_LEN,
        _ => 0,
    };
    link_header_len(packet) + llc
}

/// The payload's bytes in the frame, before clipping to what was captured.
fn payload_range(packet: &Packet<'_>) -> Option<Range<usize>> {
    let ip_header = match packet.net.as_ref()? {
        Net::Ipv4(ip) => usize::from(ip.header_len),
        Net::Ipv6(ip) => super::layout::ipv6::HEADER_LEN + ip.exts_len,
        Net::Arp(_) => return None,
    };
    let transport = network_start(packet).saturating_add(ip_header);
    match packet.transport.as_ref()? {
        Transport::Tcp(t) => {
            // As the field tree counts it: a data offset below 5 still has 20 fixed bytes.
            let header = usize::from(t.header_len).max(tcp::MIN_HEADER_LEN);
            let start = transport.saturating_add(header);
            Some(start..start.saturating_add(t.payload.len()))
        }
        Transport::Udp(u) => {
            let start = transport.saturating_add(udp::HEADER_LEN);
            let len = usize::try_from(u.payload_len).unwrap_or(usize::MAX);
            Some(start..start.saturating_add(len))
        }
        Transport::Icmp(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::LinkType;
    use crate::decode::decode;

    #[test]
    fn tcp_and_udp_payloads_are_found_after_their_headers() {
        let tcp = etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .single_vlan(7.try_into().expect("a VLAN id"))
            .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .tcp(40000, 8001, 1, 65535)
            .psh();
        let mut bytes = Vec::new();
        tcp.write(&mut bytes, "你好".as_bytes()).expect("build");
        let packet = decode(LinkType::ETHERNET, &bytes, bytes.len() as u32);
        let o = FrameOffsets::of(&packet, bytes.len());
        assert_eq!(o.link_header, 18);
        let range = o.payload.clone().expect("a payload");
        assert_eq!(bytes.get(range), Some("你好".as_bytes()));
        assert_eq!(packet.tcp().map(|t| t.payload), Some("你好".as_bytes()));

        let udp = etherparse::PacketBuilder::ipv6([0xfd; 16], [0xfe; 16], 64).udp(5000, 6000);
        let mut bytes = Vec::new();
        udp.write(&mut bytes, b"hi").expect("build");
        let packet = decode(LinkType::RAW, &bytes, bytes.len() as u32);
        let o = FrameOffsets::of(&packet, bytes.len());
        assert_eq!(o.link_header, 0);
        assert_eq!(o.payload.and_then(|r| bytes.get(r)), Some(&b"hi"[..]));
        // Cut short: the range stops at the bytes captured.
        let o = FrameOffsets::of(&packet, bytes.len() - 1);
        assert_eq!(o.payload, Some(48..49));
    }
}
