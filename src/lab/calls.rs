//! The call log: every socket call the lab's client and server make, with the wall-clock time
//! it started and returned (`SystemTime`, the clock libpcap stamps packets with on Linux), the
//! socket's addresses and the outcome. [`super::attach`] later puts each call next to the
//! packets it caused.

use std::borrow::Cow;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use serde::Serialize;

use crate::track::Role;

/// What a call was, with what it was given and what it returned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "call", rename_all = "snake_case")]
pub enum CallKind {
    /// `socket(domain, type)`.
    Socket {
        ipv6: bool,
        tcp: bool,
    },
    /// `setsockopt`: `SO_REUSEADDR=1`, `SO_LINGER={on,0s}`.
    #[serde(rename = "setsockopt")]
    SetOption {
        option: Cow<'static, str>,
    },
    /// `getsockopt`: the option and the value it returned (`SO_ERROR=111`).
    #[serde(rename = "getsockopt")]
    GetOption {
        option: Cow<'static, str>,
    },
    Bind {
        addr: SocketAddr,
        /// Why a bind failed with EADDRINUSE: the socket that held the port at that moment.
        #[serde(skip_serializing_if = "Option::is_none")]
        held_by: Option<PortHolder>,
    },
    Listen {
        backlog: i32,
    },
    /// The moment `connect()` was called: for TCP the kernel sends the SYN now.
    #[serde(rename = "connect")]
    ConnectStart {
        to: SocketAddr,
    },
    /// `connect()` returned (TCP: after the handshake; UDP: at once, nothing is sent).
    ConnectReturn,
    /// `accept()` returned a connected socket: the handshake had completed.
    Accept,
    Send {
        len: usize,
    },
    #[serde(rename = "sendto")]
    SendTo {
        len: usize,
        to: SocketAddr,
    },
    /// `recv()` returned `len` bytes; 0 means the peer's FIN had arrived.
    Recv {
        len: usize,
    },
    #[serde(rename = "recvfrom")]
    RecvFrom {
        len: usize,
    },
    /// `shutdown(SHUT_WR)` or `shutdown(SHUT_RDWR)`: this side's FIN.
    #[serde(rename = "shutdown")]
    ShutdownWrite,
    /// `shutdown(SHUT_RD)`: nothing is sent.
    #[serde(rename = "shutdown")]
    ShutdownRead,
    Close,
    /// `close()` of a TCP socket with `bytes` received and never read: the kernel resets the
    /// connection (RST) instead of closing it (RFC 9293 section 3.10.4, RFC 2525 2.17).
    #[serde(rename = "close")]
    CloseUnread {
        bytes: u32,
    },
    /// `close()` of one descriptor while `others` more (a `dup()`, a forked child's copy)
    /// still hold the socket: the socket stays open and nothing is sent.
    #[serde(rename = "close")]
    CloseShared {
        others: u32,
    },
}

/// The socket that held a port when `bind()` failed with EADDRINUSE (read from
/// /proc/net/tcp at that moment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PortHolder {
    /// The kernel's state of that socket, in RFC spelling (`TIME-WAIT`, `LISTEN`).
    pub state: &'static str,
    pub local: SocketAddr,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remote: Option<SocketAddr>,
}

impl CallKind {
    /// The call's name, as in JSON and in the text.
    pub fn name(&self) -> &'static str {
        match self {
            CallKind::Socket { .. } => "socket",
            CallKind::SetOption { .. } => "setsockopt",
            CallKind::GetOption { .. } => "getsockopt",
            CallKind::Bind { .. } => "bind",
            CallKind::Listen { .. } => "listen",
            CallKind::ConnectStart { .. } => "connect",
            CallKind::ConnectReturn => "connect_return",
            CallKind::Accept => "accept",
            CallKind::Send { .. } => "send",
            CallKind::SendTo { .. } => "sendto",
            CallKind::Recv { .. } => "recv",
            CallKind::RecvFrom { .. } => "recvfrom",
            CallKind::ShutdownWrite | CallKind::ShutdownRead => "shutdown",
            CallKind::Close | CallKind::CloseUnread { .. } | CallKind::CloseShared { .. } => {
                "close"
            }
        }
    }
}

/// One socket call.
#[derive(Debug, Clone, Serialize)]
pub struct Call {
    /// Which program made it.
    #[serde(serialize_with = "role_name")]
    pub side: Role,
    /// The lab's number for the socket (1, 2, ...), so calls on one socket can be followed.
    pub socket: u32,
    #[serde(flatten)]
    pub kind: CallKind,
    #[serde(serialize_with = "epoch")]
    pub start: SystemTime,
    #[serde(serialize_with = "epoch")]
    pub end: SystemTime,
    /// The socket's own address (filled in once known: a client's port is chosen by connect).
    pub local: Option<SocketAddr>,
    /// The address at the other end (connected sockets, or the datagram's peer).
    pub peer: Option<SocketAddr>,
    /// `None` on success; else the errno's name (`ECONNREFUSED`) or the error's words.
    pub error: Option<String>,
    /// Who made it, for a traced program's calls (`wirelab run`); `None` in the lab.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub process: Option<Process>,
}

/// The process, thread and descriptor behind a traced call, and the system call it was
/// (`write` for a `send`, `accept4` for an `accept`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Process {
    pub pid: u32,
    /// The thread, when it is not the process's main thread.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tid: Option<u32>,
    /// The command name (`/proc/PID/comm`).
    pub comm: String,
    pub fd: i32,
    pub syscall: &'static str,
}

fn role_name<S: serde::Serializer>(r: &Role, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(r.name())
}

