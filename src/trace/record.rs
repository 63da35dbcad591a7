//! What each traced system call was, in the lab's terms ([`CallKind`]): the socket it was
//! on, its arguments as the program gave them (read from its memory), what it returned, and
//! the socket's addresses as the kernel has them after it.
//!
//! Each socket gets a number (1, 2, ...) by its inode, so calls made through a `dup()` or a
//! forked child's copy of the descriptor are calls on the same socket.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::SystemTime;

use nix::unistd::Pid;

use super::filter::SyscallKind;
use super::procfs;
use super::tracer::{MAX_CALLS, Pending, fd_of};
use crate::lab::calls::{Call, CallKind, PortHolder, Process};
use crate::track::Role;

/// One socket of the program.
#[derive(Debug, Clone, Default)]
struct Sock {
    tcp: bool,
    ipv6: bool,
    local: Option<SocketAddr>,
    peer: Option<SocketAddr>,
    /// listen() was called, or the socket came from accept(): a server's.
    server: bool,
    /// bind() to a chosen port (a UDP server's first step).
    bound: bool,
    /// Whether its first data call sent (`Some(true)`) or received.
    sent_first: Option<bool>,
}

/// Every socket of the program, and the calls made on them.
#[derive(Debug, Default)]
pub struct Sockets {
    socks: Vec<Sock>,
    by_inode: HashMap<u64, u32>,
    /// Sockets seen not to be TCP or UDP (Unix, netlink...), not looked up again.
    other: HashSet<u64>,
    calls: Vec<Call>,
    dropped: u64,
    /// Asks the kernel for its sockets' states at each call (`run --kernel-states`), while
    /// the program is stopped at the call's return.
    sampler: Option<std::sync::Arc<crate::lab::kernel::Sampler>>,
}

/// The thread group and command name of the thread that made a call.
pub type Who = (Pid, String);

impl Sockets {
    /// Whether `inode` is a socket wirelab follows. One made before wirelab saw it (inherited
    /// by a process started by the program, say) is found in the kernel's tables.
    pub fn knows(&mut self, tid: Pid, inode: u64) -> bool {
        if self.by_inode.contains_key(&inode) {
            return true;
        }
        if self.other.contains(&inode) {
            return false;
        }
        for tcp in [true, false] {
            if let Some(row) = procfs::lookup(tid, tcp, inode) {
                let sock = Sock {
                    tcp,
                    ipv6: row.local.is_ipv6(),
                    local: Some(row.local),
                    peer: row.remote,
                    server: row.state == 10,
                    ..Sock::default()
                };
                self.add(inode, sock);
                return true;
            }
        }
        self.other.insert(inode);
        false
    }

    fn add(&mut self, inode: u64, sock: Sock) -> u32 {
        self.socks.push(sock);
        let n = u32::try_from(self.socks.len()).unwrap_or(u32::MAX);
        self.by_inode.insert(inode, n);
        n
    }

    fn sock(&mut self, n: u32) -> Option<&mut Sock> {
        self.socks.get_mut(usize::try_from(n).ok()?.checked_sub(1)?)
    }

    fn number(&self, inode: Option<u64>) -> u32 {
        inode
            .and_then(|i| self.by_inode.get(&i).copied())
            .unwrap_or_default()
    }

    /// At the seccomp stop: `connect()` is logged now, as it starts (the SYN leaves inside
    /// it), with the address it goes to.
    pub fn entry(&mut self, tid: Pid, who: Who, p: &Pending) {
        if p.sys.kind == SyscallKind::Connect {
            let to = procfs::read_sockaddr(tid, p.regs.args[1], p.regs.args[2]);
            let n = self.number(p.inode);
            if let Some(s) = self.sock(n) {
                s.peer = to.or(s.peer);
            }
            let to = to.unwrap_or_else(|| unspecified(false));
            let mut c = self.call(tid, &who, p, n, CallKind::ConnectStart { to }, None);
            c.end = c.start;
            self.push(c);
        }
    }

