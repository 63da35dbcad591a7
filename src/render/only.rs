//! `--only steps|findings|tcp|udp|icmp|arp`: the packet lines a student asked for, as Packet
//! Tracer's event list filter shows them. A filter after annotation (it needs the tracker's
//! steps and findings), so conversations are tracked and reported whole; only the packets
//! shown are fewer. A packet is shown when it matches any of the kinds asked for.

use std::io;

use super::{CallNote, FileInfo, Record, Renderer};
use crate::decode::{Net, Transport};
use crate::defrag::Incomplete;
use crate::reassemble::StreamEvent;
use crate::track::Conversation;

/// One kind of packet `--only` keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum OnlyKind {
    /// A step of a TCP handshake or teardown (or a refused connection, a SYN sent again).
    Steps,
    /// A TCP analysis finding, a malformed or damaged packet (or one whose timestamp was
    /// mended), an ICMP error about a conversation.
    Findings,
    Tcp,
    Udp,
    /// ICMP and ICMPv6.
    Icmp,
    Arp,
}

impl OnlyKind {
    /// Every kind, in the order the TUI cycles through them.
    pub const ALL: [OnlyKind; 6] = [
        OnlyKind::Steps,
        OnlyKind::Findings,
        OnlyKind::Tcp,
        OnlyKind::Udp,
        OnlyKind::Icmp,
        OnlyKind::Arp,
    ];

    pub fn name(self) -> &'static str {
        match self {
            OnlyKind::Steps => "steps",
            OnlyKind::Findings => "findings",
            OnlyKind::Tcp => "tcp",
            OnlyKind::Udp => "udp",
            OnlyKind::Icmp => "icmp",
            OnlyKind::Arp => "arp",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// The kinds asked for; empty lets every packet through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Only(u8);

impl Only {
    pub fn of(kinds: &[OnlyKind]) -> Only {
        Only(kinds.iter().fold(0, |m, k| m | k.bit()))
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn has(self, kind: OnlyKind) -> bool {
        self.0 & kind.bit() != 0
    }

    /// Whether the packet of `r` is shown.
    pub fn keeps(self, r: &Record<'_, '_>) -> bool {
        self.is_empty() || OnlyKind::ALL.iter().any(|k| self.has(*k) && is(*k, r))
    }
}

/// Whether the packet of `r` is of kind `kind`.
pub fn is(kind: OnlyKind, r: &Record<'_, '_>) -> bool {
    let tcp = r.info.and_then(|i| i.tcp.as_ref());
    match kind {
        OnlyKind::Steps => tcp.is_some_and(|t| t.step.is_some()),
        OnlyKind::Findings => {
            tcp.is_some_and(|t| !t.analysis.is_empty())
                || !r.packet.issues.is_empty()
                || r.frame.ts_fixed
                || r.info.is_some_and(|i| i.icmp_error)
        }
        OnlyKind::Tcp => matches!(r.packet.transport, Some(Transport::Tcp(_))),
        OnlyKind::Udp => matches!(r.packet.transport, Some(Transport::Udp(_))),
        OnlyKind::Icmp => matches!(r.packet.transport, Some(Transport::Icmp(_))),
        OnlyKind::Arp => matches!(r.packet.net, Some(Net::Arp(_))),
    }
}

/// A renderer that passes on only the packets `only` keeps, and everything else as is.
pub struct OnlyRenderer {
    inner: Box<dyn Renderer>,
    only: Only,
}

impl OnlyRenderer {
    pub fn new(inner: Box<dyn Renderer>, only: Only) -> OnlyRenderer {
        OnlyRenderer { inner, only }
    }
}

impl Renderer for OnlyRenderer {
    fn file_start(&mut self, out: &mut dyn io::Write, file: &FileInfo<'_>) -> io::Result<()> {
        self.inner.file_start(out, file)
    }

    fn packet(&mut self, out: &mut dyn io::Write, record: &Record<'_, '_>) -> io::Result<()> {
        if self.only.keeps(record) {
            self.inner.packet(out, record)
        } else {
            Ok(())
        }
    }

    fn conversation(&mut self, out: &mut dyn io::Write, conv: &Conversation) -> io::Result<()> {
        self.inner.conversation(out, conv)
    }

    fn flush(&mut self, out: &mut dyn io::Write) -> io::Result<()> {
        self.inner.flush(out)
    }

    fn input_end(&mut self, out: &mut dyn io::Write) -> io::Result<()> {
        self.inner.input_end(out)
    }

    fn stream(&mut self, out: &mut dyn io::Write, event: &StreamEvent) -> io::Result<()> {
        self.inner.stream(out, event)
    }

    fn datagram_given_up(&mut self, out: &mut dyn io::Write, d: &Incomplete) -> io::Result<()> {
        self.inner.datagram_given_up(out, d)
    }

    fn notes(&mut self, out: &mut dyn io::Write, notes: &[CallNote]) -> io::Result<()> {
        self.inner.notes(out, notes)
    }
}
