//! What an IP address is, for `wirelab explain ADDR` and the tags on packet lines: its
//! historical IPv4 class, and the special-purpose block it falls in (private, loopback,
//! link-local, multicast with its scope and group, documentation, ...), each with its RFC.
//!
//! Contract: both entry points accept any address and never panic. [`short_label`] allocates
//! nothing, so a renderer may call it for every packet; [`describe`] builds a small list of
//! facts and is meant for one address at a time. Both derive from the same classification, so
//! the tag on a packet line always agrees with what `explain` says. The blocks follow IANA's
//! special-purpose address registries (RFC 6890); an address in none of them is "global".

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::lang::Lang;

/// One statement about an address, with the RFCs that define it so a student can read on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub text: String,
    /// RFC numbers, most relevant first; empty where no RFC defines the thing.
    pub rfcs: &'static [u16],
    /// What the fact is about, for a view that shows one fact of an address.
    pub kind: FactKind,
}

/// What a [`Fact`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactKind {
    /// The historical IPv4 class, which every IPv4 address has and which says little about it.
    Class,
    /// Anything else: the special-purpose block, the group, what is embedded.
    Other,
}

impl fmt::Display for Fact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)?;
        for (i, rfc) in self.rfcs.iter().enumerate() {
            let sep = if i == 0 { " (" } else { ", " };
            write!(f, "{sep}RFC {rfc}")?;
        }
        if !self.rfcs.is_empty() {
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// What wirelab knows about one address. `Display` prints one fact per line, then the facts
/// about an embedded IPv4 address, each prefixed with that address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressInfo {
    pub addr: IpAddr,
    /// The same tag as [`short_label`].
    pub label: &'static str,
    pub facts: Vec<Fact>,
    /// The IPv4 address carried inside an IPv6 one (IPv4-mapped, IPv4-compatible, NAT64,
    /// 6to4), described too, because that address is what the packet is really about.
    pub embedded: Option<Box<AddressInfo>>,
}

impl fmt::Display for AddressInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        let mut line = |f: &mut fmt::Formatter<'_>, prefix: Option<IpAddr>, fact: &Fact| {
            if !first {
                f.write_str("\n")?;
            }
            first = false;
            match prefix {
                Some(addr) => write!(f, "{addr}: {fact}"),
                None => write!(f, "{fact}"),
            }
        };
        for fact in &self.facts {
            line(f, None, fact)?;
        }
        if let Some(inner) = &self.embedded {
            for fact in &inner.facts {
                line(f, Some(inner.addr), fact)?;
            }
        }
        Ok(())
    }
}

/// Gathers the facts about `addr`, in `lang`'s words.
pub fn describe(lang: Lang, addr: IpAddr) -> AddressInfo {
    match addr {
        IpAddr::V4(v4) => describe_v4(lang, v4),
        IpAddr::V6(v6) => describe_v6(lang, v6),
    }
}

/// A compact tag for packet lines: "private", "loopback", "multicast", "global", ...
pub fn short_label(addr: IpAddr) -> &'static str {
    match addr {
        IpAddr::V4(v4) => v4_block(v4).map_or("global", |block| block.label),
        IpAddr::V6(v6) => V6Kind::of(v6).label(),
    }
}

/// [`short_label`] in `lang`'s words, for the lines a person reads.
pub fn label_word(lang: Lang, addr: IpAddr) -> &'static str {
    let label = short_label(addr);
    lang.find_word(&format!("addr-label-{label}"))
        .unwrap_or(label)
}

fn fact(text: impl Into<String>, rfcs: &'static [u16]) -> Fact {
    Fact {
        text: text.into(),
        rfcs,
        kind: FactKind::Other,
    }
}

/// Whether the first `len` bits of `addr` and `net` agree (`len` is at most 32).
fn in_v4(addr: Ipv4Addr, net: Ipv4Addr, len: u32) -> bool {
    let mask = match len {
        0 => 0,
        _ => u32::MAX << (32 - len.min(32)),
    };
    (u32::from(addr) ^ u32::from(net)) & mask == 0
}

/// Whether the first `len` bits of `addr` and `net` agree (`len` is at most 128).
fn in_v6(addr: Ipv6Addr, net: Ipv6Addr, len: u32) -> bool {
    let mask = match len {
        0 => 0,
        _ => u128::MAX << (128 - len.min(128)),
    };
    (u128::from(addr) ^ u128::from(net)) & mask == 0
}

// ---------------------------------------------------------------------------------------------
// IPv4

/// A special-purpose IPv4 block: where it is, its tag, and what to tell a student about it.
struct V4Block {
    net: Ipv4Addr,
    len: u32,
    label: &'static str,
    /// The message of its fact, "name (block): what it is", which takes the block as `$block`.
    id: &'static str,
    rfcs: &'static [u16],
}

impl V4Block {
    fn fact(&self, lang: Lang) -> Fact {
        // A /32 is one address, shown without its prefix length.
        let block = if self.len == 32 {
            self.net.to_string()
        } else {
            format!("{}/{}", self.net, self.len)
        };
        fact(lang.text(self.id, &[("block", &block)]), self.rfcs)
    }
}

const fn v4(a: u8, b: u8, c: u8, d: u8) -> Ipv4Addr {
    Ipv4Addr::new(a, b, c, d)
}

