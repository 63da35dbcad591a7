//! What the TUI keeps per packet and per conversation: where each packet's bytes are and what
//! tracking found, never the bytes themselves (the packet pane re-reads the one it shows).
//! 96 bytes per packet, so a capture of half a million packets costs about 50 MB.

use arrayvec::ArrayVec;

use crate::capture::{LinkType, Timestamp};
use crate::decode::TcpFlags;
use crate::track::{Analysis, Conversation, Dir, Step, TcpState, UdpStep};

/// A frame handed over by a live source (capture or lab): owned, because it crosses a thread.
#[derive(Debug, Clone)]
pub struct OwnedFrame {
    pub link_type: LinkType,
    pub ts: Timestamp,
    /// Length on the wire.
    pub len: u32,
    /// The captured bytes.
    pub data: Vec<u8>,
    /// Socket calls that caused this packet, on the side that made it ("connect()",
    /// "close()"), for the lab; empty for a plain capture.
    pub calls: Vec<String>,
}

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
    /// Socket calls behind this packet (lab mode). Boxed: almost always `None`.
    pub calls: Option<Box<Vec<String>>>,
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
}

/// The TCP part of a row: the ladder's arrow label, both ends' states, the step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TcpRow {
    pub flags: TcpFlags,
    pub window: u16,
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
    pub analysis: Option<Box<ArrayVec<Analysis, 4>>>,
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
        }
    }

    pub fn calls(&self) -> &[String] {
        self.calls.as_deref().map_or(&[], Vec::as_slice)
    }
}

/// A conversation and its packets.
#[derive(Debug, Clone)]
pub struct ConvView {
    /// The tracker's latest word on it (final once `ended`).
    pub conv: Conversation,
    pub rows: Vec<Row>,
    /// The tracker has reported it (it ended, expired, or the input did).
    pub ended: bool,
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

/// What a source hands the app at once: new rows, fresh conversation snapshots, progress.
#[derive(Debug, Default)]
pub struct Batch {
    /// Snapshots of the conversations touched since the last batch, by id; `true` when the
    /// tracker reported the conversation (its final state).
    pub convs: Vec<(Conversation, bool)>,
    /// New rows with the id of their conversation, in frame order.
    pub rows: Vec<(u64, Row)>,
    /// Bytes to append to an in-memory frame store (live sources; rows point into them).
    pub bytes: Vec<u8>,
    pub progress: Progress,
    /// Why the source stopped early (a damaged record, a file that cannot be read).
    pub error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_stays_small_so_large_captures_fit_in_memory() {
        // The index keeps one row per packet: at most 96 bytes (docs/tui.md says so).
        assert!(
            std::mem::size_of::<Row>() <= 96,
            "{}",
            std::mem::size_of::<Row>()
        );
    }
}
