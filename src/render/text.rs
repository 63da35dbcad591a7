//! One line per packet, readable at a glance:
//!
//! ```text
//!     1    0.000000  127.0.0.1:50396 → 127.0.0.1:8001  TCP SYN  seq=95980243 win=65495 len=0 [mss 65495,sackOK,TS 1131021154:0,nop,wscale 7]
//! ```

use std::io::{self, Write};
use std::net::IpAddr;

use anstyle::Style;

use super::cache::FragmentCache;
use super::line;
use super::style::Palette;
use super::{CallNote, Dump, FileInfo, Record, Renderer, TimeFormat};
use crate::annotate::fragments;
use crate::annotate::lang::Lang;
use crate::annotate::text::Encoding;
use crate::annotate::words::{StatesNamed, analysis_short, udp_label};
use crate::annotate::{address, app, port, words};
use crate::decode::checksum::Verdict;
use crate::decode::{
    Arp, Icmp, IssueKind, Link, Net, Packet, Quoted, Tcp, TcpFlags, TcpOption, Transport, Wlan,
    names,
};
use crate::defrag::{DefragNote, FragmentFate, Incomplete};
use crate::track::{Dir, PacketInfo, Role, TcpInfo, WindowScale};

/// Writes the text format.
pub struct TextRenderer {
    time: TimeFormat,
    palette: Palette,
    verbose: bool,
    /// tcpdump's `-S`: sequence, acknowledgement and SACK numbers as on the wire.
    absolute: bool,
    /// tcpdump's `-e`: the link-layer header (MAC addresses, EtherType) on every line.
    link_header: bool,
    /// `-L`: the packet's layers under its line.
    layers: bool,
    /// The language of the step labels and state names.
    lang: Lang,
    line: Vec<u8>,
    /// `-A`, `-x`, `-X`: what is shown under each packet line, and how text is decoded.
    dump: (Dump, Encoding),
    /// "src:port → dst:port" per conversation direction.
    endpoints: FragmentCache<EndpointPair, 112>,
    /// The flags column ("PSH-ACK", styled and padded), per flag combination.
    flags: FragmentCache<u16, 48>,
}

/// The values an endpoint pair's text is built from.
type EndpointPair = (IpAddr, u16, IpAddr, u16);

impl TextRenderer {
    pub fn new(time: TimeFormat, color: bool) -> TextRenderer {
        TextRenderer {
            time,
            palette: Palette::new(color),
            verbose: false,
            absolute: false,
            link_header: false,
            layers: false,
            lang: Lang::En,
            line: Vec::new(),
            dump: (Dump::None, Encoding::Utf8),
            endpoints: FragmentCache::default(),
            flags: FragmentCache::default(),
        }
    }

    /// The language of the words after a packet's fields: steps, states, findings, notes.
    pub fn lang(mut self, lang: Lang) -> TextRenderer {
        self.lang = lang;
        self
    }

    /// Under each conversation's first packet, explain its addresses and ports.
    pub fn verbose(mut self, on: bool) -> TextRenderer {
        self.verbose = on;
        self
    }

    /// Sequence numbers as on the wire (tcpdump's `-S`) instead of relative ones.
    pub fn absolute_seq(mut self, on: bool) -> TextRenderer {
        self.absolute = on;
        self
    }

    /// The link-layer header on every line (tcpdump's `-e`).
    pub fn link_header(mut self, on: bool) -> TextRenderer {
        self.link_header = on;
        self
    }

    /// The packet's layers under its line (`-L`): rows and the nesting line.
    pub fn layers(mut self, on: bool) -> TextRenderer {
        self.layers = on;
        self
    }

    /// The payload or the packet's bytes under each line (tcpdump's `-A`, `-x`, `-X`).
    pub fn dump(mut self, dump: Dump, encoding: Encoding) -> TextRenderer {
        self.dump = (dump, encoding);
        self
    }

