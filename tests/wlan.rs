//! 802.11 with radiotap (link type 127) and without (105): frames built here, written with
//! `PcapWriter`, read with `wirelab read --json` and compared field by field with tshark.

mod common;

use std::path::Path;

use etherparse::PacketBuilder;
use wirelab::capture::{LinkType, PcapWriter, RawFrame, Timestamp};

const AP: [u8; 6] = [0x02, 0xaa, 0, 0, 0, 1];
const STA: [u8; 6] = [0x02, 0xbb, 0, 0, 0, 2];
const HOST: [u8; 6] = [0x02, 0xcc, 0, 0, 0, 3];
const AP2: [u8; 6] = [0x02, 0xdd, 0, 0, 0, 4];
const BCAST: [u8; 6] = [0xff; 6];

/// Radiotap with TSFT, flags, channel and dBm signal. With `extended`, a second presence word
/// moves the fields so that TSFT must be aligned from offset 12 to 16.
fn radiotap(extended: bool, fcs: bool) -> Vec<u8> {
    let present: u32 = 0b10_1011; // TSFT, flags, channel, dBm antenna signal
    let mut h = vec![0u8, 0, 0, 0];
    if extended {
        h.extend((present | 0x8000_0000).to_le_bytes());
        h.extend(0u32.to_le_bytes());
        h.extend([0; 4]); // to 16, TSFT's alignment
    } else {
        h.extend(present.to_le_bytes());
    }
    h.extend(0x0102_0304_0506_0708u64.to_le_bytes());
    h.push(if fcs { 0x10 } else { 0 });
    h.push(0); // channel is 2-aligned
    h.extend(2437u16.to_le_bytes());
    h.extend(0x00a0u16.to_le_bytes());
    h.push((-42i8) as u8);
    let len = h.len() as u16;
    h[2..4].copy_from_slice(&len.to_le_bytes());
    h
}

/// An 802.11 MAC header: frame control, duration, addresses, sequence control, QoS control.
fn mac_header(fc0: u8, flags: u8, addrs: &[[u8; 6]], qos: bool) -> Vec<u8> {
    let mut h = vec![fc0, flags, 0x3a, 0x01];
    for (i, a) in addrs.iter().enumerate() {
        if i == 3 {
            h.extend([0x10, 0x00]); // sequence control comes before address 4
        }
        h.extend(a);
    }
    if addrs.len() == 3 && fc0 & 0x0c != 0x04 {
        h.extend([0x10, 0x00]);
    }
    if qos {
        h.extend([0x00, 0x00]);
    }
    h
}

/// LLC/SNAP + the network layer of an Ethernet frame built by etherparse.
fn snap(ether_frame: &[u8]) -> Vec<u8> {
    let mut b = vec![0xaa, 0xaa, 0x03, 0, 0, 0];
    b.extend(&ether_frame[12..]);
    b
}

fn tcp_v4(src: [u8; 4], dst: [u8; 4], sport: u16, dport: u16) -> Vec<u8> {
    let mut out = Vec::new();
    PacketBuilder::ethernet2([0; 6], [0; 6])
        .ipv4(src, dst, 64)
        .tcp(sport, dport, 1000, 64240)
        .syn()
        .write(&mut out, &[])
        .unwrap();
    out
}

fn udp_v6(sport: u16, dport: u16) -> Vec<u8> {
    let mut out = Vec::new();
    let a = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    let b = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];
    PacketBuilder::ethernet2([0; 6], [0; 6])
        .ipv6(a, b, 64)
        .udp(sport, dport)
        .write(&mut out, b"hello")
        .unwrap();
    out
}

fn arp_request() -> Vec<u8> {
    let mut f = vec![0u8; 12];
    f.extend([0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0, 1]);
    f.extend(STA);
    f.extend([192, 168, 1, 2]);
    f.extend([0; 6]);
    f.extend([192, 168, 1, 1]);
    f
}

