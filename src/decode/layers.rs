//! A decoded frame as the layers a textbook draws: one span of bytes per header (and one for
//! the data, one for what follows the IP packet), each with its place in the frame, its
//! protocol and the addresses or ports it uses. Built from the header lengths the decoder
//! already read and from `offsets.rs` (no byte is parsed again), so the spans agree with the
//! field tree and the hex dump.
//!
//! The spans follow each other without gaps and are clipped to the bytes captured: their
//! lengths add up to the captured length, whatever the frame holds.

use std::net::IpAddr;

use super::layout::{ethernet, ipv6, loopback, sll, sll2, tcp, udp, vlan, wlan};
use super::{Link, LinkAddr, Mac, Net, Packet, Transport};

/// The four layers of the TCP/IP model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tier {
    Link,
    Internet,
    Transport,
    Application,
}

impl Tier {
    /// The name used in JSON (`layers[].layer`).
    pub fn name(self) -> &'static str {
        match self {
            Tier::Link => "link",
            Tier::Internet => "internet",
            Tier::Transport => "transport",
            Tier::Application => "application",
        }
    }

    /// The OSI layers this layer stands for.
    pub fn osi(self) -> &'static str {
        match self {
            Tier::Link => "1–2",
            Tier::Internet => "3",
            Tier::Transport => "4",
            Tier::Application => "5–7",
        }
    }
}

/// What a span of bytes is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Proto {
    Ethernet,
    /// One 802.1Q/802.1ad tag.
    Vlan,
    Sll,
    Sll2,
    Loopback,
    Radiotap,
    Wlan,
    LlcSnap,
    Ipv4,
    Ipv6,
    /// The IPv6 extension headers, together.
    Ipv6Ext,
    Arp,
    Tcp,
    Udp,
    Icmp,
    Icmpv6,
    /// What the transport layer carried (or, for ICMP, the rest of its message).
    Data,
    /// A piece of an IP datagram cut in fragments: its transport header is in the first one.
    Fragment,
    /// Bytes after the IP packet or ARP message: Ethernet padding to 60 bytes, a frame check
    /// sequence, whatever a capture kept.
    Trailer,
    /// Bytes after the last header the decoder read, which it does not decode.
    Undecoded,
}

impl Proto {
    /// The protocol's name, as the layer rows and JSON (`layers[].protocol`) give it.
    pub fn name(self) -> &'static str {
        match self {
            Proto::Ethernet => "Ethernet",
            Proto::Vlan => "802.1Q",
            Proto::Sll => "SLL",
            Proto::Sll2 => "SLL2",
            Proto::Loopback => "loopback",
            Proto::Radiotap => "radiotap",
            Proto::Wlan => "802.11",
            Proto::LlcSnap => "LLC/SNAP",
            Proto::Ipv4 => "IPv4",
            Proto::Ipv6 => "IPv6",
            Proto::Ipv6Ext => "IPv6-ext",
            Proto::Arp => "ARP",
            Proto::Tcp => "TCP",
            Proto::Udp => "UDP",
            Proto::Icmp => "ICMP",
            Proto::Icmpv6 => "ICMPv6",
            Proto::Data => "data",
            Proto::Fragment => "fragment",
            Proto::Trailer => "trailer",
            Proto::Undecoded => "undecoded",
        }
    }
}

/// The addresses or ports a layer uses to say where the packet goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ends {
    None,
    Mac(Mac, Mac),
    /// A Linux cooked header's one address (the sender's, or the receiver's for outgoing).
    Cooked(LinkAddr),
    /// A VLAN id.
    Vlan(u16),
    Ip(IpAddr, IpAddr),
    /// ARP's sender and target protocol addresses (as bytes: any protocol).
    Arp(LinkAddr, LinkAddr),
    Ports(u16, u16),
    /// ICMP's type and code.
    Icmp(u8, u8),
}

/// One layer's bytes in the frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub tier: Tier,
    pub proto: Proto,
    /// Where the span starts in the frame's captured bytes.
    pub offset: usize,
    /// Bytes captured of it (fewer than the header has when the capture cut it short).
    pub len: usize,
    pub ends: Ends,
}

impl Span {
    pub fn range(&self) -> std::ops::Range<usize> {
        self.offset..self.offset + self.len
    }
}

/// Lays spans end to end, clipping each to the bytes captured.
struct Builder {
    spans: Vec<Span>,
    at: usize,
    caplen: usize,
}

impl Builder {
    fn push(&mut self, tier: Tier, proto: Proto, len: usize, ends: Ends) {
        let len = len.min(self.caplen - self.at);
        self.spans.push(Span {
            tier,
            proto,
            offset: self.at,
            len,
            ends,
        });
        self.at += len;
    }

