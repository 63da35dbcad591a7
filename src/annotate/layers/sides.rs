//! The sender's and the receiver's view of a packet, as Packet Tracer's OSI Model tab draws
//! them: the **out** layers on the sending host, top-down (the call that caused the packet,
//! then what TCP or UDP, IP and the link add), and the **in** layers on the receiving host,
//! bottom-up (the link, IP, TCP or UDP, the socket's queue, and the call that returned it).
//! The byte counts are the decoder's spans (`decode::layers`): each block's counts add up to
//! the captured length. The calls come from the lab or `run` ([`Calls::Known`]); a capture read
//! from a file has none ([`Calls::Unknown`]), and the rows say so.

use std::net::IpAddr;

use crate::annotate::lang::Lang;
use crate::annotate::words::role_word;
use crate::decode::layers::{Ends, Proto, Span, Tier, layers};
use crate::decode::{Net, Packet, Tcp, TcpFlags, Transport};
use crate::track::{Analysis, PacketInfo, Role, TcpState};

use super::{Known, tier_word};

/// What is known of the programs' socket calls around a packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Calls<'a> {
    /// A capture read from a file: the calls are not in it.
    Unknown,
    /// The lab or `run` recorded the calls: the one that put the packet on the wire (if one
    /// did), and the receiver's calls after it that returned what it carried.
    Known {
        caused: Option<&'a str>,
        returned: &'a [&'a str],
    },
}

/// What tracking found about a packet that the rows use: who sent it and its relative
/// numbers ([`Known`]), whether it completed the handshake (the server's SYN-RECEIVED →
/// ESTABLISHED), and whether it resent data. Built from the engine's [`PacketInfo`], or from
/// the TUI's row of the packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tracked {
    pub known: Known,
    pub completes_handshake: bool,
    pub retransmitted: bool,
}

impl Tracked {
    pub fn from_info(info: Option<&PacketInfo>) -> Tracked {
        let tcp = info.and_then(|i| i.tcp.as_ref());
        Tracked {
            known: Known::from_info(info),
            completes_handshake: tcp.is_some_and(|t| completes(t.before[1], t.after[1])),
            retransmitted: tcp.is_some_and(|t| resent(&t.analysis)),
        }
    }
}

/// The server's states before and after the packet that completes the handshake.
pub fn completes(before: TcpState, after: TcpState) -> bool {
    before == TcpState::SynReceived && after == TcpState::Established
}

/// Whether a packet's findings say it resent data.
pub fn resent(analysis: &[Analysis]) -> bool {
    analysis.iter().any(|a| {
        matches!(
            a,
            Analysis::Retransmission
                | Analysis::FastRetransmission { .. }
                | Analysis::SpuriousRetransmission
        )
    })
}

/// Where a row stands on its host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// One of the four layers of the TCP/IP model.
    Layer(Tier),
    /// The socket's queue on the receiving host.
    Socket,
    /// The call that returned the packet to the receiving program.
    Call,
}

impl Place {
    /// The name used in JSON (`sides.out.layers[].layer`).
    pub fn name(self) -> &'static str {
        match self {
            Place::Layer(t) => t.name(),
            Place::Socket => "socket",
            Place::Call => "call",
        }
    }

    /// The row's label in `lang`.
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            Place::Layer(t) => tier_word(lang, t),
            Place::Socket => lang.word("sides-place-socket"),
            Place::Call => lang.word("sides-place-call"),
        }
    }
}

/// One row of a side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SideRow {
    pub place: Place,
    /// The frame's bytes this row stands for (none for the call on the receiving host).
    pub bytes: Option<usize>,
    pub text: String,
}

/// One host's rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    /// The host's role, when the tracker knows it.
    pub role: Option<Role>,
    /// The block's head: `out: client`, `in: server`.
    pub head: String,
    pub rows: Vec<SideRow>,
}

/// Both hosts' views of one packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sides {
    pub out: Side,
    pub into: Side,
}

/// Whether both ends of `packet` are this host's loopback addresses (127.0.0.0/8, ::1): a
/// capture of it shows both programs' packets.
pub fn is_loopback(packet: &Packet<'_>) -> bool {
    let (s, d): (IpAddr, IpAddr) = match &packet.net {
        Some(Net::Ipv4(ip)) => (ip.src.into(), ip.dst.into()),
        Some(Net::Ipv6(ip)) => (ip.src.into(), ip.dst.into()),
        _ => return false,
    };
    s.is_loopback() && d.is_loopback()
}

