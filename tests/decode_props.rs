//! Properties of the decoder and the renderers, on generated frames.
//!
//! (a) Any bytes, as any link type, decode without a panic and render to one line of text and
//!     one line of valid JSON (any timestamps, every time format), whose layers (`-L`) cover
//!     the bytes captured end to end.
//! (b) Ethernet/IP/TCP and Ethernet/IP/UDP frames built by etherparse's `PacketBuilder` (IPv4,
//!     or IPv6 with up to four extension headers spliced in) decode to exactly the values they
//!     were built from, with no issue.
//! (c) Every prefix of such a frame decodes, keeps the layers whose headers it holds, and
//!     records an issue when it cuts a header.
//!
//! Cases are capped (2000 per property, 500 for the prefixes, which decode ~200 packets each)
//! so that the file runs in a few seconds (`cargo test --release --test decode_props`).
//! Failures are not persisted to a regressions file: proptest prints the minimal input, which
//! belongs in a named test once understood.

use std::net::{Ipv4Addr, Ipv6Addr};

use etherparse::{PacketBuilder, TcpOptionElement};
use proptest::collection::vec;
use proptest::prelude::*;
use wirelab::capture::{LinkType, RawFrame, Timestamp};
use wirelab::decode::{IssueKind, Layer, Link, Net, Packet, TcpFlags, TcpOption, decode};
use wirelab::render::{JsonRenderer, Record, Renderer, TextRenderer, TimeFormat};

const CASES: u32 = 2000;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Every link type the decoder knows, and two it does not (147 is USER0).
const LINK_TYPES: [LinkType; 14] = [
    LinkType::ETHERNET,
    LinkType::LINUX_SLL,
    LinkType::LINUX_SLL2,
    LinkType::NULL,
    LinkType::LOOP,
    LinkType::RAW,
    LinkType::RAW_12,
    LinkType::RAW_14,
    LinkType::IPV4,
    LinkType::IPV6,
    LinkType::IEEE802_11,
    LinkType::IEEE802_11_RADIOTAP,
    LinkType(147),
    LinkType(u32::MAX),
];

const ETHERNET_LEN: usize = 14;

// ---------------------------------------------------------------------------------------------
// Rendering: both renderers, checked for shape.

/// The time fields of a record, and how the text shows them.
#[derive(Debug, Clone)]
struct Timing {
    ts: Timestamp,
    first: Timestamp,
    previous: Timestamp,
    ts_fixed: bool,
    format: TimeFormat,
}

impl Default for Timing {
    fn default() -> Timing {
        let ts = Timestamp {
            secs: 1_700_000_000,
            nanos: 250_000_000,
        };
        Timing {
            ts,
            first: Timestamp {
                secs: 1_699_999_990,
                nanos: 999_999_999,
            },
            previous: ts,
            ts_fixed: false,
            format: TimeFormat::Rel,
        }
    }
}

fn timestamp_strategy() -> impl Strategy<Value = Timestamp> {
    (
        prop_oneof![
            any::<i64>(),
            0i64..4_000_000_000,
            Just(i64::MIN),
            Just(i64::MAX)
        ],
        prop_oneof![0u32..1_000_000_000, Just(0), Just(999_999_999)],
    )
        .prop_map(|(secs, nanos)| Timestamp { secs, nanos })
}

fn timing_strategy() -> impl Strategy<Value = Timing> {
    (
        timestamp_strategy(),
        timestamp_strategy(),
        timestamp_strategy(),
        any::<bool>(),
        prop_oneof![
            Just(TimeFormat::Abs),
            Just(TimeFormat::Rel),
            Just(TimeFormat::Delta),
            Just(TimeFormat::Epoch),
        ],
    )
        .prop_map(|(ts, first, previous, ts_fixed, format)| Timing {
            ts,
            first,
            previous,
            ts_fixed,
            format,
        })
}

/// Renders `packet` as text (colour on) and JSON, checks that each is one line and that the
/// JSON parses and agrees with the frame, and returns both.
fn render(data: &[u8], wire_len: u32, packet: &Packet<'_>) -> (String, serde_json::Value) {
    render_with(data, wire_len, packet, &Timing::default())
}

