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

use super::lang::Lang;
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

/// What `word` asks about, or why (in `lang`'s words) it is nothing wirelab can explain.
pub fn parse(lang: Lang, word: &str) -> Result<Query, String> {
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
            return network(lang, addr, rest).map(|net| Query::Network { addr, net });
        }
        let transport = port::Transport::from_name(rest)
            .ok_or_else(|| lang.text("explain-bad-transport", &[("word", word)]))?;
        return match addr.parse::<u16>() {
            Ok(n) => Ok(Query::Port(n, Some(transport))),
            Err(_) => Err(lang.text("explain-bad-port", &[("word", word), ("port", addr)])),
        };
    }
    match word.parse::<u16>() {
        Ok(n) => Ok(Query::Port(n, None)),
        Err(_) => Err(lang.text("explain-unknown", &[("word", word)])),
    }
}

/// `addr/rest`: a prefix length, or (IPv4) a dotted mask whose ones come first.
fn network(lang: Lang, addr: IpAddr, rest: &str) -> Result<IpNet, String> {
    let bad = |why: &str| lang.text(why, &[("net", &format!("{addr}/{rest}"))]);
    let len = match (addr, rest.parse::<u8>(), rest.parse::<Ipv4Addr>()) {
        (_, Ok(len), _) => len,
        (IpAddr::V4(_), Err(_), Ok(mask)) => {
            let bits = u32::from(mask);
            if bits.leading_ones() + bits.trailing_zeros() != 32 {
                return Err(bad("explain-bad-mask"));
            }
            u8::try_from(bits.leading_ones()).unwrap_or(32)
        }
        _ => return Err(bad("explain-bad-after-slash")),
    };
    IpNet::new(addr, len).map_err(|_| {
        bad(match addr {
            IpAddr::V4(_) => "explain-bad-len-v4",
            IpAddr::V6(_) => "explain-bad-len-v6",
        })
    })
}

/// What `query` (read from `word`) is, as lines of text in `lang`; `binary` adds each
/// address written in bits.
pub fn explain(lang: Lang, word: &str, query: &Query, binary: bool) -> String {
    let mut out = String::new();
    match query {
        Query::Address(addr) if addr.to_string() != word => {
            // Rust writes IPv4-compatible addresses in hex: keep the user's spelling too.
            let _ = writeln!(out, "{word} ({addr})\n{}", address::describe(lang, *addr));
            if binary {
                let _ = writeln!(out, "{}", binary_line(lang, *addr));
            }
        }
        Query::Address(addr) => address_text(lang, &mut out, *addr, binary),
        Query::Network { addr, net } => {
            network_text(lang, &mut out, *addr, net);
            out.push('\n');
            address_text(lang, &mut out, *addr, binary);
        }
        Query::Socket(sock) => {
            let (text, ip, port) = (sock.to_string(), sock.ip().to_string(), sock.port());
            let port = port.to_string();
            let args = [("sock", text.as_str()), ("addr", &ip), ("port", &port)];
            let _ = writeln!(out, "{}\n", lang.text("explain-socket", &args));
            address_text(lang, &mut out, sock.ip(), binary);
            out.push('\n');
            ports_text(lang, &mut out, sock.port(), None);
        }
        Query::Localhost => {
            let _ = writeln!(out, "{}\n", lang.word("explain-localhost"));
            address_text(lang, &mut out, IpAddr::V4(Ipv4Addr::LOCALHOST), binary);
            out.push('\n');
            address_text(lang, &mut out, IpAddr::V6(Ipv6Addr::LOCALHOST), binary);
        }
        Query::Port(n, t) => ports_text(lang, &mut out, *n, *t),
    }
    out
}

fn binary_line(lang: Lang, addr: IpAddr) -> String {
    lang.text("explain-binary", &[("bits", &bits(addr))])
}

fn address_text(lang: Lang, out: &mut String, addr: IpAddr, binary: bool) {
    let _ = writeln!(out, "{addr}\n{}", address::describe(lang, addr));
    if binary {
        let _ = writeln!(out, "{}", binary_line(lang, addr));
    }
}

fn ports_text(lang: Lang, out: &mut String, n: u16, t: Option<port::Transport>) {
    let transports = match t {
        Some(t) => vec![t],
        None => vec![port::Transport::Tcp, port::Transport::Udp],
    };
    for t in transports {
        let _ = writeln!(out, "{}", port::describe(n, t).explain(lang, true));
    }
}

