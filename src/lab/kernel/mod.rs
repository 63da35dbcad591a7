//! The kernel's own states of the lab's TCP sockets (`--kernel-states`), to check the states
//! wirelab infers from packets against the truth.
//!
//! [`diag`] asks the kernel for its TCP sockets through `NETLINK_SOCK_DIAG` (as `ss -tan`
//! does); a [`Sampler`] keeps one such socket per network namespace of the run and takes a
//! [`Sample`] at each socket call the lab records and after each frame the capture thread
//! receives; [`compare`] matches each sample to the inferred states by time, after the run,
//! and says why where they differ. Errors are typed ([`KernelError`]); a dump that fails
//! during a run is counted, not fatal. See docs/annotations.md, "Inferred vs kernel".

pub mod compare;
pub mod diag;

use std::net::SocketAddr;
use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

use crate::track::{Role, TcpState};

pub use compare::{Comparison, KernelReport, Kind};
pub use diag::SockDiag;

/// Why the kernel could not be asked.
#[derive(Debug, thiserror::Error)]
pub enum KernelError {
    #[error("netlink sock_diag {what}: {source}")]
    Netlink {
        what: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error("netlink sock_diag answer: {0}")]
    Decode(String),
}

/// Linux's TCP states (`include/net/tcp_states.h`), as `inet_diag` reports them. Request
/// sockets (TCP_NEW_SYN_RECV in the kernel's table) are reported as TCP_SYN_RECV, and a
/// TIME-WAIT entry by its substate (TIME_WAIT, or FIN_WAIT2 for an orphaned socket whose
/// FIN-WAIT-2 the kernel keeps as a light entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinuxState {
    Established,
    SynSent,
    SynRecv,
    FinWait1,
    FinWait2,
    TimeWait,
    Close,
    CloseWait,
    LastAck,
    Listen,
    Closing,
    NewSynRecv,
    BoundInactive,
    /// A number this table does not know (a newer kernel).
    Other(u8),
}

impl LinuxState {
    /// The state from its number in `tcp_states.h`.
    pub fn from_number(n: u8) -> LinuxState {
        match n {
            1 => LinuxState::Established,
            2 => LinuxState::SynSent,
            3 => LinuxState::SynRecv,
            4 => LinuxState::FinWait1,
            5 => LinuxState::FinWait2,
            6 => LinuxState::TimeWait,
            7 => LinuxState::Close,
            8 => LinuxState::CloseWait,
            9 => LinuxState::LastAck,
            10 => LinuxState::Listen,
            11 => LinuxState::Closing,
            12 => LinuxState::NewSynRecv,
            13 => LinuxState::BoundInactive,
            n => LinuxState::Other(n),
        }
    }

    /// The kernel's name (`TCP_ESTABLISHED`...).
    pub fn linux_name(self) -> &'static str {
        match self {
            LinuxState::Established => "TCP_ESTABLISHED",
            LinuxState::SynSent => "TCP_SYN_SENT",
            LinuxState::SynRecv => "TCP_SYN_RECV",
            LinuxState::FinWait1 => "TCP_FIN_WAIT1",
            LinuxState::FinWait2 => "TCP_FIN_WAIT2",
            LinuxState::TimeWait => "TCP_TIME_WAIT",
            LinuxState::Close => "TCP_CLOSE",
            LinuxState::CloseWait => "TCP_CLOSE_WAIT",
            LinuxState::LastAck => "TCP_LAST_ACK",
            LinuxState::Listen => "TCP_LISTEN",
            LinuxState::Closing => "TCP_CLOSING",
            LinuxState::NewSynRecv => "TCP_NEW_SYN_RECV",
            LinuxState::BoundInactive => "TCP_BOUND_INACTIVE",
            LinuxState::Other(_) => "TCP_UNKNOWN",
        }
    }

    /// RFC 9293's state for it. TCP_NEW_SYN_RECV (a request socket: the SYN answered, no
    /// full socket yet) is SYN-RECEIVED; TCP_CLOSE (a socket with no connection) and
    /// TCP_BOUND_INACTIVE (bound, never connected) are CLOSED, the state without a TCB.
    pub fn rfc(self) -> TcpState {
        match self {
            LinuxState::Established => TcpState::Established,
            LinuxState::SynSent => TcpState::SynSent,
            LinuxState::SynRecv | LinuxState::NewSynRecv => TcpState::SynReceived,
            LinuxState::FinWait1 => TcpState::FinWait1,
            LinuxState::FinWait2 => TcpState::FinWait2,
            LinuxState::TimeWait => TcpState::TimeWait,
            LinuxState::Close | LinuxState::BoundInactive | LinuxState::Other(_) => {
                TcpState::Closed
            }
            LinuxState::CloseWait => TcpState::CloseWait,
            LinuxState::LastAck => TcpState::LastAck,
            LinuxState::Listen => TcpState::Listen,
            LinuxState::Closing => TcpState::Closing,
        }
    }
}

/// One entry of the kernel's table: a socket's two ends and its state. A listening socket's
/// remote end is the unspecified address, port 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KernelSocket {
    pub local: SocketAddr,
    pub remote: SocketAddr,
    pub state: LinuxState,
}

