//! Differing overlaps: whether the bytes a segment sends again are the bytes sent the first
//! time. Wireshark flags a segment whose overlapping bytes differ from those already there
//! (`tcp.segment.overlap.conflict`, "Conflicting data in segment overlap": reassemble.c
//! compares an overlapping fragment with the data it covers and sets
//! `FD_OVERLAPCONFLICT`); wirelab checks every TCP conversation so, not only the one followed,
//! and keeps the first copy as tshark does.
//!
//! Bounded: each direction keeps only the bytes its peer has not acknowledged yet, from the
//! last acknowledgement on, contiguous. At most [`MAX_UNACKED_DIR`] a direction and
//! [`MAX_UNACKED_TOTAL`] (allocated) over all conversations; a direction that would pass either
//! frees what it holds and is not checked until the peer acknowledges everything it has sent
//! (a [`Check::Unchecked`], so a view can say so); the buffer never grows past the caps.
//! Bytes after a hole in the capture (a segment not captured, or cut by the snap length)
//! restart the copy at the hole's end: the bytes before it are not compared again.
//!
//! In-order data costs one append; only a segment that overlaps held bytes is compared.
//! Never panics on any segment: slices through `get`, sequence numbers with wrap-around.

use crate::track::seq::SeqNum;

/// Most unacknowledged bytes one direction keeps for the check.
pub const MAX_UNACKED_DIR: usize = 256 << 10;

/// Most bytes (allocated) all conversations' checks keep together.
pub const MAX_UNACKED_TOTAL: usize = 64 << 20;

/// The first allocation of a direction's buffer: a request or a burst of a few segments fits
/// without growing it (growing it segment by segment was most of the check's cost, in
/// `realloc` copies). A buffer emptied by an acknowledgement is freed, so a connection that
/// is not sending holds nothing.
const FIRST_ALLOCATION: usize = 16 << 10;

/// Empty buffers of [`FIRST_ALLOCATION`] kept for the next direction that sends, at most.
const MAX_SPARE: usize = 64;

/// What every direction's check has allocated (at most [`MAX_UNACKED_TOTAL`]), and the
/// emptied buffers kept for reuse: the tracker's, lent to one connection per segment.
#[derive(Debug, Default)]
pub struct UnackedBudget {
    /// Bytes allocated, spare buffers included.
    pub allocated: usize,
    /// Empty buffers of [`FIRST_ALLOCATION`] bytes: a connection that starts sending takes
    /// one instead of asking the allocator (a `malloc` and a `free` per burst cost more
    /// than the copy of its bytes).
    spare: Vec<Vec<u8>>,
}

/// What the check found on one segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Nothing to say: new bytes, or bytes sent again unchanged.
    Fine,
    /// Of the bytes sent again, `differing` differ from the copy sent first.
    Conflict { differing: u32 },
    /// The check stops for this direction until the peer acknowledges what was sent:
    /// `total` when the cap over all conversations was reached, else this direction's.
    Unchecked { total: bool },
}

/// One direction's bytes not yet acknowledged.
#[derive(Debug, Clone, Default)]
pub struct Unacked {
    /// The sequence number of `bytes[head]`; `None` before the first byte.
    start: Option<SeqNum>,
    bytes: Vec<u8>,
    /// Bytes before it are acknowledged (dropped lazily, to move the rest less often).
    head: usize,
    /// Not checking: past a cap, until the peer acknowledges this sequence number.
    paused_until: Option<SeqNum>,
}

impl Unacked {
    /// Bytes held (not yet acknowledged).
    pub fn held(&self) -> usize {
        self.bytes.len().saturating_sub(self.head)
    }

    /// Bytes allocated.
    pub fn allocated(&self) -> usize {
        self.bytes.capacity()
    }

