//! JSON Lines: one object per packet, keys documented in docs/json.md. Packets go through the
//! small writer of `jsonw.rs` (the hot path); file and conversation records through serde.

use std::io::{self, Write};
use std::net::IpAddr;

use arrayvec::ArrayVec;

use serde::Serialize;

use super::cache::FragmentCache;
use super::jsonw::Json;
use super::line;
use super::{FileInfo, Record, Renderer};
use crate::annotate::lang::Lang;
use crate::annotate::words::{
    analysis_kind, analysis_label, step_explanation, step_kind, step_parts, udp_label,
    window_scaling_kind,
};
use crate::annotate::{address, port, verdict, words};
use crate::decode::checksum::Checksums;
use crate::decode::{Arp, Icmp, Link, Net, Packet, Quoted, Tcp, TcpOption, Transport};
use crate::defrag::Incomplete;
use crate::k;
use crate::track::{Conversation, Dir, PacketInfo, TcpInfo, TcpState};

/// Bytes of packet objects gathered before they are written out.
const FLUSH_AT: usize = 128 * 1024;

/// Writes JSON Lines. Each object is serialised into a reused buffer and written in one call:
/// serde_json writes many small pieces, which through `dyn Write` cost a call each.
#[derive(Default)]
pub struct JsonRenderer {
    buf: Vec<u8>,
    kept: Kept,
    /// The index of the input being read, written on its packet and conversation records.
    file: usize,
    /// `--summary --json`: file and conversation records only; packets are not written.
    conversations_only: bool,
    /// The language of the members a person reads (`label`, `text`, `reason`, `notes`);
    /// keys and `kind` values are the same in every language.
    lang: Lang,
    /// `-L`: each packet's `layers` array.
    layers: bool,
}

/// What the kept head of an `ip` object is built from: addresses, protocol, TTL, and the
/// header length (IPv4) or the next header field (IPv6).
type IpHead = (IpAddr, IpAddr, u8, u8, u8);

/// Parts of packet objects that repeat, kept once written (see `cache.rs`).
#[derive(Default)]
struct Kept {
    /// The `link` object, per conversation direction.
    link: FragmentCache<(Link, ArrayVec<u16, 3>), 128>,
    /// `"src":…,"dst":…,"proto":…,"ttl":…` and the header length (IPv4) or next header
    /// (IPv6) of the `ip` object, per conversation direction.
    addrs: FragmentCache<IpHead, 128>,
    /// `"sport":…,"dport":…` of the `tcp` object, per conversation direction.
    ports: FragmentCache<(u16, u16), 32>,
    /// `"flags":[…],"flags_raw":…` of the `tcp` object, per flag combination.
    flags: FragmentCache<u16, 80>,
    /// `"conn":…,"dir":…`, per conversation direction.
    conn: FragmentCache<(u64, Dir), 48>,
    /// The `states` object, per combination of states.
    states: FragmentCache<([TcpState; 2], [TcpState; 2]), 128>,
}

impl JsonRenderer {
    pub fn new() -> JsonRenderer {
        JsonRenderer::default()
    }

    /// The language of the person-facing members (`label`, `text`, `reason`, `notes`).
    pub fn lang(mut self, lang: Lang) -> JsonRenderer {
        self.lang = lang;
        self
    }

    /// A `layers` array in each packet object (`read -L --json`).
    pub fn layers(mut self, on: bool) -> JsonRenderer {
        self.layers = on;
        self
    }

    /// Writes the `file` and `conn` records and nothing for packets (`--summary --json`):
    /// a packet costs its decoding and tracking, no JSON.
    pub fn conversations_only() -> JsonRenderer {
        JsonRenderer {
            conversations_only: true,
            ..JsonRenderer::default()
        }
    }

    fn emit(&mut self, out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
        serde_json::to_writer(&mut self.buf, value).map_err(io::Error::from)?;
        self.buf.push(b'\n');
        self.flush_into(out)
    }

    fn flush_into(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }
}

impl Renderer for JsonRenderer {
    fn file_start(&mut self, out: &mut dyn Write, file: &FileInfo<'_>) -> io::Result<()> {
        self.file = file.index;
        let record = FileRecord {
            kind: "file",
            index: file.index,
            path: &file.path.display().to_string(),
            link_type: file.link_type.0,
            link_name: file.link_type.known_name().map(|n| n.0),
        };
        self.emit(out, &record)
    }