impl KernelSocket {
    /// A listening socket (it has no peer).
    pub fn listens(&self) -> bool {
        self.state == LinuxState::Listen
    }
}

/// What made the sampler look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// A socket call was recorded: the lab's socket number, the call's name and when it
    /// returned (which, with the socket, names the call among the log's).
    Call {
        socket: u32,
        call: &'static str,
        end: SystemTime,
    },
    /// The capture thread received this frame (its number).
    Frame(u64),
}

/// The kernel's sockets of the run's port in one namespace, between two clock readings.
#[derive(Debug, Clone)]
pub struct Sample {
    /// `CLOCK_REALTIME`, the clock packets are stamped with: when the dump was asked for,
    /// and when its answer had been read, in nanoseconds since the epoch.
    pub from: i128,
    pub to: i128,
    /// The namespace's side (`--netns`), `None` on loopback (both sides' sockets).
    pub side: Option<Role>,
    pub trigger: Trigger,
    pub sockets: Vec<KernelSocket>,
}

/// Nanoseconds since the epoch.
pub fn nanos_of(t: SystemTime) -> i128 {
    match t.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => i128::try_from(d.as_nanos()).unwrap_or(i128::MAX),
        Err(e) => -i128::try_from(e.duration().as_nanos()).unwrap_or(i128::MAX),
    }
}

/// Takes samples for a run: one netlink socket per namespace, each opened there.
#[derive(Debug)]
pub struct Sampler {
    diags: Vec<(Option<Role>, Mutex<SockDiag>)>,
    /// The run's server port: a sample keeps the sockets with it at either end (`None`:
    /// every socket whose own address is a loopback one, for `wirelab run`).
    port: Option<u16>,
    /// The family to dump (`None`: both).
    v6: Option<bool>,
    samples: Mutex<Vec<Sample>>,
    /// Dumps that failed (each is a sample lost, said at the end).
    failed: Mutex<Vec<String>>,
}

impl Sampler {
    /// A sampler over `diags` (each opened in its side's namespace, `None` for the one
    /// namespace of a loopback run), keeping the sockets of `port` (or of loopback), of
    /// one family (or both).
    pub fn new(
        diags: Vec<(Option<Role>, SockDiag)>,
        port: Option<u16>,
        v6: Option<bool>,
    ) -> Sampler {
        Sampler {
            diags: diags
                .into_iter()
                .map(|(side, d)| (side, Mutex::new(d)))
                .collect(),
            port,
            v6,
            samples: Mutex::default(),
            failed: Mutex::default(),
        }
    }

    /// Asks every namespace's kernel for its sockets of the port, now.
    pub fn sample(&self, trigger: Trigger) {
        for (side, diag) in &self.diags {
            let mut diag = diag.lock().unwrap_or_else(PoisonError::into_inner);
            let from = nanos_of(SystemTime::now());
            let families: &[bool] = match self.v6 {
                Some(true) => &[true],
                Some(false) => &[false],
                None => &[false, true],
            };
            let dumped: Result<Vec<KernelSocket>, KernelError> = families
                .iter()
                .map(|&v6| diag.dump(v6))
                .collect::<Result<Vec<_>, _>>()
                .map(|all| all.into_iter().flatten().collect());
            let to = nanos_of(SystemTime::now());
            drop(diag);
            match dumped {
                Ok(all) => {
                    let sockets = all.into_iter().filter(|s| self.keeps(s)).collect();
                    self.samples
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(Sample {
                            from,
                            to,
                            side: *side,
                            trigger,
                            sockets,
                        });
                }
                Err(e) => self
                    .failed
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(e.to_string()),
            }
        }
    }

    /// Whether a sample keeps this entry: the run's port at either end, or (no port) a
    /// loopback address of its own.
    fn keeps(&self, s: &KernelSocket) -> bool {
        match self.port {
            Some(p) => s.local.port() == p || s.remote.port() == p,
            None => s.local.ip().is_loopback(),
        }
    }

    /// The samples taken, in the order they were taken, and the failures.
    pub fn take(&self) -> (Vec<Sample>, Vec<String>) {
        let mut samples =
            std::mem::take(&mut *self.samples.lock().unwrap_or_else(PoisonError::into_inner));
        samples.sort_by_key(|s| s.from);
        let failed =
            std::mem::take(&mut *self.failed.lock().unwrap_or_else(PoisonError::into_inner));
        (samples, failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_linux_state_has_an_rfc_state() {
        assert_eq!(LinuxState::from_number(12).rfc(), TcpState::SynReceived);
        assert_eq!(LinuxState::from_number(3).rfc(), TcpState::SynReceived);
        assert_eq!(LinuxState::from_number(7).rfc(), TcpState::Closed);
        assert_eq!(LinuxState::from_number(6).linux_name(), "TCP_TIME_WAIT");
        for n in 1..=13 {
            assert_ne!(
                LinuxState::from_number(n).linux_name(),
                "TCP_UNKNOWN",
                "{n}"
            );
        }
    }
}