fn render_with(
    data: &[u8],
    wire_len: u32,
    packet: &Packet<'_>,
    timing: &Timing,
) -> (String, serde_json::Value) {
    let frame = RawFrame {
        number: 3,
        link_type: LinkType::ETHERNET,
        ts: timing.ts,
        len: wire_len,
        data,
        ts_fixed: timing.ts_fixed,
    };
    let record = Record {
        number: 3,
        frame: &frame,
        packet,
        since_first: timing.ts.since(timing.first),
        since_previous: timing.ts.since(timing.previous),
        info: None,
        calls: &[],
        defrag: None,
        app: None,
        checksums: Default::default(),
        kernel: None,
        returned: None,
    };

    let mut text = Vec::new();
    TextRenderer::new(timing.format, true)
        .packet(&mut text, &record)
        .expect("text renderer writes to a Vec");
    let text = String::from_utf8(text).expect("text output is UTF-8");
    assert!(text.ends_with('\n'), "text without final newline: {text:?}");
    assert_eq!(text.matches('\n').count(), 1, "text not one line: {text:?}");
    // With -L: the same line, then the layer rows, the nesting line and, for a loopback
    // packet, the sender's and the receiver's blocks, whatever the bytes hold.
    let mut layered = Vec::new();
    TextRenderer::new(timing.format, true)
        .layers(true)
        .packet(&mut layered, &record)
        .expect("text renderer writes to a Vec");
    let layered = String::from_utf8(layered).expect("text output is UTF-8");
    assert!(
        layered.starts_with(&text),
        "-L changed the packet's line: {layered:?}"
    );
    assert!(layered.ends_with('\n'), "{layered:?}");
    assert!(
        layered.lines().any(|l| l.trim_end().ends_with(" bytes")),
        "no nesting line: {layered:?}"
    );

    let mut json = Vec::new();
    let mut renderer = JsonRenderer::new().layers(true);
    renderer
        .packet(&mut json, &record)
        .expect("JSON renderer writes to a Vec");
    renderer
        .flush(&mut json)
        .expect("JSON renderer writes to a Vec");
    let json = String::from_utf8(json).expect("JSON output is UTF-8");
    assert!(json.ends_with('\n'), "JSON without final newline: {json:?}");
    assert_eq!(json.matches('\n').count(), 1, "JSON not one line: {json:?}");
    let value: serde_json::Value = serde_json::from_str(&json)
        .unwrap_or_else(|e| panic!("JSON output does not parse ({e}): {json:?}"));
    assert_eq!(value["type"], "packet", "{json}");
    assert_eq!(value["len"], wire_len, "{json}");
    assert_eq!(value["caplen"], data.len(), "{json}");
    // The layers (`-L`) cover the bytes captured, end to end, whatever they hold.
    let layers = value["layers"].as_array().expect("a layers array");
    let mut at = 0;
    for l in layers {
        assert_eq!(l["offset"], at, "{json}");
        at += l["len"].as_u64().expect("a layer's len");
    }
    assert_eq!(at, data.len() as u64, "{json}");
    assert_eq!(value["ts"], timing.ts.to_string(), "{json}");
    // The number beside it: the same instant (secs may be negative, nanos never are), read
    // by serde_json as the float nearest its exact decimal.
    let nanos = i128::from(timing.ts.secs) * 1_000_000_000 + i128::from(timing.ts.nanos);
    let sign = if nanos < 0 { "-" } else { "" };
    let exact = format!(
        "{sign}{}.{:09}",
        nanos.unsigned_abs() / 1_000_000_000,
        nanos.unsigned_abs() % 1_000_000_000
    );
    // serde_json's default float parser may miss the nearest float by an ulp or two.
    let want: f64 = exact.parse().expect("a decimal");
    let got = value["ts_f64"].as_f64().expect("ts_f64 is a number");
    assert!(
        (got - want).abs() <= want.abs() * 4.0 * f64::EPSILON,
        "{json}"
    );
    assert_eq!(value["file"], 0, "{json}");
    assert_eq!(value["link"]["type"], packet.link.type_name(), "{json}");
    let issues = value["issues"].as_array().expect("issues is a list");
    let expected = packet.issues.len() + usize::from(timing.ts_fixed);
    assert_eq!(issues.len(), expected, "{json}");
    (text, value)
}

// ---------------------------------------------------------------------------------------------
// Frames built with etherparse.

#[derive(Debug, Clone)]
enum Ip {
    V4 {
        src: [u8; 4],
        dst: [u8; 4],
        ttl: u8,
    },
    V6 {
        src: [u8; 16],
        dst: [u8; 16],
        hop_limit: u8,
        /// Extension headers after the fixed header: (header type, length in 8-byte units
        /// beyond the first 8). Hop-by-hop only first; then routing or destination options.
        exts: Vec<(u8, u8)>,
    },
}

/// Bytes the extension headers take.
fn exts_len(exts: &[(u8, u8)]) -> usize {
    exts.iter()
        .map(|&(_, units)| 8 * (1 + usize::from(units)))
        .sum()
}

