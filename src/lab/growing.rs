//! `wirelab run --tui`: the view grows while the program runs. The capture thread hands each
//! frame over as it comes; this feeder keeps the program's own (on the shared `lo`, those
//! with an end at one of its sockets so far), matches the calls made so far to them by the
//! lab's rules, and passes each frame on with its calls once it has settled.
//!
//! A frame settles [`SETTLE`] after it came: the call that caused a packet is made before
//! the packet is sent, and is in the tracer's log by then. A frame whose owner is not known
//! yet (a SYN leaves before `connect()` returns with the socket's port) waits up to [`HOLD`]
//! for its socket to show up, then is taken as another program's. Frames go on in capture
//! order: one that waits holds the ones behind it.

use std::collections::VecDeque;
use std::io;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::attach::{self, PacketFacts};
use super::program::Ends;
use super::run::{Matched, OwnedFrame, facts, notes};
use crate::annotate::lang::Lang;
use crate::engine::{Engine, LiveView};
use crate::trace::record::Sockets;

/// How long after it came a frame is shown.
pub const SETTLE: Duration = Duration::from_millis(300);
/// How long a frame of no known socket waits for its socket to appear.
pub const HOLD: Duration = Duration::from_secs(1);
/// How often the feeder looks.
const TICK: Duration = Duration::from_millis(100);

/// A frame not shown yet: when it came, and what the matcher knows of it (read once, as it
/// came: a frame may wait several ticks for its socket).
type Waiting = (Instant, OwnedFrame, Option<PacketFacts>);

/// The frames kept so far, with when each came.
#[derive(Default)]
struct Kept {
    frames: Vec<OwnedFrame>,
    came: Vec<Instant>,
}

/// Feeds `view` until the capture ends (its sender is dropped) and every frame is shown.
/// `netns`: every frame is the program's (its own namespace). The calls are in `lang`'s words.
pub fn feed(
    lang: Lang,
    frames: &Receiver<OwnedFrame>,
    sockets: &Arc<Mutex<Sockets>>,
    netns: bool,
    view: &mut dyn LiveView,
) -> io::Result<()> {
    let mut waiting: VecDeque<Waiting> = VecDeque::new();
    let mut kept = Kept::default();
    let mut engine = Engine::new();
    let mut shown = 0;
    let mut sink = io::sink();
    loop {
        let ended = take(frames, &mut waiting);
        let calls = sockets
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .snapshot();
        let ends = Ends::of(&calls);
        keep(
            &mut waiting,
            &mut kept,
            |f| netns || f.is_some_and(|f| ends.own(f)),
            ended,
        );
        let settled = if ended && waiting.is_empty() {
            kept.frames.len()
        } else {
            kept.came.partition_point(|t| t.elapsed() >= SETTLE)
        };
        if settled > shown {
            let facts = facts(&kept.frames);
            let placed = attach::attach(&calls, &facts);
            let matched = Matched {
                frames: &kept.frames,
                facts: &facts,
                calls: &calls,
                placed: &placed,
                verdicts: &[],
            };
            let notes = notes(lang, matched);
            for (i, f) in kept.frames.iter().enumerate().take(settled).skip(shown) {
                let raw = f.raw();
                engine.saw(&raw);
                let calls = notes.get(i).map(Vec::as_slice).unwrap_or_default();
                engine.frame_with_calls(&raw, calls, view, &mut sink)?;
            }
            shown = settled;
            if ended && waiting.is_empty() {
                if let Some(last) = notes.get(kept.frames.len()) {
                    view.notes(&mut sink, last)?;
                }
            } else {
                view.flush_with(&engine, &mut sink)?;
            }
        }
        if ended && waiting.is_empty() && shown == kept.frames.len() {
            engine.finish(view, &mut sink)?;
            return view.input_end(&mut sink);
        }
    }
}

