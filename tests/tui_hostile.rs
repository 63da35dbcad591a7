//! The TUI and `wirelab read` give the same verdict on hostile capture files: the same
//! frames, then the same error in the same words, or the same refusal to open. Every file is
//! built here, byte by byte (classic pcap in both byte orders and its variants, pcapng with
//! odd blocks), and read three ways: libpcap through `FileSource` (what `read` uses), the
//! TUI's index through `App::from_file` (each row's bytes read again from its offset), and the
//! `wirelab read` binary for its message.

mod common;

use std::path::Path;

use wirelab::capture::{FileSource, FrameSource};
use wirelab::tui::app::App;
use wirelab::tui::store::FrameStore;

/// A UDP datagram in Ethernet + IPv4, `n` picking the ports so every frame gets a row.
fn frame(n: u16, payload: usize) -> Vec<u8> {
    let mut f = vec![2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00];
    let total = u16::try_from(20 + 8 + payload).unwrap();
    f.extend_from_slice(&[
        0x45,
        0,
        (total >> 8) as u8,
        total as u8,
        0,
        0,
        0x40,
        0,
        64,
        17,
    ]);
    f.extend_from_slice(&[0, 0, 10, 0, 0, 1, 10, 0, 0, 2]);
    let (sport, dport) = (40000 + n, 53);
    let udp_len = u16::try_from(8 + payload).unwrap();
    for v in [sport, dport, udp_len, 0] {
        f.extend_from_slice(&v.to_be_bytes());
    }
    f.extend(std::iter::repeat_n(b'a', payload));
    f
}

/// Classic pcap, in either byte order, with `magic` and `version` chosen by the test.
struct Pcap {
    big: bool,
    bytes: Vec<u8>,
}

impl Pcap {
    fn new(big: bool, magic: u32, version: (u16, u16), snaplen: u32) -> Pcap {
        let mut p = Pcap {
            big,
            bytes: Vec::new(),
        };
        p.u32(magic);
        p.u16(version.0);
        p.u16(version.1);
        p.u32(0);
        p.u32(0);
        p.u32(snaplen);
        p.u32(1);
        p
    }
    fn u16(&mut self, v: u16) {
        let b = if self.big {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        };
        self.bytes.extend_from_slice(&b);
    }
    fn u32(&mut self, v: u32) {
        let b = if self.big {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        };
        self.bytes.extend_from_slice(&b);
    }
    /// A record whose header says `caplen` and `len`, followed by `data`.
    fn record(&mut self, sec: u32, caplen: u32, len: u32, data: &[u8]) -> &mut Pcap {
        self.u32(sec);
        self.u32(0);
        self.u32(caplen);
        self.u32(len);
        self.bytes.extend_from_slice(data);
        self
    }
    fn packet(&mut self, n: u16) -> &mut Pcap {
        let f = frame(n, 10);
        let l = f.len() as u32;
        self.record(1_700_000_000 + u32::from(n), l, l, &f)
    }
}

/// pcapng blocks, in the byte order of the section being written.
struct Pcapng {
    big: bool,
    bytes: Vec<u8>,
}

