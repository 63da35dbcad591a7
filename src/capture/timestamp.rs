//! Capture timestamps with nanosecond resolution and the arithmetic the renderers need.

use std::fmt::{self, Write};

/// Seconds and nanoseconds since the Unix epoch, `nanos` always below 1e9.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Timestamp {
    pub secs: i64,
    pub nanos: u32,
}

const NANOS_PER_SEC: i64 = 1_000_000_000;

impl Timestamp {
    /// Builds a timestamp from a record's raw fields, carrying an out-of-range sub-second
    /// field into the seconds (some files store 1,000,000 µs). Returns whether it had to.
    pub fn from_parts(secs: i64, sub_nanos: i64) -> (Timestamp, bool) {
        let carry = sub_nanos.div_euclid(NANOS_PER_SEC);
        let nanos = sub_nanos.rem_euclid(NANOS_PER_SEC);
        let ts = Timestamp {
            secs: secs.saturating_add(carry),
            // rem_euclid keeps it in 0..1e9, which fits.
            nanos: u32::try_from(nanos).unwrap_or(0),
        };
        (ts, carry != 0)
    }

    /// Signed difference `self - earlier` (negative when timestamps go backwards).
    pub fn since(self, earlier: Timestamp) -> Duration {
        let total = (i128::from(self.secs) - i128::from(earlier.secs)) * i128::from(NANOS_PER_SEC)
            + i128::from(self.nanos)
            - i128::from(earlier.nanos);
        Duration(total)
    }
}

/// Prints as epoch seconds with nine decimals, as tshark's `frame.time_epoch`.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:09}", self.secs, self.nanos)
    }
}

/// A signed time difference in nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Duration(pub i128);

/// Prints as seconds with six decimals (`-0.000012` when negative).
impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let micros = (abs + 500) / 1000;
        // Formatted on the stack, then padded, so that `{:>11}` aligns without allocating.
        let mut text = arrayvec::ArrayString::<64>::new();
        write!(
            text,
            "{sign}{}.{:06}",
            micros / 1_000_000,
            micros % 1_000_000
        )?;
        f.pad(&text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn microsecond_field_of_one_million_carries_into_seconds() {
        let (ts, fixed) = Timestamp::from_parts(1418145370, 1_000_000_000);
        assert_eq!(
            ts,
            Timestamp {
                secs: 1418145371,
                nanos: 0
            }
        );
        assert!(fixed);
        assert_eq!(ts.to_string(), "1418145371.000000000");
    }

    #[test]
    fn negative_difference_prints_with_sign() {
        let a = Timestamp { secs: 10, nanos: 0 };
        let b = Timestamp {
            secs: 9,
            nanos: 999_988_000,
        };
        assert_eq!(b.since(a).to_string(), "-0.000012");
        assert_eq!(a.since(b).to_string(), "0.000012");
    }
}
