//! JSON Lines: one object per packet, keys documented in docs/json.md. Serialised straight
//! into the output through serde, no intermediate tree.

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};

use super::{FileInfo, Record, Renderer};
use crate::annotate::words::{
    AnalysisLabel, StepLabel, UdpLabel, analysis_kind, step_explanation, step_kind,
};
use crate::annotate::{address, port};
use crate::decode::{Arp, Icmp, Link, Net, Packet, Quoted, Tcp, TcpOption, Transport, Udp};
use crate::track::{Analysis, Conversation, PacketInfo, Step, TcpInfo};

/// Writes JSON Lines. Each object is serialised into a reused buffer and written in one call:
/// serde_json writes many small pieces, which through `dyn Write` cost a call each.
#[derive(Default)]
pub struct JsonRenderer {
    buf: Vec<u8>,
}

impl JsonRenderer {
    pub fn new() -> JsonRenderer {
        JsonRenderer::default()
    }

    fn emit(&mut self, out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
        self.buf.clear();
        serde_json::to_writer(&mut self.buf, value).map_err(io::Error::from)?;
        self.buf.push(b'\n');
        out.write_all(&self.buf)
    }
}

impl Renderer for JsonRenderer {
    fn file_start(&mut self, out: &mut dyn Write, file: &FileInfo<'_>) -> io::Result<()> {
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
        self.emit(out, &PacketJson(record))
    }

    fn conversation(&mut self, out: &mut dyn Write, conv: &Conversation) -> io::Result<()> {
        self.emit(out, &ConnJson(conv))
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

struct PacketJson<'r, 'a>(&'r Record<'r, 'a>);

impl Serialize for PacketJson<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let p: &Packet<'_> = r.packet;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("type", "packet")?;
        m.serialize_entry("frame", &r.number)?;
        m.serialize_entry("ts", &Collect(&r.frame.ts))?;
        m.serialize_entry("len", &r.frame.len)?;
        m.serialize_entry("caplen", &r.frame.caplen())?;
        m.serialize_entry("link", &LinkJson(p))?;
        match &p.net {
            Some(Net::Arp(arp)) => m.serialize_entry("arp", &ArpJson(arp))?,
            Some(net) => m.serialize_entry("ip", &IpJson(net))?,
            None => {}
        }
        let tcp_info = r.info.and_then(|i| i.tcp.as_ref());
        match &p.transport {
            Some(Transport::Tcp(t)) => m.serialize_entry("tcp", &TcpJson(t, tcp_info))?,
            Some(Transport::Udp(u)) => m.serialize_entry("udp", &UdpJson(u))?,
            Some(Transport::Icmp(i)) => m.serialize_entry("icmp", &IcmpJson(i))?,
            None => {}
        }
        if let Some(info) = r.info {
            m.serialize_entry("conn", &info.conn)?;
            m.serialize_entry("dir", info.dir.name())?;
            if let Some(t) = tcp_info {
                m.serialize_entry("states", &StatesJson(t))?;
                if let Some(step) = &t.step {
                    m.serialize_entry("step", &StepJson(step))?;
                }
                m.serialize_entry("analysis", &AnalysisJson(&t.analysis))?;
            }
            m.serialize_entry("notes", &NotesJson(info))?;
        }
        let mut issues = IssuesJson(r, 0);
        issues.1 = p.issues.len() + usize::from(r.frame.ts_fixed);
        m.serialize_entry("issues", &issues)?;
        m.end()
    }
}

/// Serialises anything `Display` as a JSON string without allocating.
struct Collect<'t, T: ?Sized>(&'t T);

impl<T: std::fmt::Display + ?Sized> Serialize for Collect<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self.0)
    }
}

struct LinkJson<'r, 'a>(&'r Packet<'a>);

impl Serialize for LinkJson<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("type", p.link.type_name())?;
        match &p.link {
            Link::Ethernet {
                src,
                dst,
                ether_type,
            } => {
                m.serialize_entry("src", &Collect(src))?;
                m.serialize_entry("dst", &Collect(dst))?;
                m.serialize_entry("ethertype", ether_type)?;
            }
            Link::Sll {
                packet_type,
                arphrd,
                addr,
                protocol,
            } => {
                m.serialize_entry("src", &Collect(addr))?;
                m.serialize_entry("packet_type", packet_type)?;
                m.serialize_entry("arphrd", arphrd)?;
                m.serialize_entry("ethertype", protocol)?;
            }
            Link::Sll2 {
                packet_type,
                arphrd,
                ifindex,
                addr,
                protocol,
            } => {
                m.serialize_entry("src", &Collect(addr))?;
                m.serialize_entry("packet_type", packet_type)?;
                m.serialize_entry("arphrd", arphrd)?;
                m.serialize_entry("ifindex", ifindex)?;
                m.serialize_entry("ethertype", protocol)?;
            }
            Link::Loopback { family } => m.serialize_entry("family", family)?,
            Link::RawIp | Link::Missing => {}
        }
        m.serialize_entry("vlan", p.vlan.as_slice())?;
        m.end()
    }
}