impl Pcapng {
    fn new(big: bool) -> Pcapng {
        let mut p = Pcapng {
            big,
            bytes: Vec::new(),
        };
        p.section(big);
        p
    }
    fn w32(&self, v: u32) -> [u8; 4] {
        if self.big {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    }
    fn w16(&self, v: u16) -> [u8; 2] {
        if self.big {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    }
    /// A block of `kind` with `body` (padded to 4 bytes), lengths written right.
    fn block(&mut self, kind: u32, body: &[u8]) -> &mut Pcapng {
        let pad = (4 - body.len() % 4) % 4;
        let len = u32::try_from(12 + body.len() + pad).unwrap();
        self.block_claiming(kind, body, len)
    }
    /// A block whose length fields say `len`, whatever it holds.
    fn block_claiming(&mut self, kind: u32, body: &[u8], len: u32) -> &mut Pcapng {
        let pad = (4 - body.len() % 4) % 4;
        let (k, l) = (self.w32(kind), self.w32(len));
        self.bytes.extend_from_slice(&k);
        self.bytes.extend_from_slice(&l);
        self.bytes.extend_from_slice(body);
        self.bytes.extend(std::iter::repeat_n(0, pad));
        self.bytes.extend_from_slice(&l);
        self
    }
    fn section(&mut self, big: bool) -> &mut Pcapng {
        self.big = big;
        let mut body = Vec::new();
        body.extend_from_slice(&self.w32(0x1A2B_3C4D));
        body.extend_from_slice(&self.w16(1));
        body.extend_from_slice(&self.w16(0));
        body.extend_from_slice(&[0xFF; 8]);
        self.block(0x0A0D_0D0A, &body)
    }
    /// An interface description block with options given as (code, value).
    fn interface(&mut self, link: u16, snaplen: u32, options: &[(u16, &[u8])]) -> &mut Pcapng {
        let mut body = Vec::new();
        body.extend_from_slice(&self.w16(link));
        body.extend_from_slice(&[0, 0]);
        body.extend_from_slice(&self.w32(snaplen));
        for (code, value) in options {
            body.extend_from_slice(&self.w16(*code));
            body.extend_from_slice(&self.w16(u16::try_from(value.len()).unwrap()));
            body.extend_from_slice(value);
            body.extend(std::iter::repeat_n(0, (4 - value.len() % 4) % 4));
        }
        if !options.is_empty() {
            body.extend_from_slice(&[0; 4]);
        }
        self.block(1, &body)
    }
    fn enhanced(
        &mut self,
        interface: u32,
        ts: u64,
        caplen: u32,
        len: u32,
        data: &[u8],
    ) -> &mut Pcapng {
        let mut body = Vec::new();
        body.extend_from_slice(&self.w32(interface));
        body.extend_from_slice(&self.w32((ts >> 32) as u32));
        body.extend_from_slice(&self.w32(ts as u32));
        body.extend_from_slice(&self.w32(caplen));
        body.extend_from_slice(&self.w32(len));
        body.extend_from_slice(data);
        self.block(6, &body)
    }
    fn packet(&mut self, n: u16) -> &mut Pcapng {
        let f = frame(n, 10 + usize::from(n % 3));
        let l = f.len() as u32;
        self.enhanced(0, 1_700_000_000_000_000 + u64::from(n), l, l, &f)
    }
}

/// What one reader made of a file: the frames it gave (number, seconds, wire length, bytes)
/// and the words it stopped or refused with.
#[derive(Debug, PartialEq, Eq)]
struct Verdict {
    frames: Vec<(u64, i64, u32, Vec<u8>)>,
    error: Option<String>,
}

fn by_libpcap(path: &Path) -> Verdict {
    let mut frames = Vec::new();
    let mut source = match FileSource::open(path) {
        Ok(s) => s,
        Err(e) => {
            return Verdict {
                frames,
                error: Some(e.to_string()),
            };
        }
    };
    // Bounded: the files here hold a handful of records.
    for _ in 0..1000 {
        match source.next_frame() {
            Ok(Some(f)) => frames.push((f.number, f.ts.secs, f.len, f.data.to_vec())),
            Ok(None) => break,
            Err(e) => {
                return Verdict {
                    frames,
                    error: Some(e.to_string()),
                };
            }
        }
    }
    Verdict {
        frames,
        error: None,
    }
}

fn by_tui(path: &Path) -> Verdict {
    let app = match App::from_file(path) {
        Ok(app) => app,
        Err(e) => {
            return Verdict {
                frames: Vec::new(),
                error: Some(e.to_string()),
            };
        }
    };
    let mut store = FrameStore::open(path).unwrap();
    let mut frames: Vec<_> = app
        .convs
        .iter()
        .flat_map(|v| v.rows())
        .map(|r| {
            let bytes = store.read(r.at, r.caplen).unwrap();
            (r.frame, r.ts.secs, r.len, bytes)
        })
        .collect();
    frames.sort();
    assert_eq!(
        app.progress.frames,
        frames.len() as u64,
        "every frame has a row"
    );
    Verdict {
        frames,
        error: app.error.clone(),
    }
}

/// The three readers agree on `bytes`; returns the verdict for the case's own checks.
fn agree(name: &str, bytes: &[u8]) -> Verdict {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let libpcap = by_libpcap(&path);
    let tui = by_tui(&path);
    assert_eq!(tui, libpcap, "{name}: the TUI and libpcap differ");
    let read = common::wirelab(["read", path.to_str().unwrap()]);
    let said = common::stderr(&read);
    match &libpcap.error {
        Some(e) => assert!(said.contains(&format!("wirelab: {e}")), "{name}: {said}"),
        None => assert!(read.status.success(), "{name}: {said}"),
    }
    libpcap
}

#[test]
fn caplen_beyond_the_snapshot_length_is_cut_to_it_by_both() {
    let f = frame(1, 200);
    let l = f.len() as u32;
    let mut p = Pcap::new(false, 0xA1B2_C3D4, (2, 4), 100);
    p.packet(0).record(5, l, l, &f).packet(2);
    let v = agree("over-snaplen.pcap", &p.bytes);
    assert_eq!(v.frames.len(), 3);
    assert_eq!(v.frames[1].3.len(), 100);
}

#[test]
fn caplen_0xffffffff_is_an_invalid_capture_length_in_both() {
    let mut p = Pcap::new(false, 0xA1B2_C3D4, (2, 4), 65535);
    p.packet(0).record(5, 0xFFFF_FFFF, 60, &[0; 60]);
    let v = agree("huge-caplen.pcap", &p.bytes);
    assert_eq!(v.frames.len(), 1);
    assert!(v.error.unwrap().contains("record 2:"));
}

#[test]
fn a_record_header_or_its_bytes_cut_off_stop_both_at_that_record() {
    let mut p = Pcap::new(false, 0xA1B2_C3D4, (2, 4), 65535);
    p.packet(0).packet(1).packet(2);
    let whole = p.bytes.clone();
    let record = (whole.len() - 24) / 3;
    let v = agree("cut-header.pcap", &whole[..24 + 2 * record + 9]);
    assert_eq!(v.frames.len(), 2);
    assert!(v.error.is_some());
    let v = agree("cut-data.pcap", &whole[..whole.len() - 5]);
    assert_eq!(v.frames.len(), 2);
    assert!(v.error.is_some());
    let v = agree("cut-file-header.pcap", &whole[..20]);
    assert!(v.error.is_some());
}

#[test]
fn pcap_byte_orders_resolutions_versions_and_the_modified_format_read_the_same() {
    for (name, big, magic, version) in [
        ("big-endian.pcap", true, 0xA1B2_C3D4, (2, 4)),
        ("nanoseconds.pcap", false, 0xA1B2_3C4D, (2, 4)),
        ("version-2-3.pcap", false, 0xA1B2_C3D4, (2, 3)),
        ("version-2-2.pcap", true, 0xA1B2_C3D4, (2, 2)),
    ] {
        let mut p = Pcap::new(big, magic, version, 65535);
        p.packet(0).packet(1).packet(2);
        let v = agree(name, &p.bytes);
        assert_eq!(v.frames.len(), 3, "{name}");
    }
    // Length fields the other way round (wire length first): files before version 2.3 hold
    // them so, and for 2.3 files libpcap takes the smaller for the captured length.
    for (name, version) in [("swapped-2-2.pcap", (2, 2)), ("swapped-2-3.pcap", (2, 3))] {
        let mut p = Pcap::new(false, 0xA1B2_C3D4, version, 65535);
        p.packet(0);
        let f = frame(1, 30);
        let l = f.len() as u32;
        p.record(1_700_000_001, l, l - 20, &f[..f.len() - 20]);
        p.packet(2);
        let v = agree(name, &p.bytes);
        assert_eq!(v.frames.len(), 3, "{name}: {:?}", v.error);
        assert_eq!((v.frames[1].2, v.frames[1].3.len()), (l, f.len() - 20));
    }
    // Kuznetzov's modified format: 24-byte record headers (index, protocol, type, padding).
    let mut p = Pcap::new(false, 0xA1B2_CD34, (2, 4), 65535);
    for n in 0..3u16 {
        let f = frame(n, 10);
        let l = f.len() as u32;
        p.record(1_700_000_000, l, l, &[]);
        p.bytes.extend_from_slice(&[0; 8]);
        p.bytes.extend_from_slice(&f);
    }
    let v = agree("modified.pcap", &p.bytes);
    assert_eq!(v.frames.len(), 3);
}

#[test]
fn a_file_that_is_no_capture_is_refused_in_the_same_words() {
    agree(
        "text.pcap",
        b"this is not a capture file at all, only words\n",
    );
    agree("empty.pcap", b"");
    let mut p = Pcap::new(false, 0xA1B2_C3D4, (2, 4), 65535);
    p.bytes.truncate(16);
    agree("short-header.pcap", &p.bytes);
}

#[test]
fn pcapng_with_huge_block_lengths_stops_both_at_that_block() {
    let mut p = Pcapng::new(false);
    p.interface(1, 0, &[]).packet(0);
    p.block_claiming(6, &[0; 40], 0x7FFF_FFF0);
    let v = agree("huge-block.pcapng", &p.bytes);
    assert_eq!(v.frames.len(), 1);
    assert!(v.error.is_some());
    let mut p = Pcapng::new(false);
    p.interface(1, 0, &[]).packet(0);
    p.block_claiming(6, &[0; 40], 13);
    agree("odd-block.pcapng", &p.bytes);
}

#[test]
fn pcapng_interface_options_tsresol_and_tsoffset_give_the_same_times() {
    let mut p = Pcapng::new(false);
    p.interface(1, 0, &[(9, &[9]), (14, &1000u64.to_le_bytes())]);
    p.packet(0).packet(1);
    let v = agree("tsoffset.pcapng", &p.bytes);
    assert_eq!(v.frames.len(), 2);
}

#[test]
fn pcapng_packets_without_an_interface_block_stop_both() {
    let mut p = Pcapng::new(false);
    p.packet(0);
    let v = agree("no-idb.pcapng", &p.bytes);
    assert!(v.error.is_some());
    let mut p = Pcapng::new(false);
    p.interface(1, 0, &[]).packet(0);
    let f = frame(1, 10);
    let l = f.len() as u32;
    p.enhanced(3, 0, l, l, &f);
    let v = agree("unknown-interface.pcapng", &p.bytes);
    assert_eq!(v.frames.len(), 1);
    assert!(v.error.is_some());
}

#[test]
fn pcapng_sections_of_both_byte_orders_and_blocks_between_packets_read_the_same() {
    let mut p = Pcapng::new(false);
    p.interface(1, 0, &[]).packet(0);
    // A custom block and an interface statistics block between packets.
    p.block(0x0000_0BAD, &[1, 2, 3, 4, 5, 6, 7, 8]);
    p.block(5, &[0; 12]);
    p.packet(1);
    // libpcap 1.10 reads a second section in the first one's byte order, and stops there
    // ("pcapng block size ... > maximum"); the TUI stops with it.
    p.section(true).interface(1, 0, &[]).packet(2).packet(3);
    let v = agree("byte-orders.pcapng", &p.bytes);
    assert_eq!(v.frames.len(), 2);
    let mut p = Pcapng::new(true);
    p.interface(1, 0, &[]).packet(0).packet(1);
    let v = agree("big-endian.pcapng", &p.bytes);
    assert_eq!(v.frames.len(), 2);
}

#[test]
fn pcapng_caplen_beyond_the_snapshot_and_simple_packet_blocks_read_the_same() {
    // libpcap refuses an enhanced packet block longer than its interface's snapshot length.
    let mut p = Pcapng::new(false);
    p.interface(1, 50, &[]).packet(0).packet(1);
    let v = agree("epb-over-snaplen.pcapng", &p.bytes);
    assert!(v.error.unwrap().contains("record 1:"));
    // A simple packet block stores its original length, then the bytes; the captured length
    // is that cut to the snapshot length (46: up to the UDP header).
    let mut p = Pcapng::new(false);
    p.interface(1, 46, &[]);
    for n in 0..2 {
        let f = frame(n, 10);
        let mut body = (f.len() as u32).to_le_bytes().to_vec();
        body.extend_from_slice(&f);
        p.block(3, &body);
    }
    let v = agree("spb.pcapng", &p.bytes);
    assert_eq!(v.frames.len(), 2);
    assert_eq!(v.frames[0].3.len(), 46);
    let mut p = Pcapng::new(false);
    p.interface(1, 0, &[]).packet(0);
    let f = frame(1, 10);
    p.enhanced(0, 0, 0xFFFF_FFFF, f.len() as u32, &f);
    agree("epb-huge-caplen.pcapng", &p.bytes);
}

#[test]
fn pcapng_cut_in_a_block_and_mixed_link_types_read_the_same() {
    let mut p = Pcapng::new(false);
    p.interface(1, 0, &[]).packet(0).packet(1);
    let cut = p.bytes.len() - 7;
    let v = agree("cut-block.pcapng", &p.bytes[..cut]);
    assert_eq!(v.frames.len(), 1);
    // A second interface of another link type (raw IP): libpcap refuses it, and `read`
    // goes on with pcap-file; the TUI follows.
    let mut p = Pcapng::new(false);
    p.interface(1, 0, &[]).interface(101, 0, &[]).packet(0);
    let f = frame(1, 10);
    let ip = &f[14..];
    p.enhanced(1, 0, ip.len() as u32, ip.len() as u32, ip);
    p.packet(2);
    let v = agree("mixed-links.pcapng", &p.bytes);
    assert_eq!(v.frames.len(), 3);
}