/// The first block that holds an address decides its tag, so a more specific block comes before
/// the larger one it sits in (0.0.0.0 before 0.0.0.0/8, 255.255.255.255 before 240.0.0.0/4).
const V4_BLOCKS: &[V4Block] = &[
    V4Block {
        net: v4(0, 0, 0, 0),
        len: 32,
        label: "unspecified",
        id: "addr-v4-unspecified",
        rfcs: &[1122],
    },
    V4Block {
        net: v4(0, 0, 0, 0),
        len: 8,
        label: "this-network",
        id: "addr-v4-this-network",
        rfcs: &[1122],
    },
    V4Block {
        net: v4(10, 0, 0, 0),
        len: 8,
        label: "private",
        id: "addr-v4-private",
        rfcs: &[1918],
    },
    V4Block {
        net: v4(100, 64, 0, 0),
        len: 10,
        label: "cgnat",
        id: "addr-v4-cgnat",
        rfcs: &[6598],
    },
    V4Block {
        net: v4(127, 0, 0, 0),
        len: 8,
        label: "loopback",
        id: "addr-v4-loopback",
        rfcs: &[1122],
    },
    V4Block {
        net: v4(169, 254, 0, 0),
        len: 16,
        label: "link-local",
        id: "addr-v4-link-local",
        rfcs: &[3927],
    },
    V4Block {
        net: v4(172, 16, 0, 0),
        len: 12,
        label: "private",
        id: "addr-v4-private",
        rfcs: &[1918],
    },
    V4Block {
        net: v4(192, 0, 0, 0),
        len: 24,
        label: "reserved",
        id: "addr-v4-ietf",
        rfcs: &[6890],
    },
    V4Block {
        net: v4(192, 0, 2, 0),
        len: 24,
        label: "documentation",
        id: "addr-v4-test-net-1",
        rfcs: &[5737],
    },
    V4Block {
        net: v4(192, 168, 0, 0),
        len: 16,
        label: "private",
        id: "addr-v4-private",
        rfcs: &[1918],
    },
    V4Block {
        net: v4(198, 18, 0, 0),
        len: 15,
        label: "benchmarking",
        id: "addr-v4-benchmarking",
        rfcs: &[2544],
    },
    V4Block {
        net: v4(198, 51, 100, 0),
        len: 24,
        label: "documentation",
        id: "addr-v4-test-net-2",
        rfcs: &[5737],
    },
    V4Block {
        net: v4(203, 0, 113, 0),
        len: 24,
        label: "documentation",
        id: "addr-v4-test-net-3",
        rfcs: &[5737],
    },
    V4Block {
        net: v4(224, 0, 0, 0),
        len: 4,
        label: "multicast",
        id: "addr-v4-multicast",
        rfcs: &[5771],
    },
    V4Block {
        net: v4(255, 255, 255, 255),
        len: 32,
        label: "broadcast",
        id: "addr-v4-broadcast",
        rfcs: &[919],
    },
    V4Block {
        net: v4(240, 0, 0, 0),
        len: 4,
        label: "reserved",
        id: "addr-v4-reserved",
        rfcs: &[1112],
    },
];

/// Blocks inside 224.0.0.0/4 that change how a group travels.
const V4_MULTICAST_BLOCKS: &[V4Block] = &[
    V4Block {
        net: v4(224, 0, 0, 0),
        len: 24,
        label: "multicast",
        id: "addr-v4-local-control",
        rfcs: &[5771],
    },
    V4Block {
        net: v4(232, 0, 0, 0),
        len: 8,
        label: "multicast",
        id: "addr-v4-ssm",
        rfcs: &[4607],
    },
    V4Block {
        net: v4(239, 0, 0, 0),
        len: 8,
        label: "multicast",
        id: "addr-v4-admin-scoped",
        rfcs: &[2365],
    },
];

/// Groups a student meets in captures of an ordinary LAN.
#[rustfmt::skip]
const V4_GROUPS: &[(Ipv4Addr, &str, &[u16])] = &[
    (v4(224, 0, 0, 1), "addr-group-all-systems", &[1112]),
    (v4(224, 0, 0, 2), "addr-group-all-routers", &[]),
    (v4(224, 0, 0, 5), "addr-group-ospf-all", &[2328]),
    (v4(224, 0, 0, 6), "addr-group-ospf-dr", &[2328]),
    (v4(224, 0, 0, 9), "addr-group-rip2", &[2453]),
    (v4(224, 0, 0, 18), "addr-group-vrrp", &[5798]),
    (v4(224, 0, 0, 22), "addr-group-igmp3", &[3376]),
    (v4(224, 0, 0, 251), "addr-group-mdns", &[6762]),
    (v4(224, 0, 0, 252), "addr-group-llmnr", &[4795]),
    (v4(224, 0, 1, 1), "addr-group-ntp", &[5905]),
    (v4(239, 255, 255, 250), "addr-group-ssdp", &[]),
];

fn v4_block(addr: Ipv4Addr) -> Option<&'static V4Block> {
    V4_BLOCKS.iter().find(|b| in_v4(addr, b.net, b.len))
}

/// The pre-CIDR class, from the leading bits of the first octet.
fn v4_class(lang: Lang, addr: Ipv4Addr) -> Fact {
    let historical: &'static [u16] = &[791, 4632];
    let (id, rfcs): (&'static str, &'static [u16]) = match addr.octets()[0] {
        0..=127 => ("addr-class-a", &[791, 1122, 4632]),
        128..=191 => ("addr-class-b", historical),
        192..=223 => ("addr-class-c", historical),
        224..=239 => ("addr-class-d", &[1112]),
        240..=255 => ("addr-class-e", &[1112]),
    };
    Fact {
        kind: FactKind::Class,
        ..fact(lang.word(id), rfcs)
    }
}