/// `wirelab explain WORD...`: the explanation of each word that parses, a blank line
/// between two, and why each of the others does not, all in `lang`.
pub fn explain_all(lang: Lang, words: &[String], binary: bool) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut refused = Vec::new();
    for word in words {
        match parse(lang, word) {
            Ok(query) => {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&explain(lang, word, &query, binary));
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

fn network_text(lang: Lang, out: &mut String, addr: IpAddr, net: &IpNet) {
    match net {
        IpNet::V4(n) => v4_network(lang, out, addr, n),
        IpNet::V6(n) => v6_network(lang, out, addr, n),
    }
}

fn v4_network(lang: Lang, out: &mut String, addr: IpAddr, net: &Ipv4Net) {
    let (network, broadcast, len) = (net.network(), net.broadcast(), net.prefix_len());
    let (net_s, bc_s, len_s) = (network.to_string(), broadcast.to_string(), len.to_string());
    let mask = net.netmask().to_string();
    let args = [
        ("network", net_s.as_str()),
        ("len", &len_s),
        ("mask", &mask),
    ];
    let _ = writeln!(out, "{}", lang.text("explain-v4-network", &args));
    let (mask_bits, host) = (bits(IpAddr::V4(net.netmask())), (32 - len).to_string());
    let args = [
        ("bits", mask_bits.as_str()),
        ("net", &len_s),
        ("host", &host),
    ];
    let _ = writeln!(out, "{}", lang.text("explain-v4-mask-bits", &args));
    let hosts = match len {
        32 => lang.text("explain-v4-host-route", &[("network", &net_s)]),
        31 => lang.text(
            "explain-v4-point-to-point",
            &[("network", &net_s), ("broadcast", &bc_s)],
        ),
        _ => {
            let count = ((1u64 << (32 - u32::from(len))) - 2).to_string();
            let first = Ipv4Addr::from(u32::from(network) + 1).to_string();
            let last = Ipv4Addr::from(u32::from(broadcast) - 1).to_string();
            let args = [
                ("broadcast", bc_s.as_str()),
                ("first", &first),
                ("last", &last),
                ("count", &count),
            ];
            lang.text("explain-v4-hosts", &args)
        }
    };
    let _ = writeln!(out, "{hosts}");
    let IpAddr::V4(a) = addr else { return };
    let (a_s, n) = (
        a.to_string(),
        (u32::from(a) - u32::from(network)).to_string(),
    );
    let args = [
        ("addr", a_s.as_str()),
        ("network", &net_s),
        ("len", &len_s),
        ("n", &n),
    ];
    let place = if len >= 31 {
        "explain-v4-in-p2p"
    } else if a == network {
        "explain-v4-network-address"
    } else if a == broadcast {
        "explain-v4-directed-broadcast"
    } else {
        "explain-v4-host-n"
    };
    let _ = writeln!(out, "{}", lang.text(place, &args));
}

fn v6_network(lang: Lang, out: &mut String, addr: IpAddr, net: &Ipv6Net) {
    let len = net.prefix_len();
    let host_bits = 128 - u32::from(len);
    let count = match host_bits {
        0 => lang.word("explain-v6-count-one").to_owned(),
        1..=63 => lang.text(
            "explain-v6-count",
            &[("n", &(1u128 << host_bits).to_string())],
        ),
        _ => lang.text(
            "explain-v6-count-power",
            &[("bits", &host_bits.to_string())],
        ),
    };
    let (network, last, len_s) = (
        net.network().to_string(),
        net.broadcast().to_string(),
        len.to_string(),
    );
    let args = [
        ("network", network.as_str()),
        ("len", &len_s),
        ("count", &count),
        ("last", &last),
    ];
    let _ = writeln!(out, "{}", lang.text("explain-v6-network", &args));
    if let IpAddr::V6(a) = addr
        && a != net.network()
    {
        let a = a.to_string();
        let args = [("addr", a.as_str()), ("network", &network), ("len", &len_s)];
        let _ = writeln!(out, "{}", lang.text("explain-v6-in", &args));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(word: &str) -> String {
        explain(Lang::En, word, &parse(Lang::En, word).unwrap(), false)
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
            parse(Lang::En, "127.0.0.1:8001").unwrap(),
            Query::Socket("127.0.0.1:8001".parse().unwrap())
        );
        assert_eq!(
            parse(Lang::En, "[::1]:8001").unwrap(),
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
            parse(Lang::En, "53/udp").unwrap(),
            Query::Port(53, Some(port::Transport::Udp))
        );
        assert_eq!(parse(Lang::En, "8001").unwrap(), Query::Port(8001, None));
    }

    #[test]
    fn what_is_not_understood_says_why() {
        assert!(
            parse(Lang::En, "192.168.1.0/33")
                .unwrap_err()
                .contains("0 to 32")
        );
        assert!(
            parse(Lang::En, "192.168.1.0/255.0.255.0")
                .unwrap_err()
                .contains("ones must all come before")
        );
        assert!(
            parse(Lang::En, "80/sctp")
                .unwrap_err()
                .contains("tcp or udp")
        );
        assert!(parse(Lang::En, "hello").unwrap_err().contains("neither"));
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
            explain(
                Lang::En,
                "10.0.0.1",
                &parse(Lang::En, "10.0.0.1").unwrap(),
                true
            )
            .contains("in binary: 00001010.")
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
