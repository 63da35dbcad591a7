//! Live capture from a network interface through libpcap.
//!
//! By default the handle uses libpcap's TPACKET_V3 ring, not immediate mode. In immediate mode
//! libpcap 1.10 uses TPACKET_V2 instead, whose ring has one fixed-size slot per packet, sized
//! for the largest frame the interface can carry: on `lo` (64 KiB MTU) a slot is 64 KiB in a
//! block of 128 KiB, so a 32 MiB buffer has 512 slots, and since on `lo` the kernel puts both
//! copies of each packet (sent and received) in the ring, that is 256 packets of any size.
//! TPACKET_V3 packs packets one after another into 256 KiB blocks, so the same 32 MiB held
//! about 60,000 loopback datagrams of 100 bytes while nothing read it. The kernel hands a block
//! over when it is full or, at the latest, a [`DEFAULT_BLOCK_TIMEOUT_MS`] timer tick or two
//! after its first packet, which bounds how late a packet on a quiet interface is seen.
//!
//! A reader thread empties the ring into batches in memory ([`LIVE_QUEUE_BYTES`] of packets
//! at most), ahead of decoding, so a burst that decoding cannot keep up with waits in memory
//! instead of filling the ring. A batch is handed over as soon as the ring has nothing more,
//! so one packet alone is not held back; while the queue is full, the batch being filled
//! grows to its full size first.
//!
//! The handle is non-blocking: the reader waits for the socket itself, at most [`POLL_MS`] at
//! a time, so that a [`StopHandle`] (set from a signal handler, another thread, or the lab
//! once its last socket call is done) is noticed within that time even when no traffic
//! arrives. libpcap's own read timeout does not give that: on Linux (1.10) a blocking TPACKET_V3
//! read polls without a timeout, since the kernel hands over no empty block, so a quiet
//! interface never let the stop flag be seen.

use std::os::fd::{AsFd, OwnedFd};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, SyncSender, channel, sync_channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use pcap::{Active, Capture, Linktype, Precision};

use super::file::strip_libpcap;
use super::prefetch::Batch;
use super::{CaptureError, FrameSource, LinkType, RawFrame, Timestamp};

/// How long a read waits for a packet before the stop flag is checked again.
pub const POLL_MS: u16 = 100;

/// Default snapshot length, as tcpdump's: whole frames. With TPACKET_V3 it changes only how
/// much of each packet is copied, not how many packets the ring holds.
pub const DEFAULT_SNAPLEN: i32 = 262_144;

/// Default kernel buffer (the packet ring), 32 MiB: 128 TPACKET_V3 blocks of 256 KiB.
/// libpcap's own default is 2 MiB (8 blocks), what tcpdump uses.
pub const DEFAULT_BUFFER_SIZE: i32 = 32 * 1024 * 1024;

/// Default TPACKET_V3 block timeout: a block holding packets is handed over after this long
/// even if it is not full. Short, so that a line appears well within 100 ms of its packet;
/// it costs nothing in a burst, whose blocks fill long before (a 256 KiB block holds about
/// several hundred small packets). tcpdump 4.99 asks for 100 ms when it prints and 1,000 ms
/// with `-w` (its `PACKET_RX_RING` request, read with gdb).
pub const DEFAULT_BLOCK_TIMEOUT_MS: u16 = 10;

/// Bytes of packets the reader thread may have read ahead of the decoding, as many as the
/// default ring holds. Counted in bytes, not batches: a reader that keeps up with the wire
/// hands over many small batches.
pub const LIVE_QUEUE_BYTES: usize = 32 * 1024 * 1024;
/// A batch is handed over when the ring has nothing more, or once it holds this many bytes...
pub const LIVE_BATCH_BYTES: usize = 256 * 1024;
/// Spent batches kept for reuse.
const SPARE_BATCHES: usize = 16;
/// ... or this many packets.
const LIVE_BATCH_FRAMES: usize = 2048;

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
    /// libpcap's immediate mode: each packet handed over as it arrives, through a TPACKET_V2
    /// ring of one interface-MTU-sized slot per packet (see the module's words). Off by
    /// default: TPACKET_V3 with [`LiveConfig::block_timeout_ms`] is as prompt for a person
    /// and holds far more packets.
    pub immediate: bool,
    /// How long the kernel may hold a TPACKET_V3 block that has packets before handing it
    /// over (libpcap's timeout; unused in immediate mode).
    pub block_timeout_ms: u16,
    /// BPF filter, compiled by libpcap for the interface's link type and run in the kernel.
    pub filter: Option<String>,
}