    fn explain_endpoints(
        &self,
        out: &mut Vec<u8>,
        r: &Record<'_, '_>,
        info: &PacketInfo,
    ) -> io::Result<()> {
        let Some((src, dst)) = r.packet.ip_addrs() else {
            return Ok(());
        };
        let (sport, dport, transport) = match &r.packet.transport {
            Some(Transport::Tcp(t)) => (t.sport, t.dport, port::Transport::Tcp),
            Some(Transport::Udp(u)) => (u.sport, u.dport, port::Transport::Udp),
            _ => return Ok(()),
        };
        let (client, server) = match info.dir {
            Dir::C2S => ((src, sport), (dst, dport)),
            Dir::S2C => ((dst, dport), (src, sport)),
        };
        let lang = self.lang;
        for (role, (addr, p), why) in [
            (Role::Client, client, "verbose-client-port"),
            (Role::Server, server, "verbose-server-port"),
        ] {
            let role = words::role_word(lang, role);
            let (addr, what) = (addr.to_string(), address::label_word(lang, addr));
            let args = [("role", role), ("addr", addr.as_str()), ("what", what)];
            writeln!(out, "        {}", lang.text("verbose-address", &args))?;
            let what = port::describe(p, transport).explain(lang, true);
            let args = [("role", role), ("why", lang.word(why)), ("what", &what)];
            writeln!(out, "        {}", lang.text("verbose-port", &args))?;
        }
        Ok(())
    }
}

/// With `-v`, under a conversation's first packet: checksums that are neither right nor wrong
/// (left to the NIC, cut by the capture), which the packet lines do not flag.
fn explain_checksums(out: &mut Vec<u8>, r: &Record<'_, '_>, lang: Lang) -> io::Result<()> {
    let what = match r.packet.transport {
        Some(Transport::Udp(_)) => "UDP",
        _ => "TCP",
    };
    for (what, v) in [
        (lang.word("checksum-what-ipv4-header"), r.checksums.ip),
        (what, r.checksums.transport),
    ] {
        if let Some(note) = v
            .filter(|v| !matches!(v, Verdict::Bad { .. }))
            .and_then(|v| words::checksum_note(lang, what, v))
        {
            writeln!(out, "        {note}")?;
        }
    }
    Ok(())
}

/// Text between a style's escape and its reset (nothing extra when colour is off).
struct Styled<'t, T: ?Sized>(Style, &'t T);

impl<T: std::fmt::Display + ?Sized> std::fmt::Display for Styled<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}{:#}", self.0, self.1, self.0)
    }
}

impl Renderer for TextRenderer {
    fn file_start(&mut self, out: &mut dyn Write, file: &FileInfo<'_>) -> io::Result<()> {
        if file.several {
            writeln!(out, "== {} ({})", file.path.display(), file.link_type)?;
        }
        Ok(())
    }

    fn packet(&mut self, sink: &mut dyn Write, r: &Record<'_, '_>) -> io::Result<()> {
        // The line is built in a reused buffer and written in one call: many small writes
        // through `dyn Write` cost a call each.
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        let result = self.line_into(&mut line, r);
        let written = result.and_then(|()| sink.write_all(&line));
        self.line = line;
        written
    }

    fn datagram_given_up(&mut self, sink: &mut dyn Write, d: &Incomplete) -> io::Result<()> {
        let text = format!("[{}]", fragments::incomplete(self.lang, d));
        writeln!(sink, "      {}", Styled(self.palette.problem, &text))
    }

    fn notes(&mut self, sink: &mut dyn Write, notes: &[CallNote]) -> io::Result<()> {
        let mut lines = Vec::new();
        self.call_lines(&mut lines, notes);
        sink.write_all(&lines)
    }
}

