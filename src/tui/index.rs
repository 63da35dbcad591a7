//! The indexing pass over a capture file: one read from start to end, every frame decoded and
//! tracked once, and for each frame only a [`Row`](super::model::Row) with the offset of its
//! bytes kept.
//!
//! libpcap does not tell where a record sits in the file, so the file is read here in 1 MiB
//! chunks with pcap-file's slice parsers, which say how many bytes each record or block took:
//! a classic pcap record's bytes start 16 bytes into it (after its header), a pcapng enhanced
//! or obsolete packet block's 28 bytes in, a simple packet block's 12. Reading the file
//! ourselves rather than through libpcap has two consequences, both documented in docs/tui.md:
//! standard input cannot be indexed (the bytes must be read again), and files only libpcap
//! reads (the rare "modified" pcap formats) are refused with a message.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, sync_channel};
use std::thread;

use pcap_file::PcapError;
use pcap_file::pcap::PcapParser;
use pcap_file::pcapng::blocks::interface_description::InterfaceDescriptionOption;
use pcap_file::pcapng::{Block, PcapNgParser};

use super::ingest::{FrameAt, Ingest};
use super::model::{Batch, Progress};
use crate::capture::pcapng::{timestamp_in_units, units_per_sec};
use crate::capture::{BpfFilter, LinkType, Timestamp};

/// Read this much at a time.
const CHUNK: usize = 1 << 20;
/// A record or block claiming more than this is taken for damage, not read.
const MAX_RECORD: usize = 64 << 20;
/// Send a batch to the app after this many rows.
const BATCH_ROWS: usize = 8192;
/// Batches in flight at most: the indexer waits for the app rather than queueing the whole
/// file's rows (and conversation snapshots) in the channel.
const IN_FLIGHT: usize = 2;

/// Byte offsets of the packet data inside its record or block.
const PCAP_RECORD_HEADER: u64 = 16;
const PCAPNG_EPB_HEADER: u64 = 28;
const PCAPNG_SPB_HEADER: u64 = 12;

/// Why a file cannot be indexed.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path}: {reason}")]
    Format { path: PathBuf, reason: String },
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

/// Checks, before the screen is taken over, that `path` opens and starts like a pcap or pcapng
/// file, so that a wrong path is an ordinary error message.
pub fn probe(path: &Path) -> Result<(), IndexError> {
    let format = |reason: String| IndexError::Format {
        path: path.to_owned(),
        reason,
    };
    if path == Path::new("-") {
        return Err(format(STDIN.into()));
    }
    let mut head = Vec::new();
    File::open(path)
        .and_then(|f| f.take(64 * 1024).read_to_end(&mut head))
        .map_err(|source| IndexError::Io {
            path: path.to_owned(),
            source,
        })?;
    let ok = match head.get(..4) {
        Some([0x0a, 0x0d, 0x0d, 0x0a]) => PcapNgParser::new(&head).is_ok(),
        Some(_) => PcapParser::new(&head).is_ok(),
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format("not a pcap or pcapng file".into()))
    }
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
    if path == Path::new("-") {
        return Err(IndexError::Format {
            path: path.clone(),
            reason: STDIN.into(),
        });
    }
    let mut file = File::open(path).map_err(io_err)?;
    let total = file.metadata().map_err(io_err)?.len();
    let mut reader = Chunks {
        buf: Vec::with_capacity(CHUNK),
        start: 0,
        base: 0,
        eof: false,
    };
    reader.fill(&mut file).map_err(io_err)?;
    let mut run = Run {
        ingest: Ingest::new(),
        send,
        total,
        filter: config.filter.clone(),
        filters: Vec::new(),
        error: None,
    };
    let magic = reader.avail().get(..4).map(|m| [m[0], m[1], m[2], m[3]]);
    let result = match magic {
        Some([0x0a, 0x0d, 0x0d, 0x0a]) => pcapng(&mut reader, &mut file, &mut run),
        Some(_) => pcap(&mut reader, &mut file, &mut run),
        None => Err(format_err("the file is shorter than a capture file header")),
    };
    match result {
        Ok(()) => {}
        Err(Failure::Filter(filter, reason)) => return Err(IndexError::Filter { filter, reason }),
        Err(Failure::Header(reason)) => {
            return Err(IndexError::Format {
                path: path.clone(),
                reason,
            });
        }
        Err(Failure::Record(reason)) => run.error = Some(format!("{}: {reason}", path.display())),
        Err(Failure::Io(e)) => run.error = Some(format!("{}: {e}", path.display())),
        Err(Failure::Cancelled) => return Ok(()),
    }
    let progress = Progress {
        read: reader.base + reader.start as u64,
        total,
        frames: run.ingest.frames(),
        done: true,
    };
    let error = run.error.take();
    let mut batch = run.ingest.finish(progress);
    batch.error = error;
    send(batch);
    Ok(())
}