/// The 802.11 frames of the test: every ToDS/FromDS combination, QoS and plain data,
/// IPv4/TCP, IPv6/UDP, ARP, management and control frames, a protected data frame.
fn frames() -> Vec<Vec<u8>> {
    let mut v = Vec::new();
    let data = |fc0: u8, flags: u8, addrs: &[[u8; 6]], qos: bool, body: Vec<u8>| {
        let mut f = mac_header(fc0, flags, addrs, qos);
        f.extend(body);
        f
    };
    let syn = snap(&tcp_v4([192, 168, 1, 2], [93, 184, 216, 34], 50000, 80));
    v.push(data(0x88, 0x01, &[AP, STA, HOST], true, syn.clone())); // QoS data, ToDS
    v.push(data(
        0x08,
        0x02,
        &[STA, AP, HOST],
        false,
        snap(&udp_v6(5353, 53)),
    )); // FromDS
    v.push(data(
        0x08,
        0x00,
        &[STA, HOST, AP],
        false,
        snap(&arp_request()),
    )); // ad hoc
    v.push(data(0x88, 0x03, &[AP2, AP, STA, HOST], true, syn)); // WDS, four addresses
    v.push(data(0x88, 0x41, &[AP, STA, HOST], true, vec![0x11; 40])); // protected
    v.push(mac_header(0xc8, 0x01, &[AP, STA, HOST], true)); // QoS Null
    v.push(data(0x80, 0, &[BCAST, AP, AP], false, vec![0; 12])); // beacon
    v.push(data(0x40, 0, &[BCAST, STA, BCAST], false, vec![0, 0])); // probe request
    v.push(data(0x50, 0, &[STA, AP, AP], false, vec![0; 12])); // probe response
    v.push(data(0xb0, 0, &[AP, STA, AP], false, vec![0, 0, 1, 0, 0, 0])); // authentication
    v.push(data(0x00, 0, &[AP, STA, AP], false, vec![0; 4])); // association request
    v.push(data(0xc0, 0, &[STA, AP, AP], false, vec![7, 0])); // deauthentication
    v.push(vec![
        0xd4, 0, 0, 0, STA[0], STA[1], STA[2], STA[3], STA[4], STA[5],
    ]); // ACK
    v.push(vec![
        0xc4, 0, 0x10, 0, AP[0], AP[1], AP[2], AP[3], AP[4], AP[5],
    ]); // CTS
    let mut rts = vec![0xb4, 0, 0x20, 0];
    rts.extend(AP);
    rts.extend(STA);
    v.push(rts);
    v
}

fn write(path: &Path, link_type: LinkType, frames: &[Vec<u8>]) {
    let mut w = PcapWriter::create(path, link_type).unwrap();
    for (i, data) in frames.iter().enumerate() {
        let frame = RawFrame {
            number: i as u64 + 1,
            link_type,
            ts: Timestamp {
                secs: 1_700_000_000 + i as i64,
                nanos: 0,
            },
            len: data.len() as u32,
            data,
            ts_fixed: false,
        };
        w.write(&frame).unwrap();
    }
    w.finish().unwrap();
}

const TSHARK_FIELDS: [&str; 16] = [
    "wlan.fc.type_subtype",
    "wlan.sa",
    "wlan.da",
    "wlan.bssid",
    "wlan.ra",
    "wlan.ta",
    "wlan.fc.protected",
    "radiotap.channel.freq",
    "radiotap.dbm_antsignal",
    "ip.src",
    "ip.dst",
    "ipv6.src",
    "ipv6.dst",
    "tcp.srcport",
    "tcp.dstport",
    "udp.srcport",
];

/// The same fields from wirelab's JSON, spelled as tshark prints them.
fn wirelab_row(p: &serde_json::Value) -> Vec<String> {
    let s = |v: &serde_json::Value| match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Bool(b) => if *b { "1" } else { "0" }.to_owned(),
        other => other.to_string(),
    };
    let l = &p["link"];
    let ip = &p["ip"];
    let v4 = ip["version"] == 4;
    let v6 = ip["version"] == 6;
    let pick = |cond: bool, v: &serde_json::Value| if cond { s(v) } else { String::new() };
    vec![
        format!("{}", l["type_subtype"].as_u64().unwrap_or(999)),
        s(&l["src"]),
        s(&l["dst"]),
        s(&l["bssid"]),
        s(&l["ra"]),
        s(&l["ta"]),
        s(&l["protected"]),
        s(&l["radiotap"]["freq_mhz"]),
        s(&l["radiotap"]["signal_dbm"]),
        pick(v4, &ip["src"]),
        pick(v4, &ip["dst"]),
        pick(v6, &ip["src"]),
        pick(v6, &ip["dst"]),
        s(&p["tcp"]["sport"]),
        s(&p["tcp"]["dport"]),
        s(&p["udp"]["sport"]),
    ]
}

/// tshark prints `wlan.fc.type_subtype` in hex (`0x0028`); wirelab's JSON has the number.
fn tshark_row(mut row: Vec<String>) -> Vec<String> {
    row.resize(TSHARK_FIELDS.len(), String::new());
    if let Some(ts) = row.first_mut()
        && let Some(hex) = ts.strip_prefix("0x")
    {
        *ts = u64::from_str_radix(hex, 16).unwrap().to_string();
    }
    // tshark says "True"/"False" for the protected bit in some versions and 1/0 in others.
    if let Some(p) = row.get_mut(6) {
        *p = match p.as_str() {
            "True" | "1" => "1".into(),
            "False" | "0" => "0".into(),
            other => other.into(),
        };
    }
    row
}

