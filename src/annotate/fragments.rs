//! The words for IP reassembly (`crate::defrag`): the datagram a frame completed, what was
//! wrong with its fragments, and the datagrams that never completed. Byte ranges are the
//! payload's, first and last byte inclusive ("bytes 8–15").

use std::fmt;

use super::lang::Lang;
use crate::defrag::{DefragFinding, FragKey, GiveUp, Incomplete, Reassembled};

/// Past this many frames the list is shortened to a count and a range.
const FRAMES_LISTED: usize = 6;

/// "reassembled from frames 3, 4, 5 (3008 bytes)", or for many fragments
/// "reassembled from 45 fragments, frames 3–47 (65000 bytes)", in English (the JSON's
/// words); [`reassembled`] in any language.
pub struct ReassembledLabel<'a>(pub &'a Reassembled);

impl fmt::Display for ReassembledLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&reassembled(Lang::En, self.0))
    }
}

/// The datagram a frame completed, in `lang`'s words.
pub fn reassembled(lang: Lang, r: &Reassembled) -> String {
    let (frames, len) = (frame_list(lang, &r.frames), r.len.to_string());
    lang.text("frag-reassembled", &[("frames", &frames), ("len", &len)])
}

/// "frames 3, 4, 5", or "45 fragments, frames 3–47".
fn frame_list(lang: Lang, frames: &[u64]) -> String {
    match frames {
        [] => lang.word("frag-no-frames").to_owned(),
        [one] => lang.text("frag-one-frame", &[("n", &one.to_string())]),
        [first, .., last] if frames.len() > FRAMES_LISTED => {
            let (count, first, last) = (
                frames.len().to_string(),
                first.to_string(),
                last.to_string(),
            );
            let args = [
                ("count", count.as_str()),
                ("first", &first),
                ("last", &last),
            ];
            lang.text("frag-many-frames", &args)
        }
        _ => {
            let mut numbers = frames.iter().map(u64::to_string);
            let first = numbers.next().unwrap_or_default();
            let list = numbers.fold(first, |list, next| {
                lang.text("frag-list-join", &[("list", &list), ("next", &next)])
            });
            lang.text("frag-frames", &[("list", &list)])
        }
    }
}

/// The kind of a finding, for JSON.
pub fn finding_kind(finding: &DefragFinding) -> &'static str {
    match finding {
        DefragFinding::Overlap { differ: true, .. } => "overlap_differs",
        DefragFinding::Overlap { differ: false, .. } => "overlap_same",
        DefragFinding::ConflictingEnd { .. } => "conflicting_end",
        DefragFinding::PastEnd { .. } => "past_end",
        DefragFinding::PastMax { .. } => "past_65535",
        DefragFinding::TooManyFragments { .. } => "too_many_fragments",
        DefragFinding::CutShort => "cut_short",
    }
}

/// One finding in words, in English; [`finding`] in any language.
pub struct FindingLabel<'a>(pub &'a DefragFinding);

impl fmt::Display for FindingLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&finding(Lang::En, self.0))
    }
}

/// What was wrong with a datagram's fragments, in `lang`'s words.
pub fn finding(lang: Lang, finding: &DefragFinding) -> String {
    let n = |v: u64| v.to_string();
    let (id, args): (&str, Vec<(&str, String)>) = match *finding {
        DefragFinding::Overlap {
            start,
            end,
            differ,
            frame,
        } => (
            if differ {
                "frag-overlap-differs"
            } else {
                "frag-overlap-same"
            },
            vec![
                ("start", n(start.into())),
                ("end", n(end.saturating_sub(1).into())),
                ("frame", n(frame)),
            ],
        ),
        DefragFinding::ConflictingEnd {
            first,
            other,
            frame,
        } => (
            "frag-conflicting-end",
            vec![
                ("first", n(first.into())),
                ("other", n(other.into())),
                ("frame", n(frame)),
            ],
        ),
        DefragFinding::PastEnd {
            end,
            datagram_end,
            frame,
        } => (
            "frag-past-end",
            vec![
                ("end", n(end.into())),
                ("datagram_end", n(datagram_end.into())),
                ("frame", n(frame)),
            ],
        ),
        DefragFinding::PastMax { end } => ("frag-past-max", vec![("end", n(end.into()))]),
        DefragFinding::TooManyFragments { max } => {
            ("frag-too-many", vec![("max", max.to_string())])
        }
        DefragFinding::CutShort => ("frag-cut-short", vec![]),
    };
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    lang.text(id, &args)
}

