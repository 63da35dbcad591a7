//! A conversation's ladder as SVG: client on the left, server on the right, time down, one
//! arrow per packet (a `<g data-frame="N">` holding its line, head, label and notes), both
//! ends' states beside it, the step's name and findings under it. The words are the text
//! ladder's (annotate/); only the layout is here.

use std::fmt::Write as _;

use super::escape::text as esc;
use crate::annotate::lang::Lang;
use crate::annotate::text::{self as payload_text, Encoding};
use crate::annotate::verdict;
use crate::annotate::words::{AnalysisShort, EndpointLabel, UdpLabel, step_label};
use crate::decode::{FrameOffsets, decode};
use crate::track::{Analysis, Dir, TcpState};
use crate::tui::model::{ConvSummary, Row, RowKind};

/// One conversation to draw, with the store its rows' bytes are in.
pub struct Conv<'a> {
    pub conv: &'a ConvSummary,
    pub rows: &'a [Row],
    pub skipped: u64,
    pub bytes: &'a [u8],
    /// The language of the drawing's words.
    pub lang: Lang,
}

impl Conv<'_> {
    /// The captured bytes of `row`.
    pub fn frame(&self, row: &Row) -> &[u8] {
        let start = usize::try_from(row.at).unwrap_or(usize::MAX);
        let end = start.saturating_add(row.caplen as usize);
        self.bytes.get(start..end).unwrap_or(&[])
    }
}

/// The drawing's width, and where the two sides' vertical lines stand.
pub const WIDTH: u32 = 1000;
const X_CLIENT: u32 = 300;
const X_SERVER: u32 = 700;
/// Heading, column names and the first states, above the first arrow.
const TOP: u32 = 84;
/// An arrow's row, and each line of text under it.
const ROW: u32 = 30;
const LINE: u32 = 14;
/// How far an arrow falls between its sender and its receiver (time goes down).
const FALL: u32 = 12;
/// Characters of a socket call's line beside its side's axis (the 300 pixels left of the
/// client's, at about 7.2 pixels a character); longer calls go on more lines.
const CALL_WIDTH: usize = 38;

/// The style of the drawings, inline in the SVG document and in the page.
pub const STYLE: &str = include_str!("ladder.css");

/// "conversation 1 (tcp): client 127.0.0.1:43250 ⇄ server 127.0.0.1:8001"
pub fn heading(c: &ConvSummary, lang: Lang) -> String {
    lang.text(
        "report-heading",
        &[
            ("id", &c.id.to_string()),
            ("proto", c.proto.name()),
            ("client", &EndpointLabel(c.proto, &c.client).to_string()),
            ("server", &EndpointLabel(c.proto, &c.server).to_string()),
        ],
    )
}

/// "SF ShADadFf: handshake complete, teardown both sides closed", under the ladder.
pub fn outcome(c: &ConvSummary, lang: Lang) -> String {
    lang.text(
        "report-outcome",
        &[
            ("state", &c.conn_state().to_string()),
            ("history", c.history()),
            ("handshake", verdict::handshake(c.handshake_verdict())),
            ("teardown", verdict::teardown(c.teardown_verdict())),
        ],
    )
}

/// The standalone SVG document: every conversation's ladder, one below the other.
pub fn document(convs: &[Conv<'_>], lang: Lang) -> String {
    let mut body = String::new();
    let mut y = 0;
    for c in convs {
        let _ = writeln!(body, "<g transform=\"translate(0,{y})\">");
        y += ladder(&mut body, c) + 24;
        body.push_str("</g>\n");
    }
    let height = y.max(40);
    let mut out = String::with_capacity(body.len() + STYLE.len() + 400);
    let _ = writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"wl ladder\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\">"
    );
    let _ = writeln!(out, "<title>wirelab ladder</title>\n<style>{STYLE}</style>");
    let _ = writeln!(
        out,
        "<rect class=\"page\" x=\"0\" y=\"0\" width=\"{WIDTH}\" height=\"{height}\"/>"
    );
    out.push_str(&body);
    if convs.is_empty() {
        let _ = writeln!(
            out,
            "<text x=\"10\" y=\"24\">{}</text>",
            esc(&lang.text("report-none", &[]))
        );
    }
    out.push_str("</svg>\n");
    out
}

/// One conversation's ladder as an `<svg>` element of its own (for the page).
pub fn element(c: &Conv<'_>) -> String {
    let mut body = String::new();
    let height = ladder(&mut body, c);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"wl ladder\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-label=\"{}\">\n{body}</svg>\n",
        esc(&heading(c.conv, c.lang))
    )
}