    /// The rest of the frame as `proto`, if any byte is left.
    fn rest(mut self, tier: Tier, proto: Proto) -> Vec<Span> {
        if self.at < self.caplen {
            self.push(tier, proto, usize::MAX, Ends::None);
        }
        self.spans
    }
}

/// The layers of `packet`, decoded from `caplen` captured bytes, outermost first.
pub fn layers(packet: &Packet<'_>, caplen: usize) -> Vec<Span> {
    let mut b = Builder {
        spans: Vec::with_capacity(6),
        at: 0,
        caplen,
    };
    link_spans(&mut b, packet);
    let Some(net) = &packet.net else {
        let tier = if b.spans.is_empty() {
            Tier::Link
        } else {
            Tier::Internet
        };
        return b.rest(tier, Proto::Undecoded);
    };
    let net_start = b.at;
    let end = match net {
        Net::Arp(arp) => {
            let addrs = arp.sender_hw.as_bytes().len() + arp.sender_proto.as_bytes().len();
            let ends = Ends::Arp(arp.sender_proto, arp.target_proto);
            b.push(Tier::Internet, Proto::Arp, 8 + 2 * addrs, ends);
            return b.rest(Tier::Link, Proto::Trailer);
        }
        Net::Ipv4(ip) => {
            let ends = Ends::Ip(ip.src.into(), ip.dst.into());
            b.push(Tier::Internet, Proto::Ipv4, ip.header_len.into(), ends);
            datagram_end(net_start, ip.total_len.into(), caplen)
        }
        Net::Ipv6(ip) => {
            let ends = Ends::Ip(ip.src.into(), ip.dst.into());
            b.push(Tier::Internet, Proto::Ipv6, ipv6::HEADER_LEN, ends);
            if ip.exts_len > 0 {
                b.push(Tier::Internet, Proto::Ipv6Ext, ip.exts_len, Ends::None);
            }
            let total = ipv6::HEADER_LEN + usize::from(ip.payload_len);
            datagram_end(net_start, total, caplen)
        }
    };
    transport_spans(&mut b, packet, end);
    b.rest(Tier::Link, Proto::Trailer)
}

/// Where the IP packet that starts at `start` ends, by its length field; a length of 0 (as
/// captures of segmentation offload show) or one shorter than the header counts as "to the
/// end of the frame".
fn datagram_end(start: usize, total: usize, caplen: usize) -> usize {
    if total == 0 {
        caplen
    } else {
        start.saturating_add(total)
    }
}

fn link_spans(b: &mut Builder, packet: &Packet<'_>) {
    match &packet.link {
        Link::Ethernet { src, dst, .. } => {
            b.push(
                Tier::Link,
                Proto::Ethernet,
                ethernet::HEADER_LEN,
                Ends::Mac(*src, *dst),
            );
            for id in &packet.vlan {
                b.push(Tier::Link, Proto::Vlan, vlan::TAG_LEN, Ends::Vlan(*id));
            }
        }
        Link::Sll { addr, .. } => {
            b.push(Tier::Link, Proto::Sll, sll::HEADER_LEN, Ends::Cooked(*addr))
        }
        Link::Sll2 { addr, .. } => {
            b.push(
                Tier::Link,
                Proto::Sll2,
                sll2::HEADER_LEN,
                Ends::Cooked(*addr),
            );
        }
        Link::Loopback { .. } => b.push(
            Tier::Link,
            Proto::Loopback,
            loopback::HEADER_LEN,
            Ends::None,
        ),
        Link::Wlan(w) => {
            if let Some(r) = w.radiotap {
                b.push(Tier::Link, Proto::Radiotap, r.len.into(), Ends::None);
            }
            let ends = match (w.sa(), w.da()) {
                (Some(s), Some(d)) => Ends::Mac(s, d),
                _ => Ends::None,
            };
            b.push(Tier::Link, Proto::Wlan, w.header_len.into(), ends);
            if packet.net.is_some() {
                b.push(
                    Tier::Link,
                    Proto::LlcSnap,
                    wlan::llc_snap::HEADER_LEN,
                    Ends::None,
                );
            }
        }
        Link::RawIp | Link::Missing => {}
    }
}

