//! 802.11 (link type 105) and 802.11 behind a radiotap header (link type 127, what a
//! monitor-mode interface gives).
//!
//! Contract: any byte slice decodes without a panic; a header cut short keeps what was read
//! and records an [`Issue`]. Radiotap is read only as far as a student needs it: its length,
//! the flags (FCS at the end, padding after the 802.11 header), the channel frequency and the
//! antenna signal in dBm. Fields are found by the rules of radiotap.org: present bits in order,
//! each field aligned to its natural size counted from the start of the radiotap header.
//! The 802.11 header follows IEEE 802.11's frame control rules; data frames carry LLC/SNAP
//! and, below it, the same EtherTypes as Ethernet, handed to the shared network-layer code.

use etherparse::{EtherType, LaxSlicedPacket};

use super::Packet;
use super::issue::{Issue, IssueKind, Layer};
use super::layout::{self, array};
use super::link::{Link, Mac};
use super::net;

/// Frame control type field values.
pub const TYPE_MANAGEMENT: u8 = 0;
pub const TYPE_CONTROL: u8 = 1;
pub const TYPE_DATA: u8 = 2;

/// Frame control flag bits (the second byte of the frame control field).
const TO_DS: u8 = 0x01;
const FROM_DS: u8 = 0x02;
const PROTECTED: u8 = 0x40;
const ORDER: u8 = 0x80;

/// Radiotap flags (present bit 1): the frame ends with a 4-byte FCS; padding between the
/// 802.11 header and its body, to a 32-bit boundary.
const RT_FLAG_FCS: u8 = 0x10;
const RT_FLAG_PAD: u8 = 0x20;

/// What the radiotap header said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Radiotap {
    /// The header's length field: where the 802.11 frame starts.
    pub len: u16,
    /// Channel frequency in MHz.
    pub freq: Option<u16>,
    /// Antenna signal in dBm.
    pub signal: Option<i8>,
    /// The radiotap flags byte, if present.
    pub flags: Option<u8>,
}

/// An 802.11 MAC header: frame control and up to four addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Wlan {
    pub radiotap: Option<Radiotap>,
    /// The frame control type (0 management, 1 control, 2 data, 3 extension).
    pub ftype: u8,
    pub subtype: u8,
    /// The frame control flags byte (ToDS, FromDS, more fragments, retry, ..., protected).
    pub flags: u8,
    /// Addresses 1 to 4 as they appear; `naddr` of them were present.
    pub addrs: [Mac; 4],
    pub naddr: u8,
    /// Bytes of the MAC header, with the padding radiotap announced: where the body starts,
    /// counted from the 802.11 frame's first byte.
    pub header_len: u8,
}

impl Wlan {
    fn addr(&self, i: usize) -> Option<Mac> {
        (i < usize::from(self.naddr))
            .then(|| self.addrs.get(i).copied())
            .flatten()
    }

    fn ds(&self) -> u8 {
        self.flags & (TO_DS | FROM_DS)
    }

    /// Whether the body is encrypted (the frame control's protected bit).
    pub fn protected(&self) -> bool {
        self.flags & PROTECTED != 0
    }

    /// tshark's `wlan.fc.type_subtype`: type × 16 + subtype.
    pub fn type_subtype(&self) -> u16 {
        u16::from(self.ftype) << 4 | u16::from(self.subtype)
    }

    /// Receiver address (address 1 in every frame).
    pub fn ra(&self) -> Option<Mac> {
        self.addr(0)
    }

    /// Transmitter address (address 2, where there is one).
    pub fn ta(&self) -> Option<Mac> {
        self.addr(1)
    }

    /// Destination address, by the ToDS/FromDS rules (management frames as ToDS = FromDS = 0);
    /// none for control frames.
    pub fn da(&self) -> Option<Mac> {
        match (self.ftype, self.ds()) {
            (TYPE_MANAGEMENT, _) | (TYPE_DATA, 0 | FROM_DS) => self.addr(0),
            (TYPE_DATA, _) => self.addr(2),
            _ => None,
        }
    }

    /// Source address, by the ToDS/FromDS rules.
    pub fn sa(&self) -> Option<Mac> {
        match (self.ftype, self.ds()) {
            (TYPE_MANAGEMENT, _) | (TYPE_DATA, 0 | TO_DS) => self.addr(1),
            (TYPE_DATA, FROM_DS) => self.addr(2),
            (TYPE_DATA, _) => self.addr(3),
            _ => None,
        }
    }

    /// The BSS id, by the ToDS/FromDS rules; none between two access points (WDS).
    pub fn bssid(&self) -> Option<Mac> {
        match (self.ftype, self.ds()) {
            (TYPE_MANAGEMENT, _) | (TYPE_DATA, 0) => self.addr(2),
            (TYPE_DATA, FROM_DS) => self.addr(1),
            (TYPE_DATA, TO_DS) => self.addr(0),
            _ => None,
        }
    }

