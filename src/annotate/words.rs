//! Short labels (for packet lines) and plain explanations (for JSON and the TUI) of what the
//! tracker found.

use std::fmt;

use super::lang::Lang;
use crate::capture::Duration;
use crate::track::{
    Analysis, Endpoint, MAX_UNACKED_DIR, MAX_UNACKED_TOTAL, OverlapCounts, PacketInfo, Proto, Role,
    RoleReason, RttStats, Step, TcpState, UdpStep, WindowScale,
};

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
pub fn window_words(lang: Lang, window: u16, scale: WindowScale) -> String {
    let bytes = group_digits(scale.apply(window));
    let (window, factor) = (window.to_string(), scale.factor().unwrap_or(1).to_string());
    let id = match scale {
        WindowScale::Shift(_) => "window-scaled",
        WindowScale::NotUsed => "window-not-used",
        WindowScale::Unknown => "window-unknown",
        WindowScale::Syn => "window-syn",
    };
    let args = [
        ("window", window.as_str()),
        ("factor", &factor),
        ("bytes", &bytes),
    ];
    lang.text(id, &args)
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

/// The short label shown on a packet line, in English: "handshake 1/3: client SYN" (the
/// pcapng comments, and the views not translated yet; [`step_parts`] speaks any language).
pub struct StepLabel<'a>(pub &'a Step);

impl StepLabel<'_> {
    /// The label in pieces (see [`Parts`]).
    pub fn parts(&self) -> Parts {
        step_parts(Lang::En, self.0)
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
pub fn role_word(lang: Lang, r: Role) -> &'static str {
    lang.word(role_id(r))
}

/// A step's label in `lang`: "handshake 1/3: client SYN", "握手 1/3：客户端发送 SYN".
pub fn step_label(lang: Lang, step: &Step) -> String {
    step_parts(lang, step).to_string()
}

/// A message of one value as [`Parts`]: the text around it comes from the table
/// [`Lang::parts`] formatted once, so a packet line costs no Fluent formatting.
fn around(lang: Lang, id: &'static str, value: Value) -> Parts {
    let (head, tail) = lang.parts(id);
    Parts { head, value, tail }
}

/// A message without a value as [`Parts`].
fn alone(lang: Lang, id: &'static str) -> Parts {
    Parts {
        head: lang.word(id),
        value: Value::Nothing,
        tail: "",
    }
}

/// A step's label in `lang`, in pieces (see [`Parts`]), from the catalogue.
pub fn step_parts(lang: Lang, step: &Step) -> Parts {
    let by = |id, r: &Role| around(lang, id, Value::Word(role_word(lang, *r)));
    let count = |id, n: u64| around(lang, id, Value::Count(n));
    match step {
        Step::Syn => alone(lang, "step-syn"),
        Step::SynAck => alone(lang, "step-syn-ack"),
        Step::HandshakeAck => alone(lang, "step-handshake-ack"),
        Step::SimultaneousOpen { by: r, syn_ack } => match syn_ack {
            true => by("step-simultaneous-open-syn-ack", r),
            false => by("step-simultaneous-open-syn", r),
        },
        Step::SynRetransmitted { count: n } => count("step-syn-retransmitted", u64::from(*n)),
        Step::SynAckRetransmitted { count: n } => {
            count("step-syn-ack-retransmitted", u64::from(*n))
        }
        Step::Refused { port } => count("step-refused", u64::from(*port)),
        Step::FirstFin { by: r } => by("step-first-fin", r),
        Step::AckOfFirstFin { by: r } => by("step-ack-of-first-fin", r),
        Step::SecondFin {
            by: r,
            piggybacked: false,
        } => by("step-second-fin", r),
        Step::SecondFin {
            by: r,
            piggybacked: true,
        } => by("step-second-fin-piggybacked", r),
        Step::FinalAck {
            by: r,
            four_way: true,
        } => by("step-final-ack-four-way", r),
        Step::FinalAck {
            by: r,
            four_way: false,
        } => by("step-final-ack-three-way", r),
        Step::SimultaneousClose { by: r } => by("step-simultaneous-close", r),
        Step::SimultaneousCloseAck { by: r } => by("step-simultaneous-close-ack", r),
        Step::HalfCloseData { by: r } => by("step-half-close-data", r),
        Step::Abort { by: r } => by("step-abort", r),
        Step::RstAfterFin { by: r } => by("step-rst-after-fin", r),
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
    pub fn name(&mut self, lang: Lang, s: TcpState) -> &'static str {
        let bit = 1u16 << (s as u16);
        let (first, later) = state_ids(s);
        let id = if self.0 & bit == 0 { first } else { later };
        self.0 |= bit;
        lang.word(id)
    }
}