struct ArpJson<'r>(&'r Arp);

impl Serialize for ArpJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let a = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("op", &a.op)?;
        m.serialize_entry("op_name", crate::decode::names::arp_op(a.op))?;
        m.serialize_entry("hw_type", &a.hw_type)?;
        m.serialize_entry("proto_type", &a.proto_type)?;
        m.serialize_entry("sender_mac", &Collect(&a.sender_hw))?;
        m.serialize_entry("target_mac", &Collect(&a.target_hw))?;
        match a.ipv4_addrs() {
            Some((sender, target)) => {
                m.serialize_entry("sender_ip", &sender)?;
                m.serialize_entry("target_ip", &target)?;
            }
            None => {
                m.serialize_entry("sender_proto", &Collect(&a.sender_proto))?;
                m.serialize_entry("target_proto", &Collect(&a.target_proto))?;
            }
        }
        m.end()
    }
}

struct IpJson<'r, 'a>(&'r Net<'a>);

impl Serialize for IpJson<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        match self.0 {
            Net::Ipv4(ip) => {
                m.serialize_entry("version", &4)?;
                m.serialize_entry("src", &ip.src)?;
                m.serialize_entry("dst", &ip.dst)?;
                m.serialize_entry("proto", &ip.proto)?;
                m.serialize_entry("ttl", &ip.ttl)?;
                m.serialize_entry("hdr_len", &ip.header_len)?;
                m.serialize_entry("total_len", &ip.total_len)?;
                m.serialize_entry("id", &ip.id)?;
                m.serialize_entry("tos", &ip.tos)?;
                m.serialize_entry("df", &ip.dont_fragment)?;
                m.serialize_entry("mf", &ip.more_fragments)?;
                m.serialize_entry("frag_offset", &ip.frag_offset)?;
                m.serialize_entry("checksum", &ip.checksum)?;
                if !ip.options.is_empty() {
                    m.serialize_entry("options", &Collect(&Hex(ip.options)))?;
                }
            }
            Net::Ipv6(ip) => {
                m.serialize_entry("version", &6)?;
                m.serialize_entry("src", &ip.src)?;
                m.serialize_entry("dst", &ip.dst)?;
                m.serialize_entry("proto", &ip.proto)?;
                m.serialize_entry("ttl", &ip.hop_limit)?;
                m.serialize_entry("next_header", &ip.next_header)?;
                m.serialize_entry("payload_len", &ip.payload_len)?;
                m.serialize_entry("traffic_class", &ip.traffic_class)?;
                m.serialize_entry("flow_label", &ip.flow_label)?;
                m.serialize_entry("ext", ip.exts.as_slice())?;
                if let Some((offset, more, id)) = ip.fragment {
                    m.serialize_entry("frag_offset", &offset)?;
                    m.serialize_entry("mf", &more)?;
                    m.serialize_entry("frag_id", &id)?;
                }
            }
            Net::Arp(_) => {}
        }
        m.end()
    }
}

/// Bytes as lowercase hex.
struct Hex<'a>(&'a [u8]);

impl std::fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

struct TcpJson<'r, 'a>(&'r Tcp<'a>, Option<&'r TcpInfo>);

impl Serialize for TcpJson<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("sport", &t.sport)?;
        m.serialize_entry("dport", &t.dport)?;
        m.serialize_entry("flags", &FlagsJson(t))?;
        m.serialize_entry("flags_raw", &t.flags.0)?;
        m.serialize_entry("seq_raw", &t.seq)?;
        m.serialize_entry("ack_raw", &t.ack)?;
        if let Some(info) = self.1 {
            m.serialize_entry("seq", &info.seq)?;
            m.serialize_entry("ack", &info.ack)?;
            m.serialize_entry("next_seq", &info.next_seq)?;
        }
        m.serialize_entry("hdr_len", &t.header_len)?;
        m.serialize_entry("len", &t.payload_len)?;
        m.serialize_entry("win", &t.window)?;
        m.serialize_entry("checksum", &t.checksum)?;
        m.serialize_entry("urg_ptr", &t.urgent)?;
        m.serialize_entry("options", &OptionsJson(t))?;
        m.end()
    }
}

