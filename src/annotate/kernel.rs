//! The words for the kernel's own states beside the inferred ones (`lab --kernel-states`):
//! the text view's column, the line under a packet where they differ and why, a call's
//! note, and the `kernel_state` JSON members. Messages from i18n/*/kernel.ftl.

use serde_json::{Value, json};

use super::lang::Lang;
use super::words::{StatesNamed, role_word};
use crate::lab::kernel::{Comparison, KernelReport, Kind, LinuxState};
use crate::render::KernelNote;
use crate::track::{Role, TcpState};

/// Width of one state in the column: the longest RFC name, SYN-RECEIVED.
const STATE_WIDTH: usize = 12;

/// The catalogue id of a kind's explanation.
fn why_id(kind: Kind) -> &'static str {
    match kind {
        Kind::Agree => "kernel-why-agree",
        Kind::BetweenPackets => "kernel-why-between-packets",
        Kind::NotOnWire => "kernel-why-not-on-wire",
        Kind::FarEnd => "kernel-why-far-end",
        Kind::Unexplained => "kernel-why-unexplained",
    }
}

/// Why the kernel's state and the inferred one differ, in one sentence.
pub fn why(lang: Lang, kind: Kind) -> String {
    lang.text(why_id(kind), &[])
}

/// The kernel's state as the column shows it: RFC 9293's name, or `-` for no sample.
fn column_state(c: Option<&Comparison>) -> &'static str {
    c.map_or("-", |c| c.kernel_rfc().name())
}

/// The column for a frame with no sample of its own (ARP, a datagram): blanks as wide.
pub fn blank_column(lang: Lang) -> String {
    let head = lang.text("kernel-column", &[]);
    // Display columns, not characters: the Chinese head takes two per character.
    " ".repeat(unicode_width::UnicodeWidthStr::width(head.as_str()) + 2 + 2 * STATE_WIDTH)
}

/// A frame's note: the kernel's client and server states, the differences, the JSON.
pub fn frame_note(lang: Lang, report: &KernelReport, frame: usize) -> KernelNote {
    let mine: Vec<&Comparison> = report
        .by_frame
        .get(frame)
        .map(|v| {
            v.iter()
                .filter_map(|&i| report.comparisons.get(i))
                .collect()
        })
        .unwrap_or_default();
    if mine.is_empty() {
        return KernelNote {
            column: blank_column(lang),
            ..KernelNote::default()
        };
    }
    let of = |role: Role| mine.iter().copied().find(|c| c.role == role);
    let column = format!(
        "{} {:<w$} {:<w$}",
        lang.text("kernel-column", &[]),
        column_state(of(Role::Client)),
        column_state(of(Role::Server)),
        w = STATE_WIDTH
    );
    let differences = mine
        .iter()
        .filter(|c| c.kind != Kind::Agree)
        .map(|c| difference(lang, c))
        .collect();
    let mut obj = serde_json::Map::new();
    for c in &mine {
        obj.insert(c.role.name().into(), comparison_json(lang, c));
    }
    KernelNote {
        column,
        differences,
        json: Value::Object(obj).to_string(),
        states: [Role::Client, Role::Server]
            .map(|r| of(r).map(|c| (c.kernel_rfc(), c.kind != Kind::Agree))),
    }
}

/// `kernel: server SYN-RECEIVED (TCP_SYN_RECV), inferred unknown: why`.
pub fn difference(lang: Lang, c: &Comparison) -> String {
    let mut named = StatesNamed::default();
    let side = role_word(lang, c.role);
    let kernel = named.name(lang, c.kernel_rfc());
    let inferred = named.name(lang, c.inferred);
    lang.text(
        "kernel-differs",
        &[
            ("side", side),
            ("kernel", kernel),
            ("linux", linux_word(lang, c.kernel).as_str()),
            ("inferred", inferred),
            ("why", &why(lang, c.kind)),
        ],
    )
}

/// The kernel's own name for a state, or "no socket".
fn linux_word(lang: Lang, s: Option<LinuxState>) -> String {
    match s {
        Some(s) => s.linux_name().to_owned(),
        None => lang.text("kernel-no-socket", &[]),
    }
}

/// One endpoint's comparison as JSON: `{"state","linux","inferred","kind","text"}`.
pub fn comparison_json(lang: Lang, c: &Comparison) -> Value {
    json!({
        "state": c.kernel_rfc().name(),
        "linux": c.kernel.map(LinuxState::linux_name),
        "inferred": c.inferred.name(),
        "kind": c.kind.name(),
        "text": (c.kind != Kind::Agree).then(|| why(lang, c.kind)),
    })
}

/// What a call's line adds: `[kernel: ESTABLISHED]`, and where it differs, the inferred
/// state and why.
pub fn call_suffix(lang: Lang, report: &KernelReport, placed: usize) -> Option<String> {
    let view = report.by_call.get(placed).copied().flatten()?;
    let state = view.kernel.map_or(TcpState::Closed, LinuxState::rfc).name();
    let state = match view.kernel {
        Some(s) => format!("{state} ({})", s.linux_name()),
        None => format!("{state}, {}", lang.text("kernel-no-socket", &[])),
    };
    let differs = view
        .comparison
        .and_then(|i| report.comparisons.get(i))
        .filter(|c| c.kind != Kind::Agree);
    Some(match differs {
        None => format!("  [{}]", lang.text("kernel-call", &[("state", &state)])),
        Some(c) => format!(
            "  [{}]",
            lang.text(
                "kernel-call-differs",
                &[
                    ("state", &state),
                    ("inferred", c.inferred.name()),
                    ("why", &why(lang, c.kind)),
                ],
            )
        ),
    })
}

/// A call's `kernel_state` member: its socket's state, and its endpoint's comparison.
pub fn call_json(lang: Lang, report: &KernelReport, placed: usize) -> Option<Value> {
    let view = report.by_call.get(placed).copied().flatten()?;
    let compared = view
        .comparison
        .and_then(|i| report.comparisons.get(i))
        .map(|c| comparison_json(lang, c));
    Some(json!({
        "state": view.kernel.map_or(TcpState::Closed, LinuxState::rfc).name(),
        "linux": view.kernel.map(LinuxState::linux_name),
        "compared": compared,
    }))
}
