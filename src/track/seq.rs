//! TCP sequence numbers: 32-bit, compared with wrap-around (RFC 9293 §3.4). Never panics:
//! every operation is `wrapping_*`.

/// A sequence or acknowledgement number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SeqNum(pub u32);

impl SeqNum {
    pub fn plus(self, n: u32) -> SeqNum {
        SeqNum(self.0.wrapping_add(n))
    }

    /// `self - other` as a signed distance (valid while the two are less than 2^31 apart).
    pub fn diff(self, other: SeqNum) -> i32 {
        self.0.wrapping_sub(other.0) as i32
    }

    pub fn lt(self, other: SeqNum) -> bool {
        self.diff(other) < 0
    }

    pub fn le(self, other: SeqNum) -> bool {
        self.diff(other) <= 0
    }

    pub fn gt(self, other: SeqNum) -> bool {
        self.diff(other) > 0
    }

    pub fn ge(self, other: SeqNum) -> bool {
        self.diff(other) >= 0
    }

    /// The later of two numbers in sequence space.
    pub fn max(self, other: SeqNum) -> SeqNum {
        if self.ge(other) { self } else { other }
    }

    /// The number relative to `base` (what tshark shows as `tcp.seq`).
    pub fn relative_to(self, base: SeqNum) -> u32 {
        self.0.wrapping_sub(base.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparison_survives_the_wrap() {
        let before = SeqNum(u32::MAX - 10);
        let after = before.plus(20);
        assert_eq!(after, SeqNum(9));
        assert!(before.lt(after));
        assert!(after.gt(before));
        assert_eq!(after.diff(before), 20);
        assert_eq!(after.relative_to(before), 20);
        assert_eq!(before.max(after), after);
    }
}
