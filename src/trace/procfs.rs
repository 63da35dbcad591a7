//! What the tracer reads about a traced process without stopping it longer: which socket a
//! descriptor is (`/proc/PID/fd/N` → `socket:[INODE]`), a socket's addresses and state from
//! the kernel's tables (`/proc/PID/net/tcp`, `tcp6`, `udp`, `udp6`: the process's own network
//! namespace), its command name, and the bytes of an argument in its memory.

use std::io::IoSliceMut;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use nix::sys::uio::{RemoteIoVec, process_vm_readv};
use nix::unistd::Pid;

/// The inode of the socket that descriptor `fd` of thread `tid` is, if it is a socket.
pub fn socket_inode(tid: Pid, fd: i32) -> Option<u64> {
    let link = std::fs::read_link(format!("/proc/{tid}/fd/{fd}")).ok()?;
    let s = link.to_str()?;
    s.strip_prefix("socket:[")?.strip_suffix(']')?.parse().ok()
}

/// How many descriptors of processes `pids` refer to socket `inode`.
pub fn references(pids: impl Iterator<Item = Pid>, inode: u64) -> u32 {
    let want = format!("socket:[{inode}]");
    pids.filter_map(|p| std::fs::read_dir(format!("/proc/{p}/fd")).ok())
        .flat_map(|dir| dir.flatten())
        .filter(|e| std::fs::read_link(e.path()).is_ok_and(|l| l.as_os_str() == want.as_str()))
        .count()
        .try_into()
        .unwrap_or(u32::MAX)
}

/// The command name of a process (`/proc/PID/comm`).
pub fn comm(pid: Pid) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|s| s.trim_end().to_owned())
        .unwrap_or_default()
}

/// The thread group (process) a thread belongs to.
pub fn tgid(tid: Pid) -> Option<Pid> {
    let status = std::fs::read_to_string(format!("/proc/{tid}/status")).ok()?;
    let n = status.lines().find_map(|l| l.strip_prefix("Tgid:"))?.trim();
    n.parse().ok().map(Pid::from_raw)
}

/// One row of the kernel's socket table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SocketRow {
    pub local: SocketAddr,
    /// `None` for an unconnected socket (the table shows 0.0.0.0:0).
    pub remote: Option<SocketAddr>,
    /// The `st` column: a TCP state number (1 ESTABLISHED ... 6 TIME_WAIT ... 10 LISTEN).
    pub state: u8,
    /// Bytes received and not yet read by the program (`rx_queue`).
    pub unread: u32,
    pub inode: u64,
}

/// The tables a TCP or UDP socket is in.
fn tables(tcp: bool) -> [&'static str; 2] {
    if tcp {
        ["tcp", "tcp6"]
    } else {
        ["udp", "udp6"]
    }
}

