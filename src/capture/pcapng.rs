//! pcapng files whose interfaces have different link types (say Ethernet and BSD loopback),
//! which libpcap refuses ("an interface has a type ... different from the type of the first
//! interface"). pcap-file reads them; [`FileSource`](super::FileSource) hands over to this
//! reader at the record where libpcap stopped, so the frames before it are not read twice.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use pcap_file::pcapng::blocks::interface_description::InterfaceDescriptionOption;
use pcap_file::pcapng::{Block, PcapNgReader};

use super::{CaptureError, LinkType, RawFrame, Timestamp};

/// What a frame needs from its interface description block.
#[derive(Debug, Clone, Copy)]
struct Interface {
    link_type: LinkType,
    /// Timestamp units per second (pcapng's if_tsresol; 10^6 by default).
    units_per_sec: u64,
    /// 0 means no limit.
    snaplen: u32,
}

/// A pcapng reader that knows every interface's link type.
pub struct PcapngSource {
    path: PathBuf,
    reader: PcapNgReader<BufReader<File>>,
    interfaces: Vec<Interface>,
    records: u64,
    buf: Vec<u8>,
}

impl PcapngSource {
    /// Opens `path` and skips its first `already` packet records.
    pub fn resume(path: &Path, already: u64) -> Result<PcapngSource, CaptureError> {
        let file = File::open(path).map_err(|e| CaptureError::Open {
            path: path.to_owned(),
            reason: e.to_string(),
        })?;
        PcapngSource::resume_from(file, path, already)
    }

    /// [`PcapngSource::resume`] on a file already open (standard input's copy), named `path`
    /// in messages.
    pub fn resume_from(
        file: File,
        path: &Path,
        already: u64,
    ) -> Result<PcapngSource, CaptureError> {
        let open_err = |reason: String| CaptureError::Open {
            path: path.to_owned(),
            reason,
        };
        let reader =
            PcapNgReader::new(BufReader::new(file)).map_err(|e| open_err(e.to_string()))?;
        let mut source = PcapngSource {
            path: path.to_owned(),
            reader,
            interfaces: Vec::new(),
            records: 0,
            buf: Vec::new(),
        };
        while source.records < already {
            if source.next_frame()?.is_none() {
                break;
            }
        }
        Ok(source)
    }

    /// The next packet record, with the link type of its interface.
    pub fn next_frame(&mut self) -> Result<Option<RawFrame<'_>>, CaptureError> {
        loop {
            let record = self.records + 1;
            let block = match self.reader.next_block() {
                None => return Ok(None),
                Some(Err(e)) => {
                    return Err(CaptureError::Record {
                        path: self.path.clone(),
                        record,
                        reason: e.to_string(),
                    });
                }
                Some(Ok(b)) => b,
            };
            let (interface_id, raw_ts, len, data) = match block {
                Block::InterfaceDescription(idb) => {
                    let exponent = idb.options.iter().find_map(|o| match o {
                        InterfaceDescriptionOption::IfTsResol(r) => Some(*r),
                        _ => None,
                    });
                    self.interfaces.push(Interface {
                        link_type: LinkType(u32::from(idb.linktype)),
                        units_per_sec: units_per_sec(exponent.unwrap_or(6)),
                        snaplen: idb.snaplen,
                    });
                    continue;
                }
                Block::SectionHeader(_) => {
                    // Interface ids restart in each section.
                    self.interfaces.clear();
                    continue;
                }
                Block::EnhancedPacket(p) => {
                    // pcap-file returns the raw 64-bit count as nanoseconds, whatever the unit.
                    let raw = u64::try_from(p.timestamp.as_nanos()).unwrap_or(u64::MAX);
                    (p.interface_id, Some(raw), p.original_len, p.data)
                }
                Block::SimplePacket(p) => (0, None, p.original_len, p.data),
                Block::Packet(p) => (
                    u32::from(p.interface_id),
                    Some(p.timestamp),
                    p.original_len,
                    p.data,
                ),
                _ => continue,
            };
            self.records = record;
            let Some(interface) = usize::try_from(interface_id)
                .ok()
                .and_then(|i| self.interfaces.get(i))
                .copied()
            else {
                return Err(CaptureError::Record {
                    path: self.path.clone(),
                    record,
                    reason: format!(
                        "packet of interface {interface_id}, which no interface description block defines"
                    ),
                });
            };
            // A simple packet block has no timestamp: shown as 0, as libpcap does.
            let ts = raw_ts.map_or(Timestamp::default(), |raw| {
                timestamp_in_units(raw, interface.units_per_sec)
            });
            // Copied out of the block so that the reader is free again; only files libpcap
            // refuses take this path.
            self.buf.clear();
            self.buf.extend_from_slice(&data);
            if raw_ts.is_none() {
                // A simple packet block stores no captured length: it is the original length
                // cut at the snapshot length, and the data after it is padding.
                let cap = if interface.snaplen == 0 {
                    len
                } else {
                    len.min(interface.snaplen)
                };
                self.buf
                    .truncate(usize::try_from(cap).unwrap_or(usize::MAX));
            }
            return Ok(Some(RawFrame {
                number: record,
                link_type: interface.link_type,
                ts,
                len,
                data: &self.buf,
                ts_fixed: false,
            }));
        }
    }
}

/// A pcapng timestamp: `raw` counts units of `1 / units_per_sec` seconds since 1970.
pub(crate) fn timestamp_in_units(raw: u64, units_per_sec: u64) -> Timestamp {
    let units = units_per_sec.max(1);
    let secs = i64::try_from(raw / units).unwrap_or(i64::MAX);
    let frac = u128::from(raw % units) * 1_000_000_000 / u128::from(units);
    Timestamp::from_parts(secs, i64::try_from(frac).unwrap_or(0)).0
}

/// if_tsresol: the high bit chooses base 2, the rest is the (negative) exponent.
pub(crate) fn units_per_sec(tsresol: u8) -> u64 {
    let exp = u32::from(tsresol & 0x7f);
    if tsresol & 0x80 != 0 {
        1u64.checked_shl(exp).unwrap_or(u64::MAX)
    } else {
        10u64.checked_pow(exp).unwrap_or(u64::MAX)
    }
}