    /// The frame's name as Wireshark spells it ("Beacon frame" is "Beacon" here).
    pub fn kind_name(&self) -> &'static str {
        match (self.ftype, self.subtype) {
            (TYPE_MANAGEMENT, s) => MANAGEMENT.get(usize::from(s)).copied().unwrap_or("?"),
            (TYPE_CONTROL, s) => CONTROL.get(usize::from(s)).copied().unwrap_or("?"),
            (TYPE_DATA, s) => DATA.get(usize::from(s)).copied().unwrap_or("?"),
            _ => "Extension",
        }
    }
}

const MANAGEMENT: [&str; 16] = [
    "Association Request",
    "Association Response",
    "Reassociation Request",
    "Reassociation Response",
    "Probe Request",
    "Probe Response",
    "Timing Advertisement",
    "Management (reserved)",
    "Beacon",
    "ATIM",
    "Disassociation",
    "Authentication",
    "Deauthentication",
    "Action",
    "Action No Ack",
    "Management (reserved)",
];

const CONTROL: [&str; 16] = [
    "Control (reserved)",
    "Control (reserved)",
    "Trigger",
    "TACK",
    "Beamforming Report Poll",
    "VHT/HE NDP Announcement",
    "Control Frame Extension",
    "Control Wrapper",
    "Block Ack Request",
    "Block Ack",
    "PS-Poll",
    "RTS",
    "CTS",
    "ACK",
    "CF-End",
    "CF-End+CF-Ack",
];

const DATA: [&str; 16] = [
    "Data",
    "Data+CF-Ack",
    "Data+CF-Poll",
    "Data+CF-Ack+CF-Poll",
    "Null",
    "CF-Ack",
    "CF-Poll",
    "CF-Ack+CF-Poll",
    "QoS Data",
    "QoS Data+CF-Ack",
    "QoS Data+CF-Poll",
    "QoS Data+CF-Ack+CF-Poll",
    "QoS Null",
    "Data (reserved)",
    "QoS CF-Poll",
    "QoS CF-Ack+CF-Poll",
];

/// Link type 127: a radiotap header, then an 802.11 frame.
pub(super) fn decode_radiotap(data: &[u8], uncaptured: usize) -> Packet<'_> {
    let rt = match radiotap(data) {
        Ok(rt) => rt,
        Err(issue) => {
            let mut packet = Packet::new(Link::Missing);
            packet.push_issue(issue);
            return packet;
        }
    };
    let start = usize::from(rt.len);
    let flags = rt.flags.unwrap_or(0);
    let frame = data.get(start..).unwrap_or(&[]);
    let (frame, uncaptured) = if flags & RT_FLAG_FCS != 0 {
        without_fcs(frame, uncaptured)
    } else {
        (frame, uncaptured)
    };
    decode_80211(frame, start, uncaptured, Some(rt))
}

/// Link type 105: an 802.11 frame without radiotap (and, as tshark assumes, without FCS).
pub(super) fn decode_plain(data: &[u8], uncaptured: usize) -> Packet<'_> {
    decode_80211(data, 0, uncaptured, None)
}

/// The frame without its last 4 bytes (the FCS), counting those the capture cut off first.
fn without_fcs(frame: &[u8], uncaptured: usize) -> (&[u8], usize) {
    let cut = 4usize.saturating_sub(uncaptured);
    let keep = frame.len().saturating_sub(cut);
    (
        frame.get(..keep).unwrap_or(&[]),
        uncaptured.saturating_sub(4),
    )
}

/// Reads the radiotap header: version 0, pad, length (LE), presence words (LE), fields.
fn radiotap(data: &[u8]) -> Result<Radiotap, Issue> {
    use layout::wlan::radiotap as rt;
    let truncated = |what, needed, got| Issue {
        layer: Layer::Link,
        offset: 0,
        kind: IssueKind::Truncated { what, needed, got },
    };
    let Some(&[version, _pad, l0, l1]) = data.get(..rt::PRESENT) else {
        return Err(truncated("radiotap header", rt::MIN_HEADER_LEN, data.len()));
    };
    if version != 0 {
        return Err(Issue {
            layer: Layer::Link,
            offset: 0,
            kind: IssueKind::NotDecoded {
                what: "radiotap version",
                value: version.into(),
            },
        });
    }
    let len = u16::from_le_bytes([l0, l1]);
    let header = match data.get(..usize::from(len)) {
        Some(h) if h.len() >= rt::MIN_HEADER_LEN => h,
        _ => {
            let needed = usize::from(len).max(rt::MIN_HEADER_LEN);
            return Err(truncated("radiotap header", needed, data.len()));
        }
    };
    // Presence words follow one another while bit 31 is set; fields start after the last.
    let mut pos = rt::PRESENT;
    let mut first = None;
    loop {
        let end = pos.saturating_add(rt::PRESENT_WORD_LEN);
        let Some(&[a, b, c, d]) = header.get(pos..end) else {
            return Err(truncated("radiotap presence bitmap", end, header.len()));
        };
        let word = u32::from_le_bytes([a, b, c, d]);
        first.get_or_insert(word);
        pos = end;
        if word & 0x8000_0000 == 0 {
            break;
        }
    }
    let mut rt = Radiotap {
        len,
        ..Radiotap::default()
    };
    read_fields(header, pos, first.unwrap_or(0), &mut rt);
    Ok(rt)
}

