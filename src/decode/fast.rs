//! The common case without etherparse's general slicer: an Ethernet frame without VLAN tags,
//! carrying a whole, unfragmented IPv4 packet (options allowed) or an IPv6 packet without
//! extension headers, carrying TCP or UDP. Most frames of any capture are this, and reading
//! the few fixed fields straight from the bytes costs a fraction of the general slicer.
//!
//! Contract: [`ethernet`] returns `None` for anything outside that case, and the general path
//! decodes it; when it returns a packet, that packet is exactly what the general path would
//! have produced (checked by the tests below on mutated and truncated frames). So every
//! condition here is one under which the general path records no issue.

use std::net::{Ipv4Addr, Ipv6Addr};

use arrayvec::ArrayVec;

use super::layout::{self, array, be16, be32, ethernet as eth, ipv4 as v4, ipv6 as v6};
use super::link::{Link, Mac};
use super::net::{Ipv4, Ipv6, Net};
use super::tcp::{Tcp, TcpFlags};
use super::{Packet, Transport, udp};

const TCP: u8 = 6;
const UDP: u8 = 17;

/// Decodes an Ethernet frame of the common shape, or says `None` (see the module contract).
pub(super) fn ethernet(data: &[u8]) -> Option<Packet<'_>> {
    let (header, ip) = data.split_at_checked(eth::HEADER_LEN)?;
    let ether_type = be16(header, eth::ETHER_TYPE)?;
    let (net, proto, payload) = match ether_type {
        eth::TYPE_IPV4 => ipv4(ip)?,
        eth::TYPE_IPV6 => ipv6(ip)?,
        _ => return None,
    };
    // The IP payload as its header declares it (whole in the frame: checked above).
    let declared = u32::try_from(payload.len()).ok()?;
    let transport = match proto {
        TCP => Transport::Tcp(tcp(payload, declared)?),
        UDP => Transport::Udp(udp(payload, declared, ether_type == eth::TYPE_IPV6)?),
        _ => return None,
    };
    Some(Packet {
        link: Link::Ethernet {
            src: Mac(array(header, eth::SRC)?),
            dst: Mac(array(header, eth::DST)?),
            ether_type,
        },
        vlan: ArrayVec::new(),
        net: Some(net),
        transport: Some(transport),
        fragment: None,
        issues: Vec::new(),
    })
}

/// A whole, unfragmented IPv4 packet: its header, protocol and payload (cut to its total
/// length, so that Ethernet padding is not payload).
fn ipv4(ip: &[u8]) -> Option<(Net<'_>, u8, &[u8])> {
    let &first = ip.get(v4::VER_IHL)?;
    let header_len = (first & 0x0f) * 4;
    let hl = usize::from(header_len);
    if first >> 4 != 4 || hl < v4::MIN_HEADER_LEN || ip.len() < hl {
        return None;
    }
    let total_len = be16(ip, v4::TOTAL_LEN)?;
    let total = usize::from(total_len);
    if total < hl || total > ip.len() {
        return None;
    }
    let frag = be16(ip, v4::FLG_OFF)?;
    let more_fragments = frag & v4::FLAG_MF != 0;
    let frag_offset = (frag & v4::OFFSET_MASK) * 8;
    let proto = *ip.get(v4::PROTOCOL)?;
    if more_fragments || frag_offset != 0 || (proto != TCP && proto != UDP) {
        return None;
    }
    let ipv4 = Ipv4 {
        src: Ipv4Addr::from(array::<4>(ip, v4::SRC)?),
        dst: Ipv4Addr::from(array::<4>(ip, v4::DST)?),
        ttl: *ip.get(v4::TTL)?,
        proto,
        header_len,
        total_len,
        id: be16(ip, v4::IDENT)?,
        dont_fragment: frag & v4::FLAG_DF != 0,
        more_fragments,
        frag_offset,
        tos: *ip.get(v4::TOS)?,
        checksum: be16(ip, v4::CHECKSUM)?,
        options: ip.get(v4::MIN_HEADER_LEN..hl)?,
    };
    Some((Net::Ipv4(ipv4), proto, ip.get(hl..total)?))
}