/// A state's name in `lang` where its RFC spelling is not beside it (a column of the
/// ladder, whose header the RFC spellings head): "同步已发送", in English "SYN-SENT".
pub fn state_word(lang: Lang, s: TcpState) -> &'static str {
    lang.word(state_ids(s).1)
}

/// What the step means in `lang`, in words a student understands.
pub fn step_explanation(lang: Lang, step: &Step) -> &'static str {
    lang.word(match step {
        Step::Syn => "why-syn",
        Step::SynAck => "why-syn-ack",
        Step::HandshakeAck => "why-handshake-ack",
        Step::SimultaneousOpen { .. } => "why-simultaneous-open",
        Step::SynRetransmitted { .. } => "why-syn-retransmitted",
        Step::SynAckRetransmitted { .. } => "why-syn-ack-retransmitted",
        Step::Refused { .. } => "why-refused",
        Step::FirstFin { .. } => "why-first-fin",
        Step::AckOfFirstFin { .. } => "why-ack-of-first-fin",
        Step::SecondFin {
            piggybacked: false, ..
        } => "why-second-fin",
        Step::SecondFin {
            piggybacked: true, ..
        } => "why-second-fin-piggybacked",
        Step::FinalAck { .. } => "why-final-ack",
        Step::SimultaneousClose { .. } => "why-simultaneous-close",
        Step::SimultaneousCloseAck { .. } => "why-simultaneous-close-ack",
        Step::HalfCloseData { .. } => "why-half-close-data",
        Step::Abort { .. } => "why-abort",
        Step::RstAfterFin { .. } => "why-rst-after-fin",
    })
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

/// The catalogue id of each finding's name, by [`Analysis::index`], for a conversation's
/// totals.
const ANALYSIS_NAME_IDS: [&str; Analysis::KINDS] = [
    "name-zero-window-probe",
    "name-zero-window",
    "name-lost-segment",
    "name-keep-alive",
    "name-window-update",
    "name-window-full",
    "name-keep-alive-ack",
    "name-zero-window-probe-ack",
    "name-duplicate-ack",
    "name-acked-unseen-segment",
    "name-spurious-retransmission",
    "name-fast-retransmission",
    "name-out-of-order",
    "name-retransmission",
    "name-overlap-conflict",
    "name-overlap-unchecked",
];

/// A conversation's findings by kind in words of `lang`, most frequent first ("dup ACK ×3,
/// retransmission ×1"), or "-" when it had none. Appended to `out`.
pub fn findings_totals(lang: Lang, counts: &[u32; Analysis::KINDS], out: &mut Vec<u8>) {
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
        let id = ANALYSIS_NAME_IDS.get(i).copied().unwrap_or("?");
        out.extend_from_slice(lang.word(id).as_bytes());
        out.extend_from_slice(" ×".as_bytes());
        out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }
}