/// What a packet is to its two hosts, as the rows need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Syn,
    SynAck,
    /// The client's ACK that completes the handshake.
    Handshake,
    Data {
        from: u32,
        to: u32,
        fin: bool,
    },
    Fin,
    Ack {
        ack: u32,
    },
    Rst,
    Udp {
        port: u16,
    },
}

impl Kind {
    fn of(packet: &Packet<'_>, tracked: Tracked) -> Option<Kind> {
        match &packet.transport {
            Some(Transport::Tcp(t)) => Some(Kind::tcp(t, tracked)),
            Some(Transport::Udp(u)) => Some(Kind::Udp { port: u.dport }),
            _ => None,
        }
    }

    fn tcp(t: &Tcp<'_>, tracked: Tracked) -> Kind {
        let f = t.flags;
        let (seq, ack) = tracked.known.tcp.unwrap_or((t.seq, t.ack));
        let completes = tracked.completes_handshake;
        match () {
            _ if f.has(TcpFlags::RST) => Kind::Rst,
            _ if f.has(TcpFlags::SYN) && f.has(TcpFlags::ACK) => Kind::SynAck,
            _ if f.has(TcpFlags::SYN) => Kind::Syn,
            _ if t.payload_len > 0 => Kind::Data {
                from: seq,
                to: seq.wrapping_add(t.payload_len - 1),
                fin: f.has(TcpFlags::FIN),
            },
            _ if f.has(TcpFlags::FIN) => Kind::Fin,
            _ if completes => Kind::Handshake,
            _ => Kind::Ack { ack },
        }
    }
}

/// Both views of `packet` (captured `caplen` bytes), or none when it is neither TCP nor UDP.
pub fn sides(
    lang: Lang,
    packet: &Packet<'_>,
    caplen: usize,
    tracked: Tracked,
    calls: Calls<'_>,
) -> Option<Sides> {
    let kind = Kind::of(packet, tracked)?;
    let spans = layers(packet, caplen);
    let bytes =
        |tier: Tier| -> usize { spans.iter().filter(|s| s.tier == tier).map(|s| s.len).sum() };
    let sender = tracked.known.sender;
    let receiver = sender.map(other);
    let ctx = Ctx {
        lang,
        packet,
        spans: &spans,
        kind,
        tracked,
        calls,
        receiver,
    };
    let host = |r: Option<Role>, unknown: &'static str| {
        r.map_or_else(|| lang.word(unknown), |r| role_word(lang, r))
    };
    let out = Side {
        role: sender,
        head: lang.text("sides-out", &[("host", host(sender, "layers-sender"))]),
        rows: vec![
            row(Tier::Application, bytes, ctx.out_app()),
            row(Tier::Transport, bytes, ctx.out_transport()),
            row(Tier::Internet, bytes, ctx.out_ip()),
            row(Tier::Link, bytes, ctx.link(true)),
        ],
    };
    let app = bytes(Tier::Application);
    let into = Side {
        role: receiver,
        head: lang.text("sides-in", &[("host", host(receiver, "sides-receiver"))]),
        rows: vec![
            row(Tier::Link, bytes, ctx.link(false)),
            row(Tier::Internet, bytes, ctx.in_ip()),
            row(Tier::Transport, bytes, ctx.in_transport()),
            SideRow {
                place: Place::Socket,
                bytes: Some(app),
                text: ctx.queue(app),
            },
            SideRow {
                place: Place::Call,
                bytes: None,
                text: ctx.returned(),
            },
        ],
    };
    Some(Sides { out, into })
}

/// The other side of a conversation.
fn other(r: Role) -> Role {
    match r {
        Role::Client => Role::Server,
        Role::Server => Role::Client,
    }
}

fn row(tier: Tier, bytes: impl Fn(Tier) -> usize, text: String) -> SideRow {
    SideRow {
        place: Place::Layer(tier),
        bytes: Some(bytes(tier)),
        text,
    }
}

/// What every row's words are made from.
struct Ctx<'c, 'p> {
    lang: Lang,
    packet: &'c Packet<'p>,
    spans: &'c [Span],
    kind: Kind,
    tracked: Tracked,
    calls: Calls<'c>,
    receiver: Option<Role>,
}

