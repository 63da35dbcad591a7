//! A real kernel socket that writes each call it makes into the [`CallLog`]: the lab's
//! programs are written with it as a sockets tutorial's are written with the C calls.
//!
//! TCP sockets are `socket2::Socket`s (for `SO_REUSEADDR`, `SO_LINGER` and `shutdown`); UDP
//! sockets become `std::net::UdpSocket`s once made, for a safe `recv_from`.

use std::io::{self, Read};
use std::net::{Shutdown, SocketAddr, UdpSocket};
use std::time::{Duration, SystemTime};

use socket2::{Domain, Protocol, SockAddr, SockRef, Socket, TcpKeepalive, Type};

use super::calls::{Call, CallKind, CallLog, error_name};
use crate::track::Role;

/// No lab step takes this long on a working machine; a blocked call gives up after it.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(5);

enum Inner {
    Tcp(Socket),
    Udp(UdpSocket),
}

/// One socket of the lab's client or server.
pub struct LabSocket {
    inner: Inner,
    id: u32,
    side: Role,
    log: CallLog,
    /// The connected peer (TCP), for the calls made before addresses were final.
    peer: Option<SocketAddr>,
}

/// A socket option a lab program sets, shown as `setsockopt` names it (`TCP_NODELAY=1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SockOpt {
    /// `SO_RCVBUF`: the receive buffer, in bytes (before Linux doubles it).
    RecvBuffer(usize),
    /// `TCP_NODELAY` 1: Nagle's algorithm off.
    NoDelay,
    /// `TCP_QUICKACK`: 0 lets Linux delay its ACKs from the first segment on.
    QuickAck(bool),
    /// `SO_KEEPALIVE` 1.
    KeepAlive,
    /// `TCP_KEEPIDLE`: idle time before the first keep-alive (whole seconds).
    KeepIdle(Duration),
    /// `TCP_KEEPINTVL`: time between unanswered keep-alives (whole seconds).
    KeepInterval(Duration),
    /// `TCP_KEEPCNT`: unanswered keep-alives before the connection is given up.
    KeepCount(u32),
}

impl std::fmt::Display for SockOpt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SockOpt::RecvBuffer(bytes) => write!(f, "SO_RCVBUF={bytes}"),
            SockOpt::NoDelay => f.write_str("TCP_NODELAY=1"),
            SockOpt::QuickAck(on) => write!(f, "TCP_QUICKACK={}", u8::from(*on)),
            SockOpt::KeepAlive => f.write_str("SO_KEEPALIVE=1"),
            SockOpt::KeepIdle(d) => write!(f, "TCP_KEEPIDLE={}", d.as_secs()),
            SockOpt::KeepInterval(d) => write!(f, "TCP_KEEPINTVL={}", d.as_secs()),
            SockOpt::KeepCount(n) => write!(f, "TCP_KEEPCNT={n}"),
        }
    }
}

/// A failed call, named for the message: `client connect(): ECONNREFUSED`.
#[derive(Debug, thiserror::Error)]
#[error("{side} {call}(): {errno}")]
pub struct CallError {
    pub side: &'static str,
    pub call: &'static str,
    pub errno: String,
    #[source]
    pub source: io::Error,
}

impl LabSocket {
    /// `socket(AF_INET or AF_INET6, SOCK_STREAM or SOCK_DGRAM)`.
    pub fn new(log: &CallLog, side: Role, ipv6: bool, tcp: bool) -> Result<LabSocket, CallError> {
        let id = log.new_socket();
        let domain = if ipv6 { Domain::IPV6 } else { Domain::IPV4 };
        let start = SystemTime::now();
        let made = if tcp {
            Socket::new(domain, Type::STREAM, Some(Protocol::TCP)).map(Inner::Tcp)
        } else {
            Socket::new(domain, Type::DGRAM, Some(Protocol::UDP))
                .map(|s| Inner::Udp(UdpSocket::from(s)))
        };
        let error = made.as_ref().err().map(error_name);
        log.push(Call {
            side,
            socket: id,
            kind: CallKind::Socket { ipv6, tcp },
            start,
            end: SystemTime::now(),
            local: None,
            peer: None,
            error: error.clone(),
            process: None,
        });
        let inner = made.map_err(|source| CallError {
            side: side.name(),
            call: "socket",
            errno: error.unwrap_or_default(),
            source,
        })?;
        let s = LabSocket {
            inner,
            id,
            side,
            log: log.clone(),
            peer: None,
        };
        s.sock().set_read_timeout(Some(CALL_TIMEOUT)).ok();
        s.sock().set_write_timeout(Some(CALL_TIMEOUT)).ok();
        Ok(s)
    }

