//! Synthetic TCP captures: a conversation written as a list of segments (who sends it, flags,
//! sequence and acknowledgement numbers relative to each side's ISN, window, payload length,
//! time), built into Ethernet frames with etherparse's `PacketBuilder` and written to a pcap,
//! so that the same file can be read by wirelab and by tshark.

use std::path::Path;

use etherparse::{PacketBuilder, TcpOptionElement};
use wirelab::capture::{LinkType, PcapWriter, RawFrame, Timestamp};

/// Who sends a segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    C,
    S,
}

/// One segment. `seq` and `ack` are relative to the sender's and the receiver's ISN; `ack`
/// goes on the wire only when `flags` has `A`. Flags are letters of "SAFRP".
#[derive(Debug, Clone, Copy)]
pub struct Seg {
    pub who: Who,
    pub flags: &'static str,
    pub seq: u32,
    pub ack: u32,
    pub len: usize,
    pub win: u16,
    /// Milliseconds from the start of the capture.
    pub ms: f64,
    /// A window scale option with this shift (only meaningful on a SYN).
    pub wscale: Option<u8>,
}

/// A segment without options.
pub const fn seg(
    who: Who,
    flags: &'static str,
    seq: u32,
    ack: u32,
    len: usize,
    win: u16,
    ms: f64,
) -> Seg {
    Seg {
        who,
        flags,
        seq,
        ack,
        len,
        win,
        ms,
        wscale: None,
    }
}

/// The client (10.0.0.1:50000) and the server (10.0.0.2:80), and their ISNs.
const HOSTS: [([u8; 4], u16); 2] = [([10, 0, 0, 1], 50000), ([10, 0, 0, 2], 80)];
const ISN: [u32; 2] = [1000, 5000];

fn mac(i: usize) -> [u8; 6] {
    [0x02, 0, 0, 0, 0, 1 + i as u8]
}

/// The Ethernet frames of `segs`, with their times.
pub fn frames(segs: &[Seg]) -> Vec<(Vec<u8>, Timestamp)> {
    segs.iter()
        .map(|s| {
            let (me, peer) = match s.who {
                Who::C => (0, 1),
                Who::S => (1, 0),
            };
            let mut b = PacketBuilder::ethernet2(mac(me), mac(peer))
                .ipv4(HOSTS[me].0, HOSTS[peer].0, 64)
                .tcp(
                    HOSTS[me].1,
                    HOSTS[peer].1,
                    ISN[me].wrapping_add(s.seq),
                    s.win,
                );
            for f in s.flags.chars() {
                b = match f {
                    'S' => b.syn(),
                    'A' => b.ack(ISN[peer].wrapping_add(s.ack)),
                    'F' => b.fin(),
                    'R' => b.rst(),
                    'P' => b.psh(),
                    other => panic!("unknown flag {other}"),
                };
            }
            if let Some(shift) = s.wscale {
                b = b
                    .options(&[TcpOptionElement::Noop, TcpOptionElement::WindowScale(shift)])
                    .expect("TCP options fit");
            }
            let payload = vec![b'x'; s.len];
            let mut bytes = Vec::with_capacity(b.size(s.len));
            b.write(&mut bytes, &payload).expect("build TCP frame");
            let ns = (s.ms * 1e6).round() as i64;
            let ts = Timestamp {
                secs: 1_700_000_000 + ns.div_euclid(1_000_000_000),
                nanos: ns.rem_euclid(1_000_000_000) as u32,
            };
            (bytes, ts)
        })
        .collect()
}

/// Writes `segs` to a pcap at `path`, numbered from 1.
pub fn write_pcap(path: &Path, segs: &[Seg]) {
    let mut w = PcapWriter::create(path, LinkType::ETHERNET).unwrap();
    for (i, (data, ts)) in frames(segs).iter().enumerate() {
        w.write(&RawFrame {
            number: i as u64 + 1,
            link_type: LinkType::ETHERNET,
            ts: *ts,
            len: u32::try_from(data.len()).unwrap(),
            data,
            ts_fixed: false,
        })
        .unwrap();
    }
    w.finish().unwrap();
}
