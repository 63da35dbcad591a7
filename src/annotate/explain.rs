//! `wirelab explain`: what the tutorials and Python print, understood and explained. An
//! address (`192.168.1.10`, `::1`), a network (`192.168.1.0/24`, `192.168.1.1/255.255.255.0`),
//! an address with a port as a socket prints it (`127.0.0.1:8001`, `[::1]:8001`), `localhost`,
//! or a port (`8001`, `53/udp`).
//!
//! [`parse`] turns a word into a [`Query`] (or says why it is none); [`explain`] writes what
//! it is. Network arithmetic (network, broadcast, hosts) is the `ipnet` crate's.

use std::fmt::Write as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};

use super::{address, port};

/// One thing to explain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    Address(IpAddr),
    /// An address with a prefix length: the network it is in, and where it sits there.
    Network {
        addr: IpAddr,
        net: IpNet,
    },
    /// An address and a port, as `getpeername()` or Python's `accept()` prints them.
    Socket(SocketAddr),
    /// `localhost`: the name, then both loopback addresses.
    Localhost,
    /// A port, over one transport or (`None`) both.
    Port(u16, Option<port::Transport>),
}

/// What `word` asks about, or why it is nothing wirelab can explain.
pub fn parse(word: &str) -> Result<Query, String> {
    if word.eq_ignore_ascii_case("localhost") {
        return Ok(Query::Localhost);
    }
    if let Ok(addr) = word.parse::<IpAddr>() {
        return Ok(Query::Address(addr));
    }
    if let Ok(sock) = word.parse::<SocketAddr>() {
        return Ok(Query::Socket(sock));
    }
    if let Some((addr, rest)) = word.split_once('/') {
        if let Ok(addr) = addr.parse::<IpAddr>() {
            return network(addr, rest).map(|net| Query::Network { addr, net });
        }
        let transport = port::Transport::from_name(rest)
            .ok_or_else(|| format!("{word}: the protocol after '/' must be tcp or udp"))?;
        return match addr.parse::<u16>() {
            Ok(n) => Ok(Query::Port(n, Some(transport))),
            Err(_) => Err(format!("{word}: {addr} is not a port number (0-65535)")),
        };
    }
    match word.parse::<u16>() {
        Ok(n) => Ok(Query::Port(n, None)),
        Err(_) => Err(format!(
            "{word}: neither an IPv4/IPv6 address, a network (ADDR/LEN, ADDR/MASK), ADDR:PORT, \
             localhost, nor a port number (0-65535)"
        )),
    }
}

/// `addr/rest`: a prefix length, or (IPv4) a dotted mask whose ones come first.
fn network(addr: IpAddr, rest: &str) -> Result<IpNet, String> {
    let bad = |why: &str| format!("{addr}/{rest}: {why}");
    let len = match (addr, rest.parse::<u8>(), rest.parse::<Ipv4Addr>()) {
        (_, Ok(len), _) => len,
        (IpAddr::V4(_), Err(_), Ok(mask)) => {
            let bits = u32::from(mask);
            if bits.leading_ones() + bits.trailing_zeros() != 32 {
                return Err(bad("a mask's ones must all come before its zeros"));
            }
            u8::try_from(bits.leading_ones()).unwrap_or(32)
        }
        _ => return Err(bad("after '/' comes a prefix length or (IPv4) a mask")),
    };
    IpNet::new(addr, len).map_err(|_| {
        bad(match addr {
            IpAddr::V4(_) => "an IPv4 prefix length is 0 to 32",
            IpAddr::V6(_) => "an IPv6 prefix length is 0 to 128",
        })
    })
}

/// What `query` (read from `word`) is, as lines of text; `binary` adds each address written
/// in bits.
pub fn explain(word: &str, query: &Query, binary: bool) -> String {
    let mut out = String::new();
    match query {
        Query::Address(addr) if addr.to_string() != word => {
            // Rust writes IPv4-compatible addresses in hex: keep the user's spelling too.
            let _ = writeln!(out, "{word} ({addr})\n{}", address::describe(*addr));
            if binary {
                let _ = writeln!(out, "in binary: {}", bits(*addr));
            }
        }
        Query::Address(addr) => address_text(&mut out, *addr, binary),
        Query::Network { addr, net } => {
            network_text(&mut out, *addr, net);
            out.push('\n');
            address_text(&mut out, *addr, binary);
        }
        Query::Socket(sock) => {
            let _ = writeln!(
                out,
                "{sock}: address {}, port {}: one end of a TCP or UDP conversation, as a \
                 socket names it (getsockname(), getpeername(), Python's accept())\n",
                sock.ip(),
                sock.port()
            );
            address_text(&mut out, sock.ip(), binary);
            out.push('\n');
            ports_text(&mut out, sock.port(), None);
        }
        Query::Localhost => {
            out.push_str(
                "localhost: the name of this machine itself; it resolves to the loopback \
                 addresses 127.0.0.1 and ::1, and traffic to it never leaves the machine (on \
                 Linux it goes through the interface lo) (RFC 6761)\n\n",
            );
            address_text(&mut out, IpAddr::V4(Ipv4Addr::LOCALHOST), binary);
            out.push('\n');
            address_text(&mut out, IpAddr::V6(Ipv6Addr::LOCALHOST), binary);
        }
        Query::Port(n, t) => ports_text(&mut out, *n, *t),
    }
    out
}