fn compare(file: &Path, with_radiotap: bool) -> usize {
    let out = common::wirelab(["read", "--json", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let ours: Vec<Vec<String>> = common::packets(&out).iter().map(wirelab_row).collect();
    let theirs: Vec<Vec<String>> = common::tshark_fields(file, &TSHARK_FIELDS)
        .into_iter()
        .map(tshark_row)
        .collect();
    assert_eq!(ours.len(), theirs.len());
    let mut compared = 0;
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        for (k, name) in TSHARK_FIELDS.iter().enumerate() {
            if !with_radiotap && name.starts_with("radiotap") {
                continue;
            }
            assert_eq!(a[k], b[k], "frame {}: {name}: wirelab vs tshark", i + 1);
            compared += 1;
        }
    }
    compared
}

#[test]
fn radiotap_80211_frames_agree_with_tshark() {
    if !common::tshark_or_skip("radiotap_80211_frames_agree_with_tshark") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("wlan-radiotap.pcap");
    let frames: Vec<Vec<u8>> = frames()
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            // Odd frames have an FCS and the extended presence word.
            let mut out = radiotap(i % 2 == 1, i % 2 == 1);
            out.extend(f);
            if i % 2 == 1 {
                out.extend([0xde, 0xad, 0xbe, 0xef]);
            }
            out
        })
        .collect();
    write(&file, LinkType::IEEE802_11_RADIOTAP, &frames);
    let n = compare(&file, true);
    eprintln!(
        "radiotap: {} frames, {n} fields agree with tshark",
        frames.len()
    );
}

#[test]
fn plain_80211_frames_agree_with_tshark() {
    if !common::tshark_or_skip("plain_80211_frames_agree_with_tshark") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("wlan.pcap");
    let frames = frames();
    write(&file, LinkType::IEEE802_11, &frames);
    let n = compare(&file, false);
    eprintln!(
        "802.11: {} frames, {n} fields agree with tshark",
        frames.len()
    );
}

#[test]
fn text_names_management_control_and_protected_frames() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("wlan-radiotap.pcap");
    let frames: Vec<Vec<u8>> = frames()
        .into_iter()
        .map(|f| [radiotap(false, false), f].concat())
        .collect();
    write(&file, LinkType::IEEE802_11_RADIOTAP, &frames);
    let out = common::wirelab(["read", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let text = common::stdout(&out);
    assert!(!text.contains("unsupported"), "{text}");
    for words in [
        "192.168.1.2:50000 → 93.184.216.34:80",
        "[fe80::1]:5353 → [fe80::2]:53",
        "ARP request who-has 192.168.1.1 tell 192.168.1.2",
        "802.11 QoS Data bssid=02:aa:00:00:00:01 protected",
        "802.11 Beacon bssid=02:aa:00:00:00:01 2437 MHz -42 dBm",
        "802.11 Probe Request",
        "802.11 Authentication",
        "802.11 Deauthentication",
        "→ 02:bb:00:00:00:02  802.11 ACK",
        "02:bb:00:00:00:02 → 02:aa:00:00:00:01  802.11 RTS",
    ] {
        assert!(text.contains(words), "{words:?} not in:\n{text}");
    }
}

#[test]
fn the_tui_fields_view_has_radiotap_and_80211_layers() {
    let frame = [radiotap(false, false), frames().remove(0)].concat();
    let p = wirelab::decode::decode(LinkType::IEEE802_11_RADIOTAP, &frame, frame.len() as u32);
    let fields = wirelab::annotate::fields::fields(
        &p,
        frame.len(),
        frame.len() as u32,
        Default::default(),
        Default::default(),
    );
    let top: Vec<(&str, std::ops::Range<usize>)> = fields
        .iter()
        .filter(|f| f.depth == 0 && !f.text.starts_with("Frame:"))
        .map(|f| (f.text.as_str(), f.bytes.clone()))
        .collect();
    let rt = radiotap(false, false).len();
    assert_eq!(top[0], ("Radiotap, 23 bytes, 2437 MHz, -42 dBm", 0..rt));
    assert_eq!(
        top[1],
        (
            "802.11 QoS Data, source 02:bb:00:00:00:02, destination 02:cc:00:00:00:03, BSS id 02:aa:00:00:00:01",
            rt..rt + 26
        )
    );
    assert_eq!(top[2], ("LLC/SNAP", rt + 26..rt + 34));
    // The IP header starts right after LLC/SNAP.
    assert_eq!(top[3].1.start, rt + 34, "{top:?}");
}