    fn sock(&self) -> SockRef<'_> {
        match &self.inner {
            Inner::Tcp(s) => SockRef::from(s),
            Inner::Udp(s) => SockRef::from(s),
        }
    }

    /// Logs a finished call and turns its error into a [`CallError`].
    fn done<T>(
        &self,
        kind: CallKind,
        start: SystemTime,
        result: io::Result<T>,
    ) -> Result<T, CallError> {
        self.done_with(kind, start, None, result)
    }

    fn done_with<T>(
        &self,
        kind: CallKind,
        start: SystemTime,
        peer: Option<SocketAddr>,
        result: io::Result<T>,
    ) -> Result<T, CallError> {
        let end = SystemTime::now();
        let call = kind.name();
        let error = result.as_ref().err().map(error_name);
        self.log.push(Call {
            side: self.side,
            socket: self.id,
            kind,
            start,
            end,
            local: None,
            peer: peer.or(self.peer),
            error: error.clone(),
            process: None,
        });
        result.map_err(|source| CallError {
            side: self.side.name(),
            call,
            errno: error.unwrap_or_default(),
            source,
        })
    }

    fn note_addresses(&mut self) {
        let local = self.sock().local_addr().ok().and_then(|a| a.as_socket());
        let peer = self.sock().peer_addr().ok().and_then(|a| a.as_socket());
        self.peer = peer.or(self.peer);
        self.log.addresses(self.id, local, peer);
    }

    /// `setsockopt(SO_REUSEADDR, 1)`: a server can bind its port again while an old
    /// connection on it is in TIME-WAIT.
    pub fn reuse_address(&self) -> Result<(), CallError> {
        let start = SystemTime::now();
        let r = self.sock().set_reuse_address(true);
        self.done(
            CallKind::SetOption {
                option: "SO_REUSEADDR=1".into(),
            },
            start,
            r,
        )
    }

    /// `setsockopt(SO_LINGER, {on, 0 s})`: close() then discards the connection with a RST.
    pub fn linger_zero(&self) -> Result<(), CallError> {
        let start = SystemTime::now();
        let r = self.sock().set_linger(Some(Duration::ZERO));
        self.done(
            CallKind::SetOption {
                option: "SO_LINGER={on,0s}".into(),
            },
            start,
            r,
        )
    }

    /// `setsockopt` of one of the options the data-and-window scenarios teach with.
    pub fn set(&self, option: SockOpt) -> Result<(), CallError> {
        let start = SystemTime::now();
        let s = self.sock();
        let one = |d: Duration| TcpKeepalive::new().with_time(d);
        let r = match option {
            SockOpt::RecvBuffer(bytes) => s.set_recv_buffer_size(bytes),
            SockOpt::NoDelay => s.set_tcp_nodelay(true),
            SockOpt::QuickAck(on) => s.set_tcp_quickack(on),
            SockOpt::KeepAlive => s.set_keepalive(true),
            // Each through socket2's keep-alive setter with only that field given, so each
            // is one setsockopt of its own (the setter also sets SO_KEEPALIVE, already on).
            SockOpt::KeepIdle(d) => s.set_tcp_keepalive(&one(d)),
            SockOpt::KeepInterval(d) => s.set_tcp_keepalive(&TcpKeepalive::new().with_interval(d)),
            SockOpt::KeepCount(n) => s.set_tcp_keepalive(&TcpKeepalive::new().with_retries(n)),
        };
        self.done(
            CallKind::SetOption {
                option: option.to_string().into(),
            },
            start,
            r,
        )
    }

    /// `getsockopt(SO_RCVBUF)`: the receive buffer the kernel actually gave (Linux doubles
    /// what was asked for, for its own bookkeeping).
    pub fn recv_buffer(&self) -> Result<usize, CallError> {
        let start = SystemTime::now();
        let r = self.sock().recv_buffer_size();
        let shown = r.as_ref().map_or_else(|_| "?".to_owned(), usize::to_string);
        self.done(
            CallKind::GetOption {
                option: format!("SO_RCVBUF={shown}").into(),
            },
            start,
            r,
        )
    }

    pub fn bind(&mut self, addr: SocketAddr) -> Result<(), CallError> {
        let start = SystemTime::now();
        let r = self.sock().bind(&SockAddr::from(addr));
        // What held the port, read from the kernel's table as `wirelab run` reads it.
        let held_by = match &r {
            Err(e) if e.raw_os_error() == Some(libc::EADDRINUSE) => {
                let tcp = matches!(self.inner, Inner::Tcp(_));
                crate::trace::record::holder(nix::unistd::gettid(), tcp, addr, None)
            }
            _ => None,
        };
        self.done(CallKind::Bind { addr, held_by }, start, r)?;
        self.note_addresses();
        Ok(())
    }

    pub fn listen(&self, backlog: i32) -> Result<(), CallError> {
        let start = SystemTime::now();
        let r = self.sock().listen(backlog);
        self.done(CallKind::Listen { backlog }, start, r)
    }

    /// Lets this socket's blocking calls wait up to `d` instead of [`CALL_TIMEOUT`] (a
    /// connect() through lost SYN-ACKs). Not a call of the program's: it is not logged, as
    /// the default timeout is not.
    pub fn set_call_timeout(&self, d: Duration) {
        self.sock().set_read_timeout(Some(d)).ok();
        self.sock().set_write_timeout(Some(d)).ok();
    }

    /// `connect()`, logged twice: when it is called (TCP sends the SYN then) and when it
    /// returns (after the handshake, or with ECONNREFUSED after a RST).
    pub fn connect(&mut self, to: SocketAddr) -> Result<(), CallError> {
        let start = SystemTime::now();
        self.peer = Some(to);
        self.done(CallKind::ConnectStart { to }, start, Ok(()))?;
        let r = match &self.inner {
            Inner::Tcp(s) => s.connect(&SockAddr::from(to)),
            Inner::Udp(s) => s.connect(to),
        };
        // The client's port is known now (bound by connect), also after a refusal.
        let local = self.sock().local_addr().ok().and_then(|a| a.as_socket());
        self.log.addresses(self.id, local, Some(to));
        let returned = SystemTime::now();
        self.done(CallKind::ConnectReturn, returned, r)?;
        self.note_addresses();
        Ok(())
    }

    /// `accept()`: waits for a connection whose handshake has completed.
    pub fn accept(&self) -> Result<LabSocket, CallError> {
        let Inner::Tcp(listener) = &self.inner else {
            return Err(not_tcp(self.side, "accept"));
        };
        let start = SystemTime::now();
        let r = listener.accept();
        let id = self.log.new_socket();
        let end = SystemTime::now();
        let (sock, peer) = match r {
            Ok((s, peer)) => (s, peer.as_socket()),
            Err(e) => {
                let errno = error_name(&e);
                self.log.push(Call {
                    side: self.side,
                    socket: self.id,
                    kind: CallKind::Accept,
                    start,
                    end,
                    local: None,
                    peer: None,
                    error: Some(errno.clone()),
                    process: None,
                });
                return Err(CallError {
                    side: self.side.name(),
                    call: "accept",
                    errno,
                    source: e,
                });
            }
        };
        sock.set_read_timeout(Some(CALL_TIMEOUT)).ok();
        sock.set_write_timeout(Some(CALL_TIMEOUT)).ok();
        let mut conn = LabSocket {
            inner: Inner::Tcp(sock),
            id,
            side: self.side,
            log: self.log.clone(),
            peer,
        };
        conn.note_addresses();
        // Logged on the new socket: it is the one whose conversation the handshake built.
        self.log.push(Call {
            side: self.side,
            socket: id,
            kind: CallKind::Accept,
            start,
            end,
            local: None,
            peer,
            error: None,
            process: None,
        });
        Ok(conn)
    }

    /// `send()` of the whole buffer (TCP), or of one datagram to the connected peer (UDP).
    pub fn send(&self, data: &[u8]) -> Result<(), CallError> {
        let start = SystemTime::now();
        let r = match &self.inner {
            Inner::Tcp(s) => send_all(s, data),
            Inner::Udp(s) => s.send(data).map(drop),
        };
        self.done(CallKind::Send { len: data.len() }, start, r)
    }

    /// `recv()`: up to `buf.len()` bytes; `Ok(0)` when the peer has closed (TCP).
    pub fn recv(&self, buf: &mut [u8]) -> Result<usize, CallError> {
        let start = SystemTime::now();
        let r = match &self.inner {
            Inner::Tcp(s) => (&*s).read(buf),
            Inner::Udp(s) => s.recv(buf),
        };
        let len = r.as_ref().map_or(0, |n| *n);
        self.done(CallKind::Recv { len }, start, r)
    }

    /// `recv()` until `len` bytes have arrived (each call logged).
    pub fn recv_exact(&self, len: usize) -> Result<Vec<u8>, CallError> {
        let mut data = vec![0u8; len];
        let mut got = 0;
        while got < len {
            let n = self.recv(data.get_mut(got..).unwrap_or_default())?;
            if n == 0 {
                return Err(CallError {
                    side: self.side.name(),
                    call: "recv",
                    errno: "the peer closed before the whole message arrived".into(),
                    source: io::ErrorKind::UnexpectedEof.into(),
                });
            }
            got += n;
        }
        Ok(data)
    }

    pub fn send_to(&self, data: &[u8], to: SocketAddr) -> Result<(), CallError> {
        let Inner::Udp(s) = &self.inner else {
            return Err(not_udp(self.side, "sendto"));
        };
        let start = SystemTime::now();
        let r = s.send_to(data, to).map(drop);
        if r.is_ok() {
            // An unbound datagram socket is given its port by its first sendto.
            let local = s.local_addr().ok();
            self.log.addresses(self.id, local, None);
        }
        self.done_with(
            CallKind::SendTo {
                len: data.len(),
                to,
            },
            start,
            Some(to),
            r,
        )
    }

    pub fn recv_from(&self, buf: &mut [u8]) -> Result<(usize, SocketAddr), CallError> {
        let Inner::Udp(s) = &self.inner else {
            return Err(not_udp(self.side, "recvfrom"));
        };
        let start = SystemTime::now();
        let r = s.recv_from(buf);
        let (len, from) = match &r {
            Ok((n, from)) => (*n, Some(*from)),
            Err(_) => (0, None),
        };
        self.done_with(CallKind::RecvFrom { len }, start, from, r)
    }

    /// `shutdown(SHUT_WR)`: TCP sends its FIN; the socket can still receive.
    pub fn shutdown_write(&self) -> Result<(), CallError> {
        let start = SystemTime::now();
        let r = self.sock().shutdown(Shutdown::Write);
        self.done(CallKind::ShutdownWrite, start, r)
    }

    /// `close()`.
    pub fn close(self) {
        let start = SystemTime::now();
        // Data received and never read makes the kernel reset the connection (RST), as the
        // run's tracer reads it from the kernel's table.
        let unread = match &self.inner {
            Inner::Tcp(s) => {
                use std::os::fd::AsRawFd;
                let me = nix::unistd::gettid();
                crate::trace::procfs::socket_inode(me, s.as_raw_fd())
                    .and_then(|i| crate::trace::procfs::lookup(me, true, i))
                    .map_or(0, |r| r.unread)
            }
            Inner::Udp(_) => 0,
        };
        let kind = match unread {
            0 => CallKind::Close,
            bytes => CallKind::CloseUnread { bytes },
        };
        let LabSocket {
            inner,
            id,
            side,
            log,
            peer,
        } = self;
        drop(inner);
        log.push(Call {
            side,
            socket: id,
            kind,
            start,
            end: SystemTime::now(),
            local: None,
            peer,
            error: None,
            process: None,
        });
    }

    /// Lets a blocking call wait `idle` longer than [`CALL_TIMEOUT`] (a connection left idle
    /// on purpose). Not a call of the program's: the timeout is the lab's safety net.
    pub fn wait_longer(&self, idle: Duration) {
        self.sock().set_read_timeout(Some(CALL_TIMEOUT + idle)).ok();
    }

    /// The socket's own address.
    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.sock().local_addr().ok().and_then(|a| a.as_socket())
    }
}

fn send_all(s: &Socket, mut data: &[u8]) -> io::Result<()> {
    while !data.is_empty() {
        let n = s.send(data)?;
        data = data.get(n..).unwrap_or_default();
    }
    Ok(())
}

fn not_tcp(side: Role, call: &'static str) -> CallError {
    CallError {
        side: side.name(),
        call,
        errno: "not a TCP socket".into(),
        source: io::ErrorKind::Unsupported.into(),
    }
}

fn not_udp(side: Role, call: &'static str) -> CallError {
    CallError {
        side: side.name(),
        call,
        errno: "not a UDP socket".into(),
        source: io::ErrorKind::Unsupported.into(),
    }
}
