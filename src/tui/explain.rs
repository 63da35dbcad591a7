//! The explanation pane's words for one packet: what the step is and why, both ends' states
//! before → after, the sequence arithmetic (raw and relative), and notes on ports, addresses
//! and socket calls. The step words come from [`crate::annotate::words`], so the TUI says
//! what `wirelab read` says; the sentences for ordinary segments are the catalogue's
//! `ex-*` messages (i18n/*/tui-explain.ftl), in the language asked for.

use crate::annotate::lang::Lang;
use crate::annotate::words::{
    AnalysisLabel, StatesNamed, UdpLabel, findings_totals, role_word, rtt_totals, step_explanation,
    step_label, window_words,
};
use crate::annotate::{address, port};
use crate::decode::TcpFlags;
use crate::track::{Dir, Role, UdpStep, WindowScale};

use super::model::{ConvSummary, Row, RowKind, TcpRow};
use super::view::fit;

/// The raw header numbers of the packet shown, read again from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawNumbers {
    pub seq: u32,
    pub ack: u32,
    pub window: u16,
}

/// What the explanation pane shows, in sections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// "frame 2 · server → client · handshake 2/3: server SYN-ACK"
    pub title: String,
    /// What this step is and why.
    pub what: Vec<String>,
    /// "client  SYN-SENT → ESTABLISHED"
    pub states: Vec<String>,
    /// The seq/ack arithmetic.
    pub numbers: Vec<String>,
    /// tcp.analysis findings, socket calls, ports and addresses.
    pub notes: Vec<String>,
}

/// The sender's and the receiver's names, in `lang`.
fn sides(dir: Dir, lang: Lang) -> (String, String) {
    let (from, to) = match dir {
        Dir::C2S => (Role::Client, Role::Server),
        Dir::S2C => (Role::Server, Role::Client),
    };
    (
        role_word(lang, from).to_owned(),
        role_word(lang, to).to_owned(),
    )
}

/// Explains `row` of `conv` in `lang`; `raw` when the packet's bytes could be read again.
pub fn explain(conv: &ConvSummary, row: &Row, raw: Option<RawNumbers>, lang: Lang) -> Explanation {
    let (from, _) = sides(row.dir, lang);
    let mut e = Explanation {
        title: String::new(),
        what: Vec::new(),
        states: Vec::new(),
        numbers: Vec::new(),
        notes: Vec::new(),
    };
    match &row.kind {
        RowKind::Tcp(t) => tcp(&mut e, conv, row, t, (raw, lang)),
        RowKind::Udp { step, payload_len } => udp(&mut e, row, *step, *payload_len, lang),
        RowKind::IcmpEcho {
            request,
            id,
            seq,
            payload_len,
        } => echo(&mut e, row, *request, (*id, *seq, *payload_len), lang),
        RowKind::IcmpError { icmp_type, code } => {
            icmp_error(&mut e, row, *icmp_type, *code, lang);
        }
    }
    for call in row.calls() {
        e.notes
            .push(lang.text("ex-socket-call", &[("side", &from), ("call", call)]));
    }
    if let Some(k) = row.kernel() {
        // Where the kernel's state is not the inferred one: which, and why (lab --kernel-states).
        e.notes.extend(k.differences.iter().cloned());
    }
    conversation_notes(&mut e, conv, lang);
    e
}

/// The frame's title line: "frame 2 · server → client · handshake 2/3: server SYN-ACK".
fn title(lang: Lang, row: &Row, (from, to): (&str, &str), label: &str) -> String {
    let frame = row.frame.to_string();
    lang.text(
        "ex-title",
        &[
            ("frame", &frame),
            ("from", from),
            ("to", to),
            ("label", label),
        ],
    )
}

