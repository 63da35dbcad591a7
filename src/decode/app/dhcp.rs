//! DHCP (RFC 2131) messages: the fixed BOOTP header read by name, and the options a student
//! looks for (53 message type, 50 requested address, 54 server identifier).
//!
//! Read here rather than by a crate: the DHCP crate on crates.io, `dhcproto`, depends on
//! hickory-proto (a whole DNS implementation) for its domain-name options, far more to
//! build than the twenty lines this needs; the options are walked by their length bytes.

use std::net::Ipv4Addr;

use crate::decode::Mac;
use crate::decode::layout::{Field, array, be32};

/// The fixed header, counted from the start of the UDP payload (RFC 2131 figure 1).
mod bootp {
    use crate::decode::layout::Field;

    pub const OP: usize = 0;
    pub const HTYPE: usize = 1;
    pub const HLEN: usize = 2;
    pub const XID: Field = 4..8;
    pub const CIADDR: Field = 12..16;
    pub const YIADDR: Field = 16..20;
    /// The client's hardware address: 16 bytes, of which an Ethernet MAC takes the first 6.
    pub const CHADDR_MAC: Field = 28..34;
    pub const MAGIC: Field = 236..240;
    pub const OPTIONS: usize = 240;

    /// RFC 2132's magic cookie, 99.130.83.99.
    pub const MAGIC_COOKIE: u32 = 0x6382_5363;
    pub const HTYPE_ETHERNET: u8 = 1;
}

/// The options read (RFC 2132).
mod option {
    pub const PAD: u8 = 0;
    pub const REQUESTED_ADDRESS: u8 = 50;
    pub const MESSAGE_TYPE: u8 = 53;
    pub const SERVER_ID: u8 = 54;
    pub const END: u8 = 255;
}

/// A DHCP message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dhcp {
    /// BOOTP's op: 1 a request (from a client), 2 a reply.
    pub op: u8,
    /// Option 53: 1 DISCOVER, 2 OFFER, 3 REQUEST, 4 DECLINE, 5 ACK, 6 NAK, 7 RELEASE,
    /// 8 INFORM; `None` for plain BOOTP.
    pub message_type: Option<u8>,
    pub xid: u32,
    /// The client's MAC address, when its hardware type is Ethernet.
    pub client_mac: Option<Mac>,
    pub ciaddr: Ipv4Addr,
    /// "Your" address: the one offered or acknowledged.
    pub yiaddr: Ipv4Addr,
    /// Option 50: the address a REQUEST asks for.
    pub requested: Option<Ipv4Addr>,
    /// Option 54: the server that offers or acknowledges.
    pub server_id: Option<Ipv4Addr>,
}

/// A DHCP message, when the payload holds the fixed header and the magic cookie.
pub fn parse(payload: &[u8]) -> Option<Dhcp> {
    if be32(payload, bootp::MAGIC)? != bootp::MAGIC_COOKIE {
        return None;
    }
    let ethernet = payload.get(bootp::HTYPE) == Some(&bootp::HTYPE_ETHERNET)
        && payload.get(bootp::HLEN) == Some(&6);
    let client_mac = ethernet
        .then(|| array::<6>(payload, bootp::CHADDR_MAC).map(Mac))
        .flatten();
    let mut d = Dhcp {
        op: *payload.get(bootp::OP)?,
        message_type: None,
        xid: be32(payload, bootp::XID)?,
        client_mac,
        ciaddr: addr(payload, bootp::CIADDR)?,
        yiaddr: addr(payload, bootp::YIADDR)?,
        requested: None,
        server_id: None,
    };
    let mut rest = payload.get(bootp::OPTIONS..)?;
    while let Some((&code, after)) = rest.split_first() {
        match code {
            option::PAD => {
                rest = after;
                continue;
            }
            option::END => break,
            _ => {}
        }
        let (&len, after) = after.split_first()?;
        let value = after.get(..usize::from(len))?;
        match code {
            option::MESSAGE_TYPE => d.message_type = value.first().copied(),
            option::REQUESTED_ADDRESS => d.requested = addr(value, 0..4),
            option::SERVER_ID => d.server_id = addr(value, 0..4),
            _ => {}
        }
        rest = after.get(usize::from(len)..).unwrap_or(&[]);
    }
    Some(d)
}

fn addr(bytes: &[u8], field: Field) -> Option<Ipv4Addr> {
    array::<4>(bytes, field).map(Ipv4Addr::from)
}

/// A DHCP message built for tests: `op`, option 53 = `kind`, `yiaddr`, and option 54.
#[cfg(test)]
#[allow(clippy::indexing_slicing)]
pub(crate) fn built(op: u8, kind: u8, yiaddr: [u8; 4], server: Option<[u8; 4]>) -> Vec<u8> {
    let mut m = vec![op, 1, 6, 0, 0xde, 0xad, 0xbe, 0xef];
    m.resize(240, 0);
    m[16..20].copy_from_slice(&yiaddr);
    m[28..34].copy_from_slice(&[2, 0, 0, 0, 0, 1]);
    m[236..240].copy_from_slice(&[99, 130, 83, 99]);
    m.extend_from_slice(&[option::MESSAGE_TYPE, 1, kind]);
    if let Some(s) = server {
        m.extend_from_slice(&[option::SERVER_ID, 4]);
        m.extend_from_slice(&s);
    }
    m.push(option::END);
    m
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn an_offer_gives_the_offered_address_and_the_server() {
        let d = parse(&built(2, 2, [192, 168, 1, 10], Some([192, 168, 1, 1]))).unwrap();
        assert_eq!(d.message_type, Some(2));
        assert_eq!(d.yiaddr, Ipv4Addr::new(192, 168, 1, 10));
        assert_eq!(d.server_id, Some(Ipv4Addr::new(192, 168, 1, 1)));
        assert_eq!(d.client_mac, Some(Mac([2, 0, 0, 0, 0, 1])));
        assert_eq!(d.xid, 0xdead_beef);
    }

    #[test]
    fn without_the_magic_cookie_it_is_not_dhcp() {
        let mut m = built(1, 1, [0; 4], None);
        m[236] = 0;
        assert_eq!(parse(&m), None);
        assert_eq!(parse(&m[..100]), None);
    }

    #[test]
    fn an_option_cut_short_ends_the_walk_without_the_message() {
        let mut m = built(1, 1, [0; 4], None);
        m.truncate(241); // option 53's code, without its length
        assert_eq!(parse(&m), None);
    }
}
