//! The live TUI's end of the engine: a [`LiveView`] that keeps the engine's output as rows
//! ([`RowSink`]) and sends them to the app in [`Batch`]es through a channel. A live capture
//! runs through the same loop as `wirelab capture` (count, `-w`, statistics), whose one
//! engine decodes and tracks each packet; the TUI receives what it made, never raw frames.

use std::io;
use std::sync::mpsc::Sender;

use crate::engine::{Engine, LiveView};
use crate::render::{FileInfo, Record, Renderer};
use crate::track::Conversation;

use super::ingest::RowSink;
use super::model::{Batch, Progress};

/// Rows gathered before the feed asks to be flushed during a burst, so the screen keeps up
/// with a flood that never leaves the interface quiet.
const BATCH_ROWS: usize = 4096;

/// Sends the engine's output to the TUI: a batch each time the capture flushes (the
/// interface went quiet), the last one, with `progress.done`, at the end of the input. When
/// the TUI has quit (the receiver is gone) batches are dropped quietly: the capture is being
/// stopped anyway.
pub struct LiveFeed {
    sink: RowSink,
    tx: Sender<Batch>,
}

impl LiveFeed {
    pub fn new(tx: Sender<Batch>) -> LiveFeed {
        LiveFeed {
            sink: RowSink::for_memory(),
            tx,
        }
    }
}

impl Renderer for LiveFeed {
    fn file_start(&mut self, out: &mut dyn io::Write, file: &FileInfo<'_>) -> io::Result<()> {
        self.sink.file_start(out, file)
    }

    fn packet(&mut self, out: &mut dyn io::Write, record: &Record<'_, '_>) -> io::Result<()> {
        self.sink.packet(out, record)
    }

    fn conversation(&mut self, out: &mut dyn io::Write, conv: &Conversation) -> io::Result<()> {
        self.sink.conversation(out, conv)
    }

    /// Every conversation has been reported with its final state: the last batch.
    fn input_end(&mut self, _out: &mut dyn io::Write) -> io::Result<()> {
        let _ = self.tx.send(self.sink.finish(Progress::default()));
        Ok(())
    }
}

impl LiveView for LiveFeed {
    fn flush_with(&mut self, engine: &Engine, _out: &mut dyn io::Write) -> io::Result<()> {
        if !self.sink.is_empty() {
            let _ = self
                .tx
                .send(self.sink.take_batch(engine, Progress::default()));
        }
        Ok(())
    }

    fn wants_flush(&self) -> bool {
        self.sink.pending() >= BATCH_ROWS
    }
}
