//! The ptrace loop: waits for the traced threads' stops and turns each socket call into a
//! [`Call`] ([`super::record`] says what each call was).
//!
//! A traced call stops twice: at the seccomp stop before it runs (its arguments, and what
//! must be read before it runs: the address a `connect()` goes to, the other holders of a
//! descriptor being closed), and, resumed with `PTRACE_SYSCALL`, at its exit (the return
//! value, the addresses the kernel gave the socket). Calls on descriptors that are not
//! Internet sockets are resumed with `PTRACE_CONT` at once and stop only once.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use nix::errno::Errno;
use nix::sys::ptrace::{self, Event, Options};
use nix::sys::signal::Signal;
use nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid};
use nix::unistd::Pid;

use super::TraceError;
use super::filter::{self, Syscall, SyscallKind};
use super::procfs;
use super::record::Sockets;
use super::regs::{self, SyscallRegs};
use crate::lab::calls::Call;

/// How the traced program ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgramExit {
    Code(i32),
    Signal(Signal),
}

impl ProgramExit {
    /// The exit status a shell reports for it (128 + the signal's number when killed).
    pub fn status(self) -> u8 {
        match self {
            ProgramExit::Code(c) => u8::try_from(c & 0xff).unwrap_or(1),
            ProgramExit::Signal(s) => u8::try_from(128 + s as i32).unwrap_or(255),
        }
    }
}

/// What the tracer saw of a finished program.
#[derive(Debug)]
pub struct Traced {
    pub calls: Vec<Call>,
    pub exit: ProgramExit,
    /// Processes (thread groups) of the program, itself included.
    pub processes: usize,
    /// Calls not kept because the log was full ([`MAX_CALLS`]).
    pub calls_dropped: u64,
}

/// At most this many calls are kept (a program that chats for hours stays bounded).
pub const MAX_CALLS: usize = 1_000_000;

/// A call seen at its seccomp stop, waiting for its exit.
#[derive(Debug, Clone)]
pub struct Pending {
    pub sys: &'static Syscall,
    pub regs: SyscallRegs,
    pub start: SystemTime,
    /// The socket's inode (`None` for `socket()`, which has none yet).
    pub inode: Option<u64>,
    /// For `close()`: how many other descriptors hold the socket.
    pub others: u32,
    /// For `close()`: bytes received that the program never read (the close sends RST).
    pub unread: u32,
}

/// One traced thread.
#[derive(Debug, Clone)]
struct Task {
    tgid: Pid,
    comm: String,
}

/// The tracer: every thread of the program, the calls waiting for their exit, the sockets.
pub struct Tracer {
    root: Pid,
    tasks: HashMap<Pid, Task>,
    pending: HashMap<Pid, Pending>,
    /// Shared with a view that grows while the program runs ([`Tracer::sockets`]).
    sockets: Arc<Mutex<Sockets>>,
    exit: Option<ProgramExit>,
    processes: HashSet<Pid>,
    /// The live processes, for whoever must signal them (Ctrl-C twice, SIGTERM).
    live: Arc<Mutex<HashSet<i32>>>,
}

impl Tracer {
    /// Takes over `child`, which [`super::spawn::spawn`] left stopped after its exec: sets
    /// the options that make its children traced too and seccomp stops visible. The child
    /// stays stopped until [`Tracer::run`].
    pub fn attach(child: u32) -> Result<Tracer, TraceError> {
        let root = Pid::from_raw(i32::try_from(child).unwrap_or(i32::MAX));
        let ptrace_err = |what: &'static str| move |e| TraceError::Ptrace { what, source: e };
        match waitpid(root, Some(WaitPidFlag::__WALL))
            .map_err(ptrace_err("wait for the program"))?
        {
            WaitStatus::Stopped(_, Signal::SIGTRAP) => {}
            WaitStatus::Exited(_, code) => return Err(TraceError::DidNotStart { code }),
            other => return Err(TraceError::Unexpected(format!("{other:?}"))),
        }
        let options = Options::PTRACE_O_TRACESECCOMP
            | Options::PTRACE_O_TRACESYSGOOD
            | Options::PTRACE_O_TRACEFORK
            | Options::PTRACE_O_TRACEVFORK
            | Options::PTRACE_O_TRACECLONE
            | Options::PTRACE_O_TRACEEXEC
            | Options::PTRACE_O_EXITKILL;
        ptrace::setoptions(root, options).map_err(ptrace_err("set the tracing options"))?;
        let mut t = Tracer {
            root,
            tasks: HashMap::new(),
            pending: HashMap::new(),
            sockets: Arc::default(),
            exit: None,
            processes: HashSet::new(),
            live: Arc::default(),
        };
        t.add_task(root);
        Ok(t)
    }

