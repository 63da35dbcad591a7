//! `read -L`: under a packet's line, its layers as rows aligned by display width, then the
//! nesting line; with `--json`, the `layers` array of the packet's object. The words come
//! from `annotate::layers`.

use crate::annotate::lang::Lang;
use crate::annotate::layers::{Known, LayerRow, nesting, rows};
use crate::annotate::text::display_width;
use crate::decode::layers::{Ends, Span};
use crate::k;

use super::Record;
use super::jsonw::Json;

/// How far the rows are indented under the packet line.
const INDENT: &str = "        ";

/// The rows of `r`'s packet.
pub fn of(lang: Lang, r: &Record<'_, '_>) -> Vec<LayerRow> {
    rows(lang, r.packet, r.frame.data.len(), Known::from_info(r.info))
}

/// The rows and the nesting line, each line ending in a newline.
pub fn write_text(out: &mut Vec<u8>, lang: Lang, r: &Record<'_, '_>) {
    let rows = of(lang, r);
    let width = |f: fn(&LayerRow) -> usize| rows.iter().map(f).max().unwrap_or(0);
    let w_tier = width(|r| display_width(r.tier));
    let w_osi = width(|r| display_width(r.osi));
    let w_proto = width(|r| display_width(r.proto));
    let w_len = width(|r| r.span.len.to_string().len());
    let w_ends = width(|r| display_width(&r.ends));
    for row in &rows {
        let mut line = String::from(INDENT);
        push_left(&mut line, row.tier, w_tier);
        push_left(&mut line, row.osi, w_osi);
        push_left(&mut line, row.proto, w_proto);
        let len = row.span.len.to_string();
        line.push_str(&" ".repeat(w_len - len.len()));
        line.push_str(&len);
        line.push_str("  ");
        if w_ends > 0 {
            push_left(&mut line, &row.ends, w_ends);
        }
        line.push_str(&row.text);
        out.extend_from_slice(line.trim_end().as_bytes());
        out.push(b'\n');
    }
    let spans: Vec<Span> = rows.iter().map(|r| r.span).collect();
    out.extend_from_slice(INDENT.as_bytes());
    out.extend_from_slice(nesting(lang, &spans).as_bytes());
    out.push(b'\n');
}

/// `text` and spaces to `width` display columns, then two more.
fn push_left(line: &mut String, text: &str, width: usize) {
    line.push_str(text);
    line.push_str(&" ".repeat(width.saturating_sub(display_width(text)) + 2));
}

/// The `layers` array: per layer its model layer, OSI layers, protocol, bytes, addresses or
/// ports, and sentence (`text`, in `--lang`).
pub fn write_json(o: &mut Json<'_>, lang: Lang, r: &Record<'_, '_>) {
    let rows = of(lang, r);
    o.arr(k!("layers"), |j| {
        for row in &rows {
            j.item_obj(|l| {
                l.name(k!("layer"), row.span.tier.name())
                    .name(k!("osi"), row.osi)
                    .name(k!("protocol"), row.span.proto.name())
                    .num(k!("offset"), row.span.offset)
                    .num(k!("len"), row.span.len);
                ends_json(l, &row.span);
                l.text(k!("text"), &row.text);
            });
        }
    });
}

fn ends_json(l: &mut Json<'_>, span: &Span) {
    match span.ends {
        Ends::None => {}
        Ends::Mac(s, d) => {
            l.mac(k!("src"), s.0).mac(k!("dst"), d.0);
        }
        Ends::Cooked(a) => {
            l.plain(k!("addr"), a);
        }
        Ends::Vlan(id) => {
            l.num(k!("vlan"), id);
        }
        Ends::Ip(s, d) => {
            l.ip(k!("src"), s).ip(k!("dst"), d);
        }
        Ends::Arp(..) => {
            let text = crate::annotate::layers::ends_text(span);
            if let Some((s, d)) = text.split_once(" → ") {
                l.plain(k!("src"), s).plain(k!("dst"), d);
            }
        }
        Ends::Ports(s, d) => {
            l.num(k!("sport"), s).num(k!("dport"), d);
        }
        Ends::Icmp(t, c) => {
            l.num(k!("type"), t).num(k!("code"), c);
        }
    }
}
