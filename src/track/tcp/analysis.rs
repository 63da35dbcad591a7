//! tshark's `tcp.analysis` rules: what a segment shows about the connection's health
//! (retransmissions, duplicate ACKs, window changes, lost segments), decided by comparing
//! it with what its sender and the receiver sent before.

use arrayvec::ArrayVec;

use super::{Analysis, Side, TcpConv};
use crate::capture::{Duration, Timestamp};
use crate::decode::{Tcp, TcpFlags};
use crate::track::flow::Role;
use crate::track::seq::SeqNum;

/// tshark's out-of-order threshold when no handshake gave a round-trip time.
const OOO_THRESHOLD_NS: i128 = 3_000_000;
/// tshark's window for a retransmission to count as fast after duplicate ACKs.
const FAST_RETRANS_NS: i128 = 20_000_000;

impl TcpConv {
    /// The findings for a segment `me` sent, checked before it updates `me`'s side. Counts
    /// the sender's duplicate ACKs as it finds them.
    pub(super) fn analyse(
        &mut self,
        me: Role,
        tcp: &Tcp<'_>,
        ts: Timestamp,
        seq_end: SeqNum,
    ) -> ArrayVec<Analysis, 4> {
        let mut out = ArrayVec::new();
        let f = tcp.flags;
        let (seq, ack) = (SeqNum(tcp.seq), SeqNum(tcp.ack));
        let control = f.has(TcpFlags::SYN) || f.has(TcpFlags::FIN) || f.has(TcpFlags::RST);
        let seglen = tcp.payload_len;
        let irtt = self.irtt;
        let (fwd, rev) = me.split(&mut self.sides);
        let rev = &*rev;
        if tcp.window == 0 && !control {
            let _ = out.try_push(Analysis::ZeroWindow);
        }
        if let Some(next) = fwd.next_seq
            && !f.has(TcpFlags::RST)
            && seq.gt(next)
        {
            let _ = out.try_push(Analysis::LostSegment {
                missing: seq.diff(next).unsigned_abs(),
            });
        }
        let keep_alive = seglen <= 1 && !control && fwd.next_seq.is_some_and(|n| n == seq.plus(1));
        if keep_alive {
            let _ = out.try_push(Analysis::KeepAlive);
        }
        // The same ACK point again. tshark wants a non-zero window for a window update or a
        // duplicate ACK, and takes the answer to a keep-alive for a keep-alive ACK (which has
        // no finding here) rather than a duplicate.
        let same_point = seglen == 0
            && !control
            && tcp.window != 0
            && f.has(TcpFlags::ACK)
            && fwd.next_seq == Some(seq)
            && fwd.last_ack == Some(ack);
        if same_point && fwd.last_win.is_some_and(|w| w != tcp.window) {
            let _ = out.try_push(Analysis::WindowUpdate);
        } else if same_point && fwd.last_win == Some(tcp.window) && !rev.keep_alive {
            fwd.dupacks += 1;
            let _ = out.try_push(Analysis::DupAck { count: fwd.dupacks });
        }
        let carries = seglen > 0 || f.has(TcpFlags::SYN) || f.has(TcpFlags::FIN);
        if carries
            && !keep_alive
            && let Some(a) = resent(fwd, rev, tcp, ts, seq_end, irtt)
        {
            let _ = out.try_push(a);
        }
        out
    }
}

/// Whether a segment that carries sequence space (`fwd` sent it, `rev` is the receiver)
/// sends some of it again, and how tshark names that: a fast retransmission after two
/// duplicate ACKs asked for it, out-of-order when it came right after higher numbers, a
/// plain retransmission otherwise.
fn resent(
    fwd: &Side,
    rev: &Side,
    tcp: &Tcp<'_>,
    ts: Timestamp,
    seq_end: SeqNum,
    irtt: Option<Duration>,
) -> Option<Analysis> {
    let seq = SeqNum(tcp.seq);
    let seglen = tcp.payload_len;
    // Data the receiver already acknowledged: tshark's spurious retransmission, also
    // reported as a retransmission, whatever the timing.
    let spurious = seglen > 0 && rev.last_ack.is_some_and(|a| seq.plus(seglen).le(a));
    if spurious {
        return Some(Analysis::Retransmission);
    }
    // More than one byte from one below next_seq adds new data (after a zero window
    // probe): not a retransmission.
    let next = fwd
        .next_seq
        .filter(|&n| seq.lt(n) && !(seglen > 1 && seq.plus(1) == n))?;
    let since = |t: Option<Timestamp>| t.map(|t| ts.since(t).0);
    let fast = rev.dupacks >= 2
        && rev.last_ack == Some(seq)
        && since(rev.last_ack_ts).is_some_and(|d| d < FAST_RETRANS_NS);
    let threshold = irtt.map_or(OOO_THRESHOLD_NS, |d| d.0);
    let out_of_order = since(fwd.next_seq_ts).is_some_and(|d| d < threshold) && next != seq_end;
    Some(if fast {
        Analysis::FastRetransmission {
            dupacks: rev.dupacks,
        }
    } else if out_of_order {
        Analysis::OutOfOrder
    } else {
        Analysis::Retransmission
    })
}
