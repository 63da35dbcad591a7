//! The explanation pane's words for one packet: what the step is and why, both ends' states
//! before → after, the sequence arithmetic (raw and relative), and notes on ports, addresses
//! and socket calls. The step words come from [`crate::annotate::words`], so the TUI says
//! what `wirelab read` says; the sentences for ordinary segments are here.

use crate::annotate::words::{
    AnalysisLabel, StepLabel, UdpLabel, findings_totals, rtt_totals, step_explanation, window_words,
};
use crate::annotate::{address, port};
use crate::decode::TcpFlags;
use crate::track::{Dir, UdpStep, WindowScale};

use super::model::{ConvSummary, Row, RowKind, TcpRow};

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

fn sides(dir: Dir) -> (&'static str, &'static str) {
    match dir {
        Dir::C2S => ("client", "server"),
        Dir::S2C => ("server", "client"),
    }
}

/// Explains `row` of `conv`; `raw` when the packet's bytes could be read again.
pub fn explain(conv: &ConvSummary, row: &Row, raw: Option<RawNumbers>) -> Explanation {
    let (from, _) = sides(row.dir);
    let mut e = Explanation {
        title: String::new(),
        what: Vec::new(),
        states: Vec::new(),
        numbers: Vec::new(),
        notes: Vec::new(),
    };
    match &row.kind {
        RowKind::Tcp(t) => tcp(&mut e, conv, row, t, raw),
        RowKind::Udp { step, payload_len } => udp(&mut e, row, *step, *payload_len),
        RowKind::IcmpEcho {
            request,
            id,
            seq,
            payload_len,
        } => echo(&mut e, row, *request, (*id, *seq), *payload_len),
        RowKind::IcmpError { icmp_type, code } => icmp_error(&mut e, row, *icmp_type, *code),
    }
    for call in row.calls() {
        e.notes.push(format!("socket call on the {from}: {call}"));
    }
    conversation_notes(&mut e, conv);
    e
}

/// A TCP segment: its step (or what it carries), both ends' states, the numbers.
fn tcp(e: &mut Explanation, conv: &ConvSummary, row: &Row, t: &TcpRow, raw: Option<RawNumbers>) {
    let (from, to) = sides(row.dir);
    let label = t.step.as_ref().map_or_else(
        || format!("{} from the {from}", t.flags),
        |s| StepLabel(s).to_string(),
    );
    e.title = format!("frame {} · {from} → {to} · {label}", row.frame);
    match &t.step {
        Some(s) => e
            .what
            .push(step_explanation(crate::annotate::lang::Lang::En, s).to_owned()),
        None => e.what.push(segment_words(t, from, to)),
    }
    for (i, who) in ["client", "server"].iter().enumerate() {
        let (mut b, mut a) = (t.before[i], t.after[i]);
        if i == 1 {
            // What the server's first answer proved it was (LISTEN or CLOSED).
            (b, a) = (conv.known_server(b), conv.known_server(a));
        }
        e.states.push(if b == a {
            format!("{who:<7} {b} (unchanged)")
        } else {
            format!("{who:<7} {b} → {a}")
        });
    }
    let scale = conv.window_scale(row.dir, t.flags);
    numbers(&mut e.numbers, t, raw, scale, (from, to));
    for a in row.analysis() {
        e.notes.push(AnalysisLabel(a).to_string());
    }
}

fn udp(e: &mut Explanation, row: &Row, step: UdpStep, payload_len: u16) {
    let (from, to) = sides(row.dir);
    e.title = format!(
        "frame {} · {from} → {to} · UDP, {payload_len} bytes",
        row.frame
    );
    e.what.push(match step {
        UdpStep::First => format!(
            "The {from} sends a datagram of {payload_len} bytes. {}: there is no connection to open first, no state on either side.",
            UdpLabel(step)
        ),
        _ => format!(
            "A datagram of {payload_len} bytes: {}. UDP keeps no state; the application matches answers to questions.",
            UdpLabel(step)
        ),
    });
    e.numbers.push(
        "UDP has no sequence or acknowledgement numbers: nothing orders, acknowledges or resends datagrams."
            .into(),
    );
}

fn echo(e: &mut Explanation, row: &Row, request: bool, (id, seq): (u16, u16), payload_len: u16) {
    let what = if request {
        "echo request"
    } else {
        "echo reply"
    };
    e.title = format!("frame {} · ICMP {what} (ping)", row.frame);
    e.what.push(format!(
        "{} with identifier {id} and sequence number {seq}, carrying {payload_len} bytes of data. {}",
        if request { "The client pings: an ICMP echo request" } else { "The server answers: an ICMP echo reply" },
        if request {
            "The host it is sent to answers with an echo reply with the same identifier, sequence number and data (RFC 792)."
        } else {
            "It copies the request's identifier, sequence number and data, so the pinger can match it to its request and time the round trip (RFC 792)."
        }
    ));
    e.numbers.push(
        "ICMP has no connection: the identifier (one per ping process) groups the requests and replies into this conversation, as Zeek groups them; the sequence number counts the pings."
            .into(),
    );
}