impl Ctx<'_, '_> {
    fn span(&self, tier: Tier) -> Option<&Span> {
        self.spans.iter().find(|s| s.tier == tier)
    }

    fn len(&self, tier: Tier) -> String {
        self.span(tier).map_or(0, |s| s.len).to_string()
    }

    fn role(&self, r: Option<Role>) -> &'static str {
        r.map_or_else(
            || self.lang.word("sides-receiver"),
            |r| role_word(self.lang, r),
        )
    }

    fn retransmitted(&self) -> bool {
        self.tracked.retransmitted
    }

    /// The sending host's application row: the call, or what sent the packet without one.
    fn out_app(&self) -> String {
        let lang = self.lang;
        let kernel = match self.kind {
            _ if self.retransmitted() => "sides-out-kernel-retransmission",
            Kind::Ack { .. } | Kind::Handshake => "sides-out-kernel-ack",
            Kind::SynAck => "sides-out-kernel-syn-ack",
            Kind::Rst => "sides-out-kernel-rst",
            _ => "sides-out-kernel",
        };
        let asked = match self.kind {
            Kind::Syn => Some(("TCP", "connect()")),
            Kind::Data { fin: false, .. } => Some(("TCP", "send()")),
            Kind::Data { fin: true, .. } | Kind::Fin => Some(("TCP", "close()/shutdown()")),
            Kind::Udp { .. } => Some(("UDP", "sendto()")),
            _ => None,
        };
        match (self.calls, asked) {
            (
                Calls::Known {
                    caused: Some(c), ..
                },
                _,
            ) => c.to_owned(),
            (Calls::Unknown, Some((proto, call))) if !self.retransmitted() => {
                lang.text("sides-out-unknown", &[("proto", proto), ("call", call)])
            }
            _ => lang.text(kernel, &[]),
        }
    }

    fn out_transport(&self) -> String {
        let n = self.len(Tier::Transport);
        match (
            &self.packet.transport,
            self.span(Tier::Transport).map(|s| s.ends),
        ) {
            (Some(Transport::Tcp(t)), Some(Ends::Ports(s, d))) => {
                let seq = self
                    .tracked
                    .known
                    .tcp
                    .map_or(t.seq, |(seq, _)| seq)
                    .to_string();
                let flags = t.flags.as_text();
                let (s, d) = (s.to_string(), d.to_string());
                let args = [
                    ("n", n.as_str()),
                    ("sport", &s),
                    ("dport", &d),
                    ("seq", &seq),
                    ("flags", &flags),
                ];
                self.lang.text("sides-out-tcp", &args)
            }
            (_, Some(Ends::Ports(s, d))) => {
                let (s, d) = (s.to_string(), d.to_string());
                let args = [("n", n.as_str()), ("sport", &s), ("dport", &d)];
                self.lang.text("sides-out-udp", &args)
            }
            _ => String::new(),
        }
    }

    fn ip_parts(&self) -> (&'static str, String, String, String) {
        let (proto, src, dst, ttl) = match &self.packet.net {
            Some(Net::Ipv4(ip)) => ("IPv4", ip.src.to_string(), ip.dst.to_string(), ip.ttl),
            Some(Net::Ipv6(ip)) => ("IPv6", ip.src.to_string(), ip.dst.to_string(), ip.hop_limit),
            _ => ("IP", String::new(), String::new(), 0),
        };
        (proto, src, dst, ttl.to_string())
    }

    fn out_ip(&self) -> String {
        let (proto, src, dst, ttl) = self.ip_parts();
        let n = self.len(Tier::Internet);
        let args = [
            ("proto", proto),
            ("n", &n),
            ("src", &src),
            ("dst", &dst),
            ("ttl", &ttl),
        ];
        let id = match proto {
            "IPv6" => "sides-out-ip6",
            _ => "sides-out-ip",
        };
        self.lang.text(id, &args)
    }

    fn in_ip(&self) -> String {
        let (proto, _, dst, _) = self.ip_parts();
        let n = self.len(Tier::Internet);
        let next = match self.kind {
            Kind::Udp { .. } => "UDP",
            _ => "TCP",
        };
        let args = [("proto", proto), ("n", &n), ("dst", &dst), ("next", next)];
        self.lang.text("sides-in-ip", &args)
    }

    /// The link row, going out or coming in.
    fn link(&self, out: bool) -> String {
        let first = self.span(Tier::Link);
        let n = self.len(Tier::Link);
        let pick = |o: &'static str, i: &'static str| if out { o } else { i };
        match first.map(|s| (s.proto, s.ends)) {
            Some((Proto::Loopback, _)) => self.lang.text(
                pick("sides-out-loopback", "sides-in-loopback"),
                &[("n", &n)],
            ),
            Some((Proto::Ethernet, _)) if is_loopback(self.packet) => self.lang.text(
                pick("sides-out-lo-ethernet", "sides-in-lo-ethernet"),
                &[("n", &n)],
            ),
            Some((Proto::Ethernet, Ends::Mac(s, d))) => {
                let (s, d) = (s.to_string(), d.to_string());
                let args = [("n", n.as_str()), ("src", &s), ("dst", &d)];
                self.lang
                    .text(pick("sides-out-ethernet", "sides-in-ethernet"), &args)
            }
            Some((proto, _)) => self.lang.text(
                pick("sides-out-link", "sides-in-link"),
                &[("proto", proto.name()), ("n", &n)],
            ),
            None => String::new(),
        }
    }

    fn in_transport(&self) -> String {
        let lang = self.lang;
        match self.kind {
            Kind::Syn => {
                let port = match self.span(Tier::Transport).map(|s| s.ends) {
                    Some(Ends::Ports(_, d)) => d,
                    _ => 0,
                };
                lang.text("sides-in-tcp-syn", &[("port", &port.to_string())])
            }
            Kind::SynAck => lang.text("sides-in-tcp-syn-ack", &[]),
            Kind::Handshake => lang.text("sides-in-tcp-handshake", &[]),
            Kind::Data { from, to, .. } => {
                let (from, to) = (from.to_string(), to.to_string());
                lang.text("sides-in-tcp-data", &[("from", &from), ("to", &to)])
            }
            Kind::Fin => lang.text("sides-in-tcp-fin", &[]),
            Kind::Ack { ack } => lang.text("sides-in-tcp-ack", &[("ack", &ack.to_string())]),
            Kind::Rst => lang.text("sides-in-tcp-rst", &[]),
            Kind::Udp { port } => lang.text("sides-in-udp", &[("port", &port.to_string())]),
        }
    }

    /// The socket's queue on the receiving host, with the `app` bytes it gets.
    fn queue(&self, app: usize) -> String {
        let lang = self.lang;
        let n = app.to_string();
        let role = self.role(self.receiver);
        match self.kind {
            Kind::Syn => lang.text("sides-queue-syn", &[]),
            Kind::Handshake => lang.text("sides-queue-accept", &[]),
            Kind::SynAck => lang.text("sides-queue-connected", &[]),
            Kind::Data { .. } => lang.text("sides-queue-data", &[("n", &n), ("role", role)]),
            Kind::Fin => lang.text("sides-queue-fin", &[("role", role)]),
            Kind::Ack { .. } => lang.text("sides-queue-ack", &[]),
            Kind::Rst => lang.text("sides-queue-rst", &[]),
            Kind::Udp { .. } => lang.text("sides-queue-udp", &[("n", &n)]),
        }
    }

    /// The receiving program's call that returned the packet, or why there is none.
    fn returned(&self) -> String {
        let lang = self.lang;
        let none = match self.kind {
            Kind::Syn | Kind::Handshake => "sides-call-none-accept",
            Kind::SynAck => "sides-call-none-connect",
            Kind::Data { .. } => "sides-call-none-data",
            Kind::Fin => "sides-call-none-fin",
            Kind::Ack { .. } => return lang.text("sides-call-none-ack", &[]),
            Kind::Rst => "sides-call-none-rst",
            Kind::Udp { .. } => "sides-call-none-udp",
        };
        match self.calls {
            Calls::Unknown => lang.text("sides-call-unknown", &[]),
            Calls::Known { returned: [], .. } => {
                lang.text(none, &[("role", self.role(self.receiver))])
            }
            Calls::Known { returned, .. } => returned.join("; "),
        }
    }
}

#[cfg(test)]
mod tests;
