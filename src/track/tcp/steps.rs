//! The handshake and teardown state machine: which textbook [`Step`] a segment is, and how it
//! moves both endpoints' RFC 9293 states.
//!
//! One `match` on the kind of segment ([`SegmentKind`]), one handler per kind, each naming
//! the rule of RFC 9293 it applies. The states are the ones the endpoints must be in for the
//! segments the capture shows, inferred at the capture point (see the parent module).

use super::{Side, Step, TcpConv, TcpState};
use crate::decode::{Tcp, TcpFlags};
use crate::track::flow::{Dir, Role};
use crate::track::seq::SeqNum;

/// What a segment is to the state machine, from its flags. The order of the tests is the
/// precedence: a RST whatever else is set (RFC 9293 §3.10.7.4 checks RST before SYN and
/// FIN), then a SYN without ACK, a SYN with ACK, a FIN (without SYN), and anything else.
/// SYN+FIN is a SYN here: an inspector shows odd combinations, it does not refuse them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SegmentKind {
    Rst,
    Syn,
    SynAck,
    Fin,
    /// An ACK, data, or a segment without any of these flags.
    Other,
}

impl SegmentKind {
    fn of(f: TcpFlags) -> SegmentKind {
        let ack = f.has(TcpFlags::ACK);
        if f.has(TcpFlags::RST) {
            SegmentKind::Rst
        } else if f.has(TcpFlags::SYN) && !ack {
            SegmentKind::Syn
        } else if f.has(TcpFlags::SYN) {
            SegmentKind::SynAck
        } else if f.has(TcpFlags::FIN) {
            SegmentKind::Fin
        } else {
            SegmentKind::Other
        }
    }
}

impl TcpConv {
    pub(super) fn set(&mut self, role: Role, state: TcpState) {
        *role.of_mut(&mut self.states) = state;
    }

    pub(super) fn state(&self, role: Role) -> TcpState {
        *role.of(&self.states)
    }

    /// The step a segment going `dir` is, and the states it leaves both sides in. Called
    /// before the segment updates its sender's [`Side`] (sequence numbers, FIN seen).
    pub(super) fn progress(
        &mut self,
        dir: Dir,
        tcp: &Tcp<'_>,
        retransmitted: bool,
    ) -> Option<Step> {
        let me = dir.sender();
        match SegmentKind::of(tcp.flags) {
            // §3.5.2/§3.5.3: a reset refuses a SYN or aborts the connection.
            SegmentKind::Rst => self.on_rst(me, tcp.sport),
            // §3.5: the first step of a handshake, or both sides opening at once.
            SegmentKind::Syn => self.on_syn(me),
            // §3.10.7.2/§3.10.7.3: the listener's answer, the opener's move to ESTABLISHED.
            SegmentKind::SynAck => self.on_syn_ack(me),
            // §3.6: a side closes its direction.
            SegmentKind::Fin => self.on_fin(me, tcp),
            // §3.10.7.4 "fifth, check the ACK field": what the ACK completes; then §3.6.1
            // for data still flowing after the other side's FIN.
            SegmentKind::Other => {
                let step = self.on_ack(me, tcp);
                self.half_close_data(me, tcp, retransmitted, step)
            }
        }
    }

    /// RFC 9293 §3.5.2 and §3.10.7.1: a RST answering a SYN before any SYN-ACK comes from a
    /// port with no listener (CLOSED, no TCB): the connection is refused. §3.5.3 and
    /// §3.10.7.4 ("second, check the RST bit"): any other acceptable RST aborts it, and both
    /// ends are CLOSED. A repeated RST changes nothing.
    fn on_rst(&mut self, me: Role, sport: u16) -> Option<Step> {
        if me.of(&self.sides).rst {
            return None;
        }
        let peer = me.other();
        self.teardown.rst_by = Some(me);
        let answered_syn = self.handshake.syn && !self.handshake.syn_ack && me == Role::Server;
        self.set(me, TcpState::Closed);
        // A responder that never answered keeps what it was: unknown.
        if self.state(peer) != TcpState::Unknown {
            self.set(peer, TcpState::Closed);
        }
        Some(if answered_syn {
            self.teardown.refused = true;
            // The RST comes from the port the SYN went to.
            Step::Refused { port: sport }
        } else if self.teardown.fins.iter().any(|x| *x) {
            self.teardown.rst_after_fin = true;
            Step::RstAfterFin { by: me }
        } else {
            Step::Abort { by: me }
        })
    }

