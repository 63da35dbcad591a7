//! One direction of a TCP connection put back into its byte stream, as tshark's
//! `-z follow,tcp` puts it (epan/dissectors/packet-tcp.c, `follow_tcp_tap_listener` and
//! `check_follow_fragments`, 4.0):
//!
//! - Positions count from the direction's base: the ISN when its SYN was seen (the SYN takes
//!   sequence number 0, the first data byte is 1), else one below the first sequence number
//!   seen, so the first byte seen is 1 too (tshark's relative `tcp.seq`). Sequence numbers
//!   are compared with wrap-around ([`SeqNum`]); positions are `u64`, so a stream longer
//!   than 4 GiB keeps counting.
//! - Bytes already placed are never replaced: a retransmission or an overlap adds only what is
//!   new (the first copy placed wins). Held segments are placed whole when the stream
//!   reaches their start, the one held first before the others, as tshark places its
//!   fragments; so where two held copies differ, the one reached first wins, whichever
//!   arrived first. Where a copy's overlapping bytes differ from the ones placed (still
//!   among the last [`RECENT_KEPT`] bytes), a [`Piece::Overlap`] says so.
//! - A segment that starts past the next expected byte is held until the hole before it
//!   fills. A hole is given up (a [`Piece::Gap`], then the held bytes after it) when the other
//!   side acknowledges past the start of the held data (the receiver got those bytes: the
//!   capture missed them, tshark's rule), when the held data passes [`MAX_HELD_BYTES`] or
//!   [`MAX_HELD_PIECES`], and at the end of the input ([`TcpDirection::finish`]). tshark
//!   drops what it still holds at the end; wirelab shows it after the gap.
//! - A FIN takes one sequence number after its data. A keep-alive (at most one byte, one
//!   below the next expected byte) is not data, as tshark's analysis says.
//!
//! Memory: only held (out-of-order) bytes wait, at most [`MAX_HELD_BYTES`] in at most
//! [`MAX_HELD_PIECES`] pieces, plus the last [`RECENT_KEPT`] bytes placed (to compare
//! retransmissions with). Never panics on any segment: no indexing, offsets checked.

use std::collections::{BTreeMap, VecDeque};

use crate::track::SeqNum;

/// Most out-of-order bytes one direction holds; past it the first hole is given up.
pub const MAX_HELD_BYTES: usize = 4 << 20;

/// Most out-of-order pieces one direction holds (a flood of one-byte segments would cost
/// more in bookkeeping than in bytes).
pub const MAX_HELD_PIECES: usize = 4096;

/// Bytes placed that are kept to compare a later retransmission of them with.
pub const RECENT_KEPT: usize = 64 << 10;

/// What one direction's segments become, in stream order. `seq` is the position of the
/// first byte (see the module's contract).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Contiguous bytes, placed; `frame` is the number of the frame that carried the first
    /// of them (the TUI jumps from a chunk to its packet).
    Data {
        seq: u64,
        bytes: Vec<u8>,
        frame: u64,
    },
    /// Bytes the capture does not hold (never seen, or cut off by the snap length).
    Gap { seq: u64, len: u64 },
    /// Bytes sent again with different content; the first copy was kept.
    Overlap { seq: u64, len: u64 },
}

/// One segment, as the reassembly needs it.
#[derive(Debug, Clone, Copy)]
pub struct Segment<'a> {
    pub seq: SeqNum,
    pub syn: bool,
    pub fin: bool,
    /// The acknowledgement number, when the ACK flag is set.
    pub ack: Option<SeqNum>,
    /// The payload bytes captured.
    pub payload: &'a [u8],
    /// The payload length IP declares (more than `payload.len()` when the capture cut it).
    pub len: u32,
    /// The number of the frame that carried it.
    pub frame: u64,
}

/// One direction's reassembly state.
#[derive(Debug, Default)]
pub struct TcpDirection {
    /// Position 0: the ISN, or one below the first sequence number seen.
    base: Option<SeqNum>,
    /// The position of the next byte expected.
    next: u64,
    /// Out-of-order segments by (position, order of arrival), whole: they may overlap;
    /// each with the number of the frame that carried it.
    held: BTreeMap<(u64, u64), (u64, Vec<u8>)>,
    held_bytes: usize,
    /// Segments held so far, to order them by arrival.
    arrivals: u64,
    /// The position the FIN takes, once seen.
    fin_at: Option<u64>,
    /// The last bytes placed, ending at `next`.
    recent: VecDeque<u8>,
}

