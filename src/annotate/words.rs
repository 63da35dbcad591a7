//! Short labels (for packet lines) and plain explanations (for JSON and the TUI) of what the
//! tracker found.

use std::fmt;

use super::lang::Lang;
use crate::capture::Duration;
use crate::track::{
    Analysis, Endpoint, MAX_UNACKED_DIR, MAX_UNACKED_TOTAL, OverlapCounts, PacketInfo, Proto, Role,
    RoleReason, RttStats, Step, TcpState, UdpStep, WindowScale,
};

/// Said after a window whose scale factor is unknown (the handshake was not captured, so
/// the field is shown as sent; tshark's scale factor -1).
pub const WINDOW_SCALE_UNKNOWN: &str = " (scale unknown)";

/// A stable machine name for how a window was read (JSON `win_scaling`).
pub fn window_scaling_kind(scale: WindowScale) -> &'static str {
    match scale {
        WindowScale::Shift(_) => "negotiated",
        WindowScale::NotUsed => "not_used",
        WindowScale::Unknown => "unknown",
        WindowScale::Syn => "syn",
    }
}

/// The window of a segment in bytes, with how it was computed, for the TUI:
/// "64 × 1024 = 65,536 bytes, scale from the SYNs".
pub fn window_words(window: u16, scale: WindowScale) -> String {
    let bytes = group_digits(scale.apply(window));
    match scale {
        WindowScale::Shift(_) => {
            let factor = scale.factor().unwrap_or(1);
            format!("{window} × {factor} = {bytes} bytes, scale from the SYNs")
        }
        WindowScale::NotUsed => {
            format!("{bytes} bytes: no scaling used (a SYN went without the window scale option)")
        }
        WindowScale::Unknown => format!(
            "{bytes} (field as sent): scale unknown, the SYNs that set it were not captured"
        ),
        WindowScale::Syn => format!("{bytes} bytes: a SYN's window is never scaled (RFC 7323)"),
    }
}

/// `65536` as `65,536`.
pub fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The window scale option of a SYN: what it asks for, capped as RFC 7323 §2.3 says.
pub fn window_scale_option(shift: u8) -> String {
    let factor = WindowScale::Shift(shift).factor().unwrap_or(1);
    let cap = if factor.trailing_zeros() < u32::from(shift) {
        " (above 14: used as 14, RFC 7323 §2.3)"
    } else {
        ""
    };
    format!(
        "window scale {shift}{cap}: this side's later windows × {factor}, only if the other SYN carries the option too"
    )
}

/// A stable machine name for a step (JSON `step.kind`).
pub fn step_kind(step: &Step) -> &'static str {
    match step {
        Step::Syn => "handshake_syn",
        Step::SynAck => "handshake_syn_ack",
        Step::HandshakeAck => "handshake_ack",
        Step::SimultaneousOpen { .. } => "simultaneous_open",
        Step::SynRetransmitted { .. } => "syn_retransmitted",
        Step::SynAckRetransmitted { .. } => "syn_ack_retransmitted",
        Step::Refused { .. } => "refused",
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

impl StepLabel<'_> {
    /// The label in pieces (see [`Parts`]).
    pub fn parts(&self) -> Parts {
        use Value::{Count, Nothing, Word};
        let who = |r: &Role| Word(r.name());
        let (head, value, tail) = match self.0 {
            Step::Syn => ("handshake 1/3: client SYN", Nothing, ""),
            Step::SynAck => ("handshake 2/3: server SYN-ACK", Nothing, ""),
            Step::HandshakeAck => ("handshake 3/3: client ACK", Nothing, ""),
            Step::SimultaneousOpen { by, syn_ack } => (
                "simultaneous open: ",
                who(by),
                if *syn_ack { " SYN-ACK" } else { " SYN" },
            ),
            Step::SynRetransmitted { count } => (
                "SYN retransmitted (#",
                Count(u64::from(*count)),
                "): no answer yet",
            ),
            Step::SynAckRetransmitted { count } => {
                ("SYN-ACK retransmitted (#", Count(u64::from(*count)), ")")
            }
            Step::Refused { port } => (
                "refused: no socket listens on port ",
                Count(u64::from(*port)),
                ", the kernel answers RST",
            ),
            Step::FirstFin { by } => ("teardown 1: ", who(by), " closes first (FIN)"),
            Step::AckOfFirstFin { by } => ("teardown 2/4: ", who(by), " ACKs the FIN"),
            Step::SecondFin {
                by,
                piggybacked: false,
            } => ("teardown 3/4: ", who(by), " FIN"),
            Step::SecondFin {
                by,
                piggybacked: true,
            } => ("teardown 2/3: ", who(by), " FIN with the ACK piggy-backed"),
            Step::FinalAck { by, four_way: true } => ("teardown 4/4: ", who(by), " ACKs the FIN"),
            Step::FinalAck {
                by,
                four_way: false,
            } => ("teardown 3/3: ", who(by), " ACKs the FIN"),
            Step::SimultaneousClose { by } => ("simultaneous close: ", who(by), " FIN"),
            Step::SimultaneousCloseAck { by } => ("simultaneous close: ", who(by), " ACKs the FIN"),
            Step::HalfCloseData { by } => (
                "half-close: ",
                who(by),
                " still sends after the other side's FIN",
            ),
            Step::Abort { by } => ("abort: ", who(by), " resets the connection (RST)"),
            Step::RstAfterFin { by } => ("RST after FIN: ", who(by), " resets"),
        };
        Parts { head, value, tail }
    }
}