    /// At the exit stop: the call, now that its result is known.
    pub fn exit(&mut self, tid: Pid, who: Who, p: &Pending, ret: i64) {
        let error = (-4095..0).contains(&ret).then(|| errno_name(-ret));
        let ok = error.is_none();
        let n = self.number(p.inode);
        let a = p.regs.args;
        let kind = match p.sys.kind {
            SyscallKind::Socket => return self.socket(tid, &who, p, ret, error),
            SyscallKind::Accept => return self.accept(tid, &who, p, ret, error),
            SyscallKind::Bind => self.bind(tid, n, p, error.as_deref()),
            SyscallKind::Listen => {
                if let Some(s) = self.sock(n) {
                    s.server = true;
                }
                CallKind::Listen {
                    backlog: i32::try_from(a[1] as i64).unwrap_or(i32::MAX),
                }
            }
            SyscallKind::Connect => CallKind::ConnectReturn,
            SyscallKind::Shutdown if a[1] == 0 => CallKind::ShutdownRead,
            SyscallKind::Shutdown => CallKind::ShutdownWrite,
            SyscallKind::Close if p.others > 0 => CallKind::CloseShared { others: p.others },
            SyscallKind::Close if p.unread > 0 => CallKind::CloseUnread { bytes: p.unread },
            SyscallKind::Close => CallKind::Close,
            SyscallKind::SetOption => CallKind::SetOption {
                option: option_text(tid, a[1], a[2], a[3], a[4]).into(),
            },
            SyscallKind::GetOption => {
                let len = procfs::read_u32(tid, a[4]).map_or(0, u64::from);
                CallKind::GetOption {
                    option: option_text(tid, a[1], a[2], a[3], len).into(),
                }
            }
            _ => return self.data(tid, &who, p, ret, error),
        };
        if ok {
            self.refresh(tid, p.inode);
        }
        let c = self.call(tid, &who, p, n, kind, error);
        self.push(c);
    }

    fn socket(&mut self, tid: Pid, who: &Who, p: &Pending, ret: i64, error: Option<String>) {
        let a = p.regs.args;
        let (ipv6, tcp) = (
            a[0] == libc::AF_INET6 as u64,
            (a[1] & 0xf) == libc::SOCK_STREAM as u64,
        );
        let sock = Sock {
            tcp,
            ipv6,
            ..Sock::default()
        };
        let inode = i32::try_from(ret)
            .ok()
            .filter(|_| error.is_none())
            .and_then(|fd| procfs::socket_inode(tid, fd));
        // A failed socket() still gets a number, so its call reads like the others.
        let n = self.add(inode.unwrap_or(0), sock);
        let mut c = self.call(tid, who, p, n, CallKind::Socket { ipv6, tcp }, error);
        if let (Some(pr), Ok(fd)) = (c.process.as_mut(), i32::try_from(ret)) {
            pr.fd = fd;
        }
        self.push(c);
    }

    fn accept(&mut self, tid: Pid, who: &Who, p: &Pending, ret: i64, error: Option<String>) {
        let listener = self.number(p.inode);
        let new = i32::try_from(ret)
            .ok()
            .filter(|_| error.is_none())
            .and_then(|fd| Some((fd, procfs::socket_inode(tid, fd)?)));
        let Some((fd, inode)) = new else {
            let c = self.call(tid, who, p, listener, CallKind::Accept, error);
            return self.push(c);
        };
        let ipv6 = self.sock(listener).is_some_and(|s| s.ipv6);
        let n = self.add(
            inode,
            Sock {
                tcp: true,
                ipv6,
                server: true,
                ..Sock::default()
            },
        );
        self.refresh(tid, Some(inode));
        // Logged on the new socket: it is the one whose conversation the handshake built.
        let mut c = self.call(tid, who, p, n, CallKind::Accept, None);
        if let Some(pr) = c.process.as_mut() {
            pr.fd = fd;
        }
        self.push(c);
    }

