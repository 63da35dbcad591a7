//! The packet list: every frame of the input, in conversations or not (ARP, ICMP echo, what
//! no tracker follows), one line each, with go-to-frame and search by text. The lines are
//! decoded again from the bytes of the frames shown; nothing but a [`FrameEntry`] is kept
//! per frame.

use std::fmt::Write as _;

use crate::decode::names::{arp_op, icmp_type};
use crate::decode::{Net, Packet, Transport, decode};

use super::action::Action;
use super::app::{App, PacketView, Screen};
use super::model::FrameEntry;
use super::view::layout;
use crate::annotate::fields::{Tracked, fields, reassembled_fields};

/// Which prompt is being typed into at the foot of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prompt {
    /// A frame number, then Enter.
    Goto,
    /// Text to look for in the lines, then Enter.
    Search,
}

/// The packet list's state.
#[derive(Debug, Clone, Default)]
pub struct PacketListState {
    /// Index into `App::frames`.
    pub selected: usize,
    /// First index shown.
    pub top: usize,
    pub prompt: Option<Prompt>,
    /// What is typed at the prompt.
    pub input: String,
    /// The text the last search looked for (`>` and `<` look for it again).
    pub search: String,
    /// What the last go-to or search found (or did not).
    pub message: Option<String>,
    /// The lines shown, decoded when the selection or the terminal changes: (index, text).
    pub shown: Vec<(usize, String)>,
    /// The event filter (`o`): only frames of this kind are listed.
    pub only: Option<crate::render::OnlyKind>,
}

/// The list's line for a frame: protocol, addresses, what it is.
pub fn line(packet: &Packet<'_>, len: u32) -> String {
    let mut s = String::new();
    let addrs = packet.ip_addrs();
    match (&packet.net, &packet.transport) {
        (_, Some(Transport::Tcp(t))) => {
            let (src, dst) = addrs.unzip();
            let _ = write!(
                s,
                "TCP   {} → {}  {} len={} seq={} ack={} win={}",
                endpoint(src, t.sport),
                endpoint(dst, t.dport),
                t.flags,
                t.payload_len,
                t.seq,
                t.ack,
                t.window
            );
        }
        (_, Some(Transport::Udp(u))) => {
            let (src, dst) = addrs.unzip();
            let _ = write!(
                s,
                "UDP   {} → {}  len={}",
                endpoint(src, u.sport),
                endpoint(dst, u.dport),
                u.len.saturating_sub(8)
            );
        }
        (_, Some(Transport::Icmp(i))) => {
            let name = if i.version == 6 { "ICMP6" } else { "ICMP " };
            let (src, dst) = addrs.map_or((String::new(), String::new()), |(a, b)| {
                (a.to_string(), b.to_string())
            });
            let _ = write!(
                s,
                "{name} {src} → {dst}  {}",
                icmp_type(i.version, i.icmp_type)
            );
            if is_echo(i.version, i.icmp_type) {
                let [a, b, c, d] = i.rest;
                let _ = write!(
                    s,
                    " id={} seq={}",
                    u16::from_be_bytes([a, b]),
                    u16::from_be_bytes([c, d])
                );
            } else {
                let _ = write!(s, " (type {}, code {})", i.icmp_type, i.code);
            }
        }
        (Some(Net::Arp(a)), None) => {
            let _ = write!(s, "ARP   {}", arp_op(a.op));
            if let Some((sender, target)) = a.ipv4_addrs() {
                let _ = write!(s, " {sender} → {target}, sender {}", a.sender_hw);
            }
        }
        (Some(Net::Ipv4(ip)), None) => {
            let _ = write!(s, "IPv4  {} → {}  protocol {}", ip.src, ip.dst, ip.proto);
        }
        (Some(Net::Ipv6(ip)), None) => {
            let _ = write!(
                s,
                "IPv6  {} → {}  next header {}",
                ip.src, ip.dst, ip.next_header
            );
        }
        (None, None) => {
            let _ = write!(s, "?     {len} bytes the decoder does not know");
        }
    }
    if let Some(issue) = packet.issues.first() {
        let _ = write!(s, "  [problem: {}]", issue.kind);
    }
    s
}

fn endpoint(addr: Option<std::net::IpAddr>, port: u16) -> String {
    match addr {
        Some(std::net::IpAddr::V6(a)) => format!("[{a}]:{port}"),
        Some(a) => format!("{a}:{port}"),
        None => format!(":{port}"),
    }
}

/// ICMP echo request or reply (v4 types 8 and 0, v6 128 and 129).
fn is_echo(version: u8, icmp_type: u8) -> bool {
    matches!((version, icmp_type), (4, 0 | 8) | (6, 128 | 129))
}