enum Failure {
    Header(String),
    Record(String),
    Io(io::Error),
    Filter(String, String),
    /// The app went away.
    Cancelled,
}

fn format_err(reason: &str) -> Failure {
    Failure::Header(reason.to_owned())
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        Failure::Io(e)
    }
}

/// The state of one indexing run.
struct Run<'t> {
    ingest: Ingest,
    send: SendBatch<'t>,
    total: u64,
    filter: Option<String>,
    filters: Vec<(LinkType, Option<BpfFilter>)>,
    error: Option<String>,
}

impl Run<'_> {
    fn frame(&mut self, f: &FrameAt<'_>, read: u64) -> Result<(), Failure> {
        if let Some(expr) = &self.filter {
            let i = match self.filters.iter().position(|(lt, _)| *lt == f.link_type) {
                Some(i) => i,
                None => {
                    let compiled = BpfFilter::compile(expr, f.link_type);
                    // The first link type must compile; others that cannot match nothing.
                    if self.filters.is_empty() {
                        let c = compiled.map_err(|r| Failure::Filter(expr.clone(), r))?;
                        self.filters.push((f.link_type, Some(c)));
                    } else {
                        self.filters.push((f.link_type, compiled.ok()));
                    }
                    self.filters.len() - 1
                }
            };
            let pass = self
                .filters
                .get(i)
                .and_then(|(_, c)| c.as_ref())
                .is_some_and(|c| c.matches(f.data));
            if !pass {
                return Ok(());
            }
        }
        self.ingest.push(f, Vec::new());
        if self.ingest.pending() >= BATCH_ROWS {
            let batch = self.ingest.take_batch(Progress {
                read,
                total: self.total,
                ..Progress::default()
            });
            if !(self.send)(batch) {
                return Err(Failure::Cancelled);
            }
        }
        Ok(())
    }
}

/// A window on the file: `buf[start..]` is not parsed yet, `base` is the offset of `buf[0]`.
struct Chunks {
    buf: Vec<u8>,
    start: usize,
    base: u64,
    eof: bool,
}

impl Chunks {
    fn avail(&self) -> &[u8] {
        self.buf.get(self.start..).unwrap_or(&[])
    }

