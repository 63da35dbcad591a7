//! Decode any bytes as a frame of some link type, then render the packet as text (colour on)
//! and as JSON. Neither stage may panic, the JSON must parse, and each output is one line.
//!
//! Input layout:
//! - byte 0: link type, `LINK_TYPES[(b & 0x7f) % 11]`; bit 7 sets `ts_fixed` on the frame (so the
//!   renderers' timestamp-issue path runs too). `fuzz/seed.sh` writes 0..=10 here.
//! - bytes 1..5 (when present): wire length, big-endian, raised to at least the frame length.
//! - the rest: the captured frame.
//!
//! Checked beyond "no panic": the text is one UTF-8 line (with `-L`, that line and then the
//! layers); the JSON (with its `layers` array) is one line that parses, and its `len`,
//! `caplen`, `ts`, `link.type` and number of issues agree with the frame and packet.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wirelab::capture::{Duration, LinkType, RawFrame, Timestamp};
use wirelab::decode::decode;
use wirelab::render::{JsonRenderer, Record, Renderer, TextRenderer, TimeFormat};

/// Index = the low 7 bits of the first byte, modulo 11. 147 (USER0) is a type wirelab does
/// not decode.
const LINK_TYPES: [LinkType; 11] = [
    LinkType::ETHERNET,
    LinkType::LINUX_SLL,
    LinkType::LINUX_SLL2,
    LinkType::NULL,
    LinkType::LOOP,
    LinkType::RAW,
    LinkType::IPV4,
    LinkType::IPV6,
    LinkType(147),
    LinkType::IEEE802_11,
    LinkType::IEEE802_11_RADIOTAP,
];

fuzz_target!(|input: &[u8]| {
    let Some((&selector, rest)) = input.split_first() else {
        return;
    };
    let link_type = LINK_TYPES[usize::from(selector & 0x7f) % LINK_TYPES.len()];
    let ts_fixed = selector & 0x80 != 0;
    let (declared, data) = match rest.split_first_chunk::<4>() {
        Some((len, data)) => (u32::from_be_bytes(*len), data),
        None => (0, &[][..]),
    };
    let caplen = u32::try_from(data.len()).unwrap_or(u32::MAX);
    let wire_len = declared.max(caplen);

    let mut packet = decode(link_type, data, wire_len);
    // The checksum verdicts (and a wrong one's issue) as the engine makes them.
    let checksums = wirelab::decode::checksum::check(&mut packet, data);
    // An application message (DNS) where the packet carries one, so its words are fuzzed too.
    let app = wirelab::decode::app::parse(&packet);

    let frame = RawFrame {
        number: 1,
        link_type,
        ts: Timestamp {
            secs: 1_700_000_000,
            nanos: 123_456_789,
        },
        len: wire_len,
        data,
        ts_fixed,
    };
    let record = Record {
        number: 1,
        frame: &frame,
        packet: &packet,
        since_first: Duration(0),
        since_previous: Duration(0),
        info: None,
        calls: &[],
        defrag: None,
        app: app.as_ref(),
        checksums,
        kernel: None,
        returned: None,
    };

    let mut text = Vec::new();
    TextRenderer::new(TimeFormat::Rel, true)
        .packet(&mut text, &record)
        .expect("text renderer failed writing to a Vec");
    let text = String::from_utf8(text).expect("text output is not UTF-8");
    assert!(
        text.ends_with('\n'),
        "text output does not end with a newline: {text:?}"
    );
    assert_eq!(
        text.matches('\n').count(),
        1,
        "text output is not exactly one line: {text:?}"
    );

    // With -L: the same line, then the layer rows, the nesting line and, for a loopback
    // packet, the sender's and the receiver's blocks.
    let mut layered = Vec::new();
    TextRenderer::new(TimeFormat::Rel, true)
        .layers(true)
        .packet(&mut layered, &record)
        .expect("text renderer failed writing to a Vec");
    let layered = String::from_utf8(layered).expect("-L output is not UTF-8");
    assert!(layered.starts_with(&text), "-L changed the packet's line");

    let mut json = Vec::new();
    let mut renderer = JsonRenderer::new().layers(true);
    renderer
        .packet(&mut json, &record)
        .expect("JSON renderer failed writing to a Vec");
    renderer
        .flush(&mut json)
        .expect("JSON renderer failed writing to a Vec");
    assert!(
        json.ends_with(b"\n"),
        "JSON output does not end with a newline"
    );
    assert_eq!(
        json.iter().filter(|&&b| b == b'\n').count(),
        1,
        "JSON output is not exactly one line: {:?}",
        String::from_utf8_lossy(&json)
    );
    let value: serde_json::Value = match serde_json::from_slice(&json) {
        Ok(v) => v,
        Err(e) => panic!(
            "JSON output does not parse ({e}): {:?}",
            String::from_utf8_lossy(&json)
        ),
    };
    assert!(value.is_object(), "JSON output is not an object");
    assert_eq!(value["len"], wire_len, "JSON len is not the wire length");
    assert_eq!(
        value["caplen"], caplen,
        "JSON caplen is not the captured length"
    );
    assert_eq!(
        value["ts"],
        frame.ts.to_string(),
        "JSON ts is not the timestamp"
    );
    assert_eq!(
        value["link"]["type"],
        packet.link.type_name(),
        "JSON link.type"
    );
    let issues = value["issues"].as_array().map_or(usize::MAX, Vec::len);
    assert_eq!(
        issues,
        packet.issues.len() + usize::from(ts_fixed),
        "JSON issues are not the packet's: {value}"
    );
});
