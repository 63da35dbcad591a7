//! DNS over TCP spread over several segments: RFC 1035 (4.2.2) sends each message after a
//! two-byte length, and nothing keeps a message inside one segment (a resolver may send the
//! length in a segment of its own; a large answer takes several). The engine reads a
//! message from a segment that holds all of it; for one that does not, this keeps its bytes
//! per conversation direction until the message is complete, and hands the message back on
//! the segment that completes it, where tshark puts it too.
//!
//! Bounded: a message is at most 65,535 bytes (its length field), and at most
//! [`MAX_PENDING`] messages wait at once, the oldest given up first; a segment that does
//! not go on from the bytes held (a hole in the capture) gives the message up, a
//! retransmission of bytes held is ignored, and a segment the snap length cut gives it up.
//! A message still incomplete when its conversation ends shows nothing. Pure: no I/O;
//! never panics on any segment.

use crate::decode::app::{Dns, dns_message};
use crate::track::{Role, SeqNum};

/// Most DNS messages over TCP waiting for their next segment, over all conversations.
pub const MAX_PENDING: usize = 64;

/// One message's bytes so far, length field included.
#[derive(Debug)]
struct Pending {
    conn: u64,
    from: Role,
    /// The sequence number of the next byte expected.
    next: SeqNum,
    bytes: Vec<u8>,
}

/// The DNS messages over TCP that are waiting for more of their bytes.
#[derive(Debug, Default)]
pub struct DnsOverTcp {
    /// Oldest first; a few at most, so searched in order.
    pending: Vec<Pending>,
}

/// A segment of one conversation direction.
#[derive(Debug, Clone, Copy)]
pub struct DnsSegment<'a> {
    pub conn: u64,
    pub from: Role,
    /// The sequence number of its first payload byte.
    pub seq: SeqNum,
    /// The payload captured.
    pub payload: &'a [u8],
    /// The payload length IP declares (more than `payload.len()` when the capture cut it).
    pub declared: u32,
}

/// The length a message's first two bytes give, with the two bytes: what the message takes.
fn wanted(bytes: &[u8]) -> Option<usize> {
    let len = u16::from_be_bytes([*bytes.first()?, *bytes.get(1)?]);
    Some(2 + usize::from(len))
}

impl DnsOverTcp {
    /// Nothing waits.
    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Messages waiting now.
    pub fn len(&self) -> usize {
        self.pending.len()
    }

    /// A segment to or from port 53 whose own bytes do not hold a whole message (the
    /// engine read that case first): the message, when this segment completes one.
    pub fn segment(&mut self, s: &DnsSegment<'_>) -> Option<Dns> {
        let cut = s.payload.len() != usize::try_from(s.declared).unwrap_or(usize::MAX);
        let Some(i) = self
            .pending
            .iter()
            .position(|p| p.conn == s.conn && p.from == s.from)
        else {
            self.start(s, cut);
            return None;
        };
        let p = self.pending.get_mut(i)?;
        if s.seq.lt(p.next) && s.seq.plus(s.declared).le(p.next) {
            // A retransmission of bytes held: the message waits on.
            return None;
        }
        if s.seq != p.next || cut {
            self.pending.remove(i);
            return None;
        }
        p.bytes.extend_from_slice(s.payload);
        p.next = p.next.plus(s.declared);
        let want = wanted(&p.bytes)?;
        if p.bytes.len() < want {
            return None;
        }
        let done = self.pending.remove(i);
        dns_message(done.bytes.get(2..want)?)
    }

    /// The first segment of a message it does not hold whole: kept, unless the capture cut
    /// it or it holds a whole message already (then it is not one this can complete).
    fn start(&mut self, s: &DnsSegment<'_>, cut: bool) {
        if cut || s.payload.is_empty() || wanted(s.payload).is_some_and(|w| s.payload.len() >= w) {
            return;
        }
        if self.pending.len() >= MAX_PENDING {
            self.pending.remove(0);
        }
        self.pending.push(Pending {
            conn: s.conn,
            from: s.from,
            next: s.seq.plus(s.declared),
            bytes: s.payload.to_vec(),
        });
    }

    /// The conversation ended: its messages will not complete.
    pub fn forget(&mut self, conn: u64) {
        self.pending.retain(|p| p.conn != conn);
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// A response to a query for a.example, id 0x1234, with one A record 192.0.2.7, after
    /// its two-byte length.
    fn message() -> Vec<u8> {
        let mut m = vec![0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0];
        m.extend_from_slice(&[1, b'a', 7]);
        m.extend_from_slice(b"example");
        m.extend_from_slice(&[0, 0, 1, 0, 1]);
        m.extend_from_slice(&[0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 7]);
        let mut framed = (m.len() as u16).to_be_bytes().to_vec();
        framed.extend_from_slice(&m);
        framed
    }

    fn seg(seq: u32, payload: &[u8]) -> DnsSegment<'_> {
        DnsSegment {
            conn: 1,
            from: Role::Server,
            seq: SeqNum(seq),
            payload,
            declared: payload.len() as u32,
        }
    }

    #[test]
    fn a_message_in_three_segments_completes_on_the_third() {
        let m = message();
        let (a, rest) = m.split_at(2);
        let (b, c) = rest.split_at(10);
        let mut d = DnsOverTcp::default();
        assert_eq!(d.segment(&seg(100, a)), None);
        assert_eq!(d.segment(&seg(102, b)), None);
        // The second segment again: ignored.
        assert_eq!(d.segment(&seg(102, b)), None);
        let dns = d.segment(&seg(112, c)).expect("complete");
        assert_eq!(dns.id, 0x1234);
        assert_eq!(dns.answers[0].data, "192.0.2.7");
        assert!(d.is_empty(), "nothing kept after the message");
    }

    #[test]
    fn a_hole_or_a_cut_segment_gives_the_message_up() {
        let m = message();
        let mut d = DnsOverTcp::default();
        d.segment(&seg(100, &m[..5]));
        assert_eq!(d.segment(&seg(110, &m[10..])), None, "bytes 5..10 missing");
        assert!(d.is_empty());
        d.segment(&seg(100, &m[..5]));
        let mut cut = seg(105, &m[5..8]);
        cut.declared = 40;
        assert_eq!(d.segment(&cut), None);
        assert!(d.is_empty());
    }

    #[test]
    fn pending_messages_are_bounded_and_forgotten_with_their_conversation() {
        let m = message();
        let mut d = DnsOverTcp::default();
        for conn in 0..(MAX_PENDING as u64 + 10) {
            d.segment(&DnsSegment {
                conn,
                ..seg(100, &m[..5])
            });
        }
        assert_eq!(d.len(), MAX_PENDING);
        d.forget(MAX_PENDING as u64 + 9);
        assert_eq!(d.len(), MAX_PENDING - 1);
    }
}
