//! A TCP conversation's time-sequence graph (Stevens' and tcptrace's): for the data one side
//! sent, relative sequence number against time, each data segment a vertical bar from its
//! first byte to its end, the other side's acknowledgements as a step line, the receive
//! window it advertised (ack + window, in bytes as scaled) as a dashed step line above it,
//! retransmissions marked R, SACK blocks as thick bars beside the ACK that carried them, zero
//! windows marked Z. Numbers are the tracker's relative ones; the window and the SACK edges
//! are read again from the kept frame, as the panel reads them.

use std::fmt::Write as _;

use super::escape::text as esc;
use super::ladder_svg::Conv;
use crate::annotate::lang::Lang;
use crate::annotate::words::role_word;
use crate::decode::{TcpFlags, TcpOption, decode};
use crate::track::{Analysis, Dir};
use crate::tui::model::Row;

const WIDTH: f64 = 1000.0;
const HEIGHT: f64 = 440.0;
const LEFT: f64 = 90.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 44.0;
const BOTTOM: f64 = 56.0;

/// A data segment: when, its relative first byte and end, and whether it was sent again.
struct Segment {
    frame: u64,
    t: f64,
    seq: f64,
    end: f64,
    retransmitted: bool,
}

/// An acknowledgement of that data: when, up to where, the window's right edge, SACK blocks.
struct Ack {
    t: f64,
    ack: f64,
    window_edge: f64,
    zero: bool,
    sacks: Vec<(f64, f64)>,
}

/// The graphs of `c`, one per direction that carried data (none for UDP or ICMP).
pub fn graphs(c: &Conv<'_>) -> Vec<String> {
    [Dir::C2S, Dir::S2C]
        .into_iter()
        .filter_map(|dir| graph(c, dir))
        .collect()
}

/// The segments `dir` sent and the other side's acknowledgements, in order.
fn points(c: &Conv<'_>, dir: Dir) -> (Vec<Segment>, Vec<Ack>) {
    let start = c.rows.first().map(|r| r.ts);
    let (mut segs, mut acks) = (Vec::new(), Vec::new());
    for row in c.rows {
        let Some(t) = row.tcp() else { continue };
        let at = seconds(row, start);
        if row.dir == dir && t.payload_len > 0 {
            segs.push(Segment {
                frame: row.frame,
                t: at,
                seq: f64::from(t.seq),
                end: f64::from(t.seq) + f64::from(t.payload_len),
                retransmitted: row.analysis().iter().any(|a| {
                    matches!(
                        a,
                        Analysis::Retransmission
                            | Analysis::FastRetransmission { .. }
                            | Analysis::SpuriousRetransmission
                    )
                }),
            });
        } else if row.dir != dir && t.flags.has(TcpFlags::ACK) {
            acks.push(ack_of(c, row, at, t.ack));
        }
    }
    (segs, acks)
}

/// Seconds from the conversation's first packet to `row`.
fn seconds(row: &Row, start: Option<crate::capture::Timestamp>) -> f64 {
    let d = row.ts.since(start.unwrap_or(row.ts));
    d.0 as f64 / 1e9
}

/// An acknowledgement with its window and SACK blocks, read from the frame.
fn ack_of(c: &Conv<'_>, row: &Row, t: f64, ack: u32) -> Ack {
    let bytes = c.frame(row);
    let packet = decode(row.link_type, bytes, row.len);
    let (mut window, mut sacks) = (None, Vec::new());
    if let (Some(tcp), Some(tr)) = (packet.tcp(), row.tcp()) {
        let scale = c.conv.window_scale(row.dir, tr.flags);
        window = Some(scale.apply(tcp.window));
        let base = tcp.ack.wrapping_sub(ack);
        for o in tcp.options() {
            if let TcpOption::Sack(blocks, n) = o {
                for (l, r) in blocks.iter().take(usize::from(n)) {
                    sacks.push((
                        f64::from(l.wrapping_sub(base)),
                        f64::from(r.wrapping_sub(base)),
                    ));
                }
            }
        }
    }
    let ack_f = f64::from(ack);
    Ack {
        t,
        ack: ack_f,
        window_edge: ack_f + window.unwrap_or(0) as f64,
        zero: window == Some(0),
        sacks,
    }
}

