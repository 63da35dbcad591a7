//! Where each field of a fixed header sits, by name: one module per protocol, each field a
//! byte range (or, for a one-byte field, its offset) counted from the start of its header, as
//! the RFC's header diagram draws it. The decoder reads fields through these names and so does
//! the field tree that highlights a field's bytes in the hex dump (`annotate::fields`), so the
//! two can never disagree about where a field is.
//!
//! Reading is through one pair of checked readers, [`be16`] and [`be32`], which answer `None`
//! when the field is not all there instead of panicking: the decoder's contract is that any
//! byte slice decodes. Inlined with a constant field over a slice whose length is already
//! known, they compile to the same load and byte swap as indexing a fixed array.
//!
//! Layout after smoltcp's `wire` modules (`mod field`), which name each protocol's fields as
//! ranges the same way.

use std::ops::Range;

/// A field's bytes, counted from the start of its header.
pub type Field = Range<usize>;

/// The big-endian (network order) `u16` in `field` of `bytes`, if `bytes` holds all of it.
#[inline(always)]
pub fn be16(bytes: &[u8], field: Field) -> Option<u16> {
    let b: [u8; 2] = bytes.get(field)?.try_into().ok()?;
    Some(u16::from_be_bytes(b))
}

/// The big-endian (network order) `u32` in `field` of `bytes`, if `bytes` holds all of it.
#[inline(always)]
pub fn be32(bytes: &[u8], field: Field) -> Option<u32> {
    let b: [u8; 4] = bytes.get(field)?.try_into().ok()?;
    Some(u32::from_be_bytes(b))
}

/// The bytes of `field` as an array (addresses), if `bytes` holds all of it and it is `N`
/// bytes long.
#[inline(always)]
pub fn array<const N: usize>(bytes: &[u8], field: Field) -> Option<[u8; N]> {
    bytes.get(field)?.try_into().ok()
}

/// Ethernet II (IEEE 802.3): two MAC addresses and the EtherType.
pub mod ethernet {
    use super::Field;

    pub const DST: Field = 0..6;
    pub const SRC: Field = 6..12;
    /// Where an 802.1Q tag goes when there is one (see [`super::vlan`]).
    pub const ETHER_TYPE: Field = 12..14;
    pub const HEADER_LEN: usize = 14;

    pub const TYPE_IPV4: u16 = 0x0800;
    pub const TYPE_IPV6: u16 = 0x86dd;
}

/// An 802.1Q/802.1ad tag, inserted before the EtherType: the tag's own type, then the tag
/// control information (priority, drop eligible, VLAN id).
pub mod vlan {
    use super::Field;

    pub const TPID: Field = 0..2;
    pub const TCI: Field = 2..4;
    pub const TAG_LEN: usize = 4;
}

/// Linux cooked capture v1 (`LINKTYPE_LINUX_SLL`), 16 bytes.
pub mod sll {
    use super::Field;

    pub const PACKET_TYPE: Field = 0..2;
    pub const ARPHRD: Field = 2..4;
    pub const ADDR_LEN: Field = 4..6;
    /// Room for 8 bytes; `ADDR_LEN` says how many are the address.
    pub const ADDR: Field = 6..14;
    pub const PROTOCOL: Field = 14..16;
    pub const HEADER_LEN: usize = 16;
}

/// Linux cooked capture v2 (`LINKTYPE_LINUX_SLL2`), 20 bytes: v1's fields reordered, with the
/// interface index added.
pub mod sll2 {
    use super::Field;

    pub const PROTOCOL: Field = 0..2;
    pub const RESERVED: Field = 2..4;
    pub const IFINDEX: Field = 4..8;
    pub const ARPHRD: Field = 8..10;
    pub const PACKET_TYPE: usize = 10;
    pub const ADDR_LEN: usize = 11;
    /// Room for 8 bytes; `ADDR_LEN` says how many are the address.
    pub const ADDR: Field = 12..20;
    pub const HEADER_LEN: usize = 20;
}

/// BSD loopback (`NULL`, host byte order; `LOOP`, network order): the address family.
pub mod loopback {
    use super::Field;

