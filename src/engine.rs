//! The one engine: decode → track → [`Record`] for the frames of one input, handed to a
//! [`Renderer`], with IP fragments reassembled between decode and track (`crate::defrag`).
//! `read`, `capture`, the lab and the TUI all consume what it produces and never decode or
//! track a frame a second time (see docs/architecture.md, "Data path").

use std::io::{self, Write};

use crate::annotate::text::{Encoding, is_text};
use crate::capture::{RawFrame, Timestamp};
use crate::decode::app::{self, AppMessage};
use crate::decode::checksum::{self, Checksums};
use crate::decode::{Packet, Tcp, TcpFlags, Transport, decode, decode_transport};
use crate::defrag::{DefragLimits, DefragNote, Defragmenter, FragKey, FragmentFate};
use crate::reassemble::dns_tcp::{DnsOverTcp, DnsSegment};
use crate::reassemble::{Follow, StreamEvent};
use crate::render::{CallNote, KernelNote, Record, Renderer};
use crate::track::{Conversation, FlowKey, PacketInfo, SeqNum, Timeouts, Tracker};

/// decode → track → render for the frames of one input: the part every source (file, live
/// interface, lab) shares. Conversations and relative times live here, so one `Engine` is
/// one input's worth of state.
#[derive(Default)]
pub struct Engine {
    tracker: Tracker,
    first: Option<Timestamp>,
    previous: Option<Timestamp>,
    /// Frames given to the tracker: one per frame shown, so a test can check that a path
    /// tracks each packet once.
    tracked: u64,
    /// The conversation whose bytes are reassembled (`--follow`); none on other runs, so
    /// they reassemble nothing.
    follow: Option<Follow>,
    /// The reassembly's events for the current frame, reused.
    events: Vec<StreamEvent>,
    /// IP fragments waiting for the rest of their datagram (see [`Engine::fragment`]).
    defrag: Defragmenter,
    /// DNS messages over TCP waiting for their next segment (see [`Engine::dns_over_tcp`]).
    dns_tcp: DnsOverTcp,
    /// `--no-checksums`: IPv4, TCP and UDP checksums are not checked (on by default).
    skip_checksums: bool,
    /// The kernel's states for the next frame's record (`lab --kernel-states`), taken by it.
    kernel: Option<KernelNote>,
    /// The receiver's calls that returned the next frame's packet (the lab's and `run`'s),
    /// taken by its record.
    returned: Option<Vec<CallNote>>,
}

impl Engine {
    pub fn new() -> Engine {
        Engine::default()
    }

    /// An engine that also reassembles the bytes of conversation `conn` (its id as
    /// [`PacketInfo::conn`]) and gives them to [`Renderer::stream`].
    pub fn following(conn: Option<u64>) -> Engine {
        Engine {
            follow: conn.map(Follow::new),
            ..Engine::default()
        }
    }

    /// An engine with other limits than the defaults: the tracker's timeouts and the
    /// defragmenter's caps (short ones let a fuzzer or a test reach expiry and the caps with
    /// a few packets), following `conn` as [`Engine::following`] does.
    pub fn with_limits(timeouts: Timeouts, defrag: DefragLimits, conn: Option<u64>) -> Engine {
        Engine {
            tracker: Tracker::new(timeouts),
            defrag: Defragmenter::new(defrag),
            follow: conn.map(Follow::new),
            ..Engine::default()
        }
    }

    /// Gives the next frame's record the kernel's states of its endpoints (the lab's
    /// `--kernel-states`); the frame after it has none unless given again.
    pub fn kernel_note(&mut self, note: Option<KernelNote>) {
        self.kernel = note;
    }

    /// Gives the next frame's record the receiving program's calls that returned what it
    /// brought (the lab and `run`, which know the calls; an empty list: none did); the frame
    /// after it has none unless given again.
    pub fn returned_note(&mut self, calls: Option<Vec<CallNote>>) {
        self.returned = calls;
    }

    /// Leaves checksums unchecked (`--no-checksums`, Zeek's `-C`): for captures whose
    /// checksums are known to be left to the NIC, or to save the cost of summing each byte.
    pub fn without_checksums(mut self, skip: bool) -> Engine {
        self.skip_checksums = skip;
        self
    }

