//! Where each record libpcap returns lies in the file, so that the packet pane can read its
//! bytes again. libpcap reads the file and decides what is in it (frames, their fields, and
//! the error a damaged file stops at); [`Locator`] only follows the record and block lengths
//! alongside, one record per frame libpcap gives, and checks that the bytes it finds there are
//! the frame's. It never decides anything about the file itself: when it cannot find a frame's
//! bytes, it says so, and the index stops there.
//!
//! A classic pcap record's bytes start right after its header (16 bytes, 24 in the
//! "modified" formats); a pcapng enhanced or obsolete packet block's 28 bytes in, a simple
//! packet block's 12. Blocks that hold no packet are stepped over by their length.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

use crate::capture::RawFrame;

/// Read this much at a time.
const CHUNK: usize = 1 << 20;

const PCAPNG_SHB: u32 = 0x0A0D_0D0A;
const PCAPNG_BOM: u32 = 0x1A2B_3C4D;

/// Why a frame's bytes were not found.
#[derive(Debug, thiserror::Error)]
pub enum LocateError {
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("its bytes are not where the file's record lengths put them")]
    Lost,
}

/// How libpcap takes a classic record header's two length fields (sf-pcap.c): files before
/// version 2.3 have them the other way round, and 2.3 files may have either order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lengths {
    CapturedFirst,
    Swapped,
    MaybeSwapped,
}

#[derive(Debug, Clone, Copy)]
enum Format {
    Pcap {
        big: bool,
        header: u64,
        lengths: Lengths,
    },
    /// `big`: the byte order of the current section.
    Pcapng { big: bool },
}

/// Follows a capture file record by record.
pub struct Locator {
    window: Window,
    format: Format,
    /// Where the next record or block starts.
    next: u64,
}

impl Locator {
    /// Starts after the file header; `None` when the file starts like neither format (libpcap
    /// has opened it, so that does not happen).
    pub fn open(file: File) -> io::Result<Option<Locator>> {
        let mut window = Window::new(file);
        let Some(head) = window.get(0, 24)? else {
            return Ok(None);
        };
        let magic = u32::from_le_bytes([head[0], head[1], head[2], head[3]]);
        let minor_le = u16::from_le_bytes([head[6], head[7]]);
        let minor_be = u16::from_be_bytes([head[6], head[7]]);
        let pcap = |big: bool, header: u64| {
            let (major, minor) = if big {
                (u16::from_be_bytes([head[4], head[5]]), minor_be)
            } else {
                (u16::from_le_bytes([head[4], head[5]]), minor_le)
            };
            let lengths = match (major, minor) {
                (2, m) if m < 3 => Lengths::Swapped,
                (2, 3) => Lengths::MaybeSwapped,
                _ => Lengths::CapturedFirst,
            };
            Format::Pcap {
                big,
                header,
                lengths,
            }
        };
        let (format, next) = match magic {
            0xA1B2_C3D4 | 0xA1B2_3C4D => (pcap(false, 16), 24),
            0xD4C3_B2A1 | 0x4D3C_B2A1 => (pcap(true, 16), 24),
            0xA1B2_CD34 => (pcap(false, 24), 24),
            0x34CD_B2A1 => (pcap(true, 24), 24),
            PCAPNG_SHB => (Format::Pcapng { big: false }, 0),
            _ => return Ok(None),
        };
        Ok(Some(Locator {
            window,
            format,
            next,
        }))
    }

    /// Bytes of the file followed so far.
    pub fn position(&self) -> u64 {
        self.next
    }

    /// The file offset of `frame`'s bytes: the next record's (pcap) or the next packet
    /// block's (pcapng), checked against the bytes libpcap returned.
    pub fn locate(&mut self, frame: &RawFrame<'_>) -> Result<u64, LocateError> {
        let at = match self.format {
            Format::Pcap {
                big,
                header,
                lengths,
            } => self.pcap_record(big, header, lengths)?,
            Format::Pcapng { .. } => self.pcapng_packet()?,
        };
        match self.window.get(at, frame.data.len())? {
            Some(bytes) if bytes == frame.data => Ok(at),
            _ => Err(LocateError::Lost),
        }
    }

