//! `-L` on a packet between two endpoints wirelab knows (the lab's, `run`'s, a loopback
//! capture's): under the layer rows, the sender's out layers and the receiver's in layers,
//! as text blocks or as JSON's `sides` member. The words come from
//! `annotate::layers::sides`; the calls from the record (`calls` placed before the packet,
//! `returned` after it).

use crate::annotate::lang::Lang;
use crate::annotate::layers::Known;
use crate::annotate::layers::sides::{Calls, Side, Sides, Tracked, is_loopback, sides};
use crate::annotate::text::display_width;
use crate::k;

use super::Record;
use super::jsonw::Json;

/// How far the heads are indented under the packet line (as the layer rows are).
const INDENT: &str = "        ";

/// Both views of `r`'s packet, when its two endpoints are known: the calls are (lab, run),
/// or both ends are this host's loopback addresses.
pub fn of(lang: Lang, r: &Record<'_, '_>) -> Option<Sides> {
    if r.returned.is_none() && !is_loopback(r.packet) {
        return None;
    }
    let sender = r.info.map(|i| Known::role(i.dir));
    let caused = r
        .calls
        .iter()
        .rev()
        .find(|c| c.caused && sender.is_none_or(|s| s == c.side))
        .map(|c| c.text.as_str());
    let returned: Vec<&str> = r
        .returned
        .unwrap_or_default()
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    let calls = match r.returned {
        Some(_) => Calls::Known {
            caused,
            returned: &returned,
        },
        None => Calls::Unknown,
    };
    let tracked = Tracked::from_info(r.info);
    sides(lang, r.packet, r.frame.data.len(), tracked, calls)
}

/// The two blocks, each line ending in a newline: a head (`out: client`), then per row its
/// place, its bytes and its words.
pub fn write_text(out: &mut Vec<u8>, lang: Lang, r: &Record<'_, '_>) {
    let Some(s) = of(lang, r) else {
        return;
    };
    for line in lines(lang, &s) {
        out.extend_from_slice(INDENT.as_bytes());
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
}

/// The two blocks as lines, the columns aligned by display width: a head (`out: client`),
/// then per row, indented, its place, its bytes and its words. The report's panel shows the
/// same lines.
pub fn lines(lang: Lang, s: &Sides) -> Vec<String> {
    let rows = || s.out.rows.iter().chain(&s.into.rows);
    let w_place = rows()
        .map(|row| display_width(row.place.word(lang)))
        .max()
        .unwrap_or(0);
    let w_bytes = rows()
        .filter_map(|row| row.bytes)
        .map(|b| b.to_string().len())
        .max()
        .unwrap_or(0);
    let mut lines = Vec::new();
    for side in [&s.out, &s.into] {
        lines.push(side.head.clone());
        for row in &side.rows {
            let place = row.place.word(lang);
            let bytes = row.bytes.map(|b| b.to_string()).unwrap_or_default();
            let mut line = format!("  {place}");
            line.push_str(&" ".repeat(w_place - display_width(place) + 2));
            line.push_str(&" ".repeat(w_bytes - bytes.len()));
            line.push_str(&bytes);
            line.push_str("  ");
            line.push_str(&row.text);
            lines.push(line.trim_end().to_owned());
        }
    }
    lines
}

/// `"sides":{"out":{"host":"client","layers":[...]},"in":{...}}`: per row its place
/// (`application`...`link`, `socket`, `call`), its bytes (none for the call) and its words.
pub fn write_json(o: &mut Json<'_>, lang: Lang, r: &Record<'_, '_>) {
    let Some(s) = of(lang, r) else {
        return;
    };
    o.obj(k!("sides"), |j| {
        j.obj(k!("out"), |j| side_json(j, &s.out, "sender"));
        j.obj(k!("in"), |j| side_json(j, &s.into, "receiver"));
    });
}

fn side_json(j: &mut Json<'_>, side: &Side, unknown: &str) {
    j.name(k!("host"), side.role.map_or(unknown, |r| r.name()));
    j.arr(k!("layers"), |a| {
        for row in &side.rows {
            a.item_obj(|l| {
                l.name(k!("layer"), row.place.name());
                if let Some(b) = row.bytes {
                    l.num(k!("bytes"), b);
                }
                l.text(k!("text"), &row.text);
            });
        }
    });
}
