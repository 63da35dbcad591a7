//! The forwarder: two threads in the path namespace, one per direction, each reading the
//! frames that arrive on one veth end (libpcap, immediate mode, `direction(In)` so a handle
//! never reads what was sent through it) and sending what the [`PathEngine`] lets go on the
//! other end. Both stop when [`Forwarder`] is finished or dropped, before the namespaces go.

use std::os::fd::AsFd;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::thread::{self, JoinHandle};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use nix::poll::{PollFd, PollFlags, PollTimeout, poll};

use super::engine::{PathEngine, Verdict};
use crate::lab::LabError;
use crate::lab::netns::{self, Namespace};
use crate::track::Role;

/// The longest a thread waits for a frame before it looks at the stop flag again.
const POLL_AT_MOST: Duration = Duration::from_millis(5);
/// Frames read in one go before the queue is looked at again.
const BATCH: usize = 64;

/// The running forwarder.
pub struct Forwarder {
    stop: Arc<AtomicBool>,
    engine: Arc<Mutex<PathEngine>>,
    threads: Vec<JoinHandle<Result<(), LabError>>>,
}

fn now() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

fn pcap_error(what: &str, dev: &str) -> impl Fn(pcap::Error) -> LabError {
    let what = format!("{what} {dev}");
    move |e| LabError::Path(format!("{what}: {e}"))
}

/// One direction: frames from `side` come in on `input` and leave on `output`.
fn direction(
    side: Role,
    input: &str,
    output: &str,
    engine: &Mutex<PathEngine>,
    stop: &AtomicBool,
    ready: &mpsc::Sender<()>,
) -> Result<(), LabError> {
    let mut reader = pcap::Capture::from_device(input)
        .map_err(pcap_error("open", input))?
        .immediate_mode(true)
        .snaplen(65_535)
        .open()
        .and_then(pcap::Capture::setnonblock)
        .map_err(pcap_error("open", input))?;
    reader
        .direction(pcap::Direction::In)
        .map_err(pcap_error("direction in on", input))?;
    let mut writer = pcap::Capture::from_device(output)
        .map_err(pcap_error("open", output))?
        .open()
        .map_err(pcap_error("open", output))?;
    let _ = ready.send(());
    let lock = || engine.lock().unwrap_or_else(PoisonError::into_inner);
    while !stop.load(Ordering::SeqCst) {
        // Until a frame comes or the next queued one is due (the precision of --latency
        // and --rate is the millisecond of poll()).
        let wait = lock()
            .next_due(side)
            .map_or(POLL_AT_MOST, |due| due.saturating_sub(now()))
            .min(POLL_AT_MOST);
        let ms = u16::try_from(wait.as_micros().div_ceil(1000)).unwrap_or(5);
        let mut fds = [PollFd::new(reader.as_fd(), PollFlags::POLLIN)];
        match poll(&mut fds, PollTimeout::from(ms)) {
            Ok(_) | Err(nix::errno::Errno::EINTR) => {}
            Err(e) => return Err(LabError::Path(format!("poll {input}: {e}"))),
        }
        for _ in 0..BATCH {
            match reader.next_packet() {
                Ok(p) => lock().arrive(side, now(), p.data),
                Err(pcap::Error::TimeoutExpired) => break,
                Err(e) => return Err(pcap_error("read", input)(e)),
            }
        }
        let out = lock().due(side, now());
        for f in out {
            writer
                .sendpacket(f)
                .map_err(pcap_error("send on", output))?;
        }
    }
    Ok(())
}

impl Forwarder {
    /// Starts both directions in namespace `ns`; returns once both handles are open, so the
    /// lab's first frame is forwarded.
    pub fn start(ns: &Arc<Namespace>, engine: PathEngine) -> Result<Forwarder, LabError> {
        let stop = Arc::new(AtomicBool::new(false));
        let engine = Arc::new(Mutex::new(engine));
        let (ready_tx, ready_rx) = mpsc::channel();
        let mut threads = Vec::new();
        for (side, input, output) in [
            (Role::Client, netns::PATH_CLIENT_IF, netns::PATH_SERVER_IF),
            (Role::Server, netns::PATH_SERVER_IF, netns::PATH_CLIENT_IF),
        ] {
            let (ns, engine, stop, ready) = (
                Arc::clone(ns),
                Arc::clone(&engine),
                Arc::clone(&stop),
                ready_tx.clone(),
            );
            threads.push(thread::spawn(move || {
                ns.enter()?;
                direction(side, input, output, &engine, &stop, &ready)
            }));
        }
        drop(ready_tx);
        let mut forwarder = Forwarder {
            stop,
            engine,
            threads,
        };
        for _ in 0..2 {
            if ready_rx.recv_timeout(Duration::from_secs(5)).is_err() {
                // A thread ended before it was ready: its own error says why.
                return Err(forwarder
                    .stop_threads()
                    .err()
                    .unwrap_or_else(|| LabError::Path("the forwarder did not start".into())));
            }
        }
        Ok(forwarder)
    }

    fn stop_threads(&mut self) -> Result<(), LabError> {
        self.stop.store(true, Ordering::SeqCst);
        let mut first = Ok(());
        for t in self.threads.drain(..) {
            let r = t
                .join()
                .unwrap_or_else(|_| Err(LabError::Path("a forwarding thread panicked".into())));
            if first.is_ok() {
                first = r;
            }
        }
        first
    }

    /// Stops both threads and returns every verdict, in the order they were made.
    pub fn finish(mut self) -> Result<Vec<Verdict>, LabError> {
        self.stop_threads()?;
        Ok(self
            .engine
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take_verdicts())
    }
}

impl Drop for Forwarder {
    fn drop(&mut self) {
        let _ = self.stop_threads();
    }
}
