//! A packet's layers in words, as the TCP/IP model draws them: per layer its name in the
//! 4-layer model with the OSI layers beside it, the protocol, the bytes of its header, the
//! addresses or ports it uses, and one sentence of what it did for this packet. The spans come
//! from the decoder (`decode::layers`); the sentences use the tracker's relative sequence
//! numbers and the client/server roles when it knows them. Every view that shows layers (the
//! text rows under a packet, JSON's `layers`, the TUI pane) takes them from here.

mod ends;
mod sentence;
pub mod sides;

use crate::annotate::lang::Lang;
use crate::decode::Packet;
use crate::decode::layers::{Proto, Span, Tier, layers};
use crate::track::{Dir, PacketInfo, Role};

pub use ends::ends_text;

/// One layer of one packet, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerRow {
    pub span: Span,
    /// The layer's name in the 4-layer model, in the chosen language.
    pub tier: &'static str,
    /// The OSI layers it stands for ("1–2", "3", "4", "5–7").
    pub osi: &'static str,
    /// The protocol's name ([`proto_word`]: the spans that are not a protocol, such as the
    /// data, in the chosen language; JSON keeps `span.proto.name()`).
    pub proto: &'static str,
    /// The addresses or ports, as `from → to` (empty when the layer has none).
    pub ends: String,
    /// What the layer did for this packet.
    pub text: String,
}

/// What tracking knows about a packet that its sentences use: who sent it, and its TCP
/// sequence and acknowledgement numbers relative to each direction's start. Built from the
/// engine's [`PacketInfo`], or from the TUI's row of the packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Known {
    pub sender: Option<Role>,
    /// Relative (sequence, acknowledgement) numbers of a TCP segment.
    pub tcp: Option<(u32, u32)>,
}

impl Known {
    pub fn from_info(info: Option<&PacketInfo>) -> Known {
        let Some(info) = info else {
            return Known::default();
        };
        Known {
            sender: Some(Known::role(info.dir)),
            tcp: info.tcp.as_ref().map(|t| (t.seq, t.ack)),
        }
    }

    /// The role of the side that sends in direction `dir`.
    pub fn role(dir: Dir) -> Role {
        match dir {
            Dir::C2S => Role::Client,
            Dir::S2C => Role::Server,
        }
    }
}

/// The word for a layer of the 4-layer model.
pub fn tier_word(lang: Lang, tier: Tier) -> &'static str {
    lang.word(match tier {
        Tier::Link => "layer-link",
        Tier::Internet => "layer-internet",
        Tier::Transport => "layer-transport",
        Tier::Application => "layer-application",
    })
}

/// The rows of `packet` (captured `caplen` bytes), with what tracking found about it.
pub fn rows(lang: Lang, packet: &Packet<'_>, caplen: usize, known: Known) -> Vec<LayerRow> {
    layers(packet, caplen)
        .into_iter()
        .map(|span| LayerRow {
            span,
            tier: tier_word(lang, span.tier),
            osi: span.tier.osi(),
            proto: proto_word(lang, span.proto),
            ends: ends_text(&span),
            text: sentence::of(lang, &span, packet, known),
        })
        .collect()
}

/// A protocol's name in a row or the nesting line: the protocols' own names, and for the
/// spans that are not a protocol (data, a fragment, a trailer, undecoded bytes) the word in
/// `lang`.
pub fn proto_word(lang: Lang, proto: Proto) -> &'static str {
    match proto {
        Proto::Data => lang.word("layers-proto-data"),
        Proto::Fragment => lang.word("layers-proto-fragment"),
        Proto::Trailer => lang.word("layers-proto-trailer"),
        Proto::Undecoded => lang.word("layers-proto-undecoded"),
        other => other.name(),
    }
}

/// A row on one line, without alignment (the report's panel): `transport (OSI 4) · TCP 32
/// bytes · 43250 → 8001 · TCP carries bytes 1–15 ...`; the byte count is a number only, so
/// that the line reads in any language.
pub fn row_line(row: &LayerRow) -> String {
    let mut out = format!(
        "{} ({}) · {} {}",
        row.tier, row.osi, row.proto, row.span.len
    );
    if !row.ends.is_empty() {
        out.push_str(" · ");
        out.push_str(&row.ends);
    }
    out.push_str(" · ");
    out.push_str(&row.text);
    out
}

/// The encapsulation in one line: `Ethernet 14 [ IPv4 20 [ TCP 32 [ data 15 ] ] ] = 81 bytes`.
/// What follows the IP packet (padding, a frame check sequence) stands after its brackets.
pub fn nesting(lang: Lang, spans: &[Span]) -> String {
    let mut out = String::new();
    let mut open = 0;
    let mut total = 0;
    let mut inner = spans
        .iter()
        .filter(|s| s.proto != Proto::Trailer)
        .peekable();
    while let Some(s) = inner.next() {
        total += s.len;
        out.push_str(&format!("{} {}", proto_word(lang, s.proto), s.len));
        if inner.peek().is_some() {
            out.push_str(" [ ");
            open += 1;
        }
    }
    for _ in 0..open {
        out.push_str(" ]");
    }
    for s in spans.iter().filter(|s| s.proto == Proto::Trailer) {
        total += s.len;
        out.push_str(&format!(" + {} {}", proto_word(lang, s.proto), s.len));
    }
    let n = total.to_string();
    out.push(' ');
    out.push_str(&lang.text("layers-total", &[("n", &n)]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::layers::Ends;

    fn span(proto: Proto, offset: usize, len: usize) -> Span {
        Span {
            tier: Tier::Link,
            proto,
            offset,
            len,
            ends: Ends::None,
        }
    }

    #[test]
    fn nesting_brackets_each_layer_in_the_one_before_and_the_trailer_after() {
        let spans = [
            span(Proto::Ethernet, 0, 14),
            span(Proto::Ipv4, 14, 20),
            span(Proto::Tcp, 34, 32),
            span(Proto::Data, 66, 15),
        ];
        assert_eq!(
            nesting(Lang::En, &spans),
            "Ethernet 14 [ IPv4 20 [ TCP 32 [ data 15 ] ] ] = 81 bytes"
        );
        let spans = [
            span(Proto::Ethernet, 0, 14),
            span(Proto::Arp, 14, 28),
            span(Proto::Trailer, 42, 18),
        ];
        assert_eq!(
            nesting(Lang::En, &spans),
            "Ethernet 14 [ ARP 28 ] + trailer 18 = 60 bytes"
        );
    }
}