impl fmt::Display for StepLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.parts().fmt(f)
    }
}

/// The catalogue id of a role's name ("client", "客户端").
fn role_id(r: Role) -> &'static str {
    match r {
        Role::Client => "role-client",
        Role::Server => "role-server",
    }
}

/// A role's name in `lang`: "client", "客户端".
pub fn role_word(lang: Lang, r: Role) -> String {
    lang.text(role_id(r), &[])
}

/// A step's label in `lang`, from the catalogue: "handshake 1/3: client SYN", "握手 1/3：客户端发送
/// SYN". In English it is [`StepLabel`]'s text (a test below holds them equal).
pub fn step_label(lang: Lang, step: &Step) -> String {
    let by = |r: &Role| Some(("by", role_word(lang, *r)));
    let (id, arg): (&str, Option<(&str, String)>) = match step {
        Step::Syn => ("step-syn", None),
        Step::SynAck => ("step-syn-ack", None),
        Step::HandshakeAck => ("step-handshake-ack", None),
        Step::SimultaneousOpen { by: r, syn_ack } => match syn_ack {
            true => ("step-simultaneous-open-syn-ack", by(r)),
            false => ("step-simultaneous-open-syn", by(r)),
        },
        Step::SynRetransmitted { count } => {
            ("step-syn-retransmitted", Some(("count", count.to_string())))
        }
        Step::SynAckRetransmitted { count } => (
            "step-syn-ack-retransmitted",
            Some(("count", count.to_string())),
        ),
        Step::Refused { port } => ("step-refused", Some(("port", port.to_string()))),
        Step::FirstFin { by: r } => ("step-first-fin", by(r)),
        Step::AckOfFirstFin { by: r } => ("step-ack-of-first-fin", by(r)),
        Step::SecondFin {
            by: r,
            piggybacked: false,
        } => ("step-second-fin", by(r)),
        Step::SecondFin {
            by: r,
            piggybacked: true,
        } => ("step-second-fin-piggybacked", by(r)),
        Step::FinalAck {
            by: r,
            four_way: true,
        } => ("step-final-ack-four-way", by(r)),
        Step::FinalAck {
            by: r,
            four_way: false,
        } => ("step-final-ack-three-way", by(r)),
        Step::SimultaneousClose { by: r } => ("step-simultaneous-close", by(r)),
        Step::SimultaneousCloseAck { by: r } => ("step-simultaneous-close-ack", by(r)),
        Step::HalfCloseData { by: r } => ("step-half-close-data", by(r)),
        Step::Abort { by: r } => ("step-abort", by(r)),
        Step::RstAfterFin { by: r } => ("step-rst-after-fin", by(r)),
    };
    match &arg {
        Some((name, value)) => lang.text(id, &[(name, value)]),
        None => lang.text(id, &[]),
    }
}