    pub const FAMILY: Field = 0..4;
    pub const HEADER_LEN: usize = 4;
}

/// ARP (RFC 826): fixed fields, then addresses whose lengths the header gives.
pub mod arp {
    use super::Field;

    pub const HW_TYPE: Field = 0..2;
    pub const PROTO_TYPE: Field = 2..4;
    pub const HW_LEN: usize = 4;
    pub const PROTO_LEN: usize = 5;
    pub const OPER: Field = 6..8;
    /// The sender's hardware address starts here.
    pub const ADDRS: usize = 8;

    /// The sender hardware address of a packet whose addresses are `hw_len` bytes.
    pub fn sender_hw(hw_len: usize) -> Field {
        ADDRS..ADDRS.saturating_add(hw_len)
    }
}

/// IPv4 (RFC 791).
pub mod ipv4 {
    use super::Field;

    /// Version (high nibble) and header length in 32-bit words (low nibble).
    pub const VER_IHL: usize = 0;
    /// DSCP and ECN (the old type of service).
    pub const TOS: usize = 1;
    pub const TOTAL_LEN: Field = 2..4;
    pub const IDENT: Field = 4..6;
    /// Flags (3 bits) and fragment offset in 8-byte units (13 bits).
    pub const FLG_OFF: Field = 6..8;
    pub const TTL: usize = 8;
    pub const PROTOCOL: usize = 9;
    pub const CHECKSUM: Field = 10..12;
    pub const SRC: Field = 12..16;
    pub const DST: Field = 16..20;
    /// The header without options; options, if any, follow.
    pub const MIN_HEADER_LEN: usize = 20;

    pub const FLAG_DF: u16 = 0x4000;
    pub const FLAG_MF: u16 = 0x2000;
    pub const OFFSET_MASK: u16 = 0x1fff;
}

/// IPv6 (RFC 8200): the fixed header and the fragment extension header.
pub mod ipv6 {
    use super::Field;

    /// Version (4 bits), traffic class (8), flow label (20).
    pub const VER_TC_FLOW: Field = 0..4;
    pub const PAYLOAD_LEN: Field = 4..6;
    pub const NEXT_HEADER: usize = 6;
    pub const HOP_LIMIT: usize = 7;
    pub const SRC: Field = 8..24;
    pub const DST: Field = 24..40;
    pub const HEADER_LEN: usize = 40;

    /// The first two bytes every extension header shares (RFC 8200 section 4).
    pub mod ext {
        pub const NEXT_HEADER: usize = 0;
        /// Length in 8-byte units after the first 8 (4-byte units minus 2 for AH).
        pub const LEN: usize = 1;
    }

    /// The fragment header (RFC 8200 section 4.5).
    pub mod fragment {
        use super::super::Field;

        /// Offset in 8-byte units (13 bits), two reserved bits, more fragments (1 bit).
        pub const FRAG_OFF: Field = 2..4;
        pub const IDENT: Field = 4..8;
        pub const HEADER_LEN: usize = 8;
    }
}

/// TCP (RFC 9293).
pub mod tcp {
    use super::Field;

    pub const SRC_PORT: Field = 0..2;
    pub const DST_PORT: Field = 2..4;
    pub const SEQ_NUM: Field = 4..8;
    pub const ACK_NUM: Field = 8..12;
    /// Data offset (4 bits, in 32-bit words), then the twelve flag bits (three reserved).
    pub const FLAGS: Field = 12..14;
    /// The byte holding the data offset.
    pub const DATA_OFFSET: usize = 12;
    pub const WIN_SIZE: Field = 14..16;
    pub const CHECKSUM: Field = 16..18;
    pub const URGENT: Field = 18..20;
    /// The header without options; options, if any, follow.
    pub const MIN_HEADER_LEN: usize = 20;

    /// The data of the options wirelab reads, counted from after the kind and length bytes.
    pub mod option {
        use super::super::Field;

        pub const MSS: Field = 0..2;
        pub const TS_VAL: Field = 0..4;
        pub const TS_ECR: Field = 4..8;
        /// Within one SACK block.
        pub const SACK_LEFT: Field = 0..4;
        pub const SACK_RIGHT: Field = 4..8;
        pub const SACK_BLOCK_LEN: usize = 8;
    }
}