    /// Notes a frame that was read, shown or not: relative times count from the first one,
    /// as tshark's do even when a filter hides it.
    pub fn saw(&mut self, frame: &RawFrame<'_>) {
        self.first.get_or_insert(frame.ts);
    }

    /// Frames decoded and tracked so far.
    pub fn tracked(&self) -> u64 {
        self.tracked
    }

    /// The current state of the conversation filed under `key`, as of the last frame (a
    /// consumer that shows conversations while they run reads it; see [`LiveView`]).
    pub fn conversation(&self, key: &FlowKey) -> Option<&Conversation> {
        self.tracker.get(key)
    }

    /// Conversations held now.
    pub fn conversations_held(&self) -> usize {
        self.tracker.len()
    }

    /// Decodes, tracks and renders one frame, and reports the conversations that expired.
    pub fn frame(
        &mut self,
        frame: &RawFrame<'_>,
        renderer: &mut dyn Renderer,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        self.frame_with_calls(frame, &[], renderer, out)
    }

    /// [`Engine::frame`], with the socket calls shown just before the packet (the lab's).
    pub fn frame_with_calls(
        &mut self,
        frame: &RawFrame<'_>,
        calls: &[CallNote],
        renderer: &mut dyn Renderer,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        self.frame_commented(frame, calls, renderer, out, None)
    }

    /// [`Engine::frame_with_calls`], also putting into `comment` (when given) the words
    /// of the packet's pcapng comment ([`crate::annotate::words::packet_comment`]; empty
    /// when there is nothing to say).
    pub fn frame_commented(
        &mut self,
        frame: &RawFrame<'_>,
        calls: &[CallNote],
        renderer: &mut dyn Renderer,
        out: &mut dyn Write,
        comment: Option<&mut String>,
    ) -> io::Result<()> {
        let mut packet = decode(frame.link_type, frame.data, frame.len);
        let sums = if self.skip_checksums {
            Checksums::default()
        } else {
            checksum::check(&mut packet, frame.data)
        };
        if packet.fragment.is_some() {
            return self.fragment(frame, packet, sums, calls, renderer, out, comment);
        }
        if self.defrag.held() != 0 {
            self.defrag.expire(frame.ts);
        }
        self.track_and_render(frame, &packet, sums, calls, None, renderer, out, comment)
    }

    /// An IP fragment: handed to the defragmenter, and when it completes its datagram, the
    /// transport layer decoded from the reassembled payload and tracked on this frame (as
    /// tshark shows it). Not the common path, so it may move the defragmenter out of the
    /// engine while the packet borrows the payload it holds.
    #[cold]
    #[allow(clippy::too_many_arguments)]
    fn fragment(
        &mut self,
        frame: &RawFrame<'_>,
        packet: Packet<'_>,
        sums: Checksums,
        calls: &[CallNote],
        renderer: &mut dyn Renderer,
        out: &mut dyn Write,
        comment: Option<&mut String>,
    ) -> io::Result<()> {
        let mut packet = packet;
        let (Some(f), Some(key)) = (
            packet.fragment,
            packet.fragment.and_then(|f| FragKey::of(&packet, &f)),
        ) else {
            return self
                .track_and_render(frame, &packet, sums, calls, None, renderer, out, comment);
        };
        let mut defrag = std::mem::take(&mut self.defrag);
        let note = defrag.add(frame.number, frame.ts, key, &f);
        if let FragmentFate::Completed(done) = &note.fate {
            let (transport, issue) = decode_transport(done.proto, defrag.payload(), key.is_v6());
            packet.transport = transport;
            if let Some(issue) = issue {
                packet.push_issue(issue);
            }
        }
        let shown = self.track_and_render(
            frame,
            &packet,
            sums,
            calls,
            Some(&note),
            renderer,
            out,
            comment,
        );
        drop(packet);
        self.defrag = defrag;
        shown?;
        // Given up while this fragment was added (a timeout, a full table).
        for datagram in self.defrag.take_given_up() {
            renderer.datagram_given_up(out, &datagram)?;
        }
        Ok(())
    }

