//! Live capture from a network interface through libpcap.
//!
//! The handle is opened in immediate mode, so that each packet is handed over as soon as the
//! kernel has it, and non-blocking: wirelab waits for the socket itself, at most [`POLL_MS`]
//! at a time, so that a [`StopHandle`] (set from a signal handler, another thread, or the lab
//! once its last socket call is done) is noticed within that time even when no traffic
//! arrives. libpcap's own read timeout does not give that: on Linux (1.10) a blocking read
//! goes on polling after the timeout until a packet comes, so a quiet interface never let the
//! stop flag be seen.

use std::os::fd::AsFd;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use pcap::{Active, Capture, Precision};

use super::file::strip_libpcap;
use super::{CaptureError, FrameSource, LinkType, RawFrame, Timestamp};

/// How long a read waits for a packet before the stop flag is checked again.
pub const POLL_MS: u16 = 100;

/// Default snapshot length, as tcpdump's: whole frames.
pub const DEFAULT_SNAPLEN: i32 = 262_144;

/// What to open and how.
#[derive(Debug, Clone)]
pub struct LiveConfig {
    /// Interface name as libpcap knows it (`lo`, `eth0`, `any`).
    pub device: String,
    /// Bytes kept of each frame.
    pub snaplen: i32,
    /// Promiscuous mode (tcpdump's default; `-p` turns it off).
    pub promisc: bool,
    /// Kernel buffer size in bytes (`-B`, given in KiB by the user as tcpdump takes it).
    pub buffer_size: Option<i32>,
    /// Hand over each packet as it arrives instead of when the kernel buffer fills.
    pub immediate: bool,
    /// BPF filter, compiled by libpcap for the interface's link type and run in the kernel.
    pub filter: Option<String>,
}

impl LiveConfig {
    /// The defaults tcpdump uses, on `device`.
    pub fn new(device: impl Into<String>) -> LiveConfig {
        LiveConfig {
            device: device.into(),
            snaplen: DEFAULT_SNAPLEN,
            promisc: true,
            buffer_size: None,
            immediate: true,
            filter: None,
        }
    }
}

/// Asks a [`LiveSource`] to end: its next `next_frame` returns `Ok(None)`. Cheap to clone and
/// safe to set from a signal handler (it is one atomic store).
#[derive(Debug, Clone, Default)]
pub struct StopHandle(Arc<AtomicBool>);

impl StopHandle {
    pub fn stop(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_stopped(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    /// The flag itself, for `signal_hook::flag::register`.
    pub fn flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.0)
    }
}

/// libpcap's counters at the end of a capture, as tcpdump reports them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LiveStats {
    /// Packets handed to wirelab (after the filter).
    pub captured: u64,
    /// Packets the filter accepted ("received by filter"; on Linux this counts packets
    /// whether or not they were then read).
    pub received: u32,
    /// Dropped because the kernel buffer was full.
    pub dropped: u32,
    /// Dropped by the interface or its driver.
    pub if_dropped: u32,
}

/// An open live capture.
pub struct LiveSource {
    device: String,
    capture: Capture<Active>,
    link_type: LinkType,
    packets: u64,
    stop: StopHandle,
    /// The current frame's bytes. Copied out of libpcap's ring so that the read loop can wait
    /// on timeouts without holding libpcap's borrow; a live rate makes the copy negligible.
    buf: Vec<u8>,
}

