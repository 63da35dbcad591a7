//! A decoded packet as a tree of fields, each with the bytes it came from, so that the hex
//! dump can highlight the selected field. Offsets follow from the fixed layouts and the
//! length fields the decoder read; ranges are clipped to the bytes captured.
//!
//! Never panics: ranges are only ever compared and clipped, never used to index unchecked.

use std::fmt::Write as _;
use std::ops::Range;

use crate::annotate::words::{window_scale_option, window_words};
use crate::decode::names::{ether_type, icmp_type, ip_proto};
use crate::decode::{Link, Net, Packet, TcpOption, Transport};
use crate::track::WindowScale;

/// One line of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// 0 for a layer, 1 for its fields, 2 for an option's parts.
    pub depth: u8,
    pub text: String,
    /// The bytes of the frame this field was read from (empty when not captured).
    pub bytes: Range<usize>,
}

struct Tree {
    out: Vec<Field>,
    caplen: usize,
}

impl Tree {
    fn add(&mut self, depth: u8, start: usize, len: usize, text: impl Into<String>) {
        let end = start.saturating_add(len).min(self.caplen);
        let start = start.min(end);
        self.out.push(Field {
            depth,
            text: text.into(),
            bytes: start..end,
        });
    }
}

/// What tracking knows of the packet shown, for the fields that need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tracked {
    /// How its TCP window field is read; `None` where no conversation was looked at (the
    /// packet list).
    pub window_scale: Option<WindowScale>,
    /// The base its acknowledgement (and SACK edges) count from, when it has an ACK.
    pub ack_base: Option<u32>,
}