    fn bind(&mut self, tid: Pid, n: u32, p: &Pending, error: Option<&str>) -> CallKind {
        let addr = procfs::read_sockaddr(tid, p.regs.args[1], p.regs.args[2])
            .unwrap_or_else(|| unspecified(false));
        let tcp = self.sock(n).is_none_or(|s| s.tcp);
        if let Some(s) = self.sock(n) {
            s.bound = addr.port() != 0;
        }
        let held_by = (error == Some("EADDRINUSE"))
            .then(|| holder(tid, tcp, addr, p.inode))
            .flatten();
        CallKind::Bind { addr, held_by }
    }

    /// send/recv and their kin: one call per message (sendmmsg and recvmmsg carry several).
    fn data(&mut self, tid: Pid, who: &Who, p: &Pending, ret: i64, error: Option<String>) {
        let n = self.number(p.inode);
        let tcp = self.sock(n).is_none_or(|s| s.tcp);
        let sending = matches!(
            p.sys.kind,
            SyscallKind::Send | SyscallKind::SendMsg | SyscallKind::SendMmsg | SyscallKind::WriteV
        );
        let messages = super::messages::of(tid, p, ret, error.is_some());
        if let Some(s) = self.sock(n) {
            s.sent_first.get_or_insert(sending);
        }
        for (len, addr) in messages {
            let kind = match (sending, tcp, addr) {
                (true, false, Some(to)) => CallKind::SendTo { len, to },
                (true, _, _) => CallKind::Send { len },
                (false, true, _) => CallKind::Recv { len },
                (false, false, _) => CallKind::RecvFrom { len },
            };
            let mut c = self.call(tid, who, p, n, kind, error.clone());
            if !tcp {
                c.peer = addr.or(c.peer);
            }
            self.push(c);
        }
        if !tcp && error.is_none() && self.sock(n).is_some_and(|s| s.local.is_none()) {
            self.refresh(tid, p.inode);
        }
    }

    /// The socket's addresses as the kernel's table has them now.
    fn refresh(&mut self, tid: Pid, inode: Option<u64>) {
        let n = self.number(inode);
        let (Some(inode), Some(tcp)) = (inode, self.sock(n).map(|s| s.tcp)) else {
            return;
        };
        if let (Some(row), Some(s)) = (procfs::lookup(tid, tcp, inode), self.sock(n)) {
            if row.local.port() != 0 {
                s.local = Some(row.local);
            }
            s.peer = row.remote.or(s.peer);
        }
    }

    fn call(
        &mut self,
        tid: Pid,
        who: &Who,
        p: &Pending,
        n: u32,
        kind: CallKind,
        error: Option<String>,
    ) -> Call {
        let (local, peer) = self.sock(n).map(|s| (s.local, s.peer)).unwrap_or_default();
        Call {
            side: Role::Client,
            socket: n,
            kind,
            start: p.start,
            end: SystemTime::now(),
            local,
            peer,
            error,
            process: Some(Process {
                pid: u32::try_from(who.0.as_raw()).unwrap_or_default(),
                tid: (who.0 != tid).then(|| u32::try_from(tid.as_raw()).unwrap_or_default()),
                comm: who.1.clone(),
                fd: fd_of(&p.regs),
                syscall: p.sys.name,
            }),
        }
    }

    /// Samples the kernel's socket states at each call recorded from now on.
    pub fn sample_with(&mut self, sampler: Option<std::sync::Arc<crate::lab::kernel::Sampler>>) {
        self.sampler = sampler;
    }

    fn push(&mut self, c: Call) {
        if let Some(sampler) = &self.sampler {
            sampler.sample(crate::lab::kernel::Trigger::Call {
                socket: c.socket,
                call: c.kind.name(),
                end: c.end,
            });
        }
        if self.calls.len() < MAX_CALLS {
            self.calls.push(c);
        } else {
            self.dropped += 1;
        }
    }

    /// Every call in the order made, each with its socket's final addresses where it had
    /// none, and its side (as `complete` says); and how many calls were not kept.
    pub fn finish(mut self) -> (Vec<Call>, u64) {
        complete(&mut self.calls, &self.socks);
        (self.calls, self.dropped)
    }

    /// Each socket's own address and its peer's, as known so far.
    pub fn addresses(&self) -> impl Iterator<Item = (Option<SocketAddr>, Option<SocketAddr>)> {
        self.socks.iter().map(|s| (s.local, s.peer))
    }

