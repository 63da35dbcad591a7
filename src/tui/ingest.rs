//! Frames in, rows and conversation snapshots out: decode and track each frame once, keep
//! what the views need (see [`Row`]), and hand it over in [`Batch`]es. Files and live sources
//! use the same engine, so both feed the app the same way.

use crate::capture::{LinkType, Timestamp};
use crate::decode::{Packet, Transport, decode};
use crate::track::{FlowKey, PacketInfo, Tracker};

use super::model::{Batch, ConvSummary, FrameEntry, Progress, Row, RowKind, TcpRow};

/// One frame as a source gives it to [`Ingest::push`].
#[derive(Debug, Clone, Copy)]
pub struct FrameAt<'a> {
    pub number: u64,
    pub link_type: LinkType,
    pub ts: Timestamp,
    pub len: u32,
    pub data: &'a [u8],
    /// Where `data` can be read again in the frame store.
    pub at: u64,
}

/// The decode + track engine of one input.
pub struct Ingest {
    tracker: Tracker,
    /// Conversations touched since the last batch: (id, key) to look them up again.
    touched: Vec<(u64, FlowKey)>,
    batch: Batch,
    frames: u64,
}

impl Default for Ingest {
    fn default() -> Ingest {
        Ingest::new()
    }
}

impl Ingest {
    pub fn new() -> Ingest {
        Ingest {
            tracker: Tracker::default(),
            touched: Vec::new(),
            batch: Batch::default(),
            frames: 0,
        }
    }

    /// Frames pushed so far.
    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// Rows (or frames outside conversations) waiting for the next batch.
    pub fn pending(&self) -> usize {
        self.batch.rows.len().max(self.batch.frames.len())
    }

    /// Decodes and tracks one frame; `calls` are the lab's socket calls behind it.
    pub fn push(&mut self, f: &FrameAt<'_>, calls: Vec<String>) {
        self.frames += 1;
        self.batch.frames.push(FrameEntry {
            frame: f.number,
            at: f.at,
            ts: f.ts,
            caplen: u32::try_from(f.data.len()).unwrap_or(u32::MAX),
            len: f.len,
            link_type: f.link_type,
        });
        let packet = decode(f.link_type, f.data, f.len);
        let Some(info) = self.tracker.track(f.number, f.ts, f.len, &packet) else {
            return;
        };
        if let Some(key) = FlowKey::of_packet(&packet) {
            self.touched.push((info.conn, key));
        }
        let Some(kind) = row_kind(&packet, &info) else {
            return;
        };
        let row = Row {
            frame: f.number,
            at: f.at,
            ts: f.ts,
            caplen: u32::try_from(f.data.len()).unwrap_or(u32::MAX),
            len: f.len,
            link_type: f.link_type,
            dir: info.dir,
            kind,
            calls: (!calls.is_empty()).then(|| Box::new(calls)),
        };
        self.batch.rows.push((info.conn, row));
    }

    /// Appends bytes for an in-memory store (live sources).
    pub fn push_bytes(&mut self, bytes: &[u8]) {
        self.batch.bytes.extend_from_slice(bytes);
    }

    /// What happened since the last batch: new rows, and a snapshot of each conversation
    /// they touched (the final one for conversations the tracker reported).
    pub fn take_batch(&mut self, progress: Progress) -> Batch {
        let mut batch = std::mem::take(&mut self.batch);
        for c in self.tracker.take_expired() {
            batch.convs.push((ConvSummary::of(&c), true));
        }
        self.touched.sort_unstable_by_key(|(id, _)| *id);
        self.touched.dedup_by_key(|(id, _)| *id);
        for (id, key) in self.touched.drain(..) {
            if let Some(c) = self.tracker.get(&key).filter(|c| c.id == id) {
                batch.convs.push((ConvSummary::of(c), false));
            }
        }
        // Ids are unique: an unstable sort needs no scratch copy of the snapshots.
        batch.convs.sort_unstable_by_key(|(c, _)| c.id);
        batch.progress = Progress {
            frames: self.frames,
            ..progress
        };
        batch
    }

    /// Ends the input: every conversation still held is reported with its final state.
    pub fn finish(mut self, progress: Progress) -> Batch {
        let mut batch = self.take_batch(progress);
        let mut held = Vec::new();
        let _ = self.tracker.finish(|c| {
            held.push((ConvSummary::of(&c), true));
            Ok::<(), ()>(())
        });
        // The final snapshots replace the ones just taken.
        let mut final_ids: Vec<u64> = held.iter().map(|(c, _)| c.id).collect();
        final_ids.sort_unstable();
        batch
            .convs
            .retain(|(c, _)| final_ids.binary_search(&c.id).is_err());
        batch.convs.extend(held);
        batch.convs.sort_unstable_by_key(|(c, _)| c.id);
        batch.progress.done = true;
        batch
    }
}

fn row_kind(packet: &Packet<'_>, info: &PacketInfo) -> Option<RowKind> {
    match packet.transport.as_ref()? {
        Transport::Tcp(t) => {
            let i = info.tcp.as_ref()?;
            Some(RowKind::Tcp(TcpRow {
                flags: t.flags,
                seq: i.seq,
                ack: i.ack,
                next_seq: i.next_seq,
                payload_len: t.payload_len,
                before: i.before,
                after: i.after,
                step: i.step,
                analysis: (!i.analysis.is_empty()).then(|| Box::new(i.analysis.clone())),
            }))
        }
        Transport::Udp(u) => Some(RowKind::Udp {
            step: info.udp?,
            payload_len: u.len.saturating_sub(8),
        }),
        Transport::Icmp(i) if !info.icmp_error => {
            let [id_hi, id_lo, seq_hi, seq_lo] = i.rest;
            Some(RowKind::IcmpEcho {
                request: info.dir == crate::track::Dir::C2S,
                id: u16::from_be_bytes([id_hi, id_lo]),
                seq: u16::from_be_bytes([seq_hi, seq_lo]),
                payload_len: u16::try_from(i.payload.len()).unwrap_or(u16::MAX),
            })
        }
        Transport::Icmp(i) => Some(RowKind::IcmpError {
            icmp_type: i.icmp_type,
            code: i.code,
        }),
    }
}