/// Draws `c` into `out` from y = 0 and returns its height.
fn ladder(out: &mut String, c: &Conv<'_>) -> u32 {
    let (conv, lang) = (c.conv, c.lang);
    let _ = writeln!(
        out,
        "<text class=\"heading\" x=\"8\" y=\"18\">{}</text>",
        esc(&heading(conv, lang))
    );
    let col = |id: &str| esc(&lang.text(id, &[])).into_owned();
    let _ = writeln!(
        out,
        "<text class=\"col\" x=\"8\" y=\"44\">{}</text><text class=\"col\" x=\"60\" y=\"44\">{}</text><text class=\"col\" x=\"{X_CLIENT}\" y=\"44\" text-anchor=\"middle\">{}</text><text class=\"col\" x=\"{X_SERVER}\" y=\"44\" text-anchor=\"middle\">{}</text>",
        col("report-col-frame"),
        col("report-col-delta"),
        col("role-client"),
        col("role-server"),
    );
    if let Some(first) = c.rows.first().and_then(Row::tcp) {
        let [cs, ss] = first.before;
        state_text(out, 62, Dir::C2S, cs, false);
        state_text(out, 62, Dir::S2C, conv.known_server(ss), false);
    }
    let mut y = TOP;
    let mut last = None;
    for row in c.rows {
        y += arrow(out, c, row, y, last);
        last = Some(row.ts);
    }
    if c.skipped > 0 {
        let _ = writeln!(
            out,
            "<text class=\"note\" x=\"8\" y=\"{}\">{}</text>",
            y + 4,
            esc(&lang.text("report-more", &[("count", &c.skipped.to_string())]))
        );
        y += LINE;
    }
    let _ = writeln!(
        out,
        "<text class=\"outcome\" x=\"8\" y=\"{}\">{}</text>",
        y + 14,
        esc(&outcome(conv, lang))
    );
    let bottom = y + 24;
    for x in [X_CLIENT, X_SERVER] {
        let _ = writeln!(
            out,
            "<line class=\"axis\" x1=\"{x}\" y1=\"50\" x2=\"{x}\" y2=\"{}\"/>",
            y - 4
        );
    }
    bottom
}

/// A state beside its side's line: the client's to the left, the server's to the right;
/// bold when the packet changed it.
fn state_text(out: &mut String, y: u32, side: Dir, state: TcpState, changed: bool) {
    let (x, anchor, who) = match side {
        Dir::C2S => (X_CLIENT - 8, "end", "client"),
        Dir::S2C => (X_SERVER + 8, "start", "server"),
    };
    let class = if changed { " changed" } else { "" };
    let _ = writeln!(
        out,
        "<text class=\"st {who}{class}\" x=\"{x}\" y=\"{y}\" text-anchor=\"{anchor}\">{}</text>",
        state.name()
    );
}

/// The lines under an arrow: the step's name, then each finding (`true`).
fn notes(row: &Row, lang: Lang) -> Vec<(String, bool)> {
    let mut notes = Vec::new();
    match &row.kind {
        RowKind::Tcp(t) => {
            if let Some(step) = &t.step {
                notes.push((step_label(lang, step), false));
            }
        }
        RowKind::Udp { step, .. } => notes.push((UdpLabel(*step).to_string(), false)),
        _ => {}
    }
    for a in row.analysis() {
        notes.push((AnalysisShort(a).to_string(), finding(a)));
    }
    notes
}

/// Whether an analysis is a finding a reader should see marked (a retransmission, a lost
/// segment) rather than a plain fact (a window update).
pub fn finding(a: &Analysis) -> bool {
    !matches!(
        a,
        Analysis::WindowUpdate | Analysis::KeepAliveAck | Analysis::AckedUnseen
    )
}

/// The first bytes the packet carried, quoted, as the text ladder previews them.
fn preview(c: &Conv<'_>, row: &Row) -> String {
    let data = c.frame(row);
    let packet = decode(row.link_type, data, row.len);
    FrameOffsets::of(&packet, data.len())
        .payload
        .and_then(|r| data.get(r))
        .map_or_else(String::new, |p| {
            payload_text::preview(p, Encoding::Utf8, 48)
        })
}

/// The lab's calls that caused the packet, wrapped: they are its sender's, named in the
/// page's language.
fn call_lines(c: &Conv<'_>, row: &Row) -> Vec<String> {
    let side = crate::annotate::words::role_word(c.lang, row.dir.sender());
    row.calls()
        .iter()
        .flat_map(|call| crate::render::ladder::wrap(&format!("{side}: {call}"), CALL_WIDTH))
        .collect()
}