/// A round step for an axis going up to `max`: 1, 2 or 5 times a power of ten, about five
/// steps in all.
fn step(max: f64) -> f64 {
    let raw = (max / 5.0).max(f64::MIN_POSITIVE);
    let power = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power)
}

/// A tick's number, without trailing zeros.
fn number(v: f64) -> String {
    let s = format!("{v:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Maps data coordinates to the drawing's.
struct Scale {
    tmax: f64,
    ymax: f64,
}

impl Scale {
    fn x(&self, t: f64) -> f64 {
        LEFT + t / self.tmax * (WIDTH - LEFT - RIGHT)
    }
    fn y(&self, seq: f64) -> f64 {
        HEIGHT - BOTTOM - seq.min(self.ymax) / self.ymax * (HEIGHT - TOP - BOTTOM)
    }
}

/// The graph of the data `dir` sent, if it sent any.
fn graph(c: &Conv<'_>, dir: Dir) -> Option<String> {
    let (segs, acks) = points(c, dir);
    if segs.is_empty() {
        return None;
    }
    let tmax = c
        .rows
        .last()
        .map_or(0.0, |r| seconds(r, c.rows.first().map(|f| f.ts)));
    let data_top = segs.iter().map(|s| s.end).fold(1.0, f64::max);
    let base_top = acks.iter().map(|a| a.ack).fold(data_top, f64::max);
    let win_top = acks.iter().map(|a| a.window_edge).fold(base_top, f64::max);
    // A window far above the data would squash it to the floor: the line is cut at the top.
    let clipped = win_top > base_top * 2.0;
    let top = if clipped {
        base_top * 1.25
    } else {
        win_top * 1.05
    };
    let s = Scale {
        tmax: if tmax > 0.0 { tmax * 1.02 } else { 1e-3 },
        ymax: top.max(1.0),
    };
    // The attribute's value is the same in every language.
    let from = match dir {
        Dir::C2S => "client",
        Dir::S2C => "server",
    };
    let who = |r| role_word(c.lang, r);
    let title = c.lang.text(
        "report-tsg-title",
        &[
            ("from", who(dir.sender())),
            ("to", who(dir.sender().other())),
            ("id", &c.conv.id.to_string()),
        ],
    );
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"wl tsg\" data-dir=\"{from}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-label=\"{t}\">\n<title>{t}</title>\n<rect class=\"page\" x=\"0\" y=\"0\" width=\"{WIDTH}\" height=\"{HEIGHT}\"/>\n<text class=\"heading\" x=\"8\" y=\"18\">{t}</text>",
        t = esc(&title)
    );
    axes(&mut out, &s, c.lang);
    steps(&mut out, &s, &acks, |a| a.ack, "ackline");
    steps(&mut out, &s, &acks, |a| a.window_edge, "winline");
    for a in &acks {
        marks(&mut out, &s, a);
    }
    for seg in &segs {
        bar(&mut out, &s, seg);
    }
    legend(&mut out, clipped, c.lang);
    out.push_str("</svg>\n");
    Some(out)
}

/// The axes, their ticks and their labels with units.
fn axes(out: &mut String, s: &Scale, lang: Lang) {
    let (x0, y0) = (LEFT, HEIGHT - BOTTOM);
    let _ = writeln!(
        out,
        "<line class=\"axis\" x1=\"{x0}\" y1=\"{y0}\" x2=\"{}\" y2=\"{y0}\"/><line class=\"axis\" x1=\"{x0}\" y1=\"{TOP}\" x2=\"{x0}\" y2=\"{y0}\"/>",
        WIDTH - RIGHT
    );
    let ts = step(s.tmax);
    let mut t = 0.0;
    while t <= s.tmax + ts * 1e-9 {
        let x = s.x(t);
        let _ = writeln!(
            out,
            "<line class=\"tick\" x1=\"{x:.1}\" y1=\"{y0}\" x2=\"{x:.1}\" y2=\"{}\"/><text class=\"ticklabel\" x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            y0 + 5.0,
            y0 + 18.0,
            number(t)
        );
        t += ts;
    }
    let ys = step(s.ymax);
    let mut v = 0.0;
    while v <= s.ymax {
        let y = s.y(v);
        let _ = writeln!(
            out,
            "<line class=\"tick\" x1=\"{}\" y1=\"{y:.1}\" x2=\"{x0}\" y2=\"{y:.1}\"/><text class=\"ticklabel\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            x0 - 5.0,
            x0 - 8.0,
            y + 4.0,
            number(v)
        );
        v += ys;
    }
    let _ = writeln!(
        out,
        "<text class=\"axislabel\" x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
        (LEFT + WIDTH - RIGHT) / 2.0,
        HEIGHT - 16.0,
        esc(&lang.text("report-tsg-time", &[]))
    );
    let _ = writeln!(
        out,
        "<text class=\"axislabel\" x=\"16\" y=\"{:.1}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {:.1})\">{}</text>",
        (TOP + HEIGHT - BOTTOM) / 2.0,
        (TOP + HEIGHT - BOTTOM) / 2.0,
        esc(&lang.text("report-tsg-sequence", &[]))
    );
}

/// A step line through `value` of each acknowledgement, held until the next one and to the
/// graph's right edge.
fn steps(out: &mut String, s: &Scale, acks: &[Ack], value: impl Fn(&Ack) -> f64, class: &str) {
    if acks.is_empty() {
        return;
    }
    let mut points = String::new();
    for (i, a) in acks.iter().enumerate() {
        let y = s.y(value(a));
        if let Some(prev) = i.checked_sub(1).and_then(|p| acks.get(p)) {
            let _ = write!(points, "{:.1},{:.1} ", s.x(a.t), s.y(value(prev)));
        }
        let _ = write!(points, "{:.1},{y:.1} ", s.x(a.t));
    }
    if let Some(last) = acks.last() {
        let _ = write!(points, "{:.1},{:.1}", WIDTH - RIGHT, s.y(value(last)));
    }
    let _ = writeln!(out, "<polyline class=\"{class}\" points=\"{points}\"/>");
}

/// An acknowledgement's SACK blocks and its zero window, if any.
fn marks(out: &mut String, s: &Scale, a: &Ack) {
    let x = s.x(a.t) + 3.0;
    for (l, r) in &a.sacks {
        let _ = writeln!(
            out,
            "<line class=\"sack\" x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\"/>",
            s.y(*l),
            s.y(*r)
        );
    }
    if a.zero {
        let y = s.y(a.ack);
        let _ = writeln!(
            out,
            "<circle class=\"zero\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\"/><text class=\"zero\" x=\"{:.1}\" y=\"{:.1}\">Z</text>",
            x + 5.0,
            y - 5.0
        );
    }
}

/// A data segment's bar, with short ends as tcptrace draws them, and R when resent.
fn bar(out: &mut String, s: &Scale, seg: &Segment) {
    let x = s.x(seg.t);
    let (y1, y2) = (s.y(seg.seq), s.y(seg.end));
    let class = if seg.retransmitted {
        "seg retrans"
    } else {
        "seg"
    };
    let _ = write!(
        out,
        "<g class=\"{class}\" data-seg=\"{}\"><line x1=\"{x:.1}\" y1=\"{y1:.1}\" x2=\"{x:.1}\" y2=\"{y2:.1}\"/><line x1=\"{:.1}\" y1=\"{y1:.1}\" x2=\"{:.1}\" y2=\"{y1:.1}\"/><line x1=\"{:.1}\" y1=\"{y2:.1}\" x2=\"{:.1}\" y2=\"{y2:.1}\"/>",
        seg.frame,
        x - 3.0,
        x + 3.0,
        x - 3.0,
        x + 3.0
    );
    if seg.retransmitted {
        let _ = write!(
            out,
            "<text class=\"retrans\" x=\"{:.1}\" y=\"{:.1}\">R</text>",
            x + 4.0,
            y2 - 2.0
        );
    }
    out.push_str("</g>\n");
}

/// What each mark means.
fn legend(out: &mut String, clipped: bool, lang: Lang) {
    let mut text = lang.text("report-tsg-legend", &[]);
    if clipped {
        text = lang.text("report-tsg-legend-clipped", &[("legend", &text)]);
    }
    let _ = writeln!(
        out,
        "<text class=\"legend\" x=\"8\" y=\"34\">{}</text>",
        esc(&text)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_steps_are_round() {
        assert_eq!(step(15.0), 5.0);
        assert_eq!(step(1000.0), 200.0);
        assert_eq!(step(0.3), 0.1);
        assert_eq!(number(0.250_000), "0.25");
        assert_eq!(number(40.0), "40");
    }
}