impl TextRenderer {
    fn line_into(&mut self, out: &mut Vec<u8>, r: &Record<'_, '_>) -> io::Result<()> {
        let p = self.palette;
        self.call_lines(out, r.calls);
        line::style_on(out, p.dim);
        line::num_right(out, r.number, 5);
        line::style_off(out, p.dim);
        out.push(b' ');
        if self.time != TimeFormat::None {
            self.time.write(out, r)?;
            out.write_all(b"  ")?;
        }
        if let Some(k) = r.kernel {
            // The lab's `--kernel-states` column: the kernel's view, beside the packet's.
            line::style_on(out, p.dim);
            out.extend_from_slice(k.column.as_bytes());
            line::style_off(out, p.dim);
            out.extend_from_slice(b"  ");
        }
        if self.link_header {
            link_header(out, &r.packet.link, r.frame.len)?;
        }
        for id in &r.packet.vlan {
            write!(out, "vlan {id} ")?;
        }
        self.body(out, r.packet, r.info)?;
        if let Some(info) = r.info {
            self.annotation(out, info)?;
        }
        if let Some(msg) = r.app {
            // After the TCP/UDP annotation, on the packet's line, as tcpdump puts DNS.
            out.extend_from_slice(b"  ");
            line::style_on(out, p.app);
            out.extend_from_slice(app::line(self.lang, msg, self.dump.1).as_bytes());
            line::style_off(out, p.app);
        }
        if let Some(note) = r.defrag {
            defrag_words(out, p, note, self.lang)?;
        }
        if r.frame.caplen() < r.frame.len {
            write!(
                out,
                " [captured {} of {} bytes]",
                r.frame.caplen(),
                r.frame.len
            )?;
        }
        for issue in &r.packet.issues {
            if let IssueKind::BadChecksum { .. } = issue.kind {
                // Well formed, but damaged on the way (or forged).
                write!(
                    out,
                    " {}",
                    Styled(p.problem, &format_args!("[{}]", issue.kind))
                )?;
                continue;
            }
            let text = format_args!(
                "[malformed {} @{}: {}]",
                issue.layer.name(),
                issue.offset,
                issue.kind
            );
            write!(out, " {}", Styled(p.problem, &text))?;
        }
        if r.frame.ts_fixed {
            let text = format_args!("[{}]", IssueKind::TimestampCarried);
            write!(out, " {}", Styled(p.problem, &text))?;
        }
        out.write_all(b"\n")?;
        for d in r
            .kernel
            .map(|k| k.differences.as_slice())
            .unwrap_or_default()
        {
            out.extend_from_slice(b"        ");
            line::style_on(out, p.problem);
            out.extend_from_slice(d.as_bytes());
            line::style_off(out, p.problem);
            out.push(b'\n');
        }
        if self.verbose
            && let Some(info) = r.info.filter(|i| i.first)
        {
            self.explain_endpoints(out, r, info)?;
            explain_checksums(out, r, self.lang)?;
        }
        if self.layers {
            super::layers::write_text(out, self.lang, r);
            super::sides::write_text(out, self.lang, r);
        }
        super::hexdump::write(out, self.dump.0, self.dump.1, r.frame, r.packet);
        Ok(())
    }
}

impl TextRenderer {
    /// The lab's socket calls, one indented line each: `      ↳ client  connect(…) → SYN`
    /// (the side in the reader's words, padded by display width).
    fn call_lines(&self, out: &mut Vec<u8>, calls: &[CallNote]) {
        for c in calls {
            out.extend_from_slice("      ↳ ".as_bytes());
            line::style_on(out, self.palette.dim);
            let side = words::role_word(self.lang, c.side);
            out.extend_from_slice(side.as_bytes());
            line::pad(
                out,
                6usize.saturating_sub(unicode_width::UnicodeWidthStr::width(side)),
            );
            line::style_off(out, self.palette.dim);
            out.extend_from_slice(b"  ");
            line::style_on(out, self.palette.step);
            out.extend_from_slice(c.text.as_bytes());
            line::style_off(out, self.palette.step);
            out.push(b'\n');
        }
    }