    fn pcap_record(
        &mut self,
        big: bool,
        header: u64,
        lengths: Lengths,
    ) -> Result<u64, LocateError> {
        let start = self.next;
        let h = self.window.get(start, 16)?.ok_or(LocateError::Lost)?;
        let (a, b) = (field(h, 8, big), field(h, 12, big));
        let stored = match lengths {
            Lengths::Swapped => b,
            Lengths::MaybeSwapped if a > b => b,
            _ => a,
        };
        let at = start + header;
        self.next = at + u64::from(stored);
        Ok(at)
    }

    fn pcapng_packet(&mut self) -> Result<u64, LocateError> {
        // Every block is at least 12 bytes, so this ends with the file.
        loop {
            let start = self.next;
            let h = self.window.get(start, 12)?.ok_or(LocateError::Lost)?;
            let kind = field(h, 0, false);
            if kind == PCAPNG_SHB {
                // The byte-order magic sets the order of this section's fields.
                let big = field(h, 8, true) == PCAPNG_BOM;
                self.format = Format::Pcapng { big };
            }
            let Format::Pcapng { big } = self.format else {
                return Err(LocateError::Lost);
            };
            let len = field(h, 4, big);
            if len < 12 {
                return Err(LocateError::Lost);
            }
            self.next = start + u64::from(len);
            let data = match field(h, 0, big) {
                // Enhanced and obsolete packet blocks, simple packet blocks.
                6 | 2 => 28,
                3 => 12,
                _ => continue,
            };
            return Ok(start + data);
        }
    }
}

/// The u32 at `at` of a header already known to be long enough.
fn field(h: &[u8], at: usize, big: bool) -> u32 {
    let b = h
        .get(at..at + 4)
        .map_or([0; 4], |b| [b[0], b[1], b[2], b[3]]);
    if big {
        u32::from_be_bytes(b)
    } else {
        u32::from_le_bytes(b)
    }
}

/// A forward-moving window on the file: `buf[0]` is the byte at `base`.
struct Window {
    file: File,
    buf: Vec<u8>,
    base: u64,
    eof: bool,
}

impl Window {
    fn new(file: File) -> Window {
        Window {
            file,
            buf: Vec::with_capacity(CHUNK),
            base: 0,
            eof: false,
        }
    }

    /// The `n` bytes at `at`, or `None` when the file ends first. `at` never goes back.
    fn get(&mut self, at: u64, n: usize) -> io::Result<Option<&[u8]>> {
        let Some(skip) = at
            .checked_sub(self.base)
            .and_then(|s| usize::try_from(s).ok())
        else {
            return Err(io::Error::other("the locator went back"));
        };
        if skip >= self.buf.len() {
            // Past what is buffered (a long record): jump there.
            self.buf.clear();
            self.base = at;
            self.file.seek(SeekFrom::Start(at))?;
            self.eof = false;
        } else if self.buf.len() - skip < n {
            self.buf.drain(..skip);
            self.base = at;
        }
        let from = usize::try_from(at - self.base).unwrap_or(usize::MAX);
        while self.buf.len().saturating_sub(from) < n && !self.eof {
            let old = self.buf.len();
            self.buf.resize(old + CHUNK.max(n), 0);
            let got = loop {
                match self.file.read(&mut self.buf[old..]) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    other => break other,
                }
            };
            let got = match got {
                Ok(got) => got,
                Err(e) => {
                    self.buf.truncate(old);
                    return Err(e);
                }
            };
            self.buf.truncate(old + got);
            self.eof = got == 0;
        }
        Ok(from.checked_add(n).and_then(|end| self.buf.get(from..end)))
    }
}
