//! What the TUI keeps per packet and per conversation: where each packet's bytes are and what
//! tracking found, never the bytes themselves (the packet pane re-reads the one it shows).
//!
//! Sources hand over [`Row`]s; a [`ConvView`] keeps each as a 40-byte `PackedRow` and gives
//! it back as a `Row` on demand, and keeps of its conversation only a [`ConvSummary`] (what the
//! list and the ladder show), so a capture of millions of one-packet conversations fits.

use arrayvec::ArrayVec;

use crate::annotate::lang::Lang;
use crate::annotate::words::{echo_label, icmp_error_label};
use crate::capture::{Duration, LinkType, Timestamp};
use crate::decode::TcpFlags;
use crate::track::{
    Analysis, ConnState, Conversation, Dir, Endpoint, HandshakeVerdict, Proto, Step, TcpState,
    TcpStats, TeardownVerdict, UdpStep, Verdicts, WindowScale,
};

use super::packed::{PackedRow, PackedRows};

/// One packet of a conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based record number in the file (or arrival number for a live source).
    pub frame: u64,
    /// Where the captured bytes start in the frame store (file offset, or offset in the
    /// in-memory store of a live source).
    pub at: u64,
    pub ts: Timestamp,
    pub caplen: u32,
    pub len: u32,
    pub link_type: LinkType,
    pub dir: Dir,
    pub kind: RowKind,
    /// What the lab knows beside the packet: its socket calls and the kernel's states.
    /// Boxed: almost always `None`.
    pub lab: Option<Box<LabNotes>>,
}

/// The lab's notes on a packet (`wirelab lab --tui`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LabNotes {
    /// Socket calls that put this packet on the wire (the sender's).
    pub calls: Vec<String>,
    /// The kernel's states sampled after the packet (`--kernel-states`).
    pub kernel: Option<KernelStates>,
    /// The receiver's calls that returned what the packet brought, where the calls are
    /// known (the lab, `run`; empty: none did): the end of the `L` pane's in layers.
    pub returned: Option<Vec<String>>,
}

/// The kernel's own states of a packet's endpoints, beside the inferred ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KernelStates {
    /// The client's and the server's state, where the lab sampled them, and whether it
    /// differs from the inferred one.
    pub states: [Option<(TcpState, bool)>; 2],
    /// A sentence per endpoint whose kernel state is not the inferred one, with why.
    pub differences: Vec<String>,
}

/// What the transport layer and tracking say about a packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKind {
    Tcp(TcpRow),
    Udp {
        step: UdpStep,
        /// Payload bytes (the UDP length field less the header).
        payload_len: u16,
    },
    /// An ICMP error quoting a packet of this conversation.
    IcmpError {
        icmp_type: u8,
        code: u8,
    },
    /// An ICMP echo request or reply of an echo conversation.
    IcmpEcho {
        request: bool,
        id: u16,
        seq: u16,
        payload_len: u16,
    },
}

/// The TCP part of a row: the ladder's arrow label, both ends' states, the step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TcpRow {
    pub flags: TcpFlags,
    /// Relative sequence and acknowledgement numbers (tshark's), and the next expected.
    pub seq: u32,
    pub ack: u32,
    pub next_seq: u32,
    pub payload_len: u32,
    /// [client, server] before and after this packet.
    pub before: [TcpState; 2],
    pub after: [TcpState; 2],
    pub step: Option<Step>,
    /// Boxed: findings are rare, and inline they would double the row.
    pub analysis: Option<Box<ArrayVec<Analysis, 6>>>,
}

impl Row {
    pub fn tcp(&self) -> Option<&TcpRow> {
        match &self.kind {
            RowKind::Tcp(t) => Some(t),
            _ => None,
        }
    }

    pub fn analysis(&self) -> &[Analysis] {
        self.tcp()
            .and_then(|t| t.analysis.as_deref())
            .map_or(&[], |a| a.as_slice())
    }

    /// A step, a finding or an ICMP error: where `n`/`N` stop.
    pub fn is_event(&self) -> bool {
        match &self.kind {
            RowKind::Tcp(t) => t.step.is_some() || t.analysis.is_some(),
            RowKind::Udp { step, .. } => matches!(step, UdpStep::First | UdpStep::Unsolicited),
            RowKind::IcmpError { .. } => true,
            RowKind::IcmpEcho { .. } => false,
        }
    }

