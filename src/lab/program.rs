//! `wirelab run`: the lab on the user's own program. The program is started traced and
//! stopped before its first instruction ([`crate::trace`]); the capture opens while it
//! waits; wirelab gives up root; then the program runs, and its calls are matched to its
//! packets by the lab's rules ([`super::attach`]) and shown by the lab's views.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use nix::sched::CloneFlags;

use super::LabError;
use super::attach::{self, PacketFacts, Placed, What};
use super::calls::Call;
use super::run::{Capture, Matched, OwnedFrame, Prepare, facts};
use crate::capture::LiveStats;
use crate::os::privilege::{self, Identity};
use crate::trace::{self, Launch, ProgramExit, Tracer};

/// What loopback carries that a program's sockets can send: its TCP and UDP, and the ICMP
/// errors about them. Everything else on `lo` is another program's.
pub const FILTER: &str = "tcp or udp or icmp or icmp6";

/// The program, as whom, and where.
#[derive(Debug)]
pub struct ProgramConfig {
    pub launch: Launch,
    /// Give up root once the capture is open (always, unless wirelab is not root).
    pub drop_privileges: bool,
    /// Each captured frame is also sent here as it comes (`run --tui`, [`super::growing`]).
    pub tap: Option<std::sync::mpsc::Sender<OwnedFrame>>,
    /// Sample the kernel's own states of the program's TCP sockets (`--kernel-states`).
    pub kernel_states: bool,
}

/// What a caller is given just before the program starts running: its live processes (to
/// pass signals on) and its sockets and calls so far (for a view that grows).
#[derive(Clone)]
pub struct Started {
    pub live: Arc<Mutex<HashSet<i32>>>,
    pub sockets: Arc<Mutex<crate::trace::record::Sockets>>,
}

/// A finished `wirelab run`: the program's packets, its calls, and where each call goes.
#[derive(Debug)]
pub struct ProgramRun {
    /// The command line as given.
    pub command: Vec<String>,
    pub device: String,
    pub filter: String,
    pub netns: bool,
    pub user: Identity,
    pub frames: Vec<OwnedFrame>,
    /// What the matcher knew of each frame.
    pub facts: Vec<PacketFacts>,
    /// Frames captured on the device that were another program's (not kept).
    pub others: usize,
    pub calls: Vec<Call>,
    pub placed: Vec<Placed>,
    pub stats: LiveStats,
    pub exit: ProgramExit,
    pub processes: usize,
    pub calls_dropped: u64,
    /// The kernel's states, sampled and compared (`--kernel-states`).
    pub kernel: Option<super::kernel::KernelReport>,
}

impl ProgramRun {
    pub fn matched(&self) -> Matched<'_> {
        Matched {
            frames: &self.frames,
            facts: &self.facts,
            calls: &self.calls,
            placed: &self.placed,
            verdicts: &[],
        }
    }
}

/// Runs the program to its end. `on_start` is told about it just before it starts running.
pub fn run(config: &ProgramConfig, on_start: impl FnOnce(Started)) -> Result<ProgramRun, LabError> {
    let launch = &config.launch;
    let filter = trace::filter::program().map_err(traced)?;
    let child = trace::spawn::spawn(launch, filter).map_err(traced)?;
    let pid = child.id();
    let tracer = match Tracer::attach(pid) {
        Ok(t) => t,
        Err(e) => return Err(traced(e)),
    };
    let prepare = launch
        .netns
        .then(|| -> Prepare { Box::new(move || enter_and_bring_up_lo(pid)) });
    let sampler = match config.kernel_states {
        true => Some(Arc::new(open_sampler(launch.netns.then_some(pid))?)),
        false => None,
    };
    tracer
        .sockets()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .sample_with(sampler.clone());
    let capture =
        match Capture::start_tapped("lo", FILTER, prepare, config.tap.clone(), sampler.clone()) {
            Ok(c) => c,
            Err(e) => {
                // EXITKILL ends the program with wirelab; say why at once instead.
                let _ = nix::sys::signal::kill(
                    nix::unistd::Pid::from_raw(i32::try_from(pid).unwrap_or_default()),
                    nix::sys::signal::Signal::SIGKILL,
                );
                return Err(e);
            }
        };
    if config.drop_privileges {
        privilege::drop_to(&launch.user).map_err(|e| LabError::Unexpected(e.to_string()))?;
    }
    on_start(Started {
        live: tracer.live(),
        sockets: tracer.sockets(),
    });
    let pruner = (!launch.netns).then(|| Pruner::start(capture.frames(), tracer.sockets()));
    let done = tracer.run().map_err(traced);
    let pruned = pruner.map_or(0, Pruner::stop);
    let done = done?;
    drop(child);
    let (all, stats) = capture.finish(&AtomicBool::new(false))?;
    let captured = all.len() + pruned;
    let frames = if launch.netns {
        all
    } else {
        programs_frames(all, &done.calls)
    };
    let facts = facts(&frames);
    let placed = attach::attach(&done.calls, &facts);
    let kernel = sampler.map(|s| {
        let (samples, failed) = s.take();
        let geometry = super::kernel::compare::Geometry { path: None };
        let mut report =
            super::kernel::compare::compare(&frames, &done.calls, &placed, samples, geometry);
        report.failed = failed;
        report
    });
    Ok(ProgramRun {
        command: launch
            .args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect(),
        device: "lo".into(),
        filter: FILTER.into(),
        netns: launch.netns,
        user: launch.user.clone(),
        others: captured - frames.len(),
        frames,
        facts,
        calls: done.calls,
        placed,
        stats,
        exit: done.exit,
        processes: done.processes,
        calls_dropped: done.calls_dropped,
        kernel,
    })
}