impl TcpDirection {
    /// Bytes held out of order now.
    pub fn held_bytes(&self) -> usize {
        self.held_bytes
    }

    /// The position `seq` stands for, relative to the next expected byte (negative: before
    /// the base).
    fn position(&self, seq: SeqNum) -> i64 {
        let base = self.base.unwrap_or_default();
        // Truncation intended: sequence space is 32 bits and wraps.
        let next_seq = base.plus(self.next as u32);
        (self.next as i64).saturating_add(i64::from(seq.diff(next_seq)))
    }

    /// Places one segment sent this way; what can be placed goes to `out`.
    pub fn segment(&mut self, seg: &Segment<'_>, out: &mut Vec<Piece>) {
        if self.base.is_none() {
            self.base = Some(if seg.syn {
                seg.seq
            } else {
                seg.seq.plus(u32::MAX)
            });
            self.next = 1;
        }
        let start = self.position(seg.seq.plus(u32::from(seg.syn)));
        let declared = u64::from(seg.len);
        let captured = seg
            .payload
            .len()
            .min(usize::try_from(seg.len).unwrap_or(usize::MAX));
        let data = seg.payload.get(..captured).unwrap_or_default();
        let end = start.saturating_add(declared as i64);
        if seg.fin && end >= 0 {
            self.fin_at.get_or_insert(end as u64);
        }
        let next = self.next as i64;
        // tshark's keep-alive: at most one byte, one below the next expected.
        let keep_alive = !seg.syn && !seg.fin && declared <= 1 && start + 1 == next;
        if keep_alive {
            return;
        }
        if end <= next {
            self.compare_placed(start, data, out);
            self.take_fin();
            return;
        }
        // What lies before `next` was placed already: only the rest is new.
        let skip = usize::try_from(next.saturating_sub(start).max(0)).unwrap_or(usize::MAX);
        self.compare_placed(start, data.get(..skip).unwrap_or(data), out);
        let new = data.get(skip..).unwrap_or_default();
        let start = start.max(next) as u64;
        if start == self.next {
            self.place(new, seg.frame, out);
            // Declared but not captured (the snap length cut the segment).
            if (end as u64) > self.next {
                self.skip_to(end as u64, out);
            }
            self.drain(out);
        } else {
            self.hold(start, new, seg.frame);
            self.enforce_caps(out);
        }
        self.take_fin();
    }

    /// The other direction acknowledged `ack`: a hole before held data that the receiver has
    /// acknowledged will not be filled by a retransmission (tshark's rule, bug 592).
    pub fn acknowledged(&mut self, ack: SeqNum, out: &mut Vec<Piece>) {
        if self.base.is_none() {
            return;
        }
        while let Some((first, _)) = self.held.keys().next().copied() {
            if self.position(ack) <= first as i64 {
                break;
            }
            self.give_up_hole(out);
        }
    }

    /// The end of the input: each hole before held data is given up.
    pub fn finish(&mut self, out: &mut Vec<Piece>) {
        while !self.held.is_empty() {
            self.give_up_hole(out);
        }
    }

    /// Gives up the hole before the first held piece (a gap), then places what follows.
    pub fn give_up_hole(&mut self, out: &mut Vec<Piece>) {
        let Some((first, _)) = self.held.keys().next().copied() else {
            return;
        };
        if first > self.next {
            self.skip_to(first, out);
        }
        self.drain(out);
    }

    fn enforce_caps(&mut self, out: &mut Vec<Piece>) {
        while self.held_bytes > MAX_HELD_BYTES || self.held.len() > MAX_HELD_PIECES {
            self.give_up_hole(out);
        }
    }

    /// A gap from `next` to `to`.
    fn skip_to(&mut self, to: u64, out: &mut Vec<Piece>) {
        out.push(Piece::Gap {
            seq: self.next,
            len: to - self.next,
        });
        self.next = to;
        // The bytes kept for comparison must end at `next`.
        self.recent.clear();
        self.take_fin();
    }