/// The reason a datagram was given up, for JSON.
pub fn give_up_kind(why: GiveUp) -> &'static str {
    match why {
        GiveUp::Timeout { .. } => "timeout",
        GiveUp::TableFull => "table_full",
        GiveUp::EndOfInput => "end_of_input",
    }
}

/// "IP datagram 10.0.0.1 → 10.0.0.2 id=0x1234 never completed (timed out after 30 s):
/// frames 4, 5 (1480 bytes held, length unknown)", in English;
/// [`incomplete`] in any language.
pub struct IncompleteLabel<'a>(pub &'a Incomplete);

impl fmt::Display for IncompleteLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&incomplete(Lang::En, self.0))
    }
}

/// A datagram that never completed, in `lang`'s words.
pub fn incomplete(lang: Lang, d: &Incomplete) -> String {
    let datagram = match d.key {
        FragKey::V4 { src, dst, id, .. } => {
            let (src, dst, id) = (src.to_string(), dst.to_string(), format!("{id:#06x}"));
            let args = [("src", src.as_str()), ("dst", &dst), ("id", &id)];
            lang.text("frag-datagram-v4", &args)
        }
        FragKey::V6 { src, dst, id } => {
            let (src, dst, id) = (src.to_string(), dst.to_string(), format!("{id:#010x}"));
            let args = [("src", src.as_str()), ("dst", &dst), ("id", &id)];
            lang.text("frag-datagram-v6", &args)
        }
    };
    let why = match d.why {
        GiveUp::Timeout { secs } => lang.text("frag-timed-out", &[("secs", &secs.to_string())]),
        GiveUp::TableFull => lang.word("frag-table-full").to_owned(),
        GiveUp::EndOfInput => lang.word("frag-end-of-input").to_owned(),
    };
    let end = match d.end {
        Some(len) => lang.text("frag-of", &[("len", &len.to_string())]),
        None => lang.word("frag-last-unseen").to_owned(),
    };
    let (frames, held) = (frame_list(lang, &d.frames), d.held.to_string());
    let args = [
        ("datagram", datagram.as_str()),
        ("why", &why),
        ("frames", &frames),
        ("held", &held),
        ("end", &end),
    ];
    lang.text("frag-incomplete", &args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_frames_are_listed_and_many_are_counted() {
        let few = Reassembled {
            frames: vec![3, 4, 5],
            len: 3008,
            proto: 17,
        };
        assert_eq!(
            ReassembledLabel(&few).to_string(),
            "reassembled from frames 3, 4, 5 (3008 bytes)"
        );
        let many = Reassembled {
            frames: (3..=47).collect(),
            len: 65_000,
            proto: 17,
        };
        assert_eq!(
            ReassembledLabel(&many).to_string(),
            "reassembled from 45 fragments, frames 3–47 (65000 bytes)"
        );
    }

    #[test]
    fn an_overlap_says_which_bytes_and_whether_they_differ() {
        let o = DefragFinding::Overlap {
            start: 8,
            end: 16,
            differ: true,
            frame: 1,
        };
        assert_eq!(
            FindingLabel(&o).to_string(),
            "overlapping IP fragments: bytes 8–15 differ (frame 1's copy not used)"
        );
        assert_eq!(finding_kind(&o), "overlap_differs");
    }
}
