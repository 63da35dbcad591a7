//! Short labels (for packet lines) and plain explanations (for JSON and the TUI) of what the
//! tracker found.

use std::fmt;

use crate::track::{Analysis, Role, Step, UdpStep};

/// A stable machine name for a step (JSON `step.kind`).
pub fn step_kind(step: &Step) -> &'static str {
    match step {
        Step::Syn => "handshake_syn",
        Step::SynAck => "handshake_syn_ack",
        Step::HandshakeAck => "handshake_ack",
        Step::SimultaneousOpen { .. } => "simultaneous_open",
        Step::SynRetransmitted { .. } => "syn_retransmitted",
        Step::SynAckRetransmitted { .. } => "syn_ack_retransmitted",
        Step::Refused => "refused",
        Step::FirstFin { .. } => "teardown_first_fin",
        Step::AckOfFirstFin { .. } => "teardown_ack_of_fin",
        Step::SecondFin {
            piggybacked: false, ..
        } => "teardown_second_fin",
        Step::SecondFin {
            piggybacked: true, ..
        } => "teardown_fin_ack",
        Step::FinalAck { .. } => "teardown_final_ack",
        Step::SimultaneousClose { .. } => "simultaneous_close",
        Step::SimultaneousCloseAck { .. } => "simultaneous_close_ack",
        Step::HalfCloseData { .. } => "half_close_data",
        Step::Abort { .. } => "abort",
        Step::RstAfterFin { .. } => "rst_after_fin",
    }
}

/// The short label shown on a packet line: "handshake 1/3: client SYN".
pub struct StepLabel<'a>(pub &'a Step);

impl fmt::Display for StepLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let who = |r: &Role| r.name();
        match self.0 {
            Step::Syn => f.write_str("handshake 1/3: client SYN"),
            Step::SynAck => f.write_str("handshake 2/3: server SYN-ACK"),
            Step::HandshakeAck => f.write_str("handshake 3/3: client ACK"),
            Step::SimultaneousOpen { by } => write!(f, "simultaneous open: {} SYN", who(by)),
            Step::SynRetransmitted { count } => {
                write!(f, "SYN retransmitted (#{count}): no answer yet")
            }
            Step::SynAckRetransmitted { count } => write!(f, "SYN-ACK retransmitted (#{count})"),
            Step::Refused => f.write_str("refused: server answers the SYN with RST"),
            Step::FirstFin { by } => write!(f, "teardown 1: {} closes first (FIN)", who(by)),
            Step::AckOfFirstFin { by } => write!(f, "teardown 2/4: {} ACKs the FIN", who(by)),
            Step::SecondFin {
                by,
                piggybacked: false,
            } => write!(f, "teardown 3/4: {} FIN", who(by)),
            Step::SecondFin {
                by,
                piggybacked: true,
            } => {
                write!(f, "teardown 2/3: {} FIN with the ACK piggy-backed", who(by))
            }
            Step::FinalAck { by, four_way: true } => {
                write!(f, "teardown 4/4: {} ACKs the FIN", who(by))
            }
            Step::FinalAck {
                by,
                four_way: false,
            } => write!(f, "teardown 3/3: {} ACKs the FIN", who(by)),
            Step::SimultaneousClose { by } => write!(f, "simultaneous close: {} FIN", who(by)),
            Step::SimultaneousCloseAck { by } => {
                write!(f, "simultaneous close: {} ACKs the FIN", who(by))
            }
            Step::HalfCloseData { by } => {
                write!(
                    f,
                    "half-close: {} still sends after the other side's FIN",
                    who(by)
                )
            }
            Step::Abort { by } => write!(f, "abort: {} resets the connection (RST)", who(by)),
            Step::RstAfterFin { by } => write!(f, "RST after FIN: {} resets", who(by)),
        }
    }
}