/// Walks the first namespace's fields 0 to 5 (TSFT, flags, rate, channel, FHSS, dBm antenna
/// signal): (alignment, size) of each, from radiotap.org's field pages.
fn read_fields(header: &[u8], mut pos: usize, present: u32, rt: &mut Radiotap) {
    const LAYOUT: [(usize, usize); 6] = [(8, 8), (1, 1), (1, 1), (2, 4), (2, 2), (1, 1)];
    for (bit, (align, size)) in LAYOUT.into_iter().enumerate() {
        if present & (1 << bit) == 0 {
            continue;
        }
        pos = pos.next_multiple_of(align);
        let Some(field) = header.get(pos..pos.saturating_add(size)) else {
            return;
        };
        match (bit, field) {
            (1, &[f]) => rt.flags = Some(f),
            (3, &[a, b, _, _]) => rt.freq = Some(u16::from_le_bytes([a, b])),
            (5, &[s]) => rt.signal = Some(s as i8),
            _ => {}
        }
        pos += size;
    }
}

/// An 802.11 frame starting at frame offset `base`.
fn decode_80211(
    data: &[u8],
    base: usize,
    uncaptured: usize,
    radiotap: Option<Radiotap>,
) -> Packet<'_> {
    let Some(&[fc0, flags]) = data.get(..2) else {
        let mut packet = Packet::new(Link::Missing);
        packet.push_issue(truncated(base, "802.11 frame control", 2, data.len()));
        return packet;
    };
    let mut w = Wlan {
        radiotap,
        ftype: (fc0 >> 2) & 0x3,
        subtype: fc0 >> 4,
        flags,
        ..Wlan::default()
    };
    let (naddr, header_len) = layout(&w);
    for (i, at) in layout::wlan::ADDR_AT.into_iter().take(naddr).enumerate() {
        let Some(bytes) = array(data, at..at + layout::wlan::ADDR_LEN) else {
            break;
        };
        if let Some(slot) = w.addrs.get_mut(i) {
            *slot = Mac(bytes);
        }
        w.naddr = w.naddr.saturating_add(1);
    }
    let pad = w.radiotap.and_then(|r| r.flags).unwrap_or(0) & RT_FLAG_PAD != 0;
    let body_start = if pad {
        header_len.next_multiple_of(4)
    } else {
        header_len
    };
    w.header_len = u8::try_from(body_start).unwrap_or(u8::MAX);
    let mut packet = Packet::new(Link::Wlan(w));
    if data.len() < header_len {
        packet.push_issue(truncated(base, "802.11 header", header_len, data.len()));
        return packet;
    }
    let carries_body = w.ftype == TYPE_DATA && w.subtype & 0x4 == 0;
    if !carries_body || w.protected() {
        return packet;
    }
    let body = data.get(body_start..).unwrap_or(&[]);
    llc_snap(&mut packet, body, base + body_start, uncaptured);
    packet
}

/// How many addresses a frame has and the length of its MAC header.
fn layout(w: &Wlan) -> (usize, usize) {
    match w.ftype {
        TYPE_MANAGEMENT => (3, if w.flags & ORDER != 0 { 28 } else { 24 }),
        TYPE_CONTROL => match w.subtype {
            // CTS and ACK name only the receiver.
            12 | 13 => (1, 10),
            // Control wrapper: the carried frame's control field and HT control follow RA.
            7 => (1, 16),
            _ => (2, 16),
        },
        TYPE_DATA => {
            let four = w.ds() == TO_DS | FROM_DS;
            let qos = w.subtype & 0x8 != 0;
            let mut len = 24;
            if four {
                len += 6;
            }
            if qos {
                len += 2;
                if w.flags & ORDER != 0 {
                    len += 4;
                }
            }
            (if four { 4 } else { 3 }, len)
        }
        _ => (0, 2),
    }
}