fn epoch<S: serde::Serializer>(t: &SystemTime, s: S) -> Result<S::Ok, S::Error> {
    let d = t.duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default();
    s.collect_str(&format_args!("{}.{:09}", d.as_secs(), d.subsec_nanos()))
}

/// The errno name of an OS error (the words a sockets tutorial uses), else its message.
pub fn error_name(e: &io::Error) -> String {
    let name = match e.raw_os_error().map(nix::errno::Errno::from_raw) {
        Some(nix::errno::Errno::ECONNREFUSED) => "ECONNREFUSED",
        Some(nix::errno::Errno::ECONNRESET) => "ECONNRESET",
        Some(nix::errno::Errno::EPIPE) => "EPIPE",
        Some(nix::errno::Errno::ETIMEDOUT) => "ETIMEDOUT",
        Some(nix::errno::Errno::EAGAIN) => "EAGAIN",
        Some(nix::errno::Errno::EADDRINUSE) => "EADDRINUSE",
        Some(nix::errno::Errno::EHOSTUNREACH) => "EHOSTUNREACH",
        Some(nix::errno::Errno::ENETUNREACH) => "ENETUNREACH",
        _ => return e.to_string(),
    };
    name.to_owned()
}

/// Where a call was made and how to report it live.
#[derive(Debug, Default)]
struct LogInner {
    calls: Vec<Call>,
    /// Final addresses of each socket, by its number - 1.
    sockets: Vec<(Option<SocketAddr>, Option<SocketAddr>)>,
}

/// The shared log both sides write into (one lock per call: a handful per scenario).
#[derive(Debug, Clone, Default)]
pub struct CallLog {
    inner: Arc<Mutex<LogInner>>,
    /// Print each call to stderr as it is made (with `--delay`, to follow along).
    echo: bool,
    /// Asks the kernel for its sockets' states after each call (`--kernel-states`).
    sampler: Option<Arc<crate::lab::kernel::Sampler>>,
}

impl CallLog {
    pub fn new(echo: bool) -> CallLog {
        CallLog {
            inner: Arc::default(),
            echo,
            sampler: None,
        }
    }

    /// The log, sampling the kernel's socket states at each call it records.
    pub fn sampled_by(mut self, sampler: Option<Arc<crate::lab::kernel::Sampler>>) -> CallLog {
        self.sampler = sampler;
        self
    }

    /// A number for a new socket.
    pub fn new_socket(&self) -> u32 {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        inner.sockets.push((None, None));
        u32::try_from(inner.sockets.len()).unwrap_or(u32::MAX)
    }

    /// Records what a socket's addresses turned out to be; calls made before that are
    /// completed with them in [`CallLog::take`].
    pub fn addresses(&self, socket: u32, local: Option<SocketAddr>, peer: Option<SocketAddr>) {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(slot) = usize::try_from(socket)
            .ok()
            .and_then(|s| s.checked_sub(1))
            .and_then(|i| inner.sockets.get_mut(i))
        {
            slot.0 = local.or(slot.0);
            slot.1 = peer.or(slot.1);
        }
    }

    pub fn push(&self, call: Call) {
        if self.echo {
            eprintln!(
                "wirelab lab: {} {}{}",
                call.side.name(),
                call.kind.name(),
                call.error
                    .as_deref()
                    .map(|e| format!(" failed: {e}"))
                    .unwrap_or_default()
            );
        }
        let trigger = crate::lab::kernel::Trigger::Call {
            socket: call.socket,
            call: call.kind.name(),
            end: call.end,
        };
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .calls
            .push(call);
        if let Some(sampler) = &self.sampler {
            sampler.sample(trigger);
        }
    }

    /// Every call, in the order they were made (by start time), addresses filled in.
    pub fn take(&self) -> Vec<Call> {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let sockets = inner.sockets.clone();
        let mut calls = std::mem::take(&mut inner.calls);
        for c in &mut calls {
            if let Some((local, peer)) = usize::try_from(c.socket)
                .ok()
                .and_then(|s| s.checked_sub(1))
                .and_then(|i| sockets.get(i))
            {
                c.local = c.local.or(*local);
                // A datagram socket's calls carry their own peer; a stream socket's is fixed.
                c.peer = c.peer.or(*peer);
            }
        }
        // Calls of one thread are already in order; across threads the start time decides.
        calls.sort_by_key(|c| c.start);
        calls
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_names_each_call_as_the_text_does() {
        let addr: SocketAddr = "127.0.0.1:8001".parse().unwrap();
        for kind in [
            CallKind::Socket {
                ipv6: false,
                tcp: true,
            },
            CallKind::SetOption {
                option: "SO_REUSEADDR=1".into(),
            },
            CallKind::GetOption {
                option: "SO_ERROR=0".into(),
            },
            CallKind::Bind {
                addr,
                held_by: None,
            },
            CallKind::Listen { backlog: 1 },
            CallKind::ConnectStart { to: addr },
            CallKind::ConnectReturn,
            CallKind::Accept,
            CallKind::Send { len: 1 },
            CallKind::SendTo { len: 1, to: addr },
            CallKind::Recv { len: 1 },
            CallKind::RecvFrom { len: 1 },
            CallKind::ShutdownWrite,
            CallKind::ShutdownRead,
            CallKind::Close,
            CallKind::CloseUnread { bytes: 1 },
            CallKind::CloseShared { others: 1 },
        ] {
            let json = serde_json::to_value(&kind).unwrap();
            assert_eq!(json["call"], kind.name(), "{kind:?}");
        }
    }
}