    /// Bytes at `next`, placed.
    fn place(&mut self, bytes: &[u8], frame: u64, out: &mut Vec<Piece>) {
        if bytes.is_empty() {
            return;
        }
        out.push(Piece::Data {
            seq: self.next,
            bytes: bytes.to_vec(),
            frame,
        });
        self.next += bytes.len() as u64;
        let keep = bytes.len().min(RECENT_KEPT);
        let overflow = (self.recent.len() + keep).saturating_sub(RECENT_KEPT);
        self.recent.drain(..overflow);
        self.recent
            .extend(bytes.get(bytes.len() - keep..).unwrap_or_default());
        self.take_fin();
    }

    /// The FIN's sequence number, once every byte before it is placed.
    fn take_fin(&mut self) {
        if self.fin_at == Some(self.next) {
            self.next += 1;
            self.recent.clear();
        }
    }

    /// Places the held pieces that `next` has reached. Of those, the one held first goes
    /// first, whole, as tshark's `check_follow_fragments` walks its list in arrival order:
    /// where held copies differ, the one placed first is the one kept.
    fn drain(&mut self, out: &mut Vec<Piece>) {
        loop {
            let reached = self
                .held
                .range(..(self.next.saturating_add(1), 0))
                .map(|(key, _)| *key)
                .min_by_key(|(_, arrival)| *arrival);
            let Some(key) = reached else {
                break;
            };
            let Some((frame, bytes)) = self.held.remove(&key) else {
                break;
            };
            let at = key.0;
            self.held_bytes -= bytes.len();
            let skip = usize::try_from(self.next - at).unwrap_or(usize::MAX);
            self.compare_placed(at as i64, bytes.get(..skip).unwrap_or(&bytes), out);
            self.place(bytes.get(skip..).unwrap_or_default(), frame, out);
        }
    }

    /// Compares bytes at `start` (all before `next`) with the ones placed there, as far as
    /// they are still kept; a difference is an overlap.
    fn compare_placed(&self, start: i64, bytes: &[u8], out: &mut Vec<Piece>) {
        let kept_from = self.next as i64 - self.recent.len() as i64;
        let from = start.max(kept_from);
        let Ok(skip) = usize::try_from(from - start) else {
            return;
        };
        let Some(bytes) = bytes.get(skip..) else {
            return;
        };
        let Ok(at) = usize::try_from(from - kept_from) else {
            return;
        };
        let placed = self.recent.range(at.min(self.recent.len())..);
        let len = bytes.len().min(placed.len());
        if bytes.iter().zip(placed).any(|(a, b)| a != b) {
            out.push(Piece::Overlap {
                seq: from as u64,
                len: len as u64,
            });
        }
    }

