//! The JSON of IP reassembly: the `reassembled` and `fragment_findings` members of a
//! packet, and the `incomplete_datagram` record (docs/json.md).

use super::jsonw::Json;
use crate::annotate::fragments::{finding, finding_kind, give_up_kind, incomplete};
use crate::annotate::lang::Lang;
use crate::defrag::{DefragNote, FragKey, FragmentFate, Incomplete};
use crate::k;

/// `"reassembled":{"frames":[…],"len":N}` on the frame that completed a datagram, and
/// `"fragment_findings":[{"kind","message"}…]` when its fragments had something wrong.
/// The `message`s are in `lang`'s words, the `kind`s the same in every language.
pub(super) fn note_json(o: &mut Json<'_>, note: &DefragNote, lang: Lang) {
    if let FragmentFate::Completed(r) = &note.fate {
        o.obj(k!("reassembled"), |j| {
            j.arr(k!("frames"), |a| {
                for &n in &r.frames {
                    a.item_num(n);
                }
            })
            .num(k!("len"), r.len);
        });
    }
    if !note.findings.is_empty() {
        o.arr(k!("fragment_findings"), |a| {
            for found in &note.findings {
                a.item_obj(|x| {
                    x.name(k!("kind"), finding_kind(found))
                        .text(k!("message"), finding(lang, found));
                });
            }
        });
    }
}

/// `{"type":"incomplete_datagram",…}`: a datagram given up before it completed.
pub(super) fn incomplete_json(out: &mut Vec<u8>, file: usize, d: &Incomplete, lang: Lang) {
    let mut o = Json::object(out);
    o.name(k!("type"), "incomplete_datagram")
        .num(k!("file"), file);
    match d.key {
        FragKey::V4 {
            src,
            dst,
            proto,
            id,
        } => {
            o.num(k!("version"), 4u8)
                .ip(k!("src"), src.into())
                .ip(k!("dst"), dst.into())
                .num(k!("proto"), proto)
                .num(k!("id"), id);
        }
        FragKey::V6 { src, dst, id } => {
            o.num(k!("version"), 6u8)
                .ip(k!("src"), src.into())
                .ip(k!("dst"), dst.into())
                .num(k!("id"), id);
        }
    }
    o.arr(k!("frames"), |a| {
        for &n in &d.frames {
            a.item_num(n);
        }
    })
    .num(k!("held"), d.held);
    match d.end {
        Some(len) => o.num(k!("len"), len),
        None => o.raw(k!("len"), |out| out.extend_from_slice(b"null")),
    };
    o.name(k!("reason"), give_up_kind(d.why))
        .text(k!("message"), incomplete(lang, d));
    o.end();
}
