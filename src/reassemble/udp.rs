//! Datagrams of a followed conversation: each one chunk, placed at its side's byte count
//! (the first datagram's bytes start at 0). Never panics on any frame.

/// Each side's bytes so far, to place the next datagram.
#[derive(Debug, Default, Clone, Copy)]
pub struct DatagramOffsets([u64; 2]);

impl DatagramOffsets {
    /// The position of a datagram of `len` bytes from side `index` (0 client, 1 server).
    pub fn next(&mut self, index: usize, len: usize) -> u64 {
        let Some(count) = self.0.get_mut(index) else {
            return 0;
        };
        let at = *count;
        *count += len as u64;
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_each_side_on_its_own() {
        let mut o = DatagramOffsets::default();
        assert_eq!(o.next(0, 5), 0);
        assert_eq!(o.next(1, 3), 0);
        assert_eq!(o.next(0, 2), 5);
        assert_eq!(o.next(7, 2), 0);
    }
}
