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
use pcap::{Active, Capture, Linktype, Precision};

use super::file::strip_libpcap;
use super::{CaptureError, FrameSource, LinkType, RawFrame, Timestamp};

/// How long a read waits for a packet before the stop flag is checked again.
pub const POLL_MS: u16 = 100;

/// Default snapshot length, as tcpdump's: whole frames.
pub const DEFAULT_SNAPLEN: i32 = 262_144;

/// Default kernel buffer (the packet ring), 32 MiB. libpcap's own default is 2 MiB, and on
/// loopback, whose 64 KiB MTU makes each ring slot 128 KiB, that is 16 packets: a burst of
/// one short TCP connection and a UDP exchange overflowed it whenever wirelab was descheduled
/// for a moment, and the kernel dropped the rest (seen in this project's tests on a busy
/// 2-core machine). 32 MiB holds 256 loopback packets, or thousands of Ethernet ones.
pub const DEFAULT_BUFFER_SIZE: i32 = 32 * 1024 * 1024;

/// What to open and how.
#[derive(Debug, Clone)]
pub struct LiveConfig {
    /// Interface name as libpcap knows it (`lo`, `eth0`, `any`).
    pub device: String,
    /// Bytes kept of each frame.
    pub snaplen: i32,
    /// Promiscuous mode (tcpdump's default; `-p` turns it off).
    pub promisc: bool,
    /// Kernel buffer size in bytes (`-B`, given in KiB by the user as tcpdump takes it);
    /// `None` leaves libpcap's default (2 MiB).
    pub buffer_size: Option<i32>,
    /// Hand over each packet as it arrives instead of when the kernel buffer fills.
    pub immediate: bool,
    /// BPF filter, compiled by libpcap for the interface's link type and run in the kernel.
    pub filter: Option<String>,
}

impl LiveConfig {
    /// The defaults tcpdump uses on `device`, except a larger buffer ([`DEFAULT_BUFFER_SIZE`]).
    pub fn new(device: impl Into<String>) -> LiveConfig {
        LiveConfig {
            device: device.into(),
            snaplen: DEFAULT_SNAPLEN,
            promisc: true,
            buffer_size: Some(DEFAULT_BUFFER_SIZE),
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
    /// A packet already read into `buf` by [`FrameSource::frame_ready`]: its time, whether
    /// the time was carried, and its wire length.
    ahead: Option<(Timestamp, bool, u32)>,
}

impl LiveSource {
    /// Opens and activates the capture and installs the filter. Needs CAP_NET_RAW (root).
    pub fn open(config: &LiveConfig) -> Result<LiveSource, CaptureError> {
        let fail = |reason: String| CaptureError::Live {
            device: config.device.clone(),
            reason,
        };
        // libpcap answers promiscuous mode on `any` with a warning, which the pcap crate turns
        // into a failed open; `any` cannot be promiscuous anyway (tcpdump says the same).
        let promisc = config.promisc && config.device != "any";
        let mut inactive = Capture::from_device(config.device.as_str())
            .map_err(|e| fail(strip_libpcap(&e.to_string()).to_owned()))?
            .snaplen(config.snaplen)
            .promisc(promisc)
            .immediate_mode(config.immediate)
            .timeout(i32::from(POLL_MS))
            .precision(Precision::Nano);
        if let Some(size) = config.buffer_size {
            inactive = inactive.buffer_size(size);
        }
        let capture = inactive.open().map_err(|e| {
            let reason = strip_libpcap(&e.to_string()).to_owned();
            if is_permission_error(&reason, crate::privilege::can_capture()) {
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
        // `any` offers Linux cooked v1 and v2; v2 also names the interface each packet was
        // on, and is what tcpdump picks.
        let sll2 = Linktype(LinkType::LINUX_SLL2.0 as i32);
        if capture.get_datalink() != sll2
            && capture
                .list_datalinks()
                .is_ok_and(|links| links.contains(&sll2))
        {
            capture
                .set_datalink(sll2)
                .map_err(|e| fail(strip_libpcap(&e.to_string()).to_owned()))?;
        }
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
            ahead: None,
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

    /// Asks libpcap for a packet without waiting. `Ok(true)`: one was copied into `buf` and
    /// noted in `ahead`; `Ok(false)`: none is there yet.
    fn read_ahead(&mut self) -> Result<bool, pcap::Error> {
        match self.capture.next_packet() {
            Ok(packet) => {
                let (ts, fixed) =
                    Timestamp::from_parts(packet.header.ts.tv_sec, packet.header.ts.tv_usec);
                self.buf.clear();
                self.buf.extend_from_slice(packet.data);
                self.ahead = Some((ts, fixed, packet.header.len));
                Ok(true)
            }
            Err(pcap::Error::TimeoutExpired) => Ok(false),
            Err(e) => Err(e),
        }
    }
}

/// Whether a failed open was for lack of privilege. The pcap crate hides libpcap's
/// PCAP_ERROR_PERM_DENIED status and passes on only its text, which on Linux (libpcap 1.10,
/// unprivileged) is the failed system call's: "socket: Operation not permitted" (EPERM);
/// EACCES reads "Permission denied". A process known to lack CAP_NET_RAW (`has_cap` false)
/// gets the privilege advice whatever the words, since nothing else it tries will work.
fn is_permission_error(reason: &str, has_cap: Option<bool>) -> bool {
    let r = reason.to_ascii_lowercase();
    let words = r.contains("permission")
        || r.contains("not permitted")
        || r.contains("cap_net_raw")
        || r.contains("perm_denied");
    words || (has_cap == Some(false) && !r.contains("no such device"))
}

impl FrameSource for LiveSource {
    fn link_type(&self) -> LinkType {
        self.link_type
    }

    /// Reads the next packet ahead when libpcap already has one, without waiting.
    fn frame_ready(&mut self) -> bool {
        // An error is left for `next_frame`, which meets it again and reports it.
        self.ahead.is_some() || (!self.stop.is_stopped() && matches!(self.read_ahead(), Ok(true)))
    }

    fn next_frame(&mut self) -> Result<Option<RawFrame<'_>>, CaptureError> {
        let (ts, ts_fixed, len) = loop {
            if let Some(ahead) = self.ahead.take() {
                break ahead;
            }
            if self.stop.is_stopped() {
                return Ok(None);
            }
            match self.read_ahead() {
                Ok(true) => continue,
                // Non-blocking: nothing yet. Wait for the socket, briefly, then look again
                // (a signal ends the wait early, and the flag is checked first thing).
                Ok(false) => {
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

#[cfg(test)]
mod tests {
    use super::is_permission_error;

    #[test]
    fn libpcaps_words_for_a_missing_capability_are_recognised() {
        // What libpcap 1.10 says to an unprivileged process (seen with setpriv, uid 65534).
        assert!(is_permission_error("socket: Operation not permitted", None));
        assert!(is_permission_error("socket: Permission denied", Some(true)));
        assert!(is_permission_error(
            "Attempt to create packet socket failed - CAP_NET_RAW may be required",
            None
        ));
        // Anything goes wrong without CAP_NET_RAW: the advice is what helps.
        assert!(is_permission_error("something else", Some(false)));
        assert!(!is_permission_error(
            "SIOCGIFHWADDR: No such device",
            Some(true)
        ));
        assert!(!is_permission_error(
            "SIOCGIFHWADDR: No such device",
            Some(false)
        ));
    }
}
