//! Frames in: where packets come from, before anything looks inside them.
//!
//! Every source (a saved file, a live interface) yields [`RawFrame`]s through the
//! [`FrameSource`] trait, so the stages after it never know where bytes came from. A source
//! reports damage as a [`CaptureError`] that names the record; the caller decides whether to go on.

mod error;
mod file;
mod filter;
mod link_type;
mod live;
pub(crate) mod pcapng;
mod prefetch;
mod stdin_tee;
mod timestamp;
mod writer;

pub use error::CaptureError;
pub use file::FileSource;
pub use filter::{BpfFilter, FilterSet};
pub use link_type::LinkType;
pub use live::{
    DEFAULT_BUFFER_SIZE, DEFAULT_SNAPLEN, LiveConfig, LiveSource, LiveStats, POLL_MS, StopHandle,
};
pub use prefetch::{BATCH_BYTES, BATCHES_IN_FLIGHT, Prefetched};
pub use timestamp::{Duration, Timestamp};
pub use writer::{FileFormat, PcapSink, PcapWriter};

/// One captured frame as the capture library handed it over: borrowed, never copied.
#[derive(Debug, Clone, Copy)]
pub struct RawFrame<'a> {
    /// 1-based record number in its source (filtered-out records are counted too).
    pub number: u64,
    /// The frame's link-layer header type (pcapng files may mix several).
    pub link_type: LinkType,
    /// When the frame was captured (already normalised, see [`Timestamp::from_parts`]).
    pub ts: Timestamp,
    /// Length of the frame on the wire.
    pub len: u32,
    /// The bytes that were captured (`data.len()` is the captured length).
    pub data: &'a [u8],
    /// Set when the record's sub-second field was out of range and had to be carried.
    pub ts_fixed: bool,
}

impl RawFrame<'_> {
    /// Captured length, as stored in the record.
    pub fn caplen(&self) -> u32 {
        u32::try_from(self.data.len()).unwrap_or(u32::MAX)
    }
}

/// A frame that owns its bytes: kept past the next read (the lab's run, the live TUI's feed).
#[derive(Debug, Clone)]
pub struct OwnedFrame {
    pub number: u64,
    pub link_type: LinkType,
    pub ts: Timestamp,
    pub len: u32,
    pub data: Vec<u8>,
    pub ts_fixed: bool,
}

impl OwnedFrame {
    /// The frame borrowed again, as every stage after capture takes it.
    pub fn raw(&self) -> RawFrame<'_> {
        RawFrame {
            number: self.number,
            link_type: self.link_type,
            ts: self.ts,
            len: self.len,
            data: &self.data,
            ts_fixed: self.ts_fixed,
        }
    }
}

impl From<&RawFrame<'_>> for OwnedFrame {
    fn from(f: &RawFrame<'_>) -> OwnedFrame {
        OwnedFrame {
            number: f.number,
            link_type: f.link_type,
            ts: f.ts,
            len: f.len,
            data: f.data.to_vec(),
            ts_fixed: f.ts_fixed,
        }
    }
}

/// Anything that yields frames one after another.
///
/// `next_frame` returns `Ok(None)` at the end of the input. An `Err` means the record could not
/// be read; a file source cannot go on after that, a live source may.
pub trait FrameSource {
    /// The link-layer header type of the first interface (a pcapng file can have more:
    /// each frame carries its own).
    fn link_type(&self) -> LinkType;
    /// The next frame, borrowed until the next call.
    fn next_frame(&mut self) -> Result<Option<RawFrame<'_>>, CaptureError>;

    /// Whether another frame can be had at once, without waiting. A live capture answers
    /// this so that its output is flushed when the interface goes quiet rather than after
    /// every packet of a burst; other sources say `false`.
    fn frame_ready(&mut self) -> bool {
        false
    }
}