    /// The program's sockets and calls so far, for a view that grows while it runs.
    pub fn sockets(&self) -> Arc<Mutex<Sockets>> {
        Arc::clone(&self.sockets)
    }

    /// The program's live processes (their ids), kept up to date while it runs.
    pub fn live(&self) -> Arc<Mutex<HashSet<i32>>> {
        Arc::clone(&self.live)
    }

    fn add_task(&mut self, tid: Pid) {
        let tgid = procfs::tgid(tid).unwrap_or(tid);
        let comm = procfs::comm(tid);
        self.tasks.insert(tid, Task { tgid, comm });
        if self.processes.insert(tgid) {
            self.live
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(tgid.as_raw());
        }
    }

    /// Resumes the program and follows it (and every process and thread it starts) until
    /// the last of them has ended.
    pub fn run(mut self) -> Result<Traced, TraceError> {
        resume(self.root, None);
        loop {
            match waitpid(None, Some(WaitPidFlag::__WALL)) {
                Err(Errno::ECHILD) => break,
                Err(Errno::EINTR) => continue,
                Err(e) => {
                    return Err(TraceError::Ptrace {
                        what: "wait for the program",
                        source: e,
                    });
                }
                Ok(status) => self.on_status(status),
            }
        }
        let sockets =
            std::mem::take(&mut *self.sockets.lock().unwrap_or_else(PoisonError::into_inner));
        let (calls, calls_dropped) = sockets.finish();
        Ok(Traced {
            calls,
            exit: self.exit.unwrap_or(ProgramExit::Code(0)),
            processes: self.processes.len(),
            calls_dropped,
        })
    }

    fn on_status(&mut self, status: WaitStatus) {
        match status {
            WaitStatus::PtraceEvent(tid, _, e) if e == Event::PTRACE_EVENT_SECCOMP as i32 => {
                self.on_entry(tid);
            }
            WaitStatus::PtraceSyscall(tid) => self.on_exit(tid),
            WaitStatus::PtraceEvent(tid, _, e) => {
                if e == Event::PTRACE_EVENT_EXEC as i32 {
                    self.add_task(tid);
                } else if let Ok(new) = ptrace::getevent(tid)
                    && matches!(
                        e,
                        x if x == Event::PTRACE_EVENT_FORK as i32
                            || x == Event::PTRACE_EVENT_VFORK as i32
                            || x == Event::PTRACE_EVENT_CLONE as i32
                    )
                {
                    let new = Pid::from_raw(i32::try_from(new).unwrap_or_default());
                    if !self.tasks.contains_key(&new) {
                        self.add_task(new);
                    }
                }
                resume(tid, None);
            }
            // A new thread or process starts stopped with SIGSTOP (it may report before its
            // parent's fork event does).
            WaitStatus::Stopped(tid, Signal::SIGSTOP) if !self.tasks.contains_key(&tid) => {
                self.add_task(tid);
                resume(tid, None);
            }
            // A signal for the program: delivered as it would be untraced. (A group stop,
            // Ctrl-Z, is resumed: a traced program does not stay stopped; docs/run.md.)
            WaitStatus::Stopped(tid, sig) => {
                let deliver = ptrace::getsiginfo(tid).is_ok().then_some(sig);
                resume(tid, deliver);
            }
            WaitStatus::Exited(tid, code) => self.ended(tid, ProgramExit::Code(code)),
            WaitStatus::Signaled(tid, sig, _) => self.ended(tid, ProgramExit::Signal(sig)),
            _ => {}
        }
    }

