//! `-w FILE`: the frames that passed the filter, written as a classic pcap file, or as pcapng
//! when the name ends in `.pcapng`.
//!
//! pcap-file lays out the headers, records and blocks; libpcap's own dumper would need a dead
//! handle whose snapshot length is fixed at 65535, shorter than a loopback frame can be.
//!
//! Records (pcapng: blocks) are gathered whole and written in batches, and the writer
//! remembers how many bytes are known to be in the file. When a write fails (a full disk, a
//! closed pipe) the file is cut back to that length, so it always ends with a whole record or
//! block and reads back without a "truncated dump file" complaint. A signal that stops a run
//! leaves it whole for the same reason: nothing is ever written but whole records.
//!
//! pcapng keeps what pcap cannot: one interface description block per link type met, so
//! frames of several link types share a file, and a comment on each packet (`opt_comment`),
//! which the caller passes in as text; this module does not know where the words come from.

use std::borrow::Cow;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use byteorder_slice::{BigEndian, LittleEndian};
use pcap_file::pcap::{PcapHeader, RawPcapPacket};
use pcap_file::pcapng::blocks::enhanced_packet::{EnhancedPacketBlock, EnhancedPacketOption};
use pcap_file::pcapng::blocks::interface_description::{
    InterfaceDescriptionBlock, InterfaceDescriptionOption,
};
use pcap_file::pcapng::blocks::section_header::{SectionHeaderBlock, SectionHeaderOption};
use pcap_file::pcapng::{Block, PcapNgBlock};
use pcap_file::{DataLink, Endianness, TsResolution};

use super::{CaptureError, LinkType, RawFrame};

/// Largest snapshot length libpcap accepts when it reads a file back.
const SNAPLEN: u32 = 262_144;

/// Records are written once this many bytes of them are waiting.
const BATCH: usize = 64 * 1024;

/// Where the pcap bytes go.
pub enum PcapSink {
    /// A file opened for writing (see [`crate::os::output_file::create`] for how, under sudo).
    File(File),
    /// Standard output (`-w -`).
    Stdout,
}

/// The layout of a `-w` file, chosen by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// Classic pcap: one link type, no comments.
    Pcap,
    /// pcapng: an interface per link type, a comment per packet.
    Pcapng,
}

impl FileFormat {
    /// pcapng when the name ends in `.pcapng` (any case), else pcap (standard output too).
    pub fn for_path(path: &Path) -> FileFormat {
        let pcapng = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("pcapng"));
        if pcapng {
            FileFormat::Pcapng
        } else {
            FileFormat::Pcap
        }
    }
}

/// A pcap or pcapng file being written, nanosecond resolution.
pub struct PcapWriter {
    path: PathBuf,
    /// The file's link type (pcapng: the first interface's).
    link_type: LinkType,
    format: FileFormat,
    /// pcapng: the link type of each interface description block written, by interface id.
    interfaces: Vec<LinkType>,
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
    /// file with [`crate::os::output_file::create`] and use [`PcapWriter::new`] instead.
    pub fn create(path: &Path, link_type: LinkType) -> Result<PcapWriter, CaptureError> {
        let sink = if path == Path::new("-") {
            PcapSink::Stdout
        } else {
            let file = crate::os::output_file::create(path, None, &[]).map_err(|e| {
                CaptureError::Write {
                    path: path.to_owned(),
                    reason: e.to_string(),
                }
            })?;
            PcapSink::File(file)
        };
        PcapWriter::new(sink, path, link_type)
    }