struct FlagsJson<'r, 'a>(&'r Tcp<'a>);

impl Serialize for FlagsJson<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.flags.names())
    }
}

struct OptionsJson<'r, 'a>(&'r Tcp<'a>);

impl Serialize for OptionsJson<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for option in self.0.options() {
            seq.serialize_element(&OptionJson(option))?;
        }
        seq.end()
    }
}

struct OptionJson<'a>(TcpOption<'a>);

impl Serialize for OptionJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        match &self.0 {
            TcpOption::EndOfList => m.serialize_entry("kind", "eol")?,
            TcpOption::Nop => m.serialize_entry("kind", "nop")?,
            TcpOption::Mss(v) => {
                m.serialize_entry("kind", "mss")?;
                m.serialize_entry("value", v)?;
            }
            TcpOption::WindowScale(v) => {
                m.serialize_entry("kind", "wscale")?;
                m.serialize_entry("shift", v)?;
            }
            TcpOption::SackPermitted => m.serialize_entry("kind", "sack_perm")?,
            TcpOption::Sack(blocks, n) => {
                m.serialize_entry("kind", "sack")?;
                m.serialize_entry("blocks", &blocks[..usize::from(*n).min(4)])?;
            }
            TcpOption::Timestamp { val, ecr } => {
                m.serialize_entry("kind", "ts")?;
                m.serialize_entry("val", val)?;
                m.serialize_entry("ecr", ecr)?;
            }
            TcpOption::Other { kind, data } => {
                m.serialize_entry("kind", "other")?;
                m.serialize_entry("code", kind)?;
                m.serialize_entry("data", &Collect(&Hex(data)))?;
            }
            TcpOption::Malformed { kind } => {
                m.serialize_entry("kind", "malformed")?;
                m.serialize_entry("code", kind)?;
            }
        }
        m.end()
    }
}

struct UdpJson<'r>(&'r Udp);

impl Serialize for UdpJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let u = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("sport", &u.sport)?;
        m.serialize_entry("dport", &u.dport)?;
        m.serialize_entry("len", &u.len)?;
        m.serialize_entry("checksum", &u.checksum)?;
        m.end()
    }
}

struct IcmpJson<'r, 'a>(&'r Icmp<'a>);

impl Serialize for IcmpJson<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use crate::decode::names;
        let i = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("version", &i.version)?;
        m.serialize_entry("type", &i.icmp_type)?;
        m.serialize_entry("code", &i.code)?;
        m.serialize_entry("type_name", names::icmp_type(i.version, i.icmp_type))?;
        if let Some(code) = names::icmp_code(i.version, i.icmp_type, i.code) {
            m.serialize_entry("code_name", code)?;
        }
        m.serialize_entry("checksum", &i.checksum)?;
        if let Some((id, seq)) = i.echo_id_seq() {
            m.serialize_entry("id", &id)?;
            m.serialize_entry("seq", &seq)?;
        }
        if let Some(q) = &i.quoted {
            m.serialize_entry("quoted", &QuotedJson(q))?;
        }
        m.end()
    }
}

struct QuotedJson<'r>(&'r Quoted);

impl Serialize for QuotedJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let q = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("version", &q.version)?;
        m.serialize_entry("src", &q.src)?;
        m.serialize_entry("dst", &q.dst)?;
        m.serialize_entry("proto", &q.proto)?;
        m.serialize_entry("ttl", &q.ttl)?;
        if let Some((sport, dport)) = q.ports {
            m.serialize_entry("sport", &sport)?;
            m.serialize_entry("dport", &dport)?;
        }
        if let Some(len) = q.udp_len {
            m.serialize_entry("udp_len", &len)?;
        }
        if let Some(seq) = q.tcp_seq {
            m.serialize_entry("seq_raw", &seq)?;
        }
        m.end()
    }
}

/// The packet's issues, plus the frame-level note of a carried timestamp.
struct IssuesJson<'r, 'a>(&'r Record<'r, 'a>, usize);

impl Serialize for IssuesJson<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.1))?;
        for issue in &self.0.packet.issues {
            seq.serialize_element(&IssueJson(issue.layer.name(), issue.offset, &issue.kind))?;
        }
        if self.0.frame.ts_fixed {
            let kind = crate::decode::IssueKind::TimestampCarried;
            seq.serialize_element(&IssueJson("frame", 0, &kind))?;
        }
        seq.end()
    }
}

struct IssueJson<'r>(&'static str, usize, &'r crate::decode::IssueKind);

impl Serialize for IssueJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("layer", self.0)?;
        m.serialize_entry("offset", &self.1)?;
        m.serialize_entry("message", &Collect(self.2))?;
        m.end()
    }
}