fn icmp_error(e: &mut Explanation, row: &Row, icmp_type: u8, code: u8) {
    e.title = format!("frame {} · ICMP error about this conversation", row.frame);
    e.what.push(format!(
        "An ICMP error (type {icmp_type}, code {code}) quoting one of this conversation's packets: a router or the peer's host could not deliver it."
    ));
}

/// What the ports and addresses of the conversation are, and for TCP its round-trip times
/// and the findings counted so far.
fn conversation_notes(e: &mut Explanation, conv: &ConvSummary) {
    if let Some(t) = &conv.tcp_totals {
        e.notes.push(format!(
            "conversation: {}",
            rtt_totals(t.irtt, &t.stats.ack_rtt)
        ));
        let mut findings = Vec::new();
        findings_totals(
            crate::annotate::lang::Lang::En,
            &t.stats.counts,
            &mut findings,
        );
        e.notes.push(format!(
            "conversation findings: {}",
            String::from_utf8_lossy(&findings)
        ));
    }
    if let Some(t) = port::Transport::of(conv.proto) {
        for (who, p) in [("server", conv.server.port), ("client", conv.client.port)] {
            e.notes
                .push(format!("{who} port {:#}", port::describe(p, t)));
            e.notes
                .push(format!("{who} {}", port::registered_name(p, t)));
        }
    }
    for (who, addr) in [("client", conv.client.addr), ("server", conv.server.addr)] {
        let info = address::describe(addr);
        let fact = info
            .facts
            .first()
            .map(ToString::to_string)
            .unwrap_or_default();
        e.notes.push(format!("{who} address {addr}: {fact}"));
        if conv.client.addr == conv.server.addr {
            break;
        }
    }
}

/// Words for a segment that is no named step: data, a bare ACK, a window update.
fn segment_words(t: &TcpRow, from: &str, to: &str) -> String {
    let f = t.flags;
    if f.has(TcpFlags::RST) {
        return format!(
            "The {from} resets the connection (RST): the {to} drops it at once, without the FIN exchange."
        );
    }
    if t.payload_len > 0 {
        let last = t.seq.wrapping_add(t.payload_len).wrapping_sub(1);
        let mut s = format!(
            "The {from} sends {} bytes of data (relative bytes {}–{last}). The {to} will acknowledge {} — the next byte it then expects.",
            t.payload_len, t.seq, t.next_seq
        );
        if f.has(TcpFlags::PSH) {
            s.push_str(" PSH asks the receiver to hand the data to the application now.");
        }
        if f.has(TcpFlags::ACK) {
            s.push_str(&format!(
                " The ACK flag also confirms the {to}'s bytes before {}.",
                t.ack
            ));
        }
        return s;
    }
    if f.has(TcpFlags::ACK) {
        return format!(
            "A bare acknowledgement: the {from} has received every byte the {to} sent before relative byte {} and expects that one next. It carries no data, so it uses up no sequence number (seq stays {}).",
            t.ack, t.seq
        );
    }
    format!("A segment with flags {f} and no data.")
}

fn numbers(
    out: &mut Vec<String>,
    t: &TcpRow,
    raw: Option<RawNumbers>,
    scale: WindowScale,
    (from, to): (&str, &str),
) {
    let syn = t.flags.has(TcpFlags::SYN);
    let fin = t.flags.has(TcpFlags::FIN);
    match raw {
        Some(r) => {
            let base = r.seq.wrapping_sub(t.seq);
            if syn {
                out.push(format!(
                    "seq {} = the {from}'s ISN, chosen at random; relative numbers count from it, so this is seq 0",
                    r.seq
                ));
            } else {
                out.push(format!(
                    "seq {} (relative) = raw {} − the {from}'s base {base}",
                    t.seq, r.seq
                ));
            }
            if t.flags.has(TcpFlags::ACK) {
                let peer_base = r.ack.wrapping_sub(t.ack);
                if syn {
                    out.push(format!(
                        "ack {} (relative) = raw {} = the {to}'s ISN {peer_base} + 1: its SYN used up one number",
                        t.ack, r.ack
                    ));
                } else {
                    out.push(format!(
                        "ack {} (relative) = raw {} − the {to}'s base {peer_base}: the next byte the {from} expects",
                        t.ack, r.ack
                    ));
                }
            } else {
                out.push(format!(
                    "no ACK flag: the acknowledgement field (raw {}) means nothing",
                    r.ack
                ));
            }
        }
        None => out.push(format!("seq {} ack {} (relative)", t.seq, t.ack)),
    }
    out.push(format!(
        "next seq = seq {} + data {} + SYN {} + FIN {} = {}",
        t.seq,
        t.payload_len,
        u8::from(syn),
        u8::from(fin),
        t.next_seq
    ));
    if let Some(r) = raw {
        out.push(format!("window {}", window_words(r.window, scale)));
    }
}