    fn body(
        &mut self,
        out: &mut Vec<u8>,
        packet: &Packet<'_>,
        info: Option<&PacketInfo>,
    ) -> io::Result<()> {
        let p = self.palette;
        match &packet.net {
            Some(Net::Arp(arp)) => self.arp(out, &packet.link, arp),
            Some(net) => {
                let (src, dst) = packet.ip_addrs().unwrap_or((
                    std::net::Ipv4Addr::UNSPECIFIED.into(),
                    std::net::Ipv4Addr::UNSPECIFIED.into(),
                ));
                match &packet.transport {
                    Some(Transport::Tcp(t)) => {
                        self.endpoint_pair(out, info, (src, t.sport, dst, t.dport));
                        out.extend_from_slice(b"  ");
                        line::style_on(out, p.proto);
                        out.extend_from_slice(b"TCP");
                        line::style_off(out, p.proto);
                        out.push(b' ');
                        self.tcp(out, t, info.and_then(|i| i.tcp.as_ref()))
                    }
                    Some(Transport::Udp(u)) => {
                        self.endpoint_pair(out, info, (src, u.sport, dst, u.dport));
                        out.extend_from_slice(b"  ");
                        line::style_on(out, p.proto);
                        out.extend_from_slice(b"UDP");
                        line::style_off(out, p.proto);
                        out.extend_from_slice(b" len=");
                        line::num(out, u.payload_len);
                        Ok(())
                    }
                    Some(Transport::Icmp(i)) => {
                        write!(out, "{src} → {dst}  ")?;
                        icmp(out, p, i, self.lang)
                    }
                    None => {
                        write!(out, "{src} → {dst}  ")?;
                        ip_only(out, p, net)
                    }
                }
            }
            None => link_only(out, p, &packet.link),
        }
    }

    /// "src:port → dst:port", from the cache when the packet belongs to a conversation.
    fn endpoint_pair(&mut self, out: &mut Vec<u8>, info: Option<&PacketInfo>, pair: EndpointPair) {
        let (src, sport, dst, dport) = pair;
        let build = |out: &mut Vec<u8>| {
            line::endpoint(out, src, sport);
            out.extend_from_slice(" → ".as_bytes());
            line::endpoint(out, dst, dport);
        };
        match info {
            Some(i) => {
                let hint = i.conn.wrapping_mul(2) + i.dir.index() as u64;
                self.endpoints.write(out, hint, pair, build);
            }
            None => build(out),
        }
    }

    /// Steps, state changes and analysis findings after the packet's own fields.
    fn annotation(&self, out: &mut Vec<u8>, info: &PacketInfo) -> io::Result<()> {
        let p = self.palette;
        if let Some(t) = &info.tcp {
            if let Some(step) = &t.step {
                out.extend_from_slice(b"  ");
                line::style_on(out, p.step);
                out.extend_from_slice(words::step_label(self.lang, step).as_bytes());
                line::style_off(out, p.step);
            }
            let mut named = StatesNamed::default();
            for (i, role) in [Role::Client, Role::Server].into_iter().enumerate() {
                if t.before[i] != t.after[i] {
                    out.extend_from_slice(b"  ");
                    out.extend_from_slice(words::role_word(self.lang, role).as_bytes());
                    out.push(b' ');
                    out.extend_from_slice(named.name(self.lang, t.before[i]).as_bytes());
                    out.extend_from_slice("→".as_bytes());
                    out.extend_from_slice(named.name(self.lang, t.after[i]).as_bytes());
                }
            }
            for a in &t.analysis {
                out.push(b' ');
                line::style_on(out, p.problem);
                out.push(b'[');
                analysis_short(self.lang, a).write_to(out);
                out.push(b']');
                line::style_off(out, p.problem);
            }
        }
        if let Some(step) = info.udp {
            out.extend_from_slice(b"  ");
            line::style_on(out, p.step);
            udp_label(self.lang, step).write_to(out);
            line::style_off(out, p.step);
        }
        if info.icmp_error {
            let (head, tail) = self.lang.parts("icmp-error-about");
            out.extend_from_slice(b"  ");
            out.extend_from_slice(head.as_bytes());
            line::num(out, info.conn);
            out.extend_from_slice(tail.as_bytes());
        }
        Ok(())
    }