/// The extension headers as bytes, each followed by the next in the chain, the last by
/// `proto`. Options are one PadN; a routing header is type 253 (experimental), nothing left.
fn exts_bytes(exts: &[(u8, u8)], proto: u8) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, &(kind, units)) in exts.iter().enumerate() {
        let next = exts.get(i + 1).map_or(proto, |e| e.0);
        let len = 8 * (1 + usize::from(units));
        out.extend_from_slice(&[next, units]);
        match kind {
            43 => out.extend_from_slice(&[253, 0]),
            _ => out.extend_from_slice(&[1, u8::try_from(len - 4).unwrap()]),
        }
        out.resize(out.len() + len - 4, 0);
    }
    out
}

#[derive(Debug, Clone)]
struct TcpSpec {
    sport: u16,
    dport: u16,
    seq: u32,
    /// `Some` sets the ACK flag and the acknowledgement number.
    ack: Option<u32>,
    window: u16,
    syn: bool,
    fin: bool,
    rst: bool,
    psh: bool,
    ece: bool,
    cwr: bool,
    ns: bool,
    /// `Some` sets the URG flag and the urgent pointer.
    urg: Option<u16>,
    options: Vec<TcpOptionElement>,
}

#[derive(Debug, Clone)]
enum Transport {
    Tcp(TcpSpec),
    Udp { sport: u16, dport: u16 },
}

#[derive(Debug, Clone)]
struct Spec {
    src_mac: [u8; 6],
    dst_mac: [u8; 6],
    ip: Ip,
    transport: Transport,
    payload: Vec<u8>,
}

/// A frame built from a spec, with the header lengths the checks need.
struct Built {
    bytes: Vec<u8>,
    ip_header_len: usize,
    transport_header_len: usize,
}

impl Built {
    fn headers_end(&self) -> usize {
        ETHERNET_LEN + self.ip_header_len + self.transport_header_len
    }
}

fn ip_strategy() -> impl Strategy<Value = Ip> {
    prop_oneof![
        (any::<[u8; 4]>(), any::<[u8; 4]>(), any::<u8>()).prop_map(|(src, dst, ttl)| Ip::V4 {
            src,
            dst,
            ttl
        }),
        (
            any::<[u8; 16]>(),
            any::<[u8; 16]>(),
            any::<u8>(),
            prop_oneof![Just(None), (0u8..3).prop_map(Some)],
            vec((prop_oneof![Just(60u8), Just(43u8)], 0u8..3), 0..3),
        )
            .prop_map(|(src, dst, hop_limit, hop_by_hop, more)| {
                let exts = hop_by_hop
                    .map(|units| (0, units))
                    .into_iter()
                    .chain(more)
                    .collect();
                Ip::V6 {
                    src,
                    dst,
                    hop_limit,
                    exts,
                }
            }),
    ]
}

fn tcp_option_strategy() -> impl Strategy<Value = TcpOptionElement> {
    prop_oneof![
        Just(TcpOptionElement::Noop),
        any::<u16>().prop_map(TcpOptionElement::MaximumSegmentSize),
        any::<u8>().prop_map(TcpOptionElement::WindowScale),
        Just(TcpOptionElement::SelectiveAcknowledgementPermitted),
        (any::<u32>(), any::<u32>()).prop_map(|(v, e)| TcpOptionElement::Timestamp(v, e)),
        (any::<(u32, u32)>(), vec(any::<(u32, u32)>(), 0..=3)).prop_map(|(first, more)| {
            let mut rest = [None; 3];
            for (slot, block) in rest.iter_mut().zip(more) {
                *slot = Some(block);
            }
            TcpOptionElement::SelectiveAcknowledgement(first, rest)
        }),
    ]
}

/// Bytes an option takes in the header.
fn option_len(option: &TcpOptionElement) -> usize {
    match option {
        TcpOptionElement::Noop => 1,
        TcpOptionElement::MaximumSegmentSize(_) => 4,
        TcpOptionElement::WindowScale(_) => 3,
        TcpOptionElement::SelectiveAcknowledgementPermitted => 2,
        TcpOptionElement::SelectiveAcknowledgement(_, rest) => {
            10 + 8 * rest.iter().flatten().count()
        }
        TcpOptionElement::Timestamp(..) => 10,
    }
}

fn tcp_strategy() -> impl Strategy<Value = TcpSpec> {
    (
        (
            any::<u16>(),
            any::<u16>(),
            any::<u32>(),
            any::<Option<u32>>(),
            any::<u16>(),
        ),
        any::<[bool; 7]>(),
        any::<Option<u16>>(),
        // At most 40 option bytes: drop options from the end until they fit.
        vec(tcp_option_strategy(), 0..6).prop_map(|mut options| {
            while options.iter().map(option_len).sum::<usize>() > 40 {
                options.pop();
            }
            options
        }),
    )
        .prop_map(
            |(
                (sport, dport, seq, ack, window),
                [syn, fin, rst, psh, ece, cwr, ns],
                urg,
                options,
            )| {
                TcpSpec {
                    sport,
                    dport,
                    seq,
                    ack,
                    window,
                    syn,
                    fin,
                    rst,
                    psh,
                    ece,
                    cwr,
                    ns,
                    urg,
                    options,
                }
            },
        )
}

