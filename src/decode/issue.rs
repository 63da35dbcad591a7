//! What was wrong with a packet, as data: the layer, the byte offset where that layer starts,
//! and the rule that was broken. Rendered as text only when shown.

use std::fmt;

use etherparse::err::{self, packet::SliceError};

/// The protocol layer an issue belongs to (names used in JSON `issues[].layer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    Frame,
    Link,
    Vlan,
    Arp,
    Ip,
    Ipv4,
    Ipv6,
    Tcp,
    Udp,
    Icmp,
}

impl Layer {
    pub fn name(self) -> &'static str {
        match self {
            Layer::Frame => "frame",
            Layer::Link => "link",
            Layer::Vlan => "vlan",
            Layer::Arp => "arp",
            Layer::Ip => "ip",
            Layer::Ipv4 => "ipv4",
            Layer::Ipv6 => "ipv6",
            Layer::Tcp => "tcp",
            Layer::Udp => "udp",
            Layer::Icmp => "icmp",
        }
    }

    fn from_etherparse(layer: err::Layer) -> Layer {
        use err::Layer as L;
        match layer {
            L::LinuxSllHeader | L::Ethernet2Header | L::EtherPayload => Layer::Link,
            L::VlanHeader | L::MacsecHeader | L::MacsecPacket => Layer::Vlan,
            L::IpHeader => Layer::Ip,
            L::Ipv4Header | L::Ipv4Packet | L::IpAuthHeader => Layer::Ipv4,
            L::Ipv6Header
            | L::Ipv6Packet
            | L::Ipv6ExtHeader
            | L::Ipv6HopByHopHeader
            | L::Ipv6DestOptionsHeader
            | L::Ipv6RouteHeader
            | L::Ipv6FragHeader => Layer::Ipv6,
            L::UdpHeader | L::UdpPayload => Layer::Udp,
            L::TcpHeader => Layer::Tcp,
            L::Icmpv4 | L::Icmpv4Timestamp | L::Icmpv4TimestampReply | L::Icmpv6 | L::Igmp => {
                Layer::Icmp
            }
            L::Arp => Layer::Arp,
        }
    }
}

/// The rule a packet broke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssueKind {
    /// Fewer bytes than the header needs.
    Truncated {
        what: &'static str,
        needed: usize,
        got: usize,
    },
    /// IPv4 IHL below 5 words.
    Ipv4HeaderLength {
        bytes: u8,
    },
    /// IPv4 total length smaller than its own header.
    Ipv4TotalLength {
        total: u16,
        header: usize,
    },
    /// The version nibble is neither 4 nor 6.
    IpVersion {
        version: u8,
    },
    TcpDataOffset {
        bytes: u8,
    },
    /// An IP length field claims more bytes than the frame had on the wire.
    IpLengthExceedsFrame {
        what: &'static str,
        declared: u32,
        available: u32,
    },
    /// A UDP length field below the 8 bytes of its own header.
    UdpLengthShort {
        len: u16,
    },
    /// A UDP length field past the end of the IP payload carrying it.
    UdpLengthPastIp {
        len: u16,
        ip_payload: u32,
    },
    /// A UDP length of 0 (allowed for IPv6 jumbograms only) in an IP payload too small for one.
    UdpLengthZero {
        ip_payload: u32,
    },
    /// The link header names a protocol wirelab does not decode further.
    NotDecoded {
        what: &'static str,
        value: u32,
    },
    /// A timestamp whose sub-second field was out of range and was carried into the seconds.
    TimestampCarried,
    /// A checksum that does not match the bytes it covers (`decode::checksum`).
    BadChecksum {
        what: &'static str,
        found: u16,
        expected: u16,
    },
    /// Anything else etherparse reported, in its own words.
    Other(SliceError),
}

/// One problem found in a packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub layer: Layer,
    /// Offset in the frame where the layer starts.
    pub offset: usize,
    pub kind: IssueKind,
}