fn address_text(out: &mut String, addr: IpAddr, binary: bool) {
    let _ = writeln!(out, "{addr}\n{}", address::describe(addr));
    if binary {
        let _ = writeln!(out, "in binary: {}", bits(addr));
    }
}

fn ports_text(out: &mut String, n: u16, t: Option<port::Transport>) {
    let transports = match t {
        Some(t) => vec![t],
        None => vec![port::Transport::Tcp, port::Transport::Udp],
    };
    for t in transports {
        let _ = writeln!(out, "{}", port::describe(n, t));
    }
}

/// `wirelab explain WORD...`: the explanation of each word that parses, a blank line
/// between two, and why each of the others does not.
pub fn explain_all(words: &[String], binary: bool) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut refused = Vec::new();
    for word in words {
        match parse(word) {
            Ok(query) => {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&explain(word, &query, binary));
            }
            Err(why) => refused.push(why),
        }
    }
    (out, refused)
}

/// An address in bits: IPv4 by octet (`11000000.10101000.00000001.00001010`), IPv6 by group.
pub fn bits(addr: IpAddr) -> String {
    match addr {
        IpAddr::V4(a) => a
            .octets()
            .iter()
            .map(|o| format!("{o:08b}"))
            .collect::<Vec<_>>()
            .join("."),
        IpAddr::V6(a) => a
            .segments()
            .iter()
            .map(|g| format!("{g:016b}"))
            .collect::<Vec<_>>()
            .join(":"),
    }
}

fn network_text(out: &mut String, addr: IpAddr, net: &IpNet) {
    match net {
        IpNet::V4(n) => v4_network(out, addr, n),
        IpNet::V6(n) => v6_network(out, addr, n),
    }
}

fn v4_network(out: &mut String, addr: IpAddr, net: &Ipv4Net) {
    let (network, broadcast, len) = (net.network(), net.broadcast(), net.prefix_len());
    let _ = writeln!(
        out,
        "{}/{len}: network {network}, mask {} (/{len})",
        network,
        net.netmask()
    );
    let _ = writeln!(
        out,
        "mask in binary: {} ({len} network bits, {} host bits)",
        bits(IpAddr::V4(net.netmask())),
        32 - len
    );
    let hosts = match len {
        32 => format!("one address, {network}: a single host (a host route)"),
        31 => format!(
            "2 hosts, {network} and {broadcast}: a point-to-point link needs no network or \
             broadcast address (RFC 3021)"
        ),
        _ => {
            let count = (1u64 << (32 - u32::from(len))) - 2;
            format!(
                "broadcast {broadcast}; hosts {} to {} ({count} addresses: all but the \
                 network and broadcast addresses)",
                Ipv4Addr::from(u32::from(network) + 1),
                Ipv4Addr::from(u32::from(broadcast) - 1),
            )
        }
    };
    let _ = writeln!(out, "{hosts}");
    let IpAddr::V4(a) = addr else { return };
    let place = if len >= 31 {
        format!("{a} is a host of {network}/{len}")
    } else if a == network {
        format!("{a} is the network address itself: it names the network, no host has it")
    } else if a == broadcast {
        format!(
            "{a} is the directed broadcast address of {network}/{len}: a datagram sent to it \
             reaches every host on that network; routers do not forward such datagrams by \
             default (RFC 919, RFC 922, RFC 2644)"
        )
    } else {
        format!(
            "{a} is host {} of {network}/{len}",
            u32::from(a) - u32::from(network)
        )
    };
    let _ = writeln!(out, "{place}");
}

