//! A layer's addresses or ports as text: the same in every language (they are numbers).

use std::fmt::Write;

use crate::decode::LinkAddr;
use crate::decode::layers::{Ends, Span};

/// `from → to` for addresses and ports, `VLAN 7`, an ICMP type/code as `8/0` (as the ladder
/// labels an ICMP error); empty when the layer has
/// none.
pub fn ends_text(span: &Span) -> String {
    let mut out = String::new();
    // Writing to a String does not fail.
    let _ = match span.ends {
        Ends::None => Ok(()),
        Ends::Mac(s, d) => write!(out, "{s} → {d}"),
        Ends::Cooked(a) => write!(out, "{a}"),
        Ends::Vlan(id) => write!(out, "VLAN {id}"),
        Ends::Ip(s, d) => write!(out, "{s} → {d}"),
        Ends::Arp(s, t) => write!(out, "{} → {}", proto_addr(s), proto_addr(t)),
        Ends::Ports(s, d) => write!(out, "{s} → {d}"),
        Ends::Icmp(t, c) => write!(out, "{t}/{c}"),
    };
    out
}

/// An ARP protocol address: dotted when it is IPv4, else its bytes.
pub(super) fn proto_addr(a: LinkAddr) -> String {
    match <[u8; 4]>::try_from(a.as_bytes()) {
        Ok(v4) => std::net::Ipv4Addr::from(v4).to_string(),
        Err(_) => a.to_string(),
    }
}