    /// Drops what was parsed and reads up to another chunk.
    fn fill(&mut self, file: &mut File) -> io::Result<()> {
        if self.start > 0 {
            self.buf.drain(..self.start);
            self.base += self.start as u64;
            self.start = 0;
        }
        let old = self.buf.len();
        self.buf.resize(old + CHUNK, 0);
        let mut got = 0;
        while got < CHUNK {
            match file.read(&mut self.buf[old + got..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => got += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        self.buf.truncate(old + got);
        Ok(())
    }

    /// After an incomplete parse: read more, or say why there is no more.
    fn more(&mut self, file: &mut File, record: u64) -> Result<(), Failure> {
        if self.eof {
            return Err(Failure::Record(format!(
                "record {record} is cut off: the file ends {} bytes into it",
                self.avail().len()
            )));
        }
        if self.avail().len() > MAX_RECORD {
            return Err(Failure::Record(format!(
                "record {record} claims more than {MAX_RECORD} bytes: the file is damaged"
            )));
        }
        self.fill(file)?;
        Ok(())
    }

    fn offset(&self) -> u64 {
        self.base + self.start as u64
    }
}

fn pcap(c: &mut Chunks, file: &mut File, run: &mut Run<'_>) -> Result<(), Failure> {
    let header = loop {
        match PcapParser::new(c.avail()) {
            Ok((rem, parser)) => break (c.avail().len() - rem.len(), parser),
            Err(PcapError::IncompleteBuffer) if !c.eof => c.fill(file)?,
            Err(e) => return Err(Failure::Header(format!("not a pcap or pcapng file ({e})"))),
        }
    };
    let (used, parser) = header;
    c.start += used;
    // The upper six bits of the field hold FCS information (LT_FCS_* in libpcap), which
    // libpcap masks off as well.
    let link_type = LinkType(u32::from(parser.header().datalink) & 0x03FF_FFFF);
    let nanos = parser.header().ts_resolution == pcap_file::TsResolution::NanoSecond;
    let host = if cfg!(target_endian = "big") {
        pcap_file::Endianness::Big
    } else {
        pcap_file::Endianness::Little
    };
    let swapped = parser.header().endianness != host;
    let mut number = 0u64;
    loop {
        if c.avail().is_empty() {
            if c.eof {
                return Ok(());
            }
            c.fill(file)?;
            continue;
        }
        let at = c.offset();
        let avail = c.avail();
        match parser.next_raw_packet(avail) {
            Ok((rem, raw)) => {
                let used = avail.len() - rem.len();
                number += 1;
                let frac = as_libpcap(raw.ts_frac, swapped) * if nanos { 1 } else { 1000 };
                let (ts, _) = Timestamp::from_parts(as_libpcap(raw.ts_sec, swapped), frac);
                let frame = FrameAt {
                    number,
                    link_type,
                    ts,
                    len: raw.orig_len,
                    data: &raw.data,
                    at: at + PCAP_RECORD_HEADER,
                };
                let read = at + used as u64;
                run.frame(&frame, read)?;
                c.start += used;
            }
            Err(PcapError::IncompleteBuffer) => c.more(file, number + 1)?,
            Err(e) => return Err(Failure::Record(format!("record {}: {e}", number + 1))),
        }
    }
}

/// A record header's time field as libpcap reads it: its header struct has signed 32-bit
/// fields, but a byte-swapped value comes back unsigned. Only out-of-range values (a
/// "microsecond" field of 2^31, say) tell the difference; taking them the same way keeps the
/// times of such broken files equal to what `wirelab read` shows.
fn as_libpcap(field: u32, swapped: bool) -> i64 {
    if swapped {
        i64::from(field)
    } else {
        i64::from(i32::from_ne_bytes(field.to_ne_bytes()))
    }
}

fn pcapng(c: &mut Chunks, file: &mut File, run: &mut Run<'_>) -> Result<(), Failure> {
    let mut parser = loop {
        match PcapNgParser::new(c.avail()) {
            Ok((rem, parser)) => {
                c.start += c.avail().len() - rem.len();
                break parser;
            }
            Err(PcapError::IncompleteBuffer) if !c.eof => c.fill(file)?,
            Err(e) => return Err(Failure::Header(format!("not a pcapng file ({e})"))),
        }
    };
    let mut number = 0u64;
    loop {
        if c.avail().is_empty() {
            if c.eof {
                return Ok(());
            }
            c.fill(file)?;
            continue;
        }
        let at = c.offset();
        let avail = c.avail();
        let (used, block) = match parser.next_block(avail) {
            Ok((rem, block)) => (avail.len() - rem.len(), block),
            Err(PcapError::IncompleteBuffer) => {
                c.more(file, number + 1)?;
                continue;
            }
            Err(e) => return Err(Failure::Record(format!("block after record {number}: {e}"))),
        };
        let interface = |id: u32| {
            let idb = usize::try_from(id)
                .ok()
                .and_then(|i| parser.interfaces().get(i))?;
            let exp = idb.options.iter().find_map(|o| match o {
                InterfaceDescriptionOption::IfTsResol(r) => Some(*r),
                _ => None,
            });
            Some((
                LinkType(u32::from(idb.linktype)),
                units_per_sec(exp.unwrap_or(6)),
                idb.snaplen,
            ))
        };
        let frame = match &block {
            Block::EnhancedPacket(p) => {
                let raw = u64::try_from(p.timestamp.as_nanos()).unwrap_or(u64::MAX);
                Some((
                    p.interface_id,
                    Some(raw),
                    p.original_len,
                    &p.data[..],
                    PCAPNG_EPB_HEADER,
                ))
            }
            Block::SimplePacket(p) => {
                Some((0, None, p.original_len, &p.data[..], PCAPNG_SPB_HEADER))
            }
            Block::Packet(p) => Some((
                u32::from(p.interface_id),
                Some(p.timestamp),
                p.original_len,
                &p.data[..],
                PCAPNG_EPB_HEADER,
            )),
            _ => None,
        };
        if let Some((id, raw_ts, len, data, header)) = frame {
            number += 1;
            let Some((link_type, units, snaplen)) = interface(id) else {
                return Err(Failure::Record(format!(
                    "record {number}: packet of interface {id}, which no interface description block defines"
                )));
            };
            let ts = raw_ts.map_or(Timestamp::default(), |raw| timestamp_in_units(raw, units));
            // A simple packet block stores no captured length: the rest is padding.
            let data = if raw_ts.is_none() {
                let cap = if snaplen == 0 { len } else { len.min(snaplen) };
                data.get(..usize::try_from(cap).unwrap_or(usize::MAX))
                    .unwrap_or(data)
            } else {
                data
            };
            let frame = FrameAt {
                number,
                link_type,
                ts,
                len,
                data,
                at: at + header,
            };
            run.frame(&frame, at + used as u64)?;
        }
        c.start += used;
    }
}