impl Issue {
    /// Converts a stop error of etherparse's lax slicer; `base` is the frame offset of the
    /// slice etherparse was given.
    pub fn from_slice_error(error: &SliceError, layer: err::Layer, base: usize) -> Issue {
        let layer_ours = Layer::from_etherparse(layer);
        match error {
            SliceError::Len(len) => Issue {
                layer: Layer::from_etherparse(len.layer),
                offset: base + len.layer_start_offset,
                kind: IssueKind::Truncated {
                    what: layer_label(len.layer),
                    needed: len.required_len,
                    got: len.len,
                },
            },
            SliceError::Ip(err::ip::HeaderError::UnsupportedIpVersion { version_number }) => {
                Issue {
                    layer: Layer::Ip,
                    offset: base,
                    kind: IssueKind::IpVersion {
                        version: *version_number,
                    },
                }
            }
            SliceError::Ip(err::ip::HeaderError::Ipv4HeaderLengthSmallerThanHeader { ihl }) => {
                Issue {
                    layer: Layer::Ipv4,
                    offset: base,
                    kind: IssueKind::Ipv4HeaderLength {
                        bytes: ihl.saturating_mul(4),
                    },
                }
            }
            SliceError::Tcp(err::tcp::HeaderError::DataOffsetTooSmall { data_offset }) => Issue {
                layer: Layer::Tcp,
                offset: base,
                kind: IssueKind::TcpDataOffset {
                    bytes: data_offset.saturating_mul(4),
                },
            },
            other => Issue {
                layer: layer_ours,
                offset: base,
                kind: IssueKind::Other(other.clone()),
            },
        }
    }
}

fn layer_label(layer: err::Layer) -> &'static str {
    use err::Layer as L;
    match layer {
        L::LinuxSllHeader => "Linux cooked header",
        L::Ethernet2Header => "Ethernet header",
        L::EtherPayload => "Ethernet payload",
        L::VlanHeader => "802.1Q VLAN tag",
        L::MacsecHeader | L::MacsecPacket => "MACsec header",
        L::IpHeader => "IP header",
        L::Ipv4Header => "IPv4 header",
        L::Ipv4Packet => "IPv4 packet",
        L::IpAuthHeader => "IP authentication header",
        L::Ipv6Header => "IPv6 header",
        L::Ipv6Packet => "IPv6 packet",
        L::Ipv6ExtHeader => "IPv6 extension header",
        L::Ipv6HopByHopHeader => "IPv6 hop-by-hop header",
        L::Ipv6DestOptionsHeader => "IPv6 destination options header",
        L::Ipv6RouteHeader => "IPv6 routing header",
        L::Ipv6FragHeader => "IPv6 fragment header",
        L::UdpHeader => "UDP header",
        L::UdpPayload => "UDP payload",
        L::TcpHeader => "TCP header",
        L::Icmpv4 | L::Icmpv4Timestamp | L::Icmpv4TimestampReply => "ICMP header",
        L::Icmpv6 => "ICMPv6 header",
        L::Igmp => "IGMP header",
        L::Arp => "ARP packet",
    }
}

impl fmt::Display for IssueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IssueKind::Truncated { what, needed, got } => {
                write!(f, "{what} truncated: needs {needed} bytes, {got} present")
            }
            IssueKind::Ipv4HeaderLength { bytes } => write!(f, "IPv4 header length {bytes} < 20"),
            IssueKind::Ipv4TotalLength { total, header } => {
                write!(f, "IPv4 total length {total} < header length {header}")
            }
            IssueKind::IpVersion { version } => {
                write!(f, "IP version {version} (only 4 and 6 exist)")
            }
            IssueKind::IpLengthExceedsFrame {
                what,
                declared,
                available,
            } => {
                write!(
                    f,
                    "{what} {declared} exceeds the {available} bytes the frame holds"
                )
            }
            IssueKind::TcpDataOffset { bytes } => write!(f, "TCP header length {bytes} < 20"),
            IssueKind::UdpLengthShort { len } => write!(f, "bad UDP length {len} < 8"),
            IssueKind::UdpLengthPastIp { len, ip_payload } => {
                write!(f, "bad UDP length {len} > IP payload length {ip_payload}")
            }
            IssueKind::UdpLengthZero { ip_payload } => write!(
                f,
                "UDP length 0 (a jumbogram's) but IP payload length {ip_payload} < 65536"
            ),
            IssueKind::NotDecoded { what, value } => write!(f, "{what} {value:#06x} not decoded"),
            IssueKind::TimestampCarried => {
                f.write_str("timestamp sub-second field >= 1 s, carried into the seconds")
            }
            IssueKind::BadChecksum {
                what,
                found,
                expected,
            } => write!(
                f,
                "bad {what} checksum {found:#06x}, the bytes sum to {expected:#06x}"
            ),
            IssueKind::Other(e) => write!(f, "{e}"),
        }
    }
}
