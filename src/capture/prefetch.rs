//! Reading a capture file on a second thread.
//!
//! Most of the time of `wirelab read` on a large file is libpcap copying records out of the
//! page cache; decoding, tracking and formatting take the rest. [`Prefetched`] moves the
//! reading to a thread of its own, which copies the records into large batches handed over a
//! bounded channel, so that on a machine with two cores the two halves overlap. The order of
//! frames and the point where a damaged record stops the input are exactly those of the
//! wrapped source; memory stays bounded by [`BATCHES_IN_FLIGHT`] batches of about
//! [`BATCH_BYTES`].

use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::thread;
use std::time::Duration;

use super::{CaptureError, FrameSource, LinkType, RawFrame, StopHandle, Timestamp};

/// How often a wait for the reading thread looks at the stop handle.
const STOP_POLL: Duration = Duration::from_millis(20);

/// A batch is handed over once it holds this many bytes of frames.
pub const BATCH_BYTES: usize = 512 * 1024;
/// ... or this many frames, whichever comes first.
const BATCH_FRAMES: usize = 4096;
/// Batches filled but not yet taken; with the one being filled and the one being read, at
/// most this many plus two exist at once.
pub const BATCHES_IN_FLIGHT: usize = 4;

/// One frame's record in a batch: everything [`RawFrame`] holds but the bytes, which are a
/// range of the batch's buffer.
#[derive(Clone, Copy)]
struct Meta {
    number: u64,
    link_type: LinkType,
    ts: Timestamp,
    len: u32,
    ts_fixed: bool,
    start: usize,
    end: usize,
}

/// Frames copied out of their source, one after another in one buffer. Also what the live
/// capture's ring reader hands over (`live.rs`).
#[derive(Default)]
pub(super) struct Batch {
    data: Vec<u8>,
    frames: Vec<Meta>,
    /// Set on the last batch: how the input ended.
    pub(super) end: Option<Result<(), CaptureError>>,
}

impl Batch {
    /// Empties the batch for reuse, keeping its buffers.
    pub(super) fn clear(&mut self) {
        self.data.clear();
        self.frames.clear();
        self.end = None;
    }

    /// Appends a copy of `f`.
    pub(super) fn push(&mut self, f: &RawFrame<'_>) {
        let start = self.data.len();
        self.data.extend_from_slice(f.data);
        self.frames.push(Meta {
            number: f.number,
            link_type: f.link_type,
            ts: f.ts,
            len: f.len,
            ts_fixed: f.ts_fixed,
            start,
            end: self.data.len(),
        });
    }

    /// Whether it holds `bytes` bytes of frames or `frames` frames.
    pub(super) fn is_full(&self, bytes: usize, frames: usize) -> bool {
        self.data.len() >= bytes || self.frames.len() >= frames
    }

    pub(super) fn len(&self) -> usize {
        self.frames.len()
    }

    /// Bytes of frames it holds.
    pub(super) fn bytes(&self) -> usize {
        self.data.len()
    }

    /// The frame at `index`, borrowed from the batch.
    pub(super) fn frame(&self, index: usize) -> Option<RawFrame<'_>> {
        let m = self.frames.get(index)?;
        Some(RawFrame {
            number: m.number,
            link_type: m.link_type,
            ts: m.ts,
            len: m.len,
            data: self.data.get(m.start..m.end)?,
            ts_fixed: m.ts_fixed,
        })
    }
}

/// A [`FrameSource`] whose frames are read ahead by a thread.
pub struct Prefetched {
    link_type: LinkType,
    filled: Receiver<Batch>,
    /// Empty batches go back to the reader, so buffers are reused, not reallocated.
    spent: SyncSender<Batch>,
    current: Batch,
    next: usize,
    finished: bool,
    /// Ends the input early when set: the reading thread may be blocked in libpcap on a pipe
    /// that stays quiet, and a signal must still end the run.
    stop: Option<StopHandle>,
}

impl Prefetched {
    /// Starts reading `source` on a new thread.
    pub fn spawn<S: FrameSource + Send + 'static>(mut source: S) -> Prefetched {
        let link_type = source.link_type();
        let (filled_tx, filled) = sync_channel::<Batch>(BATCHES_IN_FLIGHT);
        let (spent, spent_rx) = sync_channel::<Batch>(BATCHES_IN_FLIGHT + 2);
        thread::spawn(move || {
            loop {
                let mut batch = spent_rx.try_recv().unwrap_or_default();
                batch.clear();
                while !batch.is_full(BATCH_BYTES, BATCH_FRAMES) {
                    match source.next_frame() {
                        Ok(Some(f)) => batch.push(&f),
                        Ok(None) => {
                            batch.end = Some(Ok(()));
                            break;
                        }
                        Err(e) => {
                            batch.end = Some(Err(e));
                            break;
                        }
                    }
                }
                let last = batch.end.is_some();
                // The reader of the frames went away (`-c` reached, output closed): stop.
                if filled_tx.send(batch).is_err() || last {
                    return;
                }
            }
        });
        Prefetched {
            link_type,
            filled,
            spent,
            current: Batch::default(),
            next: 0,
            finished: false,
            stop: None,
        }
    }

    /// Makes the input end (as if it were over) soon after `stop` is set, even while the
    /// reading thread waits for input that does not come.
    pub fn with_stop(mut self, stop: StopHandle) -> Prefetched {
        self.stop = Some(stop);
        self
    }

    /// The next batch; `None` when the thread is gone or the stop handle was set.
    fn next_batch(&self) -> Option<Batch> {
        let Some(stop) = &self.stop else {
            return self.filled.recv().ok();
        };
        loop {
            match self.filled.recv_timeout(STOP_POLL) {
                Ok(batch) => return Some(batch),
                Err(RecvTimeoutError::Timeout) if !stop.is_stopped() => {}
                Err(_) => return None,
            }
        }
    }
}

impl FrameSource for Prefetched {
    fn link_type(&self) -> LinkType {
        self.link_type
    }

    fn next_frame(&mut self) -> Result<Option<RawFrame<'_>>, CaptureError> {
        while self.next >= self.current.len() {
            if self.finished {
                return Ok(None);
            }
            if let Some(end) = self.current.end.take() {
                self.finished = true;
                end?;
                return Ok(None);
            }
            let Some(batch) = self.next_batch() else {
                // The reading thread is gone without saying how the input ended (it can
                // only have panicked, which the reader's code never does on its own), or
                // the stop handle was set.
                self.finished = true;
                return Ok(None);
            };
            let spent = std::mem::replace(&mut self.current, batch);
            let _ = self.spent.try_send(spent);
            self.next = 0;
        }
        self.next += 1;
        Ok(self.current.frame(self.next - 1))
    }
}