fn v6_network(out: &mut String, addr: IpAddr, net: &Ipv6Net) {
    let len = net.prefix_len();
    let host_bits = 128 - u32::from(len);
    let count = match host_bits {
        0 => "1 address".to_owned(),
        1..=63 => format!("{} addresses", 1u128 << host_bits),
        _ => format!("2^{host_bits} addresses"),
    };
    let _ = writeln!(
        out,
        "{}/{len}: network {}, {count} from {} to {}; IPv6 has no broadcast address (its \
         all-nodes multicast group ff02::1 does that job) (RFC 4291)",
        net.network(),
        net.network(),
        net.network(),
        net.broadcast()
    );
    if let IpAddr::V6(a) = addr
        && a != net.network()
    {
        let _ = writeln!(out, "{a} is an address in {}/{len}", net.network());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(word: &str) -> String {
        explain(word, &parse(word).unwrap(), false)
    }

    #[test]
    fn a_network_in_cidr_and_in_mask_notation_is_the_same_network() {
        let cidr = text("192.168.1.0/24");
        let mask = text("192.168.1.0/255.255.255.0");
        assert_eq!(cidr, mask);
        let lines: Vec<&str> = cidr.lines().take(4).collect();
        assert_eq!(
            lines,
            [
                "192.168.1.0/24: network 192.168.1.0, mask 255.255.255.0 (/24)",
                "mask in binary: 11111111.11111111.11111111.00000000 (24 network bits, 8 host bits)",
                "broadcast 192.168.1.255; hosts 192.168.1.1 to 192.168.1.254 (254 addresses: all but the network and broadcast addresses)",
                "192.168.1.0 is the network address itself: it names the network, no host has it",
            ]
        );
    }

    #[test]
    fn a_host_and_a_directed_broadcast_are_placed_in_their_network() {
        assert!(text("192.168.1.10/24").contains("192.168.1.10 is host 10 of 192.168.1.0/24"));
        let b = text("192.168.1.255/24");
        assert!(
            b.contains("192.168.1.255 is the directed broadcast address of 192.168.1.0/24"),
            "{b}"
        );
        assert!(text("10.0.0.1/31").contains("2 hosts, 10.0.0.0 and 10.0.0.1"));
        assert!(text("10.0.0.1/32").contains("one address, 10.0.0.1"));
        assert!(text("10.0.0.1/8").contains("hosts 10.0.0.1 to 10.255.255.254 (16777214"));
    }

    #[test]
    fn sockets_localhost_and_ports_are_understood() {
        assert_eq!(
            parse("127.0.0.1:8001").unwrap(),
            Query::Socket("127.0.0.1:8001".parse().unwrap())
        );
        assert_eq!(
            parse("[::1]:8001").unwrap(),
            Query::Socket("[::1]:8001".parse().unwrap())
        );
        let sock = text("[::1]:8001");
        assert!(sock.contains("::1\n"), "{sock}");
        assert!(sock.contains("8001/tcp"), "{sock}");
        let local = text("localhost");
        assert!(
            local.contains("127.0.0.1\n") && local.contains("::1\n"),
            "{local}"
        );
        assert_eq!(
            parse("53/udp").unwrap(),
            Query::Port(53, Some(port::Transport::Udp))
        );
        assert_eq!(parse("8001").unwrap(), Query::Port(8001, None));
    }

    #[test]
    fn what_is_not_understood_says_why() {
        assert!(parse("192.168.1.0/33").unwrap_err().contains("0 to 32"));
        assert!(
            parse("192.168.1.0/255.0.255.0")
                .unwrap_err()
                .contains("ones must all come before")
        );
        assert!(parse("80/sctp").unwrap_err().contains("tcp or udp"));
        assert!(parse("hello").unwrap_err().contains("neither"));
    }

    #[test]
    fn binary_writes_every_bit() {
        assert_eq!(
            bits("192.168.1.10".parse().unwrap()),
            "11000000.10101000.00000001.00001010"
        );
        let six = bits("::1".parse().unwrap());
        assert_eq!(six.len(), 8 * 16 + 7);
        assert!(six.ends_with(":0000000000000001"));
        assert!(
            explain("10.0.0.1", &parse("10.0.0.1").unwrap(), true).contains("in binary: 00001010.")
        );
    }

    #[test]
    fn ipv6_networks_have_no_broadcast() {
        let t = text("fd00:198:18::1/64");
        assert!(t.contains("fd00:198:18::/64: network fd00:198:18::"), "{t}");
        assert!(t.contains("no broadcast"), "{t}");
        assert!(t.contains("2^64 addresses"), "{t}");
    }
}