/// UDP (RFC 768).
pub mod udp {
    use super::Field;

    pub const SRC_PORT: Field = 0..2;
    pub const DST_PORT: Field = 2..4;
    pub const LENGTH: Field = 4..6;
    pub const CHECKSUM: Field = 6..8;
    pub const HEADER_LEN: usize = 8;
}

/// ICMP (RFC 792) and ICMPv6 (RFC 4443) share their first eight bytes.
pub mod icmp {
    use super::Field;

    pub const TYPE: usize = 0;
    pub const CODE: usize = 1;
    pub const CHECKSUM: Field = 2..4;
    /// Meaning by type: echo identifier and sequence number, MTU, pointer...
    pub const REST: Field = 4..8;
    pub const HEADER_LEN: usize = 8;

    /// An echo request's or reply's fields, counted from the start of `REST`.
    pub const ECHO_IDENT: Field = 0..2;
    pub const ECHO_SEQ: Field = 2..4;
}

/// 802.11 MAC headers (IEEE 802.11), radiotap in front of them, LLC/SNAP behind.
pub mod wlan {
    use super::Field;

    pub const FRAME_CONTROL: Field = 0..2;
    /// The frame control's flags byte (ToDS, FromDS, ..., protected, order).
    pub const FC_FLAGS: usize = 1;
    pub const DURATION: Field = 2..4;
    /// Where addresses 1 to 4 start: after duration, six bytes each, but the fourth after the
    /// sequence control field.
    pub const ADDR_AT: [usize; 4] = [4, 10, 16, 24];
    pub const ADDR_LEN: usize = 6;

    /// The radiotap header (radiotap.org): little-endian, unlike everything else here.
    pub mod radiotap {
        use super::super::Field;

        pub const LEN: Field = 2..4;
        /// The first presence word; more follow while bit 31 is set.
        pub const PRESENT: usize = 4;
        pub const PRESENT_WORD_LEN: usize = 4;
        pub const MIN_HEADER_LEN: usize = 8;
    }

    /// LLC (DSAP AA, SSAP AA, control 03), then SNAP: an OUI and an EtherType.
    pub mod llc_snap {
        use super::super::Field;

        pub const OUI: Field = 3..6;
        pub const ETHER_TYPE: Field = 6..8;
        pub const HEADER_LEN: usize = 8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_answer_none_for_a_field_not_all_there() {
        let bytes = [0x12, 0x34, 0x56, 0x78, 0x9a];
        assert_eq!(be16(&bytes, 0..2), Some(0x1234));
        assert_eq!(be16(&bytes, 4..6), None);
        assert_eq!(be32(&bytes, 1..5), Some(0x3456_789a));
        assert_eq!(be32(&bytes, 2..6), None);
        assert_eq!(be32(&bytes, usize::MAX - 1..usize::MAX), None);
        // A range of the wrong width is not read as a shorter or longer number.
        assert_eq!(be16(&bytes, 0..3), None);
        assert_eq!(array::<4>(&bytes, 0..2), None);
        assert_eq!(array::<2>(&bytes, 3..5), Some([0x78, 0x9a]));
    }

    #[test]
    fn fixed_headers_end_where_their_last_field_does() {
        assert_eq!(ethernet::ETHER_TYPE.end, ethernet::HEADER_LEN);
        assert_eq!(sll::PROTOCOL.end, sll::HEADER_LEN);
        assert_eq!(sll2::ADDR.end, sll2::HEADER_LEN);
        assert_eq!(ipv4::DST.end, ipv4::MIN_HEADER_LEN);
        assert_eq!(ipv6::DST.end, ipv6::HEADER_LEN);
        assert_eq!(tcp::URGENT.end, tcp::MIN_HEADER_LEN);
        assert_eq!(udp::CHECKSUM.end, udp::HEADER_LEN);
        assert_eq!(icmp::REST.end, icmp::HEADER_LEN);
        assert_eq!(wlan::llc_snap::ETHER_TYPE.end, wlan::llc_snap::HEADER_LEN);
    }
}
