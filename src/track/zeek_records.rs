//! Where Zeek would log several connections for one of wirelab's conversations.
//!
//! wirelab's conversations are tshark's `tcp.stream`s; Zeek's session manager ends a
//! connection record and starts another on the same 5-tuple in cases tshark keeps one stream
//! for. The conversation keeps its id and carries the Zeek records it would make: the
//! finished ones in [`ZeekRecord`]s, the current one in its live [`Zeek`] state. The rules
//! (docs/annotations.md, "Zeek", gives the sources):
//!
//! - a SYN on a connection one of whose endpoints has closed (FIN or RST), or a SYN whose
//!   sequence number is not the originator's initial one (`TCPSessionAdapter::IsReuse`);
//! - any packet after the attempt timer has removed the connection: 5 s after its first
//!   packet (`tcp_attempt_delay`) the originator had sent a SYN and the responder nothing
//!   (`AttemptTimer`);
//! - any packet more than 5 s after a connection both of whose ends closed, or one of whose
//!   ends reset, last moved (`tcp_close_delay`, `tcp_reset_delay`).

use arrayvec::ArrayString;

use super::flow::Endpoint;
use super::zeek::{ConnState, Zeek, ZeekState};
use crate::capture::Timestamp;

/// Zeek's `tcp_attempt_delay`, `tcp_close_delay` and `tcp_reset_delay` (`base/init-bare.zeek`):
/// 5 s each, in nanoseconds.
const DELAY_NANOS: i128 = 5_000_000_000;

/// One connection as Zeek would log it, finished. Counts are in the conversation's
/// directions ([client to server, server to client]); `reversed` says the record's
/// originator is the conversation's server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZeekRecord {
    pub reversed: bool,
    pub first_ts: Timestamp,
    /// Zeek's last time (not moved by packets after both ends closed).
    pub last_ts: Timestamp,
    pub packets: [u64; 2],
    pub ip_bytes: [u64; 2],
    pub conn_state: ConnState,
    pub history: ArrayString<64>,
    pub missed_bytes: u64,
    /// Zeek's `orig_bytes`, `resp_bytes` (originator first).
    pub sizes: [u64; 2],
}

impl ZeekRecord {
    /// The record's packets and IP bytes with the originator first, as conn.log counts them.
    pub fn orig_first(&self, pair: [u64; 2]) -> [u64; 2] {
        let [c2s, s2c] = pair;
        if self.reversed {
            [s2c, c2s]
        } else {
            [c2s, s2c]
        }
    }
}

/// Where the current record's counts start within the conversation's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecordBase {
    pub first_ts: Timestamp,
    pub packets: [u64; 2],
    pub ip_bytes: [u64; 2],
}

/// What a packet brings to the reuse and timer rules.
#[derive(Debug, Clone, Copy)]
pub struct Arriving {
    /// Sent by the current record's originator.
    pub orig: bool,
    pub syn: bool,
    pub ack: bool,
    pub seq: u32,
    pub ts: Timestamp,
}

impl Zeek {
    /// Whether Zeek would have ended the current record before this packet, which then
    /// opens a new one. `first_ts` and `last_ts` are the current record's first packet time
    /// and Zeek's last time for it.
    pub fn ends_before(&self, p: &Arriving, first_ts: Timestamp, last_ts: Timestamp) -> bool {
        use ZeekState::*;
        let [os, rs] = self.states;
        let attempt = matches!(os, SynSent | SynAckSent) && rs == Inactive;
        if attempt && p.ts.since(first_ts).0 > DELAY_NANOS {
            return true;
        }
        let closed = |s: ZeekState| matches!(s, Closed | Reset);
        let done = (closed(os) && closed(rs)) || os == Reset || rs == Reset;
        if done && p.ts.since(last_ts).0 > DELAY_NANOS {
            return true;
        }
        self.reused_by(p)
    }

    /// `TCPSessionAdapter::IsReuse`: a SYN (a SYN-ACK only while the originator is
    /// inactive) on a connection that has closed in some sense, or with another initial
    /// sequence number than the one the connection started with.
    fn reused_by(&self, p: &Arriving) -> bool {
        use ZeekState::*;
        let [os, rs] = self.states;
        // Nothing seen yet: the record is this packet's.
        if !p.syn || (os == Inactive && rs == Inactive) {
            return false;
        }
        // The endpoint whose start the SYN is compared with.
        let conn_orig_is_orig = if p.ack {
            if os != Inactive {
                return false;
            }
            false
        } else {
            true
        };
        let closed = |s: ZeekState| matches!(s, Closed | Reset);
        if closed(os) || closed(rs) {
            return true;
        }
        if self.isn(conn_orig_is_orig) == Some(p.seq) {
            return false;
        }
        let conn_orig = if conn_orig_is_orig { os } else { rs };
        // The SYN and SYN-ACK seen in the wrong order (two interfaces): not a reuse.
        let flipped = !p.ack && conn_orig == SynAckSent && rs == Inactive;
        !(flipped && self.isn(false) == Some(p.seq))
    }
}

/// The UDP ports Zeek's base analyzers add to `likely_server_ports` (each protocol's
/// `scripts/base/protocols/*/main.zeek`: DNS, DHCP, NTP, Kerberos, SNMP, Syslog, SIP, RADIUS,
/// QUIC).
const LIKELY_UDP_SERVER_PORTS: [u16; 14] = [
    53, 67, 68, 88, 123, 137, 161, 162, 443, 514, 1812, 5060, 5353, 5355,
];

fn likely_udp_server(port: u16) -> bool {
    LIKELY_UDP_SERVER_PORTS.contains(&port)
}

/// Zeek's originator of a UDP flow whose first datagram went `src` to `dst`: the sender,
/// unless its port is a likely server port and the other's is not (then Zeek flips the
/// roles and writes `^`; `IPBasedAnalyzer::NewConn`, `UDPAnalyzer::WantConnection`).
pub fn udp_originator(src: Endpoint, dst: Endpoint) -> Endpoint {
    if likely_udp_server(src.port) && !likely_udp_server(dst.port) {
        dst
    } else {
        src
    }
}
