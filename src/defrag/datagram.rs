//! One IP datagram being put back together: its fragments in arrival order, the end its
//! last fragment set, and the assembly by tshark's copy rule (see [`Datagram::assemble`]).

use arrayvec::ArrayVec;

use super::DefragFinding;
use crate::capture::Timestamp;

/// Findings kept per datagram or frame; later ones are dropped (the first explain the rest).
pub const MAX_FINDINGS: usize = 4;

/// A fragment's place in the datagram and where its bytes are in [`Datagram::bytes`].
#[derive(Debug, Clone, Copy)]
struct Piece {
    offset: u32,
    len: u32,
    /// Start of its bytes in the datagram's buffer.
    at: usize,
    frame: u64,
}

impl Piece {
    fn end(&self) -> u32 {
        self.offset.saturating_add(self.len)
    }
}

/// The fragments of one datagram seen so far.
#[derive(Debug)]
pub(super) struct Datagram {
    pieces: Vec<Piece>,
    /// The fragments' data, concatenated in arrival order.
    bytes: Vec<u8>,
    /// The payload's length, set by the first last fragment (MF clear) seen.
    end: Option<u32>,
    pub(super) proto: u8,
    pub(super) first_ts: Timestamp,
    /// Its place in the table's age order (stale entries there are skipped).
    pub(super) serial: u64,
    /// Found while fragments came in (a conflicting end); reported with the datagram.
    pub(super) findings: ArrayVec<DefragFinding, MAX_FINDINGS>,
}

impl Datagram {
    pub(super) fn new(proto: u8, first_ts: Timestamp, serial: u64) -> Datagram {
        Datagram {
            pieces: Vec::new(),
            bytes: Vec::new(),
            end: None,
            proto,
            first_ts,
            serial,
            findings: ArrayVec::new(),
        }
    }

    pub(super) fn fragments(&self) -> usize {
        self.pieces.len()
    }

    /// Bytes held for this datagram.
    pub(super) fn held(&self) -> usize {
        self.bytes.len()
    }

    pub(super) fn end(&self) -> Option<u32> {
        self.end
    }

    /// Frames that carried its fragments, in arrival order.
    pub(super) fn frames(&self) -> Vec<u64> {
        let mut frames: Vec<u64> = self.pieces.iter().map(|p| p.frame).collect();
        frames.dedup();
        frames
    }

    /// Keeps one fragment. A second last fragment with another end is a finding (tshark's
    /// "multiple tails"); the first one's end stays.
    pub(super) fn add(&mut self, frame: u64, offset: u32, more: bool, data: &[u8]) {
        let len = u32::try_from(data.len()).unwrap_or(u32::MAX);
        let piece = Piece {
            offset,
            len,
            at: self.bytes.len(),
            frame,
        };
        if !more {
            match self.end {
                None => self.end = Some(piece.end()),
                Some(first) if first != piece.end() => {
                    let finding = DefragFinding::ConflictingEnd {
                        first,
                        other: piece.end(),
                        frame,
                    };
                    let _ = self.findings.try_push(finding);
                }
                Some(_) => {}
            }
        }
        self.bytes.extend_from_slice(data);
        self.pieces.push(piece);
    }

    /// Fragment indexes by offset, ties in arrival order (tshark keeps its list so).
    fn by_offset(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.pieces.len()).collect();
        order.sort_by_key(|&i| self.pieces.get(i).map_or(0, |p| p.offset));
        order
    }

    /// Every byte from 0 to the end is there (RFC 815's "no holes left").
    pub(super) fn is_complete(&self) -> bool {
        let Some(end) = self.end else {
            return false;
        };
        let mut covered = 0u32;
        for i in self.by_offset() {
            if let Some(p) = self.pieces.get(i)
                && p.offset <= covered
            {
                covered = covered.max(p.end());
            }
        }
        covered >= end
    }

    fn data(&self, p: &Piece) -> &[u8] {
        let len = usize::try_from(p.len).unwrap_or(usize::MAX);
        self.bytes
            .get(p.at..p.at.saturating_add(len))
            .unwrap_or(&[])
    }

    /// Writes the payload into `out` (cleared first) by tshark's rule (`epan/reassemble.c`):
    /// fragments in offset order, each giving only the bytes past those already written, so
    /// a byte comes from the fragment with the lowest offset that covers it, and between
    /// fragments at the same offset from the first to arrive. Bytes a later copy sent again
    /// are compared with the ones kept, and each overlap is a finding (differing or not);
    /// bytes past the end are dropped, a finding too. Call once [`Datagram::is_complete`].
    pub(super) fn assemble(
        &self,
        out: &mut Vec<u8>,
        findings: &mut ArrayVec<DefragFinding, MAX_FINDINGS>,
    ) {
        let end = self.end.unwrap_or(0);
        out.clear();
        for i in self.by_offset() {
            let Some(p) = self.pieces.get(i) else {
                continue;
            };
            let data = self.data(p);
            let written = u32::try_from(out.len()).unwrap_or(u32::MAX);
            if p.end() > end {
                let _ = findings.try_push(DefragFinding::PastEnd {
                    end: p.end(),
                    datagram_end: end,
                    frame: p.frame,
                });
            }
            if p.offset < written {
                let upto = p.end().min(written);
                let kept = out.get(to_usize(p.offset)..to_usize(upto)).unwrap_or(&[]);
                let again = data.get(..to_usize(upto - p.offset)).unwrap_or(&[]);
                let _ = findings.try_push(DefragFinding::Overlap {
                    start: p.offset,
                    end: upto,
                    differ: kept != again,
                    frame: p.frame,
                });
            }
            let limit = p.end().min(end);
            if limit > written && p.offset <= written {
                let from = to_usize(written - p.offset);
                let to = to_usize(limit - p.offset);
                out.extend_from_slice(data.get(from..to).unwrap_or(&[]));
            }
        }
    }
}

fn to_usize(n: u32) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}