impl App {
    /// The line for `entry` from its bytes, or why they could not be read. The frame that
    /// completed an IP datagram shows the datagram's transport layer, and from which frames
    /// it was put back together, as `read` shows it.
    pub fn line_of(&self, entry: &FrameEntry) -> String {
        let bytes = match self.store.read_at(entry.at, entry.caplen) {
            Ok(b) => b,
            Err(e) => {
                let reason = e.to_string();
                let text = self
                    .lang
                    .text("tui-line-unreadable", &[("reason", &reason)]);
                return format!("({text})");
            }
        };
        let mut packet = decode(entry.link_type, &bytes, entry.len);
        // A wrong checksum is among the issues the line shows, as in `read`.
        crate::decode::checksum::check(&mut packet, &bytes);
        match self.redo_datagram(entry.frame) {
            Some(r) => {
                let whole = r.with_transport(packet);
                format!("{}  [{}]", line(&whole, entry.len), r.label)
            }
            None => line(&packet, entry.len),
        }
    }
}

/// Whether `text` contains every word of `query`, ignoring case.
pub fn matches(text: &str, query: &str) -> bool {
    let text = text.to_lowercase();
    query
        .split_whitespace()
        .all(|w| text.contains(&w.to_lowercase()))
}

impl App {
    /// Applies `action` on the packet list; `false` when the common handling applies.
    pub(super) fn packet_list_update(&mut self, action: &Action) -> bool {
        let typing = self.packets.prompt.is_some();
        match action {
            Action::Back if self.help => return false,
            Action::Back if typing => {
                self.packets.prompt = None;
                self.packets.input.clear();
            }
            Action::Back | Action::Packets => {
                self.screen = Screen::Conversations;
                self.packet = None;
            }
            Action::Move(d) => self.select_frame(*d),
            Action::Page(d) => {
                let page = layout::body_lines(layout::packets(self.area()).list, 1).max(1);
                self.select_frame(d.saturating_mul(page as isize));
            }
            Action::First => self.select_frame(isize::MIN / 2),
            Action::Last => self.select_frame(isize::MAX / 2),
            Action::StartFilter => self.start_prompt(Prompt::Search, None),
            Action::StartGoto(c) => self.start_prompt(Prompt::Goto, *c),
            Action::FilterChar(c) if typing => {
                if self.packets.prompt == Some(Prompt::Search) || c.is_ascii_digit() {
                    self.packets.input.push(*c);
                }
            }
            Action::FilterBackspace if typing => {
                self.packets.input.pop();
            }
            Action::Submit => self.submit(),
            Action::Match(forward) => self.find(*forward),
            Action::Open => self.open_frame(),
            Action::CycleOnly => self.cycle_only(),
            _ => return false,
        }
        true
    }