/// One packet's arrow at `y`; returns the height it took.
fn arrow(
    out: &mut String,
    c: &Conv<'_>,
    row: &Row,
    y: u32,
    last: Option<crate::capture::Timestamp>,
) -> u32 {
    let notes = notes(row, c.lang);
    let text = preview(c, row);
    let calls = call_lines(c, row);
    let lines = (notes.len() + calls.len()) as u32 + u32::from(!text.is_empty());
    let height = ROW + lines * LINE;
    let marked = notes.iter().any(|(_, f)| *f);
    let label = row.arrow_label(c.lang);
    let (x1, x2) = match row.dir {
        Dir::C2S => (X_CLIENT, X_SERVER),
        Dir::S2C => (X_SERVER, X_CLIENT),
    };
    let delta = row.ts.since(last.unwrap_or(row.ts));
    let _ = writeln!(
        out,
        "<g class=\"arrow{}\" data-frame=\"{}\" tabindex=\"0\" role=\"button\" aria-label=\"{}\">",
        if marked { " finding" } else { "" },
        row.frame,
        esc(&c.lang.text(
            "report-arrow",
            &[("frame", &row.frame.to_string()), ("label", &label)]
        ))
    );
    let _ = writeln!(
        out,
        "<rect class=\"hit\" x=\"0\" y=\"{}\" width=\"{WIDTH}\" height=\"{height}\"/>",
        y - 12
    );
    let _ = writeln!(
        out,
        "<text class=\"num\" x=\"8\" y=\"{y}\">{}</text><text class=\"dt\" x=\"60\" y=\"{y}\">+{delta}</text>",
        row.frame
    );
    let (y2, mid) = (y + FALL, (X_CLIENT + X_SERVER) / 2);
    let _ = writeln!(
        out,
        "<line x1=\"{x1}\" y1=\"{y}\" x2=\"{x2}\" y2=\"{y2}\"/>{}",
        head(x1, x2, y2)
    );
    let _ = writeln!(
        out,
        "<text class=\"label\" x=\"{mid}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
        y - 2,
        esc(&label)
    );
    if let Some(t) = row.tcp() {
        let [cb, sb] = [t.before[0], c.conv.known_server(t.before[1])];
        let [ca, sa] = [t.after[0], c.conv.known_server(t.after[1])];
        state_text(out, y2, Dir::C2S, ca, ca != cb);
        state_text(out, y2, Dir::S2C, sa, sa != sb);
    }
    let mut ny = y2 + LINE;
    if !text.is_empty() {
        let _ = writeln!(
            out,
            "<text class=\"data\" x=\"{mid}\" y=\"{ny}\" text-anchor=\"middle\">{}</text>",
            esc(&text)
        );
        ny += LINE;
    }
    for (note, marked) in &notes {
        let (class, mark) = if *marked {
            ("note finding", "⚠ ")
        } else {
            ("note", "")
        };
        let _ = writeln!(
            out,
            "<text class=\"{class}\" x=\"{mid}\" y=\"{ny}\" text-anchor=\"middle\">{mark}{}</text>",
            esc(note)
        );
        ny += LINE;
    }
    // The socket calls that put the packet on the wire, on the side that made them.
    let (x, anchor) = match row.dir {
        Dir::C2S => (X_CLIENT - 8, "end"),
        Dir::S2C => (X_SERVER + 8, "start"),
    };
    for call in &calls {
        let _ = writeln!(
            out,
            "<text class=\"call\" x=\"{x}\" y=\"{ny}\" text-anchor=\"{anchor}\">{}</text>",
            esc(call)
        );
        ny += LINE;
    }
    out.push_str("</g>\n");
    height
}

/// The arrow's head at (`x2`, `y2`), pointing away from `x1`.
fn head(x1: u32, x2: u32, y2: u32) -> String {
    let back = if x2 > x1 { x2 - 9 } else { x2 + 9 };
    format!(
        "<polygon class=\"head\" points=\"{x2},{y2} {back},{} {back},{}\"/>",
        y2 - 4,
        y2 + 3
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_arrow_head_points_at_its_receiver() {
        assert_eq!(
            head(300, 700, 50),
            "<polygon class=\"head\" points=\"700,50 691,46 691,53\"/>"
        );
        assert_eq!(
            head(700, 300, 50),
            "<polygon class=\"head\" points=\"300,50 309,46 309,53\"/>"
        );
    }
}