    fn ended(&mut self, tid: Pid, how: ProgramExit) {
        self.pending.remove(&tid);
        if let Some(task) = self.tasks.remove(&tid)
            && task.tgid == tid
        {
            self.live
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(&tid.as_raw());
        }
        if tid == self.root {
            self.exit = Some(how);
        }
    }

    /// A seccomp stop: a traced call is about to run.
    fn on_entry(&mut self, tid: Pid) {
        let Some((regs, sys)) = regs::read(tid)
            .ok()
            .and_then(|r| filter::lookup(r.nr).map(|s| (r, s)))
        else {
            resume(tid, None);
            return;
        };
        let start = SystemTime::now();
        let fd = fd_of(&regs);
        let inode = match sys.kind {
            SyscallKind::Socket if !is_inet_socket(&regs) => {
                resume(tid, None);
                return;
            }
            SyscallKind::Socket => None,
            _ => match procfs::socket_inode(tid, fd) {
                Some(i)
                    if self
                        .sockets
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .knows(tid, i) =>
                {
                    Some(i)
                }
                _ => {
                    resume(tid, None);
                    return;
                }
            },
        };
        let mut pending = Pending {
            sys,
            regs,
            start,
            inode,
            others: 0,
            unread: 0,
        };
        if let Some(i) = inode {
            if sys.kind == SyscallKind::Close {
                let pids = self.processes_alive();
                pending.others = procfs::references(pids.into_iter(), i).saturating_sub(1);
                pending.unread = procfs::lookup(tid, true, i).map_or(0, |r| r.unread);
            }
            let who = self.who(tid);
            self.sockets
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .entry(tid, who, &pending);
        }
        self.pending.insert(tid, pending);
        if ptrace::syscall(tid, None).is_err() {
            self.pending.remove(&tid);
        }
    }

    /// A syscall-exit stop: the call has returned.
    fn on_exit(&mut self, tid: Pid) {
        if let (Some(p), Ok(r)) = (self.pending.remove(&tid), regs::read(tid)) {
            // Interrupted by a signal and restarted by the kernel: the restart is seen again.
            if !(-517..=-512).contains(&r.ret) {
                let who = self.who(tid);
                self.sockets
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .exit(tid, who, &p, r.ret);
            }
        }
        resume(tid, None);
    }

    fn who(&self, tid: Pid) -> (Pid, String) {
        self.tasks
            .get(&tid)
            .map(|t| (t.tgid, t.comm.clone()))
            .unwrap_or_else(|| (tid, procfs::comm(tid)))
    }

    fn processes_alive(&self) -> Vec<Pid> {
        let live = self.live.lock().unwrap_or_else(PoisonError::into_inner);
        live.iter().map(|&p| Pid::from_raw(p)).collect()
    }
}

/// Resumes a stopped thread; it may have been killed meanwhile, which is no error here.
fn resume(tid: Pid, sig: Option<Signal>) {
    let _ = ptrace::cont(tid, sig);
}

/// The descriptor argument (the first, for every traced call but socket()).
pub fn fd_of(regs: &SyscallRegs) -> i32 {
    i32::try_from(regs.args[0] as i64).unwrap_or(-1)
}

/// socket(AF_INET or AF_INET6, SOCK_STREAM or SOCK_DGRAM, ...): the sockets wirelab follows.
fn is_inet_socket(regs: &SyscallRegs) -> bool {
    let domain = i32::try_from(regs.args[0]).unwrap_or(-1);
    let ty = i32::try_from(regs.args[1] & 0xf).unwrap_or(-1);
    matches!(domain, libc::AF_INET | libc::AF_INET6)
        && matches!(ty, libc::SOCK_STREAM | libc::SOCK_DGRAM)
}