/// Moves what came into `waiting` (waiting a tick for the first); true once the capture
/// has ended.
fn take(frames: &Receiver<OwnedFrame>, waiting: &mut VecDeque<Waiting>) -> bool {
    let mut came = |f: OwnedFrame| {
        let fact = facts(std::slice::from_ref(&f)).pop();
        waiting.push_back((Instant::now(), f, fact));
    };
    match frames.recv_timeout(TICK) {
        Ok(f) => came(f),
        Err(RecvTimeoutError::Timeout) => return false,
        Err(RecvTimeoutError::Disconnected) => return true,
    }
    loop {
        match frames.try_recv() {
            Ok(f) => came(f),
            Err(std::sync::mpsc::TryRecvError::Empty) => return false,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => return true,
        }
    }
}

/// Keeps the waiting frames that are the program's, in order, numbered from 1; drops those
/// that waited [`HOLD`] (or all that are left once the capture ended) without an owner.
fn keep(
    waiting: &mut VecDeque<Waiting>,
    kept: &mut Kept,
    ours: impl Fn(Option<&PacketFacts>) -> bool,
    ended: bool,
) {
    while let Some((came, _, fact)) = waiting.front() {
        let mine = ours(fact.as_ref());
        if !mine && !ended && came.elapsed() < HOLD {
            return;
        }
        let Some((came, mut frame, _)) = waiting.pop_front() else {
            return;
        };
        if mine {
            frame.number = u64::try_from(kept.frames.len() + 1).unwrap_or(u64::MAX);
            kept.frames.push(frame);
            kept.came.push(came);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::{LinkType, Timestamp};
    use etherparse::PacketBuilder;

    fn frame(n: u64, syn: bool, payload: &[u8]) -> OwnedFrame {
        let mut data = Vec::new();
        let b = PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv4([127, 0, 0, 1], [127, 0, 0, 1], 64)
            .tcp(50000, 8001, 1000, 64240);
        let b = if syn { b.syn() } else { b.ack(1).psh() };
        b.write(&mut data, payload).unwrap();
        OwnedFrame {
            number: n * 10,
            link_type: LinkType::ETHERNET,
            ts: Timestamp {
                secs: 1_700_000_000,
                nanos: u32::try_from(n).unwrap() * 1000,
            },
            len: u32::try_from(data.len()).unwrap(),
            data,
            ts_fixed: false,
        }
    }

    /// In its own namespace every frame is the program's: all reach the TUI, numbered again
    /// from 1 and in order, and the last batch says the input ended.
    #[test]
    fn every_frame_reaches_the_view_in_order_once_the_capture_ends() {
        let (tap, frames) = std::sync::mpsc::channel();
        for n in 1..=3 {
            tap.send(frame(n, n == 1, if n == 1 { b"" } else { b"hi" }))
                .unwrap();
        }
        drop(tap);
        let (tx, rx) = std::sync::mpsc::channel();
        let mut view = crate::tui::LiveFeed::new(tx);
        feed(Lang::En, &frames, &Arc::default(), true, &mut view).unwrap();
        let batches: Vec<crate::tui::Batch> = rx.try_iter().collect();
        let numbers: Vec<u64> = batches
            .iter()
            .flat_map(|b| b.frames.iter().map(|f| f.frame))
            .collect();
        assert_eq!(numbers, [1, 2, 3]);
    }

    /// On the shared loopback a frame of no socket of the program is not shown.
    #[test]
    fn on_the_shared_loopback_other_programs_frames_are_left_out() {
        let (tap, frames) = std::sync::mpsc::channel();
        tap.send(frame(1, true, b"")).unwrap();
        drop(tap);
        let (tx, rx) = std::sync::mpsc::channel();
        let mut view = crate::tui::LiveFeed::new(tx);
        feed(Lang::En, &frames, &Arc::default(), false, &mut view).unwrap();
        let shown: usize = rx.try_iter().map(|b| b.frames.len()).sum();
        assert_eq!(shown, 0);
    }
}
