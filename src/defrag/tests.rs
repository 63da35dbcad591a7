//! The defragmenter on fragments made by hand, and on IPv4/IPv6 frames cut by hand from
//! datagrams etherparse's `PacketBuilder` built and run through the decoder.

#![allow(clippy::indexing_slicing)]

use super::*;
use crate::capture::LinkType;
use crate::decode::{Transport, decode, decode_transport};

const SRC: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 1);
const DST: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 2);

fn key(id: u16) -> FragKey {
    FragKey::V4 {
        src: SRC,
        dst: DST,
        proto: 17,
        id,
    }
}

fn at(secs: i64) -> Timestamp {
    Timestamp { secs, nanos: 0 }
}

fn frag(offset: u16, more: bool, data: &[u8]) -> IpFragment<'_> {
    IpFragment {
        id: 7,
        offset,
        more,
        proto: 17,
        data,
        declared: data.len() as u32,
        overhead: 20,
    }
}

/// 24 bytes of payload: 0, 1, 2, ... 23.
fn payload() -> Vec<u8> {
    (0..24).collect()
}

fn completed(note: &DefragNote) -> &Reassembled {
    match &note.fate {
        FragmentFate::Completed(r) => r,
        other => panic!("not completed: {other:?}"),
    }
}

#[test]
fn fragments_in_order_complete_on_the_last_with_every_frame_listed() {
    let p = payload();
    let mut d = Defragmenter::default();
    assert_eq!(
        d.add(1, at(0), key(7), &frag(0, true, &p[..8])).fate,
        FragmentFate::Held
    );
    assert_eq!(
        d.add(2, at(0), key(7), &frag(8, true, &p[8..16])).fate,
        FragmentFate::Held
    );
    let note = d.add(3, at(0), key(7), &frag(16, false, &p[16..]));
    let r = completed(&note);
    assert_eq!(
        (r.frames.as_slice(), r.len, r.proto),
        (&[1, 2, 3][..], 24, 17)
    );
    assert_eq!(d.payload(), &p[..]);
    assert!(note.findings.is_empty());
    assert_eq!(
        (d.held(), d.bytes_held()),
        (0, 0),
        "nothing held after completion"
    );
}

#[test]
fn fragments_out_of_order_complete_when_the_hole_is_filled() {
    let p = payload();
    let mut d = Defragmenter::default();
    assert_eq!(
        d.add(1, at(0), key(7), &frag(16, false, &p[16..])).fate,
        FragmentFate::Held
    );
    assert_eq!(
        d.add(2, at(0), key(7), &frag(0, true, &p[..8])).fate,
        FragmentFate::Held
    );
    let note = d.add(3, at(0), key(7), &frag(8, true, &p[8..16]));
    assert_eq!(completed(&note).frames, vec![1, 2, 3]);
    assert_eq!(d.payload(), &p[..]);
}

#[test]
fn a_duplicate_fragment_is_an_overlap_of_the_same_bytes() {
    let p = payload();
    let mut d = Defragmenter::default();
    d.add(1, at(0), key(7), &frag(0, true, &p[..8]));
    d.add(2, at(0), key(7), &frag(0, true, &p[..8]));
    let note = d.add(3, at(0), key(7), &frag(8, false, &p[8..]));
    assert_eq!(d.payload(), &p[..]);
    let overlap = DefragFinding::Overlap {
        start: 0,
        end: 8,
        differ: false,
        frame: 2,
    };
    assert_eq!(note.findings.as_slice(), &[overlap]);
}

#[test]
fn differing_overlap_keeps_the_lower_offset_then_the_first_copy_as_tshark_does() {
    let p = payload();
    let mut d = Defragmenter::default();
    // Teardrop's shape: a second fragment that starts inside the first with other bytes.
    let forged = [0xee; 16];
    d.add(1, at(0), key(7), &frag(8, false, &forged));
    d.add(2, at(0), key(7), &frag(0, true, &p[..16]));
    let note = d.add(3, at(0), key(7), &frag(8, true, &[0xaa; 8]));
    // Not complete until frame 2 covered 0..16 and the tail (frame 1) ended at 24: frame 2
    // completes it; frame 3 starts a new datagram.
    assert!(matches!(note.fate, FragmentFate::Held), "{note:?}");
    let mut d = Defragmenter::default();
    d.add(1, at(0), key(7), &frag(8, false, &forged));
    let note = d.add(2, at(0), key(7), &frag(0, true, &p[..16]));
    completed(&note);
    // Bytes 0..16 from frame 2 (offset 0 is lower), 16..24 from frame 1.
    assert_eq!(&d.payload()[..16], &p[..16]);
    assert_eq!(&d.payload()[16..], &forged[8..]);
    let overlap = DefragFinding::Overlap {
        start: 8,
        end: 16,
        differ: true,
        frame: 1,
    };
    assert_eq!(note.findings.as_slice(), &[overlap]);
}