/// The transport header and what it carries, up to `end` (the end of the IP packet).
fn transport_spans(b: &mut Builder, packet: &Packet<'_>, end: usize) {
    let left = |b: &Builder| end.saturating_sub(b.at);
    let fragment = match &packet.net {
        Some(Net::Ipv4(ip)) => ip.is_fragment(),
        Some(Net::Ipv6(ip)) => ip.fragment.is_some(),
        _ => false,
    };
    // A fragment's transport layer, if the packet has one, is the reassembled datagram's.
    let transport = packet.transport.as_ref().filter(|_| !fragment);
    let Some(t) = transport else {
        let proto = if fragment {
            Proto::Fragment
        } else {
            Proto::Undecoded
        };
        let n = left(b);
        if n > 0 {
            b.push(Tier::Transport, proto, n, Ends::None);
        }
        return;
    };
    let (proto, header, ends) = match t {
        Transport::Tcp(t) => (
            Proto::Tcp,
            usize::from(t.header_len).max(tcp::MIN_HEADER_LEN),
            Ends::Ports(t.sport, t.dport),
        ),
        Transport::Udp(u) => (Proto::Udp, udp::HEADER_LEN, Ends::Ports(u.sport, u.dport)),
        Transport::Icmp(i) => {
            let proto = if i.version == 6 {
                Proto::Icmpv6
            } else {
                Proto::Icmp
            };
            (proto, 8, Ends::Icmp(i.icmp_type, i.code))
        }
    };
    // ICMP is part of the internet layer, though IP carries it (RFC 792: "an integral part
    // of IP"; RFC 1122 §3.2.2), and so is what its message carries: an error's quote of the
    // packet it is about, an echo's data. TCP and UDP carry the application's bytes.
    let tier = match t {
        Transport::Icmp(_) => Tier::Internet,
        Transport::Tcp(_) | Transport::Udp(_) => Tier::Transport,
    };
    b.push(tier, proto, header, ends);
    let n = left(b);
    if n > 0 {
        let tier = match tier {
            Tier::Internet => Tier::Internet,
            _ => Tier::Application,
        };
        b.push(tier, Proto::Data, n, Ends::None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::LinkType;
    use crate::decode::decode;

    fn spans(link: LinkType, bytes: &[u8]) -> Vec<(Proto, usize)> {
        let packet = decode(link, bytes, bytes.len() as u32);
        layers(&packet, bytes.len())
            .iter()
            .map(|s| (s.proto, s.len))
            .collect()
    }

    #[test]
    fn a_vlan_tcp_frame_is_its_headers_and_its_data() {
        let tcp = etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .single_vlan(7.try_into().expect("a VLAN id"))
            .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .tcp(40000, 8001, 1, 65535);
        let mut bytes = Vec::new();
        tcp.write(&mut bytes, b"hello").expect("build");
        let got = spans(LinkType::ETHERNET, &bytes);
        let want = [
            (Proto::Ethernet, 14),
            (Proto::Vlan, 4),
            (Proto::Ipv4, 20),
            (Proto::Tcp, 20),
            (Proto::Data, 5),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn ipv6_extension_headers_are_an_internet_span_of_their_own() {
        let udp = etherparse::PacketBuilder::ipv6([0xfd; 16], [0xfe; 16], 64).udp(5000, 6000);
        let mut bytes = Vec::new();
        udp.write(&mut bytes, b"hi").expect("build");
        // A hop-by-hop options header (next: UDP, PadN to 8 bytes) spliced in after the
        // fixed header, which now points at it.
        let hop_by_hop = [17u8, 0, 1, 4, 0, 0, 0, 0];
        let mut spliced: Vec<u8> = bytes.iter().take(40).copied().collect();
        spliced.extend_from_slice(&hop_by_hop);
        spliced.extend(bytes.iter().skip(40));
        if let Some(next) = spliced.get_mut(6) {
            *next = 0;
        }
        if let Some(len) = spliced.get_mut(5) {
            *len += 8;
        }
        let got = spans(LinkType::RAW, &spliced);
        let want = [
            (Proto::Ipv6, 40),
            (Proto::Ipv6Ext, 8),
            (Proto::Udp, 8),
            (Proto::Data, 2),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn padding_is_a_trailer_and_a_cut_frame_keeps_what_was_captured() {
        let udp = etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .udp(5000, 6000);
        let mut bytes = Vec::new();
        udp.write(&mut bytes, b"hi").expect("build");
        bytes.resize(60, 0);
        let got = spans(LinkType::ETHERNET, &bytes);
        let want = [
            (Proto::Ethernet, 14),
            (Proto::Ipv4, 20),
            (Proto::Udp, 8),
            (Proto::Data, 2),
            (Proto::Trailer, 16),
        ];
        assert_eq!(got, want);
        let cut = bytes.get(..40).expect("60 bytes");
        let packet = decode(LinkType::ETHERNET, cut, 60);
        let cut = layers(&packet, 40);
        assert_eq!(cut.iter().map(|s| s.len).sum::<usize>(), 40);
        for garbage in [&b""[..], &[0xff; 3], &[0x45; 30]] {
            let packet = decode(LinkType::RAW, garbage, garbage.len() as u32);
            let sum: usize = layers(&packet, garbage.len()).iter().map(|s| s.len).sum();
            assert_eq!(sum, garbage.len());
        }
    }
}
