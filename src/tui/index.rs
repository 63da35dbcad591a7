//! The indexing pass over a capture file: one read from start to end, every frame decoded and
//! tracked once by the [`Engine`], and for each frame only a [`Row`](super::model::Row) with
//! the offset of its bytes kept (by the engine's consumer, [`RowSink`]).
//!
//! The frames come from [`FileSource`], the libpcap reader `wirelab read` uses, so that the TUI
//! and `read` see the same frames and stop at the same record with the same words on any file.
//! libpcap does not tell where a record sits in the file; [`Locator`] follows the record
//! lengths alongside and checks that each frame's bytes are where it says. Standard input
//! cannot be indexed: the bytes must be read again.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, sync_channel};
use std::thread;

use super::ingest::RowSink;
use super::locate::Locator;
use super::model::{Batch, Progress};
use crate::capture::{CaptureError, FileSource, FilterSet, FrameSource, RawFrame};
use crate::engine::Engine;

/// Send a batch to the app after this many rows.
const BATCH_ROWS: usize = 8192;
/// Batches in flight at most: the indexer waits for the app rather than queueing the whole
/// file's rows (and conversation snapshots) in the channel.
const IN_FLIGHT: usize = 2;

/// Why a file cannot be indexed.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path}: {reason}")]
    Format { path: PathBuf, reason: String },
    /// libpcap could not open it: the words `wirelab read` says.
    #[error(transparent)]
    Capture(#[from] CaptureError),
    #[error("the filter '{filter}' does not compile: {reason}")]
    Filter { filter: String, reason: String },
}

/// What to index.
#[derive(Debug, Clone)]
pub struct IndexConfig {
    pub path: PathBuf,
    /// BPF expression; frames it rejects are skipped (numbers stay the file's).
    pub filter: Option<String>,
}

/// Indexes in a background thread: batches arrive on the returned channel, the last one
/// with `progress.done` set. Dropping the receiver stops the thread at its next batch.
pub fn spawn(config: IndexConfig) -> Receiver<Batch> {
    let (tx, rx) = sync_channel(IN_FLIGHT);
    thread::spawn(move || {
        let mut send = |b: Batch| tx.send(b).is_ok();
        if let Err(e) = index(&config, &mut send) {
            send(Batch {
                error: Some(e.to_string()),
                progress: Progress {
                    done: true,
                    ..Progress::default()
                },
                ..Batch::default()
            });
        }
    });
    rx
}

/// Checks, before the screen is taken over, that `path` opens as a capture file (libpcap
/// opens it, as for `wirelab read`), so that a wrong path is an ordinary error message.
pub fn probe(path: &Path) -> Result<(), IndexError> {
    if path == Path::new("-") {
        return Err(IndexError::Format {
            path: path.to_owned(),
            reason: STDIN.into(),
        });
    }
    FileSource::open(path)?;
    Ok(())
}

const STDIN: &str =
    "the TUI reads packets again as you step, so it needs a file, not standard input";

/// Indexes the whole file in this thread and gathers the batches (tests, examples).
pub fn index_all(config: &IndexConfig) -> Result<Vec<Batch>, IndexError> {
    let mut batches = Vec::new();
    index(config, &mut |b| {
        batches.push(b);
        true
    })?;
    Ok(batches)
}

/// Where batches go; `false` when the app went away.
type SendBatch<'s> = &'s mut dyn FnMut(Batch) -> bool;

fn index(config: &IndexConfig, send: SendBatch<'_>) -> Result<(), IndexError> {
    let path = &config.path;
    let io_err = |source| IndexError::Io {
        path: path.clone(),
        source,
    };
    probe(path)?;
    let mut source = FileSource::open(path)?;
    let file = File::open(path).map_err(io_err)?;
    let total = file.metadata().map_err(io_err)?.len();
    let mut locator = Locator::open(file)
        .map_err(io_err)?
        .ok_or_else(|| IndexError::Format {
            path: path.clone(),
            reason: "libpcap opened it, but it starts like neither pcap nor pcapng".into(),
        })?;
    let mut run = Run {
        engine: Engine::new(),
        sink: RowSink::for_file(),
        send,
        total,
        filters: config.filter.as_deref().map(FilterSet::new),
    };
    let error = match run.frames(path, &mut source, &mut locator) {
        Ok(error) => error,
        Err(Failure::Filter(filter, reason)) => {
            return Err(IndexError::Filter { filter, reason });
        }
        Err(Failure::Cancelled) => return Ok(()),
    };
    let progress = Progress {
        read: if error.is_some() {
            locator.position()
        } else {
            total
        },
        total,
        frames: run.sink.frames(),
        done: true,
    };
    let mut batch = run.finish(progress);
    batch.error = error;
    send(batch);
    Ok(())
}

enum Failure {
    Filter(String, String),
    /// The app went away.
    Cancelled,
}

/// The state of one indexing run: the engine, and the sink that keeps its output as rows.
struct Run<'t> {
    engine: Engine,
    sink: RowSink,
    send: SendBatch<'t>,
    total: u64,
    filters: Option<FilterSet>,
}

impl Run<'_> {
    /// Every frame of the file, one per turn; the file's end or its first damaged record ends
    /// the loop (then the words of the damage).
    fn frames(
        &mut self,
        path: &Path,
        source: &mut FileSource,
        locator: &mut Locator,
    ) -> Result<Option<String>, Failure> {
        loop {
            let frame = match source.next_frame() {
                Ok(Some(frame)) => frame,
                Ok(None) => return Ok(None),
                Err(e) => return Ok(Some(e.to_string())),
            };
            let at = match locator.locate(&frame) {
                Ok(at) => at,
                Err(e) => {
                    let record = frame.number;
                    return Ok(Some(format!("{}: record {record}: {e}", path.display())));
                }
            };
            self.frame(&frame, at, locator.position())?;
        }
    }

    /// One frame read from the file; its bytes are at `at`, and `read` bytes of the file
    /// have been read.
    fn frame(&mut self, f: &RawFrame<'_>, at: u64, read: u64) -> Result<(), Failure> {
        // Times count from the first frame read, shown or not.
        self.engine.saw(f);
        if let Some(set) = self.filters.as_mut() {
            // The first link type must compile; others that cannot match nothing.
            if set.is_empty() {
                set.require(f.link_type)
                    .map_err(|r| Failure::Filter(set.expr().to_owned(), r))?;
            }
            if !set.matches(f.link_type, f.data) {
                return Ok(());
            }
        }
        self.sink.at(at);
        // The sink writes nothing, so this cannot fail.
        let _ = self.engine.frame(f, &mut self.sink, &mut io::sink());
        if self.sink.pending() >= BATCH_ROWS {
            let batch = self.sink.take_batch(
                &self.engine,
                Progress {
                    read,
                    total: self.total,
                    ..Progress::default()
                },
            );
            if !(self.send)(batch) {
                return Err(Failure::Cancelled);
            }
        }
        Ok(())
    }

    /// Ends the file: every conversation still held is reported with its final state.
    fn finish(mut self, progress: Progress) -> Batch {
        let engine = std::mem::take(&mut self.engine);
        let _ = engine.finish(&mut self.sink, &mut io::sink());
        self.sink.finish(progress)
    }
}