/// Every row of the TCP (or UDP) tables as thread `tid` sees them.
pub fn rows(tid: Pid, tcp: bool) -> Vec<SocketRow> {
    tables(tcp)
        .iter()
        .filter_map(|t| std::fs::read_to_string(format!("/proc/{tid}/net/{t}")).ok())
        .flat_map(|text| {
            text.lines()
                .skip(1)
                .filter_map(parse_row)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The row of socket `inode`.
pub fn lookup(tid: Pid, tcp: bool, inode: u64) -> Option<SocketRow> {
    rows(tid, tcp).into_iter().find(|r| r.inode == inode)
}

/// `  0: 0100007F:1F41 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000 0 12345 ...`
fn parse_row(line: &str) -> Option<SocketRow> {
    let mut f = line.split_whitespace();
    let _slot = f.next()?;
    let local = parse_addr(f.next()?)?;
    let remote = parse_addr(f.next()?)?;
    let state = u8::from_str_radix(f.next()?, 16).ok()?;
    let (_tx, rx) = f.next()?.split_once(':')?;
    let unread = u32::from_str_radix(rx, 16).ok()?;
    let inode = f.nth(4)?.parse().ok()?;
    let remote = (!remote.ip().is_unspecified() || remote.port() != 0).then_some(remote);
    Some(SocketRow {
        local,
        remote,
        state,
        unread,
        inode,
    })
}

/// `0100007F:1F41`: the address as the kernel's 32-bit words in this machine's byte order,
/// then the port in hex.
fn parse_addr(s: &str) -> Option<SocketAddr> {
    let (addr, port) = s.split_once(':')?;
    let port = u16::from_str_radix(port, 16).ok()?;
    let mut bytes = Vec::with_capacity(16);
    for i in (0..addr.len()).step_by(8) {
        let word = u32::from_str_radix(addr.get(i..i + 8)?, 16).ok()?;
        bytes.extend_from_slice(&word.to_ne_bytes());
    }
    let ip: IpAddr = match bytes.len() {
        4 => Ipv4Addr::from(<[u8; 4]>::try_from(bytes).ok()?).into(),
        16 => Ipv6Addr::from(<[u8; 16]>::try_from(bytes).ok()?).into(),
        _ => return None,
    };
    Some(SocketAddr::new(ip, port))
}

/// The RFC 9293 spelling of a state number of the kernel's tables.
pub fn state_name(state: u8) -> &'static str {
    match state {
        1 => "ESTABLISHED",
        2 => "SYN-SENT",
        3 => "SYN-RECEIVED",
        4 => "FIN-WAIT-1",
        5 => "FIN-WAIT-2",
        6 => "TIME-WAIT",
        7 => "CLOSED",
        8 => "CLOSE-WAIT",
        9 => "LAST-ACK",
        10 => "LISTEN",
        11 => "CLOSING",
        _ => "an unknown state",
    }
}

/// `len` bytes at `addr` in process `pid`'s memory (fewer if the read stops short).
pub fn read_memory(pid: Pid, addr: u64, len: usize) -> Option<Vec<u8>> {
    if addr == 0 || len == 0 {
        return None;
    }
    let mut buf = vec![0u8; len];
    let remote = [RemoteIoVec {
        base: usize::try_from(addr).ok()?,
        len,
    }];
    let n = process_vm_readv(pid, &mut [IoSliceMut::new(&mut buf)], &remote).ok()?;
    buf.truncate(n);
    Some(buf)
}

/// A `u64` (a pointer or a length) at `addr`.
pub fn read_u64(pid: Pid, addr: u64) -> Option<u64> {
    let b = read_memory(pid, addr, 8)?;
    Some(u64::from_ne_bytes(b.get(..8)?.try_into().ok()?))
}

/// A `u32` (a `socklen_t`, an `int`) at `addr`.
pub fn read_u32(pid: Pid, addr: u64) -> Option<u32> {
    let b = read_memory(pid, addr, 4)?;
    Some(u32::from_ne_bytes(b.get(..4)?.try_into().ok()?))
}

/// A `struct sockaddr_in` or `sockaddr_in6` of `len` bytes at `addr`.
pub fn read_sockaddr(pid: Pid, addr: u64, len: u64) -> Option<SocketAddr> {
    let b = read_memory(pid, addr, usize::try_from(len.min(128)).ok()?)?;
    parse_sockaddr(&b)
}

/// A socket address in the C layout: family (host order), port and address (network order).
pub fn parse_sockaddr(b: &[u8]) -> Option<SocketAddr> {
    let family = u16::from_ne_bytes(b.get(0..2)?.try_into().ok()?);
    let port = u16::from_be_bytes(b.get(2..4)?.try_into().ok()?);
    let ip: IpAddr = match i32::from(family) {
        libc::AF_INET => Ipv4Addr::from(<[u8; 4]>::try_from(b.get(4..8)?).ok()?).into(),
        libc::AF_INET6 => Ipv6Addr::from(<[u8; 16]>::try_from(b.get(8..24)?).ok()?).into(),
        _ => return None,
    };
    Some(SocketAddr::new(ip, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_of_the_kernel_tables_parse() {
        let v4 = "   0: 0100007F:1F41 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 12345 1 0000000000000000 100 0 0 10 0";
        let row = parse_row(v4).unwrap();
        assert_eq!(row.local, "127.0.0.1:8001".parse().unwrap());
        assert_eq!((row.remote, row.state, row.inode), (None, 10, 12345));
        let v6 = "   1: 00000000000000000000000001000000:1F41 00000000000000000000000001000000:C350 06 00000000:00000000 03:00000F8D 00000000     0        0 0 3 0000000000000000";
        let row = parse_row(v6).unwrap();
        assert_eq!(row.local, "[::1]:8001".parse().unwrap());
        assert_eq!(row.remote, Some("[::1]:50000".parse().unwrap()));
        assert_eq!(state_name(row.state), "TIME-WAIT");
    }

    #[test]
    fn a_socket_of_this_process_is_found_by_its_inode() {
        use std::os::fd::AsRawFd;
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let me = Pid::this();
        let inode = socket_inode(me, l.as_raw_fd()).unwrap();
        let row = lookup(me, true, inode).unwrap();
        assert_eq!(row.local, l.local_addr().unwrap());
        assert_eq!(state_name(row.state), "LISTEN");
        assert_eq!(references(std::iter::once(me), inode), 1);
        let s: [u8; 16] = [2, 0, 0x1f, 0x41, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(parse_sockaddr(&s), Some("127.0.0.1:8001".parse().unwrap()));
    }
}