/// LLC/SNAP (AA AA 03, an OUI, an EtherType), then the network layer as for Ethernet.
fn llc_snap<'a>(packet: &mut Packet<'a>, body: &'a [u8], offset: usize, uncaptured: usize) {
    use layout::wlan::llc_snap as f;
    let Some((&[dsap, ssap, ctrl, o0, o1, o2, e0, e1], rest)) = body.split_first_chunk() else {
        // An empty body is a frame without payload, unless the capture cut it off.
        if !body.is_empty() || uncaptured > 0 {
            packet.push_issue(truncated(
                offset,
                "LLC/SNAP header",
                f::HEADER_LEN,
                body.len(),
            ));
        }
        return;
    };
    // OUI 00-00-00 (RFC 1042) and 00-00-F8 (802.1H bridge tunnel) carry an EtherType.
    let snap = dsap == 0xaa && ssap == 0xaa && ctrl == 0x03;
    if !snap || o0 != 0 || o1 != 0 || (o2 != 0 && o2 != 0xf8) {
        packet.push_issue(Issue {
            layer: Layer::Link,
            offset,
            kind: IssueKind::NotDecoded {
                what: "LLC header",
                value: u32::from_be_bytes([0, dsap, ssap, ctrl]),
            },
        });
        return;
    }
    let ether_type = u16::from_be_bytes([e0, e1]);
    let lax = LaxSlicedPacket::from_ether_type(EtherType(ether_type), rest);
    net::fill_from_lax(packet, &lax, rest, offset + f::HEADER_LEN, uncaptured);
}

fn truncated(offset: usize, what: &'static str, needed: usize, got: usize) -> Issue {
    Issue {
        layer: Layer::Link,
        offset,
        kind: IssueKind::Truncated { what, needed, got },
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::capture::LinkType;
    use crate::decode::{Net, decode};

    /// Radiotap with flags (FCS), channel 2412 MHz and -60 dBm: the present word is 0x2a
    /// (bits 1, 3, 5); flags at 8, channel aligned to 10, signal at 14; 15 bytes.
    const RADIOTAP: [u8; 15] = [
        0x00, 0x00, 0x0f, 0x00, 0x2a, 0x00, 0x00, 0x00, // version, pad, len 15, present
        0x10, 0x00, // flags: FCS at end; one byte to align the channel
        0x6c, 0x09, 0xa0, 0x00, // 2412 MHz, flags 2 GHz + CCK
        0xc4, // -60 dBm
    ];

    /// A data frame ToDS (station → AP), LLC/SNAP, ARP request, and 4 FCS bytes.
    fn frame() -> Vec<u8> {
        let mut f = RADIOTAP.to_vec();
        f.extend([0x08, 0x01, 0x00, 0x00]); // data, ToDS; duration
        f.extend([1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3]); // BSSID, SA, DA
        f.extend([0x00, 0x00]); // sequence control
        f.extend([0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x06]); // LLC/SNAP, ARP
        f.extend([0, 1, 8, 0, 6, 4, 0, 1, 2, 2, 2, 2, 2, 2, 10, 0, 0, 2]);
        f.extend([0, 0, 0, 0, 0, 0, 10, 0, 0, 1]);
        f.extend([0xde, 0xad, 0xbe, 0xef]); // FCS
        f
    }

    #[test]
    fn radiotap_fields_are_read_at_their_aligned_offsets() {
        let f = frame();
        let p = decode(LinkType::IEEE802_11_RADIOTAP, &f, f.len() as u32);
        let Link::Wlan(w) = p.link else {
            panic!("{:?}", p.link)
        };
        let rt = w.radiotap.unwrap();
        assert_eq!((rt.len, rt.freq, rt.signal), (15, Some(2412), Some(-60)));
        assert_eq!(w.bssid(), Some(Mac([1; 6])));
        assert_eq!(w.sa(), Some(Mac([2; 6])));
        assert_eq!(w.da(), Some(Mac([3; 6])));
        assert!(matches!(p.net, Some(Net::Arp(a)) if a.op == 1));
        assert!(p.issues.is_empty(), "{:?}", p.issues);
    }

    #[test]
    fn every_prefix_decodes_without_panic_and_cut_headers_are_issues() {
        let f = frame();
        for n in 0..f.len() {
            for lt in [LinkType::IEEE802_11_RADIOTAP, LinkType::IEEE802_11] {
                let p = decode(lt, &f[..n], f.len() as u32);
                if lt == LinkType::IEEE802_11_RADIOTAP && n < 15 + 24 + 8 {
                    assert!(!p.issues.is_empty(), "prefix {n}");
                }
            }
        }
    }

    #[test]
    fn a_radiotap_length_past_the_frame_is_an_issue() {
        let mut f = RADIOTAP.to_vec();
        f[2] = 0xff;
        let p = decode(LinkType::IEEE802_11_RADIOTAP, &f, 15);
        assert_eq!(p.link, Link::Missing);
        assert!(matches!(
            p.issues[0].kind,
            IssueKind::Truncated {
                needed: 255,
                got: 15,
                ..
            }
        ));
    }
}
