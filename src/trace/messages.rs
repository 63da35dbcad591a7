//! How many bytes a data call moved, in how many messages, to or from which address: the
//! return value, and for the message calls the `msghdr`s in the program's memory.
//!
//! The C layouts (64-bit Linux): `struct msghdr` is 56 bytes, `msg_name` (a pointer) at 0
//! and `msg_namelen` at 8; `struct mmsghdr` is a `msghdr` and its `msg_len` at 56, 64 bytes
//! in all.

use std::net::SocketAddr;

use nix::unistd::Pid;

use super::filter::SyscallKind;
use super::procfs;
use super::tracer::Pending;

const MSGHDR_NAMELEN: u64 = 8;
const MMSGHDR_LEN: u64 = 56;
const MMSGHDR_SIZE: u64 = 64;
/// recvmmsg/sendmmsg move at most this many messages in one call (UIO_MAXIOV).
const MAX_MESSAGES: u64 = 1024;

/// `(bytes, address)` for each message the call moved; one entry, with the bytes asked
/// for, when it failed.
pub fn of(tid: Pid, p: &Pending, ret: i64, failed: bool) -> Vec<(usize, Option<SocketAddr>)> {
    let a = p.regs.args;
    let len = |n: i64| usize::try_from(n).unwrap_or_default();
    if failed {
        let asked = match p.sys.kind {
            SyscallKind::Send | SyscallKind::Recv => len(a[2] as i64),
            _ => 0,
        };
        return vec![(asked, address_arg(tid, p))];
    }
    match p.sys.kind {
        SyscallKind::SendMmsg | SyscallKind::RecvMmsg => {
            let count = u64::try_from(ret).unwrap_or_default().min(MAX_MESSAGES);
            (0..count)
                .map(|i| {
                    let hdr = a[1].saturating_add(i * MMSGHDR_SIZE);
                    let bytes = procfs::read_u32(tid, hdr + MMSGHDR_LEN).unwrap_or_default();
                    (
                        usize::try_from(bytes).unwrap_or_default(),
                        msg_name(tid, hdr),
                    )
                })
                .collect()
        }
        _ => vec![(len(ret), address_arg(tid, p))],
    }
}

/// The peer address a call names: sendto's destination, recvfrom's source (written by the
/// kernel, with its length, by the time the call returns), a msghdr's `msg_name`.
fn address_arg(tid: Pid, p: &Pending) -> Option<SocketAddr> {
    let a = p.regs.args;
    match p.sys.kind {
        SyscallKind::Send if p.sys.name == "sendto" && a[4] != 0 => {
            procfs::read_sockaddr(tid, a[4], a[5])
        }
        SyscallKind::Recv if p.sys.name == "recvfrom" && a[4] != 0 && a[5] != 0 => {
            let n = procfs::read_u32(tid, a[5])?;
            procfs::read_sockaddr(tid, a[4], u64::from(n))
        }
        SyscallKind::SendMsg | SyscallKind::RecvMsg => msg_name(tid, a[1]),
        _ => None,
    }
}

fn msg_name(tid: Pid, msghdr: u64) -> Option<SocketAddr> {
    let name = procfs::read_u64(tid, msghdr)?;
    let len = procfs::read_u32(tid, msghdr + MSGHDR_NAMELEN)?;
    procfs::read_sockaddr(tid, name, u64::from(len))
}