/// The fields of `packet`, decoded from `caplen` captured bytes of a `len`-byte frame.
pub fn fields(packet: &Packet<'_>, caplen: usize, len: u32, tracked: Tracked) -> Vec<Field> {
    let mut t = Tree {
        out: Vec::new(),
        caplen,
    };
    t.add(
        0,
        0,
        caplen,
        format!("Frame: {len} bytes on the wire, {caplen} captured"),
    );
    let mut o = link(&mut t, packet);
    match &packet.net {
        Some(Net::Ipv4(ip)) => {
            let hl = usize::from(ip.header_len);
            t.add(0, o, hl, format!("IPv4 {} → {}", ip.src, ip.dst));
            t.add(1, o, 1, format!("version 4, header length {hl} bytes"));
            t.add(1, o + 1, 1, format!("TOS/DSCP 0x{:02x}", ip.tos));
            t.add(1, o + 2, 2, format!("total length {}", ip.total_len));
            t.add(1, o + 4, 2, format!("identification 0x{:04x}", ip.id));
            t.add(
                1,
                o + 6,
                2,
                format!(
                    "flags{}{}, fragment offset {}",
                    if ip.dont_fragment { " DF" } else { "" },
                    if ip.more_fragments { " MF" } else { "" },
                    ip.frag_offset
                ),
            );
            t.add(1, o + 8, 1, format!("TTL {}", ip.ttl));
            t.add(
                1,
                o + 9,
                1,
                format!("protocol {} ({})", ip.proto, ip_proto(ip.proto)),
            );
            t.add(
                1,
                o + 10,
                2,
                format!("header checksum 0x{:04x}", ip.checksum),
            );
            t.add(1, o + 12, 4, format!("source {}", ip.src));
            t.add(1, o + 16, 4, format!("destination {}", ip.dst));
            if !ip.options.is_empty() {
                t.add(
                    1,
                    o + 20,
                    ip.options.len(),
                    format!("options, {} bytes", ip.options.len()),
                );
            }
            o += hl;
        }
        Some(Net::Ipv6(ip)) => {
            t.add(
                0,
                o,
                40 + ip.exts_len,
                format!("IPv6 {} → {}", ip.src, ip.dst),
            );
            t.add(
                1,
                o,
                4,
                format!(
                    "version 6, traffic class 0x{:02x}, flow label 0x{:05x}",
                    ip.traffic_class, ip.flow_label
                ),
            );
            t.add(1, o + 4, 2, format!("payload length {}", ip.payload_len));
            t.add(
                1,
                o + 6,
                1,
                format!(
                    "next header {} ({})",
                    ip.next_header,
                    ip_proto(ip.next_header)
                ),
            );
            t.add(1, o + 7, 1, format!("hop limit {}", ip.hop_limit));
            t.add(1, o + 8, 16, format!("source {}", ip.src));
            t.add(1, o + 24, 16, format!("destination {}", ip.dst));
            if ip.exts_len > 0 {
                let names: Vec<&str> = ip.exts.iter().map(|e| ip_proto(*e)).collect();
                t.add(
                    1,
                    o + 40,
                    ip.exts_len,
                    format!("extension headers: {}", names.join(", ")),
                );
            }
            o += 40 + ip.exts_len;
        }
        Some(Net::Arp(a)) => {
            t.add(
                0,
                o,
                caplen.saturating_sub(o),
                format!("ARP {}", crate::decode::names::arp_op(a.op)),
            );
            t.add(
                1,
                o + 8,
                a.sender_hw.as_bytes().len(),
                format!("sender hardware {}", a.sender_hw),
            );
            return t.out;
        }
        None => {}
    }
    match &packet.transport {
        Some(Transport::Tcp(tcp)) => {
            let hl = usize::from(tcp.header_len).max(20);
            t.add(0, o, hl, format!("TCP {} → {}", tcp.sport, tcp.dport));
            t.add(1, o, 2, format!("source port {}", tcp.sport));
            t.add(1, o + 2, 2, format!("destination port {}", tcp.dport));
            t.add(1, o + 4, 4, format!("sequence number {} (raw)", tcp.seq));
            t.add(
                1,
                o + 8,
                4,
                format!("acknowledgement number {} (raw)", tcp.ack),
            );
            t.add(
                1,
                o + 12,
                2,
                format!(
                    "header length {} bytes, flags {} (0x{:03x})",
                    tcp.header_len, tcp.flags, tcp.flags.0
                ),
            );
            t.add(
                1,
                o + 14,
                2,
                match tracked.window_scale {
                    Some(scale) => format!("window {}", window_words(tcp.window, scale)),
                    None => format!(
                        "window {} (as sent; its conversation's ladder shows it scaled)",
                        tcp.window
                    ),
                },
            );
            t.add(1, o + 16, 2, format!("checksum 0x{:04x}", tcp.checksum));
            t.add(1, o + 18, 2, format!("urgent pointer {}", tcp.urgent));
            if !tcp.options.is_empty() {
                t.add(
                    1,
                    o + 20,
                    tcp.options.len(),
                    format!("options, {} bytes", tcp.options.len()),
                );
                let mut at = o + 20;
                for (opt, size) in tcp.options().zip(option_sizes(tcp.options)) {
                    t.add(2, at, size, option_text(&opt, tracked.ack_base));
                    at += size;
                }
            }
            if tcp.payload_len > 0 {
                t.add(
                    0,
                    o + hl,
                    usize::try_from(tcp.payload_len).unwrap_or(usize::MAX),
                    format!("payload: {} bytes{}", tcp.payload_len, preview(tcp.payload)),
                );
            }
        }
        Some(Transport::Udp(u)) => {
            t.add(0, o, 8, format!("UDP {} → {}", u.sport, u.dport));
            t.add(1, o, 2, format!("source port {}", u.sport));
            t.add(1, o + 2, 2, format!("destination port {}", u.dport));
            t.add(
                1,
                o + 4,
                2,
                format!("length {} (8-byte header + payload)", u.len),
            );
            t.add(1, o + 6, 2, format!("checksum 0x{:04x}", u.checksum));
            let payload = usize::from(u.len.saturating_sub(8));
            if payload > 0 {
                t.add(0, o + 8, payload, format!("payload: {payload} bytes"));
            }
        }
        Some(Transport::Icmp(i)) => {
            let name = if i.version == 6 { "ICMPv6" } else { "ICMP" };
            t.add(
                0,
                o,
                8 + i.payload.len(),
                format!("{name} {}", icmp_type(i.version, i.icmp_type)),
            );
            t.add(1, o, 1, format!("type {}", i.icmp_type));
            t.add(1, o + 1, 1, format!("code {}", i.code));
            t.add(1, o + 2, 2, format!("checksum 0x{:04x}", i.checksum));
            t.add(1, o + 4, 4, "rest of header");
            if let Some(q) = &i.quoted {
                let mut s = format!("quotes a packet {} → {}", q.src, q.dst);
                if let Some((sp, dp)) = q.ports {
                    let _ = write!(s, ", ports {sp} → {dp}");
                }
                t.add(1, o + 8, i.payload.len(), s);
            }
        }
        None => {}
    }
    for issue in &packet.issues {
        t.add(0, issue.offset, 0, format!("problem: {}", issue.kind));
    }
    t.out
}

