//! One sentence per layer: what the layer did for this packet.

use crate::annotate::lang::Lang;
use crate::annotate::words::{icmp_name, role_word};
use crate::decode::layers::{Ends, Proto, Span};
use crate::decode::{Link, Net, Packet, Tcp, TcpFlags, Transport, names};

use super::Known;
use super::ends::proto_addr;

/// The sentence of `span`, one of `packet`'s layers.
pub(super) fn of(lang: Lang, span: &Span, packet: &Packet<'_>, known: Known) -> String {
    let n = span.len.to_string();
    match (span.proto, span.ends) {
        (Proto::Ethernet, _) => lang.text("layers-ethernet", &[]),
        (Proto::Wlan, Ends::Mac(..)) => lang.text("layers-wlan", &[]),
        (Proto::Wlan, _) => lang.text("layers-wlan-air", &[]),
        (Proto::Vlan, Ends::Vlan(id)) => lang.text("layers-vlan", &[("id", &id.to_string())]),
        (Proto::Sll | Proto::Sll2, _) => lang.text("layers-cooked", &[]),
        (Proto::Loopback, _) => lang.text("layers-loopback", &[]),
        (Proto::Radiotap, _) => lang.text("layers-radiotap", &[]),
        (Proto::LlcSnap, _) => lang.text("layers-llc", &[]),
        (Proto::Ipv4 | Proto::Ipv6, _) => ip(lang, packet, span.proto),
        (Proto::Ipv6Ext, _) => lang.text("layers-ipv6-ext", &[]),
        (Proto::Arp, _) => arp(lang, packet),
        (Proto::Tcp, _) => packet
            .tcp()
            .map_or_else(String::new, |t| tcp(lang, t, known)),
        (Proto::Udp, Ends::Ports(s, d)) => {
            let len = packet.udp().map_or(0, |u| u.payload_len).to_string();
            let (s, d) = (s.to_string(), d.to_string());
            lang.text("layers-udp", &[("n", &len), ("sport", &s), ("dport", &d)])
        }
        (Proto::Icmp | Proto::Icmpv6, Ends::Icmp(t, _)) => {
            let version = if span.proto == Proto::Icmpv6 { 6 } else { 4 };
            let what = icmp_name(lang, names::icmp_type(version, t));
            lang.text(
                "layers-icmp",
                &[("proto", span.proto.name()), ("what", what)],
            )
        }
        (Proto::Data, _) => match &packet.transport {
            Some(Transport::Icmp(_)) => lang.text("layers-icmp-data", &[("n", &n)]),
            _ => lang.text("layers-data", &[("n", &n)]),
        },
        (Proto::Fragment, _) => lang.text("layers-fragment", &[("n", &n)]),
        (Proto::Trailer, _) => trailer(lang, packet, &n),
        _ => lang.text("layers-undecoded", &[("n", &n)]),
    }
}

fn ip(lang: Lang, packet: &Packet<'_>, proto: Proto) -> String {
    let hops = match &packet.net {
        Some(Net::Ipv4(ip)) => ip.ttl,
        Some(Net::Ipv6(ip)) => ip.hop_limit,
        _ => 0,
    }
    .to_string();
    lang.text("layers-ip", &[("proto", proto.name()), ("hops", &hops)])
}

fn arp(lang: Lang, packet: &Packet<'_>) -> String {
    let Some(Net::Arp(a)) = &packet.net else {
        return String::new();
    };
    let (sender, target) = (proto_addr(a.sender_proto), proto_addr(a.target_proto));
    match a.op {
        1 => lang.text(
            "layers-arp-request",
            &[("target", &target), ("sender", &sender)],
        ),
        2 => {
            let mac = a.sender_hw.to_string();
            lang.text("layers-arp-reply", &[("sender", &sender), ("mac", &mac)])
        }
        op => lang.text("layers-arp-other", &[("op", names::arp_op(op))]),
    }
}

/// What TCP did: open, accept, carry bytes (numbered as the tracker numbers them), close,
/// abort, or acknowledge.
fn tcp(lang: Lang, t: &Tcp<'_>, known: Known) -> String {
    let f = t.flags;
    let port = t.dport.to_string();
    let (seq, ack) = known.tcp.unwrap_or((t.seq, t.ack));
    let role = known
        .sender
        .map_or_else(|| lang.word("layers-sender"), |r| role_word(lang, r));
    let ack = ack.to_string();
    if f.has(TcpFlags::RST) {
        return lang.text("layers-tcp-rst", &[("port", &port)]);
    }
    if f.has(TcpFlags::SYN) {
        let id = if f.has(TcpFlags::ACK) {
            "layers-tcp-syn-ack"
        } else {
            "layers-tcp-syn"
        };
        return lang.text(id, &[("port", &port)]);
    }
    let len = t.payload_len;
    let mut text = if len > 0 {
        let from = seq;
        let (to, from) = (from.wrapping_add(len - 1).to_string(), from.to_string());
        let args = [
            ("from", from.as_str()),
            ("to", &to),
            ("role", role),
            ("port", &port),
        ];
        lang.text("layers-tcp-data", &args)
    } else if f.has(TcpFlags::FIN) {
        return lang.text("layers-tcp-fin", &[("role", role), ("port", &port)]);
    } else {
        return lang.text("layers-tcp-ack", &[("ack", &ack), ("port", &port)]);
    };
    if f.has(TcpFlags::FIN) {
        text.push_str(&lang.text("layers-tcp-and-fin", &[]));
    }
    text
}

fn trailer(lang: Lang, packet: &Packet<'_>, n: &str) -> String {
    match packet.link {
        Link::Ethernet { .. } => lang.text("layers-trailer-ethernet", &[("n", n)]),
        _ => lang.text("layers-trailer", &[("n", n)]),
    }
}