    fn tcp(&mut self, out: &mut Vec<u8>, t: &Tcp<'_>, info: Option<&TcpInfo>) -> io::Result<()> {
        let p = self.palette;
        let flags = t.flags;
        self.flags.write(out, u64::from(flags.0), flags.0, |out| {
            let style = if flags.has(TcpFlags::RST) {
                p.rst
            } else if flags.has(TcpFlags::SYN) {
                p.syn
            } else if flags.has(TcpFlags::FIN) {
                p.fin
            } else {
                Style::new()
            };
            line::style_on(out, style);
            line::text_left(out, &flags.as_text(), 7);
            line::style_off(out, style);
        });
        // Relative numbers once the connection is tracked, as Wireshark shows them.
        let (seq, ack) = match info {
            Some(i) if !self.absolute => (i.seq, i.ack),
            _ => (t.seq, t.ack),
        };
        out.extend_from_slice(b" seq=");
        line::num(out, seq);
        if t.flags.has(TcpFlags::ACK) {
            out.extend_from_slice(b" ack=");
            line::num(out, ack);
        }
        // The window in bytes once the scale is known (RFC 7323), as tshark's `Win=`.
        out.extend_from_slice(b" win=");
        match info {
            Some(i) => {
                line::num(out, i.window);
                if i.window_scale == WindowScale::Unknown {
                    // Said after a window whose scale factor is unknown (the handshake was
                    // not captured, so the field is shown as sent; tshark's scale -1).
                    out.push(b' ');
                    out.extend_from_slice(self.lang.word("window-scale-unknown").as_bytes());
                }
            }
            None => line::num(out, t.window),
        }
        out.extend_from_slice(b" len=");
        line::num(out, t.payload_len);
        if t.flags.has(TcpFlags::URG) {
            write!(out, " urg={}", t.urgent)?;
        }
        if !t.options.is_empty() {
            out.write_all(b" [")?;
            // SACK edges relative, as seq and ack are, once the connection is tracked.
            let sack = info.filter(|_| !self.absolute).map(|i| i.sack.as_slice());
            for (i, option) in t.options().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                write_option(out, &option, sack)?;
            }
            out.write_all(b"]")?;
        }
        Ok(())
    }

    fn arp(&self, out: &mut Vec<u8>, link: &Link, arp: &Arp) -> io::Result<()> {
        match link {
            Link::Ethernet { src, dst, .. } => write!(out, "{src} → {dst}  ")?,
            Link::Wlan(w) => {
                if let (Some(sa), Some(da)) = (w.sa(), w.da()) {
                    write!(out, "{sa} → {da}  ")?;
                }
            }
            _ => {}
        }
        let lang = self.lang;
        let op = match arp.op {
            1 => lang.word("arp-request"),
            2 => lang.word("arp-reply"),
            _ => names::arp_op(arp.op),
        };
        write!(out, "{} {op} ", Styled(self.palette.proto, &"ARP"))?;
        // tcpdump's words in English ("who-has", "is-at"); said in words in other languages.
        let said = match (arp.op, arp.ipv4_addrs()) {
            (1, Some((sender, target))) => {
                let (target, sender) = (target.to_string(), sender.to_string());
                lang.text("arp-who-has", &[("target", &target), ("sender", &sender)])
            }
            (2, Some((sender, _))) => {
                let (sender, mac) = (sender.to_string(), arp.sender_hw.to_string());
                lang.text("arp-is-at", &[("sender", &sender), ("mac", &mac)])
            }
            _ => {
                let (sender, target) = (arp.sender_hw.to_string(), arp.target_hw.to_string());
                lang.text("arp-hardware", &[("sender", &sender), ("target", &target)])
            }
        };
        out.write_all(said.as_bytes())
    }
}

fn write_endpoint(out: &mut Vec<u8>, addr: std::net::IpAddr, port: Option<u16>) -> io::Result<()> {
    match port {
        Some(port) => line::endpoint(out, addr, port),
        None => line::ip(out, addr),
    }
    Ok(())
}