/// The catalogue ids of a state's name: on its first use in a line, and after.
fn state_ids(s: TcpState) -> (&'static str, &'static str) {
    match s {
        TcpState::Closed => ("state-closed-first", "state-closed"),
        TcpState::Listen => ("state-listen-first", "state-listen"),
        TcpState::SynSent => ("state-syn-sent-first", "state-syn-sent"),
        TcpState::SynReceived => ("state-syn-received-first", "state-syn-received"),
        TcpState::Established => ("state-established-first", "state-established"),
        TcpState::FinWait1 => ("state-fin-wait-1-first", "state-fin-wait-1"),
        TcpState::FinWait2 => ("state-fin-wait-2-first", "state-fin-wait-2"),
        TcpState::CloseWait => ("state-close-wait-first", "state-close-wait"),
        TcpState::Closing => ("state-closing-first", "state-closing"),
        TcpState::LastAck => ("state-last-ack-first", "state-last-ack"),
        TcpState::TimeWait => ("state-time-wait-first", "state-time-wait"),
        TcpState::Unknown => ("state-unknown-first", "state-unknown"),
    }
}

/// The RFC 9293 states one output line has named so far. A line names a state the first
/// time with its RFC spelling beside the translation (`SYN-SENT（同步已发送）`), then by the
/// translation alone; "first use" is per line, so every line can be read on its own. In
/// English both forms are the RFC spelling.
#[derive(Debug, Default)]
pub struct StatesNamed(u16);

impl StatesNamed {
    /// The name of `s` in `lang`, noting that this line has now named it.
    pub fn name(&mut self, lang: Lang, s: TcpState) -> String {
        let bit = 1u16 << (s as u16);
        let (first, later) = state_ids(s);
        let id = if self.0 & bit == 0 { first } else { later };
        self.0 |= bit;
        lang.text(id, &[])
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
        Step::Refused { .. } => {
            "No socket listens on the destination port, so there is no connection to receive the SYN (RFC 9293 section 3.10.7.1: the server side is CLOSED, it never was LISTEN): the receiving host's kernel answers with RST-ACK itself, and connect() fails with 'connection refused' (ECONNREFUSED)."
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

/// The JSON kind of each finding, by [`Analysis::index`] (tshark's order of checking them).
pub const ANALYSIS_KINDS: [&str; Analysis::KINDS] = [
    "zero_window_probe",
    "zero_window",
    "lost_segment",
    "keep_alive",
    "window_update",
    "window_full",
    "keep_alive_ack",
    "zero_window_probe_ack",
    "duplicate_ack",
    "acked_unseen_segment",
    "spurious_retransmission",
    "fast_retransmission",
    "out_of_order",
    "retransmission",
    "overlap_conflict",
    "overlap_unchecked",
];

/// Each finding in a few words, by [`Analysis::index`], for a conversation's totals.
pub const ANALYSIS_NAMES: [&str; Analysis::KINDS] = [
    "zero window probe",
    "zero window",
    "previous segment not captured",
    "keep-alive",
    "window update",
    "window full",
    "keep-alive ACK",
    "zero window probe ACK",
    "dup ACK",
    "ACKed unseen segment",
    "spurious retransmission",
    "fast retransmission",
    "out-of-order",
    "retransmission",
    "overlap conflict",
    "overlap unchecked",
];

/// A conversation's findings by kind in words, most frequent first ("dup ACK ×3,
/// retransmission ×1"), or "-" when it had none. Appended to `out`.
pub fn findings_totals(counts: &[u32; Analysis::KINDS], out: &mut Vec<u8>) {
    let mut kinds: Vec<(usize, u32)> = counts
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, n)| *n > 0)
        .collect();
    if kinds.is_empty() {
        out.push(b'-');
        return;
    }
    // Most frequent first; equal counts in tshark's order of checking.
    kinds.sort_by_key(|&(i, n)| (std::cmp::Reverse(n), i));
    for (k, (i, n)) in kinds.into_iter().enumerate() {
        if k > 0 {
            out.extend_from_slice(b", ");
        }
        out.extend_from_slice(ANALYSIS_NAMES.get(i).copied().unwrap_or("?").as_bytes());
        out.extend_from_slice(" ×".as_bytes());
        out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }
}

/// A conversation's round-trip times in words, for the TUI's notes: tshark's initial RTT
/// (SYN to the first ACK after it) and the ACK RTTs of each side's data.
pub fn rtt_totals(irtt: Option<Duration>, ack: &[RttStats; 2]) -> String {
    let mut s = match irtt {
        Some(d) => format!("initial RTT {d} s (the SYN to the first ACK after it)"),
        None => "initial RTT not measured (the handshake was not captured)".to_owned(),
    };
    for (whose, a) in ["client", "server"].iter().zip(ack) {
        if let (Some(min), Some(mean), Some(max)) = (a.min(), a.mean(), a.max()) {
            let acks = if a.count == 1 { "ACK" } else { "ACKs" };
            s.push_str(&format!(
                "; the {whose}'s data acknowledged after {min}–{max} s, mean {mean} ({} {acks} timed)",
                a.count
            ));
        }
    }
    s
}

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
        Analysis::SpuriousRetransmission => "spurious_retransmission",
        Analysis::AckedUnseen => "acked_unseen_segment",
        Analysis::WindowFull => "window_full",
        Analysis::KeepAliveAck => "keep_alive_ack",
        Analysis::ZeroWindowProbe => "zero_window_probe",
        Analysis::ZeroWindowProbeAck => "zero_window_probe_ack",
        Analysis::OverlapConflict { .. } => "overlap_conflict",
        Analysis::OverlapUnchecked { .. } => "overlap_unchecked",
    }
}