    fn packet(&mut self, out: &mut dyn Write, record: &Record<'_, '_>) -> io::Result<()> {
        if self.conversations_only {
            return Ok(());
        }
        // Objects accumulate here and go out in large blocks, which the BufWriter below
        // passes through without copying them again.
        packet_json(
            &mut self.kept,
            &mut self.buf,
            (self.file, self.lang, self.layers),
            record,
        );
        self.buf.push(b'\n');
        if self.buf.len() >= FLUSH_AT {
            out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    fn conversation(&mut self, out: &mut dyn Write, conv: &Conversation) -> io::Result<()> {
        // Into the same block as the packets around it (the order stays), not written out at
        // once: a capture of short connections ends one every few dozen packets, and each
        // early write sent the block through the BufWriter's buffer in small pieces.
        conn_json(&mut self.buf, self.file, conv);
        self.buf.push(b'\n');
        if self.buf.len() >= FLUSH_AT {
            out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    fn flush(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.flush_into(out)
    }

    fn datagram_given_up(&mut self, _out: &mut dyn Write, d: &Incomplete) -> io::Result<()> {
        if self.conversations_only {
            return Ok(());
        }
        super::defrag_json::incomplete_json(&mut self.buf, self.file, d, self.lang);
        self.buf.push(b'\n');
        Ok(())
    }
}

#[derive(Serialize)]
struct FileRecord<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    index: usize,
    path: &'a str,
    link_type: u32,
    link_name: Option<&'static str>,
}

/// One packet object, written with [`Json`] (see `jsonw.rs` for why not through serde).
fn packet_json(
    kept: &mut Kept,
    out: &mut Vec<u8>,
    (file, lang, layers): (usize, Lang, bool),
    r: &Record<'_, '_>,
) {
    let p: &Packet<'_> = r.packet;
    // Where kept parts of this packet's conversation direction are looked for first.
    let hint = r
        .info
        .map_or(0, |i| i.conn.wrapping_mul(2) + i.dir.index() as u64);
    let mut o = Json::object(out);
    o.name(k!("type"), "packet")
        .num(k!("file"), file)
        .num(k!("frame"), r.number)
        .ts(k!("ts"), r.frame.ts)
        .seconds(k!("ts_f64"), nanos(r.frame.ts))
        .num(k!("len"), r.frame.len)
        .num(k!("caplen"), r.frame.caplen())
        .raw(k!("link"), |out| {
            kept.link.write(out, hint, (p.link, p.vlan.clone()), |out| {
                let mut l = Json::object(out);
                link_json(&mut l, p);
                l.end();
            })
        });
    layers_json(&mut o, kept, p, r, hint);
    if layers {
        super::layers::write_json(&mut o, lang, r);
        super::sides::write_json(&mut o, lang, r);
    }
    if let Some(info) = r.info {
        tracking_json(&mut o, kept, info, (hint, lang));
        o.arr(k!("notes"), |j| notes_json(j, info, lang));
    }
    if let Some(msg) = r.app {
        super::app_json::app_json(&mut o, msg, lang);
    }
    calls_json(&mut o, r.calls);
    if let Some(k) = r.kernel.filter(|k| !k.json.is_empty()) {
        // Made by the lab with serde_json: a whole object.
        o.raw(k!("kernel_state"), |out| {
            out.extend_from_slice(k.json.as_bytes())
        });
    }
    if let Some(note) = r.defrag {
        super::defrag_json::note_json(&mut o, note, lang);
    }
    checksums_json(&mut o, p, r.checksums, lang);
    issues_json(&mut o, p, r.frame.ts_fixed);
    o.end();
}

/// `"checksums"`, only when one checked is not simply right: each field's verdict, and in
/// words what the first such says (an offloaded one is not a bad one).
fn checksums_json(o: &mut Json<'_>, p: &Packet<'_>, sums: Checksums, lang: Lang) {
    if sums.all_good() {
        return;
    }
    let transport = match p.transport {
        Some(Transport::Udp(_)) => "UDP",
        _ => "TCP",
    };
    let ip = lang.word("checksum-what-ipv4-header");
    let note = [(ip, sums.ip), (transport, sums.transport)]
        .into_iter()
        .find_map(|(what, v)| v.and_then(|v| words::checksum_note(lang, what, v)));
    o.obj(k!("checksums"), |j| {
        if let Some(v) = sums.ip {
            j.name(k!("ip"), v.name());
        }
        if let Some(v) = sums.transport {
            let key = if transport == "UDP" {
                k!("udp")
            } else {
                k!("tcp")
            };
            j.name(key, v.name());
        }
        if let Some(note) = &note {
            j.text(k!("text"), note);
        }
    });
}

/// `arp` or `ip`, then `tcp`, `udp` or `icmp`: what the decoder found past the link.
fn layers_json(o: &mut Json<'_>, kept: &mut Kept, p: &Packet<'_>, r: &Record<'_, '_>, hint: u64) {
    match &p.net {
        Some(Net::Arp(arp)) => {
            o.obj(k!("arp"), |j| arp_json(j, arp));
        }
        Some(net) => {
            o.obj(k!("ip"), |j| ip_json(j, net, &mut kept.addrs, hint));
        }
        None => {}
    }
    let tcp_info = r.info.and_then(|i| i.tcp.as_ref());
    match &p.transport {
        Some(Transport::Tcp(t)) => {
            o.obj(k!("tcp"), |j| tcp_json(j, t, tcp_info, kept, hint));
        }
        Some(Transport::Udp(u)) => {
            o.obj(k!("udp"), |j| {
                j.num(k!("sport"), u.sport)
                    .num(k!("dport"), u.dport)
                    .num(k!("len"), u.len)
                    .num(k!("checksum"), u.checksum);
            });
        }
        Some(Transport::Icmp(i)) => {
            o.obj(k!("icmp"), |j| icmp_json(j, i));
        }
        None => {}
    }
}

/// What tracking found: `conn` and `dir`, and for TCP both ends' states, the step and the
/// analysis findings.
fn tracking_json(o: &mut Json<'_>, kept: &mut Kept, info: &PacketInfo, (hint, lang): (u64, Lang)) {
    let tcp_info = info.tcp.as_ref();
    o.raw_members(|out| {
        kept.conn.write(out, hint, (info.conn, info.dir), |out| {
            // `"conn":…,"dir":…`: members of an object, without its braces.
            let start = out.len();
            let mut j = Json::object(out);
            j.num(k!("conn"), info.conn)
                .name(k!("dir"), info.dir.name());
            j.end();
            out.remove(start);
            out.pop();
        })
    });
    if let Some(t) = tcp_info {
        o.raw(k!("states"), |out| {
            let index = |s: TcpState| s as u64;
            let hint = ((index(t.before[0]) * 16 + index(t.before[1])) * 16 + index(t.after[0]))
                * 16
                + index(t.after[1]);
            kept.states.write(out, hint, (t.before, t.after), |out| {
                let mut j = Json::object(out);
                for (i, role) in [k!("client"), k!("server")].into_iter().enumerate() {
                    j.obj(role, |s| {
                        s.name(k!("before"), t.before[i].name())
                            .name(k!("after"), t.after[i].name());
                    });
                }
                j.end();
            })
        });
    }
    if let Some(t) = tcp_info {
        if let Some(step) = &t.step {
            o.obj(k!("step"), |j| {
                // wirelab's own sentences: no quote or backslash in them (checked in
                // debug builds), so no escaping pass.
                j.name(k!("kind"), step_kind(step))
                    .label(k!("label"), step_parts(lang, step))
                    .name(k!("text"), step_explanation(lang, step));
            });
        }
        if t.analysis.is_empty() {
            o.members(r#""analysis":[]"#);
        } else {
            o.arr(k!("analysis"), |j| {
                for a in &t.analysis {
                    j.item_obj(|x| {
                        x.name(k!("kind"), analysis_kind(a))
                            .label(k!("reason"), analysis_label(lang, a));
                    });
                }
            });
        }
        if let Some(rtt) = t.ack_rtt {
            o.seconds(k!("ack_rtt"), rtt.0);
        }
    }
}

/// The lab's socket calls shown before the packet.
fn calls_json(o: &mut Json<'_>, calls: &[super::CallNote]) {
    if !calls.is_empty() {
        o.arr(k!("calls"), |j| {
            for c in calls {
                j.item_obj(|x| {
                    x.name(k!("side"), c.side.name())
                        .name(k!("call"), c.call)
                        .text(k!("text"), &c.text)
                        .boolean(k!("caused"), c.caused);
                });
            }
        });
    }
}

/// What is wrong with the packet (and a timestamp the reader carried over).
fn issues_json(o: &mut Json<'_>, p: &Packet<'_>, ts_fixed: bool) {
    if p.issues.is_empty() && !ts_fixed {
        o.members(r#""issues":[]"#);
    } else {
        o.arr(k!("issues"), |j| {
            for issue in &p.issues {
                j.item_obj(|x| {
                    x.name(k!("layer"), issue.layer.name())
                        .num(k!("offset"), issue.offset)
                        .text(k!("message"), &issue.kind);
                });
            }
            if ts_fixed {
                j.item_obj(|x| {
                    x.name(k!("layer"), "frame")
                        .num(k!("offset"), 0u8)
                        .text(k!("message"), crate::decode::IssueKind::TimestampCarried);
                });
            }
        });
    }
}

fn link_json(j: &mut Json<'_>, p: &Packet<'_>) {
    j.name(k!("type"), p.link.type_name());
    match &p.link {
        Link::Ethernet {
            src,
            dst,
            ether_type,
        } => {
            j.mac(k!("src"), src.0)
                .mac(k!("dst"), dst.0)
                .num(k!("ethertype"), *ether_type);
        }
        Link::Sll {
            packet_type,
            arphrd,
            addr,
            protocol,
        } => {
            j.plain(k!("src"), addr)
                .num(k!("packet_type"), *packet_type)
                .num(k!("arphrd"), *arphrd)
                .num(k!("ethertype"), *protocol);
        }
        Link::Sll2 {
            packet_type,
            arphrd,
            ifindex,
            addr,
            protocol,
        } => {
            j.plain(k!("src"), addr)
                .num(k!("packet_type"), *packet_type)
                .num(k!("arphrd"), *arphrd)
                .num(k!("ifindex"), *ifindex)
                .num(k!("ethertype"), *protocol);
        }
        Link::Loopback { family } => {
            j.num(k!("family"), *family);
        }
        Link::Wlan(w) => wlan_json(j, w),
        Link::RawIp | Link::Missing => {}
    }
    j.arr(k!("vlan"), |a| {
        for id in &p.vlan {
            a.item_num(*id);
        }
    });
}

fn arp_json(j: &mut Json<'_>, a: &Arp) {
    j.num(k!("op"), a.op)
        .name(k!("op_name"), crate::decode::names::arp_op(a.op))
        .num(k!("hw_type"), a.hw_type)
        .num(k!("proto_type"), a.proto_type)
        .plain(k!("sender_mac"), a.sender_hw)
        .plain(k!("target_mac"), a.target_hw);
    match a.ipv4_addrs() {
        Some((sender, target)) => {
            j.plain(k!("sender_ip"), sender)
                .plain(k!("target_ip"), target);
        }
        None => {
            j.plain(k!("sender_proto"), a.sender_proto)
                .plain(k!("target_proto"), a.target_proto);
        }
    }
}

/// `"src":…,"dst":…,"proto":…,"ttl":…,` then `"hdr_len":…` (IPv4) or `"next_header":…`
/// (IPv6), kept per conversation direction.
fn ip_head_json(j: &mut Json<'_>, head: IpHead, kept: &mut FragmentCache<IpHead, 128>, hint: u64) {
    let (src, dst, proto, ttl, last) = head;
    j.raw_members(|out| {
        kept.write(out, hint, head, |out| {
            // The members of an object, without its braces.
            let start = out.len();
            let mut h = Json::object(out);
            h.ip(k!("src"), src)
                .ip(k!("dst"), dst)
                .num(k!("proto"), proto)
                .num(k!("ttl"), ttl);
            match src {
                IpAddr::V4(_) => h.num(k!("hdr_len"), last),
                IpAddr::V6(_) => h.num(k!("next_header"), last),
            };
            h.end();
            out.remove(start);
            out.pop();
        })
    });
}

fn ip_json(j: &mut Json<'_>, net: &Net<'_>, kept: &mut FragmentCache<IpHead, 128>, hint: u64) {
    match net {
        Net::Ipv4(ip) => {
            j.num(k!("version"), 4u8);
            let head = (
                ip.src.into(),
                ip.dst.into(),
                ip.proto,
                ip.ttl,
                ip.header_len,
            );
            ip_head_json(j, head, kept, hint);
            j.num(k!("total_len"), ip.total_len).num(k!("id"), ip.id);
            // The usual values in one copy.
            match (ip.tos, ip.dont_fragment, ip.more_fragments, ip.frag_offset) {
                (0, true, false, 0) => {
                    j.members(r#""tos":0,"df":true,"mf":false,"frag_offset":0"#);
                }
                (0, false, false, 0) => {
                    j.members(r#""tos":0,"df":false,"mf":false,"frag_offset":0"#);
                }
                _ => {
                    j.num(k!("tos"), ip.tos)
                        .boolean(k!("df"), ip.dont_fragment)
                        .boolean(k!("mf"), ip.more_fragments)
                        .num(k!("frag_offset"), ip.frag_offset);
                }
            }
            j.num(k!("checksum"), ip.checksum);
            if !ip.options.is_empty() {
                j.plain(k!("options"), Hex(ip.options));
            }
        }
        Net::Ipv6(ip) => {
            j.num(k!("version"), 6u8);
            let head = (
                ip.src.into(),
                ip.dst.into(),
                ip.proto,
                ip.hop_limit,
                ip.next_header,
            );
            ip_head_json(j, head, kept, hint);
            j.num(k!("payload_len"), ip.payload_len)
                .num(k!("traffic_class"), ip.traffic_class)
                .num(k!("flow_label"), ip.flow_label)
                .arr(k!("ext"), |a| {
                    for e in &ip.exts {
                        a.item_num(*e);
                    }
                });
            if let Some((offset, more, id)) = ip.fragment {
                j.num(k!("frag_offset"), offset)
                    .boolean(k!("mf"), more)
                    .num(k!("frag_id"), id);
            }
        }
        Net::Arp(_) => {}
    }
}

/// Bytes as lowercase hex.
struct Hex<'a>(&'a [u8]);

impl std::fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

fn tcp_json(j: &mut Json<'_>, t: &Tcp<'_>, info: Option<&TcpInfo>, kept: &mut Kept, hint: u64) {
    j.raw_members(|out| {
        kept.ports.write(out, hint, (t.sport, t.dport), |out| {
            // `"sport":…,"dport":…`: members of an object, without its braces.
            let start = out.len();
            let mut p = Json::object(out);
            p.num(k!("sport"), t.sport).num(k!("dport"), t.dport);
            p.end();
            out.remove(start);
            out.pop();
        })
    })
    .raw_members(|out| {
        kept.flags
            .write(out, u64::from(t.flags.0), t.flags.0, |out| {
                // `"flags":[…],"flags_raw":…`: members of an object, without its braces.
                let start = out.len();
                let mut f = Json::object(out);
                f.arr(k!("flags"), |a| {
                    for name in t.flags.names() {
                        a.item_name(name);
                    }
                })
                .num(k!("flags_raw"), t.flags.0);
                f.end();
                out.remove(start);
                out.pop();
            })
    })
    .num(k!("seq_raw"), t.seq)
    .num(k!("ack_raw"), t.ack);
    if let Some(i) = info {
        j.num(k!("seq"), i.seq)
            .num(k!("ack"), i.ack)
            .num(k!("next_seq"), i.next_seq);
    }
    j.num(k!("hdr_len"), t.header_len)
        .num(k!("len"), t.payload_len)
        .num(k!("win"), t.window);
    if let Some(i) = info {
        j.num(k!("win_scaled"), i.window);
        match i.window_scale.factor() {
            Some(f) => j.num(k!("win_scale"), f),
            None => j.raw(k!("win_scale"), |o| o.extend_from_slice(b"null")),
        };
        j.name(k!("win_scaling"), window_scaling_kind(i.window_scale));
    }
    j.num(k!("checksum"), t.checksum);
    if t.urgent == 0 && t.options.is_empty() {
        j.members(r#""urg_ptr":0,"options":[]"#);
    } else {
        let sack = info.map(|i| i.sack.as_slice());
        j.num(k!("urg_ptr"), t.urgent).arr(k!("options"), |a| {
            for option in t.options() {
                a.item_obj(|o| option_json(o, &option, sack));
            }
        });
    }
}

/// `relative_sack`: the packet's SACK edges relative to the acknowledged direction's base.
fn option_json(o: &mut Json<'_>, option: &TcpOption<'_>, relative_sack: Option<&[(u32, u32)]>) {
    match option {
        TcpOption::EndOfList => {
            o.name(k!("kind"), "eol");
        }
        TcpOption::Nop => {
            o.name(k!("kind"), "nop");
        }
        TcpOption::Mss(v) => {
            o.name(k!("kind"), "mss").num(k!("value"), *v);
        }
        TcpOption::WindowScale(v) => {
            o.name(k!("kind"), "wscale").num(k!("shift"), *v);
        }
        TcpOption::SackPermitted => {
            o.name(k!("kind"), "sack_perm");
        }
        TcpOption::Sack(blocks, n) => {
            let raw = blocks.get(..usize::from(*n)).unwrap_or(blocks);
            let pairs = |a: &mut Json<'_>, edges: &[(u32, u32)]| {
                for (l, r) in edges {
                    a.sep();
                    let mut pair = Json::array(a.out);
                    pair.item_num(*l).item_num(*r);
                    pair.end();
                }
            };
            o.name(k!("kind"), "sack")
                .arr(k!("blocks"), |a| pairs(a, relative_sack.unwrap_or(raw)))
                .arr(k!("blocks_raw"), |a| pairs(a, raw));
        }
        TcpOption::Timestamp { val, ecr } => {
            o.name(k!("kind"), "ts")
                .num(k!("val"), *val)
                .num(k!("ecr"), *ecr);
        }
        TcpOption::Other { kind, data } => {
            o.name(k!("kind"), "other")
                .num(k!("code"), *kind)
                .plain(k!("data"), Hex(data));
        }
        TcpOption::Malformed { kind } => {
            o.name(k!("kind"), "malformed").num(k!("code"), *kind);
        }
    }
}

fn icmp_json(j: &mut Json<'_>, i: &Icmp<'_>) {
    use crate::decode::names;
    j.num(k!("version"), i.version)
        .num(k!("type"), i.icmp_type)
        .num(k!("code"), i.code)
        .name(k!("type_name"), names::icmp_type(i.version, i.icmp_type));
    if let Some(code) = names::icmp_code(i.version, i.icmp_type, i.code) {
        j.name(k!("code_name"), code);
    }
    j.num(k!("checksum"), i.checksum);
    if let Some((id, seq)) = i.echo_id_seq() {
        j.num(k!("id"), id).num(k!("seq"), seq);
    }
    if let Some(q) = &i.quoted {
        j.obj(k!("quoted"), |o| quoted_json(o, q));
    }
}

fn quoted_json(o: &mut Json<'_>, q: &Quoted) {
    o.num(k!("version"), q.version)
        .ip(k!("src"), q.src)
        .ip(k!("dst"), q.dst)
        .num(k!("proto"), q.proto)
        .num(k!("ttl"), q.ttl);
    if let Some((sport, dport)) = q.ports {
        o.num(k!("sport"), sport).num(k!("dport"), dport);
    }
    if let Some(len) = q.udp_len {
        o.num(k!("udp_len"), len);
    }
    if let Some(seq) = q.tcp_seq {
        o.num(k!("seq_raw"), seq);
    }
}

/// Plain-words notes on the packet's place in its conversation.
fn notes_json(j: &mut Json<'_>, info: &PacketInfo, lang: Lang) {
    if let Some(step) = info.udp {
        j.item_label(udp_label(lang, step));
    }
    if info.icmp_error {
        let (head, tail) = lang.parts("icmp-error-about-json");
        j.item_text(format_args!("{head}{}{tail}", info.conn));
    }
    if info.first
        && info
            .tcp
            .as_ref()
            .is_some_and(|t| t.step.is_none() && t.before == t.after)
    {
        j.item_name(lang.word("note-mid-stream"));
    }
}

/// `{"type":"conn"}`: one record per conversation (keys in docs/json.md).
fn conn_json(out: &mut Vec<u8>, file: usize, c: &Conversation) {
    let transport = port::Transport::of(c.proto);
    let echo = transport.is_none();
    let mut m = Json::object(out);
    m.name(k!("type"), "conn")
        .num(k!("file"), file)
        .num(k!("id"), c.id)
        .name(k!("proto"), c.proto.name())
        .obj(k!("client"), |e| endpoint_json(e, &c.client, echo))
        .obj(k!("server"), |e| endpoint_json(e, &c.server, echo))
        .name(k!("roles_by"), words::role_reason(Lang::En, c.role_reason));
    match transport.and_then(|t| port::service(c.server.port, t)) {
        // IANA's spelling: escaped like any text from outside. Named for what it is (the
        // port's registration), so that it is not read as the protocol the traffic carries.
        Some(name) => m.text(k!("iana_service"), name),
        None => m.raw(k!("iana_service"), |o| o.extend_from_slice(b"null")),
    };
    m.name(k!("conn_state"), c.conn_state().code())
        .name(k!("history"), c.history())
        .name(k!("handshake"), verdict::handshake(c.handshake_verdict()))
        .name(k!("teardown"), verdict::teardown(c.teardown_verdict()))
        .obj(k!("packets"), |j| two_way(j, c.packets))
        .obj(k!("bytes"), |j| two_way(j, c.bytes))
        .obj(k!("payload"), |j| two_way(j, c.payload))
        .num(k!("first_frame"), c.first_frame)
        .num(k!("last_frame"), c.last_frame)
        .ts(k!("first_ts"), c.first_ts)
        .seconds(k!("first_ts_f64"), nanos(c.first_ts))
        .ts(k!("last_ts"), c.last_ts)
        .seconds(k!("last_ts_f64"), nanos(c.last_ts))
        .raw(k!("duration"), |o| {
            o.push(b'"');
            line::seconds(o, c.last_ts.since(c.first_ts), 0);
            o.push(b'"');
        })
        .seconds(k!("duration_f64"), c.last_ts.since(c.first_ts).0)
        .num(k!("icmp_errors"), c.icmp_errors)
        .obj(k!("ip_bytes"), |j| two_way(j, c.ip_bytes))
        .num(k!("missed_bytes"), c.missed_bytes())
        .num(k!("bad_checksums"), c.bad_checksums);
    zeek_records_json(&mut m, c);
    if let Some(t) = &c.tcp {
        m.num(k!("overlap_conflicts"), t.overlap.conflicts)
            .num(k!("overlap_unchecked"), t.overlap.unchecked);
    }
    if let Some(u) = &c.udp {
        m.num(k!("requests"), u.requests)
            .num(k!("responses"), u.responses);
    }
    if let Some(t) = &c.tcp {
        tcp_totals_json(&mut m, t);
    }
    m.end();
}

/// `"zeek"`: the connections Zeek would log for this conversation, oldest first (one, unless
/// Zeek would have split the tshark stream; see docs/annotations.md, "Zeek").
fn zeek_records_json(m: &mut Json<'_>, c: &Conversation) {
    m.arr(k!("zeek"), |a| {
        for r in c.zeek_records() {
            let (orig, resp) = if r.reversed {
                (&c.server, &c.client)
            } else {
                (&c.client, &c.server)
            };
            let [orig_pkts, resp_pkts] = r.orig_first(r.packets);
            let [orig_ip, resp_ip] = r.orig_first(r.ip_bytes);
            let [orig_bytes, resp_bytes] = r.sizes;
            a.item_obj(|z| {
                z.plain(
                    k!("uid"),
                    crate::render::zeek_conn::uid(c.proto, orig, resp, r.first_ts),
                )
                .name(k!("orig"), if r.reversed { "server" } else { "client" })
                .ts(k!("ts"), r.first_ts)
                .seconds(k!("duration_f64"), r.last_ts.since(r.first_ts).0)
                .name(k!("conn_state"), r.conn_state.code())
                .name(k!("history"), &r.history)
                .num(k!("missed_bytes"), r.missed_bytes)
                .num(k!("orig_bytes"), orig_bytes)
                .num(k!("resp_bytes"), resp_bytes)
                .num(k!("orig_pkts"), orig_pkts)
                .num(k!("orig_ip_bytes"), orig_ip)
                .num(k!("resp_pkts"), resp_pkts)
                .num(k!("resp_ip_bytes"), resp_ip);
            });
        }
    });
}

/// A TCP conversation's findings counted by kind (every kind, 0 included, so that a table
/// of conversations has the same columns) and its round-trip times (docs/json.md).
fn tcp_totals_json(m: &mut Json<'_>, t: &crate::track::TcpConv) {
    let stats = t.stats();
    m.obj(k!("analysis"), |j| {
        for (i, kind) in words::ANALYSIS_KINDS.iter().enumerate() {
            let n = stats.and_then(|s| s.counts.get(i)).copied().unwrap_or(0);
            // `"kind":n`; the kinds are wirelab's own snake_case names.
            j.raw_members(|o| {
                o.push(b'"');
                o.extend_from_slice(kind.as_bytes());
                o.extend_from_slice(b"\":");
                o.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
            });
        }
    });
    m.obj(k!("rtt"), |r| {
        match t.initial_rtt() {
            Some(d) => r.seconds(k!("initial"), d.0),
            None => r.raw(k!("initial"), |o| o.extend_from_slice(b"null")),
        };
        let none = crate::track::RttStats::default();
        for (i, key) in [k!("ack_c2s"), k!("ack_s2c")].into_iter().enumerate() {
            let a = stats.and_then(|s| s.ack_rtt.get(i)).unwrap_or(&none);
            r.obj(key, |x| {
                x.num(k!("count"), a.count);
                for (key, v) in [
                    (k!("min"), a.min()),
                    (k!("mean"), a.mean()),
                    (k!("max"), a.max()),
                ] {
                    match v {
                        Some(d) => x.seconds(key, d.0),
                        None => x.raw(key, |o| o.extend_from_slice(b"null")),
                    };
                }
            });
        }
    });
}

/// Nanoseconds since 1970 (before it: negative), for the number beside a time's string.
fn nanos(ts: crate::capture::Timestamp) -> i128 {
    i128::from(ts.secs) * 1_000_000_000 + i128::from(ts.nanos)
}

/// An endpoint: address and port, or (ICMP echo, `echo`) address and echo identifier.
fn endpoint_json(j: &mut Json<'_>, e: &crate::track::Endpoint, echo: bool) {
    j.ip(k!("addr"), e.addr);
    if echo {
        j.num(k!("icmp_id"), e.port);
    } else {
        j.num(k!("port"), e.port)
            .name(k!("port_class"), port::classify(e.port).label());
    }
    j.name(k!("addr_kind"), address::short_label(e.addr));
}

fn two_way(j: &mut Json<'_>, v: [u64; 2]) {
    j.num(k!("c2s"), v[0]).num(k!("s2c"), v[1]);
}

/// The 802.11 part of the `link` object (docs/json.md).
fn wlan_json(j: &mut Json<'_>, w: &crate::decode::Wlan) {
    j.num(k!("type_subtype"), w.type_subtype())
        .name(k!("frame"), w.kind_name());
    let addrs = [
        (k!("src"), w.sa()),
        (k!("dst"), w.da()),
        (k!("bssid"), w.bssid()),
        (k!("ra"), w.ra()),
        (k!("ta"), w.ta()),
    ];
    for (key, addr) in addrs {
        if let Some(mac) = addr {
            j.mac(key, mac.0);
        }
    }
    j.boolean(k!("to_ds"), w.flags & 0x01 != 0)
        .boolean(k!("from_ds"), w.flags & 0x02 != 0)
        .boolean(k!("protected"), w.protected());
    if let Some(rt) = w.radiotap {
        j.obj(k!("radiotap"), |r| {
            r.num(k!("len"), rt.len);
            if let Some(freq) = rt.freq {
                r.num(k!("freq_mhz"), freq);
            }
            if let Some(dbm) = rt.signal {
                r.num(k!("signal_dbm"), dbm);
            }
        });
    }
}