fn write_option(
    out: &mut Vec<u8>,
    option: &TcpOption<'_>,
    relative_sack: Option<&[(u32, u32)]>,
) -> io::Result<()> {
    match option {
        TcpOption::EndOfList => out.write_all(b"eol"),
        TcpOption::Nop => out.write_all(b"nop"),
        TcpOption::Mss(v) => write!(out, "mss {v}"),
        TcpOption::WindowScale(s) => write!(out, "wscale {s}"),
        TcpOption::SackPermitted => out.write_all(b"sackOK"),
        TcpOption::Sack(blocks, n) => {
            out.write_all(b"sack")?;
            let raw = blocks.get(..usize::from(*n)).unwrap_or(blocks);
            for (l, r) in relative_sack.unwrap_or(raw) {
                write!(out, " {l}-{r}")?;
            }
            Ok(())
        }
        TcpOption::Timestamp { val, ecr } => write!(out, "TS val {val} ecr {ecr}"),
        TcpOption::Other { kind, data } => write!(out, "opt-{kind} len {}", data.len() + 2),
        TcpOption::Malformed { kind } => write!(out, "bad opt-{kind}"),
    }
}

fn icmp(out: &mut Vec<u8>, p: Palette, i: &Icmp<'_>, lang: Lang) -> io::Result<()> {
    let proto = if i.version == 4 { "ICMP" } else { "ICMPv6" };
    write!(
        out,
        "{} {}",
        Styled(p.proto, &proto),
        words::icmp_name(lang, names::icmp_type(i.version, i.icmp_type))
    )?;
    match names::icmp_code(i.version, i.icmp_type, i.code) {
        Some(code) => write!(out, " ({})", words::icmp_name(lang, code))?,
        None if i.code != 0 => {
            let (head, tail) = lang.parts("icmp-code");
            write!(out, " ({head}{}{tail})", i.code)?
        }
        None => {}
    }
    write!(out, " type={} code={}", i.icmp_type, i.code)?;
    if let Some((id, seq)) = i.echo_id_seq() {
        write!(out, " id={id} seq={seq}")?;
    }
    if let Some(q) = &i.quoted {
        write!(out, " {} ", lang.word("icmp-quoting"))?;
        quoted(out, q)?;
    }
    Ok(())
}

fn quoted(out: &mut Vec<u8>, q: &Quoted) -> io::Result<()> {
    write!(out, "{} ", names::ip_proto(q.proto))?;
    match q.ports {
        Some((sport, dport)) => {
            write_endpoint(out, q.src, Some(sport))?;
            out.write_all(" → ".as_bytes())?;
            write_endpoint(out, q.dst, Some(dport))
        }
        None => write!(out, "{} → {}", q.src, q.dst),
    }
}

fn ip_only(out: &mut Vec<u8>, p: Palette, net: &Net<'_>) -> io::Result<()> {
    match net {
        Net::Ipv4(ip) => {
            write!(
                out,
                "{} {} ({})",
                Styled(p.proto, &"IPv4"),
                names::ip_proto(ip.proto),
                ip.proto
            )?;
            if ip.is_fragment() {
                write!(out, " fragment id={:#06x} offset={}", ip.id, ip.frag_offset)?;
                if ip.more_fragments {
                    out.write_all(b" MF")?;
                }
            }
            write!(out, " len={}", ip.total_len)
        }
        Net::Ipv6(ip) => {
            write!(
                out,
                "{} {} ({})",
                Styled(p.proto, &"IPv6"),
                names::ip_proto(ip.proto),
                ip.proto
            )?;
            if let Some((offset, more, id)) = ip.fragment {
                write!(out, " fragment id={id:#010x} offset={offset}")?;
                if more {
                    out.write_all(b" MF")?;
                }
            }
            write!(out, " len={}", ip.payload_len)
        }
        Net::Arp(_) => Ok(()),
    }
}

