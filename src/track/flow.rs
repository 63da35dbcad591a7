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
}

/// Why the client is the client.
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

impl RoleReason {
    pub fn name(self) -> &'static str {
        match self {
            RoleReason::SentSyn => "sent the first SYN",
            RoleReason::GotSynAck => "answered by the first SYN-ACK seen",
            RoleReason::ServerPortClass => {
                "the other port is in a lower class (well-known < registered < dynamic)"
            }
            RoleReason::FirstSender => "sent the first packet seen",
            RoleReason::SentEchoRequest => "sent the echo request",
        }
    }
}