/// "well-known group: NAME", the group's name from message `id`.
fn group_fact(lang: Lang, id: &'static str, rfcs: &'static [u16]) -> Fact {
    fact(lang.text("addr-group", &[("name", lang.word(id))]), rfcs)
}

fn describe_v4(lang: Lang, addr: Ipv4Addr) -> AddressInfo {
    let mut facts = vec![v4_class(lang, addr)];
    let block = v4_block(addr);
    match block {
        Some(block) => facts.push(block.fact(lang)),
        None => facts.push(fact(lang.word("addr-public"), &[6890])),
    }
    if addr.is_multicast() {
        facts.extend(
            V4_MULTICAST_BLOCKS
                .iter()
                .filter(|b| in_v4(addr, b.net, b.len))
                .map(|b| b.fact(lang)),
        );
        if let Some((_, id, rfcs)) = V4_GROUPS.iter().find(|(group, _, _)| *group == addr) {
            facts.push(group_fact(lang, id, rfcs));
        }
    }
    AddressInfo {
        addr: IpAddr::V4(addr),
        label: block.map_or("global", |b| b.label),
        facts,
        embedded: None,
    }
}

// ---------------------------------------------------------------------------------------------
// IPv6

const fn v6(segments: [u16; 8]) -> Ipv6Addr {
    let [a, b, c, d, e, f, g, h] = segments;
    Ipv6Addr::new(a, b, c, d, e, f, g, h)
}

const V6_UNSPECIFIED: Ipv6Addr = v6([0; 8]);
const V6_LOOPBACK: Ipv6Addr = v6([0, 0, 0, 0, 0, 0, 0, 1]);
const V6_MAPPED: (Ipv6Addr, u32) = (v6([0, 0, 0, 0, 0, 0xffff, 0, 0]), 96);
const V6_COMPATIBLE: (Ipv6Addr, u32) = (V6_UNSPECIFIED, 96);
const V6_NAT64: (Ipv6Addr, u32) = (v6([0x64, 0xff9b, 0, 0, 0, 0, 0, 0]), 96);
const V6_DOCUMENTATION: (Ipv6Addr, u32) = (v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0]), 32);
const V6_DOCUMENTATION_NEW: (Ipv6Addr, u32) = (v6([0x3fff, 0, 0, 0, 0, 0, 0, 0]), 20);
const V6_TEREDO: (Ipv6Addr, u32) = (v6([0x2001, 0, 0, 0, 0, 0, 0, 0]), 32);
const V6_6TO4: (Ipv6Addr, u32) = (v6([0x2002, 0, 0, 0, 0, 0, 0, 0]), 16);
const V6_GLOBAL: (Ipv6Addr, u32) = (v6([0x2000, 0, 0, 0, 0, 0, 0, 0]), 3);
const V6_UNIQUE_LOCAL: (Ipv6Addr, u32) = (v6([0xfc00, 0, 0, 0, 0, 0, 0, 0]), 7);
const V6_LINK_LOCAL: (Ipv6Addr, u32) = (v6([0xfe80, 0, 0, 0, 0, 0, 0, 0]), 10);
const V6_SITE_LOCAL: (Ipv6Addr, u32) = (v6([0xfec0, 0, 0, 0, 0, 0, 0, 0]), 10);
const V6_MULTICAST: (Ipv6Addr, u32) = (v6([0xff00, 0, 0, 0, 0, 0, 0, 0]), 8);
const V6_SOLICITED_NODE: (Ipv6Addr, u32) = (v6([0xff02, 0, 0, 0, 0, 1, 0xff00, 0]), 104);

/// Which block an IPv6 address is in; the IPv4 address it carries where it carries one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum V6Kind {
    Unspecified,
    Loopback,
    Mapped(Ipv4Addr),
    Compatible(Ipv4Addr),
    Nat64(Ipv4Addr),
    Documentation,
    Teredo,
    SixToFour(Ipv4Addr),
    Global,
    UniqueLocal,
    LinkLocal,
    SiteLocal,
    Multicast,
    Reserved,
}

fn within(addr: Ipv6Addr, (net, len): (Ipv6Addr, u32)) -> bool {
    in_v6(addr, net, len)
}

/// The IPv4 address in the last 32 bits.
fn low_v4(addr: Ipv6Addr) -> Ipv4Addr {
    Ipv4Addr::from(u128::from(addr) as u32)
}

impl V6Kind {
    /// More specific blocks first: 2001:db8::/32, 3fff::/20, 2001::/32 and 2002::/16 sit inside
    /// 2000::/3, and :: and ::1 inside the IPv4-compatible ::/96.
    fn of(addr: Ipv6Addr) -> V6Kind {
        if addr == V6_UNSPECIFIED {
            V6Kind::Unspecified
        } else if addr == V6_LOOPBACK {
            V6Kind::Loopback
        } else if within(addr, V6_MAPPED) {
            V6Kind::Mapped(low_v4(addr))
        } else if within(addr, V6_COMPATIBLE) {
            V6Kind::Compatible(low_v4(addr))
        } else if within(addr, V6_NAT64) {
            V6Kind::Nat64(low_v4(addr))
        } else if within(addr, V6_DOCUMENTATION) || within(addr, V6_DOCUMENTATION_NEW) {
            V6Kind::Documentation
        } else if within(addr, V6_TEREDO) {
            V6Kind::Teredo
        } else if within(addr, V6_6TO4) {
            // Bits 16–47 hold the site's IPv4 address.
            V6Kind::SixToFour(Ipv4Addr::from((u128::from(addr) >> 80) as u32))
        } else if within(addr, V6_GLOBAL) {
            V6Kind::Global
        } else if within(addr, V6_UNIQUE_LOCAL) {
            V6Kind::UniqueLocal
        } else if within(addr, V6_LINK_LOCAL) {
            V6Kind::LinkLocal
        } else if within(addr, V6_SITE_LOCAL) {
            V6Kind::SiteLocal
        } else if within(addr, V6_MULTICAST) {
            V6Kind::Multicast
        } else {
            V6Kind::Reserved
        }
    }