/// An IPv6 packet whose next header is TCP or UDP (no extension headers), whole in the frame,
/// with a non-zero payload length.
fn ipv6(ip: &[u8]) -> Option<(Net<'static>, u8, &[u8])> {
    let (header, rest) = ip.split_at_checked(v6::HEADER_LEN)?;
    let word = be32(header, v6::VER_TC_FLOW)?;
    if word >> 28 != 6 {
        return None;
    }
    let payload_len = be16(header, v6::PAYLOAD_LEN)?;
    let next_header = *header.get(v6::NEXT_HEADER)?;
    if payload_len == 0 || (next_header != TCP && next_header != UDP) {
        return None;
    }
    let payload = rest.get(..usize::from(payload_len))?;
    let ipv6 = Ipv6 {
        src: Ipv6Addr::from(array::<16>(header, v6::SRC)?),
        dst: Ipv6Addr::from(array::<16>(header, v6::DST)?),
        hop_limit: *header.get(v6::HOP_LIMIT)?,
        next_header,
        proto: next_header,
        payload_len,
        traffic_class: ((word >> 20) & 0xff) as u8,
        flow_label: word & 0x000f_ffff,
        exts: ArrayVec::new(),
        exts_len: 0,
        fragment: None,
    };
    Some((Net::Ipv6(ipv6), next_header, payload))
}

/// A TCP header with a valid data offset whose options are all in `segment`. Inlined: as a
/// call of its own it cost the fast path a tenth more instructions (callgrind).
#[inline(always)]
fn tcp(segment: &[u8], declared: u32) -> Option<Tcp<'_>> {
    use layout::tcp as f;
    let fixed = segment.get(..f::MIN_HEADER_LEN)?;
    let header_len = (*fixed.get(f::DATA_OFFSET)? >> 4) * 4;
    let hl = usize::from(header_len);
    if hl < f::MIN_HEADER_LEN {
        return None;
    }
    let options = segment.get(f::MIN_HEADER_LEN..hl)?;
    let payload = segment.get(hl..)?;
    Some(Tcp {
        sport: be16(fixed, f::SRC_PORT)?,
        dport: be16(fixed, f::DST_PORT)?,
        seq: be32(fixed, f::SEQ_NUM)?,
        ack: be32(fixed, f::ACK_NUM)?,
        header_len,
        flags: TcpFlags(be16(fixed, f::FLAGS)? & 0x0fff),
        window: be16(fixed, f::WIN_SIZE)?,
        checksum: be16(fixed, f::CHECKSUM)?,
        urgent: be16(fixed, f::URGENT)?,
        options,
        payload_len: declared.saturating_sub(u32::from(header_len)),
        payload,
        header_ok: true,
    })
}

