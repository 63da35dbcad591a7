//! Text that repeats for every packet of a conversation direction ("10.0.0.1:443 → 10.0.0.2:
//! 50000", the JSON address pair), kept once it is built so that the next packet copies it
//! instead of formatting addresses again (IPv6 through `core::fmt` most of all).
//!
//! The conversation id only chooses the slot; a slot is used only when the values it was built
//! from are equal to this packet's, so a stale or shared slot can cost a rebuild, never give
//! wrong text.

use arrayvec::ArrayVec;

/// Slots in the table: enough for the conversations a capture has open at once.
const SLOTS: usize = 4096;

/// Built text of at most `N` bytes (longer text is built every time), keyed by the values it
/// was built from. `N` is chosen per use: the slots of a table are touched all over, so the
/// smaller they are, the more of them stay in the CPU's caches.
pub(super) struct FragmentCache<K, const N: usize> {
    slots: Vec<Option<(K, ArrayVec<u8, N>)>>,
}

impl<K: Clone + PartialEq, const N: usize> Default for FragmentCache<K, N> {
    fn default() -> Self {
        FragmentCache { slots: Vec::new() }
    }
}

impl<K: Clone + PartialEq, const N: usize> FragmentCache<K, N> {
    /// Appends the text for `key` to `out`: the copy kept in slot `hint`, or what `build`
    /// writes (which is then kept there).
    pub fn write(
        &mut self,
        out: &mut Vec<u8>,
        hint: u64,
        key: K,
        build: impl FnOnce(&mut Vec<u8>),
    ) {
        if self.slots.is_empty() {
            self.slots.resize_with(SLOTS, || None);
        }
        // SLOTS is a power of two.
        let index = (hint as usize) & (SLOTS - 1);
        let Some(slot) = self.slots.get_mut(index) else {
            build(out);
            return;
        };
        if let Some((k, text)) = slot
            && *k == key
        {
            out.extend_from_slice(text);
            return;
        }
        let start = out.len();
        build(out);
        *slot = ArrayVec::try_from(&out[start..])
            .ok()
            .map(|text| (key, text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: usize = 16;

    #[test]
    fn a_slot_serves_only_its_own_key() {
        let mut cache = FragmentCache::<u32, MAX>::default();
        let mut out = Vec::new();
        cache.write(&mut out, 7, 1, |o| o.extend_from_slice(b"one "));
        // Same slot, same key: the kept copy, not the builder's text.
        cache.write(&mut out, 7, 1, |o| o.extend_from_slice(b"WRONG "));
        // Same slot, other key: rebuilt.
        cache.write(&mut out, 7, 2, |o| o.extend_from_slice(b"two "));
        cache.write(&mut out, 7 + SLOTS as u64, 2, |o| {
            o.extend_from_slice(b"WRONG ")
        });
        // Too long to keep: built each time.
        let long = [b'x'; MAX + 1];
        cache.write(&mut out, 9, 3, |o| o.extend_from_slice(b"["));
        cache.write(&mut out, 10, 4, |o| o.extend_from_slice(&long));
        cache.write(&mut out, 10, 4, |o| o.extend_from_slice(b"]"));
        let mut expected = b"one one two two [".to_vec();
        expected.extend_from_slice(&long);
        expected.push(b']');
        assert_eq!(out, expected);
    }
}