    /// The label on the arrow: flags, relative numbers, length; an ICMP message named in `lang`.
    /// The report's SVG ladder draws the same label.
    pub fn arrow_label(&self, lang: Lang) -> String {
        match &self.kind {
            RowKind::Tcp(t) => {
                let mut s = format!("{} seq={}", t.flags, t.seq);
                if t.flags.has(TcpFlags::ACK) {
                    s.push_str(&format!(" ack={}", t.ack));
                }
                if t.payload_len > 0 {
                    s.push_str(&format!(" len={}", t.payload_len));
                }
                s
            }
            RowKind::Udp { payload_len, .. } => format!("UDP len={payload_len}"),
            RowKind::IcmpError { icmp_type, code } => icmp_error_label(lang, *icmp_type, *code),
            RowKind::IcmpEcho {
                request, id, seq, ..
            } => echo_label(lang, *request, *id, *seq),
        }
    }

    pub fn calls(&self) -> &[String] {
        self.lab.as_deref().map_or(&[], |l| l.calls.as_slice())
    }

    /// The receiver's calls that returned the packet, where the calls are known.
    pub fn returned(&self) -> Option<&[String]> {
        self.lab.as_deref()?.returned.as_deref()
    }

    /// The kernel's states after this packet and where they differ, if the lab sampled them.
    pub fn kernel(&self) -> Option<&KernelStates> {
        self.lab.as_deref()?.kernel.as_ref()
    }
}

/// What the TUI shows of a conversation: the tracker's [`Conversation`] cut down to the
/// list's and the ladder's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvSummary {
    pub id: u64,
    pub client: Endpoint,
    pub server: Endpoint,
    /// [client→server, server→client].
    pub packets: [u64; 2],
    pub bytes: [u64; 2],
    pub first_ts: Timestamp,
    pub last_ts: Timestamp,
    /// conn_state, handshake and teardown verdicts, packed into two bytes.
    verdicts: Verdicts,
    history: History,
    pub proto: Proto,
    /// What the responder was before the first SYN, once its answer showed it (LISTEN or
    /// CLOSED; `Unknown` before that and for UDP).
    pub responder_was: TcpState,
    /// How each side's window field is scaled, [client, server], as the SYNs settled it.
    pub window_scales: [WindowScale; 2],
    /// TCP: the initial RTT, ACK RTTs and findings counted; boxed and only when there is
    /// one of them, so that a SYN flood's summaries stay small.
    pub tcp_totals: Option<Box<TcpTotals>>,
}

/// A TCP conversation's round-trip times and findings, as the tracker counted them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TcpTotals {
    /// tshark's `initial_rtt`.
    pub irtt: Option<Duration>,
    pub stats: TcpStats,
}

/// Zeek's history, inline when short (nearly always: "S", "ShADadFf"), so that a summary
/// holds no allocation of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
enum History {
    Short { len: u8, bytes: [u8; 22] },
    Long(Box<str>),
}

impl History {
    fn of(text: &str) -> History {
        let mut bytes = [0; 22];
        match bytes.get_mut(..text.len()) {
            Some(head) => {
                head.copy_from_slice(text.as_bytes());
                History::Short {
                    len: text.len() as u8,
                    bytes,
                }
            }
            None => History::Long(text.into()),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            History::Short { len, bytes } => bytes
                .get(..usize::from(*len))
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or(""),
            History::Long(s) => s,
        }
    }
}

impl ConvSummary {
    pub fn of(c: &Conversation) -> ConvSummary {
        ConvSummary {
            id: c.id,
            client: c.client,
            server: c.server,
            packets: c.packets,
            bytes: c.bytes,
            first_ts: c.first_ts,
            last_ts: c.last_ts,
            verdicts: c.verdicts(),
            history: History::of(c.history()),
            proto: c.proto,
            responder_was: c
                .tcp
                .as_ref()
                .map_or(TcpState::Unknown, |t| t.responder_was()),
            window_scales: c
                .tcp
                .as_ref()
                .map_or([WindowScale::Unknown; 2], |t| t.window_scales()),
            tcp_totals: c.tcp.as_ref().and_then(|t| {
                let irtt = t.initial_rtt();
                (irtt.is_some() || t.stats().is_some()).then(|| {
                    Box::new(TcpTotals {
                        irtt,
                        stats: t.stats().cloned().unwrap_or_default(),
                    })
                })
            }),
        }
    }