/// Adds the link layer; returns where the network layer starts.
fn link(t: &mut Tree, packet: &Packet<'_>) -> usize {
    match packet.link {
        Link::Ethernet {
            src,
            dst,
            ether_type: et,
        } => {
            let tags = packet.vlan.len() * 4;
            t.add(0, 0, 14 + tags, format!("Ethernet {src} → {dst}"));
            t.add(1, 0, 6, format!("destination {dst}"));
            t.add(1, 6, 6, format!("source {src}"));
            for (i, id) in packet.vlan.iter().enumerate() {
                t.add(1, 12 + 4 * i, 4, format!("VLAN tag, id {id}"));
            }
            t.add(
                1,
                12 + tags,
                2,
                format!("type 0x{et:04x} ({})", ether_type(et).unwrap_or("unknown")),
            );
            14 + tags
        }
        Link::Sll {
            packet_type,
            addr,
            protocol,
            ..
        } => {
            t.add(0, 0, 16, "Linux cooked capture (SLL)");
            t.add(1, 0, 2, format!("packet type {packet_type}"));
            t.add(1, 6, 8, format!("address {addr}"));
            t.add(1, 14, 2, format!("protocol 0x{protocol:04x}"));
            16
        }
        Link::Sll2 {
            protocol,
            ifindex,
            packet_type,
            addr,
            ..
        } => {
            t.add(0, 0, 20, "Linux cooked capture v2 (SLL2)");
            t.add(1, 0, 2, format!("protocol 0x{protocol:04x}"));
            t.add(1, 4, 4, format!("interface index {ifindex}"));
            t.add(1, 10, 1, format!("packet type {packet_type}"));
            t.add(1, 12, 8, format!("address {addr}"));
            20
        }
        Link::Loopback { family } => {
            t.add(0, 0, 4, format!("BSD loopback, address family {family}"));
            4
        }
        Link::Wlan(w) => wlan(t, &w, packet.net.is_some()),
        Link::RawIp | Link::Missing => 0,
    }
}

/// Adds radiotap and the 802.11 header; returns where LLC/SNAP's EtherType ends.
fn wlan(t: &mut Tree, w: &crate::decode::Wlan, packet_has_net: bool) -> usize {
    let mut o = 0;
    if let Some(rt) = w.radiotap {
        let len = usize::from(rt.len);
        let mut line = format!("Radiotap, {len} bytes");
        if let Some(freq) = rt.freq {
            line.push_str(&format!(", {freq} MHz"));
        }
        if let Some(dbm) = rt.signal {
            line.push_str(&format!(", {dbm} dBm"));
        }
        t.add(0, 0, len, line);
        o = len;
    }
    let header = usize::from(w.header_len);
    let mut line = format!("802.11 {}", w.kind_name());
    let roles = [
        ("source", w.sa()),
        ("destination", w.da()),
        ("BSS id", w.bssid()),
    ];
    for (name, mac) in roles {
        if let Some(mac) = mac {
            line.push_str(&format!(", {name} {mac}"));
        }
    }
    t.add(0, o, header, line);
    t.add(1, o, 2, format!("frame control, flags 0x{:02x}", w.flags));
    for (i, mac) in w.addrs.iter().take(usize::from(w.naddr)).enumerate() {
        let at = [4, 10, 16, 24].get(i).copied().unwrap_or(4);
        t.add(1, o + at, 6, format!("address {} {mac}", i + 1));
    }
    if w.protected() {
        t.add(1, o + 1, 1, "protected: the body is encrypted, not decoded");
        return o + header;
    }
    if packet_has_net {
        t.add(0, o + header, 8, "LLC/SNAP");
        return o + header + 8;
    }
    o + header
}

/// The size of each option in `bytes`, in the order [`crate::decode::Tcp::options`] yields
/// them (kind 0 and 1 are one byte; others say their length, at least 2).
fn option_sizes(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let kind = *bytes.get(at)?;
        let size = match kind {
            0 | 1 => 1,
            _ => match bytes.get(at + 1).map(|l| usize::from(*l)) {
                Some(l) if l >= 2 && at + l <= bytes.len() => l,
                _ => bytes.len() - at,
            },
        };
        at += size;
        Some(size)
    })
}