impl AnalysisLabel<'_> {
    /// The label in pieces (see [`Parts`]).
    pub fn parts(&self) -> Parts {
        use Value::{Count, Nothing};
        let (head, value, tail) = match self.0 {
            Analysis::Retransmission => (
                "retransmission: these sequence numbers were sent before (lost packets are sent again)",
                Nothing,
                "",
            ),
            Analysis::FastRetransmission { dupacks } => (
                "fast retransmission: sent again after ",
                Count(u64::from(*dupacks)),
                " duplicate ACKs asked for it",
            ),
            Analysis::OutOfOrder => (
                "out-of-order: earlier sequence numbers arriving just after later ones",
                Nothing,
                "",
            ),
            Analysis::DupAck { count } => (
                "duplicate ACK #",
                Count(u64::from(*count)),
                ": the same acknowledgement again, the receiver is missing data",
            ),
            Analysis::ZeroWindow => (
                "zero window: the receiver's buffer is full, the sender must wait",
                Nothing,
                "",
            ),
            Analysis::WindowUpdate => (
                "window update: only the advertised window changed",
                Nothing,
                "",
            ),
            Analysis::KeepAlive => (
                "keep-alive: probes an idle connection with an old sequence number",
                Nothing,
                "",
            ),
            Analysis::LostSegment { missing } => (
                "previous segment not captured: ",
                Count(u64::from(*missing)),
                " bytes of sequence space missing",
            ),
            Analysis::SpuriousRetransmission => (
                "spurious retransmission: the receiver had already acknowledged these bytes, so sending them again was not needed (its ACK was late or lost)",
                Nothing,
                "",
            ),
            Analysis::AckedUnseen => (
                "ACKed unseen segment: this acknowledges bytes the capture never saw sent (common at capture start, or the capture dropped them)",
                Nothing,
                "",
            ),
            Analysis::WindowFull => (
                "window full: this data fills the receiver's advertised window to its last byte; the sender must now wait for an ACK",
                Nothing,
                "",
            ),
            Analysis::KeepAliveAck => (
                "keep-alive ACK: the answer to a keep-alive repeats the last ACK, showing the peer is still there",
                Nothing,
                "",
            ),
            Analysis::ZeroWindowProbe => (
                "zero window probe: one byte sent into the receiver's closed (zero) window, to make it answer with its current window",
                Nothing,
                "",
            ),
            Analysis::ZeroWindowProbeAck => (
                "zero window probe ACK: the answer to a probe, the window still 0; the sender keeps waiting and probing",
                Nothing,
                "",
            ),
            Analysis::OverlapConflict { differing } => (
                "conflicting data in segment overlap: ",
                Count(u64::from(*differing)),
                " of the bytes sent again differ from the copy sent first (the first copy is the one reassembled, as tshark keeps it)",
            ),
            Analysis::OverlapUnchecked { total: false } => (
                "overlaps not checked this way until the peer acknowledges what was sent: more than ",
                Count((MAX_UNACKED_DIR >> 10) as u64),
                " KiB unacknowledged, more than the check keeps",
            ),
            Analysis::OverlapUnchecked { total: true } => (
                "overlaps not checked this way until the peer acknowledges what was sent: the check keeps at most ",
                Count((MAX_UNACKED_TOTAL >> 20) as u64),
                " MiB unacknowledged over all connections",
            ),
        };
        Parts { head, value, tail }
    }
}

