//! `capture --tui`'s path: the capture loop's one engine tracks each packet, once, and the
//! TUI receives what it made. Driven on capture files through the same loop a live
//! interface goes through (`pipeline::capture_into_view`, the `LiveFeed` of `--tui`).

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::mpsc::channel;

use wirelab::capture::FileSource;
use wirelab::pipeline::{CaptureConfig, CaptureOutcome, capture_into_view};
use wirelab::tui::LiveFeed;
use wirelab::tui::index::{IndexConfig, index_all};
use wirelab::tui::model::{Batch, ConvSummary, FrameEntry, Row};

/// What a run of batches adds up to, with the store offsets left out (a file's offsets and
/// an in-memory store's differ): rows by conversation, frames, final conversation snapshots.
#[derive(Debug, PartialEq, Eq)]
struct Seen {
    rows: BTreeMap<u64, Vec<Row>>,
    frames: Vec<FrameEntry>,
    finals: BTreeMap<u64, ConvSummary>,
    done: bool,
}

fn gather(batches: impl IntoIterator<Item = Batch>) -> Seen {
    let mut seen = Seen {
        rows: BTreeMap::new(),
        frames: Vec::new(),
        finals: BTreeMap::new(),
        done: false,
    };
    for b in batches {
        for (id, mut row) in b.rows {
            row.at = 0;
            seen.rows.entry(id).or_default().push(row);
        }
        seen.frames
            .extend(b.frames.into_iter().map(|f| FrameEntry { at: 0, ..f }));
        for (c, last) in b.convs {
            if last {
                assert!(seen.finals.insert(c.id, c).is_none(), "one final snapshot");
            }
        }
        assert!(!seen.done, "nothing after the last batch");
        seen.done = b.progress.done;
    }
    seen
}

/// Runs `capture --tui`'s loop on a file: the outcome and the batches the TUI would get
/// (`None` when the file does not open or has a damaged record).
fn live_path(path: &Path) -> Option<(CaptureOutcome, Vec<Batch>)> {
    let mut source = FileSource::open(path).ok()?;
    let (tx, rx) = channel();
    let mut feed = LiveFeed::new(tx);
    let outcome = capture_into_view(
        &mut source,
        "file",
        &CaptureConfig::default(),
        None,
        &mut feed,
        &mut std::io::sink(),
    )
    .ok()?;
    drop(feed);
    Some((outcome, rx.into_iter().collect()))
}

fn live(name: &str) -> (CaptureOutcome, Vec<Batch>) {
    live_path(&common::capture(name)).expect("capture from a file")
}

/// Both paths on every corpus capture both can read whole: the same rows, frames and final
/// conversations, each packet tracked once.
#[test]
fn on_the_corpus_the_live_path_gives_the_tui_what_the_file_path_gives() {
    if !common::corpus_or_skip("on_the_corpus_the_live_path_gives_the_tui_what_the_file_path_gives")
    {
        return;
    }
    let mut compared = 0;
    for path in common::corpus_captures() {
        let Some((outcome, batches)) = live_path(&path) else {
            continue;
        };
        let config = IndexConfig {
            path: path.clone(),
            filter: None,
        };
        let Ok(file) = index_all(&config) else {
            continue;
        };
        if file.iter().any(|b| b.error.is_some()) {
            continue;
        }
        let name = path.display();
        assert_eq!(outcome.tracked, outcome.packets, "{name}");
        assert_eq!(gather(batches), gather(file), "{name}");
        compared += 1;
    }
    eprintln!("{compared} corpus files compared");
    assert!(compared >= 20, "{compared} corpus files compared");
}

#[test]
fn capture_tui_tracks_each_packet_once_and_the_tui_gets_what_the_file_path_makes() {
    for name in [
        "tcp-echo.pcap",
        "tcp-many.pcap",
        "udp-unreachable.pcap",
        "tcp-reset.pcap",
    ] {
        let (outcome, batches) = live(name);
        assert!(outcome.packets > 0, "{name}");
        // The capture loop's engine is the only tracker on the path: one track per packet,
        // and the feed (a renderer without a tracker) gets rows it did not make itself.
        assert_eq!(outcome.tracked, outcome.packets, "{name}");
        let live = gather(batches);
        assert!(live.done, "{name}: the last batch says done");
        assert_eq!(live.frames.len() as u64, outcome.packets, "{name}");
        let file = gather(
            index_all(&IndexConfig {
                path: common::capture(name),
                filter: None,
            })
            .expect("index the capture"),
        );
        assert_eq!(live, file, "{name}");
    }
}

#[test]
fn a_quiet_capture_without_tui_tracks_nothing() {
    let mut source = FileSource::open(&common::capture("tcp-echo.pcap")).expect("open");
    let outcome = wirelab::pipeline::capture(
        &mut source,
        "tcp-echo.pcap",
        &CaptureConfig::default(),
        None,
        None,
        &mut std::io::sink(),
    )
    .expect("capture from a file");
    assert_eq!((outcome.packets, outcome.tracked), (11, 0));
}