    /// How the window field of a segment of this conversation is read: a SYN's never
    /// scaled, any other as its sender's scale was settled by the SYNs. The tracker decides
    /// per segment; this is its conversation-wide outcome, which differs only for a
    /// segment sent between a SYN and a SYN-ACK that turned scaling off.
    pub fn window_scale(&self, dir: Dir, flags: TcpFlags) -> WindowScale {
        if flags.has(TcpFlags::SYN) {
            return WindowScale::Syn;
        }
        match dir {
            Dir::C2S => self.window_scales[0],
            Dir::S2C => self.window_scales[1],
        }
    }

    /// A state shown for a side, with an unknown server state before its first answer
    /// replaced by what that answer proved (as `--timeline` draws it).
    pub fn known_server(&self, state: TcpState) -> TcpState {
        if state == TcpState::Unknown {
            self.responder_was
        } else {
            state
        }
    }

    /// Zeek's conn_state ("SF", "S0", ...).
    pub fn conn_state(&self) -> ConnState {
        self.verdicts.conn_state()
    }

    pub fn handshake_verdict(&self) -> HandshakeVerdict {
        self.verdicts.handshake()
    }

    pub fn teardown_verdict(&self) -> TeardownVerdict {
        self.verdicts.teardown()
    }

    /// Zeek's history ("ShADadFf").
    pub fn history(&self) -> &str {
        self.history.as_str()
    }
}

/// A conversation and its packets.
#[derive(Debug, Clone)]
pub struct ConvView {
    /// The tracker's latest word on it (final once `ended`).
    pub conv: ConvSummary,
    rows: PackedRows,
    /// The rows that do not pack (findings, socket calls, values out of the packed range),
    /// whole, by row index. Boxed: almost always `None`.
    #[allow(clippy::box_collection)] // 8 bytes per conversation where `Option<Vec>` takes 24.
    extras: Option<Box<Vec<(u32, Row)>>>,
    /// The link type of the first row; a row of another one is kept whole.
    link_type: LinkType,
    /// Both ends' states before the first row.
    first_before: [TcpState; 2],
    /// The tracker has reported it (it ended, expired, or the input did).
    pub ended: bool,
}

impl ConvView {
    pub fn new(conv: ConvSummary, ended: bool) -> ConvView {
        ConvView {
            conv,
            rows: PackedRows::None,
            extras: None,
            link_type: LinkType(0),
            first_before: [TcpState::Closed; 2],
            ended,
        }
    }

    /// A newer snapshot of the conversation. Its start stays the first one's: packed rows
    /// count their time from it (the tracker never changes it anyway).
    pub fn update(&mut self, conv: ConvSummary, ended: bool) {
        let first = self.conv.first_ts;
        self.conv = conv;
        self.conv.first_ts = first;
        self.ended |= ended;
    }

    /// Packed rows' times count nanoseconds from this second.
    fn base_secs(&self) -> i64 {
        self.conv.first_ts.secs
    }

    /// Rows (packets) so far.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Row `i`, unpacked.
    pub fn row(&self, i: usize) -> Option<Row> {
        let packed = self.rows.get(i)?;
        if packed.is_whole() {
            return self.whole(i).cloned();
        }
        packed.unpack(self.base_secs(), self.link_type, self.before(i))
    }