impl fmt::Display for AnalysisLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.parts().fmt(f)
    }
}

/// What a connection's overlap check found, for the lines under `--summary`'s table, e.g.
/// "conversation 3: 1 segment sent again with different bytes (overlap conflict)".
/// Under the summary table: "conversation 3: 2 packets with a bad checksum (...)".
pub struct BadChecksumNote(pub u64, pub u32);

impl fmt::Display for BadChecksumNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let BadChecksumNote(id, n) = self;
        let s = if *n == 1 { "" } else { "s" };
        write!(
            f,
            "conversation {id}: {n} packet{s} with a bad checksum (damaged on the way, forged, \
             or rewritten without new checksums, as in an anonymised trace): Zeek's state and \
             history leave them out; --no-checksums takes them as they are"
        )
    }
}

pub struct OverlapNote(pub u64, pub OverlapCounts);

impl fmt::Display for OverlapNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let OverlapNote(id, c) = self;
        write!(f, "conversation {id}:")?;
        if c.conflicts > 0 {
            let s = if c.conflicts == 1 { "" } else { "s" };
            write!(
                f,
                " {} segment{s} sent again with different bytes (overlap conflict)",
                c.conflicts
            )?;
        }
        if c.unchecked > 0 {
            let sep = if c.conflicts > 0 { ";" } else { "" };
            let s = if c.unchecked == 1 { "" } else { "s" };
            write!(
                f,
                "{sep} overlaps unchecked {} time{s}, until the peer acknowledged what was sent (more unacknowledged than the check keeps)",
                c.unchecked
            )?;
        }
        Ok(())
    }
}

/// The note on a UDP datagram.
pub struct UdpLabel(pub UdpStep);

impl UdpLabel {
    /// The label in pieces (see [`Parts`]).
    pub fn parts(&self) -> Parts {
        let (head, value) = match self.0 {
            UdpStep::First => (
                "no handshake, no teardown: UDP is connectionless",
                Value::Nothing,
            ),
            UdpStep::Request => ("request", Value::Nothing),
            UdpStep::Response { to_frame } => ("response to frame ", Value::Count(to_frame)),
            UdpStep::Unsolicited => ("from the server, no request before it", Value::Nothing),
        };
        Parts {
            head,
            value,
            tail: "",
        }
    }
}

impl fmt::Display for UdpLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.parts().fmt(f)
    }
}

/// A finding in a few words, for packet lines and the ladder.
pub struct AnalysisShort<'a>(pub &'a Analysis);

impl AnalysisShort<'_> {
    /// The label in pieces (see [`Parts`]).
    pub fn parts(&self) -> Parts {
        use Value::{Count, Nothing};
        let (head, value, tail) = match self.0 {
            Analysis::Retransmission => ("retransmission", Nothing, ""),
            Analysis::FastRetransmission { dupacks } => (
                "fast retransmission after ",
                Count(u64::from(*dupacks)),
                " dup ACKs",
            ),
            Analysis::OutOfOrder => ("out-of-order", Nothing, ""),
            Analysis::DupAck { count } => ("dup ACK #", Count(u64::from(*count)), ""),
            Analysis::ZeroWindow => ("zero window", Nothing, ""),
            Analysis::WindowUpdate => ("window update", Nothing, ""),
            Analysis::KeepAlive => ("keep-alive", Nothing, ""),
            Analysis::LostSegment { missing } => (
                "previous segment not captured (",
                Count(u64::from(*missing)),
                " bytes)",
            ),
            Analysis::SpuriousRetransmission => ("spurious retransmission", Nothing, ""),
            Analysis::AckedUnseen => ("ACKed unseen segment", Nothing, ""),
            Analysis::WindowFull => ("window full", Nothing, ""),
            Analysis::KeepAliveAck => ("keep-alive ACK", Nothing, ""),
            Analysis::ZeroWindowProbe => ("zero window probe", Nothing, ""),
            Analysis::ZeroWindowProbeAck => ("zero window probe ACK", Nothing, ""),
            Analysis::OverlapConflict { differing } => (
                "overlap conflict: ",
                Count(u64::from(*differing)),
                " bytes differ",
            ),
            Analysis::OverlapUnchecked { .. } => {
                ("overlaps unchecked until acknowledged", Nothing, "")
            }
        };
        Parts { head, value, tail }
    }
}

