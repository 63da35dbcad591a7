//! A decoded packet as a tree of fields, each with the bytes it came from, so that the hex
//! dump can highlight the selected field. Offsets are the decoder's own layouts
//! (`decode::layout`) and the length fields the decoder read; ranges are clipped to the bytes
//! captured. Words over byte ranges: the TUI's packet pane shows it, and any other view that
//! labels bytes (a hex dump, a layers view) can.
//!
//! Never panics: ranges are only ever compared and clipped, never used to index unchecked.
#![deny(clippy::indexing_slicing)]

use std::fmt::Write as _;
use std::ops::Range;

use crate::annotate::text;
use crate::annotate::words::{window_scale_option, window_words};
use crate::decode::layout::{
    self, Field as Place, arp, ethernet, icmp, ipv4, ipv6, loopback, sll, sll2, tcp, udp, vlan,
};
use crate::decode::names::{ether_type, icmp_type, ip_proto};
use crate::decode::{
    Icmp, Ipv4, Ipv6, Link, Mac, Net, Packet, Tcp, TcpOption, Transport, Udp, Wlan,
};
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
    /// How the payload line's preview reads the bytes.
    encoding: text::Encoding,
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

    /// A field of a fixed layout, for a header that starts at frame offset `header`.
    fn field(&mut self, header: usize, place: Place, text: impl Into<String>) {
        let len = place.len();
        self.add(1, header.saturating_add(place.start), len, text);
    }

    /// A one-byte field of a fixed layout.
    fn byte(&mut self, header: usize, at: usize, text: impl Into<String>) {
        self.add(1, header.saturating_add(at), 1, text);
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
pub fn fields(
    packet: &Packet<'_>,
    caplen: usize,
    len: u32,
    tracked: Tracked,
    encoding: text::Encoding,
) -> Vec<Field> {
    let mut t = Tree {
        out: Vec::new(),
        caplen,
        encoding,
    };
    t.add(
        0,
        0,
        caplen,
        format!("Frame: {len} bytes on the wire, {caplen} captured"),
    );
    let at = link(&mut t, packet);
    // An ARP packet is the whole tree: nothing follows it, and its issues are not listed.
    let Some(at) = network(&mut t, packet, at) else {
        return t.out;
    };
    transport(&mut t, packet, at, tracked);
    for issue in &packet.issues {
        t.add(0, issue.offset, 0, format!("problem: {}", issue.kind));
    }
    t.out
}

/// The transport layer of a datagram reassembled from IP fragments (`crate::defrag`), for
/// the frame that completed it, under `label` ("reassembled from frames 3, 4, 5 (3008
/// bytes)"). Its bytes are not the frame's, so no field points at any (the hex dump shows the
/// frame, highlighting nothing for them); a UDP payload's text follows its length.
pub fn reassembled_fields(
    packet: &Packet<'_>,
    label: &str,
    tracked: Tracked,
    encoding: text::Encoding,
) -> Vec<Field> {
    let mut t = Tree {
        out: Vec::new(),
        caplen: 0,
        encoding,
    };
    t.add(0, 0, 0, label);
    transport(&mut t, packet, 0, tracked);
    if let Some(Transport::Udp(u)) = &packet.transport
        && let Some(line) = t
            .out
            .iter_mut()
            .rev()
            .find(|f| f.depth == 0 && f.text.starts_with("payload:"))
    {
        line.text.push_str(&preview(u.payload, encoding));
    }
    t.out
}

/// Adds the link layer; returns where the network layer starts.
fn link(t: &mut Tree, packet: &Packet<'_>) -> usize {
    match packet.link {
        Link::Ethernet {
            src,
            dst,
            ether_type,
        } => ethernet_fields(t, packet, (src, dst), ether_type),
        Link::Sll {
            packet_type,
            addr,
            protocol,
            ..
        } => {
            t.add(0, 0, sll::HEADER_LEN, "Linux cooked capture (SLL)");
            t.field(0, sll::PACKET_TYPE, format!("packet type {packet_type}"));
            t.field(0, sll::ADDR, format!("address {addr}"));
            t.field(0, sll::PROTOCOL, format!("protocol 0x{protocol:04x}"));
            sll::HEADER_LEN
        }
        Link::Sll2 {
            protocol,
            ifindex,
            packet_type,
            addr,
            ..
        } => {
            t.add(0, 0, sll2::HEADER_LEN, "Linux cooked capture v2 (SLL2)");
            t.field(0, sll2::PROTOCOL, format!("protocol 0x{protocol:04x}"));
            t.field(0, sll2::IFINDEX, format!("interface index {ifindex}"));
            t.byte(0, sll2::PACKET_TYPE, format!("packet type {packet_type}"));
            t.field(0, sll2::ADDR, format!("address {addr}"));
            sll2::HEADER_LEN
        }
        Link::Loopback { family } => {
            let text = format!("BSD loopback, address family {family}");
            t.add(0, 0, loopback::HEADER_LEN, text);
            loopback::HEADER_LEN
        }
        Link::Wlan(w) => wlan(t, &w, packet.net.is_some()),
        Link::RawIp | Link::Missing => 0,
    }
}

/// Adds an Ethernet header and its VLAN tags; returns their length.
fn ethernet_fields(t: &mut Tree, packet: &Packet<'_>, (src, dst): (Mac, Mac), et: u16) -> usize {
    let tags = packet.vlan.len() * vlan::TAG_LEN;
    let header = ethernet::HEADER_LEN + tags;
    t.add(0, 0, header, format!("Ethernet {src} → {dst}"));
    t.field(0, ethernet::DST, format!("destination {dst}"));
    t.field(0, ethernet::SRC, format!("source {src}"));
    // Each tag sits where the EtherType would, pushing it 4 bytes on.
    for (i, id) in packet.vlan.iter().enumerate() {
        let tag = ethernet::ETHER_TYPE.start + vlan::TAG_LEN * i;
        t.add(1, tag, vlan::TAG_LEN, format!("VLAN tag, id {id}"));
    }
    let name = ether_type(et).unwrap_or("unknown");
    t.field(
        tags,
        ethernet::ETHER_TYPE,
        format!("type 0x{et:04x} ({name})"),
    );
    header
}

/// Adds radiotap and the 802.11 header; returns where LLC/SNAP's EtherType ends.
fn wlan(t: &mut Tree, w: &Wlan, packet_has_net: bool) -> usize {
    use layout::wlan as f;
    let mut o = 0;
    if let Some(rt) = w.radiotap {
        let len = usize::from(rt.len);
        let mut line = format!("Radiotap, {len} bytes");
        if let Some(freq) = rt.freq {
            let _ = write!(line, ", {freq} MHz");
        }
        if let Some(dbm) = rt.signal {
            let _ = write!(line, ", {dbm} dBm");
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
            let _ = write!(line, ", {name} {mac}");
        }
    }
    t.add(0, o, header, line);
    t.field(
        o,
        f::FRAME_CONTROL,
        format!("frame control, flags 0x{:02x}", w.flags),
    );
    let addrs = w.addrs.iter().zip(f::ADDR_AT).take(usize::from(w.naddr));
    for (i, (mac, at)) in addrs.enumerate() {
        t.add(1, o + at, f::ADDR_LEN, format!("address {} {mac}", i + 1));
    }
    if w.protected() {
        t.byte(
            o,
            f::FC_FLAGS,
            "protected: the body is encrypted, not decoded",
        );
        return o + header;
    }
    if packet_has_net {
        t.add(0, o + header, f::llc_snap::HEADER_LEN, "LLC/SNAP");
        return o + header + f::llc_snap::HEADER_LEN;
    }
    o + header
}

/// Adds the network layer at frame offset `o`; returns where the transport layer starts, or
/// `None` after ARP, which carries nothing.
fn network(t: &mut Tree, packet: &Packet<'_>, o: usize) -> Option<usize> {
    match &packet.net {
        Some(Net::Ipv4(ip)) => Some(o + ipv4_fields(t, ip, o)),
        Some(Net::Ipv6(ip)) => Some(o + ipv6_fields(t, ip, o)),
        Some(Net::Arp(a)) => {
            let text = format!("ARP {}", crate::decode::names::arp_op(a.op));
            t.add(0, o, t.caplen.saturating_sub(o), text);
            let sender = arp::sender_hw(a.sender_hw.as_bytes().len());
            t.field(o, sender, format!("sender hardware {}", a.sender_hw));
            None
        }
        None => Some(o),
    }
}

/// Adds an IPv4 header at `o`; returns its length.
fn ipv4_fields(t: &mut Tree, ip: &Ipv4<'_>, o: usize) -> usize {
    let hl = usize::from(ip.header_len);
    t.add(0, o, hl, format!("IPv4 {} → {}", ip.src, ip.dst));
    t.byte(
        o,
        ipv4::VER_IHL,
        format!("version 4, header length {hl} bytes"),
    );
    t.byte(o, ipv4::TOS, format!("TOS/DSCP 0x{:02x}", ip.tos));
    t.field(o, ipv4::TOTAL_LEN, format!("total length {}", ip.total_len));
    t.field(o, ipv4::IDENT, format!("identification 0x{:04x}", ip.id));
    let df = if ip.dont_fragment { " DF" } else { "" };
    let mf = if ip.more_fragments { " MF" } else { "" };
    let offset = ip.frag_offset;
    let flags = format!("flags{df}{mf}, fragment offset {offset}");
    t.field(o, ipv4::FLG_OFF, flags);
    t.byte(o, ipv4::TTL, format!("TTL {}", ip.ttl));
    let proto = format!("protocol {} ({})", ip.proto, ip_proto(ip.proto));
    t.byte(o, ipv4::PROTOCOL, proto);
    let checksum = format!("header checksum 0x{:04x}", ip.checksum);
    t.field(o, ipv4::CHECKSUM, checksum);
    t.field(o, ipv4::SRC, format!("source {}", ip.src));
    t.field(o, ipv4::DST, format!("destination {}", ip.dst));
    if !ip.options.is_empty() {
        let n = ip.options.len();
        let options = ipv4::MIN_HEADER_LEN..ipv4::MIN_HEADER_LEN + n;
        t.field(o, options, format!("options, {n} bytes"));
    }
    hl
}

/// Adds an IPv6 header and its extension headers at `o`; returns their length.
fn ipv6_fields(t: &mut Tree, ip: &Ipv6, o: usize) -> usize {
    let len = ipv6::HEADER_LEN + ip.exts_len;
    t.add(0, o, len, format!("IPv6 {} → {}", ip.src, ip.dst));
    let (class, label) = (ip.traffic_class, ip.flow_label);
    let first = format!("version 6, traffic class 0x{class:02x}, flow label 0x{label:05x}");
    t.field(o, ipv6::VER_TC_FLOW, first);
    let payload = format!("payload length {}", ip.payload_len);
    t.field(o, ipv6::PAYLOAD_LEN, payload);
    let next = ip.next_header;
    t.byte(
        o,
        ipv6::NEXT_HEADER,
        format!("next header {next} ({})", ip_proto(next)),
    );
    t.byte(o, ipv6::HOP_LIMIT, format!("hop limit {}", ip.hop_limit));
    t.field(o, ipv6::SRC, format!("source {}", ip.src));
    t.field(o, ipv6::DST, format!("destination {}", ip.dst));
    if ip.exts_len > 0 {
        let names: Vec<&str> = ip.exts.iter().map(|e| ip_proto(*e)).collect();
        let exts = ipv6::HEADER_LEN..len;
        t.field(o, exts, format!("extension headers: {}", names.join(", ")));
    }
    len
}

/// Adds the transport layer at frame offset `o`.
fn transport(t: &mut Tree, packet: &Packet<'_>, o: usize, tracked: Tracked) {
    match &packet.transport {
        Some(Transport::Tcp(tcp)) => tcp_fields(t, tcp, o, tracked),
        Some(Transport::Udp(u)) => udp_fields(t, u, o),
        Some(Transport::Icmp(i)) => icmp_fields(t, i, o),
        None => {}
    }
}

fn tcp_fields(t: &mut Tree, tcp: &Tcp<'_>, o: usize, tracked: Tracked) {
    let hl = usize::from(tcp.header_len).max(tcp::MIN_HEADER_LEN);
    t.add(0, o, hl, format!("TCP {} → {}", tcp.sport, tcp.dport));
    t.field(o, tcp::SRC_PORT, format!("source port {}", tcp.sport));
    t.field(o, tcp::DST_PORT, format!("destination port {}", tcp.dport));
    t.field(
        o,
        tcp::SEQ_NUM,
        format!("sequence number {} (raw)", tcp.seq),
    );
    let ack = format!("acknowledgement number {} (raw)", tcp.ack);
    t.field(o, tcp::ACK_NUM, ack);
    let (flags, bits) = (tcp.flags, tcp.flags.0);
    let flags = format!(
        "header length {} bytes, flags {flags} (0x{bits:03x})",
        tcp.header_len
    );
    t.field(o, tcp::FLAGS, flags);
    let window = match tracked.window_scale {
        Some(scale) => format!(
            "window {}",
            window_words(crate::annotate::lang::Lang::En, tcp.window, scale)
        ),
        None => format!(
            "window {} (as sent; its conversation's ladder shows it scaled)",
            tcp.window
        ),
    };
    t.field(o, tcp::WIN_SIZE, window);
    t.field(o, tcp::CHECKSUM, format!("checksum 0x{:04x}", tcp.checksum));
    t.field(o, tcp::URGENT, format!("urgent pointer {}", tcp.urgent));
    if !tcp.options.is_empty() {
        tcp_options(t, tcp, o + tcp::MIN_HEADER_LEN, tracked.ack_base);
    }
    if tcp.payload_len > 0 {
        let text = format!(
            "payload: {} bytes{}",
            tcp.payload_len,
            preview(tcp.payload, t.encoding)
        );
        payload(t, o + hl, tcp.payload_len, text);
    }
}

/// Adds the options of a TCP header, which start at frame offset `at`, one line each.
fn tcp_options(t: &mut Tree, tcp: &Tcp<'_>, mut at: usize, ack_base: Option<u32>) {
    let n = tcp.options.len();
    t.add(1, at, n, format!("options, {n} bytes"));
    for (opt, size) in tcp.options().zip(option_sizes(tcp.options)) {
        t.add(2, at, size, option_text(&opt, ack_base));
        at += size;
    }
}

fn udp_fields(t: &mut Tree, u: &Udp, o: usize) {
    t.add(
        0,
        o,
        udp::HEADER_LEN,
        format!("UDP {} → {}", u.sport, u.dport),
    );
    t.field(o, udp::SRC_PORT, format!("source port {}", u.sport));
    t.field(o, udp::DST_PORT, format!("destination port {}", u.dport));
    let len = format!("length {} (8-byte header + payload)", u.len);
    t.field(o, udp::LENGTH, len);
    t.field(o, udp::CHECKSUM, format!("checksum 0x{:04x}", u.checksum));
    let bytes = u.len.saturating_sub(udp::HEADER_LEN as u16);
    if bytes > 0 {
        let text = format!("payload: {bytes} bytes");
        payload(t, o + udp::HEADER_LEN, bytes.into(), text);
    }
}

fn icmp_fields(t: &mut Tree, i: &Icmp<'_>, o: usize) {
    let name = if i.version == 6 { "ICMPv6" } else { "ICMP" };
    let text = format!("{name} {}", icmp_type(i.version, i.icmp_type));
    t.add(0, o, icmp::HEADER_LEN + i.payload.len(), text);
    t.byte(o, icmp::TYPE, format!("type {}", i.icmp_type));
    t.byte(o, icmp::CODE, format!("code {}", i.code));
    t.field(o, icmp::CHECKSUM, format!("checksum 0x{:04x}", i.checksum));
    t.field(o, icmp::REST, "rest of header");
    if let Some(q) = &i.quoted {
        let mut s = format!("quotes a packet {} → {}", q.src, q.dst);
        if let Some((sp, dp)) = q.ports {
            let _ = write!(s, ", ports {sp} → {dp}");
        }
        let quote = icmp::HEADER_LEN..icmp::HEADER_LEN + i.payload.len();
        t.field(o, quote, s);
    }
}

/// Adds the payload line: `len` bytes as the headers declare them, from frame offset `at`.
fn payload(t: &mut Tree, at: usize, len: u32, text: String) {
    t.add(0, at, usize::try_from(len).unwrap_or(usize::MAX), text);
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

/// A short preview of a payload as text, after a space: ` "你好, wirelab\n"` (UTF-8 or
/// `encoding`, escapes for what is not a character, cut at a character to 40 columns with
/// `…`).
pub fn preview(payload: &[u8], encoding: text::Encoding) -> String {
    if payload.is_empty() {
        return String::new();
    }
    format!(" {}", text::preview(payload, encoding, 40))
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
        fields(&p, v.len(), len, tracked, text::Encoding::Utf8)
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