    /// A segment's payload (`seq`: its first byte's number; `declared`: its length as IP
    /// says, more than `data` when the capture cut it): compared where it covers held bytes,
    /// appended where it goes on from them.
    pub fn data(
        &mut self,
        seq: SeqNum,
        data: &[u8],
        declared: u32,
        budget: &mut UnackedBudget,
    ) -> Check {
        let end = seq.plus(declared);
        if let Some(until) = self.paused_until.as_mut() {
            *until = until.max(end);
            return Check::Fine;
        }
        let start = *self.start.get_or_insert(seq);
        let held = self.held();
        // Where the segment starts, relative to the first held byte.
        let at = i64::from(seq.diff(start));
        let differing = self.compare(at, data);
        let held_i = held as i64;
        if at > held_i {
            // A hole (bytes not captured): start again from this segment.
            self.restart(seq, budget);
            return self.append_or_pause(seq, data, declared, budget, differing);
        }
        let seg_end = at.saturating_add(i64::from(declared));
        if seg_end <= held_i {
            return conflict(differing);
        }
        let skip = usize::try_from(held_i - at).unwrap_or(usize::MAX);
        let new = data.get(skip..).unwrap_or_default();
        let new_declared = u32::try_from(seg_end - held_i).unwrap_or(u32::MAX);
        self.append_or_pause(seq.plus(skip as u32), new, new_declared, budget, differing)
    }

    /// How many of `data`'s bytes, starting `at` bytes after the first held one, differ
    /// from the held bytes they cover.
    fn compare(&self, at: i64, data: &[u8]) -> u32 {
        let held = self.bytes.get(self.head..).unwrap_or_default();
        let (from_held, from_data) = if at >= 0 {
            (usize::try_from(at).unwrap_or(usize::MAX), 0)
        } else {
            (0, usize::try_from(-at).unwrap_or(usize::MAX))
        };
        let (Some(old), Some(new)) = (held.get(from_held..), data.get(from_data..)) else {
            return 0;
        };
        let n = old.len().min(new.len());
        if old.get(..n) == new.get(..n) {
            return 0;
        }
        let differ = old.iter().zip(new).filter(|(a, b)| a != b).count();
        u32::try_from(differ).unwrap_or(u32::MAX)
    }

    /// Appends `data` (the part of a segment past the held bytes, starting at `seq`), unless
    /// a cap would be passed: then the direction stops being checked.
    fn append_or_pause(
        &mut self,
        seq: SeqNum,
        data: &[u8],
        declared: u32,
        budget: &mut UnackedBudget,
        differing: u32,
    ) -> Check {
        let end = seq.plus(declared);
        let want = self.held() + data.len();
        if want > MAX_UNACKED_DIR {
            return self.pause(end, budget, false);
        }
        if self.bytes.capacity() == 0
            && data.len() <= FIRST_ALLOCATION
            && let Some(buffer) = budget.spare.pop()
        {
            // Counted in `allocated` already.
            self.bytes = buffer;
        }
        let before = self.allocated();
        if self.bytes.len() + data.len() > self.bytes.capacity() {
            self.compact();
            let grown = (self.bytes.len() + data.len())
                .next_power_of_two()
                .clamp(FIRST_ALLOCATION, MAX_UNACKED_DIR);
            let extra = grown.saturating_sub(before);
            if budget.allocated.saturating_add(extra) > MAX_UNACKED_TOTAL {
                return self.pause(end, budget, true);
            }
            self.bytes.reserve_exact(grown - self.bytes.len());
        }
        self.bytes.extend_from_slice(data);
        budget.allocated = budget.allocated.saturating_sub(before) + self.allocated();
        if data.len() < declared as usize {
            // The snap length cut the segment: what follows starts after the hole.
            self.restart(end, budget);
        }
        conflict(differing)
    }

    /// Frees the held bytes and stops checking until `until` is acknowledged.
    fn pause(&mut self, until: SeqNum, budget: &mut UnackedBudget, total: bool) -> Check {
        budget.allocated = budget.allocated.saturating_sub(self.allocated());
        *self = Unacked {
            paused_until: Some(until),
            ..Unacked::default()
        };
        Check::Unchecked { total }
    }

    /// Drops the held bytes; the next byte expected is `seq`.
    fn restart(&mut self, seq: SeqNum, budget: &mut UnackedBudget) {
        self.bytes.clear();
        self.head = 0;
        self.start = Some(seq);
        self.trim_allocation(budget);
    }

