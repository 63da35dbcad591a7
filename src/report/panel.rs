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
use crate::annotate::text::Encoding;
use crate::decode::{TcpFlags, decode};
use crate::tui::explain::{RawNumbers, explain};
use crate::tui::model::Row;

/// `{"frame number": {title, what, states, numbers, notes, fields, bytes}}` for every drawn
/// row.
pub fn frames(convs: &[Conv<'_>]) -> Value {
    let mut map = serde_json::Map::new();
    for c in convs {
        for row in c.rows {
            map.insert(row.frame.to_string(), frame(c, row));
        }
    }
    Value::Object(map)
}

/// One frame's panel.
fn frame(c: &Conv<'_>, row: &Row) -> Value {
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
    let e = explain(c.conv, row, raw);
    let tree: Vec<String> = fields(&packet, bytes.len(), row.len, tracked, Encoding::Utf8)
        .into_iter()
        .map(|f| format!("{}{}", "  ".repeat(usize::from(f.depth)), f.text))
        .collect();
    json!({
        "title": e.title,
        "what": e.what,
        "states": e.states,
        "numbers": e.numbers,
        "notes": e.notes,
        "fields": tree,
        "bytes": hex(bytes),
    })
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
    fn the_bytes_are_one_hex_string() {
        assert_eq!(hex(&[0x3c, 0x00, 0xff]), "3c00ff");
        assert_eq!(hex(&[]), "");
    }
}