impl fmt::Display for AnalysisShort<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.parts().fmt(f)
    }
}

/// A label as fixed text around at most one value, so that the packet writers can copy it
/// without going through `core::fmt` (`Display` gives the same text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts {
    pub head: &'static str,
    pub value: Value,
    pub tail: &'static str,
}

/// The variable part of a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    Nothing,
    /// A role or another word.
    Word(&'static str),
    /// A count, a frame number, a number of bytes.
    Count(u64),
}

impl Parts {
    /// Appends the label's text to `out`.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.head.as_bytes());
        match self.value {
            Value::Nothing => {}
            Value::Word(w) => out.extend_from_slice(w.as_bytes()),
            Value::Count(n) => out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes()),
        }
        out.extend_from_slice(self.tail.as_bytes());
    }
}

impl fmt::Display for Parts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.head)?;
        match self.value {
            Value::Nothing => {}
            Value::Word(w) => f.write_str(w)?,
            Value::Count(n) => write!(f, "{n}")?,
        }
        f.write_str(self.tail)
    }
}

/// The words a packet's comment carries in a pcapng `-w` file (Wireshark's comment column):
/// the step and the analysis findings, as the text view prints them, e.g. "handshake 1/3:
/// client SYN" or "SYN retransmitted (#1): no answer yet \[retransmission\]". Empty when the
/// tracker found nothing to say. `out` is cleared first.
pub fn packet_comment(info: &PacketInfo, out: &mut String) {
    use std::fmt::Write as _;
    out.clear();
    if let Some(t) = &info.tcp {
        if let Some(step) = &t.step {
            let _ = write!(out, "{}", StepLabel(step));
        }
        for a in &t.analysis {
            if !out.is_empty() {
                out.push(' ');
            }
            let _ = write!(out, "[{}]", AnalysisShort(a));
        }
    }
    if let Some(step) = info.udp {
        let _ = write!(out, "{}", UdpLabel(step));
    }
}

/// A conversation's endpoint as the views head it: `127.0.0.1:8001`, or for ICMP echo, whose
/// "port" is the echo identifier, `192.168.1.1 id 1280`.
pub struct EndpointLabel<'a>(pub Proto, pub &'a Endpoint);

impl fmt::Display for EndpointLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Proto::IcmpEcho => write!(f, "{} id {}", self.1.addr, self.1.port),
            Proto::Tcp | Proto::Udp => write!(f, "{}", self.1),
        }
    }
}

/// What a checksum verdict means, for one that is not simply right (`what`: "TCP", "UDP",
/// "IPv4 header"): "TCP checksum not computed: offloaded to the NIC, not verified".
pub fn checksum_note(what: &str, v: crate::decode::checksum::Verdict) -> Option<String> {
    use crate::decode::checksum::Verdict;
    let said = match v {
        Verdict::Good => return None,
        Verdict::Bad { found, expected } => {
            format!("bad {what} checksum {found:#06x}, the bytes sum to {expected:#06x}")
        }
        Verdict::Offloaded => {
            format!("{what} checksum not computed: offloaded to the NIC, not verified")
        }
        Verdict::Uncaptured => {
            format!("{what} checksum not verified: the capture cut bytes it covers")
        }
        Verdict::Absent => format!("no {what} checksum (0: the sender chose none, as IPv4 allows)"),
    };
    Some(said)
}

/// Why the client is the client (JSON `roles_by`): "sent the first SYN".
pub fn role_reason(r: RoleReason) -> &'static str {
    match r {
        RoleReason::SentSyn => "sent the first SYN",
        RoleReason::GotSynAck => "answered by the first SYN-ACK seen",
        RoleReason::ServerPortClass => {
            "the other port is in a lower class (well-known < registered < dynamic)"
        }
        RoleReason::FirstSender => "sent the first packet seen",
        RoleReason::SentEchoRequest => "sent the echo request",
    }
}

/// The arrow label of an ICMP error that quotes a packet of the conversation: "ICMP error
/// 3/3" (type 3, code 3). The text ladder and the TUI's ladder both draw it with this.
pub fn icmp_error_label(icmp_type: u8, code: u8) -> String {
    format!("ICMP error {icmp_type}/{code}")
}