    /// Tracks a decoded frame, renders its record, and reports what expired.
    /// Inlined: it is the whole of an unfragmented frame's path, which must stay as it was
    /// before reassembly existed (a call of its own cost instructions per packet).
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn track_and_render(
        &mut self,
        frame: &RawFrame<'_>,
        packet: &Packet<'_>,
        sums: Checksums,
        calls: &[CallNote],
        defrag: Option<&DefragNote>,
        renderer: &mut dyn Renderer,
        out: &mut dyn Write,
        comment: Option<&mut String>,
    ) -> io::Result<()> {
        let first = *self.first.get_or_insert(frame.ts);
        let info = self
            .tracker
            .track_checked(frame.number, frame.ts, frame.len, packet, sums);
        self.tracked += 1;
        if let Some(c) = comment {
            match &info {
                Some(i) => crate::annotate::words::packet_comment(i, c),
                None => c.clear(),
            }
        }
        let kernel = self.kernel.take();
        let returned = self.returned.take();
        let app = match (dns_tcp_segment(packet), &info) {
            (Some(t), Some(i)) => self.dns_over_tcp(packet, t, i),
            _ => app_message(packet),
        };
        let record = Record {
            number: frame.number,
            frame,
            packet,
            since_first: frame.ts.since(first),
            since_previous: frame.ts.since(self.previous.unwrap_or(frame.ts)),
            info: info.as_ref(),
            calls,
            defrag,
            app: app.as_ref(),
            checksums: sums,
            kernel: kernel.as_ref(),
            returned: returned.as_deref(),
        };
        renderer.packet(out, &record)?;
        if let Some(info) = &info {
            self.reassemble(frame.number, info, packet, renderer, out)?;
        }
        for conv in self.tracker.take_expired() {
            if !self.dns_tcp.is_empty() {
                self.dns_tcp.forget(conv.id);
            }
            renderer.conversation(out, &conv)?;
        }
        if self.defrag.has_given_up() {
            for datagram in self.defrag.take_given_up() {
                renderer.datagram_given_up(out, &datagram)?;
            }
        }
        self.previous = Some(frame.ts);
        Ok(())
    }

    /// The application message of a TCP segment to or from port 53: the message it holds
    /// whole, or the one it completes with the segments before it (`reassemble::dns_tcp`).
    /// Never a text line: a piece of a DNS message may happen to be printable.
    #[cold]
    fn dns_over_tcp<'a>(
        &mut self,
        packet: &Packet<'a>,
        t: &Tcp<'a>,
        info: &PacketInfo,
    ) -> Option<AppMessage<'a>> {
        if let Some(whole) = app::parse(packet) {
            return Some(whole);
        }
        let seg = DnsSegment {
            conn: info.conn,
            from: info.dir.sender(),
            seq: SeqNum(t.seq).plus(u32::from(t.flags.has(TcpFlags::SYN))),
            payload: t.payload,
            declared: t.payload_len,
        };
        self.dns_tcp.segment(&seg).map(AppMessage::Dns)
    }

    /// Hands a packet of the followed conversation to the reassembly, and what can be
    /// placed to the renderer.
    fn reassemble(
        &mut self,
        number: u64,
        info: &PacketInfo,
        packet: &Packet<'_>,
        renderer: &mut dyn Renderer,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let Some(follow) = self.follow.as_mut() else {
            return Ok(());
        };
        // An ICMP error quoting the conversation carries none of its bytes.
        if info.conn != follow.conn() || info.icmp_error {
            return Ok(());
        }
        if !follow.started()
            && let Some(conv) = FlowKey::of_packet(packet).and_then(|k| self.tracker.get(&k))
        {
            follow.start(conv, &mut self.events);
        }
        follow.packet(number, info.dir.sender(), packet, &mut self.events);
        for event in self.events.drain(..) {
            renderer.stream(out, &event)?;
        }
        Ok(())
    }

    /// Reports every conversation still held, as at the end of the input.
    pub fn finish(mut self, renderer: &mut dyn Renderer, out: &mut dyn Write) -> io::Result<()> {
        for datagram in self.defrag.finish() {
            renderer.datagram_given_up(out, &datagram)?;
        }
        if let Some(follow) = self.follow.as_mut() {
            follow.finish(&mut self.events);
            for event in self.events.drain(..) {
                renderer.stream(out, &event)?;
            }
        }
        self.tracker
            .finish(|conv| renderer.conversation(out, &conv))?;
        renderer.input_end(out)
    }
}