fn transport_strategy() -> impl Strategy<Value = Transport> {
    prop_oneof![
        tcp_strategy().prop_map(Transport::Tcp),
        (any::<u16>(), any::<u16>()).prop_map(|(sport, dport)| Transport::Udp { sport, dport }),
    ]
}

fn spec_strategy(max_payload: usize) -> impl Strategy<Value = Spec> {
    (
        any::<[u8; 6]>(),
        any::<[u8; 6]>(),
        ip_strategy(),
        transport_strategy(),
        vec(any::<u8>(), 0..=max_payload),
    )
        .prop_map(|(src_mac, dst_mac, ip, transport, payload)| Spec {
            src_mac,
            dst_mac,
            ip,
            transport,
            payload,
        })
}

fn build(spec: &Spec) -> Built {
    let eth = PacketBuilder::ethernet2(spec.src_mac, spec.dst_mac);
    let (ip, ip_header_len) = match &spec.ip {
        Ip::V4 { src, dst, ttl } => (eth.ipv4(*src, *dst, *ttl), 20),
        Ip::V6 {
            src,
            dst,
            hop_limit,
            exts,
        } => (eth.ipv6(*src, *dst, *hop_limit), 40 + exts_len(exts)),
    };
    let mut bytes = Vec::new();
    let transport_header_len = match &spec.transport {
        Transport::Udp { sport, dport } => {
            ip.udp(*sport, *dport)
                .write(&mut bytes, &spec.payload)
                .expect("build UDP frame");
            8
        }
        Transport::Tcp(t) => {
            let mut b = ip.tcp(t.sport, t.dport, t.seq, t.window);
            if let Some(ack) = t.ack {
                b = b.ack(ack);
            }
            if let Some(ptr) = t.urg {
                b = b.urg(ptr);
            }
            for (set, flag) in [
                (t.syn, PacketBuilderFlag::Syn),
                (t.fin, PacketBuilderFlag::Fin),
                (t.rst, PacketBuilderFlag::Rst),
                (t.psh, PacketBuilderFlag::Psh),
                (t.ece, PacketBuilderFlag::Ece),
                (t.cwr, PacketBuilderFlag::Cwr),
                (t.ns, PacketBuilderFlag::Ns),
            ] {
                if set {
                    b = flag.apply(b);
                }
            }
            let b = b.options(&t.options).expect("options fit in 40 bytes");
            b.write(&mut bytes, &spec.payload).expect("build TCP frame");
            20 + options_len_padded(&t.options)
        }
    };
    // IPv6 extension headers go between the fixed header and the transport header.
    if let Ip::V6 { exts, .. } = &spec.ip
        && !exts.is_empty()
    {
        let fixed_end = ETHERNET_LEN + 40;
        let proto = bytes[ETHERNET_LEN + 6];
        let ext = exts_bytes(exts, proto);
        let payload_len = u16::from_be_bytes([bytes[ETHERNET_LEN + 4], bytes[ETHERNET_LEN + 5]]);
        let payload_len = payload_len + u16::try_from(ext.len()).unwrap();
        bytes[ETHERNET_LEN + 4..ETHERNET_LEN + 6].copy_from_slice(&payload_len.to_be_bytes());
        bytes[ETHERNET_LEN + 6] = exts[0].0;
        bytes.splice(fixed_end..fixed_end, ext);
    }
    Built {
        bytes,
        ip_header_len,
        transport_header_len,
    }
}

#[derive(Clone, Copy)]
enum PacketBuilderFlag {
    Syn,
    Fin,
    Rst,
    Psh,
    Ece,
    Cwr,
    Ns,
}

impl PacketBuilderFlag {
    fn apply(
        self,
        b: etherparse::PacketBuilderStep<etherparse::TcpHeader>,
    ) -> etherparse::PacketBuilderStep<etherparse::TcpHeader> {
        match self {
            PacketBuilderFlag::Syn => b.syn(),
            PacketBuilderFlag::Fin => b.fin(),
            PacketBuilderFlag::Rst => b.rst(),
            PacketBuilderFlag::Psh => b.psh(),
            PacketBuilderFlag::Ece => b.ece(),
            PacketBuilderFlag::Cwr => b.cwr(),
            PacketBuilderFlag::Ns => b.ns(),
        }
    }
}

fn options_len_padded(options: &[TcpOptionElement]) -> usize {
    options.iter().map(option_len).sum::<usize>().div_ceil(4) * 4
}