    fn label(self) -> &'static str {
        match self {
            V6Kind::Unspecified => "unspecified",
            V6Kind::Loopback => "loopback",
            V6Kind::Mapped(_) => "ipv4-mapped",
            V6Kind::Compatible(_) => "ipv4-compatible",
            V6Kind::Nat64(_) => "nat64",
            V6Kind::Documentation => "documentation",
            V6Kind::Teredo => "teredo",
            V6Kind::SixToFour(_) => "6to4",
            V6Kind::Global => "global",
            V6Kind::UniqueLocal => "unique-local",
            V6Kind::LinkLocal => "link-local",
            V6Kind::SiteLocal => "site-local",
            V6Kind::Multicast => "multicast",
            V6Kind::Reserved => "reserved",
        }
    }
}

/// "name (block): text", the same shape as the IPv4 facts: message `id` with the block as
/// `$block` and the other `args`.
fn v6_block_fact(
    lang: Lang,
    id: &str,
    (net, len): (Ipv6Addr, u32),
    args: &[(&str, &str)],
    rfcs: &'static [u16],
) -> Fact {
    // std writes ::ffff:0:0 as ::ffff:0.0.0.0; RFC 4291 writes the prefix as ::ffff:0:0/96.
    let block = if (net, len) == V6_MAPPED {
        format!("::ffff:0:0/{len}")
    } else {
        format!("{net}/{len}")
    };
    let mut all = vec![("block", block.as_str())];
    all.extend_from_slice(args);
    fact(lang.text(id, &all), rfcs)
}

fn global_fact(lang: Lang) -> Fact {
    v6_block_fact(lang, "addr-v6-global", V6_GLOBAL, &[], &[4291])
}

fn describe_v6(lang: Lang, addr: Ipv6Addr) -> AddressInfo {
    let kind = V6Kind::of(addr);
    let mut facts = Vec::new();
    let embedded = match kind {
        V6Kind::Mapped(_)
        | V6Kind::Compatible(_)
        | V6Kind::Nat64(_)
        | V6Kind::Teredo
        | V6Kind::SixToFour(_) => embedding_facts(lang, kind, addr, &mut facts),
        V6Kind::UniqueLocal => {
            unique_local_facts(lang, addr, &mut facts);
            None
        }
        V6Kind::Multicast => {
            multicast_v6_facts(lang, addr, &mut facts);
            None
        }
        _ => {
            facts.extend(block_fact(lang, kind, addr));
            None
        }
    };
    AddressInfo {
        addr: IpAddr::V6(addr),
        label: kind.label(),
        facts,
        embedded: embedded.map(|inner| Box::new(describe_v4(lang, inner))),
    }
}

/// The one fact of a block that needs no more than its name and what it is for.
fn block_fact(lang: Lang, kind: V6Kind, addr: Ipv6Addr) -> Option<Fact> {
    let block = |id, net, rfcs| v6_block_fact(lang, id, net, &[], rfcs);
    Some(match kind {
        V6Kind::Unspecified => fact(lang.word("addr-v6-unspecified"), &[4291]),
        V6Kind::Loopback => fact(lang.word("addr-v6-loopback"), &[4291]),
        V6Kind::Documentation if within(addr, V6_DOCUMENTATION) => {
            block("addr-v6-documentation", V6_DOCUMENTATION, &[3849])
        }
        V6Kind::Documentation => block("addr-v6-documentation-new", V6_DOCUMENTATION_NEW, &[9637]),
        V6Kind::LinkLocal => block("addr-v6-link-local", V6_LINK_LOCAL, &[4291]),
        V6Kind::SiteLocal => block("addr-v6-site-local", V6_SITE_LOCAL, &[3879]),
        V6Kind::Reserved => fact(lang.word("addr-v6-reserved"), &[4291]),
        V6Kind::Global => global_fact(lang),
        _ => return None,
    })
}

/// The facts of an address that carries an IPv4 address (or a tunnel's endpoints), and
/// that IPv4 address when it stands for one host.
fn embedding_facts(
    lang: Lang,
    kind: V6Kind,
    addr: Ipv6Addr,
    facts: &mut Vec<Fact>,
) -> Option<Ipv4Addr> {
    let (id, net, inner, rfcs): (&str, _, _, &'static [u16]) = match kind {
        V6Kind::Mapped(inner) => ("addr-v6-mapped", V6_MAPPED, inner, &[4291]),
        V6Kind::Compatible(inner) => ("addr-v6-compatible", V6_COMPATIBLE, inner, &[4291]),
        V6Kind::Nat64(inner) => ("addr-v6-nat64", V6_NAT64, inner, &[6052]),
        V6Kind::SixToFour(inner) => ("addr-v6-6to4", V6_6TO4, inner, &[3056, 7526]),
        V6Kind::Teredo => {
            facts.push(teredo_fact(lang, addr));
            facts.push(global_fact(lang));
            return None;
        }
        _ => return None,
    };
    let inner_text = inner.to_string();
    facts.push(v6_block_fact(
        lang,
        id,
        net,
        &[("inner", &inner_text)],
        rfcs,
    ));
    if matches!(kind, V6Kind::SixToFour(_)) {
        facts.push(global_fact(lang));
    }
    Some(inner)
}