    /// The peer acknowledged `ack`: the bytes before it are dropped, and a paused direction
    /// whose every byte is acknowledged is checked again.
    pub fn acknowledged(&mut self, ack: SeqNum, budget: &mut UnackedBudget) {
        if let Some(until) = self.paused_until {
            if ack.ge(until) {
                self.paused_until = None;
                self.start = Some(ack);
            }
            return;
        }
        let Some(start) = self.start else {
            return;
        };
        let acked = ack.diff(start);
        if acked <= 0 {
            return;
        }
        let acked = usize::try_from(acked).unwrap_or(usize::MAX);
        if acked >= self.held() {
            // Everything (and perhaps bytes the capture missed) acknowledged.
            self.restart(ack, budget);
            return;
        }
        self.head += acked;
        self.start = Some(ack);
    }

    /// Moves the held bytes to the front of the buffer.
    fn compact(&mut self) {
        if self.head > 0 {
            self.bytes.drain(..self.head.min(self.bytes.len()));
            self.head = 0;
        }
    }

    /// An empty buffer is given back: kept as a spare when it has the first allocation's
    /// size and there is room, freed otherwise.
    fn trim_allocation(&mut self, budget: &mut UnackedBudget) {
        if !self.bytes.is_empty() || self.bytes.capacity() == 0 {
            return;
        }
        let buffer = std::mem::take(&mut self.bytes);
        if buffer.capacity() == FIRST_ALLOCATION && budget.spare.len() < MAX_SPARE {
            budget.spare.push(buffer);
        } else {
            budget.allocated = budget.allocated.saturating_sub(buffer.capacity());
        }
    }
}