fn expected_flags(t: &TcpSpec) -> u16 {
    [
        (t.fin, TcpFlags::FIN),
        (t.syn, TcpFlags::SYN),
        (t.rst, TcpFlags::RST),
        (t.psh, TcpFlags::PSH),
        (t.ack.is_some(), TcpFlags::ACK),
        (t.urg.is_some(), TcpFlags::URG),
        (t.ece, TcpFlags::ECE),
        (t.cwr, TcpFlags::CWR),
        (t.ns, TcpFlags::NS),
    ]
    .into_iter()
    .filter(|(set, _)| *set)
    .fold(0, |acc, (_, bit)| acc | bit)
}

/// The options as wirelab lists them (the zero padding reads as one end-of-list).
fn expected_options(options: &[TcpOptionElement]) -> Vec<TcpOption<'static>> {
    let mut out: Vec<TcpOption<'static>> = options
        .iter()
        .map(|o| match *o {
            TcpOptionElement::Noop => TcpOption::Nop,
            TcpOptionElement::MaximumSegmentSize(v) => TcpOption::Mss(v),
            TcpOptionElement::WindowScale(v) => TcpOption::WindowScale(v),
            TcpOptionElement::SelectiveAcknowledgementPermitted => TcpOption::SackPermitted,
            TcpOptionElement::SelectiveAcknowledgement(first, rest) => {
                let mut blocks = [(0, 0); 4];
                let mut n = 0;
                for block in std::iter::once(first).chain(rest.into_iter().flatten()) {
                    blocks[n] = block;
                    n += 1;
                }
                TcpOption::Sack(blocks, n as u8)
            }
            TcpOptionElement::Timestamp(val, ecr) => TcpOption::Timestamp { val, ecr },
        })
        .collect();
    if options.iter().map(option_len).sum::<usize>() % 4 != 0 {
        out.push(TcpOption::EndOfList);
    }
    out
}

/// Checks that the network layer of `packet` is the one `spec` built.
fn check_ip(packet: &Packet<'_>, spec: &Spec, ip_total: usize) {
    let proto = match spec.transport {
        Transport::Tcp(_) => 6,
        Transport::Udp { .. } => 17,
    };
    match (&spec.ip, &packet.net) {
        (Ip::V4 { src, dst, ttl }, Some(Net::Ipv4(ip))) => {
            assert_eq!(ip.src, Ipv4Addr::from(*src));
            assert_eq!(ip.dst, Ipv4Addr::from(*dst));
            assert_eq!(ip.ttl, *ttl);
            assert_eq!(ip.proto, proto);
            assert_eq!(ip.header_len, 20);
            assert_eq!(usize::from(ip.total_len), ip_total);
            assert!(ip.options.is_empty());
            assert!(!ip.is_fragment());
        }
        (
            Ip::V6 {
                src,
                dst,
                hop_limit,
                exts,
            },
            Some(Net::Ipv6(ip)),
        ) => {
            assert_eq!(ip.src, Ipv6Addr::from(*src));
            assert_eq!(ip.dst, Ipv6Addr::from(*dst));
            assert_eq!(ip.hop_limit, *hop_limit);
            assert_eq!(ip.proto, proto);
            assert_eq!(ip.next_header, exts.first().map_or(proto, |e| e.0));
            assert_eq!(usize::from(ip.payload_len), ip_total - 40);
            let kinds: Vec<u8> = exts.iter().map(|e| e.0).collect();
            assert_eq!(ip.exts.as_slice(), kinds.as_slice());
            assert_eq!(ip.exts_len, exts_len(exts));
            assert_eq!(ip.fragment, None);
        }
        (ip, net) => panic!("built {ip:?}, decoded {net:?}"),
    }
}

fn ether_type(spec: &Spec) -> u16 {
    match spec.ip {
        Ip::V4 { .. } => 0x0800,
        Ip::V6 { .. } => 0x86dd,
    }
}

// ---------------------------------------------------------------------------------------------
// (a) Any bytes.