/// A renderer that shows conversations while they run (the live TUI): besides the records,
/// it reads the engine's current state whenever output is flushed. The renderer holds no
/// tracker of its own; whoever drives the engine hands it over at flush time.
pub trait LiveView: Renderer {
    /// Output is flushed (the source went quiet, or [`LiveView::wants_flush`]): the
    /// conversations touched since the last flush are read from `engine` now.
    fn flush_with(&mut self, engine: &Engine, out: &mut dyn Write) -> io::Result<()>;

    /// Enough is waiting that it should be flushed even though more frames are ready.
    fn wants_flush(&self) -> bool {
        false
    }
}

/// The TCP layer of a segment to or from port 53 that carries data.
#[inline]
fn dns_tcp_segment<'p, 'a>(packet: &'p Packet<'a>) -> Option<&'p Tcp<'a>> {
    match &packet.transport {
        Some(Transport::Tcp(t)) if t.payload_len > 0 && (t.sport == 53 || t.dport == 53) => Some(t),
        _ => None,
    }
}

/// The application message a packet carries: what decode::app's port and shape rule finds,
/// or else the payload itself when it is printable text (read as UTF-8, what the tutorials'
/// programs send: `--encoding` changes how a view shows text, not which payloads are text).
/// A packet without payload costs one test.
#[inline]
fn app_message<'a>(packet: &Packet<'a>) -> Option<AppMessage<'a>> {
    let payload = app::payload(packet)?;
    app::parse(packet)
        .or_else(|| is_text(payload, Encoding::Utf8).then_some(AppMessage::Text(payload)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::LinkType;
    use crate::render::JsonRenderer;
    use crate::track::{MAX_CONVERSATIONS, Role};

    /// A SYN from 10.0.0.1:`sport` to 10.0.0.2:`dport`.
    fn syn(sport: u16, dport: u16) -> Vec<u8> {
        let b = etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .tcp(sport, dport, 1000, 65535)
            .syn();
        let mut bytes = Vec::with_capacity(b.size(0));
        b.write(&mut bytes, &[]).expect("build a SYN");
        bytes
    }

    /// The first of two IPv4 fragments of a UDP datagram (offset 0, MF), as an Ethernet frame.
    fn first_fragment() -> Vec<u8> {
        let b = etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .udp(5000, 53);
        let mut bytes = Vec::new();
        b.write(&mut bytes, &[0u8; 16]).expect("build a datagram");
        bytes.truncate(14 + 20 + 16);
        if let Some(len) = bytes.get_mut(14 + 2..14 + 4) {
            len.copy_from_slice(&36u16.to_be_bytes());
        }
        if let Some(flags) = bytes.get_mut(14 + 6) {
            *flags |= 0x20;
        }
        bytes
    }

    #[test]
    fn a_datagram_whose_rest_never_comes_is_reported_after_its_timeout() {
        let bytes = first_fragment();
        let mut engine = Engine::new();
        let mut renderer = JsonRenderer::new();
        let mut out = Vec::new();
        for (number, secs) in [(1, 0), (2, 31)] {
            let frame = RawFrame {
                number,
                link_type: LinkType::ETHERNET,
                ts: Timestamp {
                    secs: 1_700_000_000 + secs,
                    nanos: 0,
                },
                len: bytes.len() as u32,
                data: &bytes,
                ts_fixed: false,
            };
            engine
                .frame(&frame, &mut renderer, &mut out)
                .expect("write to a Vec");
        }
        renderer.flush(&mut out).expect("write to a Vec");
        let text = String::from_utf8_lossy(&out);
        let given_up: Vec<serde_json::Value> = text
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| v["type"] == "incomplete_datagram")
            .collect();
        assert_eq!(given_up.len(), 1, "{text}");
        assert_eq!(given_up[0]["reason"], "timeout");
        assert_eq!(given_up[0]["frames"], serde_json::json!([1]));
        assert_eq!(engine.defrag.held(), 1, "frame 2 waits on its own");
    }

    #[test]
    fn syn_flood_through_the_engine_holds_few_conversations_and_reports_them_all() {
        const SYNS: u16 = 30_000;
        let mut engine = Engine::new();
        let mut renderer = JsonRenderer::new();
        let mut out = Vec::new();
        let mut most = 0;
        for i in 0..SYNS {
            let bytes = syn(40_000, 1024 + i);
            let micros = i64::from(i) * 10;
            let frame = RawFrame {
                number: u64::from(i) + 1,
                link_type: LinkType::ETHERNET,
                ts: Timestamp {
                    secs: 1_700_000_000 + micros / 1_000_000,
                    nanos: u32::try_from(micros % 1_000_000).unwrap_or(0) * 1000,
                },
                len: bytes.len() as u32,
                data: &bytes,
                ts_fixed: false,
            };
            engine.saw(&frame);
            engine
                .frame(&frame, &mut renderer, &mut out)
                .expect("write to a Vec");
            most = most.max(engine.conversations_held());
        }
        assert_eq!(engine.tracked(), u64::from(SYNS));
        engine
            .finish(&mut renderer, &mut out)
            .expect("write to a Vec");
        renderer.flush(&mut out).expect("write to a Vec");
        assert!(most <= MAX_CONVERSATIONS, "{most} conversations held");
        let mut ids: Vec<u64> = String::from_utf8_lossy(&out)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| v["type"] == "conn")
            .filter_map(|v| v["id"].as_u64())
            .collect();
        ids.sort_unstable();
        let want: Vec<u64> = (1..=u64::from(SYNS)).collect();
        assert_eq!(ids, want, "one conn record per SYN");
    }

    /// A renderer that keeps the reassembly's events.
    #[derive(Default)]
    struct Streams(Vec<StreamEvent>);

    impl Renderer for Streams {
        fn file_start(
            &mut self,
            _out: &mut dyn Write,
            _file: &crate::render::FileInfo<'_>,
        ) -> io::Result<()> {
            Ok(())
        }
        fn packet(&mut self, _out: &mut dyn Write, _record: &Record<'_, '_>) -> io::Result<()> {
            Ok(())
        }
        fn stream(&mut self, _out: &mut dyn Write, event: &StreamEvent) -> io::Result<()> {
            self.0.push(event.clone());
            Ok(())
        }
    }

    /// Runs a client's data segment, the server's reply out of order and then its first
    /// part, through an engine following `follow`.
    fn follow_run(follow: Option<u64>) -> Vec<StreamEvent> {
        let seg = |from_client: bool, seq: u32, payload: &[u8]| {
            let (a, b, sp, dp) = if from_client {
                ([10, 0, 0, 1], [10, 0, 0, 2], 40_000, 80)
            } else {
                ([10, 0, 0, 2], [10, 0, 0, 1], 80, 40_000)
            };
            let builder =
                etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
                    .ipv4(a, b, 64)
                    .tcp(sp, dp, seq, 65535);
            let mut bytes = Vec::new();
            builder.write(&mut bytes, payload).expect("build a segment");
            bytes
        };
        let frames = [
            seg(true, 100, b"GET /"),
            seg(false, 900, b"world"),
            seg(false, 895, b"hello"),
        ];
        let mut engine = Engine::following(follow);
        let mut streams = Streams::default();
        let mut out = Vec::new();
        for (i, bytes) in frames.iter().enumerate() {
            let frame = RawFrame {
                number: i as u64 + 1,
                link_type: LinkType::ETHERNET,
                ts: Timestamp::default(),
                len: bytes.len() as u32,
                data: bytes,
                ts_fixed: false,
            };
            engine
                .frame(&frame, &mut streams, &mut out)
                .expect("write to a Vec");
        }
        engine
            .finish(&mut streams, &mut out)
            .expect("write to a Vec");
        streams.0
    }

    #[test]
    fn only_a_followed_conversation_is_reassembled() {
        assert!(
            follow_run(None).is_empty(),
            "a plain read reassembles nothing"
        );
        assert!(follow_run(Some(2)).is_empty(), "no such conversation");
        let events = follow_run(Some(1));
        let data: Vec<(Role, u64, &[u8])> = events
            .iter()
            .filter_map(|e| match e {
                StreamEvent::Data {
                    from, seq, bytes, ..
                } => Some((*from, *seq, bytes.as_slice())),
                _ => None,
            })
            .collect();
        assert!(matches!(
            events.first(),
            Some(StreamEvent::Start { conn: 1, .. })
        ));
        // The server's first segment seen is its base: the earlier one is before it, and
        // is dropped as tshark drops it.
        assert_eq!(
            data,
            [
                (Role::Client, 1, b"GET /".as_slice()),
                (Role::Server, 1, b"world".as_slice())
            ]
        );
    }
}
