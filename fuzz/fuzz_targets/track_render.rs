//! Several frames through decode → track → every renderer (text with annotations, JSON,
//! summary, ladder in both formats). Nothing may panic and every JSON line must parse.
//!
//! Input layout: byte 0 picks the link type for all frames (as in decode_render); then
//! records of `[time step: u8][length: u8][frame bytes]` until the input ends. Frames share
//! few addresses in practice (the fuzzer copies bytes around), so conversations form and the
//! tracker's state machine, Zeek letters and analysis are exercised on hostile sequences.
//! IP fragments go through a defragmenter with small caps first, as in the engine, so that
//! overlaps, caps, timeouts and reassembled transport layers are exercised too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wirelab::capture::{Duration, LinkType, RawFrame, Timestamp};
use wirelab::decode::{decode, decode_transport};
use wirelab::defrag::{DefragLimits, Defragmenter, FragKey, FragmentFate};
use wirelab::render::{
    JsonRenderer, LadderFormat, LadderRenderer, Record, Renderer, SummaryRenderer, TextRenderer,
    TimeFormat,
};
use wirelab::track::{Timeouts, Tracker};

const LINK_TYPES: [LinkType; 4] = [
    LinkType::ETHERNET,
    LinkType::RAW,
    LinkType::NULL,
    LinkType::LINUX_SLL,
];

fuzz_target!(|input: &[u8]| {
    let Some((&selector, mut rest)) = input.split_first() else {
        return;
    };
    let link_type = LINK_TYPES[usize::from(selector) % LINK_TYPES.len()];
    // Short timeouts so that expiry runs too.
    let mut tracker = Tracker::new(Timeouts {
        tcp_attempt: 1,
        tcp_closed: 2,
        tcp_open: 5,
        udp: 3,
    });
    let mut defrag = Defragmenter::new(DefragLimits {
        timeout_v4: 2,
        timeout_v6: 3,
        max_datagrams: 8,
        max_bytes: 2048,
        max_fragments: 8,
    });
    let mut renderers: Vec<Box<dyn Renderer>> = vec![
        Box::new(TextRenderer::new(TimeFormat::Delta, true).verbose(true)),
        Box::new(JsonRenderer::new()),
        Box::new(SummaryRenderer::new()),
        Box::new(LadderRenderer::new(LadderFormat::Text, None)),
        Box::new(LadderRenderer::new(LadderFormat::Mermaid, None)),
    ];
    let mut outs: Vec<Vec<u8>> = vec![Vec::new(); renderers.len()];
    let mut ts = Timestamp {
        secs: 1_700_000_000,
        nanos: 0,
    };
    let mut number = 0u64;
    while let Some((&[step, len], after)) = rest.split_first_chunk::<2>() {
        let n = usize::from(len).min(after.len());
        let (data, after) = after.split_at(n);
        rest = after;
        number += 1;
        let previous = ts;
        ts = Timestamp::from_parts(ts.secs, i64::from(ts.nanos) + i64::from(step) * 50_000_000).0;
        let frame = RawFrame {
            number,
            link_type,
            ts,
            len: u32::try_from(data.len()).unwrap_or(u32::MAX),
            data,
            ts_fixed: false,
        };
        let mut packet = decode(link_type, data, frame.len);
        let note = packet.fragment.and_then(|f| {
            let key = FragKey::of(&packet, &f)?;
            Some((defrag.add(number, ts, key, &f), key))
        });
        let given_up = defrag.take_given_up();
        if let Some((note, key)) = &note
            && let FragmentFate::Completed(done) = &note.fate
        {
            let (transport, issue) = decode_transport(done.proto, defrag.payload(), key.is_v6());
            packet.transport = transport;
            if let Some(issue) = issue {
                packet.push_issue(issue);
            }
        }
        let info = tracker.track(number, ts, frame.len, &packet);
        let record = Record {
            number,
            frame: &frame,
            packet: &packet,
            since_first: Duration(0),
            since_previous: ts.since(previous),
            info: info.as_ref(),
            calls: &[],
            defrag: note.as_ref().map(|(n, _)| n),
        };
        let expired = tracker.take_expired();
        for (r, out) in renderers.iter_mut().zip(outs.iter_mut()) {
            r.packet(out, &record).expect("write to a Vec");
            for c in &expired {
                r.conversation(out, c).expect("write to a Vec");
            }
            for d in &given_up {
                r.datagram_given_up(out, d).expect("write to a Vec");
            }
        }
    }
    let mut conversations = Vec::new();
    tracker
        .finish(|c| {
            conversations.push(c);
            Ok::<(), ()>(())
        })
        .expect("collecting cannot fail");
    for (r, out) in renderers.iter_mut().zip(outs.iter_mut()) {
        for c in &conversations {
            r.conversation(out, c).expect("write to a Vec");
        }
        r.input_end(out).expect("write to a Vec");
        r.flush(out).expect("write to a Vec");
    }
    for line in outs[1].split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        if let Err(e) = serde_json::from_slice::<serde_json::Value>(line) {
            panic!(
                "JSON line does not parse ({e}): {:?}",
                String::from_utf8_lossy(line)
            );
        }
    }
    for out in &outs {
        assert!(std::str::from_utf8(out).is_ok(), "output is not UTF-8");
    }
});
