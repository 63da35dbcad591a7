//! What the page's panel shows for an arrow clicked: the TUI's explanation of the packet
//! (`tui::explain`: what and why, states before → after, the seq/ack arithmetic, notes), its
//! field tree (`annotate::fields`, as the TUI's packet pane) and its hex dump, per frame, as
//! the JSON the page embeds.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::ladder_svg::Conv;
use crate::annotate::fields::{Tracked, fields};
use crate::annotate::text::Encoding;
use crate::decode::{TcpFlags, decode};
use crate::tui::explain::{RawNumbers, explain};
use crate::tui::model::Row;

/// Bytes per line of the hex dump, as the TUI's pane shows them when it is wide.
const PER_LINE: usize = 16;

/// `{"frame number": {title, what, states, numbers, notes, fields, hex}}` for every drawn row.
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
        "hex": hex(bytes),
    })
}

/// The frame's bytes as the TUI's hex pane shows them: offset, bytes, and the ASCII
/// characters (`.` for the others).
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 + 16);
    for (n, chunk) in bytes.chunks(PER_LINE).enumerate() {
        let _ = write!(out, "{:04x}  ", n * PER_LINE);
        for b in chunk {
            let _ = write!(out, "{b:02x} ");
        }
        out.push_str(&" ".repeat((PER_LINE - chunk.len()) * 3 + 1));
        out.extend(chunk.iter().map(|&b| {
            if b.is_ascii_graphic() || b == b' ' {
                char::from(b)
            } else {
                '.'
            }
        }));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hex_dump_has_offsets_bytes_and_characters() {
        let bytes: Vec<u8> = (0x3c..0x3c + 18).collect();
        assert_eq!(
            hex(&bytes),
            "0000  3c 3d 3e 3f 40 41 42 43 44 45 46 47 48 49 4a 4b  <=>?@ABCDEFGHIJK\n\
             0010  4c 4d                                            LM\n"
        );
    }
}
