//! Datagrams of a followed conversation: each one chunk, placed at its side's byte count
//! (the first datagram's bytes start at 0). Never panics on any frame.

use crate::decode::Udp;

/// The payload of `udp`, found in the frame that carries it: the bytes after its 8-byte
/// header, at most `payload_len`, cut where the capture ends.
///
/// `decode::Udp` keeps the header's fields but no slice of the payload, so the header is
/// found again by its own 8 bytes (ports, length, checksum), the first place they occur in
/// the frame: the link and IP headers before it would need all eight to repeat by chance.
pub fn payload<'a>(udp: &Udp, frame: &'a [u8]) -> &'a [u8] {
    let mut header = [0u8; 8];
    for (i, field) in [udp.sport, udp.dport, udp.len, udp.checksum]
        .iter()
        .enumerate()
    {
        if let Some(slot) = header.get_mut(2 * i..2 * i + 2) {
            slot.copy_from_slice(&field.to_be_bytes());
        }
    }
    let Some(at) = frame.windows(8).position(|w| w == header) else {
        return &[];
    };
    let rest = frame.get(at + 8..).unwrap_or_default();
    let len = usize::try_from(udp.payload_len).unwrap_or(usize::MAX);
    rest.get(..len).unwrap_or(rest)
}

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
    use crate::capture::LinkType;

    fn datagram(payload: &[u8]) -> Vec<u8> {
        let b = etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .udp(5000, 53);
        let mut bytes = Vec::new();
        b.write(&mut bytes, payload).expect("build a datagram");
        bytes
    }

    #[test]
    fn the_payload_is_found_after_the_header_and_padding_is_not_payload() {
        let mut frame = datagram("你好".as_bytes());
        // Ethernet pads short frames to 60 bytes: the padding is not the datagram's.
        frame.resize(60, 0);
        let packet = crate::decode::decode(LinkType::ETHERNET, &frame, 60);
        let udp = packet.udp().expect("a UDP datagram");
        assert_eq!(payload(udp, &frame), "你好".as_bytes());
    }

    #[test]
    fn a_cut_frame_gives_what_was_captured() {
        let frame = datagram(b"hello, wirelab");
        let packet = crate::decode::decode(LinkType::ETHERNET, &frame, frame.len() as u32);
        let udp = *packet.udp().expect("a UDP datagram");
        let cut = frame.get(..frame.len() - 4).expect("shorter");
        assert_eq!(payload(&udp, cut), b"hello, wir");
    }

    #[test]
    fn offsets_count_each_side_on_its_own() {
        let mut o = DatagramOffsets::default();
        assert_eq!(o.next(0, 5), 0);
        assert_eq!(o.next(1, 3), 0);
        assert_eq!(o.next(0, 2), 5);
        assert_eq!(o.next(7, 2), 0);
    }
}