/// On the shared `lo`, other programs' frames are dropped while the program runs, so that a
/// long run on a busy loopback holds only its own: every half second, the frames captured
/// since the last look that no socket of the program owns and that are older than
/// [`super::growing::HOLD`] (time for a socket's address to become known) are let go. The
/// frames before the first that must still wait are never looked at again.
struct Pruner {
    stop: Arc<std::sync::atomic::AtomicBool>,
    /// How many frames it let go.
    thread: std::thread::JoinHandle<usize>,
}

impl Pruner {
    fn start(
        frames: Arc<Mutex<Vec<OwnedFrame>>>,
        sockets: Arc<Mutex<crate::trace::record::Sockets>>,
    ) -> Pruner {
        use std::sync::atomic::Ordering;
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let (mut checked, mut dropped) = (0, 0);
            while !flag.load(Ordering::SeqCst) {
                std::thread::sleep(std::time::Duration::from_millis(500));
                let ends = Ends::of_sockets(
                    &sockets
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner),
                );
                let mut all = frames
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let before = all.len();
                checked = prune(&mut all, checked, &ends);
                dropped += before - all.len();
            }
            dropped
        });
        Pruner { stop, thread }
    }

    /// Stops it; how many frames it let go.
    fn stop(self) -> usize {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        self.thread.join().unwrap_or_default()
    }
}

/// Drops, from index `checked` on, the frames no socket owns that are older than the hold
/// time; returns where the next look starts (the first frame that must still wait).
fn prune(all: &mut Vec<OwnedFrame>, checked: usize, ends: &Ends) -> usize {
    let now = super::attach::timestamp(std::time::SystemTime::now());
    let age = |t: crate::capture::Timestamp| {
        let secs = i128::from(now.secs) - i128::from(t.secs);
        secs * 1_000_000_000 + i128::from(now.nanos) - i128::from(t.nanos)
    };
    let hold = i128::try_from(super::growing::HOLD.as_nanos()).unwrap_or(i128::MAX);
    let tail = all.split_off(checked.min(all.len()));
    let facts = facts(&tail);
    let mut next = None;
    for (f, fact) in tail.into_iter().zip(facts) {
        let mine = ends.own(&fact);
        let young = age(f.ts) < hold;
        if !mine && young && next.is_none() {
            next = Some(all.len());
        }
        if mine || young {
            all.push(f);
        }
    }
    next.unwrap_or(all.len())
}

fn traced(e: trace::TraceError) -> LabError {
    LabError::Trace(e)
}

/// In the program's own network namespace (`--netns`): the capture thread moves there, and
/// brings its loopback up (a new namespace's `lo` is down) before the program runs.
/// A sampler of the program's sockets: in this namespace, or in the program's own
/// (`--netns`), opened by a thread that enters it.
fn open_sampler(netns_of: Option<u32>) -> Result<super::kernel::Sampler, LabError> {
    let diag = match netns_of {
        None => super::kernel::SockDiag::open()?,
        Some(pid) => std::thread::spawn(move || -> Result<_, LabError> {
            let path = format!("/proc/{pid}/ns/net");
            let file = std::fs::File::open(&path)
                .map_err(|e| LabError::Netns(format!("open {path}: {e}")))?;
            nix::sched::setns(file, CloneFlags::CLONE_NEWNET)
                .map_err(|e| LabError::Netns(format!("enter the program's namespace: {e}")))?;
            Ok(super::kernel::SockDiag::open()?)
        })
        .join()
        .unwrap_or_else(|_| Err(LabError::Unexpected("a thread panicked".into())))?,
    };
    Ok(super::kernel::Sampler::new(vec![(None, diag)], None, None))
}