    /// The rows from `from` on, unpacked.
    pub fn rows_from(&self, from: usize) -> impl Iterator<Item = Row> + '_ {
        (from..self.len()).map_while(|i| self.row(i))
    }

    /// Every row, unpacked.
    pub fn rows(&self) -> impl Iterator<Item = Row> + '_ {
        self.rows_from(0)
    }

    /// Appends a row; it is packed when it packs exactly, kept whole otherwise.
    pub fn push(&mut self, row: Row) {
        let i = self.rows.len();
        let Ok(index) = u32::try_from(i) else { return };
        if i == 0 {
            self.link_type = row.link_type;
            if let Some(t) = row.tcp() {
                self.first_before = t.before;
            }
        }
        let packed = PackedRow::pack(&row, self.base_secs(), self.link_type, self.before(i));
        match packed {
            Some(p) => self.rows.push(p),
            None => {
                self.rows.push(PackedRow::WHOLE);
                self.extras.get_or_insert_default().push((index, row));
            }
        }
    }

    /// Whether row `i` is a step, a finding or an ICMP error ([`Row::is_event`]), told from
    /// its packed form: `n` and `N` look at every row between two events.
    pub fn is_event(&self, i: usize) -> bool {
        match self.rows.get(i) {
            Some(p) if p.is_whole() => self.whole(i).is_some_and(Row::is_event),
            Some(p) => p.is_event(),
            None => false,
        }
    }

    /// Rows kept whole because they do not pack (for the record: tests, benchmarks).
    pub fn whole_rows(&self) -> usize {
        self.extras.as_ref().map_or(0, |e| e.len())
    }

    /// Gives back what the vectors over-reserved (the conversation gets no more rows).
    pub fn shrink_to_fit(&mut self) {
        self.rows.shrink_to_fit();
        if let Some(e) = &mut self.extras {
            e.shrink_to_fit();
        }
    }

    fn whole(&self, i: usize) -> Option<&Row> {
        let e = self.extras.as_deref()?;
        let i = u32::try_from(i).ok()?;
        e.binary_search_by_key(&i, |(at, _)| *at)
            .ok()
            .and_then(|k| e.get(k))
            .map(|(_, r)| r)
    }

    /// The states a packed TCP row `i` starts from: the previous row's after, or the first
    /// row's before (rows for which that is not true are kept whole).
    fn before(&self, i: usize) -> [TcpState; 2] {
        i.checked_sub(1)
            .and_then(|p| self.after(p))
            .unwrap_or(self.first_before)
    }

    /// Both ends' states after row `i` (`None` for a row that is not TCP).
    fn after(&self, i: usize) -> Option<[TcpState; 2]> {
        let packed = self.rows.get(i)?;
        if packed.is_whole() {
            return self.whole(i)?.tcp().map(|t| t.after);
        }
        packed.tcp_after()
    }
}

/// How far indexing has got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Bytes of the input read so far, and its size (0 when unknown: live sources).
    pub read: u64,
    pub total: u64,
    /// Frames taken in: all that passed the filter, also those outside any conversation.
    pub frames: u64,
    /// The source has nothing more to give.
    pub done: bool,
}

/// One frame of the input, for the packet list: where its bytes are, and its lengths and
/// time. The list's text is decoded again from the bytes of the lines shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameEntry {
    /// 1-based record number in the file (or arrival number for a live source).
    pub frame: u64,
    /// Where the captured bytes start in the frame store.
    pub at: u64,
    pub ts: Timestamp,
    pub caplen: u32,
    pub len: u32,
    pub link_type: LinkType,
}

/// What a source hands the app at once: new rows, fresh conversation snapshots, progress.
#[derive(Debug, Default)]
pub struct Batch {
    /// Snapshots of the conversations touched since the last batch, by id; `true` when the
    /// tracker reported the conversation (its final state).
    pub convs: Vec<(ConvSummary, bool)>,
    /// New rows with the id of their conversation, in frame order.
    pub rows: Vec<(u64, Row)>,
    /// Every new frame, in conversations or not (ARP, ICMP echo...), for the packet list.
    pub frames: Vec<FrameEntry>,
    /// The frames that completed an IP datagram, with its fragments' frames: the packet
    /// pane and list put it back together from them (`tui/datagram.rs`).
    pub reassembled: Vec<(u64, crate::defrag::Reassembled)>,
    /// Bytes to append to an in-memory frame store (live sources; rows point into them).
    pub bytes: Vec<u8>,
    pub progress: Progress,
    /// Why the source stopped early (a damaged record, a file that cannot be read).
    pub error: Option<String>,
}

#[cfg(test)]
mod tests {
    use std::net::IpAddr;

    use super::*;

    #[test]
    fn a_packed_row_stays_at_40_bytes_so_large_captures_fit_in_memory() {
        assert_eq!(std::mem::size_of::<PackedRow>(), 40);
    }

    #[test]
    fn a_conversation_summary_keeps_its_verdicts_in_two_bytes() {
        // What it took when the verdicts were a 2-byte index into a locked table of words.
        assert_eq!(std::mem::size_of::<Verdicts>(), 2);
        assert_eq!(std::mem::size_of::<ConvSummary>(), 152);
    }