    /// Opens the selected frame's conversation at that frame, if one holds it.
    fn open_frame(&mut self) {
        let Some(n) = self.frames.get(self.packets.selected).map(|f| f.frame) else {
            return;
        };
        // Each conversation's rows are in frame order: a binary search in each.
        let found = self.convs.iter().find_map(|v| {
            let (mut lo, mut hi) = (0, v.len());
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                match v.row(mid).map(|r| r.frame) {
                    Some(f) if f < n => lo = mid + 1,
                    Some(f) if f == n => return Some((v.conv.id, mid)),
                    _ => hi = mid,
                }
            }
            None
        });
        match found {
            Some((id, step)) => self.open_at(id, step),
            None => {
                let n = n.to_string();
                let m = self
                    .lang
                    .text("tui-packets-no-conversation", &[("frame", &n)]);
                self.packets.message = Some(m);
            }
        }
    }

    /// Shows the packet list.
    pub(super) fn show_packets(&mut self) {
        self.screen = Screen::Packets;
        self.packet = None;
    }

    fn start_prompt(&mut self, prompt: Prompt, first: Option<char>) {
        self.packets.prompt = Some(prompt);
        self.packets.input = first.map(String::from).unwrap_or_default();
        self.packets.message = None;
    }

    pub(super) fn select_frame(&mut self, d: isize) {
        if self.packets.only.is_some() {
            self.packets.selected = self.kept_from(self.packets.selected, d);
            return;
        }
        let last = self.frames.len().saturating_sub(1);
        self.packets.selected = self.packets.selected.saturating_add_signed(d).min(last);
    }

    fn submit(&mut self) {
        let input = std::mem::take(&mut self.packets.input);
        match self.packets.prompt.take() {
            Some(Prompt::Goto) => self.go_to(&input),
            Some(Prompt::Search) => {
                self.packets.search = input;
                self.find(true);
            }
            None => {}
        }
    }

    /// Selects frame `number`, or the first after it when a filter left it out.
    fn go_to(&mut self, number: &str) {
        let Ok(n) = number.parse::<u64>() else {
            let input = format!("{number:?}");
            let m = self
                .lang
                .text("tui-packets-not-a-number", &[("input", &input)]);
            self.packets.message = Some(m);
            return;
        };
        let i = self.frames.partition_point(|f| f.frame < n);
        match self.frames.get(i) {
            Some(f) if f.frame == n => {
                self.packets.selected = i;
                self.packets.message = None;
            }
            Some(f) => {
                self.packets.selected = i;
                let (n, next) = (n.to_string(), f.frame.to_string());
                let m = self
                    .lang
                    .text("tui-packets-next", &[("frame", &n), ("next", &next)]);
                self.packets.message = Some(m);
            }
            None => {
                let last = self.frames.last().map_or(0, |f| f.frame);
                let (n, last) = (n.to_string(), last.to_string());
                let m = self
                    .lang
                    .text("tui-packets-past-last", &[("frame", &n), ("last", &last)]);
                self.packets.message = Some(m);
            }
        }
    }

    /// Selects the next (or previous) frame whose line holds the search's words, going
    /// round the end once.
    fn find(&mut self, forward: bool) {
        let query = self.packets.search.clone();
        if query.trim().is_empty() {
            self.packets.message = Some(self.lang.text("tui-packets-no-search", &[]));
            return;
        }
        let n = self.frames.len();
        let from = self.packets.selected;
        for k in 1..=n {
            let i = if forward {
                (from + k) % n
            } else {
                (from + n - k % n) % n
            };
            let Some(entry) = self.frames.get(i).copied() else {
                break;
            };
            let text = self.line_of(&entry);
            if matches(&text, &query) {
                self.packets.selected = i;
                let wrapped = if forward { i <= from } else { i >= from };
                let id = if wrapped {
                    "tui-packets-match-wrapped"
                } else {
                    "tui-packets-match"
                };
                let (frame, query) = (entry.frame.to_string(), format!("{query:?}"));
                let m = self.lang.text(id, &[("frame", &frame), ("query", &query)]);
                self.packets.message = Some(m);
                return;
            }
        }
        let query = format!("{query:?}");
        let m = self.lang.text("tui-packets-no-match", &[("query", &query)]);
        self.packets.message = Some(m);
    }

    /// Scrolls to the selection, decodes the lines shown, and reads the selected frame's
    /// packet pane again when the selection changed.
    pub(super) fn refresh_packets(&mut self) {
        let rows = layout::body_lines(layout::packets(self.area()).list, 1).max(1);
        let p = &mut self.packets;
        p.selected = p.selected.min(self.frames.len().saturating_sub(1));
        if p.selected < p.top {
            p.top = p.selected;
        } else if p.selected >= p.top + rows {
            p.top = p.selected + 1 - rows;
        }
        if p.only.is_some() {
            // The selection in view: `top` moves up to it, or down until it is among the
            // first `rows` frames kept.
            if self
                .kept_lines(self.packets.top, rows)
                .last()
                .is_some_and(|l| *l < self.packets.selected)
            {
                self.packets.top = self.kept_from(self.packets.selected, 1 - rows as isize);
            }
        }
        let p = &mut self.packets;
        let (top, selected) = (p.top, p.selected);
        let mut shown = Vec::with_capacity(rows);
        let lines: Vec<usize> = if p.only.is_some() {
            self.kept_lines(top, rows)
        } else {
            (top..(top + rows).min(self.frames.len())).collect()
        };
        for i in lines {
            if let Some(entry) = self.frames.get(i).copied() {
                shown.push((i, self.line_of(&entry)));
            }
        }
        self.packets.shown = shown;
        let Some(entry) = self.frames.get(selected).copied() else {
            self.packet = None;
            return;
        };
        if self.packet.as_ref().is_none_or(|v| v.frame != entry.frame) {
            self.packet = Some(self.frame_view(&entry));
        }
    }

    fn frame_view(&mut self, entry: &FrameEntry) -> PacketView {
        match self.store.read(entry.at, entry.caplen) {
            Ok(bytes) => {
                let mut packet = decode(entry.link_type, &bytes, entry.len);
                crate::decode::checksum::check(&mut packet, &bytes);
                let mut fields = fields(
                    &packet,
                    bytes.len(),
                    entry.len,
                    Tracked::default(),
                    self.encoding,
                );
                if let Some(r) = self.redo_datagram(entry.frame) {
                    let whole = r.with_transport(packet);
                    let (label, tracked) = (&r.label, Tracked::default());
                    fields.extend(reassembled_fields(&whole, label, tracked, self.encoding));
                }
                PacketView {
                    frame: entry.frame,
                    fields,
                    raw: None,
                    error: None,
                    bytes,
                }
            }
            Err(e) => PacketView {
                frame: entry.frame,
                bytes: Vec::new(),
                fields: Vec::new(),
                raw: None,
                error: Some(format!(
                    "frame {} could not be read again: {e}",
                    entry.frame
                )),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use etherparse::PacketBuilder;

    use super::*;
    use crate::capture::LinkType;

    #[test]
    fn an_icmp_echo_line_names_its_id_and_sequence() {
        let b = PacketBuilder::ethernet2([2; 6], [4; 6])
            .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .icmpv4_echo_request(7, 3);
        let mut v = Vec::new();
        b.write(&mut v, b"ping").unwrap_or_else(|e| panic!("{e}"));
        let len = u32::try_from(v.len()).unwrap_or(0);
        let text = line(&decode(LinkType::ETHERNET, &v, len), len);
        assert!(
            text.starts_with("ICMP  10.0.0.1 → 10.0.0.2  echo"),
            "{text}"
        );
        assert!(text.ends_with("id=7 seq=3"), "{text}");
        assert!(matches(&text, "echo 10.0.0.2"));
        assert!(!matches(&text, "echo tcp"));
    }
}