/// A TCP segment: its step (or what it carries), both ends' states, the numbers.
fn tcp(
    e: &mut Explanation,
    conv: &ConvSummary,
    row: &Row,
    t: &TcpRow,
    (raw, lang): (Option<RawNumbers>, Lang),
) {
    let (from, to) = sides(row.dir, lang);
    let label = t.step.as_ref().map_or_else(
        || {
            let flags = t.flags.to_string();
            lang.text("ex-flags-from", &[("flags", &flags), ("from", &from)])
        },
        |s| step_label(lang, s),
    );
    e.title = title(lang, row, (&from, &to), &label);
    match &t.step {
        Some(s) => e.what.push(step_explanation(lang, s).to_owned()),
        None => e.what.push(segment_words(t, (&from, &to), lang)),
    }
    for (i, role) in [Role::Client, Role::Server].into_iter().enumerate() {
        let (mut b, mut a) = (t.before[i], t.after[i]);
        if i == 1 {
            // What the server's first answer proved it was (LISTEN or CLOSED).
            (b, a) = (conv.known_server(b), conv.known_server(a));
        }
        // The role padded to 7 columns, so the states line up ("client ", "客户端 ").
        let who = fit(role_word(lang, role), 7);
        let mut named = StatesNamed::default();
        let before = named.name(lang, b);
        e.states.push(if b == a {
            lang.text("ex-state-unchanged", &[("who", &who), ("state", before)])
        } else {
            let after = named.name(lang, a);
            let args = [("who", who.as_str()), ("before", before), ("after", after)];
            lang.text("ex-state-changed", &args)
        });
    }
    let scale = conv.window_scale(row.dir, t.flags);
    numbers(&mut e.numbers, t, (raw, scale), (&from, &to), lang);
    for a in row.analysis() {
        e.notes.push(AnalysisLabel(a).to_string());
    }
}

fn udp(e: &mut Explanation, row: &Row, step: UdpStep, payload_len: u16, lang: Lang) {
    let (from, to) = sides(row.dir, lang);
    let bytes = payload_len.to_string();
    let label = lang.text("ex-udp-label", &[("bytes", &bytes)]);
    e.title = title(lang, row, (&from, &to), &label);
    let udp = UdpLabel(step).to_string();
    let id = match step {
        UdpStep::First => "ex-udp-first",
        _ => "ex-udp-datagram",
    };
    e.what
        .push(lang.text(id, &[("from", &from), ("bytes", &bytes), ("label", &udp)]));
    e.numbers.push(lang.text("ex-udp-numbers", &[]));
}

fn echo(
    e: &mut Explanation,
    row: &Row,
    request: bool,
    (id, seq, len): (u16, u16, u16),
    lang: Lang,
) {
    let (title_id, what_id) = if request {
        ("ex-echo-request-title", "ex-echo-request")
    } else {
        ("ex-echo-reply-title", "ex-echo-reply")
    };
    e.title = lang.text(title_id, &[("frame", &row.frame.to_string())]);
    let (id, seq, len) = (id.to_string(), seq.to_string(), len.to_string());
    e.what
        .push(lang.text(what_id, &[("id", &id), ("seq", &seq), ("bytes", &len)]));
    e.numbers.push(lang.text("ex-echo-numbers", &[]));
}

fn icmp_error(e: &mut Explanation, row: &Row, icmp_type: u8, code: u8, lang: Lang) {
    e.title = lang.text("ex-icmp-error-title", &[("frame", &row.frame.to_string())]);
    let (icmp_type, code) = (icmp_type.to_string(), code.to_string());
    e.what
        .push(lang.text("ex-icmp-error", &[("type", &icmp_type), ("code", &code)]));
}

/// What the ports and addresses of the conversation are, and for TCP its round-trip times
/// and the findings counted so far.
fn conversation_notes(e: &mut Explanation, conv: &ConvSummary, lang: Lang) {
    if let Some(t) = &conv.tcp_totals {
        let rtt = rtt_totals(lang, t.irtt, &t.stats.ack_rtt);
        e.notes
            .push(lang.text("ex-conversation-rtt", &[("rtt", &rtt)]));
        let mut findings = Vec::new();
        findings_totals(lang, &t.stats.counts, &mut findings);
        let findings = String::from_utf8_lossy(&findings);
        e.notes
            .push(lang.text("ex-conversation-findings", &[("findings", &findings)]));
    }
    if let Some(t) = port::Transport::of(conv.proto) {
        for (role, p) in [
            (Role::Server, conv.server.port),
            (Role::Client, conv.client.port),
        ] {
            let who = role_word(lang, role);
            let port = port::describe(p, t).explain(lang, false);
            e.notes
                .push(lang.text("ex-port", &[("who", who), ("port", &port)]));
            let name = port::registered_name(lang, p, t);
            e.notes
                .push(lang.text("ex-port-name", &[("who", who), ("name", &name)]));
        }
    }
    for (role, addr) in [
        (Role::Client, conv.client.addr),
        (Role::Server, conv.server.addr),
    ] {
        let info = address::describe(lang, addr);
        let fact = info
            .facts
            .first()
            .map(ToString::to_string)
            .unwrap_or_default();
        let (who, addr_text) = (role_word(lang, role), addr.to_string());
        e.notes.push(lang.text(
            "ex-address",
            &[("who", who), ("addr", &addr_text), ("fact", &fact)],
        ));
        if conv.client.addr == conv.server.addr {
            break;
        }
    }
}

