//! One netlink socket of the `NETLINK_SOCK_DIAG` family, and the dump of a family's TCP
//! sockets through it (`inet_diag`: what `ss -tan` asks the kernel for).
//!
//! A netlink socket answers for the network namespace it was opened in, whichever thread
//! uses it later: [`SockDiag::open`] must run in a thread that entered the namespace.
//! Messages are built and parsed by `netlink-packet-sock-diag`; nothing here reads bytes by
//! hand.

use std::net::SocketAddr;

use netlink_packet_core::{
    NLM_F_DUMP, NLM_F_REQUEST, NetlinkHeader, NetlinkMessage, NetlinkPayload,
};
use netlink_packet_sock_diag::SockDiagMessage;
use netlink_packet_sock_diag::constants::{AF_INET, AF_INET6, IPPROTO_TCP};
use netlink_packet_sock_diag::inet::{ExtensionFlags, InetRequest, SocketId, StateFlags};
use netlink_sys::protocols::NETLINK_SOCK_DIAG;
use netlink_sys::{Socket, SocketAddr as NetlinkAddr};

use super::{KernelError, KernelSocket, LinuxState};

/// A socket to the kernel's socket-diagnostics service, in one network namespace.
pub struct SockDiag {
    socket: Socket,
    buf: Vec<u8>,
}

impl std::fmt::Debug for SockDiag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SockDiag")
    }
}

impl SockDiag {
    /// Opens it in the calling thread's network namespace.
    pub fn open() -> Result<SockDiag, KernelError> {
        let io = |what: &'static str| move |source| KernelError::Netlink { what, source };
        let mut socket = Socket::new(NETLINK_SOCK_DIAG).map_err(io("socket"))?;
        socket.bind_auto().map_err(io("bind"))?;
        socket
            .connect(&NetlinkAddr::new(0, 0))
            .map_err(io("connect"))?;
        Ok(SockDiag {
            socket,
            buf: vec![0; 64 * 1024],
        })
    }

    /// Every TCP socket of the family (IPv6 when `v6`) the kernel holds in this namespace,
    /// in every state: listening sockets, request sockets (a SYN received, its connection
    /// not yet made) and TIME-WAIT entries included.
    pub fn dump(&mut self, v6: bool) -> Result<Vec<KernelSocket>, KernelError> {
        let mut header = NetlinkHeader::default();
        header.flags = NLM_F_REQUEST | NLM_F_DUMP;
        let mut request = NetlinkMessage::new(
            header,
            SockDiagMessage::InetRequest(InetRequest {
                family: if v6 { AF_INET6 } else { AF_INET },
                protocol: IPPROTO_TCP,
                extensions: ExtensionFlags::empty(),
                // Every bit, so that states this crate has no name for (TCP_NEW_SYN_RECV,
                // TCP_BOUND_INACTIVE) are dumped too.
                states: StateFlags::from_bits_retain(u32::MAX),
                socket_id: if v6 {
                    SocketId::new_v6()
                } else {
                    SocketId::new_v4()
                },
            })
            .into(),
        );
        request.finalize();
        let mut bytes = vec![0; request.buffer_len()];
        request.serialize(&mut bytes);
        self.socket
            .send(&bytes, 0)
            .map_err(|source| KernelError::Netlink {
                what: "send",
                source,
            })?;
        let mut found = Vec::new();
        loop {
            let size = self
                .socket
                .recv(&mut &mut self.buf[..], 0)
                .map_err(|source| KernelError::Netlink {
                    what: "recv",
                    source,
                })?;
            if self.parse(size, &mut found)? {
                return Ok(found);
            }
        }
    }

    /// Parses one datagram of the answer into `found`; true once the dump is done.
    fn parse(&self, size: usize, found: &mut Vec<KernelSocket>) -> Result<bool, KernelError> {
        let mut offset = 0;
        while offset < size {
            let bytes = self.buf.get(offset..size).unwrap_or_default();
            let message = NetlinkMessage::<SockDiagMessage>::deserialize(bytes)
                .map_err(|e| KernelError::Decode(e.to_string()))?;
            let length = usize::try_from(message.header.length).unwrap_or(0);
            match message.payload {
                NetlinkPayload::InnerMessage(SockDiagMessage::InetResponse(r)) => {
                    let id = &r.header.socket_id;
                    found.push(KernelSocket {
                        local: SocketAddr::new(id.source_address, id.source_port),
                        remote: SocketAddr::new(id.destination_address, id.destination_port),
                        state: LinuxState::from_number(r.header.state),
                    });
                }
                NetlinkPayload::Done(_) => return Ok(true),
                NetlinkPayload::Error(e) => {
                    return Err(KernelError::Decode(format!("the kernel answered {e:?}")));
                }
                _ => {}
            }
            if length == 0 {
                break;
            }
            offset += length;
        }
        Ok(false)
    }
}