fn enter_and_bring_up_lo(pid: u32) -> Result<(), LabError> {
    let path = format!("/proc/{pid}/ns/net");
    let file =
        std::fs::File::open(&path).map_err(|e| LabError::Netns(format!("open {path}: {e}")))?;
    nix::sched::setns(file, CloneFlags::CLONE_NEWNET)
        .map_err(|e| LabError::Netns(format!("enter the program's namespace: {e}")))?;
    // `ip` started from this thread runs in the namespace this thread is in.
    let out = Command::new("ip")
        .args(["link", "set", "lo", "up"])
        .output()
        .map_err(|e| LabError::Netns(format!("cannot run `ip` ({e}); --netns needs iproute2")))?;
    if !out.status.success() {
        return Err(LabError::Netns(format!(
            "ip link set lo up: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(())
}

/// The frames of the program's own sockets, out of everything loopback carried: those with
/// an end at one of its sockets' addresses (a wildcard-bound server's port on any address),
/// and ICMP errors about them. Numbered again from 1, as a capture of just them would be.
pub fn programs_frames(all: Vec<OwnedFrame>, calls: &[Call]) -> Vec<OwnedFrame> {
    let ends = Ends::of(calls);
    let facts = facts(&all);
    let mut kept: Vec<OwnedFrame> = all
        .into_iter()
        .zip(facts.iter())
        .filter(|(_, f)| ends.own(f))
        .map(|(f, _)| f)
        .collect();
    for (i, f) in kept.iter_mut().enumerate() {
        f.number = u64::try_from(i + 1).unwrap_or(u64::MAX);
    }
    kept
}

/// The addresses that make a frame the program's.
pub struct Ends {
    /// Its sockets' own addresses.
    local: HashSet<SocketAddr>,
    /// Where sockets without an address of their own went: a socket whose connect was
    /// refused never had one, and its SYN and the RST are found by the address it went to.
    peers: HashSet<SocketAddr>,
}

impl Ends {
    /// The ends of the program's sockets as the tracer knows them now (cheaper than from
    /// the calls: one entry a socket).
    pub fn of_sockets(sockets: &crate::trace::record::Sockets) -> Ends {
        let mut ends = Ends {
            local: HashSet::new(),
            peers: HashSet::new(),
        };
        for (local, peer) in sockets.addresses() {
            match (local, peer) {
                (Some(l), _) if l.port() != 0 => {
                    ends.local.insert(l);
                }
                (_, Some(p)) => {
                    ends.peers.insert(p);
                }
                _ => {}
            }
        }
        ends
    }

    pub fn of(calls: &[Call]) -> Ends {
        let local = calls
            .iter()
            .filter_map(|c| c.local)
            .filter(|a| a.port() != 0)
            .collect();
        let peers = calls
            .iter()
            .filter(|c| c.local.is_none_or(|l| l.port() == 0))
            .filter_map(|c| c.peer)
            .collect();
        Ends { local, peers }
    }

    pub fn own(&self, f: &PacketFacts) -> bool {
        ours(f, &self.local) || ours(f, &self.peers)
    }
}

fn ours(f: &PacketFacts, ends: &HashSet<SocketAddr>) -> bool {
    let mine = |a: SocketAddr| {
        ends.contains(&a)
            || ends
                .iter()
                .any(|e| e.ip().is_unspecified() && e.port() == a.port())
    };
    match f.what {
        What::Tcp { src, dst, .. } | What::Udp { src, dst, .. } => mine(src) || mine(dst),
        What::IcmpError {
            about_src,
            about_dst,
        } => mine(about_src) || mine(about_dst),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::{LinkType, Timestamp};
    use etherparse::PacketBuilder;

    fn udp(port: u16, ts: Timestamp) -> OwnedFrame {
        let mut data = Vec::new();
        PacketBuilder::ethernet2([0; 6], [0; 6])
            .ipv4([127, 0, 0, 1], [127, 0, 0, 1], 64)
            .udp(port, 9)
            .write(&mut data, b"x")
            .unwrap();
        OwnedFrame {
            number: 1,
            link_type: LinkType::ETHERNET,
            ts,
            len: u32::try_from(data.len()).unwrap(),
            data,
            ts_fixed: false,
        }
    }

    /// Old frames of no socket go, the program's stay, and a young unowned frame waits (and
    /// the next look starts at it).
    #[test]
    fn pruning_lets_go_of_old_frames_no_socket_owns() {
        let now = super::super::attach::timestamp(std::time::SystemTime::now());
        let old = Timestamp {
            secs: now.secs - 10,
            nanos: 0,
        };
        let mut all = vec![
            udp(5000, old),
            udp(6000, old),
            udp(7000, now),
            udp(5000, now),
        ];
        let ends = Ends {
            local: HashSet::from(["127.0.0.1:5000".parse().unwrap()]),
            peers: HashSet::new(),
        };
        let next = prune(&mut all, 0, &ends);
        let ports: Vec<u8> = all.iter().map(|f| f.data[35]).collect();
        // 5000 = 0x1388, 7000 = 0x1b58: the low bytes of the source ports.
        assert_eq!(ports, [0x88, 0x58, 0x88]);
        assert_eq!(next, 1);
    }
}
