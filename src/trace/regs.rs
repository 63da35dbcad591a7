//! A stopped thread's system call: its number and arguments at entry, its return value at
//! exit, read from the registers (the only architecture-specific part of the tracer).

use nix::sys::ptrace;
use nix::unistd::Pid;

/// The registers of a system call that matter to the tracer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyscallRegs {
    pub nr: i64,
    pub args: [u64; 6],
    /// The return value (at exit): `-errno` on failure.
    pub ret: i64,
}

/// Reads them from a thread stopped at a seccomp or syscall-exit stop.
#[cfg(target_arch = "x86_64")]
pub fn read(tid: Pid) -> nix::Result<SyscallRegs> {
    let r = ptrace::getregs(tid)?;
    // The registers hold the raw 64-bit words; the casts keep their bits.
    Ok(SyscallRegs {
        nr: r.orig_rax as i64,
        args: [r.rdi, r.rsi, r.rdx, r.r10, r.r8, r.r9],
        ret: r.rax as i64,
    })
}

#[cfg(not(target_arch = "x86_64"))]
pub fn read(tid: Pid) -> nix::Result<SyscallRegs> {
    let _ = (tid, ptrace::traceme);
    Err(nix::Error::ENOSYS)
}
