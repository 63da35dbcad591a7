//! The seccomp filter the traced program runs under: the socket-related system calls stop it
//! for the tracer (`SECCOMP_RET_TRACE`), every other call runs at full speed. That is what
//! makes tracing cheap enough for a chat client: a Python program's file reads and memory
//! calls never reach wirelab.
//!
//! `read`, `write`, `readv`, `writev` and `close` stop too, whatever the descriptor is (a
//! filter sees numbers, not what a descriptor is); the tracer lets those on non-sockets go on
//! at once, without waiting for their return.

use std::collections::BTreeMap;

use seccompiler::{BpfProgram, SeccompAction, SeccompFilter, TargetArch};

use super::TraceError;

/// A traced system call: its number on this machine, its name, and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Syscall {
    pub nr: i64,
    pub name: &'static str,
    pub kind: SyscallKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyscallKind {
    Socket,
    Bind,
    Listen,
    Accept,
    Connect,
    /// send, sendto, write: args (fd, buf, len, flags, addr, addrlen).
    Send,
    /// sendmsg: (fd, msghdr, flags).
    SendMsg,
    /// sendmmsg: (fd, mmsghdr[], count, flags).
    SendMmsg,
    /// writev: (fd, iov, iovcnt).
    WriteV,
    /// recv, recvfrom, read: (fd, buf, len, flags, addr, addrlen).
    Recv,
    /// recvmsg: (fd, msghdr, flags).
    RecvMsg,
    /// recvmmsg: (fd, mmsghdr[], count, flags, timeout).
    RecvMmsg,
    /// readv: (fd, iov, iovcnt).
    ReadV,
    Shutdown,
    Close,
    SetOption,
    GetOption,
}

macro_rules! calls {
    ($($nr:ident $name:literal $kind:ident),* $(,)?) => {
        &[$(Syscall { nr: libc::$nr as i64, name: $name, kind: SyscallKind::$kind }),*]
    };
}

/// Every system call wirelab traces (x86_64 has no separate `send`/`recv`: the C library's
/// `send()` is `sendto` without an address).
pub const TRACED: &[Syscall] = calls![
    SYS_socket "socket" Socket,
    SYS_bind "bind" Bind,
    SYS_listen "listen" Listen,
    SYS_accept "accept" Accept,
    SYS_accept4 "accept4" Accept,
    SYS_connect "connect" Connect,
    SYS_sendto "sendto" Send,
    SYS_write "write" Send,
    SYS_sendmsg "sendmsg" SendMsg,
    SYS_sendmmsg "sendmmsg" SendMmsg,
    SYS_writev "writev" WriteV,
    SYS_recvfrom "recvfrom" Recv,
    SYS_read "read" Recv,
    SYS_recvmsg "recvmsg" RecvMsg,
    SYS_recvmmsg "recvmmsg" RecvMmsg,
    SYS_readv "readv" ReadV,
    SYS_shutdown "shutdown" Shutdown,
    SYS_close "close" Close,
    SYS_setsockopt "setsockopt" SetOption,
    SYS_getsockopt "getsockopt" GetOption,
];

/// The traced call with number `nr`.
pub fn lookup(nr: i64) -> Option<&'static Syscall> {
    TRACED.iter().find(|s| s.nr == nr)
}

#[cfg(target_arch = "x86_64")]
const ARCH: Option<TargetArch> = Some(TargetArch::x86_64);
#[cfg(target_arch = "aarch64")]
const ARCH: Option<TargetArch> = Some(TargetArch::aarch64);
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
const ARCH: Option<TargetArch> = None;

/// The compiled filter: the traced calls stop for the tracer, the rest are allowed. A call
/// from another architecture's table (a 32-bit program on a 64-bit kernel) is refused by
/// seccompiler's architecture check, so a program cannot slip past the tracer that way.
pub fn program() -> Result<BpfProgram, TraceError> {
    let arch = ARCH.ok_or(TraceError::Unsupported("this processor architecture"))?;
    let rules: BTreeMap<i64, Vec<seccompiler::SeccompRule>> =
        TRACED.iter().map(|s| (s.nr, Vec::new())).collect();
    let filter = SeccompFilter::new(rules, SeccompAction::Allow, SeccompAction::Trace(0), arch)
        .map_err(|e| TraceError::Filter(e.to_string()))?;
    BpfProgram::try_from(filter).map_err(|e| TraceError::Filter(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_compiles_and_every_number_is_distinct() {
        assert!(!program().unwrap().is_empty());
        for (i, a) in TRACED.iter().enumerate() {
            assert!(
                TRACED.iter().skip(i + 1).all(|b| b.nr != a.nr),
                "{}",
                a.name
            );
        }
        assert_eq!(lookup(libc::SYS_connect).map(|s| s.name), Some("connect"));
    }
}
