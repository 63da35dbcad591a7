//! `-w FILE`: the frames that passed the filter, written as a classic pcap file.
//!
//! pcap-file lays out the header and the records; libpcap's own dumper would need a dead handle
//! whose snapshot length is fixed at 65535, shorter than a loopback frame can be.
//!
//! Records are gathered whole and written in batches, and the writer remembers how many bytes
//! are known to be in the file. When a write fails (a full disk, a closed pipe) the file is
//! cut back to that length, so it always ends with a whole record and reads back without a
//! "truncated dump file" complaint. A signal that stops a run leaves it whole for the same
//! reason: nothing is ever written but whole records.

use std::borrow::Cow;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use byteorder_slice::{BigEndian, LittleEndian};
use pcap_file::pcap::{PcapHeader, RawPcapPacket};
use pcap_file::{DataLink, Endianness, TsResolution};

use super::{CaptureError, LinkType, RawFrame};

/// Largest snapshot length libpcap accepts when it reads a file back.
const SNAPLEN: u32 = 262_144;

/// Records are written once this many bytes of them are waiting.
const BATCH: usize = 64 * 1024;

/// Where the pcap bytes go.
pub enum PcapSink {
    /// A file opened for writing (see [`crate::output_file::create`] for how, under sudo).
    File(File),
    /// Standard output (`-w -`).
    Stdout,
}

/// A pcap file being written, nanosecond resolution, one link type.
pub struct PcapWriter {
    path: PathBuf,
    link_type: LinkType,
    endianness: Endianness,
    sink: PcapSink,
    /// Whole records (and, at first, the file header) not yet written.
    pending: Vec<u8>,
    /// Bytes known to be in the file: it ends at a record boundary here.
    written: u64,
    /// Set by the first failed write: nothing more is written after it.
    failed: bool,
}

impl PcapWriter {
    /// Creates `path` as this process (`-` writes to standard output). Under sudo, open the
    /// file with [`crate::output_file::create`] and use [`PcapWriter::new`] instead.
    pub fn create(path: &Path, link_type: LinkType) -> Result<PcapWriter, CaptureError> {
        let sink = if path == Path::new("-") {
            PcapSink::Stdout
        } else {
            let file =
                crate::output_file::create(path, None, &[]).map_err(|e| CaptureError::Write {
                    path: path.to_owned(),
                    reason: e.to_string(),
                })?;
            PcapSink::File(file)
        };
        PcapWriter::new(sink, path, link_type)
    }

    /// A writer into `sink`, named `path` in messages. The file header is written at once, so
    /// that a file that cannot be written is known before the first packet.
    pub fn new(
        sink: PcapSink,
        path: &Path,
        link_type: LinkType,
    ) -> Result<PcapWriter, CaptureError> {
        // pcap-file's default byte order, which every file wirelab wrote before has too
        // (captures/ among them); readers take either.
        let endianness = PcapHeader::default().endianness;
        let header = PcapHeader {
            snaplen: SNAPLEN,
            datalink: DataLink::from(link_type.0),
            ts_resolution: TsResolution::NanoSecond,
            endianness,
            ..PcapHeader::default()
        };
        let mut pending = Vec::with_capacity(BATCH + 4096);
        // Into a Vec, writing cannot fail.
        let _ = header.write_to(&mut pending);
        let mut writer = PcapWriter {
            path: path.to_owned(),
            link_type,
            endianness,
            sink,
            pending,
            written: 0,
            failed: false,
        };
        writer.flush()?;
        Ok(writer)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn link_type(&self) -> LinkType {
        self.link_type
    }

    /// Appends one frame with its timestamp and original length, as they are (a fuzzed input's
    /// caplen > len is kept, so the file says what the input said).
    pub fn write(&mut self, frame: &RawFrame<'_>) -> Result<(), CaptureError> {
        if self.failed {
            return Err(self.error("an earlier write failed".into()));
        }
        let packet = RawPcapPacket {
            // Before 1970 or after 2106 does not fit the unsigned field: written as 0.
            ts_sec: u32::try_from(frame.ts.secs).unwrap_or(0),
            ts_frac: frame.ts.nanos,
            incl_len: frame.caplen(),
            orig_len: frame.len,
            data: Cow::Borrowed(frame.data),
        };
        // Into a Vec, writing cannot fail.
        let _ = match self.endianness {
            Endianness::Big => packet.write_to::<_, BigEndian>(&mut self.pending),
            Endianness::Little => packet.write_to::<_, LittleEndian>(&mut self.pending),
        };
        if self.pending.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the records gathered so far (a live capture calls this when the interface goes
    /// quiet, so that the file keeps up with the screen).
    pub fn flush(&mut self) -> Result<(), CaptureError> {
        if self.failed {
            return Err(self.error("an earlier write failed".into()));
        }
        if self.pending.is_empty() {
            return Ok(());
        }
        let result = match &mut self.sink {
            PcapSink::File(f) => f.write_all(&self.pending),
            PcapSink::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(&self.pending).and_then(|()| out.flush())
            }
        };
        match result {
            Ok(()) => {
                self.written += self.pending.len() as u64;
                self.pending.clear();
                Ok(())
            }
            Err(e) => {
                self.failed = true;
                // Part of the batch may be in the file: cut it back to the last whole record.
                // (A device or pipe cannot be cut; nothing else can be done for it.)
                if let PcapSink::File(f) = &self.sink {
                    let _ = f.set_len(self.written);
                }
                Err(self.error(e.to_string()))
            }
        }
    }

    /// Writes what is left; the frames written so far are all in the file afterwards.
    pub fn finish(&mut self) -> Result<(), CaptureError> {
        self.flush()
    }

    fn error(&self, reason: String) -> CaptureError {
        CaptureError::Write {
            path: self.path.clone(),
            reason,
        }
    }
}