    /// RFC 9293 §3.5, figure 6: the opener's SYN takes it to SYN-SENT. Figure 7: a SYN that
    /// crosses the peer's (the peer sent one and has not answered ours) is a simultaneous
    /// open: its sender, which has not had the peer's SYN yet, is SYN-SENT, and the peer,
    /// which gets it while SYN-SENT, SYN-RECEIVED (§3.10.7.3, "fourth, check the SYN bit").
    /// §3.8.1: a second SYN from the same side is the retransmission timer's.
    fn on_syn(&mut self, me: Role) -> Option<Step> {
        self.handshake.syn = true;
        self.handshake.syn_count += 1;
        let (mine, theirs) = me.split(&mut self.sides);
        mine.syns += 1;
        if mine.syns > 1 {
            return Some(Step::SynRetransmitted {
                count: mine.syns - 1,
            });
        }
        if theirs.syns > 0 && theirs.syn_acks == 0 {
            // The peer's SYN crossed ours: both were active openers.
            self.handshake.simultaneous = true;
            self.set(me, TcpState::SynSent);
            self.set(me.other(), TcpState::SynReceived);
            return Some(Step::SimultaneousOpen {
                by: me,
                syn_ack: false,
            });
        }
        // The server's move to SYN-RECEIVED is shown on its SYN-ACK, the first sign on the
        // wire that a listener took the SYN (a closed port answers with RST instead).
        self.set(me, TcpState::SynSent);
        Some(Step::Syn)
    }

    /// RFC 9293 §3.10.7.2: a listener answers the SYN with SYN-ACK and is SYN-RECEIVED;
    /// §3.10.7.3: the opener, its SYN acknowledged, is ESTABLISHED. In a simultaneous open
    /// (figure 7) the first SYN-ACK shows its receiver SYN-RECEIVED (by the time it arrives
    /// the receiver has had the SYN it answers: that went first), and the second shows both
    /// ESTABLISHED (each side's SYN has been acknowledged). One move per side and packet, so
    /// each side is seen SYN-SENT, SYN-RECEIVED, ESTABLISHED, as the figure has them; the
    /// capture, at one point of the path, cannot see when each SYN-ACK reached its side. A
    /// second SYN-ACK from one side is a retransmission.
    fn on_syn_ack(&mut self, me: Role) -> Option<Step> {
        let peer = me.other();
        let mine = me.of_mut(&mut self.sides);
        mine.syn_acks += 1;
        if mine.syn_acks > 1 {
            return Some(Step::SynAckRetransmitted {
                count: mine.syn_acks - 1,
            });
        }
        self.handshake.syn_ack = true;
        if self.handshake.simultaneous {
            if self.state(peer) == TcpState::SynSent {
                self.set(peer, TcpState::SynReceived);
            } else {
                self.set(peer, TcpState::Established);
                self.set(me, TcpState::Established);
            }
            return Some(Step::SimultaneousOpen {
                by: me,
                syn_ack: true,
            });
        }
        if self.state(me) == TcpState::Listen {
            self.set(me, TcpState::SynReceived);
        }
        self.set(peer, TcpState::Established);
        Some(Step::SynAck)
    }

    /// RFC 9293 §3.6 ("Closing a Connection") and §3.10.7.4 ("eighth, check the FIN bit"):
    /// the first FIN takes its sender to FIN-WAIT-1 and the peer to CLOSE-WAIT (case 1); the
    /// second, sent after the first was acknowledged (or acknowledging it itself), takes its
    /// sender to LAST-ACK and the first closer to TIME-WAIT; a FIN that crosses the other
    /// side's is a simultaneous close, both CLOSING (case 3). A FIN sent again is ignored.
    fn on_fin(&mut self, me: Role, tcp: &Tcp<'_>) -> Option<Step> {
        let peer = me.other();
        let peer_fin_acked_now = self.acks_peer_fin_now(me, tcp);
        let (mine, theirs) = me.split(&mut self.sides);
        if mine.fin.is_some() {
            return None; // a retransmitted FIN
        }
        mine.fin = Some(SeqNum(tcp.seq).plus(tcp.payload_len));
        let (peer_fin, peer_fin_acked) = (theirs.fin.is_some(), theirs.fin_acked);
        *me.of_mut(&mut self.teardown.fins) = true;
        if !peer_fin {
            self.teardown.first_closer = Some(me);
            self.set(me, TcpState::FinWait1);
            if matches!(
                self.state(peer),
                TcpState::Established | TcpState::SynReceived
            ) {
                self.set(peer, TcpState::CloseWait);
            }
            return Some(Step::FirstFin { by: me });
        }
        if peer_fin_acked_now || peer_fin_acked {
            let piggybacked = peer_fin_acked_now;
            peer.of_mut(&mut self.sides).fin_acked = true;
            self.teardown.piggybacked = Some(piggybacked);
            self.set(me, TcpState::LastAck);
            self.set(peer, TcpState::TimeWait);
            return Some(Step::SecondFin {
                by: me,
                piggybacked,
            });
        }
        self.teardown.simultaneous = true;
        self.set(me, TcpState::Closing);
        self.set(peer, TcpState::Closing);
        Some(Step::SimultaneousClose { by: me })
    }

