//! What the TUI keeps of the engine's output: [`RowSink`] is a [`Renderer`] that turns each
//! [`Record`] into a small [`Row`] (and a [`FrameEntry`] for the packet list) and each
//! reported conversation into a [`ConvSummary`], and hands them over in [`Batch`]es. It
//! decodes and tracks nothing: [`Engine`] did, once, for files and live sources alike.

use std::io;

use crate::decode::Transport;
use crate::engine::Engine;
use crate::render::{CallNote, FileInfo, Record, Renderer};
use crate::track::{Conversation, FlowKey, PacketInfo};

use super::model::{
    Batch, ConvSummary, FrameEntry, KernelStates, LabNotes, Progress, Row, RowKind, TcpRow,
};

/// Where the frames' bytes can be read again.
#[derive(Debug, Clone, Copy)]
enum Store {
    /// In the capture file: the indexer tells the offset of each frame before it.
    File { at: u64 },
    /// In the app's memory: the bytes travel in the batches, and frames are numbered as
    /// they arrive.
    Memory { len: u64 },
}

/// The engine's output, kept as the TUI's rows and conversation snapshots.
pub struct RowSink {
    store: Store,
    /// Conversations touched since the last batch: (id, key) to read them again from the
    /// engine when the batch is taken.
    touched: Vec<(u64, FlowKey)>,
    batch: Batch,
    frames: u64,
}

impl RowSink {
    /// For frames of a file, whose offsets the indexer gives with [`RowSink::at`].
    pub fn for_file() -> RowSink {
        RowSink::with(Store::File { at: 0 })
    }

    /// For live frames, whose bytes the batches carry to an in-memory store.
    pub fn for_memory() -> RowSink {
        RowSink::with(Store::Memory { len: 0 })
    }

    fn with(store: Store) -> RowSink {
        RowSink {
            store,
            touched: Vec::new(),
            batch: Batch::default(),
            frames: 0,
        }
    }

    /// The next frame's bytes start at `at` in the file.
    pub fn at(&mut self, at: u64) {
        if let Store::File { at: next } = &mut self.store {
            *next = at;
        }
    }

    /// Frames received so far.
    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// Rows (or frames outside conversations) waiting for the next batch.
    pub fn pending(&self) -> usize {
        self.batch.rows.len().max(self.batch.frames.len())
    }

    /// Whether anything waits for a batch (rows, frames, final conversations).
    pub fn is_empty(&self) -> bool {
        self.batch.frames.is_empty() && self.batch.convs.is_empty()
    }

    /// What happened since the last batch: new rows, and a snapshot of each conversation
    /// they touched, read from `engine` now (the final one for conversations it reported).
    pub fn take_batch(&mut self, engine: &Engine, progress: Progress) -> Batch {
        let mut batch = std::mem::take(&mut self.batch);
        self.touched.sort_unstable_by_key(|(id, _)| *id);
        self.touched.dedup_by_key(|(id, _)| *id);
        // A conversation the engine reported has its final snapshot in the batch already.
        let mut finals: Vec<u64> = batch.convs.iter().map(|(c, _)| c.id).collect();
        finals.sort_unstable();
        for (id, key) in self.touched.drain(..) {
            if finals.binary_search(&id).is_ok() {
                continue;
            }
            if let Some(c) = engine.conversation(&key).filter(|c| c.id == id) {
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

    /// The last batch, once [`Engine::finish`] has reported every conversation still held:
    /// each conversation it touched has its final snapshot, none a running one.
    pub fn finish(&mut self, progress: Progress) -> Batch {
        self.touched.clear();
        let mut batch = std::mem::take(&mut self.batch);
        batch.convs.sort_unstable_by_key(|(c, _)| c.id);
        batch.progress = Progress {
            frames: self.frames,
            done: true,
            ..progress
        };
        batch
    }

    /// Where this frame's bytes are; a live frame's are appended to the batch.
    fn place(&mut self, data: &[u8]) -> u64 {
        match &mut self.store {
            Store::File { at } => *at,
            Store::Memory { len } => {
                let at = *len;
                self.batch.bytes.extend_from_slice(data);
                *len += data.len() as u64;
                at
            }
        }
    }
}

impl Renderer for RowSink {
    fn file_start(&mut self, _out: &mut dyn io::Write, _file: &FileInfo<'_>) -> io::Result<()> {
        Ok(())
    }

    fn packet(&mut self, _out: &mut dyn io::Write, record: &Record<'_, '_>) -> io::Result<()> {
        self.frames += 1;
        let f = record.frame;
        let number = match self.store {
            Store::File { .. } => record.number,
            Store::Memory { .. } => self.frames,
        };
        let at = self.place(f.data);
        let caplen = u32::try_from(f.data.len()).unwrap_or(u32::MAX);
        self.batch.frames.push(FrameEntry {
            frame: number,
            at,
            ts: f.ts,
            caplen,
            len: f.len,
            link_type: f.link_type,
        });
        if let Some(note) = record.defrag
            && let crate::defrag::FragmentFate::Completed(done) = &note.fate
        {
            self.batch.reassembled.push((number, done.clone()));
        }
        let Some(info) = record.info else {
            return Ok(());
        };
        if let Some(key) = FlowKey::of_packet(record.packet) {
            self.touched.push((info.conn, key));
        }
        let Some(row) = row_of(record, info, number, at) else {
            return Ok(());
        };
        self.batch.rows.push((info.conn, row));
        Ok(())
    }

    fn conversation(&mut self, _out: &mut dyn io::Write, conv: &Conversation) -> io::Result<()> {
        self.batch.convs.push((ConvSummary::of(conv), true));
        Ok(())
    }
}

/// The row of a tracked record, as frame `number` whose bytes are at `at` in its store;
/// `None` for a packet tracking put in no row (a TCP packet without tracking facts). The
/// report (`crate::report`) keeps the same rows, so it explains packets as the TUI does.
pub fn row_of(record: &Record<'_, '_>, info: &PacketInfo, number: u64, at: u64) -> Option<Row> {
    let f = record.frame;
    let kind = row_kind(record, info)?;
    let calls = caused_calls(record.calls);
    let kernel = record
        .kernel
        .filter(|k| k.states.iter().any(Option::is_some))
        .map(|k| KernelStates {
            states: k.states,
            differences: k.differences.clone(),
        });
    let returned = record
        .returned
        .map(|r| r.iter().map(|c| c.text.clone()).collect::<Vec<_>>());
    let lab = (!calls.is_empty() || kernel.is_some() || returned.is_some()).then(|| {
        Box::new(LabNotes {
            calls,
            kernel,
            returned,
        })
    });
    Some(Row {
        frame: number,
        at,
        ts: f.ts,
        caplen: u32::try_from(f.data.len()).unwrap_or(u32::MAX),
        len: f.len,
        link_type: f.link_type,
        dir: info.dir,
        kind,
        lab,
    })
}

/// The ladder draws calls under the packet's sender: only the calls that put this packet on
/// the wire (connect → SYN, close → FIN) belong there. Those are the sender's own calls, so
/// the views name the side from the packet's direction, in the reader's language.
fn caused_calls(calls: &[CallNote]) -> Vec<String> {
    calls
        .iter()
        .filter(|c| c.caused)
        .map(|c| c.text.clone())
        .collect()
}

fn row_kind(record: &Record<'_, '_>, info: &PacketInfo) -> Option<RowKind> {
    match record.packet.transport.as_ref()? {
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
