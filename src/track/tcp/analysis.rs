//! tshark's `tcp.analysis` rules: what a segment shows about the connection's health
//! (retransmissions, duplicate ACKs, window changes, probes, lost segments), decided by
//! comparing it with what its sender and the receiver sent before. The rules and their
//! order are tshark 4.0's (Wireshark's `tcp_analyze_sequence_number`); docs/annotations.md
//! lists them with their sources.

use arrayvec::ArrayVec;

use super::{Analysis, Side, TcpConv};
use crate::capture::{Duration, Timestamp};
use crate::decode::{Tcp, TcpFlags};
use crate::track::flow::Role;
use crate::track::seq::SeqNum;
use crate::track::window::WindowScale;

/// tshark's out-of-order threshold when no handshake gave a round-trip time.
const OOO_THRESHOLD_NS: i128 = 3_000_000;
/// tshark's window for a retransmission to count as fast after duplicate ACKs.
const FAST_RETRANS_NS: i128 = 20_000_000;

impl TcpConv {
    /// The findings for a segment `me` sent, checked before it updates `me`'s side, in the
    /// order tshark 4.0's `tcp_analyze_sequence_number` checks them. Counts the sender's
    /// duplicate ACKs as it finds them.
    pub(super) fn analyse(
        &mut self,
        me: Role,
        tcp: &Tcp<'_>,
        ts: Timestamp,
        seq_end: SeqNum,
    ) -> ArrayVec<Analysis, 6> {
        let mut out = ArrayVec::new();
        let f = tcp.flags;
        let (seq, ack) = (SeqNum(tcp.seq), SeqNum(tcp.ack));
        let seglen = tcp.payload_len;
        let irtt = self.irtt;
        let (fwd, rev) = me.split(&mut self.sides);
        // A zero window probe: one byte at the next sequence number while the receiver's
        // window is 0. tshark then skips every check up to the ACKed-unseen one.
        let probe = seglen == 1 && fwd.next_seq == Some(seq) && rev.last_win == Some(0);
        if probe {
            let _ = out.try_push(Analysis::ZeroWindowProbe);
        } else {
            same_side_findings(fwd, rev, tcp, &mut out);
        }
        // An ACK past the data seen without a hole: the capture missed what it acknowledges.
        // tshark then moves the mark to the side's next sequence number, so that it says so
        // once; and tshark 4.0.17 does not say it again for the same ACK repeated (a
        // duplicate ACK or a window update of it), which the synthetic cases show.
        if f.has(TcpFlags::ACK)
            && rev.max_to_ack.is_some_and(|m| ack.gt(m))
            && fwd.last_ack != Some(ack)
        {
            let _ = out.try_push(Analysis::AckedUnseen);
            rev.max_to_ack = rev.next_seq;
        }
        let carries = seglen > 0 || f.has(TcpFlags::SYN) || f.has(TcpFlags::FIN);
        let keep_alive = out.contains(&Analysis::KeepAlive);
        if carries
            && !keep_alive
            && let Some(a) = resent(fwd, rev, tcp, ts, seq_end, irtt)
        {
            let _ = out.try_push(a);
        }
        out
    }
}

/// tshark's checks of a segment against what its sender (`fwd`) and the receiver (`rev`)
/// sent before, up to the duplicate ACK: zero window, lost segment, keep-alive, window
/// update, window full, and for the same ACK point again a keep-alive ACK, a zero window
/// probe ACK or a duplicate ACK (the first that fits).
fn same_side_findings(fwd: &mut Side, rev: &Side, tcp: &Tcp<'_>, out: &mut ArrayVec<Analysis, 6>) {
    let f = tcp.flags;
    let (seq, ack) = (SeqNum(tcp.seq), SeqNum(tcp.ack));
    let control = f.has(TcpFlags::SYN) || f.has(TcpFlags::FIN) || f.has(TcpFlags::RST);
    let seglen = tcp.payload_len;
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
    if seglen <= 1 && !control && fwd.next_seq.is_some_and(|n| n == seq.plus(1)) {
        let _ = out.try_push(Analysis::KeepAlive);
    }
    // The same ACK point again (tshark also wants it without SYN, FIN or RST).
    let same_point = seglen == 0
        && !control
        && f.has(TcpFlags::ACK)
        && fwd.next_seq == Some(seq)
        && fwd.last_ack == Some(ack);
    let same_window = fwd.last_win == Some(tcp.window);
    if same_point && tcp.window != 0 && fwd.last_win.is_some() && !same_window {
        let _ = out.try_push(Analysis::WindowUpdate);
    }
    if seglen > 0 && !control && window_filled(rev, seq.plus(seglen)) {
        let _ = out.try_push(Analysis::WindowFull);
    }
    if !(same_point && same_window) {
        return;
    }
    if tcp.window != 0 && rev.keep_alive {
        let _ = out.try_push(Analysis::KeepAliveAck);
    } else if tcp.window == 0 && rev.probe {
        let _ = out.try_push(Analysis::ZeroWindowProbeAck);
    } else if tcp.window != 0 {
        fwd.dupacks += 1;
        let _ = out.try_push(Analysis::DupAck { count: fwd.dupacks });
    }
}

/// Whether data ending at `end` reaches exactly the right edge of the window the receiver
/// last advertised: its last ACK plus that window in bytes, as the receiver's scale read it
/// then. tshark checks this only once the receiver's scale is known (its SYN was seen, or a
/// SYN turned scaling off).
fn window_filled(rev: &Side, end: SeqNum) -> bool {
    if rev.wscale == WindowScale::Unknown {
        return false;
    }
    match (rev.last_ack, rev.last_win_bytes) {
        // Sequence arithmetic is modulo 2^32, so the window is too.
        (Some(a), Some(w)) => a.plus(w as u32) == end,
        _ => false,
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
    // Data the receiver already acknowledged: tshark's spurious retransmission (which it
    // also flags as a retransmission), whatever the timing and even at the next sequence
    // number (the receiver acknowledged it before the capture saw it).
    let spurious = seglen > 0 && rev.last_ack.is_some_and(|a| seq.plus(seglen).le(a));
    if spurious {
        return Some(Analysis::SpuriousRetransmission);
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