struct StatesJson<'r>(&'r TcpInfo);

impl Serialize for StatesJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.0;
        let mut m = s.serialize_map(Some(2))?;
        for (i, role) in ["client", "server"].into_iter().enumerate() {
            m.serialize_entry(role, &BeforeAfter(t.before[i].name(), t.after[i].name()))?;
        }
        m.end()
    }
}

struct BeforeAfter(&'static str, &'static str);

impl Serialize for BeforeAfter {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("before", self.0)?;
        m.serialize_entry("after", self.1)?;
        m.end()
    }
}

struct StepJson<'r>(&'r Step);

impl Serialize for StepJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("kind", step_kind(self.0))?;
        m.serialize_entry("label", &Collect(&StepLabel(self.0)))?;
        m.serialize_entry("text", step_explanation(self.0))?;
        m.end()
    }
}

struct AnalysisJson<'r>(&'r [Analysis]);

impl Serialize for AnalysisJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for a in self.0 {
            seq.serialize_element(&OneAnalysis(a))?;
        }
        seq.end()
    }
}

struct OneAnalysis<'r>(&'r Analysis);

impl Serialize for OneAnalysis<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("kind", analysis_kind(self.0))?;
        m.serialize_entry("reason", &Collect(&AnalysisLabel(self.0)))?;
        m.end()
    }
}

/// Plain-words notes on the packet's place in its conversation.
struct NotesJson<'r>(&'r PacketInfo);

impl Serialize for NotesJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let info = self.0;
        let mut seq = s.serialize_seq(None)?;
        if let Some(step) = info.udp {
            seq.serialize_element(&Collect(&UdpLabel(step)))?;
        }
        if info.icmp_error {
            seq.serialize_element(&Collect(&format_args!(
                "ICMP error about conversation {}",
                info.conn
            )))?;
        }
        if info.first
            && info
                .tcp
                .as_ref()
                .is_some_and(|t| t.step.is_none() && t.before == t.after)
        {
            seq.serialize_element("mid-stream: the handshake was not captured")?;
        }
        seq.end()
    }
}

/// `{"type":"conn"}`: one record per conversation.
pub(super) struct ConnJson<'r>(pub &'r Conversation);

impl Serialize for ConnJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("type", "conn")?;
        m.serialize_entry("id", &c.id)?;
        m.serialize_entry("proto", c.proto.name())?;
        m.serialize_entry("client", &EndpointJson(&c.client))?;
        m.serialize_entry("server", &EndpointJson(&c.server))?;
        m.serialize_entry("roles_by", c.role_reason.name())?;
        let transport = match c.proto {
            crate::track::Proto::Tcp => port::Transport::Tcp,
            crate::track::Proto::Udp => port::Transport::Udp,
        };
        m.serialize_entry("service", &port::service(c.server.port, transport))?;
        m.serialize_entry("conn_state", c.conn_state())?;
        m.serialize_entry("history", c.history())?;
        m.serialize_entry("handshake", c.handshake_verdict())?;
        m.serialize_entry("teardown", &c.teardown_verdict())?;
        m.serialize_entry("packets", &TwoWay(c.packets))?;
        m.serialize_entry("bytes", &TwoWay(c.bytes))?;
        m.serialize_entry("payload", &TwoWay(c.payload))?;
        m.serialize_entry("first_frame", &c.first_frame)?;
        m.serialize_entry("last_frame", &c.last_frame)?;
        m.serialize_entry("first_ts", &Collect(&c.first_ts))?;
        m.serialize_entry("last_ts", &Collect(&c.last_ts))?;
        m.serialize_entry("duration", &Collect(&c.last_ts.since(c.first_ts)))?;
        m.serialize_entry("icmp_errors", &c.icmp_errors)?;
        if let Some(u) = &c.udp {
            m.serialize_entry("requests", &u.requests)?;
            m.serialize_entry("responses", &u.responses)?;
        }
        m.end()
    }
}

struct EndpointJson<'r>(&'r crate::track::Endpoint);

impl Serialize for EndpointJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("addr", &self.0.addr)?;
        m.serialize_entry("port", &self.0.port)?;
        m.serialize_entry("port_class", port::classify(self.0.port).label())?;
        m.serialize_entry("addr_kind", address::short_label(self.0.addr))?;
        m.end()
    }
}

struct TwoWay([u64; 2]);

impl Serialize for TwoWay {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("c2s", &self.0[0])?;
        m.serialize_entry("s2c", &self.0[1])?;
        m.end()
    }
}