#[test]
fn at_the_same_offset_the_first_copy_wins() {
    let mut d = Defragmenter::default();
    d.add(1, at(0), key(7), &frag(0, true, &[1; 8]));
    d.add(2, at(0), key(7), &frag(0, true, &[2; 8]));
    let note = d.add(3, at(0), key(7), &frag(8, false, &[3; 8]));
    assert_eq!(&d.payload()[..8], &[1; 8]);
    assert!(matches!(
        note.findings.as_slice(),
        [DefragFinding::Overlap {
            differ: true,
            frame: 2,
            ..
        }]
    ));
}

#[test]
fn a_missing_last_fragment_never_completes_and_is_reported_at_the_end() {
    let p = payload();
    let mut d = Defragmenter::default();
    d.add(4, at(0), key(7), &frag(0, true, &p[..8]));
    d.add(5, at(0), key(7), &frag(8, true, &p[8..16]));
    assert_eq!(d.held(), 1);
    let gone = d.finish();
    assert_eq!(gone.len(), 1);
    assert_eq!(gone[0].frames, vec![4, 5]);
    assert_eq!(
        (gone[0].held, gone[0].end, gone[0].why),
        (16, None, GiveUp::EndOfInput)
    );
    assert_eq!(d.held(), 0);
}

#[test]
fn a_datagram_times_out_after_30_seconds_of_capture_time_for_ipv4() {
    let p = payload();
    let mut d = Defragmenter::default();
    d.add(1, at(100), key(7), &frag(0, true, &p[..8]));
    d.expire(at(129));
    assert_eq!(d.held(), 1, "29 s: still waiting");
    // The last fragment comes too late: the first was given up, this one waits alone.
    let note = d.add(2, at(130), key(7), &frag(8, false, &p[8..]));
    assert_eq!(note.fate, FragmentFate::Held);
    let gone = d.take_given_up();
    assert_eq!(gone.len(), 1);
    assert_eq!(
        (gone[0].frames.as_slice(), gone[0].why),
        (&[1][..], GiveUp::Timeout { secs: 30 })
    );
}

#[test]
fn past_the_datagram_cap_the_oldest_is_given_up() {
    let limits = DefragLimits {
        max_datagrams: 2,
        ..DefragLimits::default()
    };
    let mut d = Defragmenter::new(limits);
    for id in 1..=3u16 {
        d.add(u64::from(id), at(0), key(id), &frag(0, true, &[0; 8]));
    }
    assert_eq!(d.held(), 2);
    let gone = d.take_given_up();
    assert_eq!(gone.len(), 1);
    assert_eq!((gone[0].key, gone[0].why), (key(1), GiveUp::TableFull));
}

#[test]
fn past_the_byte_cap_the_oldest_is_given_up() {
    let limits = DefragLimits {
        max_bytes: 20,
        ..DefragLimits::default()
    };
    let mut d = Defragmenter::new(limits);
    d.add(1, at(0), key(1), &frag(0, true, &[0; 16]));
    d.add(2, at(0), key(2), &frag(0, true, &[0; 8]));
    assert_eq!(d.bytes_held(), 8);
    assert_eq!(d.take_given_up()[0].key, key(1));
}

#[test]
fn too_many_fragments_give_the_datagram_up() {
    let limits = DefragLimits {
        max_fragments: 3,
        ..DefragLimits::default()
    };
    let mut d = Defragmenter::new(limits);
    for i in 0..3u16 {
        d.add(u64::from(i), at(0), key(7), &frag(i * 8, true, &[0; 8]));
    }
    let note = d.add(9, at(0), key(7), &frag(24, true, &[0; 8]));
    assert_eq!(note.fate, FragmentFate::Dropped);
    assert_eq!(
        note.findings.as_slice(),
        &[DefragFinding::TooManyFragments { max: 3 }]
    );
    assert_eq!((d.held(), d.bytes_held()), (0, 0));
}

#[test]
fn a_fragment_past_65535_bytes_is_dropped() {
    let mut d = Defragmenter::default();
    // Ping of death: offset 65528 (the largest), 16 bytes, behind a 20-byte header.
    let note = d.add(1, at(0), key(7), &frag(65_528, false, &[0; 16]));
    assert_eq!(note.fate, FragmentFate::Dropped);
    assert_eq!(
        note.findings.as_slice(),
        &[DefragFinding::PastMax { end: 65_564 }]
    );
    assert_eq!(d.held(), 0);
}

