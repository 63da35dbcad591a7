//! `-w FILE`: the frames that passed the filter, written as a classic pcap file.
//!
//! pcap-file writes the records as they are; libpcap's own dumper would need a dead handle whose
//! snapshot length is fixed at 65535, shorter than a loopback frame can be.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use pcap_file::pcap::{PcapHeader, PcapWriter as FileWriter, RawPcapPacket};
use pcap_file::{DataLink, TsResolution};

use super::{CaptureError, LinkType, RawFrame};

/// Largest snapshot length libpcap accepts when it reads a file back.
const SNAPLEN: u32 = 262_144;

/// A pcap file being written, nanosecond resolution, one link type.
pub struct PcapWriter {
    path: PathBuf,
    link_type: LinkType,
    /// `None` once finished.
    inner: Option<FileWriter<BufWriter<Box<dyn Write + Send>>>>,
}

impl PcapWriter {
    /// Creates `path` (`-` writes to standard output).
    pub fn create(path: &Path, link_type: LinkType) -> Result<PcapWriter, CaptureError> {
        let err = |reason: String| CaptureError::Write {
            path: path.to_owned(),
            reason,
        };
        let sink: Box<dyn Write + Send> = if path == Path::new("-") {
            Box::new(std::io::stdout())
        } else {
            Box::new(File::create(path).map_err(|e| err(e.to_string()))?)
        };
        PcapWriter::with_sink(sink, path, link_type)
    }

    /// Writes into `file`, already created as `path`: a live capture creates the file while it
    /// still runs as root and hands it to the user it drops to before writing.
    pub fn from_file(
        file: File,
        path: &Path,
        link_type: LinkType,
    ) -> Result<PcapWriter, CaptureError> {
        PcapWriter::with_sink(Box::new(file), path, link_type)
    }

    fn with_sink(
        sink: Box<dyn Write + Send>,
        path: &Path,
        link_type: LinkType,
    ) -> Result<PcapWriter, CaptureError> {
        let err = |reason: String| CaptureError::Write {
            path: path.to_owned(),
            reason,
        };
        let header = PcapHeader {
            snaplen: SNAPLEN,
            datalink: DataLink::from(link_type.0),
            ts_resolution: TsResolution::NanoSecond,
            ..PcapHeader::default()
        };
        let inner = FileWriter::with_header(BufWriter::new(sink), header)
            .map_err(|e| err(e.to_string()))?;
        Ok(PcapWriter {
            path: path.to_owned(),
            link_type,
            inner: Some(inner),
        })
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
        let packet = RawPcapPacket {
            // Before 1970 or after 2106 does not fit the unsigned field: written as 0.
            ts_sec: u32::try_from(frame.ts.secs).unwrap_or(0),
            ts_frac: frame.ts.nanos,
            incl_len: frame.caplen(),
            orig_len: frame.len,
            data: Cow::Borrowed(frame.data),
        };
        let result = match self.inner.as_mut() {
            Some(inner) => inner
                .write_raw_packet(&packet)
                .map(|_| ())
                .map_err(|e| e.to_string()),
            None => Err("already closed".to_owned()),
        };
        result.map_err(|reason| CaptureError::Write {
            path: self.path.clone(),
            reason,
        })
    }

    /// Flushes and closes the file; the frames written so far are all on disk afterwards.
    pub fn finish(&mut self) -> Result<(), CaptureError> {
        match self.inner.take() {
            Some(inner) => inner
                .into_writer()
                .flush()
                .map_err(|e| CaptureError::Write {
                    path: self.path.clone(),
                    reason: e.to_string(),
                }),
            None => Ok(()),
        }
    }
}
