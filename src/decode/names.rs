//! Names for numbers: ICMP types and codes, IP protocols, EtherTypes, ARP operations.
//! Plain tables, so every renderer says the same thing.

/// ICMP (version 4) or ICMPv6 (version 6) type name.
pub fn icmp_type(version: u8, t: u8) -> &'static str {
    if version == 4 {
        match t {
            0 => "echo reply",
            3 => "destination unreachable",
            4 => "source quench",
            5 => "redirect",
            8 => "echo request",
            9 => "router advertisement",
            10 => "router solicitation",
            11 => "time exceeded",
            12 => "parameter problem",
            13 => "timestamp request",
            14 => "timestamp reply",
            _ => "unknown type",
        }
    } else {
        match t {
            1 => "destination unreachable",
            2 => "packet too big",
            3 => "time exceeded",
            4 => "parameter problem",
            128 => "echo request",
            129 => "echo reply",
            130 => "multicast listener query",
            131 => "multicast listener report",
            132 => "multicast listener done",
            133 => "router solicitation",
            134 => "router advertisement",
            135 => "neighbor solicitation",
            136 => "neighbor advertisement",
            137 => "redirect",
            143 => "multicast listener report v2",
            _ => "unknown type",
        }
    }
}

/// The code's meaning for the types whose codes have names.
pub fn icmp_code(version: u8, t: u8, code: u8) -> Option<&'static str> {
    Some(match (version, t, code) {
        (4, 3, 0) => "network unreachable",
        (4, 3, 1) => "host unreachable",
        (4, 3, 2) => "protocol unreachable",
        (4, 3, 3) => "port unreachable",
        (4, 3, 4) => "fragmentation needed",
        (4, 3, 5) => "source route failed",
        (4, 3, 6) => "destination network unknown",
        (4, 3, 7) => "destination host unknown",
        (4, 3, 9) => "network administratively prohibited",
        (4, 3, 10) => "host administratively prohibited",
        (4, 3, 13) => "communication administratively prohibited",
        (4, 5, 0) => "redirect for network",
        (4, 5, 1) => "redirect for host",
        (4, 11, 0) => "TTL exceeded in transit",
        (4, 11, 1) => "fragment reassembly time exceeded",
        (6, 1, 0) => "no route to destination",
        (6, 1, 1) => "administratively prohibited",
        (6, 1, 3) => "address unreachable",
        (6, 1, 4) => "port unreachable",
        (6, 3, 0) => "hop limit exceeded in transit",
        (6, 3, 1) => "fragment reassembly time exceeded",
        (6, 4, 0) => "erroneous header field",
        (6, 4, 1) => "unrecognized next header",
        (6, 4, 2) => "unrecognized IPv6 option",
        _ => return None,
    })
}

/// Transport protocol name for an IP protocol number.
pub fn ip_proto(p: u8) -> &'static str {
    match p {
        0 => "HOPOPT",
        1 => "ICMP",
        2 => "IGMP",
        4 => "IPIP",
        6 => "TCP",
        17 => "UDP",
        41 => "IPv6",
        43 => "IPv6-Route",
        44 => "IPv6-Frag",
        47 => "GRE",
        50 => "ESP",
        51 => "AH",
        58 => "ICMPv6",
        59 => "IPv6-NoNxt",
        60 => "IPv6-Opts",
        89 => "OSPF",
        103 => "PIM",
        112 => "VRRP",
        132 => "SCTP",
        _ => "proto",
    }
}

/// EtherType name for the common ones.
pub fn ether_type(t: u16) -> Option<&'static str> {
    Some(match t {
        0x0800 => "IPv4",
        0x0806 => "ARP",
        0x86dd => "IPv6",
        0x8100 => "802.1Q",
        0x88a8 => "802.1ad",
        0x88cc => "LLDP",
        0x8863 => "PPPoE discovery",
        0x8864 => "PPPoE session",
        0x8847 => "MPLS",
        0x888e => "EAPOL",
        0x88e5 => "MACsec",
        0x9000 => "loopback",
        _ => return None,
    })
}

/// ARP operation name.
pub fn arp_op(op: u16) -> &'static str {
    match op {
        1 => "request",
        2 => "reply",
        3 => "RARP request",
        4 => "RARP reply",
        _ => "unknown",
    }
}