proptest! {
    #![proptest_config(config())]

    /// Random bytes as every link type: no panic, and both renderings are well formed.
    #[test]
    fn any_bytes_decode_and_render(
        link in 0..LINK_TYPES.len(),
        data in vec(any::<u8>(), 0..160),
        uncaptured in prop_oneof![Just(0u32), 0u32..2000, Just(u32::MAX)],
        timing in timing_strategy(),
    ) {
        let link_type = LINK_TYPES[link];
        let wire_len = u32::try_from(data.len()).unwrap().saturating_add(uncaptured);
        let packet = decode(link_type, &data, wire_len);
        render_with(&data, wire_len, &packet, &timing);
        if !link_type.is_supported() {
            prop_assert_eq!(packet.link, Link::Missing);
            prop_assert!(packet.net.is_none() && packet.transport.is_none());
            prop_assert_eq!(packet.issues.len(), 1);
        }
    }

    /// Random bytes behind a plausible start: a valid link header and the first byte of an IP
    /// header, so that the IP, TCP, UDP and ICMP decoders see most of the inputs.
    #[test]
    fn plausible_headers_then_any_bytes_decode_and_render(
        link in 0..LINK_TYPES.len(),
        ip_first in prop_oneof![0x45u8..=0x4f, Just(0x60u8), any::<u8>()],
        proto in prop_oneof![
            Just(1u8), Just(6), Just(17), Just(58), Just(0), Just(44), any::<u8>()
        ],
        ether_type in prop_oneof![
            Just(0x0800u16), Just(0x86dd), Just(0x0806), Just(0x8100), any::<u16>()
        ],
        tail in vec(any::<u8>(), 0..120),
        uncaptured in 0u32..100,
    ) {
        let link_type = LINK_TYPES[link];
        let et = ether_type.to_be_bytes();
        let mut data: Vec<u8> = match link_type {
            LinkType::ETHERNET => [[0x02; 12].as_slice(), &et].concat(),
            LinkType::LINUX_SLL => [&[0, 0, 0, 1, 0, 6][..], &[0x02; 8], &et].concat(),
            LinkType::LINUX_SLL2 => [&et[..], &[0, 0, 0, 0, 0, 2, 0, 1, 0, 6], &[0x02; 8]].concat(),
            LinkType::NULL => 2u32.to_le_bytes().to_vec(),
            LinkType::LOOP => 24u32.to_be_bytes().to_vec(),
            _ => Vec::new(),
        };
        // An IP header start: version/IHL, then the protocol (IPv4) or next header (IPv6)
        // at its place, the rest random.
        let ip_start = data.len();
        data.push(ip_first);
        data.extend_from_slice(&tail);
        let proto_at = ip_start + if ip_first >> 4 == 6 { 6 } else { 9 };
        if let Some(b) = data.get_mut(proto_at) {
            *b = proto;
        }
        let wire_len = u32::try_from(data.len()).unwrap() + uncaptured;
        let packet = decode(link_type, &data, wire_len);
        render(&data, wire_len, &packet);
    }

    /// Valid frames with a few bytes overwritten and the end possibly cut off.
    #[test]
    fn damaged_valid_frames_decode_and_render(
        spec in spec_strategy(64),
        edits in vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        keep in any::<prop::sample::Index>(),
        raw_ip in any::<bool>(),
    ) {
        let mut bytes = build(&spec).bytes;
        for (at, value) in edits {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        let wire_len = u32::try_from(bytes.len()).unwrap();
        let (link_type, data) = if raw_ip {
            (LinkType::RAW, &bytes[ETHERNET_LEN..])
        } else {
            (LinkType::ETHERNET, &bytes[..])
        };
        let data = &data[..keep.index(data.len() + 1)];
        let packet = decode(link_type, data, wire_len);
        render(data, wire_len, &packet);
    }
}

// ---------------------------------------------------------------------------------------------
// (b) Built frames decode to what was built.

proptest! {
    #![proptest_config(config())]

    #[test]
    fn built_frames_decode_exactly(spec in spec_strategy(1400)) {
        let built = build(&spec);
        let frame = &built.bytes;
        let wire_len = u32::try_from(frame.len()).unwrap();
        let packet = decode(LinkType::ETHERNET, frame, wire_len);

        prop_assert!(packet.issues.is_empty(), "issues: {:?}", packet.issues);
        prop_assert_eq!(
            packet.link,
            Link::Ethernet {
                src: wirelab::decode::Mac(spec.src_mac),
                dst: wirelab::decode::Mac(spec.dst_mac),
                ether_type: ether_type(&spec),
            }
        );
        prop_assert!(packet.vlan.is_empty());
        check_ip(&packet, &spec, frame.len() - ETHERNET_LEN);

        let (text, json) = render(frame, wire_len, &packet);
        let (src, dst) = packet.ip_addrs().expect("IP addresses");
        let endpoint = |addr: std::net::IpAddr, port: u16| match addr {
            std::net::IpAddr::V4(a) => format!("{a}:{port}"),
            std::net::IpAddr::V6(a) => format!("[{a}]:{port}"),
        };
        match &spec.transport {
            Transport::Tcp(t) => {
                let tcp = packet.tcp().expect("TCP layer");
                prop_assert_eq!(tcp.sport, t.sport);
                prop_assert_eq!(tcp.dport, t.dport);
                prop_assert_eq!(tcp.seq, t.seq);
                prop_assert_eq!(tcp.ack, t.ack.unwrap_or(0));
                prop_assert_eq!(tcp.window, t.window);
                prop_assert_eq!(tcp.urgent, t.urg.unwrap_or(0));
                prop_assert_eq!(tcp.flags.0, expected_flags(t));
                prop_assert_eq!(usize::from(tcp.header_len), built.transport_header_len);
                prop_assert!(tcp.header_ok);
                prop_assert_eq!(tcp.payload_len as usize, spec.payload.len());
                prop_assert_eq!(tcp.payload, &spec.payload[..]);
                prop_assert_eq!(tcp.options().collect::<Vec<_>>(), expected_options(&t.options));

                prop_assert_eq!(&json["tcp"]["sport"], t.sport);
                prop_assert_eq!(&json["tcp"]["dport"], t.dport);
                prop_assert_eq!(&json["tcp"]["seq_raw"], t.seq);
                prop_assert_eq!(&json["tcp"]["ack_raw"], t.ack.unwrap_or(0));
                prop_assert_eq!(&json["tcp"]["win"], t.window);
                prop_assert_eq!(&json["tcp"]["len"], spec.payload.len());
                prop_assert_eq!(&json["tcp"]["flags_raw"], expected_flags(t));
                let want = format!("{} → {}  ", endpoint(src, t.sport), endpoint(dst, t.dport));
                prop_assert!(text.contains(&want), "{:?} not in {:?}", want, text);
                let want = format!(" win={} len={}", t.window, spec.payload.len());
                prop_assert!(text.contains(&want), "{:?} not in {:?}", want, text);
            }
            Transport::Udp { sport, dport } => {
                let udp = packet.udp().expect("UDP layer");
                let len = 8 + spec.payload.len();
                prop_assert_eq!(udp.sport, *sport);
                prop_assert_eq!(udp.dport, *dport);
                prop_assert_eq!(usize::from(udp.len), len);

                prop_assert_eq!(&json["udp"]["sport"], *sport);
                prop_assert_eq!(&json["udp"]["dport"], *dport);
                prop_assert_eq!(&json["udp"]["len"], len);
                let want = format!("{} → {}  ", endpoint(src, *sport), endpoint(dst, *dport));
                prop_assert!(text.contains(&want), "{:?} not in {:?}", want, text);
                let want = format!(" len={}", spec.payload.len());
                prop_assert!(text.contains(&want), "{:?} not in {:?}", want, text);
            }
        }
        prop_assert_eq!(json["issues"].as_array().map(Vec::len), Some(0));
    }
}

// ---------------------------------------------------------------------------------------------
// (c) Every prefix of a built frame.

/// The layer a prefix of `n` bytes cuts, if it cuts a header.
fn cut_layer(built: &Built, n: usize) -> Option<&'static [Layer]> {
    if n < ETHERNET_LEN {
        Some(&[Layer::Link])
    } else if n < ETHERNET_LEN + built.ip_header_len {
        Some(&[Layer::Ip, Layer::Ipv4, Layer::Ipv6])
    } else if n < built.headers_end() {
        Some(&[Layer::Tcp, Layer::Udp])
    } else {
        None
    }
}