    /// A writer into `sink`, named `path` in messages, in the format its name asks for
    /// ([`FileFormat::for_path`]). The file header is written at once, so that a file that
    /// cannot be written is known before the first packet.
    pub fn new(
        sink: PcapSink,
        path: &Path,
        link_type: LinkType,
    ) -> Result<PcapWriter, CaptureError> {
        // pcap-file's default byte order, which every file wirelab wrote before has too
        // (captures/ among them); readers take either.
        let endianness = PcapHeader::default().endianness;
        let format = FileFormat::for_path(path);
        let mut writer = PcapWriter {
            path: path.to_owned(),
            link_type,
            format,
            interfaces: Vec::new(),
            endianness,
            sink,
            pending: Vec::with_capacity(BATCH + 4096),
            written: 0,
            failed: false,
        };
        match format {
            FileFormat::Pcap => {
                let header = PcapHeader {
                    snaplen: SNAPLEN,
                    datalink: DataLink::from(link_type.0),
                    ts_resolution: TsResolution::NanoSecond,
                    endianness,
                    ..PcapHeader::default()
                };
                // Into a Vec, writing cannot fail.
                let _ = header.write_to(&mut writer.pending);
            }
            FileFormat::Pcapng => {
                let section = SectionHeaderBlock {
                    endianness,
                    options: vec![SectionHeaderOption::UserApplication("wirelab".into())],
                    ..SectionHeaderBlock::default()
                };
                writer.push_block(&section.into_block());
                writer.interface_for(link_type);
            }
        }
        writer.flush()?;
        Ok(writer)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn link_type(&self) -> LinkType {
        self.link_type
    }

    pub fn format(&self) -> FileFormat {
        self.format
    }

    /// Whether a frame of `link_type` can go into this file: pcap holds one link type,
    /// pcapng any number (one interface each).
    pub fn accepts(&self, link_type: LinkType) -> bool {
        self.format == FileFormat::Pcapng || link_type == self.link_type
    }

    /// Whether the file keeps packet comments (pcapng): callers that must decode to find the
    /// words can skip it when not.
    pub fn keeps_comments(&self) -> bool {
        self.format == FileFormat::Pcapng
    }

    /// Appends one frame with its timestamp and original length, as they are (a fuzzed input's
    /// caplen > len is kept, so the file says what the input said).
    pub fn write(&mut self, frame: &RawFrame<'_>) -> Result<(), CaptureError> {
        self.write_commented(frame, "")
    }

    /// [`PcapWriter::write`], with a comment on the packet (pcapng's `opt_comment`; none when
    /// empty, and pcap has no place for it). A frame of a link type the file cannot hold
    /// ([`PcapWriter::accepts`]) is an error.
    pub fn write_commented(
        &mut self,
        frame: &RawFrame<'_>,
        comment: &str,
    ) -> Result<(), CaptureError> {
        if self.failed {
            return Err(self.error("an earlier write failed".into()));
        }
        if !self.accepts(frame.link_type) {
            return Err(self.error(format!(
                "a frame of link type {} in a pcap file of {}",
                frame.link_type, self.link_type
            )));
        }
        match self.format {
            FileFormat::Pcap => self.push_record(frame),
            FileFormat::Pcapng => {
                let interface_id = self.interface_for(frame.link_type);
                let options = if comment.is_empty() {
                    Vec::new()
                } else {
                    vec![EnhancedPacketOption::Comment(comment.into())]
                };
                let secs = u64::try_from(frame.ts.secs).unwrap_or(0);
                let block = EnhancedPacketBlock {
                    interface_id,
                    timestamp: std::time::Duration::new(secs, frame.ts.nanos),
                    original_len: frame.len,
                    data: Cow::Borrowed(frame.data),
                    options,
                };
                self.push_block(&block.into_block());
            }
        }
        if self.pending.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn push_record(&mut self, frame: &RawFrame<'_>) {
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
    }

    /// Appends a whole pcapng block to the batch.
    fn push_block(&mut self, block: &Block<'_>) {
        // Into a Vec, writing cannot fail.
        let _ = match self.endianness {
            Endianness::Big => block.write_to::<BigEndian, _>(&mut self.pending),
            Endianness::Little => block.write_to::<LittleEndian, _>(&mut self.pending),
        };
    }

    /// The pcapng interface id for `link_type`, describing a new interface the first time.
    fn interface_for(&mut self, link_type: LinkType) -> u32 {
        let known = self.interfaces.iter().position(|lt| *lt == link_type);
        let index = known.unwrap_or_else(|| {
            let block = InterfaceDescriptionBlock {
                linktype: DataLink::from(link_type.0),
                snaplen: SNAPLEN,
                // Nanoseconds, as pcap-file writes the enhanced packet block's timestamp.
                options: vec![InterfaceDescriptionOption::IfTsResol(9)],
            };
            self.push_block(&block.into_block());
            self.interfaces.push(link_type);
            self.interfaces.len() - 1
        });
        u32::try_from(index).unwrap_or(0)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_chooses_the_format() {
        for (name, format) in [
            ("x.pcapng", FileFormat::Pcapng),
            ("X.PCAPNG", FileFormat::Pcapng),
            ("x.pcap", FileFormat::Pcap),
            ("x.pcapng.gz", FileFormat::Pcap),
            ("-", FileFormat::Pcap),
            ("pcapng", FileFormat::Pcap),
        ] {
            assert_eq!(FileFormat::for_path(Path::new(name)), format, "{name}");
        }
    }
}