    /// Holds `bytes` at `start` (past `next`), whole, as tshark keeps its fragments: where
    /// held copies overlap, [`TcpDirection::drain`] decides which is placed.
    fn hold(&mut self, start: u64, bytes: &[u8], frame: u64) {
        if bytes.is_empty() {
            return;
        }
        self.arrivals += 1;
        self.held_bytes += bytes.len();
        self.held
            .insert((start, self.arrivals), (frame, bytes.to_vec()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISN: u32 = 1000;

    fn seg(seq: u32, payload: &[u8]) -> Segment<'_> {
        Segment {
            seq: SeqNum(seq),
            syn: false,
            fin: false,
            ack: None,
            payload,
            len: payload.len() as u32,
            frame: 0,
        }
    }

    fn syn(seq: u32) -> Segment<'static> {
        Segment {
            syn: true,
            ..seg(seq, b"")
        }
    }

    /// Feeds the segments (a SYN at ISN first) and returns what came out, finished.
    fn run(segments: &[Segment<'_>]) -> Vec<Piece> {
        let mut d = TcpDirection::default();
        let mut out = Vec::new();
        d.segment(&syn(ISN), &mut out);
        for s in segments {
            d.segment(s, &mut out);
        }
        d.finish(&mut out);
        out
    }

    fn data(seq: u64, bytes: &[u8]) -> Piece {
        Piece::Data {
            seq,
            bytes: bytes.to_vec(),
            frame: 0,
        }
    }

    /// The bytes placed, gaps as `_`.
    fn stream(pieces: &[Piece]) -> String {
        let mut s = String::new();
        for p in pieces {
            match p {
                Piece::Data { bytes, .. } => s.push_str(&String::from_utf8_lossy(bytes)),
                Piece::Gap { len, .. } => s.push_str(&"_".repeat(*len as usize)),
                Piece::Overlap { .. } => {}
            }
        }
        s
    }

    #[test]
    fn in_order_segments_come_out_at_once_from_position_one() {
        let mut d = TcpDirection::default();
        let mut out = Vec::new();
        d.segment(&syn(ISN), &mut out);
        d.segment(&seg(ISN + 1, b"hello, "), &mut out);
        assert_eq!(out, [data(1, b"hello, ")], "placed before the next segment");
        d.segment(&seg(ISN + 8, b"wirelab"), &mut out);
        assert_eq!(out, [data(1, b"hello, "), data(8, b"wirelab")]);
        assert_eq!(d.held_bytes(), 0);
    }

    #[test]
    fn a_retransmission_is_counted_once() {
        let out = run(&[
            seg(ISN + 1, b"abc"),
            seg(ISN + 1, b"abc"),
            seg(ISN + 4, b"def"),
        ]);
        assert_eq!(out, [data(1, b"abc"), data(4, b"def")]);
    }

    #[test]
    fn a_retransmission_with_more_data_adds_only_the_new_bytes() {
        let out = run(&[seg(ISN + 1, b"abc"), seg(ISN + 1, b"abcdef")]);
        assert_eq!(out, [data(1, b"abc"), data(4, b"def")]);
    }

    #[test]
    fn an_overlap_with_different_bytes_keeps_the_first_copy_and_says_so() {
        let out = run(&[seg(ISN + 1, b"abcd"), seg(ISN + 3, b"XYef")]);
        assert_eq!(
            out,
            [
                data(1, b"abcd"),
                Piece::Overlap { seq: 3, len: 2 },
                data(5, b"ef")
            ]
        );
    }

    #[test]
    fn held_copies_are_placed_as_tshark_places_them_the_one_reached_first_whole() {
        // "XY" arrives first and is held; "cde" starts before it and is held next; when
        // the hole fills, "cde" is reached first and placed whole, as tshark does.
        let out = run(&[
            seg(ISN + 4, b"X"),
            seg(ISN + 3, b"cde"),
            seg(ISN + 1, b"ab"),
        ]);
        assert_eq!(stream(&out), "abcde");
        assert!(out.contains(&Piece::Overlap { seq: 4, len: 1 }), "{out:?}");
    }

    #[test]
    fn an_overlap_between_held_pieces_keeps_the_copy_placed_first() {
        let out = run(&[
            seg(ISN + 4, b"def"),
            seg(ISN + 5, b"XYZg"),
            seg(ISN + 1, b"abc"),
        ]);
        assert_eq!(stream(&out), "abcdefZg");
        assert!(out.contains(&Piece::Overlap { seq: 5, len: 2 }), "{out:?}");
    }

    #[test]
    fn out_of_order_segments_wait_for_the_hole_to_fill() {
        let mut d = TcpDirection::default();
        let mut out = Vec::new();
        d.segment(&syn(ISN), &mut out);
        d.segment(&seg(ISN + 4, b"def"), &mut out);
        d.segment(&seg(ISN + 7, b"ghi"), &mut out);
        assert!(out.is_empty(), "nothing placed before the hole: {out:?}");
        assert_eq!(d.held_bytes(), 6);
        d.segment(&seg(ISN + 1, b"abc"), &mut out);
        assert_eq!(out, [data(1, b"abc"), data(4, b"def"), data(7, b"ghi")]);
        assert_eq!(d.held_bytes(), 0);
    }

    #[test]
    fn each_chunk_names_the_frame_that_carried_it_also_when_it_was_held() {
        let mut d = TcpDirection::default();
        let mut out = Vec::new();
        d.segment(&syn(ISN), &mut out);
        d.segment(
            &Segment {
                frame: 7,
                ..seg(ISN + 4, b"def")
            },
            &mut out,
        );
        d.segment(
            &Segment {
                frame: 9,
                ..seg(ISN + 1, b"abc")
            },
            &mut out,
        );
        let frames: Vec<u64> = out
            .iter()
            .filter_map(|p| match p {
                Piece::Data { frame, .. } => Some(*frame),
                _ => None,
            })
            .collect();
        assert_eq!(frames, [9, 7], "the held segment keeps its own frame");
    }

    #[test]
    fn a_hole_never_filled_is_a_gap_at_the_end() {
        let out = run(&[seg(ISN + 1, b"abc"), seg(ISN + 9, b"xyz")]);
        assert_eq!(
            out,
            [
                data(1, b"abc"),
                Piece::Gap { seq: 4, len: 5 },
                data(9, b"xyz")
            ]
        );
    }

    #[test]
    fn an_ack_past_held_data_gives_up_the_hole_before_it() {
        let mut d = TcpDirection::default();
        let mut out = Vec::new();
        d.segment(&syn(ISN), &mut out);
        d.segment(&seg(ISN + 1, b"abc"), &mut out);
        d.segment(&seg(ISN + 9, b"xyz"), &mut out);
        d.acknowledged(SeqNum(ISN + 9), &mut out);
        assert_eq!(
            out.len(),
            1,
            "an ack up to the held data is no proof: {out:?}"
        );
        d.acknowledged(SeqNum(ISN + 12), &mut out);
        assert_eq!(
            out,
            [
                data(1, b"abc"),
                Piece::Gap { seq: 4, len: 5 },
                data(9, b"xyz")
            ]
        );
    }

    #[test]
    fn syn_and_fin_each_take_one_sequence_number() {
        let fin = Segment {
            fin: true,
            ..seg(ISN + 1, b"bye")
        };
        let mut d = TcpDirection::default();
        let mut out = Vec::new();
        d.segment(&syn(ISN), &mut out);
        d.segment(&fin, &mut out);
        // A segment after the FIN's number (a bogus one) is not a hole.
        d.segment(&seg(ISN + 5, b"!"), &mut out);
        d.finish(&mut out);
        assert_eq!(out, [data(1, b"bye"), data(5, b"!")]);
    }

    #[test]
    fn sequence_numbers_wrap_around() {
        let isn = u32::MAX - 2;
        let mut d = TcpDirection::default();
        let mut out = Vec::new();
        d.segment(&syn(isn), &mut out);
        d.segment(&seg(isn.wrapping_add(1), b"abcd"), &mut out);
        d.segment(&seg(isn.wrapping_add(9), b"ijk"), &mut out);
        d.segment(&seg(isn.wrapping_add(5), b"efgh"), &mut out);
        assert_eq!(stream(&out), "abcdefghijk");
        assert_eq!(out.last(), Some(&data(9, b"ijk")));
    }

    #[test]
    fn a_missed_handshake_counts_from_the_first_byte_seen() {
        let mut d = TcpDirection::default();
        let mut out = Vec::new();
        d.segment(&seg(5000, b"mid"), &mut out);
        d.segment(&seg(5003, b"dle"), &mut out);
        // Before the first byte seen: tshark drops it, so does wirelab.
        d.segment(&seg(4990, b"early"), &mut out);
        assert_eq!(out, [data(1, b"mid"), data(4, b"dle")]);
    }

    #[test]
    fn a_keep_alive_is_not_data_nor_an_overlap() {
        let out = run(&[seg(ISN + 1, b"abc"), seg(ISN + 3, b"\0")]);
        assert_eq!(out, [data(1, b"abc")]);
    }

    #[test]
    fn bytes_the_snap_length_cut_are_a_gap() {
        let cut = Segment {
            len: 10,
            ..seg(ISN + 1, b"abcd")
        };
        let out = run(&[cut, seg(ISN + 11, b"k")]);
        assert_eq!(
            out,
            [
                data(1, b"abcd"),
                Piece::Gap { seq: 5, len: 6 },
                data(11, b"k")
            ]
        );
    }

    #[test]
    fn held_data_past_the_cap_gives_up_the_first_hole() {
        let chunk = vec![b'x'; 64 * 1024];
        let mut d = TcpDirection::default();
        let mut out = Vec::new();
        d.segment(&syn(ISN), &mut out);
        // A hole of one byte at position 1, then more than the cap after it.
        let mut seq = ISN + 2;
        let mut most = 0;
        for _ in 0..(MAX_HELD_BYTES / chunk.len() + 8) {
            d.segment(&seg(seq, &chunk), &mut out);
            most = most.max(d.held_bytes());
            seq = seq.wrapping_add(chunk.len() as u32);
        }
        assert!(most <= MAX_HELD_BYTES, "held {most}");
        assert_eq!(out.first(), Some(&Piece::Gap { seq: 1, len: 1 }));
        assert_eq!(d.held_bytes(), 0, "everything after the hole placed");
    }

    #[test]
    fn many_small_pieces_past_the_cap_give_up_the_first_hole() {
        let mut d = TcpDirection::default();
        let mut out = Vec::new();
        d.segment(&syn(ISN), &mut out);
        // Every other byte: each its own piece, each after a hole.
        for i in 0..(MAX_HELD_PIECES as u32 + 10) {
            d.segment(&seg(ISN + 2 + 2 * i, b"x"), &mut out);
        }
        assert!(d.held.len() <= MAX_HELD_PIECES);
        assert_eq!(out.first(), Some(&Piece::Gap { seq: 1, len: 1 }));
    }

    #[test]
    fn a_segment_with_no_payload_places_nothing() {
        assert_eq!(run(&[seg(ISN + 1, b""), seg(ISN + 1, b"")]), []);
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig {
                cases: 500,
                failure_persistence: None,
                ..ProptestConfig::default()
            })]

            /// A stream cut into segments at random, sent in any order with copies of some
            /// (each copy with the same bytes, maybe longer or shorter), comes back whole,
            /// once, with no gap nor overlap: the segments cover every byte, so nothing is
            /// missing at the end.
            #[test]
            fn any_order_of_copies_gives_back_the_stream(
                isn in any::<u32>(),
                stream in proptest::collection::vec(any::<u8>(), 1..400),
                cuts in proptest::collection::vec(0usize..400, 0..12),
                extra in proptest::collection::vec((0usize..400, 1usize..64), 0..8),
                order in proptest::collection::vec(any::<u32>(), 24),
            ) {
                let mut bounds: Vec<usize> = cuts.iter().map(|c| c % stream.len()).collect();
                bounds.extend([0, stream.len()]);
                bounds.sort_unstable();
                bounds.dedup();
                let mut ranges: Vec<(usize, usize)> = bounds.windows(2).map(|w| (w[0], w[1])).collect();
                for (at, len) in extra {
                    let at = at % stream.len();
                    ranges.push((at, (at + len).min(stream.len())));
                }
                // A shuffle driven by `order`.
                let mut keyed: Vec<(u32, (usize, usize))> = ranges
                    .into_iter()
                    .enumerate()
                    .map(|(i, r)| (order.get(i % order.len()).copied().unwrap_or(0) ^ i as u32, r))
                    .collect();
                keyed.sort_unstable();
                let mut d = TcpDirection::default();
                let mut out = Vec::new();
                d.segment(&syn(isn), &mut out);
                for (_, (a, b)) in keyed {
                    let bytes = &stream[a..b];
                    d.segment(&seg(isn.wrapping_add(1).wrapping_add(a as u32), bytes), &mut out);
                }
                d.finish(&mut out);
                let mut placed = Vec::new();
                let mut at = 1u64;
                for p in &out {
                    match p {
                        Piece::Data { seq, bytes, .. } => {
                            prop_assert_eq!(*seq, at);
                            at += bytes.len() as u64;
                            placed.extend_from_slice(bytes);
                        }
                        other => prop_assert!(false, "unexpected {:?}", other),
                    }
                }
                prop_assert_eq!(placed, stream);
                prop_assert_eq!(d.held_bytes(), 0);
            }
        }
    }
}