fn option_text(o: &TcpOption<'_>, ack_base: Option<u32>) -> String {
    match o {
        TcpOption::EndOfList => "end of option list".into(),
        TcpOption::Nop => "NOP (padding)".into(),
        TcpOption::Mss(v) => format!("MSS {v}: the largest segment this side accepts"),
        TcpOption::WindowScale(s) => window_scale_option(*s),
        TcpOption::SackPermitted => "SACK permitted".into(),
        TcpOption::Sack(blocks, n) => {
            // The edges count in the acknowledged direction's numbers, as the ack does.
            let mut s = String::from("SACK");
            let blocks = blocks.iter().take(usize::from(*n));
            match ack_base {
                Some(base) => {
                    for (l, r) in blocks.clone() {
                        let _ = write!(s, " {}-{}", l.wrapping_sub(base), r.wrapping_sub(base));
                    }
                    s.push_str(" (relative; raw");
                    for (l, r) in blocks {
                        let _ = write!(s, " {l}-{r}");
                    }
                    s.push(')');
                }
                None => {
                    for (l, r) in blocks {
                        let _ = write!(s, " {l}-{r}");
                    }
                }
            }
            s
        }
        TcpOption::Timestamp { val, ecr } => format!("timestamps val {val}, echo reply {ecr}"),
        TcpOption::Other { kind, data } => format!("option kind {kind}, {} bytes", data.len() + 2),
        TcpOption::Malformed { kind } => format!("option kind {kind}: bad length"),
    }
}

/// A short printable preview of a payload: `"hello, wirelab\n"`.
fn preview(payload: &[u8]) -> String {
    if payload.is_empty() {
        return String::new();
    }
    let mut s = String::from(" \"");
    for b in payload.iter().take(24) {
        match b {
            b'\n' => s.push_str("\\n"),
            b'\r' => s.push_str("\\r"),
            0x20..=0x7e => s.push(char::from(*b)),
            _ => s.push('.'),
        }
    }
    s.push('"');
    if payload.len() > 24 {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use etherparse::{PacketBuilder, TcpOptionElement};

    use super::*;
    use crate::capture::LinkType;
    use crate::decode::decode;

    fn texts(options: &[TcpOptionElement], tracked: Tracked) -> Vec<String> {
        let b = PacketBuilder::ethernet2([2; 6], [4; 6])
            .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .tcp(50000, 80, 1000, 64)
            .ack(5000)
            .options(options)
            .unwrap_or_else(|e| panic!("{e}"));
        let mut v = Vec::new();
        b.write(&mut v, &[]).unwrap_or_else(|e| panic!("{e}"));
        let len = u32::try_from(v.len()).unwrap_or(u32::MAX);
        let p = decode(LinkType::ETHERNET, &v, len);
        fields(&p, v.len(), len, tracked)
            .into_iter()
            .map(|f| f.text)
            .collect()
    }

    #[test]
    fn a_window_scale_above_14_is_used_as_14_and_needs_both_syns() {
        for (shift, factor) in [(7u8, "× 128"), (20, "× 16384"), (32, "× 16384")] {
            let t = texts(&[TcpOptionElement::WindowScale(shift)], Tracked::default());
            let line = t.iter().find(|s| s.starts_with("window scale"));
            let line = line.map_or("", String::as_str);
            assert!(line.contains(factor), "{shift}: {line}");
            assert!(line.contains("only if the other SYN carries the option too"));
            assert_eq!(line.contains("used as 14"), shift > 14, "{line}");
        }
    }

    #[test]
    fn the_window_is_shown_scaled_as_tracking_read_it() {
        let tracked = Tracked {
            window_scale: Some(WindowScale::Shift(10)),
            ack_base: None,
        };
        let t = texts(&[], tracked);
        assert!(
            t.contains(&"window 64 × 1024 = 65,536 bytes, scale from the SYNs".to_owned()),
            "{t:?}"
        );
        let unknown = Tracked {
            window_scale: Some(WindowScale::Unknown),
            ack_base: None,
        };
        let t = texts(&[], unknown);
        assert!(
            t.iter()
                .any(|s| s.starts_with("window 64 (field as sent): scale unknown"))
        );
    }

    #[test]
    fn sack_edges_are_relative_to_the_acknowledged_sides_base() {
        let tracked = Tracked {
            window_scale: Some(WindowScale::NotUsed),
            ack_base: Some(4000),
        };
        let t = texts(
            &[TcpOptionElement::SelectiveAcknowledgement(
                (6000, 7000),
                [None; 3],
            )],
            tracked,
        );
        assert!(
            t.contains(&"SACK 2000-3000 (relative; raw 6000-7000)".to_owned()),
            "{t:?}"
        );
    }
}