proptest! {
    // Each case decodes and renders every prefix twice (some 200 packets), so fewer cases.
    #![proptest_config(ProptestConfig { cases: CASES / 4, ..config() })]

    #[test]
    fn every_prefix_keeps_what_fits(spec in spec_strategy(32)) {
        let built = build(&spec);
        let full = built.bytes.len();
        let net_end = ETHERNET_LEN + built.ip_header_len;
        for n in 0..=full {
            let data = &built.bytes[..n];
            // Cut by the snapshot length (the wire had it all), then a frame that really
            // was this short on the wire.
            for (snapped, wire_len) in [(true, full), (false, n)] {
                let wire_len = u32::try_from(wire_len).unwrap();
                let packet = decode(LinkType::ETHERNET, data, wire_len);
                let (_, json) = render(data, wire_len, &packet);
                let at = || format!("prefix {n} of {full}, wire {wire_len}: {packet:?}");

                if n >= ETHERNET_LEN {
                    let want = ether_type(&spec);
                    let is_ethernet = matches!(
                        packet.link,
                        Link::Ethernet { ether_type: got, .. } if got == want
                    );
                    prop_assert!(is_ethernet, "{}", at());
                } else {
                    prop_assert_eq!(packet.link, Link::Missing, "{}", at());
                }
                if n >= net_end {
                    prop_assert!(packet.net.is_some(), "{}", at());
                    // Total length as declared, whatever the frame holds.
                    check_ip(&packet, &spec, full - ETHERNET_LEN);
                }
                match &spec.transport {
                    Transport::Tcp(t) => {
                        if n >= net_end + 20 {
                            // The fixed header is enough for ports and numbers.
                            let tcp = packet.tcp();
                            prop_assert!(tcp.is_some(), "{}", at());
                            let tcp = tcp.unwrap();
                            prop_assert_eq!((tcp.sport, tcp.dport), (t.sport, t.dport), "{}", at());
                            prop_assert_eq!((tcp.seq, tcp.window), (t.seq, t.window), "{}", at());
                            prop_assert_eq!(tcp.header_ok, n >= built.headers_end(), "{}", at());
                            if n >= built.headers_end() {
                                // Declared length, capped at what the wire held.
                                let want = wire_len as usize - built.headers_end();
                                prop_assert_eq!(tcp.payload_len as usize, want, "{}", at());
                                prop_assert_eq!(&json["tcp"]["len"], want);
                            }
                        }
                    }
                    Transport::Udp { sport, dport } => {
                        if n >= built.headers_end() {
                            let udp = packet.udp();
                            prop_assert!(udp.is_some(), "{}", at());
                            let udp = udp.unwrap();
                            prop_assert_eq!((udp.sport, udp.dport), (*sport, *dport), "{}", at());
                            let len = 8 + spec.payload.len();
                            prop_assert_eq!(usize::from(udp.len), len, "{}", at());
                        }
                    }
                }

                match cut_layer(&built, n) {
                    Some(layers) => {
                        prop_assert!(!packet.issues.is_empty(), "header cut, no issue: {}", at());
                        let first = packet.issues[0].layer;
                        // A frame short on the wire may first be reported by its IP length.
                        let ip_length_first = !snapped
                            && matches!(
                                packet.issues[0].kind,
                                IssueKind::IpLengthExceedsFrame { .. }
                            );
                        prop_assert!(
                            layers.contains(&first) || ip_length_first,
                            "first issue on {:?}, expected one of {:?}: {}", first, layers, at()
                        );
                    }
                    None if snapped || n == full => {
                        let ok = packet.issues.is_empty();
                        prop_assert!(ok, "payload cut by snaplen is no issue: {}", at());
                    }
                    None => {
                        let ip_length = packet
                            .issues
                            .iter()
                            .any(|i| matches!(i.kind, IssueKind::IpLengthExceedsFrame { .. }));
                        prop_assert!(ip_length, "IP length beyond the wire not reported: {}", at());
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Regression: found by fuzz/ (target decode_render).

/// IPv6 extension headers where etherparse's lax slicer stops after a good header whose
/// next-header field names another extension header (here: hop-by-hop → hop-by-hop, which is
/// forbidden, and hop-by-hop → fragment with the frame cut after the hop-by-hop header).
/// `decode::net::ipv6_from` used to walk `ip.extensions()`, whose iterator (etherparse 0.21,
/// `Ipv6ExtensionSliceIter::next`) then read past the end of its slice with unchecked indexing:
/// an abort in a build with debug assertions ("unsafe precondition(s) violated:
/// slice::get_unchecked requires that the index is within the slice"), an out-of-bounds read
/// in a release build. The hop-by-hop header that was read must be kept, the rest reported.
#[test]
fn ipv6_extension_chain_stopped_after_a_good_header() {
    fn ipv6(payload_len: u16, next_header: u8) -> Vec<u8> {
        let mut h = vec![0x60, 0, 0, 0];
        h.extend_from_slice(&payload_len.to_be_bytes());
        h.extend_from_slice(&[next_header, 64]);
        h.extend_from_slice(&Ipv6Addr::LOCALHOST.octets());
        h.extend_from_slice(&Ipv6Addr::LOCALHOST.octets());
        h
    }
    // Hop-by-hop (next header 0 = hop-by-hop again, length 0, PadN).
    let hbh_then_hbh = [ipv6(8, 0), vec![0, 0, 1, 4, 0, 0, 0, 0]].concat();
    // Hop-by-hop then a fragment header the capture did not keep (wire length 64).
    let hbh_then_cut_frag = [ipv6(24, 0), vec![44, 0, 1, 4, 0, 0, 0, 0]].concat();
    for (frame, wire_len) in [(hbh_then_hbh, 48), (hbh_then_cut_frag, 64)] {
        let packet = decode(LinkType::RAW, &frame, wire_len);
        let Some(Net::Ipv6(ip)) = &packet.net else {
            panic!("no IPv6 layer: {packet:?}");
        };
        assert_eq!(
            (ip.exts.as_slice(), ip.exts_len),
            (&[0u8][..], 8),
            "{packet:?}"
        );
        assert!(packet.transport.is_none(), "{packet:?}");
        assert!(!packet.issues.is_empty(), "{packet:?}");
        assert_eq!(packet.issues[0].layer, Layer::Ipv6, "{packet:?}");
        render(&frame, wire_len, &packet);
    }
}
