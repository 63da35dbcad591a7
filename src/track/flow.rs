//! Who talks to whom: endpoints, direction-independent flow keys, directions and roles.

use std::fmt;
use std::net::IpAddr;

/// An IP address and a port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Endpoint {
    pub addr: IpAddr,
    pub port: u16,
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.addr {
            IpAddr::V6(a) => write!(f, "[{a}]:{}", self.port),
            IpAddr::V4(a) => write!(f, "{a}:{}", self.port),
        }
    }
}

/// Transport protocols that have conversations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Proto {
    Tcp,
    Udp,
    /// ICMP and ICMPv6 echo: a request and its replies, keyed as Zeek keys them by the two
    /// addresses and the echo identifier (which stands in both endpoints' `port`).
    IcmpEcho,
}

impl Proto {
    pub fn name(self) -> &'static str {
        match self {
            Proto::Tcp => "tcp",
            Proto::Udp => "udp",
            Proto::IcmpEcho => "icmp",
        }
    }
}

/// The 5-tuple with the lower endpoint first, so both directions find the same entry.
///
/// Addresses are kept as 128-bit numbers (IPv4 as IPv4-mapped IPv6), ports and protocol
/// folded into one word: a key hashes and compares as three integers, once per packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FlowKey {
    low: u128,
    high: u128,
    /// Protocol, then the low and the high endpoint's port.
    ports: u64,
}

impl FlowKey {
    pub fn new(proto: Proto, a: Endpoint, b: Endpoint) -> FlowKey {
        let wide = |e: Endpoint| match e.addr {
            std::net::IpAddr::V4(v4) => u128::from(v4.to_ipv6_mapped()),
            std::net::IpAddr::V6(v6) => u128::from(v6),
        };
        let (wa, wb) = (wide(a), wide(b));
        let (low, high, lp, hp) = if (wa, a.port) <= (wb, b.port) {
            (wa, wb, a.port, b.port)
        } else {
            (wb, wa, b.port, a.port)
        };
        let proto = match proto {
            Proto::Tcp => 6u64,
            Proto::Udp => 17,
            Proto::IcmpEcho => 1,
        };
        FlowKey {
            low,
            high,
            ports: (proto << 32) | (u64::from(lp) << 16) | u64::from(hp),
        }
    }
}

impl FlowKey {
    /// The key the tracker files `packet`'s conversation under, for a view that must find it
    /// again (the TUI's index): TCP and UDP by their ports, ICMP echo by its identifier, an
    /// ICMP error by the packet it quotes.
    pub fn of_packet(packet: &crate::decode::Packet<'_>) -> Option<FlowKey> {
        use crate::decode::Transport;
        let (src, dst) = packet.ip_addrs()?;
        let (proto, a, b) = match packet.transport.as_ref()? {
            Transport::Tcp(t) => (Proto::Tcp, (src, t.sport), (dst, t.dport)),
            Transport::Udp(u) => (Proto::Udp, (src, u.sport), (dst, u.dport)),
            Transport::Icmp(i) if i.quoted.is_none() => {
                // An echo conversation: the identifier stands in both ports (the key is the same
                // whichever way the packet goes).
                let [hi, lo, _, _] = i.rest;
                let id = u16::from_be_bytes([hi, lo]);
                (Proto::IcmpEcho, (src, id), (dst, id))
            }
            Transport::Icmp(i) => {
                let q = i.quoted.as_ref()?;
                let (sport, dport) = q.ports?;
                let proto = match q.proto {
                    6 => Proto::Tcp,
                    17 => Proto::Udp,
                    _ => return None,
                };
                (proto, (q.src, sport), (q.dst, dport))
            }
        };
        let ep = |(addr, port)| Endpoint { addr, port };
        Some(FlowKey::new(proto, ep(a), ep(b)))
    }
}

/// Direction of a packet within its conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    /// Client to server.
    C2S,
    /// Server to client.
    S2C,
}

