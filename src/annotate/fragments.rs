//! The words for IP reassembly (`crate::defrag`): the datagram a frame completed, what was
//! wrong with its fragments, and the datagrams that never completed. Byte ranges are the
//! payload's, first and last byte inclusive ("bytes 8–15").

use std::fmt;

use crate::defrag::{DefragFinding, FragKey, GiveUp, Incomplete, Reassembled};

/// Past this many frames the list is shortened to a count and a range.
const FRAMES_LISTED: usize = 6;

/// "reassembled from frames 3, 4, 5 (3008 bytes)", or for many fragments
/// "reassembled from 45 fragments, frames 3–47 (65000 bytes)".
pub struct ReassembledLabel<'a>(pub &'a Reassembled);

impl fmt::Display for ReassembledLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.0;
        f.write_str("reassembled from ")?;
        frame_list(f, &r.frames, "fragments")?;
        write!(f, " ({} bytes)", r.len)
    }
}

/// "frames 3, 4, 5", or "45 <what>, frames 3–47".
fn frame_list(f: &mut fmt::Formatter<'_>, frames: &[u64], what: &str) -> fmt::Result {
    match frames {
        [] => f.write_str("no frames"),
        [one] => write!(f, "frame {one}"),
        [first, .., last] if frames.len() > FRAMES_LISTED => {
            write!(f, "{} {what}, frames {first}–{last}", frames.len())
        }
        _ => {
            f.write_str("frames ")?;
            for (i, n) in frames.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{n}")?;
            }
            Ok(())
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

/// One finding in words.
pub struct FindingLabel<'a>(pub &'a DefragFinding);

impl fmt::Display for FindingLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self.0 {
            DefragFinding::Overlap {
                start,
                end,
                differ: true,
                frame,
            } => write!(
                f,
                "overlapping IP fragments: bytes {start}–{} differ (frame {frame}'s copy not used)",
                end.saturating_sub(1)
            ),
            DefragFinding::Overlap {
                start, end, frame, ..
            } => write!(
                f,
                "overlapping IP fragments: bytes {start}–{} sent again, the same (frame {frame})",
                end.saturating_sub(1)
            ),
            DefragFinding::ConflictingEnd {
                first,
                other,
                frame,
            } => write!(
                f,
                "conflicting last IP fragments: frame {frame} ends the datagram at {other} bytes, \
                 an earlier one at {first} (kept)"
            ),
            DefragFinding::PastEnd {
                end,
                datagram_end,
                frame,
            } => write!(
                f,
                "IP fragment in frame {frame} runs to {end} bytes, past the datagram's end at \
                 {datagram_end} (cut there)"
            ),
            DefragFinding::PastMax { end } => write!(
                f,
                "IP fragment past 65535: the datagram would be {end} bytes (dropped)"
            ),
            DefragFinding::TooManyFragments { max } => {
                write!(f, "more than {max} IP fragments: datagram given up")
            }
            DefragFinding::CutShort => {
                f.write_str("IP fragment cut short by the capture: not reassembled")
            }
        }
    }
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
/// frames 4, 5 (1480 bytes held, length unknown)".
pub struct IncompleteLabel<'a>(pub &'a Incomplete);

impl fmt::Display for IncompleteLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        match d.key {
            FragKey::V4 { src, dst, id, .. } => {
                write!(f, "IPv4 datagram {src} → {dst} id={id:#06x}")?
            }
            FragKey::V6 { src, dst, id } => write!(f, "IPv6 datagram {src} → {dst} id={id:#010x}")?,
        }
        f.write_str(" never completed (")?;
        match d.why {
            GiveUp::Timeout { secs } => write!(f, "timed out after {secs} s")?,
            GiveUp::TableFull => f.write_str("given up: too many fragments held")?,
            GiveUp::EndOfInput => f.write_str("still missing fragments at the end")?,
        }
        f.write_str("): ")?;
        frame_list(f, &d.frames, "fragments")?;
        write!(f, " ({} bytes held, ", d.held)?;
        match d.end {
            Some(len) => write!(f, "of {len})"),
            None => f.write_str("last fragment not seen)"),
        }
    }
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
