//! Saved captures (pcap, pcapng, or `-` for standard input) read through libpcap.

use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};

use pcap::{Capture, Offline, Precision};

use super::pcapng::PcapngSource;
use super::stdin_tee::StdinTee;
use super::{CaptureError, FrameSource, LinkType, RawFrame, Timestamp};

/// What libpcap says when a pcapng file mixes link types.
const MIXED_LINK_TYPES: &str = "different from the type of the first interface";

/// A capture file opened with libpcap, timestamps asked for in nanoseconds so that nothing a
/// nanosecond file holds is lost (microsecond files are scaled by libpcap).
pub struct FileSource {
    path: PathBuf,
    capture: Capture<Offline>,
    /// Standard input's copy, for the fallback (`-` only).
    stdin: Option<StdinTee>,
    link_type: LinkType,
    /// Records read so far, to number frames and name the one that fails.
    records: u64,
    /// Takes over when libpcap refuses a pcapng file's second link type.
    fallback: Option<PcapngSource>,
}

impl FileSource {
    /// Opens `path` (`-` is standard input, as for tcpdump).
    pub fn open(path: &Path) -> Result<FileSource, CaptureError> {
        let stdin = if path == Path::new("-") {
            Some(StdinTee::start().map_err(|e| CaptureError::Open {
                path: path.to_owned(),
                reason: e.to_string(),
            })?)
        } else {
            None
        };
        // libpcap takes a C string, which the pcap crate makes from UTF-8 only: a file whose
        // name is other bytes is opened here and handed over by its /proc/self/fd name.
        let mut held = None;
        let opened = match &stdin {
            Some(tee) => tee.pipe_path(),
            None if path.to_str().is_none() => {
                let file = std::fs::File::open(path).map_err(|e| CaptureError::Open {
                    path: path.to_owned(),
                    reason: e.to_string(),
                })?;
                let by_fd = PathBuf::from(format!("/proc/self/fd/{}", file.as_raw_fd()));
                held = Some(file);
                by_fd
            }
            None => path.to_owned(),
        };
        let capture = Capture::from_file_with_precision(&opened, Precision::Nano).map_err(|e| {
            CaptureError::Open {
                path: path.to_owned(),
                reason: open_reason(&opened, e),
            }
        })?;
        // libpcap has a descriptor of its own now.
        drop(held);
        let link_type = LinkType(u32::try_from(capture.get_datalink().0).unwrap_or(u32::MAX));
        Ok(FileSource {
            path: path.to_owned(),
            capture,
            stdin,
            link_type,
            records: 0,
            fallback: None,
        })
    }

    /// The libpcap name of the link type ("EN10MB"), for messages about unknown types.
    pub fn link_type_libpcap_name(&self) -> Option<String> {
        let lt = pcap::Linktype(i32::try_from(self.link_type.0).unwrap_or(-1));
        lt.get_name().ok()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// libpcap says "No such file or directory" without the cause's context; keep its words but
/// make the common cases read well.
fn open_reason(path: &Path, e: pcap::Error) -> String {
    let msg = e.to_string();
    let msg = strip_libpcap(&msg).to_owned();
    let shown = path.display().to_string();
    // libpcap often repeats the file name at the start of its message.
    msg.strip_prefix(&format!("{shown}: "))
        .map(str::to_owned)
        .unwrap_or(msg)
}

pub(super) fn strip_libpcap(msg: &str) -> &str {
    msg.strip_prefix("libpcap error: ").unwrap_or(msg)
}

/// The pcapng reader that takes over from libpcap after record `records`: on the file again,
/// or on standard input's copy.
fn resume(
    path: &Path,
    records: u64,
    stdin: Option<StdinTee>,
) -> Result<PcapngSource, CaptureError> {
    match stdin {
        None => PcapngSource::resume(path, records),
        Some(tee) => {
            let copy = tee.into_copy().map_err(|e| CaptureError::Record {
                path: path.to_owned(),
                record: records + 1,
                reason: format!("cannot read the rest of standard input: {e}"),
            })?;
            PcapngSource::resume_from(copy, path, records)
        }
    }
}

impl FrameSource for FileSource {
    fn link_type(&self) -> LinkType {
        self.link_type
    }

    fn next_frame(&mut self) -> Result<Option<RawFrame<'_>>, CaptureError> {
        if self.fallback.is_none() {
            match self.capture.next_packet() {
                Ok(packet) => {
                    self.records += 1;
                    let (ts, ts_fixed) =
                        Timestamp::from_parts(packet.header.ts.tv_sec, packet.header.ts.tv_usec);
                    return Ok(Some(RawFrame {
                        number: self.records,
                        link_type: self.link_type,
                        ts,
                        len: packet.header.len,
                        data: packet.data,
                        ts_fixed,
                    }));
                }
                Err(pcap::Error::NoMorePackets) => return Ok(None),
                Err(e) => {
                    let reason = strip_libpcap(&e.to_string()).to_owned();
                    if !reason.contains(MIXED_LINK_TYPES) {
                        return Err(CaptureError::Record {
                            path: self.path.clone(),
                            record: self.records + 1,
                            reason,
                        });
                    }
                    self.fallback = Some(resume(&self.path, self.records, self.stdin.take())?);
                }
            }
        }
        match self.fallback.as_mut() {
            Some(f) => f.next_frame(),
            None => Ok(None),
        }
    }
}