impl Dir {
    pub fn name(self) -> &'static str {
        match self {
            Dir::C2S => "c2s",
            Dir::S2C => "s2c",
        }
    }

    /// The role of the sender of a packet going this way.
    pub fn sender(self) -> Role {
        match self {
            Dir::C2S => Role::Client,
            Dir::S2C => Role::Server,
        }
    }

    /// Index into per-side arrays: 0 for what the client sends, 1 for the server.
    pub fn index(self) -> usize {
        match self {
            Dir::C2S => 0,
            Dir::S2C => 1,
        }
    }
}

/// Which end of a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Client,
    Server,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Client => "client",
            Role::Server => "server",
        }
    }

    /// Zeek's side: the originator is the client.
    pub fn of_orig(orig: bool) -> Role {
        if orig { Role::Client } else { Role::Server }
    }

    pub fn other(self) -> Role {
        match self {
            Role::Client => Role::Server,
            Role::Server => Role::Client,
        }
    }

    pub fn index(self) -> usize {
        match self {
            Role::Client => 0,
            Role::Server => 1,
        }
    }

    /// This role's half of a `[client, server]` pair (what tracking keeps per side), without
    /// an index that could be out of bounds.
    pub fn of<T>(self, pair: &[T; 2]) -> &T {
        let [client, server] = pair;
        match self {
            Role::Client => client,
            Role::Server => server,
        }
    }

    /// [`Role::of`], to change.
    pub fn of_mut<T>(self, pair: &mut [T; 2]) -> &mut T {
        let [client, server] = pair;
        match self {
            Role::Client => client,
            Role::Server => server,
        }
    }

    /// Both halves of a `[client, server]` pair: this role's, then the other's.
    pub fn split<T>(self, pair: &mut [T; 2]) -> (&mut T, &mut T) {
        let [client, server] = pair;
        match self {
            Role::Client => (client, server),
            Role::Server => (server, client),
        }
    }
}

/// Why the client is the client (annotate::words::role_reason says it in words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleReason {
    /// It sent the first SYN.
    SentSyn,
    /// The other side's first packet was a SYN-ACK.
    GotSynAck,
    /// Mid-stream: the other side's port is in a lower RFC 6335 class (well-known < registered
    /// < dynamic), so it is taken for the server.
    ServerPortClass,
    /// Mid-stream, ports alike: whoever sent first is taken for the client.
    FirstSender,
    /// It sent the echo request (or, when only the reply was seen, the reply went to it).
    SentEchoRequest,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::LinkType;
    use crate::decode::decode;
    use etherparse::PacketBuilder;

    fn key(build: impl FnOnce(&mut Vec<u8>)) -> Option<FlowKey> {
        let mut bytes = Vec::new();
        build(&mut bytes);
        FlowKey::of_packet(&decode(LinkType::ETHERNET, &bytes, bytes.len() as u32))
    }

    fn eth() -> etherparse::PacketBuilderStep<etherparse::Ethernet2Header> {
        PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
    }

    #[test]
    fn both_directions_of_a_conversation_have_one_key() {
        let (a, b) = ([10, 0, 0, 1], [10, 0, 0, 2]);
        let there = key(|v| {
            eth()
                .ipv4(a, b, 64)
                .tcp(40000, 80, 1, 100)
                .syn()
                .write(v, &[])
                .unwrap()
        });
        let back = key(|v| {
            eth()
                .ipv4(b, a, 64)
                .tcp(80, 40000, 1, 100)
                .ack(2)
                .write(v, &[])
                .unwrap()
        });
        assert!(there.is_some());
        assert_eq!(there, back);
        let request = key(|v| {
            eth()
                .ipv4(a, b, 64)
                .icmpv4_echo_request(7, 1)
                .write(v, b"x")
                .unwrap()
        });
        let reply = key(|v| {
            eth()
                .ipv4(b, a, 64)
                .icmpv4_echo_reply(7, 1)
                .write(v, b"x")
                .unwrap()
        });
        assert!(request.is_some());
        assert_eq!(request, reply);
        let other_ping = key(|v| {
            eth()
                .ipv4(a, b, 64)
                .icmpv4_echo_request(8, 1)
                .write(v, b"x")
                .unwrap()
        });
        assert_ne!(request, other_ping);
        let udp = key(|v| eth().ipv4(a, b, 64).udp(40000, 80).write(v, &[]).unwrap());
        assert_ne!(udp, there, "the protocol is part of the key");
    }
}
