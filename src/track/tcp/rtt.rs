//! Round-trip times as tshark measures them (`tcp.analysis.ack_rtt`): each segment that
//! carries sequence space waits, with its time, for the ACK that ends exactly where it ends;
//! the time between them is the ACK's RTT.
//!
//! Memory is bounded: a side keeps at most [`MAX_UNACKED`] segments waiting (tshark keeps
//! 10,000), so a long burst without ACKs in the capture times only its first segments.

use crate::capture::{Duration, Timestamp};
use crate::track::seq::SeqNum;

/// The most segments of one side waiting for their ACK. 64 full-sized segments are about
/// 92 KiB in flight; past that, later segments are not timed.
pub const MAX_UNACKED: usize = 64;

/// One side's segments not yet acknowledged, oldest first: where each ends and when it was
/// sent. Empty (no allocation) until the side sends sequence space.
#[derive(Debug, Clone, Default)]
pub struct Unacked(Vec<(SeqNum, Timestamp)>);

impl Unacked {
    /// Notes a segment ending at `end` (its next sequence number), sent at `ts`.
    pub fn sent(&mut self, end: SeqNum, ts: Timestamp) {
        if self.0.len() < MAX_UNACKED {
            self.0.push((end, ts));
        }
    }

    /// An acknowledgement up to `ack`, seen at `ts`: the time since the earliest segment
    /// ending exactly at `ack` (tshark walks its list from the newest, and the last match,
    /// the earliest, gives the time), and every segment ending at or before `ack` is
    /// forgotten.
    pub fn acknowledge(&mut self, ack: SeqNum, ts: Timestamp) -> Option<Duration> {
        let rtt = self
            .0
            .iter()
            .find(|(end, _)| *end == ack)
            .map(|(_, sent)| ts.since(*sent));
        self.0.retain(|(end, _)| end.gt(ack));
        rtt
    }
}

/// The ACK round-trip times of one side's data: how many, the least, the greatest and the
/// sum (for the mean), in nanoseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RttStats {
    pub count: u32,
    pub min: i64,
    pub max: i64,
    pub sum: i64,
}

impl RttStats {
    /// Adds one measured time.
    pub fn add(&mut self, d: Duration) {
        let ns = i64::try_from(d.0).unwrap_or(if d.0 < 0 { i64::MIN } else { i64::MAX });
        if self.count == 0 {
            self.min = ns;
            self.max = ns;
        } else {
            self.min = self.min.min(ns);
            self.max = self.max.max(ns);
        }
        self.count = self.count.saturating_add(1);
        self.sum = self.sum.saturating_add(ns);
    }

    /// The mean, when there is one.
    pub fn mean(&self) -> Option<Duration> {
        (self.count > 0).then(|| Duration(i128::from(self.sum) / i128::from(self.count)))
    }

    pub fn min(&self) -> Option<Duration> {
        (self.count > 0).then_some(Duration(i128::from(self.min)))
    }

    pub fn max(&self) -> Option<Duration> {
        (self.count > 0).then_some(Duration(i128::from(self.max)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ms: i64) -> Timestamp {
        Timestamp {
            secs: ms / 1000,
            nanos: ((ms % 1000) * 1_000_000) as u32,
        }
    }

    #[test]
    fn an_ack_times_the_earliest_copy_of_the_segment_it_ends_at() {
        let mut u = Unacked::default();
        u.sent(SeqNum(101), at(10));
        u.sent(SeqNum(201), at(11));
        u.sent(SeqNum(101), at(200)); // the first one again
        assert_eq!(
            u.acknowledge(SeqNum(101), at(220)),
            Some(Duration(210_000_000))
        );
        // The copies are gone; the next segment still waits.
        assert_eq!(u.acknowledge(SeqNum(101), at(230)), None);
        assert_eq!(
            u.acknowledge(SeqNum(201), at(240)),
            Some(Duration(229_000_000))
        );
    }

    #[test]
    fn an_ack_past_a_segment_forgets_it_without_timing_it() {
        let mut u = Unacked::default();
        u.sent(SeqNum(101), at(10));
        u.sent(SeqNum(201), at(11));
        assert_eq!(u.acknowledge(SeqNum(150), at(20)), None);
        assert_eq!(u.acknowledge(SeqNum(301), at(30)), None);
        assert!(u.0.is_empty());
    }

    #[test]
    fn stats_keep_min_max_and_mean() {
        let mut s = RttStats::default();
        assert_eq!(s.mean(), None);
        for ns in [3, 1, 2] {
            s.add(Duration(ns));
        }
        assert_eq!(
            (s.min(), s.max(), s.mean()),
            (Some(Duration(1)), Some(Duration(3)), Some(Duration(2)))
        );
    }
}