/// What the step means, in words a student understands.
pub fn step_explanation(step: &Step) -> &'static str {
    match step {
        Step::Syn => {
            "The client asks to open a connection and chooses its initial sequence number (ISN). A SYN uses up one sequence number, so the server will acknowledge ISN+1."
        }
        Step::SynAck => {
            "The server accepts: it acknowledges the client's ISN+1 and sends its own ISN in the same segment."
        }
        Step::HandshakeAck => {
            "The client acknowledges the server's ISN+1. Both sides are ESTABLISHED: data can flow both ways."
        }
        Step::SimultaneousOpen { .. } => {
            "Both sides sent a SYN before receiving the other's (simultaneous open, RFC 9293 §3.5): each answers with a SYN-ACK instead of a client/server handshake."
        }
        Step::SynRetransmitted { .. } => {
            "The SYN got no answer in time, so the client's TCP sends it again (with the same ISN) after a timeout that doubles each time."
        }
        Step::SynAckRetransmitted { .. } => {
            "The server did not get the final ACK in time and sends its SYN-ACK again."
        }
        Step::Refused => {
            "Nothing listens on the destination port: the server's TCP answers the SYN with RST-ACK, and connect() fails with 'connection refused' (ECONNREFUSED)."
        }
        Step::FirstFin { .. } => {
            "This side has no more data to send and closes its direction (active close, FIN-WAIT-1). A FIN uses one sequence number. The other side can still send."
        }
        Step::AckOfFirstFin { .. } => {
            "The FIN is acknowledged on its own; the closing side waits in FIN-WAIT-2 for the other side's FIN. This is the four-way teardown (FIN, ACK, FIN, ACK)."
        }
        Step::SecondFin {
            piggybacked: false, ..
        } => {
            "The other side closes too (passive close: CLOSE-WAIT to LAST-ACK). The first closer enters TIME-WAIT on receiving it."
        }
        Step::SecondFin {
            piggybacked: true, ..
        } => {
            "The passive closer acknowledges the FIN and sends its own FIN in the same segment (FIN piggy-backed on the ACK): a three-way teardown, what Linux usually does when the application closes at once."
        }
        Step::FinalAck { .. } => {
            "The last ACK: the passive closer is CLOSED; the active closer stays in TIME-WAIT (2×MSL) so that stray segments of this connection die out."
        }
        Step::SimultaneousClose { .. } => {
            "Both sides sent a FIN before receiving the other's (simultaneous close): both go through CLOSING to TIME-WAIT."
        }
        Step::SimultaneousCloseAck { .. } => {
            "In a simultaneous close each side acknowledges the other's FIN; each then waits in TIME-WAIT."
        }
        Step::HalfCloseData { .. } => {
            "Half-close: one direction is closed by a FIN, the other still carries data (shutdown(SHUT_WR) on the first closer's side)."
        }
        Step::Abort { .. } => {
            "The connection is aborted with RST: no orderly FIN exchange, unsent data is discarded (e.g. close() with SO_LINGER 0, or a crashed process)."
        }
        Step::RstAfterFin { .. } => {
            "A RST after the FIN: the side ended the connection abortively, e.g. closing with unread data in its receive buffer."
        }
    }
}

/// The label of a tcp.analysis finding, with its reason.
pub struct AnalysisLabel<'a>(pub &'a Analysis);

pub fn analysis_kind(a: &Analysis) -> &'static str {
    match a {
        Analysis::Retransmission => "retransmission",
        Analysis::FastRetransmission { .. } => "fast_retransmission",
        Analysis::OutOfOrder => "out_of_order",
        Analysis::DupAck { .. } => "duplicate_ack",
        Analysis::ZeroWindow => "zero_window",
        Analysis::WindowUpdate => "window_update",
        Analysis::KeepAlive => "keep_alive",
        Analysis::LostSegment { .. } => "lost_segment",
    }
}

impl fmt::Display for AnalysisLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Analysis::Retransmission => f.write_str("retransmission: these sequence numbers were sent before (lost packets are sent again)"),
            Analysis::FastRetransmission { dupacks } => write!(f, "fast retransmission: sent again after {dupacks} duplicate ACKs asked for it"),
            Analysis::OutOfOrder => f.write_str("out-of-order: earlier sequence numbers arriving just after later ones"),
            Analysis::DupAck { count } => write!(f, "duplicate ACK #{count}: the same acknowledgement again, the receiver is missing data"),
            Analysis::ZeroWindow => f.write_str("zero window: the receiver's buffer is full, the sender must wait"),
            Analysis::WindowUpdate => f.write_str("window update: only the advertised window changed"),
            Analysis::KeepAlive => f.write_str("keep-alive: probes an idle connection with an old sequence number"),
            Analysis::LostSegment { missing } => write!(f, "previous segment not captured: {missing} bytes of sequence space missing"),
        }
    }
}

/// The note on a UDP datagram.
pub struct UdpLabel(pub UdpStep);

impl fmt::Display for UdpLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            UdpStep::First => f.write_str("no handshake, no teardown: UDP is connectionless"),
            UdpStep::Request => f.write_str("request"),
            UdpStep::Response { to_frame } => write!(f, "response to frame {to_frame}"),
            UdpStep::Unsolicited => f.write_str("from the server, no request before it"),
        }
    }
}

/// A finding in a few words, for packet lines and the ladder.
pub struct AnalysisShort<'a>(pub &'a Analysis);

impl fmt::Display for AnalysisShort<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Analysis::Retransmission => f.write_str("retransmission"),
            Analysis::FastRetransmission { dupacks } => {
                write!(f, "fast retransmission after {dupacks} dup ACKs")
            }
            Analysis::OutOfOrder => f.write_str("out-of-order"),
            Analysis::DupAck { count } => write!(f, "dup ACK #{count}"),
            Analysis::ZeroWindow => f.write_str("zero window"),
            Analysis::WindowUpdate => f.write_str("window update"),
            Analysis::KeepAlive => f.write_str("keep-alive"),
            Analysis::LostSegment { missing } => {
                write!(f, "previous segment not captured ({missing} bytes)")
            }
        }
    }
}
