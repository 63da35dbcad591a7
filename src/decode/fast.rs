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

use super::link::{Link, Mac};
use super::net::{Ipv4, Ipv6, Net};
use super::tcp::{Tcp, TcpFlags};
use super::{Packet, Transport, udp};

const ETH_LEN: usize = 14;
const TCP: u8 = 6;
const UDP: u8 = 17;

fn be16(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(i)?, *b.get(i + 1)?]))
}

fn be32(b: &[u8], i: usize) -> Option<u32> {
    let w: [u8; 4] = b.get(i..i + 4)?.try_into().ok()?;
    Some(u32::from_be_bytes(w))
}

/// Decodes an Ethernet frame of the common shape, or says `None` (see the module contract).
pub(super) fn ethernet(data: &[u8]) -> Option<Packet<'_>> {
    let eth: &[u8; ETH_LEN] = data.get(..ETH_LEN)?.try_into().ok()?;
    let ether_type = u16::from_be_bytes([eth[12], eth[13]]);
    let ip = &data[ETH_LEN..];
    let (net, proto, payload) = match ether_type {
        0x0800 => ipv4(ip)?,
        0x86dd => ipv6(ip)?,
        _ => return None,
    };
    // The IP payload as its header declares it (whole in the frame: checked above).
    let declared = u32::try_from(payload.len()).ok()?;
    let transport = match proto {
        TCP => Transport::Tcp(tcp(payload, declared)?),
        UDP => {
            let fields = [0, 2, 4, 6].map(|i| be16(payload, i));
            let [Some(sport), Some(dport), Some(len), Some(checksum)] = fields else {
                return None;
            };
            let ipv6 = ether_type == 0x86dd;
            match udp::checked([sport, dport, len, checksum], declared, ipv6) {
                (u, None) => Transport::Udp(u),
                // A length that lies is the general path's to report.
                (_, Some(_)) => return None,
            }
        }
        _ => return None,
    };
    let mut src = [0u8; 6];
    let mut dst = [0u8; 6];
    dst.copy_from_slice(&eth[0..6]);
    src.copy_from_slice(&eth[6..12]);
    Some(Packet {
        link: Link::Ethernet {
            src: Mac(src),
            dst: Mac(dst),
            ether_type,
        },
        vlan: ArrayVec::new(),
        net: Some(net),
        transport: Some(transport),
        issues: Vec::new(),
    })
}

/// A whole, unfragmented IPv4 packet: its header, protocol and payload (cut to its total
/// length, so that Ethernet padding is not payload).
fn ipv4(ip: &[u8]) -> Option<(Net<'_>, u8, &[u8])> {
    let &first = ip.first()?;
    let header_len = (first & 0x0f) * 4;
    let hl = usize::from(header_len);
    if first >> 4 != 4 || hl < 20 || ip.len() < hl {
        return None;
    }
    let total_len = be16(ip, 2)?;
    let total = usize::from(total_len);
    if total < hl || total > ip.len() {
        return None;
    }
    let frag = be16(ip, 6)?;
    let more_fragments = frag & 0x2000 != 0;
    let frag_offset = (frag & 0x1fff) * 8;
    let proto = ip[9];
    if more_fragments || frag_offset != 0 || (proto != TCP && proto != UDP) {
        return None;
    }
    let addr = |i: usize| -> Option<Ipv4Addr> {
        let a: [u8; 4] = ip.get(i..i + 4)?.try_into().ok()?;
        Some(Ipv4Addr::from(a))
    };
    let v4 = Ipv4 {
        src: addr(12)?,
        dst: addr(16)?,
        ttl: ip[8],
        proto,
        header_len,
        total_len,
        id: be16(ip, 4)?,
        dont_fragment: frag & 0x4000 != 0,
        more_fragments,
        frag_offset,
        tos: ip[1],
        checksum: be16(ip, 10)?,
        options: &ip[20..hl],
    };
    Some((Net::Ipv4(v4), proto, &ip[hl..total]))
}

/// An IPv6 packet whose next header is TCP or UDP (no extension headers), whole in the frame,
/// with a non-zero payload length.
fn ipv6(ip: &[u8]) -> Option<(Net<'static>, u8, &[u8])> {
    let header: &[u8; 40] = ip.get(..40)?.try_into().ok()?;
    if header[0] >> 4 != 6 {
        return None;
    }
    let payload_len = u16::from_be_bytes([header[4], header[5]]);
    let end = 40 + usize::from(payload_len);
    let next_header = header[6];
    if payload_len == 0 || end > ip.len() || (next_header != TCP && next_header != UDP) {
        return None;
    }
    let word = u32::from_be_bytes([header[0], header[1], header[2], header[3]]);
    let mut src = [0u8; 16];
    let mut dst = [0u8; 16];
    src.copy_from_slice(&header[8..24]);
    dst.copy_from_slice(&header[24..40]);
    let v6 = Ipv6 {
        src: Ipv6Addr::from(src),
        dst: Ipv6Addr::from(dst),
        hop_limit: header[7],
        next_header,
        proto: next_header,
        payload_len,
        traffic_class: ((word >> 20) & 0xff) as u8,
        flow_label: word & 0x000f_ffff,
        exts: ArrayVec::new(),
        exts_len: 0,
        fragment: None,
    };
    Some((Net::Ipv6(v6), next_header, &ip[40..end]))
}

/// A TCP header with a valid data offset whose options are all in `segment`.
fn tcp(segment: &[u8], declared: u32) -> Option<Tcp<'_>> {
    let fixed = segment.get(..20)?;
    let header_len = (fixed[12] >> 4) * 4;
    let hl = usize::from(header_len);
    if hl < 20 || segment.len() < hl {
        return None;
    }
    Some(Tcp {
        sport: be16(fixed, 0)?,
        dport: be16(fixed, 2)?,
        seq: be32(fixed, 4)?,
        ack: be32(fixed, 8)?,
        header_len,
        flags: TcpFlags((u16::from(fixed[12] & 0x0f) << 8) | u16::from(fixed[13])),
        window: be16(fixed, 14)?,
        checksum: be16(fixed, 16)?,
        urgent: be16(fixed, 18)?,
        options: &segment[20..hl],
        payload_len: declared.saturating_sub(u32::from(header_len)),
        payload: &segment[hl..],
        header_ok: true,
    })
}

#[cfg(test)]
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