    /// A handshake, a data segment sent twice, its ACK: the summary keeps the initial RTT,
    /// the ACK's RTT and the retransmission counted, and the explanation says them.
    #[test]
    fn a_summary_keeps_the_round_trip_times_and_the_findings_counted() {
        use crate::track::Tracker;
        use etherparse::PacketBuilder;
        // (client sends, flags, seq, ack, payload, ms)
        let rows: [(bool, &str, u32, u32, usize, u32); 5] = [
            (true, "S", 100, 0, 0, 0),
            (false, "SA", 500, 101, 0, 1),
            (true, "A", 101, 501, 0, 2),
            (true, "A", 101, 501, 10, 10),
            (true, "A", 101, 501, 10, 300),
        ];
        let mut tracker = Tracker::default();
        for (i, &(client, flags, seq, ack, len, ms)) in rows.iter().enumerate() {
            let (src, dst, sp, dp) = if client {
                ([10, 0, 0, 1], [10, 0, 0, 2], 40000, 80)
            } else {
                ([10, 0, 0, 2], [10, 0, 0, 1], 80, 40000)
            };
            let mut b = PacketBuilder::ethernet2([2; 6], [4; 6])
                .ipv4(src, dst, 64)
                .tcp(sp, dp, seq, 1000);
            if flags.contains('S') {
                b = b.syn();
            }
            if flags.contains('A') {
                b = b.ack(ack);
            }
            let mut v = Vec::new();
            b.write(&mut v, &vec![b'x'; len]).unwrap_or(());
            let ts = Timestamp {
                secs: 1_700_000_000,
                nanos: ms * 1_000_000,
            };
            let p = crate::decode::decode(LinkType::ETHERNET, &v, v.len() as u32);
            tracker.track(i as u64 + 1, ts, v.len() as u32, &p);
        }
        let mut convs = Vec::new();
        tracker
            .finish(|c| {
                convs.push(c);
                Ok::<(), ()>(())
            })
            .unwrap_or(());
        let summary = ConvSummary::of(&convs[0]);
        let totals = summary.tcp_totals.as_deref().expect("TCP totals");
        assert_eq!(totals.irtt, Some(Duration(2_000_000)));
        assert_eq!(totals.stats.counts[Analysis::Retransmission.index()], 1);
        assert_eq!(totals.stats.counts.iter().sum::<u32>(), 1);
        // The SYN-ACK timed the client's SYN; the ACK the server's SYN-ACK.
        assert_eq!(totals.stats.ack_rtt[0].count, 1);
        assert_eq!(totals.stats.ack_rtt[1].count, 1);
    }

    #[test]
    fn a_frame_of_the_packet_list_takes_48_bytes() {
        // docs/tui.md: what the packet list keeps per frame.
        assert_eq!(std::mem::size_of::<FrameEntry>(), 48);
    }

    #[test]
    fn a_conversation_stays_small_so_a_syn_flood_fits_in_memory() {
        // docs/benchmarks.md: at most 300 bytes per conversation besides its packets.
        let size = std::mem::size_of::<ConvView>();
        assert!(size <= 216, "{size}");
    }

    fn summary() -> ConvSummary {
        let ep = |port| Endpoint {
            addr: IpAddr::from([10, 0, 0, 1]),
            port,
        };
        ConvSummary {
            id: 1,
            client: ep(40000),
            server: ep(80),
            packets: [0, 0],
            bytes: [0, 0],
            first_ts: Timestamp {
                secs: 1_700_000_000,
                nanos: 5,
            },
            last_ts: Timestamp::default(),
            verdicts: Verdicts::new(
                ConnState::S0,
                HandshakeVerdict::Unanswered,
                TeardownVerdict::Open,
            ),
            history: History::of("S"),
            proto: Proto::Tcp,
            responder_was: TcpState::Unknown,
            window_scales: [WindowScale::Unknown; 2],
            tcp_totals: None,
        }
    }

