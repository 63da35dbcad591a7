//! Link-layer header types (the `LINKTYPE_` numbers of pcap and pcapng) that wirelab decodes.

use std::fmt;

/// A link-layer header type number as stored in a capture file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LinkType(pub u32);

impl LinkType {
    pub const NULL: LinkType = LinkType(0);
    pub const ETHERNET: LinkType = LinkType(1);
    /// DLT_RAW as OpenBSD numbers it in savefiles written there (12) and DLT_RAW on some BSDs (14).
    pub const RAW_12: LinkType = LinkType(12);
    pub const RAW_14: LinkType = LinkType(14);
    pub const RAW: LinkType = LinkType(101);
    /// 802.11 frames without a radiotap header.
    pub const IEEE802_11: LinkType = LinkType(105);
    /// A radiotap header, then the 802.11 frame (DLT_IEEE802_11_RADIO: monitor mode).
    pub const IEEE802_11_RADIOTAP: LinkType = LinkType(127);
    pub const LOOP: LinkType = LinkType(108);
    pub const LINUX_SLL: LinkType = LinkType(113);
    pub const IPV4: LinkType = LinkType(228);
    pub const IPV6: LinkType = LinkType(229);
    pub const LINUX_SLL2: LinkType = LinkType(276);

    /// The LINKTYPE_ name and a description, or `None` for a type wirelab cannot decode.
    pub fn known_name(self) -> Option<(&'static str, &'static str)> {
        Some(match self.0 {
            0 => ("NULL", "BSD loopback"),
            1 => ("EN10MB", "Ethernet"),
            12 | 14 | 101 => ("RAW", "Raw IP"),
            105 => ("IEEE802_11", "802.11"),
            108 => ("LOOP", "OpenBSD loopback"),
            113 => ("LINUX_SLL", "Linux cooked v1"),
            127 => ("IEEE802_11_RADIO", "802.11 with radiotap"),
            228 => ("IPV4", "Raw IPv4"),
            229 => ("IPV6", "Raw IPv6"),
            276 => ("LINUX_SLL2", "Linux cooked v2"),
            _ => return None,
        })
    }

    /// Whether the decoder understands this link type.
    pub fn is_supported(self) -> bool {
        self.known_name().is_some()
    }
}

impl fmt::Display for LinkType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.known_name() {
            Some((name, desc)) => write!(f, "{name} ({desc})"),
            None => write!(f, "link type {}", self.0),
        }
    }
}