impl LiveSource {
    /// Opens and activates the capture and installs the filter. Needs CAP_NET_RAW (root).
    pub fn open(config: &LiveConfig) -> Result<LiveSource, CaptureError> {
        let fail = |reason: String| CaptureError::Live {
            device: config.device.clone(),
            reason,
        };
        let mut inactive = Capture::from_device(config.device.as_str())
            .map_err(|e| fail(strip_libpcap(&e.to_string()).to_owned()))?
            .snaplen(config.snaplen)
            .promisc(config.promisc)
            .immediate_mode(config.immediate)
            .timeout(i32::from(POLL_MS))
            .precision(Precision::Nano);
        if let Some(size) = config.buffer_size {
            inactive = inactive.buffer_size(size);
        }
        let capture = inactive.open().map_err(|e| {
            let reason = strip_libpcap(&e.to_string()).to_owned();
            if is_permission_error(&reason) {
                CaptureError::Permission {
                    device: config.device.clone(),
                    reason,
                }
            } else {
                fail(reason)
            }
        })?;
        let mut capture = capture
            .setnonblock()
            .map_err(|e| fail(strip_libpcap(&e.to_string()).to_owned()))?;
        if let Some(expr) = &config.filter {
            capture
                .filter(expr, true)
                .map_err(|e| CaptureError::LiveFilter {
                    device: config.device.clone(),
                    filter: expr.clone(),
                    reason: strip_libpcap(&e.to_string()).to_owned(),
                })?;
        }
        let link_type = LinkType(u32::try_from(capture.get_datalink().0).unwrap_or(u32::MAX));
        Ok(LiveSource {
            device: config.device.clone(),
            capture,
            link_type,
            packets: 0,
            stop: StopHandle::default(),
            buf: Vec::new(),
        })
    }

    /// A handle that ends the capture from elsewhere.
    pub fn stop_handle(&self) -> StopHandle {
        self.stop.clone()
    }

    /// Uses `stop` (e.g. one already registered with a signal handler) as this source's flag.
    pub fn with_stop_handle(mut self, stop: StopHandle) -> LiveSource {
        self.stop = stop;
        self
    }

    pub fn device(&self) -> &str {
        &self.device
    }

    /// libpcap's counters so far.
    pub fn stats(&mut self) -> Result<LiveStats, CaptureError> {
        let s = self.capture.stats().map_err(|e| CaptureError::Live {
            device: self.device.clone(),
            reason: strip_libpcap(&e.to_string()).to_owned(),
        })?;
        Ok(LiveStats {
            captured: self.packets,
            received: s.received,
            dropped: s.dropped,
            if_dropped: s.if_dropped,
        })
    }
}

/// libpcap reports a missing capability in words, not in a distinct error value through the
/// pcap crate.
fn is_permission_error(reason: &str) -> bool {
    let r = reason.to_ascii_lowercase();
    r.contains("permission") || r.contains("not permitted") || r.contains("perm_denied")
}

impl FrameSource for LiveSource {
    fn link_type(&self) -> LinkType {
        self.link_type
    }

    fn next_frame(&mut self) -> Result<Option<RawFrame<'_>>, CaptureError> {
        let (ts, ts_fixed, len) = loop {
            if self.stop.is_stopped() {
                return Ok(None);
            }
            match self.capture.next_packet() {
                Ok(packet) => {
                    let (ts, fixed) =
                        Timestamp::from_parts(packet.header.ts.tv_sec, packet.header.ts.tv_usec);
                    self.buf.clear();
                    self.buf.extend_from_slice(packet.data);
                    break (ts, fixed, packet.header.len);
                }
                // Non-blocking: nothing yet. Wait for the socket, briefly, then look again
                // (a signal ends the wait early, and the flag is checked first thing).
                Err(pcap::Error::TimeoutExpired) => {
                    let mut fds = [PollFd::new(self.capture.as_fd(), PollFlags::POLLIN)];
                    match poll(&mut fds, PollTimeout::from(POLL_MS)) {
                        Ok(_) | Err(nix::errno::Errno::EINTR) => continue,
                        Err(e) => {
                            return Err(CaptureError::Live {
                                device: self.device.clone(),
                                reason: format!("waiting for packets: {}", e.desc()),
                            });
                        }
                    }
                }
                Err(pcap::Error::NoMorePackets) => return Ok(None),
                Err(e) => {
                    return Err(CaptureError::Live {
                        device: self.device.clone(),
                        reason: strip_libpcap(&e.to_string()).to_owned(),
                    });
                }
            }
        };
        self.packets += 1;
        Ok(Some(RawFrame {
            number: self.packets,
            link_type: self.link_type,
            ts,
            len,
            data: &self.buf,
            ts_fixed,
        }))
    }
}
