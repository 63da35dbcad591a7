//! Several frames through the one engine (decode → IP defragmentation → track → reassembly
//! of a followed conversation) into every renderer (text with annotations, JSON, summary,
//! ladder in both formats, the follow view as text and as JSON, Zeek's conn.log, the SVG
//! ladders and the HTML report). Nothing may panic, every JSON line must parse and every
//! output is UTF-8.
//!
//! Input layout: byte 0 picks the link type for all frames (as in decode_render) and, with
//! its high bits, the conversation to follow (1 to 4); then records of
//! `[time step: u8][length: u8][frame bytes]` until the input ends. Frames share few
//! addresses in practice (the fuzzer copies bytes around), so conversations form and the
//! tracker's state machine, Zeek letters, analysis, fragments and stream reassembly are
//! exercised on hostile sequences. The limits are small, so that timeouts and caps are met.
#![no_main]

use std::io::{self, Write};

use libfuzzer_sys::fuzz_target;
use wirelab::capture::{LinkType, RawFrame, Timestamp};
use wirelab::defrag::{DefragLimits, Incomplete};
use wirelab::engine::Engine;
use wirelab::reassemble::StreamEvent;
use wirelab::render::{
    CallNote, FileInfo, FollowFormat, FollowRenderer, JsonRenderer, LadderFormat, LadderRenderer,
    Record, Renderer, SummaryRenderer, TextRenderer, TimeFormat, ZeekConnRenderer,
};
use wirelab::report::{ReportFormat, ReportOptions, ReportRenderer};
use wirelab::track::{Conversation, Timeouts};

const LINK_TYPES: [LinkType; 4] = [
    LinkType::ETHERNET,
    LinkType::RAW,
    LinkType::NULL,
    LinkType::LINUX_SLL,
];

/// Every renderer, each writing into its own buffer (the engine's `out` is not used).
struct FanOut(Vec<(Box<dyn Renderer>, Vec<u8>)>);

impl FanOut {
    fn each(
        &mut self,
        f: &mut dyn FnMut(&mut dyn Renderer, &mut Vec<u8>) -> io::Result<()>,
    ) -> io::Result<()> {
        for (r, out) in &mut self.0 {
            f(r.as_mut(), out)?;
        }
        Ok(())
    }
}

impl Renderer for FanOut {
    fn file_start(&mut self, _: &mut dyn Write, file: &FileInfo<'_>) -> io::Result<()> {
        self.each(&mut |r, out| r.file_start(out, file))
    }
    fn packet(&mut self, _: &mut dyn Write, record: &Record<'_, '_>) -> io::Result<()> {
        self.each(&mut |r, out| r.packet(out, record))
    }
    fn conversation(&mut self, _: &mut dyn Write, conv: &Conversation) -> io::Result<()> {
        self.each(&mut |r, out| r.conversation(out, conv))
    }
    fn flush(&mut self, _: &mut dyn Write) -> io::Result<()> {
        self.each(&mut |r, out| r.flush(out))
    }
    fn input_end(&mut self, _: &mut dyn Write) -> io::Result<()> {
        self.each(&mut |r, out| r.input_end(out))
    }
    fn notes(&mut self, _: &mut dyn Write, notes: &[CallNote]) -> io::Result<()> {
        self.each(&mut |r, out| r.notes(out, notes))
    }
    fn stream(&mut self, _: &mut dyn Write, event: &StreamEvent) -> io::Result<()> {
        self.each(&mut |r, out| r.stream(out, event))
    }
    fn datagram_given_up(&mut self, _: &mut dyn Write, d: &Incomplete) -> io::Result<()> {
        self.each(&mut |r, out| r.datagram_given_up(out, d))
    }
}

/// The report in `format`, drawing at most four conversations (small, so the caps are met).
fn report(format: ReportFormat) -> ReportRenderer {
    ReportRenderer::new(ReportOptions {
        format,
        only: None,
        max_conversations: 4,
        title: "fuzz.pcap".to_owned(),
        lang: wirelab::annotate::lang::Lang::En,
    })
}

fuzz_target!(|input: &[u8]| {
    let Some((&selector, mut rest)) = input.split_first() else {
        return;
    };
    let link_type = LINK_TYPES[usize::from(selector) % LINK_TYPES.len()];
    let follow = u64::from(selector >> 6) + 1;
    let mut engine = Engine::with_limits(
        Timeouts {
            tcp_attempt: 1,
            tcp_closed: 2,
            tcp_open: 5,
            udp: 3,
        },
        DefragLimits {
            timeout_v4: 2,
            timeout_v6: 3,
            max_datagrams: 8,
            max_bytes: 2048,
            max_fragments: 8,
        },
        Some(follow),
    );
    let renderers: Vec<Box<dyn Renderer>> = vec![
        Box::new(TextRenderer::new(TimeFormat::Delta, true).verbose(true)),
        Box::new(JsonRenderer::new()),
        Box::new(SummaryRenderer::new()),
        Box::new(LadderRenderer::new(LadderFormat::Text, None)),
        Box::new(LadderRenderer::new(LadderFormat::Mermaid, None)),
        Box::new(FollowRenderer::new(follow, FollowFormat::Text, false, true)),
        Box::new(FollowRenderer::new(follow, FollowFormat::Text, true, false)),
        Box::new(ZeekConnRenderer::new()),
        Box::new(report(ReportFormat::Svg)),
        Box::new(report(ReportFormat::Html)),
        // -L: the layers, and a loopback packet's two hosts from what tracking knows.
        Box::new(TextRenderer::new(TimeFormat::Rel, false).layers(true)),
        Box::new(JsonRenderer::new().layers(true)),
    ];
    let mut all = FanOut(renderers.into_iter().map(|r| (r, Vec::new())).collect());
    let mut sink = io::sink();
    let info = FileInfo {
        index: 0,
        path: std::path::Path::new("fuzz.pcap"),
        link_type,
        several: false,
    };
    all.file_start(&mut sink, &info).expect("write to a Vec");
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
        ts = Timestamp::from_parts(ts.secs, i64::from(ts.nanos) + i64::from(step) * 50_000_000).0;
        let frame = RawFrame {
            number,
            link_type,
            ts,
            len: u32::try_from(data.len()).unwrap_or(u32::MAX),
            data,
            ts_fixed: false,
        };
        engine
            .frame(&frame, &mut all, &mut sink)
            .expect("write to a Vec");
    }
    engine.finish(&mut all, &mut sink).expect("write to a Vec");
    all.flush(&mut sink).expect("write to a Vec");
    // The JSON outputs: packets, the follow view's, and packets with their layers.
    for json in [&all.0[1].1, &all.0[6].1, &all.0[11].1] {
        for line in json.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            if let Err(e) = serde_json::from_slice::<serde_json::Value>(line) {
                panic!(
                    "JSON line does not parse ({e}): {:?}",
                    String::from_utf8_lossy(line)
                );
            }
        }
    }
    for (_, out) in &all.0 {
        assert!(std::str::from_utf8(out).is_ok(), "output is not UTF-8");
    }
});