/// A conversation's round-trip times in words, for the TUI's notes: tshark's initial RTT
/// (SYN to the first ACK after it) and the ACK RTTs of each side's data.
pub fn rtt_totals(lang: Lang, irtt: Option<Duration>, ack: &[RttStats; 2]) -> String {
    let mut s = match irtt {
        Some(d) => lang.text("rtt-initial", &[("rtt", &d.to_string())]),
        None => lang.word("rtt-initial-none").to_owned(),
    };
    for (whose, a) in [Role::Client, Role::Server].into_iter().zip(ack) {
        if let (Some(min), Some(mean), Some(max)) = (a.min(), a.mean(), a.max()) {
            let (min, mean, max) = (min.to_string(), mean.to_string(), max.to_string());
            let count = a.count.to_string();
            let args = [
                ("whose", role_word(lang, whose)),
                ("min", &min),
                ("max", &max),
                ("mean", &mean),
                ("count", &count),
            ];
            s.push_str(&lang.text("rtt-acked", &args));
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
    /// The label in pieces (see [`Parts`]), in English.
    pub fn parts(&self) -> Parts {
        analysis_label(Lang::En, self.0)
    }
}

/// The catalogue ids of a finding's label with its reason (`finding-*`) and of its few
/// words (`short-*`), and its value.
fn analysis_ids(a: &Analysis) -> (&'static str, &'static str, Value) {
    use Value::{Count, Nothing};
    match a {
        Analysis::Retransmission => ("finding-retransmission", "short-retransmission", Nothing),
        Analysis::FastRetransmission { dupacks } => (
            "finding-fast-retransmission",
            "short-fast-retransmission",
            Count(u64::from(*dupacks)),
        ),
        Analysis::OutOfOrder => ("finding-out-of-order", "short-out-of-order", Nothing),
        Analysis::DupAck { count } => (
            "finding-duplicate-ack",
            "short-duplicate-ack",
            Count(u64::from(*count)),
        ),
        Analysis::ZeroWindow => ("finding-zero-window", "short-zero-window", Nothing),
        Analysis::WindowUpdate => ("finding-window-update", "short-window-update", Nothing),
        Analysis::KeepAlive => ("finding-keep-alive", "short-keep-alive", Nothing),
        Analysis::LostSegment { missing } => (
            "finding-lost-segment",
            "short-lost-segment",
            Count(u64::from(*missing)),
        ),
        Analysis::SpuriousRetransmission => (
            "finding-spurious-retransmission",
            "short-spurious-retransmission",
            Nothing,
        ),
        Analysis::AckedUnseen => (
            "finding-acked-unseen-segment",
            "short-acked-unseen-segment",
            Nothing,
        ),
        Analysis::WindowFull => ("finding-window-full", "short-window-full", Nothing),
        Analysis::KeepAliveAck => ("finding-keep-alive-ack", "short-keep-alive-ack", Nothing),
        Analysis::ZeroWindowProbe => (
            "finding-zero-window-probe",
            "short-zero-window-probe",
            Nothing,
        ),
        Analysis::ZeroWindowProbeAck => (
            "finding-zero-window-probe-ack",
            "short-zero-window-probe-ack",
            Nothing,
        ),
        Analysis::OverlapConflict { differing } => (
            "finding-overlap-conflict",
            "short-overlap-conflict",
            Count(u64::from(*differing)),
        ),
        Analysis::OverlapUnchecked { total: false } => (
            "finding-overlap-unchecked-dir",
            "short-overlap-unchecked",
            Count((MAX_UNACKED_DIR >> 10) as u64),
        ),
        Analysis::OverlapUnchecked { total: true } => (
            "finding-overlap-unchecked-total",
            "short-overlap-unchecked",
            Count((MAX_UNACKED_TOTAL >> 20) as u64),
        ),
    }
}

/// A message that may or may not carry its value as [`Parts`].
fn message_parts(lang: Lang, id: &'static str, value: Value) -> Parts {
    match value {
        Value::Nothing => alone(lang, id),
        _ => around(lang, id, value),
    }
}

/// A finding's label with why it fired, in `lang`: "retransmission: these sequence numbers
/// were sent before (…)".
pub fn analysis_label(lang: Lang, a: &Analysis) -> Parts {
    let (id, _, value) = analysis_ids(a);
    message_parts(lang, id, value)
}

/// A finding in a few words of `lang`, for packet lines and the ladder: "dup ACK #2".
pub fn analysis_short(lang: Lang, a: &Analysis) -> Parts {
    let (_, id, value) = analysis_ids(a);
    // The short form of an unchecked overlap says no number.
    let value = match a {
        Analysis::OverlapUnchecked { .. } => Value::Nothing,
        _ => value,
    };
    message_parts(lang, id, value)
}

impl fmt::Display for AnalysisLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.parts().fmt(f)
    }
}

/// Under the summary table, in `lang`: "conversation 3: 2 packets with a bad checksum (...)".
pub fn bad_checksum_note(lang: Lang, id: u64, n: u32) -> String {
    let (id, n) = (id.to_string(), n.to_string());
    lang.text("note-bad-checksums", &[("id", &id), ("n", &n)])
}

/// What a connection's overlap check found, for the lines under `--summary`'s table, in
/// `lang`: "conversation 3: 1 segment sent again with different bytes (overlap conflict)".
pub fn overlap_note(lang: Lang, id: u64, c: OverlapCounts) -> String {
    let mut out = lang.text("note-conversation", &[("id", &id.to_string())]);
    if c.conflicts > 0 {
        let n = c.conflicts.to_string();
        out.push_str(&lang.text("note-overlap-conflicts", &[("n", &n)]));
    }
    if c.unchecked > 0 {
        if c.conflicts > 0 {
            out.push_str(lang.word("note-and"));
        }
        let n = c.unchecked.to_string();
        out.push_str(&lang.text("note-overlap-unchecked", &[("n", &n)]));
    }
    out
}