/// A Teredo address: its server, and the client's public address and port.
fn teredo_fact(lang: Lang, addr: Ipv6Addr) -> Fact {
    let bits = u128::from(addr);
    let server = Ipv4Addr::from((bits >> 64) as u32).to_string();
    // The client's port and address are stored inverted, so NATs don't rewrite them.
    let port = (!((bits >> 32) as u16)).to_string();
    let client = Ipv4Addr::from(!(bits as u32)).to_string();
    let args = [
        ("server", server.as_str()),
        ("client", &client),
        ("port", &port),
    ];
    v6_block_fact(lang, "addr-v6-teredo", V6_TEREDO, &args, &[4380])
}

/// fc00::/7, and whether this one was made as RFC 4193 says (fd, a random Global ID).
fn unique_local_facts(lang: Lang, addr: Ipv6Addr, facts: &mut Vec<Fact>) {
    facts.push(v6_block_fact(
        lang,
        "addr-v6-unique-local",
        V6_UNIQUE_LOCAL,
        &[],
        &[4193],
    ));
    let o = addr.octets();
    facts.push(if o[0] == 0xfd {
        let id = format!(
            "{:02x}:{:02x}{:02x}:{:02x}{:02x}",
            o[1], o[2], o[3], o[4], o[5]
        );
        fact(lang.text("addr-v6-fd", &[("id", &id)]), &[4193])
    } else {
        fact(lang.word("addr-v6-fc"), &[4193])
    });
}

/// `ff0s::g:h`, the shape of every well-known group below.
const fn group6(scope_word: u16, g: u16, h: u16) -> Ipv6Addr {
    v6([scope_word, 0, 0, 0, 0, 0, g, h])
}

/// Groups a student meets in captures of an ordinary LAN.
#[rustfmt::skip]
const V6_GROUPS: &[(Ipv6Addr, &str, &[u16])] = &[
    (group6(0xff01, 0, 1), "addr-group6-if-nodes", &[4291]),
    (group6(0xff01, 0, 2), "addr-group6-if-routers", &[4291]),
    (group6(0xff02, 0, 1),
        "addr-group6-all-nodes", &[4291]),
    (group6(0xff02, 0, 2),
        "addr-group6-all-routers",
        &[4291, 4861]),
    (group6(0xff05, 0, 2), "addr-group6-site-routers", &[4291]),
    (group6(0xff02, 0, 5), "addr-group6-ospf-all", &[5340]),
    (group6(0xff02, 0, 6), "addr-group6-ospf-dr", &[5340]),
    (group6(0xff02, 0, 9), "addr-group6-ripng", &[2080]),
    (group6(0xff02, 0, 0x16), "addr-group6-mld2", &[3810]),
    (group6(0xff02, 0, 0xfb), "addr-group-mdns", &[6762]),
    (group6(0xff02, 1, 2), "addr-group6-dhcp-agents", &[8415]),
    (group6(0xff02, 1, 3), "addr-group-llmnr", &[4795]),
    (group6(0xff05, 1, 3), "addr-group6-dhcp-servers", &[8415]),
];

/// A multicast scope's name and reach (message ids) and the RFC that defines it.
fn v6_scope(scope: u8) -> (&'static str, &'static str, &'static [u16]) {
    match scope {
        0x1 => ("addr-scope-interface", "addr-reach-interface", &[4291]),
        0x2 => ("addr-scope-link", "addr-reach-link", &[4291]),
        0x3 => ("addr-scope-realm", "addr-reach-realm", &[7346]),
        0x4 => ("addr-scope-admin", "addr-reach-admin", &[4291]),
        0x5 => ("addr-scope-site", "addr-reach-site", &[4291]),
        0x8 => (
            "addr-scope-organization",
            "addr-reach-organization",
            &[4291],
        ),
        0xe => ("addr-scope-global", "addr-reach-global", &[4291]),
        0x0 | 0xf => ("addr-scope-reserved", "addr-reach-reserved", &[4291]),
        _ => ("addr-scope-unassigned", "addr-reach-unassigned", &[7346]),
    }
}