/// Words for a segment that is no named step: data, a bare ACK, a window update.
fn segment_words(t: &TcpRow, (from, to): (&str, &str), lang: Lang) -> String {
    let f = t.flags;
    let sides = [("from", from), ("to", to)];
    if f.has(TcpFlags::RST) {
        return lang.text("ex-rst", &sides);
    }
    if t.payload_len > 0 {
        let last = t.seq.wrapping_add(t.payload_len).wrapping_sub(1);
        let (bytes, first, last) = (
            t.payload_len.to_string(),
            t.seq.to_string(),
            last.to_string(),
        );
        let next = t.next_seq.to_string();
        let mut s = lang.text(
            "ex-data",
            &[
                ("from", from),
                ("to", to),
                ("bytes", &bytes),
                ("first", &first),
                ("last", &last),
                ("next", &next),
            ],
        );
        // The sentences that follow are written after the ones before (`$before`): with a
        // space between them in English, none in Chinese.
        if f.has(TcpFlags::PSH) {
            s = lang.text("ex-data-psh", &[("before", &s)]);
        }
        if f.has(TcpFlags::ACK) {
            let ack = t.ack.to_string();
            s = lang.text("ex-data-ack", &[("before", &s), ("to", to), ("ack", &ack)]);
        }
        return s;
    }
    if f.has(TcpFlags::ACK) {
        let (ack, seq) = (t.ack.to_string(), t.seq.to_string());
        return lang.text(
            "ex-bare-ack",
            &[("from", from), ("to", to), ("ack", &ack), ("seq", &seq)],
        );
    }
    lang.text("ex-flags-only", &[("flags", &f.to_string())])
}

fn numbers(
    out: &mut Vec<String>,
    t: &TcpRow,
    (raw, scale): (Option<RawNumbers>, WindowScale),
    (from, to): (&str, &str),
    lang: Lang,
) {
    let syn = t.flags.has(TcpFlags::SYN);
    let fin = t.flags.has(TcpFlags::FIN);
    let (seq, ack) = (t.seq.to_string(), t.ack.to_string());
    match raw {
        Some(r) => {
            let (raw_seq, raw_ack) = (r.seq.to_string(), r.ack.to_string());
            let base = r.seq.wrapping_sub(t.seq).to_string();
            out.push(if syn {
                lang.text("ex-seq-isn", &[("raw", &raw_seq), ("from", from)])
            } else {
                let args = [
                    ("seq", seq.as_str()),
                    ("raw", &raw_seq),
                    ("from", from),
                    ("base", &base),
                ];
                lang.text("ex-seq", &args)
            });
            if t.flags.has(TcpFlags::ACK) {
                let peer_base = r.ack.wrapping_sub(t.ack).to_string();
                let args = [
                    ("ack", ack.as_str()),
                    ("raw", &raw_ack),
                    ("from", from),
                    ("to", to),
                    ("base", &peer_base),
                ];
                let id = if syn { "ex-ack-of-syn" } else { "ex-ack" };
                out.push(lang.text(id, &args));
            } else {
                out.push(lang.text("ex-no-ack", &[("raw", &raw_ack)]));
            }
        }
        None => out.push(lang.text("ex-seq-ack-relative", &[("seq", &seq), ("ack", &ack)])),
    }
    let (data, next) = (t.payload_len.to_string(), t.next_seq.to_string());
    let (syn, fin) = (u8::from(syn).to_string(), u8::from(fin).to_string());
    out.push(lang.text(
        "ex-next-seq",
        &[
            ("seq", &seq),
            ("data", &data),
            ("syn", &syn),
            ("fin", &fin),
            ("next", &next),
        ],
    ));
    if let Some(r) = raw {
        let words = window_words(lang, r.window, scale);
        out.push(lang.text("ex-window", &[("words", &words)]));
    }
}