#[test]
fn a_second_last_fragment_with_another_end_is_flagged_and_the_first_end_kept() {
    let p = payload();
    let mut d = Defragmenter::default();
    d.add(1, at(0), key(7), &frag(8, false, &p[8..16]));
    let note = d.add(2, at(0), key(7), &frag(16, false, &p[16..]));
    assert_eq!(
        note.findings.as_slice(),
        &[DefragFinding::ConflictingEnd {
            first: 16,
            other: 24,
            frame: 2
        }]
    );
    let note = d.add(3, at(0), key(7), &frag(0, true, &p[..8]));
    assert_eq!(completed(&note).len, 16);
    assert!(matches!(
        note.findings.as_slice(),
        [DefragFinding::PastEnd { end: 24, .. }]
    ));
}

#[test]
fn a_fragment_the_capture_cut_short_is_not_reassembled() {
    let mut d = Defragmenter::default();
    let mut f = frag(0, true, &[0; 8]);
    f.declared = 1480;
    let note = d.add(1, at(0), key(7), &f);
    assert_eq!(note.findings.as_slice(), &[DefragFinding::CutShort]);
}

/// Cuts `datagram` (an IP packet etherparse built) into fragments of `chunk` payload bytes
/// and returns each as an Ethernet frame, by hand: IPv4 header fields rewritten.
fn ipv4_fragments(datagram: &[u8], chunk: usize) -> Vec<Vec<u8>> {
    let payload = &datagram[20..];
    let mut frames = Vec::new();
    for (i, part) in payload.chunks(chunk).enumerate() {
        let offset = i * chunk;
        let more = offset + part.len() < payload.len();
        let mut ip = datagram[..20].to_vec();
        ip[2..4].copy_from_slice(&((20 + part.len()) as u16).to_be_bytes());
        let field = (offset / 8) as u16 | if more { 0x2000 } else { 0 };
        ip[6..8].copy_from_slice(&field.to_be_bytes());
        let mut frame = vec![2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00];
        frame.extend_from_slice(&ip);
        frame.extend_from_slice(part);
        frames.push(frame);
    }
    frames
}

fn run(frames: &[Vec<u8>], d: &mut Defragmenter) -> Vec<DefragNote> {
    frames
        .iter()
        .enumerate()
        .map(|(i, bytes)| {
            let packet = decode(LinkType::ETHERNET, bytes, bytes.len() as u32);
            let f = packet.fragment.expect("a fragment");
            assert!(packet.transport.is_none());
            let k = FragKey::of(&packet, &f).expect("a key");
            d.add(i as u64 + 1, at(0), k, &f)
        })
        .collect()
}

#[test]
fn an_ipv4_udp_datagram_cut_into_frames_decodes_its_udp_header_once_reassembled() {
    let mut ip = Vec::new();
    etherparse::PacketBuilder::ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
        .udp(5000, 53)
        .write(&mut ip, &[b'q'; 3000])
        .unwrap();
    let frames = ipv4_fragments(&ip, 1480);
    assert_eq!(frames.len(), 3);
    let mut d = Defragmenter::default();
    let notes = run(&frames, &mut d);
    assert_eq!(completed(&notes[2]).frames, vec![1, 2, 3]);
    let (t, issue) = decode_transport(17, d.payload(), false);
    let Some(Transport::Udp(u)) = t else {
        panic!("{t:?}")
    };
    assert_eq!((u.sport, u.dport, u.len, issue), (5000, 53, 3008, None));
}

#[test]
fn an_ipv6_datagram_with_a_fragment_header_is_reassembled_by_its_identification() {
    let mut ip = Vec::new();
    etherparse::PacketBuilder::ipv6([0xfe; 16], [0xfd; 16], 64)
        .udp(5000, 53)
        .write(&mut ip, &[b'z'; 2000])
        .unwrap();
    let payload = &ip[40..];
    let mut frames = Vec::new();
    for (offset, part, more) in [(0, &payload[..1232], true), (1232, &payload[1232..], false)] {
        let mut frame = vec![2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x86, 0xdd];
        let mut header = ip[..40].to_vec();
        header[4..6].copy_from_slice(&((8 + part.len()) as u16).to_be_bytes());
        header[6] = 44;
        frame.extend_from_slice(&header);
        let field = ((offset / 8) as u16 * 8) | u16::from(more);
        frame.extend_from_slice(&[17, 0]);
        frame.extend_from_slice(&field.to_be_bytes());
        frame.extend_from_slice(&0xdead_beef_u32.to_be_bytes());
        frame.extend_from_slice(part);
        frames.push(frame);
    }
    let mut d = Defragmenter::default();
    let notes = run(&frames, &mut d);
    assert_eq!(notes[0].fate, FragmentFate::Held);
    let r = completed(&notes[1]);
    assert_eq!((r.len, r.proto), (2008, 17));
    let (t, _) = decode_transport(17, d.payload(), true);
    assert!(matches!(t, Some(Transport::Udp(u)) if u.sport == 5000 && u.len == 2008));
}