/// `-e`: the addresses and type of the link-layer header, as tcpdump prints them before the
/// network layer ("02:00:00:00:00:01 → 02:00:00:00:00:02 IPv4 (0x0800) 74 bytes: ").
fn link_header(out: &mut Vec<u8>, link: &Link, wire_len: u32) -> io::Result<()> {
    let ether_type = |out: &mut Vec<u8>, t: u16| match names::ether_type(t) {
        Some(name) => write!(out, "{name} ({t:#06x})"),
        None => write!(out, "type {t:#06x}"),
    };
    match link {
        Link::Ethernet {
            src,
            dst,
            ether_type: t,
        } => {
            write!(out, "{src} → {dst} ")?;
            ether_type(out, *t)?;
        }
        Link::Sll { addr, protocol, .. } | Link::Sll2 { addr, protocol, .. } => {
            write!(out, "from {addr} ")?;
            ether_type(out, *protocol)?;
        }
        Link::Loopback { family } => write!(out, "loopback family {family}")?,
        Link::Wlan(w) => {
            // Source and destination by the ToDS/FromDS rules, and the BSS (tcpdump -e
            // shows the same three for a data frame).
            let mac = |m: Option<crate::decode::Mac>| m.map_or("?".to_owned(), |m| m.to_string());
            write!(
                out,
                "{} → {} BSSID {}",
                mac(w.sa()),
                mac(w.da()),
                mac(w.bssid())
            )?;
        }
        _ => return Ok(()),
    }
    write!(out, " {wire_len} bytes: ")
}

fn link_only(out: &mut Vec<u8>, p: Palette, link: &Link) -> io::Result<()> {
    match link {
        Link::Ethernet {
            src,
            dst,
            ether_type,
        } => {
            write!(
                out,
                "{src} → {dst}  {} type={ether_type:#06x}",
                Styled(p.proto, &"ETH")
            )?;
            if let Some(name) = names::ether_type(*ether_type) {
                write!(out, " ({name})")?;
            }
            Ok(())
        }
        Link::Sll { protocol, .. } | Link::Sll2 { protocol, .. } => {
            write!(out, "{} protocol={protocol:#06x}", Styled(p.proto, &"SLL"))
        }
        Link::Loopback { family } => {
            write!(out, "{} family={family}", Styled(p.proto, &"LOOPBACK"))
        }
        Link::Wlan(w) => wlan_only(out, p, w),
        Link::RawIp | Link::Missing => write!(out, "{}", Styled(p.proto, &"?")),
    }
}

/// An 802.11 frame that carries no IP: "SA → DA  802.11 Beacon bssid=… 2437 MHz -40 dBm",
/// or the receiver and transmitter of a control frame.
fn wlan_only(out: &mut Vec<u8>, p: Palette, w: &Wlan) -> io::Result<()> {
    match (w.sa().or(w.ta()), w.da().or(w.ra())) {
        (Some(src), Some(dst)) => write!(out, "{src} → {dst}  ")?,
        (None, Some(dst)) => write!(out, "→ {dst}  ")?,
        _ => {}
    }
    write!(out, "{} {}", Styled(p.proto, &"802.11"), w.kind_name())?;
    if let Some(bssid) = w.bssid() {
        write!(out, " bssid={bssid}")?;
    }
    if w.protected() {
        out.extend_from_slice(b" protected (encrypted body not decoded)");
    }
    if let Some(rt) = w.radiotap {
        if let Some(freq) = rt.freq {
            write!(out, " {freq} MHz")?;
        }
        if let Some(dbm) = rt.signal {
            write!(out, " {dbm} dBm")?;
        }
    }
    Ok(())
}

/// What reassembly said about an IP fragment's frame: the datagram it completed, and what
/// was wrong with the fragments.
fn defrag_words(out: &mut Vec<u8>, p: Palette, note: &DefragNote, lang: Lang) -> io::Result<()> {
    if let FragmentFate::Completed(r) = &note.fate {
        write!(out, " [{}]", fragments::reassembled(lang, r))?;
    }
    for finding in &note.findings {
        let text = format!("[{}]", fragments::finding(lang, finding));
        write!(out, " {}", Styled(p.problem, &text))?;
    }
    Ok(())
}