/// A UDP header whose length field agrees with the IP payload (a length that lies is the
/// general path's to report).
fn udp(datagram: &[u8], declared: u32, ipv6: bool) -> Option<super::Udp<'_>> {
    use layout::udp as f;
    let fields = [f::SRC_PORT, f::DST_PORT, f::LENGTH, f::CHECKSUM].map(|r| be16(datagram, r));
    let [Some(sport), Some(dport), Some(len), Some(checksum)] = fields else {
        return None;
    };
    match udp::checked([sport, dport, len, checksum], declared, ipv6, datagram) {
        (u, None) => Some(u),
        (_, Some(_)) => None,
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// The general path's result, as text (every field of every layer).
    fn general(data: &[u8], uncaptured: usize) -> String {
        format!(
            "{:?}",
            super::super::link::ethernet_general(data, uncaptured)
        )
    }

    fn check(data: &[u8], uncaptured: usize) -> bool {
        match ethernet(data) {
            Some(fast) => {
                assert_eq!(
                    format!("{fast:?}"),
                    general(data, uncaptured),
                    "frame {data:02x?}, {uncaptured} bytes not captured"
                );
                true
            }
            None => false,
        }
    }

    fn frames() -> Vec<Vec<u8>> {
        use etherparse::PacketBuilder;
        let mac_a = [2, 0, 0, 0, 0, 1];
        let mac_b = [2, 0, 0, 0, 0, 2];
        let mut out = Vec::new();
        let mut f = Vec::new();
        PacketBuilder::ethernet2(mac_a, mac_b)
            .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .tcp(50000, 80, 1000, 65535)
            .syn()
            .options(&[
                etherparse::TcpOptionElement::MaximumSegmentSize(1460),
                etherparse::TcpOptionElement::Noop,
                etherparse::TcpOptionElement::WindowScale(7),
            ])
            .unwrap()
            .write(&mut f, b"")
            .unwrap();
        out.push(std::mem::take(&mut f));
        PacketBuilder::ethernet2(mac_b, mac_a)
            .ipv4([10, 0, 0, 2], [10, 0, 0, 1], 63)
            .tcp(80, 50000, 7, 1000)
            .ack(1001)
            .psh()
            .write(&mut f, b"hello, world")
            .unwrap();
        out.push(std::mem::take(&mut f));
        PacketBuilder::ethernet2(mac_a, mac_b)
            .ipv6([0xfd; 16], [0x20; 16], 64)
            .tcp(443, 40000, 5, 100)
            .ack(9)
            .fin()
            .write(&mut f, b"bye")
            .unwrap();
        out.push(std::mem::take(&mut f));
        PacketBuilder::ethernet2(mac_a, mac_b)
            .ipv4([192, 168, 1, 1], [8, 8, 8, 8], 64)
            .udp(5353, 53)
            .write(&mut f, b"query")
            .unwrap();
        out.push(std::mem::take(&mut f));
        PacketBuilder::ethernet2(mac_b, mac_a)
            .ipv6([1; 16], [2; 16], 1)
            .udp(53, 5353)
            .write(&mut f, b"answer!")
            .unwrap();
        out.push(std::mem::take(&mut f));
        // IPv4 with options (IHL 6) and Ethernet padding after the packet.
        let mut opt = out[1].clone();
        opt[14] = 0x46;
        opt.splice(34..34, [1, 1, 1, 0]);
        let total = u16::from_be_bytes([opt[16], opt[17]]) + 4;
        opt[16..18].copy_from_slice(&total.to_be_bytes());
        opt.extend_from_slice(&[0; 6]);
        out.push(opt);
        out
    }

    #[test]
    fn the_common_frames_take_the_fast_path() {
        for frame in frames() {
            assert!(check(&frame, 0), "{frame:02x?}");
            assert!(check(&frame, 100), "{frame:02x?}");
        }
    }

    #[test]
    fn fast_and_general_agree_on_mutated_and_truncated_frames() {
        // Every byte of every header set to values that matter to some rule (lengths, version,
        // flags, protocol numbers, offsets), and every truncation: whatever the fast path
        // accepts, it must decode as the general path does.
        let values = [
            0x00, 0x01, 0x05, 0x06, 0x11, 0x20, 0x3f, 0x40, 0x45, 0x4f, 0x50, 0x60, 0x86, 0xdd,
            0xf0, 0xff,
        ];
        let mut fast = 0;
        for frame in frames() {
            for cut in 0..=frame.len() {
                fast += usize::from(check(&frame[..cut], frame.len() - cut));
            }
            for i in 0..frame.len().min(14 + 40 + 24) {
                for v in values {
                    let mut m = frame.clone();
                    m[i] = v;
                    fast += usize::from(check(&m, 0));
                }
            }
        }
        assert!(fast > 1000, "only {fast} frames took the fast path");
    }
}