fn conflict(differing: u32) -> Check {
    if differing == 0 {
        Check::Fine
    } else {
        Check::Conflict { differing }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(steps: &[(u32, &[u8])]) -> (Unacked, Vec<Check>, UnackedBudget) {
        let mut u = Unacked::default();
        let mut budget = UnackedBudget::default();
        let checks = steps
            .iter()
            .map(|(seq, data)| u.data(SeqNum(*seq), data, data.len() as u32, &mut budget))
            .collect();
        (u, checks, budget)
    }

    #[test]
    fn the_same_bytes_again_are_fine_and_other_bytes_are_a_conflict() {
        let (_, checks, _) = run(&[(100, b"hello"), (100, b"hello"), (100, b"jelly")]);
        assert_eq!(
            checks,
            [Check::Fine, Check::Fine, Check::Conflict { differing: 2 }]
        );
    }

    #[test]
    fn a_partial_overlap_compares_only_the_bytes_it_covers_and_appends_the_rest() {
        let (u, checks, _) = run(&[(100, b"hello"), (103, b"loWORLD"), (105, b"WORLD")]);
        assert_eq!(checks, [Check::Fine, Check::Fine, Check::Fine]);
        assert_eq!(u.held(), 10);
        let (_, checks, _) = run(&[(100, b"hello"), (98, b"xxhex")]);
        assert_eq!(checks.get(1), Some(&Check::Conflict { differing: 1 }));
    }

    #[test]
    fn acknowledged_bytes_are_dropped_and_no_longer_compared() {
        let (mut u, _, mut budget) = run(&[(100, b"hello world")]);
        u.acknowledged(SeqNum(106), &mut budget);
        assert_eq!(u.held(), 5);
        assert_eq!(
            u.data(SeqNum(100), b"HELLO world", 11, &mut budget),
            Check::Fine,
            "the acknowledged part is not compared"
        );
        assert_eq!(
            u.data(SeqNum(106), b"WORLD", 5, &mut budget),
            Check::Conflict { differing: 5 }
        );
        u.acknowledged(SeqNum(111), &mut budget);
        assert_eq!(u.held(), 0);
        assert_eq!(u.allocated(), 0, "an emptied buffer is given back");
        assert_eq!(budget.spare.len(), 1, "kept for the next sender");
        assert_eq!(budget.allocated, FIRST_ALLOCATION);
        let mut other = Unacked::default();
        other.data(SeqNum(1), b"x", 1, &mut budget);
        assert!(budget.spare.is_empty(), "and taken by it");
        assert_eq!(budget.allocated, FIRST_ALLOCATION);
    }

    #[test]
    fn a_hole_starts_the_copy_again_after_it() {
        let (u, checks, _) = run(&[(100, b"abc"), (200, b"def"), (100, b"xyz")]);
        assert_eq!(checks, [Check::Fine, Check::Fine, Check::Fine]);
        assert_eq!(u.held(), 3);
    }

    #[test]
    fn sequence_numbers_wrap() {
        let (_, checks, _) = run(&[(u32::MAX - 1, b"abcd"), (0, b"cX")]);
        assert_eq!(checks.get(1), Some(&Check::Conflict { differing: 1 }));
    }

    #[test]
    fn past_the_cap_the_direction_is_unchecked_until_acknowledged() {
        let mut u = Unacked::default();
        let mut budget = UnackedBudget::default();
        let chunk = vec![7u8; 64 << 10];
        let mut seq = SeqNum(1);
        let mut checks = Vec::new();
        for _ in 0..5 {
            checks.push(u.data(seq, &chunk, chunk.len() as u32, &mut budget));
            seq = seq.plus(chunk.len() as u32);
            assert!(u.allocated() <= MAX_UNACKED_DIR, "never grows past the cap");
        }
        assert_eq!(
            checks,
            [
                Check::Fine,
                Check::Fine,
                Check::Fine,
                Check::Fine,
                Check::Unchecked { total: false }
            ]
        );
        assert_eq!(u.allocated(), 0, "the bytes are freed");
        assert_eq!(budget.allocated, 0);
        assert!(budget.spare.is_empty(), "a grown buffer is not kept");
        // Resent with other bytes while unchecked: nothing can be said.
        assert_eq!(u.data(SeqNum(1), &[0u8; 10], 10, &mut budget), Check::Fine);
        u.acknowledged(seq.plus(u32::MAX), &mut budget);
        assert_eq!(u.data(seq, b"ab", 2, &mut budget), Check::Fine);
        assert_eq!(u.held(), 0, "still unchecked: one byte unacknowledged");
        u.acknowledged(seq.plus(2), &mut budget);
        assert_eq!(u.data(seq.plus(2), b"cd", 2, &mut budget), Check::Fine);
        assert_eq!(
            u.data(seq.plus(2), b"cX", 2, &mut budget),
            Check::Conflict { differing: 1 },
            "checked again once everything was acknowledged"
        );
    }

    #[test]
    fn the_total_cap_pauses_a_direction_too() {
        let mut u = Unacked::default();
        let mut budget = UnackedBudget {
            allocated: MAX_UNACKED_TOTAL - 100,
            spare: Vec::new(),
        };
        assert_eq!(
            u.data(SeqNum(1), &[1u8; 1000], 1000, &mut budget),
            Check::Unchecked { total: true }
        );
        assert_eq!(budget.allocated, MAX_UNACKED_TOTAL - 100);
    }

    #[test]
    fn a_cut_segment_restarts_after_its_declared_end() {
        let mut u = Unacked::default();
        let mut budget = UnackedBudget::default();
        assert_eq!(u.data(SeqNum(1), b"abc", 10, &mut budget), Check::Fine);
        assert_eq!(u.held(), 0);
        assert_eq!(u.data(SeqNum(11), b"def", 3, &mut budget), Check::Fine);
        assert_eq!(
            u.data(SeqNum(11), b"dXf", 3, &mut budget),
            Check::Conflict { differing: 1 }
        );
    }

    proptest::proptest! {
        /// Any segment over any held bytes: no panic, and the caps hold.
        #[test]
        fn any_segments_keep_the_bounds(
            steps in proptest::collection::vec(
                (0u32..4000, proptest::collection::vec(proptest::num::u8::ANY, 0..3000), 0u32..4000, proptest::bool::ANY),
                1..40,
            )
        ) {
            let mut u = Unacked::default();
            let mut budget = UnackedBudget::default();
            for (seq, data, extra, ack) in steps {
                let declared = data.len() as u32 + extra % 4;
                if ack {
                    u.acknowledged(SeqNum(seq), &mut budget);
                } else {
                    u.data(SeqNum(seq.wrapping_sub(1000)), &data, declared, &mut budget);
                }
                proptest::prop_assert!(u.held() <= MAX_UNACKED_DIR);
                let spare: usize = budget.spare.iter().map(Vec::capacity).sum();
                proptest::prop_assert_eq!(budget.allocated, u.allocated() + spare);
            }
        }
    }
}