/// ff00::/8 is laid out as ff, 4 flag bits, 4 scope bits, then the group ID.
fn multicast_v6_facts(lang: Lang, addr: Ipv6Addr, facts: &mut Vec<Fact>) {
    let o = addr.octets();
    let flags = o[1] >> 4;
    let scope = o[1] & 0x0f;
    facts.push(v6_block_fact(
        lang,
        "addr-v6-multicast",
        V6_MULTICAST,
        &[],
        &[4291],
    ));
    let (scope_name, reach, scope_rfcs) = v6_scope(scope);
    let scope_text = format!("{scope:x}");
    let args = [
        ("scope", scope_text.as_str()),
        ("name", lang.word(scope_name)),
        ("reach", lang.word(reach)),
    ];
    facts.push(fact(lang.text("addr-v6-scope", &args), scope_rfcs));
    // T (lowest flag bit) clear: IANA assigned the group for good. P and R come from later RFCs.
    let prefix_based = flags & 0x2 != 0;
    let embeds_rp = flags & 0x4 != 0;
    let flag_rfcs: &'static [u16] = match (prefix_based, embeds_rp) {
        (false, false) => &[4291],
        (true, false) => &[4291, 3306],
        (_, true) => &[4291, 3306, 3956],
    };
    let flags_id = if flags & 0x1 == 0 {
        "addr-v6-flags-permanent"
    } else {
        "addr-v6-flags-transient"
    };
    let mut text = lang.text(flags_id, &[("flags", &format!("{flags:x}"))]);
    if prefix_based {
        text.push_str(lang.word("addr-v6-flags-prefix"));
    }
    if embeds_rp {
        text.push_str(lang.word("addr-v6-flags-rp"));
    }
    facts.push(fact(text, flag_rfcs));
    if let Some((_, id, rfcs)) = V6_GROUPS.iter().find(|(group, _, _)| *group == addr) {
        facts.push(group_fact(lang, id, rfcs));
    } else if within(addr, V6_SOLICITED_NODE) {
        let tail = format!("{:02x}:{:02x}{:02x}", o[13], o[14], o[15]);
        facts.push(fact(
            lang.text("addr-v6-solicited", &[("tail", &tail)]),
            &[4291, 4861],
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Display output of `describe`, as lines.
    fn lines(addr: &str) -> Vec<String> {
        let addr: IpAddr = addr.parse().expect("test address parses");
        describe(Lang::En, addr)
            .to_string()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    fn label(addr: &str) -> &'static str {
        short_label(addr.parse().expect("test address parses"))
    }

    const CLASS_A: &str = "class A: 0.0.0.0–127.255.255.255, default mask /8 (255.0.0.0); \
                           tutorials often give 1–126, because 0.0.0.0/8 (\"this network\") \
                           and 127.0.0.0/8 (loopback) are reserved and no host's network; \
                           classes are historical, CIDR lets a network use any prefix length \
                           (RFC 791, RFC 1122, RFC 4632)";
    const CLASS_B: &str = "class B: 128.0.0.0–191.255.255.255, default mask /16 \
                           (255.255.0.0); classes are historical, CIDR lets a network use any \
                           prefix length (RFC 791, RFC 4632)";
    const CLASS_C: &str = "class C: 192.0.0.0–223.255.255.255, default mask /24 \
                           (255.255.255.0); classes are historical, CIDR lets a network use any \
                           prefix length (RFC 791, RFC 4632)";
    const CLASS_D: &str =
        "class D: 224.0.0.0–239.255.255.255, multicast, no default mask (RFC 1112)";
    const CLASS_E: &str =
        "class E: 240.0.0.0–255.255.255.255, reserved, no default mask (RFC 1112)";
    const MULTICAST_V4: &str = "multicast (224.0.0.0/4): a group address: one packet reaches \
                                every member of the group; never a source address (RFC 5771)";
    const MULTICAST_V6: &str = "multicast (ff00::/8): a group address; IPv6 has no broadcast, \
                                multicast groups replace it (RFC 4291)";
    const PERMANENT: &str = "flags 0: permanently assigned (well-known) group (RFC 4291)";
    const GLOBAL_V6: &str = "global unicast (2000::/3): routable on the Internet, handed out \
                             by the regional Internet registries (RFC 4291)";

    fn private(block: &str) -> String {
        format!(
            "private ({block}): usable inside any network but never routed on the public \
             Internet; reaching the Internet needs NAT (RFC 1918)"
        )
    }

    #[test]
    fn private_ranges() {
        assert_eq!(
            lines("10.1.2.3"),
            [CLASS_A.to_owned(), private("10.0.0.0/8")]
        );
        assert_eq!(label("10.1.2.3"), "private");
        assert_eq!(
            lines("172.16.0.1"),
            [CLASS_B.to_owned(), private("172.16.0.0/12")]
        );
        assert_eq!(label("172.16.0.1"), "private");
        assert_eq!(label("172.31.255.255"), "private");
        assert_eq!(
            lines("192.168.1.1"),
            [CLASS_C.to_owned(), private("192.168.0.0/16")]
        );
        assert_eq!(label("192.168.1.1"), "private");
    }

    #[test]
    fn just_outside_172_16_12_is_public() {
        let public = "public unicast: in no special-purpose block, so routable on the Internet \
                      (RFC 6890)";
        assert_eq!(lines("172.32.0.1"), [CLASS_B, public]);
        assert_eq!(label("172.32.0.1"), "global");
        assert_eq!(lines("8.8.8.8"), [CLASS_A, public]);
        assert_eq!(label("8.8.8.8"), "global");
    }

    #[test]
    fn loopback_link_local_and_cgnat() {
        assert_eq!(
            lines("127.0.0.1"),
            [
                CLASS_A,
                "loopback (127.0.0.0/8): packets never leave the host; 127.0.0.1 is localhost \
                 (RFC 1122)"
            ]
        );
        assert_eq!(label("127.0.0.1"), "loopback");
        assert_eq!(
            lines("169.254.1.1"),
            [
                CLASS_B,
                "link-local (169.254.0.0/16): self-assigned when no DHCP server answers; valid \
                 only on the local link, routers never forward it (RFC 3927)"
            ]
        );
        assert_eq!(label("169.254.1.1"), "link-local");
        assert_eq!(
            lines("100.64.0.1"),
            [
                CLASS_A,
                "CGNAT shared address space (100.64.0.0/10): used between an ISP's \
                 carrier-grade NAT and its customers; not routed on the public Internet \
                 (RFC 6598)"
            ]
        );
        assert_eq!(label("100.64.0.1"), "cgnat");
        assert_eq!(label("100.128.0.1"), "global");
    }

    #[test]
    fn multicast_blocks_and_groups() {
        assert_eq!(
            lines("224.0.0.251"),
            [
                CLASS_D,
                MULTICAST_V4,
                "local network control block (224.0.0.0/24): link-local groups, sent with TTL \
                 1; routers never forward them (RFC 5771)",
                "well-known group: mDNS, multicast DNS for .local names (RFC 6762)"
            ]
        );
        assert_eq!(label("224.0.0.251"), "multicast");
        assert_eq!(
            lines("239.255.255.250"),
            [
                CLASS_D,
                MULTICAST_V4,
                "administratively scoped block (239.0.0.0/8): groups private to an \
                 organisation, the multicast counterpart of private addresses (RFC 2365)",
                "well-known group: SSDP, UPnP device discovery"
            ]
        );
        assert_eq!(label("239.255.255.250"), "multicast");
    }

    #[test]
    fn broadcast_and_class_e() {
        assert_eq!(
            lines("255.255.255.255"),
            [
                CLASS_E,
                "limited broadcast (255.255.255.255): every host on the local link receives \
                 it; routers never forward it (RFC 919)"
            ]
        );
        assert_eq!(label("255.255.255.255"), "broadcast");
        assert_eq!(
            lines("240.0.0.1"),
            [
                CLASS_E,
                "reserved (240.0.0.0/4): set aside for future use; most hosts and routers \
                 refuse to send or forward it (RFC 1112)"
            ]
        );
        assert_eq!(label("240.0.0.1"), "reserved");
        assert_eq!(label("255.255.255.254"), "reserved");
    }

    #[test]
    fn test_and_documentation_ranges() {
        assert_eq!(
            lines("198.18.0.1"),
            [
                CLASS_C,
                "benchmarking (198.18.0.0/15): for testing network devices in a lab; not \
                 routed on the public Internet (RFC 2544)"
            ]
        );
        assert_eq!(label("198.18.0.1"), "benchmarking");
        assert_eq!(label("198.19.255.255"), "benchmarking");
        assert_eq!(label("198.20.0.0"), "global");
        assert_eq!(
            lines("192.0.2.1"),
            [
                CLASS_C,
                "documentation, TEST-NET-1 (192.0.2.0/24): for examples in books and RFCs; \
                 never used on a real network (RFC 5737)"
            ]
        );
        assert_eq!(label("192.0.2.1"), "documentation");
        assert_eq!(label("198.51.100.7"), "documentation");
        assert_eq!(label("203.0.113.200"), "documentation");
    }

    #[test]
    fn unspecified_and_this_network() {
        assert_eq!(
            lines("0.0.0.0"),
            [
                CLASS_A,
                "unspecified address (0.0.0.0): means \"no address\": the source of a host that \
                 has none yet (a DHCP request), or \"every interface\" when a server binds to it \
                 (RFC 1122)"
            ]
        );
        assert_eq!(label("0.0.0.0"), "unspecified");
        assert_eq!(label("0.1.2.3"), "this-network");
    }

    #[test]
    fn ipv6_loopback_unspecified_link_local() {
        assert_eq!(
            lines("::1"),
            ["loopback (::1): the IPv6 127.0.0.1, packets never leave the host (RFC 4291)"]
        );
        assert_eq!(label("::1"), "loopback");
        assert_eq!(
            lines("::"),
            [
                "unspecified address (::): means \"no address\": the source while a host is \
                 still getting one, or \"every interface\" when a server binds to [::] \
                 (RFC 4291)"
            ]
        );
        assert_eq!(label("::"), "unspecified");
        assert_eq!(
            lines("fe80::1"),
            [
                "link-local (fe80::/10): every IPv6 interface has one; valid only on its link \
                 and never forwarded, so using it needs a zone such as %eth0 (RFC 4291)"
            ]
        );
        assert_eq!(label("fe80::1"), "link-local");
        assert_eq!(label("febf::1"), "link-local");
        assert_eq!(label("fec0::1"), "site-local");
    }

    #[test]
    fn ipv6_unique_local() {
        assert_eq!(
            lines("fd00::1"),
            [
                "unique local (fc00::/7): the IPv6 counterpart of private addresses: routed \
                 inside a site, never on the Internet (RFC 4193)",
                "fd00::/8, locally assigned: the 40-bit Global ID after fd (here 00:0000:0000) \
                 should be random, so that two sites can join without clashing (RFC 4193)"
            ]
        );
        assert_eq!(label("fd00::1"), "unique-local");
        assert_eq!(label("fc00::1"), "unique-local");
        assert!(lines("fd12:3456:789a::1")[1].contains("(here 12:3456:789a)"));
    }

    #[test]
    fn ipv6_multicast_scopes_and_groups() {
        assert_eq!(
            lines("ff02::1"),
            [
                MULTICAST_V6,
                "scope 2, link-local: stays on the local link (RFC 4291)",
                PERMANENT,
                "well-known group: all-nodes, every IPv6 node on the link (it replaces IPv4's \
                 broadcast) (RFC 4291)"
            ]
        );
        assert_eq!(label("ff02::1"), "multicast");
        assert_eq!(
            lines("ff05::2"),
            [
                MULTICAST_V6,
                "scope 5, site-local: stays within one site (RFC 4291)",
                PERMANENT,
                "well-known group: all routers in the site (RFC 4291)"
            ]
        );
        assert_eq!(
            lines("ff0e::1"),
            [
                MULTICAST_V6,
                "scope e, global: may cross the Internet (RFC 4291)",
                PERMANENT
            ]
        );
        assert_eq!(
            lines("ff02::2")[3],
            "well-known group: all-routers, every router on the link; hosts send router \
             solicitations here (RFC 4291, RFC 4861)"
        );
        assert_eq!(
            lines("ff02::1:ff12:3456")[3],
            "solicited-node group (ff02::1:ff00:0/104) of the unicast addresses ending in \
             12:3456: Neighbor Discovery asks for a MAC address here instead of IPv4's ARP \
             broadcast (RFC 4291, RFC 4861)"
        );
        assert_eq!(
            lines("ff15::1234")[1..],
            [
                "scope 5, site-local: stays within one site (RFC 4291)",
                "flags 1: transient group, assigned dynamically (RFC 4291)"
            ]
        );
        assert_eq!(
            lines("ff3e:30:2001:db8::1")[2],
            "flags 3: transient group, assigned dynamically, derived from a unicast prefix \
             (RFC 4291, RFC 3306)"
        );
    }

    #[test]
    fn ipv6_documentation_and_global() {
        assert_eq!(
            lines("2001:db8::1"),
            [
                "documentation (2001:db8::/32): for examples in books and RFCs; never routed \
              (RFC 3849)"
            ]
        );
        assert_eq!(label("2001:db8::1"), "documentation");
        assert_eq!(lines("2606:4700::1"), [GLOBAL_V6]);
        assert_eq!(label("2606:4700::1"), "global");
        assert_eq!(
            lines("3fff:1::1"),
            [
                "documentation (3fff::/20): the newer, larger prefix for examples in books and \
              RFCs; never routed (RFC 9637)"
            ]
        );
        assert_eq!(label("3fff:1000::1"), "global");
        assert_eq!(label("4000::1"), "reserved");
    }

    #[test]
    fn ipv4_mapped_describes_the_embedded_address() {
        assert_eq!(
            lines("::ffff:192.168.1.1"),
            [
                "IPv4-mapped (::ffff:0:0/96): stands for the IPv4 address 192.168.1.1, as an \
                 IPv6 socket shows an IPv4 peer; normally never on the wire (RFC 4291)"
                    .to_owned(),
                format!("192.168.1.1: {CLASS_C}"),
                format!("192.168.1.1: {}", private("192.168.0.0/16")),
            ]
        );
        assert_eq!(label("::ffff:192.168.1.1"), "ipv4-mapped");
        let info = describe(Lang::En, "::ffff:192.168.1.1".parse().expect("parses"));
        assert_eq!(info.embedded.map(|inner| inner.label), Some("private"));
    }

    #[test]
    fn ipv4_compatible_describes_the_embedded_address() {
        assert_eq!(
            lines("::135.75.43.52"),
            [
                "IPv4-compatible (::/96): embeds the IPv4 address 135.75.43.52; deprecated, no \
                 longer used (RFC 4291)"
                    .to_owned(),
                format!("135.75.43.52: {CLASS_B}"),
                "135.75.43.52: public unicast: in no special-purpose block, so routable on the \
                 Internet (RFC 6890)"
                    .to_owned(),
            ]
        );
        assert_eq!(label("::135.75.43.52"), "ipv4-compatible");
    }

    #[test]
    fn tunnels_and_translation() {
        assert_eq!(
            lines("2002:c000:0201::1")[..2],
            [
                "6to4 (2002::/16): IPv6 tunnelled over IPv4 to the site whose IPv4 address is \
                 192.0.2.1; little used since its public relays were deprecated (RFC 3056, \
                 RFC 7526)",
                GLOBAL_V6
            ]
        );
        assert_eq!(label("2002:c000:0201::1"), "6to4");
        // RFC 4380's example: server 65.54.227.120, client 192.0.2.45 port 40000.
        assert_eq!(
            lines("2001:0:4136:e378:8000:63bf:3fff:fdd2"),
            [
                "Teredo (2001::/32): IPv6 tunnelled in UDP through IPv4 NATs; Teredo server \
                 65.54.227.120, the client's public IPv4 address 192.0.2.45 port 40000 \
                 (RFC 4380)",
                GLOBAL_V6
            ]
        );
        assert_eq!(label("2001:0:4136:e378:8000:63bf:3fff:fdd2"), "teredo");
        assert_eq!(label("64:ff9b::c000:221"), "nat64");
        assert_eq!(
            describe(Lang::En, "64:ff9b::c000:221".parse().expect("parses"))
                .embedded
                .map(|inner| inner.addr),
            Some(IpAddr::V4(v4(192, 0, 2, 33)))
        );
    }

    #[test]
    fn label_and_describe_agree() {
        for addr in [
            "0.0.0.0",
            "10.0.0.1",
            "192.0.0.9",
            "224.0.0.1",
            "255.255.255.255",
            "1.1.1.1",
            "::",
            "::2",
            "fe80::1",
            "ff02::fb",
            "2002::1",
            "fec0::1",
            "3fff::1",
        ] {
            let ip: IpAddr = addr.parse().expect("parses");
            assert_eq!(describe(Lang::En, ip).label, short_label(ip), "{addr}");
            assert!(!describe(Lang::En, ip).facts.is_empty(), "{addr}");
        }
    }
}