/// The arrow label of an ICMP echo message: "echo request id=1280 seq=13312".
pub fn echo_label(request: bool, id: u16, seq: u16) -> String {
    let what = if request { "request" } else { "reply" };
    format!("echo {what} id={id} seq={seq}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every step, each variant once (both values of each flag).
    fn every_step() -> Vec<Step> {
        use Role::{Client, Server};
        vec![
            Step::Syn,
            Step::SynAck,
            Step::HandshakeAck,
            Step::SimultaneousOpen {
                by: Client,
                syn_ack: false,
            },
            Step::SimultaneousOpen {
                by: Server,
                syn_ack: true,
            },
            Step::SynRetransmitted { count: 2 },
            Step::SynAckRetransmitted { count: 3 },
            Step::Refused { port: 8002 },
            Step::FirstFin { by: Client },
            Step::AckOfFirstFin { by: Server },
            Step::SecondFin {
                by: Server,
                piggybacked: false,
            },
            Step::SecondFin {
                by: Client,
                piggybacked: true,
            },
            Step::FinalAck {
                by: Client,
                four_way: true,
            },
            Step::FinalAck {
                by: Server,
                four_way: false,
            },
            Step::SimultaneousClose { by: Client },
            Step::SimultaneousCloseAck { by: Server },
            Step::HalfCloseData { by: Server },
            Step::Abort { by: Client },
            Step::RstAfterFin { by: Server },
        ]
    }

    /// The English catalogue says what the packed labels of JSON and the ladders say.
    #[test]
    fn the_english_catalogue_is_the_step_labels() {
        for step in every_step() {
            assert_eq!(step_label(Lang::En, &step), StepLabel(&step).to_string());
            let zh = step_label(Lang::Zh, &step);
            assert!(!zh.contains("step-") && !zh.contains('{'), "{zh}");
        }
        assert_eq!(step_label(Lang::Zh, &Step::Syn), "握手 1/3：客户端发送 SYN");
    }

    #[test]
    fn a_line_names_a_state_with_its_rfc_spelling_first() {
        let mut named = StatesNamed::default();
        assert_eq!(
            named.name(Lang::Zh, TcpState::SynSent),
            "SYN-SENT（同步已发送）"
        );
        assert_eq!(named.name(Lang::Zh, TcpState::SynSent), "同步已发送");
        let mut named = StatesNamed::default();
        assert_eq!(named.name(Lang::En, TcpState::SynSent), "SYN-SENT");
        assert_eq!(named.name(Lang::En, TcpState::SynSent), "SYN-SENT");
        assert_eq!(
            named.name(Lang::En, TcpState::Unknown),
            TcpState::Unknown.name()
        );
    }

    #[test]
    fn a_window_says_how_it_was_scaled() {
        assert_eq!(
            window_words(64, WindowScale::Shift(10)),
            "64 × 1024 = 65,536 bytes, scale from the SYNs"
        );
        assert!(window_words(64, WindowScale::Unknown).contains("scale unknown"));
        assert!(window_words(64, WindowScale::NotUsed).contains("no scaling used"));
        assert!(window_words(65_535, WindowScale::Syn).contains("a SYN's window is never scaled"));
        assert_eq!(group_digits(1_073_725_440), "1,073,725,440");
        assert_eq!(group_digits(999), "999");
    }

    /// The JSON `conn` record's `roles_by` values.
    #[test]
    fn each_role_reason_has_its_words() {
        let expected = [
            (RoleReason::SentSyn, "sent the first SYN"),
            (RoleReason::GotSynAck, "answered by the first SYN-ACK seen"),
            (
                RoleReason::ServerPortClass,
                "the other port is in a lower class (well-known < registered < dynamic)",
            ),
            (RoleReason::FirstSender, "sent the first packet seen"),
            (RoleReason::SentEchoRequest, "sent the echo request"),
        ];
        for (r, words) in expected {
            assert_eq!(role_reason(r), words, "{r:?}");
        }
    }

    #[test]
    fn a_window_scale_option_is_capped_at_14() {
        assert!(window_scale_option(20).contains("× 16384"));
        assert!(window_scale_option(20).contains("used as 14"));
        assert!(window_scale_option(7).contains("× 128"));
        assert!(!window_scale_option(14).contains("used as 14"));
    }
}
