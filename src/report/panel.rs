//! What the page's panel shows for an arrow clicked: the TUI's explanation of the packet
//! (`tui::explain`: what and why, states before → after, the seq/ack arithmetic, notes), its
//! field tree (`annotate::fields`, as the TUI's packet pane) and its bytes, per frame, as
//! the JSON the page embeds. The bytes go as one hex string (two characters a byte) that the
//! page's script lays out as the TUI's hex pane does (offset, 16 bytes, their ASCII): the
//! laid-out dump is twice as long, and on a big capture the frames are most of the page.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::ladder_svg::Conv;
use crate::annotate::fields::{Tracked, fields};
use crate::annotate::lang::Lang;
use crate::annotate::layers::{Known, nesting, row_line, rows};
use crate::annotate::text::Encoding;
use crate::decode::{TcpFlags, decode};
use crate::tui::explain::{RawNumbers, explain};
use crate::tui::model::Row;

/// `{"frames": {"N": {conv, title, what, states, numbers, notes, layers, fields, bytes}},
/// "conversations": {"ID": [notes]}, "labels": {states, numbers, notes, fields, bytes, layers}}` for
/// every drawn row; `labels` are the panel's headings in the page's language. The explanation ends with notes on
/// the whole conversation (its round trips, findings, ports, addresses), the same for each of
/// its packets: they are written once per conversation, and the script shows them after the
/// packet's own.
pub fn frames(convs: &[Conv<'_>], lang: Lang) -> Value {
    let mut frames = serde_json::Map::new();
    let mut shared = serde_json::Map::new();
    for c in convs {
        let mut explained: Vec<(&Row, Value, Vec<String>)> =
            c.rows.iter().map(|row| frame(c, row)).collect();
        let common = common_suffix(explained.iter().map(|(_, _, n)| n.as_slice()));
        let suffix = explained
            .first()
            .map(|(_, _, n)| n[n.len() - common..].to_vec())
            .unwrap_or_default();
        for (row, mut v, mut notes) in explained.drain(..) {
            notes.truncate(notes.len() - common);
            v["notes"] = json!(notes);
            v["conv"] = json!(c.conv.id);
            frames.insert(row.frame.to_string(), v);
        }
        shared.insert(c.conv.id.to_string(), json!(suffix));
    }
    let label = |id: &str| lang.text(id, &[]);
    let labels = json!({
        "states": label("report-panel-states"),
        "numbers": label("report-panel-numbers"),
        "notes": label("report-panel-notes"),
        "fields": label("report-panel-fields"),
        "bytes": label("report-panel-bytes"),
        "layers": label("layers-pane-title"),
    });
    json!({ "frames": frames, "conversations": shared, "labels": labels })
}

/// How many notes at the end every list has in common.
fn common_suffix<'a>(mut lists: impl Iterator<Item = &'a [String]>) -> usize {
    let Some(first) = lists.next() else { return 0 };
    let mut n = first.len();
    for l in lists {
        n = first
            .iter()
            .rev()
            .zip(l.iter().rev())
            .take(n)
            .take_while(|(a, b)| a == b)
            .count();
    }
    n
}

/// One frame's panel, and its notes (kept apart, to be shared).
fn frame<'r>(c: &Conv<'_>, row: &'r Row) -> (&'r Row, Value, Vec<String>) {
    let bytes = c.frame(row);
    let packet = decode(row.link_type, bytes, row.len);
    let raw = packet.tcp().map(|t| RawNumbers {
        seq: t.seq,
        ack: t.ack,
        window: t.window,
    });
    let tracked = match row.tcp() {
        Some(t) => Tracked {
            window_scale: Some(c.conv.window_scale(row.dir, t.flags)),
            ack_base: raw
                .filter(|_| t.flags.has(TcpFlags::ACK))
                .map(|r| r.ack.wrapping_sub(t.ack)),
        },
        None => Tracked::default(),
    };
    let e = explain(c.conv, row, raw, c.lang);
    let tree: Vec<String> = fields(&packet, bytes.len(), row.len, tracked, Encoding::Utf8)
        .into_iter()
        .map(|f| format!("{}{}", "  ".repeat(usize::from(f.depth)), f.text))
        .collect();
    let known = Known {
        sender: Some(Known::role(row.dir)),
        tcp: row.tcp().map(|t| (t.seq, t.ack)),
    };
    let layers = rows(c.lang, &packet, bytes.len(), known);
    let spans: Vec<_> = layers.iter().map(|l| l.span).collect();
    let mut layer_lines: Vec<String> = layers.iter().map(row_line).collect();
    layer_lines.push(nesting(c.lang, &spans));
    // A loopback packet (or the lab's): the sender's out layers and the receiver's in layers.
    if let Some(s) = crate::tui::layers::sides_of(c.lang, row, &packet, bytes.len()) {
        layer_lines.extend(crate::render::sides::lines(c.lang, &s));
    }
    let v = json!({
        "title": e.title,
        "layers": layer_lines,
        "what": e.what,
        "states": e.states,
        "numbers": e.numbers,
        "fields": tree,
        "bytes": hex(bytes),
    });
    (row, v, e.notes)
}

/// The bytes as one lower-case hex string.
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_every_packet_shares_are_counted_from_the_end() {
        let l = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let (a, b, c) = (l(&["x", "p", "q"]), l(&["y", "z", "p", "q"]), l(&["q"]));
        assert_eq!(common_suffix([a.as_slice(), b.as_slice()].into_iter()), 2);
        assert_eq!(
            common_suffix([a.as_slice(), b.as_slice(), c.as_slice()].into_iter()),
            1
        );
        assert_eq!(common_suffix([a.as_slice()].into_iter()), 3);
        assert_eq!(common_suffix(std::iter::empty()), 0);
    }

    #[test]
    fn the_bytes_are_one_hex_string() {
        assert_eq!(hex(&[0x3c, 0x00, 0xff]), "3c00ff");
        assert_eq!(hex(&[]), "");
    }
}