    fn tcp(
        frame: u64,
        flags: u16,
        before: [TcpState; 2],
        after: [TcpState; 2],
        step: Option<Step>,
    ) -> Row {
        let payload_len = if flags & TcpFlags::PSH != 0 { 100 } else { 0 };
        let seq = (frame as u32).wrapping_mul(1000);
        let syn_fin = u32::from(flags & (TcpFlags::SYN | TcpFlags::FIN) != 0);
        Row {
            frame,
            at: 24 + 16 * frame,
            ts: Timestamp {
                secs: 1_700_000_000 + frame as i64,
                nanos: (frame as u32 * 7919) % 1_000_000_000,
            },
            caplen: 54 + payload_len,
            len: 54 + payload_len,
            link_type: LinkType::ETHERNET,
            dir: if frame.is_multiple_of(2) {
                Dir::S2C
            } else {
                Dir::C2S
            },
            kind: RowKind::Tcp(TcpRow {
                flags: TcpFlags(flags),
                seq,
                ack: 77,
                next_seq: seq.wrapping_add(payload_len + syn_fin),
                payload_len,
                before,
                after,
                step,
                analysis: None,
            }),
            lab: None,
        }
    }

    #[test]
    fn rows_come_back_as_they_went_in_packed_or_whole() {
        use TcpState::*;
        let mut rows = vec![
            tcp(
                1,
                TcpFlags::SYN,
                [Closed, Listen],
                [SynSent, Listen],
                Some(Step::Syn),
            ),
            tcp(
                2,
                TcpFlags::SYN | TcpFlags::ACK,
                [SynSent, Listen],
                [SynSent, SynReceived],
                Some(Step::SynAck),
            ),
            tcp(
                3,
                TcpFlags::ACK,
                [SynSent, SynReceived],
                [Established, SynReceived],
                Some(Step::HandshakeAck),
            ),
            tcp(
                4,
                TcpFlags::PSH | TcpFlags::ACK,
                [Established, SynReceived],
                [Established, Established],
                None,
            ),
            // States before that are not the previous row's after: kept whole.
            tcp(
                5,
                TcpFlags::ACK,
                [Closing, Closing],
                [TimeWait, Closing],
                None,
            ),
            // A count does not pack.
            tcp(
                6,
                TcpFlags::SYN,
                [TimeWait, Closing],
                [TimeWait, Closing],
                Some(Step::SynRetransmitted { count: 2 }),
            ),
            tcp(
                7,
                TcpFlags::FIN | TcpFlags::ACK,
                [TimeWait, Closing],
                [TimeWait, Closing],
                None,
            ),
        ];
        let mut with_calls = tcp(
            8,
            TcpFlags::ACK,
            [TimeWait, Closing],
            [TimeWait, Closing],
            None,
        );
        with_calls.lab = Some(Box::new(LabNotes {
            calls: vec!["close()".into()],
            kernel: None,
            returned: None,
        }));
        rows.push(with_calls);
        let mut far = tcp(
            9,
            TcpFlags::ACK,
            [TimeWait, Closing],
            [TimeWait, Closing],
            None,
        );
        far.ts.secs = i64::MAX;
        rows.push(far);
        let mut v = ConvView::new(summary(), false);
        for r in &rows {
            v.push(r.clone());
        }
        let back: Vec<Row> = v.rows().collect();
        assert_eq!(back, rows);
        let whole = v.extras.as_ref().map_or(0, |e| e.len());
        assert_eq!(whole, 4, "rows 5, 6, 8 and 9 are kept whole");
    }

    #[test]
    fn histories_short_and_long_read_back() {
        for h in [
            "",
            "S",
            "ShADadFf",
            "^ShADadttttttttttttttttFf",
            &"D".repeat(64),
        ] {
            assert_eq!(History::of(h).as_str(), h);
        }
    }

    #[test]
    fn udp_and_icmp_rows_pack_too() {
        let mut v = ConvView::new(summary(), false);
        let base = tcp(1, 0, [TcpState::Closed; 2], [TcpState::Closed; 2], None);
        let mut rows = Vec::new();
        for (i, step) in [
            UdpStep::First,
            UdpStep::Request,
            UdpStep::Response {
                to_frame: 5_000_000_000,
            },
            UdpStep::Unsolicited,
        ]
        .into_iter()
        .enumerate()
        {
            rows.push(Row {
                frame: i as u64 + 1,
                kind: RowKind::Udp {
                    step,
                    payload_len: 512,
                },
                ..base.clone()
            });
        }
        rows.push(Row {
            kind: RowKind::IcmpError {
                icmp_type: 3,
                code: 3,
            },
            ..base.clone()
        });
        for r in &rows {
            v.push(r.clone());
        }
        assert_eq!(v.rows().collect::<Vec<_>>(), rows);
        assert!(v.extras.is_none(), "all packed");
    }
}