    /// The calls so far, completed as [`Sockets::finish`] completes them (for a view that
    /// grows while the program runs).
    pub fn snapshot(&self) -> Vec<Call> {
        let mut calls = self.calls.clone();
        complete(&mut calls, &self.socks);
        calls
    }
}

/// Gives each call its socket's addresses where it had none, and its side: a socket that
/// listened or was accepted, or a UDP socket bound to a port that received first, is a
/// server's. Then puts the calls in the order they were made.
fn complete(calls: &mut [Call], socks: &[Sock]) {
    for c in calls.iter_mut() {
        let Some(s) = usize::try_from(c.socket)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| socks.get(i))
        else {
            continue;
        };
        c.local = c.local.or(s.local);
        c.peer = c.peer.or(s.peer);
        // A refused connect leaves no address; its SYN is found by the peer alone.
        if c.local.is_none() && c.peer.is_some() {
            c.local = Some(unspecified(s.ipv6));
        }
        let server = s.server || (!s.tcp && s.bound && s.sent_first == Some(false));
        c.side = if server { Role::Server } else { Role::Client };
    }
    calls.sort_by_key(|c| c.start);
}

fn unspecified(ipv6: bool) -> SocketAddr {
    let ip: IpAddr = if ipv6 {
        Ipv6Addr::UNSPECIFIED.into()
    } else {
        Ipv4Addr::UNSPECIFIED.into()
    };
    SocketAddr::new(ip, 0)
}

/// Who held `addr`'s port when bind() failed: a TIME-WAIT or listening socket, say (as
/// thread `tid` sees the kernel's table; the lab asks for its own threads too).
pub fn holder(tid: Pid, tcp: bool, addr: SocketAddr, inode: Option<u64>) -> Option<PortHolder> {
    let clash = |r: &procfs::SocketRow| {
        r.local.port() == addr.port()
            && Some(r.inode) != inode
            && (addr.ip().is_unspecified()
                || r.local.ip().is_unspecified()
                || r.local.ip() == addr.ip())
    };
    let rows: Vec<procfs::SocketRow> = procfs::rows(tid, tcp).into_iter().filter(clash).collect();
    // A listener explains it best, then TIME-WAIT, then anything else.
    let rank = |r: &procfs::SocketRow| match r.state {
        10 => 0,
        6 => 1,
        _ => 2,
    };
    let best = rows.iter().min_by_key(|r| rank(r))?;
    Some(PortHolder {
        state: if tcp {
            procfs::state_name(best.state)
        } else {
            "use"
        },
        local: best.local,
        remote: best.remote,
    })
}

/// The errno's name (`ECONNREFUSED`), as a tutorial and the lab write it.
pub fn errno_name(e: i64) -> String {
    let errno = nix::errno::Errno::from_raw(i32::try_from(e).unwrap_or_default());
    format!("{errno:?}")
}

/// `SO_REUSEADDR=1`, `SO_LINGER={on,0s}`, `TCP_NODELAY=1`: the option and its value, read
/// from the program's memory (`len` bytes at `value`).
fn option_text(tid: Pid, level: u64, name: u64, value: u64, len: u64) -> String {
    let (level, name) = (
        i32::try_from(level).unwrap_or(-1),
        i32::try_from(name).unwrap_or(-1),
    );
    let option = super::options::name(level, name)
        .map(Cow::Borrowed)
        .unwrap_or_else(|| Cow::Owned(format!("level {level} option {name}")));
    let int = |at: u64| procfs::read_u32(tid, at).map(|v| v as i32);
    let shown = match (level, name) {
        (libc::SOL_SOCKET, libc::SO_LINGER) if len >= 8 => {
            match (int(value), int(value.saturating_add(4))) {
                (Some(on), Some(secs)) => {
                    format!("{{{},{secs}s}}", if on != 0 { "on" } else { "off" })
                }
                _ => "?".into(),
            }
        }
        _ if len >= 4 => int(value).map_or_else(|| "?".into(), |v| v.to_string()),
        _ => "?".into(),
    };
    format!("{option}={shown}")
}