/// The note on a UDP datagram.
pub struct UdpLabel(pub UdpStep);

impl UdpLabel {
    /// The label in pieces (see [`Parts`]), in English.
    pub fn parts(&self) -> Parts {
        udp_label(Lang::En, self.0)
    }
}

/// The note on a UDP datagram in `lang`: "request", "response to frame 3".
pub fn udp_label(lang: Lang, step: UdpStep) -> Parts {
    match step {
        UdpStep::First => alone(lang, "udp-first"),
        UdpStep::Request => alone(lang, "udp-request"),
        UdpStep::Response { to_frame } => around(lang, "udp-response", Value::Count(to_frame)),
        UdpStep::Unsolicited => alone(lang, "udp-unsolicited"),
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
    /// The label in pieces (see [`Parts`]), in English.
    pub fn parts(&self) -> Parts {
        analysis_short(Lang::En, self.0)
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

/// What a checksum verdict means in `lang`, for one that is not simply right (`what`: "TCP",
/// "UDP", or [`Lang::word`]`("checksum-what-ipv4-header")`): "TCP checksum not computed:
/// offloaded to the NIC, not verified".
pub fn checksum_note(
    lang: Lang,
    what: &str,
    v: crate::decode::checksum::Verdict,
) -> Option<String> {
    use crate::decode::checksum::Verdict;
    let said = match v {
        Verdict::Good => return None,
        Verdict::Bad { found, expected } => {
            let (found, expected) = (format!("{found:#06x}"), format!("{expected:#06x}"));
            let args = [("what", what), ("found", &found), ("expected", &expected)];
            lang.text("checksum-bad", &args)
        }
        Verdict::Offloaded => lang.text("checksum-offloaded", &[("what", what)]),
        Verdict::Uncaptured => lang.text("checksum-uncaptured", &[("what", what)]),
        Verdict::Absent => lang.text("checksum-absent", &[("what", what)]),
    };
    Some(said)
}

/// An ICMP type's or code's name (`decode::names`' English, "port unreachable") in `lang`,
/// from the catalogue's `icmp-` message of that name; the English name if it has none.
pub fn icmp_name(lang: Lang, english: &'static str) -> &'static str {
    let mut id = String::with_capacity(english.len() + 5);
    id.push_str("icmp-");
    for c in english.chars() {
        id.push(if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            '-'
        });
    }
    lang.find_word(&id).unwrap_or(english)
}

/// Why the client is the client (JSON `roles_by`), in `lang`: "sent the first SYN".
pub fn role_reason(lang: Lang, r: RoleReason) -> &'static str {
    lang.word(match r {
        RoleReason::SentSyn => "roles-by-sent-syn",
        RoleReason::GotSynAck => "roles-by-got-syn-ack",
        RoleReason::ServerPortClass => "roles-by-server-port-class",
        RoleReason::FirstSender => "roles-by-first-sender",
        RoleReason::SentEchoRequest => "roles-by-sent-echo-request",
    })
}

/// The arrow label of an ICMP error that quotes a packet of the conversation, in `lang`:
/// "ICMP error 3/3" (type 3, code 3). The text ladder and the TUI's ladder both draw it with
/// this.
pub fn icmp_error_label(lang: Lang, icmp_type: u8, code: u8) -> String {
    let (t, c) = (icmp_type.to_string(), code.to_string());
    lang.text("icmp-error-label", &[("type", &t), ("code", &c)])
}

/// The arrow label of an ICMP echo message, in `lang`: "echo request id=1280 seq=13312".
pub fn echo_label(lang: Lang, request: bool, id: u16, seq: u16) -> String {
    let what = if request {
        "icmp-echo-request-label"
    } else {
        "icmp-echo-reply-label"
    };
    let (id, seq) = (id.to_string(), seq.to_string());
    lang.text(what, &[("id", &id), ("seq", &seq)])
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

    /// Every step has its label and its explanation in both languages, from the catalogue
    /// (an id missing there would come back as itself).
    #[test]
    fn every_step_has_its_words_in_both_languages() {
        for step in every_step() {
            for lang in [Lang::En, Lang::Zh] {
                let label = step_label(lang, &step);
                assert!(!label.contains("step-") && !label.contains('{'), "{label}");
                let why = step_explanation(lang, &step);
                assert!(!why.starts_with("why-"), "{why}");
            }
            assert_eq!(step_label(Lang::En, &step), StepLabel(&step).to_string());
        }
        assert_eq!(step_label(Lang::Zh, &Step::Syn), "握手 1/3：客户端发送 SYN");
        let abort = Step::Abort { by: Role::Server };
        assert_eq!(
            step_label(Lang::En, &abort),
            "abort: server resets the connection (RST)"
        );
        assert_eq!(
            step_label(Lang::En, &Step::Refused { port: 8002 }),
            "refused: no socket listens on port 8002, the kernel answers RST"
        );
    }

    #[test]
    fn findings_have_their_words_in_both_languages() {
        let findings = [
            Analysis::Retransmission,
            Analysis::DupAck { count: 2 },
            Analysis::OverlapUnchecked { total: true },
        ];
        for a in &findings {
            for lang in [Lang::En, Lang::Zh] {
                let long = analysis_label(lang, a).to_string();
                let short = analysis_short(lang, a).to_string();
                assert!(
                    !long.contains("finding-") && !short.contains("short-"),
                    "{long} {short}"
                );
            }
        }
        assert_eq!(
            analysis_short(Lang::En, &findings[1]).to_string(),
            "dup ACK #2"
        );
        assert_eq!(
            analysis_short(Lang::Zh, &findings[1]).to_string(),
            "重复 ACK 第 2 个"
        );
        assert_eq!(
            analysis_short(Lang::En, &findings[2]).to_string(),
            "overlaps unchecked until acknowledged"
        );
        let mut counts = [0; Analysis::KINDS];
        counts[Analysis::DupAck { count: 1 }.index()] = 3;
        counts[Analysis::Retransmission.index()] = 1;
        let mut out = Vec::new();
        findings_totals(Lang::En, &counts, &mut out);
        assert_eq!(
            String::from_utf8_lossy(&out),
            "dup ACK ×3, retransmission ×1"
        );
        assert_eq!(
            udp_label(Lang::En, UdpStep::Response { to_frame: 3 }).to_string(),
            "response to frame 3"
        );
    }

    /// The catalogue's English ICMP names are decode::names' (JSON keeps those).
    #[test]
    fn icmp_names_are_the_decoders_in_english() {
        use crate::decode::names::{icmp_code, icmp_type};
        for version in [4, 6] {
            for t in 0..=255 {
                let name = icmp_type(version, t);
                assert_eq!(icmp_name(Lang::En, name), name);
                assert_ne!(icmp_name(Lang::Zh, name), name, "{name}");
                for code in 0..16 {
                    if let Some(name) = icmp_code(version, t, code) {
                        assert_eq!(icmp_name(Lang::En, name), name);
                        assert_ne!(icmp_name(Lang::Zh, name), name, "{name}");
                    }
                }
            }
        }
    }

    #[test]
    fn notes_count_in_english_plurals() {
        assert!(bad_checksum_note(Lang::En, 3, 1).starts_with("conversation 3: 1 packet with"));
        assert!(bad_checksum_note(Lang::En, 3, 2).starts_with("conversation 3: 2 packets with"));
        let both = OverlapCounts {
            conflicts: 1,
            unchecked: 2,
        };
        assert_eq!(
            overlap_note(Lang::En, 4, both),
            "conversation 4: 1 segment sent again with different bytes (overlap conflict); \
             overlaps unchecked 2 times, until the peer acknowledged what was sent (more \
             unacknowledged than the check keeps)"
        );
    }

    #[test]
    fn a_line_names_a_state_with_its_rfc_spelling_first() {
        let mut named = StatesNamed::default();
        assert_eq!(
            named.name(Lang::Zh, TcpState::SynSent),
            "SYN-SENT（同步已发送）"
        );
        assert_eq!(named.name(Lang::Zh, TcpState::SynSent), "同步已发送");
        assert_eq!(state_word(Lang::Zh, TcpState::Established), "已建立连接");
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
            window_words(Lang::En, 64, WindowScale::Shift(10)),
            "64 × 1024 = 65,536 bytes, scale from the SYNs"
        );
        assert!(window_words(Lang::En, 64, WindowScale::Unknown).contains("scale unknown"));
        assert!(window_words(Lang::En, 64, WindowScale::NotUsed).contains("no scaling used"));
        assert!(
            window_words(Lang::En, 65_535, WindowScale::Syn)
                .contains("a SYN's window is never scaled")
        );
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
            assert_eq!(role_reason(Lang::En, r), words, "{r:?}");
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