impl LiveConfig {
    /// tcpdump's defaults on `device`, except a larger buffer ([`DEFAULT_BUFFER_SIZE`]) and a
    /// shorter block timeout (`DEFAULT_BLOCK_TIMEOUT_MS`).
    pub fn new(device: impl Into<String>) -> LiveConfig {
        LiveConfig {
            device: device.into(),
            snaplen: DEFAULT_SNAPLEN,
            promisc: true,
            buffer_size: Some(DEFAULT_BUFFER_SIZE),
            immediate: false,
            block_timeout_ms: DEFAULT_BLOCK_TIMEOUT_MS,
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

/// The libpcap handle, shared by the reader thread (which reads it) and the source (which
/// asks it for statistics).
type SharedCapture = Arc<Mutex<Capture<Active>>>;

/// The reader thread's ends of the two channels.
struct ReaderEnds {
    filled: Sender<Batch>,
    spent: Receiver<Batch>,
}

/// An open live capture.
pub struct LiveSource {
    device: String,
    capture: SharedCapture,
    link_type: LinkType,
    /// Frames handed out by `next_frame`.
    packets: u64,
    stop: StopHandle,
    /// Set when the source is dropped, so that the reader thread ends too.
    gone: Arc<AtomicBool>,
    /// Until the first read: the reader thread starts then, with the stop handle in force.
    reader: Option<ReaderEnds>,
    filled: Receiver<Batch>,
    /// Bytes in batches handed over and not yet taken: the reader waits above
    /// [`LIVE_QUEUE_BYTES`].
    queued: Arc<AtomicUsize>,
    /// Read batches go back to the reader, so buffers are reused, not reallocated.
    spent: SyncSender<Batch>,
    current: Batch,
    next: usize,
    ended: bool,
}

impl LiveSource {
    /// Opens and activates the capture and installs the filter. Needs CAP_NET_RAW (root).
    pub fn open(config: &LiveConfig) -> Result<LiveSource, CaptureError> {
        let capture = activate(config)?;
        let link_type = LinkType(u32::try_from(capture.get_datalink().0).unwrap_or(u32::MAX));
        let (filled_tx, filled) = channel::<Batch>();
        let (spent, spent_rx) = sync_channel::<Batch>(SPARE_BATCHES);
        Ok(LiveSource {
            device: config.device.clone(),
            capture: Arc::new(Mutex::new(capture)),
            link_type,
            packets: 0,
            stop: StopHandle::default(),
            gone: Arc::default(),
            reader: Some(ReaderEnds {
                filled: filled_tx,
                spent: spent_rx,
            }),
            filled,
            queued: Arc::default(),
            spent,
            current: Batch::default(),
            next: 0,
            ended: false,
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
        let s = self
            .capture
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .stats()
            .map_err(|e| self.live_error(&e))?;
        Ok(LiveStats {
            captured: self.packets,
            received: s.received,
            dropped: s.dropped,
            if_dropped: s.if_dropped,
        })
    }

    fn live_error(&self, e: &pcap::Error) -> CaptureError {
        CaptureError::Live {
            device: self.device.clone(),
            reason: strip_libpcap(&e.to_string()).to_owned(),
        }
    }

    /// Starts the reader thread, once.
    fn start_reader(&mut self) -> Result<(), CaptureError> {
        let Some(ends) = self.reader.take() else {
            return Ok(());
        };
        // The thread waits on its own descriptor of the socket, so that it need not hold
        // the handle's lock while it waits.
        let fd = self
            .capture
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_fd()
            .try_clone_to_owned()
            .map_err(|e| CaptureError::Live {
                device: self.device.clone(),
                reason: format!("cannot wait for packets: {e}"),
            })?;
        let reader = RingReader {
            device: self.device.clone(),
            capture: Arc::clone(&self.capture),
            fd,
            link_type: self.link_type,
            stop: self.stop.clone(),
            gone: Arc::clone(&self.gone),
            queued: Arc::clone(&self.queued),
            number: 0,
        };
        thread::spawn(move || reader.run(&ends));
        Ok(())
    }

    /// Makes the next filled batch the current one; `false` if none came (`wait` long).
    fn take_batch(&mut self, wait: Option<Duration>) -> Result<bool, CaptureError> {
        self.start_reader()?;
        let batch = match wait {
            None => self.filled.try_recv().ok(),
            Some(wait) => match self.filled.recv_timeout(wait) {
                Ok(batch) => Some(batch),
                Err(RecvTimeoutError::Timeout) => None,
                // The reader ended without saying how: it can only have panicked.
                Err(RecvTimeoutError::Disconnected) => {
                    self.ended = true;
                    None
                }
            },
        };
        let Some(batch) = batch else {
            return Ok(false);
        };
        self.queued.fetch_sub(batch.bytes(), Ordering::SeqCst);
        let spent = std::mem::replace(&mut self.current, batch);
        let _ = self.spent.try_send(spent);
        self.next = 0;
        Ok(true)
    }
}

impl Drop for LiveSource {
    fn drop(&mut self) {
        self.gone.store(true, Ordering::SeqCst);
    }
}

/// Opens, configures and activates the libpcap handle.
fn activate(config: &LiveConfig) -> Result<Capture<Active>, CaptureError> {
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
        .timeout(i32::from(config.block_timeout_ms.max(1)))
        .precision(Precision::Nano);
    if let Some(size) = config.buffer_size {
        inactive = inactive.buffer_size(size);
    }
    let capture = inactive.open().map_err(|e| {
        let reason = strip_libpcap(&e.to_string()).to_owned();
        if is_permission_error(&reason, crate::os::privilege::can_capture()) {
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
    Ok(capture)
}

/// The reader thread: empties libpcap's ring into batches as fast as packets come.
struct RingReader {
    device: String,
    capture: SharedCapture,
    fd: OwnedFd,
    link_type: LinkType,
    stop: StopHandle,
    gone: Arc<AtomicBool>,
    queued: Arc<AtomicUsize>,
    /// Packets read so far: the frame numbers.
    number: u64,
}

impl RingReader {
    fn run(mut self, ends: &ReaderEnds) {
        let mut batch = Batch::default();
        loop {
            if self.stop.is_stopped() || self.gone.load(Ordering::SeqCst) {
                return;
            }
            self.fill(&mut batch);
            if batch.len() == 0 && batch.end.is_none() {
                match self.wait() {
                    Ok(()) => continue,
                    Err(e) => batch.end = Some(Err(e)),
                }
            }
            let last = batch.end.is_some();
            if !last && self.queued.load(Ordering::SeqCst) >= LIVE_QUEUE_BYTES {
                // The decoding is far behind: the batch grows to its full size meanwhile,
                // then the ring holds the rest.
                thread::sleep(Duration::from_millis(1));
                continue;
            }
            let mut next = ends.spent.try_recv().unwrap_or_default();
            next.clear();
            self.queued.fetch_add(batch.bytes(), Ordering::SeqCst);
            // The source went away (dropped, or its reader stopped reading): stop.
            if ends
                .filled
                .send(std::mem::replace(&mut batch, next))
                .is_err()
                || last
            {
                return;
            }
        }
    }

    /// Copies what the ring holds now into `batch`, until it is empty or the batch full.
    fn fill(&mut self, batch: &mut Batch) {
        let mut capture = self.capture.lock().unwrap_or_else(PoisonError::into_inner);
        while !batch.is_full(LIVE_BATCH_BYTES, LIVE_BATCH_FRAMES) {
            match capture.next_packet() {
                Ok(packet) => {
                    let (ts, ts_fixed) =
                        Timestamp::from_parts(packet.header.ts.tv_sec, packet.header.ts.tv_usec);
                    self.number += 1;
                    batch.push(&RawFrame {
                        number: self.number,
                        link_type: self.link_type,
                        ts,
                        len: packet.header.len,
                        data: packet.data,
                        ts_fixed,
                    });
                }
                // Non-blocking: nothing more yet.
                Err(pcap::Error::TimeoutExpired) => return,
                Err(pcap::Error::NoMorePackets) => {
                    batch.end = Some(Ok(()));
                    return;
                }
                Err(e) => {
                    batch.end = Some(Err(CaptureError::Live {
                        device: self.device.clone(),
                        reason: strip_libpcap(&e.to_string()).to_owned(),
                    }));
                    return;
                }
            }
        }
    }

    /// Waits for the socket, briefly (a signal ends the wait early too).
    fn wait(&self) -> Result<(), CaptureError> {
        let mut fds = [PollFd::new(self.fd.as_fd(), PollFlags::POLLIN)];
        match poll(&mut fds, PollTimeout::from(POLL_MS)) {
            Ok(_) | Err(nix::errno::Errno::EINTR) => Ok(()),
            Err(e) => Err(CaptureError::Live {
                device: self.device.clone(),
                reason: format!("waiting for packets: {}", e.desc()),
            }),
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

    /// Whether the reader thread has a packet waiting (the decoding is behind the wire).
    fn frame_ready(&mut self) -> bool {
        if self.next < self.current.len() {
            return true;
        }
        if self.ended || self.stop.is_stopped() || self.current.end.is_some() {
            return false;
        }
        // An error is left for `next_frame`, which meets it again and reports it.
        matches!(self.take_batch(None), Ok(true)) && self.next < self.current.len()
    }

    fn next_frame(&mut self) -> Result<Option<RawFrame<'_>>, CaptureError> {
        while self.next >= self.current.len() {
            if self.ended || self.stop.is_stopped() {
                return Ok(None);
            }
            if let Some(end) = self.current.end.take() {
                self.ended = true;
                end?;
                return Ok(None);
            }
            self.take_batch(Some(Duration::from_millis(u64::from(POLL_MS))))?;
        }
        if self.stop.is_stopped() {
            return Ok(None);
        }
        self.next += 1;
        self.packets += 1;
        Ok(self.current.frame(self.next - 1))
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