    /// RFC 9293 §3.10.7.4, "fifth, check the ACK field": the client's ACK of the server's
    /// ISN ends the handshake (SYN-RECEIVED to ESTABLISHED, §3.5 figure 6); an ACK of the
    /// peer's FIN moves the peer on ([`TcpConv::on_ack_of_fin`]); in a simultaneous open the
    /// first ACK after the SYN-ACKs establishes both sides, a step no textbook names.
    fn on_ack(&mut self, me: Role, tcp: &Tcp<'_>) -> Option<Step> {
        let peer = me.other();
        let ackf = tcp.flags.has(TcpFlags::ACK);
        if self.completes_handshake(me, tcp) {
            self.handshake.ack = true;
            self.set(peer, TcpState::Established);
            self.set(me, TcpState::Established);
            Some(Step::HandshakeAck)
        } else if self.acks_peer_fin_now(me, tcp) {
            Some(self.on_ack_of_fin(me))
        } else {
            if self.handshake.simultaneous && ackf && !self.handshake.ack {
                self.handshake.ack = true;
                self.set(me, TcpState::Established);
                self.set(peer, TcpState::Established);
            }
            None
        }
    }

    /// The client's ACK of the server's ISN + 1, after the SYN-ACK of a client/server
    /// handshake that it has not yet completed.
    fn completes_handshake(&self, me: Role, tcp: &Tcp<'_>) -> bool {
        let h = &self.handshake;
        h.syn_ack
            && !h.ack
            && !h.simultaneous
            && me == Role::Client
            && tcp.flags.has(TcpFlags::ACK)
            && me
                .other()
                .of(&self.sides)
                .isn
                .is_some_and(|isn| SeqNum(tcp.ack) == isn.plus(1))
    }

    /// Whether this segment acknowledges the peer's FIN for the first time.
    fn acks_peer_fin_now(&self, me: Role, tcp: &Tcp<'_>) -> bool {
        let theirs: &Side = me.other().of(&self.sides);
        let ack = SeqNum(tcp.ack);
        !theirs.fin_acked
            && tcp.flags.has(TcpFlags::ACK)
            && theirs.fin.is_some_and(|fs| ack.ge(fs.plus(1)))
    }

    /// RFC 9293 §3.10.7.4, the ACK of a FIN: the first closer goes from FIN-WAIT-1 to
    /// FIN-WAIT-2 (four-way 2/4); in a simultaneous close from CLOSING to TIME-WAIT; the
    /// passive closer from LAST-ACK to CLOSED (the final ACK).
    fn on_ack_of_fin(&mut self, me: Role) -> Step {
        let peer = me.other();
        peer.of_mut(&mut self.sides).fin_acked = true;
        if me.of(&self.sides).fin.is_none() {
            if self.state(peer) == TcpState::FinWait1 {
                self.set(peer, TcpState::FinWait2);
            }
            Step::AckOfFirstFin { by: me }
        } else if self.teardown.simultaneous {
            self.set(peer, TcpState::TimeWait);
            Step::SimultaneousCloseAck { by: me }
        } else {
            self.set(peer, TcpState::Closed);
            Step::FinalAck {
                by: me,
                four_way: self.teardown.piggybacked == Some(false),
            }
        }
    }

    /// RFC 9293 §3.6.1 ("Half-Closed Connections"): new data from a side that has not sent
    /// FIN, after the other side's FIN, flows over a half-closed connection. The first such
    /// segment is the step, and later ones are when nothing else is.
    fn half_close_data(
        &mut self,
        me: Role,
        tcp: &Tcp<'_>,
        retransmitted: bool,
        step: Option<Step>,
    ) -> Option<Step> {
        let flowing = tcp.payload_len > 0
            && !retransmitted
            && me.other().of(&self.sides).fin.is_some()
            && me.of(&self.sides).fin.is_none();
        if !flowing {
            return step;
        }
        let first = !self.teardown.half_close;
        self.teardown.half_close = true;
        if first || step.is_none() {
            Some(Step::HalfCloseData { by: me })
        } else {
            step
        }
    }

    /// The responder's first answer tells what it was before the SYN: a SYN-ACK shows a
    /// listener (LISTEN), a RST that nothing listened (CLOSED: no TCB, RFC 9293 §3.10.7.1),
    /// a SYN of its own an active opener (CLOSED).
    pub(super) fn resolve_responder(&mut self, dir: Dir, f: TcpFlags) {
        let me = dir.sender();
        if self.state(me) != TcpState::Unknown {
            return;
        }
        let was = if f.has(TcpFlags::RST) || (f.has(TcpFlags::SYN) && !f.has(TcpFlags::ACK)) {
            TcpState::Closed
        } else if f.has(TcpFlags::SYN) {
            TcpState::Listen
        } else {
            return;
        };
        self.set(me, was);
        self.responder_was = Some(was);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_segment_is_of_the_first_kind_its_flags_allow() {
        let kind = |bits: u16| SegmentKind::of(TcpFlags(bits));
        let (fin, syn, rst, ack) = (TcpFlags::FIN, TcpFlags::SYN, TcpFlags::RST, TcpFlags::ACK);
        assert_eq!(kind(rst | syn | fin | ack), SegmentKind::Rst);
        assert_eq!(kind(syn | fin), SegmentKind::Syn);
        assert_eq!(kind(syn | ack | fin), SegmentKind::SynAck);
        assert_eq!(kind(fin | ack), SegmentKind::Fin);
        assert_eq!(kind(fin), SegmentKind::Fin);
        assert_eq!(kind(ack), SegmentKind::Other);
        assert_eq!(kind(0), SegmentKind::Other);
    }
}
